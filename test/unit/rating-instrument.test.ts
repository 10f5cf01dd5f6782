import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { COMMENT_MAX, parseRatingAnswers, questionOptions } from '../../shared/instruments/rating';

const valid = { overall: '2', i3: '2', i4: '1', i7: '2' };

function problemsOf(raw: unknown, sipas = false) {
  try {
    parseRatingAnswers(raw, { sipas });
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems;
  }
  throw new Error('expected a ValidationError');
}

describe('rating@1 answers', () => {
  it('accepts form strings and turns them into scores', () => {
    expect(parseRatingAnswers(valid, { sipas: false })).toEqual({
      overall: 2,
      i3: 2,
      i4: 1,
      i7: 2,
      reason: undefined,
      reasonText: undefined,
      comment: undefined,
      sipas: undefined,
      lang: 'vi',
    });
  });

  it('accepts JSON numbers', () => {
    const answers = parseRatingAnswers({ overall: 1, i3: 0, i4: 2, i7: 1, lang: 'en' }, { sipas: false });
    expect(answers).toMatchObject({ overall: 1, i3: 0, i4: 2, i7: 1, lang: 'en' });
    // A page in a language a province added (Tày) is stored under its bilingual base, Vietnamese.
    expect(parseRatingAnswers({ overall: 1, i3: 0, i4: 2, i7: 1, lang: 'tyz' }, { sipas: false }).lang).toBe(
      'vi',
    );
  });

  it('names every missing required question', () => {
    expect(problemsOf({}).map((problem) => problem.field)).toEqual(['overall', 'i3', 'i4', 'i7']);
    expect(problemsOf({ ...valid, i4: '' })).toEqual([{ field: 'i4', vi: 'bắt buộc', en: 'required' }]);
  });

  it.each(['3', '-1', '1.5', 'abc', 3, true, [2], { value: 2 }])('refuses the score %j', (value) => {
    expect(problemsOf({ ...valid, i7: value }).map((problem) => problem.field)).toEqual(['i7']);
  });

  it('asks for a reason when the answer is "Không hài lòng"', () => {
    const problems = problemsOf({ ...valid, overall: '0' });
    expect(problems.map((problem) => problem.field)).toEqual(['reason']);
    expect(problems[0]!.vi).toContain('lý do');
  });

  it('takes a reason code or a free-text reason with "Không hài lòng"', () => {
    expect(parseRatingAnswers({ ...valid, overall: '0', reason: 'slow' }, { sipas: false }).reason).toBe(
      'slow',
    );
    expect(
      parseRatingAnswers({ ...valid, overall: '0', reasonText: 'Phải chờ lâu' }, { sipas: false }).reasonText,
    ).toBe('Phải chờ lâu');
  });

  it('refuses an unknown reason code', () => {
    expect(problemsOf({ ...valid, overall: '0', reason: 'bribe' }).map((p) => p.field)).toContain('reason');
  });

  it('drops a reason left over when the answer is not "Không hài lòng"', () => {
    const answers = parseRatingAnswers({ ...valid, reason: 'slow', reasonText: 'x' }, { sipas: false });
    expect(answers.reason).toBeUndefined();
    expect(answers.reasonText).toBeUndefined();
  });

  it(`keeps a comment of ${COMMENT_MAX} characters and refuses one character more (never cuts)`, () => {
    const full = 'ạ'.repeat(COMMENT_MAX);
    expect(parseRatingAnswers({ ...valid, comment: full }, { sipas: false }).comment).toBe(full);
    const problems = problemsOf({ ...valid, comment: `${full}a` });
    expect(problems).toEqual([
      { field: 'comment', vi: 'dài tối đa 1000 ký tự', en: 'at most 1000 characters' },
    ]);
  });

  it('counts a decomposed Vietnamese comment by its composed characters', () => {
    const decomposed = 'ạ'.normalize('NFD').repeat(COMMENT_MAX);
    expect(decomposed.length).toBeGreaterThan(COMMENT_MAX);
    expect(parseRatingAnswers({ ...valid, comment: decomposed }, { sipas: false }).comment).toHaveLength(
      COMMENT_MAX,
    );
  });

  it('accepts SIPAS items 1–5 only when the unit asks them', () => {
    const sipas = { s1: '5', s3: '1' };
    expect(parseRatingAnswers({ ...valid, ...sipas }, { sipas: true }).sipas).toEqual({ s1: 5, s3: 1 });
    expect(problemsOf({ ...valid, ...sipas }, false).map((p) => p.field)).toEqual(['s1', 's3']);
    expect(problemsOf({ ...valid, s2: '6' }, true).map((p) => p.field)).toEqual(['s2']);
    expect(problemsOf({ ...valid, s2: '0' }, true).map((p) => p.field)).toEqual(['s2']);
  });

  it('refuses a filled-in honeypot field', () => {
    expect(problemsOf({ ...valid, website: 'http://spam.example' })).toEqual([
      { field: 'website', vi: 'phải để trống', en: 'must be left empty' },
    ]);
  });

  it('refuses a language that is not a BCP 47 tag, and a non-object body', () => {
    expect(problemsOf({ ...valid, lang: 'fr<script>' }).map((p) => p.field)).toEqual(['lang']);
    expect(problemsOf({ ...valid, lang: 'x' }).map((p) => p.field)).toEqual(['lang']);
    expect(problemsOf('overall=2').map((p) => p.field)).toEqual(['overall', 'i3', 'i4', 'i7']);
  });

  it('labels every option in Vietnamese and English, highest score first', () => {
    expect(questionOptions.overall.map((option) => option.label.vi)).toEqual([
      'Rất hài lòng',
      'Hài lòng',
      'Không hài lòng',
    ]);
    for (const options of Object.values(questionOptions)) {
      expect(options.map((option) => option.value)).toEqual([2, 1, 0]);
      for (const option of options) expect(option.label.en.length).toBeGreaterThan(0);
    }
  });
});

describe('rating@1 answers, property-based', () => {
  const value = fc.oneof(
    fc.constantFrom('0', '1', '2', '3', '5', '', ' 2 ', 'slow', 'other', 'vi', 'en'),
    fc.integer({ min: -2, max: 6 }),
    fc.string({ maxLength: 20 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 2 }),
  );
  const fields = [
    'overall',
    'i3',
    'i4',
    'i7',
    'reason',
    'reasonText',
    'comment',
    's1',
    's5',
    'lang',
    'website',
    'extra',
  ];
  // Half the time a valid answer with a few fields changed, so both outcomes are exercised.
  const submission = fc
    .tuple(fc.boolean(), fc.dictionary(fc.constantFrom(...fields), value, { maxKeys: 3 }))
    .map(([onValid, changes]) => (onValid ? { ...valid, ...changes } : changes));

  it('either accepts an answer that keeps every rule or refuses it with named fields — nothing else', () => {
    let accepted = 0;
    fc.assert(
      fc.property(submission, fc.boolean(), (raw, sipas) => {
        let answers;
        try {
          answers = parseRatingAnswers(raw, { sipas });
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as ValidationError).problems.length).toBeGreaterThan(0);
          return;
        }
        for (const score of [answers.overall, answers.i3, answers.i4, answers.i7])
          expect([0, 1, 2]).toContain(score);
        if (answers.overall === 0) expect(answers.reason ?? answers.reasonText).toBeDefined();
        else expect(answers.reason).toBeUndefined();
        if (!sipas) expect(answers.sipas).toBeUndefined();
        expect((answers.comment ?? '').length).toBeLessThanOrEqual(COMMENT_MAX);
        accepted++;
      }),
      { numRuns: 500 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});
