// The normal and truncated normal laws of stream format v2 (docs/stream-format.md §3): a
// 256-layer Ziggurat (G. Marsaglia, W. W. Tsang, "The Ziggurat Method for Generating Random
// Variables", Journal of Statistical Software 5(8), 2000) with the layer and the value taken from
// disjoint bits of an output (J. A. Doornik, "An Improved Ziggurat Method to Generate Normal
// Random Samples", 2005), and Marsaglia's exact tail (G. Marsaglia, "Generating a variable from
// the tail of the normal distribution", Technometrics 6(1), 1964).
//
// Element i = 8p + k of a block takes lane k's p-th output x: layer L = x & 255,
// u = ((x as i32) >> 7 | 1)·2^-24 (an odd multiple of 2^-24 in (−1, 1): ±u equally likely),
// z = u·X[L]. When |z| < X[L + 1] the point lies wholly under the density and z is the draw (the
// fast path, 98.5% of outputs); the value is mean + std·z, rounded to the output type. Otherwise
// the element's own generator (generator 2^61 + i of the seed) completes the draw
// (`completeBatch`). So a normal element depends on one lane output and its own generator only:
// a range skips the outputs before it, as the uniform law does.
//
// The truncated law keeps a fast-path value only if it lies strictly inside the bounds; a value
// outside is replaced from the lane's spare generator (generator 2^60 + 8b + k), whose draws the
// lane's replacements take in element order (`completeRows`).
//
// The fill loops run each block's two lane groups (lanes 0-3, then 4-7) one after the other:
// four state words per loop leave V8 enough registers. They never branch or call out: the
// elements that need completing or replacing are noted (SLOW_OFFSET, DRAWS_OFFSET) and handled
// after the loop, the completions four at a time in SIMD.

import { seedGenerator } from './xoshiro';
import { ln, PRECISION_BFLOAT16, PRECISION_FLOAT16, PRECISION_FLOAT32, SCALE_24, toPrecision } from './vecmath';
import { ZIGGURAT_F, ZIGGURAT_R, ZIGGURAT_X } from './ziggurat-tables';
import { BATCH_STATE_OFFSET, CONSTANTS_OFFSET, copyRowPart, DRAWS_OFFSET, LANES, NORMAL_BLOCK_SHIFT, PAIRS_OFFSET, QUEUE_ADDRESSES, QUEUE_ENTRIES, QUEUE_OFFSET, QUEUE_OUTPUTS, ROW_OFFSET, SLOW_OFFSET, SPARE_OFFSET, skipRows, STATE_OFFSET } from './workspace';

/** Element i's own generator is generator ELEMENT_GENERATORS + i: disjoint from the lanes' (below 2^47). */
const ELEMENT_GENERATORS: u64 = 1 << 61;
/** Lane j = 8b + k's spare generator (truncated law) is generator SPARE_GENERATORS + j. */
const SPARE_GENERATORS: u64 = 1 << 60;

let LAYER_MASK = i32x4.splat(255);
let ODD = i32x4.splat(1);
let ABS_MASK = i32x4.splat(0x7fffffff);
let SIGN_BIT = i32x4.splat(0x80000000);

// The fast path's table: for each layer L the pair (X[L]·2^-24, X[L + 1]), one 8-byte load. The
// scale is exact, so v·(X[L]·2^-24) rounds exactly as (v·2^-24)·X[L] = u·X[L].
const FAST_PAIRS = memory.data(256 * 8, 16);
for (let layer: usize = 0; layer < 256; layer++) {
  store<f32>(FAST_PAIRS + (layer << 3), load<f32>(ZIGGURAT_X + (layer << 2)) * 5.9604645e-8);
  store<f32>(FAST_PAIRS + (layer << 3), load<f32>(ZIGGURAT_X + (layer << 2), 4), 4);
}
let FAST_BASE = i32x4.splat(<i32>FAST_PAIRS);
let F_BASE = i32x4.splat(<i32>ZIGGURAT_F);
let R = f32x4.splat(ZIGGURAT_R);
let TWO = f32x4.splat(2);

