// The wasm source of 'nninit/wasm-file': nninit.wasm and nninit-threads.wasm as separate files
// beside the package's JavaScript (dist/), fetched in browsers and read from disk in Node. The
// entry point (wasm-file.ts) gives their URLs: see there.

import type { WasmSource } from './runtime.js';

/** The two builds read from `main` and `threads`. */
export function wasmFiles(main: URL, threads: URL): WasmSource {
  return {
    name: "'nninit/wasm-file'",
    compile: () => compileFile(main),
    compileThreads: () => compileFile(threads),
  };
}

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
