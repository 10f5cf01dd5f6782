/**
 * Feedback case (DESIGN §4.4): attributes of the dossier item it belongs to (`pk = DOSSIER#<rid>`,
 * `sk = DOSSIER`), so opening one adds no request to the rating's path — the rating write sets them
 * in the same UpdateItem (owners' decision, issue #11). Every attribute is named `case…`; the dossier
 * item's codec (./dossier-item.ts) names them and decodes the case (`caseFromItem`).
 *
 * Index: the sparse gsi4, `gsi4pk = CASES#<unit>`, `gsi4sk = <due day>#<rid>` — only dossiers with a
 * case are in it: "cases of a unit by due day" (listing, reminders the day before a case falls due).
 * Answer and judgement are conditional UpdateItems: an answer only while the citizen has not judged,
 * a judgement only once and only of an answered case; each passes the final rule's guard
 * (./final-periods.ts) in the dossier's write path (./dossier-reports.ts `storeCaseChange`).
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '../errors';
import {
  type CaseAnswer,
  type CaseRatingInput,
  type CaseTrigger,
  type FeedbackCase,
  type Judgement,
  triggersOf,
} from '../feedback/cases';
import { addWorkingDays } from '../feedback/working-days';
import { type LocalDay, localDay } from '../time';
import type { Store } from './client';
import type { CaseFacts } from '../dossier/life';
import {
  absent,
  anyOf,
  caseFactsOfItem,
  caseFromItem,
  DOSSIER_ATTRIBUTES,
  type DossierAttribute,
  type DossierAttributes,
  type DossierItemUpdate,
  dossierItemUpdate,
  exists,
  sizeBelow,
} from './dossier-item';
import { storeCaseChange } from './dossier-reports';
import { casesListPk, DOSSIER_SK, dossierKey } from './dossiers';
import { guarded, type Item, isConditionFailed } from './dynamo';
import type { FinalGuard } from './final-periods';

/** An answer may be edited until the citizen judges it; the history is bounded. */
export const MAX_CASE_ANSWERS = 20;
export const CASE_ANSWER_MAX = 2000;

export const caseIndexPartition = casesListPk;
const caseIndexSort = (dueDay: LocalDay, rid: string) => `${dueDay}#${rid}`;

/** What opening (or adding a trigger to) a case writes on the dossier item. */
export interface CaseOpeningWrite {
  triggers: CaseTrigger[];
  /** Written only when the dossier has no case yet: the first trigger fixes opening and due day. */
  first: DossierAttributes & { caseOpenedAt: string; caseDueDay: LocalDay };
  /** Written each time: the rating's reason and masked comment (absent ones left as they are). */
  latest: DossierAttributes;
}

/**
 * The case attributes to SET from a rating's answers (free text already masked) and/or the dossier's
 * `complaint` flag; undefined when nothing opens a case. Due `workingDays` working days after the
 * opening day, weekends and `holidays` excluded.
 */
export function caseOpening(input: {
  rid: string;
  /** The case index partition's unit; without it the partition is copied from `casesPk` (the rating). */
  unit?: string | undefined;
  rating?: CaseRatingInput | undefined;
  complaint?: boolean | undefined;
  now: Date;
  holidays: ReadonlySet<LocalDay>;
  workingDays: number;
}): CaseOpeningWrite | undefined {
  const triggers = triggersOf({ rating: input.rating, complaint: input.complaint ?? false });
  if (triggers.length === 0) return undefined;
  const openedDay = localDay(input.now);
  const dueDay = addWorkingDays(openedDay, input.workingDays, input.holidays);
  const latest: DossierAttributes = {};
  if (input.rating?.reason !== undefined) latest.caseReason = input.rating.reason;
  if (input.rating?.reasonText !== undefined) latest.caseReasonText = input.rating.reasonText;
  if (input.rating?.comment !== undefined) latest.caseComment = input.rating.comment;
  return {
    triggers,
    first: {
      caseStatus: 'open',
      caseOpenedAt: input.now.toISOString(),
      caseOpenedDay: openedDay,
      caseDueDay: dueDay,
      ...(input.unit !== undefined ? { gsi4pk: caseIndexPartition(input.unit) } : {}),
      gsi4sk: caseIndexSort(dueDay, input.rid),
    },
    latest,
  };
}

/**
 * Adds an opening's clauses to another UpdateItem of the dossier (the rating's write, or the case
 * change of {@link openCase}): the first trigger's attributes unless a case is open, the latest
 * reason and comment, the triggers added to the set.
 */
