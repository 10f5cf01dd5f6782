import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/aggregation/family-contract';
import { addCounts, skillsFamily } from '../../shared/aggregation/skills';
import { ageBands, ethnicities, sexes, skillItems } from '../../shared/instruments/skills';
import { computeSkillIndicator } from '../../shared/skills/indicators';
import { assessmentArrival } from '../support/skills';

const assessment = fc.record({
  unit: fc.constantFrom('c1', 'c2'),
  day: fc.constantFrom('2026-01-01', '2026-01-02'),
  ageBand: fc.constantFrom(...ageBands),
  sex: fc.constantFrom(...sexes),
  ethnicity: fc.option(fc.constantFrom(...ethnicities), { nil: undefined }),
  answers: fc.record(
    Object.fromEntries(skillItems.map((item) => [item.id, fc.constantFrom(0, 1, 2)])) as Record<
      string,
      fc.Arbitrary<0 | 1 | 2>
    >,
  ),
});

/** The rules written again, plainly, from docs/digital-skills.md. */
function bruteForce(answers: Record<string, number>) {
  const v = (id: string) => answers[id] ?? 0;
  const plan146 =
    v('ops_submit') === 2 &&
    v('ops_vneid') === 2 &&
    (v('health_book') >= 1 || v('health_booking') >= 1) &&
    v('education') >= 1 &&
    v('transport') >= 1 &&
    v('tourism') >= 1 &&
    (v('bank_transfer') >= 1 || v('bank_qr') >= 1);
  const areaItems = {
    info: ['info_search', 'info_files'],
    comm: ['comm_message', 'comm_group'],
    content: ['content_photo', 'content_post'],
    safety: ['safety_scam', 'safety_secret'],
    problem: ['problem_apps', 'problem_fix'],
    ai: ['ai_ask', 'ai_check'],
  };
  const done = Object.values(areaItems).map((ids) => ids.filter((id) => v(id) === 2).length);
  return { plan146, dsi: done.every((count) => count >= 1), dsiAbove: done.every((count) => count >= 2) };
}

describe('skills family property', () => {
  it('sums to the same counts and shares as a brute-force recount of random assessments', () => {
    fc.assert(
      fc.property(fc.array(assessment, { maxLength: 60 }), (assessments) => {
        const byUnit = new Map<string, Counts>();
        for (const item of assessments) {
          for (const contribution of skillsFamily.contribute(assessmentArrival(item))) {
            byUnit.set(
              contribution.unit,
              addCounts(byUnit.get(contribution.unit) ?? {}, contribution.counts),
            );
          }
        }
        const total = addCounts(addCounts({}, byUnit.get('c1') ?? {}), byUnit.get('c2') ?? {});
        for (const band of ageBands) {
          for (const sex of sexes) {
            const inCell = assessments.filter((a) => a.ageBand === band && a.sex === sex);
            expect(total[`a|${band}|${sex}|n`] ?? 0).toBe(inCell.length);
            expect(total[`a|${band}|${sex}|p146`] ?? 0).toBe(
              inCell.filter((a) => bruteForce(a.answers).plan146).length,
            );
            expect(total[`a|${band}|${sex}|dsi`] ?? 0).toBe(
              inCell.filter((a) => bruteForce(a.answers).dsi).length,
            );
            expect(total[`a|${band}|${sex}|dsiA`] ?? 0).toBe(
              inCell.filter((a) => bruteForce(a.answers).dsiAbove).length,
            );
          }
        }
        const communes = [...byUnit].map(([unit, counts]) => ({ unit, counts }));
        const working = assessments.filter((a) => a.ageBand !== '65+');
        const plan = computeSkillIndicator('plan146', communes);
        expect(plan.overall.respondents).toBe(working.length);
        expect(plan.overall.yes).toBe(working.filter((a) => bruteForce(a.answers).plan146).length);
        const dsi = computeSkillIndicator('dsi', communes);
        expect(dsi.overall.yes).toBe(assessments.filter((a) => bruteForce(a.answers).dsi).length);
        for (const ethnicity of [...ethnicities, 'unknown']) {
          const group = assessments.filter((a) => (a.ethnicity ?? 'unknown') === ethnicity);
          expect(dsi.byEthnicity[ethnicity]?.respondents ?? 0).toBe(group.length);
          expect(dsi.byEthnicity[ethnicity]?.yes ?? 0).toBe(
            group.filter((a) => bruteForce(a.answers).dsi).length,
          );
        }
      }),
      { numRuns: 200 },
    );
  });
});
