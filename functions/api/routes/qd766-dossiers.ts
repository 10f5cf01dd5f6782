/**
 * `GET /v1/scores/qd766/dossiers?unit=&from=&to=&metric=` (DESIGN §4.5, §8): the dossiers of the
 * key's unit subtree received in the period that are in a dossier-level Decision 766 metric's
 * denominator and not in its numerator — the dossiers that cost the unit its points. Permission
 * `scores:read` (no citizen's words). Pages of at most 100 with an opaque cursor; `Accept: text/csv`
 * streams every row from the cursor to the end (unit and procedure names, local days, the failure in
 * words). The rule is shared/indexes/qd766-dossier-membership.ts, the read
 * shared/storage/dossier-received-index.ts, the rows shared/reports/qd766-dossiers.ts.
 */
import { Hono } from 'hono';
import { checkRange } from '../../../shared/date-range';
import { type ApiEnv, authorizeUnit } from '../../../shared/http/auth';
import type { ApiDeps } from '../../../shared/http/deps';
import { methodOptionsFromConfig } from '../../../shared/indexes';
import { catalogueIndex } from '../../../shared/indexes/qd766';
import { unitSummary } from '../../../shared/indexes/ranking';
import {
  lastCountedDay,
  listedMetric,
  QD766_DOSSIERS_MAX_DAYS,
  type Qd766DossierRow,
  qd766DossierRow,
  qd766DossiersCsvHeader,
  qd766DossiersCsvLine,
  qd766DossiersQuerySchema,
  type RowNames,
} from '../../../shared/reports/qd766-dossiers';
import {
  listReceivedDossiers,
  openReceivedCursor,
  type ReceivedDossier,
  type ReceivedPosition,
  type ReceivedQuery,
  readReceivedDossiers,
} from '../../../shared/storage/dossier-received-index';
import { guarded } from '../../../shared/storage/dynamo';
import { listProcedures } from '../../../shared/storage/procedures';
import { parseInput } from '../../../shared/validation';

export function qd766DossiersRoutes(deps: ApiDeps) {
  return new Hono<ApiEnv>().get('/', async (c) => {
    const query = parseInput(qd766DossiersQuerySchema, c.req.query());
    checkRange(query.from, query.to, QD766_DOSSIERS_MAX_DAYS);
    const metric = listedMetric(query.metric);
    const root = await authorizeUnit(deps.units, c.get('apiKey'), 'scores:read', query.unit);
    const units = await deps.units.subtree(root.id);
    const keyring = await deps.keyring.get();
    // The counters hold the nights up to yesterday: a dossier received today is not counted yet.
    const asOf = lastCountedDay(deps.now());
    const to = query.to < asOf ? query.to : asOf;
    // Nothing received after the last night counted is read (nothing at all when `from` is later).
    const empty = to < query.from;
    const listing: ReceivedQuery = {
      root: root.id,
      // The cursor is bound to the query as asked (the range read grows with the nights).
      binding: `${metric.key}\n${query.to}`,
      units: units.map((unit) => unit.id),
      from: query.from,
      to: empty ? query.from : to,
    };
    const catalogue = await guarded(() => listProcedures(deps.store));
    const find = catalogueIndex(catalogue);
    const names: RowNames = { units: new Map(units.map((unit) => [unit.id, unit.name])), procedure: find };
    const inProgressCountsOnTime = methodOptionsFromConfig(deps.config).qd766.inProgressCountsOnTime;
    const rows = new WeakMap<ReceivedDossier, Qd766DossierRow>();
    const keep = (dossier: ReceivedDossier) => {
      const row = qd766DossierRow(dossier, metric.key, asOf, names, inProgressCountsOnTime);
      if (row) rows.set(dossier, row);
      return row !== undefined;
    };

    if ((c.req.header('accept') ?? '').includes('text/csv')) {
      const lang = query.lang ?? 'vi';
      // Checked here, before the 200 and the first byte (422 for a bad cursor).
      let position: ReceivedPosition | undefined = query.cursor
        ? openReceivedCursor(keyring, listing, query.cursor)
        : { unit: 0, month: 0 };
      if (empty) position = undefined;
      const encoder = new TextEncoder();
      let first = true;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (first) {
            first = false;
            controller.enqueue(encoder.encode(qd766DossiersCsvHeader(lang)));
            return;
          }
          if (!position) {
            controller.close();
            return;
          }
          // A rejection here errors the stream: the client sees a broken transfer, not a short file.
          const page = await readReceivedDossiers(deps.store, listing, position, { limit: 500, asOf, keep });
          position = page.next;
          const text = page.dossiers
            .map((dossier) => qd766DossiersCsvLine(rows.get(dossier)!, lang))
            .join('');
          if (text) controller.enqueue(encoder.encode(text));
        },
      });
      return c.body(body, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="qd766-${metric.code ?? metric.key}-${root.id}-${query.from}-${query.to}.csv"`,
      });
    }

    const page = empty
      ? { dossiers: [], nextCursor: null }
      : await listReceivedDossiers(deps.store, keyring, listing, {
          cursor: query.cursor,
          limit: query.limit ?? 100,
          asOf,
          keep,
        });
    return c.json({
      unit: unitSummary(root),
      metric: { key: metric.key, code: metric.code, item: metric.item, name: metric.name },
      from: query.from,
      to: query.to,
      asOf,
      dossiers: page.dossiers.map((dossier) => rows.get(dossier)!),
      nextCursor: page.nextCursor,
    });
  });
}
