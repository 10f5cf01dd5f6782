/**
 * local/public-precedence.ts: on the local server `/public` requests take turns with the others, one per
 * turn of the event loop, so a flood of them cannot make a rating page wait behind a whole turn of
 * `/public` answers (DESIGN §7). Order only, no timing: each `nextTurn()` is one `setImmediate` turn.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isPublicRanking, publicAfterOthers } from '../../local/public-precedence';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const request = (url: string) => ({ url }) as IncomingMessage;
const response = {} as ServerResponse;

describe('publicAfterOthers', () => {
  it('answers other requests at once and starts one /public request per turn, in arrival order', async () => {
    const started: string[] = [];
    const listener = publicAfterOthers((req) => void started.push(req.url!));
    for (const url of ['/public', '/public?lang=en', '/r/token-1', '/public?n=3', '/healthz']) {
      listener(request(url), response);
    }
    expect(started).toEqual(['/r/token-1', '/healthz']);
    await nextTurn();
    expect(started).toEqual(['/r/token-1', '/healthz', '/public']);
    listener(request('/r/token-2'), response);
    expect(started.at(-1)).toBe('/r/token-2');
    await nextTurn();
    expect(started.at(-1)).toBe('/public?lang=en');
    await nextTurn();
    expect(started.at(-1)).toBe('/public?n=3');
    await nextTurn();
    expect(started).toHaveLength(6);
    // An empty queue starts the next /public on the following turn again.
    listener(request('/public'), response);
    expect(started).toHaveLength(6);
    await nextTurn();
    expect(started).toHaveLength(7);
  });

  it('takes /public with a query or a sub-path, and no other path that merely contains it', () => {
    expect(['/public', '/public?lang=en', '/public/', '/public/x'].map(isPublicRanking)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['/publicity', '/r/public', '/dashboard/public', '/', undefined].map(isPublicRanking)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
