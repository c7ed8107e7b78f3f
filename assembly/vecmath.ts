// Four-lane float32 math for the samplers, in plain wasm SIMD (no FMA, so every engine rounds
// identically). The logarithm is Cephes' single-precision one (S. L. Moshier, Cephes Math
// Library, logf.c), accurate to about 1 ulp.
//
// Constants live in mutable globals: V8 rematerializes `v128.const` inside hot loops, and a
// global load was measured 8-42% faster in these kernels.

let ONE_I = i32x4.splat(1);
let MANTISSA_MASK = i32x4.splat(0x007fffff);
let ONE_BITS = i32x4.splat(0x3f800000);
let EXPONENT_BIAS = i32x4.splat(127);
let ONE = f32x4.splat(1.0);
let HALF = f32x4.splat(0.5);
let SQRT2 = f32x4.splat(1.41421356237);
let LOG_P0 = f32x4.splat(7.0376836292e-2);
let LOG_P1 = f32x4.splat(-1.151461031e-1);
let LOG_P2 = f32x4.splat(1.1676998740e-1);
let LOG_P3 = f32x4.splat(-1.2420140846e-1);
let LOG_P4 = f32x4.splat(1.4249322787e-1);
let LOG_P5 = f32x4.splat(-1.6668057665e-1);
let LOG_P6 = f32x4.splat(2.0000714765e-1);
let LOG_P7 = f32x4.splat(-2.4999993993e-1);
let LOG_P8 = f32x4.splat(3.3333331174e-1);
let LN2_LO = f32x4.splat(-2.12194440e-4);
let LN2_HI = f32x4.splat(0.693359375);
let MINUS_TWO = f32x4.splat(-2.0);
let ZERO = f32x4.splat(0.0);
/** 2^-24: one step of a 24-bit uniform. */
export let SCALE_24 = f32x4.splat(5.9604645e-8);

/** ln u for positive normal float32 values u (Cephes logf). */
@inline
export function ln(u: v128): v128 {
  // ln u = e·ln 2 + ln m with m in [√½, √2): Cephes logf's range reduction.
  let e = i32x4.sub(i32x4.shr_u(u, 23), EXPONENT_BIAS);
  let m = v128.or(v128.and(u, MANTISSA_MASK), ONE_BITS);
  const big = f32x4.gt(m, SQRT2);
  m = v128.bitselect(f32x4.mul(m, HALF), m, big);
  e = i32x4.sub(e, big);
  const t = f32x4.sub(m, ONE);
  const t2 = f32x4.mul(t, t);
  let p = f32x4.add(f32x4.mul(LOG_P0, t), LOG_P1);
  p = f32x4.add(f32x4.mul(p, t), LOG_P2);
  p = f32x4.add(f32x4.mul(p, t), LOG_P3);
  p = f32x4.add(f32x4.mul(p, t), LOG_P4);
  p = f32x4.add(f32x4.mul(p, t), LOG_P5);
  p = f32x4.add(f32x4.mul(p, t), LOG_P6);
  p = f32x4.add(f32x4.mul(p, t), LOG_P7);
  p = f32x4.add(f32x4.mul(p, t), LOG_P8);
  const fe = f32x4.convert_i32x4_s(e);
  let y = f32x4.mul(f32x4.mul(p, t), t2);
  y = f32x4.add(y, f32x4.mul(LN2_LO, fe));
  y = f32x4.sub(y, f32x4.mul(HALF, t2));
  const lnm = f32x4.add(t, y);
  return f32x4.add(lnm, f32x4.mul(LN2_HI, fe));
}

/** ln u for one positive normal float32 u: the same operations as `ln`, on lane 0. */
export function lnScalar(u: f32): f32 {
  return f32x4.extract_lane(ln(f32x4.splat(u)), 0);
}

/**
 * The radius √(−2 ln u) for u = (k + 1)·2^-24, k the top 24 bits of `x` (the uniform-proposal
 * truncated normal's acceptance test). u lies in (0, 1], so the logarithm is finite.
 */
@inline
export function boxMullerRadius(x: v128): v128 {
  const k1 = i32x4.add(i32x4.shr_u(x, 8), ONE_I);
  const u = f32x4.mul(f32x4.convert_i32x4_s(k1), SCALE_24);
  // ln u <= 0; the max() keeps a rounding slip above 0 from reaching sqrt as a negative.
  return f32x4.sqrt(f32x4.max(f32x4.mul(MINUS_TWO, ln(u)), ZERO));
}

// Rounding float32 values to the precision of a 16-bit type, round to nearest even, keeping
// them as float32 (every float16 and bfloat16 value is a float32). The kernels round each value
// before their bound checks, so a bound holds in the output type, not only before rounding.

