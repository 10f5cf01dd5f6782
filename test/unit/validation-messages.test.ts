import { describe, expect, it } from 'vitest';
import { dossierInputSchema } from '../../shared/dossier-registration';
import { ValidationError } from '../../shared/errors';
import { scoresQuerySchema } from '../../shared/http/aggregate-queries';
import { parseInput } from '../../shared/validation';

const problems = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
  }
  throw new Error('expected a ValidationError');
};

const dossier = {
  code: 'A-1',
  unit: 'cb',
  procedure: '1.001193',
  applicantType: 'citizen',
  channel: 'counter',
  receivedAt: '2026-07-01T08:00:00+07:00',
  dueAt: '2026-07-03T08:00:00+07:00',
};

describe('validation messages integrators read', () => {
  it('asks for the +07:00 offset when a datetime has none', () => {
    const [problem] = problems(() =>
      parseInput(dossierInputSchema, { ...dossier, returnedAt: '2026-07-02T09:30:00' }),
    );
    expect(problem).toMatchObject({ field: 'returnedAt' });
    expect(problem!.en).toContain('no offset, add +07:00');
    expect(problem!.vi).toContain('thêm +07:00');
    // Not a datetime at all: the format and an example, no offset hint.
    const [other] = problems(() => parseInput(dossierInputSchema, { ...dossier, returnedAt: 'yesterday' }));
    expect(other!.en).toBe('invalid ISO 8601 date-time (e.g. 2026-07-01T09:30:00+07:00)');
  });

  it('tells a wrong type from a missing field', () => {
    const found = problems(() => parseInput(dossierInputSchema, { ...dossier, unit: 5, code: undefined }));
    expect(found).toEqual(
      expect.arrayContaining([
        { field: 'unit', vi: 'sai kiểu, cần string', en: 'wrong type, expected string' },
        { field: 'code', vi: 'bắt buộc', en: 'required' },
      ]),
    );
  });

  it('keeps every English half in English (a "vi / en" schema message is split)', () => {
    const found = problems(() =>
      parseInput(scoresQuerySchema, { unit: 'cb', from: '2026-02-30', to: '2026-03-01', method: 'csat' }),
    );
    for (const problem of found)
      expect(problem.en).not.toMatch(/[ăâđêôơưạảấầẩẫậắằặẹẻẽếềểễệịọỏốồổỗộớờởỡợụủứừửữự]/);
    expect(found[0]).toMatchObject({
      field: 'from',
      vi: 'không phải ngày có thật trong 2000-01-01 … 2100-12-31',
      en: 'not a calendar day (YYYY-MM-DD) in 2000-01-01 … 2100-12-31',
    });
  });
});
