/**
 * The scope matrix with a moved unit (issue #8 item 2): a commune with a child agency is moved from
 * one district to another by re-importing it under a new parent with the admin CLI. Every key × route
 * cell must follow the new tree at once, and the roll-ups must follow once the import has
 * re-aggregated the days it names. The dashboard's pages follow the same tree under a session; and
 * what a key sees follows its permissions (issue 21 item 1): a citizen's words — comments, reasons,
 * answers — only with ratings:read, on the API, the pages, the CSVs and the workbook.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import { createLocalApp } from '../../local/app';
import { aggregateDays } from '../../shared/aggregation/run';
import { createApiKey, type Permission } from '../../shared/storage/api-keys';
import { putProcedures } from '../../shared/storage/procedures';
import { importUnits, type UnitInput } from '../../shared/storage/units';
import { procedures } from '../support/rating';
import { dashboardPage, dashboardSignIn } from './support';
import { startTestStack, type TestStack } from '../support/stack';

const NOW = new Date('2025-06-10T05:00:00Z');
const tree: UnitInput[] = [
  { id: 'cb', name: 'Tỉnh', kind: 'province', parent: null },
  { id: 'cb-d1', name: 'Huyện Một', kind: 'district', parent: 'cb' },
  { id: 'cb-d1-c1', name: 'Xã Di Chuyển', kind: 'commune', parent: 'cb-d1' },
  { id: 'cb-d1-c1-a', name: 'Bộ phận một cửa xã', kind: 'agency', parent: 'cb-d1-c1' },
  { id: 'cb-d1-c2', name: 'Xã Ở Lại', kind: 'commune', parent: 'cb-d1' },
  { id: 'cb-d2', name: 'Huyện Hai', kind: 'district', parent: 'cb' },
  { id: 'cb-d2-c1', name: 'Xã Hai Một', kind: 'commune', parent: 'cb-d2' },
];
/** The tree after the move: cb-d1-c1 (and its agency) under cb-d2. */
const within: Record<string, string[]> = {
  cb: tree.map((unit) => unit.id),
  'cb-d1': ['cb-d1', 'cb-d1-c2'],
  'cb-d2': ['cb-d2', 'cb-d2-c1', 'cb-d1-c1', 'cb-d1-c1-a'],
  'cb-d1-c1': ['cb-d1-c1', 'cb-d1-c1-a'],
  'cb-d1-c2': ['cb-d1-c2'],
};
const ALL: Permission[] = ['dossiers:write', 'scores:read', 'ratings:read'];
const RANGE = 'from=2025-06-01&to=2025-06-30';

