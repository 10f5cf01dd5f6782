import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createPublicApp } from '../../functions/public/app';
import { parseConfig } from '../../shared/config';
import { createKeyring, staticKeyringSource } from '../../shared/keyring';
import { createDocumentClient } from '../../shared/storage/client';
import { assessmentBody } from '../support/skills';

const db = createDocumentClient({ endpoint: 'http://127.0.0.1:9' });
const dbMock = mockClient(DynamoDBDocumentClient);
const app = createPublicApp({
  store: { db, tableName: 'hailong' },
  config: parseConfig({}),
  keyring: staticKeyringSource(createKeyring()),
  now: () => new Date('2026-03-10T03:00:00Z'),
});
const campaignItem = {
  pk: 'CAMPAIGN#AbCd1234',
  sk: 'CAMPAIGN',
  id: 'AbCd1234',
  unit: 'c1',
  createdAt: '2026-03-01T00:00:00Z',
};

const postJson = (body: unknown) =>
  app.request('/s/AbCd1234', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('self-assessment page when DynamoDB fails', () => {
  afterEach(() => dbMock.reset());

  it('answers 503 "nothing was saved" when the put is throttled, so the device keeps it queued', async () => {
    dbMock.on(GetCommand).resolves({ Item: campaignItem });
    dbMock.on(PutCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    const res = await postJson(assessmentBody());
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unavailable');
  });

  it('answers 200 and not 5xx when the conditional put finds the clientId stored', async () => {
    dbMock.on(GetCommand).resolves({ Item: campaignItem });
    dbMock
      .on(PutCommand)
      .rejects(Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException' }));
    const res = await postJson(assessmentBody());
    expect(res.status).toBe(200);
  });

  it('refuses malformed JSON with 422 without writing', async () => {
    dbMock.on(GetCommand).resolves({ Item: campaignItem });
    const res = await app.request('/s/AbCd1234', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"clientId":',
    });
    expect(res.status).toBe(422);
    expect(dbMock.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('serves the form in one response small enough for a weak signal', async () => {
    // Each read answers its own item (the page reads the campaign, then its unit's name).
    dbMock
      .on(GetCommand, { Key: { pk: 'CAMPAIGN#AbCd1234', sk: 'CAMPAIGN' } })
      .resolves({ Item: campaignItem });
    dbMock.on(GetCommand, { Key: { pk: 'UNIT#c1', sk: 'UNIT' } }).resolves({
      Item: {
        pk: 'UNIT#c1',
        sk: 'UNIT',
        id: 'c1',
        name: 'Xã Một',
        kind: 'commune',
        parent: 'p',
        path: 'p/c1/',
      },
    });
    const res = await app.request('/s/AbCd1234');
    expect(res.status).toBe(200);
    const bytes = new TextEncoder().encode(await res.text()).length;
    expect(bytes).toBeLessThan(20 * 1024);
  });
});
