/**
 * Real-browser helpers for e2e tests: Chromium through playwright-core, and the local app served on a
 * free port. Tests skip with a message naming the install command when Chromium is missing.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium executable, or undefined when none is installed. */
export const chromiumPath: string | undefined = CANDIDATES.find(
  (path): path is string => typeof path === 'string' && path !== '' && existsSync(path),
);

export const chromiumMissing =
  'Chromium not found (set CHROMIUM_PATH or run `apt-get update && apt-get install -y chromium`): e2e tests skipped';

export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error(chromiumMissing);
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Serves a fetch handler on 127.0.0.1 (a secure context for service workers) on a free port. */
export async function serveApp(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ origin: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
