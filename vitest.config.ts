// Test projects, chosen by file name (DEVELOPERS.md, "Tests"):
//   node                   every test file but *.browser.test.ts; *.playwright.test.ts drive
//                          Chromium from Node through playwright-core (built pages, the demo)
//   chromium               every test file but *.node.test.ts and *.playwright.test.ts, in
//                          headless Chromium, cross-origin isolated (COOP + COEP headers), so
//                          sampleAsync/fillAsync run on Web Workers
//   chromium-no-isolation  *.browser.test.ts only, without those headers: the one-thread fallback
// Chromium is Debian's (scripts/chromium.mjs); nothing is downloaded. Without one, only the node
// project runs (without *.playwright.test.ts) after a plain message, except under CI=true,
// where a missing browser is an error.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { CHROMIUM_ARGS, findChromium, ISOLATION_HEADERS } from './scripts/chromium.mjs';

const chromium = findChromium();
const ci = process.env.CI === 'true' || process.env.CI === '1';
if (!chromium) {
  const message = 'no Chromium found (install it: apt-get install -y chromium, or set CHROMIUM_PATH)';
  if (ci) throw new Error(`vitest: ${message}; CI needs the browser tests`);
  // Once per process (vitest may evaluate this file more than once).
  const host = globalThis as { nninitChromiumWarned?: boolean };
  if (!host.nninitChromiumWarned) {
    console.warn(`\nvitest: ${message}.\nvitest: running the Node project only; the browser tests are skipped.\n`);
  }
  host.nninitChromiumWarned = true;
}

const NODE_ONLY = 'test/**/*.node.test.ts';
const PLAYWRIGHT = 'test/**/*.playwright.test.ts';
const BROWSER_ONLY = 'test/**/*.browser.test.ts';

function browserProject(name: string, include: string[], exclude: string[], isolated: boolean) {
  return {
    extends: true,
    // Per project: headers set at the root are not applied to browser projects.
    server: { headers: isolated ? ISOLATION_HEADERS : {} },
    test: {
      name,
      include,
      exclude,
      provide: { crossOriginIsolated: isolated },
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({ launchOptions: { executablePath: chromium!, args: CHROMIUM_ARGS } }),
        instances: [{ browser: 'chromium' as const }],
        screenshotFailures: false,
      },
    },
  } satisfies TestProjectInlineConfiguration;
}

const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: {
      name: 'node',
      include: ['test/**/*.test.ts'],
      exclude: chromium ? [BROWSER_ONLY] : [BROWSER_ONLY, PLAYWRIGHT],
    },
  },
];
if (chromium) {
  projects.push(
    browserProject('chromium', ['test/**/*.test.ts'], [NODE_ONLY, PLAYWRIGHT], true),
    browserProject('chromium-no-isolation', [BROWSER_ONLY], [], false),
  );
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects,
  },
});
