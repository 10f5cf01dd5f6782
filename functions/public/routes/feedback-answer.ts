/**
 * The citizen's side of a feedback case (DESIGN §4.4, §8): at the same rating link, `GET
 * /r/{token}/feedback` shows the unit's answer and `POST` records, once, whether it is satisfactory
 * (form or JSON; a second judgement 409; nothing stored on any 4xx). A rated dossier with a case shows
 * this page at `GET /r/{token}` too (see {@link casePageFor}).
 */
import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import {
  BadRequestError,
  ConflictError,
  ExpiredTokenError,
  NotFoundError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../shared/errors';
import { limitBody } from '../../../shared/http/body-limit';
import type { AppDeps } from '../../../shared/http/deps';
import type { PageLanguage } from '../../../shared/i18n';
import { pageLanguageOf } from '../../../shared/i18n/available';
import { COMMENT_MAX } from '../../../shared/instruments/rating';
import { maskPersonalData } from '../../../shared/masking';
import { loadTarget, type RatingTarget, verifyLink } from '../../../shared/rating-flow';
import { getCase, judgeCase } from '../../../shared/storage/feedback-cases';
import type { FeedbackCase } from '../../../shared/feedback/cases';
import { addDays, localDay } from '../../../shared/time';
import { type TokenClaims, verifyToken } from '../../../shared/tokens';
import { parseInput } from '../../../shared/validation';
import { feedbackAnswerPage, feedbackAnswerPath } from '../../../shared/views/feedback-answer';

const judgementSchema = z.object({
  satisfied: z.enum(['yes', 'no']),
  comment: z.optional(z.string().check(z.maxLength(COMMENT_MAX))),
  lang: z.optional(z.enum(['vi', 'en'])),
});

/**
 * A rating link expires `LINK_TTL_DAYS` after the return, but a case opened late in that window is
 * answered after it: the case page stays readable until {@link CASE_LINK_GRACE_DAYS} after the case's
 * due day (the rating form does not). An expired link shows the answer and takes no judgement
 * (DESIGN §4.4): the judgement is posted only at a valid link. The signature is still checked first.
 */
export const CASE_LINK_GRACE_DAYS = 60;

/** The claims of a link that may show its case: valid, or expired with an open-enough case. */
async function caseLinkClaims(
  deps: AppDeps,
  token: string,
): Promise<{ claims: TokenClaims; expired: boolean }> {
  try {
    return { claims: await verifyLink(deps, token), expired: false };
  } catch (error) {
    if (!(error instanceof ExpiredTokenError)) throw error;
    // Signature checked as of just before the expiry; only the expiry is waived, and only for a case.
    const claims = verifyToken(await deps.keyring.get(), token, new Date(error.expiredAt.getTime() - 1000));
    const feedbackCase = await getCase(deps.store, claims.rid);
    const today = localDay(deps.now());
    if (!feedbackCase || today > addDays(feedbackCase.dueDay, CASE_LINK_GRACE_DAYS)) throw error;
    return { claims, expired: true };
  }
}

/** `GET /r/{token}` of an expired link: the case page when the case may still be shown, else undefined. */
export async function expiredLinkCasePage(
  deps: AppDeps,
  token: string,
  lang: PageLanguage,
): Promise<string | undefined> {
  const link = await caseLinkClaims(deps, token).catch(() => undefined);
  if (!link) return undefined;
  return casePageFor(deps, await loadTarget(deps, link.claims), token, lang, link.expired);
}

const context = (target: RatingTarget, token: string, lang: PageLanguage, expired = false) => ({
  token,
  language: lang,
  unitName: target.unit.name,
  dossierCode: target.dossier.code,
  expired,
});

/** The case page of a rated dossier that has a case, else undefined (the caller shows its own page). */
export async function casePageFor(
  deps: AppDeps,
  target: RatingTarget,
  token: string,
  lang: PageLanguage,
  expired = false,
): Promise<string | undefined> {
  const feedbackCase = await getCase(deps.store, target.dossier.rid);
  return feedbackCase ? feedbackAnswerPage(context(target, token, lang, expired), feedbackCase) : undefined;
}

async function readFields(c: Context): Promise<{ raw: Record<string, unknown>; json: boolean }> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('application/json')) {
    const raw: unknown = await c.req.json().catch(() => undefined);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new BadRequestError({ vi: 'Cần một đối tượng JSON.', en: 'A JSON object is expected.' });
    }
    return { raw: raw as Record<string, unknown>, json: true };
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    const form = await c.req.parseBody().catch(() => {
      throw new BadRequestError({ vi: 'Không đọc được biểu mẫu.', en: 'The form body cannot be read.' });
    });
    const raw: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(form)) {
      if (typeof value === 'string' && value.trim() !== '') raw[name] = value.trim();
    }
    return { raw, json: false };
  }
  throw new UnsupportedMediaTypeError({
    vi: 'Chỉ nhận application/x-www-form-urlencoded hoặc application/json.',
    en: 'Only application/x-www-form-urlencoded or application/json is accepted.',
  });
}

const noCase = () =>
  new NotFoundError({
    vi: 'Hồ sơ này không có phản ánh nào cần trả lời.',
    en: 'This dossier has no feedback case.',
  });

export function feedbackAnswerRoutes(deps: AppDeps) {
  return new Hono()
    .get('/:token/feedback', async (c) => {
      const token = c.req.param('token');
      const link = await caseLinkClaims(deps, token);
      const target = await loadTarget(deps, link.claims);
      const html = await casePageFor(deps, target, token, pageLanguageOf(c), link.expired);
      if (!html) throw noCase();
      c.header('Cache-Control', 'no-store');
      return c.html(html);
    })
    .post('/:token/feedback', limitBody(16 * 1024), async (c) => {
      const token = c.req.param('token');
      // Only a valid link takes a judgement (410 once it has expired, DESIGN §4.4); the write keeps the
      // final rule besides (shared/storage/final-periods.ts).
      const claims = await verifyLink(deps, token);
      const { raw, json } = await readFields(c);
      const lang = pageLanguageOf(c);
      c.header('Cache-Control', 'no-store');
      const target = await loadTarget(deps, claims);
      const feedbackCase = await getCase(deps.store, claims.rid);
      if (!feedbackCase) throw noCase();
      const show = (
        state: Parameters<typeof feedbackAnswerPage>[2],
        shown: FeedbackCase,
        status: 200 | 409 | 422,
      ) => c.html(feedbackAnswerPage(context(target, token, lang), shown, state), status);
      let input;
      try {
        input = parseInput(judgementSchema, raw);
      } catch (error) {
        if (json || !(error instanceof ValidationError)) throw error;
        return show({ values: raw, problems: error.problems }, feedbackCase, 422);
      }
      try {
        const judged = await judgeCase(
          deps.store,
          claims.rid,
          {
            judgement: input.satisfied === 'yes' ? 'satisfied' : 'unsatisfied',
            comment: input.comment === undefined ? undefined : maskPersonalData(input.comment),
            at: deps.now().toISOString(),
          },
          { now: deps.now(), linkTtlDays: deps.config.LINK_TTL_DAYS },
        );
        if (json)
          return c.json({ id: judged.id, judgement: judged.judgement, judgedAt: judged.judgedAt }, 201);
      } catch (error) {
        if (json || !(error instanceof ConflictError)) throw error;
        return show({}, (await getCase(deps.store, claims.rid)) ?? feedbackCase, 409);
      }
      return c.redirect(feedbackAnswerPath(token, lang), 303);
    });
}
