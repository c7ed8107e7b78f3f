// Output types. Values are generated in float32 and, for the 16-bit types, rounded to nearest even
// in wasm; float64 output is the float32 values widened exactly. Here: the types' limits and a
// float64 → type rounding used for parameters (bounds), done once per call in JS.

import { show } from './errors.js';
import type { LibFloat16Array, LibFloat16ArrayConstructor } from './lib-types.js';

export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16';

/** What every layer needs to know of an output type: one row per dtype. */
export interface DTypeInfo {
  /** Bytes per value. */
  readonly bytes: number;
  /** The kernels' rounding code (assembly/vecmath.ts PRECISION_*); float64 is generated as float32. */
  readonly precision: number;
  /** The largest finite value. */
  readonly maxFinite: number;
  /** Significand bits, with the implicit one. */
  readonly bits: number;
  /** The smallest normal exponent. */
  readonly minExponent: number;
  /** The safetensors dtype string. */
  readonly safetensors: 'F32' | 'F64' | 'F16' | 'BF16';
  /** The NumPy descr, little-endian; null where NumPy has no such type (bfloat16). */
  readonly npy: '<f4' | '<f8' | '<f2' | null;
  /** Other names the CLI and model specs accept. */
  readonly aliases: readonly string[];
}

export const DTYPES: Readonly<Record<DType, DTypeInfo>> = {
  float32: {
    bytes: 4,
    precision: 0,
    maxFinite: 3.4028234663852886e38,
    bits: 24,
    minExponent: -126,
    safetensors: 'F32',
    npy: '<f4',
    aliases: ['f32', 'F32'],
  },
  float64: {
    bytes: 8,
    precision: 0,
    maxFinite: Number.MAX_VALUE,
    bits: 53,
    minExponent: -1022,
    safetensors: 'F64',
    npy: '<f8',
    aliases: ['f64', 'F64'],
  },
  float16: {
    bytes: 2,
    precision: 1,
    maxFinite: 65504,
    bits: 11,
    minExponent: -14,
    safetensors: 'F16',
    npy: '<f2',
    aliases: ['f16', 'F16', 'half'],
  },
  bfloat16: {
    bytes: 2,
    precision: 2,
    maxFinite: 3.3895313892515355e38,
    bits: 8,
    minExponent: -126,
    safetensors: 'BF16',
    npy: null,
    aliases: ['bf16', 'BF16'],
  },
};

/** The dtype names, in table order. */
export const DTYPE_NAMES = Object.keys(DTYPES) as readonly DType[];

/** Resolves a dtype name or alias (`float32`, `f32`, `F32`, `bfloat16`, `bf16`, …); undefined if unknown. */
export function parseDType(name: string): DType | undefined {
  return DTYPE_NAMES.find((d) => d === name || DTYPES[d].aliases.includes(name));
}

/** Validates a `dtype` option (default float32). */
export function checkDType(where: string, value: unknown): DType {
  if (value === undefined || value === null) return 'float32';
  if (typeof value !== 'string')
    throw new TypeError(`${where}: \`dtype\` must be one of ${DTYPE_NAMES.join(', ')}; got ${show(value)}`);
  if (!(DTYPE_NAMES as readonly string[]).includes(value)) {
    throw new RangeError(`${where}: \`dtype\` must be one of ${DTYPE_NAMES.join(', ')}; got ${show(value)}`);
  }
  return value as DType;
}

/** `x` rounded to the nearest value of `dtype` (ties to even), from float64 in one rounding; ±Infinity past the type's range. */
export function roundTo(dtype: DType, x: number): number {
  if (dtype === 'float64') return x;
  if (dtype === 'float32') return Math.fround(x);
  if (!Number.isFinite(x) || x === 0) return x;
  const { bits, minExponent } = DTYPES[dtype];
  const magnitude = Math.abs(x);
  const exponent = Math.max(exponentOf(magnitude), minExponent);
  const step = 2 ** (exponent - bits + 1);
  const scaled = magnitude / step; // exact: step is a power of two
  const floor = Math.floor(scaled);
  const rest = scaled - floor;
  const units = rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
  const rounded = units * step;
  return Math.sign(x) * (rounded > DTYPES[dtype].maxFinite ? Infinity : rounded);
}

/** The next value of `dtype` above `x`, a finite value of that type. */
export function nextUp(dtype: DType, x: number): number {
  if (x < 0) return -nextDown(dtype, -x);
  const { bits, minExponent } = DTYPES[dtype];
  if (x === 0) return 2 ** (minExponent - bits + 1);
  return x + 2 ** (Math.max(exponentOf(x), minExponent) - bits + 1);
}

/** The largest value of `dtype` below `x`, a finite value of that type. */
export function nextDown(dtype: DType, x: number): number {
  if (x <= 0) return -nextUp(dtype, -x);
  const { bits, minExponent } = DTYPES[dtype];
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
export type HalfArray = Uint16Array | LibFloat16Array;

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
export const float16ArrayClass: LibFloat16ArrayConstructor | undefined = (
  globalThis as { Float16Array?: LibFloat16ArrayConstructor }
).Float16Array;

/** Whether `out` is an array `fill` accepts for `dtype`. */
export function fitsDType(out: unknown, dtype: DType): boolean {
  if (dtype === 'float32') return out instanceof Float32Array;
  if (dtype === 'float64') return out instanceof Float64Array;
  return out instanceof Uint16Array || (float16ArrayClass !== undefined && out instanceof float16ArrayClass);
}

/**
 * Whether a typed array's buffer was detached (transferred): it has no memory left to write.
 * (Node 20 has no ArrayBuffer.prototype.detached; a view of a detached buffer cannot be made.)
 */
export function isDetached(view: ArrayBufferView): boolean {
  if (view.byteLength > 0) return false;
  try {
    new Uint8Array(view.buffer);
    return false;
  } catch (error) {
    if (error instanceof TypeError) return true;
    throw error;
  }
}

/** The dtype `fill` infers from its array when `dtype` is omitted (16-bit arrays must say which). */
export function dtypeOf(out: unknown): DType | undefined {
  if (out instanceof Float32Array) return 'float32';
  if (out instanceof Float64Array) return 'float64';
  if (float16ArrayClass !== undefined && out instanceof float16ArrayClass) return 'float16';
  return undefined;
}
