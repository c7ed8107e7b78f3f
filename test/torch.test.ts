// nninit/torch against torch/nn/init.py (docs/conventions.md §2.1, §3.1-3.3, §3.6, §5): exact laws and
// gains, statistics at fixed seeds (targets computed here from the formulas), the seeded sparse
// permutation re-implemented from docs/stream-format.md, and every bad input.
import { describe, expect, it } from 'vitest';
import { randomNormal, SeedGenerator, Xoshiro128 } from '../src/index.js';
import * as torch from '../src/torch.js';
import { sameBits } from './helpers/bits.js';
import { bad, type ErrorClass, expectError } from './helpers/errors.js';
import { splitMix64 } from './helpers/splitmix64.js';
import { chiSquare, expectLaw, normalTarget, truncatedLaw, uniformTarget } from './helpers/stats.js';

const fround = Math.fround;

describe("calculateGain: torch's table (docs/conventions.md §3.3)", () => {
  it.each([
    ['linear', 1],
    ['conv1d', 1],
    ['conv2d', 1],
    ['conv3d', 1],
    ['conv_transpose1d', 1],
    ['conv_transpose2d', 1],
    ['conv_transpose3d', 1],
    ['sigmoid', 1],
    ['tanh', 5.0 / 3],
    ['relu', Math.sqrt(2.0)],
    ['leaky_relu', Math.sqrt(2.0 / (1 + 0.01 ** 2))],
    ['selu', 3.0 / 4],
  ] as const)('%s → %d', (nonlinearity, gain) => {
    expect(torch.calculateGain(nonlinearity)).toBe(gain);
  });

  it('leaky_relu takes param as the negative slope; null means 0.01; the others ignore param', () => {
    expect(torch.calculateGain('leaky_relu', 0.2)).toBe(Math.sqrt(2.0 / (1 + 0.2 ** 2)));
    expect(torch.calculateGain('leaky_relu', 0)).toBe(Math.sqrt(2));
    expect(torch.calculateGain('leaky_relu', null)).toBe(Math.sqrt(2.0 / 1.0001));
    expect(torch.calculateGain('relu', 0.5)).toBe(Math.sqrt(2));
    expect(torch.calculateGain('tanh', bad('x'))).toBe(5 / 3);
  });

  it('errors: unsupported nonlinearity (RangeError), a non-string (TypeError), a bad slope', () => {
    expectError(
      () => torch.calculateGain(bad('swish')),
      RangeError,
      /^calculateGain: Unsupported nonlinearity "swish"/,
      /linear, conv1d/,
    );
    expectError(() => torch.calculateGain(bad('ReLU')), RangeError, /Unsupported nonlinearity "ReLU"/);
    expectError(() => torch.calculateGain(bad(3)), TypeError, /`nonlinearity` must be one of/, /got 3$/);
    expectError(
      () => torch.calculateGain('leaky_relu', bad(true)),
      TypeError,
      /negative_slope true not a valid number/,
      /`param`/,
    );
    expectError(
      () => torch.calculateGain('leaky_relu', bad('0.1')),
      TypeError,
      /negative_slope "0\.1" not a valid number/,
    );
    expectError(() => torch.calculateGain('leaky_relu', NaN), RangeError, /negative_slope NaN not a valid number/);
  });
});

