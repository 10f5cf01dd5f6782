import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app';
import { parseConfig } from '../../shared/config';
import { createKeyring, staticKeyringSource } from '../../shared/keyring';
import { createDocumentClient } from '../../shared/storage/client';
import { resolvePaths, unitToItem } from '../../shared/storage/units';
import { sampleUnits } from '../support/stack';

const secret = 'hl_test-secret-for-scores';
const keyItem = {
  pk: `APIKEY#${createHash('sha256').update(secret).digest('hex')}`,
  sk: 'APIKEY',
  id: 'abc',
  name: 'test',
  unit: 'cb',
  permissions: ['scores:read'],
  createdAt: '2025-01-01T00:00:00.000Z',
};

/** Gets answer the API key; any other item (a quarter's figure sheet) is absent: the counts are read. */
const keyOnly = (input: { Key?: Record<string, unknown> }) =>
  String(input.Key?.pk ?? '').startsWith('APIKEY#') ? { Item: keyItem } : {};

describe('score reads when DynamoDB refuses', () => {
  const db = createDocumentClient({ endpoint: 'http://127.0.0.1:9' });
  const mock = mockClient(db);
  afterEach(() => mock.reset());

  const app = () =>
    createApiApp({
      store: { db: db as DynamoDBDocumentClient, tableName: 'hailong' },
      config: parseConfig({}),
      keyring: staticKeyringSource(createKeyring()),
      now: () => new Date('2025-06-01T00:00:00Z'),
    });

  it('answers 503 with a bilingual "nothing was saved, try again" when the aggregate read is throttled', async () => {
    mock.on(GetCommand).callsFake(keyOnly);
    mock.on(QueryCommand).resolves({ Items: resolvePaths(sampleUnits, []).map(unitToItem) });
    mock
      .on(BatchGetCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }));
    const res = await app().request('/v1/scores?unit=cb-d1&from=2025-01-01&to=2025-03-31&method=tt01', {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; vi: string; en: string } };
    expect(body.error.code).toBe('unavailable');
    expect(body.error.vi).toContain('thử lại');
  });

  it('reads a calendar quarter of a unit as one stored item', async () => {
    mock.on(GetCommand).callsFake(keyOnly);
    // The unit listing answers the units; each unit's period inputs (`INPUT#<unit>`) are none.
    mock.on(QueryCommand).callsFake((input: { ExpressionAttributeValues?: Record<string, unknown> }) => ({
      Items: String(input.ExpressionAttributeValues?.[':pk'] ?? '').startsWith('INPUT#')
        ? []
        : resolvePaths(sampleUnits, []).map(unitToItem),
    }));
    mock.on(BatchGetCommand).resolves({ Responses: { hailong: [] } });
    const res = await app().request('/v1/scores?unit=cb-d1&from=2025-01-01&to=2025-03-31&method=csat', {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(res.status).toBe(200);
    const reads = mock.commandCalls(BatchGetCommand);
    expect(reads).toHaveLength(3);
    // A standard period (the last quarter): its figure sheet, with the aggregates' generation; none
    // written, so the aggregates are read.
    expect(reads[0]!.args[0].input.RequestItems!.hailong!.Keys).toEqual([
      { pk: 'AGGRUN#GENERATION', sk: 'GENERATION' },
      { pk: 'SHEET#cb-d1', sk: '2025-01-01#2025-03-31' },
    ]);
    expect(reads[1]!.args[0].input.RequestItems!.hailong!.Keys).toEqual([
      { pk: 'AGG#sat#cb-d1', sk: 'Q#2025-Q1' },
    ]);
    // The final flag of a closed period: the night index of each month from its first day through its
    // last link day + LINK_TTL_DAYS (31 March + 30 = 30 April), one small item each.
    expect(reads[2]!.args[0].input.RequestItems!.hailong!.Keys).toEqual(
      ['2025-01', '2025-02', '2025-03', '2025-04'].map((month) => ({
        pk: `AGGNIGHTS#${month}`,
        sk: 'AGGNIGHTS',
      })),
    );
    // The period inputs: one query per unit of the subtree (the district and its two communes: tt01's)
    // and one of the root (the province's Decision 766 transparency figures, every unit's); none
    // recorded, so no aggregate is read for them.
    const inputQueries = mock
      .commandCalls(QueryCommand)
      .map((call) => String(call.args[0].input.ExpressionAttributeValues?.[':pk']))
      .filter((pk) => pk.startsWith('INPUT#'));
    expect(inputQueries.sort()).toEqual(['INPUT#cb', 'INPUT#cb-d1', 'INPUT#cb-d1-c1', 'INPUT#cb-d1-c2']);
  });
});
