/**
 * The one-stop system's sync payload mapped onto the dossier report (shared/sync/dvcqg.ts), by hand:
 * every status 1–10, supplements with a moved due date, steps, the scorecard facts, both time forms.
 * Times: `20260701083000` is 1 July 2026 08:30 in Vietnam, 01:30 UTC.
 */
import { describe, expect, it } from 'vitest';
import { parseInput } from '../../shared/validation';
import { ValidationError } from '../../shared/errors';
import {
  changeTimeOf,
  dossierInputOf,
  dossierPayloadSchema,
  lifeProblems,
  mergeSteps,
  payloadEntries,
  payloadField,
  pickDossierPayload,
  pickStepPayload,
  scorecardFacts,
  stepOf,
  stepPayloadSchema,
} from '../../shared/sync/dvcqg';
import { payloadInstant } from '../../shared/sync/payload-time';

const base = {
  MaHoSo: '000.00.21.H10-260701-0001',
  MaTTHC: '1.001193.000.00.00.H56',
  KenhThucHien: '1',
  LoaiDoiTuong: '1',
  NgayTiepNhan: '20260701083000',
  NgayHenTra: '20260710170000',
  TrangThaiHoSo: '2',
};
const parse = (fields: Record<string, unknown>) =>
  parseInput(dossierPayloadSchema, pickDossierPayload({ ...base, ...fields }));
const map = (fields: Record<string, unknown>, steps = []) =>
  dossierInputOf(parse(fields), { unit: 'xa-mot', procedure: '1.001193', steps });

describe('payload times', () => {
  it('reads yyyyMMddHHmmss as Vietnam time and ISO 8601 with or without its offset', () => {
    expect(payloadInstant('20260701083000')).toBe('2026-07-01T08:30:00+07:00');
    expect(payloadInstant('2026-07-01T08:30:00')).toBe('2026-07-01T08:30:00+07:00');
    expect(payloadInstant('2026-07-01T08:30:00.1234567')).toBe('2026-07-01T08:30:00+07:00');
    expect(payloadInstant('2026-07-01T01:30:00Z')).toBe('2026-07-01T01:30:00Z');
    expect(payloadInstant('2026-07-01T08:30:00+07:00')).toBe('2026-07-01T08:30:00+07:00');
  });

  it('refuses impossible times', () => {
    for (const text of [
      '20261332083000',
      '20260230083000',
      '20260701243000',
      '20260701086000',
      '20260701085960',
      '2026070108300',
      '1/7/2026',
      '19990101000000',
    ])
      expect(payloadInstant(text), text).toBeUndefined();
    expect(payloadInstant('20240229120000')).toBe('2024-02-29T12:00:00+07:00');
  });

  it('names the field of an impossible time in a 422, and reads "" as not set', () => {
    expect(() => parse({ NgayHenTra: '20261332083000' })).toThrow(ValidationError);
    try {
      parse({ NgayHenTra: '20261332083000' });
    } catch (error) {
      expect((error as ValidationError).problems.map((p) => p.field)).toEqual(['NgayHenTra']);
    }
    expect(parse({ NgayTra: '' }).NgayTra).toBeUndefined();
  });
});

