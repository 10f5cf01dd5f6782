/**
 * Issue #8 item 5: a link expires LINK_TTL_DAYS after the return (not the registration), and a report
 * that would change a figure already `final: true` is refused with 409 (DESIGN §3, §4.2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { dossierRid, getDossier } from '../../shared/storage/dossiers';
import { signToken } from '../../shared/tokens';
import { dossierInput, postDossiers, type RegisteredDossier, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';

const DAY = 86_400_000;
const answers = JSON.stringify({ overall: 2, i3: 2, i4: 2, i7: 2 });

describe('link expiry from the return and final figures', () => {
  let stack: TestStack;
  let app: ReturnType<typeof createLocalApp>;
  let key: string;
  let now = new Date('2025-09-15T03:00:00Z');

  beforeAll(async () => {
    stack = await startTestStack({ env: { LINK_TTL_DAYS: '30' }, now: () => now });
    key = await seedRating(stack.deps);
    app = createLocalApp(stack.deps);
  });
  afterAll(() => stack.close());

  const returnedDaysAgo = (days: number) =>
    dossierInput(
      {
        // Received the day before its return: its received day closes with its return day.
        receivedAt: new Date(now.getTime() - (days + 1) * DAY).toISOString(),
        dueAt: new Date(now.getTime() - (days - 1) * DAY).toISOString(),
        returnedAt: new Date(now.getTime() - days * DAY).toISOString(),
      },
      now,
    );

  it('sets the link to expire 30 days after the return, however late it is registered', async () => {
    const input = returnedDaysAgo(20);
    const res = await postDossiers(app, key, input);
    expect(res.status).toBe(201);
    const [dossier] = ((await res.json()) as { dossiers: RegisteredDossier[] }).dossiers;
    expect(dossier!.linkExpiresAt).toBe(new Date(Date.parse(input.returnedAt) + 30 * DAY).toISOString());
  });

  it('refuses with 409 a new dossier returned in a period already final, storing nothing', async () => {
    const late = returnedDaysAgo(400);
    const fresh = returnedDaysAgo(1);
    const res = await postDossiers(app, key, { dossiers: [fresh, late] });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { error: { code: string; vi: string; en: string } };
    expect(body.error.code).toBe('conflict');
    expect(body.error.en).toMatch(/^dossiers\.1: the figures of \d{4}-\d\d-\d\d are final/);
    expect(body.error.vi).toMatch(/đã chốt/);
    expect(await getDossier(stack.deps.store, dossierRid(fresh.unit, fresh.code))).toBeUndefined();
    expect(await getDossier(stack.deps.store, dossierRid(late.unit, late.code))).toBeUndefined();
  });

  it('answers a repeat report of a dossier stored before its period became final (200)', async () => {
    const input = returnedDaysAgo(1);
    expect((await postDossiers(app, key, input)).status).toBe(201);
    const before = now;
    now = new Date(before.getTime() + 60 * DAY);
    try {
      expect((await postDossiers(app, key, input)).status).toBe(200);
    } finally {
      now = before;
    }
  });

  it('refuses (410) a rating after the expiry counted from the return, even with a longer-lived token', async () => {
    const input = returnedDaysAgo(29);
    const res = await postDossiers(app, key, input);
    expect(res.status).toBe(201);
    // A link signed before expiry ran from the return: valid for 30 days after registration.
    const token = signToken(
      await stack.deps.keyring.get(),
      dossierRid(input.unit, input.code),
      new Date(now.getTime() + 30 * DAY),
    );
    const before = now;
    now = new Date(before.getTime() + 2 * DAY);
    try {
      expect((await app.request(`/r/${token}`)).status).toBe(410);
      const post = await app.request(`/r/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: answers,
      });
      expect(post.status).toBe(410);
    } finally {
      now = before;
    }
    // Within the 30 days the same link rates once.
    const ok = await app.request(`/r/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: answers,
    });
    expect(ok.status).toBe(201);
  });
});
