/** Brute-force recounts and table dumps for checking the stored aggregates (tests only). */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { addCounts, periodKey } from '../../shared/storage/aggregates';
import type { AggregationFamily, Contribution, Counts } from '../../shared/aggregation/family-contract';
import type { Store } from '../../shared/storage/client';
import { dayChangesOfItem } from '../../shared/storage/day-buckets';
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
  const add = (family: AggregationFamily, contribution: Contribution) => {
    for (const unit of paths.get(contribution.unit) ?? [contribution.unit]) {
      for (const period of Object.values(periodKey)) {
        const key = `AGG#${family.name}#${unit}|${period(contribution.day)}`;
        expected.set(key, addCounts(expected.get(key) ?? {}, contribution.counts));
      }
    }
  };
  // A family's day groups (repeated comments): keys hold the arrival's day, so grouping all at once
  // is grouping day by day.
  const groups = new Map<string, { family: AggregationFamily; members: { unit: string; day: string }[] }>();
  for (const item of items) {
    for (const arrival of dayChangesOfItem(item)) {
      for (const family of families.filter((candidate) => candidate.kinds.includes(arrival.kind))) {
        for (const contribution of family.contribute(arrival)) add(family, contribution);
        const member = family.dayGroups?.memberOf(arrival);
        if (member) {
          const group = groups.get(`${family.name}\t${member.key}`) ?? { family, members: [] };
          group.members.push(member);
          groups.set(`${family.name}\t${member.key}`, group);
        }
      }
    }
  }
  for (const { family, members } of groups.values()) {
    for (const contribution of family.dayGroups!.counts(members)) add(family, contribution);
  }
  return expected;
}
