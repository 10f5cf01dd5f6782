/**
 * The codec of the dossier item's attributes (`DOSSIER#<rid>` / `DOSSIER`) that several writers share:
 * the rating's answers as stored on it (two under other names, see {@link toStoredNames}), the facts
 * the nightly job reads of a rating, the counted facts of its feedback case and the case a rating
 * fixed. Imported by ./ratings.ts, ./dossier-reports.ts, ./feedback-cases.ts and ./arrivals.ts, and
 * importing none of them (issue #20: the runtime circle dossier-reports → ratings → feedback-cases →
 * dossier-reports is broken here).
 *
 * "Legacy" has three meanings in this layer, named apart: a **separate rating item** (sk
 * {@link LEGACY_RATING_SK}, the layout before one-request ratings, still read); a **dossier without a
 * stored life** (reported once at its return before lives were stored: version 0, read by
 * ./dossier-reports.ts `lifeWithoutStoredLife`); and the **`legacyState` attribute**, the state such a
 * dossier's own arrival is counted with, frozen at its first change.
 */
import * as z from 'zod/mini';
import type { CaseFacts, OpenedCase } from '../dossier/life';
import { decodeItem, type Item } from './dynamo';
import { caseFactsSchema } from './dossier-snapshots';

/** The sort key of a rating stored as an item of its own (the layout before one-request ratings). */
export const LEGACY_RATING_SK = 'RATING';

export const score = z.union([z.literal(0), z.literal(1), z.literal(2)]);
export const sipasSchema = z.object({
  s1: z.optional(z.number()),
  s2: z.optional(z.number()),
  s3: z.optional(z.number()),
  s4: z.optional(z.number()),
  s5: z.optional(z.number()),
});

/**
 * Two answer attributes are stored under other names on the dossier item, because gsi1 projects
 * names of other entities (a unit's `sipas` flag, an assessment's `instrument`): a rating must change
 * no attribute gsi1 copies, or every rating would write a gsi1 copy too (docs/data-model.md).
 */
const STORED_NAMES = { instrument: 'ratingInstrument', sipas: 'sipasScores' } as const;

/** The name an answer's field is stored under on the dossier item. */
export const storedName = (field: string): string =>
  Object.hasOwn(STORED_NAMES, field) ? STORED_NAMES[field as keyof typeof STORED_NAMES] : field;

/** The attributes as stored on the dossier item, from the answer's field names (undefined ones left out). */
export function toStoredNames(answer: object): Item {
  return Object.fromEntries(
    Object.entries(answer).flatMap(([field, value]) =>
      value === undefined ? [] : [[storedName(field), value]],
    ),
  );
}

/** The answer's field names, from the attributes as stored on the dossier item. */
export function fromStoredNames(item: Item): Item {
  const { [STORED_NAMES.instrument]: instrument, [STORED_NAMES.sipas]: sipas, ...rest } = item;
  return { ...rest, instrument, ...(sipas !== undefined ? { sipas } : {}) };
}

/** What the nightly job reads of a rating: the fields gsi3 projects (checked by test/unit/storage-decoders). */
export const ratingFactsSchema = z.object({
  rid: z.string(),
  unit: z.string(),
  returnedDay: z.string(),
  timeliness: z.enum(['early', 'onTime', 'late']),
  complaint: z.boolean(),
  instrument: z.string(),
  overall: score,
  i3: score,
  i4: score,
  i7: score,
  sipas: z.optional(sipasSchema),
  ratedAt: z.string(),
});
export type StoredRatingFacts = z.infer<typeof ratingFactsSchema>;
/** The facts' attributes as stored on a rated dossier item (what gsi3 must project). */
export const RATING_FACT_FIELDS = Object.keys(
  toStoredNames(
    Object.fromEntries(Object.keys(ratingFactsSchema.shape).map((name) => [name, name])) as never,
  ),
);

/** The facts the nightly job reads of an item of the rating-arrival index (or a legacy rating item). */
export function ratingFactsFromItem(item: Item): StoredRatingFacts {
  const named = item.sk === LEGACY_RATING_SK ? item : fromStoredNames(item);
  return decodeItem(ratingFactsSchema, 'rating', named);
}

/**
 * The counted facts of the feedback case a dossier item holds (`caseOpenedAt`, `caseDueDay`,
 * `caseFirstAnsweredAt`, `caseJudgement`, `caseJudgedAt`); undefined without a case.
 */
export function caseFactsOfItem(item: Item): CaseFacts | undefined {
  if (typeof item.caseOpenedAt !== 'string' || typeof item.caseDueDay !== 'string') return undefined;
  return decodeItem(caseFactsSchema, 'feedback case', {
    openedAt: item.caseOpenedAt,
    dueDay: item.caseDueDay,
    ...(item.caseFirstAnsweredAt !== undefined ? { answeredAt: item.caseFirstAnsweredAt } : {}),
    ...(item.caseJudgement !== undefined ? { judgement: item.caseJudgement } : {}),
    ...(item.caseJudgedAt !== undefined ? { judgedAt: item.caseJudgedAt } : {}),
  });
}

/**
 * The case a rating's own UpdateItem fixed (`ratedCaseOpenedAt`, `ratedCaseDueDay`: the case it
 * opened or found open), as its arrival carries it; undefined when the rating met no case.
 */
export function ratedCaseOfItem(item: Item): OpenedCase | undefined {
  if (typeof item.ratedCaseOpenedAt !== 'string' || typeof item.ratedCaseDueDay !== 'string')
    return undefined;
  return { openedAt: item.ratedCaseOpenedAt, dueDay: item.ratedCaseDueDay };
}
