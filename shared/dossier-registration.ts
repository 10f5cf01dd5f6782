/**
 * Dossier registration (DESIGN §3, §8 `POST /v1/dossiers`): the input schema, the checks that need
 * more than one field, and the registration of a validated batch.
 */
import * as z from 'zod/mini';
import { type FieldProblem, ValidationError } from './errors';
import { openCaseIfCalledFor } from './feedback/opening';
import { DEFAULT_CASE_WORKING_DAYS } from './feedback/working-days';
import { parseInput } from './validation';
import {
  applicantTypes,
  channels,
  completeDossier,
  type Dossier,
  dossierCodeSchema,
  registerDossier,
} from './storage/dossiers';
import type { Store } from './storage/client';
import { procedureCodeSchema } from './storage/procedures';
import { unitIdSchema } from './storage/units';

/** Returns may be stamped by a clock a little ahead of ours. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
export const MAX_BATCH = 100;

const instant = z.iso.datetime({ offset: true });

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

/** Stores each dossier once (idempotent on unit and code); answers each as stored. */
export async function registerDossiers(
  store: Store,
  inputs: DossierInput[],
  options: { now: Date; linkTtlDays: number; caseWorkingDays?: number },
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
