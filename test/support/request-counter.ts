/**
 * A document client that counts the DynamoDB requests sent through it (a BatchGet is one request), for
 * the tests that bound what a page reads (issue 25, DESIGN §7). The counts split what the pages' budget
 * is about — figures: aggregates, period inputs, the night index, the figure sheets and the
 * aggregates' generation — from the API key or session a request is authenticated with, and the rest.
 */
import type { AppDeps } from '../../shared/http/deps';
import { createDocumentClient } from '../../shared/storage/client';

export interface RequestCounts {
  /** Every request. */
  count: number;
  /** Requests reading figures (see the module comment). */
  figures: number;
  /** Requests reading an API key or a session (authentication, not a figure read). */
  auth: number;
  /** Items returned (Item, Items, BatchGet responses). */
  items: number;
  /** Each request as `<command> <first key prefix>` (`BatchGetItemCommand SHEET#`), to say what was read. */
  seen: string[];
}

const FIGURES = /"(AGG#|AGGNIGHTS#|AGGRUN#GENERATION|INPUT#|SHEET#)/;
const AUTH = /"(APIKEY#|SESSION#)/;

/** A client on `endpoint` counting into `counts`; `deps` with it as the store's client. */
export function countingDeps(deps: AppDeps, endpoint: string) {
  const counts: RequestCounts = { count: 0, figures: 0, auth: 0, items: 0, seen: [] };
  const db = createDocumentClient({ endpoint });
  db.middlewareStack.add(
    (next, context) => async (args) => {
      counts.count += 1;
      const input = JSON.stringify(args.input);
      const prefix =
        /"(?:pk|gsi\dpk)":"([A-Z]+#?)/.exec(input)?.[1] ?? /":pk":"([A-Z]+#?)/.exec(input)?.[1] ?? '?';
      counts.seen.push(`${(context as { commandName?: string }).commandName ?? 'command'} ${prefix}`);
      if (FIGURES.test(input)) counts.figures += 1;
      else if (AUTH.test(input)) counts.auth += 1;
      const result = await next(args);
      const output = result.output as {
        Item?: unknown;
        Items?: unknown[];
        Responses?: Record<string, unknown[]>;
      };
      if (output.Item) counts.items += 1;
      counts.items += output.Items?.length ?? 0;
      for (const list of Object.values(output.Responses ?? {})) counts.items += list.length;
      return result;
    },
    { step: 'initialize', name: 'countRequests' },
  );
  return {
    counts,
    deps: { ...deps, store: { ...deps.store, db } } as AppDeps,
    /** Sets every count to zero. */
    reset() {
      Object.assign(counts, { count: 0, figures: 0, auth: 0, items: 0, seen: [] });
    },
    close() {
      db.destroy();
    },
  };
}