// The law's parameters as vectors, set when a fill starts: V8 would rebuild a splat inside a loop.
let MEAN = f32x4.splat(0);
let STD = f32x4.splat(0);
let LOWER = f32x4.splat(0);
let UPPER = f32x4.splat(0);

/** The output type's precision (PRECISION_* in vecmath.ts), for the code outside the loops. */
let PRECISION: i32 = PRECISION_FLOAT32;

/**
 * Sets the parameters of the fills that follow: values mean + std·z rounded to `precision`, kept
 * when lower < value < upper (truncated law).
 */
export function setNormalParameters(mean: f32, std: f32, lower: f32, upper: f32, precision: i32): void {
  PRECISION = precision;
  MEAN = f32x4.splat(mean);
  STD = f32x4.splat(std);
  LOWER = f32x4.splat(lower);
  UPPER = f32x4.splat(upper);
}

/**
 * Four 8-byte table entries, at the addresses in the lanes of `at`: [a0, b0, a1, b1] (returned)
 * and [a2, b2, a3, b3] (stored at `high`), where (ai, bi) are the two float32 at lane i's address.
 */
@inline
function loadPairs(at: v128, high: usize): v128 {
  const low = v128.load64_lane(<usize>i32x4.extract_lane(at, 1), v128.load64_zero(<usize>i32x4.extract_lane(at, 0)), 1);
  v128.store(high, v128.load64_lane(<usize>i32x4.extract_lane(at, 3), v128.load64_zero(<usize>i32x4.extract_lane(at, 2)), 1));
  return low;
}

/** The fast-path draw z = u·X[L] of output `x` in each lane, or NaN where |z| ≥ X[L + 1] (the draw needs completing). */
@inline
function fastDraw(x: v128): v128 {
  const at = i32x4.add(i32x4.shl(v128.and(x, LAYER_MASK), 3), FAST_BASE);
  const pair01 = v128.load64_lane(<usize>i32x4.extract_lane(at, 1), v128.load64_zero(<usize>i32x4.extract_lane(at, 0)), 1);
  const pair23 = v128.load64_lane(<usize>i32x4.extract_lane(at, 3), v128.load64_zero(<usize>i32x4.extract_lane(at, 2)), 1);
  const z = f32x4.mul(f32x4.convert_i32x4_s(v128.or(i32x4.shr_s(x, 7), ODD)), v128.shuffle<f32>(pair01, pair23, 0, 2, 4, 6));
  return v128.or(z, f32x4.ge(v128.and(z, ABS_MASK), v128.shuffle<f32>(pair01, pair23, 1, 3, 5, 7)));
}

/** mean + std·z rounded to the output type (for the code outside the loops, which asks PRECISION). */
@inline
function scaled(z: v128): v128 {
  return scaledRound(f32x4.add(MEAN, f32x4.mul(STD, z)));
}

/** `v` rounded to the output type of the current fill (not inlined: one copy of both roundings serves every caller). */
function scaledRound(v: v128): v128 {
  if (PRECISION == PRECISION_FLOAT16) return toPrecision<u16>(v);
  if (PRECISION == PRECISION_BFLOAT16) return toPrecision<i16>(v);
  return v;
}

/** Lanes whose value v lies strictly inside the bounds. */
@inline
function inside(v: v128): v128 {
  return v128.and(f32x4.lt(LOWER, v), f32x4.lt(v, UPPER));
}

/**
 * Elements [from, to) of a block (first element `blockFirst`) of the normal law, or of the
 * truncated normal if `truncated`, into dst[0 .. to − from), rounded to the output type. Each lane group runs
 * its rows in up to four runs: rows wholly before `from` (the normal skips them, one output
 * each; the truncated normal draws and drops them, for its spare generators), a row cut by
 * `from`, whole rows (stored by the loop), a row cut by `to` (cut rows go through ROW_OFFSET).
 */
