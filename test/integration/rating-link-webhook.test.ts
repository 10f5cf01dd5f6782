/**
 * The rating link reaches the citizen through the one-stop system (DESIGN §3): a dossier returned by
 * sync or by `POST /v1/dossiers`, in a unit with a webhook, gives one signed `rating-link.created`
 * event with the dossier's code, unit and link, delivered to a real HTTP receiver on 127.0.0.1 by the
 * local run's alert collector. hailong keeps no phone number.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { startLocalAlerts } from '../../local/feedback-alerts';
import { putProcedures } from '../../shared/storage/procedures';
import { setWebhook } from '../../shared/storage/webhooks';
import { byStatus, byStatusReports, NOW, PERSONAL_VALUES } from '../fixtures/sync/payloads';
import { postDossiers, ratingUnits } from '../support/rating';
import { seedKey, startTestStack, type TestStack } from '../support/stack';
import { startReceiver } from '../support/webhook-receiver';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers read field by field
type Loose = Record<string, any>;

describe('rating-link.created, signed, to a real receiver', () => {
  let stack: TestStack;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secret = '';
  let dir: string;

  beforeAll(async () => {
    stack = await startTestStack({ now: () => NOW });
    dir = await mkdtemp(join(tmpdir(), 'hailong-links-'));
    receiver = await startReceiver({ secret: () => secret, now: () => NOW });
    await putProcedures(stack.deps.store, [
      { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 0 },
    ]);
  });
  afterAll(async () => {
    await receiver.close();
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends each returned dossier’s link once, by sync and by /v1/dossiers, only where a webhook is set', async () => {
    const units = ratingUnits.map((unit) =>
      unit.id === 'cb-d1-c1' ? { ...unit, codes: ['000.00.21.H10'] } : unit,
    );
    const key = await seedKey(stack.deps, 'cb', ['dossiers:write'], units);
    secret = (await setWebhook(stack.deps.store, 'cb-d1-c1', receiver.url, NOW)).secret;
    const app = createLocalApp(stack.deps);
    const alerts = startLocalAlerts(stack.deps, { dataDir: dir, timer: false });
    try {
      // returned (10) and finished only (9) by sync; a returned one of a unit without a webhook
      const sync = await app.request('/v1/sync/DongBoHoSoMC', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify([byStatus[9], byStatus[8]]),
      });
      expect(sync.status).toBe(201);
      const synced = ((await sync.json()) as Loose).dossiers[0];
      const other = await postDossiers(app, key, {
        ...byStatusReports[8],
        code: 'KHAC-0001',
        unit: 'cb-d2-c1',
      });
      expect(other.status).toBe(201);
      // and one returned by /v1/dossiers
      const reported = await postDossiers(app, key, { ...byStatusReports[8], code: 'BAOCAO-0001' });
      const viaReport = ((await reported.json()) as Loose).dossiers[0];

      expect(await alerts.runOnce()).toBe(2);
      for (let i = 0; i < 400 && receiver.received.length < 2; i++)
        await new Promise((resolve) => setTimeout(resolve, 5));
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received.every((delivery) => delivery.signatureValid)).toBe(true);
      const bodies = receiver.received.map((delivery) => JSON.parse(delivery.body) as Loose);
      const byCode = Object.fromEntries(bodies.map((body) => [body.dossier.code, body]));
      expect(byCode[synced.code]).toEqual({
        id: expect.stringMatching(/^rating-link\.created:/),
        type: 'rating-link.created',
        createdAt: NOW.toISOString(),
        dossier: {
          code: '000.00.21.H10-260701-0010',
          unit: 'cb-d1-c1',
          ratingUrl: synced.ratingUrl,
          qrSvgUrl: synced.qrSvgUrl,
          qrPngUrl: synced.qrPngUrl,
          labelUrl: synced.labelUrl,
          linkExpiresAt: synced.linkExpiresAt,
        },
      });
      expect(byCode['BAOCAO-0001'].dossier.ratingUrl).toBe(viaReport.ratingUrl);
      for (const value of PERSONAL_VALUES)
        expect(receiver.received.map((d) => d.body).join('')).not.toContain(value);

      // a resend, a later run: nothing more
      await app.request('/v1/sync/DongBoHoSoMC', {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(byStatus[9]),
      });
      expect(await alerts.runOnce()).toBe(0);
    } finally {
      alerts.stop();
    }
  });
});
