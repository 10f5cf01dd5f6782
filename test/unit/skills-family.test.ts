/**
 * The metrics one self-assessment adds in the digital-skill family (shared/aggregation/skills.ts):
 * Eurostat DSI 2.0 per area — at least basic (`<area>.b`) with one activity done "on my own" (2), above
 * basic (`<area>.a`) with more than one — and the plan146 rule (Decision 146/QĐ-TTg: ops items at
 * level 2, every other service with an item at level 1 or more). Expected lists worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { assessmentMetrics, createSkillsFamily, skillsFamily } from '../../shared/aggregation/skills';
import { aggKey } from '../../shared/storage/aggregates';
import type { Answers } from '../../shared/instruments/skills';

// Every service item: ops at 2, the others at 1 (meets plan146 with the default rule).
const services: Answers = {
  ops_submit: 2,
  ops_vneid: 2,
  health_book: 1,
  health_booking: 0,
  education: 1,
  transport: 1,
  tourism: 1,
  bank_transfer: 1,
  bank_qr: 0,
};

describe('the metrics of one assessment', () => {
  it('counts each area at least basic and above basic from the items done on one’s own', () => {
    const answers: Answers = {
      ...services,
      info_search: 2,
      info_files: 2, // info: 2 done → above basic
      comm_message: 2,
      comm_group: 1, // comm: 1 done → basic
      content_photo: 1,
      content_post: 0, // content: none ("with help" does not count)
      safety_scam: 0,
      safety_secret: 2, // safety: basic
      problem_apps: 2,
      problem_fix: 2, // problem: above basic
      ai_ask: 1,
      ai_check: 1, // ai: none
    };
    // Not every area at least basic (content, ai): neither dsi nor dsiA.
    expect(assessmentMetrics(answers)).toEqual([
      'n',
      'p146',
      'info.b',
      'info.a',
      'comm.b',
      'safety.b',
      'problem.b',
      'problem.a',
    ]);
  });

  it('counts dsi and dsiA, and every area both ways, when every item is done on one’s own', () => {
    const areaItems = ['info_search', 'info_files', 'comm_message', 'comm_group', 'content_photo'];
    const more = ['content_post', 'safety_scam', 'safety_secret', 'problem_apps', 'problem_fix', 'ai_ask'];
    const answers: Answers = Object.fromEntries([...areaItems, ...more, 'ai_check'].map((id) => [id, 2]));
    // No service item answered: plan146 not met.
    expect(assessmentMetrics(answers)).toEqual([
      'n',
      'dsi',
      'dsiA',
      'info.b',
      'info.a',
      'comm.b',
      'comm.a',
      'content.b',
      'content.a',
      'safety.b',
      'safety.a',
      'problem.b',
      'problem.a',
      'ai.b',
      'ai.a',
    ]);
  });
});

describe('the family as the nightly job sees it', () => {
  it('owns the self-assessment arrivals only, and keeps its aggregates under AGG#skills#<unit>', () => {
    // The engine hands an arrival to the families whose kinds include the arrival's kind; the stored
    // aggregates of every province are keyed by the family's name, so a rename would orphan them.
    for (const family of [skillsFamily, createSkillsFamily()]) {
      expect(family.kinds).toEqual(['assessment']);
      expect(aggKey(family.name, 'cb-d1-c1', 'D#2026-03-01').pk).toBe('AGG#skills#cb-d1-c1');
    }
  });
});
