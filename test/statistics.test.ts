// Statistical tests of every initializer against Keras 3's math (docs/conventions.md §2, §3.1, §3.7, §4).
//
// Targets (means, standard deviations, kurtoses, CDFs) are computed here from the formulas, never
// read back from the package. Every test uses fixed seeds, so it is deterministic: a failure is a
// real discrepancy between the sampler and the law, not bad luck, unless the stream itself changed.
//
// The bands:
// - moments: 5 standard errors (a correct sampler leaves such a band with probability ≈ 6e-7);
//   the standard error of the mean is σ/√n, that of the sample variance σ²·√((κ − 1)/n), with κ the
//   kurtosis of the actual law (uniform 9/5, normal 3, normal truncated at ±2σ computed exactly);
// - goodness of fit: Kolmogorov–Smirnov against the exact CDF and Pearson's χ² on ≥ 70 bins, both
//   at significance level α = 0.001.
import { describe, expect, it } from 'vitest';
import {
  ALPHA,
  chiSquare,
  chiSquareQuantile,
  erf,
  erfc,
  erfcFraction,
  erfSeries,
  expectMoments,
  ksCritical,
  ksStatistic,
  moments,
  normalCdf,
  normalPdf,
  Z,
} from './helpers/stats.js';
import { sameBits } from './helpers/bits.js';
import {
  constant,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  lecunUniform,
  NORMAL_TAIL_SIGMAS,
  ones,
  randomNormal,
  randomUniform,
  type Seed,
  SeedGenerator,
  type SeedOption,
  TRUNCATED_STD_FACTOR,
  truncatedNormal,
  varianceScaling,
  xavierNormal,
  xavierUniform,
  zeros,
} from '../src/index.js';

const fround = Math.fround;

// ---------------------------------------------------------------------------------------------
// Reference math, independent of the package.

/**
 * Moments of a standard normal truncated to (−a, a), from ∫x^{2k}φ = −[x^{2k−1}φ] + (2k−1)∫x^{2k−2}φ:
 * with Z = erf(a/√2) the kept mass, E[X²] = 1 − 2aφ(a)/Z and E[X⁴] = 3 − (2a³ + 6a)φ(a)/Z.
 */
function truncatedStandardNormal(a: number): { std: number; kurtosis: number; mass: number } {
  const mass = erf(a / Math.SQRT2);
  const phi = normalPdf(a);
  const m2 = 1 - (2 * a * phi) / mass;
  const m4 = 3 - ((2 * a ** 3 + 6 * a) * phi) / mass;
  return { std: Math.sqrt(m2), kurtosis: m4 / (m2 * m2), mass };
}

const TRUNCATED = truncatedStandardNormal(2);
/** The literal Keras divides by (random_initializers.py:305); checked against TRUNCATED.std below. */
const KERAS_TRUNCATION_CONSTANT = 0.87962566103423978;

// ---------------------------------------------------------------------------------------------
// Laws and their targets.

type Law =
  /** U[min, max). */
  | { kind: 'uniform'; min: number; max: number }
  /** N(mean, std²). */
  | { kind: 'normal'; mean: number; std: number }
  /** N(mean, sigma²) cut at mean ± 2·sigma. */
  | { kind: 'truncated'; mean: number; sigma: number };

interface Target {
  mean: number;
  std: number;
  kurtosis: number;
  cdf: (x: number) => number;
  edges: number[];
}

const range = (count: number, f: (k: number) => number): number[] => Array.from({ length: count }, (_, k) => f(k));

