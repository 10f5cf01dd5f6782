/**
 * Issue #20: the five doors through which a figure answered `final: true` moved (or a request answered
 * 500), each through the real routes on dynalite, each failing on the code before the final rule moved
 * into the one write path (shared/storage/final-periods.ts).
 *
 * Worked by hand (LINK_TTL_DAYS 30, commune cb-d1-c1, August 2026): A and B received, returned and
 * rated on Monday 3 August; A "Không hài lòng" opens a case (not answered), B asks for an answer,
 * answered on 4 August. Their links expire on 2 September. August's last link day is 31 August
 * (returned in August, cases judgeable in August), so August closes at 00:00 on 1 October (31 August
 * + 30 + 1) and is final once the nights of 1 August to 30 September are aggregated.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregateHandler } from '../../functions/aggregate/handler';
import { createLocalApp } from '../../local/app';
import { forgetHolidays } from '../../shared/feedback/opening';
import { createApiKey } from '../../shared/storage/api-keys';
import { dossierRid } from '../../shared/storage/dossiers';
import { getCase, judgeCase } from '../../shared/storage/feedback-cases';
import { postDossiers, registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

const AUGUST = 'from=2026-08-01&to=2026-08-31';

describe('the final rule at every door (issue #20)', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;
  let clock = new Date('2026-08-03T03:00:00Z'); // Monday, 10:00 in Hanoi
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const bearer = () => ({ authorization: `Bearer ${key}` });
  const json = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const nights = async (from: string, to: string) => {
    const handler = createAggregateHandler({
      store: stack.deps.store,
      now: () => clock,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'hailong-test' }),
    });
    await handler({ from, to }, {} as Context);
  };
  const scores = async (method = 'qd766', unit = 'cb-d1-c1') => {
    const res = await app.request(`/v1/scores?unit=${unit}&${AUGUST}&method=${method}`, {
      headers: bearer(),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Loose;
  };
  const ranking = async () => {
    const res = await app.request(`/v1/rankings?parent=cb-d1&${AUGUST}&method=qd766`, { headers: bearer() });
    expect(res.status).toBe(200);
    return (await res.json()) as Loose;
  };

  async function signIn(): Promise<string> {
    const form = await app.request('http://localhost/dashboard/sign-in');
    const token = /hl_signin=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
    const res = await app.request('http://localhost/dashboard/sign-in', {
      method: 'POST',
      headers: {
        origin: 'http://localhost',
        cookie: `hl_signin=${token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token, key }).toString(),
    });
    return /hl_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')![1]!;
  }
  async function dashboardAnswer(id: string, text: string) {
    const session = await signIn();
    const page = await app.request('http://localhost/dashboard/feedback', {
      headers: { cookie: `hl_session=${session}` },
    });
    const formToken = /name="token" value="([^"]+)"/.exec(await page.text())![1]!;
    return app.request(`http://localhost/dashboard/feedback/${id}/answer`, {
      method: 'POST',
      headers: {
        origin: 'http://localhost',
        cookie: `hl_session=${session}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: formToken, answer: text }).toString(),
    });
  }

  beforeAll(async () => {
    stack = await startTestStack({ now: () => clock, env: { MIN_N: '1', LINK_TTL_DAYS: '30' } });
    await seedRating(stack.deps, 'cb');
    forgetHolidays();
    key = `final-doors-${randomUUID()}`;
    await createApiKey(stack.deps.store, key, {
      name: 'one-stop + unit staff + reader',
      unit: 'cb',
      permissions: ['dossiers:write', 'scores:read', 'feedback:write'],
    });
    app = createLocalApp(stack.deps);
    const dates = {
      receivedAt: new Date(clock.getTime() - 2 * 3_600_000).toISOString(),
      returnedAt: new Date(clock.getTime() - 3_600_000).toISOString(),
      dueAt: new Date(clock.getTime() + 2 * 86_400_000).toISOString(),
    };
    for (const name of ['A', 'B']) {
      const registered = await registerOne(app, key, dates);
      tokens[name] = registered.path;
      ids[name] = dossierRid(registered.dossier.unit, registered.dossier.code);
    }
    expect((await json(tokens.A!, { overall: 0, i3: 2, i4: 2, i7: 2, reason: 'slow' })).status).toBe(201);
    expect((await json(tokens.B!, { overall: 2, i3: 2, i4: 2, i7: 2, wantsAnswer: true })).status).toBe(201);
    clock = new Date('2026-08-04T03:00:00Z');
    const answered = await json(`/v1/feedback/${ids.B}/answer`, { answer: 'Đã xử lý.' }, bearer());
    expect(answered.status).toBe(200);
  }, 120_000);
  afterAll(() => stack.close());

  it('door 5: is not final before every night that can change it is aggregated, then final', async () => {
    await nights('2026-08-01', '2026-08-10');
    clock = new Date('2026-10-05T03:00:00Z');
    // Closed by the clock and its counts (the old rule said final here), but September's nights are not run.
    expect((await scores()).final).toBe(false);
    expect((await scores('tt01')).final).toBe(false);
    expect((await ranking()).final).toBe(false);
    // A night that failed (its record left `running`) keeps it open as a missing one does.
    await nights('2026-08-11', '2026-09-30');
    expect((await scores()).final).toBe(true);
    expect((await scores('tt01')).final).toBe(true);
    expect((await ranking()).final).toBe(true);
    expect((await scores()).result.dossiers).toMatchObject({ received: 2 });
  }, 120_000);

  it('door 1: refuses (409) the dashboard answer to a case of a final month, storing nothing', async () => {
    const before = await scores();
    const res = await dashboardAnswer(ids.A!, 'Trả lời sau khi chốt số liệu.');
    expect(res.status).toBe(409);
    const text = await res.text();
    expect(text).toContain('2026-08-03');
    expect((await getCase(stack.deps.store, ids.A!))?.answers).toEqual([]);
    // The API's door too, and the figures after a rerun of the night are the same.
    const api = await json(`/v1/feedback/${ids.A}/answer`, { answer: 'Quá muộn.' }, bearer());
    expect(api.status).toBe(409);
    expect(((await api.json()) as Loose).error.en).toContain('the figures of 2026-08-03 are final');
    await nights('2026-10-05', '2026-10-05');
    expect(await scores()).toEqual(before);
  });

  it('door 2: an expired link shows the answer, takes no judgement (410), and the write refuses one (409)', async () => {
    const before = await scores();
    const page = await app.request(`${tokens.B}/feedback?lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Đã xử lý.');
    expect(html).not.toContain('<form');
    expect(html).toContain('This link has expired');
    const res = await json(`${tokens.B}/feedback`, { satisfied: 'yes' });
    expect(res.status).toBe(410);
    // Past the route, the storage write keeps the rule itself.
    await expect(
      judgeCase(
        stack.deps.store,
        ids.B!,
        { judgement: 'satisfied', at: clock.toISOString() },
        { now: clock, linkTtlDays: 30 },
      ),
    ).rejects.toMatchObject({ status: 409 });
    expect((await getCase(stack.deps.store, ids.B!))?.judgement).toBeUndefined();
    await nights('2026-10-05', '2026-10-05');
    expect(await scores()).toEqual(before);
  });

  it('door 3: refuses (409) a new dossier received in a final month, not returned or withdrawn', async () => {
    const before = await scores();
    const base = {
      unit: 'cb-d1-c1',
      procedure: '1.001193',
      applicantType: 'citizen',
      channel: 'counter',
      receivedAt: '2026-08-05T02:00:00.000Z',
      dueAt: '2026-08-20T10:00:00.000Z',
      updatedAt: '2026-10-05T02:00:00.000Z',
    };
    for (const extra of [{}, { withdrawn: true }]) {
      const code = `LATE-${randomUUID().slice(0, 8)}`;
      const res = await postDossiers(app, key, { ...base, ...extra, code });
      expect(res.status).toBe(409);
      const body = (await res.json()) as Loose;
      expect(body.error.en).toContain('the figures of 2026-08-05 are final');
      expect(body.error.vi).toContain('2026-08-05 đã chốt');
      const item = await stack.deps.store.db.send(
        new GetCommand({
          TableName: stack.deps.store.tableName,
          Key: { pk: `DOSSIER#${dossierRid('cb-d1-c1', code)}`, sk: 'DOSSIER' },
        }),
      );
      expect(item.Item).toBeUndefined();
    }
    await nights('2026-10-05', '2026-10-05');
    expect(await scores()).toEqual(before);
  });

  it('door 4: the return of a dossier stored in progress never answers 5xx (409 into a final day, else stored)', async () => {
    // Received in August in another commune while August was open; still open, so its August stays open.
    const open = {
      code: `OPEN-${randomUUID().slice(0, 8)}`,
      unit: 'cb-d1-c2',
      procedure: '1.001193',
      applicantType: 'citizen',
      channel: 'counter',
      receivedAt: '2026-08-20T02:00:00.000Z',
      dueAt: '2026-09-30T10:00:00.000Z',
    };
    const started = clock;
    clock = new Date('2026-08-20T03:00:00Z');
    try {
      expect((await postDossiers(app, key, { ...open, updatedAt: '2026-08-20T02:00:00.000Z' })).status).toBe(
        201,
      );
    } finally {
      clock = started;
    }
    await nights('2026-08-20', '2026-08-20');
    // Returned on 25 August, reported on 5 October: that day's figures are final.
    const late = await postDossiers(app, key, {
      ...open,
      returnedAt: '2026-08-25T03:00:00.000Z',
      updatedAt: '2026-10-05T02:00:00.000Z',
    });
    expect(late.status).toBe(409);
    expect(((await late.json()) as Loose).error.en).toContain('the figures of 2026-08-25 are final');
    // Returned today: stored, with its rating link.
    const today = await postDossiers(app, key, {
      ...open,
      returnedAt: '2026-10-05T02:30:00.000Z',
      updatedAt: '2026-10-05T02:31:00.000Z',
    });
    expect(today.status).toBe(200);
    expect(((await today.json()) as Loose).dossiers[0].linkExpiresAt).toBe('2026-11-04T02:30:00.000Z');
  });

  it('refuses (422) a dueAt before receivedAt, naming both fields', async () => {
    const res = await postDossiers(app, key, {
      code: `DUE-${randomUUID().slice(0, 8)}`,
      unit: 'cb-d1-c1',
      procedure: '1.001193',
      applicantType: 'citizen',
      channel: 'counter',
      receivedAt: '2026-10-05T02:00:00.000Z',
      dueAt: '2026-10-04T02:00:00.000Z',
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as Loose;
    expect(body.error.fields).toEqual([expect.objectContaining({ field: 'dueAt' })]);
    expect(body.error.fields[0].en).toContain('receivedAt');
  });

  it('answers a malformed or 2,100-character case id with 404 "no such case", on the API and the dashboard', async () => {
    for (const id of ['x'.repeat(2_100), 'not-a-case', `${ids.A!.slice(0, 15)}*`]) {
      const api = await json(`/v1/feedback/${encodeURIComponent(id)}/answer`, { answer: 'x' }, bearer());
      expect(api.status, id.slice(0, 20)).toBe(404);
      expect(((await api.json()) as Loose).error.en).toBe('No such feedback case.');
      const page = await dashboardAnswer(encodeURIComponent(id), 'x');
      expect(page.status, id.slice(0, 20)).toBe(404);
    }
  });
});