export function zigguratBlock(truncated: bool, work: usize, dst: usize, from: u32, to: u32, seed: u64, blockFirst: u64): void {
  v128.store(work + CONSTANTS_OFFSET, LAYER_MASK);
  v128.store(work + CONSTANTS_OFFSET, FAST_BASE, 16);
  v128.store(work + CONSTANTS_OFFSET, ODD, 32);
  v128.store(work + CONSTANTS_OFFSET, ABS_MASK, 48);
  v128.store(work + CONSTANTS_OFFSET, MEAN, 64);
  v128.store(work + CONSTANTS_OFFSET, STD, 80);
  v128.store(work + CONSTANTS_OFFSET, LOWER, 96);
  v128.store(work + CONSTANTS_OFFSET, UPPER, 112);
  v128.store(work + CONSTANTS_OFFSET, i32x4.splat(5), 128);
  v128.store(work + CONSTANTS_OFFSET, i32x4.splat(9), 144);
  if (truncated) {
    const block = blockFirst >> NORMAL_BLOCK_SHIFT;
    for (let k: u32 = 0; k < LANES; k++) seedGenerator(work + SPARE_OFFSET + (<usize>k << 4), 4, seed, SPARE_GENERATORS + block * LANES + k);
  }
  for (let group: u32 = 0; group < 2; group++) {
    const first0 = group << 2;
    // Rows wholly before `from`, rows that end by `to`, rows that start before `to`.
    const before = from >= first0 + 4 ? ((from - first0 - 4) >> 3) + 1 : 0;
    const ended = to >= first0 + 4 ? ((to - first0 - 4) >> 3) + 1 : 0;
    const rows = to > first0 ? ((to - first0 - 1) >> 3) + 1 : 0;
    if (truncated && before > 0) {
      truncatedRows(work, group, work + ROW_OFFSET, 0, before);
      completeRows(truncated, false, work, group, seed, 0, work + ROW_OFFSET, 0, before);
    } else {
      skipRows(work, group, before);
    }
    for (let p = before; p < rows; ) {
      const first = first0 + (p << 3);
      const whole = first >= from && first + 4 <= to;
      const count = whole ? ended - p : 1;
      const out = whole ? dst + (<usize>(first - from) << 2) : work + ROW_OFFSET;
      const stride: usize = whole ? 32 : 0;
      if (truncated) truncatedRows(work, group, out, stride, count);
      else normalRows(work, group, out, stride, count);
      completeRows(truncated, true, work, group, seed, blockFirst + first, out, stride, count);
      if (!whole) copyRowPart(work, dst, first, 4, from, to);
      p += count;
    }
  }
  // The normal's loop is compiled for float32 only: a 16-bit type rounds the block afterwards (the
  // same values: rounding mean + std·z once, here or in the loop). The truncated law must compare
  // rounded values with its bounds, so its loop is compiled per type.
  if (!truncated && PRECISION != PRECISION_FLOAT32) {
    const end = dst + (<usize>(to - from) << 2);
    let at = dst;
    for (; at + 16 <= end; at += 16) v128.store(at, scaledRound(v128.load(at)));
    for (; at < end; at += 4) store<f32>(at, f32x4.extract_lane(scaledRound(f32x4.splat(load<f32>(at))), 0));
  }
}

function normalRows(work: usize, group: u32, out: usize, stride: usize, count: u32): void {
  drawRows<f32>(false, work, group, out, stride, count);
}

/** The truncated law's loop, compiled twice: for float32, and for the 16-bit types (rounding by PRECISION, in scaledRound). */
function truncatedRows(work: usize, group: u32, out: usize, stride: usize, count: u32): void {
  if (PRECISION == PRECISION_FLOAT32) drawRows<f32>(true, work, group, out, stride, count);
  else drawRows<u16>(true, work, group, out, stride, count);
}

