/**
 * Which arrival days to aggregate again after units moved (DESIGN §6: roll-ups follow a move). A
 * unit's contributions (`CONTRIB#<family>#<unit>#<event day>` / `A#<arrival day>`) hold its own and
 * its descendants' counts, so the moved unit's contributions name every arrival day whose run wrote
 * to the old ancestors; rerunning those days rewrites the contributions along the new path and
 * deletes the old ones (engine step 2). Reads: one query for the unit's day aggregates, one per
 * event day with data — bounded by the days the unit has data for.
 */
import type { Store } from '../storage/client';
import { queryAll } from '../storage/dynamo';
import type { LocalDay } from '../time';
import { aggKey, contributionKey } from './engine';
import type { AggregationFamily } from './family';

export async function arrivalDaysOfUnit(
  store: Store,
  families: AggregationFamily[],
  unit: string,
): Promise<LocalDay[]> {
  const days = new Set<LocalDay>();
  for (const family of families) {
    const aggregates = await queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
      ExpressionAttributeValues: { ':pk': aggKey(family.name, unit, '').pk, ':day': 'D#' },
      ProjectionExpression: 'sk',
    });
    for (const aggregate of aggregates) {
      const eventDay = String(aggregate.sk).slice(2);
      const contributions = await queryAll(store, {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': contributionKey(family.name, unit, eventDay, '').pk },
        ProjectionExpression: 'sk',
      });
      for (const contribution of contributions) days.add(String(contribution.sk).slice(2));
    }
  }
  return [...days].sort();
}
