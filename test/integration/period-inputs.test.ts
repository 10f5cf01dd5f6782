import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import type { CliContext } from '../../local/cli/command';
import { createApiApp } from '../../functions/api/app';
import { createApiKey } from '../../shared/storage/api-keys';
import { listPeriodInputs, periodInputScores } from '../../shared/storage/period-inputs';
import { seedKey, startTestStack, type TestStack } from '../support/stack';

type Loose = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe("a unit's period inputs (i5, i6, i9) on dynalite", () => {
  let stack: TestStack;
  let app: ReturnType<typeof createApiApp>;
  let admin: string;
  let out: string[];
  let err: string[];
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
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = (query: string, key = admin) =>
    app.request(`/v1/period-inputs?${query}`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    stack = await startTestStack({ now: () => now });
    admin = await seedKey(stack.deps, 'cb-d1', ['admin']);
    app = createApiApp(stack.deps);
  });
  afterAll(() => stack.close());
  beforeEach(() => {
    out = [];
    err = [];
  });

  it('records a value with who and when through the admin CLI, and lists it', async () => {
    expect(
      await cli(
        'period-inputs',
        'set',
        '--unit',
        'cb-d1-c1',
        '--month',
        '2025-07',
        '--indicator',
        'i5',
        '--value',
        '2',
        '--note',
        'Bộ phận Một cửa đủ điều kiện',
        '--by',
        'Sở Nội vụ',
      ),
    ).toBe(0);
    expect(out.at(-1)).toContain('cb-d1-c1 2025-07 i5 = 2 (Sở Nội vụ, 2025-07-31T03:00:00.000Z)');
    out = [];
    expect(await cli('period-inputs', 'list', '--unit', 'cb-d1-c1')).toBe(0);
    expect(out).toEqual([
      '2025-07\ti5\t2\tSở Nội vụ\t2025-07-31T03:00:00.000Z\tBộ phận Một cửa đủ điều kiện',
    ]);
  });

  it('refuses a bad value or an unknown unit in the CLI, storing nothing', async () => {
    const base = ['period-inputs', 'set', '--month', '2025-06', '--indicator', 'i6'];
    expect(await cli(...base, '--unit', 'cb-d1-c1', '--value', '3')).toBe(1);
    expect(err.join('\n')).toContain('value');
    expect(await cli(...base, '--unit', 'nowhere', '--value', '1')).toBe(1);
    expect(err.join('\n')).toContain('no unit "nowhere"');
    expect(await listPeriodInputs(stack.deps.store, 'cb-d1-c1', '2025-06', '2025-06')).toEqual([]);
  });

  it("records through the admin API in the key's subtree, replacing the previous value, named after the key", async () => {
    const first = await put('cb-d1-c2/2025-07/i9', { value: 1 });
    expect(first.status).toBe(200);
    const res = await put('cb-d1-c2/2025-07/i9', { value: 2, note: 'DVC toàn trình' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Loose).periodInput).toEqual({
      unit: 'cb-d1-c2',
      month: '2025-07',
      indicator: 'i9',
      value: 2,
      note: 'DVC toàn trình',
      recordedBy: 'test cb-d1',
      recordedAt: '2025-07-31T03:00:00.000Z',
    });
    const list = (await (await get('unit=cb-d1-c2&from=2025-01&to=2025-12')).json()) as Loose;
    expect(list.periodInputs).toHaveLength(1);
    expect(await periodInputScores(stack.deps.store, 'cb-d1-c2', '2025-07')).toEqual({ i9: 2 });
  });

  it('answers 422 naming the field for a bad value, month or indicator, and 400 for bad JSON, storing nothing', async () => {
    const bad = [
      ['cb-d1-c2/2025-08/i9', { value: 5 }, 'value'],
      ['cb-d1-c2/2025-13/i9', { value: 1 }, 'month'],
      ['cb-d1-c2/2025-08/i1', { value: 1 }, 'indicator'],
      ['cb-d1-c2/2025-08/i9', { value: 1, extra: true }, 'extra'],
      ['cb-d1-c2/2025-08/i9', { value: 1, note: 'x'.repeat(501) }, 'note'],
    ] as const;
    for (const [path, body, field] of bad) {
      const res = await put(path, body);
      expect(res.status).toBe(422);
      expect(JSON.stringify(await res.json())).toContain(field);
    }
    expect((await put('cb-d1-c2/2025-08/i9', '{not json')).status).toBe(400);
    const after = (await (await get('unit=cb-d1-c2&from=2025-08&to=2025-08')).json()) as Loose;
    expect(after.periodInputs).toEqual([]);
  });

  it('refuses a unit outside the key (403), an unknown unit (404), and a key without admin (403)', async () => {
    expect((await put('cb-d2-c1/2025-07/i5', { value: 1 })).status).toBe(403);
    expect((await get('unit=cb-d2-c1')).status).toBe(403);
    expect((await put('nowhere/2025-07/i5', { value: 1 })).status).toBe(404);
    const reader = `reader-${randomUUID()}`;
    await createApiKey(stack.deps.store, reader, {
      name: 'reader',
      unit: 'cb',
      permissions: ['scores:read'],
    });
    expect((await put('cb-d1-c1/2025-07/i5', { value: 1 }, reader)).status).toBe(403);
    expect((await get('unit=cb-d1-c1', reader)).status).toBe(403);
    expect(await listPeriodInputs(stack.deps.store, 'cb-d2-c1', '2000-01', '2100-12')).toEqual([]);
  });

  it('refuses (409) a value for a month whose figures are final, in the API and the CLI, storing nothing', async () => {
    // LINK_TTL_DAYS 30: June's last links expire on 30 July, its figures final from 31 July 02:00
    // local (30 July 19:00 UTC), before now (31 July 03:00 UTC); July's are not.
    const res = await put('cb-d1-c2/2025-06/i5', { value: 2 });
    expect(res.status).toBe(409);
    const body = (await res.json()) as Loose;
    expect(body.error.en).toContain('2025-06 are final');
    expect(body.error.vi).toContain('đã chốt');
    const base = ['period-inputs', 'set', '--unit', 'cb-d1-c2', '--indicator', 'i6', '--value', '1'];
    expect(await cli(...base, '--month', '2025-06')).toBe(1);
    expect(err.join('\n')).toContain('final');
    expect(await listPeriodInputs(stack.deps.store, 'cb-d1-c2', '2025-06', '2025-06')).toEqual([]);
    expect((await put('cb-d1-c2/2025-07/i5', { value: 2 })).status).toBe(200);
  });
});
