/**
 * `npm start`: the whole service in one Node process — embedded dynalite persisted in the data
 * directory, the table from the same definition the CDK stack uses, the demo province (loaded once),
 * the demo admin key, and the public pages and agency API on one port (DESIGN §2, local run).
 */
import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { startNightlyAggregation } from './schedule';
import { startLocalAlerts } from './feedback-alerts';
import { serve } from '@hono/node-server';
import QRCode from 'qrcode';
import { getConfig, type Config } from '../shared/config';
import type { AppDeps } from '../shared/http/deps';
import { fileKeyringSource } from '../shared/keyring';
import { createApiKey, generateApiKey, listApiKeys, verifyApiKey } from '../shared/storage/api-keys';
import { createDocumentClient } from '../shared/storage/client';
import { getUnit } from '../shared/storage/units';
import { type Dossier, dossiersRegisteredOn } from '../shared/storage/dossiers';
import { signToken } from '../shared/tokens';
import { addDays, localDay } from '../shared/time';
import { createUnitDirectory } from '../shared/unit-directory';
import { createLocalApp } from './app';
import { adoptOrphanAdminKeys } from './start-key';
import { dataDirFiles, readServerInfo, secureDataDir, type ServerInfo } from './data-dir';
import { isDatabaseLocked } from './db-lock';
import { DEMO_PROVINCE, isDemoLoaded, loadDemo } from './demo';
import { ensureTable, startDynalite } from './dynalite';
import { importLanguageFolder } from './admin/languages';
import { publicAfterOthers } from './public-precedence';

export interface LocalServerOptions {
  config: Config;
  /** Overrides config.HAILONG_DATA_DIR. */
  dataDir?: string;
  /** Overrides config.PORT (0: any free port). */
  port?: number;
  hostname?: string;
  now?: () => Date;
  print?: (line: string) => void;
  /** Overrides {@link CONNECTION_LIMITS} (tests use short ones). */
  limits?: Partial<ConnectionLimits>;
}

export interface ConnectionLimits {
  /** Time to receive a request's headers. */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection is kept open. */
  keepAliveTimeoutMs: number;
  /** How often Node checks the two request timeouts. */
  checkIntervalMs: number;
}

/**
 * Connection limits like the deployed service's, so a slow or stalled client cannot hold the local
 * server: API Gateway HTTP APIs answer a request within 30 s at most (the integration timeout), and
 * close idle connections; a request whose headers take over 10 s is not one a browser or the
 * one-stop system sends.
 */
export const CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
};

/**
 * Answers `Connection: close` when the response starts before the request's body was received
 * whole (a 413 refuses a body without reading it): the rest of that body would otherwise arrive as
 * the start of the client's next request on a kept-alive connection, and that request be lost.
 */
function closeWhenBodyUnread(listener: RequestListener): RequestListener {
  return (request: IncomingMessage, response: ServerResponse) => {
    const writeHead = response.writeHead;
    response.writeHead = function (this: ServerResponse, ...args: Parameters<typeof writeHead>) {
      if (!request.complete) this.setHeader('Connection', 'close');
      return writeHead.apply(this, args);
    } as typeof writeHead;
    listener(request, response);
  };
}

export interface LocalServer {
  url: string;
  /** Where phones reach the rating pages: PUBLIC_BASE_URL when set, else `url`. */
  publicUrl: string;
  dynamoEndpoint: string;
  /** The data directory (absolute). */
  dataDir: string;
  deps: AppDeps;
  /** The demo admin key in plain text, when known (given, generated now, or kept in the data dir). */
  demoApiKey: string | undefined;
  /** Runs `cleanup` when the server closes (before the database closes), e.g. a local scheduler. */
  onClose(cleanup: () => Promise<void> | void): void;
  close(): Promise<void>;
}

/** The id the admin CLI shows for a key: the first 12 hex digits of its SHA-256. */
const keyIdOf = (secret: string) => createHash('sha256').update(secret).digest('hex').slice(0, 12);

