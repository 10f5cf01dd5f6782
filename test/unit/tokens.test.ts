import { describe, expect, it } from 'vitest';
import { BadTokenError, ExpiredTokenError } from '../../shared/errors';
import { createKeyring, rotateKeyring } from '../../shared/keyring';
import { dossierRid } from '../../shared/storage/dossiers';
import { signToken, verifyToken } from '../../shared/tokens';

const rid = dossierRid('cb-d1-c1', '000.00.10.H12-250701-0001');
const now = new Date('2025-07-01T03:00:00Z');
const inThirtyDays = new Date(now.getTime() + 30 * 86_400_000);

function flipChar(token: string, index: number): string {
  const char = token[index] === 'A' ? 'B' : 'A';
  return token.slice(0, index) + char + token.slice(index + 1);
}

describe('rating-link tokens', () => {
  it('verifies a token it signed and gives back the dossier, expiry and key id', () => {
    const keyring = createKeyring(now);
    const token = signToken(keyring, rid, inThirtyDays);
    expect(token).toMatch(/^[A-Za-z0-9_-]{44}$/);
    expect(verifyToken(keyring, token, now)).toEqual({ rid, expiresAt: inThirtyDays, keyId: 1 });
  });

  it('refuses a token whose payload was altered (any byte)', () => {
    const keyring = createKeyring(now);
    const token = signToken(keyring, rid, inThirtyDays);
    for (const index of [1, 5, 16, 20, 30, 43]) {
      expect(() => verifyToken(keyring, flipChar(token, index), now)).toThrow(BadTokenError);
    }
  });

  it('refuses a token signed with another key', () => {
    const token = signToken(createKeyring(now), rid, inThirtyDays);
    expect(() => verifyToken(createKeyring(now), token, now)).toThrow(BadTokenError);
  });

  it('refuses malformed tokens', () => {
    const keyring = createKeyring(now);
    for (const token of ['', 'abc', `${signToken(keyring, rid, inThirtyDays)}A`, '%'.repeat(44)]) {
      expect(() => verifyToken(keyring, token, now)).toThrow(BadTokenError);
    }
  });

  it('answers an expired token as expired, with its expiry', () => {
    const keyring = createKeyring(now);
    const token = signToken(keyring, rid, inThirtyDays);
    const later = new Date(inThirtyDays.getTime() + 1000);
    expect(() => verifyToken(keyring, token, later)).toThrow(ExpiredTokenError);
    try {
      verifyToken(keyring, token, later);
    } catch (error) {
      expect((error as ExpiredTokenError).expiredAt).toEqual(inThirtyDays);
    }
  });

  it('judges a forged token as forged even when its expiry has passed', () => {
    const keyring = createKeyring(now);
    const token = signToken(keyring, rid, new Date(now.getTime() - 1000));
    expect(() => verifyToken(keyring, token, now)).toThrow(ExpiredTokenError);
    expect(() => verifyToken(keyring, flipChar(token, 40), now)).toThrow(BadTokenError);
  });

  it('keeps old links valid after the key is rotated, and signs new ones with the new key', () => {
    const keyring = createKeyring(now);
    const old = signToken(keyring, rid, inThirtyDays);
    const rotated = rotateKeyring(keyring, 30, now);
    expect(rotated.current).toBe(2);
    expect(verifyToken(rotated, old, now).keyId).toBe(1);
    const fresh = signToken(rotated, rid, inThirtyDays);
    expect(fresh).not.toBe(old);
    expect(verifyToken(rotated, fresh, now).keyId).toBe(2);
    // The old keyring does not know the new key: a new link is refused there.
    expect(() => verifyToken(keyring, fresh, now)).toThrow(BadTokenError);
  });

  it('drops a retired key once every link it signed must have expired', () => {
    const keyring = createKeyring(now);
    const old = signToken(keyring, rid, inThirtyDays);
    const once = rotateKeyring(keyring, 30, now);
    const muchLater = new Date(now.getTime() + 40 * 86_400_000);
    const twice = rotateKeyring(once, 30, muchLater);
    expect(twice.keys.map((key) => key.id)).toEqual([2, 3]);
    expect(() => verifyToken(twice, old, now)).toThrow(BadTokenError);
  });
});
