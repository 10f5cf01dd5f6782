/**
 * The codec of the dossier item (`DOSSIER#<rid>` / `DOSSIER`), the one module that spells its
 * attribute names (issue #20): {@link DOSSIER_ATTRIBUTES} names every attribute once, and every write
 * of the item — registration (./dossiers.ts), a report of its life (./dossier-reports.ts), the rating's
 * one UpdateItem (./ratings.ts), a feedback case's opening, answer, judgement and alerts
 * (./feedback-cases.ts), the link's refused submissions (./limits.ts) — builds its expressions with
 * {@link DossierItemUpdate}, whose attributes are typed by that map: a misspelt name does not compile,
 * and test/unit/dossier-item-codec.test.ts fails when a storage module spells one in a string.
 * It also decodes what the readers of the item share: the stored state (`state`, `priorState`,
 * `legacyState`, `ratedWithState`, and the day snapshots'), the rating's answers as stored (two under
 * other names, see {@link toStoredNames}), the facts the nightly job reads of a rating, the feedback
 * case and its counted facts, the case a rating fixed and the link's refusal count. It imports none
 * of the modules that write the item (issue #20: the runtime circle dossier-reports → ratings →
 * feedback-cases → dossier-reports is broken here).
 *
 * "Legacy" has three meanings in this layer, named apart: a **separate rating item** (sk
 * {@link SEPARATE_RATING_SK}, the layout before one-request ratings, still read); a **dossier without a
 * stored life** (reported once at its return before lives were stored: version 0, read by
 * ./dossier-reports.ts `lifeWithoutStoredLife`); and the **`legacyState` attribute**, the state such a
 * dossier's own arrival is counted with, frozen at its first change.
 */
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import {
  type CaseAnswer,
  caseTriggers,
  type FeedbackCase,
  judgements,
  storedCaseStatuses,
} from '../feedback/cases';
import { reasonCodes } from '../instruments/rating';
import type { CaseFacts, CountedRating, DossierState, OpenedCase } from '../dossier/life';
import { scorecardFactsShape } from '../dossier/scorecard-facts-schema';
import { decodeItem, type Item } from './dynamo';

/** The sort key of a rating stored as an item of its own (the layout before one-request ratings). */
export const SEPARATE_RATING_SK = 'RATING';

/**
 * Every attribute of the dossier item, named once (docs/data-model.md, "The dossier item"). The
 * groups say which write sets them; a write names an attribute only through this map.
 */
export const DOSSIER_ATTRIBUTES = {
  // Keys and indexes: gsi1 the arrival of a dossier registered at its return (wave 1), gsi2 the
  // rating listing, gsi3 the rating's arrival, gsi4 the feedback-case index.
  pk: 'pk',
  sk: 'sk',
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  gsi2pk: 'gsi2pk',
  gsi2sk: 'gsi2sk',
  gsi3pk: 'gsi3pk',
  gsi3sk: 'gsi3sk',
  gsi4pk: 'gsi4pk',
  gsi4sk: 'gsi4sk',
  type: 'type',
  // The dossier (./dossiers.ts), set by registration and by every report.
  rid: 'rid',
  code: 'code',
  unit: 'unit',
  procedure: 'procedure',
  applicantType: 'applicantType',
  channel: 'channel',
  receivedAt: 'receivedAt',
  dueAt: 'dueAt',
  returnedAt: 'returnedAt',
  supplementRequests: 'supplementRequests',
  complaint: 'complaint',
  returnedDay: 'returnedDay',
  timeliness: 'timeliness',
  registeredAt: 'registeredAt',
  linkExpiresAt: 'linkExpiresAt',
  asksSipas: 'asksSipas',
  /** The listing keys the rating copies into gsi2, and the case partition a rating's case copies. */
  ratingsPk: 'ratingsPk',
  ratingsSk: 'ratingsSk',
  casesPk: 'casesPk',
  // Its life (./dossier-reports.ts).
  updatedAt: 'updatedAt',
  version: 'version',
  state: 'state',
  stateDay: 'stateDay',
  stateDue: 'stateDue',
  priorState: 'priorState',
  priorDay: 'priorDay',
  clearDueOf: 'clearDueOf',
  legacyState: 'legacyState',
  // The rating (./ratings.ts): its answers (two under other names, see STORED_NAMES), what it copied
  // and fixed, its comment's fingerprint and the TTL.
  ratingInstrument: 'ratingInstrument',
  overall: 'overall',
  i3: 'i3',
  i4: 'i4',
  i7: 'i7',
  reason: 'reason',
  reasonText: 'reasonText',
  comment: 'comment',
  sipasScores: 'sipasScores',
  lang: 'lang',
  ratedAt: 'ratedAt',
  ratedWithState: 'ratedWithState',
  ratedCaseOpenedAt: 'ratedCaseOpenedAt',
  ratedCaseDueDay: 'ratedCaseDueDay',
  commentHash: 'commentHash',
  expiresAt: 'expiresAt',
  // The link's refused submissions (./limits.ts).
  refusalWindow: 'refusalWindow',
  refusals: 'refusals',
  // The feedback case (./feedback-cases.ts).
  caseStatus: 'caseStatus',
  caseTriggers: 'caseTriggers',
  caseOpenedAt: 'caseOpenedAt',
  caseOpenedDay: 'caseOpenedDay',
  caseDueDay: 'caseDueDay',
  caseReason: 'caseReason',
  caseReasonText: 'caseReasonText',
  caseComment: 'caseComment',
  caseAnswers: 'caseAnswers',
  caseFirstAnsweredAt: 'caseFirstAnsweredAt',
  caseJudgement: 'caseJudgement',
  caseJudgedAt: 'caseJudgedAt',
  caseJudgementComment: 'caseJudgementComment',
  caseAlertedAt: 'caseAlertedAt',
  caseRemindedAt: 'caseRemindedAt',
} as const;

