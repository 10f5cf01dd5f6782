/**
 * The local server's stand-in for what keeps a `/public` flood off the citizens' pages in AWS, where
 * the two run in different functions behind CloudFront and `/public` has a route throttle of its own
 * (DESIGN §7: the rating page's p99 within 2× of its p99 alone).
 *
 * Here one Node process serves both, and a turn of its event loop answers every request that arrived
 * meanwhile: under twenty `/public` connections, each step of a rating page (its request, then each
 * DynamoDB round trip to the embedded dynalite, a turn each) waited behind ~20 `/public` answers. So
 * `/public` requests take turns: at most one starts per turn of the event loop (`setImmediate`), after
 * the turn's other requests. Nothing is refused; the queue holds at most one request per open
 * connection, and a `/public` answered from the process's cache takes a fraction of a millisecond.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

/** `/public`, with or without a query or a trailing path. */
export const isPublicRanking = (url: string | undefined): boolean =>
  url !== undefined && /^\/public(?:[/?]|$)/.test(url);

/** Wraps a request listener so that `/public` requests start one per turn of the event loop. */
export function publicAfterOthers(listener: RequestListener): RequestListener {
  const waiting: [IncomingMessage, ServerResponse][] = [];
  let scheduled = false;
  const startNext = () => {
    const next = waiting.shift();
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(startNext);
    if (next) listener(...next);
  };
  return (request, response) => {
    if (!isPublicRanking(request.url)) return listener(request, response);
    waiting.push([request, response]);
    if (!scheduled) {
      scheduled = true;
      setImmediate(startNext);
    }
  };
}
