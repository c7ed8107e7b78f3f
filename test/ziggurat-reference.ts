// An independent scalar implementation of stream format v2's normal and truncated normal
// (docs/stream-format.md §2-§3): SplitMix64 on BigInt, xoshiro128** on u32 words, the 256-layer
// Ziggurat with its tables computed here in float64, and the float32 logarithm written out with
// Math.fround. The tests compare the kernels with it bit for bit.
import { erfc } from './helpers/stats.js';

const MASK64 = (1n << 64n) - 1n;
const fround = Math.fround;

/** Elements per block of the normal laws, and lanes per block. */
export const NORMAL_BLOCK = 2048;
const LANES = 8;
/** Generator numbers of the elements' own generators and of the lanes' spare generators. */
const ELEMENT_GENERATORS = 2n ** 61n;
const SPARE_GENERATORS = 2n ** 60n;

/** SplitMix64 output n (n ≥ 1) of `seed` (Vigna's splitmix64.c). */
export function splitMix64(seed: bigint, n: bigint): bigint {
  let z = (seed + n * 0x9e3779b97f4a7c15n) & MASK64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** xoshiro128** (Blackman & Vigna, xoshiro128starstar.c): generator j of a seed, from SplitMix64 outputs 2j + 1 and 2j + 2. */
export class Generator {
  private readonly s: Uint32Array;

  constructor(seed: bigint, j: bigint) {
    const z1 = splitMix64(seed, 2n * j + 1n);
    const z2 = splitMix64(seed, 2n * j + 2n);
    this.s = Uint32Array.from([z1 & 0xffffffffn, z1 >> 32n, z2 & 0xffffffffn, z2 >> 32n], Number);
  }

  next(): number {
    const s = this.s;
    const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }
}

// The Ziggurat's layers (Marsaglia & Tsang 2000): 256 layers of area v under f(x) = exp(−x²/2),
// the base layer's corner r as they give it for 256 layers, v = r·f(r) + ∫_r^∞ f.
const R64 = 3.6541528853610088;
const density = (x: number): number => Math.exp(-0.5 * x * x);

function layerTables(): { x: number[]; f: number[] } {
  const v = R64 * density(R64) + Math.sqrt(Math.PI / 2) * erfc(R64 / Math.SQRT2);
  const x = [v / density(R64), R64];
  for (let i = 1; i < 255; i++) x.push(Math.sqrt(-2 * Math.log(density(x[i]!) + v / x[i]!)));
  x.push(0);
  const x32 = x.map(fround);
  return { x: x32, f: x32.map((xi) => fround(density(xi))) };
}

/** X[0..256] and F[0..256] as float32. */
export const TABLES = layerTables();

const LOG_P = [
  7.0376836292e-2, -1.151461031e-1, 1.167699874e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(fround);
const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** Cephes logf in float32, one rounding per operation in the kernel's order. */
export function ln32(u: number): number {
  scratch[0] = u;
  const bits = scratchBits[0]!;
  let e = (bits >>> 23) - 127;
  scratchBits[0] = (bits & 0x7fffff) | 0x3f800000;
  let m = scratch[0]!;
  if (m > fround(1.41421356237)) {
    m = fround(m * 0.5);
    e += 1;
  }
  const t = fround(m - 1);
  const t2 = fround(t * t);
  let p = fround(fround(LOG_P[0]! * t) + LOG_P[1]!);
  for (let k = 2; k < LOG_P.length; k++) p = fround(fround(p * t) + LOG_P[k]!);
  let y = fround(fround(p * t) * t2);
  y = fround(y + fround(fround(-2.1219444e-4) * e));
  y = fround(y - fround(0.5 * t2));
  return fround(fround(t + y) + fround(0.693359375 * e));
}

/** U(o) = (top24(o) + 1)·2^-24 in (0, 1]. */
const uniform = (o: number): number => ((o >>> 8) + 1) * 2 ** -24;

/** The fast path: z = u·X[L] from output x, or undefined where the draw is pending. */
export function fastDraw(x: number): number | undefined {
  const { x: X } = TABLES;
  const layer = x & 255;
  const z = fround(fround(((x >> 7) | 1) * 2 ** -24) * X[layer]!);
  return Math.abs(z) < X[layer + 1]! ? z : undefined;
}

/** A law of the Ziggurat kernels: values round(mean + std·z), kept (truncated law) when lower < value < upper. */
export interface ZigguratLaw {
  readonly mean: number;
  readonly std: number;
  /** Bounds in the output type; absent for the normal law. */
  readonly lower?: number;
  readonly upper?: number;
  /** Rounding of a float32 value to the output type (identity for float32). */
  readonly round?: (x: number) => number;
}

/** How often the slow paths ran (to show that a comparison exercised them). */
export interface Paths {
  /** Tail and wedge steps, and those that rejected their point. */
  tails: number;
  tailRejections: number;
  wedges: number;
  wedgeRejections: number;
  /** The truncated law's spare draws. */
  spares: number;
}

export const noPaths = (): Paths => ({ tails: 0, tailRejections: 0, wedges: 0, wedgeRejections: 0, spares: 0 });

/**
 * Completes element `index`, whose lane output `x` missed the fast path, with its own generator:
 * steps take output a, and b if the draw is pending (tail: A = −ln U(a)/r, B = −ln U(b), kept
 * if 2B ≥ A²; wedge: y = F[L] + U(a)·(F[L+1] − F[L]), kept if z² < −2 ln y, else replaced by a
 * draw from b); a replaced draw takes output a. The first value the law keeps is the element's.
 */
function complete(
  seed: bigint,
  index: number,
  x: number,
  value: (z: number) => number | undefined,
  paths: Paths,
): number {
  const { x: X, f: F } = TABLES;
  const r = X[1]!;
  const generator = new Generator(seed, ELEMENT_GENERATORS + BigInt(index));
  let pending = true;
  for (;;) {
    const a = generator.next();
    let z: number | undefined;
    let replaceWith: number | undefined = pending ? undefined : a;
    if (pending) {
      const b = generator.next();
      const layer = x & 255;
      const zd = fround(fround(((x >> 7) | 1) * 2 ** -24) * X[layer]!);
      if (layer === 0) {
        paths.tails++;
        const tailA = fround(-ln32(fround(uniform(a))) / r);
        const tailB = -ln32(fround(uniform(b)));
        if (fround(tailB + tailB) >= fround(tailA * tailA)) z = zd < 0 ? -fround(r + tailA) : fround(r + tailA);
        else paths.tailRejections++;
      } else {
        paths.wedges++;
        const y = fround(F[layer]! + fround(fround(uniform(a)) * fround(F[layer + 1]! - F[layer]!)));
        if (fround(zd * zd) < fround(-2 * ln32(y))) z = zd;
        else {
          paths.wedgeRejections++;
          replaceWith = b;
        }
      }
    }
    if (replaceWith !== undefined) {
      x = replaceWith;
      z = fastDraw(x);
      pending = z === undefined;
    }
    if (z !== undefined) {
      const v = value(z);
      if (v !== undefined) return v;
      pending = false;
    }
  }
}

/**
 * The law's values for flat indices [start, end): element 8p + k of block b (NORMAL_BLOCK
 * elements) from lane k's p-th output; the truncated law replaces a fast-path value outside the
 * bounds from the lane's spare generator, whose draws the block's replacements take in order.
 */
export function zigguratValues(
  seed: bigint,
  law: ZigguratLaw,
  start: number,
  end: number,
  paths: Paths = noPaths(),
): Float64Array {
  const out = new Float64Array(end - start);
  const round = law.round ?? fround;
  const truncated = law.lower !== undefined && law.upper !== undefined;
  const value = (z: number): number | undefined => {
    const v = round(fround(fround(law.mean) + fround(fround(law.std) * z)));
    return !truncated || (law.lower! < v && v < law.upper!) ? v : undefined;
  };
  for (let block = Math.floor(start / NORMAL_BLOCK); block * NORMAL_BLOCK < end; block++) {
    const first = block * NORMAL_BLOCK;
    for (let k = 0; k < LANES; k++) {
      const lane = new Generator(seed, BigInt(block * LANES + k));
      const spare = new Generator(seed, SPARE_GENERATORS + BigInt(block * LANES + k));
      for (let p = 0; p < NORMAL_BLOCK / LANES; p++) {
        const index = first + LANES * p + k;
        // The truncated law's draws depend on earlier values (spare draws); the normal's do not.
        if (index >= end || (!truncated && index < start)) {
          lane.next();
          continue;
        }
        let x = lane.next();
        let z = fastDraw(x);
        let v = z === undefined ? undefined : value(z);
        while (z !== undefined && v === undefined) {
          paths.spares++;
          x = spare.next();
          z = fastDraw(x);
          v = z === undefined ? undefined : value(z);
        }
        if (index < start) continue;
        out[index - start] = z === undefined ? complete(seed, index, x, value, paths) : v!;
      }
    }
  }
  return out;
}

/** The largest |z| a draw can reach: the tail's r + (−ln U)/r at U = 2^-24, in the kernel's float32. */
export const zigguratReach = (): number => fround(TABLES.x[1]! + fround(-ln32(2 ** -24) / TABLES.x[1]!));

/** Round-to-nearest-even of any number to a binary format with `bits` significand bits and smallest normal exponent `minExponent`. */
function roundToFormat(x: number, bits: number, minExponent: number): number {
  const magnitude = Math.abs(x);
  if (magnitude === 0 || !Number.isFinite(magnitude)) return x;
  let exponent = Math.floor(Math.log2(magnitude));
  // log2 may round across a power of two: settle the binade [2^e, 2^(e+1)) exactly.
  if (2 ** exponent > magnitude) exponent--;
  else if (2 ** (exponent + 1) <= magnitude) exponent++;
  const step = 2 ** (Math.max(exponent, minExponent) - bits + 1);
  const units = magnitude / step;
  const floor = Math.floor(units);
  const rest = units - floor;
  return Math.sign(x) * (rest > 0.5 || (rest === 0.5 && floor % 2 === 1) ? floor + 1 : floor) * step;
}

/** Round-to-nearest-even to float16 (independent of the package). */
export const roundFloat16 = (x: number): number => roundToFormat(x, 11, -14);
/** Round-to-nearest-even to bfloat16 (independent of the package). */
export const roundBfloat16 = (x: number): number => roundToFormat(x, 8, -126);
