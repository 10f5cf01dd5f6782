/**
 * The rating page (DESIGN §8): `GET/POST /r/{token}`, the thank-you page, the QR codes and the
 * printable label. Errors are thrown and rendered once, by the public app's onError; only a form with
 * invalid answers is answered here, by showing the form again with the answers kept.
 */
import { Hono, type Context } from 'hono';
import {
  BadRequestError,
  ConflictError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../shared/errors';
import { publicBaseUrl } from '../../../shared/http/base-url';
import type { AppDeps } from '../../../shared/http/deps';
import { type Lang, pickLang } from '../../../shared/i18n';
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
  labelPage,
  RATING_PAGE_CSP,
  type RatingContext,
  ratingFormPage,
  thanksPage,
} from '../../../shared/views/rating';
import { limitBody } from '../../../shared/http/body-limit';

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
/** Rating QR codes use error-correction level M (DESIGN §6: version ≤ 6 at M). */
export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 2 } as const;

function contextOf(
  target: Pick<RatingTarget, 'dossier' | 'unit' | 'procedureName'>,
  token: string,
  lang: Lang,
): RatingContext {
  return {
    token,
    lang,
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

export function ratingRoutes(deps: AppDeps) {
  const qrUrl = (c: Context, token: string) => `${publicBaseUrl(c, deps.config)}/r/${token}`;

  return new Hono()
    .use(async (c, next) => {
      await next();
      // Error pages too: the header is set after the handler and the app's onError have answered.
      if (c.res.headers.get('content-type')?.startsWith('text/html')) {
        c.res.headers.set('Content-Security-Policy', RATING_PAGE_CSP);
        c.res.headers.set('X-Content-Type-Options', 'nosniff');
      }
    })
    .get('/:token', async (c) => {
      const token = c.req.param('token');
      const lang = pickLang(c.req.query('lang'));
      const target = await loadTarget(deps, await verifyLink(deps, token));
      noStore(c);
      const context = contextOf(target, token, lang);
      return c.html(target.alreadyRated ? alreadyRatedPage(context) : ratingFormPage(context));
    })
    .post('/:token', limitBody(MAX_BODY_BYTES), async (c) => {
      const token = c.req.param('token');
      const claims = await verifyLink(deps, token);
      // A body that cannot be read is refused before any database call.
      const { raw, json } = await readAnswers(c);
      const lang = pickLang(typeof raw.lang === 'string' ? raw.lang : c.req.query('lang'));
      noStore(c);
      // A refusal is counted against the link's limit (429 at the limit) and, for the form, shown on
      // the dossier's page; the accepted answer is one request, with no read before it.
      const refuse = async (error: unknown) => {
        if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
        await countRefusal(deps, claims);
        if (json) throw error;
        const target = await loadTarget(deps, claims);
        if (error instanceof ConflictError)
          return c.html(alreadyRatedPage(contextOf(target, token, lang)), 409);
        const page = ratingFormPage(contextOf(target, token, lang), {
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
      const { rating, dossier } = stored;
      if (json) {
        return c.json(
          { code: dossier.code, unit: dossier.unit, instrument: rating.instrument, ratedAt: rating.ratedAt },
          201,
        );
      }
      // The thank-you page is the POST's own answer: no redirect, no second request. A reload posts
      // again and gets the "already rated" page (409); nothing is stored twice.
      const shown = await describeDossier(deps, dossier);
      return c.html(thanksPage(contextOf({ dossier, ...shown }, token, lang)), 201);
    })
    .get('/:token/thanks', async (c) => {
      const token = c.req.param('token');
      const target = await loadTarget(deps, await verifyLink(deps, token));
      const lang = pickLang(c.req.query('lang'));
      noStore(c);
      // Only a rated dossier has anything to thank for; otherwise the form is where to go.
      if (!target.alreadyRated) return c.redirect(`/r/${token}${lang === 'en' ? '?lang=en' : ''}`, 303);
      return c.html(thanksPage(contextOf(target, token, lang)));
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
      const png = await (await qrcode()).toBuffer(qrUrl(c, token), { ...QR_OPTIONS, type: 'png', scale: 8 });
      c.header('Content-Type', 'image/png');
      c.header('Cache-Control', 'public, max-age=86400');
      return c.body(new Uint8Array(png));
    })
    .get('/:token/label', async (c) => {
      const token = c.req.param('token');
      const target = await loadTarget(deps, await verifyLink(deps, token));
      const svg = await (await qrcode()).toString(qrUrl(c, token), { ...QR_OPTIONS, type: 'svg' });
      noStore(c);
      return c.html(labelPage(contextOf(target, token, pickLang(c.req.query('lang'))), svg));
    });
}
