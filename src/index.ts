// nninit: neural-network weight initializers at native speed.
//
// This entry embeds the WebAssembly module in the JavaScript (as hex text), so it loads with no fetch
// and no file access, and samplers work synchronously before `ready()`. For a strict Content
// Security Policy or a runtime that will not compile from bytes, see 'nninit/wasm-file'.

import { embedded } from './bridge/embedded.js';
import { setWasmSource } from './bridge/runtime.js';

setWasmSource(embedded);

export * from './main-api.js';
