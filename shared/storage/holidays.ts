/**
 * Holidays (non-working days besides weekends) that due dates of feedback cases skip (DESIGN §4.4),
 * loaded by an administrator: `npm run admin -- holidays import FILE`.
 *
 * Keys: one item, `pk = HOLIDAYS#`, `sk = HOLIDAYS`, holding every day (sorted). A province has a
 * dozen or two a year, so a century fits in one item far below DynamoDB's 400 KB.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { isLocalDay, type LocalDay } from '../time';
import type { Store } from './client';
import { guarded } from './dynamo';

/** At most this many days are kept (years 2000–2100 at ~25 a year; DESIGN §6 bounds). */
export const MAX_HOLIDAYS = 3000;

export const holidayDaySchema = z.string().check(
  z.refine((value) => isLocalDay(value) && value >= '2000-01-01' && value <= '2100-12-31', {
    message: 'YYYY-MM-DD, 2000–2100',
  }),
);

const holidaysKey = { pk: 'HOLIDAYS#', sk: 'HOLIDAYS' } as const;

/** Replaces the holiday list (sorted, duplicates dropped). */
export async function saveHolidays(store: Store, days: LocalDay[], now: Date): Promise<LocalDay[]> {
  const sorted = [...new Set(days)].sort();
  if (sorted.length > MAX_HOLIDAYS) throw new RangeError(`at most ${MAX_HOLIDAYS} holidays`);
  await guarded(() =>
    store.db.send(
      new PutCommand({
        TableName: store.tableName,
        Item: { ...holidaysKey, type: 'holidays', days: sorted, updatedAt: now.toISOString() },
      }),
    ),
  );
  return sorted;
}

/** The holiday list; empty when none was loaded. Days that do not decode are left out. */
export async function getHolidays(store: Store): Promise<LocalDay[]> {
  const result = await guarded(() =>
    store.db.send(new GetCommand({ TableName: store.tableName, Key: holidaysKey })),
  );
  const days: unknown = result.Item?.days;
  return Array.isArray(days)
    ? days.filter((day): day is LocalDay => typeof day === 'string' && isLocalDay(day))
    : [];
}
