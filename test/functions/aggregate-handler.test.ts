import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAggregateHandler, daysOfEvent } from '../../functions/aggregate/handler';
import { aggregationFamilies } from '../../shared/aggregation/nightly-families';
import { ValidationError } from '../../shared/errors';
import { createDocumentClient } from '../../shared/storage/client';
import { batchPut } from '../../shared/storage/dynamo';
import { ARRIVAL_SHARDS, useArrivalShards } from '../../shared/storage/table';
import { importUnits, type Unit } from '../../shared/storage/units';
import { dumpAggregates, recount } from '../support/aggregates';
import { dossierItem, makeRating, ratingItem, workedExample } from '../support/satisfaction';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';

// The deployed layout (16 partitions a day bucket): the failure below strikes the fifth bucket read
// of a day, after four were read, which a one-partition bucket would never reach.
useArrivalShards(ARRIVAL_SHARDS);

const context = {
  functionName: 'aggregate',
  functionVersion: '1',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:000000000000:function:aggregate',
  memoryLimitInMB: '512',
  awsRequestId: 'test-request',
  logGroupName: '/aws/lambda/aggregate',
  logStreamName: 'test',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

const silentLogger = () => new Logger({ serviceName: 'hailong-test', logLevel: 'SILENT' });

describe('daysOfEvent', () => {
  const now = new Date('2025-03-11T18:30:00Z'); // 01:30 on 2025-03-12 in Hà Nội
  it('aggregates the previous local day by default, even for a scheduler payload with other fields', () => {
    expect(daysOfEvent({}, now)).toEqual(['2025-03-11']);
    expect(daysOfEvent({ source: 'aws.scheduler' }, now)).toEqual(['2025-03-11']);
    expect(daysOfEvent(undefined, now)).toEqual(['2025-03-11']);
  });
  it('takes a date or a range', () => {
    expect(daysOfEvent({ date: '2025-02-28' }, now)).toEqual(['2025-02-28']);
    expect(daysOfEvent({ from: '2024-02-28', to: '2024-03-01' }, now)).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });
  it('refuses a bad date, half a range, a reversed range and too long a range, naming the field', () => {
    const field = (event: unknown) => {
      try {
        daysOfEvent(event, now);
      } catch (error) {
        return (error as ValidationError).problems.map((p) => p.field);
      }
      return [];
    };
    expect(() => daysOfEvent({ date: '2025-02-30' }, now)).toThrow(ValidationError);
    expect(field({ date: '2025-02-30' })).toEqual(['date']);
    expect(field({ from: '2025-01-01' })).toEqual(['to']);
    expect(field({ from: '2025-02-01', to: '2025-01-01' })).toEqual(['to']);
    expect(field({ from: '2020-01-01', to: '2025-01-01' })).toEqual(['to']);
  });
});

describe('aggregate handler', () => {
  let stack: TestStack;
  let units: Unit[];
  const items = (() => {
    const { dossiers, ratings } = workedExample('cb-d1-c1');
    const other = workedExample('cb-d2-c1');
    return [
      ...[...dossiers, ...other.dossiers].map(dossierItem),
      ...ratings.map(ratingItem),
      ...other.ratings.map((r) => ratingItem({ ...r, ratedAt: '2025-03-11T03:00:00.000Z' })),
      ratingItem(makeRating(other.dossiers[3]!, { overall: 2, rated: '2025-03-11' })),
    ];
  })();

  beforeAll(async () => {
    stack = await startTestStack();
    units = await importUnits(stack.deps.store, sampleUnits);
    await batchPut(stack.deps.store, items);
  });
  afterAll(() => stack.close());

  /** A document client whose calls pass through to dynalite unless `fail` says otherwise. */
  function mockedStore(fail: (command: string, input: Record<string, unknown>) => boolean) {
    const real = stack.deps.store.db;
    const db = createDocumentClient({ endpoint: stack.endpoint });
    const mock = mockClient(db);
    const commands = {
      QueryCommand,
      GetCommand,
      PutCommand,
      BatchWriteCommand,
      BatchGetCommand,
      DeleteCommand,
      // The night index and the aggregates' generation (shared/storage/aggregates.ts).
      UpdateCommand,
    };
    for (const [name, Command] of Object.entries(commands)) {
      mock.on(Command as typeof QueryCommand).callsFake(async (input: Record<string, unknown>) => {
        if (fail(name, input)) {
          throw Object.assign(new Error('simulated failure'), { name: 'InternalServerError' });
        }
        return real.send(new (Command as typeof QueryCommand)(input as never));
      });
    }
    return { store: { db, tableName: stack.deps.store.tableName }, mock };
  }

  const handlerFor = (store: TestStack['deps']['store']) =>
    createAggregateHandler({
      store,
      now: () => new Date('2025-03-11T19:00:00Z'), // 02:00 on 2025-03-12 local
      logger: silentLogger(),
      metrics: new Metrics({ namespace: 'hailong-test', serviceName: 'hailong-test' }),
    });

  it('throws when a page of a day bucket cannot be read, and a rerun repairs it', async () => {
    let bucketReads = 0;
    const failing = mockedStore(
      (name, input) => name === 'QueryCommand' && input.IndexName === 'gsi1' && ++bucketReads === 5,
    );
    await expect(handlerFor(failing.store)({ date: '2025-03-10' }, context)).rejects.toThrow(
      'simulated failure',
    );
    failing.mock.restore();

    const ok = mockedStore(() => false);
    const result = await handlerFor(ok.store)({ from: '2025-03-10', to: '2025-03-11' }, context);
    ok.mock.restore();
    expect(result.itemsRead).toBe(items.length);
    expect(result.days.map((run) => run.day)).toEqual(['2025-03-10', '2025-03-11']);
    expect(await dumpAggregates(stack.deps.store)).toEqual(recount(items, aggregationFamilies, units));
  });

  it('throws when a write fails halfway, and a rerun leaves exactly the right aggregates', async () => {
    // a new late rating arrives on 2025-03-11, so the run has something to change
    const late = ratingItem(
      makeRating(workedExample('cb-d1-c1').dossiers[5]!, { overall: 2, rated: '2025-03-11' }),
    );
    await batchPut(stack.deps.store, [late]);
    let puts = 0;
    const failing = mockedStore((name) => name === 'PutCommand' && ++puts === 4);
    await expect(handlerFor(failing.store)({ date: '2025-03-11' }, context)).rejects.toThrow(
      'simulated failure',
    );
    failing.mock.restore();
    const expected = recount([...items, late], aggregationFamilies, units);
    expect(await dumpAggregates(stack.deps.store)).not.toEqual(expected);

    // the previous local day by default: 2025-03-11
    const ok = mockedStore(() => false);
    const result = await handlerFor(ok.store)({}, context);
    ok.mock.restore();
    expect(result.days.map((run) => run.day)).toEqual(['2025-03-11']);
    expect(await dumpAggregates(stack.deps.store)).toEqual(expected);
  });

  it('throws a validation error for a bad event, touching nothing', async () => {
    let calls = 0;
    const counting = mockedStore(() => {
      calls++;
      return false;
    });
    await expect(handlerFor(counting.store)({ date: 'yesterday' }, context)).rejects.toThrow(ValidationError);
    counting.mock.restore();
    expect(calls).toBe(0);
  });
});
