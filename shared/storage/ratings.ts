/**
 * Rating: a citizen's answer about one dossier, at most one per dossier (DESIGN §5: enforced by a
 * conditional write, not by a read first).
 *
 * Keys: `pk = DOSSIER#<rid>`, `sk = RATING` (beside its dossier). Arrival bucket on gsi1:
 * `gsi1pk = ARRIVED#<rated local day>#<shard>`, `gsi1sk = R#<rid>`. Listing on gsi2:
 * `gsi2pk = RATINGS#<unit>`, `gsi2sk = <returned day>#<rid>` — ratings count in the period their
 * dossier's result was returned (DESIGN §4.2), so listings and scores agree on periods.
 * The item carries copies of the dossier fields the aggregation needs, so the nightly job never reads
 * the dossier again. `expiresAt` (TTL) removes it after the comment retention period.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors';
import { RATING_INSTRUMENT, type RatingAnswers, type Score } from '../instruments/rating';
import { type LocalDay, localDay, type Timeliness } from '../time';
import type { Store } from './client';
import { arrivalBucket, arrivalShard, type Dossier } from './dossiers';
import { guarded, type Item, isConditionFailed } from './dynamo';

/** A score of `rating@1`: 2, 1 or 0 (its instrument's type, re-exported for callers of this module). */
export type { Score };

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

/**
 * The rating of `dossier` given `answers` at `ratedAt`: the dossier fields the aggregation needs,
 * copied beside the answers; optional answers left out are not stored. Masking the free text is the
 * caller's (the rating flow masks what citizens write).
 */
export function ratingFromAnswers(dossier: Dossier, answers: RatingAnswers, ratedAt: Date): Rating {
  const { reason, reasonText, comment, sipas } = answers;
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

export const ratingKey = (rid: string) => ({ pk: `DOSSIER#${rid}`, sk: 'RATING' });

export function ratingToItem(rating: Rating, retentionDays: number): Item {
  return {
    ...ratingKey(rating.rid),
    gsi1pk: arrivalBucket(localDay(rating.ratedAt), arrivalShard(rating.rid)),
    gsi1sk: `R#${rating.rid}`,
    gsi2pk: `RATINGS#${rating.unit}`,
    gsi2sk: `${rating.returnedDay}#${rating.rid}`,
    type: 'rating',
    expiresAt: Math.floor(Date.parse(rating.ratedAt) / 1000) + retentionDays * 86_400,
    ...rating,
  };
}

export function ratingFromItem(item: Item): Rating {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, type, expiresAt, ...rating } = item;
  return rating as Rating;
}

/**
 * Stores the one rating of a dossier. A second rating — even a concurrent one — fails the condition
 * and gets {@link ConflictError} (HTTP 409); nothing is overwritten.
 */
export async function putRating(store: Store, rating: Rating, retentionDays: number): Promise<void> {
  try {
    await guarded(() =>
      store.db.send(
        new PutCommand({
          TableName: store.tableName,
          Item: ratingToItem(rating, retentionDays),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  } catch (error) {
    if (isConditionFailed(error)) {
      throw new ConflictError({
        vi: 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.',
        en: 'This dossier has already been rated. Each dossier can be rated once.',
      });
    }
    throw error;
  }
}

export async function getRating(store: Store, rid: string): Promise<Rating | undefined> {
  const result = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: ratingKey(rid) })),
  );
  return result.Item ? ratingFromItem(result.Item) : undefined;
}

/**
 * The latest ratings (by return day, newest first) of one unit whose dossier was returned in
 * [from, to]: one query of at most `limit` items (the dashboard's comments, bounded by construction).
 */
export async function latestRatingsOfUnit(
  store: Store,
  unit: string,
  from: LocalDay,
  to: LocalDay,
  limit: number,
): Promise<Rating[]> {
  const result = await guarded(() =>
    store.db.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `RATINGS#${unit}`, ':from': `${from}#`, ':to': `${to}#~` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    ),
  );
  return (result.Items ?? []).map(ratingFromItem);
}
