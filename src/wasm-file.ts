// nninit/wasm-file: the same API as 'nninit', with the WebAssembly module in separate files
// (nninit.wasm, nninit-threads.wasm beside this file) instead of embedded base64.
//
// For pages with a strict Content Security Policy (compiling wasm needs `'wasm-unsafe-eval'` in
// `script-src` either way; this entry needs nothing else, and the module can be cached and
// served on its own), and for hosts that serve or bundle .wasm files themselves. Bundlers that
// understand `new URL('./x.wasm', import.meta.url)` (Vite, webpack 5, Parcel, esbuild with a
// loader) copy the files into the build. In Node the files are read from disk.
//
// The module arrives asynchronously: `await ready()` before the first synchronous call.

import { setWasmSource } from './wasm.js';

const MAIN = new URL('./nninit.wasm', import.meta.url);
const THREADS = new URL('./nninit-threads.wasm', import.meta.url);

setWasmSource({
  name: "'nninit/wasm-file'",
  compile: () => compileFile(MAIN),
  compileThreads: () => compileFile(THREADS),
});

/** Compiles a .wasm file: streaming where the server says application/wasm, else from its bytes. */
async function compileFile(url: URL): Promise<WebAssembly.Module> {
  if (url.protocol === 'file:') {
    const specifier = 'node:fs/promises';
    const { readFile } = (await import(/* @vite-ignore */ specifier)) as {
      readFile(path: URL): Promise<Uint8Array<ArrayBuffer>>;
    };
    return WebAssembly.compile(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`nninit: could not load ${url.href}: HTTP ${response.status} ${response.statusText}`);
  }
  const type = response.headers.get('Content-Type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.split(';')[0]!.trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

export * from './api.js';
