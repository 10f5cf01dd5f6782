/** `GET /v1/units` and `GET /v1/procedures`: what a client may use (DESIGN §8). */
import { Hono } from 'hono';
import type { ApiEnv } from '../../../shared/http/auth';
import type { AppDeps } from '../../../shared/http/deps';
import { listProcedures } from '../../../shared/storage/procedures';
import type { UnitDirectory } from '../../../shared/unit-directory';

export function unitsRoutes(deps: AppDeps & { units: UnitDirectory }) {
  return new Hono<ApiEnv>().get('/', async (c) => {
    const key = c.get('apiKey');
    const units = await deps.units.subtree(key.unit);
    return c.json({
      units: units.map(({ id, name, kind, parent, codes, contactNumbers }) => ({
        id,
        name,
        kind,
        parent,
        codes: codes ?? [],
        contactNumbers: contactNumbers ?? [],
      })),
    });
  });
}

export function proceduresRoutes(deps: AppDeps) {
  return new Hono<ApiEnv>().get('/', async (c) => c.json({ procedures: await listProcedures(deps.store) }));
}
