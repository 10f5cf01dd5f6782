/**
 * A tiny local HTTP server speaking the DynamoDB JSON protocol (and Secrets Manager's GetSecretValue),
 * so that handlers can be timed with real SDK clients, real serialization and a real HTTP round trip,
 * but no AWS. It keeps items in memory: GetItem answers what PutItem stored (or what a scenario
 * seeded); conditions are not evaluated, so a benchmark can repeat the same write.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type AttributeValue =
  | { S: string }
  | { N: string }
  | { BOOL: boolean }
  | { NULL: true }
  | { L: AttributeValue[] }
  | { M: Record<string, AttributeValue> };

/** Plain JSON → DynamoDB JSON (enough for items made by shared/storage/*ToItem). */
export function marshall(value: unknown): AttributeValue {
  if (value === null || value === undefined) return { NULL: true };
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (Array.isArray(value)) return { L: value.map(marshall) };
  return {
    M: Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, field]) => field !== undefined)
        .map(([key, field]) => [key, marshall(field)]),
    ),
  };
}

export interface StubAws {
  endpoint: string;
  /** Stores a plain item (as a PutItem would). */
  seed(item: Record<string, unknown>): void;
  /** Requests served, by operation. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

const keyOf = (key: Record<string, { S?: string }>) => `${key.pk?.S ?? ''}\u0000${key.sk?.S ?? ''}`;

export async function startStubAws(secretString: string): Promise<StubAws> {
  const items = new Map<string, Record<string, AttributeValue>>();
  const calls = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.split('.').pop() ?? '';
      calls.set(operation, (calls.get(operation) ?? 0) + 1);
      const input = (chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}) as {
        SecretId?: string;
        Key?: Record<string, { S?: string }>;
        Item?: Record<string, AttributeValue>;
        RequestItems?: Record<string, { Keys: Record<string, { S?: string }>[] }>;
        UpdateExpression?: string;
        ExpressionAttributeNames?: Record<string, string>;
        ExpressionAttributeValues?: Record<string, AttributeValue>;
        ReturnValues?: string;
      };
      let output: unknown = {};
      if (target.startsWith('secretsmanager.')) {
        output = { ARN: input.SecretId, Name: 'hailong-bench', SecretString: secretString, VersionId: 'v1' };
      } else if (operation === 'GetItem') {
        const item = items.get(keyOf(input.Key ?? {}));
        output = item ? { Item: item } : {};
      } else if (operation === 'BatchGetItem') {
        const responses: Record<string, Record<string, AttributeValue>[]> = {};
        for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
          responses[table] = request.Keys.map((key) => items.get(keyOf(key))).filter(
            (item): item is Record<string, AttributeValue> => item !== undefined,
          );
        }
        output = { Responses: responses, UnprocessedKeys: {} };
      } else if (operation === 'PutItem') {
        const item = input.Item ?? {};
        items.set(keyOf(item as never), item);
      } else if (operation === 'UpdateItem') {
        // The rating's update: SET clauses applied to a copy of the stored item, answered as
        // ALL_NEW or ALL_OLD (nothing kept, so every timed call rates the same seeded dossier afresh).
        const stored = items.get(keyOf(input.Key ?? {}));
        const updated = { ...(stored ?? {}) };
        const setPart = /^SET (.*)$/.exec(input.UpdateExpression ?? '')?.[1] ?? '';
        for (const clause of setPart.split(', ')) {
          const [left, right] = clause.split(' = ') as [string, string];
          const name = input.ExpressionAttributeNames?.[left] ?? left;
          const value =
            input.ExpressionAttributeValues?.[right] ??
            updated[input.ExpressionAttributeNames?.[right] ?? right];
          if (value) updated[name] = value;
        }
        output =
          input.ReturnValues === 'ALL_NEW'
            ? { Attributes: updated }
            : input.ReturnValues === 'ALL_OLD' && stored
              ? { Attributes: stored }
              : {};
      } else if (operation === 'Query') {
        output = { Items: [], Count: 0, ScannedCount: 0 };
      } else if (operation === 'BatchWriteItem') {
        output = { UnprocessedItems: {} };
      }
      const body = JSON.stringify(output);
      response.writeHead(200, {
        'content-type': target.startsWith('secretsmanager.')
          ? 'application/x-amz-json-1.1'
          : 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(body),
        'x-amzn-requestid': 'bench',
      });
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    seed(item) {
      const marshalled = (marshall(item) as { M: Record<string, AttributeValue> }).M;
      items.set(keyOf(marshalled as never), marshalled);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
