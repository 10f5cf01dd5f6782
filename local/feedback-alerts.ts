/**
 * Feedback alerts of the local run (DESIGN §2, §4.4): what the AWS notify function does, in the
 * server's process. Every `intervalMs` it collects the alerts that are due (new cases, cases due on
 * the next working day) and hands them to an in-process dispatcher that signs, delivers, retries with
 * backoff for 24 hours, then appends the alert to `webhook-dead-letters.jsonl` in the data directory.
 * Timers are unref'd, so they never keep the process alive.
 */
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectCaseAlerts } from '../shared/feedback/alerts';
import type { AnyAlertBody } from '../shared/feedback/delivery';
import { createDispatcher, type Dispatcher } from '../shared/feedback/dispatcher';
import { collectRatingLinkAlerts } from '../shared/feedback/rating-links';
import { holidaysOf } from '../shared/feedback/opening';
import type { AppDeps } from '../shared/http/deps';
import { webhookFetch } from '../shared/feedback/delivery';
import { getWebhook } from '../shared/storage/webhooks';
import { listUnits } from '../shared/storage/units';

export const ALERT_INTERVAL_MS = 30_000;
export const DEAD_LETTER_FILE = 'webhook-dead-letters.jsonl';

export interface LocalAlerts {
  /** One collection run now; answers how many alerts it handed to delivery. */
  runOnce(): Promise<number>;
  dispatcher: Dispatcher<AnyAlertBody>;
  stop(): void;
}

export function startLocalAlerts(
  deps: AppDeps,
  options: {
    dataDir: string;
    intervalMs?: number;
    fetch?: typeof fetch;
    log?: (line: string) => void;
    /** False: no timer (tests call runOnce). */
    timer?: boolean;
  },
): LocalAlerts {
  const log = options.log ?? (() => {});
  const dispatcher = createDispatcher<AnyAlertBody>({
    webhookOf: (unit) => getWebhook(deps.store, unit),
    fetch: options.fetch ?? webhookFetch('local'),
    now: deps.now,
    log,
    deadLetter: (alert, problem) =>
      appendFile(
        join(options.dataDir, DEAD_LETTER_FILE),
        `${JSON.stringify({ ...alert, problem, deadAt: deps.now().toISOString() })}\n`,
        // Only the owner reads it (DESIGN §6: the data directory's files 0600).
        { mode: 0o600 },
      ),
  });
  let running: Promise<number> | undefined;
  const runOnce = () => {
    running ??= (async () => {
      try {
        const units = (await listUnits(deps.store)).map((unit) => unit.id);
        const alerts = [
          ...(await collectCaseAlerts(deps.store, units, deps.now(), await holidaysOf(deps.store))),
          // Rating links of returned dossiers, for the one-stop system to send on (DESIGN §3).
          ...(await collectRatingLinkAlerts(deps.store, units, deps.now())),
        ];
        for (const alert of alerts) dispatcher.send(alert);
        return alerts.length;
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer =
    options.timer === false
      ? undefined
      : setInterval(() => {
          runOnce().catch((error: unknown) => log(`feedback alerts: ${String(error)}`));
        }, options.intervalMs ?? ALERT_INTERVAL_MS);
  timer?.unref();
  return {
    runOnce,
    dispatcher,
    stop() {
      if (timer) clearInterval(timer);
      dispatcher.stop();
    },
  };
}
