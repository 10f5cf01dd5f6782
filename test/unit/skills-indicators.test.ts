import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/aggregation/family-contract';
import { addCounts, assessmentCounts, skillsFamily } from '../../shared/aggregation/skills';
import { type AgeBand, areas, type Sex } from '../../shared/instruments/skills';
import { computeSkillIndicator, type Population } from '../../shared/skills/indicators';
import { areaLevel, dsiOutcome, isWorkingAgeBand, meetsPlan146 } from '../../shared/skills/rules';
import { makeDossier } from '../support/satisfaction';
import { answersAll, assessmentArrival, basicIn } from '../support/skills';

/** Counts of `yes` assessments meeting everything and `no` meeting nothing, in one cell. */
function cell(band: AgeBand, sex: Sex, yes: number, no: number, counts: Counts = {}): Counts {
  for (let i = 0; i < yes; i++)
    addCounts(
      counts,
      assessmentCounts({ unit: 'x', day: '2026-01-01', ageBand: band, sex, answers: answersAll(2) }),
    );
  for (let i = 0; i < no; i++)
    addCounts(
      counts,
      assessmentCounts({ unit: 'x', day: '2026-01-01', ageBand: band, sex, answers: answersAll(0) }),
    );
  return counts;
}

describe('DSI 2.0 rule', () => {
  it('is not "at least basic" with basic skills in five areas of six', () => {
    const outcome = dsiOutcome(basicIn(['info', 'comm', 'content', 'safety', 'problem']));
    expect(outcome.areas.ai).toBe('none');
    expect(outcome.atLeastBasic).toBe(false);
  });

  it('is not "at least basic" with above-basic skills in four areas and none in two', () => {
    const outcome = dsiOutcome(
      answersAll(0, {
        info_search: 2,
        info_files: 2,
        comm_message: 2,
        comm_group: 2,
        content_photo: 2,
        content_post: 2,
        safety_scam: 2,
        safety_secret: 2,
      }),
    );
    expect(outcome.areas).toMatchObject({ info: 'above', safety: 'above', problem: 'none', ai: 'none' });
    expect(outcome.atLeastBasic).toBe(false);
  });

  it('is "at least basic" but not above basic with one activity on one’s own in every area', () => {
    const outcome = dsiOutcome(basicIn(areas));
    expect(Object.values(outcome.areas)).toEqual(['basic', 'basic', 'basic', 'basic', 'basic', 'basic']);
    expect(outcome.atLeastBasic).toBe(true);
    expect(outcome.aboveBasic).toBe(false);
  });

  it('counts "with help" as not yet the person’s skill, and two activities as above basic', () => {
    expect(areaLevel(answersAll(1), 'safety')).toBe('none');
    expect(areaLevel(answersAll(0, { safety_scam: 2, safety_secret: 2 }), 'safety')).toBe('above');
    expect(dsiOutcome(answersAll(2)).aboveBasic).toBe(true);
  });
});

describe('plan146 rule', () => {
  it('needs every online-public-service item on one’s own', () => {
    expect(meetsPlan146(answersAll(2))).toBe(true);
    expect(meetsPlan146(answersAll(2, { ops_vneid: 1 }))).toBe(false);
  });

  it('needs at least one item of each essential service with help or better', () => {
    expect(meetsPlan146(answersAll(1, { ops_submit: 2, ops_vneid: 2 }))).toBe(true);
    expect(meetsPlan146(answersAll(2, { bank_transfer: 0, bank_qr: 1 }))).toBe(true);
    expect(meetsPlan146(answersAll(2, { bank_transfer: 0, bank_qr: 0 }))).toBe(false);
    expect(meetsPlan146(answersAll(2, { tourism: 0 }))).toBe(false);
  });

  it('maps age bands to working age by the half-of-the-years rule', () => {
    expect(isWorkingAgeBand('15-24')).toBe(true);
    expect(isWorkingAgeBand('55-64')).toBe(true);
    expect(isWorkingAgeBand('65+')).toBe(false);
    expect(isWorkingAgeBand('55-64', { min: 15, max: 55 })).toBe(false);
  });

  it('leaves respondents outside working age out of the share and its denominator', () => {
    const counts = cell('65+', 'male', 5, 0, cell('15-24', 'female', 1, 1, cell('55-64', 'male', 0, 2)));
    const answer = computeSkillIndicator('plan146', [{ unit: 'c1', counts }]);
    expect(answer.weighting).toBe('sample shares');
    expect(answer.overall).toMatchObject({ respondents: 4, yes: 1, share: 0.25 });
    expect(answer.byAgeBand['65+']).toBeUndefined();
    expect(answer.rule.en).toContain('15–60');
    const withOlder = computeSkillIndicator('plan146', [{ unit: 'c1', counts }], {
      workingAge: { min: 15, max: 80 },
      plan146Rule: { opsLevel: 2, serviceLevel: 1, serviceItems: 'any' },
    });
    expect(withOlder.overall).toMatchObject({ respondents: 9, yes: 6 });
  });
});

