// nninit/jax against jax/_src/nn/initializers.py (docs/conventions.md §2.1, §3.1, §3.2, §3.7, §5): float
// fans from in/out/batch axes, fan_geo_avg, 'normal' = untruncated, uniform(scale) = U[0, scale),
// truncated_normal in stddev units without correction; statistics at fixed seeds; bad inputs.
import { describe, expect, it } from 'vitest';
import { TRUNCATED_STD_FACTOR, varianceScaling as kerasVarianceScaling } from '../src/index.js';
import * as jax from '../src/jax.js';
import { sameBits } from './helpers/bits.js';
import { bad, type ErrorClass, expectError } from './helpers/errors.js';
import { expectLaw, normalTarget, truncatedLaw, uniformTarget } from './helpers/stats.js';

const fround = Math.fround;

describe('computeFans: JAX _compute_fans', () => {
  it.each([
    [[3, 4], {}, 3, 4],
    [[3, 3, 16, 32], {}, 144, 288],
    [[32, 16, 3, 3], {}, 1536, 1536],
    [[32, 16, 3, 3], { inAxis: 1, outAxis: 0 }, 144, 288],
    [[2, 3, 3, 16, 32], {}, 288, 576],
    [[2, 5, 7], { batchAxis: 0 }, 5, 7],
    [[4, 3, 3, 16, 32], { batchAxis: [0] }, 144, 288],
    [[2, 3, 4], { inAxis: [0, 1], outAxis: 2 }, 6, 4],
    [[2, 3, 4], { inAxis: 0, outAxis: 0 }, 12, 12], // rf = 24 / 2 / 2 = 6: fans are floats of size / out
    [[5], { inAxis: 0, outAxis: 0 }, 1, 1], // rf = 5 / 5 / 5 = 0.2
    [[8, 6], { inAxis: -1, outAxis: -2 }, 6, 8],
  ] as const)('%j %j → (%d, %d)', (shape, options, fanIn, fanOut) => {
    const fans = jax.computeFans(shape, options);
    expect(fans.fanIn).toBeCloseTo(fanIn, 12);
    expect(fans.fanOut).toBeCloseTo(fanOut, 12);
  });

  it('fans are float divisions: (6, 4, 5) with batchAxis 0, inAxis 1, outAxis 1 → rf = 120/4/4/6', () => {
    const rf = 120 / 4 / 4 / 6;
    expect(jax.computeFans([6, 4, 5], { inAxis: 1, outAxis: 1, batchAxis: 0 })).toEqual({
      fanIn: 4 * rf,
      fanOut: 4 * rf,
    });
  });

  it('rank ≤ 1 with the default inAxis is an error (JAX PR #13995); a zero size at a fan axis is a RangeError naming the shape', () => {
    expectError(
      () => jax.computeFans([5]),
      RangeError,
      /Can't compute input and output sizes of a 1-dimensional weights tensor with default in_axis/,
      /got shape \[5\]$/,
    );
    expectError(() => jax.computeFans([]), RangeError, /0-dimensional/);
    expectError(() => jax.computeFans([0, 3]), RangeError, /a fan of shape \[0, 3\] is 0 \(JAX would divide by zero\)/);
    expectError(() => jax.computeFans([2, 0, 3], { batchAxis: 1 }), RangeError, /shape \[2, 0, 3\]/, /batch size 0/);
  });

  it('bad axes: out of range (RangeError), not integers (RangeError), wrong type (TypeError), unknown option', () => {
    expectError(
      () => jax.computeFans([3, 4], { inAxis: 2 }),
      RangeError,
      /`inAxis` must be an axis in \[-2, 1\] for a rank-2 shape; got 2$/,
    );
    expectError(
      () => jax.computeFans([3, 4], { outAxis: [0, -3] }),
      RangeError,
      /`outAxis\[1\]` must be an axis in \[-2, 1\]/,
      /got -3$/,
    );
    expectError(
      () => jax.computeFans([3, 4], { batchAxis: 0.5 }),
      RangeError,
      /`batchAxis` must be an integer axis; got 0\.5$/,
    );
    expectError(
      () => jax.computeFans([3, 4], bad({ inAxis: '0' })),
      TypeError,
      /`inAxis` must be an integer axis or an array of axes; got "0"$/,
    );
    expectError(
      () => jax.computeFans([3, 4], bad({ inAxes: [0] })),
      TypeError,
      /unknown option `inAxes`; valid options are inAxis, outAxis, batchAxis/,
    );
  });
});

