/**
 * AWS error paths, with the DynamoDB document client mocked (aws-sdk-client-mock): a throttled write
 * is a clear 503 with nothing half-done, a failed condition is a 409 (also once a dossier's change has
 * lost its race against other changes of it on every attempt).
 */
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApiApp } from '../../functions/api/app';
import { createPublicApp } from '../../functions/public/app';
import { parseConfig } from '../../shared/config';
import type { AppDeps } from '../../shared/http/deps';
import { createKeyring, staticKeyringSource } from '../../shared/keyring';
import { createApiKey } from '../../shared/storage/api-keys';
import { createDocumentClient } from '../../shared/storage/client';
import { storeCaseChange } from '../../shared/storage/dossier-reports';
import { completeDossier, dossierToItem } from '../../shared/storage/dossiers';
import { procedureToItem } from '../../shared/storage/procedures';
import { ratedDossierToItem, ratingFromAnswers } from '../../shared/storage/rating-encoding';
import { unitToItem } from '../../shared/storage/units';
import { signToken } from '../../shared/tokens';
import { dossierInput } from '../support/rating';

type ConditionInput = { ConditionExpression?: string; ExpressionAttributeNames?: Record<string, string> };
/** A write's condition with its name placeholders (`#d0`) spelled out as the attributes they stand for. */
const spelled = (input: ConditionInput) =>
  (input.ConditionExpression ?? '').replace(
    /#\w+/g,
    (name) => input.ExpressionAttributeNames?.[name] ?? name,
  );

const awsError = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });

const now = new Date();
const keyring = createKeyring(now);
const unit = {
  id: 'cb',
  name: 'Tỉnh Cao Bằng',
  kind: 'province' as const,
  parent: null,
  path: 'cb/',
  sipas: false,
};
const procedure = { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0 };
const input = dossierInput({ unit: 'cb' }, now);
const dossier = completeDossier(
  {
    code: input.code,
    unit: 'cb',
    procedure: procedure.code,
    applicantType: 'citizen',
    channel: 'counter',
    receivedAt: input.receivedAt,
    dueAt: input.dueAt,
    returnedAt: input.returnedAt,
    supplementRequests: 0,
    complaint: false,
  },
  now,
  30,
);
const token = signToken(keyring, dossier.rid, new Date(dossier.linkExpiresAt));
const answers = 'overall=2&i3=2&i4=2&i7=2';

