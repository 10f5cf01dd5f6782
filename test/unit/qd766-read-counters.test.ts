/**
 * The Decision 766 counters set when the scores are read (shared/indexes/period-inputs-join.ts): 5.2's
 * cases still within their time as of the day read, the communes' electronic certified copies (4.6),
 * and the province's transparency inputs summed over months — each worked by hand, from the feedback
 * cases' life to the metric's score.
 */
import { describe, expect, it } from 'vitest';
import { contributions, type DossierState } from '../../shared/aggregation/dossier-life';
import type { Counts } from '../../shared/aggregation/family-contract';
import { qd766 } from '../../shared/indexes/qd766';
import {
  casesOpenWithinDue,
  certifiedCopyCounts,
  transparencyTallies,
} from '../../shared/indexes/period-inputs-join';
import { checkPeriodInput } from '../../shared/storage/period-inputs';
import type { Unit } from '../../shared/storage/units';

const dossier: DossierState = {
  unit: 'u1',
  channel: 'counter',
  receivedAt: '2026-03-02T02:00:00Z',
  dueAt: '2026-03-06T10:00:00Z',
  returnedAt: '2026-03-04T03:00:00Z',
  supplements: [],
  supplementRequests: 0,
  withdrawn: false,
  complaint: false,
  steps: [],
};

/** The counts of some dossiers, each with its case, summed (what the nightly job stores). */
function countsOf(cases: DossierState['feedbackCase'][]): Counts {
  const counts: Counts = {};
  for (const feedbackCase of cases) {
    for (const contribution of contributions({ ...dossier, feedbackCase }, '2026-03-31')) {
      for (const [name, value] of Object.entries(contribution.counts))
        counts[name] = (counts[name] ?? 0) + value;
    }
  }
  return counts;
}

describe("5.2: cases handled on time and cases still within their time ('đang xử lý trong hạn')", () => {
  // Five cases opened 10 March: answered on time (due 24th, answered 20th), answered late (due 24th,
  // answered 30th), and three still open, due on 12, 17 and 24 March.
  const opened = '2026-03-10T04:00:00Z';
  const counts = countsOf([
    { openedAt: opened, dueDay: '2026-03-24', answeredAt: '2026-03-20T03:00:00Z' },
    { openedAt: opened, dueDay: '2026-03-24', answeredAt: '2026-03-30T03:00:00Z' },
    { openedAt: opened, dueDay: '2026-03-12' },
    { openedAt: opened, dueDay: '2026-03-17' },
    { openedAt: opened, dueDay: '2026-03-24' },
  ]);

  it('keeps each open case by its due day, whatever the day counted', () => {
    expect(counts['caseOpenDue:2026-03-12']).toBe(1);
    expect(counts['caseOpenDue:2026-03-17']).toBe(1);
    expect(counts['caseOpenDue:2026-03-24']).toBe(1);
    expect(counts.casesOpened).toBe(5);
    expect(counts.casesAnsweredOnTime).toBe(1);
  });

  it('counts an open case within its time through its due day, overdue from the next', () => {
    expect(casesOpenWithinDue(counts, '2026-03-11')).toBe(3);
    expect(casesOpenWithinDue(counts, '2026-03-12')).toBe(3);
    expect(casesOpenWithinDue(counts, '2026-03-13')).toBe(2);
    expect(casesOpenWithinDue(counts, '2026-03-17')).toBe(2);
    expect(casesOpenWithinDue(counts, '2026-03-18')).toBe(1);
    expect(casesOpenWithinDue(counts, '2026-03-25')).toBe(0);
    // No day given (a reader without a clock): none within time, never made up.
    expect(casesOpenWithinDue(counts, undefined)).toBe(0);
    expect(casesOpenWithinDue({ casesOpenWithinDue: 4, 'other:2026-04-01': 1 }, '2026-03-01')).toBe(0);
  });

  it('scores 5.2 on 15 March: (1 on time + 2 still within time) of 5 = 60% → 3.6 of 6', () => {
    const read = { ...counts, casesOpenWithinDue: casesOpenWithinDue(counts, '2026-03-15') };
    const metric = qd766(read, { minN: 1 }).groups.satisfaction.metrics.find(
      (entry) => entry.code === 'PETITION_PROCESSING_ON_TIME',
    )!;
    expect([metric.numerator, metric.denominator, metric.ratio, metric.score]).toEqual([3, 5, 60, 3.6]);
    // On 25 March every open case is overdue: 1 of 5 = 20% → 1.2.
    const later = { ...counts, casesOpenWithinDue: casesOpenWithinDue(counts, '2026-03-25') };
    const after = qd766(later, { minN: 1 }).groups.satisfaction.metrics[1]!;
    expect([after.numerator, after.score]).toEqual([1, 1.2]);
  });
});

