/** Which partition of a day bucket an id goes to (shared/storage/table.ts), worked by hand. */
import { afterEach, describe, expect, it } from 'vitest';
import { assessmentShard } from '../../shared/storage/assessments';
import { arrivalShard } from '../../shared/storage/dossiers';
import { ARRIVAL_SHARDS, arrivalShardCount, useArrivalShards } from '../../shared/storage/table';

/** A rid (base64url) whose first byte is `byte`. */
const ridStarting = (byte: number) =>
  Buffer.from([byte, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).toString('base64url');

describe('arrival partitions', () => {
  afterEach(() => useArrivalShards(1));

  it('are 16 in a deployed table: the first byte of the id modulo 16', () => {
    useArrivalShards(ARRIVAL_SHARDS);
    expect(arrivalShardCount()).toBe(16);
    expect(arrivalShard(ridStarting(0x00))).toBe(0);
    expect(arrivalShard(ridStarting(0x21))).toBe(1); // 33 = 2 × 16 + 1
    expect(arrivalShard(ridStarting(0xff))).toBe(15);
    expect(assessmentShard('ff2a0000-0000-4000-8000-000000000000')).toBe(15);
    expect(assessmentShard('1c2a0000-0000-4000-8000-000000000000')).toBe(12); // 0x1c = 28
  });

  it('are one in the tests that set one: every id in partition 0', () => {
    useArrivalShards(1);
    expect(arrivalShardCount()).toBe(1);
    expect(arrivalShard(ridStarting(0xff))).toBe(0);
    expect(assessmentShard('ff2a0000-0000-4000-8000-000000000000')).toBe(0);
  });
});
