import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdmin } from '../../local/admin';
import { openCliContext } from '../../local/cli/context';
import { parseConfig } from '../../shared/config';
import { listUnits } from '../../shared/storage/units';

describe('the admin CLI without --aws', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hailong-admin-local-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('still opens the data directory’s database, names it, and never the AWS context', async () => {
    // A deployed table's name in the environment changes nothing without --aws.
    const config = parseConfig({ TABLE_NAME: 'hailong-cao-bang-prod-data-HailongTable1A2B3C4D' });
    const out: string[] = [];
    const print = (line: string) => out.push(line);
    let opened: Awaited<ReturnType<typeof openCliContext>> | undefined;
    const code = await runAdmin(['keys', 'list'], {
      open: async () => {
        opened = await openCliContext({ config, dataDir: dir, print });
        return opened;
      },
      openAws: () => Promise.reject(new Error('no --aws was given')),
      print,
      printError: print,
    });

    expect(code).toBe(0);
    expect(opened?.mode).toBe('embedded');
    expect(opened?.target).toEqual({ kind: 'local', dataDir: dir });
    const endpoint = await opened!.deps.store.db.config.endpoint?.();
    expect(endpoint?.hostname).toBe('127.0.0.1');
    expect(out[0]).toBe(`Đích: thư mục dữ liệu cục bộ ${dir} / target: local data directory ${dir}`);
    expect(out).toContain('Chưa có khóa nào / no keys yet.');
  });

  it('keeps the local default table when TABLE_NAME is not set', async () => {
    const context = await openCliContext({ config: parseConfig({}), dataDir: dir, print: () => {} });
    try {
      expect(context.deps.store.tableName).toBe('hailong');
      expect(await listUnits(context.deps.store)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
