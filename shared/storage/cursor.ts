/**
 * The opaque cursors of paged listings (`GET /v1/ratings`, `GET /v1/scores/qd766/dossiers`): a JSON
 * body, base64url, and an HMAC-SHA-256 over the body and what the cursor is bound to (the query), under
 * a key derived per listing (`context`) from the signing key the body names — so a client can neither
 * hand DynamoDB a key of its own making nor carry a cursor to another query or listing, and a cursor
 * MAC can never pass for a rating link's. Anything else is a 422 naming `cursor`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { ValidationError } from '../errors';
import type { Keyring } from '../tokens';

const MAC_BYTES = 16;
/** Longer than any cursor made here: refused before it is decoded. */
const MAX_LENGTH = 1024;

const keyIdSchema = z.object({ k: z.number() });

function mac(keyring: Keyring, keyId: number, context: string, binding: string, body: string) {
  const key = keyring.keys.find((candidate) => candidate.id === keyId);
  if (!key) return undefined;
  const cursorKey = createHmac('sha256', Buffer.from(key.secret, 'base64')).update(context).digest();
  return createHmac('sha256', cursorKey).update(`${binding}\n${body}`).digest().subarray(0, MAC_BYTES);
}

export const badCursor = () =>
  new ValidationError([
    {
      field: 'cursor',
      vi: 'con trỏ không hợp lệ hoặc không thuộc truy vấn này',
      en: 'invalid cursor, or from another query',
    },
  ]);

/** A cursor holding `fields`, made with the current signing key and bound to `binding`. */
export function sealCursor(
  keyring: Keyring,
  context: string,
  binding: string,
  fields: Record<string, unknown>,
): string {
  const body = Buffer.from(JSON.stringify({ k: keyring.current, ...fields })).toString('base64url');
  return `${body}.${mac(keyring, keyring.current, context, binding, body)!.toString('base64url')}`;
}

/** The fields of a cursor made by {@link sealCursor} for the same listing and binding, else 422. */
export function openCursor<T>(
  keyring: Keyring,
  context: string,
  binding: string,
  cursor: string,
  schema: z.ZodMiniType<T>,
): T {
  const [body, given, rest] = cursor.split('.');
  if (!body || !given || rest !== undefined || cursor.length > MAX_LENGTH) throw badCursor();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const keyId = keyIdSchema.safeParse(decoded);
  const fields = schema.safeParse(decoded);
  if (!keyId.success || !fields.success) throw badCursor();
  const expected = mac(keyring, keyId.data.k, context, binding, body);
  const givenMac = Buffer.from(given, 'base64url');
  if (!expected || givenMac.length !== expected.length || !timingSafeEqual(givenMac, expected))
    throw badCursor();
  return fields.data;
}
