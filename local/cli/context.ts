/**
 * The context of the command-line tools: the data directory's database and keyring. Minimal version
 * for `npm run aggregate`; the local-run part owns the full one (reaching a running server's database).
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { getConfig } from '../../shared/config';
import { fileKeyringSource } from '../../shared/keyring';
import { createDocumentClient } from '../../shared/storage/client';
import { ensureTable, startDynalite } from '../dynalite';
import type { CliContext } from './command';

export async function openCliContext(): Promise<CliContext & { close(): Promise<void> }> {
  const config = getConfig();
  const dataDir = resolve(config.HAILONG_DATA_DIR);
  await mkdir(join(dataDir, 'db'), { recursive: true });
  const dynamo = await startDynalite({ path: join(dataDir, 'db') });
  await ensureTable(dynamo.endpoint, config.TABLE_NAME);
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  return {
    dataDir,
    deps: {
      config,
      store: { db, tableName: config.TABLE_NAME },
      keyring: fileKeyringSource(config.SIGNING_KEYS_FILE ?? join(dataDir, 'signing-keys.json')),
      now: () => new Date(),
    },
    print: (line) => process.stdout.write(`${line}\n`),
    async close() {
      db.destroy();
      await dynamo.close();
    },
  };
}
