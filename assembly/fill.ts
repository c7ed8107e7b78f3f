// Fill loops: the stream contract v1 (docs/stream-format.md) in 128-bit SIMD.
//
// A tensor's flat index space is cut into blocks of BLOCK_SIZE elements. Block b owns eight
// xoshiro128** lanes; lane k of block b is seeded from outputs 2j+1 and 2j+2 of SplitMix64(seed),
// j = 8b + k, exactly as the raw generator is seeded from outputs 1 and 2. Inside a block,
// element 8p + k is lane k's p-th value. So any range [start, end) is computed from its first
// block's seeds alone and equals the same range of the whole tensor.
//
// Lanes 0-3 travel in one set of four v128 state words (A), lanes 4-7 in another (B). The
// xoshiro128** step is written out in each loop: wasm functions return one value, and state
// kept in locals is what lets V8 hold it in registers.

import { splitMix64 } from './xoshiro';
import { SCALE_24, boxMullerCosSin, boxMullerRadius, PRECISION_BFLOAT16, PRECISION_FLOAT16, toPrecision } from './vecmath';

export const LANES: u32 = 8;
export const BLOCK_SHIFT: u32 = 16;
export const BLOCK_SIZE: u32 = 1 << BLOCK_SHIFT;

// Workspace layout (WORK_BYTES at a 16-byte aligned pointer, one per caller or thread).
const STATE_OFFSET: usize = 0; // s0[8], s1[8], s2[8], s3[8] as u32
const ROW_OFFSET: usize = 128; // one row of up to 16 float32 values
const POSITION_OFFSET: usize = 192; // per-lane element offsets: cos positions 8 x i32, sin positions 8 x i32
export const WORK_BYTES: usize = 256;

const KIND_UNIFORM = 0;
const KIND_NORMAL = 1;
const KIND_TRUNCATED_NORMAL = 2;

/** Seeds the eight lanes of block `block` into the workspace. */
function seedLanes(work: usize, seed: u64, block: u64): void {
  for (let k: u32 = 0; k < LANES; k++) {
    const j = block * LANES + k;
    const z1 = splitMix64(seed, 2 * j + 1);
    const z2 = splitMix64(seed, 2 * j + 2);
    const at = work + STATE_OFFSET + (<usize>k << 2);
    store<u32>(at, <u32>z1);
    store<u32>(at, <u32>(z1 >> 32), 32);
    store<u32>(at, <u32>z2, 64);
    store<u32>(at, <u32>(z2 >> 32), 96);
  }
}

/** Copies the part of a row (first element `rowFirst`, `rowLength` values in the workspace) that lies in [from, to). */
function copyRowPart(work: usize, dst: usize, rowFirst: u32, rowLength: u32, from: u32, to: u32): void {
  const lo = max(from, rowFirst);
  const hi = min(to, rowFirst + rowLength);
  for (let i = lo; i < hi; i++) {
    store<f32>(dst + (<usize>(i - from) << 2), load<f32>(work + ROW_OFFSET + (<usize>(i - rowFirst) << 2)));
  }
}

/**
 * Fills `count` elements starting at flat index `start` of the stream of `kind`, writing them to
 * `out` as float32 values rounded to `precision` (PRECISION_* in vecmath.ts). p0..p3 are the
 * distribution's float32 parameters (see the exported wrappers).
 */
function fillBlocks(kind: i32, precision: i32, work: usize, out: usize, count: usize, start: u64, seed: u64, p0: f32, p1: f32, p2: f32, p3: f32): void {
  let index = start;
  const end = start + <u64>count;
  let dst = out;
  while (index < end) {
    const block = index >> BLOCK_SHIFT;
    const blockFirst = block << BLOCK_SHIFT;
    const from = <u32>(index - blockFirst);
    const to = <u32>min<u64>(end - blockFirst, <u64>BLOCK_SIZE);
    seedLanes(work, seed, block);
    // The type argument tags the output precision: each gets its own compiled loop (vecmath.ts).
    if (kind == KIND_UNIFORM) {
      if (precision == PRECISION_FLOAT16) uniformBlock<u16>(work, dst, from, to, p0, p1, p2);
      else if (precision == PRECISION_BFLOAT16) uniformBlock<i16>(work, dst, from, to, p0, p1, p2);
      else uniformBlock<f32>(work, dst, from, to, p0, p1, p2);
    } else if (kind == KIND_NORMAL) {
      if (precision == PRECISION_FLOAT16) normalBlock<u16>(work, dst, from, to, p0, p1);
      else if (precision == PRECISION_BFLOAT16) normalBlock<i16>(work, dst, from, to, p0, p1);
      else normalBlock<f32>(work, dst, from, to, p0, p1);
    } else {
      if (precision == PRECISION_FLOAT16) truncatedNormalBlock<u16>(work, dst, from, to, p0, p1, p2, p3);
      else if (precision == PRECISION_BFLOAT16) truncatedNormalBlock<i16>(work, dst, from, to, p0, p1, p2, p3);
      else truncatedNormalBlock<f32>(work, dst, from, to, p0, p1, p2, p3);
    }
    dst += <usize>(to - from) << 2;
    index = blockFirst + <u64>to;
  }
}

