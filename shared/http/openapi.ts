/**
 * The OpenAPI 3.1 document of the agency API, generated from the same zod schemas that validate the
 * requests (`z.toJSONSchema`), so the reference cannot drift from the code. A new operation is added
 * to `buildPaths` below, its answers' schemas to ./openapi-schemas.ts. Linted with Redocly's
 * recommended rules (`npm run lint:openapi`, part of `npm run lint`).
 */
import * as z from 'zod/mini';
import { skillsQuerySchema as skillsQuery } from '../skills/query';
import { registerDossiersBodySchema } from '../dossier-registration';
import { assessmentInputSchema, skillItemIds } from '../instruments/skills';
import { reportQuerySchema } from '../reports/report-query';
import { answerBodySchema, feedbackQuerySchema } from '../feedback/queries';
import {
  periodInputIndicators,
  periodInputsQuerySchema,
  periodInputValueSchema,
} from '../storage/period-inputs';
import { rankingsQuerySchema, ratingsQuerySchema, scoresQuerySchema } from './aggregate-queries';
import { componentSchemas } from './openapi-schemas';
import { qd766DossiersPath, qd766DossiersSchemas } from './openapi-qd766-dossiers';
import { dossierPayloadSchema, stepPayloadSchema } from '../sync/dvcqg';

type Schema = z.ZodMiniType;

/** JSON Schema of a zod schema, as an OpenAPI 3.1 schema object. */
export function jsonSchema(schema: Schema): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

export function jsonBody(schema: Schema, description?: string) {
  return {
    required: true,
    ...(description ? { description } : {}),
    content: { 'application/json': { schema: jsonSchema(schema) } },
  };
}

/** Query parameters from a zod object schema of strings. */
export function queryParameters(schema: z.ZodMiniObject) {
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

const errorContent = (example: { code: string; vi: string; en: string }) => ({
  'application/json': {
    schema: { $ref: '#/components/schemas/Error' },
    example: { error: example },
  },
});

/** Error answers shared by the operations (`components.responses`), each with an example. */
const sharedResponses = {
  BadRequest: {
    description: 'The body or a parameter cannot be read',
    content: errorContent({
      code: 'bad_request',
      vi: 'Nội dung không phải JSON hợp lệ.',
      en: 'The body is not valid JSON.',
    }),
  },
  Unauthorized: {
    description: 'Missing or invalid API key',
    content: errorContent({
      code: 'unauthorized',
      vi: 'Thiếu hoặc sai khóa API.',
      en: 'Missing or invalid API key.',
    }),
  },
  Forbidden: {
    description: 'Outside the key scope or permission',
    content: errorContent({
      code: 'forbidden',
      vi: 'Ngoài phạm vi của khóa.',
      en: 'Outside the scope of the key.',
    }),
  },
  NotFound: {
    description: 'No such thing',
    content: errorContent({ code: 'not_found', vi: 'Không tìm thấy.', en: 'Not found.' }),
  },
  PayloadTooLarge: {
    description: 'The body is too large; nothing was stored',
    content: errorContent({
      code: 'payload_too_large',
      vi: 'Nội dung quá lớn.',
      en: 'The body is too large.',
    }),
  },
  ValidationFailed: {
    description: 'Invalid input; each bad field is named; nothing was stored',
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/Error' },
        example: {
          error: {
            code: 'validation',
            vi: 'Dữ liệu không hợp lệ.',
            en: 'Invalid input.',
            fields: [
              {
                field: 'returnedAt',
                vi: 'sai định dạng ngày giờ: cần có múi giờ, ví dụ 2026-07-01T09:30:00+07:00',
                en: 'invalid date-time: add the offset, e.g. 2026-07-01T09:30:00+07:00',
              },
            ],
          },
        },
      },
    },
  },
  TooManyRequests: {
    description: 'Too many requests for this key or link; retry after `Retry-After` seconds',
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
    content: errorContent({
      code: 'rate_limited',
      vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau.',
      en: 'Too many requests; try again later.',
    }),
  },
  CustomRangeLimited: {
    description:
      'Too many requests for this key, or too many custom ranges: a range that is not a standard period (the month, ' +
      'quarter or year to date, or the last whole month, quarter or year, as of today) computes from counts, so each ' +
      'key gets 30 of them a minute. The standard periods are never limited. Retry after `Retry-After` seconds.',
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer', minimum: 1 } } },
    content: errorContent({
      code: 'rate_limited',
      vi: 'Đã quá số lần xem khoảng thời gian tùy chọn trong một phút. Vui lòng thử lại sau ít phút; các kỳ chuẩn (tháng, quý, năm đến nay và tháng, quý, năm trước) không bị giới hạn.',
      en: 'Too many custom-period requests this minute. Please try again in a few minutes; the standard periods (month, quarter and year to date, and the last whole month, quarter and year) are not limited.',
    }),
  },
  Unavailable: {
    description: 'Busy; nothing was stored, retry',
    content: errorContent({
      code: 'unavailable',
      vi: 'Hệ thống đang bận; chưa lưu gì.',
      en: 'The service is busy; nothing was stored.',
    }),
  },
};

