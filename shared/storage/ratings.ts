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
 *   which projects only what the nightly job reads (`RATING_FACT_FIELDS`, ./dossier-item.ts);
 * - sets `expiresAt` (TTL): the dossier and its comment go after the comment retention period;
 * - takes extra SET clauses from the caller: a feedback case opened by this answer is written in this
 *   same request (docs/data-model.md).
 *
 * Ratings stored before this layout are separate items (`sk = RATING`, arrival `R#<rid>` on gsi1,
 * listing on gsi2). They are still read — listed, aggregated on a rerun — until their TTL removes them.
 *
 * Its attributes are named by the dossier item's codec (./dossier-item.ts); the rating's encoding is
 * ./rating-encoding.ts, the reads of one dossier's rating ./rating-reads.ts, and listing ratings (gsi2,
 * cursors, the latest of a unit) ./rating-listing.ts.
 */
import { type NativeAttributeValue, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, ExpiredTokenError, NotFoundError, ValidationError } from '../errors';
import { commentHash } from '../indexes/comment-hash';
import { type RatingAnswers, sipasIds } from '../instruments/rating';
import { localDay } from '../time';
import type { Store } from './client';
import { arrivalBucket, arrivalShard, type Dossier, dossierFromItem, dossierKey } from './dossiers';
import {
  absent,
  anyOf,
  compare,
  type DossierAttribute,
  dossierItemUpdate,
  exists,
  storedName,
} from './dossier-item';
import { guarded, isConditionFailed } from './dynamo';
import { type CaseOpeningWrite, writeCaseOpening } from './feedback-cases';
import { enforceLimit, limitWindow, type RateLimit } from './limits';
import {
  answerOf,
  type Rating,
  ratingArrivalSk,
  ratingExpiresAt,
  ratingOf,
  type StoredAnswer,
  storedAnswer,
} from './rating-encoding';
import { getDossierState } from './rating-reads';

/** One attribute an extra SET clause of the rating update writes, e.g. a feedback case's. */
export interface SetClause {
  attribute: DossierAttribute;
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
 * The one UpdateItem of a rating (see the module comment): the answers, the listing and arrival
 * keys, the TTL and `extra`, on condition that the dossier exists, is not rated (one rating per
 * dossier, DESIGN §5), the link is under its limit of refusals in the current window, and — when
 * SIPAS answers are given — the dossier's form asked them.
 */
export function ratingUpdate(rid: string, answer: StoredAnswer, now: Date, options: RatingUpdateOptions) {
  const update = dossierItemUpdate();
  for (const field of Object.keys(answer) as (keyof StoredAnswer)[]) {
    const value = answer[field];
    if (value !== undefined) update.set(storedName(field), value);
  }
  update
    .set('gsi3pk', arrivalBucket(localDay(answer.ratedAt), arrivalShard(rid)))
    .set('gsi3sk', ratingArrivalSk(rid))
    .set('expiresAt', ratingExpiresAt(answer.ratedAt, options.retentionDays));
  // Integrity (repeated identical comments): the masked comment's fingerprint, projected into gsi3.
  const hash = commentHash(answer.comment);
  if (hash !== undefined) update.set('commentHash', hash);
  for (const clause of options.extra ?? []) update.set(clause.attribute, clause.value);
  // Copies made by every rating: the listing keys registration stored, and `ratedWithState`, the
  // dossier's state as this rating finds it, so the nightly job counts exactly what the rating changes
  // (shared/aggregation/dossier-life.ts); NULL on a dossier registered before lives were stored.
  update.copy('gsi2pk', 'ratingsPk').copy('gsi2sk', 'ratingsSk').copyOr('ratedWithState', 'state', null);
  if (options.caseOpening) writeCaseOpening(update, options.caseOpening);
  const window = limitWindow(now, options.limit).start;
  update.require(
    exists('pk'),
    absent('overall'),
    anyOf(
      absent('refusalWindow'),
      compare('refusalWindow', '<>', window),
      compare('refusals', '<', options.limit.limit),
    ),
  );
  if (options.returnedSince) update.require(compare('returnedAt', '>=', options.returnedSince.toISOString()));
  if (answer.sipas !== undefined && options.checkSipas !== false)
    update.require(compare('asksSipas', '=', true));
  return { Key: dossierKey(rid), ...update.expressions() };
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
