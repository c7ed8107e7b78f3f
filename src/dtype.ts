// Output types. Values are generated in float32 and, for the 16-bit types, rounded to nearest even
// in wasm; float64 output is the float32 values widened exactly. Here: the types' limits and a
// float64 → type rounding used for parameters (bounds), done once per call in JS.

import { show } from './errors.js';

export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16';

export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16'];

/** The kernels' precision codes (assembly/vecmath.ts PRECISION_*); float64 is generated as float32. */
export const PRECISION: Record<DType, number> = { float32: 0, float64: 0, float16: 1, bfloat16: 2 };

/** The largest finite value of each type. */
export const MAX_FINITE: Record<DType, number> = {
  float32: 3.4028234663852886e38,
  float64: Number.MAX_VALUE,
  float16: 65504,
  bfloat16: 3.3895313892515355e38,
};

/** Significand bits (with the implicit one) and the smallest normal exponent of each type. */
const FORMAT: Record<DType, { bits: number; minExponent: number }> = {
  float16: { bits: 11, minExponent: -14 },
  bfloat16: { bits: 8, minExponent: -126 },
  float32: { bits: 24, minExponent: -126 },
  float64: { bits: 53, minExponent: -1022 },
};

/** Validates a `dtype` option (default float32). */
export function checkDType(where: string, value: unknown): DType {
  if (value === undefined || value === null) return 'float32';
  if (typeof value !== 'string')
    throw new TypeError(`${where}: \`dtype\` must be one of ${DTYPES.join(', ')}; got ${show(value)}`);
  if (!(DTYPES as readonly string[]).includes(value)) {
    throw new RangeError(`${where}: \`dtype\` must be one of ${DTYPES.join(', ')}; got ${show(value)}`);
  }
  return value as DType;
}

/** `x` rounded to the nearest value of `dtype` (ties to even), from float64 in one rounding; ±Infinity past the type's range. */
export function roundTo(dtype: DType, x: number): number {
  if (dtype === 'float64') return x;
  if (dtype === 'float32') return Math.fround(x);
  if (!Number.isFinite(x) || x === 0) return x;
  const { bits, minExponent } = FORMAT[dtype];
  const magnitude = Math.abs(x);
  const exponent = Math.max(exponentOf(magnitude), minExponent);
  const step = 2 ** (exponent - bits + 1);
  const scaled = magnitude / step; // exact: step is a power of two
  const floor = Math.floor(scaled);
  const rest = scaled - floor;
  const units = rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  const rounded = units * step;
  return Math.sign(x) * (rounded > MAX_FINITE[dtype] ? Infinity : rounded);
}

/** The next value of `dtype` above `x`, a finite value of that type. */
export function nextUp(dtype: DType, x: number): number {
  if (x < 0) return -nextDown(dtype, -x);
  const { bits, minExponent } = FORMAT[dtype];
  if (x === 0) return 2 ** (minExponent - bits + 1);
  return x + 2 ** (Math.max(exponentOf(x), minExponent) - bits + 1);
}

/** The largest value of `dtype` below `x`, a finite value of that type. */
export function nextDown(dtype: DType, x: number): number {
  if (x <= 0) return -nextUp(dtype, -x);
  const { bits, minExponent } = FORMAT[dtype];
  const exponent = Math.max(exponentOf(x), minExponent);
  // Just below a power of two the spacing halves (except at the bottom of the normal range).
  const step = x === 2 ** exponent && exponent > minExponent ? 2 ** (exponent - bits) : 2 ** (exponent - bits + 1);
  return x - step;
}

/** floor(log2(x)) for x > 0, exact at powers of two. */
function exponentOf(x: number): number {
  let e = Math.floor(Math.log2(x));
  if (2 ** e > x) e--;
  if (2 ** (e + 1) <= x) e++;
  return e;
}

/** float16 and bfloat16 values as bit patterns; float16 as a Float16Array where the runtime has one. */
export type HalfArray = Uint16Array | Float16Array;

export type OutputArray = Float32Array | Float64Array | HalfArray;

/** The bit patterns of a 16-bit array, as a Uint16Array over the same memory. */
export function halfBits(out: HalfArray): Uint16Array {
  return out instanceof Uint16Array ? out : new Uint16Array(out.buffer, out.byteOffset, out.length);
}

/** A zeroed array for `length` values of `dtype`: float16 in a Float16Array where the runtime has one. */
export function newArray(dtype: DType, length: number): OutputArray {
  if (dtype === 'float64') return new Float64Array(length);
  if (dtype === 'float32') return new Float32Array(length);
  if (dtype === 'float16' && float16ArrayClass) return new float16ArrayClass(length);
  return new Uint16Array(length);
}

/** The runtime's Float16Array, if it has one (Node 20 does not; recent browsers do). */
export const float16ArrayClass = (globalThis as { Float16Array?: typeof Float16Array }).Float16Array;

/** Whether `out` is an array `fill` accepts for `dtype`. */
export function fitsDType(out: unknown, dtype: DType): boolean {
  if (dtype === 'float32') return out instanceof Float32Array;
  if (dtype === 'float64') return out instanceof Float64Array;
  return out instanceof Uint16Array || (float16ArrayClass !== undefined && out instanceof float16ArrayClass);
}

/** The dtype `fill` infers from its array when `dtype` is omitted (16-bit arrays must say which). */
export function dtypeOf(out: unknown): DType | undefined {
  if (out instanceof Float32Array) return 'float32';
  if (out instanceof Float64Array) return 'float64';
  if (float16ArrayClass !== undefined && out instanceof float16ArrayClass) return 'float16';
  return undefined;
}
