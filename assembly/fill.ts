// Fill loops: the stream contract v2 (docs/stream-format.md) in 128-bit SIMD. The block and
// lane layout is in workspace.ts; the normal laws are in ziggurat.ts.
//
// Lanes 0-3 travel in one set of four v128 state words (A), lanes 4-7 in another (B). The
// xoshiro128** step is written out in each loop: wasm functions return one value, and state
// kept in locals is what lets V8 hold it in registers.

import { SCALE_24, boxMullerRadius, PRECISION_BFLOAT16, PRECISION_FLOAT16, toPrecision } from './vecmath';
import { BLOCK_SHIFT, BLOCK_SIZE, copyRowPart, LANES, NORMAL_BLOCK_SHIFT, POSITION_OFFSET, ROW_OFFSET, seedLanes, skipRows, UNIFORM_OFFSET } from './workspace';
import { setNormalParameters, zigguratBlock } from './ziggurat';

export { BLOCK_SIZE, WORK_BYTES } from './workspace';

const KIND_UNIFORM = 0;
const KIND_NORMAL = 1;
const KIND_TRUNCATED_NORMAL = 2;

/**
 * Fills `count` elements starting at flat index `start` of the stream of `kind`, writing them to
 * `out` as float32 values rounded to `precision` (PRECISION_* in vecmath.ts). p0..p3 are the
 * distribution's float32 parameters (see the exported wrappers).
 */
