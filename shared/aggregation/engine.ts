/**
 * The nightly aggregation engine (DESIGN §4.2, §5), generic over {@link AggregationFamily}.
 *
 * For one arrival day D it reads the 16 write-sharded buckets `ARRIVED#<D>#<shard>` on gsi1 page by
 * page (a Query, never a Scan), hands each item to the family that owns its `gsi1sk` prefix, and sums
 * the counts in memory per (family, unit, event day). Memory therefore grows with units × event days,
 * not with items. It then:
 *
 * 1. overwrites the contribution items `CONTRIB#<family>#<unit>#<event day>` / `A#<D>` — the unit's own
 *    counts and those of every descendant (a commune's figures are in its district's and province's);
 * 2. deletes the contributions a previous run of D wrote and this one no longer produces;
 * 3. for each affected (family, unit, event day), recomputes the day total from its contributions
 *    (≤ ~35 items: one per arrival day while links are valid) into `AGG#<family>#<unit>` / `D#<day>`,
 *    then the month (`M#YYYY-MM`, sum of its days), quarter (`Q#YYYY-Qn`, its months) and year
 *    (`Y#YYYY`, its quarters).
 *
 * Every stored figure is a sum recomputed from the layer below, so a rerun or a backfill of any day,
 * in any order, gives identical aggregates. No transactions are needed (dynalite has none).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from '../storage/client';
import { arrivalBucket } from '../storage/dossiers';
import { dueSnapshotPages } from '../storage/dossier-snapshots';
import { batchDelete, batchGet, queryAll, queryPages, writeBatch } from '../storage/dynamo';
import { ARRIVAL_SHARDS } from '../storage/table';
import { ancestry, type Unit } from '../storage/units';
import { addDays, type LocalDay, monthOf, quarterOf, yearOf } from '../time';
import type { AggregationFamily, Counts } from './family';

/** Periods the aggregates are kept for. */
export type Granularity = 'day' | 'month' | 'quarter' | 'year';

export const aggKey = (family: string, unit: string, period: string) => ({
  pk: `AGG#${family}#${unit}`,
  sk: period,
});
export const contributionKey = (family: string, unit: string, eventDay: LocalDay, arrivalDay: LocalDay) => ({
  pk: `CONTRIB#${family}#${unit}#${eventDay}`,
  sk: `A#${arrivalDay}`,
});
export const runKey = (day: LocalDay) => ({ pk: `AGGRUN#${day}`, sk: 'AGGRUN' });

/** Sort keys of the stored periods: `D#2025-03-04`, `M#2025-03`, `Q#2025-Q1`, `Y#2025`. */
export const periodKey = {
  day: (day: LocalDay) => `D#${day}`,
  month: (day: LocalDay) => `M#${monthOf(day)}`,
  quarter: (day: LocalDay) => `Q#${quarterOf(day)}`,
  year: (day: LocalDay) => `Y#${yearOf(day)}`,
};

