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
  BadRequestError,
  type Bilingual,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
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
import { builtInCatalogs, type Lang, pickLang } from '../../../shared/i18n';
import { caseReaderForKey, mayReadWords, ratingsWithWords } from '../../../shared/reports/citizen-words';
import {
  ANSWER_MAX_LENGTH,
  type FeedbackCaseReader,
  type FeedbackCaseSummary,
} from '../../../shared/reports/feedback-cases';
import { readSkillsOverview } from '../../../shared/skills/overview';
import { type ApiKey, apiKeyHash, verifyApiKey, verifyApiKeyHash } from '../../../shared/storage/api-keys';
import {
  countSignInFailure,
  retryAfter,
  SIGN_IN_GLOBAL_BUCKET,
  SIGN_IN_GLOBAL_LIMIT,
  SIGN_IN_PREFIX_LIMIT,
  signInPrefixBucket,
  withCustomRangeBudget,
} from '../../../shared/storage/limits';
import { cachedProcedures } from '../../../shared/storage/procedures';
import { endSession, isSessionOpen, startSession } from '../../../shared/storage/sessions';
import { unitIdSchema, type Unit } from '../../../shared/storage/units';
import { daysBetween, localDay } from '../../../shared/time';
import {
  openScopedQd766DossierListing,
  QD766_DOSSIERS_MAX_DAYS,
  qd766DossiersCsvHeaders,
  qd766DossiersCsvStream,
  qd766DossiersQuerySchema,
} from '../../../shared/reports/qd766-dossiers';
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
  worstUnits,
} from '../../../shared/views/dashboard/pages';
import { dashboardTexts } from '../../../shared/views/dashboard/texts';
import type { ApiDeps } from '../../../shared/http/deps';
import {
  readPreviousResults,
  readRanking,
  readReasonSummaries,
  readUnitFigures,
} from '../../../shared/reports/dashboard-figures';
import { checkRange } from '../../../shared/date-range';
import { reportQuerySchema } from '../../../shared/reports/report-query';
import { reportResponse } from '../../../shared/reports/satisfaction-report';

export type DashboardDeps = ApiDeps & { feedbackCases?: FeedbackCaseReader | undefined };

type DashboardEnv = { Variables: { apiKey: ApiKey; formToken: string; sessionId: string } };

/** Ratings read for a unit page's comments (one query), and comments shown of them. */
export const COMMENTS_READ = 200;
export const COMMENTS_SHOWN = 20;
/** Feedback cases shown on a unit's page, and on each page of the feedback list. */
export const CASES_SHOWN = 50;
export const CASES_PER_PAGE = 10;

