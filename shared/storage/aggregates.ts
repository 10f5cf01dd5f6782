/**
 * The nightly job's records (DESIGN §4.2, §5), written only by the aggregation:
 *
 * - Contribution `CONTRIB#<family>#<unit>#<event day>` / `A#<arrival day>`: the counts one arrival day
 *   added to one (family, unit, event day), the unit's descendants included;
 * - Aggregate `AGG#<family>#<unit>` / `D#YYYY-MM-DD`, `M#YYYY-MM`, `Q#YYYY-Qn`, `Y#YYYY`: a period's
 *   counts, each the sum of the layer below (contributions, days, months, quarters);
 * - Run `AGGRUN#<arrival day>` / `AGGRUN`: the last run of an arrival day and the contributions it
 *   wrote (gzipped), so the next run removes those it no longer produces;
 * - Nights `AGGNIGHTS#<month>` / `AGGNIGHTS`: the status of the last run of each day of the month
 *   (`d01`…`d31`: `running` or `done`), written with each run record, so whether every night of a
 *   period has been aggregated costs one small item per month (./final-periods.ts);
 * - Generation `AGGRUN#GENERATION` / `GENERATION` (beside the runs, under their key prefix): a counter every run raises before it writes any aggregate, so a
 *   figure sheet built by an earlier run (or by a run that failed after its aggregates) is known stale
 *   (./figure-sheets.ts reads it in the sheet's own BatchGet).
 *
 * Keys are built and items decoded here only; the engine (shared/aggregation/engine.ts) computes.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  coverRange,
  type Granularity,
  groupRanges,
  type LocalDay,
  monthOf,
  periodEnd,
  quarterOf,
  yearOf,
} from '../time';
import type { Store } from './client';
import { batchDelete, batchGet, decodeItem, type Item, queryAll, writeBatch } from './dynamo';

/** The family whose counts the index methods and the final rule read (shared/aggregation/satisfaction.ts). */
export const SATISFACTION_FAMILY = 'sat';

import type { Counts } from '../counts';

export type { Counts };

/** Adds `from` into `into` (missing keys are zero). */
export function addCounts(into: Counts, from: Counts): Counts {
  for (const key in from) into[key] = (into[key] ?? 0) + (from[key] ?? 0);
  return into;
}

/** Sort keys of the stored periods: `D#2025-03-04`, `M#2025-03`, `Q#2025-Q1`, `Y#2025`. */
export const periodKey: Record<Granularity, (day: LocalDay) => string> = {
  day: (day) => `D#${day}`,
  month: (day) => `M#${monthOf(day)}`,
  quarter: (day) => `Q#${quarterOf(day)}`,
  year: (day) => `Y#${yearOf(day)}`,
};

export const aggKey = (family: string, unit: string, period: string) => ({
  pk: `AGG#${family}#${unit}`,
  sk: period,
});
const contributionPk = (family: string, unit: string, eventDay: LocalDay) =>
  `CONTRIB#${family}#${unit}#${eventDay}`;
export const contributionKey = (family: string, unit: string, eventDay: LocalDay, arrivalDay: LocalDay) => ({
  pk: contributionPk(family, unit, eventDay),
  sk: `A#${arrivalDay}`,
});
export const runKey = (day: LocalDay) => ({ pk: `AGGRUN#${day}`, sk: 'AGGRUN' });
const nightsKey = (month: string) => ({ pk: `AGGNIGHTS#${month}`, sk: 'AGGNIGHTS' });
/** The aggregates' generation (see the module comment). */
export const generationKey = { pk: 'AGGRUN#GENERATION', sk: 'GENERATION' } as const;
const nightAttribute = (day: LocalDay) => `d${day.slice(8, 10)}`;

const countsSchema = z.record(z.string(), z.number());
const countsItemSchema = z.object({ counts: countsSchema });
const readCountsOf = (entity: string, item: Item): Counts =>
  decodeItem(countsItemSchema, entity, item).counts;

/** The fewest stored periods (sort keys) that exactly cover [from, to]. */
export function coveringPeriods(from: LocalDay, to: LocalDay): string[] {
  return coverRange(from, to).map((period) => periodKey[period.granularity](period.start));
}

/** One (family, unit, event day) contribution of an arrival day. */
export interface ContributionEntry {
  family: string;
  unit: string;
  eventDay: LocalDay;
  counts: Counts;
}

/** Writes an arrival day's contributions (overwriting), in batches of 25, `concurrency` batches at a time. */
export async function putContributions(
  store: Store,
  arrivalDay: LocalDay,
  entries: ContributionEntry[],
  concurrency: number,
): Promise<void> {
  const requests = entries.map((entry) => ({
    PutRequest: {
      Item: {
        ...contributionKey(entry.family, entry.unit, entry.eventDay, arrivalDay),
        type: 'contrib',
        counts: entry.counts,
      },
    },
  }));
  const batches: (typeof requests)[] = [];
  for (let start = 0; start < requests.length; start += 25) batches.push(requests.slice(start, start + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) await writeBatch(store, batches[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, concurrency), batches.length) }, worker));
}

