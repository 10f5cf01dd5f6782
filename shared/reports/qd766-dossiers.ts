/**
 * The dossiers that cost a Decision 766 metric its points (`GET /v1/scores/qd766/dossiers`, DESIGN
 * §4.5, §8): the query, the metric it names, a listed dossier's row (JSON) and its CSV line. Which
 * dossiers are listed is the membership rule's (shared/indexes/qd766-dossier-membership.ts); where they
 * are read from, the received-day index's (shared/storage/dossier-received-index.ts). The words of the
 * failures and the CSV headers come from the language catalogs (shared/i18n/catalogs/*.json).
 */
import * as z from 'zod/mini';
import { checkRange, localDaySchema } from '../date-range';
import { BadRequestError } from '../errors';
import { builtInCatalogs, type Lang } from '../i18n';
import type { CatalogueProcedure } from '../indexes/qd766';
import {
  type Qd766DossierFailure,
  type Qd766DossierMetric,
  qd766DossierMembership,
  qd766DossierMetric,
  qd766DossierMetricRules,
} from '../indexes/qd766-dossier-membership';
import type { Qd766MetricRule } from '../indexes/qd766-scorecard';
import { qd766Status } from '../indexes/dossier-rules';
import { authorizeUnit } from '../http/auth';
import type { ApiDeps } from '../http/deps';
import type { ApiKey } from '../storage/api-keys';
import { methodOptionsFromConfig } from '../indexes';
import { catalogueIndex } from '../indexes/qd766';
import type { Store } from '../storage/client';
import {
  type ReceivedDossier,
  type ReceivedPosition,
  type ReceivedQuery,
  readReceivedDossiers,
} from '../storage/dossier-received-index';
import { guarded } from '../storage/dynamo';
import { cachedProcedures } from '../storage/procedures';
import type { Unit } from '../storage/units';
import { unitIdSchema } from '../storage/units';
import { type LocalDay, localDay } from '../time';
import { csvHeaderLine, csvId, csvLine, csvText } from './csv';

/** A page holds at most this many dossiers (default 100). */
export const QD766_DOSSIERS_PAGE_MAX = 100;
/** The longest period a listing covers: a year. */
export const QD766_DOSSIERS_MAX_DAYS = 366;

export const qd766DossiersQuerySchema = z.strictObject({
  unit: unitIdSchema,
  from: localDaySchema,
  to: localDaySchema,
  /** The portal's metric code (DOSSIER_SYNC…), or hailong's key where the portal gives none (progress.onTime). */
  metric: z.string().check(z.minLength(1), z.maxLength(64)),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(QD766_DOSSIERS_PAGE_MAX))),
  /** The language of the CSV's headers and failure words (JSON carries both). */
  lang: z.optional(z.enum(['vi', 'en'])),
});

/** How a metric is named in a request: its portal code, else its key. */
const nameOf = (rule: Qd766MetricRule) => rule.code ?? rule.key;

/**
 * The listed metric `metric` names, or a 400 naming the valid ones: a catalogue or province-wide
 * metric, a feedback metric, or an unknown code has no dossiers to list.
 */
export function listedMetric(metric: string): Qd766MetricRule & { key: Qd766DossierMetric } {
  const rule = qd766DossierMetric(metric);
  if (rule) return rule as Qd766MetricRule & { key: Qd766DossierMetric };
  const valid = qd766DossierMetricRules().map(nameOf).join(', ');
  throw new BadRequestError({
    vi: `Chỉ số “${metric}” không tính theo từng hồ sơ (hoặc không có). Các chỉ số có danh sách hồ sơ: ${valid}.`,
    en: `Metric “${metric}” is not counted per dossier (or does not exist). Metrics with a dossier listing: ${valid}.`,
  });
}

/** The last night counted: the listing judges open dossiers as of it, as the counters do. */
export function lastCountedDay(now: Date): LocalDay {
  const today = localDay(now);
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day - 1)).toISOString().slice(0, 10);
}

