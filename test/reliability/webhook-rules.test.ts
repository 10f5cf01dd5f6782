/**
 * Webhook addresses (issue 21 item 4, DESIGN §6): https only (http to loopback only in the local run),
 * no credentials in the URL, never an internal address when deployed — checked when set (admin CLI,
 * storage module) and again on the address the name resolves to at each delivery (DNS rebinding),
 * with a real HTTP receiver on 127.0.0.1 for the local run. And `webhooks list` lists what is set.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import type { CliContext } from '../../local/cli/command';
import { sampleAlert } from '../../shared/feedback/alerts';
import { attemptDelivery, webhookFetch } from '../../shared/feedback/delivery';
import { ValidationError } from '../../shared/errors';
import { getWebhook, setWebhook, webhookUrlProblem } from '../../shared/storage/webhooks';
import { importUnits } from '../../shared/storage/units';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';
import { startReceiver } from '../support/webhook-receiver';

const NOW = new Date('2025-06-10T05:00:00Z');

describe('webhook URL rules', () => {
  const refusedDeployed = [
    'https://user:pass@hooks.example.gov.vn/alerts',
    'https://token@hooks.example.gov.vn/alerts',
    'https://169.254.169.254/latest/meta-data/',
    'https://169.254.170.2/v2/credentials',
    'http://127.0.0.1:9001/2018-06-01/runtime/invocation/next',
    'https://127.0.0.1:9001/',
    'https://2130706433/',
    'https://10.0.0.5/hook',
    'https://172.16.3.4/hook',
    'https://192.168.1.10/hook',
    'https://100.64.0.1/hook',
    'https://0.0.0.0/hook',
    'https://[::1]/hook',
    'https://[fd00:ec2::254]/latest',
    'https://[fe80::1]/hook',
    'https://[::ffff:169.254.169.254]/latest',
    'https://[::ffff:a9fe:a9fe]/latest',
    'https://localhost/hook',
    'https://api.localhost/hook',
    'http://hooks.example.gov.vn/alerts',
    'http://localhost:8080/hook',
    'ftp://hooks.example.gov.vn/',
    'not a url',
  ];
  it.each(refusedDeployed)('refuses %s in a deployed province', (url) => {
    expect(webhookUrlProblem(url, 'aws')).toBeDefined();
  });

  it.each([
    'https://hooks.example.gov.vn/alerts',
    'https://93.184.216.34/hook',
    'https://[2606:4700::1111]/x',
  ])('accepts %s in a deployed province', (url) => {
    expect(webhookUrlProblem(url, 'aws')).toBeUndefined();
  });

  it('accepts http to the loopback interface in the local run only, never with credentials or to another host', () => {
    expect(webhookUrlProblem('http://127.0.0.1:4000/hook', 'local')).toBeUndefined();
    expect(webhookUrlProblem('http://localhost:4000/hook', 'local')).toBeUndefined();
    expect(webhookUrlProblem('http://u:p@127.0.0.1:4000/hook', 'local')).toBeDefined();
    expect(webhookUrlProblem('http://example.org/hook', 'local')).toBeDefined();
  });

  it('names the rule in both languages, the Vietnamese half whole', () => {
    const scheme = webhookUrlProblem('http://example.org/hook', 'aws')!;
    expect(scheme.vi).toContain('https://');
    expect(scheme.vi).toContain('http://');
    expect(scheme.vi).toContain('chỉ khi chạy cục bộ');
    expect(scheme.en).toContain('only in the local run');
    const metadata = webhookUrlProblem('https://169.254.169.254/', 'aws')!;
    expect(metadata.vi).toContain('169.254.169.254');
    expect(metadata.vi).toContain('metadata');
    expect(webhookUrlProblem('https://a:b@example.org/', 'aws')!.vi).toContain('mật khẩu');
  });
});

describe('webhooks in the table, through the admin CLI and at delivery', () => {
  let stack: TestStack;
  const out: string[] = [];
  const err: string[] = [];
  const admin = (aws: boolean, ...argv: string[]) =>
    runAdmin(aws ? ['--aws', ...argv] : argv, {
      open: async (): Promise<CliContext> => ({
        deps: stack.deps,
        dataDir: '/nonexistent',
        print: (l) => out.push(l),
      }),
      openAws: async (): Promise<CliContext> => ({
        deps: stack.deps,
        dataDir: '/nonexistent',
        print: (l) => out.push(l),
        target: { kind: 'aws', tableName: 'hailong-prod-Table', region: 'ap-southeast-1' },
      }),
      print: (l) => out.push(l),
      printError: (l) => err.push(l),
    });

  beforeAll(async () => {
    stack = await startTestStack({ now: () => NOW });
    await importUnits(stack.deps.store, sampleUnits);
  });
  afterAll(() => stack?.close());

  it('refuses an internal or credentialled URL with --aws, naming the rule, and stores nothing', async () => {
    for (const url of [
      'https://169.254.169.254/latest',
      'http://127.0.0.1:9001/runtime',
      'https://10.1.2.3/hook',
      'https://user:pass@hooks.example.gov.vn/a',
    ]) {
      err.length = 0;
      expect(await admin(true, 'webhooks', 'set', 'cb-d1', url), url).toBe(1);
      expect(err.join('\n'), url).toMatch(/URL/);
      expect(await getWebhook(stack.deps.store, 'cb-d1')).toBeUndefined();
    }
    expect(await admin(true, 'webhooks', 'set', 'cb-d1', 'https://hooks.example.gov.vn/hailong')).toBe(0);
    expect((await getWebhook(stack.deps.store, 'cb-d1'))?.url).toBe('https://hooks.example.gov.vn/hailong');
  });

  it('refuses the same rules where the webhook is written, whoever calls', async () => {
    await expect(
      setWebhook(stack.deps.store, 'cb-d2', 'https://169.254.169.254/', NOW, 'aws'),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      setWebhook(stack.deps.store, 'cb-d2', 'https://a:b@example.org/', NOW),
    ).rejects.toBeInstanceOf(ValidationError);
    expect(await getWebhook(stack.deps.store, 'cb-d2')).toBeUndefined();
  });

  it('lists the webhooks that are set, with their URLs', async () => {
    expect(await admin(false, 'webhooks', 'set', 'cb-d2', 'http://127.0.0.1:4555/hook')).toBe(0);
    out.length = 0;
    expect(await admin(false, 'webhooks', 'list')).toBe(0);
    const text = out.join('\n');
    expect(text).not.toContain('no webhooks yet');
    expect(text).toContain('cb-d1  https://hooks.example.gov.vn/hailong');
    expect(text).toContain('cb-d2  http://127.0.0.1:4555/hook');
  });

  it('delivers to a real receiver on 127.0.0.1 in the local run, signed', async () => {
    let secret = '';
    const receiver = await startReceiver({ secret: () => secret, now: () => NOW });
    try {
      const webhook = await setWebhook(stack.deps.store, 'cb-d1-c1', receiver.url, NOW);
      secret = webhook.secret;
      const outcome = await attemptDelivery(sampleAlert('cb-d1-c1', NOW), webhook, {
        fetch: webhookFetch('local'),
        now: () => NOW,
      });
      expect(outcome).toEqual({ kind: 'delivered', status: 200 });
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.signatureValid).toBe(true);
      expect(JSON.parse(receiver.received[0]!.body).type).toBe('test');
    } finally {
      await receiver.close();
    }
  });

  it('refuses, at each delivery, a name that now resolves to an internal address (DNS rebinding)', async () => {
    let secret = '';
    const receiver = await startReceiver({ secret: () => secret });
    try {
      // Set while the name was public; at delivery it points to the receiver's loopback address.
      const webhook = await setWebhook(
        stack.deps.store,
        'cb-d2-c1',
        'https://hooks.rebind.example/x',
        NOW,
        'aws',
      );
      secret = webhook.secret;
      const answers = ['127.0.0.1', '169.254.169.254', '10.0.0.7', 'fd00:ec2::254'];
      const asked: string[] = [];
      const resolve = async (hostname: string) => {
        asked.push(hostname);
        const address = answers[asked.length - 1]!;
        return [{ address, family: address.includes(':') ? 6 : 4 }];
      };
      for (const address of answers) {
        const outcome = await attemptDelivery(sampleAlert('cb-d2-c1', NOW), webhook, {
          fetch: webhookFetch('aws', resolve),
          now: () => NOW,
        });
        expect(outcome.kind, address).toBe('retry');
        expect(outcome.kind === 'retry' && outcome.problem, address).toContain(address);
      }
      expect(asked).toEqual(Array(answers.length).fill('hooks.rebind.example'));
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('refuses a deployed delivery to a URL that breaks the rules, without resolving it', async () => {
    const asked: string[] = [];
    const outcome = await attemptDelivery(
      sampleAlert('cb-d1', NOW),
      { url: 'http://127.0.0.1:9001/runtime', secret: 'whsec_x' },
      {
        fetch: webhookFetch('aws', async (name) => {
          asked.push(name);
          return [];
        }),
        now: () => NOW,
      },
    );
    expect(outcome.kind).toBe('retry');
    expect(asked).toEqual([]);
  });
});
