/**
 * Small helpers every entity module uses: paging, batched writes with retries of what DynamoDB left
 * unprocessed, and the translation of throttling into a clear "try again" error.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  type NativeAttributeValue,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod/mini';
import { UnavailableError } from '../errors';
import type { Store } from './client';

export type Item = Record<string, NativeAttributeValue>;

/**
 * A stored item that does not have the shape its entity module expects: a field renamed or dropped
 * on one side. A bug or a corrupt item, never the client's fault (500), and loud, so that a rename
 * breaks a test instead of silently losing counts.
 */
export class StoredItemError extends Error {
  constructor(entity: string, item: Item, problems: string) {
    super(`stored ${entity} ${String(item.pk)}/${String(item.sk)} does not decode: ${problems}`);
    this.name = 'StoredItemError';
  }
}

/** Decodes a stored item with its entity's schema (unknown attributes, keys included, are dropped). */
export function decodeItem<T>(schema: z.ZodMiniType<T>, entity: string, item: Item): T {
  const result = schema.safeParse(item);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new StoredItemError(entity, item, problems.join('; '));
  }
  return result.data;
}

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
]);

/** True when DynamoDB refused a request for load: the caller may retry, nothing was written. */
export function isThrottling(error: unknown): boolean {
  return error instanceof Error && THROTTLING.has(error.name);
}

/** True when a condition expression failed (the invariant it guards already holds). */
export function isConditionFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Runs a storage call, turning throttling into {@link UnavailableError} (HTTP 503). */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isThrottling(error)) throw new UnavailableError();
    throw error;
  }
}

/** Every item a query returns, following `LastEvaluatedKey` to the end. */
export async function queryAll(store: Store, input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await store.db.send(
      new QueryCommand({ ...input, TableName: store.tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...((page.Items as Item[] | undefined) ?? []));
    startKey = page.LastEvaluatedKey as Item | undefined;
  } while (startKey);
  return items;
}

/** Yields a query's pages one by one, so a caller can stream without holding every item. */
export async function* queryPages(
  store: Store,
  input: Omit<QueryCommandInput, 'TableName'>,
): AsyncGenerator<Item[]> {
  let startKey: Item | undefined;
  do {
    const page = await store.db.send(
      new QueryCommand({ ...input, TableName: store.tableName, ExclusiveStartKey: startKey }),
    );
    yield (page.Items as Item[] | undefined) ?? [];
    startKey = page.LastEvaluatedKey as Item | undefined;
  } while (startKey);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: Item } };

/**
 * Writes one batch (at most 25 requests), retrying what DynamoDB leaves unprocessed with backoff;
 * `what` names the requests in the error when some are still left after 8 retries.
 */
export async function writeBatch(store: Store, batch: WriteRequest[], what = 'items'): Promise<void> {
  let requests = batch;
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt > 8) throw new Error(`DynamoDB left ${what} unprocessed after 8 retries`);
    if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
    const result = await store.db.send(
      new BatchWriteCommand({ RequestItems: { [store.tableName]: requests } }),
    );
    requests = (result.UnprocessedItems?.[store.tableName] ?? []) as WriteRequest[];
  }
}

/** Puts items in batches of 25, retrying what DynamoDB leaves unprocessed with backoff. */
export async function batchPut(store: Store, items: Item[]): Promise<void> {
  for (let start = 0; start < items.length; start += 25) {
    await writeBatch(
      store,
      items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })),
    );
  }
}

/** Deletes items by key in batches of 25, retrying what DynamoDB leaves unprocessed. */
export async function batchDelete(store: Store, keys: Item[]): Promise<void> {
  for (let start = 0; start < keys.length; start += 25) {
    await writeBatch(
      store,
      keys.slice(start, start + 25).map((Key) => ({ DeleteRequest: { Key } })),
      'deletions',
    );
  }
}

/** Gets items by key in batches of 100, retrying unprocessed keys; missing items are left out. */
export async function batchGet(store: Store, keys: Item[]): Promise<Item[]> {
  const found: Item[] = [];
  for (let start = 0; start < keys.length; start += 100) {
    let pending = keys.slice(start, start + 100);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('DynamoDB left keys unprocessed after 8 retries');
      if (attempt > 0) await sleep(Math.min(1000, 25 * 2 ** attempt));
      const result = await store.db.send(
        new BatchGetCommand({ RequestItems: { [store.tableName]: { Keys: pending } } }),
      );
      found.push(...((result.Responses?.[store.tableName] as Item[] | undefined) ?? []));
      pending = (result.UnprocessedKeys?.[store.tableName]?.Keys ?? []) as Item[];
    }
  }
  return found;
}
