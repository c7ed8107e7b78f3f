// What every fill kernel shares: the eight lanes of a block and the workspace they live in.
//
// A tensor's flat index space is cut into blocks (of BLOCK_SIZE or NORMAL_BLOCK_SIZE elements,
// depending on the law). Block b owns eight xoshiro128** lanes; lane k of block b is generator
// 8b + k of the seed (xoshiro.ts: seeded from SplitMix64 outputs 2j+1 and 2j+2, exactly as the
// raw generator, generator 0, is seeded from outputs 1 and 2). Inside a block, element 8p + k is
// lane k's p-th value. So any range [start, end) is computed from its own blocks' seeds alone
// and equals the same range of the whole tensor.

import { seedGenerator } from './xoshiro';

export const LANES: u32 = 8;

/** Blocks of the uniform laws (uniform, and the uniform-proposal truncated normal). */
export const BLOCK_SHIFT: u32 = 16;
export const BLOCK_SIZE: u32 = 1 << BLOCK_SHIFT;
/** Blocks of the Ziggurat laws (normal, truncated normal): see ziggurat.ts. */
export const NORMAL_BLOCK_SHIFT: u32 = 11;
export const NORMAL_BLOCK_SIZE: u32 = 1 << NORMAL_BLOCK_SHIFT;

// Workspace layout (WORK_BYTES at a 16-byte aligned pointer, one per caller or thread).
/** The lanes' state words s0[8], s1[8], s2[8], s3[8] as u32: lanes 0-3 in the first 16 bytes of each. */
export const STATE_OFFSET: usize = 0;
/** One row of up to 16 float32 values. */
export const ROW_OFFSET: usize = 128;
/** Per-lane element offsets, 8 x i32 (the uniform-proposal truncated normal). */
export const POSITION_OFFSET: usize = 192;
/** The uniform law's constants, 6 x v128 (fill.ts). */
export const UNIFORM_OFFSET: usize = 224;
/** The generators of four completions (ziggurat.ts), interleaved like the lanes: s0[4], s1[4], s2[4], s3[4]. */
export const BATCH_STATE_OFFSET: usize = 320;
/** 16 bytes of scratch for the completions. */
export const PAIRS_OFFSET: usize = 384;
/**
 * Elements to complete (ziggurat.ts): QUEUE_ENTRIES (+ 3 of padding) element indices (u64), then
 * as many first outputs (u32) at QUEUE_OUTPUTS, then output addresses (u32) at QUEUE_ADDRESSES.
 */
export const QUEUE_ENTRIES: usize = 64;
export const QUEUE_OUTPUTS: usize = (QUEUE_ENTRIES + 4) << 3;
export const QUEUE_ADDRESSES: usize = QUEUE_OUTPUTS + ((QUEUE_ENTRIES + 4) << 2);
export const QUEUE_OFFSET: usize = 400;
/** The eight lanes' spare generators (the truncated normal), interleaved per lane group like the lanes: s0[4], s1[4], s2[4], s3[4]. */
export const SPARE_OFFSET: usize = (QUEUE_OFFSET + QUEUE_ADDRESSES + ((QUEUE_ENTRIES + 4) << 2) + 15) & ~15;
/** The Ziggurat loops' constants, 8 x v128 (ziggurat.ts). */
export const CONSTANTS_OFFSET: usize = SPARE_OFFSET + 128;
/** Per row of a lane group: which lanes need completing, a byte (plus 16 bytes of padding). */
export const SLOW_OFFSET: usize = CONSTANTS_OFFSET + 128;
/** Per row of a lane group: the lanes' outputs, 4 x u32. */
export const DRAWS_OFFSET: usize = SLOW_OFFSET + (((<usize>NORMAL_BLOCK_SIZE >> 3) + 16 + 15) & ~15);
/**
 * Per lane of a lane group (truncated normal): the next replacement values, REPLACEMENT_ENTRIES
 * (value, output) pairs of u32 each, then the four lanes' cursors (u32 addresses) at REPLACEMENT_CURSORS.
 */
export const REPLACEMENT_ENTRIES: usize = (<usize>NORMAL_BLOCK_SIZE >> 3) + 1;
export const REPLACEMENTS_OFFSET: usize = DRAWS_OFFSET + (<usize>NORMAL_BLOCK_SIZE << 1);
export const REPLACEMENT_CURSORS: usize = REPLACEMENTS_OFFSET + ((REPLACEMENT_ENTRIES << 3) << 2);
/** The positions of the elements to complete in a lane group's rows (ziggurat.ts): up to 4 per row, plus 4 written past the last, u32 each. */
export const POSITIONS_OFFSET: usize = REPLACEMENT_CURSORS + 16;
export const WORK_BYTES: usize = POSITIONS_OFFSET + (((<usize>NORMAL_BLOCK_SIZE >> 1) + 4) << 2);

/** Seeds the eight lanes of block `block` into the workspace: lane k is generator 8·block + k. */
export function seedLanes(work: usize, seed: u64, block: u64): void {
  for (let k: u32 = 0; k < LANES; k++) seedGenerator(work + STATE_OFFSET + (<usize>k << 2), 32, seed, block * LANES + k);
}

/** Advances lane group `group` by `count` outputs. */
export function skipRows(work: usize, group: u32, count: u32): void {
  const state = work + STATE_OFFSET + (<usize>group << 4);
  let s0 = v128.load(state, 0);
  let s1 = v128.load(state, 32);
  let s2 = v128.load(state, 64);
  let s3 = v128.load(state, 96);
  for (let r: u32 = 0; r < count; r++) {
    const t = i32x4.shl(s1, 9);
    s2 = v128.xor(s2, s0); s3 = v128.xor(s3, s1); s1 = v128.xor(s1, s2); s0 = v128.xor(s0, s3); s2 = v128.xor(s2, t);
    s3 = v128.or(i32x4.shl(s3, 11), i32x4.shr_u(s3, 21));
  }
  v128.store(state, s0); v128.store(state, s1, 32); v128.store(state, s2, 64); v128.store(state, s3, 96);
}

/** Copies the part of a row (first element `rowFirst`, `rowLength` values at ROW_OFFSET) that lies in [from, to) to dst[i − from]. */
export function copyRowPart(work: usize, dst: usize, rowFirst: u32, rowLength: u32, from: u32, to: u32): void {
  const lo = max(from, rowFirst);
  const hi = min(to, rowFirst + rowLength);
  for (let i = lo; i < hi; i++) {
    store<f32>(dst + (<usize>(i - from) << 2), load<f32>(work + ROW_OFFSET + (<usize>(i - rowFirst) << 2)));
  }
}