export function writeCaseOpening(
  update: DossierItemUpdate,
  opening: CaseOpeningWrite,
  // The rating's write (the default) also fixes the case for the rating's arrival.
  options: { rating: boolean } = { rating: true },
): void {
  for (const [attribute, value] of Object.entries(opening.first))
    update.setIfAbsent(attribute as DossierAttribute, value);
  for (const [attribute, value] of Object.entries(opening.latest))
    update.set(attribute as DossierAttribute, value);
  // The rating's write knows no unit: it copies the case partition stored at registration.
  if (!('gsi4pk' in opening.first)) update.copy('gsi4pk', 'casesPk');
  if (options.rating) {
    // The case as this rating leaves it (the one it opens, or the one already open), fixed for its
    // arrival (gsi3), so the nightly job counts the rating's delta alike on every run
    // (shared/aggregation/dossier-life.ts).
    update
      .copyOr('ratedCaseOpenedAt', 'caseOpenedAt', opening.first.caseOpenedAt)
      .copyOr('ratedCaseDueDay', 'caseDueDay', opening.first.caseDueDay);
  }
  update.add('caseTriggers', new Set(opening.triggers));
}

/**
 * Opens (or adds triggers to) the case of an existing dossier — a complaint reported at registration
 * or in a later change — in its own UpdateItem. Opening a case changes what the dossier is counted
 * with, so it is a change of its life (a new state and that day's snapshot, ./dossier-reports.ts);
 * adding triggers to a case already open changes no count and writes only the triggers.
 */
export async function openCase(
  store: Store,
  rid: string,
  opening: CaseOpeningWrite,
  guard: FinalGuard,
): Promise<void> {
  await storeCaseChange(
    store,
    rid,
    (item) => {
      if (!item) throw noCase();
      const existing = caseFactsOfItem(item);
      return {
        feedbackCase: existing ?? {
          openedAt: opening.first.caseOpenedAt,
          dueDay: opening.first.caseDueDay,
        },
        write: (update) => writeCaseOpening(update, opening, { rating: false }),
      };
    },
    { now: new Date(opening.first.caseOpenedAt), guard },
  );
}

/**
 * A case id is its dossier's id: 12 bytes in base64url, 16 characters (./dossiers.ts `dossierRid`).
 * Anything else names no case, and is answered so without a request to the table.
 */
export function isCaseId(id: string): boolean {
  return /^[A-Za-z0-9_-]{16}$/.test(id);
}

export async function getCase(store: Store, rid: string): Promise<FeedbackCase | undefined> {
  if (!isCaseId(rid)) return undefined;
  const result = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: dossierKey(rid) })),
  );
  return result.Item ? caseFromItem(result.Item) : undefined;
}

const noCase = () => new NotFoundError({ vi: 'Không có phản ánh này.', en: 'No such feedback case.' });

/** The case the dossier item holds, and its counted facts; 404 when the item holds none. */
function existingCase(current: Item | undefined): { feedbackCase: FeedbackCase; facts: CaseFacts } {
  const feedbackCase = current ? caseFromItem(current) : undefined;
  const facts = current ? caseFactsOfItem(current) : undefined;
  if (!feedbackCase || !facts) throw noCase();
  return { feedbackCase, facts };
}

/**
 * The unit's answer (text already masked). An edit before the citizen judged appends to the history;
 * after the judgement, or past {@link MAX_CASE_ANSWERS} edits, 409. The first answer changes what the
 * dossier is counted with (on time or late), so it is stored as a change of the dossier's life
 * (./dossier-reports.ts: new state, that day's snapshot).
 */
export async function answerCase(
  store: Store,
  rid: string,
  answer: CaseAnswer,
  guard: FinalGuard,
): Promise<FeedbackCase> {
  if (!isCaseId(rid)) throw noCase();
  const item = await storeCaseChange(
    store,
    rid,
    (current) => {
      const { feedbackCase, facts } = existingCase(current);
      if (feedbackCase.judgement) {
        throw new ConflictError({
          vi: 'Người dân đã đánh giá câu trả lời này; không thể sửa nữa.',
          en: 'The citizen has already judged this answer; it can no longer be edited.',
        });
      }
      if (feedbackCase.answers.length >= MAX_CASE_ANSWERS) {
        throw new ConflictError({
          vi: `Câu trả lời đã được sửa tối đa ${MAX_CASE_ANSWERS} lần.`,
          en: `The answer has been edited the maximum of ${MAX_CASE_ANSWERS} times.`,
        });
      }
      return {
        feedbackCase: { ...facts, answeredAt: facts.answeredAt ?? answer.at },
        write: (update) =>
          update
            .append('caseAnswers', [answer])
            .setIfAbsent('caseFirstAnsweredAt', answer.at)
            .set('caseStatus', 'answered')
            .require(
              exists('caseStatus'),
              absent('caseJudgement'),
              anyOf(absent('caseAnswers'), sizeBelow('caseAnswers', MAX_CASE_ANSWERS)),
            ),
      };
    },
    { now: new Date(answer.at), guard },
  );
  return caseFromItem(item)!;
}

