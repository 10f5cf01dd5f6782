/**
 * Dossier registration (DESIGN §3, §8 `POST /v1/dossiers`): the input schema, the checks that need
 * more than one field, and the registration of a validated batch.
 *
 * A dossier is reported over its whole life — at receipt, then at each change (supplements, finished,
 * returned, withdrawn, steps, complaint) — each report carrying its full current facts and the source
 * system's `updatedAt`: an older or equal change than the one stored is ignored (resends and
 * out-of-order deliveries are safe), the first report answers 201 and later ones 200. Procedure and
 * `receivedAt` never change (409); the unit is part of the dossier's identity (unit, code). A wave-1
 * report, once at the return with every date and no `updatedAt`, works as before.
 */
import * as z from 'zod/mini';
import { scorecardFactsShape } from './dossier/scorecard-facts-schema';
import { instantSchema } from './date-range';
import { ConflictError, ExpiredTokenError, type FieldProblem, ValidationError } from './errors';
import { openCaseIfCalledFor } from './feedback/opening';
import { DEFAULT_CASE_WORKING_DAYS } from './feedback/working-days';
import { parseInput } from './validation';
import { SCORECARD_FACTS, type ScorecardFact } from './dossier/life';
import { applicantTypes, channels, type Dossier, dossierCodeSchema } from './storage/dossiers';
import type { Store } from './storage/client';
import {
  checkReport,
  type DossierReport,
  type ReportDecision,
  type ReportResult,
  storeReport,
  type StoredLife,
} from './storage/dossier-reports';
import type { FinalGuard } from './storage/final-periods';
import { procedureCodeSchema } from './storage/procedures';
import { unitIdSchema } from './storage/units';

/** Returns may be stamped by a clock a little ahead of ours. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
export const MAX_BATCH = 100;
/** Supplements and steps of one dossier (a one-stop section asks for supplements once or twice). */
export const MAX_ENTRIES = 20;

const instant = instantSchema;

