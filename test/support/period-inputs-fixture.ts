/**
 * Figures for the tests of tt01's period inputs joined at query time
 * (shared/indexes/period-inputs-join.ts): commune A's March, hand-written, and a helper that stores
 * each unit's OWN counts the way the nightly job stores the aggregates (rolled up to every ancestor,
 * in each period of the day).
 */
import { putPeriodInput, type PeriodInputIndicator } from '../../shared/storage/period-inputs';
import { addCounts, type Counts, writeAggregate } from '../../shared/storage/aggregates';
import type { Store } from '../../shared/storage/client';
import type { UnitInput } from '../../shared/storage/units';
import { GRANULARITIES, type LocalDay, periodStart } from '../../shared/time';

/**
 * Commune A (`cb-d1-c1` of test/support/stack.ts's `sampleUnits`) in March 2025: 4 returned (2
 * online): 2 early, 1 on time, 1 late; steps 1 early, 1 on time; 3 ratings; 1 feedback case answered
 * on time. Its inputs for March: i5 = 2, i6 = 1, i9 = 0 (`communeAMarchInputs`).
 */
export const communeAMarch: Counts = {
  returned: 4,
  returnedOnline: 2,
  early: 2,
  onTime: 1,
  late: 1,
  i2_2: 1,
  i2_1: 1,
  rated: 3,
  i3_2: 2,
  i3_1: 1,
  i4_2: 3,
  i7_2: 2,
  i7_1: 1,
  casesOpened: 1,
  casesAnsweredOnTime: 1,
  feedbackCounted: 4,
};

export const communeAMarchInputs = { i5: 2, i6: 1, i9: 0 } as const;

/** A unit's OWN counts (its descendants' left out) of the dossiers returned on one day. */
export interface OwnCounts {
  unit: string;
  day: LocalDay;
  counts: Counts;
}

/**
 * District 1 (`cb-d1`) and its communes in March and April 2025, as
 * test/integration/period-inputs-join.test.ts records them: commune A's March on the 15th and 5 more
 * (all online, on time) on 10 April; commune B (`cb-d1-c2`) 6 (3 online) on 20 March; the district's
 * own 2 (1 online) on 5 March.
 */
export const districtOneOwn: OwnCounts[] = [
  { unit: 'cb-d1-c1', day: '2025-03-15', counts: communeAMarch },
  { unit: 'cb-d1-c1', day: '2025-04-10', counts: { returned: 5, returnedOnline: 5, onTime: 5 } },
  { unit: 'cb-d1-c2', day: '2025-03-20', counts: { returned: 6, returnedOnline: 3, onTime: 6 } },
  { unit: 'cb-d1', day: '2025-03-05', counts: { returned: 2, returnedOnline: 1, late: 2 } },
];

/**
 * Stores `own` as the nightly job leaves the `sat` aggregates: each entry added to its unit and every
 * ancestor (by `units`' parents), in the day, month, quarter and year it falls in.
 */
export async function storeOwnCounts(store: Store, units: UnitInput[], own: OwnCounts[]): Promise<void> {
  const parentOf = new Map(units.map((unit) => [unit.id, unit.parent]));
  const sums = new Map<string, Counts>();
  for (const entry of own) {
    for (let unit: string | null | undefined = entry.unit; unit; unit = parentOf.get(unit)) {
      for (const granularity of GRANULARITIES) {
        const key = `${unit}\t${granularity}\t${periodStart(entry.day, granularity)}`;
        sums.set(key, addCounts(sums.get(key) ?? {}, entry.counts));
      }
    }
  }
  for (const [key, counts] of sums) {
    const [unit, granularity, start] = key.split('\t') as [string, (typeof GRANULARITIES)[number], LocalDay];
    await writeAggregate(store, 'sat', unit, granularity, start, counts);
  }
}

/** Records period inputs (`[unit, month, indicator, value]`) straight in the table, as the admin API does. */
export async function storeInputs(
  store: Store,
  inputs: [unit: string, month: string, indicator: PeriodInputIndicator, value: 0 | 1 | 2][],
): Promise<void> {
  for (const [unit, month, indicator, value] of inputs) {
    await putPeriodInput(store, { unit, month, indicator, value }, 'test', new Date(), { history: true });
  }
}