describe('computeFans: [out, in, *kernel] (docs/conventions.md §2.2, PyTorch column)', () => {
  it.each([
    [[3, 4], 4, 3],
    [[32, 16, 3, 3], 144, 288],
    [[3, 3, 16, 32], 1536, 1536],
    [[2, 3, 3, 16, 32], 4608, 3072],
    [[2, 2, 2, 2, 2, 2], 32, 32],
    [[0, 5], 5, 0],
  ])('%j → (%i, %i)', (shape, fanIn, fanOut) => {
    expect(torch.computeFans(shape)).toEqual({ fanIn, fanOut });
  });

  it('groups: a depthwise weight (C·K, 1, kh, kw) has fan_out K·kh·kw, not C·K·kh·kw (pytorch#23854)', () => {
    expect(torch.computeFans([64, 1, 3, 3])).toEqual({ fanIn: 9, fanOut: 576 });
    expect(torch.computeFans([64, 1, 3, 3], { groups: 32 })).toEqual({ fanIn: 9, fanOut: 18 });
    expect(torch.computeFans([64, 16, 3, 3], { groups: 4 })).toEqual({ fanIn: 144, fanOut: 144 });
  });

  it('rank < 2 and groups that do not divide dim 0 are errors', () => {
    expectError(
      () => torch.computeFans([5]),
      RangeError,
      /Fan in and fan out can not be computed for tensor with fewer than 2 dimensions/,
      /\[5\] of rank 1/,
    );
    expectError(() => torch.computeFans([]), RangeError, /fewer than 2 dimensions/);
    expectError(
      () => torch.computeFans([6, 1, 3], { groups: 4 }),
      RangeError,
      /`groups` must divide the output channels/,
      /groups = 4/,
    );
    expectError(
      () => torch.computeFans([6, 1, 3], { groups: 0 }),
      RangeError,
      /`groups` must be a positive integer; got 0$/,
    );
    expectError(() => torch.computeFans([6, 1, 3], { groups: 1.5 }), RangeError, /got 1\.5$/);
    expectError(
      () => torch.computeFans([6, 1, 3], bad({ groups: '2' })),
      TypeError,
      /`groups` must be a positive integer; got "2"$/,
    );
    expectError(() => torch.computeFans([6, 1, 3], bad({ group: 2 })), TypeError, /unknown option `group`/);
  });
});

describe('exact laws', () => {
  const maxval = (law: ReturnType<torch.Initializer['distribution']>): number =>
    law.kind === 'uniform' ? law.maxval : NaN;
  const sigma = (law: ReturnType<torch.Initializer['distribution']>): number =>
    law.kind === 'normal' ? law.stddev : NaN;

  it('uniform and normal defaults: U[0, 1) and N(0, 1); a = b gives a constant', () => {
    expect(torch.uniform().distribution([3])).toMatchObject({ kind: 'uniform', minval: 0, maxval: 1 });
    expect(torch.normal().distribution([3])).toMatchObject({ kind: 'normal', mean: 0, stddev: 1 });
    expect(torch.uniform({ a: 2, b: 2 }).sample([3])).toEqual(new Float32Array([2, 2, 2]));
  });

  it('xavier: L = gain·√3·√(2/(fan_in + fan_out)), σ = gain·√(2/(fan_in + fan_out)), torch fans', () => {
    // [20, 30]: fan_in 30, fan_out 20.
    expect(maxval(torch.xavierUniform({ gain: 2 }).distribution([20, 30]))).toBe(
      fround(Math.sqrt(3.0) * 2 * Math.sqrt(2 / 50)),
    );
    expect(sigma(torch.xavierNormal().distribution([64, 16, 3, 3]))).toBe(fround(Math.sqrt(2 / (144 + 576))));
    expect(sigma(torch.xavierNormal({ groups: 4 }).distribution([64, 16, 3, 3]))).toBe(
      fround(Math.sqrt(2 / (144 + 144))),
    );
  });

  it('kaiming: defaults a = 0, fan_in, leaky_relu (gain √2); mode fan_out; other nonlinearities; case-insensitive mode', () => {
    expect(maxval(torch.kaimingUniform().distribution([10, 40]))).toBe(
      fround(Math.sqrt(3.0) * (Math.sqrt(2) / Math.sqrt(40))),
    );
    expect(maxval(torch.kaimingUniform({ mode: 'fan_out' }).distribution([10, 40]))).toBe(
      fround(Math.sqrt(3.0) * (Math.sqrt(2) / Math.sqrt(10))),
    );
    expect(sigma(torch.kaimingNormal({ nonlinearity: 'tanh' }).distribution([10, 40, 3]))).toBe(
      fround(5 / 3 / Math.sqrt(120)),
    );
    expect(sigma(torch.kaimingNormal({ a: 0.2 }).distribution([10, 40]))).toBe(
      fround(Math.sqrt(2 / 1.04) / Math.sqrt(40)),
    );
    expect(sigma(torch.kaimingNormal({ mode: bad('FAN_OUT') }).distribution([10, 40]))).toBe(
      fround(Math.sqrt(2) / Math.sqrt(10)),
    );
    expect(torch.kaimingNormal().distribution([0, 4])).toMatchObject({ kind: 'constant', value: 0 });
    // PyTorch returns before computing fans for zero-element tensors, whatever their rank.
    expect(torch.kaimingUniform().sample([0]).length).toBe(0);
  });

  it('defaultWeight is kaiming_uniform_(a=√5) = U(±1/√fan_in); defaultBias is U(±1/√fan_in), zeros at fan_in 0', () => {
    for (const fanIn of [1, 3, 40, 576, 4096]) {
      const bound = maxval(torch.defaultWeight().distribution([7, fanIn]));
      expect(bound).toBe(fround(Math.sqrt(3.0) * (Math.sqrt(2.0 / (1 + Math.sqrt(5) ** 2)) / Math.sqrt(fanIn))));
      expect(Math.abs(bound / (1 / Math.sqrt(fanIn)) - 1)).toBeLessThan(1e-7);
      expect(maxval(torch.defaultBias({ fanIn }).distribution([7]))).toBe(fround(1 / Math.sqrt(fanIn)));
    }
    expect(torch.defaultBias({ fanIn: 0 }).sample([4])).toEqual(new Float32Array(4));
  });

  it('truncNormal picks the method by P(a < X < b): normal proposals above 0.3, uniform proposals below', () => {
    expect(torch.truncNormal().distribution([1]).kind).toBe('truncatedNormal');
    expect(torch.truncNormal({ std: 0.02 }).distribution([1]).kind).toBe('truncatedNormal');
    expect(torch.truncNormal({ a: 3, b: 4 }).distribution([1]).kind).toBe('truncatedNormalTail');
    expect(torch.truncNormal({ a: -0.3, b: 0.3 }).distribution([1]).kind).toBe('truncatedNormalTail'); // P = 0.236
    expect(torch.truncNormal({ a: -0.5, b: 0.5 }).distribution([1]).kind).toBe('truncatedNormal'); // P = 0.383
    expect(torch.truncNormal({ std: 0, mean: 1, a: 0, b: 2 }).sample([2])).toEqual(new Float32Array([1, 1]));
  });
});

