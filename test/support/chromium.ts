/**
 * Debian's chromium for the browser tests, driven by playwright-core (no browser download). `npm
 * test` installs the package when it is missing (scripts/lib.mjs, ensureChromium); here a missing
 * browser fails loudly, never skips.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where the browser is: $VZMC_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  const path = process.env.VZMC_CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(path))
    throw new Error(
      `the report's browser test needs Debian's chromium at ${path}: run "apt-get install -y chromium" ` +
        '(npm test does it when it can), or point VZMC_CHROMIUM at a Chromium binary',
    );
  return path;
}

/** Flags for a quiet, offline headless run. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches chromium with a fresh user-data dir, removed when the browser closes. */
export async function launchChromium(
  viewport = { width: 1280, height: 720 },
): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'vzmc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    viewport,
    timeout: 120_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
