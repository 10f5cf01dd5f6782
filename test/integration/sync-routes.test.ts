/**
 * The one-stop system's own payload through the real routes on dynalite (DESIGN §3, §8):
 * `POST /v1/sync/DongBoHoSoMC` and `POST /v1/sync/CapNhatTienDoHoSoMC` give exactly the stored life
 * and the index figures the equivalent `POST /v1/dossiers` reports give (test/fixtures/sync/payloads.ts,
 * worked by hand); personal data is nowhere in the table or the log; unit codes; answers in the
 * connectors' shape.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalApp } from '../../local/app';
import type { AppDeps } from '../../shared/http/deps';
import { putProcedures } from '../../shared/storage/procedures';
import type { Item } from '../../shared/storage/dynamo';
import type { UnitInput } from '../../shared/storage/units';
import { dumpAggregates } from '../support/aggregates';
import { postDossiers, ratingUnits } from '../support/rating';
import { aggregateArrivals } from '../support/skills';
import { seedKey, startTestStack } from '../support/stack';
import {
  byStatus,
  byStatusReports,
  lifeMessages,
  lifeReports,
  NOW,
  PERSONAL_VALUES,
} from '../fixtures/sync/payloads';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

const units: UnitInput[] = ratingUnits.map((unit) =>
  unit.id === 'cb-d1-c1'
    ? { ...unit, codes: ['000.00.21.H10', 'H10.01'] }
    : unit.id === 'cb-d2-c1'
      ? { ...unit, codes: ['H10.02'] }
      : unit,
);
const procedures = [
  { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0 },
  { code: '1.000656.000.00.00.H56', name: 'Đăng ký khai tử', field: 'Hộ tịch', processingDays: 3 },
];

async function scanAll(deps: AppDeps): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await deps.store.db.send(
      new ScanCommand({ TableName: deps.store.tableName, ExclusiveStartKey: startKey }),
    );
    items.push(...((page.Items ?? []) as Item[]));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

const dossierItems = async (deps: AppDeps) => (await scanAll(deps)).filter((item) => item.sk === 'DOSSIER');

async function setUp() {
  const stack = await startTestStack({ now: () => NOW });
  await putProcedures(stack.deps.store, procedures);
  const key = await seedKey(stack.deps, 'cb', ['dossiers:write', 'scores:read'], units);
  return { stack, key, app: createLocalApp(stack.deps) };
}

function sync(
  app: ReturnType<typeof createLocalApp>,
  key: string,
  service: string,
  body: unknown,
  query = '',
) {
  return app.request(`http://localhost/v1/sync/${service}${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

describe('sync payloads give the life and figures of the equivalent reports', () => {
  let synced: Awaited<ReturnType<typeof setUp>>;
  let reported: Awaited<ReturnType<typeof setUp>>;
  const written: string[] = [];

  beforeAll(async () => {
    [synced, reported] = await Promise.all([setUp(), setUp()]);
    // Everything the process writes while the payloads go through: the log.
    const capture = (stream: NodeJS.WriteStream) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
        written.push(String(chunk));
        return true;
      });
    const spies = [capture(process.stdout), capture(process.stderr)];
    try {
      const first = await sync(synced.app, synced.key, 'DongBoHoSoMC', byStatus);
      expect(first.status, await first.clone().text()).toBe(201);
      for (const message of lifeMessages) {
        const res = await sync(
          synced.app,
          synced.key,
          message.service,
          message.body,
          '?MaDinhDanhDV=000.00.21.H10',
        );
        expect(res.status, await res.clone().text()).toBeLessThan(300);
      }
      // a resend of everything changes nothing
      const again = await sync(synced.app, synced.key, 'DongBoHoSoMC', byStatus);
      expect(again.status).toBe(200);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const res = await postDossiers(reported.app, reported.key, { dossiers: byStatusReports });
    expect(res.status, await res.clone().text()).toBe(201);
    for (const report of lifeReports) {
      const one = await postDossiers(reported.app, reported.key, report);
      expect(one.status, await one.clone().text()).toBeLessThan(300);
    }
    await Promise.all([aggregateArrivals(synced.stack.deps), aggregateArrivals(reported.stack.deps)]);
  });

  afterAll(async () => {
    await Promise.all([synced?.stack.close(), reported?.stack.close()]);
  });

  it('stores the same dossiers, field by field (but the order stamp)', async () => {
    const strip = ({ updatedAt: _, ...item }: Item) => item;
    const byCode = (items: Item[]) =>
      Object.fromEntries(items.map((item) => [item.code as string, strip(item)]));
    const fromSync = byCode(await dossierItems(synced.stack.deps));
    const fromReports = byCode(await dossierItems(reported.stack.deps));
    // statuses 2–10 and the life; status 1 is not received yet
    expect(Object.keys(fromSync).sort()).toEqual(
      [2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => `000.00.21.H10-260701-00${String(n).padStart(2, '0')}`),
    );
    expect(fromSync).toEqual(fromReports);
  });

  it('stores the same snapshots and gives the same aggregates', async () => {
    const snapshots = async (deps: AppDeps) =>
      (await scanAll(deps))
        .filter((item) => String(item.sk).startsWith('SNAP#'))
        .map((item) => JSON.stringify(Object.entries(item).sort(([a], [b]) => a.localeCompare(b))))
        .sort();
    expect((await snapshots(synced.stack.deps)).length).toBe(10);
    expect(await snapshots(synced.stack.deps)).toEqual(await snapshots(reported.stack.deps));
    const aggregates = await dumpAggregates(synced.stack.deps.store);
    expect(aggregates.size).toBeGreaterThan(0);
    expect(aggregates).toEqual(await dumpAggregates(reported.stack.deps.store));
  });

  it('answers the same scores', async () => {
    for (const method of ['qd766', 'tt01']) {
      const scores = async (env: Awaited<ReturnType<typeof setUp>>) => {
        const res = await env.app.request(
          `/v1/scores?unit=cb&from=2026-07-01&to=2026-07-20&method=${method}`,
          { headers: { authorization: `Bearer ${env.key}` } },
        );
        expect(res.status).toBe(200);
        return res.json();
      };
      expect(await scores(synced)).toEqual(await scores(reported));
    }
  });

  it('keeps no personal data in the table or the log', async () => {
    const table = JSON.stringify(await scanAll(synced.stack.deps));
    const log = written.join('');
    for (const value of PERSONAL_VALUES) {
      expect(table, value).not.toContain(value);
      expect(log, value).not.toContain(value);
    }
    // the check can fail: the payloads held them
    expect(JSON.stringify(byStatus)).toContain(PERSONAL_VALUES[0]);
  });
});

describe('sync answers and refusals', () => {
  let env: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    env = await setUp();
  });
  afterAll(async () => {
    await env?.stack.close();
  });
  afterEach(() => vi.restoreAllMocks());

  it('answers in the connectors’ shape, with the links once returned', async () => {
    const res = await sync(env.app, env.key, 'DongBoHoSoMC', {
      service: 'DongBoHoSoMC',
      isUpdating: 'False',
      session: 'phien-gia',
      madonvi: 'H10.02',
      data: [{ ...byStatus[9], DonViXuLy: 'UBND xã Hai Một' }],
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Loose;
    expect(body.error_code).toBe('0');
    expect(body.message.toLowerCase()).toContain('thành công');
    const [dossier] = body.dossiers;
    // DonViXuLy is a name: the envelope's madonvi names the unit
    expect(dossier.unit).toBe('cb-d2-c1');
    expect(dossier.created).toBe(true);
    for (const link of ['ratingUrl', 'qrSvgUrl', 'qrPngUrl', 'labelUrl'])
      expect(dossier[link]).toMatch(/^http/);
  });

  it('refuses an unknown unit code with a 422 naming it, storing nothing', async () => {
    const before = (await dossierItems(env.stack.deps)).length;
    const res = await sync(env.app, env.key, 'DongBoHoSoMC', [
      byStatus[1],
      { ...byStatus[2], DonViXuLy: '000.00.99.H10' },
    ]);
    expect(res.status).toBe(422);
    const body = (await res.json()) as Loose;
    expect(body.error_code).toBe('-1');
    expect(body.error.fields).toEqual([
      expect.objectContaining({ field: '1.DonViXuLy', en: 'no unit with the code "000.00.99.H10"' }),
    ]);
    expect((await dossierItems(env.stack.deps)).length).toBe(before);
    const query = await sync(
      env.app,
      env.key,
      'DongBoHoSoMC',
      { ...byStatus[1], DonViXuLy: '' },
      '?MaDinhDanhDV=X.1',
    );
    expect(((await query.json()) as Loose).error.fields[0].field).toBe('MaDinhDanhDV');
  });

  it('names an impossible time and never echoes personal data in a 422', async () => {
    const res = await sync(env.app, env.key, 'DongBoHoSoMC', {
      ...byStatus[1],
      NgayHenTra: '20261332083000',
      KenhThucHien: 'Lò Văn Thử',
    });
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(((JSON.parse(text) as Loose).error.fields as Loose[]).map((f) => f.field).sort()).toEqual([
      'KenhThucHien',
      'NgayHenTra',
    ]);
    for (const value of PERSONAL_VALUES) expect(text).not.toContain(value);
  });

  it('refuses steps of a dossier not synced yet, and needs the unit', async () => {
    const step = {
      MaHoSo: 'CHUA-CO',
      ThoiDiemXuLy: '20260709090000',
      NgayKetThucTheoQuyDinh: '20260710170000',
    };
    const unknown = await sync(env.app, env.key, 'CapNhatTienDoHoSoMC', step, '?MaDinhDanhDV=000.00.21.H10');
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as Loose).error.fields[0].field).toBe('MaHoSo');
    const noUnit = await sync(env.app, env.key, 'CapNhatTienDoHoSoMC', step);
    expect(((await noUnit.json()) as Loose).error.fields[0].field).toBe('MaDinhDanhDV');
  });

  it('needs dossiers:write', async () => {
    const reader = await seedKey(env.stack.deps, 'cb', ['scores:read'], units);
    const res = await sync(env.app, reader, 'DongBoHoSoMC', byStatus[1]);
    expect(res.status).toBe(403);
  });
});

describe('units known by their codes', () => {
  let env: Awaited<ReturnType<typeof setUp>>;
  beforeAll(async () => {
    env = await setUp();
  });
  afterAll(async () => {
    await env?.stack.close();
  });

  it('GET /v1/units shows the codes', async () => {
    const res = await env.app.request('/v1/units', { headers: { authorization: `Bearer ${env.key}` } });
    const { units: listed } = (await res.json()) as { units: Loose[] };
    expect(listed.find((unit) => unit.id === 'cb-d1-c1')!.codes).toEqual(['000.00.21.H10', 'H10.01']);
    expect(listed.find((unit) => unit.id === 'cb')!.codes).toEqual([]);
  });

  it('POST /v1/dossiers and GET /v1/scores take a code for the unit, stored under the id', async () => {
    const res = await postDossiers(env.app, env.key, {
      ...byStatusReports[0],
      unit: 'H10.01',
      steps: [{ unit: 'H10.02', dueAt: '2026-07-05T17:00:00+07:00' }],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(((await res.json()) as Loose).dossiers[0].unit).toBe('cb-d1-c1');
    const [item] = await dossierItems(env.stack.deps);
    expect(item!.unit).toBe('cb-d1-c1');
    const scores = await env.app.request(
      '/v1/scores?unit=000.00.21.H10&from=2026-07-01&to=2026-07-20&method=qd766',
      {
        headers: { authorization: `Bearer ${env.key}` },
      },
    );
    expect(scores.status).toBe(200);
    expect(((await scores.json()) as Loose).unit.id).toBe('cb-d1-c1');
  });
});
