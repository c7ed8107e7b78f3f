// The demo page's build: plain TypeScript and a canvas, no UI framework. 'nninit' is the built
// package (dist/, through its exports map), as an app that installed it would get it. The dev
// server and `vite preview` send COOP/COEP so that the threaded rows run on Web Workers.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { ISOLATION_HEADERS } from '../scripts/chromium.mjs';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
});
