// A real headless browser for the login test: Debian's chromium driven by playwright-core (which downloads
// nothing). Started with an empty profile directory and without the background traffic a first run makes.
import fs from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { tmpDir } from './cli.js';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string | undefined {
  return CANDIDATES.find((p): p is string => Boolean(p && fs.existsSync(p)));
}

/** Why the browser tests cannot run here, or undefined (decided before the tests are declared). */
export function browserUnavailable(): string | undefined {
  return chromiumPath() ? undefined : 'no chromium at /usr/bin/chromium (apt-get install chromium; .ci/run installs it) or $CHROMIUM_PATH';
}

export async function launchBrowser(): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  return chromium.launchPersistentContext(tmpDir('spacectl-chromium-'), {
    executablePath: chromiumPath()!,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