const textsOf = (lang: Lang) => builtInCatalogs.find((catalog) => catalog.tag === lang)!.texts;
const failureText = (lang: Lang, failure: Qd766DossierFailure) => textsOf(lang).qd766Failures[failure];

/** A failure in both languages (the JSON answer), from the catalogs. */
export function failureWords(failure: Qd766DossierFailure): { key: Qd766DossierFailure; vi: string; en: string } {
  return { key: failure, vi: failureText('vi', failure), en: failureText('en', failure) };
}

/** What a row names besides the dossier: unit and procedure names. */
export interface RowNames {
  units: ReadonlyMap<string, string>;
  procedure: (code: string) => (CatalogueProcedure & { name?: string }) | undefined;
}

export interface Qd766DossierRow {
  rid: string;
  code: string;
  unit: { id: string; name: string | null };
  procedure: { code: string; name: string | null };
  /** Local days (Asia/Ho_Chi_Minh). */
  receivedDay: LocalDay;
  dueDay: LocalDay;
  /** The end of processing (finished, else returned, else refused or stopped) as of `asOf`; null while open. */
  finishedDay: LocalDay | null;
  failure: ReturnType<typeof failureWords>;
}

/** The row of a dossier that failed the metric, or undefined when it did not. */
export function qd766DossierRow(
  dossier: ReceivedDossier,
  metric: Qd766DossierMetric,
  asOf: LocalDay,
  names: RowNames,
  inProgressCountsOnTime: boolean,
): Qd766DossierRow | undefined {
  const procedure = names.procedure(dossier.procedure);
  const membership = qd766DossierMembership(dossier.state, metric, {
    asOf,
    procedure,
    inProgressCountsOnTime,
  });
  if (!membership.failure) return undefined;
  const end = qd766Status(dossier.state, asOf).endAt;
  return {
    rid: dossier.rid,
    code: dossier.code,
    unit: { id: dossier.unit, name: names.units.get(dossier.unit) ?? null },
    procedure: { code: dossier.procedure, name: procedure?.name ?? null },
    receivedDay: localDay(dossier.receivedAt),
    dueDay: localDay(dossier.dueAt),
    finishedDay: end === undefined ? null : localDay(end),
    failure: failureWords(membership.failure),
  };
}

const CSV_COLUMNS = [
  'columnCode',
  'columnUnit',
  'columnProcedureCode',
  'columnProcedure',
  'columnReceived',
  'columnDue',
  'columnFinished',
  'columnFailure',
] as const;

/** The CSV's header line (with the byte-order mark spreadsheets need), in `lang`. */
export function qd766DossiersCsvHeader(lang: Lang): string {
  const words = textsOf(lang).qd766Dossiers;
  return csvHeaderLine(CSV_COLUMNS.map((column) => words[column]));
}

/** One CSV line: names, not ids; local days; the failure in words. */
export function qd766DossiersCsvLine(row: Qd766DossierRow, lang: Lang): string {
  return csvLine([
    csvId(row.code),
    csvText(row.unit.name ?? row.unit.id),
    csvId(row.procedure.code),
    csvText(row.procedure.name),
    csvId(row.receivedDay),
    csvId(row.dueDay),
    csvId(row.finishedDay),
    csvText(failureText(lang, row.failure.key)),
  ]);
}

/** A listing ready to read: the metric, the day it judges as of, what to read and which to keep. */
export interface Qd766DossierListing {
  metric: Qd766MetricRule & { key: Qd766DossierMetric };
  asOf: LocalDay;
  query: ReceivedQuery;
  /** Nothing can be listed: the period starts after the last night counted. */
  empty: boolean;
  keep: (dossier: ReceivedDossier) => boolean;
  /** The row of a kept dossier. */
  rowOf: (dossier: ReceivedDossier) => Qd766DossierRow;
}

/**
 * Opens the listing of the dossiers of `units` (the subtree of `root`, in path order) that failed
 * `metric` among those received in [from, to] — the metric checked (400), the catalogue read once,
 * open dossiers judged as of the last night counted (yesterday: what `/v1/scores` counts).
 */
