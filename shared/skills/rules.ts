/**
 * The rules that turn one self-assessment into indicator outcomes (DESIGN §4.3). Pure functions over
 * the answers of `skills@1`; the aggregation family counts their results, the docs state them
 * (docs/digital-skills.md).
 */
import {
  type Answers,
  type AgeBand,
  type Area,
  areas,
  type Service,
  services,
  skillItems,
} from '../instruments/skills';

/**
 * plan146: "knows and can use online public services and the essential digital services" (the
 * province plans under Decision 146/QĐ-TTg). No official item-level definition was found, so this rule
 * is ours, stated in every answer and configurable.
 */
export interface Plan146Rule {
  /** Level needed on EVERY online-public-service item (default 2: on my own). */
  opsLevel: 0 | 1 | 2;
  /** Level needed on each other essential service (default 1: at least with help)… */
  serviceLevel: 0 | 1 | 2;
  /** …on at least one of its items (`any`, default) or on all of them (`all`). */
  serviceItems: 'any' | 'all';
}

export const defaultPlan146Rule: Plan146Rule = { opsLevel: 2, serviceLevel: 1, serviceItems: 'any' };

const itemsOfService = (service: Service) => skillItems.filter((item) => item.service === service);
const itemsOfArea = (area: Area) => skillItems.filter((item) => item.area === area);

export function meetsPlan146(answers: Answers, rule: Plan146Rule = defaultPlan146Rule): boolean {
  return services.every((service) => {
    const levels = itemsOfService(service).map((item) => answers[item.id] ?? 0);
    if (service === 'ops') return levels.every((value) => value >= rule.opsLevel);
    return rule.serviceItems === 'all'
      ? levels.every((value) => value >= rule.serviceLevel)
      : levels.some((value) => value >= rule.serviceLevel);
  });
}

/** Eurostat DSI 2.0 levels of one area. */
export type AreaLevel = 'none' | 'basic' | 'above';

/**
 * Eurostat Digital Skills Indicator 2.0: in each area, the number of activities a person does decides
 * the level — none, one (basic) or more than one (above basic). A self-assessment counts an item as an
 * activity the person does when answered "2 — on my own" ("with help" is not yet the person's skill).
 */
export function areaLevel(answers: Answers, area: Area): AreaLevel {
  const done = itemsOfArea(area).filter((item) => answers[item.id] === 2).length;
  return done === 0 ? 'none' : done === 1 ? 'basic' : 'above';
}

export interface DsiOutcome {
  areas: Record<Area, AreaLevel>;
  /** At least basic in every area (DSI 2.0 "basic or above basic overall digital skills"). */
  atLeastBasic: boolean;
  /** Above basic in every area. */
  aboveBasic: boolean;
}

export function dsiOutcome(answers: Answers): DsiOutcome {
  const levels = Object.fromEntries(areas.map((area) => [area, areaLevel(answers, area)])) as Record<
    Area,
    AreaLevel
  >;
  return {
    areas: levels,
    atLeastBasic: areas.every((area) => levels[area] !== 'none'),
    aboveBasic: areas.every((area) => levels[area] === 'above'),
  };
}

/** Working age, in whole years, both included (DESIGN §4.3: default 15–60). */
export interface WorkingAge {
  min: number;
  max: number;
}

export const defaultWorkingAge: WorkingAge = { min: 15, max: 60 };

/** The years an age band covers; `65+` is read as 65–74 (the upper age of Eurostat's survey). */
export function bandYears(band: AgeBand): [number, number] {
  if (band === '65+') return [65, 74];
  const [low, high] = band.split('-').map(Number) as [number, number];
  return [low, high];
}

/**
 * Whether an age band counts as working age. Bands are what the form asks, so a band that straddles a
 * limit counts when at least half of its years lie inside it: with 15–60, `55-64` (55–60 is 6 of 10
 * years) counts and `65+` does not.
 */
export function isWorkingAgeBand(band: AgeBand, workingAge: WorkingAge = defaultWorkingAge): boolean {
  const [low, high] = bandYears(band);
  const inside = Math.max(0, Math.min(high, workingAge.max) - Math.max(low, workingAge.min) + 1);
  return inside * 2 >= high - low + 1;
}