const response = (name: keyof typeof sharedResponses) => ({ $ref: `#/components/responses/${name}` });

/** The error answers every agency operation may give. */
export const standardErrors = {
  '401': response('Unauthorized'),
  '403': response('Forbidden'),
  '422': response('ValidationFailed'),
  '429': response('TooManyRequests'),
  '503': response('Unavailable'),
};

/** A JSON answer with its schema (a component) and an example. */
const jsonAnswer = (description: string, schema: string, example?: unknown) => ({
  description,
  content: {
    'application/json': {
      schema: { $ref: `#/components/schemas/${schema}` },
      ...(example === undefined ? {} : { example }),
    },
  },
});

const htmlAnswer = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' } } },
});

export type Operation = Record<string, unknown>;

/** The example a runnable request in /docs is built from. */
const withExamples = (parameters: ReturnType<typeof queryParameters>, examples: Record<string, string>) =>
  parameters.map((parameter) =>
    examples[parameter.name] === undefined ? parameter : { ...parameter, example: examples[parameter.name] },
  );

const token = {
  name: 'token',
  in: 'path',
  required: true,
  description: 'The token of the rating link (44 characters, base64url)',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{44}$' },
  example: 'AcBszAOFxRvM7S8_sGs0BoKOvTMaQy-Pa7JY5iYK4TJw',
};
const campaign = {
  name: 'campaign',
  in: 'path',
  required: true,
  description: 'The campaign id printed by `npm run admin -- campaigns create`',
  schema: { type: 'string' },
  example: 'k3v9x2',
};
const lang = {
  name: 'lang',
  in: 'query',
  required: false,
  description:
    'BCP 47 tag of a page language (`vi`, `en`, or one a province added, e.g. `tyz`); else Accept-Language',
  schema: { type: 'string' },
  example: 'en',
};

const dossierExample = {
  code: 'H10.22.17-250612-0001',
  unit: 'cb-d1-c1',
  procedure: '1.001193',
  applicantType: 'citizen',
  channel: 'counter',
  receivedAt: '2026-07-01T08:00:00+07:00',
  dueAt: '2026-07-03T17:00:00+07:00',
  returnedAt: '2026-07-02T09:30:00+07:00',
};