/** A form's fields; a body that does not parse as its content type says (400), never a 500. */
async function readForm(c: Context): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    return await c.req.parseBody();
  } catch {
    throw new BadRequestError({
      vi: 'Không đọc được nội dung biểu mẫu. Hãy mở lại trang và gửi lại.',
      en: 'The form could not be read. Open the page again and resend it.',
    });
  }
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
    // Signed-in pages (and the sign-in form) are never kept by a browser or a proxy.
    c.header('cache-control', 'no-store');
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
    const body = await readForm(c);
    checkFormToken(sentSignInToken(c), body.token);
    const secret = typeof body.key === 'string' ? body.key.trim().slice(0, 300) : '';
    const now = deps.now();
    // Wrong keys are paced (shared/storage/limits.ts): each is counted per beginning of the key and in
    // all, and past either budget answered 429. The key is always checked first, so a right key signs
    // in during a flood of wrong ones.
    const prefixBucket = signInPrefixBucket(secret);
    let key: ApiKey;
    try {
      key = await verifyApiKey(deps.store, secret);
      requirePermission(key, 'scores:read');
    } catch (error) {
      if (!(error instanceof UnauthorizedError || error instanceof ForbiddenError)) throw error;
      const [forPrefix, forAll] = await Promise.all([
        countSignInFailure(deps.store, prefixBucket, now, SIGN_IN_PREFIX_LIMIT),
        countSignInFailure(deps.store, SIGN_IN_GLOBAL_BUCKET, now, SIGN_IN_GLOBAL_LIMIT),
      ]);
      if (forPrefix > SIGN_IN_PREFIX_LIMIT.limit)
        throw new RateLimitedError(retryAfter(now, SIGN_IN_PREFIX_LIMIT));
      if (forAll > SIGN_IN_GLOBAL_LIMIT.limit)
        throw new RateLimitedError(retryAfter(now, SIGN_IN_GLOBAL_LIMIT));
      return c.html(signInPage({ lang, token: signInToken(c), minutes, error: true }), 401);
    }
    const keyring = await deps.keyring.get();
    const expiresAt = new Date(now.getTime() + minutes * 60_000);
    const keyHash = apiKeyHash(secret);
    const sessionId = await startSession(deps.store, keyHash, expiresAt);
    setSessionCookie(c, signSession(keyring, { sessionId, keyHash, expiresAt }), minutes * 60);
    return c.redirect(`/dashboard${lang === 'en' ? '?lang=en' : ''}`, 303);
  });

  // Everything below needs a live session: well signed, unexpired, and its key neither revoked nor gone.
  app.use('*', async (c, next) => {
    const lang = pickLang(c.req.query('lang'));
    const value = sessionCookie(c);
    const keyring = await deps.keyring.get();
    const claims = readSession(keyring, value, deps.now());
    let key: ApiKey | undefined;
    // The session must still be open on the server (sign-out deletes it), then its key still valid.
    if (claims && (await isSessionOpen(deps.store, claims.sessionId, claims.keyHash, deps.now()))) {
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
    c.set('sessionId', claims!.sessionId);
    c.set('formToken', formToken(keyring, value));
    await next();
  });

  app.post('/sign-out', async (c) => {
    const body = await readForm(c);
    checkFormToken(c.get('formToken'), body.token);
    await endSession(deps.store, c.get('sessionId'));
    clearSessionCookie(c);
    return c.redirect(signInPath(pickLang(c.req.query('lang'))), 303);
  });

  const chromeFor = (path: string, query: PageQuery, current: Chrome['current'], token: string): Chrome => ({
    path,
    query,
    current,
    formToken: token,
  });

  /** The catalogue's names of the procedures given (the catalogue kept a minute per process). */
  const procedureNames = async (codes: (string | undefined)[]): Promise<Map<string, string>> => {
    const distinct = [...new Set(codes.filter((code): code is string => Boolean(code)))];
    if (distinct.length === 0) return new Map();
    const catalogue = new Map(
      (await cachedProcedures(deps.store)).map((procedure) => [procedure.code, procedure.name]),
    );
    return new Map(distinct.map((code) => [code, catalogue.get(code) ?? code]));
  };

  const caseViews = async (cases: FeedbackCaseSummary[], names: Map<string, string>): Promise<CaseView[]> => {
    const procedures = await procedureNames(cases.map((item) => item.procedure));
    return cases.map((item) => ({
      id: item.id,
      unitName: names.get(item.unit) ?? item.unit,
      dossierCode: item.dossierCode,
      procedure: item.procedure ? procedures.get(item.procedure) : undefined,
      openedAt: localDay(item.openedAt),
      dueAt: localDay(item.dueAt),
      overdue: item.status === 'overdue',
      status: item.status,
      triggers: item.triggers,
      reason: item.reason,
      comment: item.comment,
      answers: item.answers,
    }));
  };

  // A citizen's words only with ratings:read (shared/reports/citizen-words.ts).
  const readCases = async (key: ApiKey, root: Unit): Promise<CaseView[] | undefined> => {
    if (!deps.feedbackCases) return undefined;
    const subtree = await deps.units.subtree(root.id);
    const names = new Map(subtree.map((unit) => [unit.id, unit.name]));
    const cases = await caseReaderForKey(deps.feedbackCases, key).openCases(
      subtree.map((unit) => unit.id),
      deps.now(),
      CASES_SHOWN,
    );
    return caseViews(cases, names);
  };

  const figuresPage = async (
    c: Context<DashboardEnv>,
    unit: Unit,
    path: string,
    current: 'overview' | 'unit',
  ) => {
    const query = resolvePeriod(c.req.query(), localDay(deps.now()));
    const key = c.get('apiKey');
    // A custom range is charged once to the session's budget (shared/storage/limits.ts), 429 past it.
    const paced = withCustomRangeBudget(deps, { kind: 'session', id: c.get('sessionId') });
    const [figures, ranking, previous] = await Promise.all([
      readUnitFigures(paced, unit, query.from, query.to),
      readRanking(paced, unit, query.from, query.to, query.rank),
      readPreviousResults(paced, unit, query.from, query.to),
    ]);
    const readsRatings = mayReadWords(key);
    // The reasons of the few worst units' "Không hài lòng" ratings: one query each, a fixed few.
    const reasons = readsRatings
      ? await readReasonSummaries(
          deps,
          worstUnits(ranking).map((row) => row.unit.id),
          query.from,
          query.to,
          COMMENTS_READ,
        )
      : undefined;
    const shown = { ...figures, previous };
    const links = {
      xlsx: linkTo('/dashboard/reports/satisfaction.xlsx', query, {
        unit: unit.id,
        // The report reads its range as given, from and to both.
        from: query.from,
        to: query.to,
      }),
      // The dossiers that cost a 766 metric its points (a period of at most a year).
      ...(daysBetween(query.from, query.to) < QD766_DOSSIERS_MAX_DAYS
        ? {
            qd766Dossiers: (metric: string) =>
              linkTo('/dashboard/reports/qd766-dossiers.csv', query, {
                unit: unit.id,
                from: query.from,
                to: query.to,
                metric,
              }),
          }
        : {}),
    };
    const chrome = chromeFor(path, query, current, c.get('formToken'));
    if (current === 'overview') return c.html(overviewPage(chrome, shown, ranking, links, reasons));
    let comments: Parameters<typeof unitPage>[4];
    const ratings = await ratingsWithWords(deps.store, key, unit.id, query.from, query.to, COMMENTS_READ);
    if (ratings) {
      const needle = query.q?.trim().toLocaleLowerCase('vi');
      const matching = ratings
        .filter((rating) => rating.comment)
        .filter((rating) => !query.overall || rating.overall === Number(query.overall))
        .filter((rating) => !needle || rating.comment!.toLocaleLowerCase('vi').includes(needle));
      const pages = Math.max(1, Math.ceil(matching.length / COMMENTS_SHOWN));
      const page = Math.min(query.cpage, pages);
      const onPage = matching.slice((page - 1) * COMMENTS_SHOWN, page * COMMENTS_SHOWN);
      const names = await procedureNames(onPage.map((rating) => rating.procedure));
      const list: CommentView[] = onPage.map((rating) => ({
        returnedDay: rating.returnedDay,
        procedure: names.get(rating.procedure) ?? rating.procedure,
        overall: rating.overall,
        reason: rating.reason,
        comment: rating.comment!,
      }));
      comments = {
        shown: list,
        read: ratings.length,
        matching: matching.length,
        page,
        pages,
        filter: { overall: query.overall, q: query.q },
      };
    }
    // The way back up: the parent, while it is within the key's scope (the key's own unit is /dashboard).
    const parent =
      unit.id === key.unit || !unit.parent
        ? undefined
        : unit.parent === key.unit
          ? { id: '', name: (await deps.units.get(key.unit)).name }
          : await deps.units.get(unit.parent);
    return c.html(
      unitPage(chrome, shown, ranking, links, comments, await readCases(key, unit), {
        parent: parent && { id: parent.id, name: parent.name },
        reasons,
      }),
    );
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
    const subtree = await deps.units.subtree(scope.id);
    const names = new Map(subtree.map((unit) => [unit.id, unit.name]));
    // A unit outside the key's scope is not a filter: the whole scope is listed instead.
    const unitFilter = query.unit && names.has(query.unit) ? query.unit : undefined;
    let cases: CaseView[] | undefined;
    let more = false;
    if (deps.feedbackCases) {
      // A citizen's words only with ratings:read (shared/reports/citizen-words.ts).
      const reader = caseReaderForKey(deps.feedbackCases, c.get('apiKey'));
      const units = (unitFilter ? await deps.units.subtree(unitFilter) : subtree).map((unit) => unit.id);
      const status = query.status;
      const offset = (query.page - 1) * CASES_PER_PAGE;
      // One more than a page says whether another page follows.
      const found = reader.listCases
        ? await reader.listCases(units, deps.now(), { status, limit: CASES_PER_PAGE + 1, offset })
        : status === 'active'
          ? (await reader.openCases(units, deps.now(), offset + CASES_PER_PAGE + 1)).slice(offset)
          : [];
      more = found.length > CASES_PER_PAGE;
      cases = await caseViews(found.slice(0, CASES_PER_PAGE), names);
    }
    return c.html(
      feedbackPage(
        chromeFor('/dashboard/feedback', query, 'feedback', c.get('formToken')),
        scope.name,
        {
          cases,
          units: subtree.map((unit) => ({ id: unit.id, name: unit.name })),
          filter: { unit: unitFilter, status: query.status },
          page: query.page,
          more,
        },
        notice,
      ),
    );
  });

  app.post('/feedback/:id/answer', async (c) => {
    const body = await readForm(c);
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
    return c.html(
      skillsPage(chromeFor('/dashboard/skills', query, 'skills', c.get('formToken')), scope.name, overview),
    );
  });

  // The CSV of the dossiers that cost a 766 metric its points (`GET /v1/scores/qd766/dossiers`'s).
  app.get('/reports/qd766-dossiers.csv', async (c) => {
    const query = parseInput(qd766DossiersQuerySchema, {
      unit: c.req.query('unit'),
      from: c.req.query('from'),
      to: c.req.query('to'),
      metric: c.req.query('metric'),
    });
    const { listing } = await openScopedQd766DossierListing(deps, c.get('apiKey'), query);
    const stream = qd766DossiersCsvStream(
      deps.store,
      listing,
      { unit: 0, month: 0 },
      pickLang(c.req.query('lang')),
    );
    return c.body(stream, 200, {
      ...qd766DossiersCsvHeaders(listing, query.from, query.to),
      'cache-control': 'no-store',
    });
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
      withCustomRangeBudget(deps, { kind: 'session', id: c.get('sessionId') }),
      unit,
      query.from,
      query.to,
      builtInCatalogs.find((entry) => entry.tag === lang),
    );
  });

  return app;
}