describe('statuses onto the life', () => {
  it('2 received: unit, procedure, channel, applicant, received and due', () => {
    expect(map({})).toEqual({
      code: '000.00.21.H10-260701-0001',
      unit: 'xa-mot',
      procedure: '1.001193',
      applicantType: 'citizen',
      channel: 'counter',
      receivedAt: '2026-07-01T08:30:00+07:00',
      dueAt: '2026-07-10T17:00:00+07:00',
      supplements: [],
      supplementRequests: 0,
      withdrawn: false,
      steps: [],
      complaint: false,
      // the scorecard's facts: none in the payload, but it is the one the portal is sent
      feeRequired: false,
      paidOnline: false,
      electronicResult: false,
      digitized: false,
      reusedData: false,
      personalStorage: false,
      citizenDataConnected: false,
      syncedToPortal: true,
      // the received instant, no other fact
      updatedAt: '2026-07-01T01:30:00.000Z',
    });
  });

  it('channels 1/2/3 and applicant types 1/2/3/4', () => {
    expect(map({ KenhThucHien: '2' })!.channel).toBe('online');
    expect(map({ KenhThucHien: 3 })!.channel).toBe('postal');
    expect(map({ LoaiDoiTuong: '2' })!.applicantType).toBe('business');
    expect(map({ LoaiDoiTuong: '3' })!.applicantType).toBe('business');
    expect(map({ LoaiDoiTuong: '4' })!.applicantType).toBe('business');
    expect(() => parse({ KenhThucHien: '4' })).toThrow(ValidationError);
    expect(() => parse({ TrangThaiHoSo: '11' })).toThrow(ValidationError);
    expect(() => parse({ TrangThaiHoSo: '0' })).toThrow(ValidationError);
  });

  it('1 registered only: nothing to count', () => {
    expect(map({ TrangThaiHoSo: '1', NgayTiepNhan: '' })).toBeUndefined();
    expect(lifeProblems(parse({ TrangThaiHoSo: 1, NgayTiepNhan: '', NgayHenTra: '' }))).toEqual([]);
  });

  it('3 not received: rejected at NgayTuChoi (an end state that stays counted), received at its submission', () => {
    const input = map({
      TrangThaiHoSo: '3',
      NgayTiepNhan: '',
      NgayNopHoSo: '20260701080000',
      NgayHenTra: '',
      NgayTuChoi: '20260702090000',
    })!;
    expect(input.withdrawn).toBe(false);
    expect(input.rejectedAt).toBe('2026-07-02T09:00:00+07:00');
    expect(input.receivedAt).toBe('2026-07-01T08:00:00+07:00');
    // no due date: the refusal's own (a refusal is on time by itself)
    expect(input.dueAt).toBe('2026-07-02T09:00:00+07:00');
    expect(input.finishedAt).toBeUndefined();
    // the refusal (2 July 02:00 UTC) plus one fact (rejected)
    expect(input.updatedAt).toBe('2026-07-02T02:00:00.001Z');
  });

  it('4 and 6 in progress', () => {
    for (const status of ['4', '6']) {
      const input = map({ TrangThaiHoSo: status })!;
      expect([input.finishedAt, input.returnedAt, input.withdrawn]).toEqual([undefined, undefined, false]);
    }
  });

  it('5 supplement asked: needs DanhSachHoSoBoSung; each entry its NgayBoSung', () => {
    expect(lifeProblems(parse({ TrangThaiHoSo: '5' })).map((p) => p.field)).toEqual(['DanhSachHoSoBoSung']);
    expect(
      lifeProblems(
        parse({ TrangThaiHoSo: '5', DanhSachHoSoBoSung: [{ NgayTiepNhanBoSung: '20260705080000' }] }),
      ).map((p) => p.field),
    ).toEqual(['DanhSachHoSoBoSung.0.NgayBoSung']);
    const input = map({ TrangThaiHoSo: '5', DanhSachHoSoBoSung: [{ NgayBoSung: '20260703100000' }] })!;
    expect(input.supplements).toEqual([{ requestedAt: '2026-07-03T10:00:00+07:00' }]);
    // asked 3 July 03:00 UTC, one fact
    expect(input.updatedAt).toBe('2026-07-03T03:00:00.001Z');
  });

  it('7 withdrawn: one fact more than the same life in progress, so it is stored after it', () => {
    const processing = map({ TrangThaiHoSo: '4' })!;
    const withdrawn = map({ TrangThaiHoSo: '7' })!;
    expect(withdrawn.withdrawn).toBe(true);
    expect(Date.parse(withdrawn.updatedAt!) - Date.parse(processing.updatedAt!)).toBe(1);
  });

  it('8 stopped: stopped at NgayKetThucXuLy, not finished, no return', () => {
    expect(lifeProblems(parse({ TrangThaiHoSo: '8' })).map((p) => p.field)).toEqual(['NgayKetThucXuLy']);
    const input = map({ TrangThaiHoSo: '8', NgayKetThucXuLy: '20260708160000' })!;
    expect([input.stoppedAt, input.finishedAt, input.returnedAt, input.withdrawn]).toEqual([
      '2026-07-08T16:00:00+07:00',
      undefined,
      undefined,
      false,
    ]);
  });

  it('9 finished, 10 returned', () => {
    expect(lifeProblems(parse({ TrangThaiHoSo: '9' })).map((p) => p.field)).toEqual(['NgayKetThucXuLy']);
    expect(lifeProblems(parse({ TrangThaiHoSo: '10' })).map((p) => p.field)).toEqual(['NgayTra']);
    expect(map({ TrangThaiHoSo: '9', NgayKetThucXuLy: '20260709100000' })!.finishedAt).toBe(
      '2026-07-09T10:00:00+07:00',
    );
    const returned = map({
      TrangThaiHoSo: '10',
      NgayKetThucXuLy: '20260709100000',
      NgayTra: '20260709150000',
    })!;
    expect([returned.finishedAt, returned.returnedAt]).toEqual([
      '2026-07-09T10:00:00+07:00',
      '2026-07-09T15:00:00+07:00',
    ]);
    // returned 08:00 UTC, two facts (finished, returned)
    expect(returned.updatedAt).toBe('2026-07-09T08:00:00.002Z');
    // returned without its own finish: finished at the return
    expect(map({ TrangThaiHoSo: '10', NgayTra: '20260709150000' })!.finishedAt).toBe(
      '2026-07-09T15:00:00+07:00',
    );
  });

  it('needs NgayTiepNhan and NgayHenTra from status 2 (3 and 7 need no due)', () => {
    expect(lifeProblems(parse({ NgayTiepNhan: '', NgayHenTra: '' })).map((p) => p.field)).toEqual([
      'NgayTiepNhan',
      'NgayHenTra',
    ]);
    expect(lifeProblems(parse({ TrangThaiHoSo: '7', NgayHenTra: '' }))).toEqual([]);
  });
});

