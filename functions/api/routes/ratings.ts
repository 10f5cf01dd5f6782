/**
 * `GET /v1/ratings` (DESIGN §8): the ratings of a unit's subtree whose dossier was returned in
 * [from, to], with their comments — unit by unit in path order, each by return day. Storage, paging
 * and the cursor (opaque, bound to the query, HMAC-authenticated) are the ratings module's
 * (`listRatings`); the cursor is checked before the first byte is sent. `Accept: text/csv` streams
 * every row from the cursor to the end as CSV (UTF-8 with BOM, so spreadsheets show Vietnamese); a
 * read failing mid-stream aborts the response, so a file is never silently cut short.
 */
import { Hono } from 'hono';
import { ratingsQuerySchema } from '../../../shared/http/aggregate-queries';
import { type ApiEnv, authorizeUnit } from '../../../shared/http/auth';
import {
  listRatings,
  openRatingsCursor,
  type RatingsPosition,
  type RatingsQuery,
  readRatings,
} from '../../../shared/storage/rating-listing';
import type { Rating } from '../../../shared/storage/rating-encoding';
import { csvId, csvLine as writeLine, csvText } from '../../../shared/reports/csv';
import { labelledHeaderLine, labelledLine } from '../../../shared/reports/ratings-labels';
import { listProcedures } from '../../../shared/storage/procedures';
import { parseInput } from '../../../shared/validation';
import type { ApiDeps } from '../../../shared/http/deps';
import { checkRange } from '../../../shared/date-range';

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

export function ratingRow(rating: Rating): RatingRow {
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

/** The columns of a rating row that hold a citizen's words (free text, guarded); the others are identifiers. */
const freeTextColumns: ReadonlySet<string> = new Set(['reasonText', 'comment']);

const csvLine = (rating: Rating) => {
  const row = ratingRow(rating);
  return writeLine(
    ratingColumns.map((column) => (freeTextColumns.has(column) ? csvText(row[column]) : csvId(row[column]))),
  );
};

export function ratingsRoutes(deps: ApiDeps) {
  return new Hono<ApiEnv>().get('/', async (c) => {
    const query = parseInput(ratingsQuerySchema, c.req.query());
    checkRange(query.from, query.to);
    const root = await authorizeUnit(deps.units, c.get('apiKey'), 'ratings:read', query.unit);
    const units = await deps.units.subtree(root.id);
    const keyring = await deps.keyring.get();
    const listing: RatingsQuery = {
      root: root.id,
      units: units.map((unit) => unit.id),
      from: query.from,
      to: query.to,
    };

    if ((c.req.header('accept') ?? '').includes('text/csv') || query.labels) {
      // Checked here, before the 200 and the first byte (422 for a bad cursor).
      let position: RatingsPosition | undefined = query.cursor
        ? openRatingsCursor(keyring, listing, query.cursor)
        : { unit: 0 };
      const encoder = new TextEncoder();
      // ?labels=vi: the CSV for people (names beside codes, local time, codes kept as text).
      const names = query.labels
        ? {
            units: new Map(units.map((unit) => [unit.id, unit.name])),
            procedures: new Map((await listProcedures(deps.store)).map((p) => [p.code, p.name])),
          }
        : undefined;
      const line = (rating: Rating) => (names ? labelledLine(ratingRow(rating), names) : csvLine(rating));
      let first = true;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (first) {
            first = false;
            controller.enqueue(
              encoder.encode(names ? labelledHeaderLine() : `\uFEFF${writeLine(ratingColumns)}`),
            );
            return;
          }
          if (!position) {
            controller.close();
            return;
          }
          // A rejection here errors the stream: the client sees a broken transfer, not a short file.
          const page = await readRatings(deps.store, listing, position, 500);
          position = page.next;
          const text = page.ratings.map(line).join('');
          if (text) controller.enqueue(encoder.encode(text));
        },
      });
      return c.body(body, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="ratings-${root.id}-${query.from}-${query.to}.csv"`,
      });
    }

    const page = await listRatings(deps.store, keyring, listing, {
      cursor: query.cursor,
      limit: query.limit ?? 100,
    });
    return c.json({
      unit: { id: root.id, name: root.name, kind: root.kind },
      from: query.from,
      to: query.to,
      ratings: page.ratings.map(ratingRow),
      nextCursor: page.nextCursor,
    });
  });
}
