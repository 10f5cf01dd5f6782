/**
 * The whole-766 scorecard's facts over a dossier's life (issue 22): reported through `POST /v1/dossiers`
 * (a refusal, a stop, the fee, the online payment, the electronic result, …), stored in its state, and
 * counted by the nightly job on its received day in its current state — a fact reported later moves
 * the counters of the received day. Every expected figure is worked by hand from the reports.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../local/app';
import { aggregateDays } from '../../shared/aggregation/run';
import { satisfactionFamily } from '../../shared/aggregation/satisfaction';
import { readCounts } from '../../shared/storage/aggregates';
import { putProcedures } from '../../shared/storage/procedures';
import { eachDay, type LocalDay } from '../../shared/time';
import { postDossiers, seedRating } from '../support/rating';
import { seedKey, startTestStack } from '../support/stack';

const at = (day: LocalDay, hour: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 7) * 3_600_000).toISOString();

const unit = 'cb-d1-c1';
const base = {
  unit,
  procedure: '1.001193',
  applicantType: 'citizen',
  channel: 'online',
  receivedAt: at('2025-06-02', 8),
  dueAt: at('2025-06-06', 17),
};

let stack: Awaited<ReturnType<typeof startTestStack>>;
let clock: Date;

beforeEach(async () => {
  clock = new Date(at('2025-06-02', 9));
  stack = await startTestStack({ now: () => clock, env: { LINK_TTL_DAYS: '30' } });
});
afterEach(async () => {
  await stack.close();
});

async function countsOfJune() {
  await aggregateDays(stack.deps.store, eachDay('2025-06-02', '2025-06-05'));
  const { total } = await readCounts(
    stack.deps.store,
    satisfactionFamily.name,
    unit,
    '2025-06-01',
    '2025-06-30',
  );
  return Object.fromEntries(Object.entries(total).filter(([, value]) => value !== 0));
}

describe('the scorecard facts of a dossier report', () => {
  it('stores them over the life and counts each dossier once, in its current state, on its received day', async () => {
    const key = await seedRating(stack.deps);
    const app = createLocalApp(stack.deps);
    // 2 June: A online, a fee due, synced; B at the counter, digitized; C refused the same day.
    const first = await postDossiers(app, key, {
      dossiers: [
        { ...base, code: 'A', feeRequired: true, syncedToPortal: true, updatedAt: at('2025-06-02', 8) },
        { ...base, code: 'B', channel: 'counter', digitized: true, updatedAt: at('2025-06-02', 8) },
        {
          ...base,
          code: 'C',
          channel: 'counter',
          rejectedAt: at('2025-06-02', 8),
          syncedToPortal: true,
          updatedAt: at('2025-06-02', 8),
        },
      ],
    });
    expect(first.status).toBe(201);
    // 4 June: A paid online and returned with an electronic result; B stopped.
    clock = new Date(at('2025-06-04', 16));
    const later = await postDossiers(app, key, {
      dossiers: [
        {
          ...base,
          code: 'A',
          feeRequired: true,
          paidOnline: true,
          electronicResult: true,
          syncedToPortal: true,
          finishedAt: at('2025-06-04', 10),
          returnedAt: at('2025-06-04', 15),
          updatedAt: at('2025-06-04', 15),
        },
        {
          ...base,
          code: 'B',
          channel: 'counter',
          digitized: true,
          stoppedAt: at('2025-06-04', 9),
          updatedAt: at('2025-06-04', 9),
        },
      ],
    });
    expect(later.status).toBe(200);
    const counts = await countsOfJune();
    // Received 2 June, all three counted (refused and stopped stay in the denominator): A returned on
    // time (2 days of processing), B stopped by its due day (on time), C refused the day it came.
    expect(counts).toMatchObject({
      received: 3,
      receivedOnTime: 3,
      receivedFinished: 1,
      receivedFinishedDays: 2,
      receivedSynced: 2,
      receivedOnline: 1,
      'receivedOnlineProcedure:1.001193': 1,
      receivedFeeRequired: 1,
      receivedPaidOnline: 1,
      'receivedFeeProcedure:1.001193': 1,
      'receivedPaidOnlineProcedure:1.001193': 1,
      receivedElectronicResult: 1,
      receivedDigitized: 1,
      // B digitized without an electronic result: 4.2 leaves it out where the result must be on paper
      'receivedDigitizedNoResult:1.001193': 1,
    });
    // Nothing is open: B and C have ended without a result to hand over.
    expect(counts.receivedOpen).toBeUndefined();
    expect(counts.receivedInProgress).toBeUndefined();
    // A's online dossier has its electronic result: not among those without one.
    expect(counts['receivedOnlineNoResult:1.001193']).toBeUndefined();
  });

  it('refuses (409) a change of a fact whose received day is final, and stores nothing', async () => {
    const key = await seedRating(stack.deps);
    const app = createLocalApp(stack.deps);
    const returned = {
      ...base,
      code: 'A',
      feeRequired: true,
      finishedAt: at('2025-06-02', 10),
      returnedAt: at('2025-06-02', 11),
      updatedAt: at('2025-06-02', 11),
    };
    clock = new Date(at('2025-06-02', 12));
    expect((await postDossiers(app, key, returned)).status).toBe(201);
    // The links of June expire 30 days after the returns: by 1 August the day is closed.
    await aggregateDays(stack.deps.store, eachDay('2025-06-02', '2025-07-31'));
    clock = new Date(at('2025-08-01', 9));
    const before = await readCounts(
      stack.deps.store,
      satisfactionFamily.name,
      unit,
      '2025-06-01',
      '2025-06-30',
    );
    // The payment reported late: it would move 3.6 of 2 June.
    const paid = await postDossiers(app, key, {
      ...returned,
      paidOnline: true,
      updatedAt: at('2025-08-01', 8),
    });
    expect(paid.status).toBe(409);
    expect(JSON.stringify(await paid.json())).toMatch(/2025-06-02 are final/);
    // The same facts again, newer: nothing counted changes, so nothing is refused.
    const same = await postDossiers(app, key, { ...returned, updatedAt: at('2025-08-01', 8) });
    expect(same.status).toBe(200);
    await aggregateDays(stack.deps.store, eachDay('2025-08-01', '2025-08-01'));
    const after = await readCounts(
      stack.deps.store,
      satisfactionFamily.name,
      unit,
      '2025-06-01',
      '2025-06-30',
    );
    expect(after.total).toEqual(before.total);
    expect(after.total.receivedPaidOnline ?? 0).toBe(0);
  });

  it('refuses a fact that is not a boolean and an impossible refusal time (422), storing nothing', async () => {
    const key = await seedRating(stack.deps);
    const app = createLocalApp(stack.deps);
    const wrongType = await postDossiers(app, key, { ...base, code: 'X', paidOnline: 'yes' });
    expect(wrongType.status).toBe(422);
    expect(JSON.stringify(await wrongType.json())).toContain('paidOnline');
    const beforeReceipt = await postDossiers(app, key, {
      ...base,
      code: 'Y',
      rejectedAt: at('2025-06-01', 8),
    });
    expect(beforeReceipt.status).toBe(422);
    expect(JSON.stringify(await beforeReceipt.json())).toContain('rejectedAt');
    expect(await countsOfJune()).toEqual({});
  });
});

describe('GET /v1/scores?method=qd766: the six groups', () => {
  it('scores payment and digitisation from the facts and the catalogue, and grades no partial total', async () => {
    const key = await seedRating(stack.deps);
    const scoresKey = await seedKey(stack.deps, 'cb', ['scores:read']);
    const app = createLocalApp(stack.deps);
    await putProcedures(stack.deps.store, [
      {
        code: '1.001193',
        name: 'Đăng ký khai sinh',
        field: 'Hộ tịch',
        processingDays: 1,
        onlineLevel: 'full',
        fullyOnlineEligible: true,
        feeCharging: true,
        citizenDataConnected: true,
      },
      {
        code: '1.000894',
        name: 'Đăng ký kết hôn',
        field: 'Hộ tịch',
        processingDays: 3,
        onlineLevel: 'none',
        feeCharging: true,
      },
    ]);
    // Four dossiers of 1.001193 on 2 June: two with a fee (one paid online), three with an electronic result.
    const dossiers = ['A', 'B', 'C', 'D'].map((code, index) => ({
      ...base,
      code,
      feeRequired: index < 2,
      paidOnline: index === 0,
      electronicResult: index < 3,
      syncedToPortal: true,
      updatedAt: at('2025-06-02', 8),
    }));
    expect((await postDossiers(app, key, { dossiers })).status).toBe(201);
    await aggregateDays(stack.deps.store, eachDay('2025-06-02', '2025-06-05'));
    const res = await app.request(`/v1/scores?unit=${unit}&from=2025-06-01&to=2025-06-05&method=qd766`, {
      headers: { authorization: `Bearer ${scoresKey}` },
    });
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as { result: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON read field by field
    expect(Object.keys(result.groups)).toEqual([
      'transparency',
      'progress',
      'onlineService',
      'payment',
      'satisfaction',
      'digitized',
    ]);
    // 1 of 2 paid online → 6 × 0.5 = 3; 1 of 2 fee procedures paid online → 50% of 80% → 1.25;
    // 1 of 2 with fee dossiers → 1.25: 5.5 of 10.
    expect(
      result.groups.payment.metrics.map((m: { numerator: number; denominator: number; score: number }) => [
        m.numerator,
        m.denominator,
        m.score,
      ]),
    ).toEqual([
      [1, 2, 3],
      [1, 2, 1.25],
      [1, 2, 1.25],
    ]);
    expect(result.groups.payment.score).toBe(5.5);
    // 3 of 4 electronic results → 6 × 0.75 = 4.5; all four synced → 6.
    expect(result.groups.digitized.metrics[0]).toMatchObject({
      code: 'ORIGINAL_RESULT_AVAILABLE',
      numerator: 3,
      denominator: 4,
      score: 4.5,
      lost: 1.5,
    });
    expect(result.groups.transparency.metrics[3]).toMatchObject({
      code: 'DOSSIER_SYNC',
      numerator: 4,
      denominator: 4,
      score: 6,
    });
    // 1.1–1.3 not recorded: the transparency group is incomplete, so no graded total.
    expect(result.total).toBeNull();
    expect(result.partialTotal.missing).toEqual(['transparency']);
  });
});