interface StatCase {
  label: string;
  make: () => torch.Initializer;
  shape: number[];
  target: { mean: number; std: number; kurtosis: number; cdf: (x: number) => number };
  bounds?: [number, number];
}

const tn = (mean: number, std: number, a: number, b: number) => truncatedLaw(mean, std, a, b);

const STAT_CASES: StatCase[] = [
  {
    label: 'uniform U[−1, 3)',
    make: () => torch.uniform({ a: -1, b: 3, seed: 1 }),
    shape: [400, 500],
    target: uniformTarget(-1, 3),
  },
  {
    label: 'normal N(1, 2²)',
    make: () => torch.normal({ mean: 1, std: 2, seed: 2 }),
    shape: [400, 500],
    target: normalTarget(1, 2),
  },
  {
    label: 'xavierUniform gain 1.5 [300, 200]',
    make: () => torch.xavierUniform({ gain: 1.5, seed: 3 }),
    shape: [300, 200],
    target: uniformTarget(-1.5 * Math.sqrt(6 / 500), 1.5 * Math.sqrt(6 / 500)),
  },
  {
    label: 'xavierNormal [128, 64, 3, 3]: untruncated',
    make: () => torch.xavierNormal({ seed: 4 }),
    shape: [128, 64, 3, 3],
    target: normalTarget(0, Math.sqrt(2 / (576 + 1152))),
  },
  {
    label: 'kaimingUniform defaults [256, 784]',
    make: () => torch.kaimingUniform({ seed: 5 }),
    shape: [256, 784],
    target: uniformTarget(-Math.sqrt(6 / 784), Math.sqrt(6 / 784)),
  },
  {
    label: 'kaimingNormal fan_out relu [64, 32, 3, 3]: untruncated',
    make: () => torch.kaimingNormal({ mode: 'fan_out', nonlinearity: 'relu', seed: 6 }),
    shape: [64, 32, 3, 3],
    target: normalTarget(0, Math.sqrt(2 / 576)),
  },
  {
    label: 'kaimingNormal groups 32, depthwise [64, 1, 5, 5], fan_out',
    make: () => torch.kaimingNormal({ mode: 'fan_out', groups: 32, seed: 7 }),
    shape: [64, 1, 5, 5, 20],
    target: normalTarget(0, Math.sqrt(2 / (1 + 0.01 ** 2)) / Math.sqrt(2 * 500)),
  },
  {
    label: 'defaultWeight [300, 120] = U(±1/√120)',
    make: () => torch.defaultWeight({ seed: 8 }),
    shape: [300, 120],
    target: uniformTarget(-1 / Math.sqrt(120), 1 / Math.sqrt(120)),
  },
  {
    label: 'defaultBias fanIn 50 = U(±1/√50)',
    make: () => torch.defaultBias({ fanIn: 50, seed: 17 }),
    shape: [200000],
    target: uniformTarget(-1 / Math.sqrt(50), 1 / Math.sqrt(50)),
  },
  {
    label: 'truncNormal defaults: N(0, 1) on (−2, 2)',
    make: () => torch.truncNormal({ seed: 9 }),
    shape: [200000],
    target: tn(0, 1, -2, 2),
    bounds: [-2, 2],
  },
  {
    label: 'truncNormal std 0.02, default (−2, 2): absolute bounds, so no truncation in effect',
    make: () => torch.truncNormal({ std: 0.02, seed: 10 }),
    shape: [200000],
    target: normalTarget(0, 0.02),
    bounds: [-2, 2],
  },
  {
    label: 'truncNormal asymmetric N(1, 2²) on (0, 10)',
    make: () => torch.truncNormal({ mean: 1, std: 2, a: 0, b: 10, seed: 11 }),
    shape: [200000],
    target: tn(1, 2, 0, 10),
    bounds: [0, 10],
  },
  {
    label: 'truncNormal far tail N(0, 1) on (3, 4): uniform proposals',
    make: () => torch.truncNormal({ a: 3, b: 4, seed: 12 }),
    shape: [200000],
    target: tn(0, 1, 3, 4),
    bounds: [3, 4],
  },
  {
    label: 'truncNormal far tail N(0, 1) on (−9, −8)',
    make: () => torch.truncNormal({ a: -9, b: -8, seed: 13 }),
    shape: [200000],
    target: tn(0, 1, -9, -8),
    bounds: [-9, -8],
  },
  {
    label: 'truncNormal narrow window N(0, 1) on (−0.3, 0.3): uniform proposals',
    make: () => torch.truncNormal({ a: -0.3, b: 0.3, seed: 14 }),
    shape: [200000],
    target: tn(0, 1, -0.3, 0.3),
    bounds: [-0.3, 0.3],
  },
  {
    label: 'truncNormal tiny std 1e-6 on (1e-6, 3e-6)',
    make: () => torch.truncNormal({ std: 1e-6, a: 1e-6, b: 3e-6, seed: 15 }),
    shape: [200000],
    target: tn(0, 1e-6, 1e-6, 3e-6),
    bounds: [1e-6, 3e-6],
  },
  {
    label: 'truncNormal tiny std 1e-3 on (−1e-3, 2e-3): normal proposals',
    make: () => torch.truncNormal({ std: 1e-3, a: -1e-3, b: 2e-3, seed: 16 }),
    shape: [200000],
    target: tn(0, 1e-3, -1e-3, 2e-3),
    bounds: [-1e-3, 2e-3],
  },
];