function targetOf(law: Law): Target {
  switch (law.kind) {
    case 'uniform': {
      const { min: a, max: b } = law;
      return {
        mean: (a + b) / 2,
        std: (b - a) / Math.sqrt(12),
        kurtosis: 9 / 5,
        cdf: (x) => Math.min(1, Math.max(0, (x - a) / (b - a))),
        edges: range(99, (k) => a + ((b - a) * (k + 1)) / 100),
      };
    }
    case 'normal': {
      const { mean, std } = law;
      return {
        mean,
        std,
        kurtosis: 3,
        cdf: (x) => normalCdf((x - mean) / std),
        edges: range(71, (k) => mean + std * (-3.5 + 0.1 * k)),
      };
    }
    case 'truncated': {
      const { mean, sigma } = law;
      const low = normalCdf(-2);
      const mass = normalCdf(2) - low;
      return {
        mean,
        std: sigma * TRUNCATED.std,
        kurtosis: TRUNCATED.kurtosis,
        cdf: (x) => Math.min(1, Math.max(0, (normalCdf((x - mean) / sigma) - low) / mass)),
        edges: range(79, (k) => mean + sigma * (-2 + 0.05 * (k + 1))),
      };
    }
  }
}

interface Case {
  label: string;
  make: () => Initializer;
  shape: number[];
  law: Law;
}

// Fans by Keras's rule (docs/conventions.md §2.1), written out by hand.
const SHAPES = [
  { name: 'conv', shape: [3, 3, 64, 128], fanIn: 3 * 3 * 64, fanOut: 3 * 3 * 128 },
  { name: 'dense', shape: [784, 256], fanIn: 784, fanOut: 256 },
];

let nextSeed = 1000;

const uniformLimit = (limit: number): Law => ({ kind: 'uniform', min: -limit, max: limit });
/** Keras's truncated branch: σ_raw = √(variance) / 0.87962566103423978, cut at ±2σ_raw. */
const correctedTruncated = (variance: number): Law => ({
  kind: 'truncated',
  mean: 0,
  sigma: Math.sqrt(variance) / KERAS_TRUNCATION_CONSTANT,
});

const PRESETS: {
  name: string;
  make: (options: SeedOption) => Initializer;
  law: (fanIn: number, fanOut: number) => Law;
}[] = [
  // docs/conventions.md §3.1: Glorot uniform L = √(6/(fan_in+fan_out)), He uniform L = √(6/fan_in), LeCun uniform L = √(3/fan_in).
  { name: 'glorotUniform', make: glorotUniform, law: (i, o) => uniformLimit(Math.sqrt(6 / (i + o))) },
  { name: 'heUniform', make: heUniform, law: (i) => uniformLimit(Math.sqrt(6 / i)) },
  { name: 'lecunUniform', make: lecunUniform, law: (i) => uniformLimit(Math.sqrt(3 / i)) },
  // Keras normal presets: truncated, corrected, so the final variance is 2/(fan_in+fan_out), 2/fan_in, 1/fan_in.
  { name: 'glorotNormal', make: glorotNormal, law: (i, o) => correctedTruncated(2 / (i + o)) },
  { name: 'heNormal', make: heNormal, law: (i) => correctedTruncated(2 / i) },
  { name: 'lecunNormal', make: lecunNormal, law: (i) => correctedTruncated(1 / i) },
];

const presetCases: Case[] = PRESETS.flatMap((preset) =>
  SHAPES.map((s) => {
    const seed = nextSeed++;
    return {
      label: `${preset.name} ${s.name} ${JSON.stringify(s.shape)}`,
      make: () => preset.make({ seed }),
      shape: s.shape,
      law: preset.law(s.fanIn, s.fanOut),
    };
  }),
);

const MODES = ['fan_in', 'fan_out', 'fan_avg'] as const;
const DISTRIBUTIONS = ['uniform', 'truncated_normal', 'untruncated_normal', 'normal'] as const;
const VS_SCALE = 2.5;

const varianceScalingCases: Case[] = MODES.flatMap((mode, m) =>
  DISTRIBUTIONS.map((distribution, d) => {
    const s = SHAPES[(m + d) % 2]!;
    const n = mode === 'fan_in' ? s.fanIn : mode === 'fan_out' ? s.fanOut : (s.fanIn + s.fanOut) / 2;
    const variance = VS_SCALE / n;
    const law: Law =
      distribution === 'uniform'
        ? uniformLimit(Math.sqrt(3 * variance))
        : distribution === 'untruncated_normal'
          ? { kind: 'normal', mean: 0, std: Math.sqrt(variance) }
          : correctedTruncated(variance); // 'normal' is Keras's alias of 'truncated_normal'
    const seed = nextSeed++;
    return {
      label: `varianceScaling ${mode} ${distribution} ${s.name} ${JSON.stringify(s.shape)}`,
      make: () => varianceScaling({ scale: VS_SCALE, mode, distribution, seed }),
      shape: s.shape,
      law,
    };
  }),
);