describe('scope matrix with a moved unit, on dynalite', () => {
  let stack: TestStack;
  let dir: string;
  let app: ReturnType<typeof createLocalApp>;
  const keys = new Map<string, string>();
  const printed: string[] = [];
  let code = 0;

  const request = (key: string, path: string, init: RequestInit = {}) =>
    app.request(`http://localhost${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });
  const register = (key: string, unit: string) =>
    request(key, '/v1/dossiers', {
      method: 'POST',
      body: JSON.stringify({
        code: `MOVE-${unit}-${++code}`,
        unit,
        procedure: procedures[0]!.code,
        applicantType: 'citizen',
        channel: 'counter',
        receivedAt: '2025-06-02T02:00:00Z',
        dueAt: '2025-06-12T02:00:00Z',
        returnedAt: '2025-06-09T02:00:00Z',
      }),
    });
  const ratingsOf = async (unit: string) => {
    const res = await request(keys.get('cb')!, `/v1/scores?unit=${unit}&${RANGE}&method=csat`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { distribution: Record<string, number> } };
    return Object.values(body.result.distribution).reduce((sum, n) => sum + n, 0);
  };

  beforeAll(async () => {
    stack = await startTestStack({ now: () => NOW });
    dir = await mkdtemp(join(tmpdir(), 'hailong-move-'));
    await importUnits(stack.deps.store, tree);
    await putProcedures(stack.deps.store, procedures);
    for (const unit of Object.keys(within)) {
      const secret = `key-${unit}-${Math.random().toString(36).slice(2)}`;
      await createApiKey(stack.deps.store, secret, { name: unit, unit, permissions: ALL });
      keys.set(unit, secret);
    }
    app = createLocalApp(stack.deps);
    // Before the move: two ratings in the agency under cb-d1, aggregated.
    for (let i = 0; i < 2; i++) {
      const res = await register(keys.get('cb')!, 'cb-d1-c1-a');
      expect(res.status).toBe(201);
      const { dossiers } = (await res.json()) as { dossiers: { ratingUrl: string }[] };
      const rated = await app.request(new URL(dossiers[0]!.ratingUrl).pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ overall: 2, i3: 2, i4: 2, i7: 2 }),
      });
      expect(rated.status).toBe(201);
    }
    await aggregateDays(stack.deps.store, ['2025-06-10'], { now: () => NOW });
    expect(await ratingsOf('cb-d1')).toBe(2);

    const moved = tree.filter((unit) => unit.id === 'cb-d1-c1').map((unit) => ({ ...unit, parent: 'cb-d2' }));
    const file = join(dir, 'move.json');
    await writeFile(file, JSON.stringify(moved));
    const status = await runAdmin(['units', 'import', file], {
      open: async () => ({ deps: stack.deps, dataDir: dir, print: (line) => printed.push(line) }),
      print: (line) => printed.push(line),
      printError: (line) => printed.push(line),
    });
    expect(status).toBe(0);
    // A fresh app: the running server's unit directory is re-read within its cache time (one minute).
    app = createLocalApp(stack.deps);
  });
  afterAll(async () => {
    await stack?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('says what moved, with how many descendants, and which days it re-aggregates', () => {
    const text = printed.join('\n');
    expect(text).toContain('moved cb-d1-c1: cb/cb-d1/cb-d1-c1/ → cb/cb-d2/cb-d1-c1/ (cùng 1');
    expect(text).toContain('npm run aggregate -- --from 2025-06-10 --to 2025-06-10');
    expect(text).toContain('re-aggregated 1 day(s)');
  });

  it('lists the moved subtree under the new parent in GET /v1/units', async () => {
    const res = await request(keys.get('cb-d2')!, '/v1/units');
    const body = (await res.json()) as { units: { id: string }[] };
    expect(body.units.map((unit) => unit.id).sort()).toEqual([...within['cb-d2']!].sort());
  });

  const sessions = new Map<string, string>();
  const dashboardUnit = async (unit: string, key: string) => {
    if (!sessions.has(key)) sessions.set(key, (await dashboardSignIn(app, key)).session!);
    return dashboardPage(app, `/dashboard/units/${unit}?period=custom&${RANGE}`, sessions.get(key)!);
  };

  const routes: [string, (unit: string, key: string) => Response | Promise<Response>][] = [
    ['GET /v1/scores', (unit, key) => request(key, `/v1/scores?unit=${unit}&${RANGE}&method=csat`)],
    ['GET /v1/rankings', (unit, key) => request(key, `/v1/rankings?parent=${unit}&${RANGE}&method=csat`)],
    ['GET /v1/ratings', (unit, key) => request(key, `/v1/ratings?unit=${unit}&${RANGE}`)],
    ['GET /v1/skills', (unit, key) => request(key, `/v1/skills?unit=${unit}&${RANGE}`)],
    [
      'GET /v1/scores/qd766/dossiers',
      (unit, key) => request(key, `/v1/scores/qd766/dossiers?unit=${unit}&${RANGE}&metric=DOSSIER_SYNC`),
    ],
    ['POST /v1/dossiers', (unit, key) => register(key, unit)],
    ['GET /dashboard/units/{id}', (unit, key) => dashboardUnit(unit, key)],
  ];
  const cells = Object.keys(within).flatMap((keyUnit) =>
    tree.flatMap((unit) => routes.map(([route]) => [keyUnit, route, unit.id] as const)),
  );

  it.each(cells)('key of %s on %s for %s follows the new tree', async (keyUnit, route, unit) => {
    const call = routes.find(([name]) => name === route)![1];
    const res = await call(unit, keys.get(keyUnit)!);
    const allowed = within[keyUnit]!.includes(unit);
    expect(res.status, await res.clone().text()).toBe(allowed ? (route.startsWith('POST') ? 201 : 200) : 403);
  });

  it('rolls the moved unit’s ratings up to the new parent, not the old one', async () => {
    expect(await ratingsOf('cb-d1')).toBe(0);
    expect(await ratingsOf('cb-d2')).toBe(2);
    expect(await ratingsOf('cb-d1-c1')).toBe(2);
    expect(await ratingsOf('cb')).toBe(2);
  });
});

describe('what a key sees follows its permissions: a citizen’s words need ratings:read', () => {
  const COMMENT = 'Lời công dân ZQX-COMMENT';
  const REASON_TEXT = 'Lý do riêng ZQX-REASON';
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  const keys: Record<'scores' | 'reader' | 'admin', string> = {
    scores: `scores-${Math.random().toString(36).slice(2)}-only-key`,
    reader: `reader-${Math.random().toString(36).slice(2)}-ratings-key`,
    admin: `admin-${Math.random().toString(36).slice(2)}-all-key`,
  };
  const sessions: Partial<Record<keyof typeof keys, string>> = {};

  beforeAll(async () => {
    stack = await startTestStack({ now: () => NOW });
    await importUnits(stack.deps.store, tree);
    await putProcedures(stack.deps.store, procedures);
    await createApiKey(stack.deps.store, keys.scores, {
      name: 's',
      unit: 'cb',
      permissions: ['scores:read'],
    });
    await createApiKey(stack.deps.store, keys.reader, {
      name: 'r',
      unit: 'cb',
      permissions: ['scores:read', 'ratings:read'],
    });
    await createApiKey(stack.deps.store, keys.admin, { name: 'a', unit: 'cb', permissions: ['admin'] });
    app = createLocalApp(stack.deps);
    const res = await app.request('http://localhost/v1/dossiers', {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        code: 'WORDS-1',
        unit: 'cb-d1-c2',
        procedure: procedures[0]!.code,
        applicantType: 'citizen',
        channel: 'counter',
        receivedAt: '2025-06-02T02:00:00Z',
        dueAt: '2025-06-12T02:00:00Z',
        returnedAt: '2025-06-09T02:00:00Z',
      }),
    });
    expect(res.status).toBe(201);
    const { dossiers } = (await res.json()) as { dossiers: { ratingUrl: string }[] };
    // Not satisfied, with a reason in words and a comment: a feedback case opens.
    const rated = await app.request(new URL(dossiers[0]!.ratingUrl).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        overall: 0,
        i3: 0,
        i4: 0,
        i7: 0,
        reason: 'other',
        reasonText: REASON_TEXT,
        comment: COMMENT,
      }),
    });
    expect(rated.status).toBe(201);
    for (const name of Object.keys(keys) as (keyof typeof keys)[]) {
      sessions[name] = (await dashboardSignIn(app, keys[name])).session;
      expect(sessions[name], name).toBeDefined();
    }
  });
  afterAll(() => stack?.close());

  const pages = [
    `/dashboard/units/cb-d1-c2?period=custom&${RANGE}`,
    '/dashboard/feedback',
    `/dashboard?period=custom&${RANGE}`,
    `/dashboard/skills?period=custom&${RANGE}`,
  ];

  it.each(pages)('a scores:read key’s page %s shows no comment and no reason in words', async (path) => {
    const res = await dashboardPage(app, path, sessions.scores!);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).not.toContain('ZQX-COMMENT');
    expect(html).not.toContain('ZQX-REASON');
  });

  it('a scores:read key still sees the open case itself (its unit and due day) on /dashboard/feedback', async () => {
    const html = await (await dashboardPage(app, '/dashboard/feedback', sessions.scores!)).text();
    expect(html).toContain('Xã Ở Lại');
    expect(html).toContain('<article');
  });

  it.each(['reader', 'admin'] as const)(
    'a %s key’s unit and feedback pages show the comment',
    async (name) => {
      const unit = await (await dashboardPage(app, pages[0]!, sessions[name]!)).text();
      expect(unit).toContain('ZQX-COMMENT');
      const feedback = await (await dashboardPage(app, '/dashboard/feedback', sessions[name]!)).text();
      expect(feedback).toContain('ZQX-COMMENT');
    },
  );

  const surfaces = [
    `/v1/ratings?unit=cb&${RANGE}`,
    `/v1/ratings?unit=cb&${RANGE}&labels=vi`,
    `/v1/feedback?unit=cb&${RANGE}`,
  ];
  it.each(surfaces)(
    'the API and its CSVs: %s is 403 for scores:read and holds the words for ratings:read',
    async (path) => {
      for (const accept of ['application/json', 'text/csv']) {
        const get = (key: string) =>
          app.request(`http://localhost${path}`, { headers: { authorization: `Bearer ${key}`, accept } });
        const refused = await get(keys.scores);
        expect(refused.status).toBe(403);
        expect(await refused.text()).not.toContain('ZQX');
        const allowed = await get(keys.reader);
        expect(allowed.status).toBe(200);
        expect(await allowed.text()).toContain('ZQX-COMMENT');
      }
    },
  );

  it('the XLSX report holds no citizen’s words, for any key', async () => {
    for (const key of [keys.scores, keys.admin]) {
      const res = await app.request(`http://localhost/v1/reports/satisfaction.xlsx?unit=cb&${RANGE}`, {
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.status).toBe(200);
      const { default: ExcelJS } = await import('exceljs');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(await res.arrayBuffer());
      const texts: string[] = [];
      book.eachSheet((sheet) =>
        sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value)))),
      );
      expect(texts.join('\n')).not.toContain('ZQX');
    }
  });
});
