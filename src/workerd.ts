// nninit under the `workerd` export condition (Cloudflare Workers and other workerd hosts): the
// same API, with the WebAssembly module imported as a compiled module (`import m from './x.wasm'`
// gives a WebAssembly.Module there), because those hosts forbid compiling WebAssembly from bytes
// at run time (WebAssembly.compile, compileStreaming). Instantiating the imported module is
// allowed, and synchronous, so samplers work before ready(). There are no threads (no Worker):
// sampleAsync/fillAsync run on the calling thread in time slices.

// @ts-expect-error -- TypeScript has no types for a .wasm module; workerd gives a WebAssembly.Module.
import compiled from './nninit.wasm';
import { setWasmSource } from './bridge/runtime.js';

const main = compiled as WebAssembly.Module;

setWasmSource({
  name: "'nninit' (workerd)",
  sync: () => main,
  compile: () => Promise.resolve(main),
});

export * from './main-api.js';