let SIGN_MASK = i32x4.splat(0x80000000);
let F16_ROUND_BIAS = i32x4.splat(0x0fff);
let F16_KEEP_MASK = i32x4.splat(0xffffe000);
let F16_MIN_NORMAL = f32x4.splat(6.103515625e-5); // 2^-14
let F16_SUBNORMAL_SHIFT = f32x4.splat(0.75); // adding it leaves a 2^-24 ulp: float16's subnormal step
let BF16_ROUND_BIAS = i32x4.splat(0x7fff);
let BF16_KEEP_MASK = i32x4.splat(0xffff0000);

/** `v` rounded to float16 precision (|v| must stay below 65520, float16's overflow threshold). */
@inline
export function roundToFloat16(v: v128): v128 {
  // Normal range: round the 24-bit significand to 11 bits on the bit pattern (the carry may bump the exponent).
  const lsb = v128.and(i32x4.shr_u(v, 13), ONE_I);
  const normal = v128.and(i32x4.add(i32x4.add(v, F16_ROUND_BIAS), lsb), F16_KEEP_MASK);
  // Subnormal range: a multiple of 2^-24, by adding and removing 0.75; the sign is put back so −0 stays −0.
  const step = f32x4.sub(f32x4.add(v, F16_SUBNORMAL_SHIFT), F16_SUBNORMAL_SHIFT);
  const subnormal = v128.or(step, v128.and(v, SIGN_MASK));
  return v128.bitselect(subnormal, normal, f32x4.lt(f32x4.abs(v), F16_MIN_NORMAL));
}

/** `v` rounded to bfloat16 precision (the top 16 bits of a float32; |v| must stay below 3.3961e38). */
@inline
export function roundToBfloat16(v: v128): v128 {
  const lsb = v128.and(i32x4.shr_u(v, 16), ONE_I);
  return v128.and(i32x4.add(i32x4.add(v, BF16_ROUND_BIAS), lsb), BF16_KEEP_MASK);
}

export const PRECISION_FLOAT32 = 0;
export const PRECISION_FLOAT16 = 1;
export const PRECISION_BFLOAT16 = 2;

// Output types as compile-time tags for generic kernels, so each precision gets its own loop:
// f32 = float32 (no rounding), u16 = float16, i16 = bfloat16.

/** `v` rounded to the precision of the output type tagged by T. */
@inline
export function toPrecision<T>(v: v128): v128 {
  if (isFloat<T>()) return v;
  if (isSigned<T>()) return roundToBfloat16(v);
  return roundToFloat16(v);
}

let F16_REBIAS = i32x4.splat((127 - 15) << 10);
let F16_SUBNORMAL_SCALE = f32x4.splat(16777216.0); // 2^24
let ABS_MASK = i32x4.splat(0x7fffffff);

/**
 * Converts float32 values to float16 or bfloat16 bit patterns, rounding to nearest even (values
 * the kernels produced for that type are exact already). |values| must be below the type's
 * overflow threshold. `dst` may equal `src`: each step writes behind what it reads.
 */
export function toHalf(src: usize, dst: usize, count: usize, precision: i32): void {
  if (precision == PRECISION_BFLOAT16) toHalfLoop<i16>(src, dst, count);
  else toHalfLoop<u16>(src, dst, count);
}

function toHalfLoop<T>(src: usize, dst: usize, count: usize): void {
  let i: usize = 0;
  for (; i + 8 <= count; i += 8) {
    const lo = toPrecision<T>(v128.load(src + (i << 2)));
    const hi = toPrecision<T>(v128.load(src + (i << 2), 16));
    v128.store(dst + (i << 1), i16x8.narrow_i32x4_u(halfBits<T>(lo), halfBits<T>(hi)));
  }
  for (; i < count; i++) {
    const bits = halfBits<T>(toPrecision<T>(f32x4.splat(load<f32>(src + (i << 2)))));
    store<u16>(dst + (i << 1), <u16>i32x4.extract_lane(bits, 0));
  }
}

/** The 16-bit patterns of four float16/bfloat16-valued floats, one per i32 lane. */
@inline
function halfBits<T>(v: v128): v128 {
  if (isSigned<T>()) return i32x4.shr_u(v, 16);
  const sign = i32x4.shr_u(v128.and(v, SIGN_MASK), 16);
  const magnitude = v128.and(v, ABS_MASK);
  const normal = i32x4.sub(i32x4.shr_u(magnitude, 13), F16_REBIAS);
  const subnormal = i32x4.trunc_sat_f32x4_u(f32x4.mul(magnitude, F16_SUBNORMAL_SCALE));
  return v128.or(sign, v128.bitselect(subnormal, normal, f32x4.lt(magnitude, F16_MIN_NORMAL)));
}
