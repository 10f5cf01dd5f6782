/**
 * Figure sheets (DESIGN §5, issue 25): for every unit and every standard period, one item the nightly
 * job writes after each run (rerun, backfill), holding the counts every page's figures are computed
 * from — the unit's own over the period (the final rule reads them), by month (the trend), over the
 * period just before (the change columns), and each child's now and before (a ranking by any method).
 * The counts are the ones `readScoreCounts` / `readScoreTotals` read (the stored aggregates with tt01's
 * period inputs joined), so a page computes exactly what it computed from the aggregates, in one read.
 * They are counts, not results: the index methods and their options (`MIN_N`) stay the reader's, and
 * every counter a family adds flows in.
 *
 * Key: `pk = SHEET#<unit>`, `sk = <from>#<to>`. The body is gzipped JSON, every counts object an array
 * over one list of counter names (a binary attribute): at 200
 * children the rows stay far below DynamoDB's 400 KB item limit (test/unit/figure-sheets.test.ts
 * asserts the bound). An item expires (`expiresAt`) {@link SHEET_TTL_DAYS} after it was written: the
 * month, quarter and year to date move every night, so yesterday's are not read again.
 *
 * A sheet records the aggregates' generation it was built from (./aggregates.ts `beginGeneration`: every
 * run raises it before writing any aggregate), and is read in one BatchGet with the current one: a sheet
 * of another generation — a run failed after its aggregates, before its sheets — is not returned, and
 * the page computes from the counts until a run writes the sheets again. It also carries the night
 * index (`AGGNIGHTS#<month>`) from its period's first day to the day it was built, which is all the
 * final rule (./final-periods.ts) reads of it while the sheet is current: a night done since would
 * have raised the generation.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import * as z from 'zod/mini';
import { addDays, daysBetween, type LocalDay, periodEnd, periodStart } from '../time';
import type { Store } from './client';
import { batchGet, decodeItem, writeBatch } from './dynamo';
import { type Counts, generationKey, generationOf } from './aggregates';
import type { KnownNights } from './final-periods';

/** Days a sheet is kept after it was written. */
export const SHEET_TTL_DAYS = 3;

export const sheetKey = (unit: string, from: LocalDay, to: LocalDay) => ({
  pk: `SHEET#${unit}`,
  sk: `${from}#${to}`,
});

export interface SheetRange {
  from: LocalDay;
  to: LocalDay;
}

const countsSchema = z.record(z.string(), z.number());
const rangeCounts = z.object({ from: z.string(), to: z.string(), counts: countsSchema });

const sheetSchema = z.object({
  unit: z.string(),
  from: z.string(),
  to: z.string(),
  /** The unit's counts over the period. */
  total: countsSchema,
  /** One per month of the period (cut to it), in order. */
  months: z.array(z.object({ period: z.string(), from: z.string(), to: z.string(), counts: countsSchema })),
  /** The period of the same length just before. */
  previous: rangeCounts,
  /** The children, each with its counts over the period (`now`) and the one before (`before`). */
  children: z.array(z.object({ id: z.string(), now: countsSchema, before: countsSchema })),
  /** The aggregates' generation the sheet was built from (absent on a sheet of an older build: stale). */
  generation: z.optional(z.number()),
  /** The nights of [from, through] as `1` (the day's last run done) or `0`, one character a day. */
  nights: z.optional(z.object({ from: z.string(), through: z.string(), done: z.string() })),
});

export type FigureSheet = z.infer<typeof sheetSchema>;

/**
 * The stored form: every counts object as an array over one list of counter names (`null` where a
 * name is absent), so 200 children's rows do not repeat the names, then gzipped.
 */
const storedSchema = z.object({
  names: z.array(z.string()),
  sheet: z.unknown(),
});

type Packed = (number | null)[];

function packSheet(sheet: FigureSheet): { names: string[]; sheet: unknown } {
  const names = new Set<string>();
  const all = [
    sheet.total,
    sheet.previous.counts,
    ...sheet.months.map((month) => month.counts),
    ...sheet.children.flatMap((row) => [row.now, row.before]),
  ];
  for (const counts of all) for (const name of Object.keys(counts)) names.add(name);
  const list = [...names];
  const pack = (counts: Counts): Packed => list.map((name) => (name in counts ? counts[name]! : null));
  return {
    names: list,
    sheet: {
      ...sheet,
      total: pack(sheet.total),
      months: sheet.months.map((month) => ({ ...month, counts: pack(month.counts) })),
      previous: { ...sheet.previous, counts: pack(sheet.previous.counts) },
      children: sheet.children.map((row) => ({ id: row.id, now: pack(row.now), before: pack(row.before) })),
    },
  };
}

