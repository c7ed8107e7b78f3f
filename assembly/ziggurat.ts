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
import { BATCH_STATE_OFFSET, CONSTANTS_OFFSET, copyRowPart, DRAWS_OFFSET, LANES, NORMAL_BLOCK_SHIFT, PAIRS_OFFSET, QUEUE_ADDRESSES, QUEUE_ENTRIES, QUEUE_OFFSET, QUEUE_OUTPUTS, POSITIONS_OFFSET, REPLACEMENT_CURSORS, REPLACEMENT_ENTRIES, REPLACEMENTS_OFFSET, ROW_OFFSET, SLOW_OFFSET, SPARE_OFFSET, skipRows, STATE_OFFSET } from './workspace';

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
 * Two 8-byte entries of `table` (entry L at table + (L << shift)), [a0, b0, a1, b1]: those of the
 * layers L of the outputs stored at outputs + 4·lane and outputs + 4·(lane + 1), the low byte of
 * each. Byte loads from the stored outputs, not lane extractions: those compete with the
 * arithmetic for the SIMD ports.
 */
@inline
function layerPairs(table: usize, shift: usize, outputs: usize, lane: usize): v128 {
  const first = v128.load64_zero(table + (<usize>load<u8>(outputs + (lane << 2)) << shift));
  return v128.load64_lane(table + (<usize>load<u8>(outputs + (lane << 2) + 4) << shift), first, 1);
}

/**
 * The fast-path draw z = u·X[L] of output `x` in each lane, or NaN where |z| ≥ X[L + 1] (the draw
 * needs completing); `scratch`: 16 bytes for the outputs.
 */