/** Deletes contributions an arrival day no longer produces. */
export async function deleteContributions(
  store: Store,
  arrivalDay: LocalDay,
  entries: Omit<ContributionEntry, 'counts'>[],
): Promise<void> {
  await batchDelete(
    store,
    entries.map((entry) => contributionKey(entry.family, entry.unit, entry.eventDay, arrivalDay)),
  );
}

const finer: Record<Exclude<Granularity, 'day'>, Granularity> = {
  month: 'day',
  quarter: 'month',
  year: 'quarter',
};

/**
 * The counts of a period recomputed from the layer below it: a day from its contributions (≤ ~35, one
 * per arrival day while links are valid), a month from its days, a quarter from its months, a year from
 * its quarters. Undefined when the layer below holds nothing.
 */
export async function sumLayerBelow(
  store: Store,
  family: string,
  unit: string,
  granularity: Granularity,
  start: LocalDay,
): Promise<Counts | undefined> {
  const items =
    granularity === 'day'
      ? await queryAll(store, {
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': contributionPk(family, unit, start) },
        })
      : await queryAll(store, {
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': aggKey(family, unit, '').pk,
            ':from': periodKey[finer[granularity]](start),
            ':to': periodKey[finer[granularity]](periodEnd(start, granularity)),
          },
        });
  if (items.length === 0) return undefined;
  const entity = granularity === 'day' ? 'contribution' : 'aggregate';
  const total: Counts = {};
  for (const item of items) addCounts(total, readCountsOf(entity, item));
  return total;
}

/** Writes a period's aggregate as `counts`, or removes it when nothing is left. */
export async function writeAggregate(
  store: Store,
  family: string,
  unit: string,
  granularity: Granularity,
  start: LocalDay,
  counts: Counts | undefined,
): Promise<void> {
  const Key = aggKey(family, unit, periodKey[granularity](start));
  if (!counts) {
    await batchDelete(store, [Key]);
    return;
  }
  await store.db.send(
    new PutCommand({ TableName: store.tableName, Item: { ...Key, type: 'agg', family, unit, counts } }),
  );
}

/** One stored period covering part of a range, e.g. `M#2025-03`. */
export interface PeriodGroup {
  /** `2025-03-04` (day), `2025-03` (month), `2025-Q1` (quarter), `2025` (year). */
  period: string;
  from: LocalDay;
  to: LocalDay;
  counts: Counts;
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
  const bySk = new Map(found.map((item) => [String(item.sk), readCountsOf('aggregate', item)]));
  const total: Counts = {};
  const groups = plan.map((group) => {
    const counts: Counts = {};
    for (const sk of group.keys) addCounts(counts, bySk.get(sk) ?? {});
    addCounts(total, counts);
    return { period: group.period, from: group.from, to: group.to, counts };
  });
  return { total, groups, itemsRead: found.length };
}

/**
 * Summed counts of (family, unit) over each of many `{ unit, from, to }`, read in one BatchGet (in
 * chunks of 100) of the fewest stored periods covering each range, a period shared by two requests
 * read once: a whole month is 1 item, a month cut by the range's edge up to 30 day items.
 */
export async function readCountsOfMany(
  store: Store,
  family: string,
  requests: { unit: string; from: LocalDay; to: LocalDay }[],
): Promise<{ counts: Counts[]; itemsRead: number }> {
  const plan = requests.map((request) =>
    coveringPeriods(request.from, request.to).map((sk) => aggKey(family, request.unit, sk)),
  );
  const id = (key: { pk: string; sk: string }) => `${key.pk}\n${key.sk}`;
  const wanted = new Map(plan.flat().map((key) => [id(key), key]));
  const found = await batchGet(store, [...wanted.values()]);
  const byId = new Map(
    found.map((item) => [`${String(item.pk)}\n${String(item.sk)}`, readCountsOf('aggregate', item)]),
  );
  const counts = plan.map((keys) => {
    const sum: Counts = {};
    for (const key of keys) addCounts(sum, byId.get(id(key)) ?? {});
    return sum;
  });
  return { counts, itemsRead: found.length };
}

/** The stored record of a day's last run (`AGGRUN#<day>`). */
export interface RunRecord {
  day: LocalDay;
  status: 'running' | 'done';
  startedAt: string;
  finishedAt?: string | undefined;
  itemsRead?: number | undefined;
  /** `family\tunit\teventDay` of every contribution the run wrote, so the next run can remove stale ones. */
  contributions: string[];
}

