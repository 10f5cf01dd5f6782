/**
 * `POST /v1/dossiers` (DESIGN §8): the one-stop system registers dossiers whose result was returned,
 * one or up to 100 at a time, and gets each one's rating link, QR codes and printable label.
 * Everything is checked before anything is stored: one bad dossier or one unit outside the key's
 * scope refuses the whole batch.
 */
import { Hono } from 'hono';
import { checkDossierDates, parseDossierBody, registerDossiers } from '../../../shared/dossier-registration';
import { type FieldProblem, NotFoundError, ValidationError } from '../../../shared/errors';
import { type ApiEnv, authorizeUnit, requirePermission } from '../../../shared/http/auth';
import { publicBaseUrl, returnedDossierLinks } from '../../../shared/http/base-url';
import type { AppDeps } from '../../../shared/http/deps';
import { guarded } from '../../../shared/storage/dynamo';
import { getProcedure } from '../../../shared/storage/procedures';
import type { UnitDirectory } from '../../../shared/unit-directory';
import { limitBody } from '../../../shared/http/body-limit';
import { queueRatingLinks, returnedNow } from '../../../shared/feedback/rating-links';
import { readJson } from '../../../shared/http/read-json';

/** 100 dossiers of about 400 bytes each fit with room to spare. */
export const MAX_BODY_BYTES = 256 * 1024;

export function dossiersRoutes(deps: AppDeps & { units: UnitDirectory }) {
  return new Hono<ApiEnv>().post('/', limitBody(MAX_BODY_BYTES), async (c) => {
    const key = c.get('apiKey');
    requirePermission(key, 'dossiers:write');
    const now = deps.now();
    const entries = parseDossierBody(await readJson(c.req.raw));
    checkDossierDates(entries, now);

    // Units: unknown → 422 naming the field; outside the key's subtree → 403. Nothing stored yet.
    const problems: FieldProblem[] = [];
    const unitIds = [...new Set(entries.map((entry) => entry.input.unit))];
    // A step's agency must exist too (its i2 score counts there), in the key's scope or not.
    const stepUnits = new Map<string, string>();
    for (const entry of entries) {
      entry.input.steps.forEach((step, index) => {
        if (!stepUnits.has(step.unit)) stepUnits.set(step.unit, `${entry.field}steps.${index}.unit`);
      });
    }
    const known = new Set<string>();
    const sipasUnits = new Set<string>();
    for (const id of unitIds) {
      try {
        const unit = await deps.units.get(id);
        if (unit.sipas) sipasUnits.add(unit.id);
        known.add(id);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        const entry = entries.find((candidate) => candidate.input.unit === id)!;
        problems.push({
          field: `${entry.field}unit`,
          vi: `không có đơn vị "${id}"`,
          en: `no unit "${id}"`,
        });
      }
    }
    for (const [id, field] of stepUnits) {
      if (unitIds.includes(id)) continue;
      try {
        await deps.units.get(id);
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        problems.push({ field, vi: `không có đơn vị "${id}"`, en: `no unit "${id}"` });
      }
    }
    const procedureCodes = [...new Set(entries.map((entry) => entry.input.procedure))];
    const procedures = await Promise.all(
      procedureCodes.map((code) => guarded(() => getProcedure(deps.store, code))),
    );
    procedureCodes.forEach((code, index) => {
      if (procedures[index]) return;
      const entry = entries.find((candidate) => candidate.input.procedure === code)!;
      problems.push({
        field: `${entry.field}procedure`,
        vi: `không có thủ tục "${code}" trong danh mục`,
        en: `no procedure "${code}" in the catalogue`,
      });
    });
    for (const id of known) await authorizeUnit(deps.units, key, 'dossiers:write', id);
    if (problems.length > 0) throw new ValidationError(problems);
    // A unit named by one of its portal codes is stored under its id (DESIGN §3).
    for (const { input } of entries) {
      input.unit = (await deps.units.get(input.unit)).id;
      for (const step of input.steps) step.unit = (await deps.units.get(step.unit)).id;
    }
    const results = await registerDossiers(
      deps.store,
      entries.map((entry) => entry.input),
      {
        now,
        linkTtlDays: deps.config.LINK_TTL_DAYS,
        asksSipas: (unit) => sipasUnits.has(unit),
        caseWorkingDays: deps.config.FEEDBACK_WORKING_DAYS,
      },
    );
    const keyring = await deps.keyring.get();
    const base = publicBaseUrl(c, deps.config);
    // The rating link exists once the result is returned (DESIGN §3).
    const dossiers = results.map((result) => ({
      code: result.code,
      unit: result.unit,
      ...returnedDossierLinks(base, keyring, result),
      created: result.created,
    }));
    // A dossier just returned: its link to the one-stop system's webhook (DESIGN §3).
    await queueRatingLinks(deps.store, returnedNow(results, dossiers), now);
    return c.json({ dossiers }, results.some((result) => result.created) ? 201 : 200);
  });
}
