/**
 * The delivery rule and the local dispatcher at their edges (DESIGN §4.4: a signed JSON body, a 2xx
 * answer is delivered, anything else is retried with backoff for 24 hours, then dead-lettered), with a
 * real HTTP receiver on 127.0.0.1. Expected values are worked by hand beside each assertion.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleAlert } from '../../shared/feedback/alerts';
import type { FeedbackCase } from '../../shared/feedback/cases';
import {
  afterFailure,
  alertOf,
  attemptDelivery,
  backoffMs,
  DELIVERY_TIMEOUT_MS,
  type PendingAlert,
  RETRY_WINDOW_MS,
} from '../../shared/feedback/delivery';
import { createDispatcher, MAX_PENDING } from '../../shared/feedback/dispatcher';
import { startReceiver } from '../support/webhook-receiver';

const secret = 'whsec_edges';
const t0 = new Date('2026-09-01T03:00:00.000Z');

const feedbackCase: FeedbackCase = {
  id: 'AbCdEfGhIjKlMnOp',
  unit: 'cb-d1-c1',
  dossierCode: '000.00.10.H12-260901-0001',
  triggers: ['unsatisfied', 'complaint'],
  status: 'open',
  openedAt: '2026-09-01T02:00:00.000Z',
  openedDay: '2026-09-01',
  dueDay: '2026-09-15',
  reason: 'slow',
  comment: 'Chờ lâu quá',
  answers: [],
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});
async function receiver(statuses: number[] = []) {
  const started = await startReceiver({ secret: () => secret, statuses });
  closers.push(started.close);
  return started;
}

/** Polls `check` until it is true (deliveries go over real sockets). */
async function until(check: () => boolean) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(check()).toBe(true);
}

describe('the alert body', () => {
  it('carries the case, its id stable per alert type, reason and comment (null when absent)', () => {
    expect(alertOf('case.due_soon', feedbackCase, t0)).toEqual({
      unit: 'cb-d1-c1',
      firstAttemptAt: '2026-09-01T03:00:00.000Z',
      attempts: 0,
      body: {
        id: 'case.due_soon:AbCdEfGhIjKlMnOp',
        type: 'case.due_soon',
        createdAt: '2026-09-01T03:00:00.000Z',
        case: {
          id: 'AbCdEfGhIjKlMnOp',
          unit: 'cb-d1-c1',
          dossierCode: '000.00.10.H12-260901-0001',
          triggers: ['unsatisfied', 'complaint'],
          openedAt: '2026-09-01T02:00:00.000Z',
          dueDay: '2026-09-15',
          reason: 'slow',
          comment: 'Chờ lâu quá',
        },
      },
    });
    const bare = alertOf('case.opened', { ...feedbackCase, reason: undefined, comment: undefined }, t0);
    expect(bare.body.case).toMatchObject({ reason: null, comment: null });
  });

  it('makes the sample alert of `webhooks test` a marked test of the unit, due today', () => {
    // 2026-09-01T20:00Z is 03:00 on 2 September in Hanoi (UTC+7).
    const at = new Date('2026-09-01T20:00:00.000Z');
    expect(sampleAlert('cb-d2', at)).toEqual({
      unit: 'cb-d2',
      firstAttemptAt: '2026-09-01T20:00:00.000Z',
      attempts: 0,
      body: {
        id: 'test:TEST000000000000',
        type: 'test',
        createdAt: '2026-09-01T20:00:00.000Z',
        case: {
          id: 'TEST000000000000',
          unit: 'cb-d2',
          dossierCode: '000.00.00.H00-000000-0000',
          triggers: ['requested'],
          openedAt: '2026-09-01T20:00:00.000Z',
          dueDay: '2026-09-02',
          reason: null,
          comment: 'Đây là thông báo thử / this is a test alert',
        },
      },
    });
  });
});

