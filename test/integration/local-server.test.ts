import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import { openCliContext } from '../../local/cli/context';
import { demoMarkerKey } from '../../local/demo';
import { describeServer, type LocalServer, startLocalServer } from '../../local/server';
import { parseConfig } from '../../shared/config';
import type { Store } from '../../shared/storage/client';
import { verifyToken } from '../../shared/tokens';

const quiet = () => {};

/** Items of one type in the table (a test may scan; the product never does). */
/** Items of a type (with `rated`: only those with a rating, which is attributes of the dossier item). */
async function countType(store: Store, type: string, rated = false): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await store.db.send(
      new ScanCommand({
        TableName: store.tableName,
        FilterExpression: rated ? '#type = :type AND attribute_exists(overall)' : '#type = :type',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':type': type },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

const get = (server: LocalServer, path: string, key?: string) =>
  fetch(`${server.url}${path}`, key ? { headers: { authorization: `Bearer ${key}` } } : {});

describe('npm start with the demo province', () => {
  let dir: string;
  let server: LocalServer;
  const config = parseConfig({ HAILONG_DEMO_API_KEY: 'hl_demo-key-for-tests-0001' });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hailong-server-'));
    server = await startLocalServer({ config, dataDir: dir, port: 0, print: quiet });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads ≥ 2,000 dossiers, about a third of them rated', async () => {
    const dossiers = await countType(server.deps.store, 'dossier');
    const ratings = await countType(server.deps.store, 'dossier', true);
    expect(dossiers).toBeGreaterThanOrEqual(2000);
    expect(ratings / dossiers).toBeGreaterThan(0.28);
    expect(ratings / dossiers).toBeLessThan(0.4);
  });

  it('serves units and procedures to the demo admin key, and health without one', async () => {
    expect((await get(server, '/healthz')).status).toBe(200);
    const units = (await (await get(server, '/v1/units', server.demoApiKey)).json()) as {
      units: { kind: string }[];
    };
    expect(units.units.filter((unit) => unit.kind === 'commune').length).toBeGreaterThanOrEqual(20);
    expect(units.units.filter((unit) => unit.kind === 'department').length).toBeGreaterThanOrEqual(8);
    const procedures = (await (await get(server, '/v1/procedures', server.demoApiKey)).json()) as {
      procedures: { code: string }[];
    };
    expect(procedures.procedures.length).toBeGreaterThanOrEqual(20);
    expect((await get(server, '/v1/units')).status).toBe(401);
  });

  it('prints a valid rating link of an unrated dossier and the demo key', async () => {
    const lines = (await describeServer(server)).join('\n');
    expect(lines).toContain(server.url);
    expect(lines).not.toContain('█'); // no QR code for a loopback address
    expect(lines).toContain('hl_demo-key-for-tests-0001');
    const token = /\/r\/([A-Za-z0-9_-]{44})/.exec(lines)![1]!;
    const claims = verifyToken(await server.deps.keyring.get(), token);
    const rating = await server.deps.store.db.send(
      new ScanCommand({
        TableName: server.deps.store.tableName,
        FilterExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': `DOSSIER#${claims.rid}`, ':sk': 'RATING' },
      }),
    );
    expect(rating.Items).toHaveLength(0);
  });

  it('prints the link on PUBLIC_BASE_URL with a terminal QR code when phones can reach it', async () => {
    const lines = await describeServer({ ...server, publicUrl: 'http://192.168.1.20:3000' });
    expect(lines.some((line) => /^ {2}http:\/\/192\.168\.1\.20:3000\/r\/[A-Za-z0-9_-]{44}$/.test(line))).toBe(
      true,
    );
    expect(lines.filter((line) => line.includes('█')).length).toBeGreaterThan(10);
  });

  it('lets a command-line tool work on the running server’s database', async () => {
    const info = JSON.parse(await readFile(join(dir, 'server.json'), 'utf8')) as {
      pid: number;
      baseUrl: string;
    };
    expect(info).toMatchObject({ pid: process.pid, baseUrl: server.url });
    const out: string[] = [];
    const code = await runAdmin(['keys', 'create', '--unit', 'xa-hoa-an', '--permissions', 'scores:read'], {
      open: async () => {
        const context = await openCliContext({ config, dataDir: dir, print: (line) => out.push(line) });
        expect(context.mode).toBe('server');
        return context;
      },
      print: (line) => out.push(line),
      printError: (line) => out.push(line),
    });
    expect(code).toBe(0);
    const secret = out.find((line) => line.trim().startsWith('hl_'))!.trim();
    const units = (await (await get(server, '/v1/units', secret)).json()) as { units: { id: string }[] };
    expect(units.units.map((unit) => unit.id)).toEqual(['xa-hoa-an']);
  });

  it('keeps the data over a restart without loading the demo again, and removes server.json on close', async () => {
    const marker = async () =>
      (
        await server.deps.store.db.send(
          new ScanCommand({
            TableName: server.deps.store.tableName,
            FilterExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': demoMarkerKey.pk },
          }),
        )
      ).Items?.[0]?.loadedAt as string;
    const loadedAt = await marker();
    const before = await countType(server.deps.store, 'dossier');
    await server.close();
    expect(existsSync(join(dir, 'server.json'))).toBe(false);

    server = await startLocalServer({ config, dataDir: dir, port: 0, print: quiet });
    expect(await marker()).toBe(loadedAt);
    expect(await countType(server.deps.store, 'dossier')).toBe(before);
    expect((await get(server, '/v1/procedures', server.demoApiKey)).status).toBe(200);
  });

  it('refuses a second server on the same data directory', async () => {
    await expect(startLocalServer({ config, dataDir: dir, port: 0, print: quiet })).rejects.toThrow(
      /already running/,
    );
  });

  it('refuses clearly to open a database another holder has, when no server.json says where it is', async () => {
    const serverJson = join(dir, 'server.json');
    const saved = await readFile(serverJson, 'utf8');
    await rm(serverJson);
    try {
      await expect(openCliContext({ config, dataDir: dir, print: quiet })).rejects.toThrow(
        /held by another process/,
      );
    } finally {
      await writeFile(serverJson, saved);
    }
  });
});