/**
 * `count` rows of lane group `group`, each lane's value from its next output, stored at out,
 * out + stride, …; the lanes whose value needs completing (fast path missed, or for the
 * truncated law a value outside the bounds) are noted at SLOW_OFFSET, with the outputs at
 * DRAWS_OFFSET: a byte per row, bit j if lane j's draw missed the fast path, else bit 4 + j if
 * its value lies outside the bounds. Values are rounded to float32 (T = f32) or by PRECISION (any other T).
 */
@inline
function drawRows<T>(truncated: bool, work: usize, group: u32, out: usize, stride: usize, count: u32): void {
  // The constants, read into locals: V8 keeps them in registers (a global is reloaded each time).
  const layerMask = v128.load(work + CONSTANTS_OFFSET);
  const fastBase = v128.load(work + CONSTANTS_OFFSET, 16);
  const odd = v128.load(work + CONSTANTS_OFFSET, 32);
  const absMask = v128.load(work + CONSTANTS_OFFSET, 48);
  const mean = v128.load(work + CONSTANTS_OFFSET, 64);
  const std = v128.load(work + CONSTANTS_OFFSET, 80);
  const lower = v128.load(work + CONSTANTS_OFFSET, 96);
  const upper = v128.load(work + CONSTANTS_OFFSET, 112);
  const five = v128.load(work + CONSTANTS_OFFSET, 128);
  const nine = v128.load(work + CONSTANTS_OFFSET, 144);
  const state = work + STATE_OFFSET + (<usize>group << 4);
  let s0 = v128.load(state, 0);
  let s1 = v128.load(state, 32);
  let s2 = v128.load(state, 64);
  let s3 = v128.load(state, 96);
  let draws = work + DRAWS_OFFSET;
  for (let r: u32 = 0; r < count; r++) {
    // xoshiro128** output rotl(s1·5, 7)·9.
    let x = i32x4.mul(s1, five);
    x = i32x4.mul(v128.or(i32x4.shl(x, 7), i32x4.shr_u(x, 25)), nine);
    const t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0); s3 = v128.xor(s3, s1); s1 = v128.xor(s1, s2); s0 = v128.xor(s0, s3); s2 = v128.xor(s2, t);
    s3 = v128.or(i32x4.shl(s3, 11), i32x4.shr_u(s3, 21));

    // The fast path (as fastDraw), with the lanes that miss it in `missed`.
    const at = i32x4.add(i32x4.shl(v128.and(x, layerMask), 3), fastBase);
    const pair01 = v128.load64_lane(<usize>i32x4.extract_lane(at, 1), v128.load64_zero(<usize>i32x4.extract_lane(at, 0)), 1);
    const pair23 = v128.load64_lane(<usize>i32x4.extract_lane(at, 3), v128.load64_zero(<usize>i32x4.extract_lane(at, 2)), 1);
    const z = f32x4.mul(f32x4.convert_i32x4_s(v128.or(i32x4.shr_s(x, 7), odd)), v128.shuffle<f32>(pair01, pair23, 0, 2, 4, 6));
    const sum = f32x4.add(mean, f32x4.mul(std, z));
    const v = isFloat<T>() ? sum : scaledRound(sum);
    const missed = f32x4.ge(v128.and(z, absMask), v128.shuffle<f32>(pair01, pair23, 1, 3, 5, 7));
    // Bits 0-3: draws that missed the fast path; bits 4-7 (truncated law): values outside the
    // bounds, meaningful where the draw did not miss.
    let slow = i32x4.bitmask(missed);
    if (truncated) slow |= (i32x4.bitmask(v128.and(f32x4.lt(lower, v), f32x4.lt(v, upper))) ^ 15) << 4;
    v128.store(out, v);
    v128.store(draws, x);
    store<u8>(work + SLOW_OFFSET + r, slow);
    out += stride;
    draws += 16;
  }
  v128.store(state, s0); v128.store(state, s1, 32); v128.store(state, s2, 64); v128.store(state, s3, 96);
}

