/**
 * The Lambda entries are `handle(app)` over the same apps; these tests build the apps with test
 * dependencies and invoke `handle(app)` with API Gateway HTTP API (payload 2.0) events.
 */
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { handle, type LambdaContext, type LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app';
import { createPublicApp } from '../../functions/public/app';
import { getRating } from '../../shared/storage/rating-reads';
import { verifyToken } from '../../shared/tokens';
import { dossierInput, type RegisteredDossier, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

type Result = Exclude<APIGatewayProxyResultV2, string>;

function v2Event(options: {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
  base64?: boolean;
}): LambdaEvent {
  const headers = { host: 'abc123.execute-api.ap-southeast-1.amazonaws.com', ...options.headers };
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.path,
    rawQueryString: options.query ?? '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authentication: null,
      authorizer: {},
      domainName: headers.host,
      domainPrefix: 'abc123',
      http: {
        method: options.method,
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.9',
        userAgent: 'test',
      },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '01/Jul/2025:03:00:00 +0000',
      timeEpoch: 1751338800000,
    },
    isBase64Encoded: options.base64 ?? false,
    body: options.body ?? null,
  };
}

const lambdaContext = {} as LambdaContext;

describe('Lambda handlers (API Gateway HTTP API v2 events)', () => {
  let stack: TestStack;
  let key: string;
  let api: (event: LambdaEvent) => Promise<Result>;
  let pub: (event: LambdaEvent) => Promise<Result>;

  beforeAll(async () => {
    stack = await startTestStack();
    key = await seedRating(stack.deps);
    const apiHandler = handle(createApiApp(stack.deps));
    const publicHandler = handle(createPublicApp(stack.deps));
    api = async (event) => (await apiHandler(event, lambdaContext)) as Result;
    pub = async (event) => (await publicHandler(event, lambdaContext)) as Result;
  });
  afterAll(() => stack.close());

  async function register(): Promise<RegisteredDossier> {
    const result = await api(
      v2Event({
        method: 'POST',
        path: '/v1/dossiers',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(dossierInput()),
      }),
    );
    expect(result.statusCode).toBe(201);
    return (JSON.parse(result.body!) as { dossiers: RegisteredDossier[] }).dossiers[0]!;
  }

  it('api: registers a dossier with links on the API Gateway domain', async () => {
    const dossier = await register();
    expect(dossier.ratingUrl).toMatch(
      /^https:\/\/abc123\.execute-api\.ap-southeast-1\.amazonaws\.com\/r\/[\w-]{44}$/,
    );
  });

  it('api: answers 401 JSON without a key', async () => {
    const result = await api(v2Event({ method: 'POST', path: '/v1/dossiers', body: '{}' }));
    expect(result.statusCode).toBe(401);
    expect(JSON.parse(result.body!)).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('public: serves the form, takes a base64-encoded form post (201, the thank-you page) and then says it is rated', async () => {
    const dossier = await register();
    const path = new URL(dossier.ratingUrl).pathname;
    const form = await pub(v2Event({ method: 'GET', path }));
    expect(form.statusCode).toBe(200);
    expect(form.headers?.['content-type']).toContain('text/html');
    expect(form.body).toContain(dossier.code);

    const body = Buffer.from('overall=1&i3=2&i4=2&i7=1&comment=T%E1%BB%91t').toString('base64');
    const posted = await pub(
      v2Event({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        base64: true,
      }),
    );
    expect(posted.statusCode).toBe(201);
    expect(posted.body).toContain('Cảm ơn Ông/Bà!');
    const rid = verifyToken(await stack.deps.keyring.get(), path.slice(3)).rid;
    expect(await getRating(stack.deps.store, rid)).toMatchObject({ overall: 1, comment: 'Tốt' });

    const again = await pub(v2Event({ method: 'GET', path, query: 'lang=en' }));
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('This dossier has already been rated.');
  });

  it('public: answers a JSON post with 201 JSON and a second one with 409', async () => {
    const path = new URL((await register()).ratingUrl).pathname;
    const event = v2Event({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ overall: 2, i3: 2, i4: 2, i7: 2 }),
    });
    expect((await pub(event)).statusCode).toBe(201);
    const second = await pub(event);
    expect(second.statusCode).toBe(409);
    expect(JSON.parse(second.body!)).toMatchObject({ error: { code: 'conflict' } });
  });

  it('public: serves the PNG QR code base64-encoded, and a 400 page for a bad token', async () => {
    const dossier = await register();
    const png = await pub(v2Event({ method: 'GET', path: new URL(dossier.qrPngUrl).pathname }));
    expect(png.statusCode).toBe(200);
    expect(png.isBase64Encoded).toBe(true);
    expect(Buffer.from(png.body!, 'base64').subarray(1, 4).toString()).toBe('PNG');
    const bad = await pub(v2Event({ method: 'GET', path: '/r/forged' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<html lang="vi">');
  });

  it('public: answers /healthz', async () => {
    const result = await pub(v2Event({ method: 'GET', path: '/healthz' }));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body!)).toMatchObject({ status: 'ok' });
  });
});
