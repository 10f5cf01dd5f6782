/**
 * The webhook signature (DESIGN §4.4, docs/feedback.md): v1 = hex HMAC-SHA-256 over
 * "<unix seconds>.<raw body>", and the receiver's check with its 5-minute replay window, at its edges.
 * Expected MACs are worked with node:crypto from the documented recipe.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  signedHeaders,
  TIMESTAMP_HEADER,
  verifySignature,
} from '../../shared/feedback/webhook-signing';

const secret = 'whsec_signing';
const body = '{"id":"case.opened:AbCd","type":"case.opened"}';
// 2026-09-01T00:00:00Z = 1,788,220,800 s since the epoch.
const signedAt = new Date('2026-09-01T00:00:00.000Z');
const mac = createHmac('sha256', secret).update(`1788220800.${body}`).digest('hex');

describe('signed headers', () => {
  it('are the JSON content type, the timestamp in whole seconds and v1=<hex MAC>', () => {
    expect(signedHeaders(secret, body, new Date(signedAt.getTime() + 999))).toEqual({
      'content-type': 'application/json',
      'x-hailong-timestamp': '1788220800',
      'x-hailong-signature': `v1=${mac}`,
    });
    expect([TIMESTAMP_HEADER, SIGNATURE_HEADER]).toEqual(['x-hailong-timestamp', 'x-hailong-signature']);
  });
});

describe('the receiver’s check', () => {
  const headers = { timestamp: '1788220800', signature: `v1=${mac}` };
  const at = (seconds: number) => new Date(signedAt.getTime() + seconds * 1000);

  it('accepts a delivery up to exactly five minutes old or early, and refuses one a second beyond', () => {
    expect(SIGNATURE_TOLERANCE_SECONDS).toBe(300);
    expect(verifySignature(secret, headers, body, at(0))).toBe(true);
    expect(verifySignature(secret, headers, body, at(300))).toBe(true);
    expect(verifySignature(secret, headers, body, at(301))).toBe(false);
    // A receiver whose clock is behind the sender's.
    expect(verifySignature(secret, headers, body, at(-300))).toBe(true);
    expect(verifySignature(secret, headers, body, at(-301))).toBe(false);
  });

  it('refuses a timestamp that is not whole seconds, a missing or short signature, another body', () => {
    expect(verifySignature(secret, { ...headers, timestamp: '1788220800.5' }, body, at(0))).toBe(false);
    expect(verifySignature(secret, { ...headers, timestamp: undefined }, body, at(0))).toBe(false);
    expect(verifySignature(secret, { ...headers, signature: undefined }, body, at(0))).toBe(false);
    expect(verifySignature(secret, { ...headers, signature: `v1=${mac.slice(1)}` }, body, at(0))).toBe(false);
    expect(verifySignature(secret, { ...headers, signature: mac }, body, at(0))).toBe(false);
    expect(verifySignature(secret, headers, `${body}\n`, at(0))).toBe(false);
  });
});
