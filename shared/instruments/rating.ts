/**
 * The dossier-rating instrument `rating@1` (DESIGN §4.1): one screen, four taps and an optional
 * comment. Overall satisfaction on the national portal's three levels, and the citizen-assessed
 * indicators i3, i4, i7 of Circular 01/2018/TT-VPCP art. 13, each scored 2/1/0; the optional SIPAS
 * module (five elements on a 5-point scale) for units that ask it. An answer keeps its instrument
 * version, so the questions can change without mixing answers to different questions.
 */
import * as z from 'zod/mini';
import type { FieldProblem } from '../errors';
import { ValidationError } from '../errors';
import { baseLang, type Lang, LANGUAGE_TAG } from '../i18n/tag';
import { fieldProblems } from '../validation';

export const RATING_INSTRUMENT = 'rating@1';

/** The three scored questions besides `overall`, in the order the form asks them. */
export const indicatorIds = ['i3', 'i4', 'i7'] as const;
export type IndicatorId = (typeof indicatorIds)[number];

/** Reasons offered when the answer is "Không hài lòng" (overall 0). */
export const reasonCodes = [
  'slow',
  'extra_papers',
  'attitude',
  'unclear_guidance',
  'unofficial_fees',
  'other',
] as const;
export type ReasonCode = (typeof reasonCodes)[number];

export const sipasIds = ['s1', 's2', 's3', 's4', 's5'] as const;
export type SipasId = (typeof sipasIds)[number];

export const COMMENT_MAX = 1000;
export const REASON_TEXT_MAX = 500;
/** A field real people never see (hidden by CSS, `tabindex=-1`); bots fill it in. */
export const HONEYPOT_FIELD = 'website';

const bilingual = (vi: string, en: string) => ({ vi, en });

/** Option labels, highest score first, as the national portal shows them. */
export const questionOptions = {
  overall: [
    { value: 2, label: bilingual('Rất hài lòng', 'Very satisfied') },
    { value: 1, label: bilingual('Hài lòng', 'Satisfied') },
    { value: 0, label: bilingual('Không hài lòng', 'Not satisfied') },
  ],
  i3: [
    { value: 2, label: bilingual('Không phải đi lại lần nào', 'None') },
    { value: 1, label: bilingual('Một lần', 'Once') },
    { value: 0, label: bilingual('Hơn một lần', 'More than once') },
  ],
  i4: [
    { value: 2, label: bilingual('Không phải liên hệ (làm hoàn toàn trực tuyến)', 'None (all online)') },
    { value: 1, label: bilingual('Chỉ Bộ phận Một cửa', 'Only the one-stop counter') },
    { value: 0, label: bilingual('Nhiều hơn một cơ quan', 'More than that') },
  ],
  i7: [
    { value: 2, label: bilingual('Rất tốt', 'Very good') },
    { value: 1, label: bilingual('Tốt', 'Good') },
    { value: 0, label: bilingual('Gây phiền hà, sách nhiễu', 'Caused trouble or harassment') },
  ],
} as const;

export const reasonLabels: Record<ReasonCode, { vi: string; en: string }> = {
  slow: bilingual('Giải quyết chậm, trễ hẹn', 'Slow, past the promised date'),
  extra_papers: bilingual('Yêu cầu thêm giấy tờ ngoài quy định', 'Asked for papers beyond the rules'),
  attitude: bilingual('Thái độ công chức chưa tốt', 'Poor attitude of the civil servants'),
  unclear_guidance: bilingual('Hướng dẫn không rõ ràng', 'Unclear guidance'),
  unofficial_fees: bilingual('Phải nộp khoản ngoài quy định', 'Unofficial fees'),
  other: bilingual('Lý do khác', 'Other'),
};

/** SIPAS elements (access, procedure, civil servants, result, feedback handling), scored 1–5. */
export const sipasLabels: Record<SipasId, { vi: string; en: string }> = {
  s1: bilingual('Tiếp cận dịch vụ', 'Access to the service'),
  s2: bilingual('Thủ tục hành chính', 'The procedure'),
  s3: bilingual('Công chức giải quyết', 'The civil servants'),
  s4: bilingual('Kết quả giải quyết', 'The result'),
  s5: bilingual('Tiếp nhận, xử lý góp ý, phản ánh', 'Handling of feedback'),
};

/** Form posts carry strings; JSON may carry numbers or strings. Both end up as integers. */
const integer = (values: readonly number[]) =>
  z.pipe(
    z.transform((value: unknown) =>
      typeof value === 'string' && /^\s*\d{1,2}\s*$/.test(value) ? Number(value) : value,
    ),
    z.literal(values as [number, ...number[]]),
  );
