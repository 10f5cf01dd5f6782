import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { listApiKeys, revokeApiKey } from '../../shared/storage/api-keys';
import { putProcedures } from '../../shared/storage/procedures';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

describe('agency directory on dynalite', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let districtKey: string;

  beforeAll(async () => {
    stack = await startTestStack();
    districtKey = await seedKey(stack.deps, 'cb-d1', ['scores:read']);
    await putProcedures(stack.deps.store, [
      { code: '1.001', name: 'Cấp giấy khai sinh', field: 'Hộ tịch', processingDays: 0 },
    ]);
    app = createLocalApp(stack.deps);
  });
  afterAll(() => stack.close());

  it('answers 401 without a key and with an unknown key', async () => {
    expect((await app.request('/v1/units')).status).toBe(401);
    const res = await app.request('/v1/units', {
      headers: { authorization: 'Bearer not-a-real-key-at-all' },
    });
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; vi: string } };
    expect(body.error.code).toBe('unauthorized');
    expect(body.error.vi).toContain('khóa API');
  });

  it('lists only the units of the key subtree', async () => {
    const res = await app.request('/v1/units', { headers: { authorization: `Bearer ${districtKey}` } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { units: { id: string; parent: string | null }[] };
    expect(body.units.map((unit) => unit.id)).toEqual(['cb-d1', 'cb-d1-c1', 'cb-d1-c2']);
    expect(body.units[1]).toEqual({
      id: 'cb-d1-c1',
      name: 'Xã Một Một',
      kind: 'commune',
      parent: 'cb-d1',
      codes: [],
      contactNumbers: [],
    });
  });

  it('lists procedures', async () => {
    const res = await app.request('/v1/procedures', { headers: { authorization: `Bearer ${districtKey}` } });
    expect(await res.json()).toEqual({
      procedures: [{ code: '1.001', name: 'Cấp giấy khai sinh', field: 'Hộ tịch', processingDays: 0 }],
    });
  });

  it('refuses a revoked key', async () => {
    const [key] = await listApiKeys(stack.deps.store);
    await revokeApiKey(stack.deps.store, key!.id);
    const res = await app.request('/v1/units', { headers: { authorization: `Bearer ${districtKey}` } });
    expect(res.status).toBe(401);
  });
});
