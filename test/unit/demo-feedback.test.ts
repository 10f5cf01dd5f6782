import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../local/demo';
import { demoCases, demoCaseStates } from '../../local/demo-feedback';

describe('demo feedback cases', () => {
  const now = new Date('2026-10-15T03:00:00Z');
  const { dossiers, ratings } = generateDemo({ now, linkTtlDays: 30 });
  const cases = demoCases(dossiers, ratings, now);

  it('has cases in every state: open, overdue, answered, answered late, judged satisfactory and not', () => {
    const states = demoCaseStates(cases, now);
    for (const state of ['open', 'overdue', 'answered', 'late', 'satisfied', 'unsatisfied']) {
      expect(states[state], state).toBeGreaterThan(0);
    }
  });

  it('opens a case exactly for the unsatisfied, harassment and complaint dossiers', () => {
    const ratingOf = new Map(ratings.map((rating) => [rating.rid, rating]));
    for (const dossier of dossiers) {
      const rating = ratingOf.get(dossier.rid);
      const expected = dossier.complaint || rating?.overall === 0 || rating?.i7 === 0;
      expect(cases.has(dossier.rid), dossier.code).toBe(expected);
    }
  });

  it('is the same from run to run', () => {
    expect(demoCases(dossiers, ratings, now)).toEqual(cases);
  });
});
