/**
 * `/public` cached (issue 25, DESIGN §7): a strong ETag and `Cache-Control` with `max-age` until the next
 * nightly generation (01:00 Asia/Ho_Chi_Minh + the run's 15 minutes), a 304 to a matching `If-None-Match`
 * with no DynamoDB request at all (counted by test/support/request-counter.ts), and only `lang`
 * changing the page, its ETag or its cost. On dynalite, in-process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import type { AppDeps } from '../../shared/http/deps';
import { seedDashboard } from '../support/dashboard';
import { startTestStack, type TestStack } from '../support/stack';
import { countingDeps } from '../support/request-counter';

// 10:00 in Hà Nội; the generation is 01:15 local that day (2025-05-31T18:15Z), the next one 15 h 15 min on.
const TEN_AM = new Date('2025-06-01T03:00:00Z');

describe('GET /public as a cacheable page', () => {
  let stack: TestStack;
  let clock = TEN_AM;
  let counting: ReturnType<typeof countingDeps>;
  let counted: AppDeps;

  beforeAll(async () => {
    stack = await startTestStack({ now: () => clock, env: { MIN_N: '3', PUBLIC_DASHBOARD: 'on' } });
    await seedDashboard(stack.deps);
    counting = countingDeps(stack.deps, stack.endpoint);
    counted = counting.deps;
  }, 120_000);
  afterAll(async () => {
    counting.close();
    await stack.close();
  });

  /** A new app (no unit directory, no page kept in memory), as a cold function has. */
  const freshApp = () => createLocalApp(counted);

  async function get(path: string, headers: Record<string, string> = {}, app = freshApp()) {
    counting.reset();
    const res = await app.request(path, { headers });
    return { res, body: await res.text(), requests: counting.counts.count };
  }

  it('answers 200 with a strong ETag and max-age until the next generation', async () => {
    clock = TEN_AM;
    const { res, body, requests: reads } = await get('/public');
    expect(res.status).toBe(200);
    expect(body).toContain('Huyện Một');
    expect(reads).toBeGreaterThan(0);
    expect(res.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]+"$/);
    // 2025-06-01T18:15Z - 03:00Z = 15 h 15 min = 54,900 s.
    expect(res.headers.get('cache-control')).toBe('public, max-age=54900, stale-while-revalidate=300');
  });

  it('answers a matching If-None-Match with 304 and no DynamoDB request', async () => {
    clock = TEN_AM;
    const etag = (await get('/public')).res.headers.get('etag')!;
    for (const header of [etag, `"other", ${etag}`, `W/${etag}`, '*']) {
      const { res, body, requests: reads } = await get('/public', { 'if-none-match': header });
      expect(res.status).toBe(304);
      expect(body).toBe('');
      expect(reads).toBe(0);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe('public, max-age=54900, stale-while-revalidate=300');
    }
    const other = await get('/public', { 'if-none-match': '"not-this-one"' });
    expect(other.res.status).toBe(200);
    expect(other.requests).toBeGreaterThan(0);
  });

  it('gives each language its own ETag and ignores every other query parameter', async () => {
    clock = TEN_AM;
    const vi = await get('/public');
    const en = await get('/public?lang=en');
    expect(en.res.headers.get('etag')).not.toBe(vi.res.headers.get('etag'));
    expect(en.body).not.toBe(vi.body);
    const noisy = await get('/public?lang=en&period=custom&from=2025-03-01&to=2025-04-30&utm_source=x&q=1');
    expect(noisy.res.status).toBe(200);
    expect(noisy.res.headers.get('etag')).toBe(en.res.headers.get('etag'));
    expect(noisy.body).toBe(en.body);
    expect(noisy.requests).toBe(en.requests);
    // A bad range is not even looked at.
    expect((await get('/public?from=not-a-day&to=1999-01-01')).res.headers.get('etag')).toBe(
      vi.res.headers.get('etag'),
    );
  });

  it('changes the ETag at 01:15 local time, not before, and then serves the new generation', async () => {
    clock = new Date('2025-06-01T18:14:00Z'); // 01:14 on 2 June: still the run of 1 June
    const before = await get('/public');
    expect(before.res.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300');
    clock = TEN_AM;
    expect((await get('/public')).res.headers.get('etag')).toBe(before.res.headers.get('etag'));
    clock = new Date('2025-06-01T18:15:00Z'); // 01:15 on 2 June
    const after = await get('/public', { 'if-none-match': before.res.headers.get('etag')! });
    expect(after.res.status).toBe(200);
    expect(after.res.headers.get('etag')).not.toBe(before.res.headers.get('etag'));
    expect(after.res.headers.get('cache-control')).toBe('public, max-age=86400, stale-while-revalidate=300');
  });

  it('changes the ETag with the configuration that shapes the page, never with the local demo key', async () => {
    clock = TEN_AM;
    const etagWith = async (config: Partial<AppDeps['config']>) => {
      const app = createLocalApp({ ...counted, config: { ...counted.config, ...config } });
      return (await app.request('/public', { method: 'HEAD' })).headers.get('etag');
    };
    const base = await etagWith({});
    expect(await etagWith({ MIN_N: 4 })).not.toBe(base);
    expect(await etagWith({ BUILD_ID: 'another-build' })).not.toBe(base);
    expect(await etagWith({ HAILONG_DEMO_API_KEY: 'demo-key-0123456789' })).toBe(base);
  });

  it('renders a page once per minute and language in a process, whatever the flood', async () => {
    clock = TEN_AM;
    const app = freshApp();
    const first = await get('/public', {}, app);
    const again = await Promise.all(Array.from({ length: 5 }, () => get('/public', {}, app)));
    expect(again.map((answer) => answer.requests)).toEqual([0, 0, 0, 0, 0]);
    expect(again.map((answer) => answer.body)).toEqual(Array(5).fill(first.body));
    clock = new Date(TEN_AM.getTime() + 60_000);
    expect((await get('/public', {}, app)).requests).toBeGreaterThan(0);
  });

  it('reads again at a new generation, even within the minute a page is kept', async () => {
    clock = new Date('2025-06-01T18:14:30Z'); // 01:14:30 on 2 June: still the run of 1 June
    const app = freshApp();
    const before = await get('/public', {}, app);
    expect(before.requests).toBeGreaterThan(0);
    expect((await get('/public', {}, app)).requests).toBe(0);
    clock = new Date('2025-06-01T18:15:00Z'); // 30 s later: the run of 2 June has ended
    const after = await get('/public', {}, app);
    expect(after.requests).toBeGreaterThan(0);
    expect(after.res.headers.get('etag')).not.toBe(before.res.headers.get('etag'));
    expect((await get('/public', {}, app)).requests).toBe(0);
  });

  it('keeps one page per language, whatever the query: a flood of distinct URLs reads nothing', async () => {
    clock = TEN_AM;
    const app = freshApp();
    expect((await get('/public', {}, app)).requests).toBeGreaterThan(0);
    expect((await get('/public?lang=en', {}, app)).requests).toBeGreaterThan(0);
    // 40 distinct URLs: other languages (answered in Vietnamese), other periods, cache-busting noise.
    const urls = Array.from({ length: 40 }, (_, i) =>
      i % 4 === 0
        ? `/public?lang=en&n=${i}`
        : i % 4 === 1
          ? `/public?lang=x${i}`
          : i % 4 === 2
            ? `/public?period=custom&from=2025-0${1 + (i % 5)}-01&to=2025-05-31`
            : `/public?utm_source=${i}`,
    );
    const answers = await Promise.all(urls.map((url) => get(url, {}, app)));
    expect(answers.map((answer) => answer.requests)).toEqual(Array(40).fill(0));
    expect(new Set(answers.map((answer) => answer.res.headers.get('etag'))).size).toBe(2);
  });
});
