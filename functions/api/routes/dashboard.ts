/**
 * The leaders' dashboard (DESIGN §1, §6, §8): sign-in with an API key for a session cookie, sign-out,
 * `/dashboard` (the key's unit), `/dashboard/units/{id}` (any unit in scope, with its comments and
 * feedback cases), `/dashboard/feedback`, `/dashboard/skills`, and the Excel report under the session.
 * Server-rendered, no script; every form is checked by origin (Hono's csrf) and by a token bound to
 * the session; a revoked key's session is refused on its next request.
 */
import { type Context, Hono } from 'hono';
import { csrf } from 'hono/csrf';
import {
  type Bilingual,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationError,
} from '../../../shared/errors';
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
import { type Lang, pickLang } from '../../../shared/i18n';
import { ANSWER_MAX_LENGTH, type FeedbackCaseReader } from '../../../shared/reports/feedback-cases';
import { computeSkillIndicator, skillsOptionsFromConfig } from '../../../shared/skills/indicators';
import { loadSkillCounts } from '../../../shared/skills/load';
import { type ApiKey, apiKeyHash, verifyApiKey, verifyApiKeyHash } from '../../../shared/storage/api-keys';
import { getPopulations } from '../../../shared/storage/population';
import { latestRatingsOfUnit } from '../../../shared/storage/rating-listing';
import { unitIdSchema, type Unit } from '../../../shared/storage/units';
import { localDay } from '../../../shared/time';
import { parseInput } from '../../../shared/validation';
import { resolvePeriod } from '../../../shared/views/dashboard/period-query';
import { dashboardCsp, htmlHeaders } from '../../../shared/views/dashboard/headers';
import {
  type CaseView,
  type Chrome,
  type CommentView,
  feedbackPage,
  linkTo,
  overviewPage,
  type PageQuery,
  signInPage,
  skillsPage,
  unitPage,
} from '../../../shared/views/dashboard/pages';
import { dashboardTexts } from '../../../shared/views/dashboard/texts';
import type { ApiDeps } from '../../../shared/http/deps';
import { readRanking, readUnitFigures } from '../../../shared/reports/dashboard-figures';
import { checkRange } from '../../../shared/date-range';
import { reportQuerySchema } from '../../../shared/reports/report-query';
import { reportResponse } from '../../../shared/reports/satisfaction-report';

export type DashboardDeps = ApiDeps & { feedbackCases?: FeedbackCaseReader | undefined };

type DashboardEnv = { Variables: { apiKey: ApiKey; formToken: string } };

/** Ratings read for a unit page's comments (one query), and comments shown of them. */
export const COMMENTS_READ = 200;
export const COMMENTS_SHOWN = 20;
/** Feedback cases shown on a page. */
export const CASES_SHOWN = 50;

const signInPath = (lang: Lang) => `/dashboard/sign-in${lang === 'en' ? '?lang=en' : ''}`;

const hasPermission = (key: ApiKey, permission: string) =>
  key.permissions.includes('admin') || (key.permissions as string[]).includes(permission);

export function dashboardRoutes(deps: DashboardDeps) {
  const skillsOptions = skillsOptionsFromConfig(deps.config);
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
    const communes = (await deps.units.subtree(scope.id)).filter((unit) => unit.kind === 'commune');
    const [counts, populations] = await Promise.all([
      Promise.all(communes.map((commune) => loadSkillCounts(deps.store, commune.id, query.from, query.to))),
      getPopulations(
        deps.store,
        communes.map((commune) => commune.id),
      ),
    ]);
    const rows = communes.map((commune, index) => {
      const strata = [
        { unit: commune.id, counts: counts[index] ?? {}, population: populations.get(commune.id) },
      ];
      return {
        unit: { id: commune.id, name: commune.name },
        plan146: computeSkillIndicator('plan146', strata, skillsOptions),
        dsi: computeSkillIndicator('dsi', strata, skillsOptions),
      };
    });
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
    return reportResponse(deps, unit, query.from, query.to);
  });

  return app;
}