/**
 * Uniform on [a, b): a + (b − a)·u with u = (x >>> 8)·2^-24, rounded to `precision`; a result at
 * or above the output type's b becomes `below`, that type's largest value under b.
 */
export function fillUniform(work: usize, out: usize, count: usize, start: u64, seed: u64, a: f32, b: f32, below: f32, precision: i32): void {
  fillBlocks(KIND_UNIFORM, precision, work, out, count, start, seed, a, b - a, below, 0);
}

/** Normal N(mean, std²) by Box–Muller: lane value 2t is mean + std·r·cos θ, value 2t+1 is mean + std·r·sin θ. */
export function fillNormal(work: usize, out: usize, count: usize, start: u64, seed: u64, mean: f32, std: f32, precision: i32): void {
  fillBlocks(KIND_NORMAL, precision, work, out, count, start, seed, mean, std, 0, 0);
}

/** Normal values kept only when lo < v < hi, compared after rounding to `precision`; each lane redraws until it accepts. */
export function fillTruncatedNormal(work: usize, out: usize, count: usize, start: u64, seed: u64, mean: f32, std: f32, lo: f32, hi: f32, precision: i32): void {
  fillBlocks(KIND_TRUNCATED_NORMAL, precision, work, out, count, start, seed, mean, std, lo, hi);
}

/** Writes `value` to `count` floats. */
export function fillConstant(out: usize, count: usize, value: f32): void {
  const v = f32x4.splat(value);
  let i: usize = 0;
  for (; i + 16 <= count; i += 16) {
    const at = out + (i << 2);
    v128.store(at, v);
    v128.store(at, v, 16);
    v128.store(at, v, 32);
    v128.store(at, v, 48);
  }
  for (; i < count; i++) store<f32>(out + (i << 2), value);
}