describe('npm start with HAILONG_DEMO=off', () => {
  let dir: string;
  let server: LocalServer;
  const printed: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hailong-empty-'));
    server = await startLocalServer({
      config: parseConfig({ HAILONG_DEMO: 'off' }),
      dataDir: dir,
      port: 0,
      print: (line) => printed.push(line),
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts with only the admin key: no units, procedures or dossiers', async () => {
    expect(server.demoApiKey).toMatch(/^hl_/);
    expect(await readFile(join(dir, 'demo-api-key.txt'), 'utf8')).toContain(server.demoApiKey);
    expect(await countType(server.deps.store, 'dossier')).toBe(0);
    expect(await countType(server.deps.store, 'unit')).toBe(0);
    expect(await countType(server.deps.store, 'apikey')).toBe(1);
    const procedures = await get(server, '/v1/procedures', server.demoApiKey);
    expect(await procedures.json()).toEqual({ procedures: [] });
    expect((await describeServer(server)).join('\n')).toContain('no unrated dossier yet');
  });

  it('gives the same generated key again after a restart', async () => {
    const key = server.demoApiKey;
    await server.close();
    server = await startLocalServer({
      config: parseConfig({ HAILONG_DEMO: 'off' }),
      dataDir: dir,
      port: 0,
      print: quiet,
    });
    expect(server.demoApiKey).toBe(key);
    expect(await countType(server.deps.store, 'apikey')).toBe(1);
  });
});

describe('CLI context without a server', () => {
  it('opens the data directory itself, and treats a server.json of a dead process as stale', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hailong-cli-'));
    try {
      const dead = spawnSync(process.execPath, ['-e', '0']).pid;
      await writeFile(
        join(dir, 'server.json'),
        JSON.stringify({
          pid: dead,
          dynamoEndpoint: 'http://127.0.0.1:9',
          baseUrl: 'x',
          tableName: 'hailong',
        }),
      );
      const config = parseConfig({});
      const context = await openCliContext({ config, dataDir: dir, print: quiet });
      expect(context.mode).toBe('embedded');
      expect(existsSync(join(dir, 'server.json'))).toBe(false);
      expect(
        await runAdmin(['units', 'import', join(dir, 'u.json')], {
          open: async () => context,
          print: quiet,
          printError: quiet,
        }),
      ).toBe(1);
      await writeFile(
        join(dir, 'u.json'),
        JSON.stringify([{ id: 'cb', name: 'Tỉnh Cao Bằng', kind: 'province', parent: null }]),
      );
      const again = await openCliContext({ config, dataDir: dir, print: quiet });
      expect(
        await runAdmin(['units', 'import', join(dir, 'u.json')], {
          open: async () => again,
          print: quiet,
          printError: quiet,
        }),
      ).toBe(0);
      // Closed after the command: the next tool can open the same files.
      const out: string[] = [];
      const third = await openCliContext({ config, dataDir: dir, print: (line) => out.push(line) });
      expect(
        await runAdmin(['units', 'list'], { open: async () => third, print: (line) => out.push(line) }),
      ).toBe(0);
      // The target first, then the command's own output.
      expect(out).toEqual([
        `Đích: thư mục dữ liệu cục bộ ${third.dataDir} / target: local data directory ${third.dataDir}`,
        'cb  [province]  Tỉnh Cao Bằng',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run admin as a process', () => {
  it('exits non-zero with a bilingual error, and zero on success', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hailong-proc-'));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'local/admin.ts', ...args], {
        env: {
          ...process.env,
          HAILONG_DATA_DIR: dir,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
        encoding: 'utf8',
      });
    try {
      const failed = run('keys', 'create', '--unit', 'nowhere', '--permissions', 'admin');
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain('Lỗi: Không có đơn vị "nowhere"');
      expect(failed.stderr).toContain('Error: No unit "nowhere"');
      const listed = run('keys', 'list');
      expect(listed.status).toBe(0);
      expect(listed.stdout).toContain('no keys yet');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('npm start on a busy port', () => {
  it('says the port is in use and leaves the data directory free', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hailong-busy-'));
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const config = parseConfig({ HAILONG_DEMO: 'off' });
      await expect(startLocalServer({ config, dataDir: dir, port, print: quiet })).rejects.toThrow(
        /port \d+ is in use/,
      );
      expect(existsSync(join(dir, 'server.json'))).toBe(false);
      const context = await openCliContext({ config, dataDir: dir, print: quiet });
      expect(context.mode).toBe('embedded');
      await context.close();
    } finally {
      blocker.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
