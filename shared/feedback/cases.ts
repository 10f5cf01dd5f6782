/**
 * Feedback cases (phản ánh, kiến nghị — DESIGN §4.4): when a case opens, what state it is in, and
 * what it adds to the index counts. Pure functions; storage is `shared/storage/feedback-cases.ts`.
 */
import type { ReasonCode, Score } from '../instruments/rating';
import type { LocalDay } from '../time';

/**
 * Why a case opened. Decision 766/QĐ-TTg's satisfaction group and Circular 01/2018/TT-VPCP art. 13
 * letter h (i8) count feedback received and answered; DESIGN §4.4 lists what counts as feedback.
 */
export const caseTriggers = ['unsatisfied', 'harassment', 'complaint', 'requested'] as const;
export type CaseTrigger = (typeof caseTriggers)[number];

/** Stored states; `overdue` is an open case past its due day, derived on read. */
export const storedCaseStatuses = ['open', 'answered', 'closed'] as const;
export type StoredCaseStatus = (typeof storedCaseStatuses)[number];
export const caseStatuses = ['open', 'overdue', 'answered', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const judgements = ['satisfied', 'unsatisfied'] as const;
export type Judgement = (typeof judgements)[number];

/** One answer of the unit; an edit before the citizen judged appends, so the history stays. */
export interface CaseAnswer {
  text: string;
  at: string;
  /** Id of the API key that answered (never a person's name). */
  by: string;
}

export interface FeedbackCase {
  /** The dossier's id: a case is the dossier's, one per dossier. */
  id: string;
  unit: string;
  dossierCode: string;
  /** The dossier's procedure code (the dashboard names it from the catalogue). */
  procedure?: string | undefined;
  triggers: CaseTrigger[];
  status: StoredCaseStatus;
  openedAt: string;
  openedDay: LocalDay;
  dueDay: LocalDay;
  reason?: ReasonCode | undefined;
  reasonText?: string | undefined;
  comment?: string | undefined;
  answers: CaseAnswer[];
  firstAnsweredAt?: string | undefined;
  judgement?: Judgement | undefined;
  judgedAt?: string | undefined;
  judgementComment?: string | undefined;
  /** When the "new case" alert was handed to delivery. */
  alertedAt?: string | undefined;
  /** When the "due tomorrow" alert was handed to delivery. */
  remindedAt?: string | undefined;
}

/** What a rating says that may open a case (free text already masked). */
export interface CaseRatingInput {
  overall: Score;
  i7: Score;
  wantsAnswer?: boolean | undefined;
  reason?: ReasonCode | undefined;
  reasonText?: string | undefined;
  comment?: string | undefined;
}

/**
 * The triggers of a rating and/or a complaint (DESIGN §4.4): "Không hài lòng" (overall 0), i7 = 0
 * (trouble or harassment), a dossier reported with `complaint: true`, or the citizen's tick
 * "Tôi muốn được phản hồi". Empty: no case.
 */
export function triggersOf(input: {
  rating?: CaseRatingInput | undefined;
  complaint?: boolean;
}): CaseTrigger[] {
  const triggers: CaseTrigger[] = [];
  if (input.rating?.overall === 0) triggers.push('unsatisfied');
  if (input.rating?.i7 === 0) triggers.push('harassment');
  if (input.complaint) triggers.push('complaint');
  if (input.rating?.wantsAnswer) triggers.push('requested');
  return triggers;
}

/** The status as shown: an open case is overdue from the day after its due day (local time). */
export function caseStatusOn(
  feedbackCase: Pick<FeedbackCase, 'status' | 'dueDay'>,
  today: LocalDay,
): CaseStatus {
  if (feedbackCase.status === 'open' && today > feedbackCase.dueDay) return 'overdue';
  return feedbackCase.status;
}
