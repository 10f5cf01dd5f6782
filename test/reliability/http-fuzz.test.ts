/**
 * Seeded HTTP fuzz over every route through `app.request()` (issue #8, reliability suite): families
 * of malformed and random requests — paths, queries, bodies, headers, tokens, dates — at least 2,000
 * requests in all, the dashboard's forms (sign-in, sign-out, a case's answer) among them. Properties:
 * no answer ≥ 500; the table is looked at after every request: nothing stored or removed on a 4xx, at
 * most one item per 2xx or 3xx answer (two for a dossier report), rate-limit counters aside; /healthz
 * answers after each family.
 * A failure prints the seed and the shrunk request; rerun with FUZZ_SEED to reproduce it.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skillItems } from '../../shared/instruments/skills';
import {
  api,
  dashboardSignIn,
  dossierBody,
  register,
  type Service,
  startService,
  storedItems,
} from './support';

const SEED = Number(process.env.FUZZ_SEED ?? 20_260_808);
const RUNS = Number(process.env.FUZZ_RUNS ?? 170);

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '%', '%00', '../', '..%2F', '<script>', '=1+1', '\u0000', '9'.repeat(400), '𝔘'),
);
/** What an HTTP header value can carry (visible Latin-1): anything else a client cannot even send. */
const headerText = fc.string({
  unit: fc
    .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }))
    .map((code) => String.fromCharCode(code)),
  maxLength: 60,
});
const day = fc.oneof(
  fc.constantFrom(
    '0001-01-01',
    '1999-12-31',
    '2000-01-01',
    '2100-12-31',
    '9999-12-31',
    '2023-02-29',
    '2024-02-29',
  ),
  fc.constantFrom('2025-06-01', '2025-06-10', '2025-13-01', '2025-06-31', '+02025-06-01', '2025-6-1'),
  fc
    .date({ min: new Date(-8e15), max: new Date(8e15), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  text,
);
const unit = fc.oneof(fc.constantFrom('cb', 'cb-d1', 'cb-d1-c1', 'cb-d2-c1', 'nowhere', 'CB', ''), text);
const method = fc.constantFrom('csat', 'tt01', 'qd766', 'sipas', 'nps', '');
const groupBy = fc.constantFrom(undefined, 'day', 'month', 'quarter', 'year', 'week');

function query(parts: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(parts)) if (value !== undefined) params.set(name, value);
  return params.toString();
}

const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  text,
  fc.constantFrom('{', '{"a":', 'null', '[]', '{"__proto__":{"x":1}}', '"x"', '1e999', '{}'),
);

