/**
 * The whole Decision 766 scorecard at its edges (shared/indexes/qd766.ts): matching dossiers'
 * procedure codes to the catalogue, the catalogue metrics known without the nightly counters, the
 * procedures left out of each metric, and the notes a person reads where a figure is missing. Every
 * figure is worked by hand from the counts and catalogue below (docs/index-methods.md).
 */
import { describe, expect, it } from 'vitest';
import type { Counts } from '../../shared/aggregation/family-contract';
import { defaultQd766Options } from '../../shared/indexes/common';
import { type CatalogueProcedure, qd766, type Qd766ReadFacts } from '../../shared/indexes/qd766';

// Four procedures: 1.000001 online in full and eligible, population data connected; 1.000003
// partial; 10.000005 online in full, not eligible, its result on paper; 1.000006 eligible, no level.
const procedures: CatalogueProcedure[] = [
  { code: '1.000001', onlineLevel: 'full', fullyOnlineEligible: true, citizenDataConnected: true },
  { code: '1.000003', onlineLevel: 'partial' },
  { code: '10.000005', onlineLevel: 'full', fullyOnlineEligible: false, paperResultRequired: true },
  { code: '1.000006', fullyOnlineEligible: true },
];

const counts: Counts = {
  feedbackCounted: 10,
  received: 10,
  receivedOnTime: 10,
  scorecardCounted: 10,
  receivedOnline: 6,
  'receivedOnlineProcedure:1.000001': 2,
  // Not a catalogue code, nor one that begins with one: no procedure.
  'receivedOnlineProcedure:H10-1.000003': 1,
  // The long form of a two-digit code: 10.000005.
  'receivedOnlineProcedure:10.000005.000.00.00.H10': 1,
  // A procedure whose dossiers moved out (a count back to 0): none.
  'receivedOnlineProcedure:1.000003': 0,
  // Online without an electronic result: left out of 3.3 only where the result must be on paper.
  'receivedOnlineNoResult:1.000001': 2,
  'receivedOnlineNoResult:9.999999': 1,
  'receivedOnlineNoResult:10.000005.000.00.00.H10': 1,
};

const transparency: Qd766ReadFacts['transparency'] = {
  publishOnTime: { numerator: 1, denominator: 1 },
  publicUpdateOnTime: { numerator: 1, denominator: 1 },
  publicContentFull: { numerator: 1, denominator: 1 },
};

const metric = (result: ReturnType<typeof qd766>, key: string) =>
  Object.values(result.groups)
    .flatMap((group) => group.metrics)
    .find((entry) => entry.key === key)!;
const figures = (result: ReturnType<typeof qd766>, key: string) => {
  const { numerator, denominator, score } = metric(result, key);
  return [numerator, denominator, score];
};

