/**
 * Issue #20 item 4, DESIGN §5: every operation that changes stored state — every write operation of
 * `/openapi.json` and every form of the API app (dashboard included) and the public pages — tried
 * against a final period. The list is enumerated from the apps' routes and the OpenAPI document, so a
 * write route or form added without a row here fails the first test. Each row either is refused (its
 * status; nothing stored: the whole table is the same item for item) or says why it cannot touch a
 * final figure; at the end the period's figures, read through every answer that shows them, are
 * byte-identical after a rerun of the nightly job of the day the attempts arrived on and of a day of
 * the period.
 *
 * The final period (LINK_TTL_DAYS 3, commune cb-d1-c1): August 2026. A, B and C received and returned
 * on 3 August; A rated "Không hài lòng" (a case, never answered), B asks for an answer (answered on
 * 4 August, not judged), C never rated. Every link expires on 6 August; August's last link day is 31
 * August, so it closes at 00:00 on 4 September and is final once the nights up to 3 September are
 * aggregated. The attempts come on 10 September.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregateHandler } from '../../functions/aggregate/handler';
import { createApiApp } from '../../functions/api/app';
import { createPublicApp } from '../../functions/public/app';
import { loadRatingPages } from '../../functions/public/pages';
import { skillsPageRoutes } from '../../functions/public/routes/skills';
import { createLocalApp } from '../../local/app';
import { forgetHolidays } from '../../shared/feedback/opening';
import { createApiKey } from '../../shared/storage/api-keys';
import { type Campaign, createCampaign } from '../../shared/storage/campaigns';
import { dossierRid } from '../../shared/storage/dossiers';
import { assessmentBody } from '../support/skills';
import { postDossiers, registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

interface Context_ {
  app: ReturnType<typeof createLocalApp>;
  key: string;
  tokens: Record<string, string>;
  ids: Record<string, string>;
  campaign: Campaign;
  dashboardSession: () => Promise<{ session: string; formToken: string }>;
}

/** The attempts of a row: requests (or their answers) to try against the final period. */
type Attempts = (ctx: Context_) => (Response | Promise<Response>)[] | Promise<Response[]>;

type Row =
  { refused: number; contains?: string; attempts: Attempts } | { cannotTouch: string; attempts: Attempts };

const json = (ctx: Context_, path: string, body: unknown, method = 'POST', auth = true) =>
  ctx.app.request(path, {
    method,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(auth ? { authorization: `Bearer ${ctx.key}` } : {}),
    },
    body: JSON.stringify(body),
  });

const dossier = (overrides: Record<string, unknown>) => ({
  unit: 'cb-d1-c1',
  procedure: '1.001193',
  applicantType: 'citizen',
  channel: 'counter',
  receivedAt: '2026-08-05T02:00:00.000Z',
  dueAt: '2026-08-20T10:00:00.000Z',
  updatedAt: '2026-09-10T02:00:00.000Z',
  code: `SIDE-${randomUUID().slice(0, 8)}`,
  ...overrides,
});

/** A dossier as the one-stop system syncs it (docs/integration.md), received in the final month. */
const syncDossier = (overrides: Record<string, unknown>) => ({
  MaHoSo: `SIDE-SYNC-${randomUUID().slice(0, 8)}`,
  MaTTHC: '1.001193',
  KenhThucHien: '1',
  LoaiDoiTuong: '1',
  NgayTiepNhan: '20260805090000',
  NgayHenTra: '20260820170000',
  TrangThaiHoSo: '4',
  DonViXuLy: 'cb-d1-c1',
  ...overrides,
});