function uniformBlock<T>(work: usize, dst: usize, from: u32, to: u32, a: f32, width: f32, below: f32): void {
  let a0 = v128.load(work, 0);
  let b0 = v128.load(work, 16);
  let a1 = v128.load(work, 32);
  let b1 = v128.load(work, 48);
  let a2 = v128.load(work, 64);
  let b2 = v128.load(work, 80);
  let a3 = v128.load(work, 96);
  let b3 = v128.load(work, 112);
  const rowFrom = from >> 3;
  const rowTo = (to + 7) >> 3;
  // Rows before `from`: advance the lanes without computing outputs.
  for (let r: u32 = 0; r < rowFrom; r++) {
    let t = i32x4.shl(a1, 9);
    a2 = v128.xor(a2, a0); a3 = v128.xor(a3, a1); a1 = v128.xor(a1, a2); a0 = v128.xor(a0, a3); a2 = v128.xor(a2, t);
    a3 = v128.or(i32x4.shl(a3, 11), i32x4.shr_u(a3, 21));
    t = i32x4.shl(b1, 9);
    b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t);
    b3 = v128.or(i32x4.shl(b3, 11), i32x4.shr_u(b3, 21));
  }
  const va = f32x4.splat(a);
  const vw = f32x4.splat(width);
  const vbelow = f32x4.splat(below);
  const scale = SCALE_24;
  const base = dst - (<usize>from << 2);
  // Whole rows inside [from, to) are stored directly; the partial rows at either end go through the workspace.
  const fullFrom = (from + 7) >> 3;
  const fullTo = max(to >> 3, fullFrom);
  for (let r = rowFrom; r < rowTo; r++) {
    const inner = r >= fullFrom && r < fullTo;
    const stop = inner ? fullTo : r + 1;
    for (; r < stop; r++) {
      // xoshiro128** output rotl(s1·5, 7)·9, with the multiplies as shift-adds.
      let xa = i32x4.add(i32x4.shl(a1, 2), a1);
      xa = v128.or(i32x4.shl(xa, 7), i32x4.shr_u(xa, 25));
      xa = i32x4.add(i32x4.shl(xa, 3), xa);
      let t = i32x4.shl(a1, 9);
      a2 = v128.xor(a2, a0); a3 = v128.xor(a3, a1); a1 = v128.xor(a1, a2); a0 = v128.xor(a0, a3); a2 = v128.xor(a2, t);
      a3 = v128.or(i32x4.shl(a3, 11), i32x4.shr_u(a3, 21));
      let xb = i32x4.add(i32x4.shl(b1, 2), b1);
      xb = v128.or(i32x4.shl(xb, 7), i32x4.shr_u(xb, 25));
      xb = i32x4.add(i32x4.shl(xb, 3), xb);
      t = i32x4.shl(b1, 9);
      b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t);
      b3 = v128.or(i32x4.shl(b3, 11), i32x4.shr_u(b3, 21));

      // v = a + width·u; pmin(below, v) maps a v that rounded up to b onto the float below b
      // and leaves every v < b alone (those are all ≤ below).
      const ua = f32x4.pmin(vbelow, toPrecision<T>(f32x4.add(va, f32x4.mul(vw, f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(xa, 8)), scale)))));
      const ub = f32x4.pmin(vbelow, toPrecision<T>(f32x4.add(va, f32x4.mul(vw, f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(xb, 8)), scale)))));

      const first = r << 3;
      if (inner) {
        const at = base + (<usize>first << 2);
        v128.store(at, ua);
        v128.store(at, ub, 16);
      } else {
        v128.store(work + ROW_OFFSET, ua);
        v128.store(work + ROW_OFFSET, ub, 16);
        copyRowPart(work, dst, first, 8, from, to);
      }
    }
    r--;
  }
}

