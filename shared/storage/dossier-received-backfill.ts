/**
 * The one-time backfill of the received-day index (gsi5, ./dossier-received-index.ts) for the dossiers
 * stored before it existed (docs/deploy.md): apart from the index's module, which the report's write
 * path imports, because it reads the arrival buckets (./day-buckets.ts).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalDay } from '../time';
import { dayBucketPages } from './day-buckets';
import type { Store } from './client';
import { receivedIndexItem } from './dossier-received-index';
import { guarded, isConditionFailed } from './dynamo';
import { arrivalShardCount } from './table';

/**
 * The one-time backfill of gsi5 for the dossiers of one arrival day (docs/deploy.md): every dossier
 * that arrived or changed that day — its day snapshots and wave-1 registrations in the day's buckets,
 * never a scan — gets its index item, unless it has one already (idempotent; a report's own write
 * never conflicts: it writes the same item). Answers the dossiers seen and those updated.
 */
export async function backfillReceivedIndexOfDay(
  store: Store,
  day: LocalDay,
): Promise<{ seen: number; updated: number }> {
  const dossiers = new Map<string, { rid: string; unit: string; receivedAt: string }>();
  for (let shard = 0; shard < arrivalShardCount(); shard++) {
    for await (const page of dayBucketPages(store, day, shard)) {
      for (const arrival of page.arrivals) {
        if (arrival.kind === 'dossier') dossiers.set(arrival.dossier.rid, arrival.dossier);
        else if (arrival.kind === 'snapshot') {
          const { rid, state } = arrival.snapshot;
          dossiers.set(rid, { rid, unit: state.unit, receivedAt: state.receivedAt });
        }
      }
    }
  }
  let updated = 0;
  for (const dossier of dossiers.values()) {
    try {
      await guarded(() =>
        store.db.send(
          new PutCommand({
            TableName: store.tableName,
            Item: receivedIndexItem(dossier),
            // Indexed already (by its report or an earlier backfill): nothing to do.
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      updated++;
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
  }
  return { seen: dossiers.size, updated };
}
