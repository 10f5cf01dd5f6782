/**
 * The local run's alert queue (DESIGN §2: "locally the server delivers webhooks itself"): the same
 * delivery rule as the AWS notify function, with in-process timers instead of SQS. Bounded: at most
 * {@link MAX_PENDING} alerts wait; beyond that new ones go straight to the dead letters.
 */
import { type AlertBody, type AnyAlertBody, attemptDelivery, type PendingAlert } from './delivery';

export const MAX_PENDING = 10_000;

/** `Body`: the alerts it carries (the case alerts by default; the local run also rating links). */
export interface DispatcherOptions<Body extends AnyAlertBody = AlertBody> {
  webhookOf(unit: string): Promise<{ url: string; secret: string } | undefined>;
  fetch: typeof fetch;
  now: () => Date;
  /** Runs `task` after `ms` (setTimeout by default; tests pass a fake clock's). */
  schedule?: (task: () => void, ms: number) => { cancel(): void };
  deadLetter(alert: PendingAlert<Body>, problem: string): void | Promise<void>;
  log?: (line: string) => void;
}

export interface Dispatcher<Body extends AnyAlertBody = AlertBody> {
  send(alert: PendingAlert<Body>): void;
  /** Alerts waiting for a retry or in flight. */
  pending(): number;
  stop(): void;
}

export function createDispatcher<Body extends AnyAlertBody = AlertBody>(
  options: DispatcherOptions<Body>,
): Dispatcher<Body> {
  const schedule =
    options.schedule ??
    ((task: () => void, ms: number) => {
      const timer = setTimeout(task, ms);
      timer.unref?.();
      return { cancel: () => clearTimeout(timer) };
    });
  const timers = new Set<{ cancel(): void }>();
  let waiting = 0;
  let stopped = false;

  const attempt = async (alert: PendingAlert<Body>) => {
    let outcome;
    try {
      outcome = await attemptDelivery(alert, await options.webhookOf(alert.unit), options);
    } catch (error) {
      outcome = { kind: 'dead' as const, problem: String(error) };
    }
    if (outcome.kind === 'retry' && !stopped) {
      options.log?.(`webhook ${alert.body.id} → ${outcome.problem}; retry at ${outcome.at.toISOString()}`);
      const timer = schedule(
        () => {
          timers.delete(timer);
          void attempt(alert);
        },
        Math.max(0, outcome.at.getTime() - options.now().getTime()),
      );
      timers.add(timer);
      return;
    }
    // Still pending until its dead letter is written: nothing is counted done before it is kept.
    try {
      if (outcome.kind === 'dead') {
        options.log?.(`webhook ${alert.body.id} → dead letter (${outcome.problem})`);
        await options.deadLetter(alert, outcome.problem);
      } else if (outcome.kind === 'retry') {
        await options.deadLetter(alert, `stopped: ${outcome.problem}`);
      }
    } finally {
      waiting--;
    }
  };

  return {
    send(alert) {
      if (stopped) return;
      if (waiting >= MAX_PENDING) {
        void options.deadLetter(alert, 'queue full');
        return;
      }
      waiting++;
      void attempt(alert);
    },
    pending: () => waiting,
    stop() {
      stopped = true;
      for (const timer of timers) timer.cancel();
      timers.clear();
    },
  };
}
