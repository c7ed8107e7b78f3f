// Builds dist/: the type declarations with tsc, and the JavaScript with esbuild, one bundled
// module per entry point plus the chunks they share (code splitting keeps one instance of each
// module's state, such as the loaded wasm, however many entry points a program imports). A fresh
// `import('nninit')` then reads a few files instead of twenty-odd (bench/cold-start.mjs).
//
// Entry points: the package's exports (index, wasm-file, workerd, tfjs, torch, jax), the CLI
// (cli/main) and the worker pool (bridge/pool, loaded on the first threaded call); the worker
// script (bridge/worker) is built on its own. Each code that builds a URL from import.meta.url
// lives in an entry point and nowhere else, so its relative paths hold in dist/ as in src/
// (test/package.node.test.ts checks every such URL of dist/).
//
//   node scripts/build-dist.mjs     (npm run build:ts; after build:wasm, which writes src/bridge/wasm-*.ts)

import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const DIST = path.join(ROOT, 'dist');

/** Removes the JavaScript, maps and declarations of earlier builds (the .wasm files stay). */
function clean(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) clean(file);
    else if (/\.(js|js\.map|d\.ts)$/.test(entry.name)) rmSync(file);
  }
}

clean(DIST);
const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
execFileSync(tsc, ['-p', 'tsconfig.json', '--emitDeclarationOnly'], { cwd: ROOT, stdio: 'inherit' });

/**
 * The CLI imports the main entry ('../index.js') as a module of its own, not bundled into a shared
 * chunk: the entry's side effect (choosing the embedded wasm) must stay in dist/index.js, a file
 * that package.json's `sideEffects` lists, or bundlers would drop it from apps.
 */
const cliImportsMainEntry = {
  name: 'cli-imports-main-entry',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, ({ path: specifier, importer }) =>
      importer.startsWith(path.join(ROOT, 'src', 'cli') + path.sep) ? { path: specifier, external: true } : undefined,
    );
  },
};

const entry = (name) => [name, path.join(ROOT, 'src', `${name}.ts`)];
const common = {
  absWorkingDir: ROOT,
  outdir: DIST,
  bundle: true,
  format: 'esm',
  // The library runs anywhere; what it needs from Node it imports as node:* on Node only.
  platform: 'neutral',
  // es2022: later targets emit Uint8Array.fromBase64, which Node 20 lacks.
  target: 'es2022',
  mainFields: ['module', 'main'],
  // tfjs is an optional peer dependency; the workerd entry imports its .wasm as a module.
  external: ['node:*', '@tensorflow/*', '*.wasm'],
  sourcemap: true,
  legalComments: 'inline',
  logLevel: 'warning',
};
await build({
  ...common,
  entryPoints: Object.fromEntries(
    ['index', 'wasm-file', 'workerd', 'tfjs', 'torch', 'jax', 'cli/main', 'bridge/pool'].map(entry),
  ),
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  plugins: [cliImportsMainEntry],
});
// esbuild emits a chunk for the modules with no code of their own (re-exports and types) that
// some entries share; each costs an import (about 1.5 ms of a cold start in Node). Drop them.
const js = readdirSync(DIST, { recursive: true }).filter((f) => f.endsWith('.js'));
const empty = js.filter(
  (f) => f.startsWith('chunks/') && !/\S/.test(readFileSync(path.join(DIST, f), 'utf8').replace(/\/\/.*$/gm, '')),
);
for (const chunk of empty) {
  const name = path.basename(chunk).replace(/[.]/g, '\\.');
  const sideEffectImport = new RegExp(`^import "(\\.\\.?/)+(chunks/)?${name}";\\n`, 'gm');
  for (const f of js) {
    const file = path.join(DIST, f);
    const text = readFileSync(file, 'utf8');
    if (sideEffectImport.test(text)) writeFileSync(file, text.replace(sideEffectImport, ''));
    sideEffectImport.lastIndex = 0;
  }
  rmSync(path.join(DIST, chunk));
  rmSync(path.join(DIST, `${chunk}.map`), { force: true });
}
// The worker script runs in an isolate of its own and shares no module with the page: one file.
await build({ ...common, entryPoints: Object.fromEntries([entry('bridge/worker')]) });

// The maps keep every source but the two generated embedding modules, whose text would repeat
// the hex text of each wasm build (the package ships each build once).
const GENERATED = /(^|\/)src\/bridge\/wasm-(threads-)?bytes\.ts$/;
for (const file of readdirSync(DIST, { recursive: true }).filter((f) => f.endsWith('.js.map'))) {
  const map = JSON.parse(readFileSync(path.join(DIST, file), 'utf8'));
  map.sourcesContent = map.sources.map((source, i) => (GENERATED.test(source) ? null : map.sourcesContent[i]));
  writeFileSync(path.join(DIST, file), JSON.stringify(map));
}