function normalBlock<T>(work: usize, dst: usize, from: u32, to: u32, mean: f32, std: f32): void {
  let a0 = v128.load(work, 0);
  let b0 = v128.load(work, 16);
  let a1 = v128.load(work, 32);
  let b1 = v128.load(work, 48);
  let a2 = v128.load(work, 64);
  let b2 = v128.load(work, 80);
  let a3 = v128.load(work, 96);
  let b3 = v128.load(work, 112);
  // A row is 16 elements: each lane's cos value (row positions 0-7), then its sin value (8-15).
  const rowFrom = from >> 4;
  const rowTo = (to + 15) >> 4;
  // Each skipped row is two steps of every lane.
  for (let r: u32 = 0; r < rowFrom * 2; r++) {
    let t = i32x4.shl(a1, 9);
    a2 = v128.xor(a2, a0); a3 = v128.xor(a3, a1); a1 = v128.xor(a1, a2); a0 = v128.xor(a0, a3); a2 = v128.xor(a2, t);
    a3 = v128.or(i32x4.shl(a3, 11), i32x4.shr_u(a3, 21));
    t = i32x4.shl(b1, 9);
    b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t);
    b3 = v128.or(i32x4.shl(b3, 11), i32x4.shr_u(b3, 21));
  }
  const vmean = f32x4.splat(mean);
  const vstd = f32x4.splat(std);
  const base = dst - (<usize>from << 2);
  for (let r = rowFrom; r < rowTo; r++) {
    // Draw 2t of each lane: the radius's uniform.
    let xa = i32x4.add(i32x4.shl(a1, 2), a1);
    xa = v128.or(i32x4.shl(xa, 7), i32x4.shr_u(xa, 25));
    const ra = i32x4.add(i32x4.shl(xa, 3), xa);
    let t = i32x4.shl(a1, 9);
    a2 = v128.xor(a2, a0); a3 = v128.xor(a3, a1); a1 = v128.xor(a1, a2); a0 = v128.xor(a0, a3); a2 = v128.xor(a2, t);
    a3 = v128.or(i32x4.shl(a3, 11), i32x4.shr_u(a3, 21));
    let xb = i32x4.add(i32x4.shl(b1, 2), b1);
    xb = v128.or(i32x4.shl(xb, 7), i32x4.shr_u(xb, 25));
    const rb = i32x4.add(i32x4.shl(xb, 3), xb);
    t = i32x4.shl(b1, 9);
    b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t);
    b3 = v128.or(i32x4.shl(b3, 11), i32x4.shr_u(b3, 21));
    // Draw 2t+1 of each lane: the angle's uniform.
    xa = i32x4.add(i32x4.shl(a1, 2), a1);
    xa = v128.or(i32x4.shl(xa, 7), i32x4.shr_u(xa, 25));
    const ta = i32x4.add(i32x4.shl(xa, 3), xa);
    t = i32x4.shl(a1, 9);
    a2 = v128.xor(a2, a0); a3 = v128.xor(a3, a1); a1 = v128.xor(a1, a2); a0 = v128.xor(a0, a3); a2 = v128.xor(a2, t);
    a3 = v128.or(i32x4.shl(a3, 11), i32x4.shr_u(a3, 21));
    xb = i32x4.add(i32x4.shl(b1, 2), b1);
    xb = v128.or(i32x4.shl(xb, 7), i32x4.shr_u(xb, 25));
    const tb = i32x4.add(i32x4.shl(xb, 3), xb);
    t = i32x4.shl(b1, 9);
    b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t);
    b3 = v128.or(i32x4.shl(b3, 11), i32x4.shr_u(b3, 21));

    const radiusA = f32x4.mul(vstd, boxMullerRadius(ra));
    const cosA = boxMullerCosSin(ta, work + ROW_OFFSET);
    const sinA = v128.load(work + ROW_OFFSET);
    const radiusB = f32x4.mul(vstd, boxMullerRadius(rb));
    const cosB = boxMullerCosSin(tb, work + ROW_OFFSET);
    const sinB = v128.load(work + ROW_OFFSET);
    const zca = toPrecision<T>(f32x4.add(vmean, f32x4.mul(radiusA, cosA)));
    const zcb = toPrecision<T>(f32x4.add(vmean, f32x4.mul(radiusB, cosB)));
    const zsa = toPrecision<T>(f32x4.add(vmean, f32x4.mul(radiusA, sinA)));
    const zsb = toPrecision<T>(f32x4.add(vmean, f32x4.mul(radiusB, sinB)));

    const first = r << 4;
    if (first >= from && first + 16 <= to) {
      const at = base + (<usize>first << 2);
      v128.store(at, zca);
      v128.store(at, zcb, 16);
      v128.store(at, zsa, 32);
      v128.store(at, zsb, 48);
    } else {
      const row = work + ROW_OFFSET;
      v128.store(row, zca);
      v128.store(row, zcb, 16);
      v128.store(row, zsa, 32);
      v128.store(row, zsb, 48);
      copyRowPart(work, dst, first, 16, from, to);
    }
  }
}

/** Stores the four floats at `values` to base + 4·position for the four i32 positions at `positions`. */
@inline
function scatter4(base: usize, values: usize, positions: usize): void {
  store<f32>(base + (<usize>load<i32>(positions) << 2), load<f32>(values));
  store<f32>(base + (<usize>load<i32>(positions, 4) << 2), load<f32>(values, 4));
  store<f32>(base + (<usize>load<i32>(positions, 8) << 2), load<f32>(values, 8));
  store<f32>(base + (<usize>load<i32>(positions, 12) << 2), load<f32>(values, 12));
}

@inline
function horizontalMin(v: v128): i32 {
  return min(min(i32x4.extract_lane(v, 0), i32x4.extract_lane(v, 1)), min(i32x4.extract_lane(v, 2), i32x4.extract_lane(v, 3)));
}

@inline
function horizontalMax(v: v128): i32 {
  return max(max(i32x4.extract_lane(v, 0), i32x4.extract_lane(v, 1)), max(i32x4.extract_lane(v, 2), i32x4.extract_lane(v, 3)));
}

/**
 * Truncated normal. Each lane walks its Box–Muller candidates in order (cos, sin, cos, ...) and
 * keeps those with lo < v < hi; its p-th kept value is element 8p + k. Lanes accept at different
 * rates, so each lane carries its own next position. Away from the range edges every candidate
 * is stored without checks (a rejected one is overwritten by the lane's next kept value); near
 * them, rows go through the checked scalar path.
 */
