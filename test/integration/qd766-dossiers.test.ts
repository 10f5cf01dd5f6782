/**
 * `GET /v1/scores/qd766/dossiers` on dynalite (issue 22): a seeded province — the demo's lives, each
 * report stored at its own instant through the reporting path — aggregated night by night, then, for
 * every dossier-level metric and several units, the listing's length is the denominator less the
 * numerator that `/v1/scores?method=qd766` answers for the same unit and period. A few dossiers of
 * one commune are worked by hand (a complaint, a "Không hài lòng", late, withdrawn, unsynced).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { parseCsv } from '../../local/cli/csv';
import { demoProcedureCatalogue, demoUnits } from '../../local/demo-catalogue';
import { loadDemoLives } from '../../local/demo-lives';
import { aggregateDays } from '../../shared/aggregation/run';
import {
  QD766_DOSSIER_METRICS,
  qd766DossierMetricRules,
} from '../../shared/indexes/qd766-dossier-membership';
import { putProcedures } from '../../shared/storage/procedures';
import { addDays, eachDay, type LocalDay, startOfLocalDay } from '../../shared/time';
import { dashboardPage, dashboardSignIn } from '../reliability/support';
import { postDossiers } from '../support/rating';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

const at = (day: LocalDay, hour: number) => new Date(startOfLocalDay(day).getTime() + hour * 3_600_000);

/** The night after the last one aggregated: the listing judges as of the day before. */
const TODAY: LocalDay = '2026-06-15';
const LAST_NIGHT = addDays(TODAY, -1);
const FROM = addDays(TODAY, -40);
const HAND = 'xa-hoa-an';

