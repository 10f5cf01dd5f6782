/**
 * The digital-skill indicators of summed counts (shared/skills/indicators.ts): post-stratification with
 * borrowed cells, Kish's effective n behind the interval, the breakdowns, the DSI areas, and what an
 * answer says with no data. Every expected figure is worked by hand in the comment beside it (Wilson
 * at z = 1.959964, four decimals).
 */
import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/aggregation/family-contract';
import { cellKey, ethnicityKey } from '../../shared/aggregation/skills';
import { parseConfig } from '../../shared/config';
import { type AgeBand, type Sex } from '../../shared/instruments/skills';
import {
  type CommuneCounts,
  computeSkillIndicator,
  defaultSkillsOptions,
  type Population,
  skillsOptionsFromConfig,
} from '../../shared/skills/indicators';

/** Counts of one cell: `n` respondents of whom `yes` meet `metric`. */
function cell(band: AgeBand, sex: Sex, n: number, yes: number, metric = 'dsi'): Counts {
  return { [cellKey(band, sex, 'n')]: n, [cellKey(band, sex, metric)]: yes };
}

/** Walks an answer and collects every number in it (NaN survives JSON as null, so look at the values). */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

/**
 * One commune:
 * - 15–24: women 1 of 2 (population 100), men 3 of 4 (300);
 * - 25–34: women nobody (population 200: borrows the band's share), men 1 of 4 (200) — the band's
 *   share is 1/4, not 1, so weighting by `weight × share` and by `weight ÷ share` differ;
 * - 35–44: women population 500, nobody in the band: dropped, the weights renormalised.
 */
const commune: CommuneCounts = {
  unit: 'c1',
  counts: {
    ...cell('15-24', 'female', 2, 1),
    ...cell('15-24', 'male', 4, 3),
    ...cell('25-34', 'male', 4, 1),
  },
  population: {
    '15-24|female': 100,
    '15-24|male': 300,
    '25-34|female': 200,
    '25-34|male': 200,
    '35-44|female': 500,
  },
};

