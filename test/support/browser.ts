/**
 * Real-browser tests (Chromium driven by playwright-core) and the local app served on a free port.
 * Chromium is looked for at `CHROMIUM_PATH`, /usr/bin/chromium or /usr/bin/chromium-browser; where it
 * is missing the suite is skipped with the command that installs it (`.ci/run` installs it, so CI
 * always runs these).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { describe } from 'vitest';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium executable, or undefined when none is installed. */
export const chromiumPath: string | undefined = CANDIDATES.find(
  (path): path is string => typeof path === 'string' && path !== '' && existsSync(path),
);
export const hasChromium = chromiumPath !== undefined;

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** `describe` when Chromium is installed, else `describe.skip` with a message saying how to install it. */
export function describeWithBrowser(name: string, body: () => void): void {
  if (hasChromium) {
    describe(name, body);
    return;
  }
  const message =
    'skipped: Chromium not found (set CHROMIUM_PATH or install it with: apt-get update && apt-get install -y chromium)';
  console.warn(`[e2e] ${name} — ${message}`);
  describe.skip(`${name} — ${message}`, body);
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error('Chromium not found (set CHROMIUM_PATH)');
  return chromium.launch({ executablePath: chromiumPath, args: ARGS, headless: true });
}

/** The local app served for a browser: where it is, and how to stop it. */
export interface ServedApp {
  origin: string;
  close(): Promise<void>;
}

/** Serves a fetch handler on 127.0.0.1 (a secure context for service workers) on a free port. */
export async function serveApp(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<ServedApp> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
