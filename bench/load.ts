/**
 * Load on the local server (DESIGN §7, issue #8): autocannon at concurrency 20 for 20 s on
 * `GET /r/{token}`, `POST /r/{token}` (a distinct dossier per request) and `GET /v1/scores`, reporting
 * throughput, p50, p99, errors and the server's JS heap after a full GC at the start and the end.
 *
 * The server runs in a child process (started with --expose-gc) on a fresh data directory with no
 * demo, so the load generator does not share its event loop or its heap; the child registers the
 * dossiers first and answers heap readings over IPC. `LOAD_SECONDS` shortens the runs for a smoke test.
 * Only 127.0.0.1 is targeted.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon, { type AutocannonResult } from 'autocannon';
import { ROOT } from '../infra/build';
import { drainBeforeClose } from './drain';
import { writeResult } from './support';

const CONNECTIONS = 20;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
/** Distinct dossiers for the POST run: well above what 20 s rate here (about 60 a second on 2 shared cores). */
const POST_DOSSIERS = Number(process.env.LOAD_DOSSIERS ?? 4_000);
const KEY = 'bench-load-admin-key-0123456789';

type ToServer = { type: 'heap' } | { type: 'aggregate' } | { type: 'stop' };
type FromServer =
  | { type: 'ready'; url: string; getPath: string; postPaths: string[]; scoresPath: string }
  | { type: 'heap'; heapUsed: number }
  | { type: 'aggregated' };

// ——— the server side (child process) ———

