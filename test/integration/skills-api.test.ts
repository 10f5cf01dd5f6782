import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { parseConfig } from '../../shared/config';
import { type AgeBand, assessmentInputSchema } from '../../shared/instruments/skills';
import { completeAssessment, saveAssessment } from '../../shared/storage/assessments';
import { putPopulation } from '../../shared/storage/population';
import { aggregateArrivals, answersAll, assessmentBody } from '../support/skills';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

interface SkillsBody {
  weighting: string;
  populationMissing: string[];
  overall: { respondents: number; yes: number; share: number; interval: { low: number; high: number } };
  bySex: Record<string, { respondents: number }>;
  areas?: Record<string, unknown>;
  rule: { en: string };
}

describe('GET /v1/skills on dynalite', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let districtKey: string;
  let writerKey: string;

  const get = async (query: string, key = districtKey) =>
    app.request(`/v1/skills?${query}`, { headers: { authorization: `Bearer ${key}` } });

  async function store(
    unit: string,
    day: string,
    sex: 'female' | 'male',
    yes: boolean,
    ageBand: AgeBand = '25-34',
  ) {
    const input = assessmentInputSchema.parse(
      assessmentBody({
        sex,
        ageBand,
        answers: yes ? answersAll(2) : answersAll(2, { ops_vneid: 0, ai_ask: 0, ai_check: 0 }),
      }),
    );
    const at = new Date(`${day}T05:00:00Z`);
    await saveAssessment(stack.deps.store, completeAssessment(input, { id: 'camp0001', unit }, at, at));
  }

  beforeAll(async () => {
    stack = await startTestStack();
    districtKey = await seedKey(stack.deps, 'cb-d1', ['scores:read']);
    writerKey = await seedKey(stack.deps, 'cb', ['dossiers:write']);
    // cb-d1-c1: women 1 of 2, men 2 of 2; cb-d1-c2: 0 of 1; cb-d2-c1 (outside the key): 1 of 1.
    await store('cb-d1-c1', '2026-01-05', 'female', true);
    await store('cb-d1-c1', '2026-01-06', 'female', false);
    await store('cb-d1-c1', '2026-01-07', 'male', true);
    await store('cb-d1-c1', '2026-01-31', 'male', true);
    await store('cb-d1-c2', '2026-01-10', 'male', false);
    await store('cb-d1-c2', '2026-01-11', 'male', true, '65+');
    await store('cb-d2-c1', '2026-01-10', 'male', true);
    await store('cb-d1-c1', '2026-02-01', 'male', false);
    await aggregateArrivals(stack.deps);
    app = createLocalApp(stack.deps);
  });
  afterAll(() => stack.close());

  it('answers plan146 for a district in sample shares, naming the communes without population', async () => {
    const res = await get('unit=cb-d1&from=2026-01-01&to=2026-01-31&indicator=plan146');
    expect(res.status).toBe(200);
    const body = (await res.json()) as SkillsBody;
    expect(body.weighting).toBe('sample shares');
    expect(body.populationMissing.sort()).toEqual(['cb-d1-c1', 'cb-d1-c2']);
    expect(body.overall).toMatchObject({ respondents: 5, yes: 3, share: 0.6 });
    expect(body.overall.interval.low).toBeLessThan(0.6);
    expect(body.bySex.male?.respondents).toBe(3);
    expect(body.rule.en).toContain('working-age');
  });

  it('follows the configured working age and plan146 rule', async () => {
    const configured = (env: Record<string, string>) =>
      createLocalApp({
        ...stack.deps,
        config: parseConfig({ TABLE_NAME: stack.deps.store.tableName, ...env }),
      });
    const query = '/v1/skills?unit=cb-d1&from=2026-01-01&to=2026-01-31';
    const headers = { authorization: `Bearer ${districtKey}` };
    const older = (await (
      await configured({ SKILLS_WORKING_AGE_MAX: '80' }).request(query, { headers })
    ).json()) as SkillsBody;
    expect(older.overall).toMatchObject({ respondents: 6, yes: 4 });
    expect(older.rule.en).toContain('15–80');
    // The plan146 rule decides which counts are stored: the days are aggregated again under it.
    const lenientEnv = { TABLE_NAME: stack.deps.store.tableName, SKILLS_PLAN146_OPS_LEVEL: '0' };
    await aggregateArrivals(stack.deps, parseConfig(lenientEnv));
    const lenient = (await (
      await configured({ SKILLS_PLAN146_OPS_LEVEL: '0' }).request(query, { headers })
    ).json()) as SkillsBody;
    expect(lenient.overall).toMatchObject({ respondents: 5, yes: 5 });
    await aggregateArrivals(stack.deps);
  });

  it('post-stratifies a commune once its population is loaded', async () => {
    await putPopulation(stack.deps.store, [
      { unit: 'cb-d1-c1', ageBand: '25-34', sex: 'female', population: 300 },
      { unit: 'cb-d1-c1', ageBand: '25-34', sex: 'male', population: 100 },
    ]);
    const body = (await (await get('unit=cb-d1-c1&from=2026-01-01&to=2026-01-31')).json()) as SkillsBody;
    // (300 × 1/2 + 100 × 2/2) / 400 = 0.625
    expect(body.weighting).toBe('post-stratified');
    expect(body.overall.share).toBe(0.625);
  });

  it('answers dsi with the per-area breakdown', async () => {
    const body = (await (
      await get('unit=cb-d1-c1&from=2026-01-01&to=2026-01-31&indicator=dsi')
    ).json()) as SkillsBody;
    expect(body.overall.respondents).toBe(4);
    expect(body.overall.yes).toBe(3);
    expect(Object.keys(body.areas ?? {})).toEqual(['info', 'comm', 'content', 'safety', 'problem', 'ai']);
  });

  it('refuses a unit outside the key subtree (403) and a key without scores:read (403)', async () => {
    expect((await get('unit=cb-d2-c1&from=2026-01-01&to=2026-01-31')).status).toBe(403);
    expect((await get('unit=cb-d1&from=2026-01-01&to=2026-01-31', writerKey)).status).toBe(403);
    expect((await app.request('/v1/skills?unit=cb-d1&from=2026-01-01&to=2026-01-31')).status).toBe(401);
  });

  it.each([
    ['from=2026-02-01&to=2026-01-01&unit=cb-d1', 'to'], // the one range rule (shared/date-range.ts) names "to"
    ['from=2020-01-01&to=2026-01-01&unit=cb-d1', 'to'],
    ['from=2026-02-30&to=2026-03-01&unit=cb-d1', 'from'],
    ['from=2026-01-01&to=2026-01-31&unit=cb-d1&indicator=happiness', 'indicator'],
    ['from=2026-01-01&to=2026-01-31', 'unit'],
  ])('refuses %s with 422 naming %s', async (query, field) => {
    const res = await get(query);
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { fields: { field: string }[] } };
    expect(body.error.fields.map((problem) => problem.field)).toContain(field);
  });

  it('lists the operation in the OpenAPI paths', async () => {
    const { openApiDocument } = await import('../../shared/http/openapi');
    const { paths } = openApiDocument();
    expect(Object.keys(paths)[0]).toBe('/v1/dossiers');
    const operation = paths['/v1/skills']?.get as { parameters: { name: string }[] };
    expect(operation.parameters.map((parameter) => parameter.name)).toEqual([
      'unit',
      'from',
      'to',
      'indicator',
    ]);
  });
});
