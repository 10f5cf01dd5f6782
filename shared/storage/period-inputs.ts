/**
 * A unit's period inputs, recorded by an administrator for a unit and a month, with who recorded it,
 * when, and a note (DESIGN §4.2, §4.5):
 * - the Circular 01/2018/TT-VPCP art. 13 indicators that come neither from a dossier's dates nor from
 *   the citizen — i5 reception and return at the one-stop section (letter đ), i6 publicity of the
 *   procedure (e), i9 progress and quality of the online service (g) — each a score 0–2;
 * - the three province-wide transparency metrics of Decision 766 (items 1.1–1.3 of the portal's
 *   formula description, from the national procedure database): `transparency.publishOnTime`
 *   (PUBLISH_ON_TIME), `transparency.publicUpdateOnTime` (PUBLIC_UPDATE_ON_TIME),
 *   `transparency.publicContentFull` (PUBLIC_CONTENT_FULL) — each a numerator and a denominator of the
 *   month, recorded on the province (the root unit) only; every unit's scorecard shows them, as the
 *   portal shows the province's figures on every unit.
 *
 * Keys: `pk = INPUT#<unit>`, `sk = <YYYY-MM>#<indicator>`: one item per unit, month and indicator
 * (recording again replaces it); a unit's months are one query on its partition.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { IndicatorScore, PeriodInputScores } from '../indexes/dossier-rules';
import type { Store } from './client';
import { guarded, type Item, queryAll } from './dynamo';
import { ValidationError } from '../errors';
import { type FinalGuard, guardPeriodInput } from './final-periods';
import { getUnit, unitIdSchema } from './units';

/** tt01's indicators, each a score 0–2. */
export const scoreIndicators = ['i5', 'i6', 'i9'] as const;
export type ScoreIndicator = (typeof scoreIndicators)[number];
/**
 * Decision 766's province-wide transparency metrics, each a numerator and denominator per month: the
 * scorecard's metric keys (shared/indexes/qd766-scorecard.ts), so the input and the metric share a name.
 */
export const transparencyIndicators = [
  'transparency.publishOnTime',
  'transparency.publicUpdateOnTime',
  'transparency.publicContentFull',
] as const;
export type TransparencyIndicator = (typeof transparencyIndicators)[number];
export const periodInputIndicators = [...scoreIndicators, ...transparencyIndicators] as const;
export type PeriodInputIndicator = (typeof periodInputIndicators)[number];

export const isTransparencyIndicator = (indicator: string): indicator is TransparencyIndicator =>
  (transparencyIndicators as readonly string[]).includes(indicator);

/** A month `YYYY-MM` of the years 2000–2100 (DESIGN §6). */
export const monthSchema = z.string().check(
  z.regex(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, {
    message: 'không phải tháng YYYY-MM (2000–2100) / not a month YYYY-MM (2000–2100)',
  }),
);

/** A count of a transparency input: a whole number 0 – 1,000,000 (a province has a few hundred procedures). */
const countChecks = [
  z.refine((count) => Number.isInteger(count), {
    message: 'phải là số nguyên / must be a whole number',
  }),
  z.minimum(0),
  z.maximum(1_000_000),
] as const;
const countSchema = z.coerce.number().check(...countChecks);

/**
 * What an administrator records: `value` for i5, i6, i9; `numerator` and `denominator` for a
 * transparency metric (0 ≤ numerator ≤ denominator). Which fields an indicator takes is checked by
 * {@link checkPeriodInput}, after the shape.
 */
export const periodInputSchema = z.strictObject({
  unit: unitIdSchema,
  month: monthSchema,
  indicator: z.enum(periodInputIndicators),
  value: z.optional(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(2))),
  numerator: z.optional(countSchema),
  denominator: z.optional(countSchema),
  note: z.optional(z.string().check(z.maxLength(500))),
});
export type PeriodInputEntry = z.infer<typeof periodInputSchema>;

/**
 * The fields an indicator takes, both languages: a score indicator its `value` and nothing else; a
 * transparency metric its `numerator` and `denominator`, the numerator not above the denominator.
 */
