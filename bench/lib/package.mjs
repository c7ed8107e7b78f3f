// The package under test: the BUILT nninit, imported by name (package self-reference to dist/),
// never src/. Also where the repository lives, for the cases that read or spawn files.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail } from './options.mjs';

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(BENCH_DIR);
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

/** Fixed seed for every seeded generator: the same work each iteration, reproducible values. */
export const SEED = 20240229;

let loaded;
try {
  loaded = await import('nninit');
} catch (error) {
  fail(`cannot import the built package 'nninit' (run \`npm run build\` first): ${error.message}`);
}
await loaded.ready();
export const nninit = loaded;

/**
 * Threaded fills, if this build has them (feature detection): `init.fillAsync(out, shape,
 * { threads })` on an Initializer, or a module-level `fillAsync(init, out, shape, { threads })`.
 */
function threadedFillApi() {
  if (typeof nninit.Initializer?.prototype?.fillAsync === 'function') {
    return { form: 'Initializer#fillAsync(out, shape, { threads })', fill: (i, o, s, t) => i.fillAsync(o, s, t) };
  }
  if (typeof nninit.fillAsync === 'function') {
    return { form: 'fillAsync(init, out, shape, { threads })', fill: (i, o, s, t) => nninit.fillAsync(i, o, s, t) };
  }
  return null;
}
export const threaded = threadedFillApi();
