/**
 * tt01's period inputs joined at query time (Circular 01/2018/TT-VPCP art. 13 đ, e, g; DESIGN §4.2):
 * a unit's own returned dossiers of a month scored at the unit's input of that month, i9 over the
 * online ones only; the nine means summed and rounded once (art. 15). Expected values worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { addCounts } from '../../shared/storage/aggregates';
import { inputTallies, ownReturns } from '../../shared/indexes/period-inputs-join';
import { tt01 } from '../../shared/indexes/tt01';
import { communeAMarch, communeAMarchInputs } from '../support/period-inputs-fixture';

describe('own returns of a unit', () => {
  it('takes the children out of the rolled-up counts', () => {
    // District: 12 returned (6 online) in all; communes 4 (2 online) and 6 (3 online): its own 2 (1).
    expect(
      ownReturns({ returned: 12, returnedOnline: 6, late: 3 }, [
        { returned: 4, returnedOnline: 2 },
        { returned: 6, returnedOnline: 3 },
      ]),
    ).toEqual({ returned: 2, returnedOnline: 1 });
  });

  it('is the whole count for a unit without children, and never below zero', () => {
    expect(ownReturns({ returned: 4 }, [])).toEqual({ returned: 4, returnedOnline: 0 });
    // A read between the nightly writes of a child and its parent: nothing, not a negative tally.
    expect(ownReturns({ returned: 3 }, [{ returned: 5, returnedOnline: 1 }])).toEqual({
      returned: 0,
      returnedOnline: 0,
    });
  });
});

describe('tallies of one unit-month', () => {
  it('scores every own returned dossier for i5 and i6, only the online ones for i9', () => {
    expect(inputTallies({ i5: 2, i6: 1, i9: 0 }, { returned: 4, returnedOnline: 2 })).toEqual({
      i5_2: 4,
      i6_1: 4,
      i9_0: 2,
    });
  });

  it('adds nothing for an indicator not recorded, nor for a month without own dossiers', () => {
    expect(inputTallies({ i6: 2 }, { returned: 3, returnedOnline: 3 })).toEqual({ i6_2: 3 });
    expect(inputTallies({ i5: 1, i6: 1, i9: 1 }, { returned: 0, returnedOnline: 0 })).toEqual({});
    // Counter dossiers only: i9 has nothing to apply to.
    expect(inputTallies({ i9: 2 }, { returned: 5, returnedOnline: 0 })).toEqual({});
  });
});

describe('tt01 with the inputs joined', () => {
  // Commune A in March (test/support/period-inputs-fixture.ts): 4 returned (2 online): 2 early,
  // 1 on time, 1 late; steps 1 early, 1 on time; 3 ratings; 1 feedback case answered on time.
  const stored = communeAMarch;

  it('without inputs lists i5, i6 and i9 as missing and the grade provisional', () => {
    const result = tt01(stored, { minN: 1 });
    expect(result.missing.map((entry) => entry.indicator)).toEqual(['i5', 'i6', 'i9']);
    expect(result.provisional).toBe(true);
  });

  it('with the nine present: not provisional, the plain sum rounded once', () => {
    const counts = addCounts({ ...stored }, inputTallies(communeAMarchInputs, ownReturns(stored, [])));
    const result = tt01(counts, { minN: 1 });
    expect(result.missing).toEqual([]);
    expect(result.provisional).toBe(false);
    expect(result.estimate).toBeNull();
    expect(result.indicators.i5).toMatchObject({ score: 2, n: 4, distribution: { 2: 4, 1: 0, 0: 0 } });
    expect(result.indicators.i6).toMatchObject({ score: 1, n: 4 });
    expect(result.indicators.i9).toMatchObject({ score: 0, n: 2, distribution: { 2: 0, 1: 0, 0: 2 } });
    // i1 (2·2 + 1)/4 = 1.25; i2 (2 + 1)/2 = 1.5; i3 (2·2 + 1)/3 = 5/3; i4 2; i5 2; i6 1;
    // i7 5/3; i8 2 (answered on time); i9 0 → 9.75 + 10/3 = 13.0833… → 13.08. Rounding each mean
    // first would give 1.67 + 1.67 and 13.09.
    expect(result.total).toBe(13.08);
    expect(result.grade).toEqual({ vi: 'Tốt', en: 'Good', provisional: false });
  });
});
