/**
 * What a leader reads of digital skills (DESIGN §1, §4.3): the scope's plan146 figure against the
 * plans' targets — 70% of working-age people by 2025, 90% by 2030 (Decision 146/QĐ-TTg and the
 * provinces' plans under it) — and its communes, worst first. Read fresh (./load.ts): an assessment
 * stored today is in the figures at once.
 */
import type { Config } from '../config';
import { getPopulations } from '../storage/population';
import type { Store } from '../storage/client';
import type { Unit } from '../storage/units';
import type { LocalDay } from '../time';
import type { UnitDirectory } from '../unit-directory';
import { computeSkillIndicator, type SkillsAnswer, skillsOptionsFromConfig } from './indicators';
import { loadCommuneSkillCounts } from './load';

/** The plans' targets for the plan146 share, by year (DESIGN §1). */
export const PLAN146_TARGETS = [
  { year: 2025, share: 0.7 },
  { year: 2030, share: 0.9 },
] as const;

export interface TargetGap {
  year: number;
  /** The target share, 0–1. */
  share: number;
  /** True when the figure is at or above the target. */
  met: boolean;
  /** Percentage points still to go (target − figure, 0 when met); null without a figure. */
  gapPoints: number | null;
}

export interface CommuneSkillsRow {
  unit: { id: string; name: string };
  plan146: SkillsAnswer;
  dsi: SkillsAnswer;
}

export interface SkillsOverview {
  scope: { id: string; name: string; kind: string };
  /** The scope's plan146 (all its communes as strata), with its gap to each target. */
  plan146: SkillsAnswer;
  dsi: SkillsAnswer;
  targets: TargetGap[];
  /**
   * The communes worst first: by plan146 share ascending, ties by name; communes with no respondent
   * last, by name (nothing to rank them by; shown, not hidden).
   */
  communes: CommuneSkillsRow[];
  /** How the rows are sorted, for the page to say so. */
  sort: 'plan146-ascending';
}

/** The gap of a share to each target. */
export function targetGaps(share: number | null): TargetGap[] {
  return PLAN146_TARGETS.map((target) => ({
    year: target.year,
    share: target.share,
    met: share !== null && share >= target.share,
    gapPoints: share === null ? null : Math.max(0, Math.round((target.share - share) * 10_000) / 100),
  }));
}

/** Worst first: lowest plan146 share first, no-data rows last, ties and no-data rows by name. */
export function worstFirst(rows: CommuneSkillsRow[]): CommuneSkillsRow[] {
  return [...rows].sort((a, b) => {
    const x = a.plan146.overall.share;
    const y = b.plan146.overall.share;
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) return x - y;
    return a.unit.name.localeCompare(b.unit.name, 'vi');
  });
}

export interface SkillsOverviewDeps {
  store: Store;
  units: UnitDirectory;
  config: Config;
  now: () => Date;
}

/** The overview of `scope` (any unit: its communes are the strata) for a period. */
export async function readSkillsOverview(
  deps: SkillsOverviewDeps,
  scope: Unit,
  from: LocalDay,
  to: LocalDay,
): Promise<SkillsOverview> {
  const options = skillsOptionsFromConfig(deps.config);
  const communes = (await deps.units.subtree(scope.id)).filter((unit) => unit.kind === 'commune');
  const ids = communes.map((commune) => commune.id);
  const [counts, populations] = await Promise.all([
    loadCommuneSkillCounts(deps.store, ids, from, to, { now: deps.now(), plan146Rule: options.plan146Rule }),
    getPopulations(deps.store, ids),
  ]);
  const strata = communes.map((commune, index) => ({
    unit: commune.id,
    counts: counts[index] ?? {},
    population: populations.get(commune.id),
  }));
  const rows = communes.map((commune, index) => ({
    unit: { id: commune.id, name: commune.name },
    plan146: computeSkillIndicator('plan146', [strata[index]!], options),
    dsi: computeSkillIndicator('dsi', [strata[index]!], options),
  }));
  const plan146 = computeSkillIndicator('plan146', strata, options);
  return {
    scope: { id: scope.id, name: scope.name, kind: scope.kind },
    plan146,
    dsi: computeSkillIndicator('dsi', strata, options),
    targets: targetGaps(plan146.overall.share),
    communes: worstFirst(rows),
    sort: 'plan146-ascending',
  };
}
