/**
 * Dossier registration (DESIGN §3, §8 `POST /v1/dossiers`): the input schema, the checks that need
 * more than one field, and the registration of a validated batch.
 */
import * as z from 'zod/mini';
import { instantSchema } from './date-range';
import { isFinal } from './aggregation/run';
import { ConflictError, ExpiredTokenError, type FieldProblem, ValidationError } from './errors';
import { openCaseIfCalledFor } from './feedback/opening';
import { DEFAULT_CASE_WORKING_DAYS } from './feedback/working-days';
import { parseInput } from './validation';
import {
  applicantTypes,
  channels,
  completeDossier,
  type Dossier,
  dossierRid,
  dossierCodeSchema,
  getDossier,
  registerDossier,
} from './storage/dossiers';
import type { Store } from './storage/client';
import { procedureCodeSchema } from './storage/procedures';
import { unitIdSchema } from './storage/units';
import { localDay } from './time';

/** Returns may be stamped by a clock a little ahead of ours. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
export const MAX_BATCH = 100;

const instant = instantSchema;

export const dossierInputSchema = z.object({
  code: dossierCodeSchema,
  unit: unitIdSchema,
  procedure: procedureCodeSchema,
  applicantType: z.enum(applicantTypes),
  channel: z.enum(channels),
  receivedAt: instant,
  dueAt: instant,
  returnedAt: instant,
  supplementRequests: z._default(z.int().check(z.minimum(0), z.maximum(1000)), 0),
  complaint: z._default(z.boolean(), false),
});
export type DossierInput = z.infer<typeof dossierInputSchema>;

export const dossierBatchSchema = z.object({
  dossiers: z.array(dossierInputSchema).check(z.minLength(1), z.maxLength(MAX_BATCH)),
});

/** The request body as documented: one dossier, or `{ dossiers: [...] }`. */
export const registerDossiersBodySchema = z.union([dossierInputSchema, dossierBatchSchema]);

/** One dossier or a batch, each entry with the field prefix its problems are named with. */
export function parseDossierBody(body: unknown): { input: DossierInput; field: string }[] {
  const batch = typeof body === 'object' && body !== null && !Array.isArray(body) && 'dossiers' in body;
  const inputs = batch
    ? parseInput(dossierBatchSchema, body).dossiers.map((input, index) => ({
        input,
        field: `dossiers.${index}.`,
      }))
    : [{ input: parseInput(dossierInputSchema, body), field: '' }];
  const problems: FieldProblem[] = [];
  const seen = new Map<string, string>();
  for (const { input, field } of inputs) {
    const key = `${input.unit}\n${input.code}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        field: `${field}code`,
        vi: `trùng với ${first}code trong cùng lô`,
        en: `repeats ${first}code in the same batch`,
      });
    }
    seen.set(key, field);
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return inputs;
}

/** Checks between fields and against the clock: received ≤ returned, returned not in the future. */
export function checkDossierDates(inputs: { input: DossierInput; field: string }[], now: Date): void {
  const problems: FieldProblem[] = [];
  for (const { input, field } of inputs) {
    const received = Date.parse(input.receivedAt);
    const returned = Date.parse(input.returnedAt);
    if (received > returned) {
      problems.push({
        field: `${field}returnedAt`,
        vi: 'không được trước receivedAt',
        en: 'must not be before receivedAt',
      });
    }
    if (returned > now.getTime() + CLOCK_SKEW_MS) {
      problems.push({
        field: `${field}returnedAt`,
        vi: 'không được ở tương lai',
        en: 'must not be in the future',
      });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

/** DESIGN §3: a rating link expires `LINK_TTL_DAYS` after the dossier's return. */
export function linkExpiry(returnedAt: string, linkTtlDays: number): Date {
  return new Date(Date.parse(returnedAt) + linkTtlDays * 86_400_000);
}

/**
 * Refuses (410) a rating of a dossier whose link has expired counted from its return, whatever expiry
 * its token carries: links signed before the expiry ran from the return stay valid longer, and a
 * rating after the expiry could change a figure already published as final (DESIGN §4.2).
 */
export function checkLinkOpen(
  dossier: Pick<Dossier, 'returnedAt' | 'rid'>,
  linkTtlDays: number,
  now: Date,
): void {
  const expiry = linkExpiry(dossier.returnedAt, linkTtlDays);
  if (now.getTime() > expiry.getTime()) throw new ExpiredTokenError(expiry, dossier.rid);
}

/**
 * Refuses (409) a batch holding a new dossier returned in a period whose figures are already final
 * (DESIGN §4.2: a figure once final never changes). A repeat report of a stored dossier changes no
 * figure and passes. History is loaded by the administrator's import instead (DESIGN §4.2).
 */
export async function checkFinalPeriods(
  store: Store,
  inputs: { input: DossierInput; field: string }[],
  options: { now: Date; linkTtlDays: number },
): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const { input, field } of inputs) {
    const day = localDay(input.returnedAt);
    if (!isFinal(day, options.linkTtlDays, options.now)) continue;
    if (await getDossier(store, dossierRid(input.unit, input.code))) continue;
    problems.push({
      field: `${field}returnedAt`,
      vi: `số liệu ngày ${day} đã chốt (final); không thể thêm hồ sơ trả kết quả ngày đó`,
      en: `the figures of ${day} are final; a dossier returned that day can no longer be added`,
    });
  }
  if (problems.length > 0) {
    throw new FinalFigureError(problems);
  }
}

/** A report that would change a figure already final (409), naming each dossier. */
export class FinalFigureError extends ConflictError {
  constructor(readonly problems: FieldProblem[]) {
    super({
      vi: `Số liệu đã chốt không thể thay đổi: ${problems.map((p) => `${p.field} (${p.vi})`).join('; ')}`,
      en: `Final figures cannot change: ${problems.map((p) => `${p.field} (${p.en})`).join('; ')}`,
    });
  }
}

/** Stores each dossier once (idempotent on unit and code); answers each as stored. */
export async function registerDossiers(
  store: Store,
  inputs: DossierInput[],
  options: {
    now: Date;
    linkTtlDays: number;
    asksSipas?: (unit: string) => boolean;
    caseWorkingDays?: number;
  },
): Promise<{ created: boolean; dossier: Dossier }[]> {
  const results: { created: boolean; dossier: Dossier }[] = [];
  // 25 at a time: fast for a batch of 100 without a burst that invites throttling.
  for (let start = 0; start < inputs.length; start += 25) {
    const chunk = inputs.slice(start, start + 25);
    results.push(
      ...(await Promise.all(
        chunk.map((input) =>
          registerDossier(
            store,
            completeDossier(
              {
                ...input,
                // Stored in UTC so that string order is time order.
                receivedAt: new Date(input.receivedAt).toISOString(),
                dueAt: new Date(input.dueAt).toISOString(),
                returnedAt: new Date(input.returnedAt).toISOString(),
                // The rating form shows the SIPAS questions the unit asks now (stored for the rating).
                asksSipas: options.asksSipas?.(input.unit) ?? false,
              },
              options.now,
              options.linkTtlDays,
            ),
          ),
        ),
      )),
    );
  }
  // A dossier reported with `complaint: true` opens a feedback case (DESIGN §4.4; interim second write).
  for (const { created, dossier } of results) {
    if (!created || !dossier.complaint) continue;
    await openCaseIfCalledFor(
      {
        store,
        config: { FEEDBACK_WORKING_DAYS: options.caseWorkingDays ?? DEFAULT_CASE_WORKING_DAYS },
        now: () => options.now,
      },
      dossier,
      { complaint: true },
    );
  }
  return results;
}