describe('DynamoDB error paths (mocked client)', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  let deps: AppDeps;
  let items: Record<string, Record<string, unknown>>;

  beforeEach(() => {
    ddb.reset();
    deps = {
      store: { db: createDocumentClient({ region: 'ap-southeast-1' }), tableName: 'hailong' },
      config: parseConfig({}),
      keyring: staticKeyringSource(keyring),
      now: () => now,
    };
    items = {
      [`DOSSIER#${dossier.rid}/DOSSIER`]: dossierToItem(dossier),
      'UNIT#cb/UNIT': unitToItem(unit),
      [`PROC#${procedure.code}/PROC`]: procedureToItem(procedure),
    };
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string; sk: string } }) => {
      return { Item: items[`${input.Key.pk}/${input.Key.sk}`] };
    });
    // A page reads the dossier's partition (the dossier with its rating) in one Query.
    ddb.on(QueryCommand).callsFake((input: { ExpressionAttributeValues: Record<string, string> }) => ({
      Items: Object.entries(items)
        .filter(([key]) => key.startsWith(`${input.ExpressionAttributeValues[':pk']}/`))
        .map(([, item]) => item),
    }));
    // The rating is one conditional UpdateItem answering the rated item; counting a refusal succeeds.
    ddb
      .on(UpdateCommand)
      .callsFake((input: ConditionInput) =>
        spelled(input).includes('attribute_not_exists(overall)')
          ? { Attributes: { ...dossierToItem(dossier), overall: 2, i3: 2, i4: 2, i7: 2 } }
          : {},
      );
  });
  afterEach(() => ddb.reset());

  const postRating = (headers: Record<string, string>, body: string) =>
    createPublicApp(deps).request(`/r/${token}`, { method: 'POST', headers, body });

  it('answers a throttled rating write with a clear 503 page; the one write was the only attempt', async () => {
    ddb.on(UpdateCommand).rejects(awsError('ProvisionedThroughputExceededException'));
    const res = await postRating({ 'content-type': 'application/x-www-form-urlencoded' }, answers);
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain('Hệ thống đang bận');
    expect(html).toContain('Chưa có gì được lưu');
    // One conditional update is the whole request: a refused one leaves nothing half-written. (The
    // other call is the page's read of the languages a province added, cached a minute.)
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(ddb.calls().filter((call) => !(call.args[0] instanceof QueryCommand))).toHaveLength(1);
    expect(spelled(ddb.commandCalls(UpdateCommand)[0]!.args[0].input as ConditionInput)).toContain(
      'attribute_exists(pk) AND attribute_not_exists(overall)',
    );
  });

  it('answers a throttled rating write sent as JSON with 503 JSON', async () => {
    ddb.on(UpdateCommand).rejects(awsError('ThrottlingException'));
    const res = await postRating(
      { 'content-type': 'application/json' },
      '{"overall":2,"i3":2,"i4":2,"i7":2}',
    );
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: 'unavailable' } });
  });

  it('answers a throttled read of the rating page with 503, not 500', async () => {
    ddb.on(QueryCommand).rejects(awsError('ProvisionedThroughputExceededException'));
    const res = await createPublicApp(deps).request(`/r/${token}`);
    expect(res.status).toBe(503);
  });

  it('answers a conditional-check failure (a concurrent rating won) with 409', async () => {
    // The rating's condition fails; the one read after it finds the dossier rated.
    ddb.on(UpdateCommand).callsFake((input: ConditionInput) => {
      if (spelled(input).includes('attribute_not_exists(overall)')) {
        throw awsError('ConditionalCheckFailedException');
      }
      return {};
    });
    items[`DOSSIER#${dossier.rid}/DOSSIER`] = ratedDossierToItem(
      dossierToItem(dossier),
      ratingFromAnswers(dossier, { overall: 1, i3: 1, i4: 1, i7: 1, lang: 'vi' }, now),
      1095,
    );
    const page = await postRating({ 'content-type': 'application/x-www-form-urlencoded' }, answers);
    expect(page.status).toBe(409);
    expect(await page.text()).toContain('Hồ sơ này đã được đánh giá');
    const json = await postRating(
      { 'content-type': 'application/json' },
      '{"overall":2,"i3":2,"i4":2,"i7":2}',
    );
    expect(json.status).toBe(409);
    expect(await json.json()).toMatchObject({ error: { code: 'conflict' } });
  });

  it('answers an unexpected DynamoDB failure with a 500 page that hides internals', async () => {
    ddb.on(UpdateCommand).rejects(awsError('ValidationException'));
    const log = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const res = await postRating({ 'content-type': 'application/x-www-form-urlencoded' }, answers);
    expect(res.status).toBe(500);
    // The failure is logged for the operators (Powertools JSON on stderr), not shown to the citizen.
    const logged = log.mock.calls.map(([line]) => String(line)).join('');
    expect(logged).toContain('ValidationException');
    expect(logged).not.toContain(token);
    log.mockRestore();
    const html = await res.text();
    expect(html).toContain('Đánh giá chưa được lưu');
    expect(html).not.toContain('ValidationException');
  });

  /** An API key for /v1/dossiers, its record captured as createApiKey writes it (served by GetCommand). */
  async function apiKey(secret: string) {
    ddb.on(PutCommand).resolvesOnce({});
    await createApiKey(deps.store, secret, { name: 'k', unit: 'cb', permissions: ['dossiers:write'] });
    return ddb.commandCalls(PutCommand)[0]!.args[0].input.Item!;
  }

  it('answers a report that loses its race against other changes of the dossier 4 times with 409, storing nothing', async () => {
    const secret = 'test-key-busy-dossier-0123456789';
    const keyItem = await apiKey(secret);
    ddb.reset();
    ddb.on(GetCommand).callsFake((request: { Key: { pk: string; sk: string } }) => {
      if (request.Key.pk.startsWith('APIKEY#')) return { Item: keyItem };
      return { Item: items[`${request.Key.pk}/${request.Key.sk}`] };
    });
    ddb.on(QueryCommand).resolves({ Items: [unitToItem(unit)] });
    // Every conditional write of the dossier item finds it changed since its read.
    ddb.on(UpdateCommand).rejects(awsError('ConditionalCheckFailedException'));
    const res = await createApiApp(deps).request('/v1/dossiers', {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...input, supplementRequests: 1, updatedAt: now.toISOString() }),
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      error: {
        code: 'conflict',
        vi: expect.stringContaining('Vui lòng gửi lại'),
        en: expect.stringContaining('Please send it again'),
      },
    });
    // Read and conditional write, 4 times; no snapshot (a PutCommand) of a change that was not stored.
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(4);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('refuses a case change that loses its race 4 times with 409, writing no snapshot', async () => {
    ddb.on(UpdateCommand).rejects(awsError('ConditionalCheckFailedException'));
    ddb.on(PutCommand).resolves({});
    let plans = 0;
    const change = storeCaseChange(
      deps.store,
      dossier.rid,
      () => {
        plans++;
        return {
          feedbackCase: { openedAt: now.toISOString(), dueDay: '2099-01-01' },
          write: (update) => update.set('caseStatus', 'open'),
        };
      },
      { now, guard: { history: true } },
    );
    await expect(change).rejects.toMatchObject({ status: 409, code: 'conflict' });
    // Each attempt reads the item again and plans the change on what it read.
    expect(plans).toBe(4);
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(4);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('answers a throttled dossier registration with 503 JSON', async () => {
    const secret = 'test-key-throttle-0123456789';
    const keyItem = await apiKey(secret);
    ddb.reset();
    ddb.on(GetCommand).callsFake((input: { Key: { pk: string } }) => {
      if (input.Key.pk.startsWith('APIKEY#')) return { Item: keyItem };
      if (input.Key.pk.startsWith('PROC#')) return { Item: procedureToItem(procedure) };
      return {};
    });
    ddb.on(QueryCommand).resolves({ Items: [unitToItem(unit)] });
    ddb.on(PutCommand).rejects(awsError('ProvisionedThroughputExceededException'));
    const res = await createApiApp(deps).request('/v1/dossiers', {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(dossierInput({ unit: 'cb' })),
    });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      error: { code: 'unavailable', vi: expect.stringContaining('Chưa có gì') },
    });
  });
});