const plainCases: Case[] = [
  {
    label: 'randomUniform defaults U[-0.05, 0.05)',
    make: () => randomUniform({ seed: 11 }),
    shape: [1000, 1000],
    law: { kind: 'uniform', min: -0.05, max: 0.05 },
  },
  {
    label: 'randomUniform U[0, 1) (minval 0 honoured)',
    make: () => randomUniform({ minval: 0, maxval: 1, seed: 12 }),
    shape: [500, 400],
    law: { kind: 'uniform', min: 0, max: 1 },
  },
  {
    label: 'randomUniform U[-3, 7)',
    make: () => randomUniform({ minval: -3, maxval: 7, seed: 13 }),
    shape: [256, 256, 3],
    law: { kind: 'uniform', min: -3, max: 7 },
  },
  {
    label: 'randomNormal defaults N(0, 0.05²)',
    make: () => randomNormal({ seed: 14 }),
    shape: [1000, 1000],
    law: { kind: 'normal', mean: 0, std: 0.05 },
  },
  {
    label: 'randomNormal N(2, 0.5²)',
    make: () => randomNormal({ mean: 2, stddev: 0.5, seed: 15 }),
    shape: [200, 1000],
    law: { kind: 'normal', mean: 2, std: 0.5 },
  },
  {
    label: 'truncatedNormal defaults (σ 0.05, uncorrected)',
    make: () => truncatedNormal({ seed: 16 }),
    shape: [1000, 1000],
    law: { kind: 'truncated', mean: 0, sigma: 0.05 },
  },
  {
    label: 'truncatedNormal mean -1, σ 0.3',
    make: () => truncatedNormal({ mean: -1, stddev: 0.3, seed: 17 }),
    shape: [300, 500],
    law: { kind: 'truncated', mean: -1, sigma: 0.3 },
  },
];

const CASES: Case[] = [...plainCases, ...presetCases, ...varianceScalingCases];

const samples = new Map<string, { values: Float32Array; sorted: Float64Array }>();
function samplesOf(c: Case): { values: Float32Array; sorted: Float64Array } {
  let entry = samples.get(c.label);
  if (!entry) {
    const values = c.make().sample(c.shape);
    entry = { values, sorted: Float64Array.from(values).sort() };
    samples.set(c.label, entry);
  }
  return entry;
}

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** The fraction of positions at which two arrays differ. */
function differing(a: Float32Array, b: Float32Array): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) count++;
  return count / a.length;
}

// ---------------------------------------------------------------------------------------------

