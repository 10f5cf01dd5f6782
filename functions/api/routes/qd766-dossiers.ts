/**
 * `GET /v1/scores/qd766/dossiers?unit=&from=&to=&metric=` (DESIGN §4.5, §8): the dossiers of the
 * key's unit subtree received in the period that are in a dossier-level Decision 766 metric's
 * denominator and not in its numerator — the dossiers that cost the unit its points. Permission
 * `scores:read` (no citizen's words). Pages of at most 100 with an opaque cursor; `Accept: text/csv`
 * streams every row from the cursor to the end (unit and procedure names, local days, the failure in
 * words). The rule is shared/indexes/qd766-dossier-membership.ts, the read
 * shared/storage/dossier-received-index.ts, the listing and its rows shared/reports/qd766-dossiers.ts.
 */
import { Hono } from 'hono';
import type { ApiEnv } from '../../../shared/http/auth';
import type { ApiDeps } from '../../../shared/http/deps';
import { unitSummary } from '../../../shared/indexes/ranking';
import {
  openScopedQd766DossierListing,
  qd766DossiersCsvHeaders,
  qd766DossiersCsvStream,
  qd766DossiersQuerySchema,
} from '../../../shared/reports/qd766-dossiers';
import { listReceivedDossiers, openReceivedCursor } from '../../../shared/storage/dossier-received-index';
import { parseInput } from '../../../shared/validation';

export function qd766DossiersRoutes(deps: ApiDeps) {
  return new Hono<ApiEnv>().get('/', async (c) => {
    const query = parseInput(qd766DossiersQuerySchema, c.req.query());
    const { root, listing } = await openScopedQd766DossierListing(deps, c.get('apiKey'), query);
    const keyring = await deps.keyring.get();

    if ((c.req.header('accept') ?? '').includes('text/csv')) {
      // Checked here, before the 200 and the first byte (422 for a bad cursor).
      const start = query.cursor
        ? openReceivedCursor(keyring, listing.query, query.cursor)
        : { unit: 0, month: 0 };
      return c.body(
        qd766DossiersCsvStream(deps.store, listing, start, query.lang ?? 'vi'),
        200,
        qd766DossiersCsvHeaders(listing, query.from, query.to),
      );
    }

    const page = listing.empty
      ? { dossiers: [], nextCursor: null }
      : await listReceivedDossiers(deps.store, keyring, listing.query, {
          cursor: query.cursor,
          limit: query.limit ?? 100,
          asOf: listing.asOf,
          keep: listing.keep,
        });
    const { metric } = listing;
    return c.json({
      unit: unitSummary(root),
      metric: { key: metric.key, code: metric.code, item: metric.item, name: metric.name },
      from: query.from,
      to: query.to,
      asOf: listing.asOf,
      dossiers: page.dossiers.map(listing.rowOf),
      nextCursor: page.nextCursor,
    });
  });
}
