// What a bundler ships for `import { glorotUniform } from 'nninit'`: builds a one-line app with
// Vite (minified, code splitting, the package's dist/ through its exports map) and reports the
// initial chunk, the JavaScript a page loads before anything else, raw and gzipped. Chunks loaded
// later (the worker pool, the threads build) are listed apart.
//
//   node scripts/bundle-size.mjs        prints the sizes (after `npm run build`)
//
// test/bundle-size.node.test.ts holds the initial chunk to its budget.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The initial chunk's budget, gzipped (issue 10, goal 6). */
export const INITIAL_CHUNK_BUDGET_BYTES = 25 * 1024;

/**
 * Builds the app and returns { initial: { file, bytes, gzipBytes }, later: [...] } for its
 * JavaScript chunks.
 */
export async function measureBundle() {
  const app = mkdtempSync(path.join(tmpdir(), 'nninit-bundle-size-'));
  try {
    mkdirSync(path.join(app, 'node_modules'));
    symlinkSync(ROOT, path.join(app, 'node_modules', 'nninit'), 'dir');
    writeFileSync(
      path.join(app, 'main.js'),
      "import { glorotUniform } from 'nninit';\nconsole.log(glorotUniform({ seed: 1 }).sample([4, 4]));\n",
    );
    const output = await build({
      root: app,
      configFile: false,
      logLevel: 'silent',
      build: {
        write: false,
        minify: true,
        target: 'es2022',
        rolldownOptions: { input: path.join(app, 'main.js') },
      },
    });
    const chunks = (Array.isArray(output) ? output : [output])
      .flatMap((o) => o.output)
      .filter((o) => o.type === 'chunk');
    const size = (chunk) => ({
      file: chunk.fileName,
      bytes: Buffer.byteLength(chunk.code),
      gzipBytes: gzipSync(chunk.code, { level: 9 }).length,
    });
    // The initial chunk and those it imports statically load with the page.
    const initial = chunks.filter((c) => c.isEntry);
    const statics = new Set(initial.flatMap((c) => c.imports));
    const first = [...initial, ...chunks.filter((c) => statics.has(c.fileName))];
    return {
      initial: first.map(size),
      later: chunks.filter((c) => !first.includes(c)).map(size),
    };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { initial, later } = await measureBundle();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const total = initial.reduce((sum, c) => sum + c.gzipBytes, 0);
  console.log(`import { glorotUniform } from 'nninit' (Vite, minified, code splitting):`);
  for (const c of initial) console.log(`  initial  ${c.file}: ${kb(c.bytes)}, ${kb(c.gzipBytes)} gzipped`);
  for (const c of later) console.log(`  later    ${c.file}: ${kb(c.bytes)}, ${kb(c.gzipBytes)} gzipped`);
  console.log(`initial total ${kb(total)} gzipped (budget ${kb(INITIAL_CHUNK_BUDGET_BYTES)})`);
}
