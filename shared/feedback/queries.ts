/**
 * The request schemas of the feedback API (DESIGN §8), in one place so the route validates with them
 * and the OpenAPI document is generated from them.
 */
import * as z from 'zod/mini';
import { localDaySchema } from '../http/aggregate-queries';
import { CASE_ANSWER_MAX } from '../storage/feedback-cases';
import { unitIdSchema } from '../storage/units';
import { caseStatuses } from './cases';

export const feedbackQuerySchema = z.strictObject({
  unit: unitIdSchema,
  /** Cases opened from this local day… */
  from: localDaySchema,
  /** …to this one, both included. */
  to: localDaySchema,
  status: z.optional(z.enum(caseStatuses)),
  cursor: z.optional(z.string().check(z.maxLength(2000))),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000))),
});

export const answerBodySchema = z.strictObject({
  answer: z.string().check(z.trim(), z.minLength(1), z.maxLength(CASE_ANSWER_MAX)),
});
