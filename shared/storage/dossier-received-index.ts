/**
 * The dossiers of a unit by the day they were received (DESIGN §4.5, issue 22): the sparse index gsi5,
 * `gsi5pk = RECEIVED#<unit>#<YYYY-MM>`, `gsi5sk = <received day>#<rid>`, carried by one tiny item per
 * dossier, `DOSSIER#<rid>` / `RECEIVED` ({@link receivedIndexItem}), written when the dossier is first
 * stored (./dossier-reports.ts; a resend writes it again, repairing a crash in between) and by the
 * one-time backfill (`npm run admin -- dossiers backfill-received-index`, ./dossier-received-backfill.ts).
 * The keys live on an item of their own, not on the dossier item: the rating's one UpdateItem and every
 * report of the dossier then write no index copy (DESIGN §7: the cost of a rating), and the dossier
 * item does not grow.
 *
 * Every dossier-level metric of the scorecard counts a dossier on its received day, so this one index
 * lists them all. A month per partition keeps a partition a unit's month of dossiers; a period of at
 * most a year is at most 13 partitions per unit.
 *
 * The listing reads the subtree's units in path order, each month in order, each by received day, and
 * the dossiers found by key (one BatchGet per page: their counted state and rating); it keeps the
 * dossiers the membership rule (shared/indexes/qd766-dossier-membership.ts) puts in the metric's
 * denominator and not its numerator. A page reads at most {@link READ_BUDGET} items and
 * {@link QUERY_BUDGET} queries, so a page of few failures among many dossiers answers fewer rows and a
 * cursor rather than reading on: every request is bounded. The cursor is opaque, bound to the query
 * and authenticated (HMAC-SHA-256 under a key derived from the signing key), as /v1/ratings' is.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { type DossierState, stateReportedAtReturn } from '../dossier/life';
import { DomainError } from '../errors';
import { type LocalDay, localDay } from '../time';
import type { Keyring } from '../tokens';
import type { Store } from './client';
import { badCursor, openCursor, sealCursor } from './cursor';
import { dossierStateSchema } from './dossier-item';
import { dossierKey } from './dossiers';
import { batchGet, decodeItem, guarded, type Item } from './dynamo';

export const receivedIndexPk = (unit: string, month: string) => `RECEIVED#${unit}#${month}`;
export const receivedIndexSk = (day: LocalDay, rid: string) => `${day}#${rid}`;

/** The gsi5 keys of a dossier: its unit and the local day it was received. */
export function receivedIndexKeys(dossier: { rid: string; unit: string; receivedAt: string }): {
  gsi5pk: string;
  gsi5sk: string;
} {
  const day = localDay(dossier.receivedAt);
  return {
    gsi5pk: receivedIndexPk(dossier.unit, day.slice(0, 7)),
    gsi5sk: receivedIndexSk(day, dossier.rid),
  };
}

/** The sort key of a dossier's received-day index item (beside `DOSSIER`, its snapshots and the rest). */
export const RECEIVED_SK = 'RECEIVED';

/** A dossier's received-day index item: its keys and the index's, nothing else. */
export function receivedIndexItem(dossier: { rid: string; unit: string; receivedAt: string }): Item {
  return {
    pk: dossierKey(dossier.rid).pk,
    sk: RECEIVED_SK,
    type: 'received',
    rid: dossier.rid,
    ...receivedIndexKeys(dossier),
  };
}

/** Writes (or writes again: the same item) a dossier's received-day index item. */
export async function putReceivedIndex(
  store: Store,
  dossier: { rid: string; unit: string; receivedAt: string },
): Promise<void> {
  await guarded(() =>
    store.db.send(new PutCommand({ TableName: store.tableName, Item: receivedIndexItem(dossier) })),
  );
}

/** A dossier as the listing reads it, with its state as counted by the night of `asOf`. */
export interface ReceivedDossier {
  rid: string;
  code: string;
  unit: string;
  procedure: string;
  receivedAt: string;
  dueAt: string;
  /** The state the nightly counters hold as of `asOf` (its rating once counted). */
  state: Omit<DossierState, 'rating'> & { rating?: { overall: number; ratedAt: string } | undefined };
}

const receivedItemSchema = z.object({
  rid: z.string(),
  code: z.string(),
  unit: z.string(),
  procedure: z.string(),
  receivedAt: z.string(),
  dueAt: z.string(),
  state: z.optional(dossierStateSchema),
  stateDay: z.optional(z.string()),
  priorState: z.optional(dossierStateSchema),
  priorDay: z.optional(z.string()),
  legacyState: z.optional(dossierStateSchema),
  channel: z.optional(z.enum(['online', 'counter', 'postal'])),
  returnedAt: z.optional(z.string()),
  supplementRequests: z.optional(z.number()),
  complaint: z.optional(z.boolean()),
  overall: z.optional(z.number()),
  ratedAt: z.optional(z.string()),
});

