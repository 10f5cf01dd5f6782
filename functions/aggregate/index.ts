/**
 * PLACEHOLDER so the infrastructure can bundle and deploy three functions. Part 3 (aggregate) owns the
 * real entry (the nightly aggregation run, emitting the `AggregationSucceeded` metric); at merge this
 * file is replaced by theirs. It fails loudly so nobody mistakes it for the real job.
 */
import middy from '@middy/core';

export const handler = middy().handler(async () => {
  throw new Error(
    'functions/aggregate/index.ts is a placeholder: the aggregation is not built in this branch',
  );
});
