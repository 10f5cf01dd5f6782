/**
 * Custom ranges paced (issue 25, DESIGN §6-§7), in-process on dynalite through the whole local app:
 * a custom range computes from counts, so each API key gets 30 of them a minute and each dashboard
 * session 20; past that a 429 with Retry-After and a message saying the standard periods are not
 * limited, while a standard period is still answered, another key or session is untouched, and the
 * next window is allowed again. The clock is the app's injected one: no timing.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { createApiKey } from '../../shared/storage/api-keys';
import { dashboardPage, dashboardSignIn, type Service, startService } from './support';

// 15 s into a minute: the window is [05:00:00, 05:01:00), so a refusal's Retry-After is 45 s.
const IN_WINDOW = new Date('2025-06-10T05:00:15Z');
const NEXT_WINDOW = new Date('2025-06-10T05:01:00Z');
// 2025-06-10 12:00 in Vietnam: the month to date is 2025-06-01..2025-06-10; 2025-05-03..2025-05-20
// is no standard period (neither a month, quarter or year to date nor a whole one).
const CUSTOM = 'from=2025-05-03&to=2025-05-20';
const MONTH_TO_DATE = 'from=2025-06-01&to=2025-06-10';

describe('custom-range pacing', () => {
  let service: Service;

  beforeAll(async () => {
    service = await startService(IN_WINDOW);
  });
  afterAll(() => service?.close());

  const api = (key: string, path: string, app: { request: typeof service.app.request } = service.app) =>
    app.request(`http://localhost${path}`, { headers: { authorization: `Bearer ${key}` } });

  it('allows 30 custom ranges a minute per API key, refuses the 31st with Retry-After, never a standard period', async () => {
    service.clock.now = IN_WINDOW;
    const key = `pace-a-${randomUUID()}`;
    const other = `pace-b-${randomUUID()}`;
    await createApiKey(service.stack.deps.store, key, {
      name: 'a',
      unit: 'cb',
      permissions: ['scores:read'],
    });
    await createApiKey(service.stack.deps.store, other, {
      name: 'b',
      unit: 'cb',
      permissions: ['scores:read'],
    });
    // A second app on the same table (another Lambda instance) shares the budget.
    const second = createLocalApp(service.stack.deps);
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const path =
        i % 3 === 0
          ? `/v1/scores?unit=cb&${CUSTOM}&method=csat`
          : i % 3 === 1
            ? `/v1/rankings?parent=cb&${CUSTOM}&method=csat`
            : `/v1/scores?unit=cb-d1&${CUSTOM}&method=tt01&groupBy=day`;
      statuses.push((await api(key, path, i % 2 ? second : service.app)).status);
    }
    expect(statuses).toEqual(Array(30).fill(200));

    const refused = await api(key, `/v1/scores?unit=cb&${CUSTOM}&method=csat`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45');
    const body = (await refused.json()) as { error: { code: string; vi: string; en: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.en).toContain('custom-period');
    expect(body.error.en).toContain('standard periods');
    expect(body.error.vi).toContain('kỳ chuẩn');
    // The XLSX of a custom range is counted on the same budget.
    expect((await api(key, `/v1/reports/satisfaction.xlsx?unit=cb&${CUSTOM}`)).status).toBe(429);

    // During the refusal: a standard period is answered (XLSX included), another key is untouched.
    expect((await api(key, `/v1/scores?unit=cb&${MONTH_TO_DATE}&method=csat`)).status).toBe(200);
    expect((await api(key, `/v1/rankings?parent=cb&${MONTH_TO_DATE}&method=csat`)).status).toBe(200);
    expect((await api(key, `/v1/reports/satisfaction.xlsx?unit=cb&${MONTH_TO_DATE}`)).status).toBe(200);
    expect((await api(other, `/v1/scores?unit=cb&${CUSTOM}&method=csat`)).status).toBe(200);

    // The next window allows custom ranges again.
    service.clock.now = NEXT_WINDOW;
    expect((await api(key, `/v1/scores?unit=cb&${CUSTOM}&method=csat`)).status).toBe(200);
  });

  it('allows 20 custom ranges a minute per dashboard session, one per page however many figures it reads', async () => {
    service.clock.now = IN_WINDOW;
    const { session } = await dashboardSignIn(service.app, service.adminKey);
    const { session: another } = await dashboardSignIn(service.app, service.adminKey);
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const path = i % 2 ? `/dashboard/units/cb-d1?${CUSTOM}` : `/dashboard?period=custom&${CUSTOM}`;
      statuses.push((await dashboardPage(service.app, path, session!)).status);
    }
    expect(statuses).toEqual(Array(20).fill(200));

    const refused = await dashboardPage(service.app, `/dashboard?${CUSTOM}&lang=en`, session!);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('45');
    const page = await refused.text();
    expect(page).toContain('custom-period');
    expect(page).toContain('standard periods');
    const vi = await (await dashboardPage(service.app, `/dashboard?${CUSTOM}`, session!)).text();
    expect(vi).toContain('kỳ chuẩn');
    // The dashboard's download of a custom range is on the session's budget too.
    expect(
      (await dashboardPage(service.app, `/dashboard/reports/satisfaction.xlsx?unit=cb&${CUSTOM}`, session!))
        .status,
    ).toBe(429);

    // During the refusal: the standard periods answer, another session is untouched.
    expect((await dashboardPage(service.app, '/dashboard', session!)).status).toBe(200);
    expect((await dashboardPage(service.app, '/dashboard?period=month', session!)).status).toBe(200);
    expect((await dashboardPage(service.app, '/dashboard/units/cb-d1?period=quarter', session!)).status).toBe(
      200,
    );
    expect(
      (
        await dashboardPage(
          service.app,
          `/dashboard/reports/satisfaction.xlsx?unit=cb&${MONTH_TO_DATE}`,
          session!,
        )
      ).status,
    ).toBe(200);
    expect((await dashboardPage(service.app, `/dashboard?${CUSTOM}`, another!)).status).toBe(200);

    service.clock.now = NEXT_WINDOW;
    expect((await dashboardPage(service.app, `/dashboard?${CUSTOM}`, session!)).status).toBe(200);
  });
});