@inline
function fastDraw(x: v128, scratch: usize): v128 {
  v128.store(scratch, x);
  const pair01 = layerPairs(FAST_PAIRS, 3, scratch, 0);
  const pair23 = layerPairs(FAST_PAIRS, 3, scratch, 2);
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
  v128.store(work + CONSTANTS_OFFSET, ODD);
  v128.store(work + CONSTANTS_OFFSET, ABS_MASK, 16);
  v128.store(work + CONSTANTS_OFFSET, MEAN, 32);
  v128.store(work + CONSTANTS_OFFSET, STD, 48);
  v128.store(work + CONSTANTS_OFFSET, LOWER, 64);
  v128.store(work + CONSTANTS_OFFSET, UPPER, 80);
  v128.store(work + CONSTANTS_OFFSET, i32x4.splat(5), 96);
  v128.store(work + CONSTANTS_OFFSET, i32x4.splat(9), 112);
  if (truncated) {
    const block = blockFirst >> NORMAL_BLOCK_SHIFT;
    for (let k: u32 = 0; k < LANES; k++) seedGenerator(work + SPARE_OFFSET + (<usize>(k >> 2) << 6) + (<usize>(k & 3) << 2), 16, seed, SPARE_GENERATORS + block * LANES + k);
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
 * One row of drawRows from the lanes' outputs `x`: the values at `out`, the outputs at `draws`,
 * the row's byte at `slow`.
 */
@inline
function noteRow<T>(truncated: bool, x: v128, draws: usize, out: usize, slow: usize, odd: v128, absMask: v128, mean: v128, std: v128, lower: v128, upper: v128): void {
  // The fast path (as fastDraw), with the lanes that miss it in `missed`.
  v128.store(draws, x);
  const pair01 = layerPairs(FAST_PAIRS, 3, draws, 0);
  const pair23 = layerPairs(FAST_PAIRS, 3, draws, 2);
  const z = f32x4.mul(f32x4.convert_i32x4_s(v128.or(i32x4.shr_s(x, 7), odd)), v128.shuffle<f32>(pair01, pair23, 0, 2, 4, 6));
  const sum = f32x4.add(mean, f32x4.mul(std, z));
  const v = isFloat<T>() ? sum : scaledRound(sum);
  const missed = f32x4.ge(v128.and(z, absMask), v128.shuffle<f32>(pair01, pair23, 1, 3, 5, 7));
  // Bits 0-3: draws that missed the fast path; bits 4-7 (truncated law): values outside the
  // bounds, meaningful where the draw did not miss.
  let bits = i32x4.bitmask(missed);
  if (truncated) bits |= (i32x4.bitmask(v128.and(f32x4.lt(lower, v), f32x4.lt(v, upper))) ^ 15) << 4;
  v128.store(out, v);
  store<u8>(slow, bits);
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
  const odd = v128.load(work + CONSTANTS_OFFSET);
  const absMask = v128.load(work + CONSTANTS_OFFSET, 16);
  const mean = v128.load(work + CONSTANTS_OFFSET, 32);
  const std = v128.load(work + CONSTANTS_OFFSET, 48);
  const lower = v128.load(work + CONSTANTS_OFFSET, 64);
  const upper = v128.load(work + CONSTANTS_OFFSET, 80);
  const five = v128.load(work + CONSTANTS_OFFSET, 96);
  const nine = v128.load(work + CONSTANTS_OFFSET, 112);
  const state = work + STATE_OFFSET + (<usize>group << 4);
  let s0 = v128.load(state, 0);
  let s1 = v128.load(state, 32);
  let s2 = v128.load(state, 64);
  let s3 = v128.load(state, 96);
  let draws = work + DRAWS_OFFSET;
  // An odd row first, then two rows per step: half the loop's own instructions per row.
  let r: u32 = 0;
  if (count & 1) {
    // xoshiro128** output rotl(s1·5, 7)·9.
    let x = i32x4.mul(s1, five);
    x = i32x4.mul(v128.or(i32x4.shl(x, 7), i32x4.shr_u(x, 25)), nine);
    const t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0); s3 = v128.xor(s3, s1); s1 = v128.xor(s1, s2); s0 = v128.xor(s0, s3); s2 = v128.xor(s2, t);
    s3 = v128.or(i32x4.shl(s3, 11), i32x4.shr_u(s3, 21));
    noteRow<T>(truncated, x, draws, out, work + SLOW_OFFSET, odd, absMask, mean, std, lower, upper);
    out += stride;
    draws += 16;
    r = 1;
  }
  for (; r < count; r += 2) {
    let x = i32x4.mul(s1, five);
    x = i32x4.mul(v128.or(i32x4.shl(x, 7), i32x4.shr_u(x, 25)), nine);
    let t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0); s3 = v128.xor(s3, s1); s1 = v128.xor(s1, s2); s0 = v128.xor(s0, s3); s2 = v128.xor(s2, t);
    s3 = v128.or(i32x4.shl(s3, 11), i32x4.shr_u(s3, 21));
    let y = i32x4.mul(s1, five);
    y = i32x4.mul(v128.or(i32x4.shl(y, 7), i32x4.shr_u(y, 25)), nine);
    t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0); s3 = v128.xor(s3, s1); s1 = v128.xor(s1, s2); s0 = v128.xor(s0, s3); s2 = v128.xor(s2, t);
    s3 = v128.or(i32x4.shl(s3, 11), i32x4.shr_u(s3, 21));
    noteRow<T>(truncated, x, draws, out, work + SLOW_OFFSET + r, odd, absMask, mean, std, lower, upper);
    noteRow<T>(truncated, y, draws + 16, out + stride, work + SLOW_OFFSET + r + 1, odd, absMask, mean, std, lower, upper);
    out += stride << 1;
    draws += 32;
  }
  v128.store(state, s0); v128.store(state, s1, 32); v128.store(state, s2, 64); v128.store(state, s3, 96);
}

/**
 * Completes the elements noted by the last `count` rows of lane group `group` (drawRows); row
 * r's lane j is element first + 8r + j, stored at out + r·stride + 4j. A value outside the
 * bounds takes its lane's next replacement (drawReplacements), in element order: a value, or a
 * draw that missed the fast path. Draws that missed the fast path are queued, and the queue is
 * completed four at a time. With `stored` false the rows lie before the range (out is the row
 * buffer, stride 0): only the spare generators advance.
 *
 * Mispredicted branches were most of this function's time, so it has almost none: the noted
 * elements' positions are listed first, four per 8-row word without a branch (a word holds about
 * two; the bitmap flattening of G. Langdale, D. Lemire, "Parsing Gigabytes of JSON per Second",
 * VLDB Journal 28(6), 2019), then each takes its value and output by select and is queued by
 * advancing the queue's length.
 */
