import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { createApiKey } from '../../shared/storage/api-keys';
import { dossierRid } from '../../shared/storage/dossiers';
import { getCase } from '../../shared/storage/feedback-cases';
import { saveHolidays } from '../../shared/storage/holidays';
import { forgetHolidays } from '../../shared/feedback/opening';
import { formBody, formHeaders, registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

const unhappy = { overall: '0', reason: 'slow', i3: '1', i4: '1', i7: '1' };

describe('feedback cases on dynalite: open, list, answer, judge', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let registerKey: string;
  let clock = new Date('2026-08-28T03:00:00Z'); // a Friday, 10:00 in Hanoi
  const keys: Record<string, string> = {};

  async function issue(unit: string, permissions: Parameters<typeof createApiKey>[2]['permissions']) {
    const secret = `test-${randomUUID()}`;
    await createApiKey(stack.deps.store, secret, { name: 't', unit, permissions });
    return secret;
  }
  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
  const answer = (id: string, key: string, text: string) =>
    app.request(`/v1/feedback/${id}/answer`, {
      method: 'POST',
      headers: { ...bearer(key), 'content-type': 'application/json' },
      body: JSON.stringify({ answer: text }),
    });
  const list = (key: string, query: string, headers: Record<string, string> = {}) =>
    app.request(`/v1/feedback?${query}`, { headers: { ...bearer(key), ...headers } });

  const dates = () => ({
    returnedAt: new Date(clock.getTime() - 3_600_000).toISOString(),
    receivedAt: new Date(clock.getTime() - 5 * 86_400_000).toISOString(),
    dueAt: new Date(clock.getTime() + 86_400_000).toISOString(),
  });
  async function rate(fields: Record<string, string>, overrides: Record<string, unknown> = {}) {
    const registered = await registerOne(app, registerKey, { ...dates(), ...overrides });
    const res = await app.request(registered.path, {
      method: 'POST',
      headers: formHeaders,
      body: formBody(fields),
    });
    expect(res.status).toBe(201); // the thank-you page is the POST's own answer
    return { ...registered, id: dossierRid(registered.dossier.unit, registered.dossier.code) };
  }

  beforeAll(async () => {
    // The due days below are worked with 10 working days (a setting; the default is 15 since issue 22).
    stack = await startTestStack({ now: () => clock, env: { FEEDBACK_WORKING_DAYS: '10' } });
    registerKey = await seedRating(stack.deps);
    await saveHolidays(stack.deps.store, ['2026-09-01', '2026-09-02'], clock);
    forgetHolidays();
    app = createLocalApp(stack.deps);
    keys.reader = await issue('cb', ['ratings:read']);
    keys.d1Writer = await issue('cb-d1', ['feedback:write', 'ratings:read']);
    keys.d2Writer = await issue('cb-d2', ['feedback:write']);
  });
  afterAll(() => stack.close());

  it('opens a case on "Không hài lòng" with the masked comment, due in 10 working days past a holiday', async () => {
    const { id } = await rate({ ...unhappy, comment: 'Gọi tôi 0912 345 678' });
    const stored = await getCase(stack.deps.store, id);
    expect(stored).toMatchObject({
      triggers: ['unsatisfied'],
      status: 'open',
      openedDay: '2026-08-28',
      dueDay: '2026-09-15',
      reason: 'slow',
      comment: 'Gọi tôi [SĐT]',
      unit: 'cb-d1-c1',
    });
  });

  it('opens a case on i7 = 0, on the tick, and on a dossier reported with complaint: true; not on a happy rating', async () => {
    const harassed = await rate({ overall: '1', i3: '2', i4: '2', i7: '0' });
    const ticked = await rate({ overall: '2', i3: '2', i4: '2', i7: '2', wantsAnswer: '1' });
    const happy = await rate({ overall: '2', i3: '2', i4: '2', i7: '2' });
    const complained = await registerOne(app, registerKey, { ...dates(), complaint: true });
    expect((await getCase(stack.deps.store, harassed.id))?.triggers).toEqual(['harassment']);
    expect((await getCase(stack.deps.store, ticked.id))?.triggers).toEqual(['requested']);
    expect(await getCase(stack.deps.store, happy.id)).toBeUndefined();
    const complaintId = dossierRid(complained.dossier.unit, complained.dossier.code);
    expect((await getCase(stack.deps.store, complaintId))?.triggers).toEqual(['complaint']);
  });

  it('lists the cases of the key’s subtree by status, as JSON and CSV; refuses outside the scope', async () => {
    const res = await list(keys.reader!, 'unit=cb&from=2026-08-01&to=2026-08-31&status=open');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { cases: { status: string; unit: string }[] };
    expect(body.cases.length).toBe(4);
    expect(body.cases.every((c) => c.status === 'open')).toBe(true);
    const csv = await list(keys.reader!, 'unit=cb&from=2026-08-01&to=2026-08-31', { accept: 'text/csv' });
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toContain('id,unit,dossierCode,status,triggers');
    expect(lines).toHaveLength(5);
    expect((await list(keys.d2Writer!, 'unit=cb-d2&from=2026-08-01&to=2026-08-31')).status).toBe(403);
    expect((await list(keys.d1Writer!, 'unit=cb&from=2026-08-01&to=2026-08-31')).status).toBe(403);
    expect((await list(keys.reader!, 'unit=cb&from=2026-08-01&to=2026-08-31&status=lost')).status).toBe(422);
  });

  it('lets only a feedback:write key in scope answer; masks the answer; keeps the edit history', async () => {
    const { id } = await rate(unhappy);
    expect((await answer(id, keys.reader!, 'Xin lỗi')).status).toBe(403);
    expect((await answer(id, keys.d2Writer!, 'Xin lỗi')).status).toBe(403);
    expect((await answer(id, keys.d1Writer!, '   ')).status).toBe(422);
    expect((await answer('AAAAAAAAAAAAAAAA', keys.d1Writer!, 'x')).status).toBe(404);
    expect((await getCase(stack.deps.store, id))?.answers).toEqual([]);
    const first = await answer(id, keys.d1Writer!, 'Liên hệ 0912345678 để được hỗ trợ');
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ status: 'answered', answer: 'Liên hệ [SĐT] để được hỗ trợ' });
    clock = new Date(clock.getTime() + 3_600_000);
    const edited = (await (await answer(id, keys.d1Writer!, 'Đã xử lý xong')).json()) as {
      answers: { text: string }[];
      firstAnsweredAt: string;
      answer: string;
    };
    expect(edited.answer).toBe('Đã xử lý xong');
    expect(edited.answers.map((a) => a.text)).toEqual(['Liên hệ [SĐT] để được hỗ trợ', 'Đã xử lý xong']);
    expect(edited.firstAnsweredAt).toBe(new Date(clock.getTime() - 3_600_000).toISOString());
  });

  it('shows the answer at the rating link, takes one judgement, refuses the second and any later edit', async () => {
    const { id, path } = await rate(unhappy);
    const waiting = await app.request(path);
    expect(await waiting.text()).toContain('15/09/2026');
    await answer(id, keys.d1Writer!, 'Cơ quan đã <b>khắc phục</b>');
    const page = await app.request(path);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('Cơ quan đã &lt;b&gt;khắc phục&lt;/b&gt;');
    expect(html).not.toContain('<script');
    expect(Buffer.byteLength(html)).toBeLessThan(14 * 1024);
    expect((await app.request(`${path}?lang=en`)).status).toBe(200);
    expect(await (await app.request(`${path}/feedback?lang=en`)).text()).toContain('Are you satisfied');

    const post = (fields: Record<string, string>) =>
      app.request(`${path}/feedback`, { method: 'POST', headers: formHeaders, body: formBody(fields) });
    expect((await post({ comment: 'no choice' })).status).toBe(422);
    expect((await getCase(stack.deps.store, id))?.judgement).toBeUndefined();
    const judged = await post({ satisfied: 'no', comment: 'Email a@b.vn' });
    expect(judged.status).toBe(303);
    expect(await getCase(stack.deps.store, id)).toMatchObject({
      status: 'closed',
      judgement: 'unsatisfied',
      judgementComment: 'Email [email]',
    });
    expect((await post({ satisfied: 'yes' })).status).toBe(409);
    expect((await getCase(stack.deps.store, id))?.judgement).toBe('unsatisfied');
    expect((await answer(id, keys.d1Writer!, 'Sửa lại')).status).toBe(409);
  });

  it('refuses a judgement before the unit has answered, and a second JSON judgement', async () => {
    const { id, path } = await rate(unhappy);
    const post = (body: unknown) =>
      app.request(`${path}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ satisfied: 'yes' })).status).toBe(409);
    await answer(id, keys.d1Writer!, 'OK');
    expect((await post({ satisfied: 'yes' })).status).toBe(201);
    expect((await post({ satisfied: 'no' })).status).toBe(409);
    expect((await getCase(stack.deps.store, id))?.judgement).toBe('satisfied');
  });

  it('shows an unanswered case as overdue from the day after its due day', async () => {
    clock = new Date('2026-09-16T03:00:00Z');
    const res = await list(keys.reader!, 'unit=cb&from=2026-08-01&to=2026-08-31&status=overdue');
    const body = (await res.json()) as { cases: { dueDay: string }[] };
    expect(body.cases.length).toBeGreaterThan(0);
    expect(body.cases.every((c) => c.dueDay === '2026-09-15')).toBe(true);
  });

  it('documents both operations in /openapi.json from the schemas that validate them', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string }[]; requestBody?: unknown }>>;
    };
    expect(doc.paths['/v1/feedback']!.get!.parameters!.map((p) => p.name)).toEqual(
      expect.arrayContaining(['unit', 'from', 'to', 'status', 'cursor', 'limit']),
    );
    expect(JSON.stringify(doc.paths['/v1/feedback/{id}/answer']!.post!.requestBody)).toContain(
      '"maxLength":2000',
    );
  });

  it('pages with a cursor to the end without repeats, and refuses a bad or foreign cursor with 422', async () => {
    const query = 'unit=cb&from=2026-08-01&to=2026-08-31';
    const all = ((await (await list(keys.reader!, query)).json()) as { cases: { id: string }[] }).cases;
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res = await list(keys.reader!, `${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      const body = (await res.json()) as { cases: { id: string }[]; nextCursor: string | null };
      seen.push(...body.cases.map((c) => c.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.map((c) => c.id));
    const first = (await (await list(keys.reader!, `${query}&limit=1`)).json()) as { nextCursor: string };
    expect((await list(keys.reader!, `${query}&cursor=not-a-cursor`)).status).toBe(422);
    expect(
      (await list(keys.reader!, `unit=cb&from=2026-08-02&to=2026-08-31&cursor=${first.nextCursor}`)).status,
    ).toBe(422);
  });

  it('answers bad requests with a 4xx and stores nothing', async () => {
    const { id, path } = await rate(unhappy);
    const post = (body: string, type = 'application/json') =>
      app.request(`/v1/feedback/${id}/answer`, {
        method: 'POST',
        headers: { ...bearer(keys.d1Writer!), 'content-type': type },
        body,
      });
    expect((await post('{not json')).status).toBe(400);
    expect((await post(JSON.stringify({ answer: 'x'.repeat(2001) }))).status).toBe(422);
    expect((await post(JSON.stringify({ answer: 'ok', extra: 1 }))).status).toBe(422);
    expect((await post(JSON.stringify({ answer: 'x'.repeat(20_000) }))).status).toBe(413);
    expect(
      (
        await app.request('/v1/feedback/short/answer', {
          method: 'POST',
          headers: bearer(keys.d1Writer!),
          body: '{}',
        })
      ).status,
    ).toBe(422);
    expect((await getCase(stack.deps.store, id))?.answers).toEqual([]);

    const judge = (body: string, type: string) =>
      app.request(`${path}/feedback`, { method: 'POST', headers: { 'content-type': type }, body });
    await answer(id, keys.d1Writer!, 'OK');
    expect((await judge('satisfied=yes', 'multipart/form-data; boundary=x')).status).toBe(415);
    expect(
      (await judge(formBody({ satisfied: 'yes', comment: 'x'.repeat(1001) }), formHeaders['content-type']))
        .status,
    ).toBe(422);
    expect((await judge('x'.repeat(17 * 1024), formHeaders['content-type'])).status).toBe(413);
    expect(
      (
        await app.request('/r/not-a-token/feedback', {
          method: 'POST',
          headers: formHeaders,
          body: 'satisfied=yes',
        })
      ).status,
    ).toBe(400);
    expect((await getCase(stack.deps.store, id))?.judgement).toBeUndefined();
  });

  it('takes exactly one of 20 concurrent judgements (the conditional write, not a read first)', async () => {
    const { id, path } = await rate(unhappy);
    await answer(id, keys.d1Writer!, 'Đã xử lý');
    const statuses = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const res = await app.request(`${path}/feedback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ satisfied: i % 2 ? 'yes' : 'no' }),
        });
        return res.status;
      }),
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
  });

  it('keeps showing the case (not judgeable) at an expired link until 60 days past its due day; the rating form stays closed', async () => {
    const { id, path } = await rate(unhappy);
    await answer(id, keys.d1Writer!, 'Trả lời muộn');
    const caseDue = (await getCase(stack.deps.store, id))!.dueDay;
    const { path: noCasePath } = await rate({ overall: '2', i3: '2', i4: '2', i7: '2' });
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 40 * 86_400_000); // past the 30-day link
      const page = await app.request(path);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Trả lời muộn');
      // An expired link shows the answer and takes no judgement (DESIGN §4.4): no form, and a post is 410.
      expect(html).not.toContain('<form');
      expect(html).toContain('không thể đánh giá nữa');
      const judged = await app.request(`${path}/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ satisfied: 'yes' }),
      });
      expect(judged.status).toBe(410);
      expect((await getCase(stack.deps.store, id))!.judgement).toBeUndefined();
      // A link without a case expires as before.
      expect((await app.request(noCasePath)).status).toBe(410);
      clock = new Date(Date.parse(`${caseDue}T12:00:00Z`) + 61 * 86_400_000);
      expect((await app.request(path)).status).toBe(410);
      expect((await app.request(`${path}/feedback`)).status).toBe(410);
    } finally {
      clock = saved;
    }
  });

  it('refuses an altered link even when it has a case (400, not 410)', async () => {
    const { path } = await rate(unhappy);
    const token = path.slice(3);
    const altered = `/r/${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await app.request(altered)).status).toBe(400);
    expect((await app.request(`${altered}/feedback`)).status).toBe(400);
  });
});