describe('post-stratified share and its interval', () => {
  const answer = computeSkillIndicator('dsi', [commune]);

  it('weights each cell share by its population, an empty cell at its band’s share', () => {
    // (100 × 1/2 + 300 × 3/4 + 200 × 1/4 + 200 × 1/4) / 800 = 375 / 800 = 0.46875 → 0.4688
    expect(answer.weighting).toBe('post-stratified');
    expect(answer.overall).toMatchObject({ respondents: 10, yes: 5, sampleShare: 0.5, share: 0.4688 });
    // 800 of the 1,300 people are in cells with respondents (directly or through their band).
    expect(answer.overall.populationCovered).toBe(0.6154);
  });

  it('sizes the interval on Kish’s effective n, not on the respondents', () => {
    // Per-respondent weights: 15–24 women 100/2 = 50, men 300/4 = 75; 25–34 men 200/4 = 50 plus the
    // borrowed 200/4 = 50, so 100. Σw = 2×50 + 4×75 + 4×100 = 800; Σw² = 2×2500 + 4×5625 + 4×10000 =
    // 67500; n_eff = 800² / 67500 = 9.4815. Wilson of 0.46875 on 9.4815: [0.2097, 0.7459] (on the 10
    // respondents it would be [0.2366, 0.7634]).
    expect(answer.overall.interval).toEqual({ low: 0.2097, high: 0.7459 });
  });

  it('breaks the share down by age band, each on its own effective n', () => {
    // 15–24: (100 × 0.5 + 300 × 0.75) / 400 = 0.6875; Σw = 400, Σw² = 27500, n_eff = 5.8182 →
    // [0.3113, 0.9146].
    expect(answer.byAgeBand['15-24']).toEqual({
      respondents: 6,
      yes: 4,
      sampleShare: 0.6667,
      share: 0.6875,
      interval: { low: 0.3113, high: 0.9146 },
      populationCovered: 1,
    });
    // 25–34: both cells at 1/4; every respondent weighs 100, so n_eff = 4: Wilson 1 of 4.
    expect(answer.byAgeBand['25-34']).toEqual({
      respondents: 4,
      yes: 1,
      sampleShare: 0.25,
      share: 0.25,
      interval: { low: 0.0456, high: 0.6994 },
      populationCovered: 1,
    });
    // 35–44: population but nobody in the band; 45–54: neither.
    const empty = {
      respondents: 0,
      yes: 0,
      sampleShare: null,
      share: null,
      interval: null,
      populationCovered: 0,
    };
    expect(answer.byAgeBand['35-44']).toEqual(empty);
    expect(answer.byAgeBand['45-54']).toEqual(empty);
    expect(Object.keys(answer.byAgeBand)).toEqual(['15-24', '25-34', '35-44', '45-54', '55-64', '65+']);
  });

  it('breaks the share down by sex, where an empty cell has no band of its own sex to borrow from', () => {
    // Women: only 15–24 (1 of 2, weight 100): 0.5 over 100 of the 800 women's population; both weigh
    // 50, n_eff = 2: Wilson 1 of 2 = [0.0945, 0.9055].
    expect(answer.bySex.female).toEqual({
      respondents: 2,
      yes: 1,
      sampleShare: 0.5,
      share: 0.5,
      interval: { low: 0.0945, high: 0.9055 },
      populationCovered: 0.125,
    });
    // Men: (300 × 0.75 + 200 × 0.25) / 500 = 0.55; weights 75 (×4) and 50 (×4): Σw = 500,
    // Σw² = 32500, n_eff = 7.6923 → [0.2458, 0.8209].
    expect(answer.bySex.male).toEqual({
      respondents: 8,
      yes: 4,
      sampleShare: 0.5,
      share: 0.55,
      interval: { low: 0.2458, high: 0.8209 },
      populationCovered: 1,
    });
  });

  it('gives no share when no population cell has respondents, rather than 0', () => {
    const elsewhere = computeSkillIndicator('dsi', [
      { unit: 'c1', counts: cell('15-24', 'female', 3, 1), population: { '45-54|male': 400 } },
    ]);
    expect(elsewhere.weighting).toBe('post-stratified');
    expect(elsewhere.overall).toEqual({
      respondents: 3,
      yes: 1,
      sampleShare: 0.3333,
      share: null,
      interval: null,
      populationCovered: 0,
    });
  });
});

describe('which communes decide the weighting', () => {
  const withPopulation: CommuneCounts = {
    unit: 'a',
    counts: cell('35-44', 'female', 4, 3),
    population: { '35-44|female': 100 },
  };

  it('treats a population of zeros as no population', () => {
    const zeros = { unit: 'b', counts: cell('35-44', 'male', 1, 0), population: { '35-44|male': 0 } };
    const answer = computeSkillIndicator('dsi', [withPopulation, zeros]);
    expect(answer.weighting).toBe('sample shares');
    expect(answer.populationMissing).toEqual(['b']);
    // 3 of 5 in sample shares; no population covered is reported for a sample share.
    expect(answer.overall).toEqual({
      respondents: 5,
      yes: 3,
      sampleShare: 0.6,
      share: 0.6,
      interval: { low: 0.2307, high: 0.8824 },
    });
  });

  it('keeps a population with some empty cells', () => {
    const partly = { ...withPopulation, population: { '35-44|female': 100, '35-44|male': 0 } };
    const answer = computeSkillIndicator('dsi', [partly]);
    expect(answer.weighting).toBe('post-stratified');
    expect(answer.populationMissing).toEqual([]);
  });

  it('ignores a commune without respondents, population or not', () => {
    const silent = { unit: 'b', counts: { [cellKey('35-44', 'male', 'dsi')]: 0 } };
    const answer = computeSkillIndicator('dsi', [withPopulation, silent]);
    expect(answer.weighting).toBe('post-stratified');
    expect(answer.populationMissing).toEqual([]);
    expect(answer.overall.share).toBe(0.75);
  });

  it('answers nulls, not NaN, for a unit with no respondents at all', () => {
    for (const indicator of ['plan146', 'dsi'] as const) {
      const answer = computeSkillIndicator(indicator, []);
      expect(answer.weighting).toBe('sample shares');
      expect(answer.populationMissing).toEqual([]);
      expect(answer.overall).toEqual({
        respondents: 0,
        yes: 0,
        sampleShare: null,
        share: null,
        interval: null,
      });
      expect(answer.byEthnicity).toEqual({});
      expect(numbersIn(answer).some(Number.isNaN)).toBe(false);
    }
  });
});