const syncRequest = (ctx: Context_, service: string, body: unknown) =>
  ctx.app.request(`http://localhost/v1/sync/${service}?MaDinhDanhDV=cb-d1-c1`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ctx.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Every write route and form, keyed `METHOD path` as the apps name them (`:param`). */
const table: Record<string, Row> = {
  'POST /v1/dossiers': {
    refused: 409,
    contains: 'are final',
    attempts: (ctx) => [
      // A new dossier received in the final month: in progress, withdrawn, returned.
      postDossiers(ctx.app, ctx.key, dossier({})),
      postDossiers(ctx.app, ctx.key, dossier({ withdrawn: true })),
      postDossiers(ctx.app, ctx.key, dossier({ returnedAt: '2026-08-06T02:00:00.000Z' })),
      // A change of a stored dossier of the final month: a complaint, a later return day.
      postDossiers(ctx.app, ctx.key, {
        ...dossier({ code: ctx.ids.codeA, complaint: true }),
        receivedAt: ctx.ids.receivedAt,
        dueAt: ctx.ids.dueAt,
        returnedAt: ctx.ids.returnedAt,
      }),
      // In a batch beside a harmless new dossier of today: the whole batch refused.
      postDossiers(ctx.app, ctx.key, {
        dossiers: [
          dossier({ receivedAt: '2026-09-10T01:00:00.000Z', dueAt: '2026-09-20T01:00:00.000Z' }),
          dossier({}),
        ],
      }),
    ],
  },
  'PUT /v1/period-inputs/:unit/:month/:indicator': {
    refused: 409,
    contains: '2026-08 are final',
    attempts: (ctx) => [json(ctx, '/v1/period-inputs/cb-d1-c1/2026-08/i5', { value: 2 }, 'PUT')],
  },
  'POST /v1/feedback/:id/answer': {
    refused: 409,
    contains: '2026-08-03 are final',
    attempts: (ctx) => [json(ctx, `/v1/feedback/${ctx.ids.A}/answer`, { answer: 'Trả lời muộn.' })],
  },
  'POST /dashboard/feedback/:id/answer': {
    refused: 409,
    contains: '2026-08-03',
    attempts: async (ctx) => {
      const { session, formToken } = await ctx.dashboardSession();
      return [
        await ctx.app.request(`http://localhost/dashboard/feedback/${ctx.ids.A}/answer`, {
          method: 'POST',
          headers: {
            origin: 'http://localhost',
            cookie: `hl_session=${session}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ token: formToken, answer: 'Trả lời muộn.' }).toString(),
        }),
      ];
    },
  },
  'POST /v1/sync/DongBoHoSoMC': {
    refused: 409,
    contains: 'are final',
    attempts: (ctx) => [
      // A new dossier received in the final month, as the one-stop system syncs it: in progress, then
      // returned; and a change (a later return) of the dossier synced before the period closed.
      syncRequest(ctx, 'DongBoHoSoMC', syncDossier({})),
      syncRequest(ctx, 'DongBoHoSoMC', syncDossier({ TrangThaiHoSo: '10', NgayTra: '20260806090000' })),
      syncRequest(ctx, 'DongBoHoSoMC', {
        ...syncDossier({ MaHoSo: ctx.ids.syncedCode, TrangThaiHoSo: '10', NgayTra: '20260907090000' }),
        NgayTiepNhan: '20260803080000',
      }),
    ],
  },
  'POST /v1/sync/CapNhatTienDoHoSoMC': {
    refused: 409,
    contains: 'are final',
    attempts: (ctx) => [
      // A step of the dossier synced into the final month: a change of its counted life.
      syncRequest(ctx, 'CapNhatTienDoHoSoMC', {
        MaHoSo: ctx.ids.syncedCode,
        PhongBanXuLy: 'cb-d1-c1',
        ThoiDiemXuLy: '20260805100000',
        NgayBatDau: '20260803080000',
        NgayKetThucTheoQuyDinh: '20260804170000',
        TrangThai: '9',
      }),
    ],
  },
  'POST /r/:token': {
    // The rating of a dossier of the final month: its link expired with the period's links.
    refused: 410,
    attempts: (ctx) => [
      json(ctx, ctx.tokens.C!, { overall: 0, i3: 0, i4: 0, i7: 0, reason: 'slow' }, 'POST', false),
    ],
  },
  'POST /r/:token/feedback': {
    refused: 410,
    attempts: (ctx) => [json(ctx, `${ctx.tokens.B}/feedback`, { satisfied: 'no' }, 'POST', false)],
  },
  'POST /dashboard/sign-in': {
    cannotTouch:
      'writes a session (SESSION#) and, for a wrong key, a failure count (SIGNIN#): no counted fact',
    attempts: async (ctx) => [await ctx.dashboardSession().then(() => new Response(null, { status: 200 }))],
  },
  'POST /dashboard/sign-out': {
    cannotTouch: 'ends a session: no counted fact is written',
    attempts: async (ctx) => {
      const { session, formToken } = await ctx.dashboardSession();
      return [
        await ctx.app.request('http://localhost/dashboard/sign-out', {
          method: 'POST',
          headers: {
            origin: 'http://localhost',
            cookie: `hl_session=${session}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ token: formToken }).toString(),
        }),
      ];
    },
  },
  'POST /s/:campaign': {
    cannotTouch:
      'a self-assessment counts only in the digital-skill figures (DESIGN §4.3), which no final rule covers; ' +
      'the satisfaction figures below stay byte-identical',
    attempts: (ctx) => [json(ctx, `/s/${ctx.campaign.id}`, assessmentBody(), 'POST', false)],
  },
};