/**
 * Completes the elements noted by the last `count` rows of lane group `group` (drawRows); row
 * r's lane j is element first + 8r + j, stored at out + r·stride + 4j. A value outside the
 * bounds is replaced at once from its lane's spare generator, in element order: spare draws are
 * taken until a fast-path value lies inside the bounds, or a draw misses the fast path. Draws that
 * missed the fast path are queued, and the queue is completed four at a time. With `stored`
 * false the rows lie before the range: only the spare generators advance.
 */
function completeRows(truncated: bool, stored: bool, work: usize, group: u32, seed: u64, first: u64, out: usize, stride: usize, count: u32): void {
  const slow = work + SLOW_OFFSET;
  store<u64>(slow + count, 0); // the padding read by the last 8-row step
  const queue = work + QUEUE_OFFSET;
  let queued: usize = 0;
  for (let r8: u32 = 0; r8 < count; r8 += 8) {
    // Eight rows' bytes at once: bit 8q + b is row r8 + q, bit b of its byte; a draw that missed
    // the fast path (bit j) has no value to check against the bounds (bit 4 + j).
    const bytes = load<u64>(slow + r8);
    const missed = bytes & 0x0f0f0f0f0f0f0f0f;
    let bits = missed | (bytes & ~(missed << 4) & 0xf0f0f0f0f0f0f0f0);
    while (bits) {
      const bit = <u32>ctz(bits);
      bits &= bits - 1;
      const r = r8 + (bit >> 3);
      const j = bit & 3;
      const address = out + <usize>r * stride + (<usize>j << 2);
      let x: u32 = 0;
      if (!(bit & 4)) {
        x = load<u32>(work + DRAWS_OFFSET + (<usize>r << 4) + (<usize>j << 2));
      } else {
        x = replace(work + SPARE_OFFSET + (<usize>((group << 2) + j) << 4), stored ? address : work + ROW_OFFSET);
      }
      if (x == 0 || !stored) continue;
      store<u64>(queue + (queued << 3), first + (<u64>r << 3) + j);
      store<u32>(queue + QUEUE_OUTPUTS + (queued << 2), x);
      store<u32>(queue + QUEUE_ADDRESSES + (queued << 2), <u32>address);
      if (++queued == QUEUE_ENTRIES) {
        completeQueue(truncated, work, seed, queued);
        queued = 0;
      }
    }
  }
  if (queued) completeQueue(truncated, work, seed, queued);
}

/**
 * Replaces a value outside the bounds from a lane's spare generator (its state at `spare`): draws
 * until a fast-path value inside the bounds, stored at `address` (then returns 0), or a draw that
 * misses the fast path (returns its output, for completion).
 */
function replace(spare: usize, address: usize): u32 {
  const mean = f32x4.extract_lane(MEAN, 0);
  const std = f32x4.extract_lane(STD, 0);
  const lower = f32x4.extract_lane(LOWER, 0);
  const upper = f32x4.extract_lane(UPPER, 0);
  let s0 = load<u32>(spare);
  let s1 = load<u32>(spare, 4);
  let s2 = load<u32>(spare, 8);
  let s3 = load<u32>(spare, 12);
  let x: u32 = 0;
  while (true) {
    x = rotl<u32>(s1 * 5, 7) * 9;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
    const pair = FAST_PAIRS + (<usize>(x & 255) << 3);
    const z = <f32>((<i32>x >> 7) | 1) * load<f32>(pair);
    if (abs(z) >= load<f32>(pair, 4)) break;
    // mean + std·z as the loops compute it, rounded to the output type.
    let v = mean + std * z;
    if (PRECISION != PRECISION_FLOAT32) v = f32x4.extract_lane(scaled(f32x4.splat(z)), 0);
    if (lower < v && v < upper) {
      store<f32>(address, v);
      x = 0;
      break;
    }
  }
  store<u32>(spare, s0);
  store<u32>(spare, s1, 4);
  store<u32>(spare, s2, 8);
  store<u32>(spare, s3, 12);
  return x;
}

