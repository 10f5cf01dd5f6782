/**
 * Figure sheets (issue 25, DESIGN §5): the nightly job writes every unit's sheet for the standard
 * periods, each equal to what the readers compute from the aggregates with the period inputs joined;
 * `/public`, `/v1/scores` and `/v1/rankings` for a standard period then cost a bounded few DynamoDB
 * requests (counted by test/support/request-counter.ts),
 * while a custom range still reads the aggregates. On dynalite, in-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import type { AppDeps } from '../../shared/http/deps';
import { readScoreCounts, readScoreTotals } from '../../shared/indexes/period-inputs-join';
import { listUnits } from '../../shared/storage/units';
import { getFigureSheet, previousPeriod, standardPeriods } from '../../shared/storage/figure-sheets';
import { DASHBOARD_NOW, seedDashboard } from '../support/dashboard';
import { startTestStack, type TestStack } from '../support/stack';
import { countingDeps } from '../support/request-counter';

describe('figure sheets', () => {
  let stack: TestStack;
  let adminKey: string;
  let districtKey: string;
  let counting: ReturnType<typeof countingDeps>;
  let counted: AppDeps;

  beforeAll(async () => {
    stack = await startTestStack({ now: () => DASHBOARD_NOW, env: { MIN_N: '3', PUBLIC_DASHBOARD: 'on' } });
    ({ adminKey, districtKey } = await seedDashboard(stack.deps));
    counting = countingDeps(stack.deps, stack.endpoint);
    counted = counting.deps;
  }, 120_000);
  afterAll(async () => {
    counting.close();
    await stack.close();
  });

  it('names the standard periods of a day: month, quarter and year to date, and the last whole ones', () => {
    expect(standardPeriods('2025-06-01')).toEqual([
      { from: '2025-06-01', to: '2025-06-01' },
      { from: '2025-05-01', to: '2025-05-31' },
      { from: '2025-04-01', to: '2025-06-01' },
      { from: '2025-01-01', to: '2025-03-31' },
      { from: '2025-01-01', to: '2025-06-01' },
      { from: '2024-01-01', to: '2024-12-31' },
    ]);
    expect(previousPeriod('2025-04-01', '2025-06-01')).toEqual({ from: '2025-01-29', to: '2025-03-31' });
  });

  it('writes, for every unit and standard period, the counts the readers compute from the aggregates', async () => {
    const units = await listUnits(stack.deps.store);
    const deps = { store: stack.deps.store, units: { all: async () => units } };
    for (const period of standardPeriods('2025-06-01')) {
      const previous = previousPeriod(period.from, period.to);
      const read = await readScoreCounts(deps, units, period.from, period.to, 'month');
      const before = await readScoreTotals(deps, units, [previous]);
      for (const [at, unit] of units.entries()) {
        const sheet = await getFigureSheet(deps.store, unit.id, period.from, period.to);
        expect(sheet, `${unit.id} ${period.from}`).toBeDefined();
        expect(sheet!.total).toEqual(read.units[at]!.total);
        expect(sheet!.months.map((month) => month.counts)).toEqual(
          read.units[at]!.groups.map((g) => g.counts),
        );
        expect(sheet!.previous.counts).toEqual(before.totals[0]![at]);
        const children = units.filter((child) => child.parent === unit.id);
        expect(sheet!.children.map((row) => row.id)).toEqual(children.map((child) => child.id));
        for (const row of sheet!.children) {
          expect(row.now).toEqual(read.units[units.findIndex((u) => u.id === row.id)]!.total);
        }
      }
    }
    // The seeded March and April are in the year to date of the province: 36 dossiers returned.
    const year = await getFigureSheet(deps.store, 'cb', '2025-01-01', '2025-06-01');
    expect(year!.total.returned).toBe(36);
  });

  it('answers /public, /v1/scores and /v1/rankings for a standard period in at most 3 requests, as from the aggregates', async () => {
    const app = createLocalApp(counted);
    const auth = { authorization: `Bearer ${adminKey}` };
    // Warm the unit directory and the key, as a function serving its second request has them.
    await app.request('/v1/scores?unit=cb&from=2025-03-01&to=2025-04-30&method=csat', { headers: auth });
    const cost = async (path: string, headers: Record<string, string> = {}) => {
      counting.reset();
      const res = await app.request(path, { headers });
      const body = await res.text();
      return { status: res.status, body, requests: counting.counts.count, figures: counting.counts.figures };
    };
    const publicPage = await cost('/public');
    expect(publicPage.status).toBe(200);
    expect(publicPage.requests).toBeLessThanOrEqual(3);
    const scores = await cost('/v1/scores?unit=cb&from=2025-01-01&to=2025-06-01&method=csat', auth);
    expect(scores.status).toBe(200);
    expect(scores.requests).toBeLessThanOrEqual(3);
    const rankings = await cost('/v1/rankings?parent=cb&from=2025-01-01&to=2025-06-01&method=csat', auth);
    expect(rankings.status).toBe(200);
    expect(rankings.requests).toBeLessThanOrEqual(3);
    const xlsx = await cost('/v1/reports/satisfaction.xlsx?unit=cb&from=2025-01-01&to=2025-06-01', auth);
    expect(xlsx.status).toBe(200);
    // + the procedure catalogue the scorecard reads (one query, one batch get per 100 procedures).
    expect(xlsx.requests).toBeLessThanOrEqual(3 + 2);
    // The same range ending a day later is custom: the aggregates, the same figures, more requests.
    const custom = await cost('/v1/scores?unit=cb&from=2025-01-01&to=2025-06-02&method=csat', auth);
    expect(custom.requests).toBeGreaterThan(scores.requests);
    const strip = (body: string) => {
      const { from: _f, to: _t, final: _x, ...rest } = JSON.parse(body) as Record<string, unknown>;
      return rest;
    };
    expect(strip(custom.body)).toEqual(strip(scores.body));
  });

  it('shows /dashboard and a unit page for a standard period from ≤ 3 figure reads (+ the session, its key)', async () => {
    const app = createLocalApp(counted);
    const form = await app.request('http://localhost/dashboard/sign-in');
    const token = /hl_signin=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
    const signedIn = await app.request('http://localhost/dashboard/sign-in', {
      method: 'POST',
      headers: {
        origin: 'http://localhost',
        cookie: `hl_signin=${token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token, key: districtKey }).toString(),
    });
    const session = /hl_session=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]!;
    for (const path of ['/dashboard', '/dashboard/units/cb-d1-c1', '/dashboard?period=month']) {
      counting.reset();
      const res = await app.request(`http://localhost${path}`, {
        headers: { cookie: `hl_session=${session}` },
      });
      expect(res.status, path).toBe(200);
      await res.text();
      expect(counting.counts.figures, path).toBeLessThanOrEqual(3);
      // The session and its key are 2 GetItems of their own; the procedure catalogue the scorecard
      // reads is one query and one batch get (read once for the page's three reads).
      expect(counting.counts.count, path).toBeLessThanOrEqual(2 + 3 + 2);
      console.info(`${path}: ${counting.counts.count} requests, ${counting.counts.figures} of figures`);
    }
  });
});

// At 200 units, every page's reads: test/integration/page-reads.test.ts.
