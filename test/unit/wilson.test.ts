import { describe, expect, it } from 'vitest';
import { round, wilson } from '../../shared/stats';

describe('Wilson 95% interval', () => {
  it('matches the hand-worked example 8 of 10', () => {
    // p = 0.8, z = 1.96: centre = (0.8 + 0.19208) / 1.38416 = 0.71674,
    // half = (1.96 / 1.38416) · sqrt(0.016 + 0.009604) = 0.22664 → [0.4902, 0.9433]
    const interval = wilson(8, 10)!;
    expect(interval.low).toBeCloseTo(0.4902, 4);
    expect(interval.high).toBeCloseTo(0.9433, 4);
  });

  it('stays inside [0, 1] at 0% and 100%, where the normal interval collapses', () => {
    const none = wilson(0, 20)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.1611, 4);
    const all = wilson(20, 20)!;
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.8389, 4);
  });

  it('has no interval without answers', () => {
    expect(wilson(0, 0)).toBeNull();
  });
});

describe('round', () => {
  it('rounds half away from zero, as published tables do', () => {
    expect(round(1.25, 1)).toBe(1.3);
    expect(round(1.35, 1)).toBe(1.4);
    expect(round(-1.25, 1)).toBe(-1.3);
    expect(round(14.999, 1)).toBe(15);
  });
});
