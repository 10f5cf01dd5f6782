/**
 * The whole Decision 766 scorecard against the national portal's own published figures (facts,
 * test/fixtures/qd766-portal/README.md names each source): every metric, group and total of each unit
 * is recomputed from its numerator and denominator and must match the portal's to ±0.01.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { round } from '../../shared/stats';
import {
  QD766_SCORECARD,
  qd766Classify,
  type Qd766GroupKey,
  type Qd766MetricInput,
  qd766RateScore,
  qd766Scorecard,
} from '../../shared/indexes/qd766-scorecard';

/** [numerator, denominator, score (null where the portal shows none), maxScore]. */
type Figure = [number | null, number | null, number | null, number];

interface PortalUnit {
  code: string;
  total: number;
  groups: Record<Qd766GroupKey, number>;
  metrics: Record<string, Figure>;
  /** The Đắk Lắk data gives the online service group as one ratio and score, no numerators. */
  onlineService?: { ratio: number; score: number };
}

interface PortalSnapshot {
  source: string;
  progressRatio?: number;
  province: PortalUnit & { code: string };
  units: PortalUnit[];
}

const read = (name: string) =>
  JSON.parse(
    readFileSync(new URL(`../fixtures/qd766-portal/${name}`, import.meta.url), 'utf8'),
  ) as PortalSnapshot;

/** A figure's id in the fixture: the portal's code where it has one, else hailong's key. */
const rules = QD766_SCORECARD.flatMap((group) => group.metrics.map((rule) => ({ group: group.key, rule })));
const idOf = (rule: (typeof rules)[number]['rule']) => rule.code ?? rule.key;

/**
 * The scorecard's inputs from a unit's figures. The portal shows the electronic certified copy of a
 * unit without communes as null / null and scores it 2: that is its empty denominator.
 */
function inputsOf(unit: PortalUnit): Record<string, Qd766MetricInput> {
  const inputs: Record<string, Qd766MetricInput> = {};
  for (const { rule } of rules) {
    const figure = unit.metrics[idOf(rule)];
    if (!figure) continue;
    const [numerator, denominator] = figure;
    inputs[rule.key] =
      denominator === null && rule.code === 'ELECTRONIC_CERTIFIED_COPY'
        ? { numerator: 0, denominator: 0 }
        : { numerator, denominator };
  }
  return inputs;
}

function expectUnit(unit: PortalUnit) {
  const card = qd766Scorecard(inputsOf(unit));
  for (const { group, rule } of rules) {
    const figure = unit.metrics[idOf(rule)];
    if (!figure) continue;
    const metric = card.groups[group].metrics.find((entry) => entry.key === rule.key)!;
    expect(metric.maxScore, `${unit.code} ${idOf(rule)} max`).toBe(figure[3]);
    if (figure[2] !== null) expect(metric.score, `${unit.code} ${idOf(rule)}`).toBeCloseTo(figure[2], 2);
  }
  let total = 0;
  for (const key of Object.keys(unit.groups) as Qd766GroupKey[]) {
    const group = card.groups[key];
    if (key === 'onlineService' && unit.onlineService) {
      // No numerators published for this group: its score is the portal's ratio of 12 points.
      expect(unit.groups[key]).toBeCloseTo((unit.onlineService.ratio * 12) / 100, 2);
      total += unit.groups[key];
      continue;
    }
    expect(group.score, `${unit.code} ${key}`).not.toBeNull();
    expect(group.score!, `${unit.code} ${key}`).toBeCloseTo(unit.groups[key], 2);
    total += group.score!;
  }
  expect(Math.round(total * 100) / 100, `${unit.code} total`).toBeCloseTo(unit.total, 2);
  return card;
}

