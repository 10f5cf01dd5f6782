/**
 * The digital-skill indicators `plan146` and `dsi` from summed counts (shared/aggregation/skills.ts),
 * per unit and period, overall and by age band, sex and ethnicity, with denominators and 95% Wilson
 * intervals (DESIGN §4.3). Pure: the counts and populations are read by the caller.
 *
 * Post-stratification: when a commune's population by age band × sex is known, its share is the
 * population-weighted mean of its cell shares. A cell with population but no respondents borrows the
 * share of its age band (both sexes pooled); when the whole band has no respondents the cell is
 * dropped and the remaining weights renormalised (the answer reports the population covered). A unit
 * above communes weights each commune by its population. If any commune with respondents has no
 * population loaded, the whole answer falls back to sample shares and names those communes.
 */
import type { Counts } from '../aggregation/family-contract';
import { cellKey, ethnicityKey } from '../aggregation/skills';
import type { Bilingual } from '../errors';
import {
  type AgeBand,
  ageBands,
  areas,
  ethnicities,
  type Sex,
  sexes,
  UNKNOWN_ETHNICITY,
} from '../instruments/skills';
import { type Interval, round, wilson } from '../stats';
import {
  defaultPlan146Rule,
  defaultWorkingAge,
  isWorkingAgeBand,
  type Plan146Rule,
  type WorkingAge,
} from './rules';

export const skillIndicators = ['plan146', 'dsi'] as const;
export type SkillIndicator = (typeof skillIndicators)[number];

/** Population of a commune by `<ageBand>|<sex>`. */
export type Population = Partial<Record<`${AgeBand}|${Sex}`, number>>;

export interface CommuneCounts {
  unit: string;
  counts: Counts;
  population?: Population | undefined;
}

export interface Estimate {
  /** Respondents in the denominator. */
  respondents: number;
  /** Of them, those who meet the indicator. */
  yes: number;
  /** The sample share yes ÷ respondents (null without respondents). */
  sampleShare: number | null;
  /** The published share: post-stratified when the answer says so, else the sample share. */
  share: number | null;
  /** 95% Wilson interval of `share` (on the Kish effective sample size when post-stratified). */
  interval: Interval | null;
  /** Post-stratified only: share of the population whose cells had respondents (directly or via their age band). */
  populationCovered?: number;
}

export type Weighting = 'post-stratified' | 'sample shares';

export interface SkillsOptions {
  workingAge: WorkingAge;
  plan146Rule: Plan146Rule;
}

/** The options an administrator configured (shared/config.ts `SKILLS_*`). */
export function skillsOptionsFromConfig(config: {
  SKILLS_WORKING_AGE_MIN: number;
  SKILLS_WORKING_AGE_MAX: number;
  SKILLS_PLAN146_OPS_LEVEL: number;
  SKILLS_PLAN146_SERVICE_LEVEL: number;
  SKILLS_PLAN146_SERVICE_ITEMS: 'any' | 'all';
}): SkillsOptions {
  return {
    workingAge: { min: config.SKILLS_WORKING_AGE_MIN, max: config.SKILLS_WORKING_AGE_MAX },
    plan146Rule: {
      opsLevel: config.SKILLS_PLAN146_OPS_LEVEL as 0 | 1 | 2,
      serviceLevel: config.SKILLS_PLAN146_SERVICE_LEVEL as 0 | 1 | 2,
      serviceItems: config.SKILLS_PLAN146_SERVICE_ITEMS,
    },
  };
}

export const defaultSkillsOptions: SkillsOptions = {
  workingAge: defaultWorkingAge,
  plan146Rule: defaultPlan146Rule,
};

interface Selection {
  bands: readonly AgeBand[];
  sexes: readonly Sex[];
}

const get = (counts: Counts, key: string) => counts[key] ?? 0;

function sampleEstimate(respondents: number, yes: number): Estimate {
  const share = respondents > 0 ? yes / respondents : null;
  return { respondents, yes, sampleShare: share, share, interval: wilson(yes, respondents) };
}

/** Sample share over the selected age band × sex cells of every commune. */
export function sampleShare(communes: CommuneCounts[], metric: string, selection: Selection): Estimate {
  let respondents = 0;
  let yes = 0;
  for (const { counts } of communes) {
    for (const band of selection.bands) {
      for (const sex of selection.sexes) {
        respondents += get(counts, cellKey(band, sex, 'n'));
        yes += get(counts, cellKey(band, sex, metric));
      }
    }
  }
  return sampleEstimate(respondents, yes);
}

