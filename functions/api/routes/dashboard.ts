/**
 * The leaders' dashboard (DESIGN §1, §6, §8): sign-in with an API key for a session cookie, sign-out,
 * `/dashboard` (the key's unit), `/dashboard/units/{id}` (any unit in scope, with its comments and
 * feedback cases), `/dashboard/feedback`, `/dashboard/skills`, and the Excel report under the session.
 * Server-rendered, no script; every form is checked by origin (Hono's csrf) and by a token bound to
 * the session; a revoked key's session is refused on its next request.
 */
import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import * as z from 'zod/mini';
import {
  type Bilingual,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../../shared/errors';
import { localDaySchema } from '../../../shared/http/aggregate-queries';
import { authorizeUnit, requirePermission } from '../../../shared/http/auth';
import { limitBody } from '../../../shared/http/body-limit';
import { pageErrorHandler } from '../../../shared/http/page-errors';
import {
  checkFormToken,
  clearSessionCookie,
  formToken,
  readSession,
  sentSignInToken,
  sessionCookie,
  setSessionCookie,
  signInToken,
  signSession,
} from '../../../shared/http/session';
import { builtInCatalogs, type Lang, pickLang } from '../../../shared/i18n';
import { indexMethods } from '../../../shared/indexes';
import { ANSWER_MAX_LENGTH, type FeedbackCaseReader } from '../../../shared/reports/feedback-cases';
import { readSkillsOverview } from '../../../shared/skills/overview';
import { type ApiKey, apiKeyHash, verifyApiKey, verifyApiKeyHash } from '../../../shared/storage/api-keys';
import { latestRatingsOfUnit } from '../../../shared/storage/ratings';
import { unitIdSchema, type Unit } from '../../../shared/storage/units';
import { addDays, localDay, type LocalDay } from '../../../shared/time';
import { parseInput } from '../../../shared/validation';
import { dashboardCsp, htmlHeaders } from '../../../shared/views/dashboard/headers';
import {
  type CaseView,
  type Chrome,
  type CommentView,
  feedbackPage,
  linkTo,
  overviewPage,
  type PageQuery,
  periodKinds,
  signInPage,
  skillsPage,
  unitPage,
} from '../../../shared/views/dashboard/pages';
import { dashboardTexts } from '../../../shared/views/dashboard/texts';
import type { ApiDeps } from '../app';
import { readRanking, readUnitFigures } from './dashboard-figures';
import { checkRange } from './range';
import { reportQuerySchema, reportResponse } from './reports';

export type DashboardDeps = ApiDeps & { feedbackCases?: FeedbackCaseReader | undefined };

type DashboardEnv = { Variables: { apiKey: ApiKey; formToken: string } };

/** Ratings read for a unit page's comments (one query), and comments shown of them. */
export const COMMENTS_READ = 200;
export const COMMENTS_SHOWN = 20;
/** Feedback cases shown on a page. */
export const CASES_SHOWN = 50;

const pageQuerySchema = z.object({
  period: z.optional(z.enum(periodKinds)),
  from: z.optional(localDaySchema),
  to: z.optional(localDaySchema),
  rank: z.optional(z.enum(indexMethods)),
  lang: z.optional(z.string().check(z.maxLength(5))),
  overall: z.optional(z.enum(['', '0', '1', '2'])),
  q: z.optional(z.string().check(z.maxLength(100))),
  find: z.optional(z.string().check(z.maxLength(60))),
});

const quarterStart = (day: LocalDay) =>
  `${day.slice(0, 4)}-${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;

/** The period of a page: month, quarter or year up to `to` (today by default), or a custom range. */
export function resolvePeriod(
  raw: Record<string, string>,
  today: LocalDay,
): PageQuery & { overall?: string | undefined; q?: string | undefined } {
  const query = parseInput(pageQuerySchema, raw);
  const to = query.to ?? today;
  const period = query.period ?? (query.from ? 'custom' : 'year');
  const from =
    period === 'month'
      ? `${to.slice(0, 7)}-01`
      : period === 'quarter'
        ? quarterStart(to)
        : period === 'year'
          ? `${to.slice(0, 4)}-01-01`
          : (query.from ?? addDays(to, -89));
  checkRange(from, to);
  return {
    lang: pickLang(query.lang),
    period,
    from,
    to,
    rank: query.rank ?? 'qd766',
    find: query.find?.trim() || undefined,
    overall: query.overall,
    q: query.q,
  };
}

const signInPath = (lang: Lang) => `/dashboard/sign-in${lang === 'en' ? '?lang=en' : ''}`;

const hasPermission = (key: ApiKey, permission: string) =>
  key.permissions.includes('admin') || (key.permissions as string[]).includes(permission);

export function dashboardRoutes(deps: DashboardDeps) {
  const minutes = deps.config.DASHBOARD_SESSION_MINUTES;
  const app = new Hono<DashboardEnv>();
  app.onError(pageErrorHandler);
  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(htmlHeaders)) c.header(name, value);
    c.header('content-security-policy', dashboardCsp);
  });
  // Cross-site forms: the browser's Origin must be this site (Hono's csrf), and each form carries a token.
  app.use('*', csrf());
  app.use('*', limitBody(8 * 1024));

  app.get('/sign-in', (c) => {
    const lang = pickLang(c.req.query('lang'));
    return c.html(signInPage({ lang, token: signInToken(c), minutes }));
  });

  app.post('/sign-in', async (c) => {
    const lang = pickLang(c.req.query('lang'));
    const body = await c.req.parseBody();
    checkFormToken(sentSignInToken(c), body.token);
    const secret = typeof body.key === 'string' ? body.key.trim() : '';
    let key: ApiKey;
    try {
      key = await verifyApiKey(deps.store, secret);
      requirePermission(key, 'scores:read');
    } catch (error) {
      if (!(error instanceof UnauthorizedError || error instanceof ForbiddenError)) throw error;
      return c.html(signInPage({ lang, token: signInToken(c), minutes, error: true }), 401);
    }
    const keyring = await deps.keyring.get();
    const expiresAt = new Date(deps.now().getTime() + minutes * 60_000);
    setSessionCookie(c, signSession(keyring, { keyHash: apiKeyHash(secret), expiresAt }), minutes * 60);
    return c.redirect(`/dashboard${lang === 'en' ? '?lang=en' : ''}`, 303);
  });

  // Everything below needs a live session: well signed, unexpired, and its key neither revoked nor gone.
  app.use('*', async (c, next) => {
    const lang = pickLang(c.req.query('lang'));
    const value = sessionCookie(c);
    const keyring = await deps.keyring.get();
    const claims = readSession(keyring, value, deps.now());
    let key: ApiKey | undefined;
    if (claims) {
      try {
        key = await verifyApiKeyHash(deps.store, claims.keyHash);
      } catch (error) {
        if (!(error instanceof UnauthorizedError)) throw error;
      }
    }
    if (!key || !value) {
      if (value) clearSessionCookie(c);
      return c.redirect(signInPath(lang), 303);
    }
    c.set('apiKey', key);
    c.set('formToken', formToken(keyring, value));
    await next();
  });

  app.post('/sign-out', async (c) => {
    const body = await c.req.parseBody();
    checkFormToken(c.get('formToken'), body.token);
    clearSessionCookie(c);
    return c.redirect(signInPath(pickLang(c.req.query('lang'))), 303);
  });

  const chromeFor = (path: string, query: PageQuery, current: Chrome['current'], token: string): Chrome => ({
    path,
    query,
    current,
    formToken: token,
  });

  const readCases = async (root: Unit): Promise<CaseView[] | undefined> => {
    if (!deps.feedbackCases) return undefined;
    const subtree = await deps.units.subtree(root.id);
    const names = new Map(subtree.map((unit) => [unit.id, unit.name]));
    const cases = await deps.feedbackCases.openCases(
      subtree.map((unit) => unit.id),
      deps.now(),
      CASES_SHOWN,
    );
    return cases.map((item) => ({
      id: item.id,
      unitName: names.get(item.unit) ?? item.unit,
      openedAt: localDay(item.openedAt),
      dueAt: localDay(item.dueAt),
      overdue: item.status === 'overdue',
      reason: item.reason,
      comment: item.comment,
    }));
  };

  const figuresPage = async (
    c: Context<DashboardEnv>,
    unit: Unit,
    path: string,
    current: 'overview' | 'unit',
  ) => {
    const query = resolvePeriod(c.req.query(), localDay(deps.now()));
    const key = c.get('apiKey');
    const [figures, ranking] = await Promise.all([
      readUnitFigures(deps, unit, query.from, query.to),
      readRanking(deps, unit, query.from, query.to, query.rank),
    ]);
    const links = { xlsx: linkTo('/dashboard/reports/satisfaction.xlsx', query, { unit: unit.id }) };
    const chrome = chromeFor(path, query, current, c.get('formToken'));
    if (current === 'overview') return c.html(overviewPage(chrome, figures, ranking, links));
    let comments: Parameters<typeof unitPage>[4];
    if (hasPermission(key, 'ratings:read')) {
      const ratings = await latestRatingsOfUnit(deps.store, unit.id, query.from, query.to, COMMENTS_READ);
      const needle = query.q?.trim().toLocaleLowerCase('vi');
      const shown: CommentView[] = ratings
        .filter((rating) => rating.comment)
        .filter((rating) => !query.overall || rating.overall === Number(query.overall))
        .filter((rating) => !needle || rating.comment!.toLocaleLowerCase('vi').includes(needle))
        .slice(0, COMMENTS_SHOWN)
        .map((rating) => ({
          returnedDay: rating.returnedDay,
          procedure: rating.procedure,
          overall: rating.overall,
          reason: rating.reason,
          comment: rating.comment!,
        }));
      comments = { shown, read: ratings.length, filter: { overall: query.overall, q: query.q } };
    }
    return c.html(unitPage(chrome, figures, ranking, links, comments, await readCases(unit)));
  };

  app.get('/', async (c) => {
    const key = c.get('apiKey');
    return figuresPage(c, await deps.units.get(key.unit), '/dashboard', 'overview');
  });

  app.get('/units/:id', async (c) => {
    const id = c.req.param('id');
    if (!unitIdSchema.safeParse(id).success) {
      throw new NotFoundError({ vi: `Không có đơn vị "${id}".`, en: `No unit "${id}".` });
    }
    const unit = await authorizeUnit(deps.units, c.get('apiKey'), 'scores:read', id);
    return figuresPage(c, unit, `/dashboard/units/${id}`, 'unit');
  });

  app.get('/feedback', async (c) => {
    const query = resolvePeriod(c.req.query(), localDay(deps.now()));
    const scope = await deps.units.get(c.get('apiKey').unit);
    const notice = c.req.query('answered') ? dashboardTexts[query.lang].answered : undefined;
    return c.html(
      feedbackPage(
        chromeFor('/dashboard/feedback', query, 'feedback', c.get('formToken')),
        scope.name,
        await readCases(scope),
        notice,
      ),
    );
  });

  app.post('/feedback/:id/answer', async (c) => {
    const body = await c.req.parseBody();
    checkFormToken(c.get('formToken'), body.token);
    const key = c.get('apiKey');
    if (!hasPermission(key, 'feedback:write')) {
      throw new ForbiddenError({
        vi: 'Khóa API không có quyền "feedback:write".',
        en: 'The API key lacks the permission "feedback:write".',
      });
    }
    if (!deps.feedbackCases) {
      throw new NotFoundError({
        vi: 'Chức năng phản ánh chưa được cài đặt.',
        en: 'Feedback cases are not installed.',
      });
    }
    const answer = typeof body.answer === 'string' ? body.answer.trim() : '';
    if (answer.length === 0 || answer.length > ANSWER_MAX_LENGTH) {
      const problem: Bilingual = {
        vi: `từ 1 đến ${ANSWER_MAX_LENGTH} ký tự`,
        en: `1 to ${ANSWER_MAX_LENGTH} characters`,
      };
      throw new ValidationError([{ field: 'answer', ...problem }]);
    }
    await deps.feedbackCases.answer(c.req.param('id'), answer, { keyId: key.id, unit: key.unit }, deps.now());
    const lang = pickLang(c.req.query('lang'));
    return c.redirect(`/dashboard/feedback?answered=1${lang === 'en' ? '&lang=en' : ''}`, 303);
  });

  app.get('/skills', async (c) => {
    const query = resolvePeriod(c.req.query(), localDay(deps.now()));
    const scope = await deps.units.get(c.get('apiKey').unit);
    requirePermission(c.get('apiKey'), 'scores:read');
    // Fresh figures, communes worst first, the scope's plan146 against the targets (shared/skills/overview.ts).
    const overview = await readSkillsOverview(deps, scope, query.from, query.to);
    const rows = overview.communes;
    return c.html(
      skillsPage(chromeFor('/dashboard/skills', query, 'skills', c.get('formToken')), scope.name, rows),
    );
  });

  app.get('/reports/satisfaction.xlsx', async (c) => {
    const query = parseInput(reportQuerySchema, {
      unit: c.req.query('unit'),
      from: c.req.query('from'),
      to: c.req.query('to'),
    });
    checkRange(query.from, query.to);
    const unit = await authorizeUnit(deps.units, c.get('apiKey'), 'scores:read', query.unit);
    const lang = pickLang(c.req.query('lang'));
    return reportResponse(
      deps,
      unit,
      query.from,
      query.to,
      builtInCatalogs.find((entry) => entry.tag === lang),
    );
  });

  return app;
}