function completeRows(truncated: bool, stored: bool, work: usize, group: u32, seed: u64, first: u64, out: usize, stride: usize, count: u32): void {
  const slow = work + SLOW_OFFSET;
  v128.store(slow + count, i32x4.splat(0)); // the padding read by the last 8- or 16-row step
  const cursors = work + REPLACEMENT_CURSORS;
  if (truncated) {
    drawReplacements(work, group, count);
  } else {
    v128.store(cursors, i32x4.splat(<i32>(work + REPLACEMENTS_OFFSET))); // read, never advanced
  }
  // Position 8r + b: row r, bit b of its byte (bit j: lane j's draw missed the fast path; bit
  // 4 + j: its value lies outside the bounds, meaningful where the draw did not miss).
  const positions = work + POSITIONS_OFFSET;
  let end = positions;
  for (let r8: u32 = 0; r8 < count; r8 += 8) {
    const bytes = load<u64>(slow + r8);
    const missed = bytes & 0x0f0f0f0f0f0f0f0f;
    let bits = missed | (bytes & ~(missed << 4) & 0xf0f0f0f0f0f0f0f0);
    const next = end + (<usize>popcnt(bits) << 2);
    const base = r8 << 3;
    // Past the last bit, ctz(0) = 64 writes a position that is never read.
    store<u32>(end, base + <u32>ctz(bits));
    bits &= bits - 1;
    store<u32>(end, base + <u32>ctz(bits), 4);
    bits &= bits - 1;
    store<u32>(end, base + <u32>ctz(bits), 8);
    bits &= bits - 1;
    store<u32>(end, base + <u32>ctz(bits), 12);
    bits &= bits - 1;
    for (end += 16; bits; end += 4) {
      store<u32>(end, base + <u32>ctz(bits));
      bits &= bits - 1;
    }
    end = next;
  }
  const queue = work + QUEUE_OFFSET;
  const queuing: u32 = stored ? 1 : 0;
  let queued: usize = 0;
  for (let at = positions; at < end; at += 4) {
    const position = load<u32>(at);
    const r = position >> 3;
    const j = position & 3;
    const replaced = (position >> 2) & 1;
    // A replacement takes its lane's next entry; a missed draw has no value (MISSED) and its own output.
    const cursor = cursors + (<usize>j << 2);
    const entry = <usize>load<u32>(cursor);
    store<u32>(cursor, <u32>entry + (replaced << 3));
    const value = select<u32>(load<u32>(entry), MISSED, replaced);
    const x = select<u32>(load<u32>(entry, 4), load<u32>(work + DRAWS_OFFSET + (<usize>r << 4) + (<usize>j << 2)), replaced);
    const address = out + <usize>r * stride + (<usize>j << 2);
    store<u32>(address, value);
    store<u64>(queue + (queued << 3), first + (<u64>r << 3) + j);
    store<u32>(queue + QUEUE_OUTPUTS + (queued << 2), x);
    store<u32>(queue + QUEUE_ADDRESSES + (queued << 2), <u32>address);
    queued += <usize>(queuing & <u32>(value == MISSED));
    if (queued == QUEUE_ENTRIES) {
      completeQueue(truncated, work, seed, queued);
      queued = 0;
    }
  }
  if (queued) completeQueue(truncated, work, seed, queued);
}

/** The value bits of a replacement whose draw missed the fast path (a NaN: no value is). */
const MISSED: u32 = 0xffffffff;

/**
 * Draws, for each lane j of group `group`, as many replacements as the last `count` rows hold
 * values outside the bounds (bit 4 + j without bit j), to REPLACEMENTS_OFFSET as (value, output)
 * pairs, and points the lanes' cursors at them. A lane's replacement is its spare generator's next
 * draw that gives a fast-path value inside the bounds (value, output), or that misses the fast
 * path (MISSED, output). The four spare generators step together, a lane pausing once it has
 * enough. One copy serves every output type (its loop asks PRECISION: it runs about 16 steps per
 * call, and a copy per type cost 1 KB of the module).
 */
