/**
 * `GET /v1/reports/satisfaction.xlsx?unit=&from=&to=` (DESIGN §8): the Excel report of a unit's subtree
 * for a period (shared/reports/satisfaction-report.ts), with the same figures as `/v1/scores` and
 * `/v1/rankings`. The dashboard's download button serves the same bytes under the session.
 * Items read: one BatchGet of the covering periods per unit of the subtree, twice per child for the
 * ranking's change since the previous period, and the period inputs' reads (docs/data-model.md).
 */
import { Hono } from 'hono';
import { type ApiEnv, authorizeUnit } from '../../../shared/http/auth';
import { builtInCatalogs, chooseLanguage } from '../../../shared/i18n';
import { reportQuerySchema } from '../../../shared/reports/report-query';
import { reportResponse } from '../../../shared/reports/satisfaction-report';
import { parseInput } from '../../../shared/validation';
import type { ApiDeps } from '../../../shared/http/deps';
import { checkRange } from '../../../shared/date-range';
import { withCustomRangeBudget } from '../../../shared/storage/limits';

export { reportQuerySchema };

export function reportsRoutes(deps: ApiDeps) {
  return new Hono<ApiEnv>().get('/satisfaction.xlsx', async (c) => {
    const query = parseInput(reportQuerySchema, c.req.query());
    checkRange(query.from, query.to);
    const unit = await authorizeUnit(deps.units, c.get('apiKey'), 'scores:read', query.unit);
    const { catalog } = chooseLanguage(builtInCatalogs, query.lang, c.req.header('accept-language'));
    // A custom range is charged to the key's budget (shared/storage/limits.ts), a standard period never.
    const paced = withCustomRangeBudget(deps, { kind: 'key', id: c.get('apiKey').id });
    return reportResponse(paced, unit, query.from, query.to, catalog);
  });
}