function truncatedNormalBlock<T>(work: usize, dst: usize, from: u32, to: u32, mean: f32, std: f32, lo: f32, hi: f32): void {
  let a0 = v128.load(work, 0);
  let b0 = v128.load(work, 16);
  let a1 = v128.load(work, 32);
  let b1 = v128.load(work, 48);
  let a2 = v128.load(work, 64);
  let b2 = v128.load(work, 80);
  let a3 = v128.load(work, 96);
  let b3 = v128.load(work, 112);
  const vmean = f32x4.splat(mean);
  const vstd = f32x4.splat(std);
  const vlo = f32x4.splat(lo);
  const vhi = f32x4.splat(hi);
  const base = dst - (<usize>from << 2);
  let positionA = i32x4(0, 1, 2, 3);
  let positionB = i32x4(4, 5, 6, 7);
  const end = <i32>to;
  while (true) {
    const lowest = horizontalMin(i32x4.min_s(positionA, positionB));
    if (lowest >= end) break;
    const highest = horizontalMax(i32x4.max_s(positionA, positionB));
    // A row moves a lane's position by at most 16, and writes at most 8 past it.
    let rows = 1;
    const unchecked = lowest >= <i32>from && highest + 8 < end;
    if (unchecked) rows = ((end - 9 - highest) >> 4) + 1;
    for (let r = 0; r < rows; r++) {
      let xa = i32x4.add(i32x4.shl(a1, 2), a1);
      xa = v128.or(i32x4.shl(xa, 7), i32x4.shr_u(xa, 25));
      const ra = i32x4.add(i32x4.shl(xa, 3), xa);
      let t = i32x4.shl(a1, 9);
      a2 = v128.xor(a2, a0); a3 = v128.xor(a3, a1); a1 = v128.xor(a1, a2); a0 = v128.xor(a0, a3); a2 = v128.xor(a2, t);
      a3 = v128.or(i32x4.shl(a3, 11), i32x4.shr_u(a3, 21));
      let xb = i32x4.add(i32x4.shl(b1, 2), b1);
      xb = v128.or(i32x4.shl(xb, 7), i32x4.shr_u(xb, 25));
      const rb = i32x4.add(i32x4.shl(xb, 3), xb);
      t = i32x4.shl(b1, 9);
      b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t);
      b3 = v128.or(i32x4.shl(b3, 11), i32x4.shr_u(b3, 21));
      xa = i32x4.add(i32x4.shl(a1, 2), a1);
      xa = v128.or(i32x4.shl(xa, 7), i32x4.shr_u(xa, 25));
      const ta = i32x4.add(i32x4.shl(xa, 3), xa);
      t = i32x4.shl(a1, 9);
      a2 = v128.xor(a2, a0); a3 = v128.xor(a3, a1); a1 = v128.xor(a1, a2); a0 = v128.xor(a0, a3); a2 = v128.xor(a2, t);
      a3 = v128.or(i32x4.shl(a3, 11), i32x4.shr_u(a3, 21));
      xb = i32x4.add(i32x4.shl(b1, 2), b1);
      xb = v128.or(i32x4.shl(xb, 7), i32x4.shr_u(xb, 25));
      const tb = i32x4.add(i32x4.shl(xb, 3), xb);
      t = i32x4.shl(b1, 9);
      b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t);
      b3 = v128.or(i32x4.shl(b3, 11), i32x4.shr_u(b3, 21));

      const radiusA = f32x4.mul(vstd, boxMullerRadius(ra));
      const cosA = boxMullerCosSin(ta, work + ROW_OFFSET);
      const sinA = v128.load(work + ROW_OFFSET);
      const radiusB = f32x4.mul(vstd, boxMullerRadius(rb));
      const cosB = boxMullerCosSin(tb, work + ROW_OFFSET);
      const sinB = v128.load(work + ROW_OFFSET);
      const zca = toPrecision<T>(f32x4.add(vmean, f32x4.mul(radiusA, cosA)));
      const zcb = toPrecision<T>(f32x4.add(vmean, f32x4.mul(radiusB, cosB)));
      const zsa = toPrecision<T>(f32x4.add(vmean, f32x4.mul(radiusA, sinA)));
      const zsb = toPrecision<T>(f32x4.add(vmean, f32x4.mul(radiusB, sinB)));
      // Masks are -1 where kept, so subtracting mask·8 advances a kept lane by one value.
      const keepCa = v128.and(f32x4.lt(vlo, zca), f32x4.lt(zca, vhi));
      const keepCb = v128.and(f32x4.lt(vlo, zcb), f32x4.lt(zcb, vhi));
      const keepSa = v128.and(f32x4.lt(vlo, zsa), f32x4.lt(zsa, vhi));
      const keepSb = v128.and(f32x4.lt(vlo, zsb), f32x4.lt(zsb, vhi));
      const sinPositionA = i32x4.sub(positionA, i32x4.shl(keepCa, 3));
      const sinPositionB = i32x4.sub(positionB, i32x4.shl(keepCb, 3));
      const row = work + ROW_OFFSET;
      v128.store(row, zca);
      v128.store(row, zcb, 16);
      v128.store(row, zsa, 32);
      v128.store(row, zsb, 48);
      if (unchecked) {
        // Scatter through memory: loads and stores use the memory ports, not the vector ALUs.
        const positions = work + POSITION_OFFSET;
        v128.store(positions, positionA);
        v128.store(positions, positionB, 16);
        v128.store(positions, sinPositionA, 32);
        v128.store(positions, sinPositionB, 48);
        scatter4(base, row, positions);
        scatter4(base, row + 16, positions + 16);
        scatter4(base, row + 32, positions + 32);
        scatter4(base, row + 48, positions + 48);
      } else {
        const keepCos = i32x4.bitmask(keepCa) | (i32x4.bitmask(keepCb) << 4);
        const keepSin = i32x4.bitmask(keepSa) | (i32x4.bitmask(keepSb) << 4);
        v128.store(work + POSITION_OFFSET, positionA);
        v128.store(work + POSITION_OFFSET, positionB, 16);
        for (let k: u32 = 0; k < LANES; k++) {
          let p = load<i32>(work + POSITION_OFFSET + (<usize>k << 2));
          if (keepCos & (1 << k)) {
            if (p >= <i32>from && p < end) store<f32>(base + (<usize>p << 2), load<f32>(row + (<usize>k << 2)));
            p += LANES;
          }
          if (keepSin & (1 << k)) {
            if (p >= <i32>from && p < end) store<f32>(base + (<usize>p << 2), load<f32>(row + 32 + (<usize>k << 2)));
          }
        }
      }
      positionA = i32x4.sub(sinPositionA, i32x4.shl(keepSa, 3));
      positionB = i32x4.sub(sinPositionB, i32x4.shl(keepSb, 3));
    }
  }
}