async function serverMain(dataDir: string): Promise<void> {
  const { startLocalServer } = await import('../local/server');
  const { parseConfig } = await import('../shared/config');
  const { importUnits } = await import('../shared/storage/units');
  const { putProcedures } = await import('../shared/storage/procedures');
  const { createApiKey } = await import('../shared/storage/api-keys');
  const { aggregateDays } = await import('../shared/aggregation/run');
  const { localDay, addDays } = await import('../shared/time');
  const send = (message: FromServer) => process.send!(message);

  const config = parseConfig({ HAILONG_DEMO: 'off', HAILONG_DATA_DIR: dataDir, HAILONG_DEMO_API_KEY: KEY });
  const server = await startLocalServer({ config, dataDir, port: 0, hostname: '127.0.0.1', print: () => {} });
  const store = server.deps.store;
  const drained = drainBeforeClose(store.db);
  await importUnits(store, [
    { id: 'cb', name: 'Tỉnh Cao Bằng', kind: 'province', parent: null },
    { id: 'cb-h1', name: 'Huyện Một', kind: 'district', parent: 'cb' },
    ...Array.from({ length: 8 }, (_, i) => ({
      id: `cb-h1-x${i}`,
      name: `Xã ${i}`,
      kind: 'commune' as const,
      parent: 'cb-h1',
    })),
  ]);
  await putProcedures(store, [
    { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 5 },
  ]);
  await createApiKey(store, `${KEY}-w`, { name: 'bench', unit: 'cb', permissions: ['admin'] });

  const now = Date.now();
  const register = async (start: number, count: number): Promise<string[]> => {
    const res = await fetch(`${server.url}/v1/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}-w`, 'content-type': 'application/json' },
      body: JSON.stringify({
        dossiers: Array.from({ length: count }, (_, i) => ({
          code: `LOAD-${start + i}`,
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
    return body.dossiers.map((dossier) => new URL(dossier.ratingUrl).pathname);
  };
  const paths: string[] = [];
  const batches = Array.from({ length: Math.ceil((POST_DOSSIERS + 1) / 100) }, (_, i) => i * 100);
  for (let i = 0; i < batches.length; i += 4) {
    const chunk = await Promise.all(batches.slice(i, i + 4).map((start) => register(start, 100)));
    paths.push(...chunk.flat());
  }
  const today = localDay(new Date());
  send({
    type: 'ready',
    url: server.url,
    getPath: paths[0]!,
    postPaths: paths.slice(1),
    scoresPath: `/v1/scores?unit=cb&from=${addDays(today, -30)}&to=${today}&method=tt01&groupBy=day`,
  });
  process.on('message', (message: ToServer) => {
    if (message.type === 'heap') {
      globalThis.gc?.();
      globalThis.gc?.();
      send({ type: 'heap', heapUsed: process.memoryUsage().heapUsed });
    } else if (message.type === 'aggregate') {
      void aggregateDays(store, [today], {}).then(() => send({ type: 'aggregated' }));
    } else {
      // The load generator has stopped its clients; requests the server still serves finish first.
      void drained()
        .then(() => server.close())
        .then(() => process.exit(0));
    }
  });
}

// ——— the load generator ———

function nextMessage<T extends FromServer['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<FromServer, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: FromServer) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      resolve(message as Extract<FromServer, { type: T }>);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
}

interface Row {
  scenario: string;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

function row(scenario: string, result: AutocannonResult): Row {
  return {
    scenario,
    requests: result.requests.total,
    throughput: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hailong-load-'));
  const child = fork(join(ROOT, 'bench', 'load.ts'), [dataDir], {
    execArgv: ['--expose-gc', '--import', 'tsx'],
    env: { ...process.env, LOAD_ROLE: 'server' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    console.log(`registering ${POST_DOSSIERS + 1} dossiers…`);
    const ready = await nextMessage(child, 'ready');
    const heap = async () => {
      child.send({ type: 'heap' } satisfies ToServer);
      return (await nextMessage(child, 'heap')).heapUsed;
    };
    const heapStart = await heap();
    const rows: Row[] = [];

    console.log(`GET /r/{token}: ${CONNECTIONS} connections, ${SECONDS} s…`);
    rows.push(
      row(
        'GET /r/{token}',
        await autocannon({
          url: `${ready.url}${ready.getPath}`,
          connections: CONNECTIONS,
          duration: SECONDS,
        }),
      ),
    );

    console.log(`POST /r/{token}, a distinct dossier per request…`);
    let next = 0;
    const body = JSON.stringify({ overall: 2, i3: 2, i4: 1, i7: 2, comment: 'Nhanh, cán bộ nhiệt tình' });
    const posted = await autocannon({
      url: ready.url,
      connections: CONNECTIONS,
      duration: SECONDS,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          setupRequest: (request) => ({ ...request, path: ready.postPaths[next++ % ready.postPaths.length] }),
        },
      ],
    });
    rows.push(row('POST /r/{token}', posted));
    if (next > ready.postPaths.length) {
      console.log(
        `! ${next} POSTs for ${ready.postPaths.length} dossiers: the repeats answered 409; raise LOAD_DOSSIERS`,
      );
    }

    child.send({ type: 'aggregate' } satisfies ToServer);
    await nextMessage(child, 'aggregated');
    console.log('GET /v1/scores (tt01 by day over 31 days, after the day was aggregated)…');
    rows.push(
      row(
        'GET /v1/scores',
        await autocannon({
          url: `${ready.url}${ready.scoresPath}`,
          connections: CONNECTIONS,
          duration: SECONDS,
          headers: { authorization: `Bearer ${KEY}-w` },
        }),
      ),
    );
    const heapEnd = await heap();

    const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
    console.log('\n| scenario | requests | req/s | p50 ms | p99 ms | errors | non-2xx |');
    console.log('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rows) {
      console.log(
        `| ${r.scenario} | ${r.requests} | ${r.throughput} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} |`,
      );
    }
    console.log(
      `\nJS heap after GC: ${mb(heapStart)} MB at start, ${mb(heapEnd)} MB at end (ratio ${(heapEnd / heapStart).toFixed(2)})`,
    );
    writeResult('load', {
      connections: CONNECTIONS,
      seconds: SECONDS,
      rows,
      heapAfterGc: {
        startMb: mb(heapStart),
        endMb: mb(heapEnd),
        ratio: Math.round((heapEnd / heapStart) * 100) / 100,
      },
    });
    child.send({ type: 'stop' } satisfies ToServer);
    await new Promise((resolve) => child.once('exit', resolve));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const run = process.env.LOAD_ROLE === 'server' ? serverMain(process.argv[2]!) : main();
  run.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
