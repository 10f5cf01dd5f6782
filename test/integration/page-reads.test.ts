/**
 * What each page and answer reads for a standard period (issue 25, DESIGN §7): at most 3 figure reads
 * for `/public`, `/dashboard`, `/dashboard/units/{id}`, `/v1/rankings` and the XLSX, and 1 for
 * `/v1/scores` (its API key apart: authentication, counted on its own), at the test province and at
 * 200 units; the procedure catalogue read once a minute per process; the final flag taken from the
 * sheet; a sheet older than the aggregates (a run failed between them) never shown. Requests counted
 * by test/support/request-counter.ts, on dynalite, in-process.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregateHandler } from '../../functions/aggregate/handler';
import { createLocalApp } from '../../local/app';
import { aggregateDays } from '../../shared/aggregation/run';
import { createDocumentClient } from '../../shared/storage/client';
import { registerDossier } from '../../shared/storage/dossiers';
import { decodeSheet, getFigureSheet, sheetKey } from '../../shared/storage/figure-sheets';
import { CATALOGUE_TTL_MS, cachedProcedures, putProcedures } from '../../shared/storage/procedures';
import { putRating } from '../../shared/storage/ratings';
import { DASHBOARD_NOW, seedDashboard } from '../support/dashboard';
import { countingDeps } from '../support/request-counter';
import { makeDossier, makeRating } from '../support/satisfaction';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

type App = ReturnType<typeof createLocalApp>;
type Counting = ReturnType<typeof countingDeps>;

/** A dashboard session for `key` (the sign-in form, as a browser posts it). */
async function signIn(app: App, key: string): Promise<Record<string, string>> {
  const form = await app.request('http://localhost/dashboard/sign-in');
  const token = /hl_signin=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
  const signedIn = await app.request('http://localhost/dashboard/sign-in', {
    method: 'POST',
    headers: {
      origin: 'http://localhost',
      cookie: `hl_signin=${token}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token, key }).toString(),
  });
  const session = /hl_session=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]!;
  return { cookie: `hl_session=${session}` };
}

/** One view of `path` on `app`, with what it cost. */
async function view(counting: Counting, app: App, path: string, headers: Record<string, string>) {
  counting.reset();
  const res = await app.request(`http://localhost${path}`, { headers });
  const body = Buffer.from(await res.arrayBuffer());
  return { status: res.status, body, ...counting.counts, seen: [...counting.counts.seen] };
}

/**
 * Every page for the standard period [from, to] of `unit` (a parent) and `child`: each read twice,
 * the second counted (the unit directory and the catalogue warm, as a function serving its second
 * request has them); the key or session read apart.
 */
async function pageCosts(
  counting: Counting,
  keys: { bearer: Record<string, string>; cookie: Record<string, string> },
  unit: string,
  child: string,
  range: string,
) {
  const app = createLocalApp(counting.deps);
  const pages: [string, Record<string, string>][] = [
    [`/dashboard?${range.replace('from=', 'period=custom&from=')}`, keys.cookie],
    [`/dashboard/units/${child}?${range.replace('from=', 'period=custom&from=')}`, keys.cookie],
    [`/dashboard/reports/satisfaction.xlsx?unit=${unit}&${range}`, keys.cookie],
    [`/v1/reports/satisfaction.xlsx?unit=${unit}&${range}`, keys.bearer],
    [`/v1/scores?unit=${unit}&${range}&method=qd766`, keys.bearer],
    [`/v1/scores?unit=${unit}&${range}&method=csat&groupBy=month`, keys.bearer],
    [`/v1/rankings?parent=${unit}&${range}&method=qd766`, keys.bearer],
    [`/v1/rankings?parent=${unit}&${range}&method=csat`, keys.bearer],
  ];
  const costs = new Map<string, Awaited<ReturnType<typeof view>>>();
  for (const [path, headers] of pages) {
    await view(counting, app, path, headers);
    const cost = await view(counting, app, path, headers);
    expect(cost.status, path).toBe(200);
    costs.set(
      path.split('?')[0]! + (path.includes('groupBy') ? '?groupBy' : (path.match(/method=\w+/)?.[0] ?? '')),
      cost,
    );
  }
  // /public on a fresh app (no unit directory, no page kept): the units' listing and the sheet.
  const fresh = createLocalApp(counting.deps);
  const page = await view(counting, fresh, '/public', {});
  expect(page.status).toBe(200);
  costs.set('/public', page);
  return costs;
}

/**
 * A page's cost: at most 3 figure requests; besides them and its authentication only what is not a
 * figure — the dashboard's latest ratings of a fixed few units and a unit's open cases (a Query each,
 * at most 2), /public's listing of the units on a fresh app — never the catalogue nor the night index.
 */
function expectFigureReads(page: string, cost: Awaited<ReturnType<typeof view>>) {
  const what = `${page}: ${cost.seen.join(', ')}`;
  expect(cost.figures, what).toBeLessThanOrEqual(3);
  const others = cost.seen.filter(
    (request) => !/ (AGGRUN#|SHEET#|AGG#|INPUT#|APIKEY#|SESSION#)$/.test(request),
  );
  if (page === '/public') expect(cost.count, what).toBeLessThanOrEqual(3);
  else if (page.startsWith('/dashboard') && !page.includes('.xlsx')) {
    expect(others.length, what).toBeLessThanOrEqual(2);
    for (const request of others) expect(request, what).toMatch(/^QueryCommand (RATINGS|CASES)#$/);
  } else expect(others, what).toEqual([]);
}

describe('page reads at the test province', () => {
  let stack: TestStack;
  let counting: Counting;
  let keys: { bearer: Record<string, string>; cookie: Record<string, string> };

  beforeAll(async () => {
    stack = await startTestStack({ now: () => DASHBOARD_NOW, env: { MIN_N: '3', PUBLIC_DASHBOARD: 'on' } });
    const { adminKey } = await seedDashboard(stack.deps);
    // The nights of January and February too: every night of the first quarter through the last that
    // can change it is then aggregated (seedDashboard ran 1 March – 31 May).
    const handler = createAggregateHandler({
      store: stack.deps.store,
      now: () => DASHBOARD_NOW,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'hailong-test' }),
    });
    await handler({ from: '2025-01-01', to: '2025-02-28' }, {} as Context);
    counting = countingDeps(stack.deps, stack.endpoint);
    keys = {
      bearer: { authorization: `Bearer ${adminKey}` },
      cookie: await signIn(createLocalApp(counting.deps), adminKey),
    };
  }, 180_000);
  afterAll(async () => {
    counting.close();
    await stack.close();
  });

  it('reads every page for the year to date from at most 3 figure requests, /v1/scores from 1', async () => {
    const costs = await pageCosts(counting, keys, 'cb', 'cb-d1-c1', 'from=2025-01-01&to=2025-06-01');
    for (const [page, cost] of costs) expectFigureReads(page, cost);
    for (const [name, cost] of costs)
      console.info(
        `test province ${name}: ${cost.count} requests (${cost.figures} figures, ${cost.auth} auth), ${cost.items} items`,
      );
    // The sheet and the aggregates' generation in one BatchGet; the API key one GetItem.
    for (const page of ['/v1/scoresmethod=qd766', '/v1/scores?groupBy', '/v1/rankingsmethod=qd766']) {
      expect(costs.get(page)!.figures, page).toBe(1);
      expect(costs.get(page)!.auth, page).toBe(1);
      expect(costs.get(page)!.count, page).toBe(2);
    }
    // A session page: the session and its key.
    expect(costs.get('/dashboard')!.auth).toBe(2);
    expect(costs.get('/public')!.count).toBeLessThanOrEqual(3);
  });

  it('keeps the procedure catalogue a minute per process, and forgets it when this process writes it', async () => {
    const store = counting.deps.store;
    const later = Date.now() + CATALOGUE_TTL_MS + 1;
    counting.reset();
    const first = await cachedProcedures(store, () => later);
    // Past the minute: read again, the listing (one Query) and the items (one BatchGet).
    expect(counting.counts.count).toBe(2);
    counting.reset();
    expect(await cachedProcedures(store, () => later + CATALOGUE_TTL_MS)).toBe(first);
    expect(counting.counts.count).toBe(0);
    await putProcedures(store, [{ code: '9.000001', name: 'Thủ tục mới', field: 'Thử', processingDays: 1 }]);
    const changed = await cachedProcedures(store, () => later + CATALOGUE_TTL_MS);
    expect(changed.map((procedure) => procedure.code)).toContain('9.000001');
    expect(counting.counts.count).toBe(2 + 1);
  });

  it('answers the final flag from the sheet as from the night index, without reading the index', async () => {
    const app = createLocalApp(counting.deps);
    const quarter = '/v1/scores?unit=cb&from=2025-01-01&to=2025-03-31&method=csat';
    await view(counting, app, quarter, keys.bearer);
    const read = await view(counting, app, quarter, keys.bearer);
    // Q1's dossiers were returned by 24 April: its links expired 30 May, the last night that can change
    // it; every night 1 January – 30 May is aggregated, so on 1 June it is final.
    expect(JSON.parse(read.body.toString()).final).toBe(true);
    expect(read.figures).toBe(1);
    // The month to date is not closed (its links are still live): not final, on the same one read.
    const month = await view(
      counting,
      app,
      '/v1/scores?unit=cb&from=2025-06-01&to=2025-06-01&method=csat',
      keys.bearer,
    );
    expect(JSON.parse(month.body.toString()).final).toBe(false);
    expect(month.figures).toBe(1);
  });

  it('ranks /v1/rankings?method=qd766 as the dashboard does, and says by what', async () => {
    const app = createLocalApp(counting.deps);
    const res = await app.request('/v1/rankings?parent=cb&from=2025-01-01&to=2025-06-01&method=qd766', {
      headers: keys.bearer,
    });
    const body = (await res.json()) as {
      rankBasis: { groups: string[]; maxScore: number; whole: boolean };
      ranking: {
        rank: number | null;
        result: {
          ranked: boolean;
          headline: { name: string; value: number | null };
          total: { score: number } | null;
          groups: Record<string, { score: number | null; maxScore: number }>;
        };
      }[];
    };
    expect(res.status).toBe(200);
    const { rankBasis, ranking } = body;
    expect(typeof rankBasis.whole).toBe('boolean');
    const ranked = ranking.filter((row) => row.rank !== null);
    expect(ranked.length).toBeGreaterThan(0);
    for (const row of ranked) {
      if (rankBasis.whole) {
        expect(row.result.headline).toEqual({ name: 'total', value: row.result.total!.score });
      } else {
        // The partial total: the groups every ranked child has, summed (to the cent).
        const sum = rankBasis.groups.reduce((total, group) => total + row.result.groups[group]!.score!, 0);
        expect(row.result.headline.name).toBe('partialTotal');
        expect(row.result.headline.value).toBeCloseTo(sum, 2);
        const max = rankBasis.groups.reduce((total, group) => total + row.result.groups[group]!.maxScore, 0);
        expect(rankBasis.maxScore).toBeCloseTo(max, 6);
      }
    }
    // Highest first.
    const values = ranked.map((row) => row.result.headline.value!);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('never shows a sheet older than the aggregates: a run that fails before its sheets leaves the pages computing', async () => {
    const may = 'from=2025-05-01&to=2025-05-31';
    const app = createLocalApp(counting.deps);
    const distribution = async () => {
      const answer = await view(counting, app, `/v1/scores?unit=cb-d1-c1&${may}&method=csat`, keys.bearer);
      const ranking = await app.request(`/v1/rankings?parent=cb-d1&${may}&method=csat`, {
        headers: keys.bearer,
      });
      const rows = ((await ranking.json()) as { ranking: { unit: { id: string }; result: unknown }[] })
        .ranking;
      return {
        scores: (JSON.parse(answer.body.toString()) as { result: { distribution: unknown } }).result
          .distribution,
        ranking: (rows.find((row) => row.unit.id === 'cb-d1-c1')!.result as { distribution: unknown })
          .distribution,
        figures: answer.figures,
      };
    };
    // Nothing returned in May yet.
    expect(await distribution()).toEqual({
      scores: { 2: 0, 1: 0, 0: 0 },
      ranking: { 2: 0, 1: 0, 0: 0 },
      figures: 1,
    });
    // A dossier returned and rated "not satisfied" on 20 May, and a run of that night that writes its
    // aggregates, then fails writing the sheets.
    const dossier = makeDossier({
      unit: 'cb-d1-c1',
      code: 'late-may',
      returned: '2025-05-20',
      due: '2025-05-21',
    });
    await registerDossier(stack.deps.store, dossier);
    await putRating(stack.deps.store, makeRating(dossier, { overall: 0 }), 1095);
    const failing = createDocumentClient({ endpoint: stack.endpoint });
    failing.middlewareStack.add(
      (next) => async (args) => {
        if (/"SHEET#/.test(JSON.stringify(args.input))) throw new Error('injected: sheets not written');
        return next(args);
      },
      { step: 'initialize', name: 'failSheets' },
    );
    try {
      await expect(
        aggregateDays({ ...stack.deps.store, db: failing }, ['2025-05-20'], { now: () => DASHBOARD_NOW }),
      ).rejects.toThrow('injected');
    } finally {
      failing.destroy();
    }
    // The old sheet is still stored, without the May rating, and is no longer returned as current ...
    const { Item } = await stack.deps.store.db.send(
      new GetCommand({
        TableName: stack.deps.store.tableName,
        Key: sheetKey('cb-d1-c1', '2025-05-01', '2025-05-31'),
      }),
    );
    expect(decodeSheet(Item!.body as Uint8Array).total.returned ?? 0).toBe(0);
    expect(await getFigureSheet(stack.deps.store, 'cb-d1-c1', '2025-05-01', '2025-05-31')).toBeUndefined();
    // ... and the pages show the aggregates: computed from the counts (more than the one sheet read).
    const after = await distribution();
    expect(after.scores).toEqual({ 2: 0, 1: 0, 0: 1 });
    expect(after.ranking).toEqual({ 2: 0, 1: 0, 0: 1 });
    expect(after.figures).toBeGreaterThan(1);
    // The next run that succeeds writes the sheets again: one read, the same figures.
    await aggregateDays(stack.deps.store, ['2025-05-20'], { now: () => DASHBOARD_NOW });
    expect(await distribution()).toEqual({
      scores: { 2: 0, 1: 0, 0: 1 },
      ranking: { 2: 0, 1: 0, 0: 1 },
      figures: 1,
    });
  });

  it('writes the sheets of what a failed run wrote: a failure after the aggregates leaves current sheets', async () => {
    const may = 'from=2025-05-01&to=2025-05-31';
    const app = createLocalApp(counting.deps);
    const dossier = makeDossier({
      unit: 'cb-d1-c1',
      code: 'later-may',
      returned: '2025-05-22',
      due: '2025-05-23',
    });
    await registerDossier(stack.deps.store, dossier);
    await putRating(stack.deps.store, makeRating(dossier, { overall: 2 }), 1095);
    // The night's aggregates are written; marking the night done fails.
    const failing = createDocumentClient({ endpoint: stack.endpoint });
    failing.middlewareStack.add(
      (next) => async (args) => {
        const input = JSON.stringify(args.input);
        if (input.includes('AGGNIGHTS#') && input.includes('"done"'))
          throw new Error('injected: night not marked');
        return next(args);
      },
      { step: 'initialize', name: 'failNight' },
    );
    try {
      await expect(
        aggregateDays({ ...stack.deps.store, db: failing }, ['2025-05-22'], { now: () => DASHBOARD_NOW }),
      ).rejects.toThrow('injected: night not marked');
    } finally {
      failing.destroy();
    }
    // The sheets were written after the failure: one read, with the new rating (and the earlier one).
    const answer = await view(counting, app, `/v1/scores?unit=cb-d1-c1&${may}&method=csat`, keys.bearer);
    expect(answer.figures).toBe(1);
    expect(JSON.parse(answer.body.toString()).result.distribution).toEqual({ 2: 1, 1: 0, 0: 1 });
  });
});

describe('page reads at 200 units (a province, 30 departments, 168 communes)', () => {
  let stack: TestStack;
  let counting: Counting;
  let keys: { bearer: Record<string, string>; cookie: Record<string, string> };

  beforeAll(async () => {
    stack = await startTestStack({ now: () => DASHBOARD_NOW, env: { MIN_N: '3', PUBLIC_DASHBOARD: 'on' } });
    const units = [
      { id: 'tp', name: 'Thành phố Thử Nghiệm', kind: 'province' as const, parent: null },
      ...Array.from({ length: 30 }, (_, at) => ({
        id: `so-${at + 1}`,
        name: `Sở Thử Nghiệm ${at + 1}`,
        kind: 'department' as const,
        parent: 'tp',
      })),
      ...Array.from({ length: 168 }, (_, at) => ({
        id: `xa-${at + 1}`,
        name: `Phường Thử Nghiệm ${at + 1}`,
        kind: 'commune' as const,
        parent: 'tp',
      })),
    ];
    const key = await seedKey(stack.deps, 'tp', ['admin'], units);
    // A few returned and rated dossiers; a night's run writes every unit's sheets.
    for (const [at, unit] of ['xa-1', 'xa-2', 'so-1'].entries()) {
      const dossier = makeDossier({ unit, code: `d-${unit}`, returned: '2025-05-30', due: '2025-05-31' });
      await registerDossier(stack.deps.store, dossier);
      await putRating(stack.deps.store, makeRating(dossier, { overall: (at % 3) as 0 | 1 | 2 }), 1095);
    }
    await aggregateDays(stack.deps.store, ['2025-05-30'], { now: () => DASHBOARD_NOW });
    counting = countingDeps(stack.deps, stack.endpoint);
    keys = {
      bearer: { authorization: `Bearer ${key}` },
      cookie: await signIn(createLocalApp(counting.deps), key),
    };
  }, 300_000);
  afterAll(async () => {
    counting.close();
    await stack.close();
  });

  it('reads every page for the year to date from at most 3 figure requests, /v1/scores from 1', async () => {
    const costs = await pageCosts(counting, keys, 'tp', 'xa-1', 'from=2025-01-01&to=2025-06-01');
    for (const [page, cost] of costs) expectFigureReads(page, cost);
    for (const page of ['/v1/scoresmethod=qd766', '/v1/scores?groupBy', '/v1/rankingsmethod=qd766']) {
      expect(costs.get(page)!.figures, page).toBe(1);
      expect(costs.get(page)!.count, page).toBe(2);
    }
    const page = costs.get('/public')!;
    expect(page.body.toString()).toContain('Phường Thử Nghiệm 168');
    expect(page.count).toBeLessThanOrEqual(3);
    for (const [name, cost] of costs)
      console.info(
        `200 units ${name}: ${cost.count} requests (${cost.figures} figures, ${cost.auth} auth), ${cost.items} items`,
      );
  });
});