/** Completes the `count` queued elements, four at a time; the last four are filled up with copies of the first. */
function completeQueue(truncated: bool, work: usize, seed: u64, count: usize): void {
  const queue = work + QUEUE_OFFSET;
  for (let e = count; e & 3; e++) {
    store<u64>(queue + (e << 3), load<u64>(queue));
    store<u32>(queue + QUEUE_OUTPUTS + (e << 2), load<u32>(queue + QUEUE_OUTPUTS));
    store<u32>(queue + QUEUE_ADDRESSES + (e << 2), load<u32>(queue + QUEUE_ADDRESSES));
  }
  for (let e: usize = 0; e < count; e += 4) {
    completeBatch(truncated, work, seed, queue + (e << 3), queue + QUEUE_OUTPUTS + (e << 2), queue + QUEUE_ADDRESSES + (e << 2));
  }
}

/**
 * Completes four elements (element indices i, first outputs x, output addresses) whose draw from
 * x is pending: x missed the fast path. Each element has its own generator G (generator
 * 2^61 + i). Each step takes the next output a of G, and b after it if the draw is pending; with
 * U(o) = (top24(o) + 1)·2^-24 in (0, 1]:
 *   pending draw in layer 0 (the tail): A = −ln U(a) / r, B = −ln U(b); if 2B ≥ A² the draw is
 *     ±(r + A) (the sign of its u; Marsaglia 1964), else it stays pending;
 *   pending draw in layer L ≥ 1 (a wedge): y = F[L] + U(a)·(F[L + 1] − F[L]); if z² < −2 ln y
 *     the draw is z, else it is replaced by a draw from output b (fast path, or pending);
 *   a draw to be replaced (the truncated law's value fell outside the bounds) is replaced by a
 *     draw from output a.
 * A completed draw z gives the value mean + std·z (rounded to T); the truncated law replaces the
 * draw if the value lies outside the bounds. The element's value is the first value kept.
 */
