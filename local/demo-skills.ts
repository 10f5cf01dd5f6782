/**
 * Demo digital-skill data for `npm start`: one campaign per commune, a few hundred self-assessments
 * over the last 90 days, and each commune's population by age band and sex. Deterministic: the same
 * seed and clock give the same data, so the demo and its tests are reproducible. Younger people and
 * the Kinh majority of towns answer "on my own" more often, roughly as the surveys of the northern
 * mountain provinces suggest; the figures are invented.
 */
import type { Store } from '../shared/storage/client';
import {
  type AgeBand,
  ageBands,
  type Answers,
  type Ethnicity,
  INSTRUMENT_VERSION,
  type Sex,
  sexes,
  skillItems,
} from '../shared/instruments/skills';
import { type Assessment, assessmentToItem } from '../shared/storage/assessments';
import { type Campaign, campaignToItem } from '../shared/storage/campaigns';
import { batchPut } from '../shared/storage/dynamo';
import { type PopulationRow, putPopulation } from '../shared/storage/population';
import { localDay } from '../shared/time';
import { seededRandom } from './random';

export interface DemoSkillsOptions {
  /** The clock "now"; assessments are made in the 90 days before it. */
  now: Date;
  /** How many assessments in all (default 400). */
  count?: number;
  seed?: number;
}

export interface DemoSkills {
  campaigns: Campaign[];
  assessments: Assessment[];
  population: PopulationRow[];
}

const ETHNIC_MIX: [Ethnicity, number][] = [
  ['tay', 0.4],
  ['nung', 0.3],
  ['hmong', 0.1],
  ['dao', 0.08],
  ['kinh', 0.08],
  ['sanchay', 0.02],
  ['lolo', 0.01],
  ['other', 0.01],
];

/** Chance of "on my own" by age band (the rest splits between "with help" and "not yet"). */
const SKILL_BY_BAND: Record<AgeBand, number> = {
  '15-24': 0.85,
  '25-34': 0.75,
  '35-44': 0.6,
  '45-54': 0.45,
  '55-64': 0.3,
  '65+': 0.15,
};

function pick<T>(next: () => number, weighted: [T, number][]): T {
  let roll = next();
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return weighted[weighted.length - 1]![0];
}

function uuidFrom(next: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((Number.parseInt(hex[16]!, 16) & 3) | 8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The demo data for these communes (pure: nothing is written). */
export function demoSkills(communes: string[], options: DemoSkillsOptions): DemoSkills {
  const next = seededRandom(options.seed ?? 146);
  const count = options.count ?? 400;
  const campaigns: Campaign[] = communes.map((unit, index) => ({
    id: Array.from({ length: 8 }, () => ID_CHARS[Math.floor(next() * 64)]).join(''),
    unit,
    team: `T${String(index + 1).padStart(2, '0')}`,
    createdAt: new Date(options.now.getTime() - 95 * 86_400_000).toISOString(),
  }));
  const assessments: Assessment[] = [];
  for (let i = 0; i < count && campaigns.length > 0; i++) {
    const campaign = campaigns[Math.floor(next() * campaigns.length)]!;
    const ageBand = pick(next, [
      ['15-24', 0.18],
      ['25-34', 0.2],
      ['35-44', 0.2],
      ['45-54', 0.18],
      ['55-64', 0.14],
      ['65+', 0.1],
    ] as [AgeBand, number][]);
    const sex: Sex = next() < 0.52 ? 'female' : 'male';
    const ethnicity = next() < 0.85 ? pick(next, ETHNIC_MIX) : undefined;
    const own = SKILL_BY_BAND[ageBand] * (ethnicity === 'hmong' || ethnicity === 'lolo' ? 0.7 : 1);
    const answers: Answers = {};
    for (const item of skillItems) {
      const roll = next();
      const harder = item.area === 'ai' || item.area === 'content' ? 0.6 : 1;
      answers[item.id] = roll < own * harder ? 2 : roll < own * harder + (1 - own * harder) / 2 ? 1 : 0;
    }
    const madeAt = new Date(options.now.getTime() - Math.floor(next() * 90 * 86_400_000));
    // Some were queued offline and arrived up to three days later.
    const delay = next() < 0.3 ? Math.floor(next() * 3 * 86_400_000) : 60_000;
    const receivedAt = new Date(Math.min(options.now.getTime(), madeAt.getTime() + delay));
    assessments.push({
      clientId: uuidFrom(next),
      instrument: INSTRUMENT_VERSION,
      campaign: campaign.id,
      unit: campaign.unit,
      ageBand,
      sex,
      ...(ethnicity ? { ethnicity } : {}),
      ...(next() < 0.8 ? { assistedBy: campaign.team } : {}),
      answers,
      madeAt: madeAt.toISOString(),
      day: localDay(madeAt),
      receivedAt: receivedAt.toISOString(),
    });
  }
  const population: PopulationRow[] = communes.flatMap((unit) => {
    const size = 3000 + Math.floor(next() * 9000);
    const shares: Record<AgeBand, number> = {
      '15-24': 0.2,
      '25-34': 0.2,
      '35-44': 0.18,
      '45-54': 0.16,
      '55-64': 0.14,
      '65+': 0.12,
    };
    return ageBands.flatMap((ageBand) =>
      sexes.map((sex) => ({
        unit,
        ageBand,
        sex,
        population: Math.round(size * shares[ageBand] * (sex === 'female' ? 0.51 : 0.49)),
      })),
    );
  });
  return { campaigns, assessments, population };
}

/** Writes the demo data (for the demo loader of `npm start`); answers what it wrote. */
export async function loadDemoSkills(
  store: Store,
  communes: string[],
  options: DemoSkillsOptions,
): Promise<DemoSkills> {
  const demo = demoSkills(communes, options);
  await batchPut(store, [...demo.campaigns.map(campaignToItem), ...demo.assessments.map(assessmentToItem)]);
  await putPopulation(store, demo.population, options.now);
  return demo;
}
