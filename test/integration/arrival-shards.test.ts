/**
 * The deployed layout: day buckets of 16 partitions (the other tests of this project run with one, see
 * test/support/one-shard.ts). Dossiers spread over many partitions are all read by the nightly engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateDays } from '../../shared/aggregation/run';
import { readCounts } from '../../shared/storage/aggregates';
import { arrivalShard } from '../../shared/storage/dossiers';
import { batchPut } from '../../shared/storage/dynamo';
import { ARRIVAL_SHARDS, arrivalShardCount, useArrivalShards } from '../../shared/storage/table';
import { importUnits } from '../../shared/storage/units';
import { dossierItem, makeDossier, makeRating, ratedDossierItem } from '../support/satisfaction';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';

useArrivalShards(ARRIVAL_SHARDS);

describe('day buckets of 16 partitions, as deployed', () => {
  let stack: TestStack;
  const dossiers = Array.from({ length: 40 }, (_, n) =>
    makeDossier({ unit: 'cb-d1-c1', code: `S${n}`, returned: '2025-03-08', due: '2025-03-09' }),
  );
  beforeAll(async () => {
    stack = await startTestStack();
    await importUnits(stack.deps.store, sampleUnits);
    // Half rated the same day, half left unrated.
    await batchPut(
      stack.deps.store,
      dossiers.map((dossier, n) =>
        n % 2 === 0
          ? ratedDossierItem(dossier, makeRating(dossier, { overall: 2, rated: '2025-03-08' }))
          : dossierItem(dossier),
      ),
    );
  });
  afterAll(() => stack.close());

  it('spreads ids over the partitions and the engine reads every one', async () => {
    expect(arrivalShardCount()).toBe(16);
    const used = new Set(dossiers.map((dossier) => arrivalShard(dossier.rid)));
    expect(used.size).toBeGreaterThan(8);
    await aggregateDays(stack.deps.store, ['2025-03-08']);
    const march = await readCounts(stack.deps.store, 'sat', 'cb', '2025-03-01', '2025-03-31');
    expect(march.total).toMatchObject({ returned: 40, rated: 20, overall2: 20 });
  });
});