describe('the double extension', () => {
  it('keeps the due date the dossier was received with, not the one moved after a supplement', () => {
    // Received 1 July due 10 July; asked 3 July, supplied 6 July (3 days); the system moved the due
    // to 13 July. hailong deducts the 3 days itself, so the due stays 10 July.
    const input = map({
      TrangThaiHoSo: '4',
      NgayHenTra: '20260713170000',
      DanhSachHoSoBoSung: [
        {
          NgayBoSung: '20260703100000',
          NgayTiepNhanBoSung: '20260706100000',
          NgayHenTraTruoc: '20260710170000',
          NgayHenTraMoi: '20260713170000',
        },
      ],
    })!;
    expect(input.dueAt).toBe('2026-07-10T17:00:00+07:00');
    expect(input.supplements).toEqual([
      { requestedAt: '2026-07-03T10:00:00+07:00', suppliedAt: '2026-07-06T10:00:00+07:00' },
    ]);
  });

  it('two moves: the first supplement’s NgayHenTraTruoc', () => {
    const input = map({
      TrangThaiHoSo: '4',
      NgayHenTra: '20260716170000',
      DanhSachHoSoBoSung: [
        {
          NgayBoSung: '20260706100000',
          NgayTiepNhanBoSung: '20260707100000',
          NgayHenTraTruoc: '20260713170000',
          NgayHenTraMoi: '20260716170000',
        },
        {
          NgayBoSung: '20260703100000',
          NgayTiepNhanBoSung: '20260706090000',
          NgayHenTraTruoc: '20260710170000',
          NgayHenTraMoi: '20260713170000',
        },
      ],
    })!;
    expect(input.dueAt).toBe('2026-07-10T17:00:00+07:00');
  });
});

