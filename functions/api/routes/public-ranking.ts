/**
 * `/public` (DESIGN §1, §8), published only with `PUBLIC_DASHBOARD=on`: the province's units ranked by
 * the Decision 766 figures with CSAT and response rates, as `/v1/rankings` ranks them. No comments, no
 * sign-in, cacheable for an hour (figures change nightly). Items read: two BatchGets per unit ranked.
 */
import { Hono } from 'hono';
import { NotFoundError } from '../../../shared/errors';
import { pageErrorHandler } from '../../../shared/http/page-errors';
import { pickLang } from '../../../shared/i18n';
import { localDay } from '../../../shared/time';
import { dashboardCsp, htmlHeaders } from '../../../shared/views/dashboard/headers';
import { publicPage } from '../../../shared/views/dashboard/pages';
import type { ApiDeps } from '../../../shared/http/deps';
import { resolvePeriod } from '../../../shared/views/dashboard/period-query';
import { readRanking } from '../../../shared/reports/dashboard-figures';

export function publicRankingRoutes(deps: ApiDeps) {
  const app = new Hono();
  app.onError(pageErrorHandler);
  app.get('/', async (c) => {
    if (deps.config.PUBLIC_DASHBOARD !== 'on') {
      throw new NotFoundError({
        vi: 'Trang công khai chưa được bật.',
        en: 'The public page is not enabled.',
      });
    }
    const query = resolvePeriod(
      { ...c.req.query(), rank: 'qd766', overall: '', q: '' },
      localDay(deps.now()),
    );
    const roots = (await deps.units.all()).filter((unit) => unit.parent === null);
    const province = roots.find((unit) => unit.kind === 'province') ?? roots[0];
    if (!province) throw new NotFoundError({ vi: 'Chưa có đơn vị nào.', en: 'No units yet.' });
    const ranking = await readRanking(deps, province, query.from, query.to, 'qd766');
    for (const [name, value] of Object.entries(htmlHeaders)) c.header(name, value);
    c.header('content-security-policy', dashboardCsp);
    c.header('cache-control', 'public, max-age=3600');
    return c.html(
      publicPage({ lang: pickLang(c.req.query('lang')), province, from: query.from, to: query.to, ranking }),
    );
  });
  return app;
}
