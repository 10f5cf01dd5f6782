/**
 * The digital-skill self-assessment instrument `skills@1` (DESIGN §4.3). A team member of the
 * community digital-technology team (Tổ công nghệ số cộng đồng) asks each question; the answer is
 * "Can you do this?" — 0 not yet / 1 with help / 2 on my own.
 *
 * Items: the essential digital services of the province plans under Decision 146/QĐ-TTg (online public
 * services, health, education, transport, tourism, banking), and at least one item in each competence
 * area of the learner framework of Circular 02/2025/TT-BGDĐT (the Vietnamese adaptation of DigComp 2.2,
 * with AI as a sixth area). An answer keeps its instrument version, so a later version never
 * reinterprets stored answers.
 */
import * as z from 'zod/mini';
import type { Bilingual } from '../errors';
import { instantSchema } from '../date-range';

export const INSTRUMENT_VERSION = 'skills@1';

export const ageBands = ['15-24', '25-34', '35-44', '45-54', '55-64', '65+'] as const;
export type AgeBand = (typeof ageBands)[number];

/** As the census and population registers record it, so post-stratification finds its cells. */
export const sexes = ['female', 'male'] as const;
export type Sex = (typeof sexes)[number];

export const ethnicities = ['kinh', 'tay', 'nung', 'hmong', 'dao', 'sanchay', 'lolo', 'other'] as const;
export type Ethnicity = (typeof ethnicities)[number];
/** An assessment without the optional ethnicity counts under this key. */
export const UNKNOWN_ETHNICITY = 'unknown';

/** The essential services of Decision 146/QĐ-TTg's plans; `ops` is online public services. */
export const services = ['ops', 'health', 'education', 'transport', 'tourism', 'banking'] as const;
export type Service = (typeof services)[number];

/** Competence areas (Circular 02/2025/TT-BGDĐT, DigComp 2.2 areas 1–5, plus AI). */
export const areas = ['info', 'comm', 'content', 'safety', 'problem', 'ai'] as const;
export type Area = (typeof areas)[number];

export interface SkillItem {
  id: string;
  /** Set for essential-service items. */
  service?: Service;
  /** Set for competence-area items. */
  area?: Area;
  text: Bilingual;
}

