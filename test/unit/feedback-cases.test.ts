import { describe, expect, it } from 'vitest';
import { caseStatusOn, triggersOf } from '../../shared/feedback/cases';
import { addWorkingDays, isWorkingDay, previousWorkingDay } from '../../shared/feedback/working-days';
import { caseFromItem, dossierItemUpdate } from '../../shared/storage/dossier-item';
import { caseOpening, writeCaseOpening } from '../../shared/storage/feedback-cases';
import { parseRatingAnswers } from '../../shared/instruments/rating';

// Quốc khánh 2026 (with its bridging day) as an administrator would load it.
const holidays = new Set(['2026-09-01', '2026-09-02']);
const none = new Set<string>();
const happy = { overall: 2, i7: 2 } as const;

describe('working days', () => {
  it('skips weekends: ten working days from a Friday end on the Friday two weeks later', () => {
    expect(addWorkingDays('2026-08-28', 10, none)).toBe('2026-09-11');
  });

  it('skips loaded holidays as well as weekends', () => {
    expect(addWorkingDays('2026-08-28', 10, holidays)).toBe('2026-09-15');
    expect(isWorkingDay('2026-09-02', holidays)).toBe(false);
    expect(isWorkingDay('2026-09-03', holidays)).toBe(true);
  });

  it('finds the working day before a due day across a weekend and a holiday', () => {
    expect(previousWorkingDay('2026-09-03', holidays)).toBe('2026-08-31');
    expect(previousWorkingDay('2026-09-07', none)).toBe('2026-09-04');
  });

  it('refuses a holiday list that leaves no working day instead of looping', () => {
    const everyDay = new Set(
      Array.from({ length: 500 }, (_, i) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10)),
    );
    expect(() => addWorkingDays('2026-01-01', 1, everyDay)).toThrow(RangeError);
  });
});

describe('opening rules', () => {
  it('opens no case for a satisfied rating without the tick', () => {
    expect(triggersOf({ rating: { ...happy } })).toEqual([]);
    expect(
      caseOpening({
        rid: 'r',
        unit: 'u',
        rating: { ...happy },
        now: new Date(),
        holidays: none,
        workingDays: 10,
      }),
    ).toBeUndefined();
  });

  it('opens a case for each trigger: overall 0, i7 0, a complaint, the tick', () => {
    expect(triggersOf({ rating: { overall: 0, i7: 2 } })).toEqual(['unsatisfied']);
    expect(triggersOf({ rating: { overall: 1, i7: 0 } })).toEqual(['harassment']);
    expect(triggersOf({ complaint: true })).toEqual(['complaint']);
    expect(triggersOf({ rating: { ...happy, wantsAnswer: true } })).toEqual(['requested']);
    expect(triggersOf({ rating: { overall: 0, i7: 0, wantsAnswer: true }, complaint: true })).toEqual([
      'unsatisfied',
      'harassment',
      'complaint',
      'requested',
    ]);
  });

  it('sets the unit index, the due day in working days, the reason and the comment', () => {
    // 2026-08-28 10:00 in Hanoi.
    const opening = caseOpening({
      rid: 'abc',
      unit: 'cb-d1',
      rating: { overall: 0, i7: 2, reason: 'slow', comment: 'Gọi [SĐT]' },
      now: new Date('2026-08-28T03:00:00Z'),
      holidays,
      workingDays: 10,
    })!;
    expect(opening.triggers).toEqual(['unsatisfied']);
    expect(opening.first).toMatchObject({
      caseStatus: 'open',
      caseOpenedDay: '2026-08-28',
      caseDueDay: '2026-09-15',
      gsi4pk: 'CASES#cb-d1',
      gsi4sk: '2026-09-15#abc',
    });
    expect(opening.latest).toEqual({ caseReason: 'slow', caseComment: 'Gọi [SĐT]' });
  });

  it('keeps the first opening and due day when a second trigger arrives (if_not_exists)', () => {
    const opening = caseOpening({
      rid: 'x',
      unit: 'u',
      complaint: true,
      now: new Date(),
      holidays: none,
      workingDays: 10,
    })!;
    const update = dossierItemUpdate();
    writeCaseOpening(update, opening);
    const written = update.expressions();
    const [set, add] = written.UpdateExpression.replace(/^SET /, '').split(' ADD ') as [string, string];
    expect(set.split(/, (?=#)/).every((clause) => clause.includes('if_not_exists'))).toBe(true);
    const [name, value] = add.split(' ') as [string, string];
    expect(written.ExpressionAttributeNames[name]).toBe('caseTriggers');
    expect(written.ExpressionAttributeValues?.[value]).toEqual(new Set(['complaint']));
  });
});

describe('case status', () => {
  it('shows an open case as overdue from the day after its due day', () => {
    expect(caseStatusOn({ status: 'open', dueDay: '2026-09-15' }, '2026-09-15')).toBe('open');
    expect(caseStatusOn({ status: 'open', dueDay: '2026-09-15' }, '2026-09-16')).toBe('overdue');
    expect(caseStatusOn({ status: 'answered', dueDay: '2026-09-15' }, '2026-12-01')).toBe('answered');
  });
});

describe('the "Tôi muốn được phản hồi" tick on the rating form', () => {
  const base = { overall: '2', i3: '2', i4: '2', i7: '2' };
  it('is read from a checkbox ("1") or JSON (true), and absent when not ticked', () => {
    expect(parseRatingAnswers({ ...base, wantsAnswer: '1' }, { sipas: false }).wantsAnswer).toBe(true);
    expect(parseRatingAnswers({ ...base, wantsAnswer: true }, { sipas: false }).wantsAnswer).toBe(true);
    expect(parseRatingAnswers(base, { sipas: false }).wantsAnswer).toBeUndefined();
    expect(parseRatingAnswers({ ...base, wantsAnswer: false }, { sipas: false }).wantsAnswer).toBeUndefined();
  });

  it('refuses any other value, naming the field', () => {
    expect(() => parseRatingAnswers({ ...base, wantsAnswer: 'maybe' }, { sipas: false })).toThrow(
      /wantsAnswer/,
    );
  });
});

describe('the case of a dossier item', () => {
  it('is read with its unit, opening day, first answer and judgement; a dossier without a case has none', () => {
    const item = {
      pk: 'DOSSIER#abc',
      sk: 'DOSSIER',
      rid: 'abc',
      unit: 'cb-d1',
      code: 'X',
      caseStatus: 'closed',
      caseTriggers: new Set(['unsatisfied']),
      caseOpenedAt: '2026-08-28T03:00:00Z',
      caseOpenedDay: '2026-08-28',
      caseDueDay: '2026-09-15',
      caseAnswers: [{ text: 'ok', at: '2026-09-20T03:00:00Z', by: 'k' }],
      caseFirstAnsweredAt: '2026-09-20T03:00:00Z',
      caseJudgement: 'satisfied',
    };
    expect(caseFromItem(item)).toMatchObject({
      id: 'abc',
      unit: 'cb-d1',
      dossierCode: 'X',
      triggers: ['unsatisfied'],
      status: 'closed',
      openedDay: '2026-08-28',
      dueDay: '2026-09-15',
      answers: [{ text: 'ok', at: '2026-09-20T03:00:00Z', by: 'k' }],
      firstAnsweredAt: '2026-09-20T03:00:00Z',
      judgement: 'satisfied',
    });
    expect(caseFromItem({ pk: 'DOSSIER#x', sk: 'DOSSIER', rid: 'x', unit: 'u' })).toBeUndefined();
  });
});
