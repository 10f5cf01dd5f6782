/**
 * The public and api functions' IAM grants (infra/constructs/item-access.ts) against what its code really
 * does: every DynamoDB call the public app makes over the rating and self-assessment flows — happy
 * paths and refusals — is recorded on dynalite and must fall inside the key prefixes (and indexes)
 * the function is granted. A read the grants miss would pass every other test and fail in AWS.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ITEM_ACCESS, type ItemAccess } from '../../infra/constructs/item-access';
import { createApiApp } from '../../functions/api/app';
import { createPublicApp } from '../../functions/public/app';
import { createApiKey } from '../../shared/storage/api-keys';
import { createCampaign } from '../../shared/storage/campaigns';
import { registerOne, seedRating } from '../support/rating';
import { assessmentBody } from '../support/skills';
import { startTestStack, type TestStack } from '../support/stack';

type Access = { kind: 'read' | 'write'; prefix: string; command: string; index?: string };

const READS = new Set(['GetCommand', 'BatchGetCommand', 'QueryCommand']);
const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand']);
const prefixOf = (pk: unknown) => `${String(pk).split('#')[0]}#`;

/** The partition keys (or index) each recorded command touches. */
function accessesOf(command: { constructor: { name: string }; input: Record<string, unknown> }): Access[] {
  const name = command.constructor.name;
  const kind = READS.has(name) ? 'read' : WRITES.has(name) ? 'write' : undefined;
  if (!kind) throw new Error(`unexpected command ${name}`);
  const input = command.input as {
    Key?: { pk: string };
    Item?: { pk: string };
    IndexName?: string;
    ExpressionAttributeValues?: Record<string, unknown>;
    RequestItems?: Record<string, { Keys?: { pk: string }[] } | { PutRequest?: { Item: { pk: string } } }[]>;
  };
  if (input.IndexName) return [{ kind, prefix: '', command: name, index: input.IndexName }];
  if (input.Key) return [{ kind, prefix: prefixOf(input.Key.pk), command: name }];
  if (input.Item) return [{ kind, prefix: prefixOf(input.Item.pk), command: name }];
  if (name === 'QueryCommand') {
    return [{ kind, prefix: prefixOf(input.ExpressionAttributeValues?.[':pk']), command: name }];
  }
  const requests = Object.values(input.RequestItems ?? {})[0];
  if (Array.isArray(requests)) {
    return requests.map((request) => ({
      kind,
      prefix: prefixOf(request.PutRequest?.Item.pk),
      command: name,
    }));
  }
  return (requests?.Keys ?? []).map((key) => ({ kind, prefix: prefixOf(key.pk), command: name }));
}

/** From now on, records what every DynamoDB call of the stack's client touches. */
function recordCalls(stack: TestStack, recorded: Access[]): void {
  const db = stack.deps.store.db;
  const send = db.send.bind(db);
  db.send = ((command: never) => {
    recorded.push(...accessesOf(command));
    return send(command);
  }) as typeof db.send;
}

/** The recorded accesses that fall outside a function's grants. */
function outsideGrants(recorded: Access[], grants: ItemAccess): Access[] {
  return recorded.filter((access) =>
    access.index
      ? !(grants.indexes as string[]).includes(access.index)
      : !(grants[access.kind] as string[]).includes(access.prefix),
  );
}