/**
 * Makes sure the demo admin key exists. Given in HAILONG_DEMO_API_KEY: created if missing. Else the
 * key generated at first start is read back from `demo-api-key.txt`; on a fresh data directory one is
 * generated, stored hashed in the table and in plain text in that file (mode 600, local only).
 */
async function ensureDemoApiKey(
  deps: AppDeps,
  given: string | undefined,
  file: string,
  print: (line: string) => void,
): Promise<string | undefined> {
  let secret = given;
  if (!secret) {
    try {
      secret = (await readFile(file, 'utf8')).trim() || undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  if (secret) {
    try {
      await verifyApiKey(deps.store, secret);
      return secret;
    } catch {
      const id = keyIdOf(secret);
      const known = (await listApiKeys(deps.store)).find((key) => key.id === id);
      if (known?.revokedAt) {
        print(
          `! Khóa API demo ${id} đã bị thu hồi / the demo API key ${id} was revoked (${known.revokedAt}).`,
        );
        return undefined;
      }
    }
  } else {
    secret = generateApiKey();
    await writeFile(file, `${secret}\n`, { mode: 0o600 });
  }
  await createApiKey(
    deps.store,
    secret,
    { name: 'demo admin', unit: DEMO_PROVINCE, permissions: ['admin'] },
    deps.now(),
  );
  return secret;
}

/**
 * A dossier whose rating link still works and that nobody has rated yet, from the arrival buckets
 * of the last two weeks (newest first; each day is 16 queries, so the look-back stays short).
 * Undefined when there is none.
 */
export async function findUnratedDossier(deps: AppDeps): Promise<Dossier | undefined> {
  const now = deps.now();
  const today = localDay(now);
  for (let back = 0; back < Math.min(14, deps.config.LINK_TTL_DAYS); back++) {
    const registered = await dossiersRegisteredOn(deps.store, addDays(today, -back));
    const unrated = registered
      .filter(
        ({ dossier, rated }) => !rated && Date.parse(dossier.linkExpiresAt) > now.getTime() + 86_400_000,
      )
      .map(({ dossier }) => dossier)
      .sort((a, b) => b.returnedAt.localeCompare(a.returnedAt));
    if (unrated[0]) return unrated[0];
  }
  return undefined;
}

export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { config } = options;
  const print = options.print ?? ((line: string) => console.log(line));
  const now = options.now ?? (() => new Date());
  const files = dataDirFiles(options.dataDir ?? config.HAILONG_DATA_DIR, config);
  // The data directory 0700, its files 0600 (DESIGN §6): checked and repaired, or refused, at start;
  // and what the server creates while it runs (database files, keyring, dead letters) is the owner's
  // only (the process's umask, given back at close).
  const previousUmask = process.umask(0o077);
  const repaired = await secureDataDir(files.root);
  if (repaired.length) {
    print(
      `Đã thu hẹp quyền truy cập / made private (${repaired.length}): ${repaired.slice(0, 5).join('; ')}`,
    );
  }

  const running = await readServerInfo(files);
  if (running) {
    throw new Error(
      `Máy chủ đã chạy (pid ${running.pid}) tại ${running.baseUrl} / ` +
        `a server is already running (pid ${running.pid}) at ${running.baseUrl} on ${files.root}`,
    );
  }

  if (await isDatabaseLocked(files.db)) {
    throw new Error(
      `Cơ sở dữ liệu ${files.db} đang được một tiến trình khác dùng / the database ${files.db} is held by another process`,
    );
  }
  const dynamo = await startDynalite({ path: files.db });
  // The database's own files, created just now on a first start, owner-only too.
  await secureDataDir(files.root);
  const cleanups: (() => Promise<void> | void)[] = [];
  let db: ReturnType<typeof createDocumentClient> | undefined;
  let http: Server | undefined;
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    if (http) {
      const server = http;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
    db?.destroy();
    await dynamo.close();
    const info = await readServerInfo(files).catch(() => undefined);
    if (info?.pid === process.pid) await rm(files.serverJson, { force: true });
    process.umask(previousUmask);
  };

  try {
    await ensureTable(dynamo.endpoint, config.TABLE_NAME);
    db = createDocumentClient({ endpoint: dynamo.endpoint });
    const deps: AppDeps = {
      store: { db, tableName: config.TABLE_NAME },
      config,
      keyring: fileKeyringSource(files.signingKeys),
      now,
    };
    await deps.keyring.get(); // made on first start

    if (config.HAILONG_DEMO === 'on' && !(await isDemoLoaded(deps.store))) {
      print('Đang nạp dữ liệu demo tỉnh Cao Bằng / loading the Cao Bằng demo province…');
      const started = Date.now();
      let shown = -1;
      const counts = await loadDemo(deps.store, {
        now: now(),
        linkTtlDays: config.LINK_TTL_DAYS,
        retentionDays: config.COMMENT_RETENTION_DAYS,
        progress: (done, total) => {
          const percent = Math.floor((done / total) * 10) * 10;
          if (percent !== shown) {
            shown = percent;
            print(`  ${String(percent).padStart(3)}%  ${done}/${total} items`);
          }
        },
      });
      print(
        `  ${counts.units} units, ${counts.procedures} procedures, ${counts.dossiers} dossiers, ` +
          `${counts.ratings} ratings, ${counts.assessments} self-assessments in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    await importLanguageFolder(deps.store, files.root, print);
    const demoApiKey = await ensureDemoApiKey(deps, config.HAILONG_DEMO_API_KEY, files.demoApiKey, print);
    for (const moved of await adoptOrphanAdminKeys(deps.store)) {
      print(`Khóa ${moved.id} nay dùng cho / key ${moved.id} now acts on ${moved.to} (was ${moved.from})`);
    }

    // Units change by admin import, possibly from another process: keep the cache short locally.
    const app = createLocalApp({ ...deps, units: createUnitDirectory(deps.store, 5_000) });
    const port = options.port ?? config.PORT;
    // Loopback only, unless PUBLIC_BASE_URL says phones on the network should reach it (QR scans).
    const hostname = options.hostname ?? (config.PUBLIC_BASE_URL ? '0.0.0.0' : '127.0.0.1');
    http = await new Promise<Server>((resolve, reject) => {
      const limits = { ...CONNECTION_LIMITS, ...options.limits };
      const server = serve(
        {
          fetch: app.fetch,
          port,
          hostname,
          serverOptions: {
            headersTimeout: limits.headersTimeoutMs,
            requestTimeout: limits.requestTimeoutMs,
            keepAliveTimeout: limits.keepAliveTimeoutMs,
            connectionsCheckingInterval: limits.checkIntervalMs,
          },
        },
        () => resolve(server as Server),
      ) as Server;
      const [listener] = server.listeners('request') as RequestListener[];
      server.removeAllListeners('request');
      // `/public` takes turns with the other requests (local/public-precedence.ts).
      server.on('request', closeWhenBodyUnread(publicAfterOthers(listener!)));
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`Cổng ${port} đang bận; đặt PORT khác / port ${port} is in use; set another PORT`)
            : error,
        ),
      );
    });
    const address = http.address() as AddressInfo;
    const url = `http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${address.port}`;
    const publicUrl = config.PUBLIC_BASE_URL?.replace(/\/$/, '') ?? url;
    const info: ServerInfo = {
      pid: process.pid,
      dynamoEndpoint: dynamo.endpoint,
      baseUrl: url,
      publicUrl,
      tableName: config.TABLE_NAME,
    };
    await writeFile(files.serverJson, JSON.stringify(info, null, 2), { mode: 0o600 });

    return {
      url,
      publicUrl,
      dynamoEndpoint: dynamo.endpoint,
      dataDir: files.root,
      deps,
      demoApiKey,
      onClose: (cleanup) => void cleanups.push(cleanup),
      close: closeAll,
    };
  } catch (error) {
    await closeAll().catch(() => {});
    throw error;
  }
}

/** What `npm start` prints once the server is up: where it is, a rating link, the key, examples. */
export async function describeServer(server: LocalServer): Promise<string[]> {
  const { url, publicUrl, deps, demoApiKey } = server;
  const lines = ['', `hailong đang chạy / is running at ${url}`, ''];
  const dossier = await findUnratedDossier(deps);
  if (dossier) {
    const token = signToken(await deps.keyring.get(), dossier.rid, new Date(dossier.linkExpiresAt));
    const link = `${publicUrl}/r/${token}`;
    lines.push(`Liên kết đánh giá / rating link (dossier ${dossier.code}, ${dossier.unit}):`, `  ${link}`);
    if (publicUrl !== url) {
      // Reachable from a phone: a QR code to scan straight off the terminal.
      const qr = await QRCode.toString(link, { type: 'terminal', small: true, errorCorrectionLevel: 'M' });
      lines.push(...qr.trimEnd().split('\n'));
    }
  } else {
    lines.push(
      'Chưa có hồ sơ nào chờ đánh giá / no unrated dossier yet: register one with POST /v1/dossiers.',
    );
  }
  const key = demoApiKey ?? '<API_KEY>';
  const scope = demoApiKey ? (await verifyApiKey(deps.store, demoApiKey)).unit : DEMO_PROVINCE;
  const scopeExists = (await getUnit(deps.store, scope)) !== undefined;
  lines.push(
    '',
    demoApiKey
      ? scopeExists
        ? `Khóa API quản trị demo / demo admin API key (unit ${scope}):`
        : 'Khóa API quản trị / admin API key — chưa có đơn vị; khóa sẽ dùng cho gốc của cây đơn vị bạn nhập ' +
          '(npm run admin -- units import FILE) / no units yet: the key will act on the root of the tree you import:'
      : 'Không có khóa API demo / no demo API key: create one with `npm run admin -- keys create`.',
    ...(demoApiKey ? [`  ${demoApiKey}`] : []),
    '',
    `Bảng điều hành / dashboard (đăng nhập bằng khóa API / sign in with the API key):`,
    `  ${url}/dashboard`,
    ...(deps.config.PUBLIC_DASHBOARD === 'on' ? [`Công khai / public ranking: ${url}/public`] : []),
    '',
    'Thử / try:',
    `  curl ${url}/healthz`,
    `  curl -H "Authorization: Bearer ${key}" ${url}/v1/units`,
    `  curl -H "Authorization: Bearer ${key}" ${url}/v1/procedures`,
    `  curl -H "Authorization: Bearer ${key}" "${url}/v1/scores?unit=${scope}&from=${addDays(localDay(deps.now()), -90)}&to=${localDay(deps.now())}&method=tt01"`,
    '',
    'Ctrl-C để dừng / to stop.',
  );
  return lines;
}

async function main(): Promise<void> {
  const config = getConfig();
  const server = await startLocalServer({ config });

  for (const line of await describeServer(server)) console.log(line);
  // The nightly job on a local schedule (01:00 Asia/Ho_Chi_Minh), after catching up the days not yet
  // aggregated — on a first start, the demo's 90 days, so /v1/scores has figures a few seconds later.
  const nightly = startNightlyAggregation(server.deps, { log: (line) => console.log(line) });
  server.onClose(() => nightly.stop());
  // Feedback alerts to the units' webhooks (issue #11): the local stand-in for the notify function.
  const alerts = startLocalAlerts(server.deps, { dataDir: server.dataDir, log: (line) => console.log(line) });
  server.onClose(() => alerts.stop());
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: đang dừng / stopping…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
