/**
 * The public pages (DESIGN §8): the rating page `/r/{token}`, the self-assessment page `/s/{campaign}`
 * and `/healthz`. No API key; every answer a citizen sees is a readable page in Vietnamese or English.
 * Runs in the "public" Lambda and in the local server.
 *
 * Each page's code (routes, views, texts, instrument schemas) is imported on the first request that
 * needs it, not at start: a cold start that serves a rating does not build the self-assessment page,
 * and the function's import stays within DESIGN §7's cold-start budget (BENCHMARKS.md). So does the JSON
 * error renderer, and the app uses Hono's `tiny` preset (one small router).
 */
import type { Context } from 'hono';
// The PatternRouter preset: a handful of routes need no RegExp/Trie router pair (less code to load).
import { Hono } from 'hono/tiny';
import type { AppDeps } from '../../shared/http/deps';

/**
 * Serves `prefix` and everything under it with routes loaded once, on first use, together with the
 * HTML error pages (which share the pages' views and texts).
 */
function mountOnFirstUse(app: Hono, prefix: string, load: () => Promise<Hono>): void {
  let routes: Promise<Hono> | undefined;
  const serve = async (c: Context) => {
    if (!routes) {
      routes = Promise.all([load(), import('../../shared/http/page-errors')]).then(([loaded, errors]) =>
        new Hono().onError(errors.pageErrorHandler).route(prefix, loaded),
      );
      // A failed import is not kept: the next request tries again.
      routes.catch(() => (routes = undefined));
    }
    return (await routes).fetch(c.req.raw, c.env);
  };
  app.all(prefix, serve);
  app.all(`${prefix}/*`, serve);
}

export function createPublicApp(deps: AppDeps) {
  const app = new Hono();
  // Only /healthz and the loaders run here; the pages answer their own errors as HTML. The JSON error
  // renderer (errors, texts, logger) is loaded only when an error happens.
  app.onError(async (error, c) => (await import('../../shared/http/errors')).jsonErrorHandler(error, c));
  app.get('/healthz', (c) =>
    c.json({ status: 'ok', stage: deps.config.STAGE, time: deps.now().toISOString() }),
  );
  mountOnFirstUse(app, '/r', async () => (await import('./pages')).loadRatingPages(deps));
  mountOnFirstUse(app, '/s', async () => (await import('./routes/skills')).skillsPageRoutes(deps));
  return app;
}
