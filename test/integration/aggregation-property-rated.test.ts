/**
 * The aggregation property (./aggregation-property.test.ts) for the storage layout of one-request
 * ratings: a rating is attributes of its dossier's item, set by one update that puts the item in a
 * rating-arrival bucket (gsi3) while the dossier stays in its registration-day bucket (gsi1). A late
 * rating rewrites a dossier item that earlier runs already counted; a removed rated dossier (TTL
 * removes the dossier with its comment) takes both its counts out again on the backfill.
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
import { dossierItem, makeDossier, makeRating, ratedDossierItem } from '../support/satisfaction';
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
  /** The rated dossier disappears after the first runs (as TTL would remove it). */
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

describe('aggregation property, ratings on their dossier items', () => {
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
            if (!spec.rating) {
              first.push(dossierItem(dossier));
              return;
            }
            const { delay, sipas, ...answers } = spec.rating;
            const rating = makeRating(dossier, {
              ...answers,
              rated: addDays(returned, spec.registrationDelay + delay),
              ...(sipas ? { sipas } : {}),
            });
            const rated = ratedDossierItem(dossier, rating);
            if (spec.late) {
              // Registered and aggregated unrated first; the rating's update comes later.
              first.push(dossierItem(dossier));
              later.push(rated);
            } else {
              first.push(rated);
              if (spec.removed) removed.push(rated);
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
          // A late rating's item replaces its unrated dossier's.
          const replaced = new Set(later.map((item) => item.pk));
          const present = [...first.filter((item) => !replaced.has(item.pk)), ...later].filter(
            (item) => !removed.includes(item),
          );
          expect(stored).toEqual(recount(present, aggregationFamilies, units));
          await aggregateDay(store, addDays(BASE, rerunDay), aggregationFamilies, units);
          expect(await dumpAggregates(store)).toEqual(stored);
        },
      ),
      { numRuns: 10 },
    );
  }, 60_000);
});
