// The wasm source of the main entry: both builds embedded as hex text (scripts/embed-wasm.mjs).
// The threads build is a separate module, imported only when threads are first used.

import { wasmHex } from './wasm-bytes.js';
import type { WasmSource } from './runtime.js';

export const embedded: WasmSource = {
  name: "'nninit'",
  sync: () => decodeHex(wasmHex).buffer,
  compile: () => WebAssembly.compile(decodeHex(wasmHex)),
  compileThreads: async () => {
    const { threadsWasmHex } = await import('./wasm-threads-bytes.js');
    return WebAssembly.compile(decodeHex(threadsWasmHex));
  },
};

/** The runtime's native hex decoder where it has one (Uint8Array.fromHex, Node's Buffer). */
const host = globalThis as {
  Uint8Array: { fromHex?: (text: string) => Uint8Array<ArrayBuffer> };
  Buffer?: { from(text: string, encoding: 'hex'): Uint8Array<ArrayBuffer> };
};

function decodeHex(text: string): Uint8Array<ArrayBuffer> {
  if (host.Uint8Array.fromHex) return host.Uint8Array.fromHex(text);
  // Copied out of the Buffer, whose memory may be a slice of a larger (pooled) ArrayBuffer.
  if (host.Buffer) return new Uint8Array(host.Buffer.from(text, 'hex'));
  const bytes = new Uint8Array(text.length >>> 1);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}
