/**
 * The satisfaction family (`sat`): turns each arrived dossier and rating into additive
 * counts for its unit and its return day, from which every index method of DESIGN §4.2 is computed.
 *
 * Counter names (missing = 0):
 * - from a dossier: `returned`, `early`, `onTime`, `late`, `complaint`, and `lateOrComplaint` (each
 *   dossier once, for the Decision 766/QĐ-TTg union);
 * - from a rating: `rated`, `overall0..2`, `i3_0..2`, `i4_0..2`, `i7_0..2`, `sipasAny`,
 *   `s1_n..s5_n` (element answered) and `s1_hi..s5_hi` (answered 4 or 5), and
 *   `dissatisfiedOnly` — rated 0 while neither late nor complained about — so that the 766 union
 *   "Không hài lòng, complained about, or late" = `lateOrComplaint + dissatisfiedOnly` stays additive.
 */
import type { Arrival } from '../storage/arrivals';
import type { Dossier } from '../storage/dossiers';
import type { RatingFacts } from '../storage/ratings';
import type { AggregationFamily, Contribution, Counts } from './family';

export const SIPAS_ELEMENTS = ['s1', 's2', 's3', 's4', 's5'] as const;

function dossierCounts(dossier: Dossier): Counts {
  const late = dossier.timeliness === 'late';
  const complaint = dossier.complaint;
  const counts: Counts = { returned: 1, [dossier.timeliness]: 1 };
  if (complaint) counts.complaint = 1;
  if (late || complaint) counts.lateOrComplaint = 1;
  return counts;
}

function ratingCounts(rating: RatingFacts): Counts {
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
  kinds: ['dossier', 'rating'],
  contribute(arrival: Arrival): Contribution[] {
    if (arrival.kind === 'dossier') {
      const { dossier } = arrival;
      return [{ unit: dossier.unit, day: dossier.returnedDay, counts: dossierCounts(dossier) }];
    }
    if (arrival.kind === 'rating') {
      const { rating } = arrival;
      return [{ unit: rating.unit, day: rating.returnedDay, counts: ratingCounts(rating) }];
    }
    return [];
  },
};