/**
 * Population-weighted share over the selected cells (see the module comment for empty cells). Every
 * commune in `communes` must carry a population.
 */
export function postStratifiedShare(
  communes: CommuneCounts[],
  metric: string,
  selection: Selection,
): Estimate {
  const sample = sampleShare(communes, metric, selection);
  let weighted = 0;
  let weightUsed = 0;
  let weightTotal = 0;
  // Per-respondent weights, to size the interval by Kish's effective n = (Σw)² / Σw².
  let sumW = 0;
  let sumW2 = 0;
  for (const { counts, population = {} } of communes) {
    for (const band of selection.bands) {
      const bandN = selection.sexes.reduce((sum, sex) => sum + get(counts, cellKey(band, sex, 'n')), 0);
      const bandYes = selection.sexes.reduce((sum, sex) => sum + get(counts, cellKey(band, sex, metric)), 0);
      // Weight borrowed by the band's empty cells, shared by all the band's respondents.
      let borrowed = 0;
      for (const sex of selection.sexes) {
        // Populations are whole numbers ≥ 0 (shared/storage/population.ts); a 0 adds nothing below.
        const weight = population[`${band}|${sex}`] ?? 0;
        weightTotal += weight;
        const n = get(counts, cellKey(band, sex, 'n'));
        if (n > 0) {
          weighted += weight * (get(counts, cellKey(band, sex, metric)) / n);
          weightUsed += weight;
        } else if (bandN > 0) {
          weighted += weight * (bandYes / bandN);
          weightUsed += weight;
          borrowed += weight;
        }
      }
      for (const sex of selection.sexes) {
        const n = get(counts, cellKey(band, sex, 'n'));
        if (n === 0) continue;
        const own = (population[`${band}|${sex}`] ?? 0) / n;
        const w = own + borrowed / bandN;
        // Stryker disable next-line AssignmentOperator: equivalent, Σw is squared (−Σw gives the same n).
        sumW += n * w;
        sumW2 += n * w * w;
      }
    }
  }
  if (weightUsed <= 0) {
    return { ...sample, share: null, interval: null, populationCovered: 0 };
  }
  // weightUsed > 0: some cell with population has respondents of its own or in its band, so they
  // carry weights (Σw² > 0), and weightTotal ≥ weightUsed.
  const share = weighted / weightUsed;
  const effectiveN = (sumW * sumW) / sumW2;
  return {
    ...sample,
    share,
    interval: wilson(share * effectiveN, effectiveN),
    populationCovered: weightUsed / weightTotal,
  };
}

function ethnicityEstimate(
  communes: CommuneCounts[],
  metric: string,
  ethnicity: string,
  bands: readonly AgeBand[],
) {
  let respondents = 0;
  let yes = 0;
  for (const { counts } of communes) {
    for (const band of bands) {
      respondents += get(counts, ethnicityKey(ethnicity, band, 'n'));
      yes += get(counts, ethnicityKey(ethnicity, band, metric));
    }
  }
  return sampleEstimate(respondents, yes);
}

/** Rounds the shares of an estimate for publication (4 decimals). */
function publish(estimate: Estimate): Estimate {
  const r = (value: number | null) => (value === null ? null : round(value, 4));
  return {
    ...estimate,
    sampleShare: r(estimate.sampleShare),
    share: r(estimate.share),
    interval: estimate.interval && {
      low: round(estimate.interval.low, 4),
      high: round(estimate.interval.high, 4),
    },
    ...(estimate.populationCovered === undefined
      ? {}
      : { populationCovered: round(estimate.populationCovered, 4) }),
  };
}

export interface SkillsAnswer {
  indicator: SkillIndicator;
  weighting: Weighting;
  /** The rule behind the figures, in both languages, with its parameters. */
  rule: Bilingual & Record<string, unknown>;
  /** Communes with respondents but no population loaded (why the answer is in sample shares). */
  populationMissing: string[];
  overall: Estimate;
  byAgeBand: Partial<Record<AgeBand, Estimate>>;
  bySex: Partial<Record<Sex, Estimate>>;
  /** Sample shares: no population by ethnicity is loaded. */
  byEthnicity: Record<string, Estimate>;
  /** dsi only: the share at least basic and above basic in each area, and above basic overall. */
  areas?: Record<string, { atLeastBasic: Estimate; aboveBasic: Estimate }>;
  aboveBasic?: Estimate;
}

