/**
 * The rating page (DESIGN §8): `GET/POST /r/{token}`, the thank-you page, the QR codes and the
 * printable label. Errors are thrown and rendered once, by the public app's onError; only a form with
 * invalid answers is answered here, by showing the form again with the answers kept.
 */
import { Hono, type Context } from 'hono';
import {
  BadRequestError,
  BadTokenError,
  ConflictError,
  ExpiredTokenError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../shared/errors';
import type { TokenClaims } from '../../../shared/tokens';
import { checkLinkOpen } from '../../../shared/dossier-registration';
import { inLanguage } from '../../../shared/views/layout';
import { publicBaseUrl } from '../../../shared/http/base-url';
import type { AppDeps } from '../../../shared/http/deps';
import { chooseLanguage, type PageLanguage } from '../../../shared/i18n';
import {
  availableCatalogs,
  pageLanguage,
  pageLanguageOf,
  setPageLanguage,
} from '../../../shared/i18n/available';
import { localDay } from '../../../shared/time';
import { parseRatingAnswers } from '../../../shared/instruments/rating';
import {
  countRefusal,
  describeDossier,
  loadTarget,
  type RatingTarget,
  submitRating,
  verifyLink,
} from '../../../shared/rating-flow';
import {
  alreadyRatedPage,
  expiredLinkPage,
  type LabelInput,
  labelPage,
  labelSheetPage,
  RATING_PAGE_CSP,
  type RatingContext,
  ratingFormPage,
  thanksPage,
} from '../../../shared/views/rating';
import { limitBody } from '../../../shared/http/body-limit';
import { casePageFor, expiredLinkCasePage } from '../../../shared/feedback/case-page';

/**
 * `qrcode` is loaded on first use: the rating form and its submission, the hot paths of the public
 * function, do not pay for it at cold start.
 */
const qrcode = () => import('qrcode').then((module) => module.default);

/**
 * DESIGN §8: a body over 16 KB gets 413. The longest valid form — a 1,000-character comment and a
 * 500-character reason, every character a 3-byte Vietnamese letter, percent-encoded — is ~14 KB.
 */
export const MAX_BODY_BYTES = 16 * 1024;
/** Labels one batch sheet may hold (a sheet of 9 per A4 page, so 6 pages at most). */
export const MAX_LABELS = 54;

/** Rating QR codes use error-correction level M (DESIGN §6: version ≤ 6 at M). */
export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

function contextOf(
  target: Pick<RatingTarget, 'dossier' | 'unit' | 'procedureName'>,
  token: string,
  language: PageLanguage,
): RatingContext {
  return {
    token,
    language,
    unitName: target.unit.name,
    procedureName: target.procedureName,
    dossierCode: target.dossier.code,
    returnedDay: target.dossier.returnedDay,
    sipas: target.unit.sipas,
  };
}

const noStore = (c: Context) => c.header('Cache-Control', 'no-store');

async function readAnswers(c: Context): Promise<{ raw: Record<string, unknown>; json: boolean }> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new BadRequestError({
        vi: 'Nội dung không phải JSON hợp lệ.',
        en: 'The body is not valid JSON.',
      });
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new BadRequestError({ vi: 'Cần một đối tượng JSON.', en: 'A JSON object is expected.' });
    }
    return { raw: raw as Record<string, unknown>, json: true };
  }
  // The form posts urlencoded (its default enctype); multipart is refused like any other type.
  if (type.includes('application/x-www-form-urlencoded')) {
    let form: Record<string, unknown>;
    try {
      form = await c.req.parseBody();
    } catch {
      throw new BadRequestError({
        vi: 'Không đọc được nội dung biểu mẫu.',
        en: 'The form body cannot be read.',
      });
    }
    const raw: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(form)) if (typeof value === 'string') raw[name] = value;
    return { raw, json: false };
  }
  throw new UnsupportedMediaTypeError({
    vi: 'Chỉ nhận application/x-www-form-urlencoded hoặc application/json.',
    en: 'Only application/x-www-form-urlencoded or application/json is accepted.',
  });
}

