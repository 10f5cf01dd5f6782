/**
 * Rating-link tokens at their edges (DESIGN §6): the byte layout and MAC worked out here with
 * node:crypto from the documented recipe, expiry at the exact instant, and the signing guards.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BadTokenError, ExpiredTokenError } from '../../shared/errors';
import { type Keyring, signToken, verifyToken } from '../../shared/tokens';

// A fixed key (32 bytes 0x01…0x20, base64) and a fixed 12-byte rid (0xa0…0xab, base64url).
const secretBytes = Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1));
const keyring: Keyring = {
  current: 7,
  keys: [{ id: 7, secret: secretBytes.toString('base64'), createdAt: '2026-01-01T00:00:00.000Z' }],
};
const ridBytes = Buffer.from(Array.from({ length: 12 }, (_, i) => 0xa0 + i));
const rid = ridBytes.toString('base64url');
// 2026-09-01T00:00:00Z = 1,788,220,800 s since the epoch (= 0x6A961580).
const expiresAt = new Date('2026-09-01T00:00:00.000Z');

describe('the token layout', () => {
  it('is key id, rid, expiry in seconds (big-endian), then the first 16 bytes of HMAC-SHA-256', () => {
    const body = Buffer.concat([Buffer.from([7]), ridBytes, Buffer.from([0x6a, 0x96, 0x15, 0x80])]);
    // The MAC key is the secret's bytes (base64-decoded), not its text.
    const mac = createHmac('sha256', secretBytes).update(body).digest().subarray(0, 16);
    const token = signToken(keyring, rid, expiresAt);
    expect(token).toBe(Buffer.concat([body, mac]).toString('base64url'));
    expect(verifyToken(keyring, token, new Date('2026-08-01T00:00:00.000Z'))).toEqual({
      rid,
      expiresAt,
      keyId: 7,
    });
  });
});

describe('expiry at the exact instant', () => {
  const token = signToken(keyring, rid, expiresAt);

  it('is valid one millisecond before the expiry and expired at the expiry itself', () => {
    expect(verifyToken(keyring, token, new Date(expiresAt.getTime() - 1)).rid).toBe(rid);
    let thrown: unknown;
    try {
      verifyToken(keyring, token, expiresAt);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ExpiredTokenError);
    expect(thrown).toMatchObject({ expiredAt: expiresAt, rid, status: 410 });
  });
});

describe('signing guards', () => {
  it('refuses to sign with a current key missing from the keyring', () => {
    expect(() => signToken({ ...keyring, current: 8 }, rid, expiresAt)).toThrow(
      new Error('signing key 8 is missing from the keyring'),
    );
  });

  it('refuses a rid that is not 12 bytes (11 or 13)', () => {
    for (const length of [11, 13]) {
      const wrong = Buffer.alloc(length, 1).toString('base64url');
      expect(() => signToken(keyring, wrong, expiresAt)).toThrow(new Error('a dossier rid is 12 bytes'));
    }
  });

  it('refuses a token of 44 characters that is not base64url, and a key id it does not know', () => {
    expect(() => verifyToken(keyring, `${'A'.repeat(43)}=`, expiresAt)).toThrow(BadTokenError);
    const other = signToken({ current: 9, keys: [{ ...keyring.keys[0]!, id: 9 }] }, rid, expiresAt);
    expect(() => verifyToken(keyring, other, new Date(0))).toThrow(BadTokenError);
  });
});
