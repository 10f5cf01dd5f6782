/**
 * Load on the local server (DESIGN §7, issue #8): autocannon at concurrency 20 for 20 s on
 * `GET /r/{token}`, `POST /r/{token}` (a distinct dossier per request) and `GET /v1/scores` (a standard period), reporting
 * throughput, p50, p99, errors and the server's JS heap after a full GC at the start and the end.
 *
 * The server runs in a child process (started with --expose-gc) on a fresh data directory with no
 * demo, so the load generator does not share its event loop or its heap; the child registers the
 * dossiers first and answers heap readings over IPC. `LOAD_SECONDS` shortens the runs for a smoke test.
 * Only 127.0.0.1 is targeted.
 */
import autocannon, { type AutocannonResult } from 'autocannon';
import {
  answerParent,
  forkBenchChild,
  printMarkdownTable,
  registerForRating,
  runBench,
  seedLoadProvince,
  summarise,
  withTempDir,
  writeResult,
} from './support';

const CONNECTIONS = 20;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 20);
/** Distinct dossiers for the POST run: well above what 20 s rate here (about 60 a second on 2 shared cores). */
const POST_DOSSIERS = Number(process.env.LOAD_DOSSIERS ?? 4_000);
const KEY = 'bench-load-admin-key-0123456789';

type FromServer =
  | { type: 'ready'; url: string; getPath: string; postPaths: string[]; scoresPath: string }
  | { type: 'aggregated' };

// ——— the server side (child process) ———

async function serverMain(dataDir: string): Promise<void> {
  const { startLocalServer } = await import('../local/server');
  const { parseConfig } = await import('../shared/config');
  const { aggregateDays } = await import('../shared/aggregation/run');
  const { localDay } = await import('../shared/time');
  const send = (message: FromServer) => process.send!(message);

  const config = parseConfig({ HAILONG_DEMO: 'off', HAILONG_DATA_DIR: dataDir, HAILONG_DEMO_API_KEY: KEY });
  const server = await startLocalServer({ config, dataDir, port: 0, hostname: '127.0.0.1', print: () => {} });
  const store = server.deps.store;
  const today = localDay(new Date());
  answerParent({
    drain: store.db,
    close: () => server.close(),
    onMessage: (message) => {
      if (message.type === 'aggregate') {
        void aggregateDays(store, [today], {}).then(() => send({ type: 'aggregated' }));
      }
    },
  });
  await seedLoadProvince(store, { secret: `${KEY}-w`, name: 'bench' });
  const paths = await registerForRating(fetch, {
    origin: server.url,
    key: `${KEY}-w`,
    prefix: 'LOAD',
    count: POST_DOSSIERS + 1,
    parallel: 4,
  });
  send({
    type: 'ready',
    url: server.url,
    getPath: paths[0]!,
    postPaths: paths.slice(1),
    // The month to date, a standard period (its figure sheet): a custom range is paced to 30 a minute
    // per key (shared/storage/limits.ts), so a load of it measures the 429 (bench/sheets.ts times those).
    scoresPath: `/v1/scores?unit=cb&from=${today.slice(0, 8)}01&to=${today}&method=tt01`,
  });
}

// ——— the load generator ———

function row(scenario: string, result: AutocannonResult) {
  const { max: _max, ...summary } = summarise(result);
  return { scenario, ...summary };
}

async function main(): Promise<void> {
  await withTempDir('hailong-load-', async (dataDir) => {
    const server = forkBenchChild<FromServer>('load.ts', 'server', [dataDir], { exposeGc: true });
    try {
      console.log(`registering ${POST_DOSSIERS + 1} dossiers…`);
      const ready = await server.next('ready');
      const heapStart = await server.heap();
      const rows: ReturnType<typeof row>[] = [];

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
            setupRequest: (request) => ({
              ...request,
              path: ready.postPaths[next++ % ready.postPaths.length],
            }),
          },
        ],
      });
      rows.push(row('POST /r/{token}', posted));
      if (next > ready.postPaths.length) {
        console.log(
          `! ${next} POSTs for ${ready.postPaths.length} dossiers: the repeats answered 409; raise LOAD_DOSSIERS`,
        );
      }

      server.send({ type: 'aggregate' });
      await server.next('aggregated');
      console.log('GET /v1/scores (tt01, the month to date, after the day was aggregated)…');
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
      const heapEnd = await server.heap();

      const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
      console.log('');
      printMarkdownTable(rows, [
        ['scenario', 'scenario'],
        ['requests', 'requests'],
        ['req/s', 'throughput'],
        ['p50 ms', 'p50'],
        ['p99 ms', 'p99'],
        ['errors', 'errors'],
        ['non-2xx', 'non2xx'],
      ]);
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
      // The clients have stopped (autocannon resolved); the server drains, then stops.
      await server.stop();
    } finally {
      server.kill();
    }
  });
}

runBench(import.meta.url, main, { server: serverMain });
