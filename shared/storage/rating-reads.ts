/**
 * The reads of one dossier's rating: the dossier with its rating and its link's refusals in one Query
 * of its partition (the rating page, and the rating write saying why its condition failed).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';
import { type Dossier, DOSSIER_SK, dossierFromItem, dossierKey } from './dossiers';
import { refusalsOfItem, SEPARATE_RATING_SK } from './dossier-item';
import { guarded, type Item } from './dynamo';
import { type Rating, ratingFromItem } from './rating-encoding';

/**
 * The dossier with its rating (and a separate rating item, if any) in one Query of its partition, and
 * the link's count of refused submissions.
 */
export async function getDossierState(
  store: Store,
  rid: string,
  { consistent = true }: { consistent?: boolean } = {},
): Promise<{
  dossier?: Dossier | undefined;
  rating?: Rating | undefined;
  refusals?: { window: number; count: number } | undefined;
}> {
  const result = await guarded(() =>
    store.db.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': dossierKey(rid).pk },
        ConsistentRead: consistent,
      }),
    ),
  );
  const items = (result.Items ?? []) as Item[];
  const dossierItem = items.find((item) => item.sk === DOSSIER_SK);
  const separate = items.find((item) => item.sk === SEPARATE_RATING_SK);
  const rating = (dossierItem && ratingFromItem(dossierItem)) ?? (separate && ratingFromItem(separate));
  const refusals = dossierItem && refusalsOfItem(dossierItem);
  return { dossier: dossierItem && dossierFromItem(dossierItem), rating, refusals };
}

export async function getRating(store: Store, rid: string): Promise<Rating | undefined> {
  return (await getDossierState(store, rid)).rating;
}
