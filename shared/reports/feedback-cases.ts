/**
 * What the dashboard needs from feedback cases (DESIGN §4.4), as an interface: the feedback module
 * (shared/feedback, shared/storage/feedback-cases.ts) implements it; until it is installed the
 * dashboard is given none and says there are no cases to show. No placeholder reads anything.
 */
import type { Bilingual } from '../errors';

export interface FeedbackCaseSummary {
  id: string;
  unit: string;
  /** ISO instants. */
  openedAt: string;
  dueAt: string;
  status: 'open' | 'overdue' | 'answered' | 'closed';
  reason?: string | undefined;
  /** The rating's comment, already masked. */
  comment?: string | undefined;
  dossierCode?: string | undefined;
  /** The procedure's code (named by the page from the catalogue). */
  procedure?: string | undefined;
  triggers?: string[] | undefined;
  /** The answers sent, oldest first (already masked). */
  answers?: { text: string; at: string }[] | undefined;
}

/** Which cases a dashboard list shows: `active` is open and overdue together. */
export type CaseListStatus = 'active' | 'open' | 'overdue' | 'answered' | 'closed';

export interface FeedbackCaseReader {
  /** Open and overdue cases of the units given (a subtree), oldest due first, at most `limit`. */
  openCases(units: string[], now: Date, limit: number): Promise<FeedbackCaseSummary[]>;
  /**
   * The cases of the units given with a status, oldest due first (answered and closed: latest due
   * first), skipping `offset` and answering at most `limit`; absent on readers that only list open ones.
   */
  listCases?(
    units: string[],
    now: Date,
    options: { status: CaseListStatus; limit: number; offset: number },
  ): Promise<FeedbackCaseSummary[]>;
  /** Records a unit's answer (text masked by the implementation); NotFoundError for an unknown case. */
  answer(id: string, answer: string, by: { keyId: string; unit: string }, now: Date): Promise<void>;
}

/** Answer text limits (the same as a comment's, doubled: an answer explains). */
export const ANSWER_MAX_LENGTH = 2000;

export const noCasesInstalled: Bilingual = {
  vi: 'Chức năng phản ánh chưa được cài đặt.',
  en: 'Feedback cases are not installed.',
};
