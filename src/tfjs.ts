// nninit/tfjs: drop-in TensorFlow.js initializers (io/tfjs.ts), on the embedded WebAssembly
// module unless 'nninit/wasm-file' chose its source first. The only entry that loads tfjs.

import { embedded } from './bridge/embedded.js';
import { setWasmSource } from './bridge/runtime.js';

setWasmSource(embedded);

export * from './io/tfjs.js';
