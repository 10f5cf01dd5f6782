/**
 * Dashboard sessions on the server (DESIGN §6: "ended on the server at sign-out"). A sign-in stores
 * one item per session; the signed cookie names it; every request reads it, and sign-out deletes it,
 * so a copied cookie stops working the moment its owner signs out. The item expires with the session
 * (TTL `expiresAt`).
 *
 * Keys: `pk = SESSION#<session id>`, `sk = SESSION`; attributes `keyHash` (the API key's stored hash)
 * and `expiresAt` (epoch seconds).
 */
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Store } from './client';
import { guarded } from './dynamo';

/** A session id: 24 base64url characters (144 random bits). */
export const SESSION_ID = /^[A-Za-z0-9_-]{24}$/;

const sessionKey = (id: string) => ({ pk: `SESSION#${id}`, sk: 'SESSION' });

/** Starts a session of the key stored under `keyHash`; answers its id. */
export async function startSession(store: Store, keyHash: string, expiresAt: Date): Promise<string> {
  const id = randomBytes(18).toString('base64url');
  await guarded(() =>
    store.db.send(
      new PutCommand({
        TableName: store.tableName,
        Item: {
          ...sessionKey(id),
          type: 'session',
          keyHash,
          expiresAt: Math.ceil(expiresAt.getTime() / 1000),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  return id;
}

/** True while session `id` of `keyHash` is open (started, not ended, not expired). */
export async function isSessionOpen(store: Store, id: string, keyHash: string, now: Date): Promise<boolean> {
  if (!SESSION_ID.test(id)) return false;
  const found = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: sessionKey(id), ConsistentRead: true })),
  );
  const item = found.Item;
  return (
    item?.keyHash === keyHash && typeof item.expiresAt === 'number' && item.expiresAt * 1000 > now.getTime()
  );
}

/** Ends session `id` (sign-out); ending an ended session does nothing. */
export async function endSession(store: Store, id: string): Promise<void> {
  if (!SESSION_ID.test(id)) return;
  await guarded(() => store.db.send(new DeleteCommand({ TableName: store.tableName, Key: sessionKey(id) })));
}
