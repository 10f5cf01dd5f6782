/**
 * The one-stop system's own sync payload (DESIGN §3): the dossier as it sends it to the national
 * portal's service `DongBoHoSoMC`, its processing steps as it sends them to `CapNhatTienDoHoSoMC`,
 * mapped onto the dossier report of `POST /v1/dossiers` (../dossier-registration.ts `DossierInput`).
 * Pure: units and procedures are resolved by the caller and handed in.
 *
 * Field names and code lists as the public connectors write them (docs/integration.md cites them):
 * OpenCPS `DVCQGIntegrationActionImpl.java` / `DVCQGIntegrationActionTerm.java`, and a provincial
 * system's `ISyncLocalDataToDVCQGService.cs` / `SyncLocalDataToDVCQGService.cs` / `formData.ts`
 * (`TrangThaiHoSo` 1–10, `KenhThucHien` 1 counter / 2 online / 3 postal).
 *
 * Personal data stops at the door: {@link pickDossierPayload} and {@link pickStepPayload} keep only the
 * fields mapped here, before validation, so `ChuHoSo`, `DinhDanhCHS`, addresses, phones, e-mails,
 * staff names (`NguoiXuLy`, `ChucDanh`), free text and every other field never reach a message,
 * the table or a log.
 */
import * as z from 'zod/mini';
import { type DossierInput, MAX_ENTRIES } from '../dossier-registration';
import type { FieldProblem } from '../errors';
import { dossierCodeSchema } from '../storage/dossiers';
import { procedureCodeSchema } from '../storage/procedures';
import { payloadTimeSchema } from './payload-time';

/** `TrangThaiHoSo` (formData.ts `TRANGTHAIHOSO`). */
export const STATUS = {
  registered: 1, // Mới đăng ký
  received: 2, // Được tiếp nhận
  rejected: 3, // Không được tiếp nhận
  processing: 4, // Đang xử lý
  supplementRequested: 5, // Yêu cầu bổ sung giấy tờ
  financialObligation: 6, // Yêu cầu thực hiện nghĩa vụ tài chính
  withdrawn: 7, // Công dân yêu cầu rút hồ sơ
  stopped: 8, // Dừng xử lý
  finished: 9, // Đã xử lý xong
  returned: 10, // Đã trả kết quả
} as const;

/** The fields kept of a dossier payload; everything else is dropped unread. */
const DOSSIER_FIELDS = [
  'MaHoSo',
  'MaTTHC',
  'KenhThucHien',
  'LoaiDoiTuong',
  'NgayNopHoSo',
  'NgayTiepNhan',
  'NgayHenTra',
  'NgayKetThucXuLy',
  'NgayTra',
  'NgayTuChoi',
  'TrangThaiHoSo',
  'DonViXuLy',
  'DuocThanhToanTrucTuyen',
  'TaiKhoanDuocXacThucVoiVNeID',
  'HoSoCoThanhPhanSoHoa',
] as const;

/** The lists kept, each with the fields kept of its entries. */
const DOSSIER_LISTS: Record<string, readonly string[]> = {
  DanhSachHoSoBoSung: ['NgayBoSung', 'NgayTiepNhanBoSung', 'NgayHenTraTruoc', 'NgayHenTraMoi'],
  DanhSachLePhi: ['Gia'],
  // Stryker disable next-line ArrayDeclaration: no field of a result paper is kept; a kept field no connector sends keeps nothing more.
  DanhSachGiayToKetQua: [],
  TaiLieuNop: ['DuocSoHoa', 'DuocLayTuKhoDMQG', 'DuocTaiSuDung'],
  // Stryker disable next-line ArrayDeclaration: as above, only the link's existence counts.
  DSKetNoiCSDL: [],
};

const STEP_FIELDS = [
  'MaHoSo',
  'ThoiDiemXuLy',
  'PhongBanXuLy',
  'TrangThai',
  'NgayBatDau',
  'NgayKetThucTheoQuyDinh',
] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Only `fields` of `value`; a value that is not an object passes as its type alone. */
function pick(value: unknown, fields: readonly string[]): unknown {
  if (!isRecord(value)) return Array.isArray(value) ? [] : typeof value === 'string' ? '' : value;
  return Object.fromEntries(fields.filter((field) => field in value).map((field) => [field, value[field]]));
}

