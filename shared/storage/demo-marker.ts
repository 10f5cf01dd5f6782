/**
 * The local run's demo marker (`META#demo` / `META`): the demo province is loaded once per database.
 * `loading` (with the instant the demo is built at) until every item is written, then `loaded`.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Store } from './client';
import { decodeItem } from './dynamo';

export const demoMarkerKey = { pk: 'META#demo', sk: 'META' };

export interface DemoMarker {
  state: 'loading' | 'loaded';
  builtAt: string;
}

const markerSchema = z.object({
  // Markers written before the state was stored are loaded ones.
  state: z._default(z.enum(['loading', 'loaded']), 'loaded'),
  builtAt: z.string(),
});

export async function getDemoMarker(store: Store): Promise<DemoMarker | undefined> {
  const result = await store.db.send(new GetCommand({ TableName: store.tableName, Key: demoMarkerKey }));
  return result.Item ? decodeItem(markerSchema, 'demo marker', result.Item) : undefined;
}

export async function putDemoMarker(
  store: Store,
  marker: DemoMarker,
  extra: { seed: number; [name: string]: unknown },
) {
  await store.db.send(
    new PutCommand({
      TableName: store.tableName,
      Item: { ...demoMarkerKey, type: 'meta', ...marker, ...extra },
    }),
  );
}