describe('the retry rule at its edges', () => {
  it('waits 30 s before the first retry, also when no attempt was counted, and never more than 1 h', () => {
    // 30 s × 2^max(0, attempt − 1), capped at 3,600 s: attempt 0 and 1 → 30 s; attempt 7 → 30 × 64 = 1,920 s.
    expect(backoffMs(0)).toBe(30_000);
    expect(backoffMs(1)).toBe(30_000);
    expect(backoffMs(7)).toBe(1_920_000);
    // The exponent is capped at 20, so a huge attempt count stays finite and at the 1 h cap.
    expect(backoffMs(1_000_000)).toBe(3_600_000);
  });

  it('retries at now + backoff, and still retries when that is exactly 24 h after the first attempt', () => {
    const alert: PendingAlert = { ...sampleAlert('cb', t0), attempts: 3 };
    // attempts 3 → 30 s × 2² = 120 s after now.
    const now = new Date(t0.getTime() + 3_600_000);
    expect(afterFailure(alert, now, 'HTTP 502')).toEqual({
      kind: 'retry',
      at: new Date(t0.getTime() + 3_600_000 + 120_000),
      problem: 'HTTP 502',
    });
    // The window is "more than 24 h": a retry due at exactly 24 h still goes; one a second later does not.
    const edge = new Date(t0.getTime() + RETRY_WINDOW_MS - 120_000);
    expect(afterFailure(alert, edge, 'HTTP 502').kind).toBe('retry');
    expect(afterFailure(alert, new Date(edge.getTime() + 1000), 'HTTP 502').kind).toBe('dead');
  });
});

describe('one delivery attempt against a real receiver', () => {
  it('POSTs the JSON body with the documented signature and its user agent', async () => {
    const hook = await receiver();
    const alert = alertOf('case.opened', feedbackCase, t0);
    const now = new Date();
    const outcome = await attemptDelivery(alert, { url: hook.url, secret }, { fetch, now: () => now });
    expect(outcome).toEqual({ kind: 'delivered', status: 200 });
    expect(alert.attempts).toBe(1);
    const [delivery] = hook.received;
    expect(JSON.parse(delivery!.body)).toEqual(alert.body);
    expect(delivery!.headers['user-agent']).toBe('hailong-webhook/1');
    expect(delivery!.headers['content-type']).toBe('application/json');
    // The recipe of docs/feedback.md: v1=hex(HMAC-SHA-256(secret, "<unix seconds>.<raw body>")).
    const timestamp = String(Math.floor(now.getTime() / 1000));
    expect(delivery!.headers['x-hailong-timestamp']).toBe(timestamp);
    const mac = createHmac('sha256', secret).update(`${timestamp}.${delivery!.body}`).digest('hex');
    expect(delivery!.headers['x-hailong-signature']).toBe(`v1=${mac}`);
  });

  it('counts 204 (no body) and 299 as delivered, 300 and a redirect as failures to retry', async () => {
    const hook = await receiver([204, 299, 300, 302]);
    const target = { url: hook.url, secret };
    const options = { fetch, now: () => new Date() };
    const alert = sampleAlert('cb', new Date());
    expect(await attemptDelivery(alert, target, options)).toEqual({ kind: 'delivered', status: 204 });
    expect(await attemptDelivery(alert, target, options)).toEqual({ kind: 'delivered', status: 299 });
    expect(await attemptDelivery(alert, target, options)).toMatchObject({
      kind: 'retry',
      problem: 'HTTP 300',
    });
    // redirect: 'manual': a 302 is not followed to wherever it points.
    expect(await attemptDelivery(alert, target, options)).toMatchObject({
      kind: 'retry',
      problem: 'HTTP 302',
    });
    expect(hook.received).toHaveLength(4);
    expect(alert.attempts).toBe(4);
  });

  it('dead-letters at once when the unit has no webhook, counting the attempt', async () => {
    const alert = sampleAlert('cb-d2-c1', t0);
    const outcome = await attemptDelivery(alert, undefined, { fetch, now: () => t0 });
    expect(outcome).toEqual({ kind: 'dead', problem: 'no webhook for unit cb-d2-c1' });
    expect(alert.attempts).toBe(1);
  });

  it('names a network error, and a thrown non-error, as the problem of the retry', async () => {
    const hook = await receiver();
    const url = hook.url;
    await hook.close(); // nothing listens on the port any more
    const alert = sampleAlert('cb', new Date());
    const refused = await attemptDelivery(alert, { url, secret }, { fetch, now: () => new Date() });
    expect(refused).toMatchObject({ kind: 'retry', problem: 'TypeError: fetch failed' });
    const odd = await attemptDelivery(
      alert,
      { url, secret },
      // A fetch that rejects with a bare string (not an Error): the problem is the string itself.
      { fetch: () => Promise.reject('socket hang up'), now: () => new Date() },
    );
    expect(odd).toMatchObject({ kind: 'retry', problem: 'socket hang up' });
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    expect(DELIVERY_TIMEOUT_MS).toBe(10_000);
    const { createServer } = await import('node:http');
    const silent = createServer(() => {}); // never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          silent.closeAllConnections();
          silent.close(() => resolve());
        }),
    );
    const { port } = silent.address() as { port: number };
    const outcome = await attemptDelivery(
      sampleAlert('cb', new Date()),
      { url: `http://127.0.0.1:${port}/`, secret },
      { fetch, now: () => new Date(), timeoutMs: 50 },
    );
    expect(outcome).toMatchObject({ kind: 'retry', problem: expect.stringMatching(/^TimeoutError: /) });
  });
});