export function checkPeriodInput(entry: PeriodInputEntry): PeriodInputEntry {
  const problems: { field: string; vi: string; en: string }[] = [];
  const required = { vi: 'bắt buộc', en: 'required' };
  const unexpected = (field: string) => ({
    field,
    vi: `không dùng cho chỉ số ${entry.indicator}`,
    en: `not taken by the indicator ${entry.indicator}`,
  });
  if (isTransparencyIndicator(entry.indicator)) {
    if (entry.value !== undefined) problems.push(unexpected('value'));
    if (entry.numerator === undefined) problems.push({ field: 'numerator', ...required });
    if (entry.denominator === undefined) problems.push({ field: 'denominator', ...required });
    if (
      entry.numerator !== undefined &&
      entry.denominator !== undefined &&
      entry.numerator > entry.denominator
    ) {
      problems.push({
        field: 'numerator',
        vi: `tử số (${entry.numerator}) không được lớn hơn mẫu số (${entry.denominator})`,
        en: `the numerator (${entry.numerator}) must not exceed the denominator (${entry.denominator})`,
      });
    }
  } else {
    if (entry.value === undefined) problems.push({ field: 'value', ...required });
    if (entry.numerator !== undefined) problems.push(unexpected('numerator'));
    if (entry.denominator !== undefined) problems.push(unexpected('denominator'));
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return entry;
}

/** `GET /v1/period-inputs`: a unit and a range of months (default: every month of 2000–2100). */
export const periodInputsQuerySchema = z.strictObject({
  unit: unitIdSchema,
  from: z._default(monthSchema, '2000-01'),
  to: z._default(monthSchema, '2100-12'),
});

/**
 * `PUT /v1/period-inputs/{unit}/{month}/{indicator}`: the score 0–2 (i5, i6, i9) or the numerator and
 * denominator (a transparency metric), and an optional note.
 */
export const periodInputValueSchema = z.strictObject({
  value: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(2))),
  numerator: z.optional(z.number().check(...countChecks)),
  denominator: z.optional(z.number().check(...countChecks)),
  note: z.optional(z.string().check(z.maxLength(500))),
});

interface Recorded {
  unit: string;
  month: string;
  note?: string;
  /** Who recorded it: the API key's name, or the administrator's CLI. */
  recordedBy: string;
  recordedAt: string;
}

/** A tt01 score of a unit and month. */
export interface ScoreInput extends Recorded {
  indicator: ScoreIndicator;
  value: IndicatorScore;
}

/** A province-wide transparency figure of a month. */
export interface TransparencyInput extends Recorded {
  indicator: TransparencyIndicator;
  numerator: number;
  denominator: number;
}

export type PeriodInput = ScoreInput | TransparencyInput;

export const periodInputKey = (unit: string, month: string, indicator: PeriodInputIndicator) => ({
  pk: `INPUT#${unit}`,
  sk: `${month}#${indicator}`,
});

function toItem(input: PeriodInput): Item {
  return {
    ...periodInputKey(input.unit, input.month, input.indicator),
    type: 'periodInput',
    unit: input.unit,
    month: input.month,
    indicator: input.indicator,
    ...('value' in input
      ? { value: input.value }
      : { numerator: input.numerator, denominator: input.denominator }),
    recordedBy: input.recordedBy,
    recordedAt: input.recordedAt,
    ...(input.note !== undefined ? { note: input.note } : {}),
  };
}

const recordedSchema = {
  unit: unitIdSchema,
  month: monthSchema,
  recordedBy: z.string(),
  recordedAt: z.string(),
  note: z.optional(z.string()),
};
const storedSchema = z.union([
  z.object({
    ...recordedSchema,
    indicator: z.enum(scoreIndicators),
    value: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  }),
  z.object({
    ...recordedSchema,
    indicator: z.enum(transparencyIndicators),
    numerator: z.number().check(z.int(), z.minimum(0)),
    denominator: z.number().check(z.int(), z.minimum(0)),
  }),
]);

