// Types from TypeScript libs that a consumer's project may not load, resolved against whatever
// lib it does load. The package's .d.ts files must type-check with `lib: ["es2022"]` alone (plus
// "dom" or @types/node): Float16Array is declared only by lib "es2025", Symbol.dispose by
// "esnext.disposable" (or @types/node), and the WebAssembly namespace by "dom" and "webworker"
// (bridge/wasm-types.ts, since only bridge/ touches wasm). Where the lib has the name, each alias
// is the lib's own type; where it does not, a stand-in that needs nothing.

type Lib = typeof globalThis;

/** `Float16Array` where the lib declares it, else never (a half array is then a Uint16Array). */
export type LibFloat16Array = Lib extends { Float16Array: { prototype: infer A } } ? A : never;

/** `Float16ArrayConstructor` where the lib declares it, else never. */
export type LibFloat16ArrayConstructor = Lib extends { Float16Array: infer C } ? C : never;

/** The type of `Symbol.dispose` where the lib declares it, else never. */
type DisposeSymbol = SymbolConstructor extends { readonly dispose: infer S extends symbol } ? S : never;

/**
 * `using` support that degrades: `{ [Symbol.dispose](): void }` where the lib declares
 * Symbol.dispose, else `{}`. A class gets it by interface merging (`interface X extends
 * Disposal {}`) and defines the method on its prototype where the platform has Symbol.dispose.
 */
export type Disposal = { [K in DisposeSymbol]: () => void };
