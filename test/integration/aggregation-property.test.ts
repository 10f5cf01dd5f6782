/**
 * Property: whatever dossiers and ratings arrive on whatever days, with late ratings, and whatever
 * order days are aggregated, rerun and backfilled in, the stored aggregates equal a brute-force
 * recount, and a rerun changes nothing. Some ratings are removed after the first runs (as TTL
 * would): the backfill takes them out again.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../local/dynalite';
import { aggregateDay, aggregateDayBatch } from '../../shared/aggregation/engine';
import { aggregationFamilies } from '../../shared/aggregation/nightly-families';
import type { Store } from '../../shared/storage/client';
import { batchPut, type Item } from '../../shared/storage/dynamo';
import type { Score } from '../../shared/storage/rating-encoding';
import { putUnits, resolvePaths } from '../../shared/storage/units';
import { addDays } from '../../shared/time';
import { dumpAggregates, recount } from '../support/aggregates';
import { dossierItem, makeDossier, makeRating, ratingItem } from '../support/satisfaction';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';

// 2025-03-30 + 0..8 crosses a month and a quarter boundary.
const BASE = '2025-03-30';
const units = resolvePaths(sampleUnits, []);
const score = fc.constantFrom<Score>(0, 1, 2);

const dossierArb = fc.record({
  unit: fc.constantFrom('cb-d1-c1', 'cb-d1-c2', 'cb-d2-c1', 'cb-d2', 'cb'),
  returned: fc.integer({ min: 0, max: 4 }),
  dueOffset: fc.integer({ min: -2, max: 2 }),
  complaint: fc.boolean(),
  registrationDelay: fc.integer({ min: 0, max: 1 }),
  late: fc.boolean(),
  /** The rating disappears after the first runs (as TTL would remove it). */
  removed: fc.boolean(),
  rating: fc.option(
    fc.record({
      delay: fc.integer({ min: 0, max: 3 }),
      overall: score,
      i3: score,
      i4: score,
      i7: score,
      sipas: fc.option(fc.record({ s1: fc.integer({ min: 1, max: 5 }), s4: fc.integer({ min: 1, max: 5 }) })),
    }),
  ),
});

describe('aggregation property', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(() => stack.close());

  it('equals a brute-force recount after any order of runs, reruns and backfills, and reruns change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(dossierArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 3 }),
        fc.shuffledSubarray(
          Array.from({ length: 9 }, (_, i) => i),
          { minLength: 9, maxLength: 9 },
        ),
        fc.integer({ min: 0, max: 8 }),
        async (specs, early, backfillOrder, rerunDay) => {
          const store: Store = { db: stack.deps.store.db, tableName: `prop-${randomUUID().slice(0, 8)}` };
          await ensureTable(stack.endpoint, store.tableName);
          await putUnits(store, units);
          const first: Item[] = [];
          const later: Item[] = [];
          const removed: Item[] = [];
          specs.forEach((spec, index) => {
            const returned = addDays(BASE, spec.returned);
            const dossier = makeDossier({
              unit: spec.unit,
              code: `P${index}`,
              returned,
              due: addDays(returned, spec.dueOffset),
              complaint: spec.complaint,
              registered: addDays(returned, spec.registrationDelay),
            });
            first.push(dossierItem(dossier));
            if (spec.rating) {
              const { delay, sipas, ...answers } = spec.rating;
              const rating = makeRating(dossier, {
                ...answers,
                rated: addDays(returned, spec.registrationDelay + delay),
                ...(sipas ? { sipas } : {}),
              });
              const item = ratingItem(rating);
              if (spec.late) later.push(item);
              else {
                first.push(item);
                if (spec.removed) removed.push(item);
              }
            }
          });
          await batchPut(store, first);
          for (const day of early) await aggregateDay(store, addDays(BASE, day), aggregationFamilies, units);
          await batchPut(store, later);
          for (const item of removed) {
            await store.db.send(
              new DeleteCommand({ TableName: store.tableName, Key: { pk: item.pk, sk: item.sk } }),
            );
          }
          // the backfill as one batch (contributions day by day, one recompute), in any order
          await aggregateDayBatch(
            store,
            backfillOrder.map((day) => addDays(BASE, day)),
            aggregationFamilies,
            units,
          );
          const stored = await dumpAggregates(store);
          const present = [...first, ...later].filter((item) => !removed.includes(item));
          expect(stored).toEqual(recount(present, aggregationFamilies, units));
          await aggregateDay(store, addDays(BASE, rerunDay), aggregationFamilies, units);
          expect(await dumpAggregates(store)).toEqual(stored);
        },
      ),
      { numRuns: 10 },
    );
  }, 60_000);
});
