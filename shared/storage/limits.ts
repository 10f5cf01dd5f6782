/**
 * Per-link rate limits (DESIGN §6: limits per token and per dossier, not per IP — a whole office
 * shares one IP). A fixed window of refused submissions, counted on the dossier's own item
 * (`refusalWindow`, the window's start in epoch seconds, and `refusals`; named by ./dossier-item.ts), so that the rating's one
 * UpdateItem checks the limit in its condition (shared/storage/ratings.ts) without a read first. Only
 * refused submissions are counted: a dossier is rated at most once, so the one accepted submission
 * needs no counter write.
 */
import { createHash } from 'node:crypto';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { RateLimitedError } from '../errors';
import type { Store } from './client';
import { dossierKey } from './dossiers';
import {
  absent,
  anyOf,
  compare,
  DOSSIER_ATTRIBUTES,
  type DossierItemUpdate,
  dossierItemUpdate,
  exists,
} from './dossier-item';
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
  const attempt = (update: DossierItemUpdate) =>
    guarded(() =>
      store.db.send(
        new UpdateCommand({ TableName: store.tableName, Key: dossierKey(rid), ...update.expressions() }),
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
      dossierItemUpdate()
        .increment('refusals', 1)
        .require(compare('refusalWindow', '=', start), compare('refusals', '<', rule.limit)),
    );
    if (counted) return true;
    const reset = await attempt(
      dossierItemUpdate()
        .set('refusalWindow', start)
        .set('refusals', 1)
        .require(exists('pk'), anyOf(absent('refusalWindow'), compare('refusalWindow', '<', start))),
    );
    if (reset) return true;
  }
  // Neither counted nor reset: the window is at its limit, or there is no dossier.
  const found = await guarded(() =>
    store.db.send(
      new GetCommand({
        TableName: store.tableName,
        Key: dossierKey(rid),
        ProjectionExpression: DOSSIER_ATTRIBUTES.pk,
      }),
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

/**
 * Custom-range pacing (issue 25, DESIGN §6-§7). A standard period is read from its figure sheet (at
 * most 3 requests a page); a custom range computes from counts: at 200 units a custom `/dashboard`
 * costs about 1,000 DynamoDB requests and a custom `/v1/scores` about 200. So custom ranges are budgeted
 * per API key (`/v1/scores`, `/v1/rankings`, `/v1/reports/satisfaction.xlsx`) and per dashboard session
 * (its pages and its download), counted in the table so every Lambda instance shares the budget: one
 * conditional UpdateItem per request that computes a custom range (`pk = PACE#<hash of the identity>#<window
 * start>`, `sk = PACE`, `computed`, removed by TTL after the window). Past the budget the request is
 * answered 429 with Retry-After and nothing is computed; standard periods are never counted nor refused.
 *
 * 30 a minute per key: a client pulling a custom range for each of a province's units one by one gets
 * through 200 units in under 7 minutes, at most ~6,000 requests a minute in counts (a scheduled export
 * is better served by the standard periods). 20 a minute per session: a person changing dates by hand
 * never meets it; a page re-posted in a loop (~1,000 requests each at 200 units) does.
 */
export const CUSTOM_RANGE_KEY_LIMIT: RateLimit = { limit: 30, windowSeconds: 60 };
export const CUSTOM_RANGE_SESSION_LIMIT: RateLimit = { limit: 20, windowSeconds: 60 };

/** Who a custom range is counted against: an API key (by its id) or a dashboard session. */
export interface CustomRangeIdentity {
  kind: 'key' | 'session';
  id: string;
}

/** What a custom range's refusal says: the custom period is limited, the standard ones are not. */
export const CUSTOM_RANGE_LIMITED_TEXT = {
  vi: 'Đã quá số lần xem khoảng thời gian tùy chọn trong một phút. Vui lòng thử lại sau ít phút; các kỳ chuẩn (tháng, quý, năm đến nay và tháng, quý, năm trước) không bị giới hạn.',
  en: 'Too many custom-period requests this minute. Please try again in a few minutes; the standard periods (month, quarter and year to date, and the last whole month, quarter and year) are not limited.',
};

const customRangeRule = (identity: CustomRangeIdentity) =>
  identity.kind === 'key' ? CUSTOM_RANGE_KEY_LIMIT : CUSTOM_RANGE_SESSION_LIMIT;

/** The budget item of `identity`'s window (the identity hashed: a session id is never stored in a key). */
export function customRangeKey(identity: CustomRangeIdentity, now: Date): { pk: string; sk: string } {
  const hash = createHash('sha256').update(`${identity.kind}\n${identity.id}`).digest('hex').slice(0, 32);
  return { pk: `PACE#${hash}#${limitWindow(now, customRangeRule(identity)).start}`, sk: 'PACE' };
}

/**
 * Counts one custom-range computation of `identity` in its window, or throws {@link RateLimitedError}
 * (with {@link CUSTOM_RANGE_LIMITED_TEXT}) when the window is at its limit (then nothing is counted).
 * One conditional UpdateItem, atomic, no read.
 */
export async function chargeCustomRange(
  store: Store,
  identity: CustomRangeIdentity,
  now: Date,
): Promise<void> {
  const rule = customRangeRule(identity);
  const window = limitWindow(now, rule);
  await guarded(() =>
    store.db.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: customRangeKey(identity, now),
        UpdateExpression: 'ADD computed :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(computed) OR computed < :limit',
        ExpressionAttributeValues: { ':one': 1, ':limit': rule.limit, ':expires': window.end + 3600 },
      }),
    ),
  ).catch((error: unknown) => {
    if (isConditionFailed(error)) {
      throw new RateLimitedError(Math.max(1, window.end - window.nowSeconds), CUSTOM_RANGE_LIMITED_TEXT);
    }
    throw error;
  });
}

/** A request's custom-range budget: charged at most once however many readers compute the range. */
export interface CustomRangeBudget {
  charge(): Promise<void>;
}

/**
 * The budget of one request made by `identity` (the routes pass it to the figure readers, which charge
 * it where they choose counts over a sheet: shared/reports/dashboard-figures.ts `readFigureSheet`).
 */
export function customRangeBudget(
  store: Store,
  identity: CustomRangeIdentity,
  now: () => Date,
): CustomRangeBudget {
  let charged: Promise<void> | undefined;
  return { charge: () => (charged ??= chargeCustomRange(store, identity, now())) };
}

/** `deps` with the custom-range budget of one request by `identity` (what the routes hand the readers). */
export function withCustomRangeBudget<D extends { store: Store; now: () => Date }>(
  deps: D,
  identity: CustomRangeIdentity,
): D & { customRange: CustomRangeBudget } {
  return { ...deps, customRange: customRangeBudget(deps.store, identity, deps.now) };
}
