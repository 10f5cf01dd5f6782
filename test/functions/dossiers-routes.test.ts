import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiApp } from '../../functions/api/app';
import { createLocalApp } from '../../local/app';
import { openApiDocument } from '../../shared/http/openapi';
import { dossierRid, getDossier } from '../../shared/storage/dossiers';
import { verifyToken } from '../../shared/tokens';
import { dossierInput, postDossiers, type RegisteredDossier, seedRating } from '../support/rating';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

type ErrorBody = { error: { code: string; fields?: { field: string; vi: string; en: string }[] } };
const fieldsOf = async (res: Response) =>
  ((await res.json()) as ErrorBody).error.fields?.map((field) => field.field) ?? [];

describe('POST /v1/dossiers', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;

  beforeAll(async () => {
    stack = await startTestStack({ env: { LINK_TTL_DAYS: '30' } });
    key = await seedRating(stack.deps);
    app = createLocalApp(stack.deps);
  });
  afterAll(() => stack.close());

  const stored = (input: { unit: string; code: string }) =>
    getDossier(stack.deps.store, dossierRid(input.unit, input.code));

  it('registers one dossier (201) and answers its rating link, QR codes and label', async () => {
    const input = dossierInput({ supplementRequests: 2, complaint: true });
    const res = await postDossiers(app, key, input);
    expect(res.status).toBe(201);
    const { dossiers } = (await res.json()) as { dossiers: RegisteredDossier[] };
    expect(dossiers).toHaveLength(1);
    const [dossier] = dossiers;
    expect(dossier).toMatchObject({ code: input.code, unit: input.unit, created: true });
    expect(dossier!.ratingUrl).toMatch(/^http:\/\/localhost\/r\/[A-Za-z0-9_-]{44}$/);
    expect(dossier!.qrSvgUrl).toBe(`${dossier!.ratingUrl}/qr.svg`);
    expect(dossier!.qrPngUrl).toBe(`${dossier!.ratingUrl}/qr.png`);
    expect(dossier!.labelUrl).toBe(`${dossier!.ratingUrl}/label`);
    const token = dossier!.ratingUrl.split('/r/')[1]!;
    const claims = verifyToken(await stack.deps.keyring.get(), token);
    expect(claims.rid).toBe(dossierRid(input.unit, input.code));
    expect(claims.expiresAt.getTime()).toBe(Math.floor(Date.parse(dossier!.linkExpiresAt) / 1000) * 1000);
    expect(Date.parse(dossier!.linkExpiresAt) - Date.now()).toBeGreaterThan(29.9 * 86_400_000);
    expect(await stored(input)).toMatchObject({
      supplementRequests: 2,
      complaint: true,
      timeliness: 'early',
    });
  });

  it('defaults supplementRequests to 0 and complaint to false', async () => {
    const input = dossierInput();
    expect((await postDossiers(app, key, input)).status).toBe(201);
    expect(await stored(input)).toMatchObject({ supplementRequests: 0, complaint: false });
  });

  it('answers 200 and the same link for a repeat, 201 when a batch holds one new dossier', async () => {
    const first = dossierInput();
    const one = (await (await postDossiers(app, key, first)).json()) as { dossiers: RegisteredDossier[] };
    const repeat = await postDossiers(app, key, first);
    expect(repeat.status).toBe(200);
    const again = (await repeat.json()) as { dossiers: RegisteredDossier[] };
    expect(again.dossiers[0]).toEqual({ ...one.dossiers[0], created: false });

    const fresh = dossierInput();
    const mixed = await postDossiers(app, key, { dossiers: [first, fresh] });
    expect(mixed.status).toBe(201);
    const body = (await mixed.json()) as { dossiers: RegisteredDossier[] };
    expect(body.dossiers.map((dossier) => [dossier.code, dossier.created])).toEqual([
      [first.code, false],
      [fresh.code, true],
    ]);
  });

  it('registers a batch of 100 and refuses 101 or none', async () => {
    const batch = Array.from({ length: 100 }, () => dossierInput());
    const res = await postDossiers(app, key, { dossiers: batch });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { dossiers: unknown[] }).dossiers).toHaveLength(100);
    const tooMany = Array.from({ length: 101 }, () => dossierInput());
    const refused = await postDossiers(app, key, { dossiers: tooMany });
    expect(refused.status).toBe(422);
    expect(await fieldsOf(refused)).toEqual(['dossiers']);
    expect(await stored(tooMany[0]!)).toBeUndefined();
    expect((await postDossiers(app, key, { dossiers: [] })).status).toBe(422);
  });

  it.each([
    ['code', { code: 'bad code with spaces' }],
    ['code', { code: 'x'.repeat(65) }],
    ['applicantType', { applicantType: 'alien' }],
    ['channel', { channel: 'fax' }],
    ['receivedAt', { receivedAt: '2025-07-01T10:00:00' }],
    ['dueAt', { dueAt: '01/07/2025' }],
    ['returnedAt', { returnedAt: 'yesterday' }],
    ['supplementRequests', { supplementRequests: -1 }],
    ['supplementRequests', { supplementRequests: 1.5 }],
    ['complaint', { complaint: 'yes' }],
    ['unit', { unit: 'Not A Slug' }],
    ['procedure', { procedure: undefined }],
  ])('refuses a bad %s with 422 naming it, and stores nothing', async (field, overrides) => {
    const input = dossierInput(overrides);
    const res = await postDossiers(app, key, input);
    expect(res.status).toBe(422);
    expect(await fieldsOf(res)).toContain(field);
    if (typeof input.code === 'string' && /^[\w.-]+$/.test(input.code) && input.code.length <= 64) {
      expect(await stored({ unit: 'cb-d1-c1', code: input.code })).toBeUndefined();
    }
  });

  it('refuses a return before the reception and one in the future beyond 5 minutes of skew', async () => {
    const now = Date.now();
    const backwards = await postDossiers(
      app,
      key,
      dossierInput({
        receivedAt: new Date(now - 3600_000).toISOString(),
        returnedAt: new Date(now - 7200_000).toISOString(),
      }),
    );
    expect(backwards.status).toBe(422);
    expect(await fieldsOf(backwards)).toEqual(['returnedAt']);
    const future = await postDossiers(
      app,
      key,
      dossierInput({ returnedAt: new Date(now + 600_000).toISOString() }),
    );
    expect(future.status).toBe(422);
    const skewed = await postDossiers(
      app,
      key,
      dossierInput({ returnedAt: new Date(now + 120_000).toISOString() }),
    );
    expect(skewed.status).toBe(201);
  });

  it('names the batch entry that is wrong and stores none of the batch', async () => {
    const good = dossierInput();
    const res = await postDossiers(app, key, { dossiers: [good, dossierInput({ channel: 'fax' })] });
    expect(res.status).toBe(422);
    expect(await fieldsOf(res)).toEqual(['dossiers.1.channel']);
    expect(await stored(good)).toBeUndefined();
  });

  it('refuses the same dossier twice in one batch', async () => {
    const input = dossierInput();
    const res = await postDossiers(app, key, { dossiers: [input, input] });
    expect(res.status).toBe(422);
    expect(await fieldsOf(res)).toEqual(['dossiers.1.code']);
  });

  it('refuses an unknown procedure or unit with 422 naming it, storing nothing', async () => {
    const good = dossierInput();
    const res = await postDossiers(app, key, { dossiers: [good, dossierInput({ procedure: '9.999999' })] });
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.fields).toEqual([
      {
        field: 'dossiers.1.procedure',
        vi: 'không có thủ tục "9.999999" trong danh mục',
        en: 'no procedure "9.999999" in the catalogue',
      },
    ]);
    expect(await stored(good)).toBeUndefined();
    const unknownUnit = await postDossiers(app, key, dossierInput({ unit: 'nowhere' }));
    expect(unknownUnit.status).toBe(422);
    expect(await fieldsOf(unknownUnit)).toEqual(['unit']);
  });

  it('refuses a body over 256 KB with 413', async () => {
    const res = await postDossiers(app, key, {
      dossiers: [dossierInput({ padding: 'x'.repeat(300 * 1024) })],
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe('payload_too_large');
  });

  it.each([
    ['an array', [1, 2]],
    ['null', null],
    ['dossiers that is not a list', { dossiers: 5 }],
  ])('refuses a body that is %s with 422', async (_name, body) => {
    expect((await postDossiers(app, key, body)).status).toBe(422);
  });

  it('refuses a body that is not JSON (400) and answers 401 without a key', async () => {
    const res = await app.request('/v1/dossiers', {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{"code":',
    });
    expect(res.status).toBe(400);
    expect((await app.request('/v1/dossiers', { method: 'POST', body: '{}' })).status).toBe(401);
  });

  it('refuses (403) a key without dossiers:write and a unit outside the key subtree', async () => {
    const reader = await seedKey(stack.deps, 'cb', ['scores:read']);
    const input = dossierInput();
    const noPermission = await postDossiers(app, reader, input);
    expect(noPermission.status).toBe(403);
    expect(((await noPermission.json()) as ErrorBody).error.code).toBe('forbidden');

    const districtKey = await seedKey(stack.deps, 'cb-d2', ['dossiers:write']);
    const inside = dossierInput({ unit: 'cb-d2-c1' });
    const outside = await postDossiers(app, districtKey, { dossiers: [inside, input] });
    expect(outside.status).toBe(403);
    expect(await stored(inside)).toBeUndefined();
    expect(await stored(input)).toBeUndefined();
  });

  it('builds links on PUBLIC_BASE_URL when set, else on the forwarded origin', async () => {
    const forwarded = await postDossiers(app, key, dossierInput(), {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'danhgia.caobang.gov.vn',
    });
    const body = (await forwarded.json()) as { dossiers: RegisteredDossier[] };
    expect(body.dossiers[0]!.ratingUrl).toMatch(/^https:\/\/danhgia\.caobang\.gov\.vn\/r\//);

    const hostile = await postDossiers(app, key, dossierInput(), {
      'x-forwarded-host': 'evil.example/phish?',
    });
    const hostileBody = (await hostile.json()) as { dossiers: RegisteredDossier[] };
    expect(hostileBody.dossiers[0]!.ratingUrl).toMatch(/^http:\/\/localhost\/r\//);

    const configured = createApiApp({
      ...stack.deps,
      config: { ...stack.deps.config, PUBLIC_BASE_URL: 'https://danhgia.dichvucong.caobang.gov.vn/' },
    });
    const res = await postDossiers(configured, key, dossierInput());
    const configuredBody = (await res.json()) as { dossiers: RegisteredDossier[] };
    expect(configuredBody.dossiers[0]!.ratingUrl).toMatch(
      /^https:\/\/danhgia\.dichvucong\.caobang\.gov\.vn\/r\/[\w-]{44}$/,
    );
  });

  it('is described in the OpenAPI document with its request schema', () => {
    const document = openApiDocument();
    const operation = document.paths['/v1/dossiers']?.post as {
      requestBody: { content: { 'application/json': { schema: { $ref: string } } } };
    };
    expect(operation.requestBody.content['application/json'].schema.$ref).toBe(
      '#/components/schemas/RegisterDossiersBody',
    );
    const body = document.components.schemas.RegisterDossiersBody as {
      anyOf: { properties: Record<string, unknown> }[];
    };
    const [single, batch] = body.anyOf;
    expect(Object.keys(single!.properties)).toEqual(
      expect.arrayContaining(['code', 'unit', 'procedure', 'receivedAt', 'dueAt', 'returnedAt', 'complaint']),
    );
    expect(Object.keys(batch!.properties)).toEqual(['dossiers']);
  });
});
