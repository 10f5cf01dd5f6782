/**
 * What lives in the local data directory (`HAILONG_DATA_DIR`, default `.data`), named in one place so
 * the server and the command-line tools agree.
 */
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../shared/config';

export interface DataDirFiles {
  root: string;
  /** dynalite's LevelDB (one process at a time). */
  db: string;
  /** Written by a running `npm start`: where its database answers. */
  serverJson: string;
  /** The token-signing keyring of the local run. */
  signingKeys: string;
  /** The generated demo admin key in plain text (only when HAILONG_DEMO_API_KEY was not given). */
  demoApiKey: string;
}

export function dataDirFiles(dataDir: string, config?: Pick<Config, 'SIGNING_KEYS_FILE'>): DataDirFiles {
  const root = resolve(dataDir);
  return {
    root,
    db: join(root, 'db'),
    serverJson: join(root, 'server.json'),
    signingKeys: config?.SIGNING_KEYS_FILE
      ? resolve(config.SIGNING_KEYS_FILE)
      : join(root, 'signing-keys.json'),
    demoApiKey: join(root, 'demo-api-key.txt'),
  };
}

/** What `npm start` writes into `server.json` while it runs. */
export interface ServerInfo {
  pid: number;
  dynamoEndpoint: string;
  baseUrl: string;
  /** Where phones reach the pages: the server's PUBLIC_BASE_URL, else `baseUrl` (older files lack it). */
  publicUrl?: string;
  tableName: string;
}

/** True when a process with this id exists (signal 0 only checks). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running server's info, or undefined when there is none or the file is stale (then removed). */
export async function readServerInfo(files: DataDirFiles): Promise<ServerInfo | undefined> {
  let info: ServerInfo;
  try {
    info = JSON.parse(await readFile(files.serverJson, 'utf8')) as ServerInfo;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    // A half-written or corrupt file: nobody can use it.
    await rm(files.serverJson, { force: true });
    return undefined;
  }
  if (typeof info.pid !== 'number' || typeof info.dynamoEndpoint !== 'string' || !isProcessAlive(info.pid)) {
    await rm(files.serverJson, { force: true });
    return undefined;
  }
  return info;
}
