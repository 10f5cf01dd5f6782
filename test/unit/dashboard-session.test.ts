import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../shared/errors';
import { createKeyring, rotateKeyring } from '../../shared/keyring';
import { checkFormToken, formToken, readSession, signSession } from '../../shared/http/session';

const keyHash = 'a'.repeat(64);
const sessionId = 'S'.repeat(24);
const now = new Date('2025-06-01T03:00:00Z');
const inAnHour = new Date(now.getTime() + 3_600_000);

describe('dashboard session cookie', () => {
  const keyring = createKeyring(now);

  it('reads back what it signed until it expires', () => {
    const value = signSession(keyring, { sessionId, keyHash, expiresAt: inAnHour });
    expect(readSession(keyring, value, now)).toEqual({
      sessionId,
      keyHash,
      expiresAt: new Date(Math.floor(inAnHour.getTime() / 1000) * 1000),
    });
    expect(readSession(keyring, value, inAnHour)).toBeUndefined();
  });

  it('refuses a changed key hash, expiry or signature, and garbage', () => {
    const value = signSession(keyring, { sessionId, keyHash, expiresAt: inAnHour });
    const [prefix, id, session, hash, expiry, mac] = value.split('.');
    expect(
      readSession(keyring, [prefix, id, session, 'b'.repeat(64), expiry, mac].join('.'), now),
    ).toBeUndefined();
    expect(
      readSession(keyring, [prefix, id, session, hash, String(Number(expiry) + 3600), mac].join('.'), now),
    ).toBeUndefined();
    expect(
      readSession(keyring, [prefix, id, 'T'.repeat(24), hash, expiry, mac].join('.'), now),
    ).toBeUndefined();
    expect(
      readSession(
        keyring,
        [prefix, id, session, hash, expiry, `${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`].join(
          '.',
        ),
        now,
      ),
    ).toBeUndefined();
    for (const junk of [undefined, '', 'x', `${value}.`, value.replace('s2.', 's1.'), 'a'.repeat(5000)]) {
      expect(readSession(keyring, junk, now)).toBeUndefined();
    }
  });

  it('refuses a session signed by another deployment', () => {
    const value = signSession(createKeyring(now), { sessionId, keyHash, expiresAt: inAnHour });
    expect(readSession(keyring, value, now)).toBeUndefined();
  });

  it('keeps a session across a key rotation (the old key still verifies)', () => {
    const value = signSession(keyring, { sessionId, keyHash, expiresAt: inAnHour });
    const rotated = rotateKeyring(keyring, 30, now);
    expect(readSession(rotated, value, now)?.keyHash).toBe(keyHash);
  });

  it('binds the form token to the session value', () => {
    const one = signSession(keyring, { sessionId, keyHash, expiresAt: inAnHour });
    const other = signSession(keyring, { sessionId, keyHash: 'c'.repeat(64), expiresAt: inAnHour });
    expect(() => checkFormToken(formToken(keyring, one), formToken(keyring, one))).not.toThrow();
    expect(() => checkFormToken(formToken(keyring, one), formToken(keyring, other))).toThrow(ForbiddenError);
    expect(() => checkFormToken(formToken(keyring, one), undefined)).toThrow(ForbiddenError);
    expect(() => checkFormToken(undefined, 'anything')).toThrow(ForbiddenError);
  });
});