const score = integer([0, 1, 2]);
const sipasScore = z.optional(integer([1, 2, 3, 4, 5]));

const answersSchema = z.object({
  overall: score,
  i3: score,
  i4: score,
  i7: score,
  reason: z.optional(z.enum(reasonCodes)),
  reasonText: z.optional(z.string().check(z.maxLength(REASON_TEXT_MAX))),
  comment: z.optional(z.string().check(z.maxLength(COMMENT_MAX))),
  s1: sipasScore,
  s2: sipasScore,
  s3: sipasScore,
  s4: sipasScore,
  s5: sipasScore,
  lang: z.optional(z.string().check(z.regex(LANGUAGE_TAG))),
  // "Tôi muốn được phản hồi": a checkbox posts "1"; JSON may send true (DESIGN §4.4).
  wantsAnswer: z.optional(z.union([z.boolean(), z.enum(['1', 'on', 'true', '0', 'false'])])),
  [HONEYPOT_FIELD]: z.optional(z.string().check(z.maxLength(0))),
});

export type Score = 0 | 1 | 2;

/** A valid answer to `rating@1`, before masking. */
export interface RatingAnswers {
  overall: Score;
  i3: Score;
  i4: Score;
  i7: Score;
  reason?: ReasonCode | undefined;
  reasonText?: string | undefined;
  comment?: string | undefined;
  sipas?: Partial<Record<SipasId, number>> | undefined;
  /** The citizen asked for an answer (opens a feedback case). */
  wantsAnswer?: boolean | undefined;
  lang: Lang;
}

const fieldNames = Object.keys(answersSchema.shape);

/** Trims strings and drops empty ones, so an untouched form field counts as absent. */
function normalize(raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const out: Record<string, unknown> = {};
  for (const name of fieldNames) {
    let value = (raw as Record<string, unknown>)[name];
    if (typeof value === 'string') {
      const text = value.normalize('NFC').replace(/\r\n/g, '\n').trim();
      if (text === '') continue;
      value = text;
    }
    if (value === null || value === undefined) continue;
    out[name] = value;
  }
  return out;
}

/**
 * Validates a submission of `rating@1` (form fields as strings, or JSON). Refuses — never cuts — a
 * comment over {@link COMMENT_MAX} characters; asks for a reason when overall is 0; accepts SIPAS
 * items only when the unit asks them. Throws {@link ValidationError} naming every bad field.
 */
export function parseRatingAnswers(raw: unknown, options: { sipas: boolean }): RatingAnswers {
  const input = normalize(raw);
  const problems: FieldProblem[] = [];
  const result = answersSchema.safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '');
      if (field && !(field in input)) problems.push({ field, vi: 'bắt buộc', en: 'required' });
      else if (field === HONEYPOT_FIELD)
        problems.push({ field, vi: 'phải để trống', en: 'must be left empty' });
      else problems.push(...fieldProblems([issue]));
    }
  }
  if (!options.sipas) {
    for (const id of sipasIds) {
      if (id in input) {
        problems.push({
          field: id,
          vi: 'đơn vị này không dùng bộ câu hỏi SIPAS',
          en: 'this unit does not ask the SIPAS questions',
        });
      }
    }
  }
  // Asked even when other answers are wrong, so the form names every problem at once.
  const unhappyAnswer = input.overall === 0 || input.overall === '0';
  if (unhappyAnswer && input.reason === undefined && input.reasonText === undefined) {
    problems.push({
      field: 'reason',
      vi: 'vui lòng cho biết lý do không hài lòng',
      en: 'please give the reason you are not satisfied',
    });
  }
  if (problems.length > 0 || !result.success) throw new ValidationError(problems);
  const data = result.data;
  const sipas = Object.fromEntries(
    sipasIds.flatMap((id) => (data[id] === undefined ? [] : [[id, data[id]]])),
  ) as Partial<Record<SipasId, number>>;
  const unhappy = data.overall === 0;
  return {
    overall: data.overall as Score,
    i3: data.i3 as Score,
    i4: data.i4 as Score,
    i7: data.i7 as Score,
    // A reason only means something with "Không hài lòng": one left from a changed answer is dropped.
    reason: unhappy ? data.reason : undefined,
    reasonText: unhappy ? data.reasonText : undefined,
    comment: data.comment,
    sipas: Object.keys(sipas).length > 0 ? sipas : undefined,
    wantsAnswer:
      data.wantsAnswer === true || ['1', 'on', 'true'].includes(String(data.wantsAnswer)) ? true : undefined,
    // The stored answer keeps the bilingual base of the page's language (a Tày page counts as 'vi').
    lang: baseLang(data.lang ?? 'vi'),
  };
}