/**
 * The rating page's routes; `more` (the feedback case's routes, functions/public/pages.ts) share its
 * language and security headers.
 */
export function ratingRoutes(deps: AppDeps, more: Hono = new Hono()) {
  const qrUrl = (c: Context, token: string) => `${publicBaseUrl(c, deps.config)}/r/${token}`;

  async function labelOf(c: Context, token: string): Promise<LabelInput> {
    const claims = await verifyLink(deps, token);
    const target = await loadTarget(deps, claims);
    return {
      unitName: target.unit.name,
      dossierCode: target.dossier.code,
      expiresDay: localDay(claims.expiresAt),
      qrSvg: await (await qrcode()).toString(qrUrl(c, token), { ...QR_OPTIONS, type: 'svg' }),
    };
  }

  /** An expired link of a dossier we still hold gets its page with the unit and dossier named. */
  async function verifyLinkOrExpired(c: Context, token: string): Promise<TokenClaims | Response> {
    try {
      return await verifyLink(deps, token);
    } catch (error) {
      if (!(error instanceof ExpiredTokenError) || error.rid === undefined) throw error;
      const target = await loadTarget(deps, { rid: error.rid, expiresAt: error.expiredAt, keyId: 0 }).catch(
        () => undefined,
      );
      if (!target) throw error;
      return expiredPage(c, token, error.expiredAt, target);
    }
  }

  function expiredPage(c: Context, token: string, expiredAt: Date, target: RatingTarget): Response {
    const language = pageLanguageOf(c);
    noStore(c);
    return c.html(
      expiredLinkPage(language, `/r/${token}`, localDay(expiredAt), contextOf(target, token, language)),
      410,
    );
  }

  return (
    new Hono()
      .use(pageLanguage(deps.store))
      .use(async (c, next) => {
        await next();
        // Error pages too: the header is set after the handler and the app's onError have answered.
        if (c.res.headers.get('content-type')?.startsWith('text/html')) {
          c.res.headers.set('Content-Security-Policy', RATING_PAGE_CSP);
          c.res.headers.set('X-Content-Type-Options', 'nosniff');
        }
      })
      .get('/labels', async (c) => {
        const tokens = c.req.queries('t') ?? [];
        if (tokens.length === 0 || tokens.length > MAX_LABELS) {
          throw new BadRequestError({
            vi: `Cần từ 1 đến ${MAX_LABELS} tham số t (mã của đường dẫn đánh giá).`,
            en: `Give 1 to ${MAX_LABELS} t parameters (rating link tokens).`,
          });
        }
        const format = c.req.query('format') === 'roll' ? 'roll' : 'a4';
        const labels: LabelInput[] = [];
        for (const token of tokens) labels.push(await labelOf(c, token));
        noStore(c);
        return c.html(labelSheetPage(pageLanguageOf(c), format, labels));
      })
      .get('/:token', async (c) => {
        const token = c.req.param('token');
        const language = pageLanguageOf(c);
        const lang = language;
        let claims;
        try {
          claims = await verifyLinkOrExpired(c, token);
        } catch (error) {
          // An expired link still shows its feedback case for a while (DESIGN §4.4).
          const casePage =
            error instanceof ExpiredTokenError ? await expiredLinkCasePage(deps, token, lang) : undefined;
          if (!casePage) throw error;
          noStore(c);
          return c.html(casePage);
        }
        if (claims instanceof Response) {
          const casePage = await expiredLinkCasePage(deps, token, lang);
          if (!casePage) return claims;
          noStore(c);
          return c.html(casePage);
        }
        const target = await loadTarget(deps, claims);
        // A rated dossier with a feedback case shows the unit's answer instead (DESIGN §4.4).
        const casePage = target.alreadyRated ? await casePageFor(deps, target, token, lang) : undefined;
        if (casePage) {
          noStore(c);
          return c.html(casePage);
        }
        // The link expires LINK_TTL_DAYS after the return, whatever expiry an older token carries.
        if (!target.alreadyRated) {
          try {
            checkLinkOpen(target.dossier, deps.config.LINK_TTL_DAYS, deps.now());
          } catch (error) {
            if (!(error instanceof ExpiredTokenError)) throw error;
            return expiredPage(c, token, error.expiredAt, target);
          }
        }
        noStore(c);
        const context = contextOf(target, token, language);
        return c.html(target.alreadyRated ? alreadyRatedPage(context) : ratingFormPage(context));
      })
      .post('/:token', limitBody(MAX_BODY_BYTES), async (c) => {
        const token = c.req.param('token');
        const claims = await verifyLink(deps, token);
        // A body that cannot be read is refused before any database call.
        const { raw, json } = await readAnswers(c);
        // The form says which language it was filled in.
        if (typeof raw.lang === 'string') {
          const available = await availableCatalogs(deps.store);
          setPageLanguage(c, chooseLanguage(available, raw.lang, c.req.header('accept-language')));
        }
        const language = pageLanguageOf(c);
        noStore(c);
        // A refusal is counted against the link's limit (429 at the limit) and, for the form, shown on
        // the dossier's page; the accepted answer is one request, with no read before it.
        const refuse = async (error: unknown) => {
          if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
          await countRefusal(deps, claims);
          if (json) throw error;
          const target = await loadTarget(deps, claims);
          if (error instanceof ConflictError)
            return c.html(alreadyRatedPage(contextOf(target, token, language)), 409);
          const page = ratingFormPage(contextOf(target, token, language), {
            values: raw,
            problems: error.problems,
          });
          return c.html(page, 422);
        };
        let answers;
        try {
          // SIPAS answers pass here; the write's condition refuses them for a dossier that was not asked.
          answers = parseRatingAnswers(raw, { sipas: true });
        } catch (error) {
          return refuse(error);
        }
        let stored;
        try {
          stored = await submitRating(deps, claims, answers);
        } catch (error) {
          return refuse(error);
        }
        const { rating, dossier, caseDueDay } = stored;
        if (json) {
          return c.json(
            {
              code: dossier.code,
              unit: dossier.unit,
              instrument: rating.instrument,
              ratedAt: rating.ratedAt,
            },
            201,
          );
        }
        // The thank-you page is the POST's own answer: no redirect, no second request. A reload posts
        // again and gets the "already rated" page (409); nothing is stored twice.
        const shown = await describeDossier(deps, dossier);
        return c.html(thanksPage(contextOf({ dossier, ...shown }, token, language), caseDueDay), 201);
      })
      .route('/', more)
      .get('/:token/thanks', async (c) => {
        const token = c.req.param('token');
        const target = await loadTarget(deps, await verifyLink(deps, token));
        const language = pageLanguageOf(c);
        noStore(c);
        // Only a rated dossier has anything to thank for; otherwise the form is where to go.
        if (!target.alreadyRated) return c.redirect(inLanguage(`/r/${token}`, language.catalog.tag), 303);
        return c.html(thanksPage(contextOf(target, token, language)));
      })
      .get('/:token/qr.svg', async (c) => {
        const token = c.req.param('token');
        await verifyLink(deps, token);
        const svg = await (await qrcode()).toString(qrUrl(c, token), { ...QR_OPTIONS, type: 'svg' });
        c.header('Content-Type', 'image/svg+xml; charset=utf-8');
        c.header('Cache-Control', 'public, max-age=86400');
        return c.body(svg);
      })
      .get('/:token/qr.png', async (c) => {
        const token = c.req.param('token');
        await verifyLink(deps, token);
        const png = await (
          await qrcode()
        ).toBuffer(qrUrl(c, token), { ...QR_OPTIONS, type: 'png', scale: 8 });
        c.header('Content-Type', 'image/png');
        c.header('Cache-Control', 'public, max-age=86400');
        return c.body(new Uint8Array(png));
      })
      .get('/:token/label', async (c) => {
        const token = c.req.param('token');
        const label = await labelOf(c, token);
        noStore(c);
        return c.html(labelPage(pageLanguageOf(c), label));
      })
      // A token has no "/": anything deeper under /r is a link that was cut or altered.
      .all('*', () => {
        throw new BadTokenError();
      })
  );
}
