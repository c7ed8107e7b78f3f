// Types of bench/baselines.mjs, for TypeScript importers (demo/, bench/browser/).
export interface UniformParams {
  minval: number;
  maxval: number;
}
export interface NormalParams {
  mean: number;
  stddev: number;
}
export function mathRandomUniform(out: Float32Array, params: UniformParams): void;
export function mathRandomNormal(out: Float32Array, params: NormalParams): void;
export function mathRandomTruncatedNormal(out: Float32Array, params: NormalParams): void;
export function xoshiroUniform(out: Float32Array, params: UniformParams): void;
export function xoshiroNormal(out: Float32Array, params: NormalParams): void;
export function xoshiroTruncatedNormal(out: Float32Array, params: NormalParams): void;
/** Seeds the JS xoshiro128** state from a 32-bit seed. */
export function seedXoshiro(seed: number): void;
/** Sets the JS xoshiro128** state to four 32-bit words. */
export function setXoshiroState(words: ArrayLike<number>): void;
/** One JS xoshiro128** output (a uint32). */
export function xoshiroNext(): number;
