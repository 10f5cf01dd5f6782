/**
 * The nightly aggregation of the local run: what EventBridge Scheduler does in AWS. At start it
 * aggregates the days not yet done (no `AGGRUN#<day>` record, a failed one, or one that ran before the
 * day was over), back `lookbackDays`; then every day at 01:00 Asia/Ho_Chi_Minh it does the same, which
 * covers the previous day. Timers are unref'd, so they never keep the process alive.
 */
import { aggregationFamiliesFor } from '../shared/aggregation/nightly-families';
import { aggregateDays } from '../shared/aggregation/run';
import type { AppDeps } from '../shared/http/deps';
import type { Store } from '../shared/storage/client';
import { getRunStatuses } from '../shared/storage/aggregates';
import { addDays, type LocalDay, localDay, startOfLocalDay } from '../shared/time';

/** Local hour of the nightly run (DESIGN §2: 01:00 Asia/Ho_Chi_Minh). */
export const NIGHTLY_HOUR = 1;

/** Milliseconds from `now` to the next 01:00 local time. */
export function msUntilNextRun(now: Date): number {
  const today = startOfLocalDay(localDay(now)).getTime() + NIGHTLY_HOUR * 3_600_000;
  const next = today > now.getTime() ? today : today + 86_400_000;
  return next - now.getTime();
}

/** The days before today, back `lookbackDays`, whose aggregation is missing, failed or ran too early. */
export async function pendingDays(store: Store, now: Date, lookbackDays: number): Promise<LocalDay[]> {
  const today = localDay(now);
  const days = Array.from({ length: lookbackDays }, (_, i) => addDays(today, i - lookbackDays));
  const records = await getRunStatuses(store, days);
  const done = new Set(
    records
      .filter(
        (record) =>
          record.status === 'done' &&
          record.finishedAt !== undefined &&
          record.finishedAt >= startOfLocalDay(addDays(record.day, 1)).toISOString(),
      )
      .map((record) => record.day),
  );
  return days.filter((day) => !done.has(day));
}

export interface NightlyAggregation {
  stop(): void;
  /** Settles when the catch-up run at start is over. */
  ready: Promise<void>;
}

export function startNightlyAggregation(
  deps: AppDeps,
  { log, lookbackDays = 120 }: { log: (line: string) => void; lookbackDays?: number },
): NightlyAggregation {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const catchUp = async () => {
    const days = await pendingDays(deps.store, deps.now(), lookbackDays);
    if (days.length === 0 || stopped) return;
    log(`Tổng hợp ${days.length} ngày / aggregating ${days.length} day(s): ${days[0]} → ${days.at(-1)}`);
    const runs = await aggregateDays(deps.store, days, {
      now: deps.now,
      families: aggregationFamiliesFor(deps.config),
    });
    const items = runs.reduce((sum, run) => sum + run.itemsRead, 0);
    log(`Đã tổng hợp / aggregated ${runs.length} day(s), ${items} items read`);
  };
  const safely = () =>
    catchUp().catch((error: unknown) => {
      log(`Lỗi tổng hợp, sẽ thử lại lần sau / aggregation failed, retried next run: ${String(error)}`);
    });
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      void safely().then(schedule);
    }, msUntilNextRun(deps.now()));
    timer.unref();
  };
  const ready = safely().then(schedule);
  return {
    ready,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
