/**
 * A rating's encoding (DESIGN §4.1, §5): the {@link Rating} as the API and the nightly job know it, its
 * answers as stored on the dossier item (./dossier-item.ts names the attributes), whole items for
 * loaders that write them (the demo, benchmarks, tests), and the rating an item holds — a rated
 * dossier's, or a separate rating item's (`sk = RATING`, the layout before one-request ratings, still
 * read until its TTL removes it). The write is ./ratings.ts; the reads of one dossier's rating are
 * ./rating-reads.ts; listings are ./rating-listing.ts.
 */
import * as z from 'zod/mini';
import { RATING_INSTRUMENT, type RatingAnswers, type Score } from '../instruments/rating';
import { commentHash } from '../indexes/comment-hash';
import { type LocalDay, localDay, type Timeliness } from '../time';
import {
  arrivalBucket,
  arrivalShard,
  type Dossier,
  dossierFromItem,
  dossierKey,
  ratingsListPk,
  ratingsListSk,
} from './dossiers';
import {
  fromStoredNames,
  isRated,
  score,
  SEPARATE_RATING_SK,
  sipasSchema,
  toStoredNames,
} from './dossier-item';
import { decodeItem, type Item } from './dynamo';

/** A score of `rating@1`: 2, 1 or 0 (its instrument's type, re-exported for callers of this module). */
export type { Score };

export const RATING_ARRIVAL_PREFIX = 'R#';

/** A stored rating. */
export interface Rating {
  rid: string;
  unit: string;
  procedure: string;
  dossierCode: string;
  applicantType: string;
  channel: string;
  returnedDay: LocalDay;
  timeliness: Timeliness;
  complaint: boolean;
  /** Instrument id and version the answer was given on, e.g. `rating@1`. */
  instrument: string;
  overall: Score;
  i3: Score;
  i4: Score;
  i7: Score;
  /** Reason code when overall is 0 ("Không hài lòng"). */
  reason?: string | undefined;
  /** Free-text reason, masked like the comment. */
  reasonText?: string | undefined;
  /** Comment with phone numbers, e-mails and ID numbers masked. */
  comment?: string | undefined;
  /** SIPAS elements 1–5, when the unit asks them. */
  sipas?: { s1?: number; s2?: number; s3?: number; s4?: number; s5?: number } | undefined;
  lang: 'vi' | 'en';
  ratedAt: string;
}

/** The answer attributes a rating adds to its dossier's item. */
const answerSchema = z.object({
  instrument: z.string(),
  overall: score,
  i3: score,
  i4: score,
  i7: score,
  reason: z.optional(z.string()),
  reasonText: z.optional(z.string()),
  comment: z.optional(z.string()),
  sipas: z.optional(sipasSchema),
  lang: z.enum(['vi', 'en']),
  ratedAt: z.string(),
});
export type StoredAnswer = z.infer<typeof answerSchema>;

const separateRatingSchema = z.extend(answerSchema, {
  rid: z.string(),
  unit: z.string(),
  procedure: z.string(),
  dossierCode: z.string(),
  applicantType: z.string(),
  channel: z.string(),
  returnedDay: z.string(),
  timeliness: z.enum(['early', 'onTime', 'late']),
  complaint: z.boolean(),
});

/**
 * The rating of `dossier` given `answers` at `ratedAt`: the dossier fields the listing and the
 * aggregation show, beside the answers; optional answers left out are not stored. Masking the free
 * text is the caller's (the rating flow masks what citizens write).
 */
export function ratingFromAnswers(dossier: Dossier, answers: RatingAnswers, ratedAt: Date): Rating {
  return ratingOf(dossier, storedAnswer(answers, ratedAt));
}

export function storedAnswer(answers: RatingAnswers, ratedAt: Date): StoredAnswer {
  const { reason, reasonText, comment, sipas } = answers;
  return {
    instrument: RATING_INSTRUMENT,
    overall: answers.overall,
    i3: answers.i3,
    i4: answers.i4,
    i7: answers.i7,
    ...(reason !== undefined ? { reason } : {}),
    ...(reasonText !== undefined ? { reasonText } : {}),
    ...(comment !== undefined ? { comment } : {}),
    ...(sipas !== undefined ? { sipas } : {}),
    lang: answers.lang,
    ratedAt: ratedAt.toISOString(),
  };
}

export function ratingOf(dossier: Dossier, answer: StoredAnswer): Rating {
  return {
    rid: dossier.rid,
    unit: dossier.unit,
    procedure: dossier.procedure,
    dossierCode: dossier.code,
    applicantType: dossier.applicantType,
    channel: dossier.channel,
    returnedDay: dossier.returnedDay,
    timeliness: dossier.timeliness,
    complaint: dossier.complaint,
    ...answer,
  };
}

export const answerOf = (rating: Rating): StoredAnswer =>
  decodeItem(answerSchema, 'rating', rating as unknown as Item);

export const ratingArrivalSk = (rid: string) => `${RATING_ARRIVAL_PREFIX}${rid}`;
export const ratingExpiresAt = (ratedAt: string, retentionDays: number) =>
  Math.floor(Date.parse(ratedAt) / 1000) + retentionDays * 86_400;

/**
 * The item of a dossier once rated: what {@link rateDossier}'s update leaves, for loaders that write
 * whole items (the demo, benchmarks, tests).
 */
export function ratedDossierToItem(dossierItem: Item, rating: Rating, retentionDays: number): Item {
  const hash = commentHash(rating.comment);
  return {
    ...dossierItem,
    ...toStoredNames(answerOf(rating)),
    // As the update writes it: the nightly job counts repeated comments by it (integrity).
    ...(hash !== undefined ? { commentHash: hash } : {}),
    gsi2pk: dossierItem.ratingsPk,
    gsi2sk: dossierItem.ratingsSk,
    gsi3pk: arrivalBucket(localDay(rating.ratedAt), arrivalShard(rating.rid)),
    gsi3sk: ratingArrivalSk(rating.rid),
    expiresAt: ratingExpiresAt(rating.ratedAt, retentionDays),
    ratedWithState: dossierItem.state ?? null,
  };
}

/** A rating as an item of its own, the layout before one-request ratings (still read; see above). */
export function separateRatingToItem(rating: Rating, retentionDays: number): Item {
  return {
    pk: dossierKey(rating.rid).pk,
    sk: SEPARATE_RATING_SK,
    gsi1pk: arrivalBucket(localDay(rating.ratedAt), arrivalShard(rating.rid)),
    gsi1sk: ratingArrivalSk(rating.rid),
    gsi2pk: ratingsListPk(rating.unit),
    gsi2sk: ratingsListSk(rating.returnedDay, rating.rid),
    type: 'rating',
    expiresAt: ratingExpiresAt(rating.ratedAt, retentionDays),
    ...rating,
  };
}

/** The rating an item holds: a rated dossier's, or a separate rating item's; undefined for an unrated dossier. */
export function ratingFromItem(item: Item): Rating | undefined {
  if (item.sk === SEPARATE_RATING_SK) return decodeItem(separateRatingSchema, 'rating', item) as Rating;
  if (!isRated(item)) return undefined;
  return ratingOf(dossierFromItem(item), decodeItem(answerSchema, 'rating', fromStoredNames(item)));
}
