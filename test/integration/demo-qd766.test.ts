/**
 * The demo province on dynalite, loaded and aggregated night by night as `npm start` does, answers the
 * whole Decision 766 scorecard through `GET /v1/scores?method=qd766`: the province's transparency
 * figures recorded each month (1.1–1.3), the communes' electronic certified copies (4.6), and every
 * other group from the dossiers — so a `total` with its classification, not a `partialTotal`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app';
import { DEMO_PROVINCE, demoUnits, loadDemo } from '../../local/demo';
import { createApiKey } from '../../shared/storage/api-keys';
import { aggregateDays } from '../../shared/aggregation/run';
import { addDays, eachDay, localDay } from '../../shared/time';
import { startTestStack, type TestStack } from '../support/stack';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const now = new Date('2026-03-15T05:00:00Z');
const today = localDay(now);
/** The previous month, whole: every one of its nights aggregated. */
const from = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
const to = addDays(`${today.slice(0, 7)}-01`, -1);

describe('the Decision 766 scorecard of the demo province', () => {
  let stack: TestStack;
  const key = `reader-${randomUUID()}`;
  beforeAll(async () => {
    stack = await startTestStack({ now: () => now });
    await loadDemo(stack.deps.store, { now, dossierCount: 800, linkTtlDays: 30, retentionDays: 1095 });
    await aggregateDays(stack.deps.store, eachDay(from, addDays(today, -1)));
    await createApiKey(stack.deps.store, key, {
      name: 'reader',
      unit: DEMO_PROVINCE,
      permissions: ['scores:read'],
    });
  }, 300_000);
  afterAll(() => stack.close());

  it(
    'answers a whole, graded total with every group, the transparency inputs and 4.6 included',
    { timeout: 60_000 },
    async () => {
      const res = await createApiApp(stack.deps).request(
        `/v1/scores?unit=${DEMO_PROVINCE}&from=${from}&to=${to}&method=qd766`,
        { headers: { authorization: `Bearer ${key}` } },
      );
      expect(res.status).toBe(200);
      const { result } = (await res.json()) as { result: Loose };
      for (const [key, group] of Object.entries(result.groups as Record<string, Loose>)) {
        expect(group.missing, key).toEqual([]);
      }
      expect(result.partialTotal).toBeNull();
      expect(result.total.maxScore).toBe(100);
      expect(typeof result.total.classification.vi).toBe('string');
      // February 2026 is the demo's second month back (index 1): 23 procedures due, 21 published on
      // time, 22 updated on time, 23 with their full content (local/demo-lives.ts demoTransparency).
      const transparency = result.groups.transparency.metrics;
      expect(transparency.slice(0, 3).map((metric: Loose) => [metric.numerator, metric.denominator])).toEqual(
        [
          [21, 23],
          [22, 23],
          [23, 23],
        ],
      );
      // 4.6: the province-level communes recorded, three of every four offering electronic copies.
      const recorded = demoUnits.filter((unit) => unit.electronicCertifiedCopy !== undefined);
      const certified = result.groups.digitized.metrics.at(-1);
      expect(certified.denominator).toBe(recorded.length);
      expect(certified.numerator).toBe(recorded.filter((unit) => unit.electronicCertifiedCopy).length);
    },
  );
});
