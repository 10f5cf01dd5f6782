import { describe, expect, it } from 'vitest';
import { getHolidays } from '../../shared/storage/holidays';
import { getWebhook } from '../../shared/storage/webhooks';
import { importUnits } from '../../shared/storage/units';
import { sampleUnits } from '../support/stack';
import { useAdminCli } from '../support/admin';
import { startReceiver } from '../support/webhook-receiver';

describe('admin CLI: holidays and webhooks', () => {
  const cli = useAdminCli('hailong-feedback-admin-', (stack) =>
    importUnits(stack.deps.store, sampleUnits).then(() => undefined),
  );
  const { admin, file, out, err } = cli;

  it('imports holidays from text or JSON, replacing the list', async () => {
    const text = await file(
      'holidays.csv',
      'day,name\n2026-09-02,Quốc khánh\n# bridging day\n2026-09-01,Nghỉ bù\n',
    );
    expect(await admin('holidays', 'import', text)).toBe(0);
    expect(await getHolidays(cli.stack.deps.store)).toEqual(['2026-09-01', '2026-09-02']);
    const json = await file('holidays.json', '["2027-02-05", {"day": "2027-02-06", "name": "Tết"}]');
    expect(await admin('holidays', 'import', json)).toBe(0);
    expect(await getHolidays(cli.stack.deps.store)).toEqual(['2027-02-05', '2027-02-06']);
  });

  it('refuses a holiday file with one bad day and stores nothing', async () => {
    const bad = await file('bad.txt', '2027-04-30\n2027-02-30\n');
    expect(await admin('holidays', 'import', bad)).toBe(1);
    expect(err.join('\n')).toContain('line 2');
    expect(await getHolidays(cli.stack.deps.store)).toEqual(['2027-02-05', '2027-02-06']);
  });

  it('sets a webhook with a secret shown once, and `webhooks test` sends a sample the receiver verifies', async () => {
    let secret = '';
    const receiver = await startReceiver({ secret: () => secret });
    try {
      expect(await admin('webhooks', 'set', 'cb-d1', receiver.url)).toBe(0);
      secret = out.find((line) => line.trim().startsWith('whsec_'))!.trim();
      expect((await getWebhook(cli.stack.deps.store, 'cb-d1'))?.secret).toBe(secret);
      expect(await admin('webhooks', 'test', 'cb-d1')).toBe(0);
      expect(receiver.received).toHaveLength(1);
      expect(receiver.received[0]!.signatureValid).toBe(true);
      expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'test', case: { unit: 'cb-d1' } });
      receiver.answerWith(500);
      expect(await admin('webhooks', 'test', 'cb-d1')).toBe(1);
      expect(err.join('\n')).toContain('HTTP 500');
    } finally {
      await receiver.close();
    }
  });

  it('refuses a plain-http webhook to another host, and an unknown unit', async () => {
    expect(await admin('webhooks', 'set', 'cb-d2', 'http://example.org/hook')).toBe(1);
    expect(err.join('\n')).toContain('URL');
    expect(await admin('webhooks', 'set', 'nowhere', 'https://example.org/hook')).toBe(1);
    expect(await getWebhook(cli.stack.deps.store, 'cb-d2')).toBeUndefined();
  });
});
