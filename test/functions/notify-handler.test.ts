import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NotifyDeps, notify, type QueuedAlert } from '../../functions/notify/handler';
import { caseOpening, openCase } from '../../shared/storage/feedback-cases';
import { importUnits } from '../../shared/storage/units';
import { setWebhook } from '../../shared/storage/webhooks';
import { completeDossier, registerDossier } from '../../shared/storage/dossiers';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';
import { startReceiver } from '../support/webhook-receiver';

const sqsEvent = (...alerts: unknown[]): SQSEvent => ({
  Records: alerts.map((alert, index) => ({
    messageId: `m${index}`,
    body: typeof alert === 'string' ? alert : JSON.stringify(alert),
    eventSource: 'aws:sqs',
  })) as SQSEvent['Records'],
});

describe('notify function: queue alerts, deliver with backoff over SQS, dead-letter, digest', () => {
  let stack: TestStack;
  let clock = new Date('2026-09-01T03:00:00Z');
  let secret = '';
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const queued: { alerts: QueuedAlert[]; delaySeconds: number }[] = [];
  const dead: { alert: QueuedAlert; problem: string }[] = [];
  const digests: { subject: string; message: string }[] = [];
  let deps: NotifyDeps;

  beforeAll(async () => {
    stack = await startTestStack({ now: () => clock });
    receiver = await startReceiver({ secret: () => secret, now: () => clock });
    await importUnits(stack.deps.store, sampleUnits);
    secret = (await setWebhook(stack.deps.store, 'cb-d1-c1', receiver.url, clock)).secret;
    deps = {
      store: stack.deps.store,
      now: () => clock,
      fetch,
      enqueue: async (alerts, delaySeconds) => void queued.push({ alerts, delaySeconds }),
      deadLetter: async (alert, problem) => void dead.push({ alert, problem }),
      publishDigest: async (subject, message) => void digests.push({ subject, message }),
      logger: { info: () => {}, warn: () => {}, error: () => {} },
    };
    const dossier = completeDossier(
      {
        code: 'CODE-1',
        unit: 'cb-d1-c1',
        procedure: '1.001193',
        applicantType: 'citizen',
        channel: 'counter',
        receivedAt: '2026-08-25T03:00:00.000Z',
        dueAt: '2026-09-02T03:00:00.000Z',
        returnedAt: '2026-09-01T02:00:00.000Z',
        supplementRequests: 0,
        complaint: true,
      },
      clock,
      30,
    );
    await registerDossier(stack.deps.store, dossier);
    await openCase(
      stack.deps.store,
      dossier.rid,
      caseOpening({
        rid: dossier.rid,
        unit: dossier.unit,
        complaint: true,
        now: clock,
        holidays: new Set(),
        workingDays: 10,
      })!,
      { history: true },
    );
  });
  afterAll(async () => {
    await receiver.close();
    await stack.close();
  });

  it('queues the alert of a new case once', async () => {
    expect(await notify(deps, { source: 'alerts' })).toEqual({ alerts: 1 });
    expect(queued[0]).toMatchObject({
      delaySeconds: 0,
      alerts: [{ unit: 'cb-d1-c1', body: { type: 'case.opened' } }],
    });
    expect(await notify(deps, { source: 'alerts' })).toEqual({ alerts: 0 });
  });

  it('re-queues a failed delivery with backoff, waits for notBefore, then delivers signed', async () => {
    const alert = queued[0]!.alerts[0]!;
    queued.length = 0;
    receiver.answerWith(500);
    expect(await notify(deps, sqsEvent(alert))).toEqual({ batchItemFailures: [] });
    expect(queued).toHaveLength(1);
    expect(queued[0]!.delaySeconds).toBe(30);
    const retry = queued[0]!.alerts[0]!;
    expect(retry.attempts).toBe(1);
    expect(retry.notBefore).toBe(new Date(clock.getTime() + 30_000).toISOString());

    // Delivered by SQS early: it waits again, nothing is sent.
    queued.length = 0;
    await notify(deps, sqsEvent(retry));
    expect(queued[0]!.delaySeconds).toBe(30);
    expect(receiver.received).toHaveLength(1);

    clock = new Date(clock.getTime() + 30_000);
    queued.length = 0;
    await notify(deps, sqsEvent(retry));
    expect(queued).toEqual([]);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.signatureValid).toBe(true);
  });

  it('dead-letters an alert still failing 24 hours after its first attempt', async () => {
    const pending: QueuedAlert = {
      unit: 'cb-d1-c1',
      body: JSON.parse(receiver.received[0]!.body) as QueuedAlert['body'],
      firstAttemptAt: new Date(clock.getTime() - 24 * 3_600_000 + 60_000).toISOString(),
      attempts: 29,
    };
    receiver.answerWith(502);
    queued.length = 0;
    await notify(deps, sqsEvent(pending));
    expect(queued).toEqual([]);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ problem: 'HTTP 502', alert: { attempts: 30 } });
  });

  it('reports a record it cannot read back to SQS (partial batch failure)', async () => {
    expect(await notify(deps, sqsEvent('not json'))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'm0' }],
    });
  });

  it('publishes a digest of open and overdue cases per unit', async () => {
    expect(await notify(deps, { source: 'digest' })).toEqual({ digest: true });
    expect(digests[0]!.subject).toContain('1 đang mở, 0 quá hạn');
    expect(digests[0]!.message).toContain('Xã Một Một (cb-d1-c1): 1 đang mở / open, 0 quá hạn / overdue');
    clock = new Date('2026-09-20T03:00:00Z');
    await notify(deps, { source: 'digest' });
    expect(digests[1]!.subject).toContain('0 đang mở, 1 quá hạn');
  });
});
