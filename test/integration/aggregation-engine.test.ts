/**
 * The aggregation engine (shared/aggregation/engine.ts) on dynalite, with small families made here so
 * that every figure is worked by hand: each counts a dossier arrival as `{ n: 1 }` (or as its tests
 * say) for the dossier's unit on its return day. The sample tree (test/support/stack.ts): cb → cb-d1
 * → cb-d1-c1, cb-d1-c2; cb → cb-d2 → cb-d2-c1. Every test has its own arrival days and family names,
 * so the tests share one table and run in any order.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateDay, aggregateDayBatch } from '../../shared/aggregation/engine';
import type { AggregationFamily, Counts } from '../../shared/aggregation/family-contract';
import { getRunRecord, readCounts } from '../../shared/storage/aggregates';
import type { DayChange } from '../../shared/storage/day-buckets';
import type { Store } from '../../shared/storage/client';
import { arrivalBucket, type Dossier } from '../../shared/storage/dossiers';
import { batchPut } from '../../shared/storage/dynamo';
import { importUnits, type Unit } from '../../shared/storage/units';
import type { LocalDay } from '../../shared/time';
import { dumpAggregates } from '../support/aggregates';
import { dossierItem, makeDossier, makeRating, ratingItem } from '../support/satisfaction';
import { sampleUnits, startTestStack, type TestStack } from '../support/stack';

type DossierArrival = Extract<DayChange, { kind: 'dossier' }>;

/** A family counting the dossier arrivals `which` selects: `counts` for the unit, on the return day. */
function dossierFamily(
  name: string,
  which: (dossier: Dossier) => boolean = () => true,
  counts: Counts = { n: 1 },
): AggregationFamily {
  return {
    name,
    kinds: ['dossier'],
    contribute(arrival) {
      const { dossier } = arrival as DossierArrival;
      return which(dossier) ? [{ unit: dossier.unit, day: dossier.returnedDay, counts }] : [];
    },
  };
}

/** `family\tunit\tday` of each unit (the run record's contribution keys). */
const keys = (family: string, day: LocalDay, units: string[]) =>
  units.map((unit) => `${family}\t${unit}\t${day}`).sort();

/** A clock that answers the given instants in turn (then keeps the last). */
function clock(...instants: string[]) {
  let next = 0;
  return () => new Date(instants[Math.min(next++, instants.length - 1)]!);
}