describe('the dossiers that cost a Decision 766 metric its points', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;
  let clock = at(addDays(TODAY, -45), 9);
  const get = (path: string, headers: Record<string, string> = {}, bearer = key) =>
    app.request(path, { headers: { authorization: `Bearer ${bearer}`, ...headers } });

  beforeAll(async () => {
    stack = await startTestStack({ now: () => clock });
    key = await seedKey(stack.deps, 'cao-bang', ['scores:read', 'dossiers:write'], demoUnits);
    await putProcedures(stack.deps.store, demoProcedureCatalogue);
    await loadDemoLives(stack.deps.store, { now: at(TODAY, 3), count: 160, linkTtlDays: 30 });
    app = createLocalApp(stack.deps);
    // Worked by hand, in one commune, received 2 June (due 5 June), procedure 1.001193-like
    // (the demo's first commune procedure).
    const procedure = demoProcedureCatalogue.find((p) => p.code === '1.001193')!.code;
    const hand = (code: string, extra: Record<string, unknown>) => ({
      code,
      unit: HAND,
      procedure,
      applicantType: 'citizen',
      channel: 'online',
      receivedAt: at('2026-06-02', 8).toISOString(),
      dueAt: at('2026-06-05', 17).toISOString(),
      syncedToPortal: true,
      electronicResult: true,
      digitized: true,
      reusedData: true,
      personalStorage: true,
      citizenDataConnected: true,
      ...extra,
    });
    clock = at('2026-06-10', 9);
    const res = await postDossiers(app, key, {
      dossiers: [
        // H1: everything done, returned on time: in no listing.
        hand('H1', { returnedAt: at('2026-06-04', 10).toISOString() }),
        // H2: returned late (6 June), at the counter, not synced: 2.1, 5.4, 3.3 and 1.4.
        hand('H2', {
          channel: 'counter',
          syncedToPortal: false,
          returnedAt: at('2026-06-06', 10).toISOString(),
        }),
        // H3: on time but complained about: 5.4 only.
        hand('H3', { complaint: true, returnedAt: at('2026-06-03', 10).toISOString() }),
        // H4: withdrawn, not synced: 1.4 only (withdrawn dossiers stay in its denominator).
        hand('H4', { withdrawn: true, syncedToPortal: false }),
        // H5: a fee paid at the counter, nothing digitised: 3.6, 4.1–4.5.
        hand('H5', {
          feeRequired: true,
          paidOnline: false,
          electronicResult: false,
          digitized: false,
          reusedData: false,
          personalStorage: false,
          citizenDataConnected: false,
          returnedAt: at('2026-06-04', 10).toISOString(),
        }),
      ],
    });
    expect(res.status).toBe(201);
    // H6: returned on time, then rated "Không hài lòng" by the citizen (5.4).
    const rated = await postDossiers(
      app,
      key,
      hand('H6', { returnedAt: at('2026-06-04', 10).toISOString() }),
    );
    const link = new URL(((await rated.json()) as Loose).dossiers[0].ratingUrl).pathname;
    const rating = await app.request(link, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ overall: 0, i3: 1, i4: 1, i7: 1, reason: 'slow' }),
    });
    expect(rating.status).toBe(201);
    clock = at(TODAY, 3);
    await aggregateDays(stack.deps.store, eachDay(addDays(TODAY, -45), LAST_NIGHT));
  });
  afterAll(() => stack.close());

  /** Every row of a listing, page by page (at most `limit` a page). */
  async function listAll(unit: string, metric: string, limit = 100): Promise<Loose[]> {
    const rows: Loose[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 100; page++) {
      const query = new URLSearchParams({ unit, from: FROM, to: LAST_NIGHT, metric, limit: String(limit) });
      if (cursor) query.set('cursor', cursor);
      const res = await get(`/v1/scores/qd766/dossiers?${query}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Loose;
      expect(body.dossiers.length).toBeLessThanOrEqual(limit);
      rows.push(...body.dossiers);
      cursor = body.nextCursor;
      if (!cursor) return rows;
    }
    throw new Error('listing did not end');
  }

  async function metricsOf(unit: string): Promise<Map<string, Loose>> {
    const res = await get(`/v1/scores?unit=${unit}&from=${FROM}&to=${LAST_NIGHT}&method=qd766`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Loose;
    const metrics = new Map<string, Loose>();
    for (const group of Object.values(body.result.groups) as Loose[])
      for (const metric of group.metrics as Loose[]) metrics.set(metric.key, metric);
    return metrics;
  }

  it('lists, for every dossier-level metric and unit, as many dossiers as the denominator less the numerator', async () => {
    const communes = demoUnits.filter((unit) => unit.kind === 'commune').slice(0, 3);
    let listed = 0;
    for (const unit of ['cao-bang', HAND, ...communes.map((commune) => commune.id)]) {
      const metrics = await metricsOf(unit);
      for (const key of QD766_DOSSIER_METRICS) {
        const metric = metrics.get(key)!;
        expect(metric.numerator, `${unit} ${key}`).not.toBeNull();
        const rows = await listAll(unit, metric.code ?? key);
        expect(rows.length, `${unit} ${key}`).toBe(metric.denominator - metric.numerator);
        expect(new Set(rows.map((row) => row.rid)).size).toBe(rows.length);
        listed += rows.length;
      }
    }
    // The seeded province leaves something to list in most metrics (not a vacuous agreement).
    expect(listed).toBeGreaterThan(200);
  });

  it('names the dossiers worked by hand, with the fact that failed', async () => {
    const listedCodes = async (metric: string) =>
      (await listAll(HAND, metric))
        .filter((row) => row.code.startsWith('H'))
        .map((row) => `${row.code}:${row.failure.key}`)
        .sort();
    expect(await listedCodes('progress.onTime')).toEqual(['H2:finishedLate']);
    expect(await listedCodes('DOSSIER_RECEIVING_SATISFACTION')).toEqual([
      'H2:finishedLate',
      'H3:complaint',
      'H6:unsatisfiedRating',
    ]);
    expect(await listedCodes('DOSSIER_SYNC')).toEqual(['H2:notSynced', 'H4:notSynced']);
    expect(await listedCodes('onlineService.onlineDossiers')).toEqual(['H2:notOnline']);
    expect(await listedCodes('payment.dossiersPaidOnline')).toEqual(['H5:notPaidOnline']);
    expect(await listedCodes('ORIGINAL_RESULT_AVAILABLE')).toEqual(['H5:noElectronicResult']);
    expect(await listedCodes('SO_HOA_GIAY_TO_GIAI_QUYET')).toEqual(['H5:notDigitized']);
    expect(await listedCodes('REUSED_DIGITIZED_DATA')).toEqual(['H5:noReusedData']);
    expect(await listedCodes('SYNCED_WITH_DVCQG_PERSONAL_STORAGE')).toEqual(['H5:notInPersonalStorage']);
    expect(await listedCodes('CITIZEN_DATA_CONNECTED_DOSSIER')).toEqual(['H5:noCitizenData']);
    const [h2] = (await listAll(HAND, 'progress.onTime')).filter((row) => row.code === 'H2');
    expect(h2).toMatchObject({
      unit: { id: HAND, name: 'Xã Hòa An' },
      procedure: { code: '1.001193' },
      receivedDay: '2026-06-02',
      dueDay: '2026-06-05',
      finishedDay: '2026-06-06',
      failure: { vi: 'Giải quyết quá hạn', en: 'Handled late' },
    });
    expect(h2!.procedure.name).toBeTruthy();
  });

  it('pages with an opaque cursor: small pages give the same dossiers as one large page', async () => {
    const whole = await listAll('cao-bang', 'DOSSIER_RECEIVING_SATISFACTION');
    const paged = await listAll('cao-bang', 'DOSSIER_RECEIVING_SATISFACTION', 7);
    expect(whole.length).toBeGreaterThan(14);
    expect(paged.map((row) => row.rid)).toEqual(whole.map((row) => row.rid));
  });

  it('answers CSV with names, local days and the failure in words', async () => {
    const res = await get(
      `/v1/scores/qd766/dossiers?unit=${HAND}&from=2026-06-01&to=2026-06-03&metric=DOSSIER_SYNC`,
      { accept: 'text/csv' },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = parseCsv(await res.text()).map((record) => record.fields);
    expect(rows[0]).toEqual([
      'Mã hồ sơ',
      'Cơ quan',
      'Mã thủ tục',
      'Thủ tục',
      'Ngày tiếp nhận',
      'Ngày hẹn trả',
      'Ngày kết thúc xử lý',
      'Lý do không đạt',
    ]);
    // By received day, then by the dossier's id: H2 and H4 came the same day.
    const hand = rows
      .slice(1)
      .filter((row) => row[0]!.startsWith('H'))
      .sort((a, b) => a[0]!.localeCompare(b[0]!));
    expect(hand.map((row) => [row[0], row[1], row[4], row[7]])).toEqual([
      ['H2', 'Xã Hòa An', '2026-06-02', 'Chưa đồng bộ lên Cổng Dịch vụ công quốc gia'],
      ['H4', 'Xã Hòa An', '2026-06-02', 'Chưa đồng bộ lên Cổng Dịch vụ công quốc gia'],
    ]);
    const english = await get(
      `/v1/scores/qd766/dossiers?unit=${HAND}&from=2026-06-01&to=2026-06-03&metric=DOSSIER_SYNC&lang=en`,
      { accept: 'text/csv' },
    );
    expect((await english.text()).split('\r\n')[0]).toContain('Why it failed');
  });

  it('refuses a metric without a dossier listing with 400 naming the valid codes, in both languages', async () => {
    for (const metric of ['PUBLISH_ON_TIME', 'ELECTRONIC_CERTIFIED_COPY', 'onlineService.fullyOnline', 'X']) {
      const res = await get(
        `/v1/scores/qd766/dossiers?unit=${HAND}&from=${FROM}&to=${LAST_NIGHT}&metric=${metric}`,
      );
      expect(res.status, metric).toBe(400);
      const { error } = (await res.json()) as Loose;
      for (const rule of qd766DossierMetricRules()) {
        expect(error.vi).toContain(rule.code ?? rule.key);
        expect(error.en).toContain(rule.code ?? rule.key);
      }
    }
  });

  it('refuses a period over a year, a bad cursor, a page over 100, and a unit outside the key', async () => {
    const base = `/v1/scores/qd766/dossiers?unit=${HAND}&metric=DOSSIER_SYNC`;
    expect((await get(`${base}&from=2025-01-01&to=2026-06-01`)).status).toBe(422);
    expect((await get(`${base}&from=${FROM}&to=${LAST_NIGHT}&limit=101`)).status).toBe(422);
    expect((await get(`${base}&from=${FROM}&to=${LAST_NIGHT}&cursor=abc.def`)).status).toBe(422);
    // A cursor of another query (another metric) is refused too.
    const first = (await (
      await get(
        `/v1/scores/qd766/dossiers?unit=cao-bang&metric=DOSSIER_SYNC&from=${FROM}&to=${LAST_NIGHT}&limit=1`,
      )
    ).json()) as Loose;
    expect(first.nextCursor).toBeTruthy();
    const other = await get(
      `/v1/scores/qd766/dossiers?unit=cao-bang&metric=progress.onTime&from=${FROM}&to=${LAST_NIGHT}&cursor=${first.nextCursor}`,
    );
    expect(other.status).toBe(422);
    const communeKey = await seedKey(stack.deps, HAND, ['scores:read'], demoUnits);
    const outside = await get(
      `/v1/scores/qd766/dossiers?unit=cao-bang&metric=DOSSIER_SYNC&from=${FROM}&to=${LAST_NIGHT}`,
      {},
      communeKey,
    );
    expect(outside.status).toBe(403);
    const noScores = await seedKey(stack.deps, HAND, ['dossiers:write'], demoUnits);
    const forbidden = await get(`${base}&from=${FROM}&to=${LAST_NIGHT}`, {}, noScores);
    expect(forbidden.status).toBe(403);
  });

  it('links each dossier-level metric row of the dashboard that lost dossiers to their CSV, under the session', async () => {
    const { session } = await dashboardSignIn(app, key);
    const range = `period=custom&from=2026-06-01&to=2026-06-03`;
    const page = await (await dashboardPage(app, `/dashboard/units/${HAND}?${range}`, session!)).text();
    const links = [...page.matchAll(/<a href="([^"]+)" download data-dossiers="([^"]+)">([^<]+)<\/a>/g)];
    // H2 late, H2/H4 unsynced, H2 at the counter, H5 unpaid and undigitised, H3/H6 unsatisfied: every
    // dossier-level metric lost a dossier in Hòa An on 2 June, and none of the catalogue's links.
    expect(links.map((link) => link[2]).sort()).toEqual(
      qd766DossierMetricRules()
        .map((rule) => rule.code ?? rule.key)
        .sort(),
    );
    expect(links[0]![3]).toBe('Tải danh sách hồ sơ (CSV)');
    const sync = links.find((link) => link[2] === 'DOSSIER_SYNC')![1]!.replaceAll('&amp;', '&');
    const csv = await dashboardPage(app, sync, session!);
    expect(csv.status).toBe(200);
    const rows = parseCsv(await csv.text()).map((record) => record.fields);
    expect(rows[0]![0]).toBe('Mã hồ sơ');
    expect(
      rows
        .slice(1)
        .map((row) => row[0])
        .filter((code) => code!.startsWith('H'))
        .sort(),
    ).toEqual(['H2', 'H4']);
    // Without a session: the sign-in page, not the file.
    const anonymous = await app.request(`http://localhost${sync}`);
    expect(anonymous.headers.get('content-type') ?? '').not.toContain('text/csv');
  });
});
