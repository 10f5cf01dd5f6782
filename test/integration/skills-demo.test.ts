import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateArrivals } from '../support/skills';
import { createLocalApp } from '../../local/app';
import { demoSkills, loadDemoSkills } from '../../local/demo-skills';
import { assessmentInputSchema } from '../../shared/instruments/skills';
import { addDays, localDay } from '../../shared/time';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

const NOW = new Date('2026-06-30T10:00:00Z');
const COMMUNES = ['cb-d1-c1', 'cb-d1-c2', 'cb-d2-c1'];

describe('demo self-assessments', () => {
  let stack: TestStack;
  let key: string;

  beforeAll(async () => {
    stack = await startTestStack();
    key = await seedKey(stack.deps, 'cb', ['scores:read']);
    await loadDemoSkills(stack.deps.store, COMMUNES, { now: NOW });
  });
  afterAll(() => stack.close());

  it('is deterministic, valid, and spread over the communes and the last 90 days', () => {
    const first = demoSkills(COMMUNES, { now: NOW });
    expect(demoSkills(COMMUNES, { now: NOW })).toEqual(first);
    expect(first.assessments).toHaveLength(400);
    expect(new Set(first.assessments.map((a) => a.unit))).toEqual(new Set(COMMUNES));
    expect(new Set(first.assessments.map((a) => a.clientId)).size).toBe(400);
    const earliest = addDays(localDay(NOW), -90);
    for (const assessment of first.assessments) {
      expect(assessment.day >= earliest && assessment.day <= localDay(NOW)).toBe(true);
      expect(assessment.receivedAt >= assessment.madeAt).toBe(true);
      const parsed = assessmentInputSchema.safeParse({
        clientId: assessment.clientId,
        ageBand: assessment.ageBand,
        sex: assessment.sex,
        ethnicity: assessment.ethnicity,
        answers: assessment.answers,
      });
      expect(parsed.success).toBe(true);
    }
  });

  it('answers both indicators for the province, post-stratified', async () => {
    await aggregateArrivals(stack.deps);
    const app = createLocalApp(stack.deps);
    for (const indicator of ['plan146', 'dsi']) {
      const res = await app.request(
        `/v1/skills?unit=cb&from=2026-03-01&to=2026-06-30&indicator=${indicator}`,
        {
          headers: { authorization: `Bearer ${key}` },
        },
      );
      expect(res.status).toBe(200);
      const body = (await res.json()) as {
        weighting: string;
        overall: { respondents: number; share: number };
      };
      expect(body.weighting).toBe('post-stratified');
      expect(body.overall.respondents).toBeGreaterThan(100);
      expect(body.overall.share).toBeGreaterThan(0);
      expect(body.overall.share).toBeLessThan(1);
    }
  }, 90_000); // aggregates 90 days of arrivals: ~30 s on 2 shared cores, past the 30 s default
});
