/**
 * Per-token rate limits (DESIGN §6: limits per token and per dossier, not per IP — a whole office
 * shares one IP). A fixed window counted in one item per dossier and window:
 * `pk = LIMIT#<rid>`, `sk = W#<window start, epoch seconds>`, incremented with `ADD` (atomic, no read
 * first) and removed by TTL (`expiresAt`) after the window. The rating flow reads the count together
 * with the dossier (one BatchGetItem) and counts only refused submissions: a dossier is rated at most
 * once, so the one accepted submission need not pay for a counter write.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RateLimitedError } from '../errors';
import type { Store } from './client';
import { guarded } from './dynamo';

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

/** At most 10 submissions per rating link per 10 minutes: plenty for a person, little for a script. */
export const RATING_POST_LIMIT: RateLimit = { limit: 10, windowSeconds: 600 };

export const limitKey = (rid: string, windowStart: number) => ({
  pk: `LIMIT#${rid}`,
  sk: `W#${windowStart}`,
});

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
 * Counts one request against `rid`'s current window (atomic `ADD`, no read first) and answers the
 * window's new count; {@link enforceLimit} decides on the count read before the next request.
 */
export async function countRequest(store: Store, rid: string, now: Date, rule: RateLimit): Promise<number> {
  const { start: windowStart, end: windowEnd } = limitWindow(now, rule);
  const result = await guarded(() =>
    store.db.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: limitKey(rid, windowStart),
        UpdateExpression: 'ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires), #type = :type',
        ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':expires': windowEnd + 60, ':type': 'limit' },
        ReturnValues: 'UPDATED_NEW',
      }),
    ),
  );
  return Number(result.Attributes?.count ?? 1);
}
