/**
 * Lets a benchmark's server stop only after the requests it is still serving are done: the load
 * generator stops first, then the server waits until its DynamoDB client has had nothing in flight
 * for a moment, and only then closes the database. Closing earlier left handlers of abandoned
 * requests calling a closed dynalite (a burst of logged ECONNREFUSED errors at the end of the run).
 */
import type { Store } from '../shared/storage/client';

const QUIET_MS = 300;
const MAX_WAIT_MS = 30_000;

/** Counts the client's requests in flight; answers a function that settles once they have drained. */
export function drainBeforeClose(db: Store['db']): () => Promise<void> {
  let inFlight = 0;
  let lastActivity = Date.now();
  db.middlewareStack.add(
    (next) => async (args) => {
      inFlight += 1;
      lastActivity = Date.now();
      try {
        return await next(args);
      } finally {
        inFlight -= 1;
        lastActivity = Date.now();
      }
    },
    { step: 'initialize', name: 'benchDrain' },
  );
  return async () => {
    const started = Date.now();
    while ((inFlight > 0 || Date.now() - lastActivity < QUIET_MS) && Date.now() - started < MAX_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
}
