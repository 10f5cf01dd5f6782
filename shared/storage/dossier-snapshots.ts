/**
 * Day snapshots of a dossier's life and their due entries (DESIGN §5; the state's schema is the
 * dossier item's, ./dossier-item.ts; the algebra is shared/aggregation/dossier-life.ts).
 *
 * Keys: `pk = DOSSIER#<rid>`, `sk = SNAP#<local day>` — one item per dossier and day a report changed
 * it, beside the dossier item. Arrival bucket on gsi1: `gsi1pk = ARRIVED#<day>#<shard>`,
 * `gsi1sk = SNAP#<rid>`, so the nightly job of that day reads it with the day's other arrivals.
 * Due index on gsi2 (sparse, only while time alone can still change the state):
 * `gsi2pk = DUE#<day>#<shard>`, `gsi2sk = <rid>` — the job of that day reads the crossings due.
 * `version` is the dossier item's version the snapshot was derived from: a put never replaces a
 * snapshot derived from a newer version (concurrent reports, a repair racing a change).
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Snapshot } from '../dossier/life';
import type { LocalDay } from '../time';
import type { Store } from './client';
import { arrivalBucket, arrivalShard, dossierKey } from './dossiers';
import { countedRatingSchema, dossierStateSchema } from './dossier-item';
import { decodeItem, guarded, type Item, isConditionFailed, queryPages } from './dynamo';
import { arrivalShardCount } from './table';

export const SNAPSHOT_ARRIVAL_PREFIX = 'SNAP#';

export const snapshotKey = (rid: string, day: LocalDay) => ({ pk: dossierKey(rid).pk, sk: `SNAP#${day}` });
export const dueBucket = (day: LocalDay, shard: number) => `DUE#${day}#${shard}`;

const snapshotSchema = z.object({
  rid: z.string(),
  day: z.string(),
  state: dossierStateSchema,
  prev: z.object({
    state: z.optional(dossierStateSchema),
    rating: z.optional(z.object({ ratedWithState: dossierStateSchema, rating: countedRatingSchema })),
  }),
  due: z.optional(z.string()),
  version: z.number(),
});

export type StoredSnapshot = Snapshot & { rid: string; version: number };

/** Drops undefined members so a state is stored as DynamoDB expects (no undefined values). */
export function compact<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function snapshotToItem(rid: string, snapshot: Snapshot, version: number): Item {
  const shard = arrivalShard(rid);
  return {
    ...snapshotKey(rid, snapshot.day),
    gsi1pk: arrivalBucket(snapshot.day, shard),
    gsi1sk: `${SNAPSHOT_ARRIVAL_PREFIX}${rid}`,
    ...(snapshot.due ? { gsi2pk: dueBucket(snapshot.due, shard), gsi2sk: rid } : {}),
    type: 'snapshot',
    rid,
    version,
    ...compact(snapshot),
  };
}

export function snapshotFromItem(item: Item): StoredSnapshot {
  return decodeItem(snapshotSchema, 'snapshot', item) as StoredSnapshot;
}

/**
 * Puts a snapshot derived from version `version` of its dossier item, unless one derived from a
 * newer version is already there (then it is left as it is: it holds more).
 */
export async function putSnapshot(
  store: Store,
  rid: string,
  snapshot: Snapshot,
  version: number,
): Promise<void> {
  try {
    await guarded(() =>
      store.db.send(
        new PutCommand({
          TableName: store.tableName,
          Item: snapshotToItem(rid, snapshot, version),
          ConditionExpression: 'attribute_not_exists(pk) OR version < :version',
          ExpressionAttributeValues: { ':version': version },
        }),
      ),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/**
 * Takes an older snapshot out of the due index: a newer snapshot written on or before its due day
 * counts the dossier from its own state, so the older crossing must never count (idempotent).
 */
export async function clearDue(store: Store, rid: string, day: LocalDay): Promise<void> {
  try {
    await guarded(() =>
      store.db.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: snapshotKey(rid, day),
          UpdateExpression: 'REMOVE gsi2pk, gsi2sk, due',
          ConditionExpression: 'attribute_exists(pk)',
        }),
      ),
    );
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
  }
}

/** The snapshots whose crossing is due on `day`, in one shard, page by page. */
export async function* dueSnapshotPages(
  store: Store,
  day: LocalDay,
  shard: number,
): AsyncGenerator<{ items: Item[]; read: number }> {
  const pages = queryPages(store, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': dueBucket(day, shard) },
  });
  for await (const page of pages) yield { items: page, read: page.length };
}

/** Every shard of the due index of `day` (tests and small tools; the job reads shard by shard). */
export async function dueSnapshots(store: Store, day: LocalDay): Promise<StoredSnapshot[]> {
  const found: StoredSnapshot[] = [];
  for (let shard = 0; shard < arrivalShardCount(); shard++) {
    for await (const page of dueSnapshotPages(store, day, shard))
      found.push(...page.items.map(snapshotFromItem));
  }
  return found;
}
