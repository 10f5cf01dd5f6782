/**
 * `GET /v1/skills?unit=&from=&to=&indicator=plan146|dsi` (DESIGN §8): the digital-skill indicators of a
 * unit and period, overall and by age band, sex and ethnicity, post-stratified when the population of
 * every commune with respondents is loaded; plan146 with its gap to the 70% (2025) and 90% (2030)
 * targets. Fresh: the nightly aggregates plus what arrived since (shared/skills/load.ts).
 */
import { Hono } from 'hono';
import { checkRange } from '../../../shared/date-range';
import { type ApiEnv, authorizeUnit } from '../../../shared/http/auth';
import type { AppDeps } from '../../../shared/http/deps';
import { INSTRUMENT_VERSION } from '../../../shared/instruments/skills';
import { computeSkillIndicator, skillsOptionsFromConfig } from '../../../shared/skills/indicators';
import { loadCommuneSkillCounts } from '../../../shared/skills/load';
import { targetGaps } from '../../../shared/skills/overview';
import { getPopulations } from '../../../shared/storage/population';
import { skillsQuerySchema } from '../../../shared/skills/query';
import type { UnitDirectory } from '../../../shared/unit-directory';
import { parseInput } from '../../../shared/validation';

export function skillsRoutes(deps: AppDeps & { units: UnitDirectory }) {
  const options = skillsOptionsFromConfig(deps.config);
  return new Hono<ApiEnv>().get('/', async (c) => {
    const query = parseInput(skillsQuerySchema, c.req.query());
    checkRange(query.from, query.to);
    const unit = await authorizeUnit(deps.units, c.get('apiKey'), 'scores:read', query.unit);
    // Assessments belong to communes (a campaign is made for one), so the strata are the subtree's communes.
    const communes = (await deps.units.subtree(unit.id)).filter((member) => member.kind === 'commune');
    const [counts, populations] = await Promise.all([
      loadCommuneSkillCounts(
        deps.store,
        communes.map((commune) => commune.id),
        query.from,
        query.to,
        { now: deps.now(), plan146Rule: options.plan146Rule },
      ),
      getPopulations(
        deps.store,
        communes.map((commune) => commune.id),
      ),
    ]);
    const answer = computeSkillIndicator(
      query.indicator,
      communes.map((commune, index) => ({
        unit: commune.id,
        counts: counts[index] ?? {},
        population: populations.get(commune.id),
      })),
      options,
    );
    return c.json({
      unit: { id: unit.id, name: unit.name, kind: unit.kind },
      from: query.from,
      to: query.to,
      instrument: INSTRUMENT_VERSION,
      ...answer,
      ...(query.indicator === 'plan146' ? { targets: targetGaps(answer.overall.share) } : {}),
    });
  });
}