function drawReplacements(work: usize, group: u32, count: u32): void {
  // Per lane, 16 rows at a time: byte q of acc_j counts the rows r16 + q with bit 4 + j.
  const slow = work + SLOW_OFFSET;
  const one = i8x16.splat(1);
  let acc0 = i8x16.splat(0);
  let acc1 = acc0;
  let acc2 = acc0;
  let acc3 = acc0;
  for (let r16: u32 = 0; r16 < count; r16 += 16) {
    const bytes = v128.load(slow + r16);
    const outside = v128.andnot(bytes, i8x16.shl(bytes, 4));
    acc0 = i8x16.add(acc0, v128.and(i8x16.shr_u(outside, 4), one));
    acc1 = i8x16.add(acc1, v128.and(i8x16.shr_u(outside, 5), one));
    acc2 = i8x16.add(acc2, v128.and(i8x16.shr_u(outside, 6), one));
    acc3 = i8x16.add(acc3, i8x16.shr_u(outside, 7));
  }
  const p0 = i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(acc0));
  const p1 = i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(acc1));
  const p2 = i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(acc2));
  const p3 = i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(acc3));
  const p01 = i32x4.add(v128.shuffle<i32>(p0, p1, 0, 2, 4, 6), v128.shuffle<i32>(p0, p1, 1, 3, 5, 7));
  const p23 = i32x4.add(v128.shuffle<i32>(p2, p3, 0, 2, 4, 6), v128.shuffle<i32>(p2, p3, 1, 3, 5, 7));
  const needed = i32x4.add(v128.shuffle<i32>(p01, p23, 0, 2, 4, 6), v128.shuffle<i32>(p01, p23, 1, 3, 5, 7));

  const base = <i32>(work + REPLACEMENTS_OFFSET);
  const size = <i32>(REPLACEMENT_ENTRIES << 3);
  let at = i32x4(base, base + size, base + 2 * size, base + 3 * size);
  v128.store(work + REPLACEMENT_CURSORS, at);
  const end = i32x4.add(at, i32x4.shl(needed, 3));
  const mean = v128.load(work + CONSTANTS_OFFSET, 32);
  const std = v128.load(work + CONSTANTS_OFFSET, 48);
  const lower = v128.load(work + CONSTANTS_OFFSET, 64);
  const upper = v128.load(work + CONSTANTS_OFFSET, 80);
  const scratch = work + PAIRS_OFFSET;
  const float32 = PRECISION == PRECISION_FLOAT32;
  const spare = work + SPARE_OFFSET + (<usize>group << 6);
  let s0 = v128.load(spare, 0);
  let s1 = v128.load(spare, 16);
  let s2 = v128.load(spare, 32);
  let s3 = v128.load(spare, 48);
  let active = i32x4.lt_s(at, end);
  while (v128.any_true(active)) {
    let x = i32x4.add(i32x4.shl(s1, 2), s1);
    x = v128.or(i32x4.shl(x, 7), i32x4.shr_u(x, 25));
    x = i32x4.add(i32x4.shl(x, 3), x);
    const t = i32x4.shl(s1, 9);
    const m2 = v128.xor(s2, s0);
    const m3 = v128.xor(s3, s1);
    s1 = v128.bitselect(v128.xor(s1, m2), s1, active);
    s0 = v128.bitselect(v128.xor(s0, m3), s0, active);
    s2 = v128.bitselect(v128.xor(m2, t), s2, active);
    s3 = v128.bitselect(v128.or(i32x4.shl(m3, 11), i32x4.shr_u(m3, 21)), s3, active);

    // The fast path and the bounds, as drawRows computes them.
    const z = fastDraw(x, scratch);
    const missed = f32x4.ne(z, z);
    const sum = f32x4.add(mean, f32x4.mul(std, z));
    const v = v128.or(float32 ? sum : scaledRound(sum), missed);
    const kept = v128.and(active, v128.or(missed, v128.and(f32x4.lt(lower, v), f32x4.lt(v, upper))));

    // Each lane's (value, output) at its cursor; a lane moves on when it kept the draw.
    const low = v128.shuffle<i32>(v, x, 0, 4, 1, 5);
    const high = v128.shuffle<i32>(v, x, 2, 6, 3, 7);
    v128.store64_lane(<usize>i32x4.extract_lane(at, 0), low, 0);
    v128.store64_lane(<usize>i32x4.extract_lane(at, 1), low, 1);
    v128.store64_lane(<usize>i32x4.extract_lane(at, 2), high, 0);
    v128.store64_lane(<usize>i32x4.extract_lane(at, 3), high, 1);
    at = i32x4.sub(at, i32x4.shl(kept, 3));
    active = i32x4.lt_s(at, end);
  }
  v128.store(spare, s0);
  v128.store(spare, s1, 16);
  v128.store(spare, s2, 32);
  v128.store(spare, s3, 48);
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
  const scratch = work + PAIRS_OFFSET;
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

      const tail = v128.and(pending, i32x4.eq(v128.and(xd, LAYER_MASK), i32x4.splat(0)));
      v128.store(scratch, xd);
      const zd = f32x4.mul(f32x4.convert_i32x4_s(v128.or(i32x4.shr_s(xd, 7), ODD)), v128.shuffle<f32>(layerPairs(FAST_PAIRS, 3, scratch, 0), layerPairs(FAST_PAIRS, 3, scratch, 2), 0, 2, 4, 6));
      const f01 = layerPairs(ZIGGURAT_F, 2, scratch, 0);
      const f23 = layerPairs(ZIGGURAT_F, 2, scratch, 2);
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
    const zf = fastDraw(fresh, scratch);
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
