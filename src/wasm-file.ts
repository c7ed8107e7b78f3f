// nninit/wasm-file: the same API as 'nninit', with the WebAssembly module in separate files
// (nninit.wasm, nninit-threads.wasm beside the JavaScript) instead of embedded hex text: for pages
// with a strict Content Security Policy (compiling wasm needs `'wasm-unsafe-eval'` either way;
// this entry needs nothing else, and the module can be cached and served on its own), and for
// hosts that serve or bundle .wasm files themselves. `await ready()` before the first
// synchronous call: the module arrives asynchronously.

import { wasmFiles } from './bridge/files.js';
import { setWasmSource } from './bridge/runtime.js';

// Built here, in the entry point, so they hold in dist/ (one bundled module per entry) as in src/.
// Bundlers that understand `new URL('…', import.meta.url)` (Vite, webpack 5, Parcel, esbuild with
// a loader) copy the files into the build.
setWasmSource(wasmFiles(new URL('./nninit.wasm', import.meta.url), new URL('./nninit-threads.wasm', import.meta.url)));

export * from './main-api.js';
