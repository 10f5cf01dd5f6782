/**
 * Masking of personal data (DESIGN §4.1, §6) at the edges of its rules (shared/masking.ts): several
 * numbers in one run of digit groups, the `+84` length rule (9 or 10 digits after the country code),
 * amounts and dates beside a phone, the separators an ID number may be written with, and where an
 * e-mail address ends. Each expected text is written out by hand from the rule named beside it.
 */
import { describe, expect, it } from 'vitest';
import { MASKS, maskPersonalData } from '../../shared/masking';

const { phone, email, id } = MASKS;

describe('several numbers in one run of digit groups', () => {
  it.each([
    // A `+84` number then a `0…` number: the second is not "led by +" (only the run's first group is).
    ['+84912345678 0912345678', `${phone} ${phone}`],
    ['+84 912 345 678 0912 345 678', `${phone} ${phone}`],
    // A 9-digit ID in groups of three, then a phone: two masks, each over its own groups.
    ['123 456 789 0912 345 678', `${id} ${phone}`],
    // An amount of money (thousands dots, not led by 0) then a phone: the amount stays.
    ['100.000.000 0912345678', `100.000.000 ${phone}`],
  ])('masks %j as %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });
});

describe('the +84 rule: 9 or 10 digits after the country code', () => {
  it.each([
    // 10 digits after +84: a landline (24 = Hà Nội).
    ['+84 24 3825 1234', phone],
    // 8 digits after +84: too short for a Vietnamese number, kept.
    ['+8491234567', '+8491234567'],
    // 9 digits make the phone; a tenth group of two would make 11: the mask stops at 9.
    ['+84 912 345 678 90', `${phone} 90`],
    // The trunk 0 kept in brackets right after the country code.
    ['+84(0)912345678', phone],
  ])('masks %j as %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });
});

describe('how numbers are written', () => {
  it.each([
    // A bracket closing the area code, the number following without a space.
    ['(028)3829 1234', phone],
    // Two-digit groups, one of them of three digits: still a phone (0912345678 9 → 11 digits).
    ['09 12 34 567 89', phone],
  ])('masks %j as %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    // ID groups are joined by a space, dash, dot, underscore or slash, not by a bracket: the
    // bracketed group is left, the three groups after it are a 9-digit number.
    ['(001) 234 567 890', `(001) ${id}`],
    ['001 (234 567 890', `001 (${id}`],
  ])('masks only the groups an ID may be written with in %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it('ends an e-mail address at its domain, keeping a later dotted word', () => {
    expect(maskPersonalData('mail a@b.vn hoặc xem web.vn')).toBe(`mail ${email} hoặc xem web.vn`);
  });
});
