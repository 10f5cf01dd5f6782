/**
 * The one error renderer of the public pages: the same statuses as the JSON API (shared/http/errors.ts)
 * but rendered as readable pages in Vietnamese or English — a citizen with a phone should never see
 * JSON or a stack trace. A client that sent or asked for JSON gets the JSON body instead; that rule
 * ({@link wantsJson}) is the only one, for every page.
 */
import type { Context } from 'hono';
import { NotFoundError, RateLimitedError } from '../errors';
import { skillsText } from '../i18n/skills';
import { logUnexpected } from '../log';
import { renderSkillsMessage } from '../views/skills-page';
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

/**
 * Hono `onError` of the public pages (`/r/…` rating, `/s/…` self-assessment): a readable page in the
 * page's own look and language, or the JSON body for a client that sent or asked for JSON.
 */
export async function pageErrorHandler(error: Error, c: Context): Promise<Response> {
  const { status, body, expected } = describeError(error);
  if (!expected) await logUnexpected(error, { method: c.req.method, path: c.req.path });
  if (error instanceof RateLimitedError) c.header('Retry-After', String(error.retryAfterSeconds));
  c.header('Cache-Control', 'no-store');
  if (wantsJson(c)) return c.json(body, status);
  const lang = pickLang(c.req.query('lang'));
  if (c.req.path.startsWith('/s/')) {
    const t = skillsText(lang);
    const title = error instanceof NotFoundError ? t.notFoundTitle : t.errorTitle;
    // A page that failed can be tried again from where it was; a missing campaign cannot.
    const back = error instanceof NotFoundError ? undefined : c.req.path;
    return c.html(renderSkillsMessage(lang, title, body.error[lang], back), status);
  }
  const t = ratingTexts[lang];
  // The rating pages say "cannot rate".
  const title =
    status === 429
      ? t.rateLimitedTitle
      : status === 503
        ? t.unavailableTitle
        : status === 404
          ? t.notFoundTitle
          : status === 409
            ? t.alreadyTitle
            : t.errorTitle;
  const message = expected ? body.error[lang] : t.internalText;
  return c.html(messagePage({ lang, title, message }), status);
}
