/**
 * The one error renderer of the public pages (`/r/…` rating, `/s/…` self-assessment): the same
 * statuses as the JSON API (shared/http/errors.ts) but rendered as readable pages in the page's
 * language (shared/i18n catalogs) — a citizen with a phone should never see JSON or a stack trace. A
 * client that sent or asked for JSON gets the JSON body instead; that rule ({@link wantsJson}) is the
 * only one, for every page.
 */
import type { Context } from 'hono';
import {
  ExpiredTokenError,
  type FieldProblem,
  NotFoundError,
  RateLimitedError,
  ValidationError,
} from '../errors';
import { baseLang, builtInCatalogs, type Catalog, defaultCatalog, type Lang, pickLang } from '../i18n';
import { pageLanguageOf } from '../i18n/available';
import { logUnexpected } from '../log';
import { localDay } from '../time';
import { escapeHtml as e } from '../views/html';
import { badLinkPage, expiredLinkPage, messagePage } from '../views/rating';
import { renderSkillsMessage } from '../views/skills-page';
import { describeError } from './errors';

/** The dashboard's pages and the public ranking: their error pages share the dashboard's look and CSP. */
const isDashboardPath = (path: string) =>
  path === '/dashboard' ||
  path.startsWith('/dashboard/') ||
  path === '/public' ||
  path.startsWith('/public/');

/** A field's name in words (`to` → "Đến ngày"); a field the catalog does not name keeps its own. */
function fieldLabel(catalog: Catalog, field: string): string {
  return (catalog.texts.fieldNames as Record<string, string | undefined>)[field] ?? field;
}

/** A problem's message with the quoted field names in it put in words too (`"from"` → “Từ ngày”). */
function problemMessage(catalog: Catalog, lang: Lang, problem: FieldProblem): string {
  return problem[lang].replace(/"(\w+)"/g, (whole, name: string) => {
    const label = fieldLabel(catalog, name);
    return label === name ? whole : `“${label}”`;
  });
}

/**
 * The error page of a dashboard page or /public: the dashboard's own layout (its one stylesheet is
 * the one the dashboard's Content-Security-Policy allows by hash, so the page is styled — a page of
 * the rating pages' look had its stylesheet blocked), the problems with field names in words, and a
 * link back to the page without the query that failed.
 */
async function dashboardErrorPage(
  c: Context,
  catalog: Catalog,
  status: number,
  message: string,
  error: Error,
): Promise<string> {
  const lang = baseLang(catalog.tag);
  const t = catalog.texts.pageError;
  const tr = catalog.texts.rating;
  const title =
    status === 422
      ? t.invalidTitle
      : status === 404
        ? tr.notFoundTitle
        : status === 429
          ? tr.rateLimitedTitle
          : tr.genericErrorTitle;
  const problems =
    error instanceof ValidationError
      ? `<p>${e(t.intro)}</p><ul>${error.problems
          .map(
            (problem) =>
              `<li><strong>${e(fieldLabel(catalog, problem.field))}</strong>: ${e(problemMessage(catalog, lang, problem))}</li>`,
          )
          .join('')}</ul>`
      : `<p>${e(message)}</p>`;
  const other = lang === 'vi' ? 'en' : 'vi';
  const inLang = (target: Lang) => `${c.req.path}${target === 'en' ? '?lang=en' : ''}`;
  const url = new URL(c.req.url);
  url.searchParams.set('lang', other);
  // Loaded only here: the public function (rating pages) never shows a dashboard page.
  const { dashboardPage } = await import('../views/dashboard/layout');
  return dashboardPage({
    lang,
    title,
    body: `<h1>${e(title)}</h1><div class="error" role="alert">${problems}</div><p class="actions"><a class="btn" href="${e(inLang(lang))}">${e(t.back)}</a></p>`,
    otherLanguage: `${url.pathname}${url.search}`,
  });
}

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
  if (isDashboardPath(c.req.path)) {
    // The dashboard's own language rule: `?lang=en`, else Vietnamese (not the browser's preference).
    const dashboardLang = pickLang(c.req.query('lang'));
    const catalog = builtInCatalogs.find((entry) => entry.tag === dashboardLang) ?? defaultCatalog;
    const message = expected ? body.error[dashboardLang] : catalog.texts.rating.internalText;
    return c.html(await dashboardErrorPage(c, catalog, status, message, error), status);
  }
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