/**
 * Truncated normal by uniform proposals, for intervals that hold little of the normal's mass
 * (PyTorch trunc_normal_'s second branch). A lane's candidate t uses its outputs 2t and 2t+1:
 *   x = p + width·u (u = top24(x1)·2^-24; a result ≥ q becomes `below`, the float under q)
 *   r = √(−2 ln u2) with u2 = (top24(x2) + 1)·2^-24, the Box–Muller radius
 *   e = ((x − xs)·invStd)·(((x − mean) + (xs − mean))·invStd)
 * and is kept iff e < r·r, i.e. with probability exp(−e/2) = φ(z)/φ(zs), where xs is the point
 * of [p, q) nearest the mean (the density's maximum there). The lane's p-th kept candidate is
 * element 8p + k, as in the other truncated kernel.
 */
export function fillTruncatedNormalTail(work: usize, out: usize, count: usize, start: u64, seed: u64, p: f32, width: f32, below: f32, mean: f32, invStd: f32, xs: f32): void {
  let index = start;
  const end = start + <u64>count;
  let dst = out;
  while (index < end) {
    const block = index >> BLOCK_SHIFT;
    const blockFirst = block << BLOCK_SHIFT;
    const from = <u32>(index - blockFirst);
    const to = <u32>min<u64>(end - blockFirst, <u64>BLOCK_SIZE);
    seedLanes(work, seed, block);
    truncatedTailBlock(work, dst, from, to, p, width, below, mean, invStd, xs);
    dst += <usize>(to - from) << 2;
    index = blockFirst + <u64>to;
  }
}