/** The write routes and forms the apps serve, and the write operations the API documents. */
async function enumerateWrites(stack: TestStack): Promise<string[]> {
  const found = new Set<string>();
  const writes = (app: { routes: { method: string; path: string }[] }, prefix = '') =>
    app.routes
      .filter((route) => WRITE_METHODS.includes(route.method))
      .forEach((route) => found.add(`${route.method} ${prefix}${route.path}`));
  const api = createApiApp(stack.deps);
  writes(api);
  // The public app mounts its pages on first use: its own routes are only these mounts and /healthz.
  const publicApp = createPublicApp(stack.deps);
  expect([...new Set(publicApp.routes.map((route) => `${route.method} ${route.path}`))].sort()).toEqual([
    'ALL /r',
    'ALL /r/*',
    'ALL /s',
    'ALL /s/*',
    'GET /healthz',
  ]);
  writes(await loadRatingPages(stack.deps), '/r');
  writes(skillsPageRoutes(stack.deps), '/s');
  const doc = (await (await api.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const method of Object.keys(operations)) {
      if (WRITE_METHODS.includes(method.toUpperCase()))
        found.add(`${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
  }
  return [...found].sort();
}

describe('every write against a final period (issue #20, DESIGN §5)', () => {
  let stack: TestStack;
  let clock = new Date('2026-08-03T03:00:00Z'); // Monday, 10:00 in Hanoi
  const ctx = { tokens: {}, ids: {} } as Context_;

  const nights = async (from: string, to: string) => {
    const handler = createAggregateHandler({
      store: stack.deps.store,
      now: () => clock,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'hailong-test' }),
    });
    await handler({ from, to }, {} as Context);
  };
  /** Every answer that shows the period's figures, as text. */
  const figures = async () => {
    const get = async (path: string) => {
      const res = await ctx.app.request(path, { headers: { authorization: `Bearer ${ctx.key}` } });
      expect(res.status, path).toBe(200);
      return `${path}\n${await res.text()}`;
    };
    const range = 'from=2026-08-01&to=2026-08-31';
    const answers = [];
    for (const method of ['qd766', 'tt01', 'csat', 'sipas']) {
      answers.push(await get(`/v1/scores?unit=cb-d1-c1&${range}&method=${method}&groupBy=day`));
      answers.push(await get(`/v1/scores?unit=cb&${range}&method=${method}`));
      answers.push(await get(`/v1/rankings?parent=cb-d1&${range}&method=${method}`));
    }
    return answers;
  };
  const scanTable = async () => {
    const items: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await stack.deps.store.db.send(
        new ScanCommand({ TableName: stack.deps.store.tableName, ExclusiveStartKey: start }),
      );
      for (const item of page.Items ?? []) {
        // The dashboard rows sign in first: the session (and sign-in count) that writes is the
        // sign-in's own row, not the refused write's.
        if (/^(SESSION|SIGNIN)#/.test(String(item.pk))) continue;
        items.push(JSON.stringify(item, (_, v) => (v instanceof Set ? [...v].sort() : v)));
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return items.sort();
  };

  beforeAll(async () => {
    stack = await startTestStack({ now: () => clock, env: { MIN_N: '1', LINK_TTL_DAYS: '3' } });
    await seedRating(stack.deps, 'cb');
    forgetHolidays();
    ctx.key = `side-doors-${randomUUID()}`;
    await createApiKey(stack.deps.store, ctx.key, {
      name: 'everything a unit may do',
      unit: 'cb',
      permissions: ['dossiers:write', 'scores:read', 'feedback:write', 'ratings:read', 'admin'],
    });
    ctx.app = createLocalApp(stack.deps);
    ctx.campaign = await createCampaign(stack.deps.store, { unit: 'cb-d1-c1', team: 'T01' }, clock);
    ctx.dashboardSession = async () => {
      const form = await ctx.app.request('http://localhost/dashboard/sign-in');
      const token = /hl_signin=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
      const res = await ctx.app.request('http://localhost/dashboard/sign-in', {
        method: 'POST',
        headers: {
          origin: 'http://localhost',
          cookie: `hl_signin=${token}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token, key: ctx.key }).toString(),
      });
      const session = /hl_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
      const page = await ctx.app.request('http://localhost/dashboard/feedback', {
        headers: { cookie: `hl_session=${session}` },
      });
      return { session, formToken: /name="token" value="([^"]+)"/.exec(await page.text())![1]! };
    };
    const dates = {
      receivedAt: new Date(clock.getTime() - 2 * 3_600_000).toISOString(),
      returnedAt: new Date(clock.getTime() - 3_600_000).toISOString(),
      dueAt: new Date(clock.getTime() + 2 * 86_400_000).toISOString(),
    };
    Object.assign(ctx.ids, dates);
    for (const name of ['A', 'B', 'C']) {
      const registered = await registerOne(ctx.app, ctx.key, dates);
      ctx.tokens[name] = registered.path;
      ctx.ids[name] = dossierRid(registered.dossier.unit, registered.dossier.code);
      if (name === 'A') ctx.ids.codeA = registered.dossier.code;
    }
    expect(
      (await json(ctx, ctx.tokens.A!, { overall: 0, i3: 2, i4: 2, i7: 2, reason: 'slow' }, 'POST', false))
        .status,
    ).toBe(201);
    expect(
      (await json(ctx, ctx.tokens.B!, { overall: 2, i3: 2, i4: 2, i7: 2, wantsAnswer: true }, 'POST', false))
        .status,
    ).toBe(201);
    // A dossier synced by the one-stop system's payload, received and returned in the period.
    ctx.ids.syncedCode = `SIDE-SYNC-${randomUUID().slice(0, 8)}`;
    const synced = await syncRequest(
      ctx,
      'DongBoHoSoMC',
      syncDossier({
        MaHoSo: ctx.ids.syncedCode,
        NgayTiepNhan: '20260803080000',
        NgayHenTra: '20260804170000',
        TrangThaiHoSo: '10',
        NgayTra: '20260803090000',
      }),
    );
    expect(synced.status, await synced.clone().text()).toBe(201);
    clock = new Date('2026-08-04T03:00:00Z');
    expect((await json(ctx, `/v1/feedback/${ctx.ids.B}/answer`, { answer: 'Đã xử lý.' })).status).toBe(200);
    clock = new Date('2026-09-10T03:00:00Z');
    await nights('2026-08-01', '2026-09-09');
  }, 180_000);
  afterAll(() => stack.close());

  it('has a row for every write route, form and documented write operation, and none for a route that is gone', async () => {
    expect(Object.keys(table).sort()).toEqual(await enumerateWrites(stack));
  });

  it('refuses every write into the final period, storing nothing; the figures are byte-identical after a rerun', async () => {
    const before = await figures();
    expect(before[0]).toContain('"final":true');
    for (const [route, row] of Object.entries(table)) {
      const stored = await scanTable();
      const responses = await Promise.all(await row.attempts(ctx));
      for (const [index, res] of responses.entries()) {
        if ('refused' in row) {
          const text = await res.text();
          expect(res.status, `${route} #${index}: ${text.slice(0, 300)}`).toBe(row.refused);
          if (row.contains) expect(text, route).toContain(row.contains);
        } else {
          expect(res.status, `${route} #${index}`).toBeLessThan(400);
        }
      }
      if ('refused' in row) expect(await scanTable(), `${route} stored something`).toEqual(stored);
    }
    // The night the attempts arrived on, and a night of the period, run again.
    await nights('2026-09-10', '2026-09-10');
    await nights('2026-08-03', '2026-08-03');
    expect(await figures()).toEqual(before);
  }, 120_000);
});
