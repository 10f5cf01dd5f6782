/**
 * `POST /v1/sync/DongBoHoSoMC` and `POST /v1/sync/CapNhatTienDoHoSoMC` (DESIGN §3, §8): the one-stop
 * system's own sync payload, as it already sends it to the national portal, mapped onto the same stored
 * life as `POST /v1/dossiers` (../../../shared/sync/dvcqg.ts). A connector adds hailong as a second
 * target by changing only the address and the key (docs/integration.md). Answers carry the fields the
 * connectors check for success (`error_code` "0", a `message` saying "Thành công"), then per dossier
 * hailong's own answer. Everything is checked before anything is stored.
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod/mini';
import {
  checkDossierDates,
  type DossierInput,
  MAX_BATCH,
  MAX_ENTRIES,
  registerDossiers,
} from '../../../shared/dossier-registration';
import { type FieldProblem, ValidationError } from '../../../shared/errors';
import { type ApiEnv, authorizeUnit, requirePermission } from '../../../shared/http/auth';
import { publicBaseUrl, returnedDossierLinks } from '../../../shared/http/base-url';
import { limitBody } from '../../../shared/http/body-limit';
import { queueRatingLinks, returnedNow } from '../../../shared/feedback/rating-links';
import { describeError, jsonErrorHandler } from '../../../shared/http/errors';
import { guarded } from '../../../shared/storage/dynamo';
import { findProcedure } from '../../../shared/storage/procedures';
import { getSyncRecord, putSyncRecord } from '../../../shared/storage/sync-records';
import type { Unit } from '../../../shared/storage/units';
import {
  changeTimeOf,
  dossierInputOf,
  type DossierPayload,
  dossierPayloadSchema,
  lifeProblems,
  mergeSteps,
  payloadEntries,
  payloadField,
  pickDossierPayload,
  pickStepPayload,
  stepOf,
  type StepPayload,
  stepPayloadSchema,
} from '../../../shared/sync/dvcqg';
import { fieldProblems } from '../../../shared/validation';
import type { ApiDeps } from '../../../shared/http/deps';
import { readJson } from '../../../shared/http/read-json';

/** 100 dossiers in the payload's own shape (documents, fees and supplements listed) fit with room to spare. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** What the connectors read as success (`error_code == "0"`, a message containing "thành công"). */
const SUCCESS = { error_code: '0', message: 'Thành công / success' } as const;