const runStatusSchema = z.object({
  day: z.string(),
  status: z.enum(['running', 'done']),
  startedAt: z.string(),
  finishedAt: z.optional(z.string()),
  itemsRead: z.optional(z.number()),
});
const runItemSchema = z.extend(runStatusSchema, { contributionsGz: z.optional(z.instanceof(Uint8Array)) });

/**
 * The contribution keys are stored gzipped (`contributionsGz`): a province of 100 units with 35 event
 * days per arrival day lists 3,500 keys, ~140 KB as plain strings against DynamoDB's 400 KB item limit,
 * ~10 KB gzipped.
 */
export async function getRunRecord(store: Store, day: LocalDay): Promise<RunRecord | undefined> {
  const result = await store.db.send(new GetCommand({ TableName: store.tableName, Key: runKey(day) }));
  if (!result.Item) return undefined;
  const { contributionsGz, ...record } = decodeItem(runItemSchema, 'aggregation run', result.Item);
  const text = contributionsGz ? gunzipSync(contributionsGz).toString('utf8') : '';
  return { ...record, contributions: text ? text.split('\n') : [] };
}

/** The status of the last run of each of `days` that has one (its contributions left out). */
export async function getRunStatuses(
  store: Store,
  days: LocalDay[],
): Promise<Omit<RunRecord, 'contributions'>[]> {
  const items = await batchGet(store, days.map(runKey));
  return items.map((item) => decodeItem(runStatusSchema, 'aggregation run', item));
}

export async function putRunRecord(store: Store, record: RunRecord): Promise<void> {
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
  // The month's night index follows the record (a crash between the two leaves the night not done:
  // its periods stay open until the day is run again).
  await store.db.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: nightsKey(monthOf(record.day)),
      UpdateExpression: 'SET #day = :status, #type = :type',
      ExpressionAttributeNames: { '#day': nightAttribute(record.day), '#type': 'type' },
      ExpressionAttributeValues: { ':status': record.status, ':type': 'aggnights' },
    }),
  );
}

const generationSchema = z.object({ generation: z.number() });

/**
 * Raises the aggregates' generation before a run writes any aggregate; the new value, which the run's
 * figure sheets record. Runs do not overlap (one nightly schedule; a rerun waits for it).
 */
export async function beginGeneration(store: Store): Promise<number> {
  const { Attributes } = await store.db.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: generationKey,
      UpdateExpression: 'ADD #generation :one SET #type = :type',
      ExpressionAttributeNames: { '#generation': 'generation', '#type': 'type' },
      ExpressionAttributeValues: { ':one': 1, ':type': 'agggen' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return decodeItem(generationSchema, 'aggregation generation', Attributes ?? {}).generation;
}

/** The generation of a stored generation item (0 for none: no run has written aggregates yet). */
export function generationOf(item: Item | undefined): number {
  return item ? decodeItem(generationSchema, 'aggregation generation', item).generation : 0;
}

const nightsSchema = z.record(z.string(), z.unknown());

/** The next month of `YYYY-MM`. */
export function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
}

/**
 * The days of each of `months` whose last run is `done`, read from the months' night index (one small
 * item per month, one BatchGet per 100 months).
 */
export async function nightsDone(store: Store, months: string[]): Promise<Map<string, Set<LocalDay>>> {
  const items = await batchGet(store, months.map(nightsKey));
  const done = new Map<string, Set<LocalDay>>(months.map((month) => [month, new Set<LocalDay>()]));
  for (const item of items) {
    const nights = decodeItem(nightsSchema, 'aggregation nights', item);
    const month = String(item.pk).slice('AGGNIGHTS#'.length);
    for (const [attribute, status] of Object.entries(nights)) {
      if (/^d\d\d$/.test(attribute) && status === 'done')
        done.get(month)?.add(`${month}-${attribute.slice(1)}`);
    }
  }
  return done;
}

/**
 * Which arrival days to aggregate again after a unit moved (DESIGN §6: roll-ups follow a move). A
 * unit's contributions hold its own and its descendants' counts, so the moved unit's contributions
 * name every arrival day whose run wrote to the old ancestors; rerunning those days rewrites the
 * contributions along the new path and deletes the old ones. Reads: one query for the unit's day
 * aggregates, one per event day with data — bounded by the days the unit has data for.
 */
export async function arrivalDaysOfUnit(store: Store, families: string[], unit: string): Promise<LocalDay[]> {
  const days = new Set<LocalDay>();
  for (const family of families) {
    const aggregates = await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
      ExpressionAttributeValues: { ':pk': aggKey(family, unit, '').pk, ':day': 'D#' },
      ProjectionExpression: 'sk',
    });
    for (const aggregate of aggregates) {
      const eventDay = String(aggregate.sk).slice(2);
      const contributions = await queryAll(store, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': contributionKey(family, unit, eventDay, '').pk },
        ProjectionExpression: 'sk',
      });
      for (const contribution of contributions) days.add(String(contribution.sk).slice(2));
    }
  }
  return [...days].sort();
}
