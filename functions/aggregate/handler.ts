/**
 * The nightly aggregation job (DESIGN §2, §5): invoked by EventBridge Scheduler at 01:00
 * Asia/Ho_Chi_Minh with no date, it aggregates the previous local day; `{ "date": "YYYY-MM-DD" }` or
 * `{ "from": …, "to": … }` reruns or backfills (at most 366 days per invocation). It throws on any
 * failure, so the scheduler's retries and dead-letter queue apply; a rerun repairs a failed day.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod/mini';
import type { DayRun } from '../../shared/aggregation/engine';
import type { AggregationFamily } from '../../shared/aggregation/family-contract';
import { aggregateDays, previousLocalDay } from '../../shared/aggregation/run';
import { ValidationError } from '../../shared/errors';
import { checkRange, localDaySchema } from '../../shared/date-range';
import type { Store } from '../../shared/storage/client';
import { eachDay, type LocalDay } from '../../shared/time';
import { parseInput } from '../../shared/validation';

/** The most days one invocation may aggregate (a Lambda runs at most 15 minutes). */
export const MAX_DAYS_PER_INVOCATION = 366;

/** Scheduler payloads may carry other fields; only these are read. */
export const aggregateEventSchema = z.object({
  date: z.optional(localDaySchema),
  from: z.optional(localDaySchema),
  to: z.optional(localDaySchema),
});
export type AggregateEvent = z.infer<typeof aggregateEventSchema>;

/** The days an event asks for: `date`, `from`..`to`, or the previous local day. */
export function daysOfEvent(event: unknown, now: Date): LocalDay[] {
  const input = parseInput(aggregateEventSchema, event ?? {});
  if (input.date) return [input.date];
  if (input.from || input.to) {
    if (!input.from || !input.to) {
      const field = input.from ? 'to' : 'from';
      throw new ValidationError([
        { field, vi: 'bắt buộc khi có "from"/"to"', en: 'required with "from"/"to"' },
      ]);
    }
    checkRange(input.from, input.to, MAX_DAYS_PER_INVOCATION);
    return eachDay(input.from, input.to);
  }
  return [previousLocalDay(now)];
}

export interface AggregateJobDeps {
  store: Store;
  now: () => Date;
  logger?: Logger;
  metrics?: Metrics;
  families?: AggregationFamily[];
}

export interface AggregateJobResult {
  days: DayRun[];
  itemsRead: number;
  durationMs: number;
}

/** The middy handler: plain job, Powertools logging and metrics around it. */
export function createAggregateHandler(deps: AggregateJobDeps) {
  const logger = deps.logger ?? new Logger({ serviceName: 'hailong' });
  const metrics = deps.metrics ?? new Metrics({ namespace: 'hailong', serviceName: 'hailong' });
  const job = async (event: unknown): Promise<AggregateJobResult> => {
    const started = performance.now();
    const days = daysOfEvent(event, deps.now());
    logger.info('aggregation started', { from: days[0], to: days.at(-1), days: days.length });
    try {
      const runs = await aggregateDays(deps.store, days, {
        now: deps.now,
        ...(deps.families ? { families: deps.families } : {}),
        onDay: (run) => logger.info('day aggregated', { ...run }),
      });
      const itemsRead = runs.reduce((sum, run) => sum + run.itemsRead, 0);
      const durationMs = Math.round(performance.now() - started);
      metrics.addMetric('AggregationSucceeded', MetricUnit.Count, 1);
      metrics.addMetric('DaysAggregated', MetricUnit.Count, runs.length);
      metrics.addMetric('ItemsRead', MetricUnit.Count, itemsRead);
      metrics.addMetric('DurationMs', MetricUnit.Milliseconds, durationMs);
      logger.info('aggregation finished', { days: runs.length, itemsRead, durationMs });
      return { days: runs, itemsRead, durationMs };
    } catch (error) {
      metrics.addMetric('AggregationFailed', MetricUnit.Count, 1);
      logger.error('aggregation failed', error as Error);
      throw error;
    }
  };
  return middy(job).use(injectLambdaContext(logger)).use(logMetrics(metrics));
}
