/**
 * Shared by the benchmark scripts: the bundles (built by infra/build.ts, as deployed), statistics,
 * result files and tables; an in-process stack with a request counter and a seeded province (the
 * page benchmarks); a server in a child process driven over IPC, seeded for rating, measured with
 * autocannon and stopped only once its requests have drained (the load benchmarks).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { gzipSync } from 'node:zlib';
import type { AutocannonResult } from 'autocannon';
import { BUNDLE_FILE, buildBundle, type BuiltBundle, buildFunction, ROOT } from '../infra/build';
import { ensureTable, startDynalite } from '../local/dynalite';
import { parseConfig } from '../shared/config';
import type { AppDeps } from '../shared/http/deps';
import { createKeyring, staticKeyringSource } from '../shared/keyring';
import { createApiKey } from '../shared/storage/api-keys';
import { createDocumentClient, type Store } from '../shared/storage/client';
import { completeDossier, registerDossier } from '../shared/storage/dossiers';
import { putProcedures } from '../shared/storage/procedures';
import type { RatingAnswers } from '../shared/instruments/rating';
import { ratingFromAnswers } from '../shared/storage/rating-encoding';
import { putRating } from '../shared/storage/ratings';
import { importUnits, type UnitInput } from '../shared/storage/units';
import { addDays } from '../shared/time';
import { drainBeforeClose } from './drain';

export const RESULTS_DIR = join(ROOT, 'bench', 'results');

/** The deployed public function's bundle and the floor bundle, built with the same settings. */
export function buildPublicAndFloor(): { public: BuiltBundle; floor: BuiltBundle } {
  return {
    public: buildFunction('public'),
    floor: buildBundle('bench/floor/index.ts', join(ROOT, 'dist', 'bench', 'floor')),
  };
}

/** An ARN shaped like Secrets Manager's, so shared/config.ts parses (the bench never calls AWS). */
export const FAKE_SECRET_ARN =
  'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:hailong-bench-AbCdEf';

/** Environment of a benchmarked function: what the CDK stack sets, pointed at nothing real. */
export function functionEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    TABLE_NAME: 'hailong',
    SIGNING_KEYS_SECRET_ARN: FAKE_SECRET_ARN,
    STAGE: 'bench',
    POWERTOOLS_SERVICE_NAME: 'hailong-bench',
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    // As the public function is deployed: no NODE_OPTIONS=--enable-source-maps (see
    // infra/constructs/hailong-function.ts `runtimeSourceMaps`); the floor runs with the same settings.
    ...extra,
  };
}

/**
 * Sizes of a bundle: what a cold start loads (the entry and the chunks it imports statically), raw
 * and gzip, and the whole folder's code (chunks behind a dynamic `import()` load only when used).
 * Source maps are not counted.
 */
export function sizes(bundle: BuiltBundle) {
  const outputs = bundle.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => path.endsWith(`/${BUNDLE_FILE}`) || path === BUNDLE_FILE);
  if (!entry) throw new Error(`no ${BUNDLE_FILE} in the bundle`);
  const loaded = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const path = pending.pop()!;
    if (loaded.has(path)) continue;
    loaded.add(path);
    for (const imported of outputs[path]!.imports) {
      if (imported.kind === 'import-statement' && outputs[imported.path]) pending.push(imported.path);
    }
  }
  const read = (path: string) => readFileSync(isAbsolute(path) ? path : join(ROOT, path));
  const loadedCode = Buffer.concat([...loaded].map(read));
  const totalBytes = Object.keys(outputs)
    .filter((path) => path.endsWith('.mjs'))
    .reduce((sum, path) => sum + outputs[path]!.bytes, 0);
  return {
    loadedBytes: loadedCode.length,
    loadedGzipBytes: gzipSync(loadedCode, { level: 9 }).length,
    loadedFiles: loaded.size,
    totalBytes,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

export function machine() {
  const cpu = cpus();
  return {
    node: process.version,
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    platform: `${process.platform}-${process.arch}`,
  };
}

export function writeResult(name: string, result: unknown): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Prints rows as an aligned text table. */
export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => String(row[column]).length)),
  );
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(columns.map((column) => String(row[column]))));
}

// ——— the page benchmarks: an in-process stack, counted ———

/** A fresh table on an in-memory dynalite and the app's dependencies over it, the clock fixed at `now`. */
export async function benchStack(
  now: Date,
  tablePrefix: string,
): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  const dynamo = await startDynalite();
  const tableName = `${tablePrefix}-${Math.random().toString(36).slice(2, 8)}`;
  await ensureTable(dynamo.endpoint, tableName);
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  const deps: AppDeps = {
    store: { db, tableName },
    config: parseConfig({ TABLE_NAME: tableName, PUBLIC_DASHBOARD: 'on' }),
    keyring: staticKeyringSource(createKeyring(now)),
    now: () => now,
  };
  return { deps, close: async () => (db.destroy(), await dynamo.close()) };
}

