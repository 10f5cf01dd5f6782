/**
 * The nightly aggregation engine (DESIGN §4.2, §5), generic over {@link AggregationFamily}.
 *
 * For one arrival day D it reads the 16 write-sharded day buckets page by page (Queries of the
 * arrival indexes, never a Scan: shared/storage/day-buckets.ts decodes them into typed arrivals), hands
 * each arrival to the families of its kind, and sums the counts in memory per (family, unit, event
 * day). Memory therefore grows with units × event days, not with items. It then (storage in
 * shared/storage/aggregates.ts, which owns every key):
 *
 * 1. overwrites the day's contributions per (family, unit, event day) — the unit's own counts and
 *    those of every descendant (a commune's figures are in its district's and province's);
 * 2. deletes the contributions a previous run of D wrote and this one no longer produces;
 * 3. recomputes, one granularity at a time, each affected day from its contributions (≤ ~35: one per
 *    arrival day while links are valid), then the months above them (sum of their days), quarters
 *    (their months) and years (their quarters).
 *
 * Every stored figure is a sum recomputed from the layer below, so a rerun or a backfill of any day,
 * in any order, gives identical aggregates. No transactions are needed (dynalite has none).
 */
import { dayBucketPages } from '../storage/day-buckets';
import {
  addCounts,
  type Counts,
  deleteContributions,
  getRunRecord,
  putContributions,
  putRunRecord,
  sumLayerBelow,
  writeAggregate,
} from '../storage/aggregates';
import type { Store } from '../storage/client';
import { arrivalShardCount } from '../storage/table';
import { ancestry, type Unit } from '../storage/units';
import { GRANULARITIES, type LocalDay, periodStart } from '../time';
import type { AggregationFamily } from './family-contract';

export { addCounts };

export interface AggregateOptions {
  /** The clock (recorded in the run record). */
  now?: () => Date;
  /** Called after each page read with the running count of items read. */
  onPage?: (itemsRead: number) => void;
  /** Parallel requests for the write phase (default 16; at least 1, else the run is refused). */
  concurrency?: number;
}

/** What one run of one day did. */
export interface DayRun {
  day: LocalDay;
  itemsRead: number;
  /** Items no family claimed (e.g. a prefix whose family is not deployed). */
  itemsSkipped: number;
  contributionsWritten: number;
  contributionsDeleted: number;
  /** Aggregate items written by the recompute that completed this day (in a batch: on its last day). */
  aggregatesWritten: number;
  startedAt: string;
  finishedAt: string;
}

const SEP = '\t';

/** Runs `task` over `inputs` with at most `limit` in flight; after a failure no new task starts. */
export async function pool<T>(inputs: T[], limit: number, task: (input: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < inputs.length) {
      try {
        await task(inputs[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, inputs.length) }, worker));
}

