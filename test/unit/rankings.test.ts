import { describe, expect, it } from 'vitest';
import { rankChildren } from '../../shared/indexes/ranking';
import { csat } from '../../shared/indexes/csat';
import type { Unit } from '../../shared/storage/units';

const unit = (id: string, name: string): Unit => ({
  id,
  name,
  kind: 'commune',
  parent: 'p',
  path: `p/${id}/`,
  sipas: false,
});
const result = (two: number, one: number, zero: number) =>
  csat({ rated: two + one + zero, overall2: two, overall1: one, overall0: zero }, { minN: 5 });

describe('ranking the children of a unit', () => {
  it('ranks by the headline figure, ties sharing a rank, and puts unranked units after by name', () => {
    const rows = rankChildren([
      { unit: unit('a', 'Xã Ân'), result: result(5, 0, 5) }, // 0.5
      { unit: unit('b', 'Xã Bảo'), result: result(9, 0, 1) }, // 0.9
      { unit: unit('c', 'Xã Cần'), result: result(1, 0, 0) }, // too few ratings
      { unit: unit('d', 'Xã Đông'), result: result(4, 5, 1) }, // 0.9
      { unit: unit('e', 'Xã Am'), result: result(0, 0, 0) }, // no data
    ]);
    expect(rows.map((row) => [row.unit.id, row.rank])).toEqual([
      ['b', 1],
      ['d', 1],
      ['a', 3],
      ['e', null],
      ['c', null],
    ]);
  });
});
