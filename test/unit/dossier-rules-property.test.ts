import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DossierFacts, qd766Status } from '../../shared/indexes/dossier-rules';
import { addDays, localDay, startOfLocalDay } from '../../shared/time';

const START = Date.parse('2025-07-01T02:00:00Z');
const HOUR = 3_600_000;
const instant = (hours: number) => new Date(START + hours * HOUR).toISOString();

/** Dossiers received 1 July with events within the following 40 days, in order. */
const dossier = fc
  .record({
    dueHours: fc.integer({ min: 0, max: 30 * 24 }),
    finishHours: fc.option(fc.integer({ min: 1, max: 40 * 24 }), { nil: undefined }),
    supplements: fc.array(
      fc.record({
        at: fc.integer({ min: 1, max: 35 * 24 }),
        wait: fc.option(fc.integer({ min: 1, max: 10 * 24 }), { nil: undefined }),
      }),
      { maxLength: 3 },
    ),
    withdrawn: fc.boolean(),
  })
  .map(({ dueHours, finishHours, supplements, withdrawn }): DossierFacts => ({
    receivedAt: instant(0),
    dueAt: instant(dueHours),
    ...(finishHours !== undefined ? { finishedAt: instant(finishHours) } : {}),
    supplements: supplements
      .filter((supplement) => finishHours === undefined || supplement.at < finishHours)
      .map(({ at, wait }) => ({
        requestedAt: instant(at),
        ...(wait !== undefined ? { suppliedAt: instant(at + wait) } : {}),
      })),
    supplementRequests: 0,
    withdrawn,
    complaint: false,
    channel: 'counter',
    steps: [],
  }));

/** What the one-stop system had reported by the end of local day `day`. */
function knownBy(facts: DossierFacts, day: string): DossierFacts {
  const cutoff = startOfLocalDay(addDays(day, 1)).getTime();
  const before = (value: string | undefined) => value !== undefined && Date.parse(value) < cutoff;
  return {
    ...facts,
    finishedAt: before(facts.finishedAt) ? facts.finishedAt : undefined,
    supplements: facts.supplements
      .filter((supplement) => before(supplement.requestedAt))
      .map((supplement) =>
        before(supplement.suppliedAt) ? supplement : { requestedAt: supplement.requestedAt },
      ),
  };
}

const day = fc.integer({ min: 0, max: 60 }).map((offset) => addDays(localDay(START), offset));

describe("Decision 766 status over a dossier's life (property)", () => {
  it('as of a day depends only on what was reported by that day, so later reports never change a past day', () => {
    fc.assert(
      fc.property(dossier, day, (facts, asOf) => {
        expect(qd766Status(facts, asOf).status).toBe(qd766Status(knownBy(facts, asOf), asOf).status);
      }),
    );
  });

  it('never turns a late dossier back to on time or in progress on a later day', () => {
    fc.assert(
      fc.property(dossier, day, fc.integer({ min: 1, max: 30 }), (facts, asOf, later) => {
        if (qd766Status(facts, asOf).status === 'late')
          expect(qd766Status(facts, addDays(asOf, later)).status).toBe('late');
      }),
    );
  });

  it("keeps a finished dossier's status once it is finished", () => {
    fc.assert(
      fc.property(dossier, fc.integer({ min: 1, max: 30 }), (facts, later) => {
        if (facts.finishedAt === undefined) return;
        const finishDay = localDay(facts.finishedAt);
        const status = qd766Status(facts, finishDay).status;
        expect(['onTime', 'late', 'withdrawn']).toContain(status);
        expect(qd766Status(facts, addDays(finishDay, later)).status).toBe(status);
      }),
    );
  });
});