export async function openQd766DossierListing(
  deps: Pick<ApiDeps, 'store' | 'config' | 'now'>,
  root: Unit,
  units: readonly Unit[],
  request: { from: LocalDay; to: LocalDay; metric: string },
): Promise<Qd766DossierListing> {
  const metric = listedMetric(request.metric);
  const asOf = lastCountedDay(deps.now());
  const to = request.to < asOf ? request.to : asOf;
  const empty = to < request.from;
  const find = catalogueIndex(await guarded(() => cachedProcedures(deps.store)));
  const names: RowNames = { units: new Map(units.map((unit) => [unit.id, unit.name])), procedure: find };
  const inProgressCountsOnTime = methodOptionsFromConfig(deps.config).qd766.inProgressCountsOnTime;
  const rows = new WeakMap<ReceivedDossier, Qd766DossierRow>();
  return {
    metric,
    asOf,
    empty,
    query: {
      root: root.id,
      // The cursor is bound to the query as asked (the range read grows with the nights).
      binding: `${metric.key}\n${request.to}`,
      units: units.map((unit) => unit.id),
      from: request.from,
      to: empty ? request.from : to,
    },
    keep(dossier) {
      const row = qd766DossierRow(dossier, metric.key, asOf, names, inProgressCountsOnTime);
      if (row) rows.set(dossier, row);
      return row !== undefined;
    },
    rowOf: (dossier) => rows.get(dossier)!,
  };
}

/**
 * The listing an API key asks for, from `GET /v1/scores/qd766/dossiers` or the dashboard's CSV link:
 * the period checked (at most {@link QD766_DOSSIERS_MAX_DAYS}), then the unit within the key's scope
 * (`scores:read`, no citizen's words), then its subtree's listing.
 */
export async function openScopedQd766DossierListing(
  deps: Pick<ApiDeps, 'store' | 'config' | 'now' | 'units'>,
  key: ApiKey,
  request: { unit: string; from: LocalDay; to: LocalDay; metric: string },
): Promise<{ root: Unit; listing: Qd766DossierListing }> {
  checkRange(request.from, request.to, QD766_DOSSIERS_MAX_DAYS);
  const root = await authorizeUnit(deps.units, key, 'scores:read', request.unit);
  const listing = await openQd766DossierListing(deps, root, await deps.units.subtree(root.id), request);
  return { root, listing };
}

/** The headers of a listing's CSV download. */
export const qd766DossiersCsvHeaders = (listing: Qd766DossierListing, from: LocalDay, to: LocalDay) => ({
  'content-type': 'text/csv; charset=utf-8',
  'content-disposition': `attachment; filename="${qd766DossiersFileName(listing, from, to)}"`,
});

/**
 * Every row of a listing from `start` to its end as CSV (header first; UTF-8 with BOM), read page by
 * page as the client takes it. A read failing mid-stream errors the stream: the client sees a broken
 * transfer, never a file silently cut short.
 */
export function qd766DossiersCsvStream(
  store: Store,
  listing: Qd766DossierListing,
  start: ReceivedPosition | undefined,
  lang: Lang,
): ReadableStream<Uint8Array> {
  let position = listing.empty ? undefined : start;
  const encoder = new TextEncoder();
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (first) {
        first = false;
        controller.enqueue(encoder.encode(qd766DossiersCsvHeader(lang)));
        return;
      }
      if (!position) {
        controller.close();
        return;
      }
      const page = await readReceivedDossiers(store, listing.query, position, {
        limit: 500,
        asOf: listing.asOf,
        keep: listing.keep,
      });
      position = page.next;
      const text = page.dossiers.map((dossier) => qd766DossiersCsvLine(listing.rowOf(dossier), lang)).join('');
      if (text) controller.enqueue(encoder.encode(text));
    },
  });
}

/** The CSV's file name: the metric, the unit and the period. */
export const qd766DossiersFileName = (listing: Qd766DossierListing, from: LocalDay, to: LocalDay) =>
  `qd766-${listing.metric.code ?? listing.metric.key}-${listing.query.root}-${from}-${to}.csv`;