describe('reference math used by these tests', () => {
  it('erf and erfc match high-precision values (mpmath, 30 digits) to 1e-15 absolute / 1e-13 relative in the tail', () => {
    const table: [number, number, number][] = [
      [0.1, 0.1124629160182848984, 0.8875370839817151016],
      [0.5, 0.52049987781304653768, 0.47950012218695346232],
      [1, 0.84270079294971486934, 0.15729920705028513066],
      [1.5, 0.96610514647531072707, 0.033894853524689272933],
      [2, 0.99532226501895273416, 0.0046777349810472658379],
      [2.5, 0.99959304798255504106, 0.00040695201744495893956],
      [2.9, 0.99995890212190054114, 0.000041097878099458857996],
      [3, 0.99997790950300141456, 0.000022090496998585441373],
      [3.5, 0.99999925690162765859, 7.4309837234141274552e-7],
      [4, 0.99999998458274209972, 1.5417257900280018852e-8],
      [5, 0.99999999999846254021, 1.5374597944280348502e-12],
      [6, 0.99999999999999997848, 2.1519736712498913117e-17],
    ];
    for (const [x, e, c] of table) {
      expect(Math.abs(erf(x) - e), `erf(${x})`).toBeLessThan(1e-15);
      expect(Math.abs(erf(-x) + e), `erf(-${x})`).toBeLessThan(1e-15);
      expect(Math.abs(erfc(x) - c), `erfc(${x})`).toBeLessThan(Math.max(1e-15, 1e-13 * c));
      if (x >= 3) expect(Math.abs(erfc(x) / c - 1), `erfc(${x}) relative`).toBeLessThan(1e-13);
    }
    // The series and the continued fraction agree where they meet.
    expect(Math.abs(1 - erfSeries(3) - erfcFraction(3))).toBeLessThan(1e-15);
  });

  it('the truncated normal on (−2, 2): std = Keras constant 0.87962566103423978, kurtosis 2.36553671712965', () => {
    expect(Math.abs(TRUNCATED.std - KERAS_TRUNCATION_CONSTANT)).toBeLessThan(1e-15);
    expect(Math.abs(TRUNCATED.kurtosis - 2.3655367171296495117)).toBeLessThan(1e-13);
    expect(Math.abs(TRUNCATED_STD_FACTOR - TRUNCATED.std)).toBeLessThan(1e-15);
  });

  it('χ² quantiles match scipy.stats.chi2.ppf and the KS constant matches scipy.special.kolmogi', () => {
    expect(chiSquareQuantile(0.999, 49)).toBeCloseTo(85.35056461, 5);
    expect(chiSquareQuantile(0.999, 99)).toBeCloseTo(148.23035917, 5);
    expect(chiSquareQuantile(0.999, 199)).toBeCloseTo(266.38589538, 5);
    expect(Math.sqrt(Math.log(2 / ALPHA) / 2)).toBeCloseTo(1.9494746035043753, 9);
  });
});

describe.each(CASES)('$label', (c) => {
  const target = targetOf(c.law);

  it(`draws ${product(c.shape)} values: mean and std within ${Z} standard errors`, () => {
    const { values } = samplesOf(c);
    expect(values.length).toBe(product(c.shape));
    expectMoments(values, target.mean, target.std, target.kurtosis);
  });

  it('Kolmogorov–Smirnov against the exact CDF, α = 0.001', () => {
    const { sorted } = samplesOf(c);
    const d = ksStatistic(sorted, target.cdf);
    expect(d).toBeLessThan(ksCritical(sorted.length));
  });

  it('Pearson χ² on ≥ 70 bins, α = 0.001', () => {
    const { sorted } = samplesOf(c);
    const result = chiSquare(sorted, target.edges, target.cdf);
    expect(result.bins).toBeGreaterThanOrEqual(70);
    expect(result.minExpected).toBeGreaterThanOrEqual(5);
    expect(result.statistic).toBeLessThan(result.critical);
  });

  it('support', () => {
    const { values, sorted } = samplesOf(c);
    const min = sorted[0]!;
    const max = sorted[sorted.length - 1]!;
    const law = c.law;
    if (law.kind === 'uniform') {
      const a = fround(law.min);
      const b = fround(law.max);
      for (const x of values) if (!(x >= a && x < b)) expect.fail(`${x} is outside [${a}, ${b})`);
      // ... and the samples do fill the range.
      expect(min - a).toBeLessThan((b - a) * 1e-3);
      expect(b - max).toBeLessThan((b - a) * 1e-3);
    } else if (law.kind === 'normal') {
      // The Ziggurat's tail reaches NORMAL_TAIL_SIGMAS ≈ 8.21σ (ziggurat.test.ts).
      for (const x of values) {
        if (!Number.isFinite(x) || Math.abs(x - law.mean) / law.std > NORMAL_TAIL_SIGMAS) {
          expect.fail(`${x} is beyond ${NORMAL_TAIL_SIGMAS}σ`);
        }
      }
      expect(Math.max(law.mean - min, max - law.mean) / law.std).toBeGreaterThan(3.5);
    } else {
      // Strictly inside (mean − 2σ, mean + 2σ). Comparing float32 samples with the exact bounds is the
      // same as comparing with their float32 roundings: no float32 lies between a bound and its rounding.
      const lower = law.mean - 2 * law.sigma;
      const upper = law.mean + 2 * law.sigma;
      for (const x of values) if (!(x > lower && x < upper)) expect.fail(`${x} is outside (${lower}, ${upper})`);
      expect(min).toBeGreaterThan(fround(lower));
      expect(max).toBeLessThan(fround(upper));
      // Truncation is at 2σ, not tighter: the extremes come within 0.01σ of the bounds.
      expect(min - lower).toBeLessThan(0.01 * law.sigma);
      expect(upper - max).toBeLessThan(0.01 * law.sigma);
    }
  });

  it('distribution(shape) reports the same law, in float32', () => {
    const reported = c.make().distribution(c.shape);
    const law = c.law;
    const relative = (x: number, y: number): number => Math.abs(x / y - 1);
    expect(relative(reported.std, target.std)).toBeLessThan(1e-6);
    if (law.kind === 'uniform') {
      expect(reported.kind).toBe('uniform');
      if (reported.kind !== 'uniform') return;
      expect(reported.minval).toBe(fround(law.min));
      expect(reported.maxval).toBe(fround(law.max));
      expect(Math.abs(reported.mean - target.mean)).toBeLessThanOrEqual(1e-7 * (law.max - law.min));
    } else if (law.kind === 'normal') {
      expect(reported.kind).toBe('normal');
      if (reported.kind !== 'normal') return;
      expect(reported.mean).toBe(fround(law.mean));
      expect(reported.stddev).toBe(fround(law.std));
    } else {
      expect(reported.kind).toBe('truncatedNormal');
      if (reported.kind !== 'truncatedNormal') return;
      expect(reported.mean).toBe(fround(law.mean));
      expect(reported.stddev).toBe(fround(law.sigma));
      expect(reported.lower).toBe(fround(law.mean - 2 * law.sigma));
      expect(reported.upper).toBe(fround(law.mean + 2 * law.sigma));
    }
  });
});