/** The mapped fields of one `DongBoHoSoMC` entry, nothing else (see the module comment). */
export function pickDossierPayload(value: unknown): unknown {
  // Stryker disable next-line ArrayDeclaration: `pick` reads no field of a value that is no object.
  if (!isRecord(value)) return pick(value, []);
  const kept = pick(value, DOSSIER_FIELDS) as Record<string, unknown>;
  for (const [list, fields] of Object.entries(DOSSIER_LISTS)) {
    if (!(list in value)) continue;
    const entries = value[list];
    // Stryker disable next-line ArrayDeclaration: a list sent as an object keeps none of its fields; a kept field no connector sends keeps nothing more.
    kept[list] = Array.isArray(entries) ? entries.map((entry) => pick(entry, fields)) : pick(entries, []);
  }
  return kept;
}

/** The mapped fields of one `CapNhatTienDoHoSoMC` entry: never `NguoiXuLy`, `ChucDanh`, `NoiDungXuLy`. */
export function pickStepPayload(value: unknown): unknown {
  return pick(value, STEP_FIELDS);
}

/** A code the connectors send as a string ("1") and some as a number. */
const codeOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.pipe(
    z.union([z.string(), z.number()]),
    z.pipe(
      z.transform((value: string | number) => String(value).trim()),
      z.enum(values),
    ),
  );