/**
 * A gsi5 item decoded, with the state counted as of `asOf` — the latest snapshot's when its day is on
 * or before `asOf`, else the one before it (a report after the last night is not counted yet); a
 * dossier first reported after `asOf` is not counted at all (undefined). A wave-1 dossier never
 * changed is counted with its registration's state. Its rating joins the state once counted (on the
 * later of its day and the return's, as the rating's own delta is).
 */
export function receivedDossierFromItem(item: Item, asOf: LocalDay): ReceivedDossier | undefined {
  const stored = decodeItem(receivedItemSchema, 'received dossier', item);
  let state: DossierState | undefined;
  if (stored.state !== undefined) {
    if (stored.stateDay !== undefined && stored.stateDay <= asOf) state = stored.state;
    else if (stored.priorState !== undefined && stored.priorDay !== undefined && stored.priorDay <= asOf)
      state = stored.priorState;
  } else if (stored.legacyState !== undefined) state = stored.legacyState;
  else if (
    stored.channel !== undefined &&
    stored.returnedAt !== undefined &&
    stored.supplementRequests !== undefined &&
    stored.complaint !== undefined
  )
    state = stateReportedAtReturn({
      unit: stored.unit,
      channel: stored.channel,
      receivedAt: stored.receivedAt,
      dueAt: stored.dueAt,
      returnedAt: stored.returnedAt,
      supplementRequests: stored.supplementRequests,
      complaint: stored.complaint,
    });
  if (state === undefined) return undefined;
  const { rid, code, unit, procedure, receivedAt, dueAt } = stored;
  const base = { rid, code, unit, procedure, receivedAt, dueAt };
  if (state.rating === undefined && stored.overall !== undefined && stored.ratedAt !== undefined) {
    const ratedDay = localDay(stored.ratedAt);
    const returnedDay = state.returnedAt === undefined ? ratedDay : localDay(state.returnedAt);
    const countedOn = ratedDay > returnedDay ? ratedDay : returnedDay;
    if (countedOn <= asOf)
      return { ...base, state: { ...state, rating: { overall: stored.overall, ratedAt: stored.ratedAt } } };
  }
  return { ...base, state };
}

/** A listing: the dossiers of `units` (a subtree, in path order) received in [from, to]. */
export interface ReceivedQuery {
  /**
   * The unit asked for (the subtree's root) and what else the cursor is bound to (the metric, the
   * period as asked); with `from`, the cursor's binding — not `to`, which grows with the nights.
   */
  root: string;
  binding: string;
  units: string[];
  from: LocalDay;
  to: LocalDay;
}

/** Where a listing resumes: a unit, a month of the period, the last item read in it. */
export interface ReceivedPosition {
  unit: number;
  month: number;
  after?: string | undefined;
}

/** The months (`YYYY-MM`) of a period, in order. */
export function monthsOf(from: LocalDay, to: LocalDay): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const name = `${year}-${String(month).padStart(2, '0')}`;
    if (name > last) return months;
    months.push(name);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

/**
 * The index is not there yet: DynamoDB is still building it after the upgrade that added it, or a local
 * table was made before it (docs/deploy.md). A state of the service, not of the request: 503, retry.
 */
export class ReceivedIndexNotReadyError extends DomainError {
  readonly status = 503;
  readonly code = 'unavailable';
  constructor() {
    super({
      vi: 'Chỉ mục hồ sơ theo ngày tiếp nhận chưa sẵn sàng (đang được xây dựng sau khi nâng cấp). Vui lòng thử lại sau.',
      en: 'The index of dossiers by received day is not ready yet (being built after an upgrade). Please try again later.',
    });
  }
}

/** DynamoDB's answer to a query of an index it is still building, or that the table lacks. */
const indexMissing = (error: unknown) =>
  error instanceof Error && error.name === 'ValidationException' && /index/i.test(error.message);

/** Sends a query of gsi5, turning "no such index (yet)" into {@link ReceivedIndexNotReadyError}. */
async function sendQuery(store: Store, command: QueryCommand) {
  try {
    return await store.db.send(command);
  } catch (error) {
    if (indexMissing(error)) throw new ReceivedIndexNotReadyError();
    throw error;
  }
}

/** The dossier items the index items of a page name, in the index's order (one BatchGet per 100). */
async function dossiersOf(store: Store, entries: Item[]): Promise<Item[]> {
  const found = await guarded(() =>
    batchGet(
      store,
      entries.map((entry) => dossierKey(String(entry.rid))),
    ),
  );
  const byRid = new Map(found.map((item) => [String(item.rid), item]));
  return entries.flatMap((entry) => {
    const dossier = byRid.get(String(entry.rid));
    // The index item is written after the dossier: a dossier is never missing but in a race with
    // its own first write; the listing then leaves it out, as a night not yet counted would.
    return dossier ? [{ ...dossier, gsi5sk: entry.gsi5sk }] : [];
  });
}

/** Items a page reads at most, and queries (empty months count), whatever it finds. */
export const READ_BUDGET = 1000;
export const QUERY_BUDGET = 60;

