/**
 * The one place that turns errors into HTTP answers for the JSON API. Domain errors keep their status
 * and bilingual message; anything else is logged and answered 500 without internals. The public
 * pages render the same errors as HTML (./page-errors.ts), with the same statuses: one renderer per
 * surface.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DomainError, problemsText, RateLimitedError, ValidationError } from '../errors';
import { fieldWords } from '../i18n/field-words';
import { logUnexpected } from '../log';

export interface ErrorBody {
  error: {
    code: string;
    vi: string;
    en: string;
    fields?: { field: string; vi: string; en: string }[];
  };
}

/** Status and JSON body for an error; `undefined` status means an unexpected failure. */
export function describeError(error: unknown): {
  status: ContentfulStatusCode;
  body: ErrorBody;
  expected: boolean;
} {
  if (error instanceof DomainError) {
    return {
      status: error.status as ContentfulStatusCode,
      expected: true,
      body: {
        error: {
          code: error.code,
          // A person reads `vi`/`en`: fields in words ("Đến ngày"); `fields[].field` stays the machine name.
          ...(error instanceof ValidationError
            ? { ...problemsText(error.problems, fieldWords), fields: error.problems }
            : error.text),
        },
      },
    };
  }
  if (error instanceof HTTPException) {
    return {
      status: error.status as ContentfulStatusCode,
      expected: true,
      body: { error: { code: `http_${error.status}`, vi: error.message, en: error.message } },
    };
  }
  return {
    status: 500,
    expected: false,
    body: {
      error: {
        code: 'internal',
        vi: 'Lỗi hệ thống. Yêu cầu chưa được xử lý; vui lòng thử lại.',
        en: 'Internal error. The request was not processed; please try again.',
      },
    },
  };
}

/** Hono `onError` for JSON apps (the API, and the public function's own routes such as /healthz). */
export async function jsonErrorHandler(error: Error, c: Context): Promise<Response> {
  const { status, body, expected } = describeError(error);
  if (!expected) await logUnexpected(error, { method: c.req.method, path: c.req.path });
  if (error instanceof RateLimitedError) c.header('Retry-After', String(error.retryAfterSeconds));
  return c.json(body, status);
}
