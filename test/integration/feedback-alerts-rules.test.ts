/**
 * Opening feedback cases and choosing the alerts due (DESIGN §4.4), on dynalite: which rating or
 * complaint opens a case, its due day in working days with the loaded holidays (kept warm ten minutes),
 * the "new case" alert once, the "due tomorrow" alert on the last working day before the due day (and
 * still on the due day), nothing for answered, overdue or long-past cases, every page of the index.
 * Days and weekdays are worked by hand: 2026-09-01 is a Tuesday, 2026-09-02 Vietnam's National Day.
 */
import { BatchWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { collectCaseAlerts } from '../../shared/feedback/alerts';
import { forgetHolidays, holidaysOf, openCaseIfCalledFor } from '../../shared/feedback/opening';
import type { Store } from '../../shared/storage/client';
import { completeDossier, dossierRid, dossierToItem, registerDossier } from '../../shared/storage/dossiers';
import {
  answerCase,
  caseOpening,
  getCase,
  markCaseAlert,
  openCase,
} from '../../shared/storage/feedback-cases';
import { saveHolidays } from '../../shared/storage/holidays';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let store: Store;
beforeAll(async () => {
  stack = await startTestStack();
  store = stack.deps.store;
});
afterAll(async () => {
  await stack.close();
});
afterEach(() => {
  vi.restoreAllMocks();
  forgetHolidays();
});

let serial = 0;
/** Registers a dossier of `unit` (returned the day before `openedAt`); answers its rid and code. */
async function dossier(unit: string, openedAt: Date) {
  serial += 1;
  const code = `000.00.10.H12-260901-${String(serial).padStart(4, '0')}`;
  const returnedAt = new Date(openedAt.getTime() - 86_400_000).toISOString();
  await registerDossier(
    store,
    completeDossier(
      {
        code,
        unit,
        procedure: '1.001193',
        applicantType: 'citizen',
        channel: 'counter',
        receivedAt: '2026-07-01T02:00:00.000Z',
        dueAt: returnedAt,
        returnedAt,
        supplementRequests: 0,
        complaint: false,
      },
      openedAt,
      30,
    ),
  );
  return { rid: dossierRid(unit, code), code };
}

/** A complaint case opened at 10:00 local on `openedDay`, due `workingDays` working days later. */
async function complaintCase(unit: string, openedDay: string, workingDays: number) {
  const openedAt = new Date(`${openedDay}T03:00:00.000Z`);
  const { rid, code } = await dossier(unit, openedAt);
  const opening = caseOpening({
    rid,
    unit,
    complaint: true,
    now: openedAt,
    holidays: new Set(),
    workingDays,
  });
  await openCase(store, rid, opening!, { history: true });
  return { rid, code, dueDay: String(opening!.first.caseDueDay) };
}

describe('opening a case', () => {
  const deps = (workingDays: number) => ({
    store,
    config: { FEEDBACK_WORKING_DAYS: workingDays },
    now: () => new Date('2026-09-01T03:00:00.000Z'), // Tuesday 10:00 in Hanoi
  });

  it('opens on a complaint, due in working days that skip the weekend and the loaded holidays', async () => {
    await saveHolidays(store, ['2026-09-02'], new Date());
    const unit = 'cb-d1-c1';
    const { rid } = await dossier(unit, new Date('2026-09-01T03:00:00.000Z'));
    expect(await openCaseIfCalledFor(deps(3), { rid, unit }, { complaint: true }, { history: true })).toEqual(
      ['complaint'],
    );
    // 3 working days after Tue 1 Sep, Wed 2 Sep a holiday: Thu 3 (1), Fri 4 (2), Mon 7 (3).
    expect(await getCase(store, rid)).toMatchObject({
      status: 'open',
      triggers: ['complaint'],
      openedDay: '2026-09-01',
      dueDay: '2026-09-07',
    });
  });

  it('opens on an unsatisfied rating that asks for an answer, with its reason and comment', async () => {
    const unit = 'cb-d1-c2';
    await saveHolidays(store, [], new Date());
    const { rid } = await dossier(unit, new Date('2026-09-01T03:00:00.000Z'));
    const rating = { overall: 0, i7: 1, wantsAnswer: true, reason: 'slow', comment: 'Chờ lâu' } as const;
    expect(await openCaseIfCalledFor(deps(1), { rid, unit }, { rating }, { history: true })).toEqual([
      'unsatisfied',
      'requested',
    ]);
    // No holiday loaded: 1 working day after Tue 1 Sep is Wed 2 Sep.
    expect(await getCase(store, rid)).toMatchObject({
      triggers: ['unsatisfied', 'requested'],
      dueDay: '2026-09-02',
      reason: 'slow',
      comment: 'Chờ lâu',
    });
  });

  it('opens nothing for a satisfied rating or a dossier without complaint', async () => {
    const unit = 'cb-d2-c1';
    const { rid } = await dossier(unit, new Date('2026-09-01T03:00:00.000Z'));
    const rating = { overall: 2, i7: 2 } as const;
    expect(await openCaseIfCalledFor(deps(10), { rid, unit }, { rating }, { history: true })).toEqual([]);
    expect(
      await openCaseIfCalledFor(deps(10), { rid, unit }, { complaint: false }, { history: true }),
    ).toEqual([]);
    expect(await openCaseIfCalledFor(deps(10), { rid, unit }, {}, { history: true })).toEqual([]);
    expect(await getCase(store, rid)).toBeUndefined();
  });

  it('keeps the holiday list warm for ten minutes, and forgets it on request', async () => {
    const t = Date.parse('2026-09-01T03:00:00.000Z');
    const clock = vi.spyOn(Date, 'now').mockReturnValue(t);
    await saveHolidays(store, ['2026-09-02'], new Date(t));
    expect([...(await holidaysOf(store))]).toEqual(['2026-09-02']);
    await saveHolidays(store, ['2026-12-25'], new Date(t));
    clock.mockReturnValue(t + 10 * 60_000 - 1); // 9 min 59.999 s later: still the warm list
    expect([...(await holidaysOf(store))]).toEqual(['2026-09-02']);
    clock.mockReturnValue(t + 10 * 60_000); // ten minutes: read again
    expect([...(await holidaysOf(store))]).toEqual(['2026-12-25']);
    await saveHolidays(store, ['2027-01-01'], new Date(t));
    expect([...(await holidaysOf(store))]).toEqual(['2026-12-25']);
    forgetHolidays();
    expect([...(await holidaysOf(store))]).toEqual(['2027-01-01']);
  });
});

describe('the alerts due on a run', () => {
  // Thursday 17 September 2026, 10:00 in Hanoi. 30 days back is Tue 18 August; 31 is Mon 17 August.
  const now = new Date('2026-09-17T03:00:00.000Z');

  /** The store, counting the UpdateItem writes sent through it. */
  function counting() {
    let updates = 0;
    const db = new Proxy(store.db, {
      get(target, property, receiver) {
        if (property === 'send') {
          return (command: Parameters<typeof target.send>[0]) => {
            if (command instanceof UpdateCommand) updates++;
            return target.send(command);
          };
        }
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    return { store: { ...store, db }, updates: () => updates };
  }

  it('alerts each new case once and each case due tomorrow once, over every unit', async () => {
    const unit = 'cb-alerts-1';
    const other = 'cb-alerts-2';
    // Working days counted by hand from each opening day (weekends skipped, no holiday):
    const old = await complaintCase(unit, '2026-08-14', 1); // Fri → due Mon 17 Aug: 31 days back
    const edge = await complaintCase(unit, '2026-08-17', 1); // Mon → due Tue 18 Aug: 30 days back
    const overdue = await complaintCase(unit, '2026-09-15', 1); // Tue → due Wed 16 Sep: yesterday
    const dueToday = await complaintCase(unit, '2026-09-16', 1); // Wed → due Thu 17 Sep: today
    const dueTomorrow = await complaintCase(unit, '2026-09-16', 2); // Wed → due Fri 18 Sep
    const answered = await complaintCase(unit, '2026-09-17', 1); // Thu → due Fri 18 Sep
    const afterWeekend = await complaintCase(unit, '2026-09-17', 2); // Thu → due Mon 21 Sep
    const elsewhere = await complaintCase(other, '2026-09-17', 6); // Thu → due Fri 25 Sep
    expect(
      [old, edge, overdue, dueToday, dueTomorrow, answered, afterWeekend, elsewhere].map((c) => c.dueDay),
    ).toEqual([
      '2026-08-17',
      '2026-08-18',
      '2026-09-16',
      '2026-09-17',
      '2026-09-18',
      '2026-09-18',
      '2026-09-21',
      '2026-09-25',
    ]);
    // Already alerted as new before this run: the overdue case and the one due today.
    for (const { rid } of [overdue, dueToday]) {
      expect(await markCaseAlert(store, rid, 'opened', new Date('2026-09-16T03:00:00.000Z'))).toBe(true);
    }
    await answerCase(
      store,
      answered.rid,
      { text: 'Đã xử lý', at: '2026-09-17T02:00:00.000Z', by: 'key1' },
      { history: true },
    );

    const spy = counting();
    const alerts = await collectCaseAlerts(spy.store, [unit, other], now, new Set());
    const sent = alerts.map((alert) => `${alert.body.type} ${alert.body.case.dossierCode}`).sort();
    // New: the cases due within the 30 days back, not yet alerted, still open. Due tomorrow: open cases
    // whose due day is today (the reminder was not sent yet) or whose last working day before it is
    // today (Fri 18 → Thu 17); not Mon 21 (its last working day before is Fri 18).
    expect(sent).toEqual(
      [
        `case.opened ${edge.code}`,
        `case.opened ${dueTomorrow.code}`,
        `case.opened ${afterWeekend.code}`,
        `case.opened ${elsewhere.code}`,
        `case.due_soon ${dueToday.code}`,
        `case.due_soon ${dueTomorrow.code}`,
      ].sort(),
    );
    expect(alerts.every((alert) => alert.firstAttemptAt === now.toISOString() && alert.attempts === 0)).toBe(
      true,
    );
    // One conditional write per alert (the outbox mark).
    expect(spy.updates()).toBe(6);
    expect((await getCase(store, dueTomorrow.rid))!).toMatchObject({
      alertedAt: now.toISOString(),
      remindedAt: now.toISOString(),
    });

    // The next run finds everything marked, and writes nothing to find it out.
    const again = counting();
    expect(await collectCaseAlerts(again.store, [unit, other], now, new Set())).toEqual([]);
    expect(again.updates()).toBe(0);
  });

  it('reads every page of a unit’s cases (more than one page of 200)', async () => {
    const unit = 'cb-alerts-many';
    // 201 open cases written 25 to a request (the items registration and opening write, at once).
    // The first 200 (due Mon 21 Sep: 3 working days after Wed 16) were alerted before; the last one,
    // due a day later (4 working days), sorts after them in the index and is on the second page.
    const openedAt = new Date('2026-09-16T03:00:00.000Z');
    const items = Array.from({ length: 201 }, (_, i) => {
      const code = `000.00.10.H12-260916-${String(i).padStart(4, '0')}`;
      const returnedAt = '2026-09-15T03:00:00.000Z';
      const fields = {
        code,
        unit,
        procedure: '1.001193',
        applicantType: 'citizen',
        channel: 'counter',
      } as const;
      const registered = completeDossier(
        {
          ...fields,
          receivedAt: returnedAt,
          dueAt: returnedAt,
          returnedAt,
          supplementRequests: 0,
          complaint: true,
        },
        openedAt,
        30,
      );
      const opening = caseOpening({
        rid: registered.rid,
        unit,
        complaint: true,
        now: openedAt,
        holidays: new Set(),
        workingDays: i < 200 ? 3 : 4,
      })!;
      const alerted = i < 200 ? { caseAlertedAt: '2026-09-16T04:00:00.000Z' } : {};
      return {
        ...dossierToItem(registered),
        ...opening.first,
        ...alerted,
        caseTriggers: new Set(opening.triggers),
      };
    });
    for (let start = 0; start < items.length; start += 25) {
      const batch = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      await store.db.send(new BatchWriteCommand({ RequestItems: { [store.tableName]: batch } }));
    }
    const alerts = await collectCaseAlerts(store, [unit], now, new Set());
    expect(
      alerts.map((alert) => [alert.body.type, alert.body.case.dossierCode, alert.body.case.dueDay]),
    ).toEqual([['case.opened', '000.00.10.H12-260916-0200', '2026-09-22']]);
  });
});