describe('order of reports', () => {
  it('a later state is later; a resend is equal', () => {
    const received = map({})!;
    const asked = map({ TrangThaiHoSo: '5', DanhSachHoSoBoSung: [{ NgayBoSung: '20260703100000' }] })!;
    const supplied = map({
      TrangThaiHoSo: '4',
      DanhSachHoSoBoSung: [{ NgayBoSung: '20260703100000', NgayTiepNhanBoSung: '20260703100000' }],
    })!;
    expect(Date.parse(asked.updatedAt!)).toBeGreaterThan(Date.parse(received.updatedAt!));
    // supplied the same minute it was asked: one fact more
    expect(Date.parse(supplied.updatedAt!) - Date.parse(asked.updatedAt!)).toBe(1);
    expect(map({})!.updatedAt).toBe(received.updatedAt);
  });

  it('counts steps and their finishes', () => {
    const facts = {
      ...map({})!,
      steps: [{ unit: 'a', dueAt: '2026-07-05T17:00:00+07:00', finishedAt: '2026-07-02T08:30:00+07:00' }],
    };
    // latest instant 2 July 01:30 UTC, two facts (a step, its finish)
    expect(changeTimeOf(facts, [])).toBe('2026-07-02T01:30:00.002Z');
  });
});

describe('steps', () => {
  const record = (fields: Record<string, unknown>) =>
    parseInput(stepPayloadSchema, pickStepPayload({ MaHoSo: base.MaHoSo, ...fields }));

  it('a record with its due is a step of its agency, finished at ThoiDiemXuLy', () => {
    expect(
      stepOf(
        record({ ThoiDiemXuLy: '20260703090000', NgayKetThucTheoQuyDinh: '20260705170000' }),
        'phong-tn',
      ),
    ).toEqual({
      unit: 'phong-tn',
      dueAt: '2026-07-05T17:00:00+07:00',
      finishedAt: '2026-07-03T09:00:00+07:00',
    });
    expect(stepOf(record({ ThoiDiemXuLy: '20260703090000' }), 'phong-tn')).toBeUndefined();
  });

  it('merges by agency and due, keeps the latest finish, orders by due; a resend adds nothing', () => {
    const a = { unit: 'b', dueAt: '2026-07-05T17:00:00+07:00' };
    const b = { unit: 'a', dueAt: '2026-07-08T17:00:00+07:00', finishedAt: '2026-07-07T08:00:00+07:00' };
    const a2 = { ...a, dueAt: '2026-07-05T10:00:00Z', finishedAt: '2026-07-04T08:00:00+07:00' };
    expect(mergeSteps([b], [a, a2])).toEqual([{ ...a, finishedAt: '2026-07-04T08:00:00+07:00' }, b]);
    expect(mergeSteps([a, b], [b])).toEqual([a, b]);
  });
});

describe('scorecard facts', () => {
  it('all false on a bare payload, except syncedToPortal', () => {
    expect(scorecardFacts(parse({}))).toEqual({
      feeRequired: false,
      paidOnline: false,
      electronicResult: false,
      digitized: false,
      reusedData: false,
      personalStorage: false,
      citizenDataConnected: false,
      syncedToPortal: true,
    });
  });

  it('each from its field', () => {
    const facts = scorecardFacts(
      parse({
        DanhSachLePhi: [{ Gia: '0' }, { Gia: '50.000' }],
        DuocThanhToanTrucTuyen: '1',
        DanhSachGiayToKetQua: [{ TenGiayTo: 'Giấy chứng nhận', DuongDanTepTinKetQua: 'https://x/1' }],
        TaiLieuNop: [
          { DuocSoHoa: '1', DuocLayTuKhoDMQG: '0', DuocTaiSuDung: '0' },
          { DuocSoHoa: '0', DuocLayTuKhoDMQG: '1' },
        ],
        TaiKhoanDuocXacThucVoiVNeID: '1',
      }),
    );
    expect(facts).toEqual({
      feeRequired: true,
      paidOnline: true,
      electronicResult: true,
      digitized: true,
      reusedData: true,
      personalStorage: true,
      citizenDataConnected: true,
      syncedToPortal: true,
    });
  });

  it('a zero fee is no fee; "3" is not paid online; reuse without the portal store is not personal storage', () => {
    const facts = scorecardFacts(
      parse({
        DanhSachLePhi: [{ Gia: 0 }, { Gia: '0' }],
        DuocThanhToanTrucTuyen: '3',
        TaiLieuNop: [{ DuocTaiSuDung: '1' }],
        DSKetNoiCSDL: [{ MaCSDL: 'CSDLQGDC' }],
      }),
    );
    expect([
      facts.feeRequired,
      facts.paidOnline,
      facts.reusedData,
      facts.personalStorage,
      facts.citizenDataConnected,
    ]).toEqual([false, false, true, false, true]);
  });
});

