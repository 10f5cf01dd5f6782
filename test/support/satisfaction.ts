/** Dossiers and ratings for aggregation tests, made with the storage modules' own builders. */
import type { DossierState } from '../../shared/aggregation/dossier-life';
import { completeDossier, type Dossier, dossierToItem } from '../../shared/storage/dossiers';
import type { Item } from '../../shared/storage/dynamo';
import {
  type Rating,
  ratedDossierToItem,
  ratingFromAnswers,
  type Score,
  separateRatingToItem,
} from '../../shared/storage/rating-encoding';
import { dayChangesOfItem } from '../../shared/storage/day-buckets';
import type { AggregationFamily, Contribution } from '../../shared/aggregation/family-contract';
import type { LocalDay } from '../../shared/time';

/** Local noon of a day, as an ISO instant (UTC+7). */
export const at = (day: LocalDay, hour = 12) => `${day}T${String(hour - 7).padStart(2, '0')}:00:00.000Z`;

export interface DossierSpec {
  unit: string;
  code: string;
  /** Local day of the return. */
  returned: LocalDay;
  /** Local due day. */
  due: LocalDay;
  complaint?: boolean;
  /** Local day it was registered (arrival); the return day by default. */
  registered?: LocalDay;
}

/** The state each made dossier was registered with: what its rating is given on (`ratedWithState`). */
const statesByRid = new Map<string, DossierState>();

export function makeDossier(spec: DossierSpec): Dossier {
  const dossier = completeDossier(
    {
      code: spec.code,
      unit: spec.unit,
      procedure: '1.001',
      applicantType: 'citizen',
      channel: 'counter',
      receivedAt: at(spec.returned, 8),
      dueAt: at(spec.due, 17),
      returnedAt: at(spec.returned, 10),
      supplementRequests: 0,
      complaint: spec.complaint ?? false,
    },
    new Date(at(spec.registered ?? spec.returned, 11)),
    30,
  );
  statesByRid.set(dossier.rid, {
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
  });
  return dossier;
}

export interface RatingSpec {
  overall: Score;
  i3?: Score;
  i4?: Score;
  i7?: Score;
  /** Local day of the rating (arrival); the dossier's return day by default. */
  rated?: LocalDay;
  sipas?: Rating['sipas'];
  comment?: string;
}

export function makeRating(dossier: Dossier, spec: RatingSpec): Rating {
  return ratingFromAnswers(
    dossier,
    {
      overall: spec.overall,
      i3: spec.i3 ?? spec.overall,
      i4: spec.i4 ?? spec.overall,
      i7: spec.i7 ?? spec.overall,
      reason: spec.overall === 0 ? 'slow' : undefined,
      comment: spec.comment || undefined,
      sipas: spec.sipas,
      lang: 'vi',
    },
    new Date(at(spec.rated ?? dossier.returnedDay, 15)),
  );
}

export const dossierItem = (dossier: Dossier): Item => dossierToItem(dossier);
/**
 * A rating as an item of its own: the layout before one-request ratings, which the aggregation still
 * reads (and which the aggregation property test, written for it, deletes apart from its dossier).
 * It carries the state its dossier was registered with, as a rating's update copies it.
 */
export const ratingItem = (rating: Rating): Item => ({
  ...separateRatingToItem(rating, 1095),
  ratedWithState: statesByRid.get(rating.rid) ?? null,
});
/** A dossier and its rating as one item: what the rating's one UpdateItem leaves. */
export const ratedDossierItem = (dossier: Dossier, rating: Rating): Item => ({
  ...ratedDossierToItem(dossierToItem(dossier), rating, 1095),
  ratedWithState: statesByRid.get(dossier.rid) ?? null,
});

/** What a family makes of the arrivals a stored item carries. */
export const contributionsOf = (family: AggregationFamily, item: Item): Contribution[] =>
  dayChangesOfItem(item)
    .filter((arrival) => family.kinds.includes(arrival.kind))
    .flatMap((arrival) => family.contribute(arrival));

/**
 * The worked example of docs/index-methods.md: unit `cb-d1-c1`, 10 dossiers returned on 2025-03-10
 * — 4 early (E1–E4), 3 on time (O1–O3), 3 late (L1–L3); complaints on O3 and L1; 6 rated.
 */
export function workedExample(unit = 'cb-d1-c1'): { dossiers: Dossier[]; ratings: Rating[] } {
  const day = '2025-03-10';
  const d = (code: string, due: LocalDay, complaint = false) =>
    makeDossier({ unit, code, returned: day, due, complaint });
  const [E1, E2, E3, E4] = ['E1', 'E2', 'E3', 'E4'].map((code) => d(code, '2025-03-12')) as Dossier[];
  const [O1, O2] = ['O1', 'O2'].map((code) => d(code, day)) as Dossier[];
  const O3 = d('O3', day, true);
  const L1 = d('L1', '2025-03-07', true);
  const [L2, L3] = ['L2', 'L3'].map((code) => d(code, '2025-03-07')) as Dossier[];
  const ratings = [
    makeRating(E1!, { overall: 2, i3: 2, i4: 2, i7: 2, sipas: { s1: 5, s2: 4, s3: 5, s4: 3, s5: 2 } }),
    makeRating(E2!, { overall: 2, i3: 2, i4: 1, i7: 2, sipas: { s1: 3, s2: 4, s3: 5, s4: 4 } }),
    makeRating(E3!, { overall: 1, i3: 1, i4: 1, i7: 2 }),
    makeRating(O1!, { overall: 0, i3: 0, i4: 0, i7: 0 }),
    makeRating(O3, { overall: 0, i3: 1, i4: 1, i7: 1 }),
    makeRating(L2!, { overall: 1, i3: 2, i4: 1, i7: 1 }),
  ];
  return { dossiers: [E1!, E2!, E3!, E4!, O1!, O2!, O3, L1, L2!, L3!], ratings };
}