describe('the aggregation engine on dynalite', () => {
  let stack: TestStack;
  let units: Unit[];
  const store = () => stack.deps.store;

  beforeAll(async () => {
    stack = await startTestStack();
    units = await importUnits(stack.deps.store, sampleUnits);
  });
  afterAll(() => stack.close());

  /** The stored aggregates of one family, `unit|period` → counts. */
  const aggregatesOf = async (family: string) => {
    const found = new Map<string, Counts>();
    for (const [key, counts] of await dumpAggregates(store())) {
      if (key.startsWith(`AGG#${family}#`)) found.set(key.slice(`AGG#${family}#`.length), counts);
    }
    return found;
  };
  const total = async (family: string, unit: string, day: LocalDay) =>
    (await readCounts(store(), family, unit, day, day)).total;

  it('sums a day per unit and event day, rolls it up, and writes every period above', async () => {
    const day = '2025-07-01';
    const dossier = (unit: string, code: string, returned: LocalDay) =>
      makeDossier({ unit, code, returned, due: '2025-07-10', registered: day });
    const a = dossier('cb-d1-c1', 'A', day);
    await batchPut(store(), [
      dossierItem(a),
      dossierItem(dossier('cb-d1-c1', 'B', day)),
      // returned the day before: another event day, month and quarter
      dossierItem(dossier('cb-d1-c1', 'E', '2025-06-30')),
      dossierItem(dossier('cb-d2-c1', 'C', day)),
      // a unit missing from the directory counts for itself
      dossierItem(dossier('zz', 'D', day)),
      // a rating: no family of this run claims it (skipped)
      ratingItem(makeRating(a, { overall: 1, rated: day })),
      // an item of a prefix no reader knows (skipped)
      { pk: 'JUNK#1', sk: 'JUNK', gsi1pk: arrivalBucket(day, 0), gsi1sk: 'JUNK#1' },
    ]);
    const pages: number[] = [];
    const run = await aggregateDay(store(), day, [dossierFamily('t1')], units, {
      now: clock('2025-07-02T18:00:00.000Z', '2025-07-02T18:05:00.000Z'),
      onPage: (itemsRead) => pages.push(itemsRead),
    });

    // Leaves: cb-d1-c1 2 on 07-01 and 1 on 06-30; cb-d2-c1 1 and zz 1 on 07-01. Rolled up: cb-d1 as
    // cb-d1-c1; cb 3 on 07-01 and 1 on 06-30; cb-d2 as cb-d2-c1. 9 (unit, day) contributions; 9 days,
    // 9 months, 9 quarters and 6 years written.
    expect(run).toEqual({
      day,
      itemsRead: 7,
      itemsSkipped: 2,
      contributionsWritten: 9,
      contributionsDeleted: 0,
      aggregatesWritten: 33,
      startedAt: '2025-07-02T18:00:00.000Z',
      finishedAt: '2025-07-02T18:05:00.000Z',
    });
    const d1 = (july: number, june: number, year: number) => [
      ['D#2025-07-01', july],
      ['D#2025-06-30', june],
      ['M#2025-07', july],
      ['M#2025-06', june],
      ['Q#2025-Q3', july],
      ['Q#2025-Q2', june],
      ['Y#2025', year],
    ];
    const single = [
      ['D#2025-07-01', 1],
      ['M#2025-07', 1],
      ['Q#2025-Q3', 1],
      ['Y#2025', 1],
    ];
    const expected = new Map<string, Counts>();
    for (const [unit, periods] of [
      ['cb-d1-c1', d1(2, 1, 3)],
      ['cb-d1', d1(2, 1, 3)],
      ['cb', d1(3, 1, 4)],
      ['cb-d2-c1', single],
      ['cb-d2', single],
      ['zz', single],
    ] as const) {
      for (const [period, n] of periods) expected.set(`${unit}|${period}`, { n: n as number });
    }
    expect(await aggregatesOf('t1')).toEqual(expected);

    const record = await getRunRecord(store(), day);
    expect({ ...record, contributions: record?.contributions.sort() }).toEqual({
      day,
      status: 'done',
      startedAt: '2025-07-02T18:00:00.000Z',
      finishedAt: '2025-07-02T18:05:00.000Z',
      itemsRead: 7,
      contributions: [
        ...keys('t1', '2025-06-30', ['cb', 'cb-d1', 'cb-d1-c1']),
        ...keys('t1', day, ['cb', 'cb-d1', 'cb-d1-c1', 'cb-d2', 'cb-d2-c1', 'zz']),
      ].sort(),
    });
    // the running count of items read, page after page, up to all 7
    expect(pages.length).toBeGreaterThan(0);
    expect(pages).toEqual([...pages].sort((x, y) => x - y));
    expect(pages.at(-1)).toBe(7);
  });

  it('counts the day groups of each family with that family’s rule, after the whole day is read', async () => {
    const day = '2025-07-02';
    const codes = [
      ['cb-d1-c1', 'P1'],
      ['cb-d1-c1', 'P2'],
      ['cb-d1-c2', 'Q1'],
    ];
    await batchPut(
      store(),
      codes.map(([unit, code]) =>
        dossierItem(makeDossier({ unit: unit!, code: code!, returned: day, due: day })),
      ),
    );
    // ga: each dossier seen once, and grouped by unit: each member counts its group's size.
    const ga: AggregationFamily = {
      ...dossierFamily('ga', () => true, { seen: 1 }),
      dayGroups: {
        memberOf: (arrival) => {
          const { dossier } = arrival as DossierArrival;
          return { key: dossier.unit, unit: dossier.unit, day: dossier.returnedDay };
        },
        counts: (members) => members.map((member) => ({ ...member, counts: { together: members.length } })),
      },
    };
    // gb: nothing alone; grouped by the code's letter (only P and Q), each group once at its first member.
    const gb: AggregationFamily = {
      ...dossierFamily('gb', () => false),
      dayGroups: {
        memberOf: (arrival) => {
          const { dossier } = arrival as DossierArrival;
          return dossier.code.startsWith('P') || dossier.code.startsWith('Q')
            ? { key: dossier.code[0]!, unit: dossier.unit, day: dossier.returnedDay }
            : undefined;
        },
        counts: (members) => [{ ...members[0]!, counts: { groups: 1, size: members.length } }],
      },
    };
    const run = await aggregateDay(store(), day, [ga, gb], units);
    expect(run.itemsSkipped).toBe(0);

    // ga: cb-d1-c1 seen 2, together 2 + 2; cb-d1-c2 seen 1, together 1; cb-d1 and cb their sum.
    expect(await total('ga', 'cb-d1-c1', day)).toEqual({ seen: 2, together: 4 });
    expect(await total('ga', 'cb-d1-c2', day)).toEqual({ seen: 1, together: 1 });
    expect(await total('ga', 'cb', day)).toEqual({ seen: 3, together: 5 });
    // gb: the P group (2, at cb-d1-c1) and the Q group (1, at cb-d1-c2); cb-d1 and cb hold both.
    expect(await total('gb', 'cb-d1-c1', day)).toEqual({ groups: 1, size: 2 });
    expect(await total('gb', 'cb-d1-c2', day)).toEqual({ groups: 1, size: 1 });
    expect(await total('gb', 'cb-d1', day)).toEqual({ groups: 2, size: 3 });
    expect(await total('gb', 'cb-d2', day)).toEqual({});
  });

  it('on a rerun removes what its families no longer produce and keeps the other families’ contributions', async () => {
    const day = '2025-07-03';
    await batchPut(store(), [
      dossierItem(makeDossier({ unit: 'cb-d1-c1', code: 'X1', returned: day, due: day })),
      dossierItem(makeDossier({ unit: 'cb-d2-c1', code: 'Y1', returned: day, due: day })),
    ]);
    const all = ['cb', 'cb-d1', 'cb-d1-c1', 'cb-d2', 'cb-d2-c1'];
    await aggregateDay(store(), day, [dossierFamily('rr'), dossierFamily('ot')], units);
    expect(await total('rr', 'cb', day)).toEqual({ n: 2 });

    // rr now counts X1 only; ot is not in this run.
    const onlyX = dossierFamily('rr', (dossier) => dossier.code === 'X1');
    const second = await aggregateDay(store(), day, [onlyX], units);
    // rr's cb-d2-c1 and cb-d2 are stale: deleted, and their 2 days, months, quarters and years
    // recomputed with the 3 produced (5 keys × 4 granularities).
    expect(second).toMatchObject({ contributionsWritten: 3, contributionsDeleted: 2, aggregatesWritten: 20 });
    expect(await total('rr', 'cb', day)).toEqual({ n: 1 });
    expect([...(await aggregatesOf('rr')).keys()].filter((key) => key.startsWith('cb-d2'))).toEqual([]);
    expect(await total('ot', 'cb', day)).toEqual({ n: 2 });
    expect((await getRunRecord(store(), day))?.contributions.sort()).toEqual(
      [...keys('ot', day, all), ...keys('rr', day, ['cb', 'cb-d1', 'cb-d1-c1'])].sort(),
    );

    // ot now produces nothing: its 5 are removed, rr's 3 stay.
    const third = await aggregateDay(store(), day, [dossierFamily('ot', () => false)], units);
    expect(third).toMatchObject({ contributionsWritten: 0, contributionsDeleted: 5 });
    expect(await aggregatesOf('ot')).toEqual(new Map());
    expect(await total('rr', 'cb-d1-c1', day)).toEqual({ n: 1 });
    expect((await getRunRecord(store(), day))?.contributions.sort()).toEqual(
      keys('rr', day, ['cb', 'cb-d1', 'cb-d1-c1']),
    );
  });

  it('leaves a run that fails in its write phase `running` with every key it may touch; the next run repairs it', async () => {
    const day = '2025-07-04';
    await batchPut(store(), [
      dossierItem(makeDossier({ unit: 'cb-d1-c1', code: 'X2', returned: day, due: day })),
      dossierItem(makeDossier({ unit: 'cb-d2-c1', code: 'Z2', returned: day, due: day })),
    ]);
    await aggregateDay(store(), day, [dossierFamily('cr', (dossier) => dossier.code === 'X2')], units);
    const onlyZ = dossierFamily('cr', (dossier) => dossier.code === 'Z2');
    // every batch write fails (e.g. throttled to the end of the retries)
    const failing: Store = {
      tableName: store().tableName,
      db: {
        send: (command: unknown) =>
          command instanceof BatchWriteCommand
            ? Promise.reject(new Error('throttled'))
            : store().db.send(command as never),
      } as unknown as Store['db'],
    };
    await expect(
      aggregateDay(failing, day, [onlyZ], units, { now: clock('2025-07-05T18:00:00.000Z') }),
    ).rejects.toThrow('throttled');
    // X2's (cb-d1-c1, cb-d1, cb) from before and Z2's (cb-d2-c1, cb-d2, cb), each once
    const record = await getRunRecord(store(), day);
    expect({ ...record, contributions: record?.contributions.sort() }).toEqual({
      day,
      status: 'running',
      startedAt: '2025-07-05T18:00:00.000Z',
      contributions: keys('cr', day, ['cb', 'cb-d1', 'cb-d1-c1', 'cb-d2', 'cb-d2-c1']),
    });

    const repair = await aggregateDay(store(), day, [onlyZ], units);
    expect(repair).toMatchObject({ contributionsWritten: 3, contributionsDeleted: 2 });
    expect(await total('cr', 'cb', day)).toEqual({ n: 1 });
    expect(await total('cr', 'cb-d2-c1', day)).toEqual({ n: 1 });
    expect(await total('cr', 'cb-d1-c1', day)).toEqual({});
    expect((await getRunRecord(store(), day))?.status).toBe('done');
  });

  it('aggregates a batch of days with one recompute, its writes counted on the last day', async () => {
    // Both dossiers returned on 07-05; one arrives on 07-05, the other on 07-06.
    await batchPut(store(), [
      dossierItem(makeDossier({ unit: 'cb-d1-c1', code: 'B1', returned: '2025-07-05', due: '2025-07-05' })),
      dossierItem(
        makeDossier({
          unit: 'cb-d1-c1',
          code: 'B2',
          returned: '2025-07-05',
          due: '2025-07-05',
          registered: '2025-07-06',
        }),
      ),
    ]);
    const started: LocalDay[] = [];
    const runs = await aggregateDayBatch(
      store(),
      ['2025-07-05', '2025-07-06'],
      [dossierFamily('bt')],
      units,
      {
        onDayStart: (day) => started.push(day),
      },
    );
    expect(started).toEqual(['2025-07-05', '2025-07-06']);
    // Each day writes cb-d1-c1, cb-d1 and cb of 07-05; the recompute writes those 3 days, 3 months,
    // 3 quarters and 3 years once.
    expect(
      runs.map((run) => [run.day, run.itemsRead, run.contributionsWritten, run.aggregatesWritten]),
    ).toEqual([
      ['2025-07-05', 1, 3, 0],
      ['2025-07-06', 1, 3, 12],
    ]);
    expect(await total('bt', 'cb', '2025-07-05')).toEqual({ n: 2 });
    expect((await readCounts(store(), 'bt', 'cb-d1', '2025-01-01', '2025-12-31')).total).toEqual({ n: 2 });
    for (const day of ['2025-07-05', '2025-07-06']) {
      expect((await getRunRecord(store(), day))?.status).toBe('done');
    }
  });

  it('refuses a concurrency below 1 before writing anything, and runs with 1', async () => {
    const day = '2025-07-07';
    await batchPut(store(), [
      dossierItem(makeDossier({ unit: 'cb-d2-c1', code: 'K1', returned: day, due: day })),
    ]);
    for (const concurrency of [0, -1, Number.NaN]) {
      await expect(aggregateDay(store(), day, [dossierFamily('cc')], units, { concurrency })).rejects.toThrow(
        new RangeError(`concurrency must be at least 1, not ${concurrency}`),
      );
    }
    expect(await getRunRecord(store(), day)).toBeUndefined();
    expect(await aggregatesOf('cc')).toEqual(new Map());

    // 3 units (cb-d2-c1, cb-d2, cb) × 4 granularities
    const run = await aggregateDay(store(), day, [dossierFamily('cc')], units, { concurrency: 1 });
    expect(run.aggregatesWritten).toBe(12);
    expect(await total('cc', 'cb', day)).toEqual({ n: 1 });
  });
});
