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
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import autocannon from 'autocannon';
import { ROOT } from '../infra/build';
import { writeResult } from './support';

const PHASES = Number(process.env.SOAK_PHASES ?? 5);
const SECONDS = Number(process.env.SOAK_SECONDS ?? 30);
const DOSSIERS = Number(process.env.SOAK_DOSSIERS ?? 3_000);
const KEY = 'bench-soak-admin-key-0123456789';
const TABLE = 'hailong-soak';

type ToChild = { type: 'heap'; snapshot?: string } | { type: 'stop' };
type FromChild =
  | { type: 'ready'; endpoint?: string; url?: string; getPath?: string; postPaths?: string[] }
  | { type: 'heap'; heapUsed: number }
  | { type: 'stopped' };

function answerHeaps(onStop: () => Promise<void>) {
  process.on('message', (message: ToChild) => {
    if (message.type === 'heap') {
      globalThis.gc?.();
      globalThis.gc?.();
      if (message.snapshot) writeHeapSnapshot(message.snapshot);
      process.send!({ type: 'heap', heapUsed: process.memoryUsage().heapUsed } satisfies FromChild);
    } else {
      void onStop().then(() => (process.send!({ type: 'stopped' } satisfies FromChild), process.exit(0)));
    }
  });
}

// ——— child: dynalite alone ———
async function dbMain(path: string): Promise<void> {
  const { ensureTable, startDynalite } = await import('../local/dynalite');
  // On disk (LevelDB), as `npm start` and the load run keep it; in memory dynalite would hold every
  // item in the JS heap.
  const dynamo = await startDynalite({ path });
  await ensureTable(dynamo.endpoint, TABLE);
  answerHeaps(() => dynamo.close());
  process.send!({ type: 'ready', endpoint: dynamo.endpoint } satisfies FromChild);
}

// ——— child: the app over that dynalite ———
async function appMain(endpoint: string): Promise<void> {
  const { serve } = await import('@hono/node-server');
  const { createLocalApp } = await import('../local/app');
  const { parseConfig } = await import('../shared/config');
  const { createKeyring, staticKeyringSource } = await import('../shared/keyring');
  const { createDocumentClient } = await import('../shared/storage/client');
  const { importUnits } = await import('../shared/storage/units');
  const { putProcedures } = await import('../shared/storage/procedures');
  const { createApiKey } = await import('../shared/storage/api-keys');
  const { drainBeforeClose } = await import('./drain');
  const db = createDocumentClient({ endpoint });
  const drained = drainBeforeClose(db);
  const deps = {
    store: { db, tableName: TABLE },
    config: parseConfig({ TABLE_NAME: TABLE, PUBLIC_DASHBOARD: 'on' }),
    keyring: staticKeyringSource(createKeyring()),
    now: () => new Date(),
  };
  await importUnits(deps.store, [
    { id: 'cb', name: 'Tỉnh Cao Bằng', kind: 'province', parent: null },
    { id: 'cb-h1', name: 'Huyện Một', kind: 'district', parent: 'cb' },
    ...Array.from({ length: 8 }, (_, i) => ({
      id: `cb-h1-x${i}`,
      name: `Xã ${i}`,
      kind: 'commune' as const,
      parent: 'cb-h1',
    })),
  ]);
  await putProcedures(deps.store, [
    { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 5 },
  ]);
  await createApiKey(deps.store, KEY, { name: 'soak', unit: 'cb', permissions: ['admin'] });
  const app = createLocalApp(deps);
  const now = Date.now();
  const paths: string[] = [];
  for (let start = 0; start < DOSSIERS + 1; start += 100) {
    const res = await app.request('http://127.0.0.1/v1/dossiers', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        dossiers: Array.from({ length: 100 }, (_, i) => ({
          code: `SOAK-${start + i}`,
          unit: `cb-h1-x${(start + i) % 8}`,
          procedure: '1.001193',
          applicantType: 'citizen',
          channel: 'counter',
          receivedAt: new Date(now - 4 * 86_400_000).toISOString(),
          dueAt: new Date(now + 86_400_000).toISOString(),
          returnedAt: new Date(now - 3_600_000).toISOString(),
        })),
      }),
    });
    if (res.status !== 201) throw new Error(`registration: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { dossiers: { ratingUrl: string }[] };
    paths.push(...body.dossiers.map((dossier) => new URL(dossier.ratingUrl).pathname));
  }
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  answerHeaps(async () => {
    await drained();
    await new Promise((resolve) => server.close(resolve));
    db.destroy();
  });
  process.send!({
    type: 'ready',
    url: `http://127.0.0.1:${port}`,
    getPath: paths[0]!,
    postPaths: paths.slice(1),
  } satisfies FromChild);
}

// ——— parent ———
function next<T extends FromChild['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromChild) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message as Extract<FromChild, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`child exited (${code})`)));
  });
}

const start = (role: string, args: string[] = []) =>
  fork(join(ROOT, 'bench', 'heap-soak.ts'), args, {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, SOAK_ROLE: role },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

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
  const dir = await mkdtemp(join(tmpdir(), 'hailong-soak-'));
  const db = start('db', [join(dir, 'db')]);
  let app: ChildProcess | undefined;
  try {
    const { endpoint } = await next(db, 'ready');
    app = start('app', [endpoint!]);
    console.log(`registering ${DOSSIERS + 1} dossiers…`);
    const ready = await next(app, 'ready');
    const children = { app, db } as const;
    const heaps = async (snapshot?: string) => {
      const out: Record<string, number> = {};
      for (const [name, child] of Object.entries(children)) {
        child.send({
          type: 'heap',
          ...(snapshot ? { snapshot: join(dir, `${name}-${snapshot}.heapsnapshot`) } : {}),
        });
        out[name] = Math.round(((await next(child, 'heap')).heapUsed / 1024 / 1024) * 10) / 10;
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
    for (const child of [app, db]) {
      child.send({ type: 'stop' });
      await next(child, 'stopped');
    }
  } finally {
    for (const child of [app, db]) if (child && child.exitCode === null) child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const role = process.env.SOAK_ROLE;
  const run = role === 'db' ? dbMain(process.argv[2]!) : role === 'app' ? appMain(process.argv[2]!) : main();
  run.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
