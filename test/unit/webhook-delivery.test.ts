import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { afterFailure, backoffMs, RETRY_WINDOW_MS } from '../../shared/feedback/delivery';
import { sampleAlert } from '../../shared/feedback/alerts';
import { signatureOf, signedHeaders, verifySignature } from '../../shared/feedback/webhook-signing';

describe('webhook signing', () => {
  const now = new Date('2026-09-01T00:00:00Z');
  const body = '{"id":"case.opened:x"}';

  it('signs HMAC-SHA-256 over "<timestamp>.<body>" and verifies it', () => {
    const headers = signedHeaders('whsec_test', body, now);
    const timestamp = Number(headers['x-hailong-timestamp']);
    expect(timestamp).toBe(1788220800);
    // The recipe of docs/feedback.md, worked with node:crypto (not with signatureOf, under test here).
    const mac = createHmac('sha256', 'whsec_test').update(`1788220800.${body}`).digest('hex');
    expect(headers['x-hailong-signature']).toBe(`v1=${mac}`);
    expect(signatureOf('whsec_test', timestamp, body)).toBe(mac);
    const check = (secret: string, text: string, at: Date) =>
      verifySignature(
        secret,
        { timestamp: headers['x-hailong-timestamp'], signature: headers['x-hailong-signature'] },
        text,
        at,
      );
    expect(check('whsec_test', body, now)).toBe(true);
    expect(check('whsec_other', body, now)).toBe(false);
    expect(check('whsec_test', `${body} `, now)).toBe(false);
    // A replay ten minutes later is refused.
    expect(check('whsec_test', body, new Date(now.getTime() + 10 * 60_000))).toBe(false);
  });
});

describe('retry rule', () => {
  it('backs off exponentially from 30 s up to one hour', () => {
    expect([1, 2, 3, 4, 8, 9, 30].map(backoffMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });

  it('retries within 24 hours of the first attempt and dead-letters after', () => {
    const alert = sampleAlert('cb', new Date('2026-09-01T00:00:00Z'));
    alert.attempts = 5;
    expect(afterFailure(alert, new Date('2026-09-01T01:00:00Z'), 'HTTP 500').kind).toBe('retry');
    const late = new Date(Date.parse(alert.firstAttemptAt) + RETRY_WINDOW_MS - 60_000);
    expect(afterFailure(alert, late, 'HTTP 500')).toEqual({ kind: 'dead', problem: 'HTTP 500' });
  });
});
