/**
 * Rating-link tokens (DESIGN §6): HMAC-SHA-256 signed, with a key id so the key can be rotated, and
 * an expiry. Binary layout, base64url-encoded (44 characters, so the whole link fits a version-6 QR
 * code at level M):
 *
 *   [key id: 1 byte][dossier rid: 12 bytes][expiry: uint32 seconds][MAC: first 16 bytes of HMAC]
 *
 * A 128-bit truncated HMAC-SHA-256 is well within NIST SP 800-107's guidance for MAC truncation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BadTokenError, ExpiredTokenError } from './errors';

export interface SigningKey {
  /** 1–255: the token's first byte. */
  id: number;
  /** The key, base64 (32 random bytes). */
  secret: string;
  createdAt: string;
  /** When a newer key replaced it; links it signed keep working until they expire. */
  retiredAt?: string | undefined;
}

/** The keys a deployment signs and verifies with; `current` signs new links. */
export interface Keyring {
  current: number;
  keys: SigningKey[];
}

export interface TokenClaims {
  rid: string;
  expiresAt: Date;
  keyId: number;
}

const RID_BYTES = 12;
const MAC_BYTES = 16;
const BODY_BYTES = 1 + RID_BYTES + 4;
const TOKEN_BYTES = BODY_BYTES + MAC_BYTES;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{44}$/;

function mac(key: SigningKey, body: Buffer): Buffer {
  return createHmac('sha256', Buffer.from(key.secret, 'base64')).update(body).digest().subarray(0, MAC_BYTES);
}

/** Signs a link token for dossier `rid` that expires at `expiresAt`, with the keyring's current key. */
export function signToken(keyring: Keyring, rid: string, expiresAt: Date): string {
  const key = keyring.keys.find((candidate) => candidate.id === keyring.current);
  if (!key) throw new Error(`signing key ${keyring.current} is missing from the keyring`);
  const ridBytes = Buffer.from(rid, 'base64url');
  if (ridBytes.length !== RID_BYTES) throw new Error('a dossier rid is 12 bytes');
  const body = Buffer.alloc(BODY_BYTES);
  body.writeUInt8(key.id, 0);
  ridBytes.copy(body, 1);
  body.writeUInt32BE(Math.floor(expiresAt.getTime() / 1000), 1 + RID_BYTES);
  return Buffer.concat([body, mac(key, body)]).toString('base64url');
}

/**
 * Checks a token's form and signature first (a forged or altered token is {@link BadTokenError}, 400,
 * whatever its expiry says), then its expiry ({@link ExpiredTokenError}, 410).
 */
export function verifyToken(keyring: Keyring, token: string, now = new Date()): TokenClaims {
  if (!TOKEN_PATTERN.test(token)) throw new BadTokenError();
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== TOKEN_BYTES) throw new BadTokenError();
  const body = bytes.subarray(0, BODY_BYTES);
  const key = keyring.keys.find((candidate) => candidate.id === body.readUInt8(0));
  if (!key || !timingSafeEqual(mac(key, body), bytes.subarray(BODY_BYTES))) throw new BadTokenError();
  const expiresAt = new Date(body.readUInt32BE(1 + RID_BYTES) * 1000);
  const rid = body.subarray(1, 1 + RID_BYTES).toString('base64url');
  if (expiresAt.getTime() <= now.getTime()) throw new ExpiredTokenError(expiresAt, rid);
  return { rid, expiresAt, keyId: key.id };
}