/** An attribute of the dossier item. */
export type DossierAttribute = keyof typeof DOSSIER_ATTRIBUTES;

/** Attributes with their values, as a write sets them (e.g. a feedback case's opening). */
export type DossierAttributes = Partial<Record<DossierAttribute, NativeAttributeValue>>;

/** A condition on the dossier item, rendered by the update it joins ({@link DossierItemUpdate.require}). */
export type DossierCondition = (update: DossierItemUpdate) => string;

/** The item exists (or, below, does not) / the attribute is set. */
export const exists =
  (attribute: DossierAttribute): DossierCondition =>
  (update) =>
    `attribute_exists(${update.name(attribute)})`;
export const absent =
  (attribute: DossierAttribute): DossierCondition =>
  (update) =>
    `attribute_not_exists(${update.name(attribute)})`;
/** The attribute compared with a value. */
export const compare =
  (
    attribute: DossierAttribute,
    operator: '=' | '<>' | '<' | '<=' | '>' | '>=',
    value: NativeAttributeValue,
  ): DossierCondition =>
  (update) =>
    `${update.name(attribute)} ${operator} ${update.value(value)}`;
/** The list (or set) attribute holds fewer than `limit` members. */
export const sizeBelow =
  (attribute: DossierAttribute, limit: number): DossierCondition =>
  (update) =>
    `size(${update.name(attribute)}) < ${update.value(limit)}`;
/** Any of the conditions. */
export const anyOf =
  (...conditions: DossierCondition[]): DossierCondition =>
  (update) =>
    `(${conditions.map((condition) => condition(update)).join(' OR ')})`;

/** The expression parts of one UpdateItem of the dossier item, to spread into an `UpdateCommand`. */
export interface DossierItemExpressions {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, NativeAttributeValue>;
}

/**
 * One UpdateItem's expressions on the dossier item: its SET, ADD and REMOVE clauses and its condition,
 * each attribute written as a name placeholder (`#d<n>`, one per attribute) and each value as `:d<n>`.
 */
export class DossierItemUpdate {
  private readonly names = new Map<DossierAttribute, string>();
  private readonly values: Record<string, NativeAttributeValue> = {};
  private valueCount = 0;
  private readonly sets: string[] = [];
  private readonly adds: string[] = [];
  private readonly removes: string[] = [];
  private readonly conditions: string[] = [];

  /** The placeholder of an attribute's name. */
  name(attribute: DossierAttribute): string {
    let placeholder = this.names.get(attribute);
    if (placeholder === undefined) {
      placeholder = `#d${this.names.size}`;
      this.names.set(attribute, placeholder);
    }
    return placeholder;
  }

