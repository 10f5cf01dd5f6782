/**
 * `GET /v1/ratings` (DESIGN §8): the ratings of a unit's subtree whose dossier was returned in
 * [from, to], with their comments — unit by unit in path order, each by return day on gsi2
 * (`RATINGS#<unit>`). The cursor is opaque (base64url JSON: the unit to resume at and DynamoDB's
 * last key there, bound to the query); pages follow to the end with no duplicates. `Accept: text/csv`
 * streams every row from the cursor to the end as CSV (UTF-8 with BOM, so spreadsheets show
 * Vietnamese).
 */
import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { ValidationError } from '../../../shared/errors';
import { ratingsQuerySchema } from '../../../shared/http/aggregate-queries';
import { type ApiEnv, authorizeUnit } from '../../../shared/http/auth';
import type { Store } from '../../../shared/storage/client';
import { guarded, type Item } from '../../../shared/storage/dynamo';
import { ratingFromItem } from '../../../shared/storage/ratings';
import type { Unit } from '../../../shared/storage/units';
import type { LocalDay } from '../../../shared/time';
import { labelledHeaderLine, labelledLine } from '../../../shared/reports/ratings-labels';
import { listProcedures } from '../../../shared/storage/procedures';
import { parseInput } from '../../../shared/validation';
import type { ApiDeps } from '../app';
import { checkRange } from './range';

/** The columns of a rating row, in CSV order. */
export const ratingColumns = [
  'rid',
  'unit',
  'dossierCode',
  'procedure',
  'applicantType',
  'channel',
  'returnedDay',
  'timeliness',
  'complaint',
  'ratedAt',
  'instrument',
  'overall',
  'i3',
  'i4',
  'i7',
  'reason',
  'reasonText',
  'comment',
  's1',
  's2',
  's3',
  's4',
  's5',
  'lang',
] as const;

export type RatingRow = Record<(typeof ratingColumns)[number], string | number | boolean | null>;

export function ratingRow(item: Item): RatingRow {
  const rating = ratingFromItem(item);
  return {
    rid: rating.rid,
    unit: rating.unit,
    dossierCode: rating.dossierCode,
    procedure: rating.procedure,
    applicantType: rating.applicantType,
    channel: rating.channel,
    returnedDay: rating.returnedDay,
    timeliness: rating.timeliness,
    complaint: rating.complaint,
    ratedAt: rating.ratedAt,
    instrument: rating.instrument,
    overall: rating.overall,
    i3: rating.i3,
    i4: rating.i4,
    i7: rating.i7,
    reason: rating.reason ?? null,
    reasonText: rating.reasonText ?? null,
    comment: rating.comment ?? null,
    s1: rating.sipas?.s1 ?? null,
    s2: rating.sipas?.s2 ?? null,
    s3: rating.sipas?.s3 ?? null,
    s4: rating.sipas?.s4 ?? null,
    s5: rating.sipas?.s5 ?? null,
    lang: rating.lang,
  };
}

/**
 * One CSV cell (RFC 4180). Text a spreadsheet would run as a formula (starting with = + - @ or a
 * tab) gets a leading apostrophe: comments come from the public.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

interface Position {
  /** Index of the unit in the subtree. */
  unit: number;
  key?: Item | undefined;
}

interface CursorBody {
  q: string;
  u: string;
  k?: Item;
}

const queryFingerprint = (unit: string, from: string, to: string) =>
  createHash('sha256').update(`${unit}|${from}|${to}`).digest('base64url').slice(0, 12);

