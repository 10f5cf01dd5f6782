/**
 * The dashboard's budgets (DESIGN §7): every page one response of at most 60 KB, reading a bounded
 * number of items; and the XLSX library chosen by measurement (bundle weight and import time).
 *
 * - the demo province (`npm start`'s: 38 units, 2,400 dossiers over 90 days), aggregated by the
 *   nightly handler; each page fetched signed in, its bytes (raw, gzip) and the DynamoDB requests and
 *   items it read counted at the client;
 * - a province with 120 communes under it (the size of the peer dashboard's 119-unit ranking), for the
 *   ranking pages' worst case;
 * - the two XLSX candidates bundled with the api function's settings; import time is the median of
 *   fresh Node processes.
 *
 *   npx tsx bench/dashboard.ts        (`DASHBOARD_COMMUNES=12` shrinks the wide province for a smoke test)
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { createAggregateHandler } from '../functions/aggregate/handler';
import { buildBundle, buildFunction, ROOT } from '../infra/build';
import { createLocalApp } from '../local/app';
import { DEMO_PROVINCE, loadDemo } from '../local/demo';
import type { AppDeps } from '../shared/http/deps';
import { createApiKey } from '../shared/storage/api-keys';
import { addDays, localDay } from '../shared/time';
import {
  benchStack,
  countingStore,
  dashboardSession,
  machine,
  median,
  printTable,
  putRatedDossier,
  round,
  seedProvince,
  sizes,
  writeResult,
} from './support';

export const PAGE_BUDGET_BYTES = 60 * 1024;
const KEY = 'bench-dashboard-key-0123456789';
/** The wide province's communes; `DASHBOARD_COMMUNES` shrinks it for a smoke test. */
const WIDE_COMMUNES = Number(process.env.DASHBOARD_COMMUNES ?? 120);

async function aggregate(deps: AppDeps, from: string, to: string) {
  const handler = createAggregateHandler({
    store: deps.store,
    now: deps.now,
    logger: new Logger({ logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'hailong-bench' }),
  });
  await handler({ from, to }, {} as Context);
}

/** Signs in through the form and fetches each page; answers a row per page. */
async function measurePages(deps: AppDeps, scenario: string, paths: string[]) {
  const counting = countingStore(deps.store);
  const app = createLocalApp({ ...deps, store: counting.store });
  const cookie = await dashboardSession(app, KEY);
  const rows = [];
  for (const path of paths) {
    // A first request warms the unit directory's cache, as a running function has it.
    await app.request(path, { headers: { cookie } });
    counting.counter.requests = 0;
    counting.counter.items = 0;
    const res = await app.request(path, { headers: { cookie } });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
    rows.push({
      scenario,
      page: path.split('?')[0]!,
      bytes: body.length,
      gzipBytes: gzipSync(body).length,
      budgetShare: round(body.length / PAGE_BUDGET_BYTES, 2),
      requests: counting.counter.requests,
      itemsRead: counting.counter.items,
    });
  }
  return rows;
}

async function demoProvince() {
  const now = new Date();
  const { deps, close } = await benchStack(now, 'bench-dash');
  try {
    await loadDemo(deps.store, { now, linkTtlDays: 30, retentionDays: 1095 });
    await createApiKey(deps.store, KEY, { name: 'bench', unit: DEMO_PROVINCE, permissions: ['admin'] });
    const today = localDay(now);
    await aggregate(deps, addDays(today, -91), today);
    const range = `period=custom&from=${addDays(today, -89)}&to=${today}`;
    const commune = 'phuong-thuc-phan';
    return await measurePages(deps, 'demo province (38 units)', [
      `/dashboard?${range}`,
      `/dashboard/units/${commune}?${range}`,
      `/dashboard/feedback?${range}`,
      `/dashboard/skills?${range}`,
      `/public?${range}`,
      `/dashboard/reports/satisfaction.xlsx?unit=${DEMO_PROVINCE}&from=${addDays(today, -89)}&to=${today}`,
    ]);
  } finally {
    await close();
  }
}

/** A province with 120 communes (`WIDE_COMMUNES`), each with rated dossiers on one day: the widest ranking. */
async function wideProvince() {
  const now = new Date('2025-06-01T03:00:00Z');
  const { deps, close } = await benchStack(now, 'bench-dash');
  try {
    const communes = Array.from({ length: WIDE_COMMUNES }, (_, index) => ({
      id: `xa-${String(index + 1).padStart(3, '0')}`,
      name: `Xã Thử Nghiệm Số ${index + 1} (Huyện Bảo Lâm)`,
      kind: 'commune' as const,
      parent: 'tinh',
    }));
    await seedProvince(
      deps.store,
      [{ id: 'tinh', name: 'Tỉnh Thử Nghiệm', kind: 'province', parent: null }, ...communes],
      KEY,
    );
    const day = '2025-05-12';
    for (const commune of communes) {
      for (let index = 0; index < 4; index++) {
        const score = (index % 3) as 0 | 1 | 2;
        await putRatedDossier(
          deps.store,
          { code: `${commune.id}-${index}`, unit: commune.id, day, late: index === 3 },
          { score, ...(score === 0 ? { reason: 'slow' as const } : {}) },
        );
      }
    }
    await aggregate(deps, day, day);
    const range = `period=custom&from=2025-05-01&to=2025-05-31`;
    return await measurePages(deps, `province of ${WIDE_COMMUNES} communes`, [
      `/dashboard?${range}`,
      `/public?${range}`,
    ]);
  } finally {
    await close();
  }
}

const IMPORT_TIMER = `
const start = performance.now();
const module = await import(process.argv[1]);
const elapsed = performance.now() - start;
await module.handler();
process.stdout.write(String(elapsed));
`;

function xlsxLibraries() {
  const rows = [];
  for (const library of ['write-excel-file', 'exceljs']) {
    const bundle = buildBundle(`bench/xlsx/${library}.ts`, join(ROOT, 'dist', 'bench', `xlsx-${library}`));
    const times = Array.from({ length: 7 }, () => {
      const result = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', IMPORT_TIMER, pathToFileURL(bundle.file).href],
        {
          encoding: 'utf8',
        },
      );
      if (result.status !== 0) throw new Error(`importing ${library} failed: ${result.stderr}`);
      return Number(result.stdout);
    });
    const size = sizes(bundle);
    rows.push({
      library,
      bundleBytes: size.loadedBytes,
      gzipBytes: size.loadedGzipBytes,
      importMs: round(median(times), 1),
    });
  }
  const api = sizes(buildFunction('api'));
  return { rows, api: { loadedBytes: api.loadedBytes, loadedGzipBytes: api.loadedGzipBytes } };
}

async function main() {
  const pages = [...(await demoProvince()), ...(await wideProvince())];
  printTable(pages);
  const over = pages.filter((row) => !row.page.endsWith('.xlsx') && row.bytes > PAGE_BUDGET_BYTES);
  const xlsx = xlsxLibraries();
  printTable(xlsx.rows);
  console.log(
    `api function bundle (with the dashboard and write-excel-file): ${xlsx.api.loadedBytes} B, ${xlsx.api.loadedGzipBytes} B gzip`,
  );
  const file = writeResult('dashboard', {
    machine: machine(),
    pageBudgetBytes: PAGE_BUDGET_BYTES,
    pages,
    xlsx,
  });
  console.log(`written ${file}`);
  if (over.length > 0) {
    console.error(
      `over the ${PAGE_BUDGET_BYTES}-byte page budget: ${over.map((row) => row.page).join(', ')}`,
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
