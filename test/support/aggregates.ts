/** Brute-force recounts and table dumps for checking the stored aggregates (tests only). */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { addCounts, periodKey } from '../../shared/storage/aggregates';
import type { AggregationFamily, Counts } from '../../shared/aggregation/family';
import type { Store } from '../../shared/storage/client';
import { arrivalsOfItem } from '../../shared/storage/arrivals';
import type { Item } from '../../shared/storage/dynamo';
import { ancestry, type Unit } from '../../shared/storage/units';

/** Every `AGG#` item as `pk|sk` → counts (a Scan: fine in a test, never in the product). */
export async function dumpAggregates(store: Store): Promise<Map<string, Counts>> {
  const found = new Map<string, Counts>();
  let startKey: Item | undefined;
  do {
    const page = await store.db.send(
      new ScanCommand({
        TableName: store.tableName,
        FilterExpression: 'begins_with(pk, :agg)',
        ExpressionAttributeValues: { ':agg': 'AGG#' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) found.set(`${item.pk}|${item.sk}`, item.counts as Counts);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
}

/** What the aggregates must be: every item counted in its unit and ancestors, for each period of its day. */
export function recount(items: Item[], families: AggregationFamily[], units: Unit[]): Map<string, Counts> {
  const paths = new Map(units.map((unit) => [unit.id, ancestry(unit)]));
  const expected = new Map<string, Counts>();
  for (const item of items) {
    for (const arrival of arrivalsOfItem(item)) {
      for (const family of families.filter((candidate) => candidate.kinds.includes(arrival.kind))) {
        for (const contribution of family.contribute(arrival)) {
          for (const unit of paths.get(contribution.unit) ?? [contribution.unit]) {
            for (const period of Object.values(periodKey)) {
              const key = `AGG#${family.name}#${unit}|${period(contribution.day)}`;
              expected.set(key, addCounts(expected.get(key) ?? {}, contribution.counts));
            }
          }
        }
      }
    }
  }
  return expected;
}