describe('DSI areas, above basic and ethnicity', () => {
  // 25–34 women, 4 respondents: 2 at least basic in every area, 1 above basic in every area; in
  // "info" 3 at least basic and 2 above; in "ai" 2 at least basic and nobody above.
  const counts: Counts = {
    ...cell('25-34', 'female', 4, 2),
    [cellKey('25-34', 'female', 'dsiA')]: 1,
    [cellKey('25-34', 'female', 'info.b')]: 3,
    [cellKey('25-34', 'female', 'info.a')]: 2,
    [cellKey('25-34', 'female', 'ai.b')]: 2,
    // Ethnicity cells: Tày 3 of whom 2 at least basic; unknown 1 (none); Nùng counted nowhere.
    [ethnicityKey('tay', '25-34', 'n')]: 3,
    [ethnicityKey('tay', '25-34', 'dsi')]: 2,
    [ethnicityKey('unknown', '25-34', 'n')]: 1,
    [ethnicityKey('nung', '25-34', 'dsi')]: 0,
  };
  const answer = computeSkillIndicator('dsi', [{ unit: 'c1', counts }]);

  it('gives the share above basic overall and both shares in each area', () => {
    expect(answer.overall).toMatchObject({ respondents: 4, yes: 2, share: 0.5 });
    // 1 of 4 → Wilson [0.0456, 0.6994]
    expect(answer.aboveBasic).toEqual({
      respondents: 4,
      yes: 1,
      sampleShare: 0.25,
      share: 0.25,
      interval: { low: 0.0456, high: 0.6994 },
    });
    expect(Object.keys(answer.areas!)).toEqual(['info', 'comm', 'content', 'safety', 'problem', 'ai']);
    expect(answer.areas!.info!.atLeastBasic).toMatchObject({ yes: 3, share: 0.75 });
    expect(answer.areas!.info!.aboveBasic).toMatchObject({ yes: 2, share: 0.5 });
    expect(answer.areas!.ai!.atLeastBasic).toMatchObject({ yes: 2, share: 0.5 });
    expect(answer.areas!.ai!.aboveBasic).toMatchObject({ respondents: 4, yes: 0, share: 0 });
  });

  it('gives no areas to plan146, which has none', () => {
    const plan = computeSkillIndicator('plan146', [{ unit: 'c1', counts }]);
    expect(plan.areas).toBeUndefined();
    expect(plan.aboveBasic).toBeUndefined();
  });

  it('breaks down by ethnicity in sample shares, listing only the groups with respondents', () => {
    // Tày 2 of 3 → Wilson [0.2077, 0.9385]; unknown 0 of 1 → [0, 0.7935].
    expect(answer.byEthnicity).toEqual({
      tay: {
        respondents: 3,
        yes: 2,
        sampleShare: 0.6667,
        share: 0.6667,
        interval: { low: 0.2077, high: 0.9385 },
      },
      unknown: { respondents: 1, yes: 0, sampleShare: 0, share: 0, interval: { low: 0, high: 0.7935 } },
    });
  });

  it('leaves the ethnicity cells of bands outside working age out of plan146', () => {
    const plan = computeSkillIndicator('plan146', [
      {
        unit: 'c1',
        counts: {
          ...cell('25-34', 'male', 1, 1, 'p146'),
          [ethnicityKey('dao', '25-34', 'n')]: 1,
          [ethnicityKey('dao', '25-34', 'p146')]: 1,
          [ethnicityKey('dao', '65+', 'n')]: 2,
          [ethnicityKey('hmong', '65+', 'n')]: 5,
        },
      },
    ]);
    expect(plan.byEthnicity).toEqual({
      dao: { respondents: 1, yes: 1, sampleShare: 1, share: 1, interval: { low: 0.2065, high: 1 } },
    });
  });
});