describe('4.6: the communes of a unit that offer electronic certified copies', () => {
  const unit = (id: string, path: string, kind: Unit['kind'], offered?: boolean): Unit => ({
    id,
    name: id,
    kind,
    parent: path.split('/').filter(Boolean).at(-2) ?? null,
    path,
    sipas: false,
    ...(offered === undefined ? {} : { electronicCertifiedCopy: offered }),
  });
  const tree = [
    unit('p', 'p/', 'province'),
    unit('d', 'p/d/', 'district'),
    unit('c1', 'p/d/c1/', 'commune', true),
    unit('c2', 'p/d/c2/', 'commune', false),
    unit('c3', 'p/d/c3/', 'commune'),
    unit('c4', 'p/c4/', 'commune', true),
    // A department marked by a wrong import: not a commune, not counted.
    unit('s', 'p/s/', 'department', true),
  ];

  it('counts the recorded communes of the subtree and those offering', () => {
    expect(certifiedCopyCounts(tree, tree[0]!)).toEqual({
      certifiedCopyCommunes: 3,
      certifiedCopyCommunesOffering: 2,
    });
    expect(certifiedCopyCounts(tree, tree[1]!)).toEqual({
      certifiedCopyCommunes: 2,
      certifiedCopyCommunesOffering: 1,
    });
    expect(certifiedCopyCounts(tree, tree[4]!)).toEqual({
      certifiedCopyCommunes: 0,
      certifiedCopyCommunesOffering: 0,
    });
  });

  it('scores the province 2 × 2/3 = 1.33, the district 1, a unit with none recorded 2 (0 / 0)', () => {
    const score = (counts: Counts) =>
      qd766({ received: 4, scorecardCounted: 4, ...counts }, { minN: 1 }).groups.digitized.metrics.at(-1)!;
    expect(score(certifiedCopyCounts(tree, tree[0]!)).score).toBe(1.33);
    expect(score(certifiedCopyCounts(tree, tree[1]!)).score).toBe(1);
    const none = score(certifiedCopyCounts(tree, tree[6]!));
    expect([none.numerator, none.denominator, none.ratio, none.score]).toEqual([0, 0, 100, 2]);
    // Communes recorded but no dossier counted: still known.
    const recordedOnly = qd766(certifiedCopyCounts(tree, tree[1]!), { minN: 1 }).groups.digitized.metrics.at(
      -1,
    )!;
    expect(recordedOnly.score).toBe(1);
  });
});

describe("1.1–1.3: the province's figures, the months summed", () => {
  const recorded = (
    indicator: 'transparency.publishOnTime' | 'transparency.publicContentFull',
    numerator: number,
    denominator: number,
  ) => ({
    unit: 'p',
    month: '2026-03',
    indicator,
    numerator,
    denominator,
    recordedBy: 'test',
    recordedAt: '2026-03-31T00:00:00Z',
  });

  it('adds each metric numerator, denominator and one month', () => {
    expect(
      transparencyTallies([
        recorded('transparency.publishOnTime', 2, 5),
        recorded('transparency.publicContentFull', 0, 0),
      ]),
    ).toEqual({
      'transparency.publishOnTime:numerator': 2,
      'transparency.publishOnTime:denominator': 5,
      'transparency.publishOnTime:months': 1,
      'transparency.publicContentFull:numerator': 0,
      'transparency.publicContentFull:denominator': 0,
      'transparency.publicContentFull:months': 1,
    });
  });

  it('scores two months 2/5 + 4/5 = 6/10 → 3.6 of 6; a month of 0 / 0 scores 0; none recorded is N/A', () => {
    const months = { ...transparencyTallies([recorded('transparency.publishOnTime', 2, 5)]) };
    for (const [name, value] of Object.entries(
      transparencyTallies([recorded('transparency.publishOnTime', 4, 5)]),
    ))
      months[name] = (months[name] ?? 0) + value;
    const card = qd766(
      { ...months, ...transparencyTallies([recorded('transparency.publicContentFull', 0, 0)]) },
      { minN: 1 },
    );
    const [publish, update, content] = card.groups.transparency.metrics;
    expect([publish!.numerator, publish!.denominator, publish!.score]).toEqual([6, 10, 3.6]);
    expect(update!.score).toBeNull();
    expect([content!.denominator, content!.score]).toEqual([0, 0]);
    // Given as facts, the figures replace the joined ones.
    const given = qd766(
      months,
      { minN: 1 },
      { transparency: { publishOnTime: { numerator: 1, denominator: 2 } } },
    );
    expect(given.groups.transparency.metrics[0]!.score).toBe(3);
  });

  it('checks the fields an indicator takes', () => {
    const entry = { unit: 'p', month: '2026-03', indicator: 'transparency.publishOnTime' as const };
    expect(checkPeriodInput({ ...entry, numerator: 5, denominator: 5 })).toMatchObject({ numerator: 5 });
    expect(checkPeriodInput({ ...entry, numerator: 0, denominator: 0 })).toMatchObject({ denominator: 0 });
    expect(() => checkPeriodInput({ ...entry, numerator: 6, denominator: 5 })).toThrow(/must not exceed/);
    expect(() => checkPeriodInput({ ...entry, denominator: 5 })).toThrow(/numerator \(required\)/);
    expect(() => checkPeriodInput({ ...entry, numerator: 1, denominator: 5, value: 1 })).toThrow(
      /value \(not taken/,
    );
    expect(() =>
      checkPeriodInput({ unit: 'p', month: '2026-03', indicator: 'i5', value: 1, denominator: 2 }),
    ).toThrow(/denominator \(not taken/);
    expect(() => checkPeriodInput({ unit: 'p', month: '2026-03', indicator: 'i5', numerator: 1 })).toThrow(
      /value \(required\).*numerator \(not taken/,
    );
    expect(checkPeriodInput({ unit: 'p', month: '2026-03', indicator: 'i9', value: 0 })).toMatchObject({
      value: 0,
    });
  });
});