describe('varianceScaling: exact parameters', () => {
  const law = (init: jax.Initializer, shape: number[]) => init.distribution(shape);

  it("'normal' is UNtruncated N(0, scale/n) (Keras reads 'normal' as truncated)", () => {
    expect(law(jax.varianceScaling(2, 'fan_in', 'normal'), [50, 30])).toMatchObject({
      kind: 'normal',
      stddev: fround(Math.sqrt(2 / 50)),
    });
    expect(law(kerasVarianceScaling({ scale: 2, distribution: 'normal' }), [50, 30]).kind).toBe('truncatedNormal');
  });

  it("'truncated_normal': σ = √(scale/n)/0.87962566103423978 cut at ±2σ; 'uniform': U[−L, L), L = √(3·scale/n)", () => {
    const sigma = Math.sqrt(1 / 40) / TRUNCATED_STD_FACTOR;
    expect(law(jax.varianceScaling(1, 'fan_avg', 'truncated_normal'), [50, 30])).toMatchObject({
      kind: 'truncatedNormal',
      stddev: fround(sigma),
      lower: fround(-2 * sigma),
      upper: fround(2 * sigma),
    });
    expect(law(jax.varianceScaling(3, 'fan_out', 'uniform'), [50, 30])).toMatchObject({
      kind: 'uniform',
      minval: fround(-Math.sqrt(9 / 30)),
      maxval: fround(Math.sqrt(9 / 30)),
    });
  });

  it('fan_geo_avg divides by √(fan_in·fan_out); fans are not clamped to 1 (Keras clamps)', () => {
    expect(law(jax.varianceScaling(1, 'fan_geo_avg', 'normal'), [3, 12])).toMatchObject({
      stddev: fround(Math.sqrt(1 / 6)),
    });
    // [5] with inAxis 0, outAxis 0: fans 1 → σ = 1. A fractional fan: (2, 3, 4), axes 0/0 → fan 12.
    expect(law(jax.varianceScaling(1, 'fan_in', 'normal', { inAxis: 0, outAxis: 0 }), [2, 3, 4])).toMatchObject({
      stddev: fround(Math.sqrt(1 / 12)),
    });
    expect(law(jax.varianceScaling(1, 'fan_in', 'normal', { inAxis: 0, outAxis: 1 }), [1, 1])).toMatchObject({
      stddev: 1,
    });
  });

  it('batch axes count in neither fan: (8, 3, 3, 16, 32) with batchAxis 0 has the fans of (3, 3, 16, 32)', () => {
    const a = jax.glorotUniform({ batchAxis: 0, seed: 1 }).distribution([8, 3, 3, 16, 32]);
    const b = jax.glorotUniform({ seed: 1 }).distribution([3, 3, 16, 32]);
    expect(a).toEqual(b);
  });

  it('presets: glorot (1, fan_avg), he (2, fan_in), lecun (1, fan_in), normals truncated and corrected; xavier/kaiming aliases', () => {
    const shape = [40, 60];
    expect(law(jax.glorotUniform(), shape)).toEqual(law(jax.varianceScaling(1, 'fan_avg', 'uniform'), shape));
    expect(law(jax.glorotNormal(), shape)).toEqual(law(jax.varianceScaling(1, 'fan_avg', 'truncated_normal'), shape));
    expect(law(jax.heUniform(), shape)).toEqual(law(jax.varianceScaling(2, 'fan_in', 'uniform'), shape));
    expect(law(jax.heNormal(), shape)).toEqual(law(jax.varianceScaling(2, 'fan_in', 'truncated_normal'), shape));
    expect(law(jax.lecunUniform(), shape)).toEqual(law(jax.varianceScaling(1, 'fan_in', 'uniform'), shape));
    expect(law(jax.lecunNormal(), shape)).toEqual(law(jax.varianceScaling(1, 'fan_in', 'truncated_normal'), shape));
    expect(jax.xavierUniform).toBe(jax.glorotUniform);
    expect(jax.kaimingNormal).toBe(jax.heNormal);
  });

  it('same law and seed as Keras give the same bits (one stream contract)', () => {
    const a = jax.varianceScaling(2, 'fan_in', 'uniform', { seed: 3 }).sample([30, 40]);
    const b = kerasVarianceScaling({ scale: 2, mode: 'fan_in', distribution: 'uniform', seed: 3 }).sample([30, 40]);
    expect(sameBits(a, b)).toBe(true);
  });

  it('uniform(scale) is U[0, scale); normal(stddev) is N(0, stddev²); defaults 1e-2', () => {
    expect(jax.uniform().distribution([1])).toMatchObject({ kind: 'uniform', minval: 0, maxval: fround(0.01) });
    expect(jax.normal().distribution([1])).toMatchObject({ kind: 'normal', mean: 0, stddev: fround(0.01) });
    expect(jax.truncatedNormal().distribution([1])).toMatchObject({
      kind: 'truncatedNormal',
      lower: fround(-0.02),
      upper: fround(0.02),
    });
    expect(jax.constant(0.5).sample([2])).toEqual(new Float32Array([0.5, 0.5]));
    expect(jax.zeros().sample([2])).toEqual(new Float32Array(2));
    expect(jax.ones().sample([2])).toEqual(new Float32Array([1, 1]));
  });
});