export interface AggregateOptions {
  /** The clock (recorded in the run record). */
  now?: () => Date;
  /** Called after each page read with the running count of items read. */
  onPage?: (itemsRead: number) => void;
  /** Parallel requests for the write phase (default 16). */
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

/** The stored record of a day's last run (`AGGRUN#<day>`). */
export interface RunRecord {
  day: LocalDay;
  status: 'running' | 'done';
  startedAt: string;
  finishedAt?: string;
  itemsRead?: number;
  /** `family\tunit\teventDay` of every contribution the run wrote, so the next run can remove stale ones. */
  contributions: string[];
}

const SEP = '\t';

/** Adds `from` into `into` (missing keys are zero). */
export function addCounts(into: Counts, from: Counts): Counts {
  for (const key in from) into[key] = (into[key] ?? 0) + (from[key] ?? 0);
  return into;
}

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

/**
 * The contribution keys are stored gzipped (`contributionsGz`): a province of 100 units with 35 event
 * days per arrival day lists 3,500 keys, ~140 KB as plain strings against DynamoDB's 400 KB item limit,
 * ~10 KB gzipped.
 */
export async function getRunRecord(store: Store, day: LocalDay): Promise<RunRecord | undefined> {
  const result = await store.db.send(new GetCommand({ TableName: store.tableName, Key: runKey(day) }));
  if (!result.Item) return undefined;
  const {
    contributionsGz,
    pk: _pk,
    sk: _sk,
    type: _type,
    contributionCount: _count,
    ...record
  } = result.Item;
  const text = contributionsGz ? gunzipSync(contributionsGz as Uint8Array).toString('utf8') : '';
  return { ...(record as Omit<RunRecord, 'contributions'>), contributions: text ? text.split('\n') : [] };
}

async function putRunRecord(store: Store, record: RunRecord): Promise<void> {
  const { contributions, ...rest } = record;
  await store.db.send(
    new PutCommand({
      TableName: store.tableName,
      Item: {
        ...runKey(record.day),
        type: 'aggrun',
        ...rest,
        contributionCount: contributions.length,
        contributionsGz: gzipSync(contributions.join('\n')),
      },
    }),
  );
}

/** Sums the `counts` of every item a query returns. */
async function sumQuery(store: Store, input: Parameters<typeof queryAll>[1]): Promise<Counts | undefined> {
  const items = await queryAll(store, input);
  if (items.length === 0) return undefined;
  const total: Counts = {};
  for (const item of items) addCounts(total, (item.counts as Counts | undefined) ?? {});
  return total;
}

/** Writes the aggregate `sk` of (family, unit) as `counts`, or removes it when nothing is left. */
async function writeAggregate(
  store: Store,
  family: string,
  unit: string,
  sk: string,
  counts: Counts | undefined,
): Promise<void> {
  const Key = aggKey(family, unit, sk);
  if (!counts) {
    await batchDelete(store, [Key]);
    return;
  }
  await store.db.send(
    new PutCommand({ TableName: store.tableName, Item: { ...Key, type: 'agg', family, unit, counts } }),
  );
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
  const byPrefix = families.flatMap((family) => family.arrivalPrefixes.map((prefix) => ({ prefix, family })));
  // Summed per leaf unit while reading; rolled up once at the end (cost ∝ units × days, not items).
  const leafSums = new Map<string, Counts>();
  let itemsRead = 0;
  let itemsSkipped = 0;
  // The 16 buckets are read 4 at a time: on AWS the job waits on DynamoDB round trips, while at most
  // 4 pages (~4 MB) are held at once.
  const shards = Array.from({ length: ARRIVAL_SHARDS }, (_, shard) => shard);
  await pool(shards, readConcurrency, async (shard) => {
    const pages = queryPages(store, {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': arrivalBucket(day, shard) },
    });
    for await (const page of pages) {
      for (const item of page) {
        itemsRead++;
        const sk = String(item.gsi1sk ?? '');
        const owner = byPrefix.find((entry) => sk.startsWith(entry.prefix));
        if (!owner) {
          itemsSkipped++;
          continue;
        }
        for (const contribution of owner.family.contribute(item)) {
          const key = `${owner.family.name}${SEP}${contribution.unit}${SEP}${contribution.day}`;
          const sum = leafSums.get(key);
          if (sum) addCounts(sum, contribution.counts);
          else leafSums.set(key, { ...contribution.counts });
        }
      }
      onPage?.(itemsRead);
    }
    // The due index of the day: dossiers that time alone changes today (shared/storage/dossier-snapshots.ts).
    const dueFamilies = families.filter((family) => family.contributeDue);
    if (dueFamilies.length === 0) return;
    for await (const page of dueSnapshotPages(store, day, shard)) {
      itemsRead += page.read;
      for (const item of page.items) {
        for (const family of dueFamilies) {
          for (const contribution of family.contributeDue!(item, day)) {
            const key = `${family.name}${SEP}${contribution.unit}${SEP}${contribution.day}`;
            const sum = leafSums.get(key);
            if (sum) addCounts(sum, contribution.counts);
            else leafSums.set(key, { ...contribution.counts });
          }
        }
      }
      onPage?.(itemsRead);
    }
  });
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
 * Recomputes the day, month, quarter and year aggregates of the given `family\tunit\teventDay` keys
 * from their contributions. Answers the number of aggregate items written.
 */
export async function recomputeAggregates(store: Store, affected: Iterable<string>, concurrency = 16) {
  const keys = [...new Set(affected)];
  const months = new Set<string>();
  await pool(keys, concurrency, async (key) => {
    const [family, unit, eventDay] = key.split(SEP) as [string, string, string];
    const counts = await sumQuery(store, {
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CONTRIB#${family}#${unit}#${eventDay}` },
    });
    await writeAggregate(store, family, unit, periodKey.day(eventDay), counts);
    months.add(`${family}${SEP}${unit}${SEP}${monthOf(eventDay)}`);
  });
  const quarters = new Set<string>();
  await pool([...months], concurrency, async (key) => {
    const [family, unit, month] = key.split(SEP) as [string, string, string];
    const counts = await sumQuery(store, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': aggKey(family, unit, '').pk,
        ':from': `D#${month}-01`,
        ':to': `D#${month}-31`,
      },
    });
    await writeAggregate(store, family, unit, `M#${month}`, counts);
    quarters.add(`${family}${SEP}${unit}${SEP}${quarterOf(`${month}-01`)}`);
  });
  const years = new Set<string>();
  await pool([...quarters], concurrency, async (key) => {
    const [family, unit, quarter] = key.split(SEP) as [string, string, string];
    const year = quarter.slice(0, 4);
    const first = (Number(quarter.slice(6)) - 1) * 3 + 1;
    const month = (m: number) => `M#${year}-${String(m).padStart(2, '0')}`;
    const counts = await sumQuery(store, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': aggKey(family, unit, '').pk,
        ':from': month(first),
        ':to': month(first + 2),
      },
    });
    await writeAggregate(store, family, unit, `Q#${quarter}`, counts);
    years.add(`${family}${SEP}${unit}${SEP}${year}`);
  });
  await pool([...years], concurrency, async (key) => {
    const [family, unit, year] = key.split(SEP) as [string, string, string];
    const counts = await sumQuery(store, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': aggKey(family, unit, '').pk,
        ':from': `Q#${year}-Q1`,
        ':to': `Q#${year}-Q4`,
      },
    });
    await writeAggregate(store, family, unit, `Y#${year}`, counts);
  });
  return keys.length + months.size + quarters.size + years.size;
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
  const previous = await getRunRecord(store, day);
  const { sums, itemsRead, itemsSkipped } = await collectDay(store, day, families, units, options.onPage);
  const produced = [...sums.keys()];
  const producedSet = new Set(produced);
  // Only families of this run may have their stale contributions removed (another deployment's
  // family stays untouched).
  const names = new Set(families.map((family) => family.name));
  const stale = (previous?.contributions ?? []).filter(
    (key) => !producedSet.has(key) && names.has(key.split(SEP)[0]!),
  );
  const kept = (previous?.contributions ?? []).filter((key) => !names.has(key.split(SEP)[0]!));
  await putRunRecord(store, {
    day,
    status: 'running',
    startedAt,
    contributions: [...new Set([...(previous?.contributions ?? []), ...produced])],
  });
  const items = produced.map((key) => {
    const [family, unit, eventDay] = key.split(SEP) as [string, string, string];
    return {
      Item: { ...contributionKey(family, unit, eventDay, day), type: 'contrib', counts: sums.get(key)! },
    };
  });
  await pool(chunk(items, 25), Math.max(1, Math.floor(concurrency / 4)), (batch) =>
    writeBatch(
      store,
      batch.map((request) => ({ PutRequest: request })),
    ),
  );
  await batchDelete(
    store,
    stale.map((key) => {
      const [family, unit, eventDay] = key.split(SEP) as [string, string, string];
      return contributionKey(family, unit, eventDay, day);
    }),
  );
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
  const now = options.now ?? (() => new Date());
  const prepared: PreparedDay[] = [];
  for (const day of days) {
    options.onDayStart?.(day);
    prepared.push(await writeContributions(store, day, families, units, options));
  }
  const aggregatesWritten = await recomputeAggregates(
    store,
    prepared.flatMap((day) => [...day.produced, ...day.stale]),
    options.concurrency ?? 16,
  );
  const runs: DayRun[] = [];
  for (const [index, day] of prepared.entries()) {
    runs.push(await markDone(store, day, index === prepared.length - 1 ? aggregatesWritten : 0, now));
  }
  return runs;
}

