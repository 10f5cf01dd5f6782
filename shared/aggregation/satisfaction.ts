/**
 * The satisfaction family (`sat`): turns each arrived dossier (`D#`) and rating (`R#`) into additive
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
import type { Item } from '../storage/dynamo';
import type { AggregationFamily, Contribution, Counts } from './family';

export const SIPAS_ELEMENTS = ['s1', 's2', 's3', 's4', 's5'] as const;

function dossierCounts(item: Item): Counts {
  const late = item.timeliness === 'late';
  const complaint = item.complaint === true;
  const counts: Counts = { returned: 1, [String(item.timeliness)]: 1 };
  if (complaint) counts.complaint = 1;
  if (late || complaint) counts.lateOrComplaint = 1;
  return counts;
}

function ratingCounts(item: Item): Counts {
  const counts: Counts = {
    rated: 1,
    [`overall${item.overall}`]: 1,
    [`i3_${item.i3}`]: 1,
    [`i4_${item.i4}`]: 1,
    [`i7_${item.i7}`]: 1,
  };
  if (item.overall === 0 && item.timeliness !== 'late' && item.complaint !== true)
    counts.dissatisfiedOnly = 1;
  const sipas = item.sipas as Record<string, unknown> | undefined;
  let answered = false;
  for (const element of SIPAS_ELEMENTS) {
    const value = sipas?.[element];
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
  arrivalPrefixes: ['D#', 'R#'],
  contribute(item: Item): Contribution[] {
    if (typeof item.unit !== 'string' || typeof item.returnedDay !== 'string') return [];
    const counts = String(item.gsi1sk).startsWith('D#') ? dossierCounts(item) : ratingCounts(item);
    return [{ unit: item.unit, day: item.returnedDay, counts }];
  },
};
