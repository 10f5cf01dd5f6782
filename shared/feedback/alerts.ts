/**
 * Which alerts are due (DESIGN §4.4): a new case, and an open case on the last working day before its
 * due day. Read from the cases index (gsi4) unit by unit — an outbox: each alert is marked on the case
 * with a conditional write before it is handed to delivery, so two runs never send it twice, and a
 * case opened while delivery was down is still alerted on the next run. The AWS notify function runs
 * this on a schedule; the local server on a timer.
 */
import type { Store } from '../storage/client';
import { markCaseAlert, queryCases } from '../storage/feedback-cases';
import { addDays, type LocalDay, localDay } from '../time';
import { alertOf, type PendingAlert } from './delivery';
import { previousWorkingDay } from './working-days';

/** Cases due further back than this are not alerted any more (a "new case" alert a month late is noise). */
const LOOKBACK_DAYS = 30;
/** Due days at most this far ahead (60 working days with holidays; see the feedback route). */
const LOOKAHEAD_DAYS = 120;

export async function collectCaseAlerts(
  store: Store,
  units: string[],
  now: Date,
  holidays: ReadonlySet<LocalDay>,
): Promise<PendingAlert[]> {
  const today = localDay(now);
  const range = { dueFrom: addDays(today, -LOOKBACK_DAYS), dueTo: addDays(today, LOOKAHEAD_DAYS) };
  const alerts: PendingAlert[] = [];
  for (const unit of units) {
    let startKey;
    do {
      const page = await queryCases(store, unit, range, { limit: 200, startKey });
      for (const feedbackCase of page.cases) {
        if (feedbackCase.status !== 'open') continue;
        if (!feedbackCase.alertedAt && (await markCaseAlert(store, feedbackCase.id, 'opened', now))) {
          alerts.push(alertOf('case.opened', feedbackCase, now));
        }
        const dueSoon =
          today <= feedbackCase.dueDay && previousWorkingDay(feedbackCase.dueDay, holidays) <= today;
        if (
          dueSoon &&
          !feedbackCase.remindedAt &&
          (await markCaseAlert(store, feedbackCase.id, 'dueSoon', now))
        ) {
          alerts.push(alertOf('case.due_soon', feedbackCase, now));
        }
      }
      startKey = page.lastKey;
    } while (startKey);
  }
  return alerts;
}

/** The sample alert `webhooks test UNIT` sends (signed like a real one, marked `test`). */
export function sampleAlert(unit: string, now: Date): PendingAlert {
  return alertOf(
    'test',
    {
      id: 'TEST000000000000',
      unit,
      dossierCode: '000.00.00.H00-000000-0000',
      triggers: ['requested'],
      status: 'open',
      openedAt: now.toISOString(),
      openedDay: localDay(now),
      dueDay: localDay(now),
      answers: [],
      comment: 'Đây là thông báo thử / this is a test alert',
    },
    now,
  );
}