const statusSchema = z.pipe(codeOf(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']), z.transform(Number));

/** A yes/no the connectors write `"1"` / `"0"` (the provincial system writes `"3"` for "not paid online"). */
const flagSchema = z.optional(z.union([z.string().check(z.maxLength(10)), z.number(), z.boolean()]));
const isYes = (value: string | number | boolean | undefined) =>
  value === true || String(value).trim() === '1';

const list = <T extends z.ZodMiniType>(entry: T, max: number) =>
  z._default(z.array(entry).check(z.maxLength(max)), []);

export const dossierPayloadSchema = z.object({
  MaHoSo: dossierCodeSchema,
  MaTTHC: procedureCodeSchema,
  /** 1 trực tiếp (counter), 2 trực tuyến (online), 3 bưu chính công ích (postal). */
  KenhThucHien: codeOf(['1', '2', '3']),
  /** 1 công dân; 2 doanh nghiệp; 3 cơ quan nhà nước; 4 tổ chức, khác. */
  LoaiDoiTuong: codeOf(['1', '2', '3', '4']),
  NgayNopHoSo: payloadTimeSchema,
  NgayTiepNhan: payloadTimeSchema,
  NgayHenTra: payloadTimeSchema,
  NgayKetThucXuLy: payloadTimeSchema,
  NgayTra: payloadTimeSchema,
  NgayTuChoi: payloadTimeSchema,
  TrangThaiHoSo: statusSchema,
  /** The processing unit: its id or portal code (else the request's `MaDinhDanhDV`). */
  DonViXuLy: z.optional(z.string().check(z.maxLength(300))),
  DanhSachHoSoBoSung: list(
    z.object({
      NgayBoSung: payloadTimeSchema,
      NgayTiepNhanBoSung: payloadTimeSchema,
      NgayHenTraTruoc: payloadTimeSchema,
      NgayHenTraMoi: payloadTimeSchema,
    }),
    MAX_ENTRIES,
  ),
  DanhSachLePhi: list(
    z.object({ Gia: z.optional(z.union([z.string().check(z.maxLength(30)), z.number()])) }),
    50,
  ),
  DanhSachGiayToKetQua: list(z.object({}), 100),
  TaiLieuNop: list(
    z.object({ DuocSoHoa: flagSchema, DuocLayTuKhoDMQG: flagSchema, DuocTaiSuDung: flagSchema }),
    200,
  ),
  DSKetNoiCSDL: list(z.object({}), 50),
  DuocThanhToanTrucTuyen: flagSchema,
  TaiKhoanDuocXacThucVoiVNeID: flagSchema,
  HoSoCoThanhPhanSoHoa: flagSchema,
});
export type DossierPayload = z.infer<typeof dossierPayloadSchema>;

export const stepPayloadSchema = z.object({
  MaHoSo: dossierCodeSchema,
  ThoiDiemXuLy: payloadTimeSchema,
  /** The agency of the step: its id or portal code; a department's name stands for the dossier's unit. */
  PhongBanXuLy: z.optional(z.string().check(z.maxLength(300))),
  TrangThai: z.optional(statusSchema),
  NgayBatDau: payloadTimeSchema,
  NgayKetThucTheoQuyDinh: payloadTimeSchema,
});
export type StepPayload = z.infer<typeof stepPayloadSchema>;

/**
 * The facts of the whole-766 scorecard a dossier payload carries (DESIGN §3, §4.5), in the names of
 * the dossier report, which stores them over the dossier's life (docs/index-methods.md, "The whole scorecard").
 */
export interface ScorecardFacts {
  /** A fee or charge is due (`DanhSachLePhi` with an amount other than 0). */
  feeRequired: boolean;
  /** Paid through the online payment platform (`DuocThanhToanTrucTuyen` = 1). */
  paidOnline: boolean;
  /** An electronic result was issued (`DanhSachGiayToKetQua` not empty). */
  electronicResult: boolean;
  /** A component was digitized (`TaiLieuNop[].DuocSoHoa` = 1, or `HoSoCoThanhPhanSoHoa` = 1). */
  digitized: boolean;
  /** Data reused instead of asked again (`TaiLieuNop[].DuocTaiSuDung` or `DuocLayTuKhoDMQG` = 1). */
  reusedData: boolean;
  /** Taken from the citizen's own store on the portal (`TaiLieuNop[].DuocLayTuKhoDMQG` = 1). */
  personalStorage: boolean;
  /** The applicant's VNeID account verified, or national databases read (`DSKetNoiCSDL` not empty). */
  citizenDataConnected: boolean;
  /** The payload is the one the system sends the national portal. */
  syncedToPortal: true;
}

export function scorecardFacts(payload: DossierPayload): ScorecardFacts {
  const components = payload.TaiLieuNop;
  return {
    feeRequired: payload.DanhSachLePhi.some((fee) => {
      const amount = Number(String(fee.Gia ?? '').replace(/[.,\s]/g, ''));
      return fee.Gia === undefined || String(fee.Gia).trim() === '' || Number.isNaN(amount) || amount > 0;
    }),
    paidOnline: isYes(payload.DuocThanhToanTrucTuyen),
    electronicResult: payload.DanhSachGiayToKetQua.length > 0,
    digitized: isYes(payload.HoSoCoThanhPhanSoHoa) || components.some((c) => isYes(c.DuocSoHoa)),
    reusedData: components.some((c) => isYes(c.DuocTaiSuDung) || isYes(c.DuocLayTuKhoDMQG)),
    personalStorage: components.some((c) => isYes(c.DuocLayTuKhoDMQG)),
    citizenDataConnected: isYes(payload.TaiKhoanDuocXacThucVoiVNeID) || payload.DSKetNoiCSDL.length > 0,
    syncedToPortal: true,
  };
}

/** Where a dossier report's field comes from in the payload, to name a problem as the sender wrote it. */
export function payloadField(field: string): string {
  return field
    .replace(/^receivedAt$/, 'NgayTiepNhan')
    .replace(/^dueAt$/, 'NgayHenTra')
    .replace(/^(finishedAt|stoppedAt)$/, 'NgayKetThucXuLy')
    .replace(/^rejectedAt$/, 'NgayTuChoi')
    .replace(/^returnedAt$/, 'NgayTra')
    .replace(/^supplements\.(\d+)\.requestedAt$/, 'DanhSachHoSoBoSung.$1.NgayBoSung')
    .replace(/^supplements\.(\d+)\.suppliedAt$/, 'DanhSachHoSoBoSung.$1.NgayTiepNhanBoSung')
    .replace(/^steps\.\d+\.finishedAt$/, 'ThoiDiemXuLy')
    .replace(/^updatedAt$/, 'TrangThaiHoSo');
}

const required = (field: string, status: number): FieldProblem => ({
  field,
  vi: `bắt buộc với TrangThaiHoSo ${status}`,
  en: `required with TrangThaiHoSo ${status}`,
});

/** When the dossier was received: `NgayTiepNhan`; one never received (3) has its submission or refusal. */
function receivedAtOf(payload: DossierPayload): string | undefined {
  if (payload.TrangThaiHoSo === STATUS.rejected)
    return payload.NgayTiepNhan ?? payload.NgayNopHoSo ?? payload.NgayTuChoi;
  return payload.NgayTiepNhan;
}

/**
 * The due date the dossier was received with. After a supplement the system moves `NgayHenTra` to
 * `NgayHenTraMoi`; hailong already deducts the supplement's waiting time from the end of processing
 * (Decision 766, docs/index-methods.md), so taking the moved date would extend the dossier twice. The
 * first supplement's `NgayHenTraTruoc` is the due date before any move.
 */
function originalDueOf(payload: DossierPayload): string | undefined {
  // Stryker disable next-line MethodExpression: without the filter, `sort` puts the undefined dates last, so `[0]` is the same.
  const before = payload.DanhSachHoSoBoSung.map((s) => s.NgayHenTraTruoc).filter((d) => d !== undefined);
  return before.sort()[0] ?? payload.NgayHenTra;
}

/** The problems of a payload whose fields are each valid but that does not make a life (status 2–10). */
export function lifeProblems(payload: DossierPayload): FieldProblem[] {
  const status = payload.TrangThaiHoSo;
  if (status === STATUS.registered) return [];
  const problems: FieldProblem[] = [];
  if (receivedAtOf(payload) === undefined) problems.push(required('NgayTiepNhan', status));
  // A refused or withdrawn dossier may have no due date (a refusal is on time by its own day).
  const dueOptional = status === STATUS.rejected || status === STATUS.withdrawn;
  if (originalDueOf(payload) === undefined && !dueOptional) problems.push(required('NgayHenTra', status));
  payload.DanhSachHoSoBoSung.forEach((supplement, index) => {
    if (supplement.NgayBoSung === undefined)
      problems.push({ field: `DanhSachHoSoBoSung.${index}.NgayBoSung`, vi: 'bắt buộc', en: 'required' });
  });
  if (status === STATUS.supplementRequested && payload.DanhSachHoSoBoSung.length === 0)
    problems.push(required('DanhSachHoSoBoSung', status));
  if ((status === STATUS.stopped || status === STATUS.finished) && payload.NgayKetThucXuLy === undefined)
    problems.push(required('NgayKetThucXuLy', status));
  if (status === STATUS.returned && payload.NgayTra === undefined) problems.push(required('NgayTra', status));
  return problems;
}

type Step = DossierInput['steps'][number];

/**
 * The order of a dossier's reports, which the payload does not carry: the latest instant of its facts,
 * plus one millisecond per fact it holds. A life only grows (a supplement asked then supplied, a
 * finish, a return, a step), so a later payload is later by this measure and a resend equal to the
 * one stored (ignored, as reports are); a withdrawal, which has no date, still counts as one fact more.
 */
export function changeTimeOf(input: Omit<DossierInput, 'updatedAt'>, extra: (string | undefined)[]): string {
  const instants = [
    input.receivedAt,
    input.finishedAt,
    input.returnedAt,
    input.rejectedAt,
    input.stoppedAt,
    ...input.supplements.flatMap((s) => [s.requestedAt, s.suppliedAt]),
    ...input.steps.map((step) => step.finishedAt),
    ...extra,
  ].filter((instant): instant is string => instant !== undefined);
  const facts =
    input.supplements.length +
    input.supplements.filter((s) => s.suppliedAt !== undefined).length +
    (input.finishedAt !== undefined ? 1 : 0) +
    (input.returnedAt !== undefined ? 1 : 0) +
    (input.withdrawn ? 1 : 0) +
    (input.rejectedAt !== undefined ? 1 : 0) +
    (input.stoppedAt !== undefined ? 1 : 0) +
    input.steps.length +
    input.steps.filter((step) => step.finishedAt !== undefined).length;
  return new Date(Math.max(...instants.map((instant) => Date.parse(instant))) + facts).toISOString();
}

/**
 * The dossier report a valid payload stands for, or `undefined` for a dossier only registered (1: not
 * received yet, nothing to count). `unit` and `procedure` are the resolved unit id and catalogue code;
 * `steps` the dossier's steps so far (from `CapNhatTienDoHoSoMC`). Statuses onto the life:
 * - 2, 4, 6: received, in progress (6, the applicant's financial obligation, has no pause in Decision 766);
 * - 5: the supplements of `DanhSachHoSoBoSung` (asked `NgayBoSung`, supplied `NgayTiepNhanBoSung`),
 *   which every status carries;
 * - 9: finished at `NgayKetThucXuLy`; 10: also returned at `NgayTra` (finished at `NgayKetThucXuLy`,
 *   else at the return);
 * - 7 withdrawn: out of every figure;
 * - 3 (not received): rejected at `NgayTuChoi` (else when received), 8: stopped at `NgayKetThucXuLy` —
 *   end states as the portal counts them (the formula description, 2.1: "Từ chối, Dừng xử lý" end
 *   processing, the dossier stays in the denominator); no result is handed over, so no rating link;
 * - the scorecard's facts ({@link scorecardFacts}) on every status.
 * Call only with a payload that has no {@link lifeProblems}.
 */
export function dossierInputOf(
  payload: DossierPayload,
  context: { unit: string; procedure: string; steps: Step[] },
): DossierInput | undefined {
  const status = payload.TrangThaiHoSo;
  if (status === STATUS.registered) return undefined;
  const receivedAt = receivedAtOf(payload)!;
  const ended = status === STATUS.finished || status === STATUS.returned;
  const rejectedAt = status === STATUS.rejected ? (payload.NgayTuChoi ?? receivedAt) : undefined;
  const input: Omit<DossierInput, 'updatedAt'> = {
    code: payload.MaHoSo,
    unit: context.unit,
    procedure: context.procedure,
    applicantType: payload.LoaiDoiTuong === '1' ? 'citizen' : 'business',
    channel: payload.KenhThucHien === '2' ? 'online' : payload.KenhThucHien === '3' ? 'postal' : 'counter',
    receivedAt,
    dueAt: originalDueOf(payload) ?? rejectedAt ?? receivedAt,
    ...(ended ? { finishedAt: payload.NgayKetThucXuLy ?? payload.NgayTra } : {}),
    ...(status === STATUS.returned ? { returnedAt: payload.NgayTra } : {}),
    supplements: payload.DanhSachHoSoBoSung.map((supplement) => ({
      requestedAt: supplement.NgayBoSung!,
      ...(supplement.NgayTiepNhanBoSung !== undefined ? { suppliedAt: supplement.NgayTiepNhanBoSung } : {}),
    })),
    supplementRequests: 0,
    withdrawn: status === STATUS.withdrawn,
    ...(rejectedAt !== undefined ? { rejectedAt } : {}),
    ...(status === STATUS.stopped ? { stoppedAt: payload.NgayKetThucXuLy } : {}),
    steps: context.steps,
    complaint: false,
    ...scorecardFacts(payload),
  };
  return { ...input, updatedAt: changeTimeOf(input, [payload.NgayTuChoi]) };
}

/** A step record as a step of the report: only a record with its due (`NgayKetThucTheoQuyDinh`) is one. */
export function stepOf(record: StepPayload, unit: string): Step | undefined {
  if (record.NgayKetThucTheoQuyDinh === undefined) return undefined;
  return {
    unit,
    dueAt: record.NgayKetThucTheoQuyDinh,
    ...(record.ThoiDiemXuLy !== undefined ? { finishedAt: record.ThoiDiemXuLy } : {}),
  };
}

/**
 * The steps known so far and the ones just reported, one per agency and due date (a resend adds
 * nothing), the latest processing time kept as the step's finish, in due order.
 */
export function mergeSteps(known: Step[], added: Step[]): Step[] {
  const byKey = new Map<string, Step>();
  for (const step of [...known, ...added]) {
    const key = `${step.unit}\n${Date.parse(step.dueAt)}`;
    const before = byKey.get(key);
    const finishes = [before?.finishedAt, step.finishedAt].filter((t): t is string => t !== undefined);
    const finishedAt = finishes.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1);
    byKey.set(key, {
      unit: step.unit,
      dueAt: before?.dueAt ?? step.dueAt,
      ...(finishedAt ? { finishedAt } : {}),
    });
  }
  return [...byKey.values()].sort(
    (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.unit.localeCompare(b.unit),
  );
}

/**
 * The entries of a request body: one object, an array, or the envelope the connectors post to the
 * portal (`{ "service": "DongBoHoSoMC", "data": [...] }`, whose `madonvi` names the unit).
 */
export function payloadEntries(body: unknown): {
  entries: unknown[];
  prefix: (index: number) => string;
  unit?: string;
} {
  if (Array.isArray(body)) return { entries: body, prefix: (index) => `${index}.` };
  if (isRecord(body) && Array.isArray(body.data)) {
    const unit = typeof body.madonvi === 'string' && body.madonvi.trim() ? body.madonvi.trim() : undefined;
    return { entries: body.data, prefix: (index) => `data.${index}.`, ...(unit ? { unit } : {}) };
  }
  return { entries: [body], prefix: () => '' };
}
