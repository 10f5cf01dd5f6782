/**
 * A setup file of the projects whose stack runs in the test's own process: day buckets of one
 * partition instead of 16 (shared/storage/table.ts `useArrivalShards`), so the nightly engine reads one
 * bucket per index and day. A test that checks the deployed layout sets 16 itself, at the top of its file.
 */
import { useArrivalShards } from '../../shared/storage/table';

useArrivalShards(1);
