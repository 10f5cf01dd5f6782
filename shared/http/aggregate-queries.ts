/**
 * The query parameters of the score, ranking and rating listings (DESIGN §8), in one place so the
 * routes validate with them and the OpenAPI document is generated from them.
 */
import * as z from 'zod/mini';
import { indexMethods } from '../indexes/common';
import { unitIdSchema } from '../storage/units';
import { localDaySchema } from '../date-range';

export { localDaySchema, MAX_RANGE_DAYS } from '../date-range';

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
