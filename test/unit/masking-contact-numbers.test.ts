import { describe, expect, it } from 'vitest';
import { maskPersonalData, phoneNumberOf } from '../../shared/masking';

// A commune's published numbers (the unit setting `contactNumbers`), as an admin typed them.
const commune = { keepPhones: ['0206 3852 123', '0912 000 111'] };

describe("a unit's answer keeps the unit's own published numbers", () => {
  it.each([
    ['Gọi 0206 3852 123 để được hỗ trợ.', 'Gọi 0206 3852 123 để được hỗ trợ.'],
    ['Gọi 0206.3852.123 để được hỗ trợ.', 'Gọi 0206.3852.123 để được hỗ trợ.'],
    ['Gọi 02063852123 để được hỗ trợ.', 'Gọi 02063852123 để được hỗ trợ.'],
    ['Gọi +84 206 3852 123 để được hỗ trợ.', 'Gọi +84 206 3852 123 để được hỗ trợ.'],
    ['Gọi (0206) 3852-123.', 'Gọi (0206) 3852-123.'],
    ['Hotline 0912.000.111', 'Hotline 0912.000.111'],
    ['Hotline +84912000111', 'Hotline +84912000111'],
  ])('keeps %j', (answer, expected) => {
    expect(maskPersonalData(answer, commune)).toBe(expected);
  });

  it("masks a citizen's number in the same answer", () => {
    expect(
      maskPersonalData('Đã gọi lại ông theo số 0987 654 321; mọi thắc mắc xin gọi 0206 3852 123.', commune),
    ).toBe('Đã gọi lại ông theo số [SĐT]; mọi thắc mắc xin gọi 0206 3852 123.');
  });

  it('masks a number one digit away from the unit’s, an e-mail and an ID number', () => {
    expect(
      maskPersonalData('Số 0206 3852 124, email an@gmail.com, CCCD 001203004005, gọi 0206 3852 123', commune),
    ).toBe('Số [SĐT], email [email], CCCD [số giấy tờ], gọi 0206 3852 123');
  });

  it('masks every phone when the unit has published none', () => {
    expect(maskPersonalData('Gọi 0206 3852 123.')).toBe('Gọi [SĐT].');
    expect(maskPersonalData('Gọi 0206 3852 123.', { keepPhones: [] })).toBe('Gọi [SĐT].');
  });

  it('keeps the unit’s number beside a date in one run of digits', () => {
    expect(maskPersonalData('Hẹn 12.05.2026 0206 3852 123', commune)).toBe('Hẹn 12.05.2026 0206 3852 123');
  });
});

describe('phoneNumberOf: what a contact number may be', () => {
  it.each([
    ['0206 3852 123', '2063852123'],
    ['0206.3852.123', '2063852123'],
    ['+84 206 3852 123', '2063852123'],
    ['0084 206 3852 123', '2063852123'],
    ['0912345678', '912345678'],
  ])('%j is the national number %s', (text, expected) => {
    expect(phoneNumberOf(text)).toBe(expected);
  });

  it.each(['12345', 'gọi 0206 3852 123', '0206 3852 123 / 0912 000 111', 'a@b.vn', '001203004005', ''])(
    'refuses %j',
    (text) => {
      expect(phoneNumberOf(text)).toBeUndefined();
    },
  );
});
