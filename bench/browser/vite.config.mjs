// The browser benchmark page (bench/run-browser.mjs builds and serves it). 'nninit' resolves to
// the built package (dist/) through its exports map, as in an app.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', minify: false },
});