/** Parses every entry with `schema` after `pick`, naming problems with the entry's prefix. */
function parseEntries<S extends z.ZodMiniType>(
  body: unknown,
  pick: (value: unknown) => unknown,
  schema: S,
): { payloads: { value: z.infer<S>; prefix: string }[]; unit?: string } {
  const { entries, prefix, unit } = payloadEntries(body);
  if (entries.length < 1 || entries.length > MAX_BATCH) {
    throw new ValidationError([
      {
        field: '(body)',
        vi: `cần từ 1 đến ${MAX_BATCH} hồ sơ`,
        en: `expected 1 to ${MAX_BATCH} entries`,
      },
    ]);
  }
  const problems: FieldProblem[] = [];
  const payloads: { value: z.infer<S>; prefix: string }[] = [];
  entries.forEach((entry, index) => {
    // Personal data is dropped here, before validation: no message can echo it.
    const result = schema.safeParse(pick(entry), { reportInput: true });
    if (result.success) payloads.push({ value: result.data as z.infer<S>, prefix: prefix(index) });
    else
      problems.push(
        ...fieldProblems(result.error.issues).map((p) => ({ ...p, field: `${prefix(index)}${p.field}` })),
      );
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return { payloads, ...(unit ? { unit } : {}) };
}

/** The unit of an entry: `DonViXuLy` when it names a unit (id or code), else the request's unit. */
async function unitOf(
  deps: ApiDeps,
  named: string | undefined,
  fallback: { ref: string; field: string } | undefined,
  field: string,
): Promise<Unit | FieldProblem> {
  const own = named?.trim() ? await deps.units.find(named.trim()) : undefined;
  if (own) return own;
  if (fallback) {
    const unit = await deps.units.find(fallback.ref);
    if (unit) return unit;
    return {
      field: fallback.field,
      vi: `không có đơn vị mã "${fallback.ref}"`,
      en: `no unit with the code "${fallback.ref}"`,
    };
  }
  return named?.trim()
    ? { field, vi: `không có đơn vị mã "${named.trim()}"`, en: `no unit with the code "${named.trim()}"` }
    : { field, vi: 'bắt buộc (hoặc tham số MaDinhDanhDV)', en: 'required (or the MaDinhDanhDV parameter)' };
}

/** The request's own unit: the `MaDinhDanhDV` parameter, else the envelope's `madonvi`. */
function requestUnit(c: Context<ApiEnv>, envelope: string | undefined) {
  const query = c.req.query('MaDinhDanhDV')?.trim();
  if (query) return { ref: query, field: 'MaDinhDanhDV' };
  return envelope ? { ref: envelope, field: 'madonvi' } : undefined;
}

/** A ValidationError of the dossier report, its fields named as the payload names them. */
function inPayloadNames(error: unknown, prefixOf: (index: number) => string): unknown {
  if (!(error instanceof ValidationError)) return error;
  return new ValidationError(
    error.problems.map((problem) => {
      const match = /^dossiers\.(\d+)\.(.*)$/.exec(problem.field);
      const [index, field] = match ? [Number(match[1]), match[2]!] : [0, problem.field];
      return { ...problem, field: `${prefixOf(index)}${payloadField(field)}` };
    }),
  );
}

export function syncRoutes(deps: ApiDeps) {
  const app = new Hono<ApiEnv>();
  // The connectors read `error_code` and `message` on failure too: the usual error body, plus those.
  app.onError(async (error, c) => {
    const response = await jsonErrorHandler(error, c);
    const { body } = describeError(error);
    return c.json(
      { error_code: '-1', message: `${body.error.vi} / ${body.error.en}`, ...body },
      response.status as ContentfulStatusCode,
    );
  });

  /** Registers the mapped reports, stores what was understood, answers per dossier. */
  const register = async (
    c: Context<ApiEnv>,
    entries: { input: DossierInput; prefix: string; unit: Unit }[],
  ) => {
    const now = deps.now();
    const indexed = entries.map((entry, index) => ({ input: entry.input, field: `dossiers.${index}.` }));
    const prefixOf = (index: number) => entries[index]?.prefix ?? '';
    try {
      checkDossierDates(indexed, now);
    } catch (error) {
      throw inPayloadNames(error, prefixOf);
    }
    // The final rule is kept by the write itself (shared/storage/final-periods.ts): a batch touching a
    // final period is refused whole (409) before anything of it is stored.
    const results = await registerDossiers(
      deps.store,
      entries.map((entry) => entry.input),
      {
        now,
        linkTtlDays: deps.config.LINK_TTL_DAYS,
        asksSipas: (unit) => entries.find((entry) => entry.unit.id === unit)?.unit.sipas ?? false,
        caseWorkingDays: deps.config.FEEDBACK_WORKING_DAYS,
      },
    );
    for (const [index, entry] of entries.entries()) {
      if (!results[index]!.created && !results[index]!.changed) continue;
      // The report keeps its facts; its steps (the ones known so far, merged) are kept beside it.
      await putSyncRecord(deps.store, entry.unit.id, entry.input.code, {
        report: { ...entry.input, steps: [] },
        steps: entry.input.steps,
      });
    }
    const keyring = await deps.keyring.get();
    const base = publicBaseUrl(c, deps.config);
    const answers = results.map((result) => ({
      MaHoSo: result.code,
      code: result.code,
      unit: result.unit,
      ...returnedDossierLinks(base, keyring, result),
      created: result.created,
      changed: result.changed,
    }));
    // A dossier just returned: its link to the one-stop system's webhook (DESIGN §3).
    await queueRatingLinks(deps.store, returnedNow(results, answers), now);
    return answers;
  };

  app.post('/DongBoHoSoMC', limitBody(MAX_BODY_BYTES), async (c) => {
    const key = c.get('apiKey');
    requirePermission(key, 'dossiers:write');
    const { payloads, unit: envelopeUnit } = parseEntries(
      await readJson(c.req.raw),
      pickDossierPayload,
      dossierPayloadSchema,
    );
    const fallback = requestUnit(c, envelopeUnit);
    const problems: FieldProblem[] = [];
    const resolved: { payload: DossierPayload; prefix: string; unit: Unit; procedure: string }[] = [];
    const seen = new Set<string>();
    for (const { value: payload, prefix } of payloads) {
      problems.push(...lifeProblems(payload).map((p) => ({ ...p, field: `${prefix}${p.field}` })));
      const unit = await unitOf(deps, payload.DonViXuLy, fallback, `${prefix}DonViXuLy`);
      const procedure = await guarded(() => findProcedure(deps.store, payload.MaTTHC));
      if (!procedure)
        problems.push({
          field: `${prefix}MaTTHC`,
          vi: `không có thủ tục "${payload.MaTTHC}" trong danh mục`,
          en: `no procedure "${payload.MaTTHC}" in the catalogue`,
        });
      if (!('id' in unit)) {
        problems.push(unit);
        continue;
      }
      const identity = `${unit.id}\n${payload.MaHoSo}`;
      if (seen.has(identity))
        problems.push({
          field: `${prefix}MaHoSo`,
          vi: 'trùng với một hồ sơ khác trong cùng lô',
          en: 'repeats another entry of the same batch',
        });
      seen.add(identity);
      if (procedure) resolved.push({ payload, prefix, unit, procedure: procedure.code });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    for (const unit of new Set(resolved.map((entry) => entry.unit)))
      await authorizeUnit(deps.units, key, 'dossiers:write', unit.id);

    const entries: { input: DossierInput; prefix: string; unit: Unit }[] = [];
    const registeredOnly: string[] = [];
    for (const { payload, prefix, unit, procedure } of resolved) {
      const steps = (await getSyncRecord(deps.store, unit.id, payload.MaHoSo))?.steps ?? [];
      const input = dossierInputOf(payload, { unit: unit.id, procedure, steps });
      if (input) entries.push({ input, prefix, unit });
      else registeredOnly.push(payload.MaHoSo);
    }
    const dossiers = entries.length > 0 ? await register(c, entries) : [];
    // A dossier only registered (TrangThaiHoSo 1) is not received yet: nothing to count or store.
    const waiting = registeredOnly.map((code) => ({ MaHoSo: code, code, stored: false }));
    return c.json(
      { ...SUCCESS, dossiers: [...dossiers, ...waiting] },
      dossiers.some((dossier) => dossier.created) ? 201 : 200,
    );
  });

  app.post('/CapNhatTienDoHoSoMC', limitBody(MAX_BODY_BYTES), async (c) => {
    const key = c.get('apiKey');
    requirePermission(key, 'dossiers:write');
    const { payloads, unit: envelopeUnit } = parseEntries(
      await readJson(c.req.raw),
      pickStepPayload,
      stepPayloadSchema,
    );
    const fallback = requestUnit(c, envelopeUnit);
    if (!fallback) {
      throw new ValidationError([
        {
          field: 'MaDinhDanhDV',
          vi: 'bắt buộc: mã đơn vị của các hồ sơ',
          en: 'required: the code of the dossiers’ unit',
        },
      ]);
    }
    const unit = await unitOf(deps, undefined, fallback, 'MaDinhDanhDV');
    if (!('id' in unit)) throw new ValidationError([unit]);
    await authorizeUnit(deps.units, key, 'dossiers:write', unit.id);

    // The records of each dossier, in the order sent.
    const problems: FieldProblem[] = [];
    const byDossier = new Map<string, { records: { value: StepPayload; prefix: string }[] }>();
    for (const { value, prefix } of payloads) {
      const department = value.PhongBanXuLy?.trim();
      // A code names the step's agency; a department's name (with spaces) stands for the dossier's unit.
      if (department && !/\s/.test(department) && !(await deps.units.find(department))) {
        problems.push({
          field: `${prefix}PhongBanXuLy`,
          vi: `không có đơn vị mã "${department}"`,
          en: `no unit with the code "${department}"`,
        });
      }
      const entry = byDossier.get(value.MaHoSo) ?? { records: [] };
      entry.records.push({ value, prefix });
      byDossier.set(value.MaHoSo, entry);
    }
    const entries: { input: DossierInput; prefix: string; unit: Unit }[] = [];
    for (const [code, { records: sent }] of byDossier) {
      const record = await getSyncRecord(deps.store, unit.id, code);
      const prefix = sent[0]!.prefix;
      if (!record?.report) {
        problems.push({
          field: `${prefix}MaHoSo`,
          vi: `hồ sơ "${code}" chưa được đồng bộ (gửi DongBoHoSoMC trước)`,
          en: `dossier "${code}" has not been synced yet (send DongBoHoSoMC first)`,
        });
        continue;
      }
      const added = [];
      for (const { value } of sent) {
        const department = value.PhongBanXuLy?.trim();
        const agency = department && !/\s/.test(department) ? await deps.units.find(department) : undefined;
        const step = stepOf(value, agency?.id ?? unit.id);
        if (step) added.push(step);
      }
      const steps = mergeSteps(record.steps, added);
      if (steps.length > MAX_ENTRIES) {
        problems.push({
          field: `${prefix}MaHoSo`,
          vi: `tối đa ${MAX_ENTRIES} bước cho một hồ sơ`,
          en: `at most ${MAX_ENTRIES} steps per dossier`,
        });
        continue;
      }
      const report = { ...record.report, steps };
      const { updatedAt: _, ...facts } = report;
      entries.push({
        input: { ...report, updatedAt: changeTime(facts, record.report.updatedAt) },
        prefix,
        unit,
      });
    }
    if (problems.length > 0) throw new ValidationError(problems);
    const dossiers = await register(c, entries);
    return c.json({ ...SUCCESS, dossiers }, 200);
  });
  return app;
}

/** A report with more steps is later than the one it completes (shared/sync/dvcqg.ts `changeTimeOf`). */
function changeTime(facts: Omit<DossierInput, 'updatedAt'>, before: string | undefined): string {
  const after = changeTimeOf(facts, []);
  return before !== undefined && Date.parse(before) > Date.parse(after) ? before : after;
}
