/**
 * Dashboard sessions (DESIGN §6): an API key is exchanged once for a cookie that names the key by its
 * stored hash and an expiry, signed with HMAC-SHA-256 under the token keyring (key id inside, so a
 * rotation keeps open sessions until the old key is dropped). Every request checks the signature, the
 * expiry and then the key store, so revoking the key ends its sessions at once. Nothing is stored.
 *
 *   s1.<key id>.<key hash hex>.<expiry, seconds>.<MAC base64url>
 *
 * Forms carry a token derived from the session (HMAC over the cookie), checked beside Hono's origin
 * check: a cross-site page can neither read the token nor send the cookie (SameSite=Strict).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { ForbiddenError } from '../errors';
import type { Keyring } from '../tokens';

export const SESSION_COOKIE = 'hl_session';
/** The sign-in form's own token (double-submit: cookie and hidden field must match). */
export const SIGN_IN_COOKIE = 'hl_signin';

export interface SessionClaims {
  /** The session's item (shared/storage/sessions.ts). */
  sessionId: string;
  keyHash: string;
  expiresAt: Date;
}

const PATTERN = /^s2\.(\d{1,3})\.([A-Za-z0-9_-]{24})\.([0-9a-f]{64})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

const mac = (secret: string, body: string) =>
  createHmac('sha256', Buffer.from(secret, 'base64')).update(body).digest('base64url');

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** A signed session value for the key stored under `keyHash`. */
export function signSession(keyring: Keyring, claims: SessionClaims): string {
  const key = keyring.keys.find((candidate) => candidate.id === keyring.current);
  if (!key) throw new Error('the keyring has no current key');
  const body = `s2.${key.id}.${claims.sessionId}.${claims.keyHash}.${Math.floor(claims.expiresAt.getTime() / 1000)}`;
  return `${body}.${mac(key.secret, body)}`;
}

/** The claims of a well-signed, unexpired session value; undefined otherwise (never throws). */
export function readSession(
  keyring: Keyring,
  value: string | undefined,
  now: Date,
): SessionClaims | undefined {
  const match = value ? PATTERN.exec(value) : null;
  if (!match) return undefined;
  const [, keyId, sessionId, keyHash, expiry, signature] = match as unknown as string[] as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const key = keyring.keys.find((candidate) => candidate.id === Number(keyId));
  if (!key || !same(mac(key.secret, value!.slice(0, value!.lastIndexOf('.'))), signature)) return undefined;
  const expiresAt = new Date(Number(expiry) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return undefined;
  return { sessionId, keyHash, expiresAt };
}

/** The anti-forgery token of the forms of a session: bound to the session value, useless without it. */
export function formToken(keyring: Keyring, session: string): string {
  const key = keyring.keys.find((candidate) => candidate.id === keyring.current) ?? keyring.keys[0];
  if (!key) throw new Error('the keyring is empty');
  return mac(key.secret, `form|${session}`);
}

/** Refuses (403) a form whose token does not match the expected one. */
export function checkFormToken(expected: string | undefined, sent: unknown): void {
  if (!expected || typeof sent !== 'string' || !same(expected, sent)) {
    throw new ForbiddenError({
      vi: 'Biểu mẫu đã hết hạn hoặc không gửi từ trang này. Hãy mở lại trang và gửi lại.',
      en: 'The form expired or was not sent from this site. Open the page again and resend it.',
    });
  }
}

/** Served over HTTPS (API Gateway, or a proxy that says so): the cookie is then `Secure`. */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https';
}

const cookieOptions = (c: Context, maxAge: number) =>
  ({
    path: '/',
    httpOnly: true,
    secure: isHttps(c),
    sameSite: 'Strict',
    maxAge,
  }) as const;

export function setSessionCookie(c: Context, value: string, maxAgeSeconds: number): void {
  setCookie(c, SESSION_COOKIE, value, cookieOptions(c, maxAgeSeconds));
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) });
}

export function sessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

/** The sign-in form's token: reused from its cookie, or a new one set for ten minutes. */
export function signInToken(c: Context): string {
  const existing = getCookie(c, SIGN_IN_COOKIE);
  if (existing && /^[A-Za-z0-9_-]{32}$/.test(existing)) return existing;
  const token = randomBytes(24).toString('base64url');
  setCookie(c, SIGN_IN_COOKIE, token, cookieOptions(c, 600));
  return token;
}

export function sentSignInToken(c: Context): string | undefined {
  return getCookie(c, SIGN_IN_COOKIE);
}
