/**
 * A unit's period inputs: the Circular 01/2018/TT-VPCP art. 13 indicators that come neither from a
 * dossier's dates nor from the citizen — i5 reception and return at the one-stop section (letter đ),
 * i6 publicity of the procedure (e), i9 progress and quality of the online service (g) — scored 0–2 by
 * an administrator for a unit and a month, with who recorded it, when, and a note (DESIGN §4.2).
 *
 * Keys: `pk = INPUT#<unit>`, `sk = <YYYY-MM>#<indicator>`: one item per unit, month and indicator
 * (recording again replaces it); a unit's months are one query on its partition.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { IndicatorScore, PeriodInputScores } from '../indexes/dossier-rules';
import type { Store } from './client';
import { guarded, type Item, queryAll } from './dynamo';
import { type FinalGuard, guardPeriodInput } from './final-periods';
import { unitIdSchema } from './units';

export const periodInputIndicators = ['i5', 'i6', 'i9'] as const;
export type PeriodInputIndicator = (typeof periodInputIndicators)[number];

/** A month `YYYY-MM` of the years 2000–2100 (DESIGN §6). */
export const monthSchema = z.string().check(
  z.regex(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, {
    message: 'không phải tháng YYYY-MM (2000–2100) / not a month YYYY-MM (2000–2100)',
  }),
);

/** What an administrator records. */
export const periodInputSchema = z.strictObject({
  unit: unitIdSchema,
  month: monthSchema,
  indicator: z.enum(periodInputIndicators),
  value: z.coerce.number().check(z.int(), z.minimum(0), z.maximum(2)),
  note: z.optional(z.string().check(z.maxLength(500))),
});
export type PeriodInputEntry = z.infer<typeof periodInputSchema>;

/** `GET /v1/period-inputs`: a unit and a range of months (default: every month of 2000–2100). */
export const periodInputsQuerySchema = z.strictObject({
  unit: unitIdSchema,
  from: z._default(monthSchema, '2000-01'),
  to: z._default(monthSchema, '2100-12'),
});

/** `PUT /v1/period-inputs/{unit}/{month}/{indicator}`: the score 0–2 and an optional note. */
export const periodInputValueSchema = z.strictObject({
  value: z.number().check(z.int(), z.minimum(0), z.maximum(2)),
  note: z.optional(z.string().check(z.maxLength(500))),
});

export interface PeriodInput extends PeriodInputEntry {
  value: IndicatorScore;
  /** Who recorded it: the API key's name, or the administrator's CLI. */
  recordedBy: string;
  recordedAt: string;
}

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
    value: input.value,
    recordedBy: input.recordedBy,
    recordedAt: input.recordedAt,
    ...(input.note !== undefined ? { note: input.note } : {}),
  };
}

const storedSchema = z.object({
  unit: unitIdSchema,
  month: monthSchema,
  indicator: z.enum(periodInputIndicators),
  value: z.union([z.literal(0), z.literal(1), z.literal(2)]),
  recordedBy: z.string(),
  recordedAt: z.string(),
  note: z.optional(z.string()),
});

/** Decodes a stored item, refusing one that is not a period input. */
function fromItem(item: Item): PeriodInput {
  const { unit, month, indicator, value, recordedBy, recordedAt, note } = storedSchema.parse(item);
  return { unit, month, indicator, value, recordedBy, recordedAt, ...(note !== undefined ? { note } : {}) };
}

/**
 * Records (or replaces) a unit's value of one indicator for one month. The inputs are joined to tt01
 * when the scores are read, so a value for a month whose figures are final would change them: the
 * final rule's guard refuses it (409, nothing stored; ./final-periods.ts).
 */
export async function putPeriodInput(
  store: Store,
  entry: PeriodInputEntry,
  recordedBy: string,
  now: Date,
  guard: FinalGuard,
): Promise<PeriodInput> {
  await guardPeriodInput(store, entry.unit, entry.month, guard);
  const input: PeriodInput = {
    ...entry,
    value: entry.value as IndicatorScore,
    recordedBy,
    recordedAt: now.toISOString(),
  };
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
  return Object.fromEntries(inputs.map((input) => [input.indicator, input.value]));
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
