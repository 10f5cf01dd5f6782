import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMarkerKey, generateDemo, getDemoMarker, isDemoLoaded, loadDemo } from '../../local/demo';
import { getDossier } from '../../shared/storage/dossiers';
import { getRating } from '../../shared/storage/ratings';
import { listUnits } from '../../shared/storage/units';
import { startTestStack, type TestStack } from '../support/stack';

describe('loading the demo province', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('redoes a load cut short with the instant it started at, then marks it loaded', async () => {
    const firstTry = new Date('2026-02-10T03:00:00Z');
    await stack.deps.store.db.send(
      new PutCommand({
        TableName: stack.deps.store.tableName,
        Item: { ...demoMarkerKey, type: 'meta', state: 'loading', builtAt: firstTry.toISOString() },
      }),
    );
    expect(await isDemoLoaded(stack.deps.store)).toBe(false);

    const options = { dossierCount: 60, linkTtlDays: 30 };
    const counts = await loadDemo(stack.deps.store, {
      ...options,
      now: new Date('2026-02-12T03:00:00Z'),
      retentionDays: 1095,
    });
    const expected = generateDemo({ ...options, now: firstTry });
    expect(counts.dossiers).toBe(60);
    expect(counts.ratings).toBe(expected.ratings.length);
    expect(await getDossier(stack.deps.store, expected.dossiers[0]!.rid)).toEqual(expected.dossiers[0]);
    const rated = expected.ratings[0]!;
    expect(await getRating(stack.deps.store, rated.rid)).toEqual(rated);
    expect(await getDemoMarker(stack.deps.store)).toEqual({
      state: 'loaded',
      builtAt: firstTry.toISOString(),
    });
    expect((await listUnits(stack.deps.store)).length).toBe(counts.units);
  });
});
