/**
 * The start-up every browser test file shares: dynalite with a fresh table (./stack.ts), the file's own
 * data, the local app served on 127.0.0.1, and Chromium — started once for the file in `beforeAll`,
 * stopped in reverse order in `afterAll`. Call it in the body of `describeWithBrowser`; the fields of
 * the answer are set once `beforeAll` has run.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createLocalApp } from '../../local/app';
import { launchChromium, type ServedApp, serveApp } from './browser';
import { startTestStack, type TestStack } from './stack';

export interface BrowserStack<Seeded> {
  stack: TestStack;
  /** The app the server serves (for a request in-process beside the browser's). */
  app: ReturnType<typeof createLocalApp>;
  server: ServedApp;
  /** The served app's origin, http://127.0.0.1:<port>. */
  origin: string;
  browser: Browser;
  /** What `seed` answered (keys, fixtures). */
  seeded: Seeded;
}

export interface BrowserStackOptions<Seeded> {
  env?: Record<string, string>;
  now?: () => Date;
  /** Loads the file's data into the new stack before the app is served. */
  seed?: (stack: TestStack) => Promise<Seeded>;
  /** The `beforeAll` timeout (vitest's hookTimeout by default). */
  timeout?: number;
}

export function useBrowserStack<Seeded = undefined>(
  options: BrowserStackOptions<Seeded> = {},
): BrowserStack<Seeded> {
  const { seed, timeout, ...stackOptions } = options;
  const running = {} as BrowserStack<Seeded>;
  beforeAll(async () => {
    running.stack = await startTestStack(stackOptions);
    running.seeded = (await seed?.(running.stack)) as Seeded;
    running.app = createLocalApp(running.stack.deps);
    running.server = await serveApp(running.app.fetch);
    running.origin = running.server.origin;
    running.browser = await launchChromium();
  }, timeout);
  afterAll(async () => {
    await running.browser?.close();
    await running.server?.close();
    await running.stack?.close();
  });
  return running;
}
