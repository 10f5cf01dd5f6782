/**
 * Dashboard sign-in and sessions under attack (issue 21 item 3), in-process on dynalite: a flood of
 * wrong keys is answered 429 with Retry-After once past its budget, counted in the table (a second app
 * on the same table — another Lambda instance — sees the same budget), while a right key still signs
 * in; sign-out ends the session on the server, so a copied cookie stops working; signed-in pages are
 * never cached.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { SIGN_IN_GLOBAL_LIMIT, SIGN_IN_PREFIX_LIMIT } from '../../shared/storage/limits';
import { dashboardPage, dashboardSignIn, type Service, startService } from './support';

const wrongKey = () => `hl_${randomBytes(24).toString('base64url')}`;

describe('dashboard sign-in and sessions', () => {
  let service: Service;

  beforeAll(async () => {
    service = await startService();
  });
  afterAll(() => service?.close());

  it('sends Cache-Control: no-store with every dashboard page, signed in or not', async () => {
    const { session } = await dashboardSignIn(service.app, service.adminKey);
    for (const path of ['/dashboard', '/dashboard/feedback', '/dashboard/units/cb-d1', '/dashboard/skills']) {
      const res = await dashboardPage(service.app, path, session!);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-store');
    }
    expect(
      (await service.app.request('http://localhost/dashboard/sign-in')).headers.get('cache-control'),
    ).toBe('no-store');
  });

  it('ends the session on the server at sign-out: a copied cookie no longer opens a page', async () => {
    const { session } = await dashboardSignIn(service.app, service.adminKey);
    const copied = session!;
    const html = await (await dashboardPage(service.app, '/dashboard', copied)).text();
    const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
    const out = await service.app.request('http://localhost/dashboard/sign-out', {
      method: 'POST',
      headers: {
        origin: 'http://localhost',
        cookie: `hl_session=${session}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(out.status).toBe(303);
    const again = await dashboardPage(service.app, '/dashboard', copied);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe('/dashboard/sign-in');
    // Another session of the same key is not touched.
    const other = await dashboardSignIn(service.app, service.adminKey);
    expect((await dashboardPage(service.app, '/dashboard', other.session!)).status).toBe(200);
  });

  it('answers 429 with Retry-After to a guesser working on one key beginning, and lets the right key in', async () => {
    const stem = 'hl_Guess';
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_PREFIX_LIMIT.limit + 3; i++)
      statuses.push(
        (await dashboardSignIn(service.app, `${stem}${randomBytes(20).toString('base64url')}`)).res.status,
      );
    expect(statuses.slice(0, SIGN_IN_PREFIX_LIMIT.limit)).toEqual(
      Array(SIGN_IN_PREFIX_LIMIT.limit).fill(401),
    );
    expect(statuses.slice(SIGN_IN_PREFIX_LIMIT.limit)).toEqual([429, 429, 429]);
    const right = await dashboardSignIn(service.app, service.adminKey);
    expect(right.res.status).toBe(303);
    expect(right.session).toBeDefined();
  });

  it('answers a flood of wrong keys 429 past the budget, on every instance, and never refuses the right key', async () => {
    // A second app on the same table: another Lambda instance.
    const other = createLocalApp(service.stack.deps);
    const apps = [service.app, other];
    const statuses: number[] = [];
    let rightDuringAttack: number | undefined;
    for (let i = 0; i < SIGN_IN_GLOBAL_LIMIT.limit + 20; i++) {
      const { res } = await dashboardSignIn(apps[i % 2]!, wrongKey());
      statuses.push(res.status);
      if (res.status === 429) {
        const retry = Number(res.headers.get('retry-after'));
        expect(retry).toBeGreaterThan(0);
        expect(retry).toBeLessThanOrEqual(SIGN_IN_GLOBAL_LIMIT.windowSeconds);
      }
      if (i === SIGN_IN_GLOBAL_LIMIT.limit + 10) {
        const right = await dashboardSignIn(apps[(i + 1) % 2]!, service.adminKey);
        rightDuringAttack = right.res.status;
        expect((await dashboardPage(other, '/dashboard', right.session!)).status).toBe(200);
      }
    }
    // The earlier test's wrong keys count in the same window.
    const refused = statuses.filter((status) => status === 429).length;
    expect(refused).toBeGreaterThanOrEqual(20);
    expect(statuses.every((status) => status === 401 || status === 429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    expect(rightDuringAttack).toBe(303);
  });

  it('answers a form body that does not parse as its content type with 400, not 500', async () => {
    const form = await service.app.request('http://localhost/dashboard/sign-in');
    const token = /hl_signin=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
    const res = await service.app.request('http://localhost/dashboard/sign-in', {
      method: 'POST',
      headers: {
        origin: 'http://localhost',
        cookie: `hl_signin=${token}`,
        'content-type': 'multipart/form-data; boundary=x',
      },
      body: `token=${token}&key=${service.adminKey}`,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Không đọc được nội dung biểu mẫu');
  });

  it('opens the budget again in the next window', async () => {
    service.clock.now = new Date(service.clock.now.getTime() + SIGN_IN_GLOBAL_LIMIT.windowSeconds * 1000);
    expect((await dashboardSignIn(service.app, wrongKey())).res.status).toBe(401);
  });
});
