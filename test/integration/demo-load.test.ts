import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMarkerKey, generateDemo, getDemoMarker, isDemoLoaded, loadDemo } from '../../local/demo';
import { satisfactionFamily } from '../../shared/aggregation/satisfaction';
import { qd766 } from '../../shared/indexes/qd766';
import { addCounts, type Counts } from '../../shared/storage/aggregates';
import { getDossier } from '../../shared/storage/dossiers';
import type { Item } from '../../shared/storage/dynamo';
import { localDay } from '../../shared/time';
import { recount } from '../support/aggregates';
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

  it('counts the demo cases in the official figures: the 18-point group with real feedback metrics', async () => {
    // Every dossier item counted through the nightly family's own arrivals (a Scan: a test only).
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await stack.deps.store.db.send(
        new ScanCommand({ TableName: stack.deps.store.tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const units = await listUnits(stack.deps.store);
    const root = units.find((unit) => unit.kind === 'province')!;
    const counts: Counts = {};
    for (const [key, value] of recount(items, [satisfactionFamily], units)) {
      if (key.startsWith(`AGG#sat#${root.id}|D#`)) addCounts(counts, value);
    }
    const cases = items.filter((item) => typeof item.caseOpenedAt === 'string');
    expect(cases.length).toBeGreaterThan(0);
    expect(counts.casesOpened).toBe(cases.length);
    expect(counts.casesAnsweredOnTime).toBe(
      cases.filter(
        (item) =>
          typeof item.caseFirstAnsweredAt === 'string' &&
          localDay(item.caseFirstAnsweredAt) <= String(item.caseDueDay),
      ).length,
    );
    expect(counts.casesSatisfied).toBe(cases.filter((item) => item.caseJudgement === 'satisfied').length);
    const group = qd766(counts, { minN: 1 }).groups.satisfaction;
    expect(group.missing).toEqual([]);
    expect(group.metrics[1]).toMatchObject({ denominator: cases.length });
    expect(group.score).not.toBeNull();
  });
});
