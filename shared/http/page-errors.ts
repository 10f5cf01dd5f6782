/**
 * The one error handler of the public pages: the same statuses as the JSON API (shared/http/errors.ts)
 * but rendered as readable pages in Vietnamese or English — a citizen with a phone should never see
 * JSON or a stack trace. A client that sent or asked for JSON gets the JSON body instead.
 */
import type { Context } from 'hono';
import { RateLimitedError } from '../errors';
import { pickLang } from '../i18n';
import { ratingTexts } from '../i18n/rating';
import { messagePage } from '../views/rating';
import { describeError } from './errors';

/** True when the request sent JSON or prefers it over HTML. */
export function wantsJson(c: Context): boolean {
  const type = c.req.header('content-type') ?? '';
  const accept = c.req.header('accept') ?? '';
  return (
    type.includes('application/json') ||
    (accept.includes('application/json') && !accept.includes('text/html'))
  );
}

export function pageErrorHandler(error: Error, c: Context): Response {
  const { status, body, expected } = describeError(error);
  if (!expected) {
    console.error(
      JSON.stringify({ level: 'ERROR', message: 'unhandled', error: String(error.stack ?? error) }),
    );
  }
  if (error instanceof RateLimitedError) c.header('Retry-After', String(error.retryAfterSeconds));
  c.header('Cache-Control', 'no-store');
  if (wantsJson(c)) return c.json(body, status);
  const lang = pickLang(c.req.query('lang'));
  const t = ratingTexts[lang];
  // The rating pages say "cannot rate"; other public pages (e.g. /s/) get neutral wording.
  const rating = c.req.path.startsWith('/r/');
  const title =
    status === 429
      ? t.rateLimitedTitle
      : status === 503
        ? t.unavailableTitle
        : status === 404
          ? t.notFoundTitle
          : status === 409 && rating
            ? t.alreadyTitle
            : rating
              ? t.errorTitle
              : t.genericErrorTitle;
  const message = expected ? body.error[lang] : rating ? t.internalText : body.error[lang];
  return c.html(messagePage({ lang, title, message }), status);
}
