/**
 * From registration through the nightly job to the agency API, on dynalite: dossiers registered and
 * rated with the storage functions POST /v1/dossiers and POST /r/{token} use, the aggregate handler
 * run, then /v1/scores, /v1/rankings and /v1/ratings read.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAggregateHandler } from '../../functions/aggregate/handler';
import { ratingColumns } from '../../functions/api/routes/ratings';
import { createLocalApp } from '../../local/app';
import { parseCsv } from '../../local/cli/csv';
import { registerDossier } from '../../shared/storage/dossiers';
import { putRating } from '../../shared/storage/ratings';
import { makeDossier, makeRating, workedExample } from '../support/satisfaction';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

type Row = Record<string, string | number | boolean | null>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

describe('agency score, ranking and rating API on dynalite', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let districtKey: string;
  let scoresOnlyKey: string;
  const get = (path: string, key = districtKey, headers: Record<string, string> = {}) =>
    app.request(path, { headers: { authorization: `Bearer ${key}`, ...headers } });

  beforeAll(async () => {
    stack = await startTestStack({ now: () => new Date('2025-06-01T03:00:00Z'), env: { MIN_N: '5' } });
    districtKey = await seedKey(stack.deps, 'cb-d1', ['scores:read', 'ratings:read']);
    scoresOnlyKey = await seedKey(stack.deps, 'cb', ['scores:read']);
    const example = workedExample('cb-d1-c1');
    const other = [
      makeDossier({ unit: 'cb-d1-c2', code: 'B1', returned: '2025-03-10', due: '2025-03-12' }),
      makeDossier({ unit: 'cb-d1-c2', code: 'B2', returned: '2025-03-20', due: '2025-03-22' }),
      makeDossier({ unit: 'cb-d2-c1', code: 'C1', returned: '2025-03-10', due: '2025-03-12' }),
    ];
    for (const dossier of [...example.dossiers, ...other]) await registerDossier(stack.deps.store, dossier);
    for (const rating of example.ratings) await putRating(stack.deps.store, rating, 1095);
    await putRating(
      stack.deps.store,
      makeRating(other[0]!, { overall: 2, comment: 'Nhanh, "chu đáo", tốt\nCảm ơn' }),
      1095,
    );
    await putRating(stack.deps.store, makeRating(other[1]!, { overall: 1, rated: '2025-03-25' }), 1095);
    await putRating(stack.deps.store, makeRating(other[2]!, { overall: 0 }), 1095);
    const handler = createAggregateHandler({
      store: stack.deps.store,
      now: () => new Date('2025-04-01T00:00:00Z'),
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'hailong-test' }),
    });
    // Every night that can change March: its days and those of its links (LINK_TTL_DAYS 30), so it is final.
    await handler({ from: '2025-03-01', to: '2025-04-30' }, {} as Context);
    app = createLocalApp(stack.deps);
  });
  afterAll(() => stack.close());

  it('answers the worked example through the job for a commune (qd766 and tt01)', async () => {
    const res = await get('/v1/scores?unit=cb-d1-c1&from=2025-03-01&to=2025-03-31&method=qd766');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: Loose; final: boolean; unit: { id: string } };
    expect(body.unit.id).toBe('cb-d1-c1');
    expect(body.result.denominators).toEqual({ dossiersReturned: 10, ratingsReceived: 6, responseRate: 0.6 });
    // Decision 766 counts the 10 dossiers on their received day: 7 on time → 14 of 20.
    expect(body.result.groups.progress.score).toBe(14);
    expect(body.result.dossiers).toMatchObject({ received: 10, onTime: 7, late: 3 });
    // links of March returns expire in April; on 2025-06-01 March is settled
    expect(body.final).toBe(true);
    const tt01 = (await (
      await get('/v1/scores?unit=cb-d1-c1&from=2025-03-01&to=2025-03-31&method=tt01')
    ).json()) as {
      result: Loose;
    };
    // i8 = 2: no feedback case opened in March (docs/index-methods.md, worked example)
    expect(tt01.result.total).toBe(6.77);
    expect(tt01.result.grade).toEqual({ vi: 'Trung bình', en: 'Average', provisional: true });
    expect(tt01.result.estimate.points).toBe(12.18);
  });

  it('sums a district over its communes and groups by month and day', async () => {
    const res = await get('/v1/scores?unit=cb-d1&from=2025-03-01&to=2025-04-30&method=csat&groupBy=month');
    const body = (await res.json()) as { result: Loose; groups: Loose[] };
    expect(body.result.denominators.dossiersReturned).toBe(12);
    expect(body.result.satisfied).toMatchObject({ successes: 6, n: 8 });
    expect(body.groups.map((g) => g.period)).toEqual(['2025-03', '2025-04']);
    expect(body.groups[0]!.result.denominators.ratingsReceived).toBe(8);
    expect(body.groups[1]!.result.denominators.ratingsReceived).toBe(0);
    const days = (await (
      await get('/v1/scores?unit=cb-d1&from=2025-03-19&to=2025-03-21&method=csat&groupBy=day')
    ).json()) as {
      groups: { period: string; result: { denominators: { ratingsReceived: number } } }[];
    };
    expect(days.groups.map((g) => [g.period, g.result.denominators.ratingsReceived])).toEqual([
      ['2025-03-19', 0],
      ['2025-03-20', 1],
      ['2025-03-21', 0],
    ]);
  });

  it.each([
    ['own unit', 'cb-d1', 200],
    ['descendant', 'cb-d1-c2', 200],
    ['sibling', 'cb-d2', 403],
    ['sibling descendant', 'cb-d2-c1', 403],
    ['ancestor', 'cb', 403],
  ])('scopes every query to the key subtree: %s → %s', async (_name, unit, status) => {
    const range = 'from=2025-03-01&to=2025-03-31';
    expect((await get(`/v1/scores?unit=${unit}&${range}&method=csat`)).status).toBe(status);
    expect((await get(`/v1/rankings?parent=${unit}&${range}&method=csat`)).status).toBe(status);
    expect((await get(`/v1/ratings?unit=${unit}&${range}`)).status).toBe(status);
  });

  it('refuses the ratings of a key without ratings:read, and an unknown unit with 404', async () => {
    expect((await get('/v1/ratings?unit=cb&from=2025-03-01&to=2025-03-31', scoresOnlyKey)).status).toBe(403);
    expect((await get('/v1/scores?unit=nowhere&from=2025-03-01&to=2025-03-31&method=csat')).status).toBe(404);
  });

  it.each([
    ['/v1/scores?unit=cb-d1&from=2025-03-01&to=2025-03-31&method=best', 'method'],
    ['/v1/scores?unit=cb-d1&from=2025-02-30&to=2025-03-31&method=csat', 'from'],
    ['/v1/scores?unit=cb-d1&from=2025-03-31&to=2025-03-01&method=csat', 'to'],
    ['/v1/scores?unit=cb-d1&from=2019-01-01&to=2025-03-01&method=csat', 'to'],
    ['/v1/scores?unit=cb-d1&from=2024-01-01&to=2025-03-01&method=csat&groupBy=day', 'groupBy'],
    ['/v1/scores?unit=cb-d1&from=2025-03-01&to=2025-03-31&method=csat&groupBy=week', 'groupBy'],
    ['/v1/scores?unit=cb-d1&from=2025-03-01&to=2025-03-31&method=csat&extra=1', 'extra'],
    ['/v1/scores?from=2025-03-01&to=2025-03-31&method=csat', 'unit'],
    ['/v1/rankings?parent=cb-d1&from=2025-03-01&method=csat', 'to'],
    ['/v1/ratings?unit=cb-d1&from=2025-03-01&to=2025-03-31&limit=0', 'limit'],
    ['/v1/ratings?unit=cb-d1&from=2025-03-01&to=2025-03-31&cursor=garbage', 'cursor'],
  ])('refuses %s with 422 naming %s', async (path, field) => {
    const res = await get(path);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: { field: string }[] } };
    expect(body.error.fields.map((f) => f.field)).toContain(field);
  });

  it('ranks the children of a unit by the headline figure, unranked ones after', async () => {
    const res = await get('/v1/rankings?parent=cb-d1&from=2025-03-01&to=2025-03-31&method=csat');
    const body = (await res.json()) as {
      ranking: { rank: number | null; unit: { id: string }; result: Loose }[];
    };
    // cb-d1-c1 has 6 ratings (≥ minN 5), cb-d1-c2 has 2: reported, not ranked
    expect(body.ranking.map((row) => [row.unit.id, row.rank])).toEqual([
      ['cb-d1-c1', 1],
      ['cb-d1-c2', null],
    ]);
    expect(body.ranking[1]!.result.reason.en).toContain('Insufficient data');
  });

  it('pages through every rating of the subtree to the end with no duplicates', async () => {
    const seen: Row[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(
        `/v1/ratings?unit=cb-d1&from=2025-03-01&to=2025-03-31&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as { ratings: Row[]; nextCursor: string | null };
      expect(body.ratings.length).toBeLessThanOrEqual(3);
      seen.push(...body.ratings);
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(cursor).toBeNull();
    expect(seen).toHaveLength(8);
    expect(new Set(seen.map((row) => row.rid)).size).toBe(8);
    expect(new Set(seen.map((row) => row.unit))).toEqual(new Set(['cb-d1-c1', 'cb-d1-c2']));
    // a cursor belongs to its query
    const first = (await (
      await get('/v1/ratings?unit=cb-d1&from=2025-03-01&to=2025-03-31&limit=3')
    ).json()) as {
      nextCursor: string;
    };
    const misuse = await get(
      `/v1/ratings?unit=cb-d1&from=2025-03-02&to=2025-03-31&cursor=${first.nextCursor}`,
    );
    expect(misuse.status).toBe(422);
  });

  it('refuses a forged or altered cursor (422) before reading anything, in JSON and before a CSV starts', async () => {
    const range = 'unit=cb-d1&from=2025-03-01&to=2025-03-31';
    const { nextCursor } = (await (await get(`/v1/ratings?${range}&limit=3`)).json()) as {
      nextCursor: string;
    };
    const [body, mac] = nextCursor.split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const reencode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const forged = [
      // a start key of the client's own making, with the real MAC
      `${reencode({ ...decoded, s: '2025-03-01#AAAAAAAAAAAAAAAA', i: 'RATING' })}.${mac}`,
      // the cursor of another unit with the MAC left as it was
      `${reencode({ ...decoded, u: 'cb-d1-c2' })}.${mac}`,
      // the old scheme: a plain, unauthenticated body
      Buffer.from(JSON.stringify({ q: 'x', u: 'cb-d1-c1', k: { pk: 'DOSSIER#x', sk: 'RATING' } })).toString(
        'base64url',
      ),
      `${body}.${'A'.repeat(22)}`,
    ];
    const sent: string[] = [];
    const send = stack.deps.store.db.send.bind(stack.deps.store.db);
    const spy = vi.spyOn(stack.deps.store.db, 'send').mockImplementation(((command: { input: object }) => {
      if ('IndexName' in command.input) sent.push(String(command.input.IndexName));
      return send(command as never);
    }) as never);
    try {
      for (const cursor of forged) {
        const url = `/v1/ratings?${range}&cursor=${encodeURIComponent(cursor)}`;
        const json = await get(url);
        expect(json.status).toBe(422);
        expect(((await json.json()) as Loose).error.fields[0].field).toBe('cursor');
        const csv = await get(url, districtKey, { accept: 'text/csv' });
        expect(csv.status).toBe(422);
        expect(csv.headers.get('content-type')).toContain('application/json');
      }
    } finally {
      spy.mockRestore();
    }
    expect(sent.filter((index) => index === 'gsi2')).toEqual([]);
    // the genuine cursor still works
    expect((await get(`/v1/ratings?${range}&limit=3&cursor=${nextCursor}`)).status).toBe(200);
  });

  it('errors a CSV stream whose storage read fails midway, never ending it as a shorter file', async () => {
    const send = stack.deps.store.db.send.bind(stack.deps.store.db);
    let listingQueries = 0;
    const spy = vi.spyOn(stack.deps.store.db, 'send').mockImplementation(((command: { input: object }) => {
      if ('IndexName' in command.input && command.input.IndexName === 'gsi2' && ++listingQueries === 2) {
        return Promise.reject(Object.assign(new Error('boom'), { name: 'InternalFailure' }));
      }
      return send(command as never);
    }) as never);
    try {
      const res = await get('/v1/ratings?unit=cb-d1&from=2025-03-01&to=2025-03-31', districtKey, {
        accept: 'text/csv',
      });
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
    } finally {
      spy.mockRestore();
    }
  });

  it('streams CSV with a BOM and a header row that parses back to the JSON rows', async () => {
    const json = (await (
      await get('/v1/ratings?unit=cb-d1&from=2025-03-01&to=2025-03-31&limit=1000')
    ).json()) as {
      ratings: Row[];
    };
    const res = await get('/v1/ratings?unit=cb-d1&from=2025-03-01&to=2025-03-31', districtKey, {
      accept: 'text/csv',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(new TextDecoder().decode(bytes.slice(3))).map(
      (record) => record.fields,
    );
    expect(header).toEqual([...ratingColumns]);
    const asText = (row: Row) =>
      ratingColumns.map((column) => (row[column] === null ? '' : String(row[column])));
    expect(rows).toEqual(json.ratings.map(asText));
    expect(rows.some((row) => row.includes('Nhanh, "chu đáo", tốt\nCảm ơn'))).toBe(true);
  });

  it('serves the OpenAPI document and a self-contained reference page without a key', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, { get: { parameters: { name: string; required: boolean }[] } }>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const scores = doc.paths['/v1/scores']!.get.parameters;
    expect(scores.map((p) => p.name)).toEqual(['unit', 'from', 'to', 'method', 'groupBy']);
    expect(scores.find((p) => p.name === 'groupBy')!.required).toBe(false);
    expect(doc.paths['/v1/ratings']!.get.parameters.map((p) => p.name)).toContain('cursor');
    const page = await app.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/v1/rankings');
    expect(html).toContain('<code>cursor</code>');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});
