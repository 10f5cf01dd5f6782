/** Texts of the self-assessment page (`/s/{campaign}`), Vietnamese first. */
import type { Lang } from './index';

export const skillsTextVi = {
  title: 'Tự đánh giá kỹ năng số',
  intro:
    'Phiếu này giúp xã biết người dân cần hỗ trợ gì để dùng dịch vụ số. Không hỏi tên, không hỏi số điện thoại.',
  commune: 'Xã/phường',
  team: 'Tổ công nghệ số cộng đồng',
  respondent: 'Về người trả lời',
  ageBand: 'Tuổi',
  sex: 'Giới tính',
  ethnicity: 'Dân tộc (không bắt buộc)',
  ethnicityNone: 'Không trả lời',
  assistedBy: 'Mã tổ hỗ trợ (không bắt buộc)',
  question: 'Bạn có làm được việc này không?',
  services: 'Dịch vụ thiết yếu',
  competences: 'Kỹ năng số',
  submit: 'Lưu phiếu',
  saved: 'Đã lưu phiếu. Mời người tiếp theo.',
  alreadySaved: 'Phiếu này đã được lưu trước đó. Mời người tiếp theo.',
  queued: (count: number) => `${count} phiếu chờ gửi`,
  queueEmpty: 'Đã gửi hết phiếu',
  refused: (count: number) => `${count} phiếu bị từ chối (dữ liệu không hợp lệ)`,
  offlineReady: 'Trang đã sẵn sàng dùng khi không có mạng.',
  switchLang: 'English',
  notFoundTitle: 'Không tìm thấy đợt khảo sát',
  notFound: 'Đường dẫn khảo sát này không đúng hoặc đã bị xóa. Vui lòng quét lại mã QR.',
  errorTitle: 'Chưa lưu được phiếu',
  back: 'Quay lại phiếu',
};

export type SkillsText = typeof skillsTextVi;

export const skillsTextEn: SkillsText = {
  title: 'Digital skills self-assessment',
  intro:
    'This form helps the commune see what help people need to use digital services. No name, no phone number.',
  commune: 'Commune/ward',
  team: 'Community digital-technology team',
  respondent: 'About the person answering',
  ageBand: 'Age',
  sex: 'Sex',
  ethnicity: 'Ethnicity (optional)',
  ethnicityNone: 'No answer',
  assistedBy: 'Helping team code (optional)',
  question: 'Can you do this?',
  services: 'Essential services',
  competences: 'Digital skills',
  submit: 'Save',
  saved: 'Saved. Next person, please.',
  alreadySaved: 'This form was already saved. Next person, please.',
  queued: (count: number) => `${count} waiting to send`,
  queueEmpty: 'All sent',
  refused: (count: number) => `${count} refused (invalid data)`,
  offlineReady: 'This page now works without a signal.',
  switchLang: 'Tiếng Việt',
  notFoundTitle: 'Survey not found',
  notFound: 'This survey link is wrong or was removed. Please scan the QR code again.',
  errorTitle: 'The form was not saved',
  back: 'Back to the form',
};

export const skillsText = (lang: Lang): SkillsText => (lang === 'en' ? skillsTextEn : skillsTextVi);
