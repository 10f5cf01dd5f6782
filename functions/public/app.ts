/**
 * The public pages (DESIGN §8): the rating page `/r/{token}`, the self-assessment page `/s/{campaign}`
 * and `/healthz`. No API key; every answer a citizen sees is a readable page in Vietnamese or English.
 * Runs in the "public" Lambda and in the local server.
 */
import { Hono } from 'hono';
import type { AppDeps } from '../../shared/http/deps';
import { skillsPageRoutes } from './routes/skills';
import { pageErrorHandler } from '../../shared/http/page-errors';
import { ratingRoutes } from './routes/rating';

export function createPublicApp(deps: AppDeps) {
  const app = new Hono();
  app.onError(pageErrorHandler);
  app.get('/healthz', (c) =>
    c.json({ status: 'ok', stage: deps.config.STAGE, time: deps.now().toISOString() }),
  );
  app.route('/s', skillsPageRoutes(deps));
  app.route('/r', ratingRoutes(deps));
  return app;
}
