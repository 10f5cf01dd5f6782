/**
 * The unit tree, read once and kept for a minute: units change rarely (an admin import), while every
 * agency request needs them for scoping and roll-up.
 */
import { NotFoundError } from './errors';
import type { Store } from './storage/client';
import { isWithin, listUnits, type Unit } from './storage/units';

export interface UnitDirectory {
  all(): Promise<Unit[]>;
  /**
   * The unit with this id or portal code (DESIGN §3: every route that takes a unit takes either);
   * {@link NotFoundError} when there is none.
   */
  get(idOrCode: string): Promise<Unit>;
  /** The unit with this id or code, or `undefined`. */
  find(idOrCode: string): Promise<Unit | undefined>;
  /** The unit and its descendants, in path order. */
  subtree(id: string): Promise<Unit[]>;
  /** The unit's direct children. */
  children(id: string): Promise<Unit[]>;
  /** Forget the cache (after an import). */
  refresh(): void;
}

export function createUnitDirectory(store: Store, ttlMs = 60_000, now = () => Date.now()): UnitDirectory {
  let cache: { at: number; units: Unit[]; byRef: Map<string, Unit> } | undefined;
  const load = async () => {
    if (!cache || now() - cache.at > ttlMs) {
      const units = await listUnits(store);
      // Codes never equal another unit's id (checkCodes at import); ids win should old data disagree.
      const byRef = new Map(units.flatMap((unit) => (unit.codes ?? []).map((code) => [code, unit] as const)));
      for (const unit of units) byRef.set(unit.id, unit);
      cache = { at: now(), units, byRef };
    }
    return cache;
  };
  const find = async (ref: string) => (await load()).byRef.get(ref);
  const get = async (ref: string) => {
    const unit = await find(ref);
    if (!unit) throw new NotFoundError({ vi: `Không có đơn vị "${ref}".`, en: `No unit "${ref}".` });
    return unit;
  };
  return {
    all: async () => (await load()).units,
    get,
    find,
    async subtree(id) {
      const root = await get(id);
      return (await load()).units.filter((unit) => isWithin(unit, root));
    },
    async children(ref) {
      const parent = await get(ref);
      return (await load()).units.filter((unit) => unit.parent === parent.id);
    },
    refresh() {
      cache = undefined;
    },
  };
}
