/**
 * Population of a commune by age band and sex, loaded by an administrator (CSV: unit, ageBand, sex,
 * population) to post-stratify the digital-skill shares (DESIGN §4.3). One item per unit:
 * `pk = POP#<unit>`, `sk = POP`, the cells in a map keyed `<ageBand>|<sex>`.
 */
import * as z from 'zod/mini';
import { ageBands, sexes } from '../instruments/skills';
import type { Population } from '../skills/indicators';
import type { Store } from './client';
import { batchGet, batchPut, decodeItem, type Item } from './dynamo';
import { unitIdSchema } from './units';

export const populationRowSchema = z.object({
  unit: unitIdSchema,
  ageBand: z.enum(ageBands),
  sex: z.enum(sexes),
  population: z.coerce.number().check(z.int(), z.minimum(0), z.maximum(10_000_000)),
});
export type PopulationRow = z.infer<typeof populationRowSchema>;

export const populationKey = (unit: string) => ({ pk: `POP#${unit}`, sk: 'POP' });

const storedPopulationSchema = z.object({ unit: z.string(), cells: z.record(z.string(), z.number()) });

/** Replaces the population of every unit named in `rows` (a unit's cells not in the file become 0). */
export async function putPopulation(
  store: Store,
  rows: PopulationRow[],
  now = new Date(),
): Promise<string[]> {
  const byUnit = new Map<string, Population>();
  for (const row of rows) {
    const cells = byUnit.get(row.unit) ?? {};
    cells[`${row.ageBand}|${row.sex}`] = row.population;
    byUnit.set(row.unit, cells);
  }
  const items: Item[] = [...byUnit].map(([unit, cells]) => ({
    ...populationKey(unit),
    type: 'population',
    unit,
    cells,
    updatedAt: now.toISOString(),
  }));
  await batchPut(store, items);
  return [...byUnit.keys()];
}

/** The populations of these units, where loaded. */
export async function getPopulations(store: Store, units: string[]): Promise<Map<string, Population>> {
  const items = await batchGet(store, units.map(populationKey));
  return new Map(
    items.map((item) => {
      const { unit, cells } = decodeItem(storedPopulationSchema, 'population', item);
      return [unit, cells as Population];
    }),
  );
}
