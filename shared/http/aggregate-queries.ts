/**
 * The query parameters of the score, ranking and rating listings (DESIGN §8), in one place so the
 * routes validate with them and the OpenAPI document is generated from them.
 */
import * as z from 'zod/mini';
import { indexMethods } from '../indexes/common';
import { unitIdSchema } from '../storage/units';
import { isLocalDay } from '../time';

/** A local day `YYYY-MM-DD` (Asia/Ho_Chi_Minh). */
export const localDaySchema = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/),
    z.refine(isLocalDay, { message: 'không phải ngày có thật / not a calendar day (YYYY-MM-DD)' }),
  );

/** The longest range a query may span (DESIGN: a range over 5 years is refused). */
export const MAX_RANGE_DAYS = 5 * 366;

const range = {
  from: localDaySchema,
  to: localDaySchema,
};

export const scoresQuerySchema = z.strictObject({
  unit: unitIdSchema,
  ...range,
  method: z.enum(indexMethods),
  groupBy: z.optional(z.enum(['day', 'month', 'quarter', 'year'])),
});

export const rankingsQuerySchema = z.strictObject({
  parent: unitIdSchema,
  ...range,
  method: z.enum(indexMethods),
});

export const ratingsQuerySchema = z.strictObject({
  unit: unitIdSchema,
  ...range,
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000))),
  /** `vi`: CSV for people (Vietnamese headers, names, local time; shared/reports/ratings-labels.ts). */
  labels: z.optional(z.enum(['vi'])),
});
