import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { DEAD_LETTER_FILE, startLocalAlerts } from '../../local/feedback-alerts';
import { forgetHolidays } from '../../shared/feedback/opening';
import { setWebhook } from '../../shared/storage/webhooks';
import { formBody, formHeaders, registerOne, seedRating } from '../support/rating';
import { startTestStack, type TestStack } from '../support/stack';
import { startReceiver } from '../support/webhook-receiver';

describe('local feedback alerts: new case and due tomorrow, signed, once each', () => {
  let stack: TestStack;
  let dir: string;
  let clock = new Date('2026-09-01T03:00:00Z'); // Tuesday 10:00 in Hanoi
  let secret = '';
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    // The due days below are worked with 10 working days (the default is now 15, Mô tả công thức 5.2).
    stack = await startTestStack({ now: () => clock, env: { FEEDBACK_WORKING_DAYS: '10' } });
    forgetHolidays();
    dir = await mkdtemp(join(tmpdir(), 'hailong-alerts-'));
    receiver = await startReceiver({ secret: () => secret, now: () => clock });
  });
  afterAll(async () => {
    await receiver.close();
    await stack.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function settle(alerts: ReturnType<typeof startLocalAlerts>) {
    for (let i = 0; i < 400 && alerts.dispatcher.pending() > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  it('alerts the unit’s webhook of a new case once, then the day before it falls due', async () => {
    const app = createLocalApp(stack.deps);
    const key = await seedRating(stack.deps);
    secret = (await setWebhook(stack.deps.store, 'cb-d1-c1', receiver.url, clock)).secret;
    const alerts = startLocalAlerts(stack.deps, { dataDir: dir, timer: false });
    try {
      const { path } = await registerOne(app, key, {
        receivedAt: '2026-08-25T03:00:00Z',
        dueAt: '2026-09-02T03:00:00Z',
        returnedAt: '2026-09-01T02:00:00Z',
      });
      const rated = await app.request(path, {
        method: 'POST',
        headers: formHeaders,
        body: formBody({ overall: '0', reason: 'slow', i3: '1', i4: '1', i7: '1' }),
      });
      expect(rated.status).toBe(201);
      // The new case, and the returned dossier's rating link (docs/integration.md).
      expect(await alerts.runOnce()).toBe(2);
      await settle(alerts);
      expect(receiver.received).toHaveLength(2);
      expect(receiver.received.every((delivery) => delivery.signatureValid)).toBe(true);
      const bodies = receiver.received.map((delivery) => JSON.parse(delivery.body) as { type: string });
      expect(bodies.map((body) => body.type).sort()).toEqual(['case.opened', 'rating-link.created']);
      const body = bodies.find((candidate) => candidate.type === 'case.opened');
      expect(body).toMatchObject({ type: 'case.opened', case: { dueDay: '2026-09-15' } });
      expect(await alerts.runOnce()).toBe(0);

      // Monday 14 September: the last working day before the due day.
      clock = new Date('2026-09-14T01:00:00Z');
      expect(await alerts.runOnce()).toBe(1);
      await settle(alerts);
      expect(JSON.parse(receiver.received[2]!.body)).toMatchObject({ type: 'case.due_soon' });
      expect(await alerts.runOnce()).toBe(0);
    } finally {
      alerts.stop();
    }
  });

  it('puts the alert of a unit without a webhook in the dead letters', async () => {
    const app = createLocalApp(stack.deps);
    const key = await seedRating(stack.deps);
    const alerts = startLocalAlerts(stack.deps, { dataDir: dir, timer: false });
    try {
      await registerOne(app, key, {
        unit: 'cb-d2-c1',
        complaint: true,
        receivedAt: '2026-09-10T03:00:00Z',
        dueAt: '2026-09-20T03:00:00Z',
        returnedAt: '2026-09-14T00:30:00Z',
      });
      expect(await alerts.runOnce()).toBe(1);
      await settle(alerts);
      const lines = (await readFile(join(dir, DEAD_LETTER_FILE), 'utf8')).trim().split('\n');
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({
        unit: 'cb-d2-c1',
        problem: 'no webhook for unit cb-d2-c1',
        body: { type: 'case.opened', case: { triggers: ['complaint'] } },
      });
    } finally {
      alerts.stop();
    }
  });
});
