// nninit/jax: jax.nn.initializers conventions (conventions/jax.ts), on the embedded
// WebAssembly module unless 'nninit/wasm-file' chose its source first.

import { embedded } from './bridge/embedded.js';
import { setWasmSource } from './bridge/runtime.js';

setWasmSource(embedded);

export * from './conventions/jax.js';
export { Initializer, WasmTensor } from './core/initializer.js';
export { SeedGenerator, type Seed } from './core/seed.js';
export { shardOf, type ShardOptions, type Slice } from './laws/slice.js';
