/**
 * Real-browser tests (Chromium driven by playwright-core). Chromium is looked for at `CHROMIUM_PATH`
 * or /usr/bin/chromium; where it is missing the suite is skipped with the command that installs it
 * (`.ci/run` installs it, so CI always runs these).
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { describe } from 'vitest';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = existsSync(chromiumPath);

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
  const message = `skipped: no Chromium at ${chromiumPath}; install it with: apt-get install -y chromium`;
  console.warn(`[e2e] ${name} — ${message}`);
  describe.skip(`${name} — ${message}`, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: ARGS, headless: true });
}
