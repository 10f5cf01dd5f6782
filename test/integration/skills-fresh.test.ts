/**
 * Digital skills as fresh as the assessments stored (shared/skills/load.ts, ./overview.ts): an
 * assessment that arrived today counts in `/v1/skills` at once, by the day it was made, and still
 * once after the night has aggregated it; the province figure against the 70% / 90% targets; the
 * communes worst first. Worked by hand (sample shares, no population loaded): Xã Một Một 2 of 3 meet
 * plan146, Xã Một Hai 1 of 2 before today and 1 of 3 after today's "no", Xã Hai Một none.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { assessmentInputSchema } from '../../shared/instruments/skills';
import { readSkillsOverview } from '../../shared/skills/overview';
import { completeAssessment, saveAssessment } from '../../shared/storage/assessments';
import { getUnit } from '../../shared/storage/units';
import { createUnitDirectory } from '../../shared/unit-directory';
import { aggregateArrivals, answersAll, assessmentBody } from '../support/skills';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

/** Monday 7 December 2026, noon in Vietnam. */
const NOW = new Date('2026-12-07T05:00:00Z');

interface SkillsBody {
  overall: { respondents: number; yes: number; share: number | null };
  targets?: { year: number; share: number; met: boolean; gapPoints: number | null }[];
}

describe('digital skills, fresh, against the targets, worst first', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;

  const skills = async (from: string, to = '2026-12-31') => {
    const res = await app.request(`/v1/skills?unit=cb&from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as SkillsBody;
  };

  /** Stores one assessment made on `made` (05:00 UTC) that arrived at `arrived`. */
  async function store(unit: string, made: string, yes: boolean, arrived = new Date(`${made}T05:00:00Z`)) {
    const input = assessmentInputSchema.parse(
      assessmentBody({
        sex: 'female',
        ageBand: '25-34',
        answers: yes ? answersAll(2) : answersAll(2, { ops_vneid: 0 }),
      }),
    );
    await saveAssessment(
      stack.deps.store,
      completeAssessment(input, { id: 'camp0001', unit }, new Date(`${made}T05:00:00Z`), arrived),
    );
  }

  beforeAll(async () => {
    stack = await startTestStack({ now: () => NOW });
    key = await seedKey(stack.deps, 'cb', ['scores:read']);
    await store('cb-d1-c1', '2026-12-01', true);
    await store('cb-d1-c1', '2026-12-02', true);
    await store('cb-d1-c1', '2026-12-03', false);
    await store('cb-d1-c2', '2026-12-01', false);
    await store('cb-d1-c2', '2026-12-02', true);
    // The nights of 1–3 December have run.
    await aggregateArrivals(stack.deps);
    app = createLocalApp(stack.deps);
  }, 60_000);
  afterAll(() => stack.close());

  it('counts an assessment stored today at once, by the day it was made, and once after the night', async () => {
    expect((await skills('2026-12-01')).overall).toMatchObject({ respondents: 5, yes: 3, share: 0.6 });
    await store('cb-d1-c2', '2026-12-07', false, NOW);
    // Made on 20 November, sent today from an offline queue: in November's figures, not December's.
    await store('cb-d1-c1', '2026-11-20', true, NOW);
    expect((await skills('2026-12-01')).overall).toMatchObject({ respondents: 6, yes: 3, share: 0.5 });
    expect((await skills('2026-11-01')).overall).toMatchObject({ respondents: 7, yes: 4 });
    expect((await skills('2026-11-01', '2026-11-30')).overall).toMatchObject({ respondents: 1, yes: 1 });
    await aggregateArrivals(stack.deps);
    expect((await skills('2026-12-01')).overall).toMatchObject({ respondents: 6, yes: 3, share: 0.5 });
    expect((await skills('2026-11-01')).overall).toMatchObject({ respondents: 7, yes: 4 });
  });

  it('gives the province figure against the 70% and 90% targets, and the communes worst first', async () => {
    const body = await skills('2026-12-01');
    expect(body.targets).toEqual([
      { year: 2025, share: 0.7, met: false, gapPoints: 20 },
      { year: 2030, share: 0.9, met: false, gapPoints: 40 },
    ]);
    const units = createUnitDirectory(stack.deps.store);
    const overview = await readSkillsOverview(
      { ...stack.deps, units },
      (await getUnit(stack.deps.store, 'cb'))!,
      '2026-12-01',
      '2026-12-31',
    );
    expect(overview.plan146.overall).toMatchObject({ respondents: 6, yes: 3, share: 0.5 });
    expect(
      overview.communes.map((row) => [
        row.unit.name,
        row.plan146.overall.yes,
        row.plan146.overall.respondents,
      ]),
    ).toEqual([
      ['Xã Một Hai', 1, 3],
      ['Xã Một Một', 2, 3],
      ['Xã Hai Một', 0, 0],
    ]);
    expect(overview.sort).toBe('plan146-ascending');
  });
});