/** The questions, in the order the form asks them. Ids are stable: they are stored with the answers. */
export const skillItems: readonly SkillItem[] = [
  {
    id: 'ops_submit',
    service: 'ops',
    text: {
      vi: 'Nộp hồ sơ, làm thủ tục trên Cổng dịch vụ công bằng điện thoại hoặc máy tính',
      en: 'Submit an application on the online public services portal from a phone or computer',
    },
  },
  {
    id: 'ops_vneid',
    service: 'ops',
    text: {
      vi: 'Dùng ứng dụng VNeID (đăng nhập, xem giấy tờ, khai báo)',
      en: 'Use the VNeID app (log in, show your papers, declare information)',
    },
  },
  {
    id: 'health_book',
    service: 'health',
    text: {
      vi: 'Xem sổ sức khỏe điện tử, thẻ bảo hiểm y tế trên điện thoại',
      en: 'Open your electronic health book or health-insurance card on the phone',
    },
  },
  {
    id: 'health_booking',
    service: 'health',
    text: { vi: 'Đặt lịch khám bệnh qua mạng', en: 'Book a doctor’s appointment online' },
  },
  {
    id: 'education',
    service: 'education',
    text: {
      vi: 'Xem điểm, liên lạc với nhà trường hoặc học một bài trên mạng',
      en: 'See school marks, contact the school, or follow a lesson online',
    },
  },
  {
    id: 'transport',
    service: 'transport',
    text: {
      vi: 'Mua vé xe, vé tàu hoặc gọi xe qua ứng dụng',
      en: 'Buy a bus or train ticket, or call a ride with an app',
    },
  },
  {
    id: 'tourism',
    service: 'tourism',
    text: {
      vi: 'Tìm chỗ ở, điểm du lịch hoặc giới thiệu sản phẩm của nhà mình trên mạng',
      en: 'Find a place to stay or a place to visit, or show your family’s products online',
    },
  },
  {
    id: 'bank_transfer',
    service: 'banking',
    text: { vi: 'Chuyển tiền bằng ứng dụng ngân hàng', en: 'Send money with a banking app' },
  },
  {
    id: 'bank_qr',
    service: 'banking',
    text: { vi: 'Trả tiền bằng cách quét mã QR', en: 'Pay by scanning a QR code' },
  },
  {
    id: 'info_search',
    area: 'info',
    text: {
      vi: 'Tìm thông tin trên mạng và biết tin nào đáng tin',
      en: 'Look for information online and tell which news can be trusted',
    },
  },
  {
    id: 'info_files',
    area: 'info',
    text: {
      vi: 'Lưu ảnh, giấy tờ trên điện thoại và tìm lại khi cần',
      en: 'Save photos and documents on the phone and find them again',
    },
  },
  {
    id: 'comm_message',
    area: 'comm',
    text: {
      vi: 'Nhắn tin, gọi video (ví dụ qua Zalo)',
      en: 'Send messages and make video calls (for example on Zalo)',
    },
  },
  {
    id: 'comm_group',
    area: 'comm',
    text: {
      vi: 'Tham gia nhóm Zalo của thôn, xóm và chia sẻ thông tin',
      en: 'Take part in the village chat group and share information',
    },
  },
  {
    id: 'content_photo',
    area: 'content',
    text: {
      vi: 'Chụp ảnh giấy tờ rõ nét để gửi đi',
      en: 'Take a clear photo of a document to send it',
    },
  },
  {
    id: 'content_post',
    area: 'content',
    text: {
      vi: 'Viết bài, làm video ngắn hoặc sửa ảnh rồi đăng lên mạng',
      en: 'Write a post, make a short video or edit a photo and publish it',
    },
  },
  {
    id: 'safety_scam',
    area: 'safety',
    text: {
      vi: 'Nhận ra tin nhắn, cuộc gọi lừa đảo',
      en: 'Recognise scam messages and calls',
    },
  },
  {
    id: 'safety_secret',
    area: 'safety',
    text: {
      vi: 'Đặt mật khẩu khó đoán và không đưa mã OTP cho ai',
      en: 'Use a hard-to-guess password and never give anyone an OTP code',
    },
  },
  {
    id: 'problem_apps',
    area: 'problem',
    text: {
      vi: 'Tự cài đặt, cập nhật ứng dụng trên điện thoại',
      en: 'Install and update apps on the phone yourself',
    },
  },
  {
    id: 'problem_fix',
    area: 'problem',
    text: {
      vi: 'Tự xử lý lỗi đơn giản (đầy bộ nhớ, mất kết nối mạng, quên mật khẩu)',
      en: 'Fix simple problems yourself (full memory, lost connection, forgotten password)',
    },
  },
  {
    id: 'ai_ask',
    area: 'ai',
    text: {
      vi: 'Hỏi trợ lý ảo, trí tuệ nhân tạo (AI) bằng lời nói hoặc chữ để được giúp',
      en: 'Ask a virtual assistant or AI chatbot for help, by voice or text',
    },
  },
  {
    id: 'ai_check',
    area: 'ai',
    text: {
      vi: 'Biết câu trả lời của AI có thể sai và kiểm tra lại',
      en: 'Know that an AI answer can be wrong and check it',
    },
  },
];

export const skillItemIds = skillItems.map((item) => item.id);

/** The answer scale, as the form says it. */
export const answerLevels: readonly { value: 0 | 1 | 2; text: Bilingual }[] = [
  { value: 0, text: { vi: 'Chưa biết', en: 'Not yet' } },
  { value: 1, text: { vi: 'Làm được khi có người giúp', en: 'With help' } },
  { value: 2, text: { vi: 'Tự làm được', en: 'On my own' } },
];

export type Answers = Record<string, 0 | 1 | 2>;

/** An answer value: 0, 1 or 2 (numbers in JSON, strings in a form post). */
const answerValue = z.pipe(
  z.union([z.number(), z.string().check(z.regex(/^[0-2]$/))]),
  z.transform((value) => Number(value)),
);
const level = z.pipe(answerValue, z.union([z.literal(0), z.literal(1), z.literal(2)]));

/** Every item answered, no unknown item: `answers.<id>` names the bad field. */
export const answersSchema = z.strictObject(
  Object.fromEntries(skillItemIds.map((id) => [id, level])) as Record<string, typeof level>,
);

/**
 * A team code (`T03`, `TCNS-HOA-AN-2`): a letter first, then letters, digits, `.`, `_`, `-`, at most
 * 32, and at most 6 digits in all — so a phone (10 digits) or an ID number (9 or 12) typed into
 * "assisted by" is refused, not stored (DESIGN §6: no applicant identity is stored).
 */
export function isTeamCode(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9._-]{0,31}$/.test(value) && (value.match(/\d/g)?.length ?? 0) <= 6;
}

