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