/** A store whose client counts the requests sent and the items they answered. */
export function countingStore(store: Store) {
  const counter = { requests: 0, items: 0 };
  const db = new Proxy(store.db, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: Parameters<Store['db']['send']>[0]) => {
        const result = (await target.send(command as never)) as Record<string, unknown>;
        counter.requests += 1;
        if (Array.isArray(result.Items)) counter.items += result.Items.length;
        if (result.Item) counter.items += 1;
        const responses = result.Responses as Record<string, unknown[]> | undefined;
        if (responses) for (const list of Object.values(responses)) counter.items += list.length;
        return result;
      };
    },
  });
  return { store: { ...store, db } as Store, counter };
}

/** What the page benchmarks ask of the app: Hono's in-process `request`. */
export interface RequestingApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** Signs in to the dashboard through its form with `key`; answers the session's cookie header. */
export async function dashboardSession(app: RequestingApp, key: string): Promise<string> {
  const form = await app.request('http://localhost/dashboard/sign-in');
  const token = /hl_signin=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')![1]!;
  const signedIn = await app.request('http://localhost/dashboard/sign-in', {
    method: 'POST',
    headers: {
      origin: 'http://localhost',
      cookie: `hl_signin=${token}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token, key }).toString(),
  });
  const session = /hl_session=([^;]+)/.exec(signedIn.headers.get('set-cookie') ?? '')![1]!;
  return `hl_session=${session}`;
}

/** The procedure every dossier of the benchmarked provinces follows. */
const BENCH_PROCEDURE = {
  code: '2.001610',
  name: 'Đăng ký kinh doanh hộ',
  field: 'Kinh doanh',
  processingDays: 3,
};

/** Loads a province's units (the root first), the procedure, and an admin key at the root. */
export async function seedProvince(store: Store, units: UnitInput[], key: string): Promise<void> {
  await importUnits(store, units);
  await putProcedures(store, [BENCH_PROCEDURE]);
  await createApiKey(store, key, { name: 'bench', unit: units[0]!.id, permissions: ['admin'] });
}

/**
 * Registers a dossier of `unit` received and returned on `day` (due the next day, or the day before
 * when `late`) and its rating that day: every answer `score`, and `reason` when given.
 */
export async function putRatedDossier(
  store: Store,
  dossier: { code: string; unit: string; day: string; late: boolean },
  rating: { score: 0 | 1 | 2; reason?: RatingAnswers['reason'] },
): Promise<void> {
  const { code, unit, day, late } = dossier;
  const completed = completeDossier(
    {
      code,
      unit,
      procedure: BENCH_PROCEDURE.code,
      applicantType: 'citizen',
      channel: 'online',
      receivedAt: `${day}T01:00:00.000Z`,
      dueAt: `${addDays(day, late ? -1 : 1)}T10:00:00.000Z`,
      returnedAt: `${day}T03:00:00.000Z`,
      supplementRequests: 0,
      complaint: false,
    },
    new Date(`${day}T04:00:00.000Z`),
    30,
  );
  await registerDossier(store, completed);
  const { score, reason } = rating;
  const answers: RatingAnswers = {
    overall: score,
    i3: score,
    i4: score,
    i7: score,
    lang: 'vi',
    ...(reason ? { reason } : {}),
  };
  await putRating(store, ratingFromAnswers(completed, answers, new Date(`${day}T08:00:00.000Z`)), 1095);
}

// ——— the load benchmarks: a server in a child process ———

/** What every benchmark child answers, besides its own messages. */
type ChildReport = { type: 'heap'; heapUsed: number } | { type: 'stopped' };
type ChildRequest = { type: 'heap'; snapshot?: string } | { type: 'stop' };

/** A benchmark's child process (the local server, or dynalite alone) and its messages. */
export interface BenchChild<Report extends { type: string }> {
  process: ChildProcess;
  /** The next message of `type` (rejects if the child exits first). */
  next<T extends (Report | ChildReport)['type']>(
    type: T,
  ): Promise<Extract<Report | ChildReport, { type: T }>>;
  send(message: { type: string }): void;
  /** The child's JS heap after two full GCs, in bytes; with `snapshot`, a heap snapshot written there. */
  heap(snapshot?: string): Promise<number>;
  /** Asks the child to drain and stop; settles once it has. */
  stop(): Promise<void>;
  /** Kills the child if it still runs (for `finally`). */
  kill(): void;
}

/**
 * Forks bench/<script> again as its `role` (see `runBench`); with `exposeGc`, heap readings follow a
 * full GC. The child's output goes to ours.
 */
export function forkBenchChild<Report extends { type: string }>(
  script: string,
  role: string,
  args: string[],
  options: { exposeGc?: boolean } = {},
): BenchChild<Report> {
  const child = fork(join(ROOT, 'bench', script), args, {
    execArgv: [...(options.exposeGc ? ['--expose-gc'] : []), '--import', 'tsx'],
    env: { ...process.env, BENCH_ROLE: role },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = (type: string) =>
    new Promise<unknown>((resolve, reject) => {
      const onMessage = (message: { type: string }) => {
        if (message.type !== type) return;
        child.off('message', onMessage);
        resolve(message);
      };
      child.on('message', onMessage);
      child.once('exit', (code) => reject(new Error(`${role} exited (${code})`)));
    });
  const send = (message: { type: string }) => void child.send(message);
  return {
    process: child,
    next: (type) => next(type) as never,
    send,
    async heap(snapshot) {
      send({ type: 'heap', ...(snapshot ? { snapshot } : {}) } satisfies ChildRequest);
      return ((await next('heap')) as { heapUsed: number }).heapUsed;
    },
    async stop() {
      send({ type: 'stop' } satisfies ChildRequest);
      await next('stopped');
    },
    kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/**
 * In a benchmark's child: answers heap readings and, asked to stop, waits until the requests the child
 * is still serving have drained (the load generator's clients stopped first, so nothing new comes),
 * closes, reports `stopped` and exits. `drain` is the DynamoDB client to watch, counted from now on;
 * other messages go to `onMessage`.
 */
export function answerParent(options: {
  drain?: Store['db'];
  close: () => Promise<void>;
  onMessage?: (message: { type: string }) => void;
}): void {
  const drained = options.drain ? drainBeforeClose(options.drain) : async () => {};
  process.on('message', (message: ChildRequest | { type: string }) => {
    if (message.type === 'heap') {
      globalThis.gc?.();
      globalThis.gc?.();
      const { snapshot } = message as { snapshot?: string };
      if (snapshot) writeHeapSnapshot(snapshot);
      process.send!({ type: 'heap', heapUsed: process.memoryUsage().heapUsed } satisfies ChildReport);
    } else if (message.type === 'stop') {
      void drained()
        .then(options.close)
        .then(() => (process.send!({ type: 'stopped' } satisfies ChildReport), process.exit(0)));
    } else {
      options.onMessage?.(message);
    }
  });
}

/**
 * Runs the script's `main` when it is the script Node was started with, or, in a child forked by
 * `forkBenchChild`, the function of its role with the child's first argument. A failure exits 1.
 */
export function runBench(
  moduleUrl: string,
  main: () => Promise<void>,
  roles: Record<string, (arg: string) => Promise<void>> = {},
): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  const role = process.env.BENCH_ROLE;
  const run = role ? roles[role] : main;
  if (!run) throw new Error(`no benchmark role ${role}`);
  run(process.argv[2]!).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

/** Runs `body` with a fresh temporary directory, removed afterwards. */
export async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The load runs' small province: a province, a district and 8 communes; one procedure; a key. */
export async function seedLoadProvince(store: Store, key: { secret: string; name: string }): Promise<void> {
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
  await createApiKey(store, key.secret, { name: key.name, unit: 'cb', permissions: ['admin'] });
}

/**
 * Registers dossiers of the load province returned an hour ago, through `POST /v1/dossiers` in
 * batches of 100 (`parallel` batches at a time), at least `count` of them (whole batches); answers
 * their rating links' paths, in code order (`<prefix>-0`, `<prefix>-1`…).
 */
export async function registerForRating(
  request: (url: string, init: RequestInit) => Promise<Response>,
  options: { origin: string; key: string; prefix: string; count: number; parallel: number },
): Promise<string[]> {
  const now = Date.now();
  const register = async (start: number): Promise<string[]> => {
    const res = await request(`${options.origin}/v1/dossiers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${options.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        dossiers: Array.from({ length: 100 }, (_, i) => ({
          code: `${options.prefix}-${start + i}`,
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
  const batches = Array.from({ length: Math.ceil(options.count / 100) }, (_, i) => i * 100);
  const paths: string[] = [];
  for (let i = 0; i < batches.length; i += options.parallel) {
    const chunk = await Promise.all(batches.slice(i, i + options.parallel).map(register));
    paths.push(...chunk.flat());
  }
  return paths;
}

/** An autocannon run in the figures the load results keep. */
export function summarise(result: AutocannonResult) {
  return {
    requests: result.requests.total,
    throughput: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Prints rows as a Markdown table (for BENCHMARKS.md): numbers right-aligned. */
export function printMarkdownTable<Row extends object>(
  rows: Row[],
  columns: [heading: string, key: keyof Row][],
): void {
  const cells = (row: Row) => columns.map(([, key]) => String(row[key]));
  console.log(`| ${columns.map(([heading]) => heading).join(' | ')} |`);
  console.log(
    `|${columns.map(([, key]) => (typeof rows[0]?.[key] === 'number' ? '---:' : '---')).join('|')}|`,
  );
  for (const row of rows) console.log(`| ${cells(row).join(' | ')} |`);
}
