// Three projects (DEVELOPERS.md, "Tests"):
//   node                 every test file but *.browser.test.ts
//   chromium             every test file but *.node.test.ts, in headless Chromium, cross-origin
//                        isolated (COOP + COEP), so sampleAsync/fillAsync run on Web Workers
//   chromium-no-isolation  *.browser.test.ts only, without those headers: the one-thread fallback
// Chromium is Debian's (scripts/chromium.mjs); nothing is downloaded. Without one, the browser
// projects are left out with a plain message, except under CI=true, where that is an error.
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { CHROMIUM_ARGS, findChromium, ISOLATION_HEADERS } from './scripts/chromium.mjs';

const chromium = findChromium();
const ci = process.env.CI === 'true' || process.env.CI === '1';
if (!chromium) {
  const message = 'no Chromium found (install it: apt-get install -y chromium, or set CHROMIUM_PATH)';
  if (ci) throw new Error(`vitest: ${message}; CI needs the browser projects`);
  console.warn(`\nvitest: ${message}: running the Node project only; the browser projects are skipped.\n`);
}

function browserProject(name: string, include: string[], exclude: string[], isolated: boolean) {
  return {
    extends: true,
    server: { headers: isolated ? ISOLATION_HEADERS : {} },
    optimizeDeps: { include: ['@assemblyscript/loader'] },
    test: {
      name,
      include,
      provide: { crossOriginIsolated: isolated },
      exclude,
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
  { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: ['test/**/*.browser.test.ts'] } },
];
if (chromium) {
  projects.push(
    browserProject('chromium', ['test/**/*.test.ts'], ['test/**/*.node.test.ts'], true),
    browserProject('chromium-no-isolation', ['test/**/*.browser.test.ts'], [], false),
  );
}

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects,
  },
});
