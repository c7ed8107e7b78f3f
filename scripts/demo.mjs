// The demo page (demo/): build it with Vite, then serve it, or take a screenshot of it.
//
//   node scripts/demo.mjs                         build demo/dist and serve it (COOP/COEP) until Ctrl-C
//   node scripts/demo.mjs --build                 build only (npm run demo:build)
//   node scripts/demo.mjs --screenshot docs/demo.png [--initializer truncatedNormal]
//                                                 build, open it in headless Chromium, run the
//                                                 benchmark, save a screenshot (npm run demo:screenshot)
// The page imports the built package: run `npm run build` first (the npm scripts do).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { chromiumLaunchOptions, ISOLATION_HEADERS } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const DEMO = path.join(ROOT, 'demo');

/** Builds demo/ into demo/dist; returns that directory. */
export async function buildDemo() {
  await build({ configFile: path.join(DEMO, 'vite.config.ts') });
  return path.join(DEMO, 'dist');
}

/**
 * Opens the served demo in `browser`, picks `initializer`, waits for the histogram, runs the
 * benchmark at 2^`benchExponent` and returns the page.
 */
export async function driveDemo(browser, url, { initializer = 'truncatedNormal', benchExponent = '20' } = {}) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 820 }, deviceScaleFactor: 1 });
  await page.goto(url);
  await page.waitForSelector('body[data-state="ready"]');
  await page.selectOption('#initializer', initializer);
  await page.waitForFunction(
    (name) => document.body.dataset.state === 'ready' && document.getElementById('caption').textContent.includes(name),
    initializer,
  );
  await page.selectOption('#bench-size', benchExponent);
  await page.click('#run-bench');
  await page.waitForSelector('body[data-bench="done"]', { timeout: 120_000 });
  return page;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const { values } = parseArgs({
    options: {
      build: { type: 'boolean', default: false },
      screenshot: { type: 'string' },
      initializer: { type: 'string', default: 'truncatedNormal' },
      port: { type: 'string', default: process.env.PORT ?? '5180' },
    },
  });
  const dist = await buildDemo();
  console.log(`demo: built ${path.relative(process.cwd(), dist) || dist}`);
  if (values.screenshot) {
    const { chromium } = await import('playwright-core');
    const server = await serveStatic(dist, { headers: ISOLATION_HEADERS });
    const browser = await chromium.launch(chromiumLaunchOptions());
    try {
      const page = await driveDemo(browser, server.url, { initializer: values.initializer });
      await page.screenshot({ path: values.screenshot, fullPage: true });
      console.log(`demo: saved ${values.screenshot}`);
    } finally {
      await browser.close();
      await server.close();
    }
  } else if (!values.build) {
    const server = await serveStatic(dist, { headers: ISOLATION_HEADERS, port: Number(values.port) });
    console.log(`demo: serving ${dist} (cross-origin isolated) at ${server.url}`);
    console.log('demo: open that URL in a browser; Ctrl-C stops the server');
  }
}