/** The sums of one arrival day, per `family\tunit\teventDay`, rolled up to every ancestor. */
export async function collectDay(
  store: Store,
  day: LocalDay,
  families: AggregationFamily[],
  units: Unit[],
  onPage?: (itemsRead: number) => void,
  readConcurrency = 4,
): Promise<{ sums: Map<string, Counts>; itemsRead: number; itemsSkipped: number }> {
  // Summed per leaf unit while reading; rolled up once at the end (cost ∝ units × days, not items).
  // Looked up by family, unit and day (no key string built per contribution); listed in the order
  // first seen, so the keys written come out in the same order run after run.
  const leafIndex = new Map<string, Map<string, Map<LocalDay, Counts>>>();
  const leafSums: [key: string, counts: Counts][] = [];
  const addLeaf = (family: string, unit: string, eventDay: LocalDay, counts: Counts) => {
    let byUnit = leafIndex.get(family);
    if (byUnit === undefined) leafIndex.set(family, (byUnit = new Map()));
    let byDay = byUnit.get(unit);
    if (byDay === undefined) byUnit.set(unit, (byDay = new Map()));
    const sum = byDay.get(eventDay);
    if (sum) addCounts(sum, counts);
    else {
      const copy = { ...counts };
      byDay.set(eventDay, copy);
      leafSums.push([`${family}${SEP}${unit}${SEP}${eventDay}`, copy]);
    }
  };
  // The families of each kind of arrival, found once rather than per arrival.
  const ownersOf = new Map<string, AggregationFamily[]>();
  for (const family of families) {
    for (const kind of new Set(family.kinds)) ownersOf.set(kind, [...(ownersOf.get(kind) ?? []), family]);
  }
  const groups = new Map<string, { unit: string; day: LocalDay }[]>();
  let itemsRead = 0;
  let itemsSkipped = 0;
  // The 16 buckets (1 in tests) are read 4 at a time: on AWS the job waits on DynamoDB round trips,
  // while at most 4 pages (~4 MB) are held at once.
  const shards = Array.from({ length: arrivalShardCount() }, (_, shard) => shard);
  await pool(shards, readConcurrency, async (shard) => {
    for await (const page of dayBucketPages(store, day, shard)) {
      itemsRead += page.read;
      itemsSkipped += page.skipped;
      for (const arrival of page.arrivals) {
        const owners = ownersOf.get(arrival.kind);
        if (owners === undefined) {
          itemsSkipped++;
          continue;
        }
        for (const family of owners) {
          const member = family.dayGroups?.memberOf(arrival);
          if (member) {
            const groupKey = `${family.name}${SEP}${member.key}`;
            const members = groups.get(groupKey);
            if (members) members.push(member);
            else groups.set(groupKey, [member]);
          }
          for (const contribution of family.contribute(arrival)) {
            addLeaf(family.name, contribution.unit, contribution.day, contribution.counts);
          }
        }
      }
      onPage?.(itemsRead);
    }
  });
  // Counts of arrivals taken together (a family's day groups), once the whole day is read.
  for (const [groupKey, members] of groups) {
    const family = families.find((candidate) => groupKey.startsWith(`${candidate.name}${SEP}`))!;
    for (const contribution of family.dayGroups!.counts(members)) {
      addLeaf(family.name, contribution.unit, contribution.day, contribution.counts);
    }
  }
  const pathOf = new Map(units.map((unit) => [unit.id, ancestry(unit)]));
  const sums = new Map<string, Counts>();
  for (const [key, counts] of leafSums) {
    const [family, unit, eventDay] = key.split(SEP) as [string, string, string];
    // A unit missing from the directory still counts for itself.
    for (const owner of pathOf.get(unit) ?? [unit]) {
      const rolled = `${family}${SEP}${owner}${SEP}${eventDay}`;
      const sum = sums.get(rolled);
      if (sum) addCounts(sum, counts);
      else sums.set(rolled, { ...counts });
    }
  }
  return { sums, itemsRead, itemsSkipped };
}

/**
 * Recomputes the aggregates of the given `family\tunit\teventDay` keys and of every period above them:
 * one stage per granularity (day, month, quarter, year), each recomputing from the layer below the
 * periods that hold the previous stage's (a day is its own period). Answers the number of aggregate
 * items written.
 */
export async function recomputeAggregates(store: Store, affected: Iterable<string>, concurrency = 16) {
  let below: Iterable<string> = affected;
  let written = 0;
  for (const granularity of GRANULARITIES) {
    const periods = new Set(
      [...below].map((key) => {
        const [family, unit, start] = key.split(SEP) as [string, string, string];
        return `${family}${SEP}${unit}${SEP}${periodStart(start, granularity)}`;
      }),
    );
    await pool([...periods], concurrency, async (key) => {
      const [family, unit, start] = key.split(SEP) as [string, string, string];
      const counts = await sumLayerBelow(store, family, unit, granularity, start);
      await writeAggregate(store, family, unit, granularity, start, counts);
    });
    written += periods.size;
    below = periods;
  }
  return written;
}

/** A day whose contributions are written and whose aggregates are still to be recomputed. */
interface PreparedDay {
  day: LocalDay;
  startedAt: string;
  itemsRead: number;
  itemsSkipped: number;
  produced: string[];
  stale: string[];
  kept: string[];
}

/**
 * Phase 1 of a day: read its buckets, write its contributions, delete those it no longer produces.
 * The run record is written `running` with every key it may touch before any is touched, so a crash
 * from here on is repaired by the next run of the day.
 */
