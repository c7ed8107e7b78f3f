// Types from TypeScript libs that a consumer's project may not load, resolved against whatever
// lib it does load. The package's .d.ts files must type-check with `lib: ["es2022"]` alone (plus
// "dom" or @types/node): WebAssembly is declared only by lib "dom" and "webworker", Float16Array
// by "es2025", Symbol.dispose by "esnext.disposable" (or @types/node). Where the lib has the name,
// each alias below is the lib's own type; where it does not, a stand-in that needs nothing.

type Lib = typeof globalThis;

/** `Float16Array` where the lib declares it, else never (a half array is then a Uint16Array). */
export type LibFloat16Array = Lib extends { Float16Array: { prototype: infer A } } ? A : never;

/** `Float16ArrayConstructor` where the lib declares it, else never. */
export type LibFloat16ArrayConstructor = Lib extends { Float16Array: infer C } ? C : never;

/** `WebAssembly.Module` where the lib declares it, else an opaque object. */
export type WasmModule = Lib extends { WebAssembly: { Module: { prototype: infer M } } } ? M : object;

/** `WebAssembly.Memory` where the lib declares it, else the one member nninit reads. */
export type WasmMemory = Lib extends { WebAssembly: { Memory: { prototype: infer M } } }
  ? M
  : { readonly buffer: ArrayBuffer | SharedArrayBuffer };

/** `WebAssembly.Global` where the lib declares it, else the one member nninit reads. */
export type WasmGlobal = Lib extends { WebAssembly: { Global: { prototype: infer G } } } ? G : { value: unknown };

/** The type of `Symbol.dispose` where the lib declares it, else never. */
type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? S : never;

/**
 * `using` support that degrades: `{ [Symbol.dispose](): void }` where the lib declares
 * Symbol.dispose, else `{}`. A class gets it by interface merging (`interface X extends
 * Disposal {}`) and defines the method on its prototype where the platform has Symbol.dispose.
 */
export type Disposal = { [K in DisposeSymbol]: () => void };
