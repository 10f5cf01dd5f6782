/**
 * The whole service as one Hono app: the public pages and the agency API, the same apps the two Lambda
 * functions run. Used by the local server and by tests that go through every route.
 */
import { Hono } from 'hono';
import { createApiApp } from '../functions/api/app';
import { createPublicApp } from '../functions/public/app';
import type { AppDeps } from '../shared/http/deps';
import { createUnitDirectory, type UnitDirectory } from '../shared/unit-directory';

export function createLocalApp(deps: AppDeps & { units?: UnitDirectory }) {
  const units = deps.units ?? createUnitDirectory(deps.store);
  const app = new Hono();
  app.route('/', createPublicApp(deps));
  app.route('/', createApiApp({ ...deps, units }));
  return app;
}
