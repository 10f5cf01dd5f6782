/**
 * Crashes (issue #8, reliability suite), with real child processes on a real data directory:
 * - the local server SIGKILLed under rating load, then restarted: every rating it acknowledged (201)
 *   is there with its answers;
 * - the aggregation CLI SIGKILLed mid-run, then rerun: the aggregates equal a clean run's.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoUnits, loadDemo } from '../../local/demo';
import { ensureTable, startDynalite } from '../../local/dynalite';
import { readCounts } from '../../shared/storage/aggregates';
import { aggregationFamilies } from '../../shared/aggregation/nightly-families';
import { parseConfig } from '../../shared/config';
import { createApiKey } from '../../shared/storage/api-keys';
import { createDocumentClient, type Store } from '../../shared/storage/client';
import { putProcedures } from '../../shared/storage/procedures';
import { importUnits } from '../../shared/storage/units';
import { addDays, localDay } from '../../shared/time';
import { procedures } from '../support/rating';
import { sampleUnits } from '../support/stack';

const ROOT = join(import.meta.dirname, '..', '..');
const TABLE = parseConfig({}).TABLE_NAME;
const KEY = `crash-test-admin-key-of-pid-${process.pid}`;
const children = new Set<ChildProcess>();

/** A tool of the repo run as its own Node process (tsx as a loader), on `dataDir`. */
function run(
  script: string,
  args: string[],
  dataDir: string,
  env: Record<string, string> = {},
): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, HAILONG_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Resolves with the first match of `pattern` in the child's output (stdout and stderr). */
function waitFor(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = pattern.exec(text);
      if (match) {
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ${pattern}:\n${text}`)));
  });
}

/** Opens the data directory's database in this process (no server may be running on it). */
async function withStore<T>(dataDir: string, use: (store: Store) => Promise<T>): Promise<T> {
  const dynamo = await startDynalite({ path: join(dataDir, 'db') });
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  try {
    await ensureTable(dynamo.endpoint, TABLE);
    return await use({ db, tableName: TABLE });
  } finally {
    db.destroy();
    await dynamo.close();
  }
}

const dirs: string[] = [];
async function dataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hailong-crash-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function startServer(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = run('local/server.ts', [], dir, {
    HAILONG_DEMO: 'off',
    PORT: '0',
    HAILONG_DEMO_API_KEY: KEY,
  });
  const [, url] = await waitFor(child, /is running at (http:\/\/[\d.]+:\d+)/);
  return { child, url: url! };
}

describe('crash of the local server under rating load', () => {
  it('keeps every acknowledged rating, with its answers, across a SIGKILL and a restart', async () => {
    const dir = await dataDir();
    await withStore(dir, async (store) => {
      await importUnits(store, sampleUnits);
      await putProcedures(store, procedures);
      await createApiKey(store, KEY, { name: 'crash', unit: 'cb', permissions: ['admin'] });
    });
    let server = await startServer(dir);
    const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
    const now = Date.now();
    const dossiers = Array.from({ length: 150 }, (_, i) => ({
      code: `CRASH-${i}`,
      unit: i % 2 ? 'cb-d1-c1' : 'cb-d2-c1',
      procedure: procedures[0]!.code,
      applicantType: 'citizen',
      channel: 'counter',
      receivedAt: new Date(now - 3 * 86_400_000).toISOString(),
      dueAt: new Date(now + 86_400_000).toISOString(),
      returnedAt: new Date(now - 3_600_000).toISOString(),
    }));
    const paths: string[] = [];
    for (let start = 0; start < dossiers.length; start += 100) {
      const res = await fetch(`${server.url}/v1/dossiers`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ dossiers: dossiers.slice(start, start + 100) }),
      });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { dossiers: { ratingUrl: string }[] };
      paths.push(...body.dossiers.map((dossier) => new URL(dossier.ratingUrl).pathname));
    }

    const acknowledged = new Map<
      string,
      { overall: number; i3: number; i4: number; i7: number; comment: string }
    >();
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < paths.length) {
        const index = next++;
        const answers = {
          overall: 1 + (index % 2),
          i3: index % 3,
          i4: 2,
          i7: 1,
          comment: `crash rating ${index}`,
        };
        try {
          const res = await fetch(`${server.url}${paths[index]}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(answers),
          });
          if (res.status === 201) acknowledged.set(`CRASH-${index}`, answers);
        } catch {
          // The connection died with the server: not acknowledged.
        }
        if (!killed && acknowledged.size >= 40) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    await exited(server.child);
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(40);

    server = await startServer(dir);
    const day = localDay(new Date());
    const res = await fetch(
      `${server.url}/v1/ratings?unit=cb&from=${addDays(day, -2)}&to=${addDays(day, 1)}&limit=1000`,
      { headers },
    );
    expect(res.status).toBe(200);
    const { ratings } = (await res.json()) as { ratings: Record<string, unknown>[] };
    const stored = new Map(ratings.map((rating) => [rating.dossierCode as string, rating]));
    for (const [code, answers] of acknowledged) {
      expect(stored.get(code), code).toMatchObject(answers);
    }
    server.child.kill('SIGTERM');
    await exited(server.child);
  }, 120_000);
});

describe('crash of the aggregation', () => {
  it('gives, rerun after a SIGKILL mid-run, the same aggregates as a clean run', async () => {
    const demoNow = new Date('2026-02-12T03:00:00Z');
    const clean = await dataDir();
    await withStore(clean, (store) =>
      loadDemo(store, { now: demoNow, dossierCount: 300, linkTtlDays: 30, retentionDays: 1095 }),
    );
    const killedDir = await dataDir();
    await cp(clean, killedDir, { recursive: true });
    const from = addDays(localDay(demoNow), -11);
    const to = localDay(demoNow);
    const args = ['--from', from, '--to', to];

    const cleanRun = run('local/aggregate.ts', args, clean);
    await waitFor(cleanRun, /target: local data directory/);
    const opened = performance.now();
    expect(await exited(cleanRun)).toBe(0);
    const working = performance.now() - opened;

    // Killed half-way through the time a clean run spends after opening the database: mid-run, as
    // the check that it had not finished (killed by the signal, no exit code) confirms.
    const interrupted = run('local/aggregate.ts', args, killedDir);
    await waitFor(interrupted, /target: local data directory/);
    await new Promise((resolve) => setTimeout(resolve, working / 2));
    interrupted.kill('SIGKILL');
    expect(await exited(interrupted)).toBeNull();
    expect(interrupted.signalCode).toBe('SIGKILL');
    const rerun = run('local/aggregate.ts', args, killedDir);
    expect(await exited(rerun)).toBe(0);

    const read = (dir: string) =>
      withStore(dir, async (store) => {
        const figures: Record<string, unknown> = {};
        for (const family of aggregationFamilies) {
          for (const unit of demoUnits) {
            const counts = await readCounts(store, family.name, unit.id, from, to, 'day');
            figures[`${family.name} ${unit.id}`] = counts;
          }
        }
        return figures;
      });
    const expected = await read(clean);

    const actual = await read(killedDir);
    expect(Object.values(expected).some((counts) => JSON.stringify(counts).includes('overall'))).toBe(true);
    expect(actual).toEqual(expected);
  }, 150_000);
});