describe.each(STAT_CASES)('$label', (c) => {
  it('mean and std within 5 standard errors; KS at α = 0.001; χ² on 50 bins; inside the bounds', () => {
    const values = c.make().sample(c.shape);
    expectLaw(values, c.target);
    if (c.bounds) {
      const [a, b] = c.bounds;
      let outside = 0;
      for (const x of values) if (!(x > fround(a) && x < fround(b))) outside++;
      expect(outside).toBe(0);
      // χ² on 50 equal-width bins of the part of (a, b) that holds the mass.
      const lo = Math.max(a, c.target.mean - 6 * c.target.std);
      const hi = Math.min(b, c.target.mean + 6 * c.target.std);
      const edges = Array.from({ length: 49 }, (_, k) => lo + ((hi - lo) * (k + 1)) / 50);
      const sorted = Float64Array.from(values).sort();
      const result = chiSquare(sorted, edges, c.target.cdf);
      if (result.minExpected >= 5) expect(result.statistic).toBeLessThan(result.critical);
    }
  });
});

describe('truncNormal edge cases', () => {
  it('a very far tail, (30, 1e30) with std 1, is sampled in finite time near 30 + 1/30', () => {
    const values = torch.truncNormal({ a: 30, b: 1e30, seed: 1 }).sample([20000]);
    let sum = 0;
    for (const x of values) {
      expect(x).toBeGreaterThan(30);
      sum += x;
    }
    // Exponential-tail approximation: mean ≈ 30 + 1/30, std ≈ 1/30.
    expect(Math.abs(sum / values.length - (30 + 1 / 30.03))).toBeLessThan(
      (5 * (1 / 30)) / Math.sqrt(values.length) + 1e-4,
    );
  });

  it('an interval one float32 wide above a far tail still samples (every value is the one float32 inside)', () => {
    const a = 1;
    const b = 1 + 2 * 2 ** -23; // the one float32 strictly inside: 1 + 2^-23
    const values = torch.truncNormal({ mean: -5, std: 1e-3, a, b, seed: 2 }).sample([1000]);
    for (const x of values) expect(x).toBe(fround(1 + 2 ** -23));
  });

  it('ranges equal slices across block boundaries for both methods', () => {
    for (const init of [
      torch.truncNormal({ a: 3, b: 4, seed: 3 }),
      torch.truncNormal({ mean: 1, a: 0, b: 5, seed: 3 }),
    ]) {
      const whole = init.sample([140000]);
      for (const [s, e] of [
        [0, 10],
        [65530, 65545],
        [65536, 131100],
        [139990, 140000],
      ] as const) {
        expect(sameBits(init.sample([140000], { start: s, end: e }), whole.subarray(s, e))).toBe(true);
      }
    }
  });
});