describe('the rule stated with every answer', () => {
  const weighted = (population: Population) => [
    { unit: 'c1', counts: cell('25-34', 'male', 1, 1), population },
  ];

  it('states the plan146 rule with its configured parameters in both languages', () => {
    const options = skillsOptionsFromConfig(
      parseConfig({
        SKILLS_WORKING_AGE_MIN: '20',
        SKILLS_WORKING_AGE_MAX: '50',
        SKILLS_PLAN146_OPS_LEVEL: '1',
        SKILLS_PLAN146_SERVICE_LEVEL: '2',
        SKILLS_PLAN146_SERVICE_ITEMS: 'all',
      }),
    );
    expect(options).toEqual({
      workingAge: { min: 20, max: 50 },
      plan146Rule: { opsLevel: 1, serviceLevel: 2, serviceItems: 'all' },
    });
    const { rule } = computeSkillIndicator('plan146', weighted({ '25-34|male': 10 }), options);
    // 20–50: 15–24 has 5 of 10 years inside (counts), 45–54 has 6 (counts), 55–64 none.
    expect(rule).toMatchObject({
      workingAge: { min: 20, max: 50 },
      workingAgeBands: ['15-24', '25-34', '35-44', '45-54'],
      opsLevel: 1,
      serviceLevel: 2,
      serviceItems: 'all',
    });
    expect(rule.en).toBe(
      'Share of working-age respondents (20–50; a band counts when at least half its years are inside: ' +
        '15-24, 25-34, 35-44, 45-54) who answer level 1 on every online-public-service item and at least ' +
        '2 on every item of each essential service (health, education, transport, tourism, banking). ' +
        'Our rule: no official definition was found.',
    );
    expect(rule.vi).toBe(
      'Tỷ lệ người trong độ tuổi lao động (20–50; nhóm tuổi được tính khi ít nhất nửa số năm nằm trong ' +
        'khoảng: 15-24, 25-34, 35-44, 45-54) tự làm được (mức 1) mọi việc về dịch vụ công trực tuyến, và ' +
        'làm được (mức ≥ 2) mọi việc của từng dịch vụ thiết yếu (y tế, giáo dục, giao thông, du lịch, ' +
        'ngân hàng). Quy tắc do hệ thống đặt vì chưa có định nghĩa chính thức.',
    );
  });

  it('says "at least one item" for the default plan146 rule', () => {
    const { rule } = computeSkillIndicator('plan146', weighted({ '25-34|male': 10 }), defaultSkillsOptions);
    expect(rule.en).toContain('(15–60; ');
    expect(rule.en).toContain(
      'level 2 on every online-public-service item and at least 1 on at least one item',
    );
    expect(rule.vi).toContain('(mức ≥ 1) ít nhất một việc của từng dịch vụ');
  });

  it('states the DSI 2.0 rule and its areas for dsi', () => {
    const { rule } = computeSkillIndicator('dsi', weighted({ '25-34|male': 10 }));
    expect(rule.areas).toEqual(['info', 'comm', 'content', 'safety', 'problem', 'ai']);
    expect(rule.activity).toBe('answer 2 (on my own)');
    expect(rule.en).toContain('Eurostat Digital Skills Indicator 2.0');
    expect(rule.en).toContain('problem solving, AI) is "none" with no activity done on one’s own');
    expect(rule.en).toContain('"at least basic" = at least basic in every area. All ages.');
    expect(rule.vi).toContain('giải quyết vấn đề, AI) "chưa có" khi không tự làm được việc nào');
    expect(rule.vi).toContain('Chỉ số kỹ năng số DSI 2.0 (Eurostat)');
    expect(rule.vi).toContain('"trên cơ bản" khi tự làm được từ 2 việc');
  });
});
