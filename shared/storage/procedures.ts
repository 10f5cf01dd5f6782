/**
 * Procedure: an administrative procedure of the national catalogue.
 * Keys: `pk = PROC#<code>`, `sk = PROC`; listing on gsi1: `gsi1pk = PROCS`, `gsi1sk = <code>`.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Store } from './client';
import { batchGet, batchPut, decodeItem, type Item, queryAll } from './dynamo';

/** National procedure codes look like `1.001234` or `2.000123.000.00.00.H12`; any safe code fits. */
export const procedureCodeSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/));

export const procedureSchema = z.object({
  code: procedureCodeSchema,
  name: z.string().check(z.minLength(1), z.maxLength(500)),
  field: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Legal processing time in working days (0 when the result is given on the spot). */
  processingDays: z.number().check(z.minimum(0), z.maximum(365)),
  /**
   * The catalogue facts the 766 scorecard reads (DESIGN §3, §4.5): the online service's level, whether
   * the procedure may be done fully online, charges a fee, reads the national population data, and
   * hands over a paper result by rule. Absent when the catalogue does not say.
   */
  onlineLevel: z.optional(z.enum(['full', 'partial', 'none'])),
  fullyOnlineEligible: z.optional(z.boolean()),
  feeCharging: z.optional(z.boolean()),
  citizenDataConnected: z.optional(z.boolean()),
  paperResultRequired: z.optional(z.boolean()),
});
export type Procedure = z.infer<typeof procedureSchema>;

export const procedureKey = (code: string) => ({ pk: `PROC#${code}`, sk: 'PROC' });

export function procedureToItem(procedure: Procedure): Item {
  return {
    ...procedureKey(procedure.code),
    gsi1pk: 'PROCS',
    gsi1sk: procedure.code,
    type: 'procedure',
    ...procedure,
  };
}

export function procedureFromItem(item: Item): Procedure {
  return decodeItem(procedureSchema, 'procedure', item);
}

export async function putProcedures(store: Store, procedures: Procedure[]): Promise<void> {
  await batchPut(store, procedures.map(procedureToItem));
  // This process sees its own change at once; others within the minute of their cache.
  catalogues.delete(store.tableName);
}

export async function getProcedure(store: Store, code: string): Promise<Procedure | undefined> {
  const result = await store.db.send(new GetCommand({ TableName: store.tableName, Key: procedureKey(code) }));
  return result.Item ? procedureFromItem(result.Item) : undefined;
}

/**
 * The national code's short form: `1.001193.000.00.00.H56` (the code as a province publishes it) is
 * `1.001193` (the national procedure). `undefined` for a code of another shape.
 */
export function shortProcedureCode(code: string): string | undefined {
  return /^(\d+\.\d{6})(\.|$)/.exec(code)?.[1];
}

/**
 * The catalogue's procedure by either form of its national code (DESIGN §3: `1.001193` and
 * `1.001193.000.00.00.H56`): the code as given, then its short form, then a stored long form of a
 * short code.
 */
export async function findProcedure(store: Store, code: string): Promise<Procedure | undefined> {
  const exact = await getProcedure(store, code);
  if (exact) return exact;
  const short = shortProcedureCode(code);
  if (short !== undefined && short !== code) {
    const byShort = await getProcedure(store, short);
    if (byShort) return byShort;
  }
  const longer = await store.db.send(
    new QueryCommand({
      TableName: store.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':pk': 'PROCS', ':prefix': `${short ?? code}.` },
      Limit: 1,
    }),
  );
  const item = longer.Items?.[0];
  return item ? procedureFromItem(item) : undefined;
}

/**
 * The catalogue in code order, with the catalogue facts: the listing (gsi1) projects a fixed set of
 * attributes without them, so the items are read in full by their keys (100 per request).
 */
export async function listProcedures(store: Store): Promise<Procedure[]> {
  const listed = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': 'PROCS' },
  });
  const full = new Map(
    (
      await batchGet(
        store,
        listed.map((item) => procedureKey(String(item.code))),
      )
    ).map((item) => [String(item.code), item]),
  );
  return listed.map((item) => procedureFromItem(full.get(String(item.code)) ?? item));
}

/** How long a process keeps the catalogue (as the unit directory keeps the units: shared/unit-directory.ts). */
export const CATALOGUE_TTL_MS = 60_000;

const catalogues = new Map<string, { at: number; read: Promise<Procedure[]> }>();

/**
 * {@link listProcedures}, kept a minute per process and table: the catalogue changes rarely (an admin
 * import), while the 766 scorecard of every page and `/v1/*` answer reads it (a Query and a BatchGet).
 * A failed read is not kept.
 */
export function cachedProcedures(store: Store, now: () => number = Date.now): Promise<Procedure[]> {
  const kept = catalogues.get(store.tableName);
  if (kept && now() - kept.at <= CATALOGUE_TTL_MS) return kept.read;
  const read = listProcedures(store);
  const entry = { at: now(), read };
  catalogues.set(store.tableName, entry);
  read.catch(() => {
    if (catalogues.get(store.tableName) === entry) catalogues.delete(store.tableName);
  });
  return read;
}