/** SplitMix64 output n of seed, independently (as test/stream.test.ts). */

describe('sparse', () => {
  it('zeros exactly ceil(sparsity·rows) rows per column (torch arithmetic: 0.3·10 → 4)', () => {
    const w = torch.sparse({ sparsity: 0.3, std: 1, seed: 1 }).sample([10, 200]);
    for (let c = 0; c < 200; c++) {
      let zeros = 0;
      for (let r = 0; r < 10; r++) if (w[r * 200 + c] === 0) zeros++;
      expect(zeros).toBe(Math.ceil(0.3 * 10));
    }
    expect(
      torch
        .sparse({ sparsity: 0, seed: 1 })
        .sample([5, 5])
        .every((x) => x !== 0),
    ).toBe(true);
    expect(
      torch
        .sparse({ sparsity: 1, seed: 1 })
        .sample([5, 5])
        .every((x) => x === 0),
    ).toBe(true);
  });

  it('the zeros follow docs/stream-format.md §7: Lemire draws from xoshiro128** at SplitMix64 output 2^63, partial Fisher–Yates', () => {
    const seed = 77n;
    const [rows, cols, sparsity, std] = [13, 40, 0.25, 0.5];
    const w = torch.sparse({ sparsity, std, seed }).sample([rows, cols]);
    const values = randomNormal({ mean: 0, stddev: std, seed }).sample([rows, cols]);
    const z = splitMix64(seed, 1n << 63n);
    const z1 = splitMix64(z, 1n);
    const z2 = splitMix64(z, 2n);
    const gen = Xoshiro128.fromState([z1 & 0xffffffffn, z1 >> 32n, z2 & 0xffffffffn, z2 >> 32n].map(Number));
    const below = (range: number): number => {
      for (;;) {
        const m = BigInt(gen.nextU32()) * BigInt(range);
        const lo = Number(m & 0xffffffffn);
        if (lo >= range || lo >= (2 ** 32 - range) % range) return Number(m >> 32n);
      }
    };
    const expected = Float32Array.from(values);
    const zeros = Math.ceil(sparsity * rows);
    for (let c = 0; c < cols; c++) {
      const perm = Array.from({ length: rows }, (_, i) => i);
      for (let i = 0; i < zeros; i++) {
        const j = i + below(rows - i);
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        expected[perm[i]! * cols + c] = 0;
      }
    }
    expect(sameBits(w, expected)).toBe(true);
  });

  it('every row is zeroed equally often (χ² over rows, α = 0.001); the kept values are N(0, std²) (KS)', () => {
    const [rows, cols] = [50, 4000];
    const w = torch.sparse({ sparsity: 0.1, std: 0.05, seed: 2 }).sample([rows, cols]);
    const counts = new Float64Array(rows);
    const kept: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const x = w[r * cols + c]!;
        if (x === 0) counts[r]!++;
        else kept.push(x);
      }
    }
    const expectedPerRow = (5 * cols) / rows;
    let statistic = 0;
    for (const count of counts) statistic += (count - expectedPerRow) ** 2 / expectedPerRow;
    expect(statistic).toBeLessThan(85.35); // χ²(49) at 0.999
    expectLaw(Float32Array.from(kept), normalTarget(0, 0.05));
  });

  it('a SeedGenerator gives different zeros per call, reproducibly', () => {
    const a = torch.sparse({ sparsity: 0.5, seed: new SeedGenerator(3) });
    const b = torch.sparse({ sparsity: 0.5, seed: new SeedGenerator(3) });
    const first = a.sample([8, 8]);
    expect(sameBits(first, b.sample([8, 8]))).toBe(true);
    expect(sameBits(a.sample([8, 8]), first)).toBe(false);
  });
});

