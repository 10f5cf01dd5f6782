/**
 * `GET /v1/period-inputs?unit=&from=YYYY-MM&to=YYYY-MM` and
 * `PUT /v1/period-inputs/{unit}/{month}/{indicator}` with `{ "value": 0|1|2, "note": "…" }`: a unit's
 * Circular 01/2018/TT-VPCP scores that no dossier carries (i5, i6, i9; DESIGN §4.2), or with
 * `{ "numerator": n, "denominator": d }` the province's Decision 766 transparency figures of a month
 * (`transparency.publishOnTime`, `…publicUpdateOnTime`, `…publicContentFull`; on the root unit only:
 * DESIGN §4.5). Admin keys only, within the key's subtree; who recorded a value is the key's name. The
 * write itself checks the fields (422) and refuses a month whose figures are final (409): the scores
 * join the inputs when they are read.
 */
import { Hono } from 'hono';
import { BadRequestError } from '../../../shared/errors';
import { type ApiEnv, authorizeUnit } from '../../../shared/http/auth';
import { limitBody } from '../../../shared/http/body-limit';
import { readJson } from '../../../shared/http/read-json';
import type { AppDeps } from '../../../shared/http/deps';
import {
  listPeriodInputs,
  periodInputSchema,
  periodInputsQuerySchema,
  periodInputValueSchema,
  putPeriodInput,
} from '../../../shared/storage/period-inputs';
import type { UnitDirectory } from '../../../shared/unit-directory';
import { parseInput } from '../../../shared/validation';

export function periodInputsRoutes(deps: AppDeps & { units: UnitDirectory }) {
  return new Hono<ApiEnv>()
    .get('/', async (c) => {
      const query = parseInput(periodInputsQuerySchema, c.req.query());
      if (query.from > query.to) {
        throw new BadRequestError({
          vi: '"from" phải không sau "to".',
          en: '"from" must not be after "to".',
        });
      }
      const unit = await authorizeUnit(deps.units, c.get('apiKey'), 'admin', query.unit);
      const periodInputs = await listPeriodInputs(deps.store, unit.id, query.from, query.to);
      return c.json({ unit: unit.id, from: query.from, to: query.to, periodInputs });
    })
    .put('/:unit/:month/:indicator', limitBody(4096), async (c) => {
      const body = parseInput(periodInputValueSchema, await readJson(c.req.raw));
      const entry = parseInput(periodInputSchema, { ...c.req.param(), ...body });
      const key = c.get('apiKey');
      const unit = await authorizeUnit(deps.units, key, 'admin', entry.unit);
      // A value for a final month is refused (409) by the write itself (shared/storage/final-periods.ts).
      const now = deps.now();
      const periodInput = await putPeriodInput(deps.store, { ...entry, unit: unit.id }, key.name, now, {
        now,
        linkTtlDays: deps.config.LINK_TTL_DAYS,
      });
      return c.json({ periodInput });
    });
}
