/**
 * The dashboard, /public, the XLSX report and the CSV for people on dynalite, in-process
 * (`app.request`): sessions (cookie attributes, revocation, expiry, tampering), cross-site protection,
 * scoping, figures equal to /v1/scores and /v1/rankings, the workbook read back by exceljs and by
 * LibreOffice headless where installed, page sizes within DESIGN §7's 60 KB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { csvObjects } from '../../local/cli/csv';
import { formatCount, formatNumber, formatPercent } from '../../shared/views/dashboard/format';
import {
  COMMENT_MARK,
  DASHBOARD_NOW,
  PERIOD,
  revokeKey,
  seedDashboard,
  type DashboardSeed,
} from '../support/dashboard';
import { sheetsAsCsv, sofficeMissing, sofficePath } from '../support/office';
import { seedKey, startTestStack, type TestStack } from '../support/stack';
import { ratingUnits } from '../support/rating';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

const ORIGIN = 'http://localhost';
const RANGE = `period=custom&from=${PERIOD.from}&to=${PERIOD.to}`;

describe('leaders dashboard, public ranking and reports on dynalite', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let seed: DashboardSeed;
  let clock = DASHBOARD_NOW;

  beforeAll(async () => {
    stack = await startTestStack({ now: () => clock, env: { MIN_N: '3', PUBLIC_DASHBOARD: 'on' } });
    seed = await seedDashboard(stack.deps);
    app = createLocalApp(stack.deps);
  }, 120_000);
  afterAll(() => stack.close());

  const api = async (path: string, key = seed.adminKey) =>
    (await (await app.request(path, { headers: { authorization: `Bearer ${key}` } })).json()) as Loose;

  /** Signs in through the form; answers the session cookie and the raw sign-in response. */
  async function signIn(key: string, base = ORIGIN) {
    const form = await app.request(`${base}/dashboard/sign-in`);
    const token = /hl_signin=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
    const res = await app.request(`${base}/dashboard/sign-in`, {
      method: 'POST',
      headers: {
        origin: base,
        cookie: `hl_signin=${token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token, key }).toString(),
    });
    const session = /hl_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    return { res, session };
  }

  const page = (path: string, session: string) =>
    app.request(path, { headers: { cookie: `hl_session=${session}` } });

  const formTokenOf = (html: string) => /name="token" value="([^"]+)"/.exec(html)![1]!;

  it('exchanges an API key for an HttpOnly, SameSite=Strict, short-lived session cookie (Secure over HTTPS)', async () => {
    const { res, session } = await signIn(seed.adminKey);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=3600/);
    expect(cookie).not.toMatch(/Secure/);
    expect(session).not.toContain(seed.adminKey);
    const https = await signIn(seed.adminKey, 'https://dashboard.example.gov.vn');
    expect(https.res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('refuses a wrong key with the sign-in page again (401) and no session', async () => {
    const { res, session } = await signIn('hl_not-a-real-key-at-all');
    expect(res.status).toBe(401);
    expect(session).toBeUndefined();
    expect(await res.text()).toContain('Khóa API không đúng');
  });

  it('sends a visitor without a session, or with a forged or expired one, to the sign-in page', async () => {
    expect((await app.request('/dashboard')).headers.get('location')).toBe('/dashboard/sign-in');
    const { session } = await signIn(seed.adminKey);
    const forged = session!.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    expect((await page('/dashboard', forged)).status).toBe(303);
    expect((await page('/dashboard', session!)).status).toBe(200);
    clock = new Date(DASHBOARD_NOW.getTime() + 61 * 60_000);
    try {
      expect((await page('/dashboard', session!)).headers.get('location')).toBe('/dashboard/sign-in');
    } finally {
      clock = DASHBOARD_NOW;
    }
  });

  it("refuses a revoked key's session on its next request and clears the cookie", async () => {
    const { session } = await signIn(seed.revokedKey);
    expect((await page('/dashboard', session!)).status).toBe(200);
    await revokeKey(stack.deps, seed.revokedKey);
    const res = await page('/dashboard', session!);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/dashboard/sign-in');
    expect(res.headers.get('set-cookie')).toMatch(/hl_session=;/);
  });

  it('refuses a cross-site form post (foreign Origin) and a form without its token, then signs out with it', async () => {
    const { session } = await signIn(seed.adminKey);
    const html = await (await page('/dashboard', session!)).text();
    const token = formTokenOf(html);
    const post = (origin: string, body: Record<string, string>) =>
      app.request('/dashboard/sign-out', {
        method: 'POST',
        headers: {
          origin,
          cookie: `hl_session=${session}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(body).toString(),
      });
    expect((await post('https://evil.example', { token })).status).toBe(403);
    expect((await post(ORIGIN, {})).status).toBe(403);
    expect((await post(ORIGIN, { token: 'x'.repeat(43) })).status).toBe(403);
    expect((await page('/dashboard', session!)).status).toBe(200);
    const out = await post(ORIGIN, { token });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/hl_session=;/);
  });

  it('shows the figures of /v1/scores for the key unit and the ranking of /v1/rankings', async () => {
    const { session } = await signIn(seed.adminKey);
    const html = await (await page(`/dashboard?${RANGE}`, session!)).text();
    const figure = (name: string) =>
      new RegExp(`data-figure="${name.replace('.', '\\.')}">([^<]*)<`).exec(html)?.[1];
    const q = `unit=cb&from=${PERIOD.from}&to=${PERIOD.to}`;
    const [qd766, tt01, csat] = await Promise.all(
      ['qd766', 'tt01', 'csat'].map((method) => api(`/v1/scores?${q}&method=${method}`)),
    );
    expect(figure('csat.satisfied')).toBe(formatPercent(csat!.result.satisfied.value, 'vi'));
    expect(figure('responseRate')).toBe(formatPercent(csat!.result.denominators.responseRate, 'vi'));
    expect(figure('dossiersReturned')).toBe(formatCount(csat!.result.denominators.dossiersReturned, 'vi'));
    expect(figure('tt01.total')).toBe(formatNumber(tt01!.result.total, 'vi', 1));
    // A metric's row: the points lost (its data-figure), then score / max, ratio, numerator, denominator.
    const metricCells = (code: string) => {
      const start = html.indexOf(`data-figure="qd766.${code}.lost"`);
      const row = html.slice(start, html.indexOf('</tr>', start));
      return [...row.matchAll(/<td class="n">([^<]*)<\/td>/g)].map((match) => match[1]);
    };
    const satisfaction = metricCells('DOSSIER_RECEIVING_SATISFACTION');
    expect(satisfaction[0]).toBe(
      `${formatNumber(qd766!.result.groups.satisfaction.metrics[0].score, 'vi')} / ${formatNumber(6, 'vi')}`,
    );
    expect(satisfaction[2]).toBe(formatCount(qd766!.result.groups.satisfaction.metrics[0].numerator, 'vi'));
    expect(metricCells('progress.onTime')[3]).toBe(
      formatCount(qd766!.result.groups.progress.metrics[0].denominator, 'vi'),
    );
    const ranking = await api(`/v1/rankings?parent=cb&from=${PERIOD.from}&to=${PERIOD.to}&method=qd766`);
    const rows = [...html.matchAll(/<tr data-unit="([^"]+)"><td data-rank[^>]*>(\d+|<span)/g)].map((m) => [
      m[1],
      m[2] === '<span' ? null : Number(m[2]),
    ]);
    expect(rows).toEqual(ranking.ranking.map((row: Loose) => [row.unit.id, row.rank]));
    expect(Buffer.byteLength(html)).toBeLessThanOrEqual(60 * 1024);
    // the ranking search ignores accents and case, and keeps each unit's rank
    const found = await (await page(`/dashboard?${RANGE}&find=HUYEN%20hai`, session!)).text();
    expect(
      [...found.matchAll(/<tr data-unit="([^"]+)"><td data-rank[^>]*>(\d+|<span)/g)].map((m) => [
        m[1],
        m[2] === '<span' ? null : Number(m[2]),
      ]),
    ).toEqual(
      ranking.ranking
        .filter((row: Loose) => row.unit.id === 'cb-d2')
        .map((row: Loose) => [row.unit.id, row.rank]),
    );
  });

  it('drills into a commune with its masked comments, filtered, and its open feedback cases (none here)', async () => {
    const { session } = await signIn(seed.adminKey);
    const res = await page(`/dashboard/units/cb-d1-c1?${RANGE}`, session!);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(COMMENT_MARK);
    expect(html).toContain('Không có phản ánh nào đang mở.');
    const filtered = await (await page(`/dashboard/units/cb-d1-c1?${RANGE}&overall=0`, session!)).text();
    const blocks = filtered.match(/<blockquote data-comment>.*?<\/blockquote>/g) ?? [];
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) expect(block).toMatch(/· Không hài lòng/);
    expect(blocks.length).toBeLessThan(html.match(/<blockquote data-comment>/g)!.length);
    const searched = await (
      await page(`/dashboard/units/cb-d1-c1?${RANGE}&q=t%E1%BA%ADn%20t%C3%ACnh`, session!)
    ).text();
    expect(searched).toContain(COMMENT_MARK);
  });

  it('keeps a key to its subtree: a district key cannot open a sibling district, and sees no comments without ratings:read', async () => {
    const { session } = await signIn(seed.districtKey);
    expect((await page(`/dashboard/units/cb-d2-c1?${RANGE}`, session!)).status).toBe(403);
    expect((await page(`/dashboard/units/cb?${RANGE}`, session!)).status).toBe(403);
    expect((await page(`/dashboard/units/No%20such?${RANGE}`, session!)).status).toBe(404);
    const own = await (await page(`/dashboard/units/cb-d1-c1?${RANGE}`, session!)).text();
    expect(own).not.toContain(COMMENT_MARK);
  });

  it('refuses a bad period with a 422 page naming the field', async () => {
    const { session } = await signIn(seed.adminKey);
    const res = await page('/dashboard?period=custom&from=2025-04-30&to=2025-03-01', session!);
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('to');
    expect((await page('/dashboard?from=2025-02-30', session!)).status).toBe(422);
  });

  it('renders the feedback and skills pages within 60 KB', async () => {
    const { session } = await signIn(seed.adminKey);
    for (const path of ['/dashboard/feedback', `/dashboard/skills?${RANGE}`, `/dashboard?${RANGE}&lang=en`]) {
      const res = await page(path, session!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(Buffer.byteLength(await res.text())).toBeLessThanOrEqual(60 * 1024);
    }
  });

  it('publishes /public with the ranking, cacheable, and no comment text', async () => {
    const res = await app.request(`/public?${RANGE}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('public');
    const html = await res.text();
    expect(html).not.toContain(COMMENT_MARK);
    expect(html).toContain('Huyện Một');
    const ranking = await api(`/v1/rankings?parent=cb&from=${PERIOD.from}&to=${PERIOD.to}&method=qd766`);
    expect([...html.matchAll(/data-unit="([^"]+)"/g)].map((m) => m[1])).toEqual(
      ranking.ranking.map((row: Loose) => row.unit.id),
    );
  });

  it('answers /public with 404 unless PUBLIC_DASHBOARD=on', async () => {
    const closed = await startTestStack({ now: () => DASHBOARD_NOW });
    try {
      await seedKey(closed.deps, 'cb', ['admin'], ratingUnits);
      expect((await createLocalApp(closed.deps).request('/public')).status).toBe(404);
    } finally {
      await closed.close();
    }
  });

  describe('GET /v1/reports/satisfaction.xlsx', () => {
    let bytes: Buffer;
    beforeAll(async () => {
      const res = await app.request(
        `/v1/reports/satisfaction.xlsx?unit=cb&from=${PERIOD.from}&to=${PERIOD.to}`,
        {
          headers: { authorization: `Bearer ${seed.adminKey}` },
        },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      bytes = Buffer.from(await res.arrayBuffer());
    });

    // The workbook's sheets, title block, formats and print setup: test/integration/reports-xlsx.test.ts.
    it('answers the workbook', () => {
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
    });

    it('refuses a unit outside the key scope (403) and a bad range (422)', async () => {
      const get = (query: string, key = seed.districtKey) =>
        app.request(`/v1/reports/satisfaction.xlsx?${query}`, {
          headers: { authorization: `Bearer ${key}` },
        });
      expect((await get(`unit=cb&from=${PERIOD.from}&to=${PERIOD.to}`)).status).toBe(403);
      expect((await get(`unit=cb-d1&from=${PERIOD.to}&to=${PERIOD.from}`)).status).toBe(422);
      expect((await get(`unit=cb-d1&from=${PERIOD.from}`)).status).toBe(422);
    });
  });

  describe('GET /v1/ratings?labels=vi (CSV for people)', () => {
    let text: string;
    beforeAll(async () => {
      const res = await app.request(`/v1/ratings?unit=cb&from=${PERIOD.from}&to=${PERIOD.to}&labels=vi`, {
        headers: { authorization: `Bearer ${seed.adminKey}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      text = await res.text();
    });

    it('writes Vietnamese headers, names beside codes, words for answers and local time', () => {
      const rows = csvObjects(text).map((entry) => entry.row);
      expect(rows.length).toBeGreaterThan(0);
      const row = rows.find((candidate) => candidate['Mã đơn vị'] === '="cb-d1-c1"')!;
      expect(row['Tên đơn vị']).toBe('Xã Một Một');
      expect(row['Mã thủ tục']).toBe('="2.001610"');
      expect(row['Tên thủ tục']).toBe('Đăng ký kinh doanh hộ');
      expect(['Rất hài lòng', 'Hài lòng', 'Không hài lòng']).toContain(row['Mức độ hài lòng']);
      // makeRating rates at 15:00 local on the return day
      expect(row['Thời điểm đánh giá (giờ Việt Nam)']).toMatch(/^2025-0[34]-\d{2} 15:00:00$/);
    });

    it.skipIf(!sofficePath)(
      `keeps codes as text when LibreOffice opens it ${sofficePath ? '' : `(${sofficeMissing})`}`,
      async () => {
        const sheets = await sheetsAsCsv(Buffer.from(text), 'ratings.csv');
        const shown = [...sheets.values()][0]!;
        const rows = csvObjects(shown).map((entry) => entry.row);
        expect(rows.find((row) => row['Mã đơn vị'] === 'cb-d1-c1')!['Mã thủ tục']).toBe('2.001610');
      },
      180_000,
    );
  });
});
