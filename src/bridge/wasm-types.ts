// The WebAssembly types of the exported declarations, resolved against the consumer's lib as
// laws/lib-types.ts explains: TypeScript declares the WebAssembly namespace only in lib "dom" and
// "webworker", and a Node project with `lib: ["es2022"]` and @types/node has neither.

type Lib = typeof globalThis;

/** `WebAssembly.Module` where the lib declares it, else an opaque object. */
export type WasmModule = Lib extends { WebAssembly: { Module: { prototype: infer M } } } ? M : object;

/** `WebAssembly.Memory` where the lib declares it, else the one member nninit reads. */
export type WasmMemory = Lib extends { WebAssembly: { Memory: { prototype: infer M } } }
  ? M
  : { readonly buffer: ArrayBuffer | SharedArrayBuffer };

/** `WebAssembly.Global` where the lib declares it, else the one member nninit reads. */
export type WasmGlobal = Lib extends { WebAssembly: { Global: { prototype: infer G } } } ? G : { value: unknown };
