/**
 * A longer soak that tells dynalite's in-memory state from a leak of ours (issue 25, DESIGN §7 "memory
 * of the JS heap flat"). `npm run bench`'s load run has the app and dynalite in one process, so its
 * heap reading mixes both. Here they run in two child processes (both with --expose-gc): `db` holds
 * dynalite alone, `app` the local app (createLocalApp, the same one `npm start` serves) over it. The
 * parent drives GET and POST `/r/{token}` (a distinct dossier per POST, repeats answer 409) and GET
 * `/public` at concurrency 10 in phases; after each phase both children collect garbage twice and
 * report their heap; after the first (warm-up) and the last phase they write heap snapshots, and the
 * parent compares them by constructor (count and self size) to name what grew.
 *
 *   npx tsx bench/heap-soak.ts        (SOAK_PHASES=5 SOAK_SECONDS=30 by default; a few minutes)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import autocannon from 'autocannon';
import {
  answerParent,
  type BenchChild,
  forkBenchChild,
  registerForRating,
  runBench,
  seedLoadProvince,
  withTempDir,
  writeResult,
} from './support';

const PHASES = Number(process.env.SOAK_PHASES ?? 5);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 30);
const DOSSIERS = Number(process.env.SOAK_DOSSIERS ?? 3_000);
const KEY = 'bench-soak-admin-key-0123456789';
const TABLE = 'hailong-soak';

type FromChild = { type: 'ready'; endpoint?: string; url?: string; getPath?: string; postPaths?: string[] };

// ——— child: dynalite alone ———
async function dbMain(path: string): Promise<void> {
  const { ensureTable, startDynalite } = await import('../local/dynalite');
  // On disk (LevelDB), as `npm start` and the load run keep it; in memory dynalite would hold every
  // item in the JS heap.
  const dynamo = await startDynalite({ path });
  await ensureTable(dynamo.endpoint, TABLE);
  answerParent({ close: () => dynamo.close() });
  process.send!({ type: 'ready', endpoint: dynamo.endpoint } satisfies FromChild);
}

// ——— child: the app over that dynalite ———
async function appMain(endpoint: string): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { createLocalApp } = await import('../local/app');
  const { parseConfig } = await import('../shared/config');
  const { createKeyring, staticKeyringSource } = await import('../shared/keyring');
  const { createDocumentClient } = await import('../shared/storage/client');
  const db = createDocumentClient({ endpoint });
  const deps = {
    store: { db, tableName: TABLE },
    config: parseConfig({ TABLE_NAME: TABLE, PUBLIC_DASHBOARD: 'on' }),
    keyring: staticKeyringSource(createKeyring()),
    now: () => new Date(),
  };
  await seedLoadProvince(deps.store, { secret: KEY, name: 'soak' });
  const app = createLocalApp(deps);
  const paths = await registerForRating(async (url, init) => app.request(url, init), {
    origin: 'http://127.0.0.1',
    key: KEY,
    prefix: 'SOAK',
    count: DOSSIERS + 1,
    parallel: 1,
  });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  answerParent({
    drain: db,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      db.destroy();
    },
  });
  process.send!({
    type: 'ready',
    url: `http://127.0.0.1:${port}`,
    getPath: paths[0]!,
    postPaths: paths.slice(1),
  } satisfies FromChild);
}

// ——— parent ———
const start = (role: string, args: string[]) =>
  forkBenchChild<FromChild>('heap-soak.ts', role, args, { exposeGc: true });

/** Count and self size by constructor of a `.heapsnapshot` (objects, closures, strings, arrays…). */
async function byConstructor(file: string): Promise<Map<string, { count: number; bytes: number }>> {
  const snapshot = JSON.parse(await readFile(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const type = types[snapshot.nodes[i + typeAt!]!]!;
    const key =
      type === 'object' || type === 'closure' ? snapshot.strings[snapshot.nodes[i + nameAt!]!]! : `(${type})`;
    const entry = out.get(key) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += snapshot.nodes[i + sizeAt!]!;
    out.set(key, entry);
  }
  return out;
}

async function compare(first: string, last: string) {
  const [a, b] = [await byConstructor(first), await byConstructor(last)];
  return [...b]
    .map(([name, after]) => {
      const before = a.get(name) ?? { count: 0, bytes: 0 };
      return { name, count: after.count - before.count, kb: Math.round((after.bytes - before.bytes) / 1024) };
    })
    .sort((x, y) => y.kb - x.kb)
    .slice(0, 12);
}

async function main(): Promise<void> {
  await withTempDir('hailong-soak-', (dir) => soak(dir));
}

async function soak(dir: string): Promise<void> {
  const db = start('db', [join(dir, 'db')]);
  let app: BenchChild<FromChild> | undefined;
  try {
    const { endpoint } = await db.next('ready');
    app = start('app', [endpoint!]);
    console.log(`registering ${DOSSIERS + 1} dossiers…`);
    const ready = await app.next('ready');
    const children = { app, db } as const;
    const heaps = async (snapshot?: string) => {
      const out: Record<string, number> = {};
      for (const [name, child] of Object.entries(children)) {
        const heapUsed = await child.heap(snapshot && join(dir, `${name}-${snapshot}.heapsnapshot`));
        out[name] = Math.round((heapUsed / 1024 / 1024) * 10) / 10;
      }
      return out;
    };
    let posted = 0;
    const phase = () =>
      Promise.all([
        autocannon({ url: `${ready.url}${ready.getPath}`, connections: 3, duration: SECONDS }),
        autocannon({ url: `${ready.url}/public`, connections: 2, duration: SECONDS }),
        autocannon({
          url: ready.url!,
          connections: 5,
          duration: SECONDS,
          requests: [
            {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ overall: 2, i3: 2, i4: 1, i7: 2, comment: 'Nhanh, cán bộ nhiệt tình' }),
              setupRequest: (request) => ({
                ...request,
                path: ready.postPaths![posted++ % ready.postPaths!.length],
              }),
            },
          ],
        }),
      ]);
    const rows: { phase: number; requests: number; errors: number; appMb: number; dbMb: number }[] = [];
    const initial = await heaps();
    console.log(`heap after GC at start: app ${initial.app} MB, dynalite ${initial.db} MB`);
    for (let i = 1; i <= PHASES; i++) {
      const results = await phase();
      const heap = await heaps(i === 1 ? 'first' : i === PHASES ? 'last' : undefined);
      const requests = results.reduce((sum, result) => sum + result.requests.total, 0);
      const errors = results.reduce((sum, result) => sum + result.errors + result.timeouts, 0);
      rows.push({ phase: i, requests, errors, appMb: heap.app!, dbMb: heap.db! });
      console.log(
        `phase ${i}: ${requests} requests, ${errors} errors; heap after GC: app ${heap.app} MB, dynalite ${heap.db} MB`,
      );
    }
    const growth = {
      app: await compare(join(dir, 'app-first.heapsnapshot'), join(dir, 'app-last.heapsnapshot')),
      db: await compare(join(dir, 'db-first.heapsnapshot'), join(dir, 'db-last.heapsnapshot')),
    };
    for (const [name, list] of Object.entries(growth)) {
      console.log(`\n${name}: growth by constructor, phase 1 → ${PHASES} (count, KB)`);
      for (const entry of list)
        console.log(
          `  ${entry.name.padEnd(40)} ${String(entry.count).padStart(8)} ${String(entry.kb).padStart(8)}`,
        );
    }
    writeResult('heap-soak', {
      date: new Date().toISOString(),
      phases: PHASES,
      secondsPerPhase: SECONDS,
      concurrency: 10,
      ratingsPosted: posted,
      initial,
      rows,
      growthByConstructor: growth,
    });
    for (const child of [app, db]) await child.stop();
  } finally {
    for (const child of [app, db]) child?.kill();
  }
}

runBench(import.meta.url, main, { db: dbMain, app: appMain });
