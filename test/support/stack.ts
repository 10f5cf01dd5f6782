/**
 * A real, in-memory DynamoDB (dynalite) with a fresh table, and the app dependencies over it, for
 * integration tests. Each call makes its own table, so test files do not see each other's data.
 */
import { randomUUID } from 'node:crypto';
import { ensureTable, startDynalite } from '../../local/dynalite';
import { parseConfig } from '../../shared/config';
import type { AppDeps } from '../../shared/http/deps';
import { createKeyring, staticKeyringSource } from '../../shared/keyring';
import { createApiKey, type Permission } from '../../shared/storage/api-keys';
import { createDocumentClient } from '../../shared/storage/client';
import { importUnits, type UnitInput } from '../../shared/storage/units';

export interface TestStack {
  deps: AppDeps;
  endpoint: string;
  close(): Promise<void>;
}

export async function startTestStack(
  options: { env?: Record<string, string>; now?: () => Date } = {},
): Promise<TestStack> {
  const dynamo = await startDynalite();
  const tableName = `test-${randomUUID().slice(0, 8)}`;
  await ensureTable(dynamo.endpoint, tableName);
  const db = createDocumentClient({ endpoint: dynamo.endpoint });
  const keyring = createKeyring();
  return {
    endpoint: dynamo.endpoint,
    deps: {
      store: { db, tableName },
      config: parseConfig({ TABLE_NAME: tableName, ...options.env }),
      keyring: staticKeyringSource(keyring),
      now: options.now ?? (() => new Date()),
    },
    async close() {
      db.destroy();
      await dynamo.close();
    },
  };
}

/** A small tree: province → two districts → communes, for scoping tests. */
export const sampleUnits: UnitInput[] = [
  { id: 'cb', name: 'Tỉnh Cao Bằng', kind: 'province', parent: null },
  { id: 'cb-d1', name: 'Huyện Một', kind: 'district', parent: 'cb' },
  { id: 'cb-d1-c1', name: 'Xã Một Một', kind: 'commune', parent: 'cb-d1' },
  { id: 'cb-d1-c2', name: 'Xã Một Hai', kind: 'commune', parent: 'cb-d1' },
  { id: 'cb-d2', name: 'Huyện Hai', kind: 'district', parent: 'cb' },
  { id: 'cb-d2-c1', name: 'Xã Hai Một', kind: 'commune', parent: 'cb-d2' },
];

/** Loads units and issues a key scoped to `unit` with `permissions`; answers the bearer secret. */
export async function seedKey(
  deps: AppDeps,
  unit: string,
  permissions: Permission[],
  units: UnitInput[] = sampleUnits,
): Promise<string> {
  await importUnits(deps.store, units);
  const secret = `test-key-${randomUUID()}`;
  await createApiKey(deps.store, secret, { name: `test ${unit}`, unit, permissions });
  return secret;
}
