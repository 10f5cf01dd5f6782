/**
 * API key of the agency API (DESIGN §6): stored only as a SHA-256 hash, scoped to a unit subtree and
 * to permissions, revocable. Keys: `pk = APIKEY#<sha256 hex>`, `sk = APIKEY`; listing on gsi1:
 * `gsi1pk = APIKEYS`, `gsi1sk = <id>` where id is the first 12 hex digits of the hash (what the admin
 * CLI shows and revokes by; it cannot be turned back into the key).
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, UnauthorizedError } from '../errors';
import * as z from 'zod/mini';
import type { Store } from './client';
import { decodeItem } from './dynamo';
import { guarded, type Item, queryAll } from './dynamo';

export const permissions = ['dossiers:write', 'scores:read', 'ratings:read', 'admin'] as const;
export type Permission = (typeof permissions)[number];

export interface ApiKey {
  id: string;
  name: string;
  /** The root of the subtree the key may act on. */
  unit: string;
  permissions: Permission[];
  createdAt: string;
  revokedAt?: string | undefined;
}

const hashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');
const apiKeyKey = (hash: string) => ({ pk: `APIKEY#${hash}`, sk: 'APIKEY' });

/** A new random key: `hl_` and 32 base64url characters (192 bits). */
export function generateApiKey(): string {
  return `hl_${randomBytes(24).toString('base64url')}`;
}

/** Stores a key's hash with its scope; answers the record (the key itself is never stored). */
export async function createApiKey(
  store: Store,
  secret: string,
  scope: { name: string; unit: string; permissions: Permission[] },
  now = new Date(),
): Promise<ApiKey> {
  const hash = hashOf(secret);
  const record: ApiKey = { id: hash.slice(0, 12), ...scope, createdAt: now.toISOString() };
  await store.db.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { ...apiKeyKey(hash), gsi1pk: 'APIKEYS', gsi1sk: record.id, type: 'apikey', hash, ...record },
    }),
  );
  return record;
}

const storedApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  unit: z.string(),
  permissions: z.array(z.enum(permissions)),
  createdAt: z.string(),
  revokedAt: z.optional(z.string()),
}) satisfies z.ZodMiniType<ApiKey, unknown>;

function fromItem(item: Item): ApiKey {
  return decodeItem(storedApiKeySchema, 'API key', item);
}

/** The key a bearer secret stands for; {@link UnauthorizedError} when unknown or revoked. */
export async function verifyApiKey(store: Store, secret: string): Promise<ApiKey> {
  if (secret.length < 12 || secret.length > 200) throw new UnauthorizedError();
  const result = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: apiKeyKey(hashOf(secret)) })),
  );
  if (!result.Item || result.Item.revokedAt) throw new UnauthorizedError();
  return fromItem(result.Item);
}

export async function listApiKeys(store: Store): Promise<ApiKey[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': 'APIKEYS' },
  });
  return items.map(fromItem);
}

/** Revokes a key by its id (the 12-digit prefix of its hash); the record stays for the audit trail. */
export async function revokeApiKey(store: Store, id: string, now = new Date()): Promise<ApiKey> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :id',
    ExpressionAttributeValues: { ':pk': 'APIKEYS', ':id': id },
  });
  const item = items[0];
  if (!item) throw new NotFoundError({ vi: `Không có khóa API "${id}".`, en: `No API key "${id}".` });
  await store.db.send(
    new UpdateCommand({
      TableName: store.tableName,
      Key: { pk: item.pk, sk: item.sk },
      UpdateExpression: 'SET revokedAt = :now',
      ExpressionAttributeValues: { ':now': now.toISOString() },
    }),
  );
  return { ...fromItem(item), revokedAt: now.toISOString() };
}
