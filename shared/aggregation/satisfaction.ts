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
import type { RatingFacts } from '../storage/ratings';
import { localDay } from '../time';
import {
  contributions,
  dueDelta,
  ratingAnswerCounts,
  ratingDelta,
  SIPAS_ELEMENTS,
  snapshotDelta,
  wave1State,
} from './dossier-life';
import type { AggregationFamily, Contribution, Counts } from './family';

export { SIPAS_ELEMENTS };

/** A rating stored without the state it was given on: its own counters, on its dossier's return day. */
const legacyRatingCounts = (rating: RatingFacts): Counts =>
  ratingAnswerCounts(rating, rating.timeliness !== 'late' && !rating.complaint);

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
        return contributions(legacyState ?? wave1State(dossier), localDay(dossier.registeredAt));
      }
      default:
        return [];
    }
  },
};
