/**
 * The satisfaction family (`sat`): each dossier counted once, in its current state (DESIGN §5), in
 * the counters of shared/indexes/counters.ts — Decision 766 on the received day; tt01, csat, sipas
 * and integrity on the return day — from what arrived on the night's day (./dossier-life.ts):
 * - a day snapshot (`SNAP#`): `contributions(state, S) − what was counted before`;
 * - a due entry (gsi2 `DUE#<day>`): the open dossier's crossing into late;
 * - a rating: `contributions(ratedWithState ⊕ rating, R) − contributions(ratedWithState, R)`;
 * - a dossier registered before lives were stored (`D#`, wave 1): its state on its registration day;
 *   a rating stored without the state it was given on: its own counters on the return day.
 * Counts may be negative (an update takes a dossier out of what it was counted in): the engine sums.
 */
import type { DossierState, RatingFacts } from './dossier-life';
import { contributions, dueDelta, ratingDelta, snapshotDelta } from './dossier-life';
import { dossierStateSchema, ratingFactsSchema, snapshotFromItem } from '../storage/dossier-snapshots';
import type { Item } from '../storage/dynamo';
import type { AggregationFamily, Contribution, Counts } from './family';

export { SIPAS_ELEMENTS } from './dossier-life';

const arrivalDayOf = (item: Item) => String(item.gsi1pk).split('#')[1]!;

/** A wave-1 dossier as it was registered (frozen in `legacyState` once a change came). */
function legacyState(item: Item): DossierState {
  if (item.legacyState !== undefined) return dossierStateSchema.parse(item.legacyState);
  return dossierStateSchema.parse({
    unit: item.unit,
    channel: item.channel,
    receivedAt: item.receivedAt,
    dueAt: item.dueAt,
    returnedAt: item.returnedAt,
    supplements: [],
    supplementRequests: item.supplementRequests ?? 0,
    withdrawn: false,
    complaint: item.complaint ?? false,
    steps: [],
  });
}

/** A rating stored without the state it was given on: its own counters, on its dossier's return day. */
function legacyRatingCounts(item: Item, rating: RatingFacts): Counts {
  const counts: Counts = {
    rated: 1,
    [`overall${rating.overall}`]: 1,
    [`i3_${rating.i3}`]: 1,
    [`i4_${rating.i4}`]: 1,
    [`i7_${rating.i7}`]: 1,
  };
  if (rating.overall === 0 && item.timeliness !== 'late' && item.complaint !== true)
    counts.dissatisfiedOnly = 1;
  let answered = false;
  for (const [element, value] of Object.entries(rating.sipas ?? {})) {
    if (typeof value !== 'number') continue;
    answered = true;
    counts[`${element}_n`] = 1;
    if (value >= 4) counts[`${element}_hi`] = 1;
  }
  if (answered) counts.sipasAny = 1;
  return counts;
}

function ratingContributions(item: Item): Contribution[] {
  const rating = ratingFactsSchema.parse(item);
  if (item.ratedWithState !== undefined) {
    return ratingDelta({ ratedWithState: dossierStateSchema.parse(item.ratedWithState), rating });
  }
  if (typeof item.unit !== 'string' || typeof item.returnedDay !== 'string') return [];
  return [{ unit: item.unit, day: item.returnedDay, counts: legacyRatingCounts(item, rating) }];
}

export const satisfactionFamily: AggregationFamily = {
  name: 'sat',
  arrivalPrefixes: ['D#', 'R#', 'SNAP#'],
  contribute(item: Item): Contribution[] {
    const sk = String(item.gsi1sk);
    if (sk.startsWith('SNAP#')) return snapshotDelta(snapshotFromItem(item));
    if (sk.startsWith('R#')) return ratingContributions(item);
    // A dossier with a life arrives by its snapshots; only a wave-1 one by itself.
    if (item.state !== undefined && item.legacyState === undefined) return [];
    return contributions(legacyState(item), arrivalDayOf(item));
  },
  contributeDue(item: Item, day: string): Contribution[] {
    return dueDelta(snapshotFromItem(item).state, day);
  },
};
