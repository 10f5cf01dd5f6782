/**
 * The dashboard's view of feedback cases (shared/reports/feedback-cases.ts `FeedbackCaseReader`),
 * implemented on the cases stored on dossier items (shared/storage/feedback-cases.ts): the open and
 * overdue cases of a subtree, oldest due first, and a unit's answer — masked, scoped to the key's
 * subtree, kept in the case's history like an answer through `POST /v1/feedback/{id}/answer`, and
 * refused (409) like it when it would move a final figure.
 */
import { ForbiddenError, NotFoundError } from '../errors';
import { maskPersonalData } from '../masking';
import type { FeedbackCaseReader, FeedbackCaseSummary } from '../reports/feedback-cases';
import type { Store } from '../storage/client';
import { answerCase, getCase, queryCases } from '../storage/feedback-cases';
import { addDays, localDay, startOfLocalDay } from '../time';
import type { UnitDirectory } from '../unit-directory';
import { caseStatusOn } from './cases';

/** How far back a still-open case's due day is looked for (a case open a year past due is news). */
const OPEN_CASE_WINDOW_DAYS = 366;
/** Index pages read per unit at most: the page stays bounded by construction (DESIGN §7). */
const MAX_PAGES_PER_UNIT = 3;

export function feedbackCaseReader(
  store: Store,
  units: UnitDirectory,
  options: { linkTtlDays: number },
): FeedbackCaseReader {
  const listCases: NonNullable<FeedbackCaseReader['listCases']> = async (
    unitIds,
    now,
    { status: wanted, limit, offset },
  ) => {
    const today = localDay(now);
    const found: FeedbackCaseSummary[] = [];
    const matches = (status: string) =>
      wanted === 'active' ? status === 'open' || status === 'overdue' : status === wanted;
    for (const unit of unitIds) {
      let startKey;
      for (let page = 0; page < MAX_PAGES_PER_UNIT; page++) {
        const result = await queryCases(
          store,
          unit,
          { dueFrom: addDays(today, -OPEN_CASE_WINDOW_DAYS), dueTo: addDays(today, 120) },
          { limit: 100, startKey },
        );
        for (const feedbackCase of result.cases) {
          const status = caseStatusOn(feedbackCase, today);
          if (!matches(status)) continue;
          found.push({
            id: feedbackCase.id,
            unit: feedbackCase.unit,
            openedAt: feedbackCase.openedAt,
            // The end of the due day (Asia/Ho_Chi_Minh): answered by then is on time.
            dueAt: new Date(startOfLocalDay(addDays(feedbackCase.dueDay, 1)).getTime() - 1).toISOString(),
            status,
            reason: feedbackCase.reason,
            comment: feedbackCase.comment,
            dossierCode: feedbackCase.dossierCode,
            procedure: feedbackCase.procedure,
            triggers: feedbackCase.triggers,
            answers: feedbackCase.answers.map((answer) => ({ text: answer.text, at: answer.at })),
          });
        }
        startKey = result.lastKey;
        if (!startKey) break;
      }
    }
    const active = wanted === 'active' || wanted === 'open' || wanted === 'overdue';
    return found
      .sort((a, b) => (active ? a.dueAt.localeCompare(b.dueAt) : b.dueAt.localeCompare(a.dueAt)))
      .slice(offset, offset + limit);
  };

  return {
    async openCases(unitIds, now, limit) {
      return listCases(unitIds, now, { status: 'active', limit, offset: 0 });
    },

    listCases,

    async answer(id, answer, by, now) {
      const feedbackCase = await getCase(store, id);
      if (!feedbackCase)
        throw new NotFoundError({ vi: 'Không có phản ánh này.', en: 'No such feedback case.' });
      const scope = await units.subtree(by.unit);
      const unit = scope.find((member) => member.id === feedbackCase.unit);
      if (!unit) {
        throw new ForbiddenError({
          vi: 'Phản ánh này không thuộc đơn vị của khóa API.',
          en: "This case is outside the API key's units.",
        });
      }
      // The final rule is kept by the write itself (shared/storage/final-periods.ts), as for the API.
      await answerCase(
        store,
        id,
        {
          // The unit's own published numbers stay readable; a citizen's are masked.
          text: maskPersonalData(answer, { keepPhones: unit.contactNumbers }),
          at: now.toISOString(),
          by: by.keyId,
        },
        { now, linkTtlDays: options.linkTtlDays },
      );
    },
  };
}
