// Stream format v2's normal and truncated normal against the independent reference
// (test/ziggurat-reference.ts), bit for bit: element 8p + k of a 2048-element block is lane k's
// p-th value (the fast path, completions by the element's own generator, the truncated law's
// spare draws), for whole blocks and for ranges that start and end inside blocks, in float32,
// float16 and bfloat16, through Keras's and PyTorch's truncations. Statistics: ziggurat.node.test.ts.
import { describe, expect, it } from 'vitest';
import {
  glorotNormal,
  type Initializer,
  NORMAL_TAIL_SIGMAS,
  randomNormal,
  truncatedNormal,
  Xoshiro128,
} from '../src/index.js';
import * as torch from '../src/torch.js';
import { wasm } from '../src/bridge/runtime.js';
import {
  fastDraw,
  NORMAL_BLOCK,
  noPaths,
  roundBfloat16,
  roundFloat16,
  TABLES,
  zigguratReach,
  zigguratValues,
  type ZigguratLaw,
} from './ziggurat-reference.js';

const fround = Math.fround;

/** The first index where the values differ (as float32, −0 ≠ 0), or −1. */
function firstDifference(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Math.min(got.length, want.length);
  for (let i = 0; i < got.length; i++) if (!Object.is(fround(got[i]!), fround(want[i]!))) return i;
  return -1;
}

// Decoders of 16-bit outputs (sample returns their bit patterns).
const f16Value = (bits: number): number => {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
};
const bf16Value = (bits: number): number => new Float32Array(new Uint32Array([bits << 16]).buffer)[0]!;
const decode = (dtype: 'float16' | 'bfloat16', values: ArrayBufferView): number[] =>
  Array.from(new Uint16Array(values.buffer, values.byteOffset, values.byteLength / 2), (bits) =>
    dtype === 'float16' ? f16Value(bits) : bf16Value(bits),
  );

/** The float32 parameters and bounds of a Ziggurat law, from the initializer's reported law (bounds re-rounded for 16-bit outputs). */
function lawOf(init: Initializer, shape: number[], dtype: 'float32' | 'float16' | 'bfloat16' = 'float32'): ZigguratLaw {
  const law = init.distribution(shape);
  const round = dtype === 'float16' ? roundFloat16 : dtype === 'bfloat16' ? roundBfloat16 : fround;
  if (law.kind === 'normal') return { mean: law.mean, std: law.stddev, round };
  if (law.kind !== 'truncatedNormal') throw new Error(`not a Ziggurat law: ${law.kind}`);
  return { mean: law.mean, std: law.stddev, lower: round(law.cut[0]), upper: round(law.cut[1]), round };
}

describe('the normal law, element by element', () => {
  it('N(1, 3²), 128 blocks: bit for bit, with every path taken (fast, wedge, tail, their rejections)', () => {
    const size = 128 * NORMAL_BLOCK;
    const init = randomNormal({ mean: 1, stddev: 3, seed: 7 });
    const paths = noPaths();
    const want = zigguratValues(7n, lawOf(init, [size]), 0, size, paths);
    expect(firstDifference(init.sample([size]), want)).toBe(-1);
    expect(paths.tails).toBeGreaterThan(20);
    expect(paths.tailRejections).toBeGreaterThan(0);
    expect(paths.wedges).toBeGreaterThan(1000);
    expect(paths.wedgeRejections).toBeGreaterThan(100);
    let farthest = 0;
    for (const v of want) farthest = Math.max(farthest, Math.abs(v - 1) / 3);
    expect(farthest).toBeGreaterThan(TABLES.x[1]!); // values from the tail, beyond r
  });

  it('element 0 is the fast-path draw of the raw generator’s first output', () => {
    const x = Xoshiro128.fromSeed(123).nextU32();
    const z = fastDraw(x);
    expect(z).toBeDefined();
    expect(randomNormal({ mean: 0, stddev: 1, seed: 123 }).sample([1])[0]).toBe(z);
  });

  it.each([
    [1000, 1001],
    [1000, 5000],
    [NORMAL_BLOCK - 1, NORMAL_BLOCK + 1],
    [3 * NORMAL_BLOCK + 5, 5 * NORMAL_BLOCK - 3],
    [2 ** 40 + 12_345, 2 ** 40 + 15_000],
  ])('range [%i, %i) of a [2^41] tensor equals the reference’s', (start, end) => {
    const init = randomNormal({ mean: -2, stddev: 0.25, seed: 2n ** 64n - 5n });
    const got = init.sample([2 ** 41], { start, end });
    expect(firstDifference(got, zigguratValues(2n ** 64n - 5n, lawOf(init, [1]), start, end))).toBe(-1);
  });

  it.each(['float16', 'bfloat16'] as const)('%s: each value is the float32 value rounded to the type', (dtype) => {
    const size = 3 * NORMAL_BLOCK + 77;
    const init = randomNormal({ mean: 0.5, stddev: 2, seed: 31 });
    const got = decode(dtype, init.sample([size], { dtype }));
    expect(firstDifference(got, zigguratValues(31n, lawOf(init, [size], dtype), 0, size))).toBe(-1);
  });
});

