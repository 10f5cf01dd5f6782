/**
 * Seeded fuzz of the sync routes (`POST /v1/sync/DongBoHoSoMC`, `POST /v1/sync/CapNhatTienDoHoSoMC`,
 * DESIGN §3): real-shaped payloads with fields replaced by random, impossible or hostile values, and
 * random bodies. Properties: no answer ≥ 500; nothing stored by a 4xx (the table is counted after every
 * request); a 2xx stores at most the dossier, its day snapshot and its sync record per entry.
 * FUZZ_SEED reproduces a failure.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Service, startService, storedItems } from './support';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom('', ' ', '%00', '<script>', '\u0000', '9'.repeat(300), '𝔘', 'Nguyễn Văn Bịa'),
);
// The service's clock is 10 June 2025 12:00 in Vietnam.
const time = fc.oneof(
  fc.constantFrom(
    '20250601083000',
    '20250605170000',
    '20250609100000',
    '2025-06-02T09:00:00',
    '2025-06-02T09:00:00+07:00',
    '20251332083000',
    '20250230083000',
    '20250601246000',
    '20300101000000',
    '19990101000000',
    '',
  ),
  fc.integer({ min: 0, max: 99_999_999_999_999 }).map((n) => String(n).padStart(14, '0')),
  text,
);
const status = fc.oneof(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 10 }).map(String), text);
const code = fc.oneof(fc.constantFrom('cb-d1-c1', 'H10.01', 'cb', 'nowhere', ''), text);
const supplement = fc.record(
  {
    NgayBoSung: time,
    NgayTiepNhanBoSung: time,
    NgayHenTraTruoc: time,
    NgayHenTraMoi: time,
    NguoiYeuCauBoSung: text,
  },
  { requiredKeys: [] },
);

const randomDossier = fc.record(
  {
    MaHoSo: fc.oneof(
      fc.integer({ min: 1, max: 40 }).map((n) => `FUZZ-${n}`),
      text,
    ),
    MaTTHC: fc.oneof(fc.constantFrom('1.001193', '1.001193.000.00.00.H56', '2.000488', '9.999999'), text),
    KenhThucHien: fc.oneof(fc.constantFrom('1', '2', '3', 2), text),
    LoaiDoiTuong: fc.oneof(fc.constantFrom('1', '2', '3', '4'), text),
    NgayNopHoSo: time,
    NgayTiepNhan: time,
    NgayHenTra: time,
    NgayKetThucXuLy: time,
    NgayTra: time,
    NgayTuChoi: time,
    TrangThaiHoSo: status,
    DonViXuLy: code,
    DanhSachHoSoBoSung: fc.oneof(fc.array(supplement, { maxLength: 3 }), text),
    DanhSachLePhi: fc.array(fc.record({ Gia: fc.oneof(text, fc.integer()) }), { maxLength: 2 }),
    TaiLieuNop: fc.array(fc.record({ DuocSoHoa: text, DuocLayTuKhoDMQG: fc.constantFrom('0', '1') }), {
      maxLength: 2,
    }),
    ChuHoSo: text,
    SoDienThoai: text,
  },
  { requiredKeys: ['MaHoSo', 'TrangThaiHoSo'] },
);
/** A payload the route stores, with one field replaced by anything of its family. */
const validDossier = {
  MaHoSo: 'FUZZ-1',
  MaTTHC: '1.001193.000.00.00.H56',
  KenhThucHien: '1',
  LoaiDoiTuong: '1',
  NgayTiepNhan: '20250601083000',
  NgayHenTra: '20250605170000',
  TrangThaiHoSo: '2',
  DonViXuLy: 'H10.01',
  ChuHoSo: 'Nguyễn Văn Bịa',
};
const mutated = fc
  .tuple(
    fc.integer({ min: 1, max: 40 }),
    fc.constantFrom(...Object.keys(validDossier), 'NgayKetThucXuLy', 'NgayTra', 'DanhSachHoSoBoSung'),
    fc.oneof(time, status, code, fc.array(supplement, { maxLength: 2 })),
  )
  .map(([n, field, value]) => ({ ...validDossier, MaHoSo: `FUZZ-${n}`, [field]: value }));
const dossier = fc.oneof(mutated, randomDossier);
const step = fc.record(
  {
    MaHoSo: fc.oneof(
      fc.integer({ min: 1, max: 40 }).map((n) => `FUZZ-${n}`),
      text,
    ),
    ThoiDiemXuLy: time,
    PhongBanXuLy: fc.oneof(code, fc.constant('Phòng Tư pháp')),
    TrangThai: status,
    NgayBatDau: time,
    NgayKetThucTheoQuyDinh: time,
    NguoiXuLy: text,
  },
  { requiredKeys: ['MaHoSo'] },
);
const body = (entry: fc.Arbitrary<unknown>) =>
  fc.oneof(
    entry,
    fc.array(entry, { minLength: 0, maxLength: 4 }),
    fc.record({ service: text, madonvi: code, data: fc.array(entry, { maxLength: 3 }) }),
    fc.oneof(text, fc.integer(), fc.constant(null), fc.array(text, { maxLength: 3 })),
  );
const unitQuery = fc.oneof(
  fc.constant(''),
  code.map((value) => `?MaDinhDanhDV=${encodeURIComponent(value)}`),
);

describe('sync routes under fuzz', () => {
  let service: Service;
  beforeAll(async () => {
    service = await startService(new Date('2025-06-10T05:00:00Z'));
    // cb-d1-c1 known by a code too
    const { importUnits } = await import('../../shared/storage/units');
    await importUnits(service.stack.deps.store, [
      { id: 'cb-d1-c1', name: 'Xã Một Một', kind: 'commune', parent: 'cb-d1', codes: ['H10.01'] },
    ]);
  });
  afterAll(() => service?.close());

  for (const [route, entry] of [
    ['DongBoHoSoMC', dossier],
    ['CapNhatTienDoHoSoMC', step],
  ] as const) {
    it(`${route}: no 5xx, nothing stored on a 4xx`, async () => {
      let successes = 0;
      await fc.assert(
        fc.asyncProperty(body(entry), unitQuery, async (payload, query) => {
          const before = await storedItems(service.stack.deps.store);
          const res = await service.app.request(`http://localhost/v1/sync/${route}${query}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${service.adminKey}`, 'content-type': 'application/json' },
            body: JSON.stringify(payload),
          });
          const answer = (await res.json()) as { error_code?: string; dossiers?: unknown[] };
          expect(res.status, JSON.stringify(payload)).toBeLessThan(500);
          const after = await storedItems(service.stack.deps.store);
          if (res.status >= 400) {
            expect(after, `${res.status} stored`).toBe(before);
            expect(answer.error_code).toBe('-1');
          } else {
            successes++;
            expect(answer.error_code).toBe('0');
            // Per dossier: its item, its day snapshot, its sync record and, the first time, its received-day
            // index item (gsi5).
            expect(after - before).toBeLessThanOrEqual(4 * (answer.dossiers?.length ?? 0));
          }
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      // The fuzz reaches the stores too, not only the refusals.
      if (route === 'DongBoHoSoMC') expect(successes).toBeGreaterThan(0);
    }, 240_000);
  }
});