const syncDossierExample = {
  MaHoSo: '000.00.21.H10-260701-0010',
  MaTTHC: '1.001193.000.00.00.H56',
  KenhThucHien: '2',
  LoaiDoiTuong: '1',
  NgayTiepNhan: '20260701083000',
  NgayHenTra: '20260713170000',
  NgayKetThucXuLy: '20260712100000',
  NgayTra: '20260712150000',
  TrangThaiHoSo: '10',
  DonViXuLy: '000.00.21.H10',
  DanhSachHoSoBoSung: [
    {
      NgayBoSung: '20260703100000',
      NgayTiepNhanBoSung: '20260706100000',
      NgayHenTraTruoc: '20260710170000',
      NgayHenTraMoi: '20260713170000',
    },
  ],
};
const syncStepExample = {
  MaHoSo: '000.00.21.H10-260701-0010',
  ThoiDiemXuLy: '20260709090000',
  PhongBanXuLy: 'H10.02',
  TrangThai: '4',
  NgayBatDau: '20260708100000',
  NgayKetThucTheoQuyDinh: '20260710170000',
};
const syncUnitParameter = {
  name: 'MaDinhDanhDV',
  in: 'query',
  required: false,
  description: "The unit's id or portal code, for entries whose `DonViXuLy` names no unit",
  schema: { type: 'string' },
  example: '000.00.21.H10',
};
const syncBody = (schema: string, example: Record<string, unknown>) => ({
  required: true,
  content: {
    'application/json': {
      schema: {
        oneOf: [
          { $ref: `#/components/schemas/${schema}` },
          { type: 'array', minItems: 1, maxItems: 100, items: { $ref: `#/components/schemas/${schema}` } },
          {
            type: 'object',
            required: ['data'],
            properties: {
              service: { type: 'string' },
              madonvi: { type: 'string' },
              data: {
                type: 'array',
                minItems: 1,
                maxItems: 100,
                items: { $ref: `#/components/schemas/${schema}` },
              },
            },
          },
        ],
      },
      examples: { one: { summary: 'One entry', value: example } },
    },
  },
});
const syncError = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/SyncError' } } },
});
const syncResponses = {
  '201': {
    description: 'At least one dossier was new',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/SyncAnswer' } } },
  },
  '200': {
    description: 'Every dossier was already known (changed or not)',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/SyncAnswer' } } },
  },
  '400': syncError('The body is not JSON'),
  '401': syncError('No valid API key'),
  '403': syncError('The key lacks dossiers:write on a unit'),
  '409': syncError('An immutable field changed or a final figure would change (nothing stored)'),
  '413': syncError('The body is over 256 KB'),
  '422': syncError('Fields named in `error.fields`, as the payload names them (nothing stored)'),
};

const ratingBodySchema = {
  type: 'object',
  required: ['overall', 'i3', 'i4', 'i7'],
  properties: {
    overall: {
      type: 'integer',
      enum: [0, 1, 2],
      description: '2 very satisfied, 1 satisfied, 0 not satisfied',
    },
    i3: { type: 'integer', enum: [0, 1, 2] },
    i4: { type: 'integer', enum: [0, 1, 2] },
    i7: { type: 'integer', enum: [0, 1, 2] },
    reason: {
      type: 'string',
      enum: ['slow', 'extra_papers', 'attitude', 'unclear_guidance', 'unofficial_fees', 'other'],
      description: 'Needed when overall is 0 (or reasonText)',
    },
    reasonText: { type: 'string', maxLength: 500 },
    comment: { type: 'string', maxLength: 1000 },
    s1: { type: 'integer', minimum: 1, maximum: 5 },
    s2: { type: 'integer', minimum: 1, maximum: 5 },
    s3: { type: 'integer', minimum: 1, maximum: 5 },
    s4: { type: 'integer', minimum: 1, maximum: 5 },
    s5: { type: 'integer', minimum: 1, maximum: 5 },
    lang: { type: 'string' },
  },
  additionalProperties: false,
};

const tags = [
  {
    name: 'dossiers',
    description: "The one-stop system's call: register returned dossiers, get their rating links",
  },
  {
    name: 'figures',
    description: 'Index values, rankings and digital-skill indicators, with their denominators',
  },
  { name: 'ratings', description: 'Ratings with their comments, as JSON pages or CSV' },
  { name: 'feedback', description: "Feedback cases (phản ánh, kiến nghị) and the units' answers" },
  { name: 'directory', description: 'Units and procedures a key may use' },
  {
    name: 'public',
    description: 'The pages citizens use (no key): rating link, QR codes, labels, self-assessment',
  },
  { name: 'reference', description: 'This document and its readable form' },
];

const methodsNote =
  'Methods (DESIGN §4.2, docs/index-methods.md): `tt01` Circular 01/2018/TT-VPCP art. 13–15; `qd766` ' +
  'Decision 766/QĐ-TTg as the national portal computes it (groups "Tiến độ giải quyết" and "Mức độ hài lòng", by ' +
  'received day); `sipas` Decision 2640/QĐ-BNV; `csat`. Every figure comes with its denominators, Wilson 95% ' +
  'intervals for shares, an `integrity` flag, `ranked: false` below minN (and for a provisional `tt01`), and ' +
  '`final: false` while anything can still change it (a rating link of the period still open, a dossier of it in ' +
  'progress, a case waiting for a judgement) or a night that can change it is not aggregated yet; once `final: true` ' +
  'it never changes: a write that would change it is refused with 409.';

const noKey: unknown[] = [];
const range = { from: '2026-01-01', to: '2026-06-30' };

