/**
 * What lives in the local data directory (`HAILONG_DATA_DIR`, default `.data`), named in one place so
 * the server and the command-line tools agree.
 */
import { chmod, lstat, mkdir, readdir, readFile, rm } from 'node:fs/promises';
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

/** Entries looked at below the data directory at most (the database is a few dozen files). */
const MAX_ENTRIES = 10_000;
const MAX_DEPTH = 4;

/**
 * Makes the data directory private (DESIGN §6: the directory 0700, its files 0600): it holds the
 * database (API key hashes, webhook secrets, comments), the signing keyring and the demo key. Creates
 * it 0700; repairs a wider mode on it and on everything in it (directories 0700, files 0600) and answers
 * what it repaired, so the server can say so. Refuses (throws, in both languages) a directory that
 * belongs to another user, or that is not a directory: chmod cannot make it ours.
 */
export async function secureDataDir(root: string): Promise<string[]> {
  await mkdir(root, { recursive: true, mode: 0o700 });
  const uid = process.getuid?.();
  const repaired: string[] = [];
  let seen = 0;
  const visit = async (path: string, depth: number): Promise<void> => {
    if (++seen > MAX_ENTRIES) return;
    // The database may remove a file between the listing and this look at it (compaction).
    const stat = await lstat(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' && depth > 0) return undefined;
      throw error;
    });
    if (!stat || stat.isSymbolicLink()) return;
    if (uid !== undefined && stat.uid !== uid) {
      throw new Error(
        `${path} thuộc người dùng khác (uid ${stat.uid}); thư mục dữ liệu phải là của người chạy máy chủ / ` +
          `${path} belongs to another user (uid ${stat.uid}); the data directory must belong to the user who runs the server`,
      );
    }
    if (depth === 0 && !stat.isDirectory()) {
      throw new Error(`${path} không phải thư mục / ${path} is not a directory`);
    }
    const wanted = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777 & ~wanted) !== 0) {
      await chmod(path, wanted).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      repaired.push(`${path} ${(stat.mode & 0o777).toString(8)} → ${wanted.toString(8)}`);
    }
    if (stat.isDirectory() && depth < MAX_DEPTH) {
      const entries = await readdir(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[];
        throw error;
      });
      for (const entry of entries) await visit(join(path, entry), depth + 1);
    }
  };
  await visit(resolve(root), 0);
  return repaired;
}
