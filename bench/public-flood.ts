/**
 * A flood of `/public` against the citizens' rating page (issue 25, DESIGN §7): on the local server with
 * the demo province (`npm start`'s, aggregated), autocannon runs
 *   1. a second client alone on `GET /r/{token}` (one connection, the rating page's p99 alone);
 *   2. 20 connections on `GET /public` for 10 s (throughput, p99, errors);
 *   3. both at once: the flood and the rating client, for the rating page's p99 under the flood.
 * Budget: the rating page's p99 under the flood within 2× its p99 alone, 0 errors.
 *
 * The server runs in a child process (as bench/load.ts does), so the load generator does not share its
 * event loop; it is stopped only after the clients have stopped and its DynamoDB requests have drained.
 * Only 127.0.0.1 is targeted. Runs alone: `npx tsx bench/public-flood.ts` or `npm run bench -- public-flood`;
 * `FLOOD_SECONDS` shortens the runs for a smoke test.
 */
import autocannon, { type AutocannonResult } from 'autocannon';
import {
  answerParent,
  forkBenchChild,
  machine,
  printMarkdownTable,
  runBench,
  summarise,
  withTempDir,
  writeResult,
} from './support';

const FLOOD_CONNECTIONS = 20;
const SECONDS = Number(process.env.FLOOD_SECONDS ?? 10);
const KEY = 'bench-flood-admin-key-0123456789';

type FromServer = { type: 'ready'; url: string; ratingPath: string };

// ——— the server side (child process) ———

async function serverMain(dataDir: string): Promise<void> {
  const { startLocalServer, findUnratedDossier } = await import('../local/server');
  const { startNightlyAggregation } = await import('../local/schedule');
  const { parseConfig } = await import('../shared/config');
  const { signToken } = await import('../shared/tokens');

  const config = parseConfig({
    HAILONG_DATA_DIR: dataDir,
    HAILONG_DEMO_API_KEY: KEY,
    PUBLIC_DASHBOARD: 'on',
  });
  const server = await startLocalServer({ config, dataDir, port: 0, hostname: '127.0.0.1', print: () => {} });
  answerParent({ drain: server.deps.store.db, close: () => server.close() });
  // The demo's days aggregated, as `npm start` does before its figures show.
  await startNightlyAggregation(server.deps, { log: () => {} }).ready;
  const dossier = await findUnratedDossier(server.deps);
  if (!dossier) throw new Error('the demo has no unrated dossier');
  const token = signToken(await server.deps.keyring.get(), dossier.rid, new Date(dossier.linkExpiresAt));
  process.send!({ type: 'ready', url: server.url, ratingPath: `/r/${token}` } satisfies FromServer);
}

// ——— the load generator ———

const row = (scenario: string, path: string, connections: number, result: AutocannonResult) => ({
  scenario,
  path,
  connections,
  ...summarise(result),
});

async function main(): Promise<void> {
  await withTempDir('hailong-flood-', async (dataDir) => {
    const server = forkBenchChild<FromServer>('public-flood.ts', 'server', [dataDir]);
    try {
      console.log('loading and aggregating the demo province…');
      const { url, ratingPath } = await server.next('ready');
      const rating = () => autocannon({ url: `${url}${ratingPath}`, connections: 1, duration: SECONDS });
      const flood = () =>
        autocannon({ url: `${url}/public`, connections: FLOOD_CONNECTIONS, duration: SECONDS });
      // Warm both pages (the unit directory, the first render) before measuring.
      await fetch(`${url}${ratingPath}`).then((res) => res.arrayBuffer());
      await fetch(`${url}/public`).then((res) => res.arrayBuffer());

      console.log(`GET /r/{token} alone, 1 connection, ${SECONDS} s…`);
      const alone = row('rating page alone', 'GET /r/{token}', 1, await rating());
      console.log(`GET /public, ${FLOOD_CONNECTIONS} connections, ${SECONDS} s…`);
      const floodAlone = row('/public flood alone', 'GET /public', FLOOD_CONNECTIONS, await flood());
      console.log('both at once…');
      const [floodBoth, ratingBoth] = await Promise.all([flood(), rating()]);
      const rows = [
        alone,
        floodAlone,
        row('/public flood, rating client beside it', 'GET /public', FLOOD_CONNECTIONS, floodBoth),
        row('rating page under the flood', 'GET /r/{token}', 1, ratingBoth),
      ];
      const ratio = Math.round((rows[3]!.p99 / Math.max(1, alone.p99)) * 100) / 100;

      console.log('');
      printMarkdownTable(rows, [
        ['scenario', 'scenario'],
        ['path', 'path'],
        ['conns', 'connections'],
        ['requests', 'requests'],
        ['req/s', 'throughput'],
        ['p50 ms', 'p50'],
        ['p99 ms', 'p99'],
        ['max ms', 'max'],
        ['errors', 'errors'],
        ['non-2xx', 'non2xx'],
      ]);
      const errors = rows.reduce((sum, r) => sum + r.errors + r.non2xx, 0);
      console.log(
        `\nrating page p99 under the flood / alone: ${ratio} (budget 2); errors and non-2xx: ${errors}`,
      );
      writeResult('public-flood', {
        machine: machine(),
        seconds: SECONDS,
        floodConnections: FLOOD_CONNECTIONS,
        rows,
        ratingP99Ratio: ratio,
        budgetRatio: 2,
        withinBudget: ratio <= 2 && errors === 0,
      });
      // The clients have stopped (autocannon resolved); the server drains, then stops.
      await server.stop();
    } finally {
      server.kill();
    }
  });
}

runBench(import.meta.url, main, { server: serverMain });
