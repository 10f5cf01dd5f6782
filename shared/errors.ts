/**
 * Domain errors. Business code throws these; one place per app (`shared/http/errors.ts`) turns them
 * into HTTP answers, so a status code is decided once.
 */

/** A message in both languages of the product (Vietnamese first). */
export interface Bilingual {
  vi: string;
  en: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  constructor(readonly text: Bilingual) {
    super(text.en);
    this.name = new.target.name;
  }
}

/** One problem with one input field, named so a client can point at it. */
export interface FieldProblem {
  field: string;
  vi: string;
  en: string;
}

/** Invalid input (422): every bad field is named. */
export class ValidationError extends DomainError {
  readonly status = 422;
  readonly code = 'invalid_input';
  constructor(readonly problems: FieldProblem[]) {
    super(problemsText(problems));
  }
}

/**
 * The problems in one sentence per language, each field named by `name` — its machine name here (logs,
 * the admin CLI); a person's surface passes the field's words (shared/http/errors.ts). Kept free of
 * the language catalogs, so a function that never shows a person a page does not bundle them.
 */
export function problemsText(
  problems: FieldProblem[],
  name: (field: string) => Bilingual = (field) => ({ vi: field, en: field }),
): Bilingual {
  return {
    vi: `Dữ liệu không hợp lệ: ${problems.map((p) => `${name(p.field).vi} (${p.vi})`).join('; ')}`,
    en: `Invalid input: ${problems.map((p) => `${name(p.field).en} (${p.en})`).join('; ')}`,
  };
}

/** A malformed request that is not about one field's value (400). */
export class BadRequestError extends DomainError {
  readonly status = 400;
  readonly code = 'bad_request';
}

/** A rating link whose signature or format is wrong (400). */
export class BadTokenError extends DomainError {
  readonly status = 400;
  readonly code = 'bad_token';
  constructor() {
    super({
      vi: 'Đường dẫn đánh giá không hợp lệ. Vui lòng quét lại mã QR trên kết quả hồ sơ.',
      en: 'This rating link is not valid. Please scan the QR code on your result again.',
    });
  }
}

/** A rating link past its expiry (410). */
export class ExpiredTokenError extends DomainError {
  readonly status = 410;
  readonly code = 'expired_token';
  /** `rid`: the dossier of a link whose signature held, so its page can name the unit. */
  constructor(
    readonly expiredAt: Date,
    readonly rid?: string,
  ) {
    super({
      vi: 'Đường dẫn đánh giá đã hết hạn.',
      en: 'This rating link has expired.',
    });
  }
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
  readonly code = 'unauthorized';
  constructor() {
    super({
      vi: 'Thiếu hoặc sai khóa API (Authorization: Bearer ...).',
      en: 'Missing or invalid API key (Authorization: Bearer ...).',
    });
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'forbidden';
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'not_found';
}

/** A second write of something that exists once only, e.g. a second rating of a dossier (409). */
export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'conflict';
}

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  constructor(limitBytes: number) {
    super({
      vi: `Nội dung gửi lên quá lớn (tối đa ${limitBytes} byte).`,
      en: `The request body is too large (at most ${limitBytes} bytes).`,
    });
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
}

export class RateLimitedError extends DomainError {
  readonly status = 429;
  readonly code = 'rate_limited';
  constructor(
    readonly retryAfterSeconds: number,
    text: Bilingual = {
      vi: 'Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.',
      en: 'Too many requests. Please try again in a few minutes.',
    },
  ) {
    super(text);
  }
}

/** The database refused for load (throttling); nothing was half-written, the client may retry (503). */
export class UnavailableError extends DomainError {
  readonly status = 503;
  readonly code = 'unavailable';
  constructor() {
    super({
      vi: 'Hệ thống đang bận. Chưa có gì được lưu; vui lòng thử lại sau giây lát.',
      en: 'The service is busy. Nothing was saved; please try again in a moment.',
    });
  }
}
