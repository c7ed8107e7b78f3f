// An independent reference of SplitMix64 (Vigna, https://prng.di.unimi.it/splitmix64.c) on
// BigInts, to check the stream's seeding against.

const MASK64 = (1n << 64n) - 1n;

/** Output n (from 1) of SplitMix64 started at `seed`. */
export function splitMix64(seed: bigint, n: bigint): bigint {
  let z = (seed + n * 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}
