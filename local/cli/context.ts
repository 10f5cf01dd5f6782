/**
 * The context of every command-line tool (admin, aggregate, …). dynalite's LevelDB can be opened by
 * one process only, so when `npm start` is running (its `server.json` in the data directory names a
 * live process) the tool talks to that server's database endpoint; otherwise it opens the data
 * directory itself and closes it afterwards.
 */
import { mkdir, rm } from 'node:fs/promises';
import { getConfig, type Config } from '../../shared/config';
import { fileKeyringSource } from '../../shared/keyring';
import { createDocumentClient } from '../../shared/storage/client';
import { ensureTable, startDynalite } from '../dynalite';
import { dataDirFiles, readServerInfo } from '../data-dir';
import { isDatabaseLocked } from '../db-lock';
import type { CliContext } from './command';

export interface CliContextOptions {
  /** Data directory; `HAILONG_DATA_DIR` (default `.data`) when absent. */
  dataDir?: string;
  config?: Config;
  print?: (line: string) => void;
  now?: () => Date;
}

export type OpenCliContext = CliContext & {
  /** `server` when a running `npm start` serves the database, `embedded` when this process opened it. */
  mode: 'server' | 'embedded';
  close(): Promise<void>;
};

/** True when an endpoint answers the DynamoDB protocol (the server behind server.json is really up). */
async function answers(endpoint: string, tableName: string): Promise<boolean> {
  try {
    await ensureTable(endpoint, tableName);
    return true;
  } catch {
    return false;
  }
}

export async function openCliContext(options: CliContextOptions = {}): Promise<OpenCliContext> {
  const baseConfig = options.config ?? getConfig();
  const dataDir = options.dataDir ?? baseConfig.HAILONG_DATA_DIR;
  const files = dataDirFiles(dataDir, baseConfig);
  const print = options.print ?? ((line: string) => console.log(line));
  const keyring = fileKeyringSource(files.signingKeys);
  const now = options.now ?? (() => new Date());

  const server = await readServerInfo(files);
  if (server) {
    const config = { ...baseConfig, TABLE_NAME: server.tableName ?? baseConfig.TABLE_NAME };
    if (await answers(server.dynamoEndpoint, config.TABLE_NAME)) {
      const db = createDocumentClient({ endpoint: server.dynamoEndpoint });
      return {
        mode: 'server',
        dataDir: files.root,
        print,
        deps: { store: { db, tableName: config.TABLE_NAME }, config, keyring, now },
        async close() {
          db.destroy();
        },
      };
    }
    // The pid is alive but is not our server (a reused pid after a crash): the file is stale.
    await rm(files.serverJson, { force: true });
  }

  await mkdir(files.root, { recursive: true });
  if (await isDatabaseLocked(files.db)) {
    throw new Error(
      `Cơ sở dữ liệu ${files.db} đang được một tiến trình khác dùng (máy chủ đang khởi động?); thử lại sau giây lát / ` +
        `the database ${files.db} is held by another process (a server starting up?); try again in a moment`,
    );
  }
  const dynamo = await startDynalite({ path: files.db });
  await ensureTable(dynamo.endpoint, baseConfig.TABLE_NAME);
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  return {
    mode: 'embedded',
    dataDir: files.root,
    print,
    deps: { store: { db, tableName: baseConfig.TABLE_NAME }, config: baseConfig, keyring, now },
    async close() {
      db.destroy();
      await dynamo.close();
    },
  };
}

/**
 * A context with configuration and clock but no database, for commands that act elsewhere (e.g. on
 * AWS Secrets Manager): touching the store or the keyring is a programming error and says so.
 */
export function offlineCliContext(
  options: Omit<CliContextOptions, 'now'> & { now?: () => Date } = {},
): CliContext {
  const config = options.config ?? getConfig();
  const refuse = () => {
    throw new Error('this command runs without the local database');
  };
  return {
    dataDir: dataDirFiles(options.dataDir ?? config.HAILONG_DATA_DIR, config).root,
    print: options.print ?? ((line: string) => console.log(line)),
    deps: {
      config,
      now: options.now ?? (() => new Date()),
      store: {
        tableName: config.TABLE_NAME,
        get db(): never {
          return refuse();
        },
      },
      keyring: { get: async () => refuse() },
    },
  };
}