function chunk<T>(values: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

/** One stored period covering part of a range, e.g. `M#2025-03`. */
export interface PeriodGroup {
  /** `2025-03-04` (day), `2025-03` (month), `2025-Q1` (quarter), `2025` (year). */
  period: string;
  from: LocalDay;
  to: LocalDay;
  counts: Counts;
}

const lastDayOfMonth = (day: LocalDay) => addDays(`${addMonths(day.slice(0, 7), 1)}-01`, -1);
function addMonths(month: string, months: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
const quarterStart = (day: LocalDay) =>
  `${day.slice(0, 4)}-${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
const quarterEnd = (day: LocalDay) => lastDayOfMonth(`${addMonths(quarterStart(day).slice(0, 7), 2)}-01`);

/**
 * The fewest stored periods that exactly cover [from, to]: whole years, quarters and months inside,
 * days at the edges. E.g. 2024-12-30..2026-02-02 → 2 days, the year 2025, January 2026, 2 days.
 */
export function coveringPeriods(from: LocalDay, to: LocalDay): string[] {
  const keys: string[] = [];
  let day = from;
  while (day <= to) {
    const yearEnd = `${day.slice(0, 4)}-12-31`;
    if (day.endsWith('-01-01') && yearEnd <= to) {
      keys.push(periodKey.year(day));
      day = addDays(yearEnd, 1);
    } else if (day === quarterStart(day) && quarterEnd(day) <= to) {
      keys.push(periodKey.quarter(day));
      day = addDays(quarterEnd(day), 1);
    } else if (day.endsWith('-01') && lastDayOfMonth(day) <= to) {
      keys.push(periodKey.month(day));
      day = addDays(lastDayOfMonth(day), 1);
    } else {
      keys.push(periodKey.day(day));
      day = addDays(day, 1);
    }
  }
  return keys;
}

/** The groups of [from, to] for `groupBy`, each clipped to the range. */
export function groupRanges(
  from: LocalDay,
  to: LocalDay,
  groupBy: Granularity,
): { period: string; from: LocalDay; to: LocalDay }[] {
  const groups: { period: string; from: LocalDay; to: LocalDay }[] = [];
  let day = from;
  while (day <= to) {
    const end =
      groupBy === 'day'
        ? day
        : groupBy === 'month'
          ? lastDayOfMonth(day)
          : groupBy === 'quarter'
            ? quarterEnd(day)
            : `${day.slice(0, 4)}-12-31`;
    const period =
      groupBy === 'day'
        ? day
        : groupBy === 'month'
          ? monthOf(day)
          : groupBy === 'quarter'
            ? quarterOf(day)
            : yearOf(day);
    groups.push({ period, from: day, to: end < to ? end : to });
    day = addDays(end, 1);
  }
  return groups;
}

/**
 * Summed counts of (family, unit) over [from, to], read from the fewest stored periods (one BatchGet:
 * a year costs 1 item; a month plus 3 days, 4). With `groupBy`, one sum per group.
 */
export async function readCounts(
  store: Store,
  family: string,
  unit: string,
  from: LocalDay,
  to: LocalDay,
  groupBy?: Granularity,
): Promise<{ total: Counts; groups: PeriodGroup[]; itemsRead: number }> {
  const ranges = groupBy ? groupRanges(from, to, groupBy) : [{ period: `${from}..${to}`, from, to }];
  const plan = ranges.map((range) => ({ ...range, keys: coveringPeriods(range.from, range.to) }));
  const wanted = [...new Set(plan.flatMap((group) => group.keys))];
  const found = await batchGet(
    store,
    wanted.map((sk) => aggKey(family, unit, sk)),
  );
  const bySk = new Map(found.map((item) => [item.sk as string, (item.counts as Counts | undefined) ?? {}]));
  const total: Counts = {};
  const groups = plan.map((group) => {
    const counts: Counts = {};
    for (const sk of group.keys) addCounts(counts, bySk.get(sk) ?? {});
    addCounts(total, counts);
    return { period: group.period, from: group.from, to: group.to, counts };
  });
  return { total, groups, itemsRead: found.length };
}
