/** The query of `GET /v1/skills`, shared by the route and the OpenAPI document. */
import * as z from 'zod/mini';
import { unitIdSchema } from '../storage/units';
import { localDaySchema } from '../date-range';
import { skillIndicators } from './indicators';

const day = localDaySchema;

export const skillsQuerySchema = z.object({
  unit: unitIdSchema,
  from: day,
  to: day,
  indicator: z._default(z.enum(skillIndicators), 'plan146'),
});