describe('constants', () => {
  const shape = [784, 256];
  const constants: [string, () => Initializer, number][] = [
    ['zeros', () => zeros(), 0],
    ['ones', () => ones(), 1],
    ['constant() (default 0)', () => constant(), 0],
    ['constant 0.1', () => constant({ value: 0.1 }), fround(0.1)],
    ['constant -2.5', () => constant({ value: -2.5 }), -2.5],
    ['constant 1e-40 (subnormal)', () => constant({ value: 1e-40 }), fround(1e-40)],
  ];

  it.each(constants)('%s: exactly the value everywhere; mean = value, std 0', (_, make, value) => {
    const values = make().sample(shape);
    expect(values.length).toBe(784 * 256);
    for (const x of values) if (!Object.is(x, value)) expect.fail(`${x} !== ${value}`);
    const reported = make().distribution(shape);
    expect(reported).toMatchObject({ kind: 'constant', value, mean: value, std: 0 });
  });
});

describe('Keras truncation correction (docs/conventions.md §3.1)', () => {
  const s = SHAPES[1]!; // dense [784, 256]
  const presets: [string, (o: SeedOption) => Initializer, number][] = [
    ['glorotNormal', glorotNormal, 2 / (s.fanIn + s.fanOut)],
    ['heNormal', heNormal, 2 / s.fanIn],
    ['lecunNormal', lecunNormal, 1 / s.fanIn],
  ];

  it.each(presets)('%s: sample std ≈ √(scale/n), not 0.8796 × that', (_, make, variance) => {
    const values = make({ seed: 77 }).sample(s.shape);
    const std = Math.sqrt(moments(values).variance);
    const n = values.length;
    // 5 standard errors of s ≈ σ·√((κ − 1)/n)/2.
    expect(Math.abs(std / Math.sqrt(variance) - 1)).toBeLessThan((Z * Math.sqrt((TRUNCATED.kurtosis - 1) / n)) / 2);
    expect(std / Math.sqrt(variance)).toBeGreaterThan(0.95);
  });

  it('truncatedNormal({stddev: s}) has std ≈ 0.8796·s (σ before truncation, as Keras)', () => {
    const sigma = 0.2;
    const values = truncatedNormal({ stddev: sigma, seed: 78 }).sample([1000, 500]);
    expectMoments(values, 0, TRUNCATED.std * sigma, TRUNCATED.kurtosis);
    expect(Math.sqrt(moments(values).variance)).toBeLessThan(0.9 * sigma);
  });
});