  /** The placeholder of a value. */
  value(value: NativeAttributeValue): string {
    const placeholder = `:d${this.valueCount++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  /** `attribute = value`. */
  set(attribute: DossierAttribute, value: NativeAttributeValue): this {
    this.sets.push(`${this.name(attribute)} = ${this.value(value)}`);
    return this;
  }

  /** `attribute = value` unless the attribute is already set (kept from the first write). */
  setIfAbsent(attribute: DossierAttribute, value: NativeAttributeValue): this {
    const name = this.name(attribute);
    this.sets.push(`${name} = if_not_exists(${name}, ${this.value(value)})`);
    return this;
  }

  /** `attribute = value`, or the attribute removed when the value is undefined. */
  setOrRemove(attribute: DossierAttribute, value: NativeAttributeValue | undefined): this {
    return value === undefined ? this.remove(attribute) : this.set(attribute, value);
  }

  /** `target = source`: a copy of another attribute of the item. */
  copy(target: DossierAttribute, source: DossierAttribute): this {
    this.sets.push(`${this.name(target)} = ${this.name(source)}`);
    return this;
  }

  /** `target = source` when the source is set, else `target = value`. */
  copyOr(target: DossierAttribute, source: DossierAttribute, value: NativeAttributeValue): this {
    this.sets.push(`${this.name(target)} = if_not_exists(${this.name(source)}, ${this.value(value)})`);
    return this;
  }

  /** Appends `members` to a list attribute (created when absent). */
  append(attribute: DossierAttribute, members: NativeAttributeValue[]): this {
    const name = this.name(attribute);
    this.sets.push(
      `${name} = list_append(if_not_exists(${name}, ${this.value([])}), ${this.value(members)})`,
    );
    return this;
  }

  /** `attribute = attribute + by` (the attribute must exist: a condition says so). */
  increment(attribute: DossierAttribute, by: number): this {
    const name = this.name(attribute);
    this.sets.push(`${name} = ${name} + ${this.value(by)}`);
    return this;
  }

  /** `ADD attribute value`: a number added, or members added to a set. */
  add(attribute: DossierAttribute, value: NativeAttributeValue): this {
    this.adds.push(`${this.name(attribute)} ${this.value(value)}`);
    return this;
  }

  /** `REMOVE attribute`. */
  remove(attribute: DossierAttribute): this {
    this.removes.push(this.name(attribute));
    return this;
  }

  /** Conditions the write must meet (all of them, with the ones required before). */
  require(...conditions: DossierCondition[]): this {
    for (const condition of conditions) this.conditions.push(condition(this));
    return this;
  }

  /** The expressions, to spread into an `UpdateCommand` beside `TableName` and `Key`. */
  expressions(): DossierItemExpressions {
    const clauses = [
      this.sets.length ? `SET ${this.sets.join(', ')}` : '',
      this.adds.length ? `ADD ${this.adds.join(', ')}` : '',
      this.removes.length ? `REMOVE ${this.removes.join(', ')}` : '',
    ].filter(Boolean);
    return {
      UpdateExpression: clauses.join(' '),
      ...(this.conditions.length ? { ConditionExpression: this.conditions.join(' AND ') } : {}),
      ExpressionAttributeNames: Object.fromEntries(
        [...this.names].map(([attribute, placeholder]) => [placeholder, DOSSIER_ATTRIBUTES[attribute]]),
      ),
      ...(this.valueCount ? { ExpressionAttributeValues: this.values } : {}),
    };
  }
}

/** A new update of the dossier item. */
export const dossierItemUpdate = () => new DossierItemUpdate();

/** The condition of a Put that creates the item (never replaces one): `attribute_not_exists(pk)`. */
export const CREATE_ONLY = `attribute_not_exists(${DOSSIER_ATTRIBUTES.pk})`;

// What the item holds, decoded for its readers (./dossiers.ts, ./dossier-reports.ts, ./rating-*.ts,
// ./feedback-cases.ts, ./day-buckets.ts, ./dossier-snapshots.ts for the stored state).

/** A score of 0, 1 or 2. */
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
const STORED_NAMES = {
  instrument: DOSSIER_ATTRIBUTES.ratingInstrument,
  sipas: DOSSIER_ATTRIBUTES.sipasScores,
} as const;

/**
 * The name an answer's field is stored under on the dossier item (an answer's fields are the
 * attributes `ratingInstrument` … `ratedAt` of {@link DOSSIER_ATTRIBUTES}).
 */
export const storedName = (field: string): DossierAttribute =>
  (Object.hasOwn(STORED_NAMES, field)
    ? STORED_NAMES[field as keyof typeof STORED_NAMES]
    : field) as DossierAttribute;

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

/** The facts the nightly job reads of an item of the rating-arrival index (or a separate rating item). */
export function ratingFactsFromItem(item: Item): StoredRatingFacts {
  const named = item.sk === SEPARATE_RATING_SK ? item : fromStoredNames(item);
  return decodeItem(ratingFactsSchema, 'rating', named);
}

/** A dossier's feedback case as counted (shared/dossier/life.ts `CaseFacts`; its day snapshots store it too). */
export const caseFactsSchema = z.object({
  openedAt: z.string(),
  dueDay: z.string(),
  answeredAt: z.optional(z.string()),
  judgement: z.optional(z.enum(['satisfied', 'unsatisfied'])),
  judgedAt: z.optional(z.string()),
});

/** A feedback case's opening (DESIGN §4.4), as a rating fixed it or a state holds it. */
const caseOpeningSchema = z.object({ openedAt: z.string(), dueDay: z.string() });

/** A rating's answers as a state counts them (the model's `CountedRating`). */
export const countedRatingSchema = z.object({
  overall: score,
  i3: score,
  i4: score,
  i7: score,
  sipas: z.optional(sipasSchema),
  ratedAt: z.string(),
  case: z.optional(caseOpeningSchema),
}) satisfies z.ZodMiniType<CountedRating, unknown>;

/**
 * A dossier's count-relevant state as stored on the dossier item (`state`, `priorState`, `legacyState`,
 * `ratedWithState`) and in its day snapshots (./dossier-snapshots.ts).
 */
export const dossierStateSchema = z.object({
  unit: z.string(),
  channel: z.enum(['online', 'counter', 'postal']),
  receivedAt: z.string(),
  dueAt: z.string(),
  finishedAt: z.optional(z.string()),
  returnedAt: z.optional(z.string()),
  supplements: z.array(z.object({ requestedAt: z.string(), suppliedAt: z.optional(z.string()) })),
  supplementRequests: z.number(),
  withdrawn: z.boolean(),
  rejectedAt: z.optional(z.string()),
  stoppedAt: z.optional(z.string()),
  complaint: z.boolean(),
  steps: z.array(z.object({ unit: z.string(), dueAt: z.string(), finishedAt: z.optional(z.string()) })),
  procedure: z.optional(z.string()),
  ...scorecardFactsShape,
  rating: z.optional(countedRatingSchema),
  feedbackCase: z.optional(caseFactsSchema),
}) satisfies z.ZodMiniType<DossierState, unknown>;

/** Whether the dossier item holds a rating. */
export const isRated = (item: Item): boolean => item.overall !== undefined;

/** Whether the dossier item holds its life (`state`…): none on a dossier reported once at its return before lives were stored. */
export const hasStoredLife = (item: Item): boolean => item.state !== undefined;

/** The state a dossier without a stored life is counted with by its own arrival (`legacyState`), once frozen. */
export function legacyStateOfItem(item: Item): DossierState | undefined {
  return item.legacyState === undefined ? undefined : dossierStateSchema.parse(item.legacyState);
}

/** The dossier's state the rating's update copied (`ratedWithState`); NULL (a dossier without a stored life) or absent (older ratings) is undefined. */
export function ratedWithStateOfItem(item: Item): DossierState | undefined {
  return item.ratedWithState === undefined || item.ratedWithState === null
    ? undefined
    : dossierStateSchema.parse(item.ratedWithState);
}

/** The masked comment's fingerprint the rating's update stored (integrity: repeated comments). */
export const commentHashOfItem = (item: Item): string | undefined =>
  typeof item.commentHash === 'string' ? item.commentHash : undefined;

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The case of a dossier item, decoded and checked; undefined when the dossier has none. */
export function caseFromItem(item: Item): FeedbackCase | undefined {
  const status = oneOf(storedCaseStatuses, item.caseStatus);
  if (!status || typeof item.rid !== 'string') return undefined;
  const rawTriggers: unknown[] =
    item.caseTriggers instanceof Set ? [...(item.caseTriggers as Set<unknown>)] : [];
  const answers: CaseAnswer[] = Array.isArray(item.caseAnswers)
    ? (item.caseAnswers as unknown[]).flatMap((answer) => {
        const a = answer as Record<string, unknown>;
        return typeof a?.text === 'string' && typeof a.at === 'string' && typeof a.by === 'string'
          ? [{ text: a.text, at: a.at, by: a.by }]
          : [];
      })
    : [];
  return {
    id: item.rid,
    unit: String(item.unit),
    dossierCode: String(item.code),
    procedure: text(item.procedure),
    triggers: caseTriggers.filter((trigger) => rawTriggers.includes(trigger)),
    status,
    openedAt: String(item.caseOpenedAt),
    openedDay: String(item.caseOpenedDay),
    dueDay: String(item.caseDueDay),
    reason: oneOf(reasonCodes, item.caseReason),
    reasonText: text(item.caseReasonText),
    comment: text(item.caseComment),
    answers,
    firstAnsweredAt: text(item.caseFirstAnsweredAt),
    judgement: oneOf(judgements, item.caseJudgement),
    judgedAt: text(item.caseJudgedAt),
    judgementComment: text(item.caseJudgementComment),
    alertedAt: text(item.caseAlertedAt),
    remindedAt: text(item.caseRemindedAt),
  };
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

/** The link's refused submissions in its current window (./limits.ts counts them); undefined before any. */
export function refusalsOfItem(item: Item): { window: number; count: number } | undefined {
  return typeof item.refusalWindow === 'number' && typeof item.refusals === 'number'
    ? { window: item.refusalWindow, count: item.refusals }
    : undefined;
}
