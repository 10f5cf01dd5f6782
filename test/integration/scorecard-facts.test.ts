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
import { eachDay, type LocalDay } from '../../shared/time';
import { postDossiers, seedRating } from '../support/rating';
import { startTestStack } from '../support/stack';

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