describe('stddev 0 and minval 0 (no `||` defaults, docs/conventions.md §3.7)', () => {
  it('randomNormal({stddev: 0}) gives exactly the mean everywhere', () => {
    for (const mean of [0, 1.5, -3]) {
      for (const seed of [1, undefined]) {
        const values = randomNormal({ mean, stddev: 0, ...(seed === undefined ? {} : { seed }) }).sample([1000]);
        for (const x of values) if (!Object.is(x, fround(mean))) expect.fail(`${x} !== ${mean}`);
      }
    }
  });

  it('truncatedNormal({stddev: 0}) gives exactly the mean everywhere', () => {
    for (const mean of [0, 0.1, -2]) {
      const values = truncatedNormal({ mean, stddev: 0, seed: 5 }).sample([1000]);
      for (const x of values) if (!Object.is(x, fround(mean))) expect.fail(`${x} !== ${fround(mean)}`);
    }
  });

  it('randomUniform({minval: 0}) is honoured: every value ≥ 0, and small values occur', () => {
    const values = randomUniform({ minval: 0, maxval: 1, seed: 9 }).sample([100_000]);
    let min = Infinity;
    for (const x of values) min = Math.min(min, x);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(min).toBeLessThan(1e-3);
  });
});

describe('uniform support at the float32 edge', () => {
  /** Every sample of U[minval, maxval) lies in [fround(minval), fround(maxval)), never on maxval. */
  function expectHalfOpen(minval: number, maxval: number, seed: number): Set<number> {
    const values = randomUniform({ minval, maxval, seed }).sample([1_000_000]);
    const a = fround(minval);
    const b = fround(maxval);
    const seen = new Set<number>();
    for (const x of values) {
      if (!(x >= a && x < b)) expect.fail(`${x} is outside [${a}, ${b})`);
      seen.add(x);
    }
    return seen;
  }

  it('[1, 1.0000002): a two-ulp range; values are 1 or 1 + 2^-23, never maxval = 1 + 2^-22', () => {
    expect(fround(1.0000002)).toBe(1 + 2 ** -22);
    const seen = expectHalfOpen(1, 1.0000002, 21);
    expect([...seen].sort((x, y) => x - y)).toEqual([1, 1 + 2 ** -23]);
  });

  it('[-1.0000002, -1): never -1', () => {
    const seen = expectHalfOpen(-1.0000002, -1, 22);
    expect(seen.has(-1)).toBe(false);
  });

  it('[-1e-7, 0): never 0 nor -0', () => {
    const values = randomUniform({ minval: -1e-7, maxval: 0, seed: 23 }).sample([1_000_000]);
    for (const x of values) if (!(x < 0)) expect.fail(`${Object.is(x, -0) ? '-0' : x} is not < 0`);
  });

  it('[-1.4e-45, 1.4e-45): subnormal bounds', () => {
    const seen = expectHalfOpen(-1.4e-45, 1.4e-45, 24);
    expect(seen.has(fround(1.4e-45))).toBe(false);
  });

  it('[-1e38, 1e38): wide ranges stay finite and inside', () => {
    expectHalfOpen(-1e38, 1e38, 25);
  });
});