describe('post-stratification', () => {
  it('weights the cell shares by population, against a hand-computed share', () => {
    // 15–24 women: 1 of 2 (0.5), weight 100; 15–24 men: 3 of 4 (0.75), weight 300.
    // (100 × 0.5 + 300 × 0.75) / 400 = 275 / 400 = 0.6875, while the sample share is 4 / 6.
    const counts = cell('15-24', 'male', 3, 1, cell('15-24', 'female', 1, 1));
    const population: Population = { '15-24|female': 100, '15-24|male': 300 };
    const answer = computeSkillIndicator('dsi', [{ unit: 'c1', counts, population }]);
    expect(answer.weighting).toBe('post-stratified');
    expect(answer.overall.share).toBe(0.6875);
    expect(answer.overall.sampleShare).toBe(0.6667);
    expect(answer.overall.respondents).toBe(6);
    expect(answer.overall.populationCovered).toBe(1);
  });

  it('lets an empty cell borrow its age band’s share and drops a band with no respondents', () => {
    // 25–34: women 0 respondents (weight 200) borrow the band's 2 of 2; men 2 of 2 (weight 200).
    // 35–44 women: weight 500, nobody in the band: dropped, weights renormalised.
    // (100 × 0.5 + 300 × 0.75 + 200 × 1 + 200 × 1) / 800 = 675 / 800 = 0.84375 → 0.8438.
    const counts = cell('25-34', 'male', 2, 0, cell('15-24', 'male', 3, 1, cell('15-24', 'female', 1, 1)));
    const population: Population = {
      '15-24|female': 100,
      '15-24|male': 300,
      '25-34|female': 200,
      '25-34|male': 200,
      '35-44|female': 500,
    };
    const answer = computeSkillIndicator('dsi', [{ unit: 'c1', counts, population }]);
    expect(answer.overall.share).toBe(0.8438);
    expect(answer.overall.populationCovered).toBe(0.6154); // 800 / 1300
  });

  it('weights communes by their population when rolling up, and falls back to sample shares when one lacks it', () => {
    // Commune A: 1 of 1, weight 100; commune B: 0 of 3, weight 300 → 100 / 400 = 0.25.
    const a = { unit: 'a', counts: cell('35-44', 'female', 1, 0), population: { '35-44|female': 100 } };
    const b = { unit: 'b', counts: cell('35-44', 'female', 0, 3), population: { '35-44|female': 300 } };
    expect(computeSkillIndicator('dsi', [a, b]).overall.share).toBe(0.25);
    const missing = computeSkillIndicator('dsi', [a, { ...b, population: undefined }]);
    expect(missing.weighting).toBe('sample shares');
    expect(missing.populationMissing).toEqual(['b']);
    expect(missing.overall.share).toBe(0.25);
    // Sample shares size the interval on the 4 respondents: Wilson 1 of 4 = [0.0456, 0.6994].
    expect(missing.overall.interval).toEqual({ low: 0.0456, high: 0.6994 });
  });
});

describe('skills aggregation family', () => {
  it('contributes an assessment to its commune on the day it was made', () => {
    const [contribution] = skillsFamily.contribute(
      assessmentArrival({
        unit: 'cb-d1-c1',
        day: '2026-02-03',
        ageBand: '45-54',
        sex: 'female',
        ethnicity: 'nung',
        answers: basicIn(areas),
      }),
    );
    expect(contribution?.unit).toBe('cb-d1-c1');
    expect(contribution?.day).toBe('2026-02-03');
    expect(contribution?.counts['a|45-54|female|n']).toBe(1);
    expect(contribution?.counts['a|45-54|female|dsi']).toBe(1);
    expect(contribution?.counts['a|45-54|female|p146']).toBeUndefined();
    expect(contribution?.counts['e|nung|45-54|dsi']).toBe(1);
    const dossier = makeDossier({ unit: 'cb-d1-c1', code: 'X', returned: '2026-02-03', due: '2026-02-03' });
    expect(skillsFamily.contribute({ kind: 'dossier', dossier })).toEqual([]);
  });
});