function encodeCursor(body: CursorBody): string {
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

const badCursor = () =>
  new ValidationError([
    {
      field: 'cursor',
      vi: 'con trỏ không hợp lệ hoặc không thuộc truy vấn này',
      en: 'invalid cursor, or from another query',
    },
  ]);

function decodeCursor(cursor: string, units: Unit[], fingerprint: string): Position {
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    throw badCursor();
  }
  if (typeof body !== 'object' || body === null || body.q !== fingerprint) throw badCursor();
  const index = units.findIndex((unit) => unit.id === body.u);
  if (index < 0) throw badCursor();
  const key = body.k;
  if (key !== undefined) {
    const valid =
      typeof key === 'object' &&
      key !== null &&
      key.gsi2pk === `RATINGS#${body.u}` &&
      typeof key.gsi2sk === 'string' &&
      typeof key.pk === 'string' &&
      typeof key.sk === 'string' &&
      Object.keys(key).length === 4;
    if (!valid) throw badCursor();
  }
  return { unit: index, key };
}

/** Reads up to `limit` rows from `position`; answers the rows and where to go on (undefined at the end). */
async function readRows(
  store: Store,
  units: Unit[],
  from: LocalDay,
  to: LocalDay,
  start: Position,
  limit: number,
): Promise<{ rows: RatingRow[]; next: Position | undefined }> {
  const rows: RatingRow[] = [];
  let position: Position = { ...start };
  while (position.unit < units.length && rows.length < limit) {
    const unit = units[position.unit]!;
    const page = await guarded(() =>
      store.db.send(
        new QueryCommand({
          TableName: store.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
          ExpressionAttributeValues: { ':pk': `RATINGS#${unit.id}`, ':from': `${from}#`, ':to': `${to}#~` },
          Limit: limit - rows.length,
          ExclusiveStartKey: position.key,
        }),
      ),
    );
    for (const item of page.Items ?? []) rows.push(ratingRow(item));
    const key = page.LastEvaluatedKey as Item | undefined;
    position = key ? { unit: position.unit, key } : { unit: position.unit + 1 };
  }
  return { rows, next: position.unit < units.length ? position : undefined };
}

export function ratingsRoutes(deps: ApiDeps) {
  return new Hono<ApiEnv>().get('/', async (c) => {
    const query = parseInput(ratingsQuerySchema, c.req.query());
    checkRange(query.from, query.to);
    const root = await authorizeUnit(deps.units, c.get('apiKey'), 'ratings:read', query.unit);
    const units = await deps.units.subtree(root.id);
    const fingerprint = queryFingerprint(root.id, query.from, query.to);
    const start = query.cursor ? decodeCursor(query.cursor, units, fingerprint) : { unit: 0 };
    const cursorOf = (position: Position | undefined) =>
      position
        ? encodeCursor({
            q: fingerprint,
            u: units[position.unit]!.id,
            ...(position.key ? { k: position.key } : {}),
          })
        : null;

    if ((c.req.header('accept') ?? '').includes('text/csv') || query.labels) {
      const encoder = new TextEncoder();
      // ?labels=vi: the CSV for people (names beside codes, local time, codes kept as text).
      const names = query.labels
        ? {
            units: new Map(units.map((unit) => [unit.id, unit.name])),
            procedures: new Map((await listProcedures(deps.store)).map((p) => [p.code, p.name])),
          }
        : undefined;
      const line = (row: RatingRow) =>
        names
          ? labelledLine(row, names)
          : `${ratingColumns.map((column) => csvCell(row[column])).join(',')}\r\n`;
      let position: Position | undefined = start;
      let first = true;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (first) {
            first = false;
            controller.enqueue(
              encoder.encode(names ? labelledHeaderLine() : `\uFEFF${ratingColumns.join(',')}\r\n`),
            );
            return;
          }
          if (!position) {
            controller.close();
            return;
          }
          const page = await readRows(deps.store, units, query.from, query.to, position, 500);
          position = page.next;
          const text = page.rows.map(line).join('');
          if (text) controller.enqueue(encoder.encode(text));
        },
      });
      return c.body(body, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="ratings-${root.id}-${query.from}-${query.to}.csv"`,
      });
    }

    const page = await readRows(deps.store, units, query.from, query.to, start, query.limit ?? 100);
    return c.json({
      unit: { id: root.id, name: root.name, kind: root.kind },
      from: query.from,
      to: query.to,
      ratings: page.rows,
      nextCursor: cursorOf(page.next),
    });
  });
}
