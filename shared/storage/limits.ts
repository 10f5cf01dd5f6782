/**
 * Per-link rate limits (DESIGN §6: limits per token and per dossier, not per IP — a whole office
 * shares one IP). A fixed window of refused submissions, counted on the dossier's own item
 * (`refusalWindow`, the window's start in epoch seconds, and `refusals`), so that the rating's one
 * UpdateItem checks the limit in its condition (shared/storage/ratings.ts) without a read first. Only
 * refused submissions are counted: a dossier is rated at most once, so the one accepted submission
 * needs no counter write.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RateLimitedError } from '../errors';
import type { Store } from './client';
import { dossierKey } from './dossiers';
import { guarded, isConditionFailed } from './dynamo';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

/** At most 10 submissions per rating link per 10 minutes: plenty for a person, little for a script. */
export const RATING_POST_LIMIT: RateLimit = { limit: 10, windowSeconds: 600 };

/** The fixed window `now` falls in. */
export function limitWindow(now: Date, rule: RateLimit): { start: number; end: number; nowSeconds: number } {
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const start = nowSeconds - (nowSeconds % rule.windowSeconds);
  return { start, end: start + rule.windowSeconds, nowSeconds };
}

/** Throws {@link RateLimitedError} when a window's count (read beforehand) has reached the limit. */
export function enforceLimit(count: number, now: Date, rule: RateLimit): void {
  const window = limitWindow(now, rule);
  if (count >= rule.limit) throw new RateLimitedError(Math.max(1, window.end - window.nowSeconds));
}

/**
 * Counts one refused submission of dossier `rid` in the current window, or throws
 * {@link RateLimitedError} when the window is at its limit (then nothing is counted). Atomic without a
 * read: an increment conditioned on the window, else a reset conditioned on an older window; a
 * concurrent reset makes the increment succeed on the next try. Answers false when there is no
 * dossier (nothing is created).
 */
export async function countRefusal(store: Store, rid: string, now: Date, rule: RateLimit): Promise<boolean> {
  const { start } = limitWindow(now, rule);
  const attempt = (expression: string, condition: string, values: Record<string, number>) =>
    guarded(() =>
      store.db.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: dossierKey(rid),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      ),
    ).then(
      () => true,
      (error: unknown) => {
        if (isConditionFailed(error)) return false;
        throw error;
      },
    );
  // Two rounds at most: a reset can lose to a concurrent one only once per window.
  for (let round = 0; round < 2; round++) {
    const counted = await attempt(
      'SET refusals = refusals + :one',
      'refusalWindow = :window AND refusals < :limit',
      { ':one': 1, ':window': start, ':limit': rule.limit },
    );
    if (counted) return true;
    const reset = await attempt(
      'SET refusalWindow = :window, refusals = :one',
      'attribute_exists(pk) AND (attribute_not_exists(refusalWindow) OR refusalWindow < :window)',
      { ':one': 1, ':window': start },
    );
    if (reset) return true;
  }
  // Neither counted nor reset: the window is at its limit, or there is no dossier.
  const found = await guarded(() =>
    store.db.send(
      new GetCommand({ TableName: store.tableName, Key: dossierKey(rid), ProjectionExpression: 'pk' }),
    ),
  );
  if (!found.Item) return false;
  enforceLimit(rule.limit, now, rule);
  return false;
}

/**
 * Failed dashboard sign-ins (DESIGN §6: wrong keys paced with 429, never a right one; limits not per
 * IP). Counted in the table, so every Lambda instance and the local server share them, per fixed
 * window, on one item per bucket and window (`pk = SIGNIN#<bucket>#<window start>`, `sk = SIGNIN`,
 * `failures`, removed by TTL after the window): one UpdateItem `ADD` per failure, atomic, no read.
 *
 * Two budgets: per beginning of the key sent (a guesser working on one key is told to stop after a
 * few tries) and of every failure together (a flood of random keys). Past either, a wrong key is
 * answered 429 with Retry-After. The key is always checked before the budget is looked at, so a right
 * key signs in during any flood: refusing unchecked keys would lock the holders out with the
 * guessers. What makes guessing hopeless is the key itself (192 random bits); the budget makes the
 * flood visible and answers it as one.
 */
export const SIGN_IN_PREFIX_LIMIT: RateLimit = { limit: 5, windowSeconds: 900 };
export const SIGN_IN_GLOBAL_LIMIT: RateLimit = { limit: 100, windowSeconds: 900 };
/** How much of a key names its bucket: `hl_` and 5 random characters (2^30 buckets). */
export const SIGN_IN_PREFIX_LENGTH = 8;

const signInKey = (bucket: string, now: Date, rule: RateLimit) => ({
  pk: `SIGNIN#${bucket}#${limitWindow(now, rule).start}`,
  sk: 'SIGNIN',
});

/** The bucket of a sent key: its first characters, hex-encoded (any text is a safe key). */
export const signInPrefixBucket = (sentKey: string) =>
  `PREFIX#${Buffer.from(sentKey.slice(0, SIGN_IN_PREFIX_LENGTH), 'utf8').toString('hex')}`;
export const SIGN_IN_GLOBAL_BUCKET = 'ALL';

/** Counts one failed sign-in in `bucket`'s window; answers the window's count, this one included. */
export async function countSignInFailure(
  store: Store,
  bucket: string,
  now: Date,
  rule: RateLimit,
): Promise<number> {
  const result = await guarded(() =>
    store.db.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: signInKey(bucket, now, rule),
        UpdateExpression: 'ADD failures :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ExpressionAttributeValues: { ':one': 1, ':expires': limitWindow(now, rule).end + 3600 },
        ReturnValues: 'UPDATED_NEW',
      }),
    ),
  );
  return Number(result.Attributes?.failures ?? 1);
}

/** Seconds until `rule`'s current window ends (at least 1): the `Retry-After` of a refused sign-in. */
export function retryAfter(now: Date, rule: RateLimit): number {
  const window = limitWindow(now, rule);
  return Math.max(1, window.end - window.nowSeconds);
}