function completeBatch(truncated: bool, work: usize, seed: u64, indices: usize, outputs: usize, addresses: usize): void {
  const state = work + BATCH_STATE_OFFSET;
  for (let j: usize = 0; j < 4; j++) seedGenerator(state + (j << 2), 16, seed, ELEMENT_GENERATORS + load<u64>(indices + (j << 3)));
  let s0 = v128.load(state, 0);
  let s1 = v128.load(state, 16);
  let s2 = v128.load(state, 32);
  let s3 = v128.load(state, 48);
  const high = work + PAIRS_OFFSET;
  // `pending`: lanes whose draw from output `xd` missed the fast path; the others replace theirs.
  let xd = v128.load(outputs);
  let pending = i32x4.splat(-1);
  let done = i32x4.splat(0);
  let value = done;
  while (i32x4.bitmask(done) != 15) {
    let a = i32x4.add(i32x4.shl(s1, 2), s1);
    a = v128.or(i32x4.shl(a, 7), i32x4.shr_u(a, 25));
    a = i32x4.add(i32x4.shl(a, 3), a);
    let t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0); s3 = v128.xor(s3, s1); s1 = v128.xor(s1, s2); s0 = v128.xor(s0, s3); s2 = v128.xor(s2, t);
    s3 = v128.or(i32x4.shl(s3, 11), i32x4.shr_u(s3, 21));

    // Draws completed by a tail or wedge step (`accepted`, in `z`); draws to replace, from `fresh`.
    let accepted = i32x4.splat(0);
    let z = accepted;
    let replace = v128.not(pending);
    let fresh = a;
    if (v128.any_true(pending)) {
      // Output b, for the pending lanes only.
      let b = i32x4.add(i32x4.shl(s1, 2), s1);
      b = v128.or(i32x4.shl(b, 7), i32x4.shr_u(b, 25));
      b = i32x4.add(i32x4.shl(b, 3), b);
      t = i32x4.shl(s1, 9);
      let n2 = v128.xor(s2, s0);
      let n3 = v128.xor(s3, s1);
      const n1 = v128.xor(s1, n2);
      const n0 = v128.xor(s0, n3);
      n2 = v128.xor(n2, t);
      n3 = v128.or(i32x4.shl(n3, 11), i32x4.shr_u(n3, 21));
      s0 = v128.bitselect(n0, s0, pending);
      s1 = v128.bitselect(n1, s1, pending);
      s2 = v128.bitselect(n2, s2, pending);
      s3 = v128.bitselect(n3, s3, pending);

      const layer = v128.and(xd, LAYER_MASK);
      const tail = v128.and(pending, i32x4.eq(layer, i32x4.splat(0)));
      const fast01 = loadPairs(i32x4.add(i32x4.shl(layer, 3), FAST_BASE), high);
      const zd = f32x4.mul(f32x4.convert_i32x4_s(v128.or(i32x4.shr_s(xd, 7), ODD)), v128.shuffle<f32>(fast01, v128.load(high), 0, 2, 4, 6));
      const f01 = loadPairs(i32x4.add(i32x4.shl(layer, 2), F_BASE), high);
      const f23 = v128.load(high);
      const low = v128.shuffle<f32>(f01, f23, 0, 2, 4, 6);
      const ua = uniform(a);
      const y = f32x4.add(low, f32x4.mul(ua, f32x4.sub(v128.shuffle<f32>(f01, f23, 1, 3, 5, 7), low)));
      const lnA = ln(v128.bitselect(ua, y, tail));
      const wedge = v128.andnot(pending, tail);
      const wedgeKept = v128.and(wedge, f32x4.lt(f32x4.mul(zd, zd), f32x4.mul(f32x4.neg(TWO), lnA)));
      accepted = wedgeKept;
      z = zd;
      if (v128.any_true(tail)) {
        // The tail (one pending draw in 60): its second logarithm only when a lane needs it.
        const tailA = f32x4.div(f32x4.neg(lnA), R);
        const tailB = f32x4.neg(ln(uniform(b)));
        accepted = v128.or(accepted, v128.and(tail, f32x4.ge(f32x4.add(tailB, tailB), f32x4.mul(tailA, tailA))));
        z = v128.bitselect(v128.or(f32x4.add(R, tailA), v128.and(xd, SIGN_BIT)), zd, tail);
      }
      replace = v128.or(replace, v128.andnot(wedge, wedgeKept));
      fresh = v128.bitselect(b, a, pending);
    }
    const zf = fastDraw(fresh);
    const missed = f32x4.ne(zf, zf);
    z = v128.bitselect(zf, z, replace);
    const drawn = v128.or(accepted, v128.andnot(replace, missed));
    const v = scaled(z);
    let kept = v128.andnot(drawn, done);
    if (truncated) kept = v128.and(kept, inside(v));
    value = v128.bitselect(v, value, kept);
    done = v128.or(done, kept);
    // Pending next: tail draws not completed, and replacements that missed the fast path.
    xd = v128.bitselect(fresh, xd, replace);
    pending = v128.or(v128.andnot(v128.andnot(pending, replace), accepted), v128.and(replace, missed));
  }
  store<f32>(load<u32>(addresses), f32x4.extract_lane(value, 0));
  store<f32>(load<u32>(addresses, 4), f32x4.extract_lane(value, 1));
  store<f32>(load<u32>(addresses, 8), f32x4.extract_lane(value, 2));
  store<f32>(load<u32>(addresses, 12), f32x4.extract_lane(value, 3));
}

/** U(o) = (top24(o) + 1)·2^-24 in (0, 1] for each lane's output o. */
@inline
function uniform(o: v128): v128 {
  return f32x4.mul(f32x4.convert_i32x4_s(i32x4.add(i32x4.shr_u(o, 8), ODD)), SCALE_24);
}
