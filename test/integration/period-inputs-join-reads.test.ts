/**
 * The reads of tt01's period inputs joined at query time (shared/indexes/period-inputs-join.ts), on
 * dynalite: which units' inputs are listed and over which months (several ranges in one listing, a
 * ranking's period and the previous one), a month cut by the range, the BatchGet in chunks of 100,
 * and the items read. Each unit's own counts are stored as the nightly job stores them
 * (test/support/period-inputs-fixture.ts); every expected figure is worked by hand beside it.
 *
 * The tree (test/support/stack.ts): cb → cb-d1 → cb-d1-c1 (commune A), cb-d1-c2 (commune B);
 * cb → cb-d2 → cb-d2-c1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRanking } from '../../shared/reports/dashboard-figures';
import {
  readPeriodInputCounts,
  readScoreCounts,
  readScoreTotals,
} from '../../shared/indexes/period-inputs-join';
import type { Store } from '../../shared/storage/client';
import type { Unit } from '../../shared/storage/units';
import { createUnitDirectory, type UnitDirectory } from '../../shared/unit-directory';
import { communeAMarch, districtOneOwn, storeInputs, storeOwnCounts } from '../support/period-inputs-fixture';
import { sampleUnits, seedKey, startTestStack, type TestStack } from '../support/stack';

/**
 * Own counts: district 1 in March and April (the fixture's), and February, with the other district:
 *   cb-d1     5 Mar 2 (1 online)     12 Feb 3 (0 online)
 *   cb-d1-c1  15 Mar 4 (2 online)    10 Apr 5 (5 online)
 *   cb-d1-c2  20 Mar 6 (3 online)    25 Feb 1 (1 online)
 *   cb-d2-c1  8 Mar 7 (4 online)
 */
const own = [
  ...districtOneOwn,
  { unit: 'cb-d1', day: '2025-02-12', counts: { returned: 3, returnedOnline: 0 } },
  { unit: 'cb-d1-c2', day: '2025-02-25', counts: { returned: 1, returnedOnline: 1 } },
  { unit: 'cb-d2-c1', day: '2025-03-08', counts: { returned: 7, returnedOnline: 4 } },
];

/** Requests sent, by command name. */
type Sent = Record<string, number>;

/** A store that counts the commands its client sends. */
function counting(store: Store): { store: Store; sent: Sent } {
  const sent: Sent = {};
  const db = new Proxy(store.db, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: { constructor: { name: string } }) => {
        const name = command.constructor.name;
        sent[name] = (sent[name] ?? 0) + 1;
        return target.send(command as never);
      };
    },
  });
  return { store: { ...store, db } as Store, sent };
}

