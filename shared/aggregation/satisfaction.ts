/**
 * The satisfaction family (`sat`): each dossier counted once, in its current state (DESIGN §5), in
 * the counters of shared/indexes/counters.ts — Decision 766 on the received day; tt01, csat, sipas
 * and integrity on the return day — from what arrived on the night's day (./dossier-life.ts):
 * - a day snapshot: `contributions(state, S) − what was counted before`;
 * - a due entry: the open dossier's crossing into late on that day;
 * - a rating: `contributions(ratedWithState ⊕ rating, R) − contributions(ratedWithState, R)`;
 * - a dossier registered before lives were stored (wave 1): its state on its registration day;
 *   a rating stored without the state it was given on: its own counters on its return day.
 * Counts may be negative (an update takes a dossier out of what it was counted in): the engine sums.
 */
import type { Arrival } from '../storage/arrivals';
import type { Dossier } from '../storage/dossiers';
import type { RatingFacts } from '../storage/ratings';
import { localDay } from '../time';
import {
  contributions,
  type DossierState,
  dueDelta,
  ratingDelta,
  SIPAS_ELEMENTS,
  snapshotDelta,
} from './dossier-life';
import type { AggregationFamily, Contribution, Counts } from './family';

export { SIPAS_ELEMENTS };

/** A wave-1 dossier as it was registered. */
function stateOfDossier(dossier: Dossier): DossierState {
  return {
    unit: dossier.unit,
    channel: dossier.channel,
    receivedAt: dossier.receivedAt,
    dueAt: dossier.dueAt,
    returnedAt: dossier.returnedAt,
    supplements: [],
    supplementRequests: dossier.supplementRequests,
    withdrawn: false,
    complaint: dossier.complaint,
    steps: [],
  };
}

/** A rating stored without the state it was given on: its own counters, on its dossier's return day. */
function legacyRatingCounts(rating: RatingFacts): Counts {
  const counts: Counts = {
    rated: 1,
    [`overall${rating.overall}`]: 1,
    [`i3_${rating.i3}`]: 1,
    [`i4_${rating.i4}`]: 1,
    [`i7_${rating.i7}`]: 1,
  };
  if (rating.overall === 0 && rating.timeliness !== 'late' && !rating.complaint) counts.dissatisfiedOnly = 1;
  let answered = false;
  for (const element of SIPAS_ELEMENTS) {
    const value = rating.sipas?.[element];
    if (typeof value !== 'number') continue;
    answered = true;
    counts[`${element}_n`] = 1;
    if (value >= 4) counts[`${element}_hi`] = 1;
  }
  if (answered) counts.sipasAny = 1;
  return counts;
}

export const satisfactionFamily: AggregationFamily = {
  name: 'sat',
  kinds: ['dossier', 'rating', 'snapshot', 'due'],
  contribute(arrival: Arrival): Contribution[] {
    switch (arrival.kind) {
      case 'snapshot':
        return snapshotDelta(arrival.snapshot);
      case 'due':
        return dueDelta(arrival.snapshot.state, arrival.day);
      case 'rating': {
        const { rating, ratedWithState } = arrival;
        if (ratedWithState) return ratingDelta({ ratedWithState, rating });
        return [{ unit: rating.unit, day: rating.returnedDay, counts: legacyRatingCounts(rating) }];
      }
      case 'dossier': {
        const { dossier, legacyState } = arrival;
        return contributions(legacyState ?? stateOfDossier(dossier), localDay(dossier.registeredAt));
      }
      default:
        return [];
    }
  },
};