describe('personal data stops at the door', () => {
  it('keeps only the mapped fields of a dossier and of a step', () => {
    const picked = pickDossierPayload({
      ...base,
      ChuHoSo: 'Nguyễn Văn Bịa',
      DinhDanhCHS: [{ LoaiDinhDanh: '1', SoDinhDanh: '012345678901' }],
      SoDienThoai: '0912000111',
      Email: 'bia@example.invalid',
      DiaChiThuongTru: 'Số 1 Đường Giả',
      TrichYeuHoSo: 'Nguyễn Văn Bịa xin cấp',
      DanhSachHoSoBoSung: [
        { NgayBoSung: '20260703100000', NguoiYeuCauBoSung: 'Cán bộ Bịa', NoiDungBoSung: 'x' },
      ],
      TaiLieuNop: [
        { DuocSoHoa: '1', TenTepDinhKem: 'CCCD Nguyễn Văn Bịa.pdf', DuongDanTaiTepTin: 'https://x' },
      ],
    });
    expect(JSON.stringify(picked)).not.toMatch(
      /Bịa|0912000111|012345678901|example\.invalid|Đường Giả|https/,
    );
    const step = pickStepPayload({
      MaHoSo: 'A',
      NguoiXuLy: 'Trần Thị Giả',
      ChucDanh: 'Chuyên viên',
      NoiDungXuLy: 'Trần Thị Giả chuyển',
    });
    expect(step).toEqual({ MaHoSo: 'A' });
  });

  it('a wrong-typed personal field never reaches a message', () => {
    try {
      parse({ KenhThucHien: 'Nguyễn Văn Bịa' });
      expect.unreachable();
    } catch (error) {
      expect(JSON.stringify((error as ValidationError).problems)).not.toContain('Bịa');
    }
  });
});

describe('request bodies and names', () => {
  it('one entry, an array, or the connectors’ envelope with its unit', () => {
    expect(payloadEntries({ a: 1 }).entries).toEqual([{ a: 1 }]);
    expect(payloadEntries([{ a: 1 }, { a: 2 }]).prefix(1)).toBe('1.');
    const envelope = payloadEntries({
      service: 'DongBoHoSoMC',
      madonvi: '000.00.21.H10',
      session: 's',
      data: [{ a: 1 }],
    });
    expect([envelope.entries, envelope.unit, envelope.prefix(0)]).toEqual([
      [{ a: 1 }],
      '000.00.21.H10',
      'data.0.',
    ]);
  });

  it('names the report’s fields as the payload does', () => {
    expect(payloadField('supplements.2.suppliedAt')).toBe('DanhSachHoSoBoSung.2.NgayTiepNhanBoSung');
    expect(payloadField('returnedAt')).toBe('NgayTra');
    expect(payloadField('receivedAt')).toBe('NgayTiepNhan');
  });
});

