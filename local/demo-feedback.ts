/**
 * Feedback cases of the demo province (issue #11): every rating or complaint that opens a case gets
 * one, in every state — open, overdue, answered (on time and late), judged satisfactory and not —
 * chosen by the case's position, so the demo stays the same from run to run. Alerts are marked as
 * already sent: a fresh `npm start` does not flood the dead letters with demo cases.
 */
import { caseCounts } from '../shared/aggregation/dossier-life';
import { addWorkingDays } from '../shared/feedback/working-days';
import type { Dossier } from '../shared/storage/dossiers';
import type { Item } from '../shared/storage/dynamo';
import { caseOpening } from '../shared/storage/feedback-cases';
import type { Rating } from '../shared/storage/rating-encoding';
import { localDay, startOfLocalDay } from '../shared/time';

const ANSWERS = [
  'Cơ quan xin lỗi về sự chậm trễ. Hồ sơ đã được rà soát; từ tháng tới bộ phận một cửa bổ sung người tiếp nhận vào buổi sáng.',
  'Cảm ơn Ông/Bà đã phản ánh. Công chức liên quan đã được nhắc nhở và kiểm điểm theo quy định.',
  'Giấy tờ bổ sung là bắt buộc theo thủ tục; cơ quan đã cập nhật hướng dẫn trên Cổng dịch vụ công để rõ hơn.',
];
const DAY = 86_400_000;

/** Case attributes to merge into the demo's dossier items, by dossier id. */
export function demoCases(dossiers: Dossier[], ratings: Rating[], now: Date): Map<string, Item> {
  const ratingOf = new Map(ratings.map((rating) => [rating.rid, rating]));
  const cases = new Map<string, Item>();
  let position = 0;
  for (const dossier of dossiers) {
    const rating = ratingOf.get(dossier.rid);
    const openedAt = rating ? new Date(rating.ratedAt) : new Date(dossier.registeredAt);
    const opening = caseOpening({
      rid: dossier.rid,
      unit: dossier.unit,
      rating: rating ? { ...rating, reason: rating.reason as never } : undefined,
      complaint: dossier.complaint,
      now: openedAt,
      holidays: new Set(),
      workingDays: 10,
    });
    if (!opening) continue;
    const attributes: Item = {
      ...opening.first,
      ...opening.latest,
      caseTriggers: new Set(opening.triggers),
      caseAlertedAt: openedAt.toISOString(),
      caseRemindedAt: openedAt.toISOString(),
    };
    const kind = position++ % 5;
    const dueDay = String(opening.first.caseDueDay);
    // 0: never answered (open or overdue); 4: answered two days late; others: two days after opening.
    const answeredAt =
      kind === 0
        ? undefined
        : kind === 4
          ? new Date(startOfLocalDay(addWorkingDays(dueDay, 2, new Set())).getTime() + 2 * 3_600_000)
          : new Date(openedAt.getTime() + 2 * DAY);
    if (answeredAt && answeredAt < now) {
      attributes.caseStatus = 'answered';
      attributes.caseFirstAnsweredAt = answeredAt.toISOString();
      attributes.caseAnswers = [
        { text: ANSWERS[position % ANSWERS.length]!, at: answeredAt.toISOString(), by: 'demo' },
      ];
      const judgedAt = new Date(answeredAt.getTime() + DAY);
      if ((kind === 2 || kind === 3) && judgedAt < now) {
        attributes.caseStatus = 'closed';
        attributes.caseJudgement = kind === 2 ? 'satisfied' : 'unsatisfied';
        attributes.caseJudgedAt = judgedAt.toISOString();
      }
    }
    cases.set(dossier.rid, attributes);
  }
  return cases;
}

/** How many demo cases are in each state as of `now` (the demo's test checks every state is there). */
export function demoCaseStates(cases: Map<string, Item>, now: Date): Record<string, number> {
  const today = localDay(now);
  const states: Record<string, number> = {
    open: 0,
    overdue: 0,
    answered: 0,
    satisfied: 0,
    unsatisfied: 0,
    late: 0,
  };
  for (const attributes of cases.values()) {
    // The nightly counts' rule (whether the dossier is returned does not matter for these three).
    const counts = caseCounts(
      {
        openedAt: String(attributes.caseOpenedAt),
        dueDay: String(attributes.caseDueDay),
        answeredAt: attributes.caseFirstAnsweredAt as string | undefined,
        judgement: attributes.caseJudgement as 'satisfied' | 'unsatisfied' | undefined,
      },
      undefined,
    );
    if (attributes.caseStatus === 'open')
      states[today > String(attributes.caseDueDay) ? 'overdue' : 'open']!++;
    if (attributes.caseStatus === 'answered') states.answered!++;
    states.satisfied! += counts.casesSatisfied ?? 0;
    states.unsatisfied! += counts.casesUnsatisfied ?? 0;
    states.late! += counts.casesAnsweredLate ?? 0;
  }
  return states;
}
