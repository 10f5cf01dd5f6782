import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import {
  ancestry,
  isWithin,
  planUnitImport,
  resolvePaths,
  unitInputSchema,
} from '../../shared/storage/units';

describe('unit tree', () => {
  it('gives each unit the path of its ancestors, whatever order the import lists them in', () => {
    const units = resolvePaths(
      [
        { id: 'cb-x1', name: 'Xã 1', kind: 'commune', parent: 'cb-h1' },
        { id: 'cb-h1', name: 'Huyện 1', kind: 'district', parent: 'cb' },
        { id: 'cb', name: 'Cao Bằng', kind: 'province', parent: null },
      ],
      [],
    );
    expect(units.map((unit) => unit.path)).toEqual(['cb/cb-h1/cb-x1/', 'cb/cb-h1/', 'cb/']);
    expect(ancestry(units[0]!)).toEqual(['cb', 'cb-h1', 'cb-x1']);
  });

  it('fits the two-level map (province → commune) beside older districts', () => {
    const existing = resolvePaths(
      [
        { id: 'cb', name: 'Cao Bằng', kind: 'province', parent: null },
        { id: 'cb-h1', name: 'Huyện 1', kind: 'district', parent: 'cb' },
      ],
      [],
    );
    const [ward] = resolvePaths([{ id: 'cb-p1', name: 'Phường 1', kind: 'commune', parent: 'cb' }], existing);
    expect(ward!.path).toBe('cb/cb-p1/');
  });

  it('refuses an unknown parent and a cycle, naming the unit', () => {
    expect(() => resolvePaths([{ id: 'a', name: 'A', kind: 'commune', parent: 'nowhere' }], [])).toThrow(
      /nowhere/,
    );
    try {
      resolvePaths(
        [
          { id: 'a', name: 'A', kind: 'district', parent: 'b' },
          { id: 'b', name: 'B', kind: 'district', parent: 'a' },
        ],
        [],
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).text.en).toMatch(/cycle/);
    }
  });

  it('scopes by prefix of whole ids, so cb-1 is not inside cb-10', () => {
    expect(isWithin({ path: 'cb/cb-10/' }, { path: 'cb/cb-1/' })).toBe(false);
    expect(isWithin({ path: 'cb/cb-1/x/' }, { path: 'cb/cb-1/' })).toBe(true);
    expect(isWithin({ path: 'cb/' }, { path: 'cb/cb-1/' })).toBe(false);
  });

  it('accepts only slug ids, which go into keys and URLs', () => {
    expect(unitInputSchema.safeParse({ id: 'cb-1', name: 'x', kind: 'commune' }).success).toBe(true);
    for (const id of ['CB', 'a#b', 'a/b', '', '-a']) {
      expect(unitInputSchema.safeParse({ id, name: 'x', kind: 'commune' }).success).toBe(false);
    }
  });

  it('moves a unit with its whole subtree and names the move', () => {
    const existing = resolvePaths(
      [
        { id: 'cb', name: 'Cao Bằng', kind: 'province', parent: null },
        { id: 'h1', name: 'Huyện 1', kind: 'district', parent: 'cb' },
        { id: 'h2', name: 'Huyện 2', kind: 'district', parent: 'cb' },
        { id: 'x1', name: 'Xã 1', kind: 'commune', parent: 'h1' },
        { id: 'a1', name: 'Một cửa', kind: 'agency', parent: 'x1' },
      ],
      [],
    );
    const plan = planUnitImport([{ id: 'x1', name: 'Xã 1', kind: 'commune', parent: 'h2' }], existing);
    expect(plan.units.map((unit) => [unit.id, unit.path])).toEqual([
      ['x1', 'cb/h2/x1/'],
      ['a1', 'cb/h2/x1/a1/'],
    ]);
    expect(plan.moves).toEqual([{ id: 'x1', from: 'cb/h1/x1/', to: 'cb/h2/x1/', subtree: ['x1', 'a1'] }]);
    expect(() => planUnitImport([{ id: 'h1', name: 'H', kind: 'district', parent: 'a1' }], existing)).toThrow(
      /cycle/,
    );
  });
});
