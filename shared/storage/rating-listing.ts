/**
 * Listing ratings (DESIGN §8 `GET /v1/ratings`, the dashboard's comments): the ratings of a subtree
 * returned in a period, read from gsi2 (`RATINGS#<unit>`, `<returned day>#<rid>`) unit by unit in
 * path order, with cursors authenticated by HMAC and bound to the query; the latest ratings of a unit.
 * The rating's write and its decoding are ./ratings.ts (issue #20: one job per module).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { LocalDay } from '../time';
import type { Keyring } from '../tokens';
import type { Store } from './client';
import { badCursor, openCursor, sealCursor } from './cursor';
import { DOSSIER_SK, dossierKey, ratingsListPk } from './dossiers';
import { SEPARATE_RATING_SK } from './dossier-item';
import { guarded, type Item } from './dynamo';
import { type Rating, ratingFromItem } from './rating-encoding';

/** A ratings listing: the ratings of `units` (a subtree, in path order) returned in [from, to]. */
export interface RatingsQuery {
  /** The unit the caller asked for (the subtree's root), bound into the cursor. */
  root: string;
  units: string[];
  from: LocalDay;
  to: LocalDay;
}

/** Where a listing resumes: a unit of the subtree and, inside it, the last listed rating. */
export interface RatingsPosition {
  unit: number;
  after?: { listSk: string; itemSk: string } | undefined;
}

const CURSOR_CONTEXT = 'hailong /v1/ratings cursor v1';
const cursorFieldsSchema = z.object({
  u: z.string(),
  s: z.optional(z.string()),
  i: z.optional(z.enum([DOSSIER_SK, SEPARATE_RATING_SK])),
});
const cursorBinding = (query: RatingsQuery) => `${query.root}\n${query.from}\n${query.to}`;

/**
 * The cursor of a position: opaque, bound to the query and authenticated (./cursor.ts), so a client
 * cannot hand DynamoDB a key of its own making.
 */
export function ratingsCursor(keyring: Keyring, query: RatingsQuery, position: RatingsPosition): string {
  return sealCursor(keyring, CURSOR_CONTEXT, cursorBinding(query), {
    u: query.units[position.unit],
    ...(position.after ? { s: position.after.listSk, i: position.after.itemSk } : {}),
  });
}

/** The position a cursor names, checked before anything is read (422 naming `cursor` otherwise). */
export function openRatingsCursor(keyring: Keyring, query: RatingsQuery, cursor: string): RatingsPosition {
  const decoded = openCursor(keyring, CURSOR_CONTEXT, cursorBinding(query), cursor, cursorFieldsSchema);
  const unit = query.units.indexOf(decoded.u);
  // A unit moved out of the subtree since the cursor was made.
  if (unit < 0) throw badCursor();
  const after =
    decoded.s !== undefined && decoded.i !== undefined ? { listSk: decoded.s, itemSk: decoded.i } : undefined;
  if (after && !/^\d{4}-\d{2}-\d{2}#[A-Za-z0-9_-]{16}$/.test(after.listSk)) throw badCursor();
  return { unit, after };
}

/** Reads up to `limit` ratings from `start`; answers them and where to go on (undefined at the end). */
export async function readRatings(
  store: Store,
  query: RatingsQuery,
  start: RatingsPosition,
  limit: number,
): Promise<{ ratings: Rating[]; next: RatingsPosition | undefined }> {
  const ratings: Rating[] = [];
  let position: RatingsPosition = { ...start };
  while (position.unit < query.units.length && ratings.length < limit) {
    const unit = query.units[position.unit]!;
    const after = position.after;
    const page = await guarded(() =>
      store.db.send(
        new QueryCommand({
          TableName: store.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': ratingsListPk(unit),
            ':from': `${query.from}#`,
            ':to': `${query.to}#~`,
          },
          Limit: limit - ratings.length,
          // Built here from the position, never taken from the client.
          ExclusiveStartKey: after && {
            pk: dossierKey(after.listSk.slice(11)).pk,
            sk: after.itemSk,
            gsi2pk: ratingsListPk(unit),
            gsi2sk: after.listSk,
          },
        }),
      ),
    );
    for (const item of (page.Items ?? []) as Item[]) {
      const rating = ratingFromItem(item);
      if (rating) ratings.push(rating);
    }
    const last = page.LastEvaluatedKey;
    position = last
      ? { unit: position.unit, after: { listSk: String(last.gsi2sk), itemSk: String(last.sk) } }
      : { unit: position.unit + 1 };
  }
  return { ratings, next: position.unit < query.units.length ? position : undefined };
}

/** One page of a listing from an optional cursor, with the cursor of the next page (null at the end). */
export async function listRatings(
  store: Store,
  keyring: Keyring,
  query: RatingsQuery,
  options: { cursor?: string | undefined; limit: number },
): Promise<{ ratings: Rating[]; nextCursor: string | null }> {
  const start = options.cursor ? openRatingsCursor(keyring, query, options.cursor) : { unit: 0 };
  const page = await readRatings(store, query, start, options.limit);
  return { ratings: page.ratings, nextCursor: page.next ? ratingsCursor(keyring, query, page.next) : null };
}

/**
 * The latest ratings (by return day, newest first) of one unit whose dossier was returned in
 * [from, to]: one query of at most `limit` items (the dashboard's comments, bounded by construction).
 */
export async function latestRatingsOfUnit(
  store: Store,
  unit: string,
  from: LocalDay,
  to: LocalDay,
  limit: number,
): Promise<Rating[]> {
  const result = await guarded(() =>
    store.db.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': ratingsListPk(unit), ':from': `${from}#`, ':to': `${to}#~` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    ),
  );
  return ((result.Items ?? []) as Item[]).flatMap((item) => ratingFromItem(item) ?? []);
}
