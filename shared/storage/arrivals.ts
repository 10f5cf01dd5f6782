/**
 * What arrived on a day, for the nightly job (DESIGN §5: it reads only the data that arrived that day,
 * in write-sharded day buckets, never scanning the table). Two arrival indexes, both bucketed
 * `ARRIVED#<local day>#<shard>`:
 *
 * - gsi1: dossiers (`D#<rid>`, the day they were registered), self-assessments (`S#<clientId>`) and
 *   ratings of the layout before one-request ratings (`R#<rid>`, items of their own);
 * - gsi3: ratings (`R#<rid>`, the day they were given), set on the dossier item by the rating's
 *   update, projecting only the facts the job reads.
 *
 * Every item is decoded here into a typed {@link Arrival}; no raw item reaches the aggregation.
 */
import { type Assessment, assessmentFromItem, SKILLS_ARRIVAL_PREFIX } from './assessments';
import type { Store } from './client';
import { arrivalBucket, type Dossier, DOSSIER_ARRIVAL_PREFIX, dossierFromItem } from './dossiers';
import { batchGet, type Item, queryPages } from './dynamo';
import { LEGACY_RATING_SK, RATING_ARRIVAL_PREFIX, type RatingFacts, ratingFactsFromItem } from './ratings';
import type { LocalDay } from '../time';

export type Arrival =
  | { kind: 'dossier'; dossier: Dossier }
  | { kind: 'rating'; rating: RatingFacts }
  | { kind: 'assessment'; assessment: Assessment };

export type ArrivalKind = Arrival['kind'];

/** The arrival an item of gsi1's day buckets stands for; undefined for a prefix nobody reads. */
function gsi1Arrival(item: Item): Arrival | undefined {
  const sk = String(item.gsi1sk ?? '');
  if (sk.startsWith(DOSSIER_ARRIVAL_PREFIX)) return { kind: 'dossier', dossier: dossierFromItem(item) };
  if (sk.startsWith(SKILLS_ARRIVAL_PREFIX))
    return { kind: 'assessment', assessment: assessmentFromItem(item) };
  if (sk.startsWith(RATING_ARRIVAL_PREFIX)) return { kind: 'rating', rating: ratingFactsFromItem(item) };
  return undefined;
}

const gsi3Arrival = (item: Item): Arrival => ({ kind: 'rating', rating: ratingFactsFromItem(item) });

/**
 * The arrivals of one shard of one day, page by page (a page holds at most ~1 MB of items);
 * `skipped` counts items of a prefix no reader knows.
 */
export async function* arrivalPages(
  store: Store,
  day: LocalDay,
  shard: number,
): AsyncGenerator<{ arrivals: Arrival[]; read: number; skipped: number }> {
  const bucket = arrivalBucket(day, shard);
  for (const [index, decode] of [
    ['gsi1', gsi1Arrival],
    ['gsi3', gsi3Arrival],
  ] as const) {
    const pages = queryPages(store, {
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': bucket },
    });
    for await (const page of pages) {
      // gsi1 copies no rating attributes: a legacy rating item's facts are read from the table.
      const legacy = page.filter((item) => item.sk === LEGACY_RATING_SK);
      const full = new Map(
        legacy.length > 0
          ? (
              await batchGet(
                store,
                legacy.map((item) => ({ pk: item.pk, sk: item.sk })),
              )
            ).map((item) => [String(item.pk), item])
          : [],
      );
      const arrivals: Arrival[] = [];
      for (const item of page) {
        const stored = item.sk === LEGACY_RATING_SK ? full.get(String(item.pk)) : item;
        // A legacy rating removed (TTL) between the index read and the table read is gone.
        const arrival = stored && decode(stored);
        if (arrival) arrivals.push(arrival);
      }
      yield { arrivals, read: page.length, skipped: page.length - arrivals.length };
    }
  }
}

/**
 * Every arrival a whole stored item carries (a rated dossier carries two: the dossier on its
 * registration day, the rating on its own), for checks that start from items (tests, benchmarks).
 */
export function arrivalsOfItem(item: Item): Arrival[] {
  const arrivals: Arrival[] = [];
  if (item.gsi1pk !== undefined) {
    const arrival = gsi1Arrival(item);
    if (arrival) arrivals.push(arrival);
  }
  if (item.gsi3pk !== undefined) arrivals.push(gsi3Arrival(item));
  return arrivals;
}