/** Decodes a stored item, refusing one that is not a period input. */
function fromItem(item: Item): PeriodInput {
  const stored = storedSchema.parse(item);
  const head = {
    unit: stored.unit,
    month: stored.month,
    recordedBy: stored.recordedBy,
    recordedAt: stored.recordedAt,
    ...(stored.note !== undefined ? { note: stored.note } : {}),
  };
  return 'value' in stored
    ? { ...head, indicator: stored.indicator, value: stored.value }
    : {
        ...head,
        indicator: stored.indicator,
        numerator: stored.numerator,
        denominator: stored.denominator,
      };
}

const NOT_PROVINCE = {
  vi: 'chỉ số công khai, minh bạch (1.1–1.3) là số liệu toàn tỉnh: chỉ ghi cho đơn vị gốc (tỉnh)',
  en: 'the transparency metrics (1.1–1.3) are province-wide: record them on the root unit (the province) only',
};

/**
 * Records (or replaces) a unit's value of one indicator for one month, after {@link checkPeriodInput};
 * a transparency metric only on a root unit (the province; 422 otherwise). The inputs are joined to
 * the scores when they are read, so a value for a month whose figures are final would change them: the
 * final rule's guard refuses it (409, nothing stored; ./final-periods.ts).
 */
export async function putPeriodInput(
  store: Store,
  entry: PeriodInputEntry,
  recordedBy: string,
  now: Date,
  guard: FinalGuard,
): Promise<PeriodInput> {
  checkPeriodInput(entry);
  if (isTransparencyIndicator(entry.indicator)) {
    const unit = await guarded(() => getUnit(store, entry.unit));
    if (unit?.parent !== null) throw new ValidationError([{ field: 'unit', ...NOT_PROVINCE }]);
  }
  await guardPeriodInput(store, entry.unit, entry.month, guard);
  const head = {
    unit: entry.unit,
    month: entry.month,
    recordedBy,
    recordedAt: now.toISOString(),
    ...(entry.note !== undefined ? { note: entry.note } : {}),
  };
  const input: PeriodInput = isTransparencyIndicator(entry.indicator)
    ? {
        ...head,
        indicator: entry.indicator,
        numerator: entry.numerator!,
        denominator: entry.denominator!,
      }
    : { ...head, indicator: entry.indicator, value: entry.value as IndicatorScore };
  await guarded(() => store.db.send(new PutCommand({ TableName: store.tableName, Item: toItem(input) })));
  return input;
}

/** A unit's period inputs from month `from` to month `to`, both included, oldest first. */
export async function listPeriodInputs(
  store: Store,
  unit: string,
  from: string,
  to: string,
): Promise<PeriodInput[]> {
  const items = await guarded(() =>
    queryAll(store, {
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `INPUT#${unit}`, ':from': `${from}#`, ':to': `${to}#~` },
    }),
  );
  return items.map(fromItem);
}

/** The scores of one unit and month, as the tt01 per-dossier rule takes them. */
export async function periodInputScores(
  store: Store,
  unit: string,
  month: string,
): Promise<PeriodInputScores> {
  const inputs = await listPeriodInputs(store, unit, month, month);
  return Object.fromEntries(
    inputs.flatMap((input) => ('value' in input ? [[input.indicator, input.value]] : [])),
  );
}

/** One recorded value, if any. */
export async function getPeriodInput(
  store: Store,
  unit: string,
  month: string,
  indicator: PeriodInputIndicator,
): Promise<PeriodInput | undefined> {
  const result = await guarded(() =>
    store.db.send(
      new GetCommand({ TableName: store.tableName, Key: periodInputKey(unit, month, indicator) }),
    ),
  );
  return result.Item ? fromItem(result.Item as Item) : undefined;
}

/**
 * The period inputs of many units from month `from` to month `to`: one query per unit (on its own
 * partition), at most `concurrency` at a time. A unit with nothing recorded costs one empty query.
 */
export async function listPeriodInputsOfUnits(
  store: Store,
  units: string[],
  from: string,
  to: string,
  concurrency = 8,
): Promise<PeriodInput[]> {
  const found: PeriodInput[][] = [];
  let next = 0;
  const worker = async () => {
    while (next < units.length) {
      const index = next++;
      found[index] = await listPeriodInputs(store, units[index]!, from, to);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, units.length) }, worker));
  return found.flat();
}
