import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateDay } from '../../shared/aggregation/engine';
import { aggKey, getRunRecord, readCounts } from '../../shared/storage/aggregates';
import { aggregationFamilies } from '../../shared/aggregation/nightly-families';
import { batchPut } from '../../shared/storage/dynamo';
import { importUnits, type Unit } from '../../shared/storage/units';
import { dumpAggregates, recount } from '../support/aggregates';
import { dossierItem, makeDossier, makeRating, ratingItem, workedExample } from '../support/satisfaction';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';

describe('nightly aggregation on dynalite', () => {
  let stack: TestStack;
  let units: Unit[];
  const store = () => stack.deps.store;

  beforeAll(async () => {
    stack = await startTestStack();
    units = await importUnits(stack.deps.store, sampleUnits);
  });
  afterAll(() => stack.close());

  it("rolls a commune's figures up to its district and province, which sum exactly", async () => {
    const a = workedExample('cb-d1-c1');
    const b = [
      makeDossier({ unit: 'cb-d1-c2', code: 'B1', returned: '2025-03-10', due: '2025-03-10' }),
      makeDossier({
        unit: 'cb-d1-c2',
        code: 'B2',
        returned: '2025-03-10',
        due: '2025-03-09',
        complaint: true,
      }),
    ];
    const c = [makeDossier({ unit: 'cb-d2-c1', code: 'C1', returned: '2025-03-10', due: '2025-03-11' })];
    await batchPut(store(), [
      ...[...a.dossiers, ...b, ...c].map(dossierItem),
      ...a.ratings.map(ratingItem),
      ratingItem(makeRating(b[0]!, { overall: 2 })),
    ]);
    await aggregateDay(store(), '2025-03-10', aggregationFamilies, units);

    const read = async (unit: string) =>
      (await readCounts(store(), 'sat', unit, '2025-03-01', '2025-03-31')).total;
    const [c1, c2, d1, d2, province] = await Promise.all(
      ['cb-d1-c1', 'cb-d1-c2', 'cb-d1', 'cb-d2-c1', 'cb'].map(read),
    );
    expect(c1).toMatchObject({ returned: 10, rated: 6, early: 4, onTime: 3, late: 3 });
    expect(c2).toMatchObject({ returned: 2, rated: 1, complaint: 1, lateOrComplaint: 1 });
    for (const key of new Set([...Object.keys(c1!), ...Object.keys(c2!)])) {
      expect(d1![key]).toBe((c1![key] ?? 0) + (c2![key] ?? 0));
      expect(province![key]).toBe((d1![key] ?? 0) + (d2![key] ?? 0));
    }
    expect(province!.returned).toBe(13);
    // the month, quarter and year items hold the same sums as the day
    const year = await readCounts(store(), 'sat', 'cb', '2025-01-01', '2025-12-31');
    expect(year.itemsRead).toBe(1);
    expect(year.total).toEqual(province);
  });

  it('counts a late rating in the period its dossier was returned, once its arrival day is aggregated', async () => {
    const dossier = makeDossier({
      unit: 'cb-d2-c1',
      code: 'LATE',
      returned: '2025-04-30',
      due: '2025-05-02',
    });
    await batchPut(store(), [dossierItem(dossier)]);
    await aggregateDay(store(), '2025-04-30', aggregationFamilies, units);
    await batchPut(store(), [ratingItem(makeRating(dossier, { overall: 1, rated: '2025-05-20' }))]);
    await aggregateDay(store(), '2025-05-20', aggregationFamilies, units);

    const april = await readCounts(store(), 'sat', 'cb-d2', '2025-04-01', '2025-04-30');
    const may = await readCounts(store(), 'sat', 'cb-d2', '2025-05-01', '2025-05-31');
    expect(april.total).toMatchObject({ returned: 1, rated: 1, overall1: 1 });
    expect(may.total).toEqual({});
    expect((await getRunRecord(store(), '2025-05-20'))?.status).toBe('done');
  });

  it('removes on rerun the contributions a day no longer produces, and a rerun changes nothing else', async () => {
    const dossier = makeDossier({
      unit: 'cb-d1-c2',
      code: 'GONE',
      returned: '2025-06-02',
      due: '2025-06-03',
    });
    const rating = makeRating(dossier, { overall: 0, rated: '2025-06-04' });
    await batchPut(store(), [dossierItem(dossier), ratingItem(rating)]);
    await aggregateDay(store(), '2025-06-02', aggregationFamilies, units);
    const first = await aggregateDay(store(), '2025-06-04', aggregationFamilies, units);
    expect(first.itemsRead).toBe(1);
    const before = await dumpAggregates(store());
    expect(before.get(`${aggKey('sat', 'cb', 'D#2025-06-02').pk}|D#2025-06-02`)).toMatchObject({ rated: 1 });

    await aggregateDay(store(), '2025-06-04', aggregationFamilies, units);
    expect(await dumpAggregates(store())).toEqual(before);

    // the rating disappears (e.g. removed by TTL): the rerun takes its counts out of every period
    await store().db.send(
      new DeleteCommand({
        TableName: store().tableName,
        Key: { pk: `DOSSIER#${dossier.rid}`, sk: 'RATING' },
      }),
    );
    const rerun = await aggregateDay(store(), '2025-06-04', aggregationFamilies, units);
    expect(rerun.contributionsDeleted).toBeGreaterThan(0);
    const after = await dumpAggregates(store());
    expect(after.get(`AGG#sat#cb|D#2025-06-02`)).toEqual({
      feedbackCounted: 1,
      received: 1,
      receivedOnTime: 1,
      // the whole scorecard's received-day counters (issue 22): finished the day it was received
      scorecardCounted: 1,
      receivedFinished: 1,
      receivedFinishedDays: 0,
      'returnedIn:2025-06': 1,
      returned: 1,
      early: 1,
    });
    expect(after.get(`AGG#sat#cb|Y#2025`)!.rated).toBe(before.get(`AGG#sat#cb|Y#2025`)!.rated! - 1);
  });

  it('matches a brute-force recount of everything stored so far', async () => {
    // every arrival day of the items above has been aggregated; the stored aggregates must be exact
    const { ScanCommand } = await import('@aws-sdk/lib-dynamodb');
    const scan = await store().db.send(
      new ScanCommand({
        TableName: store().tableName,
        FilterExpression: 'begins_with(pk, :d)',
        ExpressionAttributeValues: { ':d': 'DOSSIER#' },
      }),
    );
    expect(await dumpAggregates(store())).toEqual(recount(scan.Items ?? [], aggregationFamilies, units));
  });
});
