/**
 * `/public` (DESIGN §1, §8), published only with `PUBLIC_DASHBOARD=on`: the province's units ranked by
 * the satisfied share (CSAT, as its title says; `/v1/rankings?method=csat` ranks them the same), for the
 * year to date, with the method, the period and the method's explanation on the page. No comments, no sign-in, no custom range (issue 25): only `lang` changes the page, every other
 * query parameter is ignored, so neither the cost nor the cache key depends on them.
 *
 * Caching (DESIGN §7, docs/deploy.md). The figures change only when the nightly job writes, so the page
 * is a function of (language, build and configuration, nightly generation), and so is its strong ETag:
 * a matching `If-None-Match` is answered 304 before anything is read. The generation is the last
 * scheduled run (01:00 Asia/Ho_Chi_Minh) plus the aggregate function's timeout, after which that run
 * can no longer be writing; `max-age` counts down to the next one. The trade-off: a daytime rerun or
 * backfill keeps the same ETag, so a client or CDN holding the page sees it at the latest when its
 * `max-age` ends, at the next generation (new visitors of this process see it within
 * {@link RENDER_TTL_MS}).
 */
import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { NotFoundError } from '../../../shared/errors';
import { pageErrorHandler } from '../../../shared/http/page-errors';
import { pickLang } from '../../../shared/i18n';
import { localDay, startOfLocalDay } from '../../../shared/time';
import { dashboardCsp, htmlHeaders } from '../../../shared/views/dashboard/headers';
import { publicPage } from '../../../shared/views/dashboard/pages';
import type { ApiDeps } from '../../../shared/http/deps';
import { resolvePeriod } from '../../../shared/views/dashboard/period-query';
import { readRanking } from '../../../shared/reports/dashboard-figures';

/** The nightly run's local hour (DESIGN §2; infra/stacks/service-stack.ts AGGREGATION_SCHEDULE). */
export const NIGHTLY_RUN_HOUR = 1;
/** Minutes after the run's start by which it has ended: the aggregate function's timeout (15 min). */
export const NIGHTLY_SETTLE_MINUTES = 15;
/** How long a revalidating cache may keep serving the old page after `max-age`, in seconds. */
export const STALE_WHILE_REVALIDATE_SECONDS = 300;
/**
 * How long this process reuses a page it rendered for the same ETag. A flood of `/public` that no CDN
 * absorbs (the local run, a bypass of CloudFront) then costs one computation a minute per language.
 */
export const RENDER_TTL_MS = 60_000;

const DAY_MS = 86_400_000;
/** Stands for the build where none is given (the local run): a restart after a change gives new ETags. */
const PROCESS_START = new Date().toISOString();

/** The instant the figures `/public` shows last changed by schedule: the last run's start + its timeout. */
export function nightlyGeneration(now: Date): Date {
  const offset = (NIGHTLY_RUN_HOUR * 60 + NIGHTLY_SETTLE_MINUTES) * 60_000;
  const today = startOfLocalDay(localDay(now)).getTime() + offset;
  return new Date(today <= now.getTime() ? today : today - DAY_MS);
}

/** The strong ETag of the page: a hash of what it depends on, none of it read from the table. */
export function publicEtag(lang: string, version: string, generation: Date): string {
  const digest = createHash('sha256').update(`${lang}\n${version}\n${generation.toISOString()}`);
  return `"${digest.digest('base64url').slice(0, 27)}"`;
}

/** `If-None-Match` (RFC 9110 §13.1.2: weak comparison, a list, or `*`) against the current ETag. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === etag;
  });
}

export function publicRankingRoutes(deps: ApiDeps) {
  // The build and configuration the page is made with (BUILD_ID: the bundle's hash, set in AWS); the
  // local demo key is left out, so no secret goes into a public header, even hashed.
  const { HAILONG_DEMO_API_KEY: _secret, ...settings } = deps.config;
  const version = createHash('sha256')
    .update(JSON.stringify(settings))
    .update(deps.config.BUILD_ID ?? `process ${PROCESS_START}`)
    .digest('hex');
  const rendered = new Map<string, { etag: string; until: number; html: Promise<string> }>();

  async function render(lang: 'vi' | 'en', generation: Date): Promise<string> {
    const query = resolvePeriod(
      { period: 'year', to: localDay(generation), rank: 'csat', overall: '', q: '' },
      localDay(generation),
    );
    const roots = (await deps.units.all()).filter((unit) => unit.parent === null);
    const province = roots.find((unit) => unit.kind === 'province') ?? roots[0];
    if (!province) throw new NotFoundError({ vi: 'Chưa có đơn vị nào.', en: 'No units yet.' });
    const ranking = await readRanking(deps, province, query.from, query.to, 'csat');
    return publicPage({ lang, province, from: query.from, to: query.to, minN: deps.config.MIN_N, ranking });
  }

  const app = new Hono();
  app.onError(pageErrorHandler);
  app.get('/', async (c) => {
    if (deps.config.PUBLIC_DASHBOARD !== 'on') {
      throw new NotFoundError({
        vi: 'Trang công khai chưa được bật.',
        en: 'The public page is not enabled.',
      });
    }
    const now = deps.now();
    const lang = pickLang(c.req.query('lang'));
    const generation = nightlyGeneration(now);
    const etag = publicEtag(lang, version, generation);
    const maxAge = Math.max(0, Math.floor((generation.getTime() + DAY_MS - now.getTime()) / 1000));
    for (const [name, value] of Object.entries(htmlHeaders)) c.header(name, value);
    c.header('content-security-policy', dashboardCsp);
    c.header(
      'cache-control',
      `public, max-age=${maxAge}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_SECONDS}`,
    );
    c.header('etag', etag);
    if (noneMatch(c.req.header('if-none-match'), etag)) return c.body(null, 304);

    let entry = rendered.get(lang);
    if (!entry || entry.etag !== etag || entry.until <= now.getTime()) {
      entry = { etag, until: now.getTime() + RENDER_TTL_MS, html: render(lang, generation) };
      rendered.set(lang, entry);
      // A failed render is not kept: the next request tries again.
      const failed = entry;
      failed.html.catch(() => rendered.get(lang) === failed && rendered.delete(lang));
    }
    return c.html(await entry.html);
  });
  return app;
}
