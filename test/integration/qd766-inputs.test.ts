/**
 * Decision 766's inputs that no dossier carries, on dynalite (DESIGN §4.5; docs/index-methods.md "The
 * whole scorecard"): the province's transparency figures (1.1–1.3) recorded per month through the
 * period-inputs API and CLI, checked and guarded where they are written, summed over the months of a
 * period and shown on every unit of the province; and the communes' electronic certified copy (4.6),
 * a unit setting of the admin CLI, counted for each unit over its subtree.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import type { CliContext } from '../../local/cli/command';
import { createApiApp } from '../../functions/api/app';
import { qd766 } from '../../shared/indexes/qd766';
import { readScoreCounts, readScoreTotals } from '../../shared/indexes/period-inputs-join';
import { createApiKey } from '../../shared/storage/api-keys';
import { listPeriodInputs } from '../../shared/storage/period-inputs';
import { importUnits, listUnits } from '../../shared/storage/units';
import { createUnitDirectory } from '../../shared/unit-directory';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("the province's transparency inputs and the communes' electronic certified copies", () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApiApp>;
  let admin: string;
  let out: string[];
  let err: string[];
  // LINK_TTL_DAYS 30: June 2025's figures are final from 31 July 02:00 local, before now; July's are not.
  const now = new Date('2025-07-31T03:00:00Z');

  const cli = (...argv: string[]) =>
    runAdmin(argv, {
      open: async (): Promise<CliContext> => ({
        deps: stack.deps,
        dataDir: '.',
        print: (line) => out.push(line),
      }),
      print: (line) => out.push(line),
      printError: (line) => err.push(line),
    });
  const put = (path: string, body: unknown, key = admin) =>
    app.request(`/v1/period-inputs/${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const get = (query: string, key = admin) =>
    app.request(`/v1/period-inputs?${query}`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    stack = await startTestStack({ now: () => now });
    admin = await seedKey(stack.deps, 'cb', ['admin']);
    app = createApiApp(stack.deps);
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    out = [];
    err = [];
  });

  it('records a month of the province through the API and the CLI, and lists it', async () => {
    const res = await put('cb/2025-07/transparency.publishOnTime', {
      numerator: 7,
      denominator: 9,
      note: 'CSDL',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Loose).periodInput).toMatchObject({
      unit: 'cb',
      month: '2025-07',
      indicator: 'transparency.publishOnTime',
      numerator: 7,
      denominator: 9,
      note: 'CSDL',
    });
    const args = ['period-inputs', 'set', '--unit', 'cb', '--indicator', 'transparency.publicUpdateOnTime'];
    expect(await cli(...args, '--month', '2025-07', '--numerator', '5', '--denominator', '8')).toBe(0);
    expect(out.join('\n')).toContain('cb 2025-07 transparency.publicUpdateOnTime = 5/8 (admin CLI');
    const list = (await (await get('unit=cb&from=2025-07&to=2025-07')).json()) as Loose;
    expect(
      list.periodInputs.map((input: Loose) => [input.indicator, input.numerator, input.denominator]),
    ).toEqual([
      ['transparency.publicUpdateOnTime', 5, 8],
      ['transparency.publishOnTime', 7, 9],
    ]);
    out = [];
    expect(await cli('period-inputs', 'list', '--unit', 'cb', '--from', '2025-07', '--to', '2025-07')).toBe(
      0,
    );
    expect(out[0]).toMatch(/^2025-07\ttransparency\.publicUpdateOnTime\t5\/8\tadmin CLI\t/);
  });

  it('refuses, naming the field in both languages and storing nothing: a numerator above the denominator, a fraction, a value, a missing count, a non-root unit', async () => {
    const bad = [
      [
        'cb/2025-08/transparency.publicContentFull',
        { numerator: 9, denominator: 8 },
        'numerator',
        'must not exceed',
      ],
      [
        'cb/2025-08/transparency.publicContentFull',
        { numerator: 1.5, denominator: 8 },
        'numerator',
        'whole number',
      ],
      [
        'cb/2025-08/transparency.publicContentFull',
        { numerator: -1, denominator: 8 },
        'numerator',
        'at least 0',
      ],
      ['cb/2025-08/transparency.publicContentFull', { value: 2 }, 'value', 'not taken'],
      ['cb/2025-08/transparency.publicContentFull', { numerator: 3 }, 'denominator', 'required'],
      ['cb/2025-08/i5', { numerator: 1, denominator: 2 }, 'value', 'required'],
      [
        'cb-d1-c1/2025-08/transparency.publicContentFull',
        { numerator: 1, denominator: 2 },
        'unit',
        'province',
      ],
    ] as const;
    for (const [path, body, field, words] of bad) {
      const res = await put(path, body);
      expect(res.status, path + JSON.stringify(body)).toBe(422);
      const answer = JSON.stringify(await res.json());
      expect(answer).toContain(field);
      expect(answer).toContain(words);
      expect(answer).toMatch(/không|bắt buộc|tối thiểu|số nguyên|chỉ/);
    }
    expect(await listPeriodInputs(stack.deps.store, 'cb', '2025-08', '2025-08')).toEqual([]);
    expect(await listPeriodInputs(stack.deps.store, 'cb-d1-c1', '2025-08', '2025-08')).toEqual([]);
    const args = [
      'period-inputs',
      'set',
      '--unit',
      'cb',
      '--month',
      '2025-08',
      '--indicator',
      'transparency.publishOnTime',
    ];
    expect(await cli(...args, '--numerator', '4', '--denominator', '3')).toBe(1);
    expect(err.join('\n')).toContain('must not exceed');
  });

  it('refuses (409) a final month, through the API and the CLI, as every period input', async () => {
    const res = await put('cb/2025-06/transparency.publishOnTime', { numerator: 1, denominator: 2 });
    expect(res.status).toBe(409);
    const args = [
      'period-inputs',
      'set',
      '--unit',
      'cb',
      '--month',
      '2025-06',
      '--indicator',
      'transparency.publishOnTime',
    ];
    expect(await cli(...args, '--numerator', '1', '--denominator', '2')).toBe(1);
    expect(err.join('\n')).toContain('final');
    expect(await listPeriodInputs(stack.deps.store, 'cb', '2025-06', '2025-06')).toEqual([]);
  });

  it("sums the months of a period and shows the province's figures on every unit", async () => {
    // July as recorded above (7/9, 5/8) and May written as history (a final month's import).
    const key = `k-${randomUUID()}`;
    await createApiKey(stack.deps.store, key, { name: 'reader', unit: 'cb', permissions: ['scores:read'] });
    const { putPeriodInput } = await import('../../shared/storage/period-inputs');
    await putPeriodInput(
      stack.deps.store,
      { unit: 'cb', month: '2025-05', indicator: 'transparency.publishOnTime', numerator: 3, denominator: 3 },
      'test',
      now,
      { history: true },
    );
    const units = createUnitDirectory(stack.deps.store);
    const targets = await Promise.all(['cb', 'cb-d1', 'cb-d2-c1'].map((id) => units.get(id)));
    const deps = { store: stack.deps.store, units, now: () => now };
    const read = await readScoreCounts(deps, targets, '2025-05-01', '2025-07-31', 'month');
    for (const unit of read.units) {
      // 1.1 over May–July: (3 + 7) / (3 + 9), two months recorded; 1.2 July alone 5 / 8; 1.3 none.
      expect(unit.total['transparency.publishOnTime:numerator']).toBe(10);
      expect(unit.total['transparency.publishOnTime:denominator']).toBe(12);
      expect(unit.total['transparency.publishOnTime:months']).toBe(2);
      expect(unit.groups.map((group) => group.counts['transparency.publishOnTime:numerator'] ?? 0)).toEqual([
        3, 0, 7,
      ]);
      const card = qd766(unit.total, { minN: 30 });
      const [publish, update, content] = card.groups.transparency.metrics;
      // 6 × 10/12 = 5; 4 × 5/8 = 2.5; 1.3 unknown: the group is partial.
      expect([publish!.score, update!.score, content!.score]).toEqual([5, 2.5, null]);
      expect(card.groups.transparency.missing).toContain('transparency.publicContentFull');
    }
    const totals = await readScoreTotals(deps, targets, [{ from: '2025-07-01', to: '2025-07-31' }]);
    expect(totals.totals[0]!.map((counts) => counts['transparency.publicUpdateOnTime:numerator'])).toEqual([
      5, 5, 5,
    ]);
    // A July cut by the range still counts the month's figure whole.
    const cut = await readScoreCounts(deps, targets.slice(2), '2025-07-15', '2025-07-20');
    expect(cut.units[0]!.total['transparency.publishOnTime:denominator']).toBe(9);
  });

  it('records a commune offering electronic certified copies, keeps it on a re-import, and counts it per subtree', async () => {
    expect(await cli('units', 'set', '--unit', 'cb-d1-c1', '--electronic-certified-copy', 'true')).toBe(0);
    expect(await cli('units', 'set', '--unit', 'cb-d1-c2', '--electronic-certified-copy', 'false')).toBe(0);
    expect(out.join('\n')).toContain('cb-d1-c2: electronicCertifiedCopy = false');
    // Not a commune, or no such value: refused, nothing changed.
    expect(await cli('units', 'set', '--unit', 'cb-d1', '--electronic-certified-copy', 'true')).toBe(1);
    expect(await cli('units', 'set', '--unit', 'cb-d2-c1', '--electronic-certified-copy', 'yes')).toBe(1);
    expect(err.join('\n')).toContain('not a commune');
    expect(err.join('\n')).toContain('true, false or unset');
    // A re-import without the field keeps the setting, as it keeps codes.
    await importUnits(stack.deps.store, [
      { id: 'cb-d1-c1', name: 'Xã Một Một', kind: 'commune', parent: 'cb-d1' },
    ]);
    const stored = new Map((await listUnits(stack.deps.store)).map((unit) => [unit.id, unit]));
    expect(stored.get('cb-d1-c1')!.electronicCertifiedCopy).toBe(true);
    expect(stored.get('cb-d1-c2')!.electronicCertifiedCopy).toBe(false);
    expect(stored.get('cb-d2-c1')!.electronicCertifiedCopy).toBeUndefined();
    const units = createUnitDirectory(stack.deps.store);
    const targets = await Promise.all(
      ['cb', 'cb-d1', 'cb-d1-c2', 'cb-d2', 'cb-d2-c1'].map((id) => units.get(id)),
    );
    const read = await readScoreCounts(
      { store: stack.deps.store, units },
      targets,
      '2025-07-01',
      '2025-07-31',
    );
    // cb and cb-d1: 1 of 2 recorded communes; cb-d1-c2: 0 of 1; cb-d2 and its commune: none recorded.
    expect(
      read.units.map((unit) => [
        unit.total.certifiedCopyCommunesOffering ?? 0,
        unit.total.certifiedCopyCommunes ?? 0,
      ]),
    ).toEqual([
      [1, 2],
      [1, 2],
      [0, 1],
      [0, 0],
      [0, 0],
    ]);
    // The scorecard: 2 × 1/2 = 1; 2 × 0/1 = 0; none recorded: 0/0 → 2, as the portal shows it.
    const counted = { received: 1, scorecardCounted: 1 };
    const certified = (index: number) =>
      qd766({ ...read.units[index]!.total, ...counted }, { minN: 30 }).groups.digitized.metrics.at(-1)!.score;
    expect([certified(0), certified(2), certified(3)]).toEqual([1, 0, 2]);
    expect(await cli('units', 'set', '--unit', 'cb-d1-c2', '--electronic-certified-copy', 'unset')).toBe(0);
    expect(
      (await listUnits(stack.deps.store)).find((unit) => unit.id === 'cb-d1-c2')!.electronicCertifiedCopy,
    ).toBeUndefined();
  });
});
