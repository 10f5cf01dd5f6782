/**
 * Rating: a citizen's answer about one dossier, at most one per dossier (DESIGN §5: enforced by a
 * conditional write, not by a read first).
 *
 * A rating is attributes of its dossier's item (`pk = DOSSIER#<rid>`, `sk = DOSSIER`), written by ONE
 * conditional UpdateItem ({@link rateDossier}): no read before it, one request per rating (DESIGN §7).
 * The same update
 * - copies the listing keys registration stored (`ratingsPk` / `ratingsSk`) into gsi2
 *   (`RATINGS#<unit>`, `<returned day>#<rid>`): only rated dossiers are listed, in the period their
 *   result was returned (DESIGN §4.2), so listings and scores agree on periods;
 * - sets the sparse rating-arrival bucket on gsi3 (`ARRIVED#<rated local day>#<shard>`, `R#<rid>`),
 *   which projects only what the nightly job reads ({@link RATING_FACT_FIELDS});
 * - sets `expiresAt` (TTL): the dossier and its comment go after the comment retention period;
 * - takes extra SET clauses from the caller: a feedback case opened by this answer is written in this
 *   same request (docs/data-model.md).
 *
 * Ratings stored before this layout are items of their own (`sk = RATING`, arrival `R#<rid>` on gsi1,
 * listing on gsi2). They are still read — listed, aggregated on a rerun — until their TTL removes them.
 *
 * The attributes it shares with other writers are decoded in ./dossier-item.ts; listing ratings (gsi2,
 * cursors, the latest of a unit) is ./rating-listing.ts.
 */
