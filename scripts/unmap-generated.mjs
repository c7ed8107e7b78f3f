// Removes the source maps of the generated wasm modules from dist/ (run after tsc). They are
// constants written by scripts/embed-wasm.mjs: their maps would carry the base64 a second time
// (tsconfig's inlineSources copies each source into its map) and map to nothing a reader needs.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const dist = new URL('../dist/bridge/', import.meta.url);
for (const name of ['wasm-bytes', 'wasm-threads-bytes']) {
  const js = new URL(`${name}.js`, dist);
  const text = readFileSync(js, 'utf8');
  writeFileSync(js, text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'));
  rmSync(new URL(`${name}.js.map`, dist), { force: true });
}
