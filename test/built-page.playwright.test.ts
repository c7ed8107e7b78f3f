// The package as a user gets it: `npm pack`, installed into a plain Vite app (test/fixtures/vite-app)
// with no Vite configuration for nninit, built with `vite build`, served, and opened in headless
// Chromium through playwright-core. Two servers: one cross-origin isolated (COOP + COEP) with a
// strict Content Security Policy, one with no headers at all. Every page must give the pinned
// digests and threaded values equal to sample(), start Web Workers only when isolated, and cause
// no CSP violation. The same pages also run under Vite's dev server (isolated), where the
// package goes through dependency pre-bundling.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions, ISOLATION_HEADERS } from '../scripts/chromium.mjs';
import { serveStatic, type StaticServer } from '../scripts/static-server.mjs';
import pinned from './stream-v2.digests.json' with { type: 'json' };

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
/** The policy of a strict page: scripts and wasm from this origin only, no eval. */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'";

/** Packs the package and installs the tarball into a copy of the fixture app; returns the app's directory. */
function installPackedApp(tmp: string): string {
  const app = path.join(tmp, 'app');
  cpSync(path.join(ROOT, 'test/fixtures/vite-app'), app, { recursive: true });
  cpSync(path.join(ROOT, 'test/helpers/digest-cases.mjs'), path.join(app, 'digest-cases.mjs'));
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp], { cwd: ROOT });
  const tarball = readdirSync(tmp).find((f) => f.endsWith('.tgz'))!;
  const target = path.join(app, 'node_modules/nninit');
  mkdirSync(target, { recursive: true });
  execFileSync('tar', ['-xzf', path.join(tmp, tarball), '-C', target, '--strip-components=1']);
  // The package's one dependency, as `npm install` would provide it.
  symlinkSync(path.join(ROOT, 'node_modules/@assemblyscript'), path.join(app, 'node_modules/@assemblyscript'));
  return app;
}

interface PageResult {
  error?: string;
  digests: Record<string, string>;
  threadsSame: boolean;
  crossOriginIsolated: boolean;
}

let tmp: string;
let browser: Browser;
let strict: StaticServer;
let plain: StaticServer;
let dev: ViteDevServer;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'nninit-built-page-'));
  const app = installPackedApp(tmp);
  await build({
    root: app,
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir: path.join(app, 'dist'),
      rolldownOptions: {
        input: ['index.html', 'wasm-file.html', 'worker.html'].map((page) => path.join(app, page)),
      },
    },
  });
  const dist = path.join(app, 'dist');
  strict = await serveStatic(dist, { headers: { ...ISOLATION_HEADERS, 'Content-Security-Policy': CSP } });
  plain = await serveStatic(dist);
  dev = await createServer({
    root: app,
    configFile: false,
    logLevel: 'warn',
    server: { port: 0, host: '127.0.0.1', headers: ISOLATION_HEADERS },
  });
  await dev.listen();
  browser = await chromium.launch(chromiumLaunchOptions());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await strict?.close();
  await plain?.close();
  await dev?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Opens a page, waits for its result; counts the workers it started and CSP violations. */
async function open(url: string): Promise<{ result: PageResult; workers: number; violations: string[] }> {
  const page: Page = await browser.newPage();
  let workers = 0;
  page.on('worker', () => workers++);
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  try {
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    await page.goto(url);
    await page.waitForFunction(() => 'result' in globalThis, undefined, { timeout: 60_000 });
    const result = (await page.evaluate(() => (globalThis as unknown as { result: PageResult }).result)) as PageResult;
    return { result, workers, violations };
  } finally {
    await page.close();
  }
}

describe.each([
  ['built page, cross-origin isolated, strict CSP', () => strict.url, true],
  ['built page, no headers', () => plain.url, false],
  ['Vite dev server, cross-origin isolated', () => dev.resolvedUrls!.local[0]!, true],
] as const)('%s', (_, base, isolated) => {
  it.each([
    ["'nninit'", 'index.html'],
    ["'nninit/wasm-file'", 'wasm-file.html'],
    ["'nninit' inside a Web Worker", 'worker.html'],
  ])('%s: pinned digests, threaded values equal sample()', async (_, file) => {
    const { result, workers, violations } = await open(new URL(file, base()).href);
    expect(result.error).toBeUndefined();
    expect(result.digests).toEqual(pinned.digests);
    expect(result.threadsSame).toBe(true);
    expect(result.crossOriginIsolated).toBe(isolated);
    expect(violations).toEqual([]);
    // `threads: 2` is the calling thread and one Web Worker, started only when isolated (nested
    // in the page's own worker on the worker page, which Playwright reports too).
    const own = file === 'worker.html' ? 1 : 0;
    expect(workers).toBe(own + (isolated ? 1 : 0));
  });
});
