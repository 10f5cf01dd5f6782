import { describe, expect, it } from 'vitest';
import { attributeSize, itemSize } from '../../bench/cost';

describe('the cost model counts item sizes by DynamoDB rules', () => {
  it('counts attribute names and string values in UTF-8 bytes (Vietnamese letters take two or three)', () => {
    expect(itemSize({ pk: 'UNIT#xa' })).toBe(2 + 7);
    expect(itemSize({ name: 'Hòa An' })).toBe(4 + Buffer.byteLength('Hòa An', 'utf8'));
    expect(Buffer.byteLength('Hòa An', 'utf8')).toBeGreaterThan('Hòa An'.length);
  });

  it('counts a number as one byte per two significant digits plus one', () => {
    expect(attributeSize(7)).toBe(2);
    expect(attributeSize(1_741_771_361)).toBe(6);
  });

  it('counts booleans and nulls as one byte and maps with three bytes of overhead', () => {
    expect(attributeSize(true)).toBe(1);
    expect(attributeSize(null)).toBe(1);
    expect(attributeSize({ s1: 5 })).toBe(3 + 1 + 2 + 2);
  });

  it('leaves undefined attributes out, as the document client does with removeUndefinedValues', () => {
    expect(itemSize({ pk: 'A', comment: undefined })).toBe(itemSize({ pk: 'A' }));
  });
});