describe('the truncated normal, element by element', () => {
  it('Keras ±2σ, N(−3, 0.5²), 8 blocks: bit for bit, with spare draws taken', () => {
    const size = 8 * NORMAL_BLOCK;
    const init = truncatedNormal({ mean: -3, stddev: 0.5, seed: 9 });
    const law = lawOf(init, [size]);
    expect([law.lower, law.upper]).toEqual([-4, -2]);
    const paths = noPaths();
    const want = zigguratValues(9n, law, 0, size, paths);
    expect(firstDifference(init.sample([size]), want)).toBe(-1);
    expect(paths.spares).toBeGreaterThan(0.04 * size);
    expect(paths.wedges).toBeGreaterThan(0);
  });

  it.each([
    [1, 2],
    [777, 3001],
    [NORMAL_BLOCK - 3, 2 * NORMAL_BLOCK + 3],
    [2 ** 40 + 4095, 2 ** 40 + 9000],
  ])(
    'range [%i, %i): the lanes draw the elements before it too, and the values equal the reference’s',
    (start, end) => {
      const init = truncatedNormal({ mean: 0, stddev: 1, seed: 44 });
      const got = init.sample([2 ** 41], { start, end });
      expect(firstDifference(got, zigguratValues(44n, lawOf(init, [1]), start, end))).toBe(-1);
    },
  );

  it('float16 glorotNormal: bounds and comparisons in float16', () => {
    const shape = [64, 96];
    const init = glorotNormal({ seed: 5 });
    const got = decode('float16', init.sample(shape, { dtype: 'float16' }));
    expect(firstDifference(got, zigguratValues(5n, lawOf(init, shape, 'float16'), 0, 64 * 96))).toBe(-1);
  });

  it('bfloat16, N(1, 0.01²): few bfloat16 values lie inside, and each lane redraws until it keeps one', () => {
    const size = 2 * NORMAL_BLOCK + 9;
    const init = truncatedNormal({ mean: 1, stddev: 0.01, seed: 2 });
    const law = lawOf(init, [size], 'bfloat16');
    const got = decode('bfloat16', init.sample([size], { dtype: 'bfloat16' }));
    expect(firstDifference(got, zigguratValues(2n, law, 0, size))).toBe(-1);
    expect(new Set(got).size).toBeLessThan(8);
  });

  it('PyTorch trunc_normal_(mean 0.5, std 1, a −0.3, b 2.5): the normal kernel between float32 bounds', () => {
    const size = 4 * NORMAL_BLOCK;
    const init = torch.truncNormal({ mean: 0.5, std: 1, a: -0.3, b: 2.5, seed: 6 });
    const reported = init.distribution([size]);
    expect(reported.kind).toBe('truncatedNormal');
    const law = { mean: fround(0.5), std: 1, lower: fround(-0.3), upper: fround(2.5) };
    const paths = noPaths();
    expect(firstDifference(init.sample([size]), zigguratValues(6n, law, 0, size, paths))).toBe(-1);
    expect(paths.spares).toBeGreaterThan(0.2 * size);
  });
});

describe('the kernels write exactly the range', () => {
  // Guard values around the output: a kernel that rounds or stores whole vectors past the end of a
  // range would overwrite them (the caller's next allocation, in sampleInWasm). The guard is no
  // float16 or bfloat16 value, so rounding it in place changes it too.
  const GUARD = Math.fround(-7.0001);
  it.each([
    ['normal', 0],
    ['normal', 1],
    ['normal', 2],
    ['truncated', 0],
    ['truncated', 1],
    ['truncated', 2],
  ] as const)('%s, precision %i: ranges of 1 to 9 values starting anywhere in a block', (law, precision) => {
    const runtime = wasm();
    const k = runtime.kernels;
    const ptr = k.allocate(4 * 64);
    try {
      for (const [start, count] of [
        [0, 1],
        [3, 5],
        [NORMAL_BLOCK - 2, 7],
        [1001, 9],
      ] as const) {
        const guard = runtime.f32(ptr, 64);
        guard.fill(GUARD);
        const at = ptr + 4 * 8;
        if (law === 'normal') k.fillNormal(runtime.work, at, count, BigInt(start), 3n, 0.5, 2, precision);
        else k.fillTruncatedNormal(runtime.work, at, count, BigInt(start), 3n, 0.5, 2, -3.5, 4.5, precision);
        const after = runtime.f32(ptr, 64);
        expect(Array.from(after.subarray(0, 8))).toEqual(Array(8).fill(GUARD));
        expect(Array.from(after.subarray(8 + count))).toEqual(Array(64 - 8 - count).fill(GUARD));
        expect(after.subarray(8, 8 + count).every((v) => v !== GUARD && Number.isFinite(v))).toBe(true);
      }
    } finally {
      k.release(ptr);
    }
  });
});

describe('reach', () => {
  it('NORMAL_TAIL_SIGMAS is the largest |z|, r + (−ln 2^-24)/r in float32 ≈ 8.2067', () => {
    expect(NORMAL_TAIL_SIGMAS).toBe(zigguratReach());
    expect(NORMAL_TAIL_SIGMAS).toBeCloseTo(3.6541528853610088 + (24 * Math.LN2) / 3.6541528853610088, 5);
  });
});
