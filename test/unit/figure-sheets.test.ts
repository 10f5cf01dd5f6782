/**
 * The figure sheet's stored form (shared/storage/figure-sheets.ts): a round trip gives the sheet back
 * exactly (zeros kept, absent counters absent), and a province's sheet with 200 children stays far
 * below DynamoDB's 400 KB item limit even with every counter large and distinct.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSheet, encodeSheet, type FigureSheet } from '../../shared/storage/figure-sheets';

/** DynamoDB's item limit; the bound asserted leaves room for the key and attribute names. */
const ITEM_LIMIT = 400 * 1024;

const countsArb = fc.dictionary(
  fc.constantFrom('returned', 'rated', 'o0', 'o1', 'o2', 'late', 'i5_2', 'returnedOnline'),
  fc.nat({ max: 100_000 }),
);

describe('figure sheet encoding', () => {
  it('decodes what it encodes', () => {
    fc.assert(
      fc.property(
        countsArb,
        fc.array(fc.tuple(countsArb, countsArb), { maxLength: 6 }),
        countsArb,
        (total, children, previous) => {
          const sheet: FigureSheet = {
            unit: 'cb',
            from: '2025-01-01',
            to: '2025-06-01',
            total,
            months: [{ period: '2025-01', from: '2025-01-01', to: '2025-01-31', counts: total }],
            previous: { from: '2024-07-30', to: '2024-12-31', counts: previous },
            children: children.map(([now, before], at) => ({ id: `c${at}`, now, before })),
          };
          expect(decodeSheet(encodeSheet(sheet))).toEqual(sheet);
        },
      ),
    );
  });

  it('keeps a 200-child sheet with 150 large counters under half the item limit', () => {
    // Deterministic "random" values: digits that do not compress, every counter present.
    let seed = 12_345;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
    const counts = () =>
      Object.fromEntries(Array.from({ length: 150 }, (_, at) => [`counter_${at}`, next() % 1_000_000]));
    const sheet: FigureSheet = {
      unit: 'hcm',
      from: '2025-01-01',
      to: '2025-12-31',
      total: counts(),
      months: Array.from({ length: 12 }, (_, at) => {
        const month = `2025-${String(at + 1).padStart(2, '0')}`;
        return { period: month, from: `${month}-01`, to: `${month}-28`, counts: counts() };
      }),
      previous: { from: '2024-01-01', to: '2024-12-31', counts: counts() },
      children: Array.from({ length: 200 }, (_, at) => ({
        id: `hcm-unit-with-a-long-id-${at}`,
        now: counts(),
        before: counts(),
      })),
    };
    const bytes = encodeSheet(sheet).length;
    // 200 × 2 × 150 six-digit numbers: 360,000 digits, ~150 KB gzipped at best for random digits.
    expect(bytes).toBeLessThan(ITEM_LIMIT / 2);
    expect(decodeSheet(encodeSheet(sheet))).toEqual(sheet);
    console.info(`200-child sheet: ${bytes} bytes`);
  });
});