function ruleText(indicator: SkillIndicator, options: SkillsOptions): SkillsAnswer['rule'] {
  const { min, max } = options.workingAge;
  if (indicator === 'dsi') {
    return {
      vi:
        'Chỉ số kỹ năng số DSI 2.0 (Eurostat): mỗi lĩnh vực (thông tin, giao tiếp, sáng tạo nội dung, an toàn, ' +
        'giải quyết vấn đề, AI) "chưa có" khi không tự làm được việc nào, "cơ bản" khi tự làm được 1 việc, ' +
        '"trên cơ bản" khi tự làm được từ 2 việc; "ít nhất cơ bản" = ít nhất cơ bản ở mọi lĩnh vực. Mọi độ tuổi.',
      en:
        'Eurostat Digital Skills Indicator 2.0: each area (information, communication, content creation, safety, ' +
        'problem solving, AI) is "none" with no activity done on one’s own, "basic" with one, "above basic" with ' +
        'two or more; "at least basic" = at least basic in every area. All ages.',
      areas: [...areas],
      activity: 'answer 2 (on my own)',
    };
  }
  const rule = options.plan146Rule;
  const bands = ageBands.filter((band) => isWorkingAgeBand(band, options.workingAge));
  return {
    vi:
      `Tỷ lệ người trong độ tuổi lao động (${min}–${max}; nhóm tuổi được tính khi ít nhất nửa số năm nằm trong khoảng: ` +
      `${bands.join(', ')}) tự làm được (mức ${rule.opsLevel}) mọi việc về dịch vụ công trực tuyến, và làm được ` +
      `(mức ≥ ${rule.serviceLevel}) ${rule.serviceItems === 'any' ? 'ít nhất một' : 'mọi'} việc của từng dịch vụ ` +
      'thiết yếu (y tế, giáo dục, giao thông, du lịch, ngân hàng). Quy tắc do hệ thống đặt vì chưa có định nghĩa chính thức.',
    en:
      `Share of working-age respondents (${min}–${max}; a band counts when at least half its years are inside: ` +
      `${bands.join(', ')}) who answer level ${rule.opsLevel} on every online-public-service item and at least ` +
      `${rule.serviceLevel} on ${rule.serviceItems === 'any' ? 'at least one' : 'every'} item of each essential ` +
      'service (health, education, transport, tourism, banking). Our rule: no official definition was found.',
    workingAge: { min, max },
    workingAgeBands: bands,
    ...rule,
  };
}

/**
 * The answer of `GET /v1/skills` for one indicator, from the summed counts of each commune of the unit's
 * subtree that has respondents (and its population when loaded).
 */
export function computeSkillIndicator(
  indicator: SkillIndicator,
  communes: CommuneCounts[],
  options: SkillsOptions = defaultSkillsOptions,
): SkillsAnswer {
  const bands =
    indicator === 'plan146'
      ? ageBands.filter((band) => isWorkingAgeBand(band, options.workingAge))
      : ageBands;
  const metric = indicator === 'plan146' ? 'p146' : 'dsi';
  const withRespondents = communes.filter((commune) =>
    ageBands.some((band) => sexes.some((sex) => get(commune.counts, cellKey(band, sex, 'n')) > 0)),
  );
  const populationMissing = withRespondents
    .filter((commune) => !commune.population || Object.values(commune.population).every((value) => !value))
    .map((commune) => commune.unit);
  const stratified = withRespondents.length > 0 && populationMissing.length === 0;
  const estimate = (m: string, selection: Selection) =>
    publish(
      stratified
        ? postStratifiedShare(withRespondents, m, selection)
        : sampleShare(withRespondents, m, selection),
    );
  const all = { bands, sexes };
  const answer: SkillsAnswer = {
    indicator,
    weighting: stratified ? 'post-stratified' : 'sample shares',
    rule: ruleText(indicator, options),
    populationMissing,
    overall: estimate(metric, all),
    byAgeBand: Object.fromEntries(bands.map((band) => [band, estimate(metric, { bands: [band], sexes })])),
    bySex: Object.fromEntries(sexes.map((sex) => [sex, estimate(metric, { bands, sexes: [sex] })])),
    byEthnicity: Object.fromEntries(
      [...ethnicities, UNKNOWN_ETHNICITY]
        .map(
          (ethnicity) =>
            [ethnicity, publish(ethnicityEstimate(withRespondents, metric, ethnicity, bands))] as const,
        )
        .filter(([, value]) => value.respondents > 0),
    ),
  };
  if (indicator === 'dsi') {
    answer.aboveBasic = estimate('dsiA', all);
    answer.areas = Object.fromEntries(
      areas.map((area) => [
        area,
        { atLeastBasic: estimate(`${area}.b`, all), aboveBasic: estimate(`${area}.a`, all) },
      ]),
    );
  }
  return answer;
}
