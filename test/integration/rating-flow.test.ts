import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalApp } from '../../local/app';
import { dossierRid, getDossier } from '../../shared/storage/dossiers';
import { getRating } from '../../shared/storage/rating-reads';
import {
  dossierInput,
  formBody,
  formHeaders,
  postDossiers,
  registerOne,
  seedRating,
} from '../support/rating';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

describe('rating flow on dynalite', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;

  beforeAll(async () => {
    stack = await startTestStack();
    key = await seedRating(stack.deps);
    app = createLocalApp(stack.deps);
  });
  afterAll(() => stack.close());

  /** Every item stored under a dossier's partition (the dossier and its rating, if any). */
  async function partition(unit: string, code: string) {
    const result = await stack.deps.store.db.send(
      new QueryCommand({
        TableName: stack.deps.store.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `DOSSIER#${dossierRid(unit, code)}` },
      }),
    );
    return result.Items ?? [];
  }

  it('registers, rates, and refuses a second rating with 409', async () => {
    const { dossier, path } = await registerOne(app, key);
    expect((await app.request(path)).status).toBe(200);
    const first = await app.request(path, {
      method: 'POST',
      headers: formHeaders,
      body: formBody({ overall: '1', i3: '1', i4: '2', i7: '2', comment: 'Email tôi: x@y.vn' }),
    });
    expect(first.status).toBe(201);
    const second = await app.request(path, {
      method: 'POST',
      headers: formHeaders,
      body: formBody({ overall: '2', i3: '2', i4: '2', i7: '2' }),
    });
    expect(second.status).toBe(409);
    const rating = await getRating(stack.deps.store, dossierRid(dossier.unit, dossier.code));
    expect(rating).toMatchObject({ overall: 1, comment: 'Email tôi: [email]', dossierCode: dossier.code });
    // The rating is attributes of the dossier's own item: listed (gsi2) and in a rating-arrival
    // bucket (gsi3) from the moment it is stored; the refused second answer is counted on it.
    const items = await partition(dossier.unit, dossier.code);
    // The dossier (with its rating), its received-day index item (gsi5) and the day snapshot its
    // report wrote for the nightly job.
    expect(items.map((item) => String(item.sk).replace(/\d{4}-\d{2}-\d{2}$/, 'day'))).toEqual([
      'DOSSIER',
      'RECEIVED',
      'SNAP#day',
    ]);
    const stored = items[0]!;
    expect(stored.gsi2pk).toBe(`RATINGS#${dossier.unit}`);
    expect(stored.gsi2sk).toBe(`${rating!.returnedDay}#${rating!.rid}`);
    expect(stored.gsi3pk).toMatch(/^ARRIVED#\d{4}-\d{2}-\d{2}#\d+$/);
    expect(stored.gsi3sk).toBe(`R#${rating!.rid}`);
    expect(stored.refusals).toBe(1);
    expect(stored.expiresAt).toBeGreaterThan(Date.now() / 1000 + 1000 * 86_400);
    // No IP address or applicant identity is stored.
    expect(JSON.stringify(stored)).not.toMatch(/127\.0\.0\.1|sourceIp|userAgent|x-forwarded/i);
  });

  it('stores a rating with one DynamoDB request and no read before it, and answers its dossier', async () => {
    const { dossier, path } = await registerOne(app, key);
    const sent: string[] = [];
    const send = stack.deps.store.db.send.bind(stack.deps.store.db);
    const spy = vi.spyOn(stack.deps.store.db, 'send').mockImplementation(((command: object) => {
      sent.push(command.constructor.name);
      return send(command as never);
    }) as never);
    try {
      const res = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ overall: 2, i3: 2, i4: 2, i7: 2 }),
      });
      expect(res.status).toBe(201);
      // What the one request answered (the dossier as it was before the rating) names the dossier.
      expect(await res.json()).toMatchObject({
        code: dossier.code,
        unit: dossier.unit,
        instrument: 'rating@1',
      });
    } finally {
      spy.mockRestore();
    }
    expect(sent).toEqual(['UpdateCommand']);
  });

  it('refuses (410) a rating of a dossier returned longer ago than the link lasts, in the same one request', async () => {
    const day = 86_400_000;
    // Registered while links lasted 60 days (so its period is not final yet and its token is valid);
    // rated once they last 30: only the write's condition can refuse it.
    const longLinks = createLocalApp({ ...stack.deps, config: { ...stack.deps.config, LINK_TTL_DAYS: 60 } });
    const { dossier, path } = await registerOne(longLinks, key, {
      receivedAt: new Date(Date.now() - 45 * day).toISOString(),
      dueAt: new Date(Date.now() - 40 * day).toISOString(),
      returnedAt: new Date(Date.now() - 40 * day).toISOString(),
    });
    const res = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ overall: 2, i3: 2, i4: 2, i7: 2 }),
    });
    expect(res.status).toBe(410);
    expect(await getRating(stack.deps.store, dossierRid(dossier.unit, dossier.code))).toBeUndefined();
  });

  it('stores exactly one of 50 concurrent ratings of one dossier', async () => {
    const { dossier, path } = await registerOne(app, key);
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ overall: index % 3, i3: 2, i4: 2, i7: 2, reason: 'other' }),
        }),
      ),
    );
    const statuses = responses.map((res) => res.status);
    // Ten may pass the per-link limit; of those exactly one is stored, the rest conflict.
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.every((status) => [201, 409, 429].includes(status))).toBe(true);
    const items = await partition(dossier.unit, dossier.code);
    // The dossier item (with the one rating), its received-day index item and its report's day
    // snapshot: no rating item of its own.
    expect(items.map((item) => String(item.sk).slice(0, 5))).toEqual(['DOSSI', 'RECEI', 'SNAP#']);
    const rating = await getRating(stack.deps.store, dossierRid(dossier.unit, dossier.code));
    const accepted = responses[statuses.indexOf(201)]!;
    expect(rating?.ratedAt).toBe(((await accepted.json()) as { ratedAt: string }).ratedAt);
  });

  it('refuses (403) a key of one unit registering dossiers of another, and stores nothing', async () => {
    const communeKey = await seedKey(stack.deps, 'cb-d1-c1', ['dossiers:write']);
    const other = dossierInput({ unit: 'cb-d2-c1' });
    const own = dossierInput({ unit: 'cb-d1-c1' });
    const res = await postDossiers(app, communeKey, { dossiers: [own, other] });
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { vi: string; en: string } };
    expect(body.error.en).toContain('outside that scope');
    expect(await getDossier(stack.deps.store, dossierRid(other.unit, other.code))).toBeUndefined();
    expect(await getDossier(stack.deps.store, dossierRid(own.unit, own.code))).toBeUndefined();
    // The same key may register its own unit's dossier.
    expect((await postDossiers(app, communeKey, own)).status).toBe(201);
  });

  it('answers a repeat registration with 200 and the same rating link', async () => {
    const input = dossierInput();
    const first = await postDossiers(app, key, input);
    expect(first.status).toBe(201);
    const repeat = await postDossiers(app, key, { ...input, channel: 'online' });
    expect(repeat.status).toBe(200);
    const [a, b] = await Promise.all([first.json(), repeat.json()]);
    const urls = [a, b].map((body) => (body as { dossiers: { ratingUrl: string }[] }).dossiers[0]!.ratingUrl);
    expect(urls[1]).toBe(urls[0]);
    // The first registration stands: a repeat does not overwrite.
    expect((await getDossier(stack.deps.store, dossierRid(input.unit, input.code)))?.channel).toBe('counter');
  });
});
