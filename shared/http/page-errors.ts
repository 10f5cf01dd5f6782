/**
 * The one error renderer of the public pages (`/r/…` rating, `/s/…` self-assessment): the same
 * statuses as the JSON API (shared/http/errors.ts) but rendered as readable pages in the page's
 * language (shared/i18n catalogs) — a citizen with a phone should never see JSON or a stack trace. A
 * client that sent or asked for JSON gets the JSON body instead; that rule ({@link wantsJson}) is the
 * only one, for every page.
 */
import type { Context } from 'hono';
import { ExpiredTokenError, NotFoundError, RateLimitedError } from '../errors';
import { baseLang } from '../i18n';
import { pageLanguageOf } from '../i18n/available';
import { logUnexpected } from '../log';
import { localDay } from '../time';
import { badLinkPage, expiredLinkPage, messagePage } from '../views/rating';
import { renderSkillsMessage } from '../views/skills-page';
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

export async function pageErrorHandler(error: Error, c: Context): Promise<Response> {
  const { status, body, expected } = describeError(error);
  if (!expected) await logUnexpected(error, { method: c.req.method, path: c.req.path });
  if (error instanceof RateLimitedError) c.header('Retry-After', String(error.retryAfterSeconds));
  c.header('Cache-Control', 'no-store');
  if (wantsJson(c)) return c.json(body, status);
  const language = pageLanguageOf(c);
  const lang = baseLang(language.catalog.tag);
  if (c.req.path.startsWith('/s/')) {
    const t = language.catalog.texts.skills;
    const notFound = error instanceof NotFoundError;
    return c.html(
      renderSkillsMessage(
        language,
        notFound ? t.notFoundTitle : t.errorTitle,
        notFound ? t.notFound : body.error[lang],
        {
          // A page that failed can be tried again from where it was; a missing campaign cannot.
          backHref: notFound ? undefined : c.req.path,
          next: notFound ? t.notFoundNext : undefined,
          switchPath: c.req.path,
        },
      ),
      status,
    );
  }
  const t = language.catalog.texts.rating;
  // The rating pages say "cannot rate"; other public pages get neutral wording.
  const rating = c.req.path.startsWith('/r/');
  // A link the citizen cannot use gets a page that says what to do next, in their language.
  if (rating && status === 400 && body.error.code === 'bad_token') {
    return c.html(badLinkPage(language, c.req.path), status);
  }
  if (rating && error instanceof ExpiredTokenError) {
    return c.html(expiredLinkPage(language, c.req.path, localDay(error.expiredAt)), status);
  }
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
  return c.html(messagePage({ language, title, message, switchPath: c.req.path }), status);
}
