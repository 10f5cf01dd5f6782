import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MASKS, maskPersonalData, normaliseText } from '../../shared/masking';

const { phone, email, id } = MASKS;

describe('maskPersonalData', () => {
  it.each([
    ['Gọi 0912345678 nhé', `Gọi ${phone} nhé`],
    ['SĐT: 0912 345 678', `SĐT: ${phone}`],
    ['0912.345.678', phone],
    ['091-234-5678', phone],
    ['0386 123 456 ạ', `${phone} ạ`],
    ['+84 912 345 678', phone],
    ['+84912345678', phone],
    ['(+84) 912 345 678', phone],
    ['+84 (0) 912 345 678', phone],
    ['84912345678', phone],
    ['84 912 345 678', phone],
    ['Máy bàn 024 3825 1234', `Máy bàn ${phone}`],
    ['(028) 3829 1234', phone],
    ['Văn phòng 0206.3852.123', `Văn phòng ${phone}`],
    ['02063852123', phone],
    ['đt 0912345678,0987654321', `đt ${phone},${phone}`],
    ['gọi 0912345678.', `gọi ${phone}.`],
    ['ngày 12.05.2024 0912 345 678', `ngày 12.05.2024 ${phone}`],
  ])('masks the phone number in %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    ['CMND 123456789', `CMND ${id}`],
    ['CMND 123 456 789', `CMND ${id}`],
    ['CCCD 001234567890', `CCCD ${id}`],
    ['CCCD: 0012 3456 7890', `CCCD: ${id}`],
    ['CCCD 001 234 567 890 của tôi', `CCCD ${id} của tôi`],
  ])('masks the 9- or 12-digit ID number in %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    ['email nguyen.van.a@gmail.com nhé', `email ${email} nhé`],
    ['a+b@caobang.gov.vn', email],
    ['Liên hệ: Tran_Thi-B@mail.co.', `Liên hệ: ${email}.`],
    ['thư tới nguyễn@bưuđiện.vn', `thư tới ${email}`],
  ])('masks the e-mail address in %j', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    'phí 100.000.000 đồng',
    'nộp 1.500.000đ',
    'ngày 12.05.2024',
    'hẹn 12/05/2024 lúc 7:30',
    'mã hồ sơ 000.00.10.H12-240101-0001',
    'năm 2024 đi lại 3 lần',
    'Số 12345678',
    'lần 3 12345678',
    'Một cán bộ rất nhiệt tình, cảm ơn!',
    '',
  ])('keeps %j, which holds no personal data', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  // Issue #8 item 4: forms that slipped through before the text was normalised.
  it.each([
    ['gọi 0912\u00a0345\u00a0678 nhé', `gọi ${phone} nhé`],
    ['gọi 0912  345  678 nhé', `gọi ${phone} nhé`],
    ['sđt ０９１２３４５６７８', `sđt ${phone}`],
    ['sđt ０９１２ ３４５ ６７８', `sđt ${phone}`],
    ['sđt0912345678', `sđt${phone}`],
    ['0912345678đ', `${phone}đ`],
    ['cccd001099012345', `cccd${id}`],
    ['0912-345-678', phone],
    ['0912_345_678', phone],
    ['0912/345/678', phone],
    ['0912 - 345 - 678', phone],
    ['09 12 34 56 78', phone],
    ['09.12.34.56.78', phone],
    ['0084 912 345 678', phone],
    ['0084912345678', phone],
    ['a @ gmail.com', email],
    ['a＠gmail.com', email],
    ['a[at]gmail[dot]com', email],
    ['a (at) gmail (dot) com', email],
    ['001-099-012-345', id],
    ['001.099.012.345', id],
    ['001_099_012_345', id],
    ['001 - 099 - 012 - 345', id],
  ])('masks %j, however it is typed', (text, masked) => {
    expect(maskPersonalData(text)).toBe(masked);
  });

  it.each([
    'phí 150.000.000.000 đồng',
    'ngày 12-05-2024 và 2024-05-12',
    'từ 10/2024 đến 03/2025',
    'mã 000.20.33.H12-250115-0912',
    'gặp anh @ quầy 3',
  ])('still keeps %j (amounts, dates, dossier codes)', (text) => {
    expect(maskPersonalData(text)).toBe(text);
  });

  it('stores the text normalised: compatibility forms folded, space runs made one space', () => {
    expect(maskPersonalData('Rất\u00a0\u00a0tốt,  cảm ơn\nNhanh')).toBe('Rất tốt, cảm ơn\nNhanh');
  });

  it('masks several kinds in one comment and keeps the rest of the text', () => {
    expect(
      maskPersonalData(
        'Tôi là A, CCCD 001234567890, đt 0912 345 678, mail a@b.vn. Chờ 2 tuần mới có kết quả.',
      ),
    ).toBe(`Tôi là A, CCCD ${id}, đt ${phone}, mail ${email}. Chờ 2 tuần mới có kết quả.`);
  });

  it('leaves no run of 9 or more digits from a phone or ID in the output', () => {
    const texts = ['0912345678', '+84 912 345 678', '001234567890', '123456789', '024 3825 1234'];
    for (const text of texts) expect(maskPersonalData(`x ${text} y`)).not.toMatch(/\d{3}/);
  });
});

describe('maskPersonalData, property-based', () => {
  const digit = fc.integer({ min: 0, max: 9 }).map(String);
  const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((list) => list.join(''));
  const separator = fc.constantFrom('', ' ', '.', '-', '_', '/', ' - ', '\u00a0', '  ');
  const fullWidth = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  const words = fc.array(fc.constantFrom('Gọi', 'cho', 'tôi', 'số', 'nhé', 'cảm ơn', 'anh', 'Hà'), {
    maxLength: 4,
  });

  it('masks every Vietnamese mobile number, however it is grouped, inside any words', () => {
    const mobile = fc
      .tuple(fc.constantFrom('03', '05', '07', '08', '09'), digits(8), separator, separator)
      .map(
        ([prefix, rest, a, b]) => `${prefix}${rest.slice(0, 2)}${a}${rest.slice(2, 5)}${b}${rest.slice(5)}`,
      );
    fc.assert(
      fc.property(words, mobile, fc.boolean(), words, (before, phone, wide, after) => {
        const masked = maskPersonalData([...before, wide ? fullWidth(phone) : phone, ...after].join(' '));
        expect(masked).toContain(MASKS.phone);
        expect(masked).not.toMatch(/\d/);
      }),
    );
  });

  it('masks every +84 number', () => {
    const international = fc
      .tuple(fc.constantFrom('3', '5', '7', '8', '9'), digits(8), separator)
      .map(
        ([first, rest, sep]) =>
          `+84${sep}${first}${rest.slice(0, 2)}${sep}${rest.slice(2, 5)}${sep}${rest.slice(5)}`,
      );
    fc.assert(
      fc.property(international, (phone) => {
        expect(maskPersonalData(`SĐT ${phone}.`)).toBe(`SĐT ${MASKS.phone}.`);
      }),
    );
  });

  it('masks every 12-digit citizen ID written together', () => {
    fc.assert(
      fc.property(digits(12), (id) => {
        expect(maskPersonalData(`CCCD ${id}`)).not.toContain(id);
      }),
    );
  });

  it('leaves normalised text without digits or @ unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((text) => !/[\d@]/.test(text) && text === normaliseText(text)),
        (text) => {
          expect(maskPersonalData(text)).toBe(text);
        },
      ),
    );
  });
});
