/**
 * The whole Decision 766 scorecard from the nightly counters and what is read with the scores (the
 * procedure catalogue, the communes' certified copies, the province's transparency figures; issue 22).
 * Every figure is worked by hand from the counts below and the rules of docs/index-methods.md.
 */
import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/aggregation/family-contract';
import { type CatalogueProcedure, qd766, type Qd766ReadFacts } from '../../shared/indexes/qd766';

// 100 dossiers received and counted, 4 withdrawn; 90 on time (in progress included), none unsatisfied.
const counts: Counts = {
  feedbackCounted: 104,
  received: 100,
  receivedWithdrawn: 4,
  receivedOnTime: 90,
  receivedLate: 10,
  scorecardCounted: 100,
  receivedSynced: 52, // 52 of 104 → 50% → 6 × 0.5 = 3
  receivedFinished: 80,
  receivedFinishedDays: 200, // 2.5 days on average
  receivedOnline: 60,
  'receivedOnlineProcedure:1.000001': 30,
  'receivedOnlineProcedure:1.000002.000.00.00.H10': 30, // the long form of a catalogue code
  'receivedOnlineNoResult:1.000002.000.00.00.H10': 10, // paper result required: 10 of 60 not counted
  receivedFeeRequired: 40,
  receivedPaidOnline: 10,
  'receivedFeeProcedure:1.000001': 30,
  'receivedFeeProcedure:1.000003': 10,
  'receivedPaidOnlineProcedure:1.000001': 10,
  receivedElectronicResult: 70,
  receivedDigitized: 70,
  'receivedDigitizedNoResult:1.000002.000.00.00.H10': 5,
  receivedReusedData: 40,
  receivedPersonalStorage: 25,
  receivedCitizenData: 50,
};

// Four procedures: 1 and 2 online in full (both eligible), 3 partial, 4 none (eligible).
const procedures: CatalogueProcedure[] = [
  {
    code: '1.000001',
    onlineLevel: 'full',
    fullyOnlineEligible: true,
    feeCharging: true,
    citizenDataConnected: true,
  },
  { code: '1.000002', onlineLevel: 'full', fullyOnlineEligible: true, paperResultRequired: true },
  { code: '1.000003', onlineLevel: 'partial', feeCharging: true, citizenDataConnected: true },
  { code: '1.000004', onlineLevel: 'none', fullyOnlineEligible: true, feeCharging: true },
];

const facts: Qd766ReadFacts = {
  procedures,
  communes: { total: 4, electronicCertifiedCopy: 1 },
  transparency: {
    publishOnTime: { numerator: 10, denominator: 10 },
    publicUpdateOnTime: { numerator: 8, denominator: 10 },
    publicContentFull: { numerator: 9, denominator: 10 },
  },
};

const metric = (
  result: ReturnType<typeof qd766>,
  group: keyof ReturnType<typeof qd766>['groups'],
  key: string,
) => result.groups[group].metrics.find((entry) => entry.key === key)!;