function unpackSheet(names: string[], packed: unknown): unknown {
  const unpack = (values: unknown): unknown =>
    Array.isArray(values)
      ? Object.fromEntries(names.flatMap((name, at) => (values[at] === null ? [] : [[name, values[at]]])))
      : values;
  const raw = packed as Record<string, unknown> & {
    months?: { counts: unknown }[];
    previous?: { counts: unknown };
    children?: { id: unknown; now: unknown; before: unknown }[];
  };
  return {
    ...raw,
    total: unpack(raw.total),
    months: raw.months?.map((month) => ({ ...month, counts: unpack(month.counts) })),
    previous: raw.previous && { ...raw.previous, counts: unpack(raw.previous.counts) },
    children: raw.children?.map((row) => ({ ...row, now: unpack(row.now), before: unpack(row.before) })),
  };
}

/** The compressed body of a sheet, as stored. */
export function encodeSheet(sheet: FigureSheet): Buffer {
  return gzipSync(JSON.stringify(packSheet(sheet)));
}

/** A stored body back to its sheet (checked: a body that does not decode is a StoredItemError). */
export function decodeSheet(body: Uint8Array): FigureSheet {
  const stored = decodeItem(storedSchema, 'figure sheet', JSON.parse(gunzipSync(body).toString('utf8')));
  return decodeItem(
    sheetSchema,
    'figure sheet',
    unpackSheet(stored.names, stored.sheet) as Record<string, unknown>,
  );
}

const itemSchema = z.object({ body: z.instanceof(Uint8Array) });

/** The night index a sheet carries, as the final rule takes it (undefined on a sheet without one). */
export function sheetNights(sheet: FigureSheet): KnownNights | undefined {
  if (!sheet.nights) return undefined;
  const { from, through, done } = sheet.nights;
  const days = new Set<LocalDay>();
  for (let day = from, at = 0; day <= through; day = addDays(day, 1), at++)
    if (done[at] === '1') days.add(day);
  return { from, through, done: days };
}

/**
 * The sheets of `units` over exactly [from, to] that are current — built from the aggregates' present
 * generation, read in the same BatchGet (one per 100 keys) — by unit; absent and stale ones left out.
 */
export async function getFigureSheets(
  store: Store,
  units: string[],
  from: LocalDay,
  to: LocalDay,
): Promise<Map<string, FigureSheet>> {
  if (units.length === 0) return new Map();
  const items = await batchGet(store, [generationKey, ...units.map((unit) => sheetKey(unit, from, to))]);
  const generation = generationOf(items.find((item) => item.pk === generationKey.pk));
  const sheets = items
    .filter((item) => item.pk !== generationKey.pk)
    .map((item) => decodeSheet(decodeItem(itemSchema, 'figure sheet', item).body))
    .filter((sheet) => sheet.generation === generation);
  return new Map(sheets.map((sheet) => [sheet.unit, sheet]));
}

/** The current sheet of `unit` over exactly [from, to], or undefined (none, or stale: the caller computes). */
export async function getFigureSheet(
  store: Store,
  unit: string,
  from: LocalDay,
  to: LocalDay,
): Promise<FigureSheet | undefined> {
  return (await getFigureSheets(store, [unit], from, to)).get(unit);
}

/** Writes (overwrites) sheets, 25 to a BatchWriteItem. */
export async function putFigureSheets(store: Store, sheets: FigureSheet[], now: Date): Promise<number> {
  const expiresAt = Math.floor(now.getTime() / 1000) + SHEET_TTL_DAYS * 86_400;
  const requests = sheets.map((sheet) => ({
    PutRequest: {
      Item: {
        ...sheetKey(sheet.unit, sheet.from, sheet.to),
        type: 'sheet',
        body: encodeSheet(sheet),
        expiresAt,
      },
    },
  }));
  // BatchWriteItem takes at most 25 requests.
  for (let start = 0; start < requests.length; start += 25) {
    await writeBatch(store, requests.slice(start, start + 25), 'figure sheets');
  }
  return requests.length;
}

/** The period of the same length just before [from, to]: the change columns compare with it. */
export function previousPeriod(from: LocalDay, to: LocalDay): SheetRange {
  const length = daysBetween(from, to) + 1;
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

/**
 * The standard periods as of `today` (the local day the nightly run ends in, the day its readers
 * see): the month, quarter and year to date, and the last whole month, quarter and year. A page's
 * default period is one of the first three (shared/views/dashboard/period-query.ts).
 */
export function standardPeriods(today: LocalDay): SheetRange[] {
  return (['month', 'quarter', 'year'] as const).flatMap((granularity) => {
    const start = periodStart(today, granularity);
    const lastStart = periodStart(addDays(start, -1), granularity);
    return [
      { from: start, to: today },
      { from: lastStart, to: periodEnd(lastStart, granularity) },
    ];
  });
}

/** Whether [from, to] is a standard period as of `today`. */
export function isStandardPeriod(from: LocalDay, to: LocalDay, today: LocalDay): boolean {
  return standardPeriods(today).some((period) => period.from === from && period.to === to);
}

export type { Counts };
