/**
 * tt01's period inputs joined at query time, on dynalite, through `/v1/scores?method=tt01`,
 * `/v1/rankings`, the dashboard's figures and the XLSX report's: the aggregates stored as the nightly
 * job stores them (test/support/period-inputs-fixture.ts: district 1 in March and April, each unit's
 * counts rolled up to its ancestors), the inputs recorded through the admin API. Expected values
 * worked by hand (Circular 01/2018/TT-VPCP art. 13–15).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { readUnitFigures } from '../../shared/reports/dashboard-figures';
import { readSatisfactionReport } from '../../shared/reports/satisfaction-report';
import { createUnitDirectory } from '../../shared/unit-directory';
import { districtOneOwn, storeOwnCounts } from '../support/period-inputs-fixture';
import { sampleUnits, seedKey, startTestStack, type TestStack } from '../support/stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

describe('tt01 with period inputs joined at query time, on dynalite', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;
  const get = async (path: string) =>
    (await app.request(path, { headers: { authorization: `Bearer ${key}` } })).json() as Promise<Loose>;
  const tt01Of = async (unit: string, from: string, to: string, extra = '') =>
    (await get(`/v1/scores?unit=${unit}&from=${from}&to=${to}&method=tt01${extra}`)) as Loose;
  const record = (path: string, value: number) =>
    app.request(`/v1/period-inputs/${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ value }),
    });

  beforeAll(async () => {
    // March's figures are final from 1 May (links expire 30 days after the return): still open.
    stack = await startTestStack({ now: () => new Date('2025-04-20T03:00:00Z') });
    key = await seedKey(stack.deps, 'cb', ['scores:read', 'admin']);
    await storeOwnCounts(stack.deps.store, sampleUnits, districtOneOwn);
    app = createLocalApp(stack.deps);
    for (const [path, value] of [
      ['cb-d1-c1/2025-03/i5', 2],
      ['cb-d1-c1/2025-03/i6', 1],
      ['cb-d1-c1/2025-03/i9', 0],
      ['cb-d1/2025-03/i5', 1],
    ] as const) {
      expect((await record(path, value)).status).toBe(200);
    }
  });
  afterAll(() => stack.close());

  it('gives a commune with all nine indicators a grade that is no longer provisional', async () => {
    const body = await tt01Of('cb-d1-c1', '2025-03-01', '2025-03-31');
    expect(body.result.missing).toEqual([]);
    expect(body.result.provisional).toBe(false);
    // 1.25 + 1.5 + 5/3 + 2 + 2 (i5) + 1 (i6) + 5/3 + 2 + 0 (i9) = 13.0833… → 13.08, rounded once.
    expect(body.result.total).toBe(13.08);
    expect(body.result.grade).toEqual({ vi: 'Tốt', en: 'Good', provisional: false });
    expect(body.result.indicators.i9).toMatchObject({ score: 0, n: 2 });
  });

  it('averages an input over the dossiers of the months that have one only', async () => {
    // April: 5 more dossiers (all online), no input: i5, i6 and i9 stay over March's 4 and 2.
    const body = await tt01Of('cb-d1-c1', '2025-03-01', '2025-04-30', '&groupBy=month');
    expect(body.result.indicators.i5).toMatchObject({ score: 2, n: 4 });
    expect(body.result.indicators.i9).toMatchObject({ score: 0, n: 2 });
    expect(body.result.indicators.i1.n).toBe(9);
    expect(body.groups.map((group: Loose) => group.result.indicators.i5.n)).toEqual([4, 0]);
    expect(body.groups[1].result.missing.map((entry: Loose) => entry.indicator)).toContain('i5');
  });

  it("sums a parent's own dossiers at its own input with its children's at theirs", async () => {
    // cb-d1 in March: c1's 4 at i5 = 2, the district's own 2 at i5 = 1, c2's 6 without an input.
    const body = await tt01Of('cb-d1', '2025-03-01', '2025-03-31');
    expect(body.result.indicators.i5).toMatchObject({
      n: 6,
      distribution: { 2: 4, 1: 2, 0: 0 },
      score: 1.67,
    });
    expect(body.result.indicators.i6).toMatchObject({ n: 4, score: 1 });
    expect(body.result.indicators.i9).toMatchObject({ n: 2, score: 0 });
    // The province adds nothing of its own: the same tallies.
    const province = await tt01Of('cb', '2025-03-01', '2025-03-31');
    expect(province.result.indicators.i5.distribution).toEqual({ 2: 4, 1: 2, 0: 0 });
    // The commune without an input still lacks them.
    const other = await tt01Of('cb-d1-c2', '2025-03-01', '2025-03-31');
    expect(other.result.missing.map((entry: Loose) => entry.indicator)).toEqual([
      'i2',
      'i3',
      'i4',
      'i5',
      'i6',
      'i7',
      'i8',
      'i9',
    ]);
  });

  it('cuts a month at the range edge by its days', async () => {
    // From 10 March: the district's own 2 (5 March) fall outside, c1's 4 (15 March) stay in.
    const body = await tt01Of('cb-d1', '2025-03-10', '2025-03-31');
    expect(body.result.indicators.i5.distribution).toEqual({ 2: 4, 1: 0, 0: 0 });
    const early = await tt01Of('cb-d1', '2025-03-01', '2025-03-09');
    expect(early.result.indicators.i5.distribution).toEqual({ 2: 0, 1: 2, 0: 0 });
  });

  it('ranks, shows on the dashboard and reports the same tallies as /v1/scores', async () => {
    const ranking = await get('/v1/rankings?parent=cb-d1&from=2025-03-01&to=2025-03-31&method=tt01');
    const c1 = ranking.ranking.find((row: Loose) => row.unit.id === 'cb-d1-c1');
    expect(c1.result.total).toBe(13.08);
    const deps = { ...stack.deps, units: createUnitDirectory(stack.deps.store) };
    const district = await deps.units.get('cb-d1');
    const figures = await readUnitFigures(deps, district, '2025-03-01', '2025-03-31');
    expect(figures.results.tt01).toMatchObject({
      indicators: { i5: { n: 6, distribution: { 2: 4, 1: 2, 0: 0 } } },
    });
    const report = await readSatisfactionReport(deps, district, '2025-03-01', '2025-03-31');
    const byId = new Map(report.units.map((row) => [row.unit.id, row.results.tt01]));
    expect(byId.get('cb-d1')).toMatchObject({ indicators: { i5: { n: 6 } } });
    expect(byId.get('cb-d1-c1')).toMatchObject({ total: 13.08, provisional: false });
    expect(byId.get('cb-d1-c2')).toMatchObject({ indicators: { i5: { n: 0, score: null } } });
    // The report's ranking (the dashboard's, read with the previous period) agrees.
    const ranked = report.ranking.find((row) => row.unit.id === 'cb-d1-c1');
    expect(ranked?.results.tt01).toMatchObject({ total: 13.08, provisional: false });
  });
});
