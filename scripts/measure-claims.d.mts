/** Sizes in bytes of what the package ships, read from dist/ (the docs' sizes table states them in KB). */
export interface Sizes {
  wasm: number;
  wasmGzip: number;
  threadsWasm: number;
  base64: number;
  threadsBase64: number;
}
/** Measures the sizes of the built package under `root` (default: this repository). */
export function measureSizes(root?: string): Sizes;