const CURSOR_CONTEXT = 'hailong /v1/scores/qd766/dossiers cursor v1';
const cursorFieldsSchema = z.object({ u: z.string(), m: z.number(), s: z.optional(z.string()) });
const cursorBinding = (query: ReceivedQuery) => `${query.root}\n${query.binding}\n${query.from}`;

export function receivedCursor(keyring: Keyring, query: ReceivedQuery, position: ReceivedPosition): string {
  return sealCursor(keyring, CURSOR_CONTEXT, cursorBinding(query), {
    u: query.units[position.unit],
    m: position.month,
    ...(position.after ? { s: position.after } : {}),
  });
}

/** The position a cursor names, checked before anything is read (422 naming `cursor` otherwise). */
export function openReceivedCursor(keyring: Keyring, query: ReceivedQuery, cursor: string): ReceivedPosition {
  const decoded = openCursor(keyring, CURSOR_CONTEXT, cursorBinding(query), cursor, cursorFieldsSchema);
  const unit = query.units.indexOf(decoded.u);
  // A unit moved out of the subtree since the cursor was made.
  if (unit < 0) throw badCursor();
  if (!Number.isInteger(decoded.m) || decoded.m < 0 || decoded.m >= monthsOf(query.from, query.to).length)
    throw badCursor();
  if (decoded.s !== undefined && !/^\d{4}-\d{2}-\d{2}#[A-Za-z0-9_-]{16}$/.test(decoded.s)) throw badCursor();
  return { unit, month: decoded.m, after: decoded.s };
}

/**
 * Reads from `start` until `limit` dossiers pass `keep`, the read budget is spent or the listing ends;
 * answers them and where to go on (undefined at the end).
 */
export async function readReceivedDossiers(
  store: Store,
  query: ReceivedQuery,
  start: ReceivedPosition,
  options: {
    limit: number;
    asOf: LocalDay;
    keep: (dossier: ReceivedDossier) => boolean;
    readBudget?: number;
  },
): Promise<{ dossiers: ReceivedDossier[]; next: ReceivedPosition | undefined }> {
  const months = monthsOf(query.from, query.to);
  const kept: ReceivedDossier[] = [];
  let position: ReceivedPosition = { ...start };
  let read = 0;
  let queries = 0;
  const budget = options.readBudget ?? READ_BUDGET;
  while (
    position.unit < query.units.length &&
    kept.length < options.limit &&
    read < budget &&
    queries < QUERY_BUDGET
  ) {
    const unit = query.units[position.unit]!;
    const pk = receivedIndexPk(unit, months[position.month]!);
    const after = position.after;
    queries++;
    const page = await guarded(() =>
      sendQuery(
        store,
        new QueryCommand({
          TableName: store.tableName,
          IndexName: 'gsi5',
          KeyConditionExpression: 'gsi5pk = :pk AND gsi5sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': pk, ':from': `${query.from}#`, ':to': `${query.to}#~` },
          Limit: Math.min(budget - read, 500),
          // Built here from the position, never taken from the client.
          ExclusiveStartKey: after
            ? { pk: dossierKey(after.slice(11)).pk, sk: RECEIVED_SK, gsi5pk: pk, gsi5sk: after }
            : undefined,
        }),
      ),
    );
    const entries = (page.Items ?? []) as Item[];
    const items = await dossiersOf(store, entries);
    let stoppedAt: string | undefined;
    for (const item of items) {
      read++;
      const dossier = receivedDossierFromItem(item, options.asOf);
      if (dossier && options.keep(dossier)) kept.push(dossier);
      if (kept.length >= options.limit) {
        stoppedAt = String(item.gsi5sk);
        break;
      }
    }
    // Stopped inside the page (a full page of rows), or the query's own page ended: go on from there.
    const last = stoppedAt ?? (page.LastEvaluatedKey ? String(page.LastEvaluatedKey.gsi5sk) : undefined);
    if (last !== undefined) position = { unit: position.unit, month: position.month, after: last };
    else if (position.month + 1 < months.length)
      position = { unit: position.unit, month: position.month + 1 };
    else position = { unit: position.unit + 1, month: 0 };
  }
  return { dossiers: kept, next: position.unit < query.units.length ? position : undefined };
}

/** One page of a listing from an optional cursor, with the cursor of the next page (null at the end). */
export async function listReceivedDossiers(
  store: Store,
  keyring: Keyring,
  query: ReceivedQuery,
  options: {
    cursor?: string | undefined;
    limit: number;
    asOf: LocalDay;
    keep: (dossier: ReceivedDossier) => boolean;
  },
): Promise<{ dossiers: ReceivedDossier[]; nextCursor: string | null }> {
  const start = options.cursor ? openReceivedCursor(keyring, query, options.cursor) : { unit: 0, month: 0 };
  const page = await readReceivedDossiers(store, query, start, options);
  return {
    dossiers: page.dossiers,
    nextCursor: page.next ? receivedCursor(keyring, query, page.next) : null,
  };
}
