/**
 * The sync payload's mapping at the edges its other tests leave open (docs/mutation.md): which fields
 * are kept and which keys are absent, codes and times with spaces, the worded problems, a status whose
 * payload carries a date of a later state, the latest of two step finishes, the report fields named as
 * the payload names them. Field meanings: docs/integration.md, "The mapping". Times: `20260701083000`
 * is 1 July 2026 08:30 in Vietnam, 01:30 UTC.
 */
import { describe, expect, it } from 'vitest';
import type { ValidationError } from '../../shared/errors';
import { parseInput } from '../../shared/validation';
import {
  changeTimeOf,
  dossierInputOf,
  dossierPayloadSchema,
  lifeProblems,
  mergeSteps,
  payloadEntries,
  payloadField,
  pickDossierPayload,
  stepOf,
  stepPayloadSchema,
} from '../../shared/sync/dvcqg';
import { payloadInstant } from '../../shared/sync/payload-time';

const base = {
  MaHoSo: '000.00.21.H10-260701-0002',
  MaTTHC: '1.001193',
  KenhThucHien: '1',
  LoaiDoiTuong: '1',
  NgayTiepNhan: '20260701083000',
  NgayHenTra: '20260710170000',
  TrangThaiHoSo: '2',
};
const parse = (fields: Record<string, unknown>) =>
  parseInput(dossierPayloadSchema, pickDossierPayload({ ...base, ...fields }));
const map = (fields: Record<string, unknown>) =>
  dossierInputOf(parse(fields), { unit: 'xa-hai', procedure: '1.001193', steps: [] })!;
const problemsOf = (fields: Record<string, unknown>) => {
  try {
    parse(fields);
  } catch (error) {
    return (error as ValidationError).problems;
  }
  throw new Error('no problem');
};

describe('the fields kept', () => {
  it('keeps a supplement’s four dates and nothing else; a list not sent stays absent', () => {
    const picked = pickDossierPayload({
      MaHoSo: 'A',
      DanhSachHoSoBoSung: [
        {
          NgayBoSung: '1',
          NgayTiepNhanBoSung: '2',
          TrangThaiBoSung: '3',
          NgayHenTraTruoc: '4',
          NgayHenTraMoi: '5',
          NoiDungBoSung: 'x',
        },
      ],
    }) as Record<string, unknown>;
    expect(picked).toStrictEqual({
      MaHoSo: 'A',
      DanhSachHoSoBoSung: [
        { NgayBoSung: '1', NgayTiepNhanBoSung: '2', NgayHenTraTruoc: '4', NgayHenTraMoi: '5' },
      ],
    });
    // Only the fields sent: no key for a field or a list the payload does not hold.
    expect(Object.keys(picked)).toEqual(['MaHoSo', 'DanhSachHoSoBoSung']);
  });

  it('keeps no field of a result paper or a database link, only that there is one', () => {
    const picked = pickDossierPayload({
      DanhSachGiayToKetQua: [{ TenGiayTo: 'Giấy phép', MaGiayTo: 'GP-1' }],
      DSKetNoiCSDL: [{ MaCSDL: 'CSDLQGDC', TenCSDL: 'Dân cư' }],
      TaiLieuNop: { DuocSoHoa: '1' },
    });
    expect(picked).toStrictEqual({ DanhSachGiayToKetQua: [{}], TaiLieuNop: {}, DSKetNoiCSDL: [{}] });
  });
});

describe('codes and times as connectors write them', () => {
  it('reads codes with spaces around them', () => {
    expect(map({ KenhThucHien: ' 2 ' }).channel).toBe('online');
    expect(parse({ TrangThaiHoSo: ' 10 ', NgayTra: '20260709150000' }).TrangThaiHoSo).toBe(10);
  });

  it('reads a time of spaces only as not set', () => {
    expect(parse({ NgayTra: '   ' }).NgayTra).toBeUndefined();
  });

  it('refuses text before or after a time, and hour 24 (which Date.parse would read as midnight)', () => {
    for (const text of [
      'x20260701083000',
      '20260701083000x',
      '202607010830001',
      'x2026-07-01T08:30:00',
      '2026-07-01T08:30:00x',
      '2026-07-01T08:30:00+07:00x',
      '20260701240000',
      '2026-07-01T24:00:00',
      '2026-07-01T24:00:00Z',
    ])
      expect(payloadInstant(text), text).toBeUndefined();
    expect(payloadInstant('20260701230000')).toBe('2026-07-01T23:00:00+07:00');
  });

  it('words an impossible time in both languages, on its field', () => {
    expect(problemsOf({ NgayHenTra: '20260701240000' })).toEqual([
      {
        field: 'NgayHenTra',
        vi: 'không phải thời điểm có thật, cần yyyyMMddHHmmss (giờ Việt Nam) hoặc ISO 8601',
        en: 'not a real time: expected yyyyMMddHHmmss (Vietnam time) or ISO 8601',
      },
    ]);
  });
});