import { type NativeAttributeValue, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { ConflictError, ExpiredTokenError, NotFoundError, ValidationError } from '../errors';
import { RATING_INSTRUMENT, type RatingAnswers, type Score, sipasIds } from '../instruments/rating';
import { type LocalDay, localDay, type Timeliness } from '../time';
import type { Store } from './client';
import {
  arrivalBucket,
  arrivalShard,
  type Dossier,
  DOSSIER_SK,
  dossierFromItem,
  dossierKey,
  ratingsListPk,
  ratingsListSk,
} from './dossiers';
import {
  fromStoredNames,
  LEGACY_RATING_SK,
  ratingFactsFromItem,
  score,
  sipasSchema,
  type StoredRatingFacts,
  storedName,
  toStoredNames,
} from './dossier-item';
import { decodeItem, guarded, type Item, isConditionFailed } from './dynamo';

export { LEGACY_RATING_SK, ratingFactsFromItem, type StoredRatingFacts };
export { RATING_FACT_FIELDS, ratingFactsSchema } from './dossier-item';
import { commentHash } from '../indexes/comment-hash';
import { type CaseOpeningWrite, caseOpeningClauses } from './feedback-cases';
import { enforceLimit, limitWindow, type RateLimit } from './limits';

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
type StoredAnswer = z.infer<typeof answerSchema>;

const legacyRatingSchema = z.extend(answerSchema, {
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

function storedAnswer(answers: RatingAnswers, ratedAt: Date): StoredAnswer {
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

function ratingOf(dossier: Dossier, answer: StoredAnswer): Rating {
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

const answerOf = (rating: Rating): StoredAnswer =>
  decodeItem(answerSchema, 'rating', rating as unknown as Item);

const ratingArrivalSk = (rid: string) => `${RATING_ARRIVAL_PREFIX}${rid}`;
const expiresAt = (ratedAt: string, retentionDays: number) =>
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
    expiresAt: expiresAt(rating.ratedAt, retentionDays),
    ratedWithState: dossierItem.state ?? null,
  };
}

/** A rating as an item of its own, the layout before one-request ratings (still read; see above). */
export function legacyRatingToItem(rating: Rating, retentionDays: number): Item {
  return {
    pk: dossierKey(rating.rid).pk,
    sk: LEGACY_RATING_SK,
    gsi1pk: arrivalBucket(localDay(rating.ratedAt), arrivalShard(rating.rid)),
    gsi1sk: ratingArrivalSk(rating.rid),
    gsi2pk: ratingsListPk(rating.unit),
    gsi2sk: ratingsListSk(rating.returnedDay, rating.rid),
    type: 'rating',
    expiresAt: expiresAt(rating.ratedAt, retentionDays),
    ...rating,
  };
}

/** The rating an item holds: a rated dossier's, or a legacy rating item's; undefined for an unrated dossier. */
export function ratingFromItem(item: Item): Rating | undefined {
  if (item.sk === LEGACY_RATING_SK) return decodeItem(legacyRatingSchema, 'rating', item) as Rating;
  if (item.overall === undefined) return undefined;
  return ratingOf(dossierFromItem(item), decodeItem(answerSchema, 'rating', fromStoredNames(item)));
}

/** One attribute an extra SET clause of the rating update writes, e.g. a feedback case's. */
export interface SetClause {
  attribute: string;
  value: NativeAttributeValue;
}

export interface RatingUpdateOptions {
  /** Comment retention (TTL of the rated dossier). */
  retentionDays: number;
  /** The link's limit of refused submissions: a link at its limit is refused (429). */
  limit: RateLimit;
  /** More attributes written in the same request. */
  extra?: SetClause[];
  /** The feedback case this rating opens (DESIGN §4.4), written in the same request. */
  caseOpening?: CaseOpeningWrite | undefined;
  /** Refuse SIPAS answers the dossier's form did not ask (the citizen's form rule; default true). */
  checkSipas?: boolean;
  /**
   * Refuse (410) a dossier returned before this instant: its link has expired counted from the
   * return (DESIGN §3), whatever expiry its token carries — checked by the same condition, no read.
   */
  returnedSince?: Date;
}

/**
 * The parts of every rating's update that do not depend on the answer, built once at module load.
 * The conditions: the dossier exists, is not rated (one rating per dossier, DESIGN §5), and the link is
 * under its limit of refusals in the current window.
 */
const RATING_CONDITION =
  'attribute_exists(pk) AND attribute_not_exists(overall)' +
  ' AND (attribute_not_exists(refusalWindow) OR refusalWindow <> :window OR refusals < :limit)';
/**
 * Copies made by every rating: the listing keys registration stored, and `ratedWithState`, the
 * dossier's state as this rating finds it, so the nightly job counts exactly what the rating changes
 * (shared/aggregation/dossier-life.ts); NULL on a dossier registered before lives were stored.
 */
const RATING_COPIES =
  'gsi2pk = ratingsPk, gsi2sk = ratingsSk, #ratedWithState = if_not_exists(#state, :noState)';

/**
 * The one UpdateItem of a rating (see the module comment): the answers, the listing and arrival
 * keys, the TTL and `extra`, on condition that the dossier exists, is not rated, the link is under its
 * limit of refusals, and — when SIPAS answers are given — the dossier's form asked them.
 */
export function ratingUpdate(rid: string, answer: StoredAnswer, now: Date, options: RatingUpdateOptions) {
  const names: Record<string, string> = { '#ratedWithState': 'ratedWithState', '#state': 'state' };
  const values: Record<string, NativeAttributeValue> = {
    ':window': limitWindow(now, options.limit).start,
    ':limit': options.limit.limit,
    ':noState': null,
  };
  let sets = '';
  let index = 0;
  const set = (attribute: string, value: NativeAttributeValue) => {
    names[`#a${index}`] = attribute;
    values[`:v${index}`] = value;
    sets += `#a${index} = :v${index}, `;
    index++;
  };
  for (const field of Object.keys(answer) as (keyof StoredAnswer)[]) {
    const value = answer[field];
    if (value !== undefined) set(storedName(field), value);
  }
  set('gsi3pk', arrivalBucket(localDay(answer.ratedAt), arrivalShard(rid)));
  set('gsi3sk', ratingArrivalSk(rid));
  set('expiresAt', expiresAt(answer.ratedAt, options.retentionDays));
  // Integrity (repeated identical comments): the masked comment's fingerprint, projected into gsi3.
  const hash = commentHash(answer.comment);
  if (hash !== undefined) set('commentHash', hash);
  for (const clause of options.extra ?? []) set(clause.attribute, clause.value);
  let condition = RATING_CONDITION;
  if (options.returnedSince) {
    condition += ' AND returnedAt >= :returnedSince';
    values[':returnedSince'] = options.returnedSince.toISOString();
  }
  if (answer.sipas !== undefined && options.checkSipas !== false) {
    condition += ' AND asksSipas = :asked';
    values[':asked'] = true;
  }
  let update = `SET ${sets}${RATING_COPIES}`;
  if (options.caseOpening) {
    const opening = caseOpeningClauses(options.caseOpening);
    update += `, ${opening.set.join(', ')} ADD ${opening.add.join(', ')}`;
    Object.assign(names, opening.names);
    Object.assign(values, opening.values);
  }
  return {
    Key: dossierKey(rid),
    UpdateExpression: update,
    ConditionExpression: condition,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

export const alreadyRated = () =>
  new ConflictError({
    vi: 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.',
    en: 'This dossier has already been rated. Each dossier can be rated once.',
  });

export const dossierNotFound = () =>
  new NotFoundError({
    vi: 'Không tìm thấy hồ sơ của đường dẫn này.',
    en: 'The dossier of this link was not found.',
  });

const sipasNotAsked = (given: string[]) =>
  new ValidationError(
    sipasIds
      .filter((field) => given.includes(field))
      .map((field) => ({
        field,
        vi: 'đơn vị này không dùng bộ câu hỏi SIPAS',
        en: 'this unit does not ask the SIPAS questions',
      })),
  );

/**
 * Rates a dossier in one request and answers the stored rating with its dossier. When the condition
 * fails, one read says why: 404 no dossier, 429 the link is at its limit, 409 already rated (even
 * concurrently: nothing is overwritten), 422 SIPAS answers the dossier's form did not ask.
 */
export async function rateDossier(
  store: Store,
  rid: string,
  answers: RatingAnswers,
  now: Date,
  options: RatingUpdateOptions,
): Promise<{ rating: Rating; dossier: Dossier }> {
  const answer = storedAnswer(answers, now);
  try {
    const result = await guarded(() =>
      store.db.send(
        new UpdateCommand({
          TableName: store.tableName,
          ...ratingUpdate(rid, answer, now, options),
          // The dossier as it was before this update: everything the answer needs (the rating's own
          // attributes are known here), with ~40% fewer attributes to send back and decode than ALL_NEW.
          ReturnValues: 'ALL_OLD',
        }),
      ),
    );
    const dossier = dossierFromItem(result.Attributes ?? {});
    return { dossier, rating: ratingOf(dossier, answer) };
  } catch (error) {
    if (!isConditionFailed(error)) throw error;
    const { dossier, rating, refusals } = await getDossierState(store, rid);
    if (!dossier) throw dossierNotFound();
    if (options.returnedSince && dossier.returnedAt < options.returnedSince.toISOString()) {
      throw new ExpiredTokenError(
        new Date(Date.parse(dossier.returnedAt) + (now.getTime() - options.returnedSince.getTime())),
      );
    }
    if (refusals) {
      const window = limitWindow(now, options.limit);
      enforceLimit(refusals.window === window.start ? refusals.count : 0, now, options.limit);
    }
    if (rating) throw alreadyRated();
    if (answer.sipas !== undefined && !dossier.asksSipas) throw sipasNotAsked(Object.keys(answer.sipas));
    throw error;
  }
}

/**
 * Stores a made rating (with its own `ratedAt`) on its registered dossier by the same one update, for
 * loaders and tests that hold a {@link Rating}; 409 when the dossier is already rated.
 */
export async function putRating(store: Store, rating: Rating, retentionDays: number): Promise<void> {
  const answer = answerOf(rating);
  const update = ratingUpdate(rating.rid, answer, new Date(rating.ratedAt), {
    retentionDays,
    limit: { limit: Number.MAX_SAFE_INTEGER, windowSeconds: 600 },
    checkSipas: false,
  });
  try {
    await guarded(() => store.db.send(new UpdateCommand({ TableName: store.tableName, ...update })));
  } catch (error) {
    if (isConditionFailed(error)) throw alreadyRated();
    throw error;
  }
}

/**
 * The dossier with its rating (and a legacy rating item, if any) in one Query of its partition, and
 * the link's count of refused submissions.
 */
export async function getDossierState(
  store: Store,
  rid: string,
  { consistent = true }: { consistent?: boolean } = {},
): Promise<{
  dossier?: Dossier | undefined;
  rating?: Rating | undefined;
  refusals?: { window: number; count: number } | undefined;
}> {
  const result = await guarded(() =>
    store.db.send(
      new QueryCommand({
        TableName: store.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': dossierKey(rid).pk },
        ConsistentRead: consistent,
      }),
    ),
  );
  const items = (result.Items ?? []) as Item[];
  const dossierItem = items.find((item) => item.sk === DOSSIER_SK);
  const legacy = items.find((item) => item.sk === LEGACY_RATING_SK);
  const rating = (dossierItem && ratingFromItem(dossierItem)) ?? (legacy && ratingFromItem(legacy));
  const refusals =
    typeof dossierItem?.refusalWindow === 'number' && typeof dossierItem.refusals === 'number'
      ? { window: dossierItem.refusalWindow, count: dossierItem.refusals }
      : undefined;
  return { dossier: dossierItem && dossierFromItem(dossierItem), rating, refusals };
}

export async function getRating(store: Store, rid: string): Promise<Rating | undefined> {
  return (await getDossierState(store, rid)).rating;
}
