/**
 * Sync record: what hailong last understood of a dossier from the one-stop system's own payload
 * (DESIGN §3, `POST /v1/sync/…`): the dossier report its `DongBoHoSoMC` payload maps to and the steps its
 * `CapNhatTienDoHoSoMC` records added. The two services arrive apart, and a report carries the whole
 * life, so each one is completed with the other's part from here. No personal data: only mapped facts.
 * Keys: `pk = DOSSIER#<rid>`, `sk = SYNC` (beside the dossier item, under the same grants).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { type DossierInput, dossierInputSchema } from '../dossier-registration';
import type { Store } from './client';
import { decodeItem, guarded } from './dynamo';
import { dossierKey, dossierRid } from './dossiers';

export const SYNC_SK = 'SYNC';

export interface SyncRecord {
  /** The last `DongBoHoSoMC` report as mapped (its steps are `steps` below). */
  report?: DossierInput | undefined;
  steps: DossierInput['steps'];
}

const stepSchema = z.object({ unit: z.string(), dueAt: z.string(), finishedAt: z.optional(z.string()) });
const storedSchema = z.object({
  report: z.optional(dossierInputSchema),
  steps: z._default(z.array(stepSchema), []),
});

const syncKey = (unit: string, code: string) => ({ pk: dossierKey(dossierRid(unit, code)).pk, sk: SYNC_SK });

export async function getSyncRecord(
  store: Store,
  unit: string,
  code: string,
): Promise<SyncRecord | undefined> {
  const result = await guarded(() =>
    store.db.send(
      new GetCommand({ TableName: store.tableName, Key: syncKey(unit, code), ConsistentRead: true }),
    ),
  );
  if (!result.Item) return undefined;
  const stored = decodeItem(storedSchema, 'sync record', result.Item);
  return { steps: stored.steps, ...(stored.report ? { report: stored.report } : {}) };
}

export async function putSyncRecord(
  store: Store,
  unit: string,
  code: string,
  record: SyncRecord,
): Promise<void> {
  // Undefined optionals are left out: the document client refuses them.
  const clean = JSON.parse(JSON.stringify(record)) as SyncRecord;
  await guarded(() =>
    store.db.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...syncKey(unit, code), type: 'sync', ...clean },
      }),
    ),
  );
}