describe('HTTP fuzz over every route (seeded)', () => {
  let service: Service;
  let ratingPaths: string[];
  const families: [string, fc.Arbitrary<FuzzRequest>][] = [];
  let total = 0;
  let writes = 0;

  beforeAll(async () => {
    service = await startService();
    ratingPaths = await Promise.all(Array.from({ length: 5 }, () => register(service)));

    // The dashboard's forms: a feedback case to answer (a rating "not satisfied" opens one), a session
    // with its form token, another session for sign-out, and the sign-in form's token.
    const unhappy = await register(service);
    const rated = await service.app.request(`http://localhost${unhappy}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ overall: 0, i3: 0, i4: 0, i7: 0, reason: 'slow', comment: 'Chậm quá' }),
    });
    expect(rated.status).toBe(201);
    const session = (await dashboardSignIn(service.app, service.adminKey)).session!;
    const outgoing = (await dashboardSignIn(service.app, service.adminKey)).session!;
    const feedbackHtml = await (
      await service.app.request('http://localhost/dashboard/feedback', {
        headers: { cookie: `hl_session=${session}` },
      })
    ).text();
    const caseId = /action="\/dashboard\/feedback\/([^/"]+)\/answer/.exec(feedbackHtml)![1]!;
    const formToken = /name="token" value="([^"]+)"/.exec(feedbackHtml)![1]!;
    const outgoingToken = /name="token" value="([^"]+)"/.exec(
      await (
        await service.app.request('http://localhost/dashboard', {
          headers: { cookie: `hl_session=${outgoing}` },
        })
      ).text(),
    )![1]!;
    const signInForm = await service.app.request('http://localhost/dashboard/sign-in');
    const signInToken = /hl_signin=([^;]+)/.exec(signInForm.headers.get('set-cookie') ?? '')![1]!;
    expect((await api(service, '/v1/units')).status).toBe(200);

    // Every write command the app sends is counted (a middleware on the table's client), so the table
    // is scanned after exactly the requests that wrote something.
    service.stack.deps.store.db.middlewareStack.add(
      (next, context) => async (args) => {
        if (/^(Put|Update|Delete|BatchWrite|TransactWrite)/.test(context.commandName ?? '')) writes++;
        return next(args);
      },
      { step: 'initialize', name: 'fuzzWriteCounter' },
    );
    const seen = writes;
    await register(service);
    expect(writes, 'the write counter sees the app’s writes').toBeGreaterThan(seen);
    const key = { authorization: `Bearer ${service.adminKey}` };
    const get = (path: string, headers: Record<string, string> = key): FuzzRequest => ({
      method: 'GET',
      path,
      headers,
    });
    const validDossier = dossierBody(service);
    const itemIds = skillItems.map((item) => item.id);

    families.push(
      [
        'aggregate queries',
        fc
          .tuple(
            fc.constantFrom('/v1/scores', '/v1/rankings', '/v1/ratings', '/v1/skills'),
            unit,
            day,
            day,
            method,
            groupBy,
          )
          .map(([route, u, from, to, m, g]) =>
            get(
              `${route}?${query({
                [route === '/v1/rankings' ? 'parent' : 'unit']: u,
                from,
                to,
                method: route === '/v1/skills' ? undefined : m,
                groupBy: route === '/v1/scores' ? g : undefined,
                indicator: route === '/v1/skills' ? 'dsi' : undefined,
              })}`,
            ),
          ),
      ],
      [
        'extra and repeated query parameters',
        fc
          .tuple(
            fc.constantFrom('/v1/scores', '/v1/ratings', '/v1/units', '/v1/procedures'),
            fc.array(fc.tuple(text, text), { maxLength: 5 }),
          )
          .map(([route, pairs]) =>
            get(`${route}?unit=cb&from=2025-06-01&to=2025-06-10&${new URLSearchParams(pairs).toString()}`),
          ),
      ],
      [
        'ratings cursors and limits',
        fc
          .tuple(text, fc.oneof(text, fc.integer().map(String)))
          .map(([cursor, limit]) =>
            get(`/v1/ratings?${query({ unit: 'cb', from: '2025-06-01', to: '2025-06-10', cursor, limit })}`),
          ),
      ],
      [
        '766 dossier listing: metrics, cursors, limits, languages',
        fc
          .tuple(
            fc.oneof(text, fc.constantFrom('DOSSIER_SYNC', 'progress.onTime', 'PUBLISH_ON_TIME')),
            fc.option(text),
            fc.option(fc.oneof(text, fc.integer().map(String))),
            fc.option(fc.oneof(text, fc.constantFrom('vi', 'en'))),
            fc.constantFrom('application/json', 'text/csv'),
          )
          .map(([metric, cursor, limit, lang, accept]) =>
            get(
              `/v1/scores/qd766/dossiers?${query({
                unit: 'cb',
                from: '2025-06-01',
                to: '2025-06-10',
                metric,
                cursor: cursor ?? undefined,
                limit: limit ?? undefined,
                lang: lang ?? undefined,
              })}`,
              { ...key, accept },
            ),
          ),
      ],
      [
        'keys',
        fc
          .tuple(
            fc.constantFrom(
              '/v1/units',
              '/v1/procedures',
              '/v1/scores?unit=cb&from=2025-06-01&to=2025-06-02&method=csat',
            ),
            fc.oneof(
              headerText,
              headerText.map((value) => `Bearer ${value}`),
              fc.constantFrom('Bearer', 'Bearer ', 'Basic abc', `Bearer ${'x'.repeat(5000)}`),
            ),
          )
          .map(([path, authorization]) => get(path, { authorization })),
      ],
      [
        'dossier bodies',
        fc
          .oneof(
            jsonish,
            fc
              .record({
                field: fc.constantFrom(...Object.keys(validDossier), 'dossiers', 'extra'),
                value: fc.oneof(
                  fc.jsonValue({ maxDepth: 2 }),
                  day.map((d) => `${d}T00:00:00Z`),
                ),
              })
              .map(({ field, value }) => JSON.stringify({ ...dossierBody(service), [field]: value })),
            fc
              .array(fc.constant(validDossier), { minLength: 0, maxLength: 3 })
              .map((dossiers) => JSON.stringify({ dossiers })),
          )
          .map((body) => ({
            method: 'POST',
            path: '/v1/dossiers',
            headers: { ...key, 'content-type': 'application/json' },
            body,
          })),
      ],
      [
        'rating tokens',
        fc
          .tuple(
            fc.oneof(
              text,
              fc.base64String({ maxLength: 80 }),
              fc.constantFrom(...ratingPaths.map((p) => p.slice(3))),
            ),
            fc.constantFrom('', '/thanks', '/qr.svg', '/qr.png', '/label', '/x'),
            fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
          )
          .map(([token, tail, m]) => ({
            method: m,
            path: `/r/${encodeURIComponent(token)}${tail}`,
            headers: {},
          })),
      ],
      [
        'rating bodies',
        fc
          .tuple(
            fc.constantFrom(...ratingPaths),
            fc.oneof(
              jsonish.map((body) => ({ type: 'application/json', body })),
              fc
                .dictionary(
                  fc.constantFrom('overall', 'i3', 'i4', 'i7', 'reason', 'comment', 's1', 'lang', 'x'),
                  fc.oneof(text, fc.integer({ min: -3, max: 9 }).map(String)),
                )
                .map((form) => ({
                  type: 'application/x-www-form-urlencoded',
                  body: new URLSearchParams(form).toString(),
                })),
              text.map((body) => ({ type: 'multipart/form-data; boundary=x', body })),
              text.map((body) => ({ type: 'text/plain', body })),
            ),
          )
          .map(([path, { type, body }]) => ({
            method: 'POST',
            path,
            headers: { 'content-type': type },
            body,
          })),
      ],
      [
        'self-assessment',
        fc
          .tuple(
            fc.oneof(fc.constant(service.campaignId), text),
            fc.oneof(
              jsonish,
              fc
                .record({
                  clientId: fc.oneof(fc.uuid(), text),
                  ageBand: fc.constantFrom('15-24', '65+', '200', ''),
                  sex: fc.constantFrom('female', 'male', 'x'),
                  assistedBy: fc.oneof(text, fc.constantFrom('T01', '0912345678')),
                  madeAt: day.map((d) => `${d}T01:00:00Z`),
                  answers: fc.dictionary(fc.constantFrom(...itemIds, 'fly'), fc.integer({ min: -1, max: 3 })),
                })
                .map((body) => JSON.stringify(body)),
            ),
          )
          .map(([campaign, body]) => ({
            method: 'POST',
            path: `/s/${encodeURIComponent(campaign)}`,
            headers: { 'content-type': 'application/json' },
            body,
          })),
      ],
      [
        'any path and method',
        fc
          .tuple(
            fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
            fc.array(text, { minLength: 1, maxLength: 4 }),
          )
          .map(([m, segments]) => ({
            method: m,
            path: `/${segments.map((segment) => encodeURIComponent(segment)).join('/')}`,
            headers: {},
          })),
      ],
      [
        'reference and directory',
        fc
          .tuple(
            fc.constantFrom(
              '/openapi.json',
              '/docs',
              '/v1/units',
              '/v1/procedures',
              '/healthz',
              `/s/${service.campaignId}`,
              `/s/${service.campaignId}/sw.js`,
              `/s/${service.campaignId}/manifest.webmanifest`,
            ),
            text,
          )
          .map(([path, lang]) => get(`${path}?lang=${encodeURIComponent(lang)}`)),
      ],
      [
        'oversized and mislabelled bodies',
        fc
          .tuple(
            fc.constantFrom('/v1/dossiers', ratingPaths[0]!, `/s/${service.campaignId}`),
            fc.integer({ min: 10_000, max: 300_000 }),
            fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'application/xml'),
          )
          .map(([path, size, type]) => ({
            method: 'POST',
            path,
            headers: { ...key, 'content-type': type },
            body: 'a'.repeat(size),
          })),
      ],
      [
        'dashboard forms',
        fc
          .tuple(
            fc.constantFrom('sign-in', 'sign-out', 'answer'),
            fc.oneof(text, fc.constant(service.adminKey), fc.constant(`${service.adminKey} `)),
            // Mostly what the page gives (the form's token, this site's Origin, a form body), so most requests
            // get past the cross-site checks to the key, the case and the answer.
            fc.oneof({ arbitrary: text, weight: 1 }, { arbitrary: fc.constant('real'), weight: 3 }),
            fc.oneof(text, fc.constant(caseId), fc.constant(caseId.toLowerCase())),
            fc.oneof(text, fc.string({ maxLength: 2100 }), fc.constant('Đã giải quyết, xin cảm ơn.')),
            fc.oneof(
              { arbitrary: fc.constant('http://localhost'), weight: 5 },
              { arbitrary: fc.constantFrom('https://evil.example', 'null', undefined), weight: 2 },
            ),
            fc.oneof(
              { arbitrary: fc.constant('application/x-www-form-urlencoded'), weight: 4 },
              {
                arbitrary: fc.constantFrom(
                  'multipart/form-data; boundary=x',
                  'application/json',
                  'text/plain',
                ),
                weight: 2,
              },
            ),
            fc.oneof(
              { arbitrary: fc.constant('session'), weight: 4 },
              { arbitrary: fc.constantFrom('none', 'forged'), weight: 1 },
            ),
          )
          .map(([form, key, tokenChoice, id, answer, origin, type, cookieChoice]) => {
            const forged = `${session.slice(0, -2)}AA`;
            const cookie =
              form === 'sign-in'
                ? `hl_signin=${signInToken}`
                : cookieChoice === 'none'
                  ? ''
                  : `hl_session=${cookieChoice === 'forged' ? forged : form === 'sign-out' ? outgoing : session}`;
            const token =
              tokenChoice !== 'real'
                ? tokenChoice
                : form === 'sign-in'
                  ? signInToken
                  : form === 'sign-out'
                    ? outgoingToken
                    : formToken;
            const fields: Record<string, string> =
              form === 'sign-in' ? { token, key } : form === 'answer' ? { token, answer } : { token };
            const path =
              form === 'answer'
                ? `/dashboard/feedback/${encodeURIComponent(id)}/answer`
                : `/dashboard/${form}`;
            const body =
              type === 'application/json' ? JSON.stringify(fields) : new URLSearchParams(fields).toString();
            return {
              method: 'POST',
              path,
              headers: {
                'content-type': type,
                ...(cookie ? { cookie } : {}),
                ...(origin ? { origin } : {}),
              },
              body,
            };
          }),
      ],
      [
        'days within the calendar',
        fc
          .tuple(
            fc.date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
            fc.integer({ min: 0, max: 2000 }),
            groupBy,
            method,
          )
          .map(([from, span, g, m]) => {
            const start = from.toISOString().slice(0, 10);
            const end = new Date(Math.min(from.getTime() + span * 86_400_000, Date.parse('2100-12-31')))
              .toISOString()
              .slice(0, 10);
            return get(`/v1/scores?${query({ unit: 'cb', from: start, to: end, method: m, groupBy: g })}`);
          }),
      ],
    );
  });
  afterAll(() => service?.close());

  it('answers no request of any family with a 5xx, stores nothing on a 4xx, and stays healthy', async () => {
    for (const [name, arbitrary] of families) {
      // Each 2xx or 3xx (a form's success) may store one item (a rating, an assessment, a session, an
      // answer) or, for a dossier report, three (the dossier, its day snapshot and, the first time, its
      // received-day index item: docs/data-model.md); a 4xx stores and removes none. Looked at after
      // every request that wrote, so the guilty one is named.
      const perSuccess = name === 'dossier bodies' ? 3 : 1;
      let stored = await storedItems(service.stack.deps.store);
      await fc.assert(
        fc.asyncProperty(arbitrary, async (request) => {
          total++;
          const writesBefore = writes;
          const res = await service.app.request(`http://localhost${request.path}`, {
            method: request.method,
            headers: request.headers,
            ...(request.body === undefined || request.method === 'GET' || request.method === 'HEAD'
              ? {}
              : { body: request.body }),
          });
          await res.arrayBuffer();
          const label = `${name}: ${request.method} ${request.path} → ${res.status}`;
          expect(res.status, label).toBeLessThan(500);
          if (writes === writesBefore) return;
          const after = await storedItems(service.stack.deps.store);
          if (res.status >= 400) expect(after, `${label}: items stored or removed on a 4xx`).toBe(stored);
          else expect(after - stored, `${label}: items stored`).toBeLessThanOrEqual(perSuccess);
          stored = after;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      expect((await service.app.request('/healthz')).status, `/healthz after ${name}`).toBe(200);
    }
    expect(total).toBeGreaterThanOrEqual(2_000);
  }, 240_000);
});