describe('bad inputs: class, and a message that names the option and shows the value', () => {
  const CASES: [string, () => unknown, ErrorClass, RegExp[]][] = [
    [
      'uniform a > b',
      () => torch.uniform({ a: 1, b: 0 }),
      RangeError,
      [/^uniform: `a` must be less than `b`; got a = 1, b = 0$/],
    ],
    ['uniform a NaN', () => torch.uniform({ a: NaN }), RangeError, [/`a` must be a finite number; got NaN/]],
    [
      'uniform unknown key',
      () => torch.uniform(bad({ low: 0 })),
      TypeError,
      [/unknown option `low`; valid options are a, b, seed/],
    ],
    ['normal std < 0', () => torch.normal({ std: -1 }), RangeError, [/^normal: `std` must be non-negative; got -1$/]],
    ['normal std string', () => torch.normal(bad({ std: '1' })), TypeError, [/`std` must be a number; got "1"/]],
    [
      'truncNormal a ≥ b',
      () => torch.truncNormal({ a: 2, b: 2 }),
      RangeError,
      [/`a` must be less than `b`/, /a = 2, b = 2/],
    ],
    [
      'truncNormal std < 0',
      () => torch.truncNormal({ std: -0.1 }),
      RangeError,
      [/`std` must be non-negative; got -0\.1/],
    ],
    [
      'truncNormal no float32 inside',
      () => torch.truncNormal({ a: 1, b: 1 + 1e-9 }),
      RangeError,
      [/no float32 lies strictly inside \(`a`, `b`\)/, /b = 1\.000000001/],
    ],
    [
      'truncNormal std 0, mean outside',
      () => torch.truncNormal({ std: 0, mean: 5 }),
      RangeError,
      [/`std` is 0 and `mean` lies outside/, /mean = 5/],
    ],
    [
      'truncNormal b Infinity',
      () => torch.truncNormal({ b: Infinity }),
      RangeError,
      [/`b` must be a finite number; got Infinity/],
    ],
    [
      'constant without val',
      () => torch.constant(bad({})),
      TypeError,
      [/^constant: `val` must be a number \(it has no default\); got undefined$/],
    ],
    [
      'constant with value',
      () => torch.constant(bad({ value: 1 })),
      TypeError,
      [/unknown option `value`; valid options are val/],
    ],
    [
      'eye rank 3',
      () => torch.eye().sample([2, 2, 2]),
      RangeError,
      [/^eye\.sample: Only tensors with 2 dimensions are supported; got shape \[2, 2, 2\] of rank 3$/],
    ],
    [
      'dirac rank 2',
      () => torch.dirac().sample([2, 2]),
      RangeError,
      [/Only tensors with 3, 4, or 5 dimensions are supported; got shape \[2, 2\]/],
    ],
    ['dirac rank 6', () => torch.dirac().sample([1, 1, 1, 1, 1, 1]), RangeError, [/3, 4, or 5 dimensions/]],
    [
      'dirac groups not dividing',
      () => torch.dirac({ groups: 3 }).sample([4, 2, 3]),
      RangeError,
      [/dim 0 must be divisible by groups/, /groups = 3/],
    ],
    ['dirac groups 0', () => torch.dirac({ groups: 0 }), RangeError, [/`groups` must be a positive integer; got 0/]],
    [
      'xavierUniform rank 1',
      () => torch.xavierUniform().sample([5]),
      RangeError,
      [/^xavierUniform\.sample: Fan in and fan out can not be computed/],
    ],
    [
      'xavierNormal gain −1',
      () => torch.xavierNormal({ gain: -1 }),
      RangeError,
      [/`gain` must be non-negative.*; got -1$/],
    ],
    [
      'kaiming mode fan_avg',
      () => torch.kaimingUniform(bad({ mode: 'fan_avg' })),
      RangeError,
      [/`mode` must be one of fan_in, fan_out/, /got "fan_avg"$/],
    ],
    [
      'kaiming mode number',
      () => torch.kaimingUniform(bad({ mode: 1 })),
      TypeError,
      [/`mode` must be one of fan_in, fan_out; got 1$/],
    ],
    [
      'kaiming nonlinearity',
      () => torch.kaimingNormal(bad({ nonlinearity: 'gelu' })),
      RangeError,
      [/^kaimingNormal: Unsupported nonlinearity "gelu"/],
    ],
    ['kaiming a string', () => torch.kaimingNormal(bad({ a: 'x' })), TypeError, [/`a` must be a number; got "x"/]],
    ['kaiming rank 1', () => torch.kaimingNormal().sample([4]), RangeError, [/fewer than 2 dimensions/]],
    [
      'orthogonal rank 1',
      () => torch.orthogonal().sample([5]),
      RangeError,
      [/^orthogonal\.sample: Only tensors with 2 or more dimensions are supported; got shape \[5\] of rank 1$/],
    ],
    [
      'orthogonal gain huge',
      () => torch.orthogonal({ gain: 1e39 }),
      RangeError,
      [/`gain` must be within float32 range/, /1e\+39/],
    ],
    [
      'sparse without sparsity',
      () => torch.sparse(bad({})),
      TypeError,
      [/`sparsity` must be a number in \[0, 1\] \(it has no default\); got undefined/],
    ],
    [
      'sparse sparsity 1.5',
      () => torch.sparse({ sparsity: 1.5 }),
      RangeError,
      [/`sparsity` must be in \[0, 1\]; got 1\.5$/],
    ],
    [
      'sparse std < 0',
      () => torch.sparse({ sparsity: 0.1, std: -1 }),
      RangeError,
      [/`std` must be non-negative; got -1/],
    ],
    [
      'sparse rank 3',
      () => torch.sparse({ sparsity: 0.1 }).sample([2, 2, 2]),
      RangeError,
      [/Only tensors with 2 dimensions are supported/],
    ],
    ['sparse seed', () => torch.sparse({ sparsity: 0.1, seed: -1 }), RangeError, [/`seed`/, /got -1$/]],
    [
      'defaultBias without fanIn',
      () => torch.defaultBias(bad({})),
      TypeError,
      [/`fanIn` must be a non-negative integer \(it has no default\)/],
    ],
    [
      'defaultBias fanIn 2.5',
      () => torch.defaultBias({ fanIn: 2.5 }),
      RangeError,
      [/`fanIn` must be a non-negative integer; got 2\.5/],
    ],
  ];
  it.each(CASES)('%s', (_, fn, cls, patterns) => {
    expectError(fn, cls, ...patterns);
  });

  it('bad shapes throw before anything is written', () => {
    const out = new Float32Array(4).fill(7);
    expect(() => torch.orthogonal().fill(out, [4])).toThrow(RangeError);
    expect(() => torch.dirac().fill(out, [2, 2])).toThrow(RangeError);
    expect(Array.from(out)).toEqual([7, 7, 7, 7]);
  });
});
