// Where Debian's Chromium is, and how to start it headless on this kind of machine. Shared by
// vitest.config.ts, the Playwright tests (test/*.node.test.ts), the demo screenshot and the
// browser benchmark. No browser is ever downloaded: set CHROMIUM_PATH to use another binary.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Flags for headless Chromium as root on a machine with a closed network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium binary: $CHROMIUM_PATH, else `chromium` or `chromium-browser` on PATH; undefined if none. */
export function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of [...dirs, '/usr/bin']) {
    for (const name of ['chromium', 'chromium-browser']) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

/** Launch options for playwright-core's `chromium.launch`, or an Error that says what is missing. */
export function chromiumLaunchOptions() {
  const executablePath = findChromium();
  if (!executablePath) {
    throw new Error(
      'no Chromium found: install it (apt-get install -y chromium) or set CHROMIUM_PATH to a Chromium binary',
    );
  }
  return { executablePath, args: CHROMIUM_ARGS, headless: true };
}

/** COOP + COEP: the headers that make a page cross-origin isolated (SharedArrayBuffer, wasm threads). */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