function fillBlocks(kind: i32, precision: i32, work: usize, out: usize, count: usize, start: u64, seed: u64, p0: f32, p1: f32, p2: f32, p3: f32): void {
  const shift: u64 = kind == KIND_UNIFORM ? BLOCK_SHIFT : NORMAL_BLOCK_SHIFT;
  if (kind != KIND_UNIFORM) setNormalParameters(p0, p1, p2, p3, precision);
  const size: u64 = 1 << shift;
  let index = start;
  const end = start + <u64>count;
  let dst = out;
  while (index < end) {
    const block = index >> shift;
    const blockFirst = block << shift;
    const from = <u32>(index - blockFirst);
    const to = <u32>min<u64>(end - blockFirst, size);
    seedLanes(work, seed, block);
    // The type argument tags the output precision: each gets its own compiled loop (vecmath.ts).
    if (kind == KIND_UNIFORM) {
      if (precision == PRECISION_FLOAT16) uniformBlock<u16>(work, dst, from, to, p0, p1, p2);
      else if (precision == PRECISION_BFLOAT16) uniformBlock<i16>(work, dst, from, to, p0, p1, p2);
      else uniformBlock<f32>(work, dst, from, to, p0, p1, p2);
    } else {
      zigguratBlock(kind == KIND_TRUNCATED_NORMAL, work, dst, from, to, seed, blockFirst);
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

/** Normal N(mean, std²) by the Ziggurat (ziggurat.ts): a lane's value is mean + std·z. */
export function fillNormal(work: usize, out: usize, count: usize, start: u64, seed: u64, mean: f32, std: f32, precision: i32): void {
  fillBlocks(KIND_NORMAL, precision, work, out, count, start, seed, mean, std, 0, 0);
}

/** The normal's values kept only when lo < v < hi, compared after rounding to `precision`; each lane redraws until it keeps one. */
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

/**
 * Elements [from, to) of a block of the uniform law: rows of eight (one output of each lane)
 * wholly before `from` are skipped, whole rows are stored by the loop, rows cut by `from` or `to`
 * go through ROW_OFFSET.
 */
function uniformBlock<T>(work: usize, dst: usize, from: u32, to: u32, a: f32, width: f32, below: f32): void {
  // The loops read their constants from the workspace (UNIFORM_OFFSET) into locals: V8 keeps
  // those in registers, where it would rebuild a splat (or reload a global) in every iteration.
  v128.store(work + UNIFORM_OFFSET, f32x4.splat(a));
  v128.store(work + UNIFORM_OFFSET, f32x4.splat(width), 16);
  v128.store(work + UNIFORM_OFFSET, f32x4.splat(below), 32);
  // The short loop computes width·u as c·(width·2^-24), c = x >>> 8: exact, so the same bits,
  // when width·2^-24 is a normal float32 (width ≥ 2^-102). It leaves out the pmin(below, ·) when
  // even the largest value, c = 2^24 − 1, stays below b (rounding is monotonic).
  const scale = width * 5.9604645e-8;
  const largest = f32x4.extract_lane(toPrecision<T>(f32x4.splat(a + 16777215 * scale)), 0);
  const short = width >= 1.9721523e-31 && largest <= below;
  v128.store(work + UNIFORM_OFFSET, f32x4.splat(scale), 48);
  v128.store(work + UNIFORM_OFFSET, i32x4.splat(5), 64);
  v128.store(work + UNIFORM_OFFSET, i32x4.splat(9), 80);
  const before = from >> 3;
  const ended = to >> 3;
  const rows = (to + 7) >> 3;
  skipRows(work, 0, before);
  skipRows(work, 1, before);
  for (let r = before; r < rows; ) {
    const first = r << 3;
    const whole = first >= from && first + 8 <= to;
    const count = whole ? ended - r : 1;
    const out = whole ? dst + (<usize>(first - from) << 2) : work + ROW_OFFSET;
    if (short) uniformShortRows<T>(work, out, whole ? 32 : 0, count);
    else uniformRows<T>(work, out, whole ? 32 : 0, count);
    if (!whole) copyRowPart(work, dst, first, 8, from, to);
    r += count;
  }
}

function uniformShortRows<T>(work: usize, out: usize, stride: usize, count: u32): void {
  drawUniformRows<T>(true, work, out, stride, count);
}

function uniformRows<T>(work: usize, out: usize, stride: usize, count: u32): void {
  drawUniformRows<T>(false, work, out, stride, count);
}

/**
 * `count` rows of the uniform law, at out, out + stride, …: v = a + width·u, u = (x >>> 8)·2^-24,
 * rounded to T; pmin(below, v) maps a v that rounded up to b onto the value below b and leaves
 * every v < b alone (those are all ≤ below).
 */
@inline
function drawUniformRows<T>(short: bool, work: usize, out: usize, stride: usize, count: u32): void {
  const a = v128.load(work + UNIFORM_OFFSET);
  const width = v128.load(work + UNIFORM_OFFSET, 16);
  const below = v128.load(work + UNIFORM_OFFSET, 32);
  const scale = v128.load(work + UNIFORM_OFFSET, 48);
  const five = v128.load(work + UNIFORM_OFFSET, 64);
  const nine = v128.load(work + UNIFORM_OFFSET, 80);
  let a0 = v128.load(work, 0);
  let b0 = v128.load(work, 16);
  let a1 = v128.load(work, 32);
  let b1 = v128.load(work, 48);
  let a2 = v128.load(work, 64);
  let b2 = v128.load(work, 80);
  let a3 = v128.load(work, 96);
  let b3 = v128.load(work, 112);
  for (let r: u32 = 0; r < count; r++) {
    // xoshiro128** output rotl(s1·5, 7)·9.
    let xa = i32x4.mul(a1, five);
    xa = i32x4.mul(v128.or(i32x4.shl(xa, 7), i32x4.shr_u(xa, 25)), nine);
    let t = i32x4.shl(a1, 9);
    a2 = v128.xor(a2, a0); a3 = v128.xor(a3, a1); a1 = v128.xor(a1, a2); a0 = v128.xor(a0, a3); a2 = v128.xor(a2, t);
    a3 = v128.or(i32x4.shl(a3, 11), i32x4.shr_u(a3, 21));
    let xb = i32x4.mul(b1, five);
    xb = i32x4.mul(v128.or(i32x4.shl(xb, 7), i32x4.shr_u(xb, 25)), nine);
    t = i32x4.shl(b1, 9);
    b2 = v128.xor(b2, b0); b3 = v128.xor(b3, b1); b1 = v128.xor(b1, b2); b0 = v128.xor(b0, b3); b2 = v128.xor(b2, t);
    b3 = v128.or(i32x4.shl(b3, 11), i32x4.shr_u(b3, 21));

    const ca = f32x4.convert_i32x4_s(i32x4.shr_u(xa, 8));
    const cb = f32x4.convert_i32x4_s(i32x4.shr_u(xb, 8));
    if (short) {
      v128.store(out, toPrecision<T>(f32x4.add(a, f32x4.mul(ca, scale))));
      v128.store(out, toPrecision<T>(f32x4.add(a, f32x4.mul(cb, scale))), 16);
    } else {
      v128.store(out, f32x4.pmin(below, toPrecision<T>(f32x4.add(a, f32x4.mul(width, f32x4.mul(ca, SCALE_24))))));
      v128.store(out, f32x4.pmin(below, toPrecision<T>(f32x4.add(a, f32x4.mul(width, f32x4.mul(cb, SCALE_24))))), 16);
    }
    out += stride;
  }
  v128.store(work, a0); v128.store(work, b0, 16); v128.store(work, a1, 32); v128.store(work, b1, 48);
  v128.store(work, a2, 64); v128.store(work, b2, 80); v128.store(work, a3, 96); v128.store(work, b3, 112);
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
