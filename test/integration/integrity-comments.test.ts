/**
 * Integrity, repeated identical comments (DESIGN §4.2; issue #10 leftovers), through the real routes
 * on dynalite: the rating's one UpdateItem stores its comment's fingerprint, gsi3 projects it, and the
 * nightly job counts, per unit and arrival day, every commented rating and those whose normalised
 * comment another rating of the unit gave that day.
 *
 * By hand: four ratings of cb-d1-c1 on 2026-08-03 with comments "Rất tốt, cảm ơn", "  rất TỐT,   cảm
 * ơn " (the same once normalised), "Chậm quá" and "" (blank: not a comment); one of cb-d1-c2 with
 * "Rất tốt, cảm ơn" (another unit: no repeat). cb-d1-c1: commented 3, repeated 2 → 2 of 3.
 */
import { randomUUID } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregateHandler } from '../../functions/aggregate/handler';
import { createLocalApp } from '../../local/app';
import { commentHash } from '../../shared/indexes/comment-hash';
import { createApiKey } from '../../shared/storage/api-keys';
import { registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

describe('the fingerprint of a comment', () => {
  it('is the same for the same words in another case, width or spacing; none for a blank comment', () => {
    expect(commentHash('Rất tốt, cảm ơn')).toMatch(/^[0-9a-f]{12}$/);
    expect(commentHash('  rất TỐT,   cảm\nơn ')).toBe(commentHash('Rất tốt, cảm ơn'));
    // NFKC: a full-width letter is its ASCII twin
    expect(commentHash('ｏｋ')).toBe(commentHash('ok'));
    expect(commentHash('Rất tốt, cảm ơn!')).not.toBe(commentHash('Rất tốt, cảm ơn'));
    expect(commentHash('   ')).toBeUndefined();
    expect(commentHash(undefined)).toBeUndefined();
  });
});

describe('repeated comments counted by the nightly job', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;
  const clock = new Date('2026-08-03T03:00:00Z');

  const integrity = async (unit: string) => {
    const res = await app.request(`/v1/scores?unit=${unit}&from=2026-08-01&to=2026-08-31&method=csat`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { result: Loose }).result.integrity as Loose;
  };

  beforeAll(async () => {
    stack = await startTestStack({ now: () => clock, env: { MIN_N: '1' } });
    await seedRating(stack.deps, 'cb');
    key = `integrity-${randomUUID()}`;
    await createApiKey(stack.deps.store, key, {
      name: 'one-stop + reader',
      unit: 'cb',
      permissions: ['dossiers:write', 'scores:read'],
    });
    app = createLocalApp(stack.deps);
    const dates = {
      receivedAt: new Date(clock.getTime() - 2 * 86_400_000).toISOString(),
      returnedAt: new Date(clock.getTime() - 86_400_000).toISOString(),
      dueAt: new Date(clock.getTime() + 86_400_000).toISOString(),
    };
    for (const [unit, comment] of [
      ['cb-d1-c1', 'Rất tốt, cảm ơn'],
      ['cb-d1-c1', '  rất TỐT,   cảm ơn '],
      ['cb-d1-c1', 'Chậm quá'],
      ['cb-d1-c1', ''],
      ['cb-d1-c2', 'Rất tốt, cảm ơn'],
    ] as const) {
      const { path } = await registerOne(app, key, { ...dates, unit });
      const res = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ overall: 1, i3: 1, i4: 1, i7: 1, ...(comment ? { comment } : {}) }),
      });
      expect(res.status).toBe(201);
    }
    const handler = createAggregateHandler({
      store: stack.deps.store,
      now: () => clock,
      logger: new Logger({ logLevel: 'SILENT' }),
      metrics: new Metrics({ namespace: 'hailong-test' }),
    });
    await handler({ date: '2026-08-03' }, {} as Context);
    // A rerun of the day counts the same.
    await handler({ date: '2026-08-03' }, {} as Context);
  });
  afterAll(() => stack.close());

  it('counts 2 of the 3 comments of cb-d1-c1 as repeated, on the dossiers’ return day', async () => {
    expect((await integrity('cb-d1-c1')).repeatedComments).toMatchObject({ successes: 2, n: 3 });
  });

  it('sees no repeat across units', async () => {
    expect((await integrity('cb-d1-c2')).repeatedComments).toMatchObject({ successes: 0, n: 1 });
  });
});