describe('public function grants cover its real DynamoDB calls', () => {
  let stack: TestStack;
  const recorded: Access[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    const key = await seedRating(stack.deps, 'cb');
    const api = createApiApp(stack.deps);
    const publicApp = createPublicApp(stack.deps);
    const first = await registerOne(api as never, key);
    const second = await registerOne(api as never, key, { unit: 'cb-sipas' });
    const campaign = await createCampaign(stack.deps.store, { unit: 'cb-d1-c1' }, new Date());

    // From here on only the public app runs: record what it sends.
    recordCalls(stack, recorded);

    const json = { 'content-type': 'application/json', accept: 'application/json' };
    await publicApp.request(first.path);
    await publicApp.request(first.path, { method: 'POST', headers: json, body: '{"overall":7}' });
    await publicApp.request(first.path, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ overall: 2, i3: 2, i4: 2, i7: 2, comment: 'Tốt' }),
    });
    await publicApp.request(first.path, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ overall: 2, i3: 2, i4: 2, i7: 2 }),
    });
    await publicApp.request(`${first.path}/thanks`);
    await publicApp.request(`${first.path}/label`);
    await publicApp.request(second.path);
    await publicApp.request(second.path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'overall=0&i3=1&i4=1&i7=0&reason=slow&s1=2&s2=3&s3=2&s4=1&s5=2',
    });
    await publicApp.request(`/s/${campaign.id}`);
    const assessment = JSON.stringify(assessmentBody({ clientId: randomUUID() }));
    for (let i = 0; i < 2; i++) {
      await publicApp.request(`/s/${campaign.id}`, { method: 'POST', headers: json, body: assessment });
    }
    await publicApp.request(`/s/${campaign.id}`, { method: 'POST', headers: json, body: '{"clientId":"x"}' });
  });
  afterAll(() => stack.close());

  it('exercised the reads and writes of both flows', () => {
    const seen = new Set(recorded.map((access) => `${access.kind} ${access.prefix}`));
    for (const expected of ['read DOSSIER#', 'write DOSSIER#', 'write ASSESS#']) {
      expect(seen).toContain(expected);
    }
  });

  it('reads and writes only the key prefixes it is granted, and queries no index', () => {
    expect(recorded.length).toBeGreaterThan(10);
    expect(outsideGrants(recorded, FUNCTION_ITEM_ACCESS.public)).toEqual([]);
  });
});

describe('api function grants cover its real DynamoDB calls', () => {
  let stack: TestStack;
  const recorded: Access[] = [];

  beforeAll(async () => {
    stack = await startTestStack();
    await seedRating(stack.deps, 'cb');
    const key = `grants-admin-${randomUUID()}`;
    await createApiKey(stack.deps.store, key, { name: 'grants', unit: 'cb', permissions: ['admin'] });
    const api = createApiApp(stack.deps);
    recordCalls(stack, recorded);
    const auth = { authorization: `Bearer ${key}` };
    await registerOne(api as never, `${key}`);
    const range = 'from=2026-01-01&to=2026-12-31';
    for (const path of [
      '/v1/units',
      '/v1/procedures',
      `/v1/scores?unit=cb&${range}&method=tt01&groupBy=month`,
      `/v1/rankings?parent=cb&${range}&method=qd766`,
      `/v1/ratings?unit=cb&${range}`,
      `/v1/skills?unit=cb&${range}&indicator=dsi`,
      `/v1/scores/qd766/dossiers?unit=cb&${range}&metric=DOSSIER_SYNC`,
      '/openapi.json',
    ]) {
      expect((await api.request(path, { headers: auth })).status).toBe(200);
    }
    await api.request(`/v1/ratings?unit=cb&${range}`, { headers: { ...auth, accept: 'text/csv' } });
    // This month: a final month's inputs are refused (409).
    const month = new Date().toISOString().slice(0, 7);
    const periodInput = await api.request(`/v1/period-inputs/cb/${month}/i5`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ value: 2 }),
    });
    expect(periodInput.status).toBe(200);
    expect((await api.request('/v1/period-inputs?unit=cb', { headers: auth })).status).toBe(200);
  });
  afterAll(() => stack.close());

  it('reads and writes only the key prefixes and indexes it is granted', () => {
    expect(recorded.length).toBeGreaterThan(5);
    expect(outsideGrants(recorded, FUNCTION_ITEM_ACCESS.api)).toEqual([]);
    // The 766 dossier listing reads the received-day index.
    expect(recorded.some((access) => access.index === 'gsi5')).toBe(true);
  });

  it("charged the custom ranges to the key's budget (PACE#, granted)", () => {
    // The year 2026 is not a standard period as of the test's day: /v1/scores and /v1/rankings count it.
    expect(
      recorded.filter((access) => access.kind === 'write' && access.prefix === 'PACE#').length,
    ).toBeGreaterThan(0);
  });
});
