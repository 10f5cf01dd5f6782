import { afterEach, describe, expect, it } from 'vitest';
import { sampleAlert } from '../../shared/feedback/alerts';
import { RETRY_WINDOW_MS, type PendingAlert } from '../../shared/feedback/delivery';
import { createDispatcher } from '../../shared/feedback/dispatcher';
import { startReceiver } from '../support/webhook-receiver';

/** A clock the test moves by hand, and the timers scheduled on it. */
function fakeClock(start: Date) {
  let now = start.getTime();
  const timers: { at: number; task: () => void; cancelled: boolean }[] = [];
  return {
    now: () => new Date(now),
    schedule(task: () => void, ms: number) {
      const timer = { at: now + ms, task, cancelled: false };
      timers.push(timer);
      return { cancel: () => void (timer.cancelled = true) };
    },
    /** Moves to the next timer and runs it; false when none is left. */
    next(): boolean {
      const live = timers.filter((timer) => !timer.cancelled).sort((a, b) => a.at - b.at);
      const timer = live[0];
      if (!timer) return false;
      timers.splice(timers.indexOf(timer), 1);
      now = timer.at;
      timer.task();
      return true;
    },
  };
}

/** Polls `check` until it is true (a delivery goes over real sockets); each call may act once. */
async function until(check: () => boolean) {
  let done = false;
  for (let i = 0; i < 500 && !done; i++) {
    done = check();
    if (!done) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(done).toBe(true);
}

describe('webhook delivery to a real HTTP receiver on 127.0.0.1', () => {
  const secret = 'whsec_receiver-secret';
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });

  it('delivers a JSON body whose signature the receiver verifies', async () => {
    const clock = fakeClock(new Date());
    const receiver = await startReceiver({ secret: () => secret, now: clock.now });
    closers.push(receiver.close);
    const dead: PendingAlert[] = [];
    const dispatcher = createDispatcher({
      webhookOf: async () => ({ url: receiver.url, secret }),
      fetch,
      now: clock.now,
      schedule: clock.schedule,
      deadLetter: (alert) => void dead.push(alert),
    });
    dispatcher.send(sampleAlert('cb-d1', clock.now()));
    await until(() => dispatcher.pending() === 0);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]!.signatureValid).toBe(true);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ type: 'test', case: { unit: 'cb-d1' } });
    expect(dead).toEqual([]);
  });

  it('retries after a 500 with backoff, then delivers once', async () => {
    const clock = fakeClock(new Date());
    const receiver = await startReceiver({ secret: () => secret, statuses: [500, 503], now: clock.now });
    closers.push(receiver.close);
    const dispatcher = createDispatcher({
      webhookOf: async () => ({ url: receiver.url, secret }),
      fetch,
      now: clock.now,
      schedule: clock.schedule,
      deadLetter: () => {
        throw new Error('not expected');
      },
    });
    const start = clock.now().getTime();
    dispatcher.send(sampleAlert('cb', clock.now()));
    await until(() => receiver.received.length === 1);
    await until(() => clock.next());
    await until(() => receiver.received.length === 2);
    await until(() => clock.next());
    await until(() => dispatcher.pending() === 0);
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.every((delivery) => delivery.signatureValid)).toBe(true);
    // 30 s, then 60 s later: exponential.
    expect(clock.now().getTime() - start).toBe(90_000);
  });

  it('gives up after 24 hours of failures and hands the alert to the dead letters', async () => {
    const clock = fakeClock(new Date());
    const receiver = await startReceiver({
      secret: () => secret,
      statuses: Array(100).fill(500),
      now: clock.now,
    });
    closers.push(receiver.close);
    const dead: { alert: PendingAlert; problem: string }[] = [];
    const dispatcher = createDispatcher({
      webhookOf: async () => ({ url: receiver.url, secret }),
      fetch,
      now: clock.now,
      schedule: clock.schedule,
      deadLetter: (alert, problem) => void dead.push({ alert, problem }),
    });
    const start = clock.now().getTime();
    dispatcher.send(sampleAlert('cb', clock.now()));
    for (let attempt = 1; dead.length === 0 && attempt < 100; attempt++) {
      await until(() => receiver.received.length === attempt);
      await until(() => dead.length > 0 || clock.next());
    }
    expect(dead).toHaveLength(1);
    expect(dead[0]!.problem).toBe('HTTP 500');
    expect(clock.now().getTime() - start).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect(clock.now().getTime() - start).toBeGreaterThan(RETRY_WINDOW_MS - 3_600_000);
    expect(dead[0]!.alert.attempts).toBe(receiver.received.length);
    expect(dispatcher.pending()).toBe(0);
  });
});