export const dossierInputSchema = z.object({
  code: dossierCodeSchema,
  unit: unitIdSchema,
  procedure: procedureCodeSchema,
  applicantType: z.enum(applicantTypes),
  channel: z.enum(channels),
  receivedAt: instant,
  dueAt: instant,
  returnedAt: z.optional(instant),
  finishedAt: z.optional(instant),
  supplements: z._default(
    z
      .array(z.object({ requestedAt: instant, suppliedAt: z.optional(instant) }))
      .check(z.maxLength(MAX_ENTRIES)),
    [],
  ),
  supplementRequests: z._default(z.int().check(z.minimum(0), z.maximum(1000)), 0),
  withdrawn: z._default(z.boolean(), false),
  /** Refused (not accepted for processing) / stopped: end states that stay in the 766 denominator. */
  rejectedAt: z.optional(instant),
  stoppedAt: z.optional(instant),
  steps: z._default(
    z
      .array(z.object({ unit: unitIdSchema, dueAt: instant, finishedAt: z.optional(instant) }))
      .check(z.maxLength(MAX_ENTRIES)),
    [],
  ),
  complaint: z._default(z.boolean(), false),
  // The whole-766 scorecard's facts over the dossier's life (DESIGN §3, §4.5); absent = not so (yet).
  ...scorecardFactsShape,
  /** The source system's time of the change reported: orders the reports of one dossier. */
  updatedAt: z.optional(instant),
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

/**
 * Checks between fields and against the clock: every instant at or after `receivedAt` and not in the
 * future (`dueAt` not before `receivedAt` either, though it may be in the future); a supplement supplied after it was requested; returned not before finished.
 */
export function checkDossierDates(inputs: { input: DossierInput; field: string }[], now: Date): void {
  const problems: FieldProblem[] = [];
  const latest = now.getTime() + CLOCK_SKEW_MS;
  for (const { input, field } of inputs) {
    const received = Date.parse(input.receivedAt);
    if (Date.parse(input.dueAt) < received) {
      problems.push({
        field: `${field}dueAt`,
        vi: 'không được trước receivedAt (hạn giải quyết trước ngày tiếp nhận)',
        en: 'must not be before receivedAt (due before it was received)',
      });
    }
    const instants: [string, string | undefined][] = [
      ['returnedAt', input.returnedAt],
      ['finishedAt', input.finishedAt],
      ['rejectedAt', input.rejectedAt],
      ['stoppedAt', input.stoppedAt],
      ['updatedAt', input.updatedAt],
      ...input.supplements.flatMap((supplement, index): [string, string | undefined][] => [
        [`supplements.${index}.requestedAt`, supplement.requestedAt],
        [`supplements.${index}.suppliedAt`, supplement.suppliedAt],
      ]),
      ...input.steps.map((step, index): [string, string | undefined] => [
        `steps.${index}.finishedAt`,
        step.finishedAt,
      ]),
    ];
    for (const [name, value] of instants) {
      if (value === undefined) continue;
      const time = Date.parse(value);
      if (time < received) {
        problems.push({
          field: `${field}${name}`,
          vi: 'không được trước receivedAt',
          en: 'must not be before receivedAt',
        });
      }
      if (time > latest) {
        problems.push({
          field: `${field}${name}`,
          vi: 'không được ở tương lai',
          en: 'must not be in the future',
        });
      }
    }
    input.supplements.forEach((supplement, index) => {
      if (
        supplement.suppliedAt !== undefined &&
        Date.parse(supplement.suppliedAt) < Date.parse(supplement.requestedAt)
      ) {
        problems.push({
          field: `${field}supplements.${index}.suppliedAt`,
          vi: 'không được trước requestedAt',
          en: 'must not be before requestedAt',
        });
      }
    });
    const { returnedAt, finishedAt } = input;
    if (
      returnedAt !== undefined &&
      finishedAt !== undefined &&
      Date.parse(returnedAt) < Date.parse(finishedAt)
    ) {
      problems.push({
        field: `${field}returnedAt`,
        vi: 'không được trước finishedAt',
        en: 'must not be before finishedAt',
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

const utc = (instant: string) => new Date(instant).toISOString();
const utcOptional = (instant: string | undefined) => (instant === undefined ? undefined : utc(instant));

/** The scorecard's facts an input reports (those it leaves out stay out). */
function factsOfInput(input: DossierInput): Partial<Record<ScorecardFact, boolean>> | undefined {
  const facts: Partial<Record<ScorecardFact, boolean>> = {};
  for (const fact of SCORECARD_FACTS) if (input[fact] !== undefined) facts[fact] = input[fact];
  return Object.keys(facts).length > 0 ? facts : undefined;
}

/** A validated input as stored: instants in UTC, so that string order is time order. */
export function reportOf(input: DossierInput): DossierReport {
  return {
    code: input.code,
    unit: input.unit,
    procedure: input.procedure,
    applicantType: input.applicantType,
    channel: input.channel,
    receivedAt: utc(input.receivedAt),
    dueAt: utc(input.dueAt),
    finishedAt: utcOptional(input.finishedAt),
    returnedAt: utcOptional(input.returnedAt),
    supplements: input.supplements.map((supplement) => ({
      requestedAt: utc(supplement.requestedAt),
      suppliedAt: utcOptional(supplement.suppliedAt),
    })),
    supplementRequests: input.supplementRequests,
    withdrawn: input.withdrawn,
    rejectedAt: utcOptional(input.rejectedAt),
    stoppedAt: utcOptional(input.stoppedAt),
    complaint: input.complaint,
    facts: factsOfInput(input),
    steps: input.steps.map((step) => ({
      unit: step.unit,
      dueAt: utc(step.dueAt),
      finishedAt: utcOptional(step.finishedAt),
    })),
    updatedAt: utcOptional(input.updatedAt),
  };
}

/** A report that would rewrite what never changes after the first report (DESIGN §3), 409. */
export class ImmutableFieldError extends ConflictError {
  constructor(readonly fields: { field: string; stored: string }[]) {
    super({
      vi: `Không được thay đổi sau lần báo cáo đầu: ${fields.map((f) => `${f.field} (đã lưu ${f.stored})`).join('; ')}.`,
      en: `Cannot change after the first report: ${fields.map((f) => `${f.field} (stored ${f.stored})`).join('; ')}.`,
    });
  }
}

/**
 * What a report does given what is stored: create the dossier, update it (a newer change), or nothing
 * (a resend, an older change, a wave-1 repeat). Procedure and `receivedAt` never change; a result once
 * returned stays returned (its link is out, its rating may be in), so a newer report without
 * `returnedAt` is refused too.
 */
export function decideReport(stored: StoredLife | undefined, report: DossierReport): ReportDecision {
  if (!stored) return 'create';
  const changed: { field: string; stored: string }[] = [];
  if (stored.procedure !== report.procedure) changed.push({ field: 'procedure', stored: stored.procedure });
  if (Date.parse(stored.receivedAt) !== Date.parse(report.receivedAt))
    changed.push({ field: 'receivedAt', stored: stored.receivedAt });
  if (changed.length > 0) throw new ImmutableFieldError(changed);
  if (report.updatedAt === undefined || Date.parse(report.updatedAt) <= Date.parse(stored.updatedAt))
    return 'ignore';
  if (stored.returnedAt !== undefined && report.returnedAt === undefined)
    throw new ImmutableFieldError([{ field: 'returnedAt', stored: stored.returnedAt }]);
  return 'update';
}

/**
 * Stores each report (idempotent on unit and code, ordered by `updatedAt`); answers each dossier as
 * stored, with whether this report created it. Each report, and the case a complaint opens, passes
 * the final rule in its write (shared/storage/final-periods.ts): one that would move a final figure
 * is refused with 409 naming the period — a batch is checked whole first, so nothing of it is stored.
 */
export async function registerDossiers(
  store: Store,
  inputs: DossierInput[],
  options: {
    now: Date;
    linkTtlDays: number;
    asksSipas?: (unit: string) => boolean;
    caseWorkingDays?: number;
    /** `{ history: true }` only for the administrator's import of history (DESIGN §4.2). */
    guard?: FinalGuard;
  },
): Promise<ReportResult[]> {
  const results: ReportResult[] = [];
  const guard = options.guard ?? { now: options.now, linkTtlDays: options.linkTtlDays };
  const batch = inputs.length > 1;
  const reportOptions = (input: DossierInput, index: number) => ({
    now: options.now,
    linkTtlDays: options.linkTtlDays,
    asksSipas: options.asksSipas?.(input.unit) ?? false,
    guard,
    field: batch ? `dossiers.${index}` : undefined,
  });
  // A batch is refused whole (409) before anything of it is stored; one report checks as it stores.
  if (batch) {
    for (let start = 0; start < inputs.length; start += 25) {
      await Promise.all(
        inputs
          .slice(start, start + 25)
          .map((input, offset) =>
            checkReport(store, reportOf(input), decideReport, reportOptions(input, start + offset)),
          ),
      );
    }
  }
  // 25 at a time: fast for a batch of 100 without a burst that invites throttling.
  for (let start = 0; start < inputs.length; start += 25) {
    const chunk = inputs.slice(start, start + 25);
    results.push(
      ...(await Promise.all(
        chunk.map((input, offset) =>
          storeReport(store, reportOf(input), decideReport, reportOptions(input, start + offset)),
        ),
      )),
    );
  }
  // A dossier reported with `complaint: true` — first or in a later change — opens a feedback case
  // (DESIGN §4.4) in a second write; opening is idempotent (the first opening and due day are kept).
  for (const [index, result] of results.entries()) {
    if (!inputs[index]!.complaint || !(result.created || result.changed)) continue;
    await openCaseIfCalledFor(
      {
        store,
        config: { FEEDBACK_WORKING_DAYS: options.caseWorkingDays ?? DEFAULT_CASE_WORKING_DAYS },
        now: () => options.now,
      },
      { rid: result.rid, unit: result.unit },
      { complaint: true },
      guard,
    );
  }
  return results;
}