/**
 * Every operation, by path and method, in the order a reader meets them: the one-stop system's, then
 * the readers', then the lookups, then the public pages. Built on the first request for the document
 * (z.toJSONSchema is not free), never at the function's start.
 */
function buildPaths(): Record<string, Record<string, Operation>> {
  return {
    '/v1/dossiers': {
      post: {
        operationId: 'registerDossiers',
        tags: ['dossiers'],
        summary: 'Register dossiers whose result was returned; get their rating links and QR codes',
        description:
          'One dossier, or `{ "dossiers": [...] }` with 1–100. Idempotent on (unit, code): a repeat answers ' +
          'the same link. Needs `dossiers:write` on every unit of the batch; nothing is stored when any ' +
          'dossier is refused. Instants are ISO 8601 with an offset (`2026-07-01T09:30:00+07:00`); one ' +
          'without an offset is refused with that hint.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/RegisterDossiersBody' },
              examples: {
                one: { summary: 'One dossier', value: dossierExample },
                batch: { summary: 'A batch', value: { dossiers: [dossierExample] } },
              },
            },
          },
        },
        responses: {
          '201': jsonAnswer('At least one dossier was new', 'RegisteredDossiers', {
            dossiers: [
              {
                code: dossierExample.code,
                unit: dossierExample.unit,
                ratingUrl: 'https://danhgia.example.gov.vn/r/AcBszAOFxRvM7S8_sGs0BoKOvTMaQy-Pa7JY5iYK4TJw',
                qrSvgUrl:
                  'https://danhgia.example.gov.vn/r/AcBszAOFxRvM7S8_sGs0BoKOvTMaQy-Pa7JY5iYK4TJw/qr.svg',
                qrPngUrl:
                  'https://danhgia.example.gov.vn/r/AcBszAOFxRvM7S8_sGs0BoKOvTMaQy-Pa7JY5iYK4TJw/qr.png',
                labelUrl:
                  'https://danhgia.example.gov.vn/r/AcBszAOFxRvM7S8_sGs0BoKOvTMaQy-Pa7JY5iYK4TJw/label',
                linkExpiresAt: '2026-08-01T09:30:00.000Z',
                created: true,
              },
            ],
          }),
          '200': jsonAnswer(
            'Every dossier was already registered (same body shape, same links)',
            'RegisteredDossiers',
          ),
          '400': response('BadRequest'),
          '409': {
            description:
              'An immutable field changed, a final figure would change, or other requests kept changing the dossier at the same time (nothing stored; send it again)',
            content: errorContent({
              code: 'conflict',
              vi: 'Không được đổi trường này.',
              en: 'This field cannot change.',
            }),
          },
          '413': response('PayloadTooLarge'),
          ...standardErrors,
        },
      },
    },
    '/v1/sync/DongBoHoSoMC': {
      post: {
        operationId: 'syncDossiers',
        tags: ['dossiers'],
        summary: "The one-stop system's own dossier sync payload (as it sends the national portal)",
        description:
          'One dossier, an array of 1–100, or the connectors\' envelope `{ "service": "DongBoHoSoMC", "data": [...] }`, ' +
          "in the payload's own names (docs/integration.md has the mapping field by field). Times `yyyyMMddHHmmss` " +
          "in Vietnam time or ISO 8601. The unit is `DonViXuLy` when it is a unit's id or code, else the " +
          "`MaDinhDanhDV` parameter (or the envelope's `madonvi`). Personal data (`ChuHoSo`, `DinhDanhCHS`, " +
          'addresses, phones) and every field not mapped are dropped unread. Needs `dossiers:write`; nothing ' +
          'is stored when any entry is refused.',
        parameters: [syncUnitParameter],
        requestBody: syncBody('SyncDossierPayload', syncDossierExample),
        responses: syncResponses,
      },
    },
    '/v1/sync/CapNhatTienDoHoSoMC': {
      post: {
        operationId: 'syncSteps',
        tags: ['dossiers'],
        summary: "The one-stop system's own processing-step payload",
        description:
          'Steps of dossiers already synced with DongBoHoSoMC: one record, an array of 1–100, or the envelope. ' +
          'A record with `NgayKetThucTheoQuyDinh` is a step of its agency (`PhongBanXuLy` when it is a unit code, ' +
          "else the dossier's unit), due then, finished at `ThoiDiemXuLy`. `NguoiXuLy`, `ChucDanh` and " +
          '`NoiDungXuLy` are dropped unread. Needs `dossiers:write` and the unit (`MaDinhDanhDV`).',
        parameters: [syncUnitParameter],
        requestBody: syncBody('SyncStepPayload', syncStepExample),
        responses: syncResponses,
      },
    },
    '/v1/scores': {
      get: {
        operationId: 'getScores',
        tags: ['figures'],
        summary: 'Index values of a unit (and its subtree) for a period',
        description: `Permission \`scores:read\`. Dates are local days (Asia/Ho_Chi_Minh); a range over 5 years is refused. ${methodsNote}`,
        parameters: withExamples(queryParameters(scoresQuerySchema), {
          unit: 'cb',
          ...range,
          method: 'tt01',
          groupBy: 'month',
        }),
        responses: {
          '200': jsonAnswer('The figures, with groups when `groupBy` is given', 'Scores'),
          ...standardErrors,
          '429': response('CustomRangeLimited'),
        },
      },
    },
    '/v1/rankings': {
      get: {
        operationId: 'getRankings',
        tags: ['figures'],
        summary: "The parent's children ranked by the method's headline figure",
        description:
          'Permission `scores:read`. Ranked children first (highest first, ties share a rank), then those not ranked ' +
          `(fewer than minN responses) with \`rank: null\`. ${methodsNote}`,
        parameters: withExamples(queryParameters(rankingsQuerySchema), {
          parent: 'cb',
          ...range,
          method: 'qd766',
        }),
        responses: {
          '200': jsonAnswer('The ranking', 'Rankings'),
          ...standardErrors,
          '429': response('CustomRangeLimited'),
        },
      },
    },
    ...qd766DossiersPath({ queryParameters, standardErrors }),
    '/v1/ratings': {
      get: {
        operationId: 'listRatings',
        tags: ['ratings'],
        summary: 'Ratings (with comments) of the unit subtree, by the day their dossier was returned',
        description:
          'Permission `ratings:read`. Pages of `limit` rows (default 100); pass `nextCursor` back as `cursor` until it is ' +
          'null. With `Accept: text/csv` every row from the cursor to the end is streamed as CSV (header row, UTF-8 with BOM). ' +
          'With `labels=vi` the CSV is written for people: Vietnamese headers, unit and procedure names beside the codes, ' +
          'answers in words, local time (Asia/Ho_Chi_Minh), codes kept as text (`="2.001610"`).',
        parameters: withExamples(queryParameters(ratingsQuerySchema), { unit: 'cb', ...range }),
        responses: {
          '200': {
            description: 'A page of ratings, or CSV with the same columns',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Ratings' } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...standardErrors,
        },
      },
    },
    '/v1/feedback': {
      get: {
        operationId: 'listFeedbackCases',
        tags: ['feedback'],
        summary: 'Feedback cases of the unit subtree opened in a period (docs/feedback.md)',
        description:
          'Permission `ratings:read`. A case opens for a rating "Không hài lòng", i7 = 0, a dossier reported with ' +
          '`complaint: true`, or the citizen asking for an answer; it is due in working days. `status`: open, ' +
          'overdue (open past its due day), answered, closed (judged by the citizen). Pages and CSV as `/v1/ratings`.',
        parameters: withExamples(queryParameters(feedbackQuerySchema), { unit: 'cb', ...range }),
        responses: {
          '200': {
            description:
              '`{ unit, from, to, cases: [{ id, unit, dossierCode, status, triggers, openedAt, dueDay, reason, comment, answer, answers, judgement, … }], nextCursor }`, or CSV',
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/FeedbackCases' } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          ...standardErrors,
        },
      },
    },
    '/v1/feedback/{id}/answer': {
      post: {
        operationId: 'answerFeedbackCase',
        tags: ['feedback'],
        summary: "Answer a feedback case (shown to the citizen at the dossier's rating link)",
        description:
          'Permission `feedback:write` on the case unit. Phone numbers, e-mails and ID numbers are masked. An edit ' +
          'before the citizen judged the answer replaces what the citizen sees and keeps the history.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16}$' },
          },
        ],
        requestBody: jsonBody(answerBodySchema),
        responses: {
          '200': jsonAnswer('The case as `GET /v1/feedback` shows it', 'FeedbackCase'),
          '404': jsonAnswer('No such case', 'Error'),
          '409': jsonAnswer(
            'The citizen has already judged the answer, or other requests kept changing the dossier (send it again)',
            'Error',
          ),
          ...standardErrors,
        },
      },
    },
    '/v1/period-inputs': {
      get: {
        operationId: 'listPeriodInputs',
        tags: ['figures'],
        summary: "A unit's recorded Circular 01/2018 period inputs (i5, i6, i9) by month",
        description:
          'Permission `admin` on the unit. The scores 0–2 that no dossier carries (art. 13 đ, e, g): tt01 joins ' +
          "them when it is read, each applying to the unit's own dossiers returned in that month (i9: the online " +
          'ones). docs/index-methods.md.',
        parameters: withExamples(queryParameters(periodInputsQuerySchema), {
          unit: 'cb',
          from: '2026-01',
          to: '2026-12',
        }),
        responses: { '200': jsonAnswer('The inputs, oldest month first', 'PeriodInputs'), ...standardErrors },
      },
    },
    '/v1/period-inputs/{unit}/{month}/{indicator}': {
      put: {
        operationId: 'putPeriodInput',
        tags: ['figures'],
        summary: "Record a unit's period input for a month (replaces the month's value)",
        description:
          'Permission `admin` on the unit; who recorded it is the key name. i5, i6, i9 take `value` (0–2); the ' +
          "Decision 766 transparency metrics (1.1–1.3) take `numerator` and `denominator` (0 ≤ numerator ≤ denominator) and are the province's: recorded on the root unit only (422 otherwise). " +
          'A month whose figures are already final ' +
          '(every rating link of the month expired) refuses a new value with 409: a final figure never changes.',
        parameters: [
          { name: 'unit', in: 'path', required: true, schema: { type: 'string' }, example: 'xa-hoa-an' },
          {
            name: 'month',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^(20\\d\\d|2100)-(0[1-9]|1[0-2])$' },
            example: '2026-07',
          },
          {
            name: 'indicator',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              enum: [...periodInputIndicators],
            },
          },
        ],
        requestBody: jsonBody(periodInputValueSchema),
        responses: {
          '200': jsonAnswer('The recorded input', 'PeriodInputAnswer'),
          '409': jsonAnswer('The month is final: its figures can no longer change', 'Error'),
          ...standardErrors,
        },
      },
    },
    '/v1/skills': {
      get: {
        operationId: 'getSkills',
        tags: ['figures'],
        summary: 'Digital-skill indicators (plan146 or dsi) of a unit and period',
        description:
          'Overall and by age band, sex and ethnicity, with denominators and 95% Wilson intervals; ' +
          '`weighting` says "post-stratified" (population by age band × sex loaded for every commune with ' +
          'respondents) or "sample shares". Permission scores:read; the unit must be in the key subtree.',
        parameters: withExamples(queryParameters(skillsQuery), {
          unit: 'cb',
          ...range,
          indicator: 'plan146',
        }),
        responses: { '200': jsonAnswer('The indicator', 'Skills'), ...standardErrors },
      },
    },
    '/v1/reports/satisfaction.xlsx': {
      get: {
        operationId: 'getSatisfactionReport',
        tags: ['figures'],
        summary: 'The satisfaction report a province files, as an Excel workbook',
        description:
          'Permission `scores:read`. Three sheets: "Tổng quan" (per unit of the subtree: dossiers returned, ratings, ' +
          'response rate, the nine tt01 indicators, total and grade, not satisfied / satisfied / very satisfied, CSAT), ' +
          '"Chỉ tiêu 766" (per unit and metric: numerator, denominator, ratio, score), "Xếp hạng" (the children ranked ' +
          'by qd766 with the change since the previous period). Vietnamese headers, names beside codes, dates ' +
          'yyyy-mm-dd, numbers as numbers, codes as text. The same figures as /v1/scores and /v1/rankings.',
        parameters: withExamples(queryParameters(reportQuerySchema), { unit: 'cb', ...range }),
        responses: {
          '200': {
            description: 'The workbook (`attachment; filename="bao-cao-hai-long-<unit>-<from>-<to>.xlsx"`)',
            content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {} },
          },
          ...standardErrors,
          '429': response('CustomRangeLimited'),
        },
      },
    },
    '/v1/units': {
      get: {
        operationId: 'listUnits',
        tags: ['directory'],
        summary: 'Units of the key subtree',
        responses: {
          '200': jsonAnswer('The units', 'Units', {
            units: [
              { id: 'cb', name: 'Tỉnh Cao Bằng', kind: 'province', parent: null, codes: ['000.00.00.H10'] },
            ],
          }),
          ...standardErrors,
        },
      },
    },
    '/v1/procedures': {
      get: {
        operationId: 'listProcedures',
        tags: ['directory'],
        summary: 'The procedure catalogue',
        responses: {
          '200': jsonAnswer('The procedures', 'Procedures', {
            procedures: [
              { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0 },
            ],
          }),
          ...standardErrors,
        },
      },
    },
    '/healthz': {
      get: {
        operationId: 'health',
        tags: ['public'],
        security: noKey,
        summary: 'Liveness',
        responses: {
          '200': jsonAnswer('Up', 'Health', {
            status: 'ok',
            stage: 'prod',
            time: '2026-07-01T02:30:00.000Z',
          }),
          '429': response('TooManyRequests'),
        },
      },
    },
    '/r/{token}': {
      get: {
        operationId: 'ratingPage',
        tags: ['public'],
        security: noKey,
        summary: 'The rating form of a dossier (HTML), or a page saying it was rated',
        parameters: [token, lang],
        responses: {
          '200': htmlAnswer('The form, or the already-rated page'),
          '400': htmlAnswer('A forged, cut or altered link: what to do next'),
          '404': htmlAnswer('The dossier of a signed link is gone'),
          '410': htmlAnswer('An expired link: the unit, the day it expired, where feedback can go'),
          '429': response('TooManyRequests'),
        },
      },
      post: {
        operationId: 'submitRating',
        tags: ['public'],
        security: noKey,
        summary: 'Submit the rating (the form, or JSON)',
        description: 'Nothing is stored on any 4xx. A form post is answered with the thank-you page.',
        parameters: [token],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/RatingAnswers' },
              example: { overall: 2, i3: 2, i4: 1, i7: 2 },
            },
            'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/RatingAnswers' } },
          },
        },
        responses: {
          '201': jsonAnswer('Stored (JSON)', 'RatingStored', {
            code: dossierExample.code,
            unit: dossierExample.unit,
            instrument: 'rating@1',
            ratedAt: '2026-07-02T03:00:00.000Z',
          }),
          '303': { description: 'Stored (form): to the thank-you page' },
          '400': response('BadRequest'),
          '409': htmlAnswer('Already rated'),
          '410': htmlAnswer('Expired link'),
          '413': response('PayloadTooLarge'),
          '415': {
            description: 'Neither a form nor JSON',
            content: errorContent({
              code: 'unsupported_media_type',
              vi: 'Chỉ nhận biểu mẫu hoặc JSON.',
              en: 'Only a form or JSON is accepted.',
            }),
          },
          '422': response('ValidationFailed'),
          '429': response('TooManyRequests'),
        },
      },
    },
    '/r/{token}/qr.svg': {
      get: {
        operationId: 'ratingQrSvg',
        tags: ['public'],
        security: noKey,
        summary: 'QR code of the rating link (SVG, level M)',
        parameters: [token],
        responses: {
          '200': { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' } } } },
          '400': htmlAnswer('Bad link'),
        },
      },
    },
    '/r/{token}/qr.png': {
      get: {
        operationId: 'ratingQrPng',
        tags: ['public'],
        security: noKey,
        summary: 'QR code of the rating link (PNG, 8 px a module)',
        parameters: [token],
        responses: {
          '200': {
            description: 'PNG',
            content: { 'image/png': { schema: { type: 'string', contentMediaType: 'image/png' } } },
          },
          '400': htmlAnswer('Bad link'),
        },
      },
    },
    '/r/{token}/label': {
      get: {
        operationId: 'ratingLabel',
        tags: ['public'],
        security: noKey,
        summary: "The counter's 62 × 80 mm label: unit, QR, dossier code, last day to rate",
        parameters: [token, lang],
        responses: { '200': htmlAnswer('One label, one printed page'), '400': htmlAnswer('Bad link') },
      },
    },
    '/r/labels': {
      get: {
        operationId: 'ratingLabelSheet',
        tags: ['public'],
        security: noKey,
        summary: "Many dossiers' labels: nine to an A4 page, or one per roll page",
        parameters: [
          {
            name: 't',
            in: 'query',
            required: true,
            description: 'A rating link token, repeated (1–54)',
            schema: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 54 },
            style: 'form',
            explode: true,
            example: [token.example],
          },
          {
            name: 'format',
            in: 'query',
            required: false,
            schema: { type: 'string', enum: ['a4', 'roll'] },
            example: 'a4',
          },
          lang,
        ],
        responses: { '200': htmlAnswer('The sheet'), '400': htmlAnswer('A bad token, or too many') },
      },
    },
    '/s/{campaign}': {
      get: {
        operationId: 'selfAssessmentPage',
        tags: ['public'],
        security: noKey,
        summary: 'The digital-skill self-assessment form (HTML, works offline after the first load)',
        parameters: [campaign, lang],
        responses: { '200': htmlAnswer('The form'), '404': htmlAnswer('No such campaign') },
      },
      post: {
        operationId: 'submitSelfAssessment',
        tags: ['public'],
        security: noKey,
        summary: 'Store one self-assessment (JSON, or the form); the same clientId is stored once',
        parameters: [campaign],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: { $ref: '#/components/schemas/AssessmentInput' },
              example: {
                clientId: '0b0f7a52-3c1d-4b7e-9a51-2f4c8d9e6a10',
                ageBand: '25-34',
                sex: 'female',
                answers: Object.fromEntries(skillItemIds.map((id) => [id, 2])),
              },
            },
          },
        },
        responses: {
          '201': jsonAnswer('Stored', 'AssessmentStored', {
            clientId: '0b0f7a52-3c1d-4b7e-9a51-2f4c8d9e6a10',
            stored: true,
            day: '2026-07-01',
          }),
          '200': jsonAnswer('Already stored (same clientId)', 'AssessmentStored'),
          '303': { description: 'Stored (form): back to the form for the next person' },
          '404': response('NotFound'),
          '413': response('PayloadTooLarge'),
          '422': response('ValidationFailed'),
          '503': response('Unavailable'),
        },
      },
    },
    '/openapi.json': {
      get: {
        operationId: 'openApiDocument',
        tags: ['reference'],
        security: noKey,
        summary: 'This document (OpenAPI 3.1)',
        responses: {
          '200': {
            description: 'The document',
            content: { 'application/json': { schema: { type: 'object' } } },
          },
          '429': response('TooManyRequests'),
        },
      },
    },
    '/docs': {
      get: {
        operationId: 'docsPage',
        tags: ['reference'],
        security: noKey,
        summary: 'This document as a readable page, with a runnable example per operation',
        responses: { '200': htmlAnswer('The reference'), '429': response('TooManyRequests') },
      },
    },
  };
}