describe('edges of the mapping', () => {
  it('keeps a non-object as its type alone', () => {
    expect(pickDossierPayload('Nguyễn Văn Bịa')).toBe('');
    expect(pickDossierPayload(['Nguyễn Văn Bịa'])).toEqual([]);
    expect(pickDossierPayload(5)).toBe(5);
    expect(pickDossierPayload(null)).toBe(null);
    expect(
      pickDossierPayload({
        DanhSachHoSoBoSung: 'Nguyễn Văn Bịa',
        TaiLieuNop: ['Bịa', { DuocSoHoa: '1', Ten: 'Bịa' }],
      }),
    ).toEqual({
      DanhSachHoSoBoSung: '',
      TaiLieuNop: ['', { DuocSoHoa: '1' }],
    });
    expect(pickStepPayload(['x'])).toEqual([]);
  });

  it('reads an envelope without a unit, and names every report field as the payload does', () => {
    expect(payloadEntries({ data: [], madonvi: '  ' }).unit).toBeUndefined();
    expect(payloadEntries({ data: [], madonvi: 7 }).unit).toBeUndefined();
    expect(payloadEntries({ data: 'x' }).entries).toEqual([{ data: 'x' }]);
    expect(payloadEntries({ a: 1 }).prefix(3)).toBe('');
    expect(
      [
        'dueAt',
        'finishedAt',
        'supplements.1.requestedAt',
        'steps.4.finishedAt',
        'updatedAt',
        'code',
        'xdueAt',
      ].map(payloadField),
    ).toEqual([
      'NgayHenTra',
      'NgayKetThucXuLy',
      'DanhSachHoSoBoSung.1.NgayBoSung',
      'ThoiDiemXuLy',
      'TrangThaiHoSo',
      'code',
      'xdueAt',
    ]);
  });

  it('reads flags as "1", 1 or true, and fees without an amount as due', () => {
    const facts = (fields: Record<string, unknown>) => scorecardFacts(parse(fields));
    expect(facts({ DuocThanhToanTrucTuyen: 1 }).paidOnline).toBe(true);
    expect(facts({ DuocThanhToanTrucTuyen: true }).paidOnline).toBe(true);
    expect(facts({ DuocThanhToanTrucTuyen: ' 1 ' }).paidOnline).toBe(true);
    expect(facts({ DuocThanhToanTrucTuyen: '0' }).paidOnline).toBe(false);
    expect(facts({ DuocThanhToanTrucTuyen: false }).paidOnline).toBe(false);
    expect(facts({ HoSoCoThanhPhanSoHoa: '1' }).digitized).toBe(true);
    expect(facts({ DanhSachLePhi: [{}] }).feeRequired).toBe(true);
    expect(facts({ DanhSachLePhi: [{ Gia: ' ' }] }).feeRequired).toBe(true);
    expect(facts({ DanhSachLePhi: [{ Gia: 'theo quy định' }] }).feeRequired).toBe(true);
    expect(facts({ DanhSachLePhi: [{ Gia: '1,000' }] }).feeRequired).toBe(true);
    expect(facts({ DanhSachLePhi: [{ Gia: '0.000' }] }).feeRequired).toBe(false);
    expect(facts({ DanhSachLePhi: [{ Gia: -5 }] }).feeRequired).toBe(false);
    expect(facts({ TaiLieuNop: [{ DuocLayTuKhoDMQG: '0', DuocTaiSuDung: '0' }] }).reusedData).toBe(false);
  });

  it('reads times with a space, without seconds, with another offset; not beyond 2100', () => {
    expect(payloadInstant('2026-07-01 08:30')).toBe('2026-07-01T08:30:00+07:00');
    expect(payloadInstant('2026-07-01T08:30:15-05:00')).toBe('2026-07-01T08:30:15-05:00');
    expect(payloadInstant('21010101000000')).toBeUndefined();
    expect(payloadInstant('2100-12-31T23:00:00Z')).toBeUndefined();
    expect(payloadInstant('20260701235959')).toBe('2026-07-01T23:59:59+07:00');
    expect(parse({ NgayTiepNhan: ' 20260701083000 ' }).NgayTiepNhan).toBe('2026-07-01T08:30:00+07:00');
    expect(() => parse({ NgayTiepNhan: '2'.repeat(41) })).toThrow(ValidationError);
  });

  it('takes statuses as numbers, a step without its time, and orders steps of one due by agency', () => {
    expect(parse({ TrangThaiHoSo: 10 }).TrangThaiHoSo).toBe(10);
    const record = parseInput(stepPayloadSchema, { MaHoSo: 'A', NgayKetThucTheoQuyDinh: '20260705170000' });
    expect(stepOf(record, 'x')).toEqual({ unit: 'x', dueAt: '2026-07-05T17:00:00+07:00' });
    const due = '2026-07-05T17:00:00+07:00';
    expect(mergeSteps([{ unit: 'b', dueAt: due }], [{ unit: 'a', dueAt: due }]).map((s) => s.unit)).toEqual([
      'a',
      'b',
    ]);
    expect(changeTimeOf({ ...map({})!, withdrawn: true }, [undefined])).toBe('2026-07-01T01:30:00.001Z');
    // a refusal later than the receipt orders the report
    expect(changeTimeOf(map({})!, ['2026-07-03T08:00:00+07:00'])).toBe('2026-07-03T01:00:00.000Z');
  });
});