describe('reads of the period inputs joined to the scores, on dynalite', () => {
  let stack: TestStack;
  let units: UnitDirectory;
  let tree: Unit[];
  const unit = (id: string) => tree.find((candidate) => candidate.id === id)!;

  beforeAll(async () => {
    // March's figures are final from 1 May: still open on 20 April (not checked here anyway).
    stack = await startTestStack({ now: () => new Date('2025-04-20T03:00:00Z') });
    await seedKey(stack.deps, 'cb', ['scores:read']);
    await storeOwnCounts(stack.deps.store, sampleUnits, own);
    await storeInputs(stack.deps.store, [
      ['cb-d1-c1', '2025-03', 'i5', 2],
      ['cb-d1-c1', '2025-03', 'i6', 1],
      ['cb-d1-c1', '2025-03', 'i9', 0],
      ['cb-d1', '2025-03', 'i5', 1],
      ['cb-d1', '2025-02', 'i6', 0],
      ['cb-d1-c2', '2025-02', 'i9', 2],
      ['cb-d2-c1', '2025-03', 'i5', 0],
    ]);
    units = createUnitDirectory(stack.deps.store);
    tree = await units.all();
  });
  afterAll(() => stack.close());

  it("lists each unit of the targets' subtrees once over every range, in whatever order", async () => {
    const { store, sent } = counting(stack.deps.store);
    const read = await readPeriodInputCounts(
      store,
      tree,
      [unit('cb-d1')],
      [
        { from: '2025-03-01', to: '2025-03-31' },
        { from: '2025-02-01', to: '2025-02-28' },
      ],
    );
    // March: commune A's own 4 (2 online) at i5 2, i6 1, i9 0; the district's own 12 − 4 − 6 = 2 at
    // i5 1; commune B has no March input.
    // February: the district's own 4 − 0 (commune A has none) − 1 (commune B) = 3 at i6 0; commune
    // B's own online 1 at i9 2.
    expect(read.counts).toEqual([
      [
        { i5_2: 4, i6_1: 4, i9_0: 2, i5_1: 2 },
        { i6_0: 3, i9_2: 1 },
      ],
    ]);
    // One Query per unit of cb-d1's subtree (3), February to March at once, and one of the root (the
    // province's transparency inputs); the other district's units are not listed. One BatchGet of the
    // months with an input.
    expect(sent).toEqual({ QueryCommand: 4, BatchGetCommand: 1 });
    // Inputs: commune A's 3 (March), the district's 2 (March, February), commune B's 1 (February) = 6;
    // months: the district's, commune A's and commune B's March, the district's and commune B's
    // February (commune A has no February item) = 5.
    expect(read.itemsRead).toBe(11);
  });

  it("adds each unit-month's tallies to the targets it lies within only", async () => {
    const read = await readPeriodInputCounts(
      stack.deps.store,
      tree,
      [unit('cb-d1'), unit('cb-d2'), unit('cb')],
      [{ from: '2025-03-01', to: '2025-03-31' }],
    );
    // cb-d2: the commune's own 7 at i5 0; the province: both districts' tallies.
    expect(read.counts).toEqual([
      [{ i5_2: 4, i6_1: 4, i9_0: 2, i5_1: 2 }],
      [{ i5_0: 7 }],
      [{ i5_2: 4, i6_1: 4, i9_0: 2, i5_1: 2, i5_0: 7 }],
    ]);
  });

  it('cuts a month at the range edges by its days, the BatchGet in chunks of 100', async () => {
    const { store, sent } = counting(stack.deps.store);
    const read = await readPeriodInputCounts(
      store,
      tree,
      [unit('cb-d1'), unit('cb-d2')],
      [{ from: '2025-03-06', to: '2025-03-31' }],
    );
    // From 6 March: the district's own 2 (5 March) fall outside: its own is 10 − 4 − 6 = 0, no i5 1.
    expect(read.counts).toEqual([[{ i5_2: 4, i6_1: 4, i9_0: 2 }], [{ i5_0: 7 }]]);
    // 26 days: the district and its 2 communes 3 × 26 = 78 day keys (commune A's own slice asks for
    // the same 26 again, read once), cb-d2-c1 26: 104 keys, two BatchGets; 6 Queries (cb-d1, its
    // 2 communes, cb-d2, cb-d2-c1, and the root cb for its transparency inputs).
    expect(sent).toEqual({ QueryCommand: 6, BatchGetCommand: 2 });
    // Inputs of March: commune A's 3, the district's 1, cb-d2-c1's 1 = 5; day items found: the
    // district's 15 and 20 March, commune A's 15, commune B's 20, cb-d2-c1's 8 = 5.
    expect(read.itemsRead).toBe(10);
  });

  it('reads nothing for no range, and nothing for no target', async () => {
    const { store, sent } = counting(stack.deps.store);
    expect(await readPeriodInputCounts(store, tree, [unit('cb-d1'), unit('cb-d2')], [])).toEqual({
      counts: [[], []],
      itemsRead: 0,
    });
    // A unit without children ranks none.
    expect(await readPeriodInputCounts(store, tree, [], [{ from: '2025-03-01', to: '2025-03-31' }])).toEqual({
      counts: [],
      itemsRead: 0,
    });
    expect(sent).toEqual({});
  });

  it('joins the tallies to each period group and to the total, counting every item read', async () => {
    const read = await readScoreCounts(
      { store: stack.deps.store, units },
      [unit('cb-d1')],
      '2025-02-01',
      '2025-03-31',
      'month',
    );
    const [district] = read.units;
    // February: the district's rolled-up 3 + 1 returned (0 + 1 online), with its tallies.
    expect(district!.groups[0]).toMatchObject({
      period: '2025-02',
      counts: { returned: 4, returnedOnline: 1, i6_0: 3, i9_2: 1 },
    });
    // March: 4 + 6 + 2 = 12 returned (2 + 3 + 1 = 6 online).
    expect(district!.groups[1]).toMatchObject({
      period: '2025-03',
      counts: { returned: 12, returnedOnline: 6, i5_2: 4, i6_1: 4, i9_0: 2, i5_1: 2 },
    });
    expect(district!.total).toMatchObject({
      returned: 16,
      returnedOnline: 7,
      i5_2: 4,
      i6_1: 4,
      i9_0: 2,
      i5_1: 2,
      i6_0: 3,
      i9_2: 1,
    });
    // The district's two months (2) + the inputs' 6 and their 5 months, as in the first test.
    expect(read.itemsRead).toBe(13);
  });

  it('reads the totals of many periods with the inputs of all of them listed once', async () => {
    const { store, sent } = counting(stack.deps.store);
    const read = await readScoreTotals(
      { store, units },
      [unit('cb-d1-c1'), unit('cb-d1-c2')],
      [
        { from: '2025-03-01', to: '2025-03-31' },
        { from: '2025-02-01', to: '2025-02-28' },
      ],
    );
    expect(read.totals).toEqual([
      // March: commune A's counts at i5 2, i6 1, i9 0; commune B's 6 without an input.
      [
        { ...communeAMarch, i5_2: 4, i6_1: 4, i9_0: 2 },
        { returned: 6, returnedOnline: 3, onTime: 6 },
      ],
      // February: commune A has nothing; commune B's 1 online at i9 2.
      [{}, { returned: 1, returnedOnline: 1, i9_2: 1 }],
    ]);
    // 3 Queries (each commune once, not once per period, and the root's transparency inputs); a
    // BatchGet per commune and period (4) and one of the months with an input.
    expect(sent).toEqual({ QueryCommand: 3, BatchGetCommand: 5 });
    // Months stored: commune A's March, commune B's March and February (3); inputs: commune A's 3,
    // commune B's 1 (4); their months: commune A's March, commune B's February (2).
    expect(read.itemsRead).toBe(9);
  });

  it("ranks the children with the previous period's inputs in the same listing", async () => {
    const { store, sent } = counting(stack.deps.store);
    const deps = { ...stack.deps, store, units };
    const ranking = await readRanking(deps, unit('cb-d1'), '2025-03-01', '2025-03-31', 'tt01');
    // 3 Queries: each commune's inputs from January (the previous 31 days: 29 January – 28 February)
    // to March at once, and the root's (the province's transparency inputs).
    expect(sent.QueryCommand).toBe(3);
    const communeA = ranking.find((row) => row.unit.id === 'cb-d1-c1')!;
    // As test/integration/period-inputs-join.test.ts works it: 13.0833… → 13.08.
    expect(communeA.results.tt01).toMatchObject({ total: 13.08, provisional: false });
  });
});
