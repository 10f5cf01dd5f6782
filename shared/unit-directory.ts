/**
 * The unit tree, read once and kept for a minute: units change rarely (an admin import), while every
 * agency request needs them for scoping and roll-up.
 */
import { NotFoundError } from './errors';
import type { Store } from './storage/client';
import { isWithin, listUnits, type Unit } from './storage/units';

export interface UnitDirectory {
  all(): Promise<Unit[]>;
  /** The unit with this id; {@link NotFoundError} when there is none. */
  get(id: string): Promise<Unit>;
  /** The unit and its descendants, in path order. */
  subtree(id: string): Promise<Unit[]>;
  /** The unit's direct children. */
  children(id: string): Promise<Unit[]>;
  /** Forget the cache (after an import). */
  refresh(): void;
}

export function createUnitDirectory(store: Store, ttlMs = 60_000, now = () => Date.now()): UnitDirectory {
  let cache: { at: number; units: Unit[]; byId: Map<string, Unit> } | undefined;
  const load = async () => {
    if (!cache || now() - cache.at > ttlMs) {
      const units = await listUnits(store);
      cache = { at: now(), units, byId: new Map(units.map((unit) => [unit.id, unit])) };
    }
    return cache;
  };
  const get = async (id: string) => {
    const unit = (await load()).byId.get(id);
    if (!unit) throw new NotFoundError({ vi: `Không có đơn vị "${id}".`, en: `No unit "${id}".` });
    return unit;
  };
  return {
    all: async () => (await load()).units,
    get,
    async subtree(id) {
      const root = await get(id);
      return (await load()).units.filter((unit) => isWithin(unit, root));
    },
    async children(id) {
      await get(id);
      return (await load()).units.filter((unit) => unit.parent === id);
    },
    refresh() {
      cache = undefined;
    },
  };
}
