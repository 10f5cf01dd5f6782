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
  NotFoundError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../../../shared/errors';
import { limitBody } from '../../../shared/http/body-limit';
import type { AppDeps } from '../../../shared/http/deps';
import { pageLanguageOf } from '../../../shared/i18n/available';
import { COMMENT_MAX } from '../../../shared/instruments/rating';
import { maskPersonalData } from '../../../shared/masking';
import { loadTarget, verifyLink } from '../../../shared/rating-flow';
import { getCase, judgeCase } from '../../../shared/storage/feedback-cases';
import { caseLinkClaims, casePageFor, feedbackPageContext } from '../../../shared/feedback/case-page';
import type { FeedbackCase } from '../../../shared/feedback/cases';
import { parseInput } from '../../../shared/validation';
import { feedbackAnswerPage, feedbackAnswerPath } from '../../../shared/views/feedback-answer';

const judgementSchema = z.object({
  satisfied: z.enum(['yes', 'no']),
  comment: z.optional(z.string().check(z.maxLength(COMMENT_MAX))),
  lang: z.optional(z.enum(['vi', 'en'])),
});

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
      ) => c.html(feedbackAnswerPage(feedbackPageContext(target, token, lang), shown, state), status);
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