describe('Đắk Lắk, 10/10/2026 (hauphanquoc/766-Analyze)', () => {
  const snapshot = read('daklak-2026-10-10.json');

  it('the province: every metric and group, and the total 65.49 = 11.85 + 17.72 + 8.97 + 9.08 + 6.69 + 11.18', () => {
    const card = expectUnit({ ...snapshot.province, onlineService: { ratio: 74.75, score: 8.97 } });
    expect(card.groups.transparency.score).toBe(11.85);
    expect(card.groups.progress.score).toBe(17.72);
    expect(card.groups.digitized.score).toBe(9.08);
    expect(card.groups.payment.score).toBe(6.69);
    expect(card.groups.satisfaction.score).toBe(11.18);
    expect(11.85 + 17.72 + 8.97 + 9.08 + 6.69 + 11.18).toBeCloseTo(65.49, 2);
  });

  it('holds every one of the 116 units the portal ranks, each once', () => {
    expect(snapshot.units).toHaveLength(116);
    expect(new Set(snapshot.units.map((unit) => unit.code)).size).toBe(116);
  });

  it.each(snapshot.units.map((unit) => [unit.code, unit] as const))('unit %s', (_code, unit) => {
    expectUnit(unit);
  });

  it('the portal grades the units it shows as the bands say (≥ 70 Khá, ≥ 50 Trung bình, else Yếu / Kém)', () => {
    expect(qd766Classify(76.37).vi).toBe('Khá');
    expect(qd766Classify(65.49).vi).toBe('Trung bình');
    expect(qd766Classify(54.86).vi).toBe('Trung bình');
    expect(qd766Classify(44.97).vi).toBe('Yếu / Kém');
  });
});

describe('Đắk Lắk, 17/09/2026 (hauphanquoc/766-Analyze): an earlier snapshot', () => {
  const snapshot = read('daklak-2026-09-17.json');

  it('the province: every metric and group, and the total 64.08 = 11.9 + 17 + 8.98 + 8.87 + 6.43 + 10.9', () => {
    const card = expectUnit(snapshot.province);
    expect(card.groups.satisfaction.score).toBe(10.9);
    expect(card.groups.digitized.score).toBe(8.87);
    // Its electronic certified copy is 0 / 0, scored 2 (full marks).
    expect(card.groups.digitized.metrics.at(-1)!.score).toBe(2);
  });

  it.each(snapshot.units.map((unit) => [unit.code, unit] as const))(
    'unit %s (the units transcribed from that day: test/fixtures/qd766-portal/README.md)',
    (_code, unit) => {
      expectUnit(unit);
    },
  );
});

describe('the 34 provinces, 10/10/2026 (hauphanquoc/766-Analyze data/provinces)', () => {
  const { provinces } = JSON.parse(
    readFileSync(new URL('../fixtures/qd766-portal/provinces-2026-10-10.json', import.meta.url), 'utf8'),
  ) as { provinces: [string, number, ...number[]][] };

  it('every province total is the plain sum of its six rounded group scores', () => {
    expect(provinces).toHaveLength(34);
    for (const [code, total, ...groups] of provinces) {
      expect(groups, code).toHaveLength(6);
      expect(
        round(
          groups.reduce((sum, score) => sum + score, 0),
          2,
        ),
        code,
      ).toBe(total);
    }
    expect(QD766_SCORECARD.reduce((sum, group) => sum + group.maxScore, 0)).toBe(100);
  });
});

describe('Hà Nội, 10/10/2026 (hoang31201/766-HaNoi)', () => {
  const snapshot = read('hanoi-2026-10-10.json');

  it('the city: every group from its numerators, and the total 55.23', () => {
    // The capture gives the progress metric as a ratio (74.04%) without its numerator: 20 × 0.7404.
    const card = qd766Scorecard(inputsOf(snapshot.province));
    const progress = round(qd766RateScore(QD766_SCORECARD[1]!.metrics[0]!, snapshot.progressRatio! / 100), 2);
    expect(progress).toBe(14.81);
    let total = progress;
    for (const key of Object.keys(snapshot.province.groups) as Qd766GroupKey[]) {
      if (key === 'progress') continue;
      expect(card.groups[key].score, key).toBeCloseTo(snapshot.province.groups[key], 2);
      total += card.groups[key].score!;
    }
    expect(round(total, 2)).toBe(55.23);
    expect(card.total).toBeNull();
    expect(card.partialTotal).toEqual({
      score: round(55.23 - 14.81, 2),
      maxScore: 80,
      missing: ['progress'],
    });
  });

  it.each(snapshot.units.map((unit) => [unit.code, unit] as const))(
    'unit %s: every group it publishes',
    (_code, unit) => {
      const card = qd766Scorecard(inputsOf(unit));
      for (const key of Object.keys(unit.groups) as Qd766GroupKey[]) {
        expect(card.groups[key].score, key).toBeCloseTo(unit.groups[key], 2);
      }
    },
  );
});
