/**
 * The demo's dossiers reported over their whole life, stored report by report and aggregated night by
 * night on dynalite: the province's Decision 766 figures show dossiers in progress, overdue and still
 * open, asked for supplements twice, and withdrawn; agencies' period inputs are recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUnits } from '../../local/demo';
import { generateDemoLives, loadDemoLives } from '../../local/demo-lives';
import { aggregateDays } from '../../shared/aggregation/run';
import { satisfactionFamily } from '../../shared/aggregation/satisfaction';
import { readCounts } from '../../shared/storage/aggregates';
import { listPeriodInputs } from '../../shared/storage/period-inputs';
import { importUnits } from '../../shared/storage/units';
import { addDays, eachDay, localDay } from '../../shared/time';
import { startTestStack, type TestStack } from '../support/stack';

const now = new Date('2026-03-15T05:00:00Z');

describe('demo dossier lives', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
    await importUnits(stack.deps.store, demoUnits);
  });
  afterAll(() => stack.close());

  it('reports each life in time order, with every kind of life among them', () => {
    const reports = generateDemoLives({ now, count: 60 });
    const times = reports.map((entry) => entry.at.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const last = new Map(reports.map((entry) => [entry.report.code, entry.report]));
    const lives = [...last.values()];
    expect(lives.some((life) => life.returnedAt === undefined && !life.withdrawn)).toBe(true);
    expect(lives.some((life) => life.withdrawn)).toBe(true);
    expect(lives.some((life) => life.supplements.length === 2)).toBe(true);
    expect(lives.some((life) => life.returnedAt !== undefined)).toBe(true);
  });

  it(
    'shows in progress, overdue and open, two supplements and withdrawn in the province figures',
    { timeout: 120_000 },
    async () => {
      const loaded = await loadDemoLives(stack.deps.store, { now, count: 60, linkTtlDays: 30 });
      expect(loaded.periodInputs).toBeGreaterThan(0);
      const agency = demoUnits.find((unit) => unit.kind === 'commune')!.id;
      const month = localDay(now).slice(0, 7);
      const inputs = await listPeriodInputs(stack.deps.store, agency, month, month);
      expect(inputs.map((input) => input.indicator).sort()).toEqual(['i5', 'i6', 'i9']);
      const today = localDay(now);
      await aggregateDays(stack.deps.store, eachDay(addDays(today, -31), addDays(today, -1)));
      const { total } = await readCounts(
        stack.deps.store,
        satisfactionFamily.name,
        'cao-bang',
        addDays(today, -40),
        today,
      );
      expect(total.received).toBeGreaterThan(0);
      expect(total.receivedInProgress).toBeGreaterThan(0);
      expect(total.receivedLate).toBeGreaterThan(0);
      expect(total.receivedWithdrawn).toBeGreaterThan(0);
      expect(total.receivedMultipleSupplements).toBeGreaterThan(0);
      expect(total.received).toBe(
        (total.receivedOnTime ?? 0) + (total.receivedLate ?? 0) + (total.receivedInProgress ?? 0),
      );
    },
  );
});
