/**
 * The day buckets of changes the nightly job reads (DESIGN §5: it reads only the data that changed
 * that day, in write-sharded day buckets, never scanning the table). Two arrival indexes, both bucketed
 * `ARRIVED#<local day>#<shard>`:
 *
 * - gsi1: dossiers (`D#<rid>`, the day they were registered), self-assessments (`S#<clientId>`) and
 *   ratings of the layout before one-request ratings (`R#<rid>`, items of their own);
 * - gsi3: ratings (`R#<rid>`, the day they were given), set on the dossier item by the rating's
 *   update, projecting only the facts the job reads (and the state the rating was given on);
 * - gsi1 also holds the day snapshots of dossiers' lives (`SNAP#<rid>`), and gsi2 the due index of
 *   those snapshots (`DUE#<day>#<shard>`): dossiers that time alone changes that day
 *   (./dossier-snapshots.ts).
 *
 * Every item is decoded here into a typed {@link DayChange} (what changed: a dossier registered at its
 * return, a rating, an assessment, a day snapshot, a due crossing); no raw item reaches the aggregation.
 */
import { type Assessment, assessmentFromItem, SKILLS_ARRIVAL_PREFIX } from './assessments';
import type { Store } from './client';
import type { DossierState, OpenedCase } from '../dossier/life';
import {
  dueBucket,
  SNAPSHOT_ARRIVAL_PREFIX,
  snapshotFromItem,
  type StoredSnapshot,
} from './dossier-snapshots';
import { commentHash } from '../indexes/comment-hash';
import {
  commentHashOfItem,
  legacyStateOfItem,
  ratedCaseOfItem,
  ratedWithStateOfItem,
  ratingFactsFromItem,
  SEPARATE_RATING_SK,
  type StoredRatingFacts,
} from './dossier-item';
import { arrivalBucket, type Dossier, DOSSIER_ARRIVAL_PREFIX, dossierFromItem } from './dossiers';
import { batchGet, type Item, queryPages } from './dynamo';
import { RATING_ARRIVAL_PREFIX } from './rating-encoding';
import type { LocalDay } from '../time';

export type DayChange =
  /** A dossier registered before lives were stored, with the state it was counted with. */
  | { kind: 'dossier'; dossier: Dossier; legacyState?: DossierState | undefined }
  /** `ratedWithState`: the dossier's state the rating's update copied (absent on older ratings). */
  | {
      kind: 'rating';
      /** `case`: the feedback case the rating's update fixed (`ratedCaseOpenedAt`, `ratedCaseDueDay`). */
      rating: StoredRatingFacts & { case?: OpenedCase | undefined };
      ratedWithState?: DossierState | undefined;
      /** The masked comment's fingerprint (integrity: repeated comments). */
      commentHash?: string | undefined;
    }
  | { kind: 'assessment'; assessment: Assessment }
  | { kind: 'snapshot'; snapshot: StoredSnapshot }
  | { kind: 'due'; snapshot: StoredSnapshot; day: LocalDay };

export type DayChangeKind = DayChange['kind'];

/** The arrival an item of gsi1's day buckets stands for; undefined for a prefix nobody reads. */
function gsi1Arrival(item: Item): DayChange | undefined {
  const sk = String(item.gsi1sk ?? '');
  if (sk.startsWith(DOSSIER_ARRIVAL_PREFIX)) {
    const legacyState = legacyStateOfItem(item);
    return { kind: 'dossier', dossier: dossierFromItem(item), legacyState };
  }
  if (sk.startsWith(SNAPSHOT_ARRIVAL_PREFIX)) return { kind: 'snapshot', snapshot: snapshotFromItem(item) };
  if (sk.startsWith(SKILLS_ARRIVAL_PREFIX))
    return { kind: 'assessment', assessment: assessmentFromItem(item) };
  if (sk.startsWith(RATING_ARRIVAL_PREFIX)) return gsi3Arrival(item);
  return undefined;
}

function gsi3Arrival(item: Item): DayChange {
  const ratedWithState = ratedWithStateOfItem(item);
  const ratedCase = ratedCaseOfItem(item);
  const rating = ratingFactsFromItem(item);
  // A separate rating item is read whole: its comment's fingerprint is made here.
  const hash =
    commentHashOfItem(item) ??
    (item.sk === SEPARATE_RATING_SK && typeof item.comment === 'string'
      ? commentHash(item.comment)
      : undefined);
  return {
    kind: 'rating',
    rating: ratedCase ? { ...rating, case: ratedCase } : rating,
    ratedWithState,
    ...(hash !== undefined ? { commentHash: hash } : {}),
  };
}

/**
 * The arrivals of one shard of one day, page by page (a page holds at most ~1 MB of items);
 * `skipped` counts items of a prefix no reader knows.
 */
export async function* dayBucketPages(
  store: Store,
  day: LocalDay,
  shard: number,
): AsyncGenerator<{ arrivals: DayChange[]; read: number; skipped: number }> {
  const due = (item: Item): DayChange => ({ kind: 'due', snapshot: snapshotFromItem(item), day });
  for (const [index, bucket, decode] of [
    ['gsi1', arrivalBucket(day, shard), gsi1Arrival],
    ['gsi3', arrivalBucket(day, shard), gsi3Arrival],
    ['gsi2', dueBucket(day, shard), due],
  ] as const) {
    const pages = queryPages(store, {
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': bucket },
    });
    for await (const page of pages) {
      // gsi1 copies no rating attributes: a separate rating item's facts are read from the table.
      const separate = page.filter((item) => item.sk === SEPARATE_RATING_SK);
      const full = new Map(
        separate.length > 0
          ? (
              await batchGet(
                store,
                separate.map((item) => ({ pk: item.pk, sk: item.sk })),
              )
            ).map((item) => [String(item.pk), item])
          : [],
      );
      const arrivals: DayChange[] = [];
      for (const item of page) {
        const stored = item.sk === SEPARATE_RATING_SK ? full.get(String(item.pk)) : item;
        // A separate rating removed (TTL) between the index read and the table read is gone.
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
export function dayChangesOfItem(item: Item): DayChange[] {
  const arrivals: DayChange[] = [];
  if (item.gsi1pk !== undefined) {
    const arrival = gsi1Arrival(item);
    if (arrival) arrivals.push(arrival);
  }
  if (item.gsi3pk !== undefined) arrivals.push(gsi3Arrival(item));
  if (typeof item.gsi2pk === 'string' && item.gsi2pk.startsWith('DUE#')) {
    arrivals.push({ kind: 'due', snapshot: snapshotFromItem(item), day: item.gsi2pk.split('#')[1]! });
  }
  return arrivals;
}
