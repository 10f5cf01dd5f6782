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
import { integrityCounts } from '../indexes/counters';
import type { DayChange } from '../storage/day-buckets';
import type { StoredRatingFacts } from '../storage/dossier-item';
import { localDay } from '../time';
import { SATISFACTION_FAMILY } from '../storage/aggregates';
import {
  contributions,
  dueDelta,
  ratingAnswerCounts,
  ratingDelta,
  SIPAS_ELEMENTS,
  snapshotDelta,
  stateReportedAtReturn,
} from './dossier-life';
import type { AggregationFamily, Contribution, Counts } from './family-contract';

export { SIPAS_ELEMENTS };

/**
 * A rating stored without the state it was given on (wave 1): its own counters, on its dossier's
 * return day, with the integrity counters its facts allow — `integrityRated`, `allTopAnswers`; it
 * knows its return day but not the return's instant, so whether it came within 10 minutes is unknown
 * (`quickUnknown`: left out of that share's denominator); its comment is not among its facts.
 */
export function statelessRatingCounts(rating: StoredRatingFacts): Counts {
  const counts = ratingAnswerCounts(rating, rating.timeliness !== 'late' && !rating.complaint);
  const integrity = integrityCounts(rating, rating.ratedAt);
  delete integrity.ratedWithin10Min;
  return { ...counts, ...integrity, quickUnknown: 1 };
}

export const satisfactionFamily: AggregationFamily = {
  name: SATISFACTION_FAMILY,
  kinds: ['dossier', 'rating', 'snapshot', 'due'],
  contribute(arrival: DayChange): Contribution[] {
    switch (arrival.kind) {
      case 'snapshot':
        return snapshotDelta(arrival.snapshot);
      case 'due':
        return dueDelta(arrival.snapshot.state, arrival.day);
      case 'rating': {
        const { rating, ratedWithState } = arrival;
        if (ratedWithState) return ratingDelta({ ratedWithState, rating });
        return [{ unit: rating.unit, day: rating.returnedDay, counts: statelessRatingCounts(rating) }];
      }
      case 'dossier': {
        const { dossier, legacyState } = arrival;
        return contributions(legacyState ?? stateReportedAtReturn(dossier), localDay(dossier.registeredAt));
      }
      default:
        return [];
    }
  },
  // Integrity, repeated comments (DESIGN §4.2): the commented ratings of a unit that arrived the same
  // day, grouped by their comment's fingerprint; each counts `commented` on its dossier's return day,
  // and `commentRepeated` when another of the group has the same comment. A repeat across days is
  // not seen (docs/index-methods.md).
  dayGroups: {
    memberOf(arrival) {
      if (arrival.kind !== 'rating' || arrival.commentHash === undefined) return undefined;
      const { rating } = arrival;
      return {
        key: `${rating.unit}\t${localDay(rating.ratedAt)}\t${arrival.commentHash}`,
        unit: rating.unit,
        day: rating.returnedDay,
      };
    },
    counts(members) {
      const counts: Counts = members.length > 1 ? { commented: 1, commentRepeated: 1 } : { commented: 1 };
      return members.map((member) => ({ unit: member.unit, day: member.day, counts }));
    },
  },
};
