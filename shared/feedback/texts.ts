/**
 * Texts of the citizen's feedback-answer page, keyed by language (moves into the per-language
 * catalogs of shared/i18n with the pages branch). Vietnamese is the reference; English is typed
 * against it.
 */
import type { Lang } from '../i18n';

const vi = {
  htmlTitle: 'Phản hồi của cơ quan',
  heading: 'Phản hồi của cơ quan',
  unit: 'Cơ quan giải quyết',
  dossierCode: 'Mã hồ sơ',
  receivedOn: 'Ý kiến của Ông/Bà được ghi nhận ngày',
  dueBy: 'Cơ quan sẽ trả lời trước hết ngày',
  waiting: 'Cơ quan chưa trả lời. Vui lòng mở lại đường dẫn này sau.',
  answerHeading: 'Câu trả lời của cơ quan',
  answeredOn: 'Trả lời ngày',
  question: 'Ông/Bà có hài lòng với câu trả lời này không?',
  yes: 'Hài lòng',
  no: 'Không hài lòng',
  comment: 'Góp ý thêm (không bắt buộc)',
  commentHint: 'Tối đa 1.000 ký tự. Số điện thoại, số giấy tờ sẽ được ẩn.',
  submit: 'Gửi đánh giá',
  judged: 'Ông/Bà đã đánh giá câu trả lời này:',
  thanks: 'Xin cảm ơn Ông/Bà đã cho biết ý kiến.',
  errorsHeading: 'Vui lòng kiểm tra lại:',
  otherLang: 'English',
  wantsAnswer: 'Tôi muốn được phản hồi',
  wantsAnswerHint: 'Cơ quan sẽ trả lời tại chính đường dẫn này; không cần để lại thông tin liên lạc.',
};

export type FeedbackTexts = typeof vi;

const en: FeedbackTexts = {
  htmlTitle: 'The unit’s answer',
  heading: 'The unit’s answer',
  unit: 'Handled by',
  dossierCode: 'Dossier code',
  receivedOn: 'Your feedback was recorded on',
  dueBy: 'The unit will answer by the end of',
  waiting: 'The unit has not answered yet. Please open this link again later.',
  answerHeading: 'The unit’s answer',
  answeredOn: 'Answered on',
  question: 'Are you satisfied with this answer?',
  yes: 'Satisfied',
  no: 'Not satisfied',
  comment: 'Further comment (optional)',
  commentHint: 'At most 1,000 characters. Phone and ID numbers will be masked.',
  submit: 'Send',
  judged: 'You have judged this answer:',
  thanks: 'Thank you for telling us.',
  errorsHeading: 'Please check:',
  otherLang: 'Tiếng Việt',
  wantsAnswer: 'I want an answer',
  wantsAnswerHint: 'The unit will answer at this same link; no contact details are needed.',
};

export const feedbackTexts: Record<Lang, FeedbackTexts> = { vi, en };
