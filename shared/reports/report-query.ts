/** The query of `GET /v1/reports/satisfaction.xlsx`, shared by the route and the OpenAPI document. */
import * as z from 'zod/mini';
import { localDaySchema } from '../http/aggregate-queries';
import { unitIdSchema } from '../storage/units';

export const reportQuerySchema = z.strictObject({
  unit: unitIdSchema,
  from: localDaySchema,
  to: localDaySchema,
  /** The report's language: `vi` (default) or `en`, or the browser's Accept-Language. */
  lang: z.optional(z.enum(['vi', 'en'])),
});
