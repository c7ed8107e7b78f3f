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

/** The runtime's native base64 decoder where it has one (Uint8Array.fromBase64, Node's Buffer): ~50× faster than atob. */
const host = globalThis as {
  Uint8Array: { fromBase64?: (text: string) => Uint8Array<ArrayBuffer> };
  Buffer?: { from(text: string, encoding: 'base64'): Uint8Array<ArrayBuffer> };
};

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  if (host.Uint8Array.fromBase64) return host.Uint8Array.fromBase64(text);
  // Copied out of the Buffer, whose memory may be a slice of a larger (pooled) ArrayBuffer.
  if (host.Buffer) return new Uint8Array(host.Buffer.from(text, 'base64'));
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
