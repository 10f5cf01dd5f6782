/**
 * Figure sheets at the largest province's size (issue 25): a province with 30 departments and 168
 * communes (198 children, Thành phố Hồ Chí Minh since 1 July 2025), a year of dossiers (one returned
 * and rated per commune and month). Per page, for the year to date (a standard period, read from the
 * sheets) and for a custom range of the same days but one (computed from the aggregates as before):
 * DynamoDB requests and items per view, and p50/p99 over repeated views; and the nightly job's extra
 * time to write the sheets.
 *
 *   npx tsx bench/sheets.ts
 *
 * `SHEETS_COMMUNES` and `SHEETS_VIEWS` shrink it for a smoke test (168 and 30 by default).
 */
import { performance } from 'node:perf_hooks';
import { aggregateDays } from '../shared/aggregation/run';
import { createLocalApp } from '../local/app';
import {
  benchStack,
  countingStore,
  dashboardSession,
  machine,
  percentile,
  printTable,
  putRatedDossier,
  round,
  seedProvince,
  writeResult,
} from './support';

const KEY = 'bench-sheets-key-0123456789abcdef';
const NOW = new Date('2025-12-31T03:00:00Z'); // 10:00 on 31 December in Hà Nội
const COMMUNES = Number(process.env.SHEETS_COMMUNES ?? 168);
const VIEWS = Number(process.env.SHEETS_VIEWS ?? 30);

async function main() {
  const { deps, close } = await benchStack(NOW, 'bench-sheets');
  try {
    const departments = Array.from({ length: 30 }, (_, at) => ({
      id: `so-${String(at + 1).padStart(2, '0')}`,
      name: `Sở Thử Nghiệm ${at + 1}`,
      kind: 'department' as const,
      parent: 'tp',
    }));
    const communes = Array.from({ length: COMMUNES }, (_, at) => ({
      id: `xa-${String(at + 1).padStart(3, '0')}`,
      name: `Phường Thử Nghiệm Số ${at + 1}`,
      kind: 'commune' as const,
      parent: 'tp',
    }));
    await seedProvince(
      deps.store,
      [
        { id: 'tp', name: 'Thành phố Thử Nghiệm', kind: 'province', parent: null },
        ...departments,
        ...communes,
      ],
      KEY,
    );
    const seeded = performance.now();
    const days: string[] = [];
    for (let month = 1; month <= 12; month++) {
      const day = `2025-${String(month).padStart(2, '0')}-12`;
      days.push(day);
      await Promise.all(
        communes.map((commune, at) =>
          putRatedDossier(
            deps.store,
            { code: `${commune.id}-${month}`, unit: commune.id, day, late: at % 4 === 3 },
            { score: ((at + month) % 3) as 0 | 1 | 2 },
          ),
        ),
      );
    }
    const seedMs = performance.now() - seeded;
    let sheets = { written: 0, durationMs: 0 };
    const aggregated = performance.now();
    await aggregateDays(deps.store, days, {
      now: () => NOW,
      onSheets: (written, durationMs) => (sheets = { written, durationMs }),
    });
    const aggregateMs = performance.now() - aggregated;

    const counting = countingStore(deps.store);
    // Custom ranges are paced (20 a minute per session, 30 per key: shared/storage/limits.ts): the
    // clock moves on a minute every 15 custom requests, so the bench measures the computation rather
    // than the 429 that protects it. Standard periods are never paced.
    let offsetMs = 0;
    let customRequests = 0;
    const paced = () => {
      if (++customRequests % 15 === 0) offsetMs += 61_000;
    };
    const app = createLocalApp({
      ...deps,
      store: counting.store,
      now: () => new Date(NOW.getTime() + offsetMs),
    });
    const cookie = { cookie: await dashboardSession(app, KEY) };
    const bearer = { authorization: `Bearer ${KEY}` };
    const ranges = {
      standard: { from: '2025-01-01', to: '2025-12-31' },
      custom: { from: '2025-01-02', to: '2025-12-31' },
    };
    const pages = (range: { from: string; to: string }): [string, string, Record<string, string>][] => {
      const q = `period=custom&from=${range.from}&to=${range.to}`;
      const api = `from=${range.from}&to=${range.to}`;
      return [
        ['/dashboard', `/dashboard?${q}`, cookie],
        ['/dashboard/units/{id}', `/dashboard/units/xa-001?${q}`, cookie],
        [
          '/dashboard/reports/satisfaction.xlsx',
          `/dashboard/reports/satisfaction.xlsx?unit=tp&${api}`,
          cookie,
        ],
        ['/v1/scores', `/v1/scores?unit=tp&${api}&method=qd766`, bearer],
        ['/v1/rankings', `/v1/rankings?parent=tp&${api}&method=qd766`, bearer],
      ];
    };
    const rows = [];
    for (const [kind, range] of Object.entries(ranges)) {
      const list = pages(range);
      // /public takes no range: its year to date is the standard period.
      if (kind === 'standard') list.push(['/public', '/public?lang=vi', {}]);
      for (const [page, path, headers] of list) {
        if (kind === 'custom') paced();
        await app.request(path, { headers }); // warms the unit directory, as a running function has it
        counting.counter.requests = 0;
        counting.counter.items = 0;
        if (kind === 'custom') paced();
        const res = await app.request(path, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        const requests = counting.counter.requests;
        const items = counting.counter.items;
        const times: number[] = [];
        for (let view = 0; view < (page === '/public' ? 1 : VIEWS); view++) {
          if (kind === 'custom') paced();
          const started = performance.now();
          const again = await app.request(path, { headers });
          await again.arrayBuffer();
          times.push(performance.now() - started);
        }
        rows.push({
          period: kind,
          page,
          requests,
          itemsRead: items,
          p50Ms: round(percentile(times, 50), 1),
          p99Ms: round(percentile(times, 99), 1),
        });
      }
    }
    printTable(rows);
    const result = {
      machine: machine(),
      province: {
        units: 1 + departments.length + communes.length,
        departments: departments.length,
        communes: communes.length,
        dossiers: communes.length * 12,
      },
      note: '/public is rendered once a minute per language in a process (issue 25 item 2): its p50/p99 is one fresh render. A session page also reads the session and its key (2 GetItems).',
      seedMs: round(seedMs, 0),
      aggregateMs: round(aggregateMs, 0),
      sheets: { written: sheets.written, durationMs: round(sheets.durationMs, 0) },
      pages: rows,
    };
    console.info(JSON.stringify(result.sheets), `aggregate ${result.aggregateMs} ms`);
    console.info(writeResult('sheets', result));
  } finally {
    await close();
  }
}

await main();
