/**
 * The whole loop through the real routes, on dynalite: the one-stop system registers dossiers with
 * POST /v1/dossiers, citizens rate with POST /r/{token}, the aggregate handler runs for the day, and
 * GET /v1/scores answers the hand-worked figures below.
 *
 * Four dossiers of commune cb-d1-c1, returned today:
 *   A early,   rated overall 2 (i3 2, i4 2, i7 2)
 *   B on time, rated overall 0 ("Không hài lòng", reason slow) (i3 1, i4 1, i7 1)
 *   C late,    rated overall 1 (i3 0, i4 1, i7 2)
 *   D early,   complained about, not rated
 * Decision 766/QĐ-TTg (5.4): unsatisfied = rated 0 ∪ complained ∪ late = {B, D, C} → rate 1/4 = 25%,
 *   below 90% → score 0.25 × 6 / 0.9 = 1.67; timeliness 20 × (early or on time 3) / 4 = 15.
 * Circular 01/2018/TT-VPCP art. 15: i1 over every dossier (2+1+0+2)/4 = 1.25 → 1.3 (one decimal);
 *   i3 (2+1+0)/3 = 1.0; i4 (2+1+1)/3 = 1.33 → 1.3; i7 (2+1+2)/3 = 1.67 → 1.7; total 5.3 of 8 →
 *   5.3 × 18 / 8 = 11.925 → 11.9 points, grade Khá (9–<12).
 * CSAT: 2 of 3 ratings "Rất hài lòng" or "Hài lòng" → 0.6667; mean overall (2+0+1)/3 = 1.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregateHandler } from '../../functions/aggregate/handler';
import { createLocalApp } from '../../local/app';
import { createApiKey } from '../../shared/storage/api-keys';
import { addDays, localDay } from '../../shared/time';
import { dossierInput, postDossiers, type RegisteredDossier, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

describe('register → rate → nightly job → scores, through the real routes', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;
  const now = new Date();
  const returnedAt = new Date(now.getTime() - 60_000);
  const day = localDay(returnedAt);
  const at = (days: number) => new Date(returnedAt.getTime() + days * 86_400_000).toISOString();

  const scores = async (method: string) => {
    const res = await app.request(
      `/v1/scores?unit=cb-d1-c1&from=${addDays(day, -1)}&to=${addDays(day, 1)}&method=${method}`,
      { headers: { authorization: `Bearer ${key}` } },
    );
    expect(res.status).toBe(200);
    return ((await res.json()) as { result: Loose }).result;
  };

  beforeAll(async () => {
    stack = await startTestStack({ env: { MIN_N: '3' } });
    await seedRating(stack.deps, 'cb'); // units and procedures
    key = `index-loop-key-${randomUUID()}`;
    await createApiKey(stack.deps.store, key, {
      name: 'one-stop + reader',
      unit: 'cb',
      permissions: ['dossiers:write', 'scores:read'],
    });
    app = createLocalApp(stack.deps);
    const base = { unit: 'cb-d1-c1', returnedAt: returnedAt.toISOString(), receivedAt: at(-5) };
    const registered = await postDossiers(app, key, {
      dossiers: [
        dossierInput({ ...base, code: 'A-0001', dueAt: at(2) }),
        dossierInput({ ...base, code: 'B-0002', dueAt: returnedAt.toISOString() }),
        dossierInput({ ...base, code: 'C-0003', dueAt: at(-2) }),
        dossierInput({ ...base, code: 'D-0004', dueAt: at(2), complaint: true }),
      ],
    });
    expect(registered.status).toBe(201);
    const { dossiers } = (await registered.json()) as { dossiers: RegisteredDossier[] };
    const rate = async (code: string, answers: Record<string, unknown>) => {
      const link = new URL(dossiers.find((dossier) => dossier.code === code)!.ratingUrl);
      const res = await app.request(link.pathname, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(answers),
      });
      expect(res.status).toBe(201);
    };
    await rate('A-0001', { overall: 2, i3: 2, i4: 2, i7: 2 });
    await rate('B-0002', { overall: 0, i3: 1, i4: 1, i7: 1, reason: 'slow' });
    await rate('C-0003', { overall: 1, i3: 0, i4: 1, i7: 2 });
    const handler = createAggregateHandler({
      store: stack.deps.store,
      now: () => now,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'hailong-test' }),
    });
    // The nightly run for the day the dossiers and ratings arrived.
    await handler({ date: localDay(now) }, {} as Context);
  });
  afterAll(() => stack.close());

  it('answers Decision 766 with its denominators, and says received-day figures are not aggregated yet instead of substituting return-day ones', async () => {
    const result = await scores('qd766');
    expect(result.denominators).toEqual({ dossiersReturned: 4, ratingsReceived: 3, responseRate: 0.75 });
    expect(result.groups.progress.score).toBeNull();
    expect(result.groups.satisfaction.metrics[0]).toMatchObject({
      code: 'DOSSIER_RECEIVING_SATISFACTION',
      numerator: null,
      score: null,
    });
    expect(result.groups.progress.metrics[0].note.en).toContain('not aggregated yet');
    expect(result.integrity.responseRate).toBe(0.75);
  });

  it('answers the Circular 01/2018 indicators it has data for, a plain provisional total, and names the missing ones', async () => {
    const result = await scores('tt01');
    // i1 = (2 + 1 + 1 + 1) / 4 = 1.25; i3 = 3/3; i4 = 4/3; i7 = 5/3
    expect(result.indicators.i1.score).toBe(1.25);
    expect(result.indicators.i3.score).toBe(1);
    expect(result.indicators.i4.score).toBe(1.33);
    expect(result.indicators.i7.score).toBe(1.67);
    // i8: two feedback cases opened (B's "Không hài lòng", D's complaint), neither answered → 0 each
    expect(result.indicators.i8).toMatchObject({ score: 0, n: 2, distribution: { 2: 0, 1: 0, 0: 2 } });
    expect(result.total).toBe(5.25);
    expect(result.provisional).toBe(true);
    expect(result.missing.map((entry: { indicator: string }) => entry.indicator)).toEqual([
      'i2',
      'i5',
      'i6',
      'i9',
    ]);
    expect(result.grade).toEqual({ vi: 'Yếu', en: 'Poor', provisional: true });
    // 5.25 × 18 / 10 = 9.45, only as a labelled estimate
    expect(result.estimate.points).toBe(9.45);
  });

  it('answers CSAT over the ratings received', async () => {
    const result = await scores('csat');
    expect(result.satisfied).toMatchObject({ successes: 2, n: 3 });
    expect(result.satisfied.value).toBeCloseTo(2 / 3, 4);
    expect(result.meanOverall).toBe(1);
  });

  it('rolls the commune up into its district and province', async () => {
    for (const unit of ['cb-d1', 'cb']) {
      const res = await app.request(
        `/v1/scores?unit=${unit}&from=${addDays(day, -1)}&to=${addDays(day, 1)}&method=qd766`,
        { headers: { authorization: `Bearer ${key}` } },
      );
      const body = (await res.json()) as { result: Loose };
      expect(body.result.denominators.dossiersReturned).toBe(4);
      expect(body.result.integrity.responseRate).toBe(0.75);
    }
  });
});