interface StatCase {
  label: string;
  make: () => jax.Initializer;
  shape: number[];
  target: { mean: number; std: number; kurtosis: number; cdf: (x: number) => number };
}

const truncatedVs = (variance: number) => {
  const sigma = Math.sqrt(variance) / 0.87962566103423978;
  return truncatedLaw(0, sigma, -2 * sigma, 2 * sigma);
};

const STAT_CASES: StatCase[] = [
  {
    label: 'uniform(0.5) = U[0, 0.5)',
    make: () => jax.uniform(0.5, { seed: 1 }),
    shape: [300, 600],
    target: uniformTarget(0, 0.5),
  },
  { label: 'normal(0.1)', make: () => jax.normal(0.1, { seed: 2 }), shape: [300, 600], target: normalTarget(0, 0.1) },
  {
    label: 'truncatedNormal(1): std 0.8796 (no correction)',
    make: () => jax.truncatedNormal(1, -2, 2, { seed: 3 }),
    shape: [200000],
    target: truncatedLaw(0, 1, -2, 2),
  },
  {
    label: 'truncatedNormal(0.5, −1, 3): bounds in stddev units',
    make: () => jax.truncatedNormal(0.5, -1, 3, { seed: 4 }),
    shape: [200000],
    target: truncatedLaw(0, 0.5, -0.5, 1.5),
  },
  {
    label: 'truncatedNormal(2, 2.5, 3.5): a far window',
    make: () => jax.truncatedNormal(2, 2.5, 3.5, { seed: 5 }),
    shape: [200000],
    target: truncatedLaw(0, 2, 5, 7),
  },
  {
    label: "varianceScaling(2, 'fan_geo_avg', 'normal') [400, 900]",
    make: () => jax.varianceScaling(2, 'fan_geo_avg', 'normal', { seed: 6 }),
    shape: [400, 900],
    target: normalTarget(0, Math.sqrt(2 / 600)),
  },
  {
    label: "varianceScaling(1.5, 'fan_avg', 'uniform') [3, 3, 32, 64]",
    make: () => jax.varianceScaling(1.5, 'fan_avg', 'uniform', { seed: 7 }),
    shape: [3, 3, 32, 64],
    target: uniformTarget(-Math.sqrt((3 * 1.5) / 432), Math.sqrt((3 * 1.5) / 432)),
  },
  {
    label: "varianceScaling(1, 'fan_in', 'truncated_normal') with inAxis 1, outAxis 0 on (64, 32, 3, 3)",
    make: () => jax.varianceScaling(1, 'fan_in', 'truncated_normal', { inAxis: 1, outAxis: 0, seed: 8 }),
    shape: [64, 32, 3, 3],
    target: truncatedVs(1 / 288),
  },
  {
    label: 'glorotNormal (300, 500)',
    make: () => jax.glorotNormal({ seed: 10 }),
    shape: [300, 500],
    target: truncatedVs(2 / 800),
  },
  {
    label: 'lecunUniform (3, 3, 64, 32)',
    make: () => jax.lecunUniform({ seed: 11 }),
    shape: [3, 3, 64, 32],
    target: uniformTarget(-Math.sqrt(3 / 576), Math.sqrt(3 / 576)),
  },
  {
    label: 'heUniform with inAxis [0, 1], outAxis 2 on (20, 30, 400)',
    make: () => jax.heUniform({ inAxis: [0, 1], outAxis: 2, seed: 12 }),
    shape: [20, 30, 400],
    target: uniformTarget(-Math.sqrt(6 / 600), Math.sqrt(6 / 600)),
  },
  {
    label: 'heNormal with batchAxis 0 on (6, 200, 300)',
    make: () => jax.heNormal({ batchAxis: 0, seed: 9 }),
    shape: [6, 200, 300],
    target: truncatedVs(2 / 200),
  },
];