describe('what makes a life', () => {
  it('words a required field with its status in both languages', () => {
    expect(lifeProblems(parse({ TrangThaiHoSo: '10' }))).toEqual([
      { field: 'NgayTra', vi: 'bắt buộc với TrangThaiHoSo 10', en: 'required with TrangThaiHoSo 10' },
    ]);
    expect(
      lifeProblems(
        parse({ TrangThaiHoSo: '4', DanhSachHoSoBoSung: [{ NgayTiepNhanBoSung: '20260705080000' }] }),
      ),
    ).toEqual([{ field: 'DanhSachHoSoBoSung.0.NgayBoSung', vi: 'bắt buộc', en: 'required' }]);
  });

  it('finds nothing missing in complete payloads of statuses 3, 5, 9 and 10', () => {
    // 3, never received: no NgayTiepNhan nor due, its submission stands for the receipt.
    expect(
      lifeProblems(
        parse({ TrangThaiHoSo: '3', NgayTiepNhan: '', NgayHenTra: '', NgayNopHoSo: '20260701080000' }),
      ),
    ).toEqual([]);
    expect(
      lifeProblems(parse({ TrangThaiHoSo: '5', DanhSachHoSoBoSung: [{ NgayBoSung: '20260703100000' }] })),
    ).toEqual([]);
    expect(lifeProblems(parse({ TrangThaiHoSo: '9', NgayKetThucXuLy: '20260709100000' }))).toEqual([]);
    expect(lifeProblems(parse({ TrangThaiHoSo: '10', NgayTra: '20260709150000' }))).toEqual([]);
  });

  it('needs NgayTiepNhan of a received dossier even when it was submitted (only 3 takes the submission)', () => {
    expect(
      lifeProblems(parse({ TrangThaiHoSo: '2', NgayTiepNhan: '', NgayNopHoSo: '20260701080000' })).map(
        (p) => p.field,
      ),
    ).toEqual(['NgayTiepNhan']);
  });
});

describe('statuses onto the life, by the status, not by the dates sent', () => {
  it('4 in progress with a finish date sent: not finished; 9 finished with a return date sent: not returned', () => {
    const processing = map({ TrangThaiHoSo: '4', NgayKetThucXuLy: '20260708160000' });
    expect('finishedAt' in processing).toBe(false);
    expect('returnedAt' in processing).toBe(false);
    const finished = map({
      TrangThaiHoSo: '9',
      NgayKetThucXuLy: '20260709100000',
      NgayTra: '20260709150000',
    });
    expect(finished.finishedAt).toBe('2026-07-09T10:00:00+07:00');
    expect('returnedAt' in finished).toBe(false);
  });

  it('a supplement not yet supplied has no suppliedAt key', () => {
    expect(
      map({ TrangThaiHoSo: '5', DanhSachHoSoBoSung: [{ NgayBoSung: '20260703100000' }] }).supplements,
    ).toStrictEqual([{ requestedAt: '2026-07-03T10:00:00+07:00' }]);
  });

  it('a step without its processing time has no finishedAt key', () => {
    const record = parseInput(stepPayloadSchema, { MaHoSo: 'A', NgayKetThucTheoQuyDinh: '20260705170000' });
    expect(stepOf(record, 'phong-a')).toStrictEqual({ unit: 'phong-a', dueAt: '2026-07-05T17:00:00+07:00' });
  });
});

describe('order and steps', () => {
  it('counts a step without a finish as one fact, not two', () => {
    const input = {
      ...map({}),
      steps: [{ unit: 'a', dueAt: '2026-07-05T17:00:00+07:00' }],
    };
    // latest instant: the receipt, 1 July 01:30 UTC; one fact (the step)
    expect(changeTimeOf(input, [])).toBe('2026-07-01T01:30:00.001Z');
  });

  it('keeps the later finish of one step, whichever report brought it', () => {
    const due = '2026-07-05T17:00:00+07:00';
    // 4 July 08:00 (+07) is 4 July 01:00 UTC, later than 3 July 09:00 (+07) = 3 July 02:00 UTC.
    const later = { unit: 'a', dueAt: due, finishedAt: '2026-07-04T08:00:00+07:00' };
    const earlier = { unit: 'a', dueAt: due, finishedAt: '2026-07-03T09:00:00+07:00' };
    expect(mergeSteps([later], [earlier])).toEqual([later]);
    expect(mergeSteps([earlier], [later])).toEqual([later]);
  });

  it('trims the envelope’s unit code', () => {
    expect(payloadEntries({ madonvi: ' 000.00.21.H10 ', data: [] }).unit).toBe('000.00.21.H10');
  });
});

describe('report fields named as the payload names them', () => {
  it('renames a whole field name only, with any index', () => {
    expect(
      [
        'supplements.12.requestedAt',
        'supplements.12.suppliedAt',
        'steps.12.finishedAt',
        'xreceivedAt',
        'receivedAtx',
        'dueAtx',
        'finishedAtx',
        'xreturnedAt',
        'returnedAtx',
        'xsupplements.1.requestedAt',
        'supplements.1.requestedAtx',
        'xsupplements.1.suppliedAt',
        'supplements.1.suppliedAtx',
        'xsteps.1.finishedAt',
        'steps.1.finishedAtx',
        'xupdatedAt',
        'updatedAtx',
      ].map(payloadField),
    ).toEqual([
      'DanhSachHoSoBoSung.12.NgayBoSung',
      'DanhSachHoSoBoSung.12.NgayTiepNhanBoSung',
      'ThoiDiemXuLy',
      'xreceivedAt',
      'receivedAtx',
      'dueAtx',
      'finishedAtx',
      'xreturnedAt',
      'returnedAtx',
      'xsupplements.1.requestedAt',
      'supplements.1.requestedAtx',
      'xsupplements.1.suppliedAt',
      'supplements.1.suppliedAtx',
      'xsteps.1.finishedAt',
      'steps.1.finishedAtx',
      'xupdatedAt',
      'updatedAtx',
    ]);
  });
});
