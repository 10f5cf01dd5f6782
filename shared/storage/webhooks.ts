/**
 * Webhook of a unit (DESIGN §4.4): where its feedback alerts are delivered, and the secret they are
 * signed with. Set by an administrator (`npm run admin -- webhooks set UNIT URL`).
 *
 * Keys: `pk = WEBHOOK#<unit>`, `sk = WEBHOOK`; listing on gsi1: `gsi1pk = WEBHOOKS`, `gsi1sk = <unit>`.
 */
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Store } from './client';
import { guarded, type Item, queryAll } from './dynamo';

export interface Webhook {
  unit: string;
  url: string;
  /** HMAC-SHA-256 key of the signatures (`whsec_` and 32 base64url characters). */
  secret: string;
  createdAt: string;
}

/** https only, except to the loopback interface (local runs and tests). */
export const webhookUrlSchema = z.url().check(
  z.maxLength(2000),
  z.refine(
    (value) => {
      const url = new URL(value);
      return (
        url.protocol === 'https:' ||
        (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
      );
    },
    { message: 'https:// (http:// only to 127.0.0.1 / localhost)' },
  ),
);

const webhookKey = (unit: string) => ({ pk: `WEBHOOK#${unit}`, sk: 'WEBHOOK' });

export const generateWebhookSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

function fromItem(item: Item): Webhook | undefined {
  if (typeof item.unit !== 'string' || typeof item.url !== 'string' || typeof item.secret !== 'string')
    return undefined;
  return { unit: item.unit, url: item.url, secret: item.secret, createdAt: String(item.createdAt) };
}

/** Sets (or replaces) a unit's webhook with a new secret; answers it, secret included (shown once). */
export async function setWebhook(store: Store, unit: string, url: string, now: Date): Promise<Webhook> {
  const webhook: Webhook = { unit, url, secret: generateWebhookSecret(), createdAt: now.toISOString() };
  await guarded(() =>
    store.db.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...webhookKey(unit), gsi1pk: 'WEBHOOKS', gsi1sk: unit, type: 'webhook', ...webhook },
      }),
    ),
  );
  return webhook;
}

export async function getWebhook(store: Store, unit: string): Promise<Webhook | undefined> {
  const result = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: webhookKey(unit) })),
  );
  return result.Item ? fromItem(result.Item) : undefined;
}

export async function removeWebhook(store: Store, unit: string): Promise<void> {
  await guarded(() =>
    store.db.send(new DeleteCommand({ TableName: store.tableName, Key: webhookKey(unit) })),
  );
}

export async function listWebhooks(store: Store): Promise<Webhook[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': 'WEBHOOKS' },
  });
  return items.flatMap((item) => fromItem(item) ?? []);
}