const teamCode = z.string().check(
  z.trim(),
  z.refine(isTeamCode, {
    message:
      'mã tổ: chữ cái đầu, rồi chữ, số, . _ - (tối đa 32, tối đa 6 chữ số) / team code: a letter, then letters, digits, . _ - (at most 32, at most 6 digits)',
  }),
);

/** A self-assessment as the page (form or JSON) sends it. */
export const assessmentInputSchema = z.strictObject({
  clientId: z.uuid(),
  ageBand: z.enum(ageBands),
  sex: z.enum(sexes),
  ethnicity: z.optional(z.enum(ethnicities)),
  assistedBy: z.optional(teamCode),
  /** When the assessment was made on the device (ISO 8601); the server's clock when absent. */
  madeAt: z.optional(instantSchema),
  answers: answersSchema,
});
export type AssessmentInput = z.infer<typeof assessmentInputSchema>;

const respondentFields = new Set(['clientId', 'ageBand', 'sex', 'ethnicity', 'assistedBy', 'madeAt', 'lang']);

/**
 * The same input from a flat form post (`ops_submit=2&…`): every field that is not a respondent field
 * is an item answer, so an unknown item is reported as `answers.<name>`. Empty optional fields are
 * dropped (a form sends `ethnicity=` when nothing is chosen).
 */
export function assessmentFromForm(form: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const answers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(form)) {
    if (name === 'lang') continue;
    if (respondentFields.has(name)) {
      if (value !== '') input[name] = value;
    } else answers[name] = value;
  }
  input.answers = answers;
  return input;
}

/** A JSON body without `lang` (the page may send it) and with empty optional fields dropped. */
export function assessmentFromJson(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const { lang: _lang, ...rest } = body as Record<string, unknown>;
  for (const name of ['ethnicity', 'assistedBy', 'madeAt']) if (rest[name] === '') delete rest[name];
  if ('answers' in rest) return rest;
  // Flat item answers, as DESIGN §8 lists them beside the respondent fields.
  const input: Record<string, unknown> = {};
  const answers: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(rest)) {
    if (respondentFields.has(name)) input[name] = value;
    else answers[name] = value;
  }
  return { ...input, answers };
}

export const ageBandText: Record<AgeBand, Bilingual> = {
  '15-24': { vi: '15–24 tuổi', en: '15–24' },
  '25-34': { vi: '25–34 tuổi', en: '25–34' },
  '35-44': { vi: '35–44 tuổi', en: '35–44' },
  '45-54': { vi: '45–54 tuổi', en: '45–54' },
  '55-64': { vi: '55–64 tuổi', en: '55–64' },
  '65+': { vi: 'Từ 65 tuổi', en: '65 or older' },
};

export const sexText: Record<Sex, Bilingual> = {
  female: { vi: 'Nữ', en: 'Female' },
  male: { vi: 'Nam', en: 'Male' },
};

export const ethnicityText: Record<Ethnicity, Bilingual> = {
  kinh: { vi: 'Kinh', en: 'Kinh' },
  tay: { vi: 'Tày', en: 'Tày' },
  nung: { vi: 'Nùng', en: 'Nùng' },
  hmong: { vi: "H'Mông", en: 'Hmong' },
  dao: { vi: 'Dao', en: 'Dao' },
  sanchay: { vi: 'Sán Chay', en: 'San Chay' },
  lolo: { vi: 'Lô Lô', en: 'Lo Lo' },
  other: { vi: 'Dân tộc khác', en: 'Other' },
};

export const serviceText: Record<Service, Bilingual> = {
  ops: { vi: 'Dịch vụ công trực tuyến', en: 'Online public services' },
  health: { vi: 'Y tế', en: 'Health' },
  education: { vi: 'Giáo dục', en: 'Education' },
  transport: { vi: 'Giao thông', en: 'Transport' },
  tourism: { vi: 'Du lịch', en: 'Tourism' },
  banking: { vi: 'Ngân hàng', en: 'Banking' },
};

export const areaText: Record<Area, Bilingual> = {
  info: { vi: 'Khai thác thông tin và dữ liệu', en: 'Information and data' },
  comm: { vi: 'Giao tiếp và hợp tác', en: 'Communication and collaboration' },
  content: { vi: 'Sáng tạo nội dung số', en: 'Digital content creation' },
  safety: { vi: 'An toàn', en: 'Safety' },
  problem: { vi: 'Giải quyết vấn đề', en: 'Problem solving' },
  ai: { vi: 'Ứng dụng trí tuệ nhân tạo', en: 'Artificial intelligence' },
};
