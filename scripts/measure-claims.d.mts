/** Sizes in bytes of what the package ships, read from dist/ (the docs' sizes table states them in KB). */
export interface Sizes {
  wasm: number;
  wasmGzip: number;
  threadsWasm: number;
  hex: number;
  threadsHex: number;
}
/** Measures the sizes of the built package under `root` (default: this repository). */
export function measureSizes(root?: string): Sizes;