describe('the whole scorecard', () => {
  // Computed in each test, not when the tests are collected: a rule that throws fails the tests.
  const result = () => qd766(counts, { minN: 1 }, facts);

  it('scores transparency: 6 + 3.2 + 1.8 + the dossiers synced 52 of 104 → 3 = 14', () => {
    expect(metric(result(), 'transparency', 'transparency.dossierSync')).toMatchObject({
      code: 'DOSSIER_SYNC',
      numerator: 52,
      denominator: 104,
      ratio: 50,
      score: 3,
      lost: 3,
    });
    expect(result().groups.transparency).toMatchObject({ score: 14, maxScore: 18 });
  });

  it('scores online service: 2 of 3 eligible in full (2 × 0.6667 ÷ 0.8 = 1.67), 2 of 3 online with dossiers (2.67), 50 of 100 online (6)', () => {
    expect(metric(result(), 'onlineService', 'onlineService.fullyOnline')).toMatchObject({
      numerator: 2,
      denominator: 3,
      score: 1.67,
    });
    expect(metric(result(), 'onlineService', 'onlineService.servicesWithDossiers')).toMatchObject({
      numerator: 2,
      denominator: 3,
      score: 2.67,
    });
    // 60 online less the 10 whose paper result has no electronic counterpart.
    expect(metric(result(), 'onlineService', 'onlineService.onlineDossiers')).toMatchObject({
      numerator: 50,
      denominator: 100,
      score: 6,
    });
    expect(result().groups.onlineService).toMatchObject({ score: 10.34, maxScore: 12 });
  });

  it('scores payment: 10 of 40 paid online (1.5), 1 of 3 fee procedures paid online (0.83), 2 of 3 with fee dossiers (1.67)', () => {
    expect(
      result().groups.payment.metrics.map((entry) => [entry.numerator, entry.denominator, entry.score]),
    ).toEqual([
      [10, 40, 1.5],
      [1, 3, 0.83],
      [2, 3, 1.67],
    ]);
    expect(result().groups.payment).toMatchObject({ score: 4, maxScore: 10 });
  });

  it('scores digitisation: 70 → 4.2, 65 → 2.6, 40 → 1, 25 → 1, 50 → 1, 2 of 4 procedures → 1, 1 of 4 communes → 0.5', () => {
    expect(
      result().groups.digitized.metrics.map((entry) => [entry.numerator, entry.denominator, entry.score]),
    ).toEqual([
      [70, 100, 4.2],
      [65, 100, 2.6],
      // 40% of the 80% threshold: 2 × 0.5
      [40, 100, 1],
      [25, 100, 1],
      [50, 100, 1],
      [2, 4, 1],
      [1, 4, 0.5],
    ]);
    expect(result().groups.digitized).toMatchObject({ score: 11.3, maxScore: 22 });
  });

  it('totals the six groups with a classification only when all are complete', () => {
    // progress 20 × 0.9 = 18; satisfaction 6 (90% → 6) + 6 + 6 (no case opened) = 18.
    expect(result().groups.progress.score).toBe(18);
    expect(result().groups.satisfaction.score).toBe(18);
    // 14 + 18 + 10.34 + 4 + 18 + 11.3 = 75.64 → Khá
    expect(result().total).toEqual({
      score: 75.64,
      maxScore: 100,
      classification: { grade: 'fair', vi: 'Khá', en: 'Fair' },
    });
    expect(result().partialTotal).toBeNull();
    expect(result().avgProcessingDays).toBe(2.5);
  });

  it('without the catalogue or the transparency figures: N/A, a partial total never graded', () => {
    const partial = qd766(counts, { minN: 1 }, {});
    expect(partial.total).toBeNull();
    expect(partial.partialTotal).toEqual({
      // progress 18 + satisfaction 18 (the groups complete without them)
      score: 36,
      maxScore: 38,
      missing: ['transparency', 'onlineService', 'payment', 'digitized'],
    });
    expect(metric(partial, 'payment', 'payment.dossiersPaidOnline').score).toBe(1.5);
    expect(metric(partial, 'payment', 'payment.proceduresPaidOnline').note!.en).toContain('catalogue');
    // 4.6 without the setting: as the portal shows every unit, 0 / 0 → 2 (ratio 100).
    expect(metric(partial, 'digitized', 'digitized.electronicCertifiedCopy')).toMatchObject({
      score: 2,
      ratio: 100,
    });
  });

  it('answers N/A where a dossier of the period was counted before the scorecard counters', () => {
    const older = qd766({ ...counts, scorecardCounted: 99 }, { minN: 1 }, facts);
    const synced = metric(older, 'transparency', 'transparency.dossierSync');
    expect(synced.score).toBeNull();
    expect(synced.note!.en).toContain('before these counters existed');
    expect(older.total).toBeNull();
  });
});
