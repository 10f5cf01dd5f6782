/**
 * The one-time backfill of the received-day index (gsi5, ./dossier-received-index.ts) for the dossiers
 * stored before it existed (docs/deploy.md): apart from the index's module, which the report's write
 * path imports, because it reads the arrival buckets (./day-buckets.ts).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalDay } from '../time';
import { dayBucketPages } from './day-buckets';
import type { Store } from './client';
import { absent, dossierItemUpdate, exists } from './dossier-item';
import { receivedIndexKeys } from './dossier-received-index';
import { dossierKey } from './dossiers';
import { guarded, isConditionFailed } from './dynamo';
import { arrivalShardCount } from './table';

/**
 * The one-time backfill of gsi5 for the dossiers of one arrival day (docs/deploy.md): every dossier
 * that arrived or changed that day — its day snapshots and wave-1 registrations in the day's buckets,
 * never a scan — gets its keys, unless it has them already (idempotent; a report's own write never
 * conflicts: it sets the same keys). Answers the dossiers seen and those updated.
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
    const keys = receivedIndexKeys(dossier);
    try {
      await guarded(() =>
        store.db.send(
          new UpdateCommand({
            TableName: store.tableName,
            Key: dossierKey(dossier.rid),
            ...dossierItemUpdate()
              .set('gsi5pk', keys.gsi5pk)
              .set('gsi5sk', keys.gsi5sk)
              .require(exists('pk'), absent('gsi5pk'))
              .expressions(),
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