describe('the catalogue metrics, procedure by procedure', () => {
  const result = () => qd766(counts, { minN: 1 }, { procedures });

  it('3.1: of the eligible procedures (2), those online in full (1): 50% of the 80% threshold → 1.25', () => {
    expect(figures(result(), 'onlineService.fullyOnline')).toEqual([1, 2, 1.25]);
  });

  it('3.2: of the online procedures (3, not the one without a level), those with an online dossier (2) → 2.67', () => {
    // 1.000001 by its code, 10.000005 by its long form; not H10-1.000003, not 1.000003 (0).
    expect(figures(result(), 'onlineService.servicesWithDossiers')).toEqual([2, 3, 2.67]);
  });

  it('3.3: 6 online less the 1 of a paper-result procedure without an electronic result: 5 of 10 → 6', () => {
    expect(figures(result(), 'onlineService.onlineDossiers')).toEqual([5, 10, 6]);
  });

  it('4.5: 1 of the 4 procedures connected to population data → 0.5', () => {
    expect(figures(result(), 'digitized.citizenDataProcedure')).toEqual([1, 4, 0.5]);
  });

  it('keeps 3.1 and 4.5 (the catalogue alone) when the dossiers were counted before the counters, not 3.2 or 3.3', () => {
    const older = qd766({ ...counts, scorecardCounted: 9 }, { minN: 1 }, { procedures });
    expect(figures(older, 'onlineService.fullyOnline')).toEqual([1, 2, 1.25]);
    expect(figures(older, 'digitized.citizenDataProcedure')).toEqual([1, 4, 0.5]);
    expect(metric(older, 'onlineService.servicesWithDossiers').score).toBeNull();
    expect(metric(older, 'onlineService.onlineDossiers').score).toBeNull();
    expect(metric(older, 'onlineService.servicesWithDossiers').note).toEqual({
      vi: 'Có hồ sơ trong kỳ được tổng hợp trước khi có các bộ đếm này (N/A).',
      en: 'Dossiers of the period were aggregated before these counters existed (N/A).',
    });
  });

  it('takes an empty catalogue as none: every catalogue metric N/A, saying why', () => {
    const none = qd766(counts, { minN: 1 }, { procedures: [] });
    for (const key of [
      'onlineService.fullyOnline',
      'digitized.citizenDataProcedure',
      'payment.proceduresPaidOnline',
    ]) {
      expect(metric(none, key).score, key).toBeNull();
      expect(metric(none, key).note, key).toEqual({
        vi: 'Chưa có danh mục thủ tục hành chính với các thông tin cần cho chỉ số này (N/A).',
        en: 'No procedure catalogue with the facts this metric needs (N/A).',
      });
    }
  });
});

describe('the notes and the whole total', () => {
  it("says the province's transparency figure is not recorded, and the total is not given", () => {
    const result = qd766(counts, { minN: 1 }, { procedures });
    expect(metric(result, 'transparency.publishOnTime').note).toEqual({
      vi: 'Chưa nhập số liệu toàn tỉnh của chỉ số này cho kỳ (N/A).',
      en: "The province's figure of this metric is not recorded for the period (N/A).",
    });
    expect(result.total).toBeNull();
    expect(result.totalNote.en).toContain('some have no figures yet');
  });

  it('gives the whole total its note when all six groups are known, and no note on a known dossier metric', () => {
    const result = qd766(counts, { minN: 1 }, { procedures, transparency });
    expect(result.total).not.toBeNull();
    expect(result.totalNote).toEqual({
      vi: 'Tổng điểm 100 của Cổng DVCQG: tổng điểm sáu nhóm.',
      en: "The portal's 100-point total: the sum of the six groups.",
    });
    expect(metric(result, 'satisfaction.dossier').note).toBeUndefined();
    expect(metric(result, 'progress.onTime').note).toBeUndefined();
  });

  it('says no dossier was received, rather than that the counters are missing, for an empty period', () => {
    const result = qd766({ feedbackCounted: 1 }, { minN: 1 }, { procedures });
    const noDossiers = {
      vi: 'Không có hồ sơ tiếp nhận trong kỳ, hoặc số liệu theo ngày tiếp nhận chưa được tổng hợp (N/A).',
      en: 'No dossier received in the period, or received-day counts are not aggregated yet (N/A).',
    };
    expect(metric(result, 'transparency.dossierSync').note).toEqual(noDossiers);
    expect(metric(result, 'satisfaction.dossier').note).toEqual(noDossiers);
  });

  it('names the supplement rule limited to dossiers neither finished nor returned', () => {
    const result = qd766(counts, {
      minN: 1,
      qd766: {
        ...defaultQd766Options,
        multipleSupplementsLate: true,
        multipleSupplementsScope: 'unfinished',
      },
    });
    expect(result.rules.en).toContain(
      'more than one supplement request counts as late while the dossier is neither finished nor returned',
    );
    expect(result.rules.vi).toContain(
      'yêu cầu bổ sung hơn 01 lần tính quá hạn nếu hồ sơ chưa xử lý xong, chưa trả kết quả',
    );
    const everyDossier = qd766(counts, {
      minN: 1,
      qd766: { ...defaultQd766Options, multipleSupplementsLate: true },
    });
    expect(everyDossier.rules.en).toContain('more than one supplement request counts as late.');
  });
});