async function writeContributions(
  store: Store,
  day: LocalDay,
  families: AggregationFamily[],
  units: Unit[],
  options: AggregateOptions,
): Promise<PreparedDay> {
  const now = options.now ?? (() => new Date());
  const concurrency = options.concurrency ?? 16;
  const startedAt = now().toISOString();
  const previous = (await getRunRecord(store, day))?.contributions ?? [];
  const { sums, itemsRead, itemsSkipped } = await collectDay(store, day, families, units, options.onPage);
  const produced = [...sums.keys()];
  const producedSet = new Set(produced);
  // Only families of this run may have their stale contributions removed (another deployment's
  // family stays untouched).
  const names = new Set(families.map((family) => family.name));
  const stale = previous.filter((key) => !producedSet.has(key) && names.has(key.split(SEP)[0]!));
  const kept = previous.filter((key) => !names.has(key.split(SEP)[0]!));
  await putRunRecord(store, {
    day,
    status: 'running',
    startedAt,
    contributions: [...new Set([...previous, ...produced])],
  });
  const entry = (key: string) => {
    const [family, unit, eventDay] = key.split(SEP) as [string, string, string];
    return { family, unit, eventDay };
  };
  await putContributions(
    store,
    day,
    produced.map((key) => ({ ...entry(key), counts: sums.get(key)! })),
    // A quarter as many batch writes (25 items each) in flight as single writes in the recompute.
    // Stryker disable next-line MethodExpression,ArithmeticOperator: equivalent, the parallelism changes no stored figure
    Math.max(1, Math.floor(concurrency / 4)),
  );
  await deleteContributions(store, day, stale.map(entry));
  return { day, startedAt, itemsRead, itemsSkipped, produced, stale, kept };
}

/** Phase 3 of a day: its aggregates are recomputed; the run record says `done`. */
async function markDone(
  store: Store,
  prepared: PreparedDay,
  aggregatesWritten: number,
  now: () => Date,
): Promise<DayRun> {
  const finishedAt = now().toISOString();
  await putRunRecord(store, {
    day: prepared.day,
    status: 'done',
    startedAt: prepared.startedAt,
    finishedAt,
    itemsRead: prepared.itemsRead,
    contributions: [...prepared.kept, ...prepared.produced],
  });
  return {
    day: prepared.day,
    itemsRead: prepared.itemsRead,
    itemsSkipped: prepared.itemsSkipped,
    contributionsWritten: prepared.produced.length,
    contributionsDeleted: prepared.stale.length,
    aggregatesWritten,
    startedAt: prepared.startedAt,
    finishedAt,
  };
}

/**
 * Aggregates arrival day `day` (see the module comment). Safe to rerun; throws on any storage failure,
 * leaving the run record `running` so the next run repairs what was half-written.
 */
export async function aggregateDay(
  store: Store,
  day: LocalDay,
  families: AggregationFamily[],
  units: Unit[],
  options: AggregateOptions = {},
): Promise<DayRun> {
  const [run] = await aggregateDayBatch(store, [day], families, units, options);
  return run!;
}

/**
 * Aggregates several arrival days as one batch: each day's contributions first, then one recompute
 * of every aggregate they touched, then the run records. The same result as the days one by one, in
 * far fewer writes for a backfill (a month of arrival days touches ~2 months of event days once,
 * instead of ~30 event days per arrival day). The recompute's writes are counted on the last day.
 */
export async function aggregateDayBatch(
  store: Store,
  days: LocalDay[],
  families: AggregationFamily[],
  units: Unit[],
  options: AggregateOptions & { onDayStart?: (day: LocalDay) => void } = {},
): Promise<DayRun[]> {
  // A pool of no worker would recompute nothing and still mark the days done.
  if (options.concurrency !== undefined && !(options.concurrency >= 1)) {
    throw new RangeError(`concurrency must be at least 1, not ${options.concurrency}`);
  }
  const now = options.now ?? (() => new Date());
  const prepared: PreparedDay[] = [];
  for (const day of days) {
    options.onDayStart?.(day);
    prepared.push(await writeContributions(store, day, families, units, options));
  }
  const aggregatesWritten = await recomputeAggregates(
    store,
    prepared.flatMap((day) => [...day.produced, ...day.stale]),
    options.concurrency,
  );
  const runs: DayRun[] = [];
  for (const [index, day] of prepared.entries()) {
    runs.push(await markDone(store, day, index === prepared.length - 1 ? aggregatesWritten : 0, now));
  }
  return runs;
}
