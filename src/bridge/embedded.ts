// The wasm source of the main entry: both builds embedded as base64 (scripts/embed-wasm.mjs).
// The threads build is a separate module, imported only when threads are first used.

import { wasmBase64 } from './wasm-bytes.js';
import type { WasmSource } from './runtime.js';

export const embedded: WasmSource = {
  name: "'nninit'",
  sync: () => decodeBase64(wasmBase64).buffer,
  compile: () => WebAssembly.compile(decodeBase64(wasmBase64)),
  compileThreads: async () => {
    const { threadsWasmBase64 } = await import('./wasm-threads-bytes.js');
    return WebAssembly.compile(decodeBase64(threadsWasmBase64));
  },
};

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
