/**
 * The agency API (DESIGN §8): one Hono app, a sub-app per resource mounted with `app.route()`, errors
 * turned into JSON in one `onError`. Runs in the "api" Lambda and in the local server.
 */
import { Hono } from 'hono';
import { type ApiEnv, requireApiKey } from '../../shared/http/auth';
import type { ApiDeps, AppDeps } from '../../shared/http/deps';
import { jsonErrorHandler } from '../../shared/http/errors';
import { createUnitDirectory, type UnitDirectory } from '../../shared/unit-directory';
import { feedbackCaseReader } from '../../shared/feedback/reader';
import { dashboardRoutes } from './routes/dashboard';
import { proceduresRoutes, unitsRoutes } from './routes/directory';
import { publicRankingRoutes } from './routes/public-ranking';
import { reportsRoutes } from './routes/reports';
import { skillsRoutes } from './routes/skills';
import { dossiersRoutes } from './routes/dossiers';
import { syncRoutes } from './routes/sync';
import { periodInputsRoutes } from './routes/period-inputs';
import { feedbackRoutes } from './routes/feedback';
import { ratingsRoutes } from './routes/ratings';
import { referenceRoutes } from './routes/reference';
import { rankingsRoutes, scoresRoutes } from './routes/scores';
import { qd766DossiersRoutes } from './routes/qd766-dossiers';

export type { ApiDeps };

export function createApiApp(base: AppDeps & { units?: UnitDirectory }) {
  const deps: ApiDeps = { ...base, units: base.units ?? createUnitDirectory(base.store) };
  const app = new Hono<ApiEnv>();
  app.onError(jsonErrorHandler);
  app.notFound((c) =>
    c.json({ error: { code: 'not_found', vi: 'Không có đường dẫn này.', en: 'No such path.' } }, 404),
  );
  app.route('/', referenceRoutes(deps.config.PUBLIC_BASE_URL));
  app.route(
    '/dashboard',
    dashboardRoutes({
      ...deps,
      feedbackCases: feedbackCaseReader(deps.store, deps.units, { linkTtlDays: deps.config.LINK_TTL_DAYS }),
    }),
  );
  app.route('/public', publicRankingRoutes(deps));
  app.use('/v1/*', requireApiKey(deps.store));
  app.route('/v1/units', unitsRoutes(deps));
  app.route('/v1/procedures', proceduresRoutes(deps));
  app.route('/v1/skills', skillsRoutes(deps));
  app.route('/v1/dossiers', dossiersRoutes(deps));
  app.route('/v1/sync', syncRoutes(deps));
  app.route('/v1/scores', scoresRoutes(deps));
  app.route('/v1/scores/qd766/dossiers', qd766DossiersRoutes(deps));
  app.route('/v1/rankings', rankingsRoutes(deps));
  app.route('/v1/ratings', ratingsRoutes(deps));
  app.route('/v1/period-inputs', periodInputsRoutes(deps));
  app.route('/v1/reports', reportsRoutes(deps));
  app.route('/v1/feedback', feedbackRoutes(deps));
  return app;
}
