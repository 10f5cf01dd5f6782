/**
 * The zod shape of the scorecard's facts ({@link SCORECARD_FACTS}), one optional boolean each: the
 * dossier report (shared/dossier-registration.ts) and the stored state (shared/storage/dossier-snapshots.ts)
 * both spread it, so a fact added to the list is taken in and kept alike.
 */
import * as z from 'zod/mini';
import { SCORECARD_FACTS, type ScorecardFact } from './life';

export const scorecardFactsShape = Object.fromEntries(
  SCORECARD_FACTS.map((fact) => [fact, z.optional(z.boolean())]),
) as Record<ScorecardFact, z.ZodMiniOptional<z.ZodMiniBoolean<boolean>>>;
