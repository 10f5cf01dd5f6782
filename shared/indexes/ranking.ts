/** The ranking of a parent's children by a method's headline figure (`/v1/rankings`, the dashboard, the XLSX). */
import type { Unit } from '../storage/units';
import type { MethodResult } from '.';

/** A unit as the answers name it. */
export const unitSummary = ({ id, name, kind }: Unit) => ({ id, name, kind });

export interface RankingRow {
  rank: number | null;
  unit: ReturnType<typeof unitSummary>;
  result: MethodResult;
}

/**
 * Ranked children first by the method's headline figure, highest first (ties share a rank: 1, 2, 2,
 * 4); then the unranked (fewer than minN responses, or no data), by name.
 */
export function rankChildren(rows: { unit: Unit; result: MethodResult }[]): RankingRow[] {
  const rankable = rows
    .filter((row) => row.result.ranked && row.result.headline.value !== null)
    .sort(
      (a, b) =>
        b.result.headline.value! - a.result.headline.value! || a.unit.name.localeCompare(b.unit.name, 'vi'),
    );
  const others = rows
    .filter((row) => !rankable.includes(row))
    .sort((a, b) => a.unit.name.localeCompare(b.unit.name, 'vi'));
  let rank = 0;
  const ranked = rankable.map((row, index) => {
    if (index === 0 || row.result.headline.value !== rankable[index - 1]!.result.headline.value)
      rank = index + 1;
    return { rank, unit: unitSummary(row.unit), result: row.result };
  });
  return [
    ...ranked,
    ...others.map((row) => ({ rank: null, unit: unitSummary(row.unit), result: row.result })),
  ];
}
