// xoshiro128** 1.1 and SplitMix64, scalar.
// Reference: D. Blackman, S. Vigna, "Scrambled linear pseudorandom number generators",
// ACM TOMS 47(4), 2021; code at https://prng.di.unimi.it/xoshiro128starstar.c and
// https://prng.di.unimi.it/splitmix64.c (public domain).
//
// A generator state is four u32 words s[0..3] at `state` in linear memory.

/** Golden-ratio increment of SplitMix64. */
export const GOLDEN_GAMMA: u64 = 0x9e3779b97f4a7c15;

/** SplitMix64's output function (Stafford's Mix13 variant). */
@inline
export function mix64(z: u64): u64 {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/** The n-th output (n >= 1) of SplitMix64 started at `seed`: random access into its stream. */
export function splitMix64(seed: u64, n: u64): u64 {
  return mix64(seed + n * GOLDEN_GAMMA);
}

/**
 * Seeds generator j of `seed` at `state`, its four words `stride` bytes apart: from SplitMix64
 * outputs 2j + 1 and 2j + 2 (z1, z2), the words are [lo32(z1), hi32(z1), lo32(z2), hi32(z2)].
 */
@inline
export function seedGenerator(state: usize, stride: usize, seed: u64, j: u64): void {
  const z1 = mix64(seed + (2 * j + 1) * GOLDEN_GAMMA);
  const z2 = mix64(seed + (2 * j + 2) * GOLDEN_GAMMA);
  store<u32>(state, <u32>z1);
  store<u32>(state + stride, <u32>(z1 >> 32));
  store<u32>(state + 2 * stride, <u32>z2);
  store<u32>(state + 3 * stride, <u32>(z2 >> 32));
}

/** Seeds a raw generator: generator 0 of `seed` (SplitMix64 outputs 1 and 2). */
export function xoshiroSeed(state: usize, seed: u64): void {
  seedGenerator(state, 4, seed, 0);
}

/** One step of xoshiro128**: returns the next output and advances the state. */
export function xoshiroNext(state: usize): u32 {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
  return result;
}

/** Writes `count` consecutive outputs as u32 words to `out`. */
export function xoshiroFill(state: usize, out: usize, count: usize): void {
  let s0 = load<u32>(state);
  let s1 = load<u32>(state, 4);
  let s2 = load<u32>(state, 8);
  let s3 = load<u32>(state, 12);
  for (let i: usize = 0; i < count; i++) {
    store<u32>(out + (i << 2), rotl<u32>(s1 * 5, 7) * 9);
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl<u32>(s3, 11);
  }
  store<u32>(state, s0);
  store<u32>(state, s1, 4);
  store<u32>(state, s2, 8);
  store<u32>(state, s3, 12);
}

// Jump polynomials from the reference code.
const JUMP_0: u32 = 0x8764000b;
const JUMP_1: u32 = 0xf542d2d3;
const JUMP_2: u32 = 0x6fa035c3;
const JUMP_3: u32 = 0x77f2db5b;
const LONG_JUMP_0: u32 = 0xb523952e;
const LONG_JUMP_1: u32 = 0x0b6f099f;
const LONG_JUMP_2: u32 = 0xccf5a0ef;
const LONG_JUMP_3: u32 = 0x1c580662;

function jumpBy(state: usize, j0: u32, j1: u32, j2: u32, j3: u32): void {
  let a0: u32 = 0;
  let a1: u32 = 0;
  let a2: u32 = 0;
  let a3: u32 = 0;
  for (let word = 0; word < 4; word++) {
    const bits = word == 0 ? j0 : word == 1 ? j1 : word == 2 ? j2 : j3;
    for (let b = 0; b < 32; b++) {
      if (bits & (1 << b)) {
        a0 ^= load<u32>(state);
        a1 ^= load<u32>(state, 4);
        a2 ^= load<u32>(state, 8);
        a3 ^= load<u32>(state, 12);
      }
      xoshiroNext(state);
    }
  }
  store<u32>(state, a0);
  store<u32>(state, a1, 4);
  store<u32>(state, a2, 8);
  store<u32>(state, a3, 12);
}

/** Advances the state by 2^64 steps. */
export function xoshiroJump(state: usize): void {
  jumpBy(state, JUMP_0, JUMP_1, JUMP_2, JUMP_3);
}

/** Advances the state by 2^96 steps. */
export function xoshiroLongJump(state: usize): void {
  jumpBy(state, LONG_JUMP_0, LONG_JUMP_1, LONG_JUMP_2, LONG_JUMP_3);
}