describe('the local dispatcher', () => {
  it('retries on its own timers when no schedule is given (a clock past each retry time)', async () => {
    const hook = await receiver([500]);
    // Each reading of the clock is 40 s later than the one before, so the 30 s retry is already due
    // when it is scheduled (the delay is clamped to 0 ms, not negative).
    let reading = 0;
    const start = Date.now();
    const dead: string[] = [];
    const dispatcher = createDispatcher({
      webhookOf: async () => ({ url: hook.url, secret }),
      fetch,
      now: () => new Date(start + 40_000 * reading++),
      deadLetter: (_alert, problem) => void dead.push(problem),
    });
    dispatcher.send(sampleAlert('cb', new Date(start)));
    expect(dispatcher.pending()).toBe(1);
    await until(() => dispatcher.pending() === 0);
    expect(hook.received.map((delivery) => delivery.signatureValid)).toEqual([true, true]);
    expect(dead).toEqual([]);
    dispatcher.stop();
  });

  it('cancels a retry waiting on its own timer when stopped', async () => {
    const hook = await receiver([500]);
    // The clock's readings: signing, the failure (retry due 30 s later), then the scheduling 29.8 s
    // after it, so the real timer waits 200 ms.
    const start = Date.now();
    const readings = [start, start, start + 29_800];
    const lines: string[] = [];
    const dispatcher = createDispatcher({
      webhookOf: async () => ({ url: hook.url, secret }),
      fetch,
      now: () => new Date(readings.shift() ?? start + 29_800),
      deadLetter: () => {},
      log: (line) => void lines.push(line),
    });
    dispatcher.send(sampleAlert('cb', new Date(start)));
    await until(() => lines.length === 1);
    await new Promise((resolve) => setTimeout(resolve, 0));
    dispatcher.stop();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(hook.received).toHaveLength(1);
  });

  it('dead-letters an alert whose webhook lookup fails, with the error', async () => {
    const dead: { id: string; problem: string }[] = [];
    const dispatcher = createDispatcher({
      webhookOf: () => Promise.reject(new Error('table unavailable')),
      fetch,
      now: () => t0,
      schedule: () => ({ cancel() {} }),
      deadLetter: (alert, problem) => void dead.push({ id: alert.body.id, problem }),
    });
    dispatcher.send(sampleAlert('cb', t0));
    await until(() => dead.length === 1);
    expect(dead).toEqual([{ id: 'test:TEST000000000000', problem: 'Error: table unavailable' }]);
    expect(dispatcher.pending()).toBe(0);
  });

  it('keeps an alert pending until its dead letter is written (nothing counted done before it is kept)', async () => {
    let written: () => void = () => {};
    const letters: string[] = [];
    const dispatcher = createDispatcher({
      webhookOf: async () => undefined,
      fetch,
      now: () => t0,
      schedule: () => ({ cancel() {} }),
      deadLetter: (alert) =>
        new Promise<void>((resolve) => {
          letters.push(alert.body.id);
          written = resolve;
        }),
    });
    dispatcher.send(sampleAlert('cb', t0));
    await until(() => letters.length === 1);
    expect(dispatcher.pending()).toBe(1);
    written();
    await until(() => dispatcher.pending() === 0);
  });

  it('logs each retry and each dead letter', async () => {
    const hook = await receiver([503]);
    const lines: string[] = [];
    let timer: (() => void) | undefined;
    const dispatcher = createDispatcher({
      webhookOf: async (unit) => (unit === 'cb' ? { url: hook.url, secret } : undefined),
      fetch,
      now: () => t0,
      schedule: (task) => ((timer = task), { cancel() {} }),
      deadLetter: () => {},
      log: (line) => void lines.push(line),
    });
    dispatcher.send(sampleAlert('cb', t0));
    await until(() => timer !== undefined);
    // attempts 1 → backoff 30 s: retry at 03:00:30.
    expect(lines).toEqual(['webhook test:TEST000000000000 → HTTP 503; retry at 2026-09-01T03:00:30.000Z']);
    dispatcher.send(sampleAlert('nowhere', t0));
    await until(() => lines.length === 2);
    expect(lines[1]).toBe('webhook test:TEST000000000000 → dead letter (no webhook for unit nowhere)');
    timer!();
    await until(() => dispatcher.pending() === 0);
    expect(hook.received).toHaveLength(2);
  });

  it('on stop, cancels the waiting retries, refuses new alerts and dead-letters a retry in flight', async () => {
    const hook = await receiver([500, 500]);
    const cancelled: number[] = [];
    const dead: string[] = [];
    let scheduled = 0;
    let release: (() => void) | undefined;
    const dispatcher = createDispatcher({
      webhookOf: async () => {
        // The second alert's lookup waits until the dispatcher is stopped.
        if (scheduled === 1) await new Promise<void>((resolve) => (release = resolve));
        return { url: hook.url, secret };
      },
      fetch,
      now: () => new Date(),
      schedule: () => {
        const id = scheduled++;
        return { cancel: () => void cancelled.push(id) };
      },
      deadLetter: (_alert, problem) => void dead.push(problem),
    });
    dispatcher.send(sampleAlert('cb', new Date()));
    await until(() => scheduled === 1);
    dispatcher.send(sampleAlert('cb', new Date()));
    await until(() => release !== undefined);
    dispatcher.stop();
    expect(cancelled).toEqual([0]);
    dispatcher.send(sampleAlert('cb', new Date()));
    release!();
    await until(() => dead.length === 1);
    // The in-flight attempt failed (500) after the stop: no new timer, a dead letter saying why.
    expect(dead).toEqual(['stopped: HTTP 500']);
    expect(scheduled).toBe(1);
    expect(hook.received).toHaveLength(2);
    // The first alert still waits (its timer cancelled); the second is done.
    expect(dispatcher.pending()).toBe(1);
  });

  it(`sends alerts beyond ${MAX_PENDING} waiting straight to the dead letters`, async () => {
    const dead: string[] = [];
    const dispatcher = createDispatcher({
      // Lookups never finish: every alert stays waiting.
      webhookOf: () => new Promise(() => {}),
      fetch,
      now: () => t0,
      schedule: () => ({ cancel() {} }),
      deadLetter: (_alert, problem) => void dead.push(problem),
    });
    const alert = sampleAlert('cb', t0);
    for (let i = 0; i < MAX_PENDING; i++) dispatcher.send(alert);
    expect(dispatcher.pending()).toBe(10_000);
    expect(dead).toEqual([]);
    dispatcher.send(alert);
    expect(dispatcher.pending()).toBe(10_000);
    expect(dead).toEqual(['queue full']);
  });
});