let paths: Record<string, Record<string, Operation>> | undefined;
let schemas: Record<string, unknown> | undefined;

/** Where the document says the API is: the deployment's base URL, or the local server. */
export const LOCAL_SERVER = 'http://127.0.0.1:3000';

export function openApiDocument(serverUrl?: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'hailong agency API',
      version: '1',
      description:
        'Satisfaction index of public administrative services and digital-skill indicators. ' +
        'Authenticate with `Authorization: Bearer <key>`; keys are scoped to a unit subtree. Errors are ' +
        '`{ error: { code, vi, en, fields? } }`, Vietnamese and English.',
      license: { name: 'Proprietary, for the provinces that run it', identifier: 'LicenseRef-hailong' },
    },
    servers: [
      {
        url: serverUrl ?? LOCAL_SERVER,
        description: serverUrl ? 'This deployment' : 'The local server (npm start)',
      },
    ],
    tags,
    components: {
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key from `npm run admin -- keys create`',
        },
      },
      schemas: (schemas ??= {
        ...componentSchemas,
        ...qd766DossiersSchemas,
        RegisterDossiersBody: jsonSchema(registerDossiersBodySchema),
        SyncDossierPayload: jsonSchema(dossierPayloadSchema),
        SyncStepPayload: jsonSchema(stepPayloadSchema),
        RatingAnswers: ratingBodySchema,
        AssessmentInput: jsonSchema(assessmentInputSchema),
      }),
      responses: sharedResponses,
    },
    security: [{ bearer: [] }],
    paths: (paths ??= buildPaths()),
  };
}
