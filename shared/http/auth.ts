/**
 * Agency API authentication and scoping (DESIGN §6): `Authorization: Bearer <key>`; 401 without a
 * valid key; 403 for a unit outside the key's subtree or a permission the key lacks.
 */
import type { MiddlewareHandler } from 'hono';
import { ForbiddenError, UnauthorizedError } from '../errors';
import { type ApiKey, type Permission, verifyApiKey } from '../storage/api-keys';
import type { Store } from '../storage/client';
import { isWithin, type Unit } from '../storage/units';
import type { UnitDirectory } from '../unit-directory';

export type ApiEnv = { Variables: { apiKey: ApiKey } };

/** Verifies the bearer key and puts it on the context as `apiKey`. */
export function requireApiKey(store: Store): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new UnauthorizedError();
    c.set('apiKey', await verifyApiKey(store, match[1]));
    await next();
  };
}

/** Refuses (403) a key that lacks `permission`; `admin` holds every permission. */
export function requirePermission(key: ApiKey, permission: Permission): void {
  if (!key.permissions.includes(permission) && !key.permissions.includes('admin')) {
    throw new ForbiddenError({
      vi: `Khóa API không có quyền "${permission}".`,
      en: `The API key lacks the permission "${permission}".`,
    });
  }
}

/**
 * The unit `unitId` if the key may act on it with `permission`: the unit must be the key's own unit
 * or one of its descendants (404 for an unknown unit, 403 outside the subtree).
 */
export async function authorizeUnit(
  units: UnitDirectory,
  key: ApiKey,
  permission: Permission,
  unitId: string,
): Promise<Unit> {
  requirePermission(key, permission);
  const [unit, scope] = await Promise.all([units.get(unitId), units.get(key.unit)]);
  if (!isWithin(unit, scope)) {
    throw new ForbiddenError({
      vi: `Khóa API chỉ dùng được cho "${scope.name}" và các đơn vị trực thuộc; "${unit.name}" nằm ngoài phạm vi.`,
      en: `The API key is scoped to "${scope.name}" and its units; "${unit.name}" is outside that scope.`,
    });
  }
  return unit;
}