function truncatedTailBlock(work: usize, dst: usize, from: u32, to: u32, p: f32, width: f32, below: f32, mean: f32, invStd: f32, xs: f32): void {
  let a0 = v128.load(work, 0);
  let b0 = v128.load(work, 16);
  let a1 = v128.load(work, 32);
  let b1 = v128.load(work, 48);
  let a2 = v128.load(work, 64);
  let b2 = v128.load(work, 80);
  let a3 = v128.load(work, 96);
  let b3 = v128.load(work, 112);
  const vp = f32x4.splat(p);
  const vw = f32x4.splat(width);
  const vbelow = f32x4.splat(below);
  const vmean = f32x4.splat(mean);
  const vinv = f32x4.splat(invStd);
  const vxs = f32x4.splat(xs);
  const xsOff = f32x4.sub(vxs, vmean);
  const scale = SCALE_24;
  const base = dst - (<usize>from << 2);
  const row = work + ROW_OFFSET;
  const positions = work + POSITION_OFFSET;
  for (let k: u32 = 0; k < LANES; k++) store<i32>(positions + (<usize>k << 2), <i32>k);
  const end = <i32>to;
  let lowest: i32 = 0;
  while (lowest < end) {
    // Output 2t of each lane: the proposal.
    let xa = i32x4.add(i32x4.shl(a1, 2), a1);
    xa = v128.or(i32x4.shl(xa, 7), i32x4.shr_u(xa, 25));
    const ua = i32x4.add(i32x4.shl(xa, 3), xa);
    let t = i32x4.shl(a1, 9);
    a2 = v128.xor(a2, a0); a3 = v128.xor(a3, a1); a1 = v128.xor(a1, a2); a0 = v128.xor(a0, a3); a2 = v128.xor(a2, t);
    a3 = v128.or(i32x4.shl(a3, 11), i32x4.shr_u(a3, 21));
    let xb = i32x4.add(i32x4.shl(b1, 2), b1);
    xb = v128.or(i32x4.shl(xb, 7), i32x4.shr_u(xb, 25));
    const ub = i32x4.add(i32x4.shl(xb, 3), xb);
    t = i32x4.shl(b1, 9);
    b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t);
    b3 = v128.or(i32x4.shl(b3, 11), i32x4.shr_u(b3, 21));
    // Output 2t+1 of each lane: the acceptance uniform.
    xa = i32x4.add(i32x4.shl(a1, 2), a1);
    xa = v128.or(i32x4.shl(xa, 7), i32x4.shr_u(xa, 25));
    const va = i32x4.add(i32x4.shl(xa, 3), xa);
    t = i32x4.shl(a1, 9);
    a2 = v128.xor(a2, a0); a3 = v128.xor(a3, a1); a1 = v128.xor(a1, a2); a0 = v128.xor(a0, a3); a2 = v128.xor(a2, t);
    a3 = v128.or(i32x4.shl(a3, 11), i32x4.shr_u(a3, 21));
    xb = i32x4.add(i32x4.shl(b1, 2), b1);
    xb = v128.or(i32x4.shl(xb, 7), i32x4.shr_u(xb, 25));
    const vb = i32x4.add(i32x4.shl(xb, 3), xb);
    t = i32x4.shl(b1, 9);
    b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t);
    b3 = v128.or(i32x4.shl(b3, 11), i32x4.shr_u(b3, 21));

    const za = f32x4.pmin(vbelow, f32x4.add(vp, f32x4.mul(vw, f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(ua, 8)), scale))));
    const zb = f32x4.pmin(vbelow, f32x4.add(vp, f32x4.mul(vw, f32x4.mul(f32x4.convert_i32x4_s(i32x4.shr_u(ub, 8)), scale))));
    const ra = boxMullerRadius(va);
    const rb = boxMullerRadius(vb);
    const ea = f32x4.mul(f32x4.mul(f32x4.sub(za, vxs), vinv), f32x4.mul(f32x4.add(f32x4.sub(za, vmean), xsOff), vinv));
    const eb = f32x4.mul(f32x4.mul(f32x4.sub(zb, vxs), vinv), f32x4.mul(f32x4.add(f32x4.sub(zb, vmean), xsOff), vinv));
    const keep = i32x4.bitmask(f32x4.lt(ea, f32x4.mul(ra, ra))) | (i32x4.bitmask(f32x4.lt(eb, f32x4.mul(rb, rb))) << 4);
    v128.store(row, za);
    v128.store(row, zb, 16);
    lowest = end;
    for (let k: u32 = 0; k < LANES; k++) {
      const at = positions + (<usize>k << 2);
      let position = load<i32>(at);
      if (keep & (1 << k)) {
        if (position >= <i32>from && position < end) store<f32>(base + (<usize>position << 2), load<f32>(row + (<usize>k << 2)));
        position += LANES;
        store<i32>(at, position);
      }
      lowest = min(lowest, position);
    }
  }
}