describe.each(STAT_CASES)('$label', (c) => {
  it('mean and std within 5 standard errors; KS at α = 0.001', () => {
    expectLaw(c.make().sample(c.shape), c.target);
  });
});

describe('bad inputs', () => {
  const CASES: [string, () => unknown, ErrorClass, RegExp[]][] = [
    [
      'varianceScaling without scale',
      () => (jax.varianceScaling as (...args: unknown[]) => unknown)(),
      TypeError,
      [/`scale` must be a positive number \(it has no default in JAX\)/],
    ],
    [
      'varianceScaling without mode',
      () => (jax.varianceScaling as (...args: unknown[]) => unknown)(1),
      TypeError,
      [/`mode` must be one of fan_in, fan_out, fan_avg, fan_geo_avg \(it has no default in JAX\); got undefined/],
    ],
    [
      'varianceScaling bad mode',
      () => jax.varianceScaling(1, bad('fan_sum'), 'normal'),
      RangeError,
      [/^varianceScaling: `mode` must be one of fan_in, fan_out, fan_avg, fan_geo_avg; got "fan_sum"$/],
    ],
    [
      'varianceScaling camelCase mode',
      () => jax.varianceScaling(1, bad('fanIn'), 'normal'),
      RangeError,
      [/got "fanIn"$/],
    ],
    [
      'varianceScaling untruncated_normal (a Keras name)',
      () => jax.varianceScaling(1, 'fan_in', bad('untruncated_normal')),
      RangeError,
      [/`distribution` must be one of truncated_normal, normal, uniform; got "untruncated_normal"$/],
    ],
    [
      'varianceScaling scale 0',
      () => jax.varianceScaling(0, 'fan_in', 'normal'),
      RangeError,
      [/`scale` must be a positive number; got 0$/],
    ],
    ['varianceScaling scale −1', () => jax.varianceScaling(-1, 'fan_in', 'normal'), RangeError, [/got -1$/]],
    [
      'varianceScaling scale string',
      () => jax.varianceScaling(bad('1'), 'fan_in', 'normal'),
      TypeError,
      [/`scale` must be a number; got "1"$/],
    ],
    [
      'varianceScaling unknown option',
      () => jax.varianceScaling(1, 'fan_in', 'normal', bad({ in_axis: 0 })),
      TypeError,
      [/unknown option `in_axis`/],
    ],
    [
      'glorotUniform on rank 1',
      () => jax.glorotUniform().sample([10]),
      RangeError,
      [/^glorotUniform\.sample: Can't compute input and output sizes of a 1-dimensional/],
    ],
    [
      'glorotUniform zero fan',
      () => jax.glorotUniform().sample([0, 10]),
      RangeError,
      [/a fan of shape \[0, 10\] is 0/],
    ],
    [
      'glorotUniform bad axis at sample',
      () => jax.glorotUniform({ inAxis: 3 }).sample([2, 2]),
      RangeError,
      [/`inAxis` must be an axis in \[-2, 1\]/],
    ],
    ['uniform(0)', () => jax.uniform(0), RangeError, [/^uniform: `scale` must be a positive number; got 0$/]],
    ['uniform(NaN)', () => jax.uniform(NaN), RangeError, [/`scale` must be a finite number; got NaN/]],
    ['normal(−1)', () => jax.normal(-1), RangeError, [/`stddev` must be non-negative; got -1$/]],
    [
      'truncatedNormal lower ≥ upper',
      () => jax.truncatedNormal(1, 2, 1),
      RangeError,
      [/`lower` must be less than `upper`; got lower = 2, upper = 1$/],
    ],
    [
      'truncatedNormal stddev < 0',
      () => jax.truncatedNormal(-1),
      RangeError,
      [/`stddev` must be non-negative; got -1$/],
    ],
    [
      'constant()',
      () => (jax.constant as (...args: unknown[]) => unknown)(),
      TypeError,
      [/`value` must be a number \(it has no default\)/],
    ],
    [
      'orthogonal rank 1',
      () => jax.orthogonal().sample([4]),
      RangeError,
      [/orthogonal initializer requires at least a 2D shape; got shape \[4\] of rank 1$/],
    ],
    [
      'orthogonal columnAxis out of range',
      () => jax.orthogonal(1, 2).sample([3, 4]),
      RangeError,
      [/`columnAxis` must be an axis in \[-2, 1\] for a rank-2 shape; got 2$/],
    ],
    [
      'orthogonal columnAxis fractional',
      () => jax.orthogonal(1, 0.5),
      RangeError,
      [/`columnAxis` must be an integer axis; got 0\.5$/],
    ],
    [
      'deltaOrthogonal rank 2',
      () => jax.deltaOrthogonal().sample([3, 3]),
      RangeError,
      [/Delta orthogonal initializer requires a 3D, 4D or 5D shape; got shape \[3, 3\] of rank 2$/],
    ],
    ['deltaOrthogonal rank 6', () => jax.deltaOrthogonal().sample([1, 1, 1, 1, 2, 2]), RangeError, [/3D, 4D or 5D/]],
    [
      'deltaOrthogonal fan_in > fan_out',
      () => jax.deltaOrthogonal().sample([3, 3, 8, 4]),
      RangeError,
      [/`fan_in` must be less or equal than `fan_out`; got shape \[3, 3, 8, 4\]$/],
    ],
    [
      'deltaOrthogonal columnAxis 2',
      () => jax.deltaOrthogonal(1, 2),
      RangeError,
      [/`columnAxis` must be an axis in \[-2, 1\] for a rank-2 shape; got 2$/],
    ],
    [
      'deltaOrthogonal seed',
      () => jax.deltaOrthogonal(1, -1, bad({ seed: true })),
      TypeError,
      [/`seed` must be/, /got true$/],
    ],
  ];
  it.each(CASES)('%s', (_, fn, cls, patterns) => {
    expectError(fn, cls, ...patterns);
  });
});