/**
 * The citizen's judgement of the answer: once, and only of an answered case (else 409); stored as a
 * change of the dossier's life, as {@link answerCase}.
 */
export async function judgeCase(
  store: Store,
  rid: string,
  judgement: { judgement: Judgement; comment?: string | undefined; at: string },
  guard: FinalGuard,
): Promise<FeedbackCase> {
  if (!isCaseId(rid)) throw noCase();
  const item = await storeCaseChange(
    store,
    rid,
    (current) => {
      const { feedbackCase, facts } = existingCase(current);
      if (feedbackCase.judgement) {
        throw new ConflictError({
          vi: 'Ông/Bà đã đánh giá câu trả lời này. Mỗi câu trả lời chỉ được đánh giá một lần.',
          en: 'You have already judged this answer. Each answer can be judged once.',
        });
      }
      if (feedbackCase.answers.length === 0) {
        throw new ConflictError({
          vi: 'Cơ quan chưa trả lời phản ánh này.',
          en: 'The unit has not answered this case yet.',
        });
      }
      return {
        feedbackCase: { ...facts, judgement: judgement.judgement, judgedAt: judgement.at },
        write: (update) => {
          update
            .set('caseJudgement', judgement.judgement)
            .set('caseJudgedAt', judgement.at)
            .set('caseStatus', 'closed')
            .require(exists('caseAnswers'), absent('caseJudgement'));
          if (judgement.comment !== undefined) update.set('caseJudgementComment', judgement.comment);
        },
      };
    },
    { now: new Date(judgement.at), guard },
  );
  return caseFromItem(item)!;
}

/** One page of a unit's cases whose due day is in [dueFrom, dueTo], in due-day order. */
export async function queryCases(
  store: Store,
  unit: string,
  range: { dueFrom: LocalDay; dueTo: LocalDay },
  page: { limit: number; startKey?: Item | undefined },
): Promise<{ cases: FeedbackCase[]; lastKey: Item | undefined }> {
  const result = await guarded(() =>
    store.db.send(
      new QueryCommand({
        TableName: store.tableName,
        IndexName: 'gsi4',
        KeyConditionExpression: 'gsi4pk = :pk AND gsi4sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': caseIndexPartition(unit),
          ':from': `${range.dueFrom}#`,
          ':to': `${range.dueTo}#~`,
        },
        Limit: page.limit,
        ExclusiveStartKey: page.startKey,
      }),
    ),
  );
  return {
    cases: (result.Items ?? []).flatMap((item) => caseFromItem(item) ?? []),
    lastKey: result.LastEvaluatedKey as Item | undefined,
  };
}

/** True when `key` is a LastEvaluatedKey of {@link queryCases} for `unit` (cursor check). */
export function isCaseIndexKey(key: unknown, unit: string): key is Item {
  if (typeof key !== 'object' || key === null) return false;
  const k = key as Record<string, unknown>;
  return (
    k.gsi4pk === caseIndexPartition(unit) &&
    typeof k.gsi4sk === 'string' &&
    typeof k.pk === 'string' &&
    k.sk === DOSSIER_SK &&
    Object.keys(k).length === 4
  );
}

/** Alert bookkeeping: which alert of a case was handed to delivery (so each goes out once). */
export type CaseAlertKind = 'opened' | 'dueSoon';

/** Marks an alert as sent; false when it already was (another process got there first). */
export async function markCaseAlert(
  store: Store,
  rid: string,
  kind: CaseAlertKind,
  at: Date,
): Promise<boolean> {
  const attribute = kind === 'opened' ? DOSSIER_ATTRIBUTES.caseAlertedAt : DOSSIER_ATTRIBUTES.caseRemindedAt;
  const update = dossierItemUpdate()
    .set(attribute, at.toISOString())
    .require(exists('caseStatus'), absent(attribute));
  try {
    await guarded(() =>
      store.db.send(
        new UpdateCommand({ TableName: store.tableName, Key: dossierKey(rid), ...update.expressions() }),
      ),
    );
    return true;
  } catch (error) {
    if (isConditionFailed(error)) return false;
    throw error;
  }
}
