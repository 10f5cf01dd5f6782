/**
 * The start key (DESIGN §8 local run: "only the admin key exists" with `HAILONG_DEMO=off`) must work on
 * whatever province is imported (issue #8 item 9). Rule: an active admin key whose unit does not exist
 * follows the root of the stored tree once there is exactly one root. The server applies it at every
 * start and `units import` right after an import, so the key the server printed works on the first
 * province imported, whatever its root is called. With no tree yet, or several roots, nothing changes.
 */
import { listApiKeys, rescopeApiKey } from '../shared/storage/api-keys';
import type { Store } from '../shared/storage/client';
import { listUnits } from '../shared/storage/units';

/** Re-scopes orphaned admin keys to the single root; answers what was moved. */
export async function adoptOrphanAdminKeys(
  store: Store,
): Promise<{ id: string; from: string; to: string }[]> {
  const units = await listUnits(store);
  const roots = units.filter((unit) => unit.parent === null);
  if (roots.length !== 1) return [];
  const root = roots[0]!;
  const known = new Set(units.map((unit) => unit.id));
  const orphans = (await listApiKeys(store)).filter(
    (key) => !key.revokedAt && key.permissions.includes('admin') && !known.has(key.unit),
  );
  for (const key of orphans) await rescopeApiKey(store, key.id, key.unit, root.id);
  return orphans.map((key) => ({ id: key.id, from: key.unit, to: root.id }));
}
