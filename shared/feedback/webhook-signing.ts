/**
 * Signing of webhook deliveries (DESIGN §4.4): the receiver checks that a delivery comes from hailong
 * and was not replayed. Headers:
 *   `X-Hailong-Timestamp: <unix seconds>`
 *   `X-Hailong-Signature: v1=<hex HMAC-SHA-256 over "<timestamp>.<raw body>" with the unit's secret>`
 * (the scheme of Stripe's and Slack's webhooks; the recipe to verify it is in docs/feedback.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-hailong-timestamp';
export const SIGNATURE_HEADER = 'x-hailong-signature';
/** A receiver should refuse deliveries signed longer ago than this (replay window). */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The headers of a delivery of `body` at `now`. */
export function signedHeaders(secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'content-type': 'application/json',
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: `v1=${signatureOf(secret, timestamp, body)}`,
  };
}

/** The receiver's check (used by the tests' receiver and given as the recipe in the docs). */
export function verifySignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  now: Date,
): boolean {
  const timestamp = Number(headers.timestamp);
  if (!Number.isInteger(timestamp)) return false;
  if (Math.abs(now.getTime() / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(`v1=${signatureOf(secret, timestamp, body)}`);
  const given = Buffer.from(headers.signature ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
