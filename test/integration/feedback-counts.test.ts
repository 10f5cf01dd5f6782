/**
 * Feedback cases in the official figures (issue #11), through the real routes on dynalite: cases
 * opened by each trigger, answered on time and late, judged at the rating link; the nightly job of
 * the days they happened on; then Decision 766's satisfaction group and tt01 i8 from the counts.
 *
 * Worked by hand (all four dossiers received, returned and rated on Monday 2026-08-03, due 2 days
 * later, so all on time; cases due 10 working days after opening: 2026-08-17):
 *   A rated "Không hài lòng" → case, answered 08-03 (on time), judged satisfied
 *   B rated i7 = 0 (overall 1) → case, answered 08-03 (on time), judged unsatisfied
 *   C rated 2 with "I want an answer" → case, answered 09-01 (late)
 *   D reported with complaint: true, rated 2 → case, never answered
 * qd766 (period 2026-08): cases opened 4; answered on time 2 → 50% → 6 × 0.5 = 3.00;
 *   satisfied 1 → 25% → 1.50; dossier satisfaction: on time and neither rated 0 nor complained
 *   about: B, C → 2 of 4 = 50% → 50 × 6 ÷ 90 = 3.33; group 3.33 + 3.00 + 1.50 = 7.83 of 18.
 * tt01 i8 (art. 13 h, per case: on time 2, late 1, not answered 0): (2 + 2 + 1 + 0) ÷ 4 = 1.25.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregateHandler } from '../../functions/aggregate/handler';
import { createLocalApp } from '../../local/app';
import { forgetHolidays } from '../../shared/feedback/opening';
import { createApiKey } from '../../shared/storage/api-keys';
import { dossierRid } from '../../shared/storage/dossiers';
import { getCase } from '../../shared/storage/feedback-cases';
import { localDay } from '../../shared/time';
import { registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

describe('feedback cases in the nightly counts: qd766 satisfaction group and tt01 i8', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;
  let clock = new Date('2026-08-03T03:00:00Z'); // Monday, 10:00 in Hanoi
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const bearer = () => ({ authorization: `Bearer ${key}` });
  const answer = (id: string, text: string) =>
    app.request(`/v1/feedback/${id}/answer`, {
      method: 'POST',
      headers: { ...bearer(), 'content-type': 'application/json' },
      body: JSON.stringify({ answer: text }),
    });
  const json = (path: string, body: unknown) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
    });
  const nightly = async (day: string) => {
    const handler = createAggregateHandler({
      store: stack.deps.store,
      now: () => clock,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'hailong-test' }),
    });
    await handler({ date: day }, {} as Context);
  };
  const scores = async (method: string) => {
    const res = await app.request(`/v1/scores?unit=cb-d1-c1&from=2026-08-01&to=2026-08-31&method=${method}`, {
      headers: bearer(),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { result: Loose; final: boolean };
  };

  beforeAll(async () => {
    // The due days below are worked with 10 working days (a setting; the default is 15 since issue 22).
    stack = await startTestStack({ now: () => clock, env: { MIN_N: '1', FEEDBACK_WORKING_DAYS: '10' } });
    await seedRating(stack.deps, 'cb');
    forgetHolidays();
    key = `feedback-counts-${randomUUID()}`;
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
    for (const [name, extra] of [
      ['A', {}],
      ['B', {}],
      ['C', {}],
      ['D', { complaint: true }],
    ] as const) {
      const registered = await registerOne(app, key, { ...dates, ...extra });
      tokens[name] = registered.path;
      ids[name] = dossierRid(registered.dossier.unit, registered.dossier.code);
    }
    const rate = async (name: string, answers: Record<string, unknown>) =>
      expect((await json(tokens[name]!, answers)).status).toBe(201);
    await rate('A', { overall: 0, i3: 2, i4: 2, i7: 2, reason: 'slow' });
    await rate('B', { overall: 1, i3: 2, i4: 2, i7: 0 });
    await rate('C', { overall: 2, i3: 2, i4: 2, i7: 2, wantsAnswer: true });
    await rate('D', { overall: 2, i3: 2, i4: 2, i7: 2 });
    clock = new Date('2026-08-03T08:00:00Z');
    expect((await answer(ids.A!, 'Chúng tôi xin lỗi và đã xử lý.')).status).toBe(200);
    expect((await answer(ids.B!, 'Cán bộ đã được nhắc nhở.')).status).toBe(200);
    expect((await json(`${tokens.A}/feedback`, { satisfied: 'yes' })).status).toBe(201);
    expect((await json(`${tokens.B}/feedback`, { satisfied: 'no' })).status).toBe(201);
    await nightly('2026-08-03');
    clock = new Date('2026-09-01T03:00:00Z');
    expect((await answer(ids.C!, 'Trả lời muộn.')).status).toBe(200);
    await nightly('2026-09-01');
  });
  afterAll(() => stack.close());

  it('opens the four cases by their triggers, due 10 working days later', async () => {
    for (const name of ['A', 'B', 'C', 'D']) {
      expect(await getCase(stack.deps.store, ids[name]!), name).toMatchObject({
        openedDay: '2026-08-03',
        dueDay: '2026-08-17',
      });
    }
    expect((await getCase(stack.deps.store, ids.D!))?.triggers).toEqual(['complaint']);
  });

  it('shows the whole 18-point group from the counts: 3.33 + 3.00 + 1.50 = 7.83', async () => {
    const { result, final } = await scores('qd766');
    const [dossier, onTime, handling] = result.groups.satisfaction.metrics;
    expect(dossier).toMatchObject({ numerator: 2, denominator: 4, ratio: 50, score: 3.33 });
    expect(onTime).toMatchObject({
      code: 'PETITION_PROCESSING_ON_TIME',
      numerator: 2,
      denominator: 4,
      ratio: 50,
      score: 3,
      maxScore: 6,
    });
    expect(handling).toMatchObject({
      code: 'PETITION_HANDLING_SATISFACTION',
      numerator: 1,
      denominator: 4,
      ratio: 25,
      score: 1.5,
      maxScore: 6,
    });
    expect(result.groups.satisfaction).toMatchObject({ score: 7.83, maxScore: 18, missing: [] });
    // Two cases not judged, links open: not final.
    expect(final).toBe(false);
  });

  it('scores tt01 i8 from the cases: (2 + 2 + 1 + 0) ÷ 4 = 1.25', async () => {
    const { result } = await scores('tt01');
    expect(result.indicators.i8).toMatchObject({ score: 1.25, n: 4, distribution: { 2: 2, 1: 1, 0: 1 } });
  });

  it('refuses (409, nothing stored) the first answer to a case once its figures are final (link expired)', async () => {
    clock = new Date('2027-01-15T03:00:00Z');
    const res = await answer(ids.D!, 'Quá muộn.');
    expect(res.status).toBe(409);
    const body = (await res.json()) as Loose;
    expect(JSON.stringify(body)).toContain('2026-08-03');
    const stored = await getCase(stack.deps.store, ids.D!);
    expect(stored?.answers).toEqual([]);
    expect(stored?.status).toBe('open');
    expect(localDay(clock)).toBe('2027-01-15');
  });
});
