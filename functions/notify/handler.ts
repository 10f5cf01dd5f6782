/**
 * The notify function (DESIGN §2, §4.4). Three kinds of invocation:
 * - EventBridge Scheduler `{ "source": "alerts" }` (every few minutes): collects the alerts that are
 *   due — new cases, cases due on the next working day — from the cases index (an outbox, each alert
 *   marked on its case first) and queues them;
 * - SQS records of that queue: delivers each alert to its unit's webhook, signed; a failure is queued
 *   again with exponential backoff (SQS delays a message at most 15 minutes, so a longer wait is a
 *   chain of delays up to `notBefore`); past 24 hours the alert goes to the dead-letter queue, which
 *   is alarmed. A record whose handling fails outright is reported back to SQS (partial batch
 *   response) and lands in the same dead-letter queue after the queue's redrive count;
 * - Scheduler `{ "source": "digest" }` (each morning): one e-mail digest of the province's open and
 *   overdue cases per unit, published to the province's SNS topic.
 * Business rules live in shared/feedback/; this file wires them to AWS, passed in as functions.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { collectCaseAlerts } from '../../shared/feedback/alerts';
import { caseStatusOn } from '../../shared/feedback/cases';
import { type AnyAlertBody, attemptDelivery, type PendingAlert } from '../../shared/feedback/delivery';
import { collectRatingLinkAlerts } from '../../shared/feedback/rating-links';
import type { Store } from '../../shared/storage/client';
import { queryCases } from '../../shared/storage/feedback-cases';
import { getHolidays } from '../../shared/storage/holidays';
import { listUnits } from '../../shared/storage/units';
import { getWebhook } from '../../shared/storage/webhooks';
import { addDays, type LocalDay, localDay } from '../../shared/time';

/** SQS's longest per-message delay. */
export const MAX_SQS_DELAY_SECONDS = 900;

/** An alert on the queue: the pending alert and, for a retry, when it may be attempted. */
export interface QueuedAlert extends PendingAlert<AnyAlertBody> {
  notBefore?: string | undefined;
}

export interface NotifyDeps {
  store: Store;
  now: () => Date;
  fetch: typeof fetch;
  /** Sends alerts to the alert queue with a delay in seconds (0–900). */
  enqueue(alerts: QueuedAlert[], delaySeconds: number): Promise<void>;
  /** Sends an alert to the dead-letter queue with the reason. */
  deadLetter(alert: QueuedAlert, problem: string): Promise<void>;
  /** Publishes the digest e-mail (subject ≤ 100 characters). */
  publishDigest(subject: string, message: string): Promise<void>;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
}

function isSqsEvent(event: unknown): event is SQSEvent {
  return (
    typeof event === 'object' &&
    event !== null &&
    Array.isArray((event as SQSEvent).Records) &&
    (event as SQSEvent).Records.every((record) => record.eventSource === 'aws:sqs')
  );
}

/** Handles one queued alert: wait, deliver, retry later, or dead-letter. */
export async function handleQueuedAlert(deps: NotifyDeps, alert: QueuedAlert): Promise<string> {
  const now = deps.now();
  if (alert.notBefore && Date.parse(alert.notBefore) > now.getTime()) {
    const wait = Math.ceil((Date.parse(alert.notBefore) - now.getTime()) / 1000);
    await deps.enqueue([alert], Math.min(wait, MAX_SQS_DELAY_SECONDS));
    return 'waiting';
  }
  const { notBefore: _, ...pending } = alert;
  const outcome = await attemptDelivery(pending, await getWebhook(deps.store, alert.unit), deps);
  if (outcome.kind === 'retry') {
    const wait = Math.ceil((outcome.at.getTime() - now.getTime()) / 1000);
    await deps.enqueue(
      [{ ...pending, notBefore: outcome.at.toISOString() }],
      Math.min(wait, MAX_SQS_DELAY_SECONDS),
    );
    deps.logger.warn('webhook delivery failed; retry queued', {
      alert: alert.body.id,
      problem: outcome.problem,
    });
  } else if (outcome.kind === 'dead') {
    await deps.deadLetter(pending, outcome.problem);
    deps.logger.error('webhook alert dead-lettered', { alert: alert.body.id, problem: outcome.problem });
  }
  return outcome.kind;
}

/** The morning digest: per unit, its open and overdue cases (only units that have any). */
export async function digestText(
  store: Store,
  now: Date,
): Promise<{ subject: string; message: string } | undefined> {
  const today: LocalDay = localDay(now);
  const lines: string[] = [];
  let open = 0;
  let overdue = 0;
  for (const unit of await listUnits(store)) {
    const counts = { open: 0, overdue: 0 };
    let startKey;
    do {
      const page = await queryCases(
        store,
        unit.id,
        { dueFrom: addDays(today, -366), dueTo: addDays(today, 120) },
        { limit: 500, startKey },
      );
      for (const feedbackCase of page.cases) {
        const status = caseStatusOn(feedbackCase, today);
        if (status === 'open' || status === 'overdue') counts[status]++;
      }
      startKey = page.lastKey;
    } while (startKey);
    if (counts.open + counts.overdue === 0) continue;
    open += counts.open;
    overdue += counts.overdue;
    lines.push(
      `${unit.name} (${unit.id}): ${counts.open} đang mở / open, ${counts.overdue} quá hạn / overdue`,
    );
  }
  if (lines.length === 0) return undefined;
  return {
    subject:
      `Phản ánh ${today}: ${open} đang mở, ${overdue} quá hạn / feedback: ${open} open, ${overdue} overdue`.slice(
        0,
        100,
      ),
    message: [
      `Phản ánh, kiến nghị chưa trả lời ngày ${today} / unanswered feedback cases on ${today}:`,
      '',
      ...lines,
    ].join('\n'),
  };
}

export async function notify(
  deps: NotifyDeps,
  event: unknown,
): Promise<SQSBatchResponse | { alerts: number } | { digest: boolean }> {
  if (isSqsEvent(event)) {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await handleQueuedAlert(deps, JSON.parse(record.body) as QueuedAlert);
      } catch (error) {
        deps.logger.error('alert record failed', { messageId: record.messageId, error: String(error) });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  }
  const source = (event as { source?: unknown } | undefined)?.source;
  if (source === 'digest') {
    const digest = await digestText(deps.store, deps.now());
    if (digest) await deps.publishDigest(digest.subject, digest.message);
    return { digest: digest !== undefined };
  }
  // `alerts` (or no source: a manual run) collects what is due.
  const units = (await listUnits(deps.store)).map((unit) => unit.id);
  const alerts: QueuedAlert[] = await collectCaseAlerts(
    deps.store,
    units,
    deps.now(),
    new Set(await getHolidays(deps.store)),
  );
  // Rating links of returned dossiers, for the one-stop system to send on (DESIGN §3).
  alerts.push(...(await collectRatingLinkAlerts(deps.store, units, deps.now())));
  for (let start = 0; start < alerts.length; start += 10)
    await deps.enqueue(alerts.slice(start, start + 10), 0);
  deps.logger.info('feedback alerts queued', { alerts: alerts.length });
  return { alerts: alerts.length };
}

export function createNotifyHandler(deps: NotifyDeps & { logger: Logger }) {
  // Throws on failure (a scheduled run is retried by the scheduler; SQS records report failures).
  return middy((event: unknown) => notify(deps, event)).use(injectLambdaContext(deps.logger));
}
