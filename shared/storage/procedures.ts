/**
 * Procedure: an administrative procedure of the national catalogue.
 * Keys: `pk = PROC#<code>`, `sk = PROC`; listing on gsi1: `gsi1pk = PROCS`, `gsi1sk = <code>`.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Store } from './client';
import { batchPut, decodeItem, type Item, queryAll } from './dynamo';

/** National procedure codes look like `1.001234` or `2.000123.000.00.00.H12`; any safe code fits. */
export const procedureCodeSchema = z.string().check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/));

export const procedureSchema = z.object({
  code: procedureCodeSchema,
  name: z.string().check(z.minLength(1), z.maxLength(500)),
  field: z.string().check(z.minLength(1), z.maxLength(200)),
  /** Legal processing time in working days (0 when the result is given on the spot). */
  processingDays: z.number().check(z.minimum(0), z.maximum(365)),
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
}

export async function getProcedure(store: Store, code: string): Promise<Procedure | undefined> {
  const result = await store.db.send(new GetCommand({ TableName: store.tableName, Key: procedureKey(code) }));
  return result.Item ? procedureFromItem(result.Item) : undefined;
}

export async function listProcedures(store: Store): Promise<Procedure[]> {
  const items = await queryAll(store, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': 'PROCS' },
  });
  return items.map(procedureFromItem);
}