describe('aliases', () => {
  it('xavier* and kaiming* are the same functions as glorot* and he*', () => {
    expect(xavierUniform).toBe(glorotUniform);
    expect(xavierNormal).toBe(glorotNormal);
    expect(kaimingUniform).toBe(heUniform);
    expect(kaimingNormal).toBe(heNormal);
  });

  it("camelCase modes/distributions and Keras's 'normal' alias give bit-identical output", () => {
    const shape = [64, 32];
    const vs = (mode: 'fan_in' | 'fanIn' | 'fan_avg' | 'fanAvg', distribution: string): Float32Array =>
      varianceScaling({ scale: 3, mode, distribution: distribution as 'uniform', seed: 8 }).sample(shape);
    expect(sameBits(vs('fan_in', 'truncated_normal'), vs('fanIn', 'truncatedNormal'))).toBe(true);
    expect(sameBits(vs('fan_avg', 'untruncated_normal'), vs('fanAvg', 'untruncatedNormal'))).toBe(true);
    expect(sameBits(vs('fan_in', 'truncated_normal'), vs('fan_in', 'normal'))).toBe(true);
    expect(sameBits(vs('fan_in', 'uniform'), vs('fanIn', 'uniform'))).toBe(true);
  });

  it('varianceScaling() defaults to scale 1, fan_in, truncated_normal (Keras)', () => {
    const reported = varianceScaling().distribution([784, 256]);
    expect(reported.kind).toBe('truncatedNormal');
    if (reported.kind !== 'truncatedNormal') return;
    expect(reported.stddev).toBe(fround(Math.sqrt(1 / 784) / KERAS_TRUNCATION_CONSTANT));
  });
});

describe('seeding (docs/conventions.md §4)', () => {
  const shape = [64, 48];
  const withSeed = (seed: Seed | null | undefined): SeedOption => (seed === undefined ? {} : { seed });
  const RANDOM: [string, (seed?: Seed | null) => Initializer][] = [
    ['randomUniform', (seed) => randomUniform(withSeed(seed))],
    ['randomNormal', (seed) => randomNormal(withSeed(seed))],
    ['truncatedNormal', (seed) => truncatedNormal(withSeed(seed))],
    ['varianceScaling uniform', (seed) => varianceScaling({ distribution: 'uniform', ...withSeed(seed) })],
    [
      'varianceScaling untruncated',
      (seed) => varianceScaling({ distribution: 'untruncated_normal', ...withSeed(seed) }),
    ],
    ['glorotUniform', (seed) => glorotUniform(withSeed(seed))],
    ['glorotNormal', (seed) => glorotNormal(withSeed(seed))],
    ['heUniform', (seed) => heUniform(withSeed(seed))],
    ['heNormal', (seed) => heNormal(withSeed(seed))],
    ['lecunUniform', (seed) => lecunUniform(withSeed(seed))],
    ['lecunNormal', (seed) => lecunNormal(withSeed(seed))],
  ];

  describe.each(RANDOM)('%s', (_, make) => {
    it('same seed: bit-identical on repeated calls and across two instances', () => {
      const init = make(42);
      const first = init.sample(shape);
      expect(sameBits(first, init.sample(shape))).toBe(true);
      expect(sameBits(first, make(42).sample(shape))).toBe(true);
      expect(sameBits(first, init.fill(new Float32Array(first.length), shape))).toBe(true);
      using tensor = init.sampleInWasm(shape);
      expect(sameBits(first, tensor.array)).toBe(true);
    });

    it('different seeds differ', () => {
      expect(differing(make(1).sample(shape), make(2).sample(shape))).toBeGreaterThan(0.99);
    });

    it('seed 0 is a real seed: the same values twice, different from seed 1', () => {
      const zero = make(0).sample(shape);
      expect(sameBits(zero, make(0).sample(shape))).toBe(true);
      expect(differing(zero, make(1).sample(shape))).toBeGreaterThan(0.99);
    });

    it('number and bigint seeds agree', () => {
      expect(sameBits(make(42).sample(shape), make(42n).sample(shape))).toBe(true);
      expect(sameBits(make(0).sample(shape), make(0n).sample(shape))).toBe(true);
      const big = 2 ** 53 - 1;
      expect(sameBits(make(big).sample(shape), make(BigInt(big)).sample(shape))).toBe(true);
    });

    it('unseeded (omitted or null): different values on each call and per instance', () => {
      for (const seed of [undefined, null]) {
        const init = make(seed);
        const a = init.sample(shape);
        expect(differing(a, init.sample(shape))).toBeGreaterThan(0.99);
        expect(differing(a, make(seed).sample(shape))).toBeGreaterThan(0.99);
      }
    });

    it('SeedGenerator: successive calls differ; a second SeedGenerator(42) reproduces the sequence', () => {
      const g = new SeedGenerator(42);
      const init = make(g);
      const sequence = [init.sample(shape), init.sample(shape), init.fill(new Float32Array(64 * 48), shape)];
      expect(g.draws).toBe(3n);
      expect(differing(sequence[0]!, sequence[1]!)).toBeGreaterThan(0.99);
      expect(differing(sequence[1]!, sequence[2]!)).toBeGreaterThan(0.99);
      const h = new SeedGenerator(42n);
      const again = make(h);
      for (const expected of sequence) expect(sameBits(again.sample(shape), expected)).toBe(true);
      // Each call uses the generator's next draw as an integer seed.
      const draws = new SeedGenerator(42);
      for (const expected of sequence) expect(sameBits(make(draws.next()).sample(shape), expected)).toBe(true);
    });

    it('the largest seed, 2^64 − 1 (bigint), works and is deterministic', () => {
      const max = 2n ** 64n - 1n;
      const values = make(max).sample(shape);
      for (const x of values) if (!Number.isFinite(x)) expect.fail(`${x} is not finite`);
      expect(sameBits(values, make(max).sample(shape))).toBe(true);
      expect(differing(values, make(0n).sample(shape))).toBeGreaterThan(0.99);
      expect(differing(values, make(2n ** 63n).sample(shape))).toBeGreaterThan(0.99);
    });
  });

  it('2^64 − 1 gives the right statistics too (glorotUniform on [784, 256])', () => {
    const values = glorotUniform({ seed: 2n ** 64n - 1n }).sample([784, 256]);
    const limit = Math.sqrt(6 / (784 + 256));
    expectMoments(values, 0, limit / Math.sqrt(3), 9 / 5);
    const sorted = Float64Array.from(values).sort();
    expect(ksStatistic(sorted, targetOf(uniformLimit(limit)).cdf)).toBeLessThan(ksCritical(values.length));
  });
});

