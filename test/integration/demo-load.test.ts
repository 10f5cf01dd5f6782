import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoMarkerKey, demoUnits, getDemoMarker, isDemoLoaded, loadDemo } from '../../local/demo';
import { satisfactionFamily } from '../../shared/aggregation/satisfaction';
import { qd766 } from '../../shared/indexes/qd766';
import { addCounts, type Counts } from '../../shared/storage/aggregates';
import { getDossier } from '../../shared/storage/dossiers';
import type { Item } from '../../shared/storage/dynamo';
import { addDays, localDay, startOfLocalDay } from '../../shared/time';
import { recount } from '../support/aggregates';
import { getRating } from '../../shared/storage/rating-reads';
import { listUnits } from '../../shared/storage/units';
import { startTestStack, type TestStack } from '../support/stack';

describe('loading the demo province', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  /** Every item of the table (a Scan: a test only), a path the loader and its readers never take. */
  async function scanAll(): Promise<Item[]> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const page = await stack.deps.store.db.send(
        new ScanCommand({ TableName: stack.deps.store.tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  it('redoes a load cut short with the instant it started at, then marks it loaded', async () => {
    const firstTry = new Date('2026-02-10T03:00:00Z');
    await stack.deps.store.db.send(
      new PutCommand({
        TableName: stack.deps.store.tableName,
        Item: { ...demoMarkerKey, type: 'meta', state: 'loading', builtAt: firstTry.toISOString() },
      }),
    );
    expect(await isDemoLoaded(stack.deps.store)).toBe(false);

    const counts = await loadDemo(stack.deps.store, {
      dossierCount: 60,
      linkTtlDays: 30,
      now: new Date('2026-02-12T03:00:00Z'),
      retentionDays: 1095,
    });
    // The expected values come from the demo's published parameters (DemoOptions, generateDemo's
    // comment) and from the table read by a Scan, never from generateDemo itself.
    const items = await scanAll();
    // The wave-1 dossiers: codes `…-YYMMDD-NNNN` (the lives' codes end in `-LNNN`).
    const dossiers = items.filter((item) => item.sk === 'DOSSIER' && /-\d{4}$/.test(String(item.code)));
    expect(dossiers).toHaveLength(60);
    expect(counts.dossiers).toBe(60);
    const rated = dossiers.filter((item) => typeof item.ratedAt === 'string');
    expect(counts.ratings).toBe(rated.length);
    // "ratings for about a third": 60 × 0.36 draws, minus those the clock or the link cut off.
    expect(rated.length).toBeGreaterThanOrEqual(10);
    expect(rated.length).toBeLessThanOrEqual(30);

    // Built at the first try's instant, not at the second call's: every result was returned at least
    // an hour before it and within the 90 days before its local day; every rating came before it.
    // (Built two days later, the newest dossier would be returned on 2026-02-12.)
    const built = firstTry.getTime();
    const earliest = startOfLocalDay(addDays(localDay(firstTry), -90)).getTime();
    for (const item of dossiers) {
      const returned = Date.parse(String(item.returnedAt));
      expect(returned).toBeLessThanOrEqual(built - 3_600_000);
      expect(returned).toBeGreaterThanOrEqual(earliest);
      expect(Date.parse(String(item.registeredAt))).toBeLessThanOrEqual(built);
    }
    for (const item of rated) expect(Date.parse(String(item.ratedAt))).toBeLessThan(built);

    // The readers decode what the Scan saw.
    const sample = rated[0]!;
    expect(await getDossier(stack.deps.store, String(sample.rid))).toMatchObject({
      rid: sample.rid,
      code: sample.code,
      unit: sample.unit,
      returnedAt: sample.returnedAt,
    });
    expect(await getRating(stack.deps.store, String(sample.rid))).toMatchObject({
      rid: sample.rid,
      overall: sample.overall,
      ratedAt: sample.ratedAt,
    });
    expect(await getDemoMarker(stack.deps.store)).toEqual({
      state: 'loaded',
      builtAt: firstTry.toISOString(),
    });
    expect(counts.units).toBe(demoUnits.length);
    expect((await listUnits(stack.deps.store)).map((unit) => unit.id).sort()).toEqual(
      demoUnits.map((unit) => unit.id).sort(),
    );
  });

  it('counts the demo cases in the official figures: the 18-point group with real feedback metrics', async () => {
    // Every dossier item counted through the nightly family's own arrivals (a Scan: a test only).
    const items = await scanAll();
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