describe('variance scaling with zero fans: the divisor is max(1, n) (docs/conventions.md §2.1)', () => {
  const scale = 2;
  const cases: [string, number[], 'fan_in' | 'fan_out' | 'fan_avg', number][] = [
    ['[0, 5] fan_in: n = 0 → 1', [0, 5], 'fan_in', 1],
    ['[5, 0] fan_out: n = 0 → 1', [5, 0], 'fan_out', 1],
    ['[0, 0] fan_avg: n = 0 → 1', [0, 0], 'fan_avg', 1],
    ['[0, 1] fan_avg: n = 0.5 → 1', [0, 1], 'fan_avg', 1],
    ['[0, 5] fan_avg: n = 2.5 (no clamp)', [0, 5], 'fan_avg', 2.5],
    ['[3, 3, 0, 8] fan_in: n = 0 → 1', [3, 3, 0, 8], 'fan_in', 1],
    ['[0] fan_out: n = 0 → 1', [0], 'fan_out', 1],
  ];

  it.each(cases)('%s', (_, shape, mode, n) => {
    const std = Math.sqrt(scale / n);
    const uniform = varianceScaling({ scale, mode, distribution: 'uniform', seed: 1 });
    const u = uniform.distribution(shape);
    expect(u.kind).toBe('uniform');
    if (u.kind === 'uniform') expect(u.maxval).toBe(fround(Math.sqrt(3 * (scale / n))));
    expect(Math.abs(u.std / std - 1)).toBeLessThan(1e-6);
    for (const distribution of ['truncated_normal', 'untruncated_normal'] as const) {
      const d = varianceScaling({ scale, mode, distribution, seed: 1 }).distribution(shape);
      expect(Math.abs(d.std / std - 1)).toBeLessThan(1e-6);
      expect(Number.isFinite(d.std)).toBe(true);
    }
    // The output itself is empty.
    expect(uniform.sample(shape)).toEqual(new Float32Array(0));
    expect(uniform.fill(new Float32Array(0), shape).length).toBe(0);
    using tensor = uniform.sampleInWasm(shape);
    expect(tensor.length).toBe(0);
    expect(glorotNormal({ seed: 1 }).sample(shape).length).toBe(0);
  });
});
