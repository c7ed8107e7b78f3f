// The four sampling laws every initializer reduces to, with their float32 parameters.
// Parameters are computed in float64 (as Keras does) and rounded to float32 once, here; the
// checks make sure a kernel can never hang, overflow or return a non-finite value.

import { DTYPES, type DType, nextDown, nextUp, roundTo } from './dtype.js';
import { rangeError } from './errors.js';

/** A resolved sampling law with float32 parameters, plus the mean and standard deviation of its samples. */
export type Distribution =
  | { readonly kind: 'constant'; readonly value: number; readonly mean: number; readonly std: number }
  | {
      readonly kind: 'uniform';
      /** Inclusive lower bound (float32). */
      readonly minval: number;
      /** Exclusive upper bound (float32). */
      readonly maxval: number;
      /** The output type's largest value below its rounding of maxval: where a value that rounds up goes. */
      readonly below: number;
      readonly mean: number;
      readonly std: number;
    }
  | { readonly kind: 'normal'; readonly mean: number; readonly stddev: number; readonly std: number }
  | {
      readonly kind: 'truncatedNormal';
      /**
       * Mean of the normal before truncation: the mean of the samples when the bounds are
       * symmetric about it (Keras, JAX presets), not for PyTorch's absolute bounds.
       */
      readonly mean: number;
      /** σ of the normal before truncation. */
      readonly stddev: number;
      /** Exclusive bounds in the output type: samples satisfy lower < x < upper. */
      readonly lower: number;
      readonly upper: number;
      /** The bounds before rounding to the output type, in float64: mean ∓ 2·stddev, or PyTorch's (a, b). */
      readonly cut: readonly [number, number];
      /** Standard deviation of the samples. */
      readonly std: number;
    }
  | {
      /**
       * A normal N(mean, stddev²) truncated to an interval that holds little of its mass
       * (PyTorch `trunc_normal_`'s uniform-proposal branch): candidates are uniform on
       * [proposalLower, proposalUpper) and kept with probability φ(z)/φ(z_center).
       */
      readonly kind: 'truncatedNormalTail';
      /** Mean of the normal before truncation (not of the samples: see `sampleMean`). */
      readonly mean: number;
      readonly stddev: number;
      /** Exclusive float32 bounds: samples satisfy lower < x < upper. */
      readonly lower: number;
      readonly upper: number;
      /** The float32 proposal interval [proposalLower, proposalUpper), inside (lower, upper). */
      readonly proposalLower: number;
      readonly proposalUpper: number;
      /** The float32 point of the proposal interval nearest the mean. */
      readonly center: number;
      /** fround(1 / stddev). */
      readonly invStd: number;
      /** Mean and standard deviation of the samples. */
      readonly sampleMean: number;
      readonly std: number;
    }
  | {
      /**
       * A law that is not element-wise (orthogonal, identity, …): `write` produces the values of
       * flat indices start .. start + out.length − 1 of the whole tensor, computing what it needs.
       */
      readonly kind: 'structured';
      readonly name: string;
      readonly mean: number;
      readonly std: number;
      readonly write: (seed: bigint, out: Float32Array, start: number) => void;
      /**
       * Whether `write` computes the whole tensor whatever range it is asked for (orthogonal,
       * sparse, delta-orthogonal), so that a `slice` computes it once; otherwise (identity, eye,
       * dirac) each range is computed directly.
       */
      readonly whole: boolean;
    };

/** A law that is not element-wise: its `write` computes any range of the tensor. */
export type StructuredLaw = Extract<Distribution, { kind: 'structured' }>;

/** Standard deviation of a standard normal truncated to (−2, 2) (Keras, JAX: 0.87962566103423978). */
export const TRUNCATED_STD_FACTOR = 0.87962566103423978;

/**
 * How far a normal sample reaches, in σ: the Ziggurat's tail gives r + (−ln U)/r with U ≥ 2^-24,
 * at most r + 24·ln 2 / r ≈ 8.2067 for r = 3.6541528853610088, evaluated in float32 as the
 * kernel does (docs/stream-format.md §3).
 */
export const NORMAL_TAIL_SIGMAS = 8.206653594970703;

/** Version of the stream contract (docs/stream-format.md) the laws and kernels of this build implement. */
export const STREAM_FORMAT_VERSION = 2;

const fround = Math.fround;

function checkFloat32(where: string, option: string, value: number): number {
  const rounded = fround(value);
  if (!Number.isFinite(rounded)) throw rangeError(where, option, 'within float32 range (|x| < 3.4028235e38)', value);
  return rounded;
}

export function constant(where: string, value: number): Distribution {
  const v = checkFloat32(where, 'value', value);
  return { kind: 'constant', value: v, mean: v, std: 0 };
}

/** U[minval, maxval) in float32. */
export function uniform(
  where: string,
  minval: number,
  maxval: number,
  [minName, maxName]: readonly [string, string] = ['minval', 'maxval'],
): Distribution {
  if (!(minval < maxval)) {
    throw new RangeError(
      `${where}: \`${minName}\` must be less than \`${maxName}\`; got ${minName} = ${minval}, ${maxName} = ${maxval}`,
    );
  }
  const a = checkFloat32(where, minName, minval);
  const b = checkFloat32(where, maxName, maxval);
  if (a === b) {
    throw new RangeError(
      `${where}: \`${minName}\` and \`${maxName}\` round to the same float32 (${a}), so the range is empty; got ${minName} = ${minval}, ${maxName} = ${maxval}`,
    );
  }
  if (!Number.isFinite(fround(b - a))) {
    throw new RangeError(
      `${where}: the width \`${maxName}\` − \`${minName}\` overflows float32; got ${minName} = ${minval}, ${maxName} = ${maxval}`,
    );
  }
  return {
    kind: 'uniform',
    minval: a,
    maxval: b,
    below: nextDown('float32', b),
    mean: (a + b) / 2,
    std: (b - a) / Math.sqrt(12),
  };
}

function checkStddev(where: string, mean: number, stddev: number, stdName = 'stddev'): [number, number] {
  if (stddev < 0) throw rangeError(where, stdName, 'non-negative', stddev);
  const m = checkFloat32(where, 'mean', mean);
  const s = checkFloat32(where, stdName, stddev);
  if (s === 0 && stddev > 0) {
    throw new RangeError(`${where}: \`${stdName}\` rounds to 0 in float32 (pass 0 for a constant); got ${stddev}`);
  }
  return [m, s];
}

/** N(mean, stddev²); stddev 0 gives the mean everywhere. `stdName` names the option in messages. */
export function normal(where: string, mean: number, stddev: number, stdName = 'stddev'): Distribution {
  const [m, s] = checkStddev(where, mean, stddev, stdName);
  if (s === 0) return { kind: 'constant', value: m, mean: m, std: 0 };
  if (!Number.isFinite(fround(Math.abs(m) + NORMAL_TAIL_SIGMAS * s))) {
    throw new RangeError(
      `${where}: samples can reach mean ± ${NORMAL_TAIL_SIGMAS.toFixed(3)}·${stdName}, which overflows float32; got mean = ${mean}, ${stdName} = ${stddev}`,
    );
  }
  return { kind: 'normal', mean: m, stddev: s, std: s };
}

/** N(mean, stddev²) cut at mean ± 2·stddev (bounds in float64, then float32); stddev 0 gives the mean. */
export function truncatedNormal(where: string, mean: number, stddev: number): Distribution {
  const [m, s] = checkStddev(where, mean, stddev);
  if (s === 0) return { kind: 'constant', value: m, mean: m, std: 0 };
  const cut = [mean - 2 * stddev, mean + 2 * stddev] as const;
  const lower = fround(cut[0]);
  const upper = fround(cut[1]);
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) {
    throw new RangeError(
      `${where}: the bounds mean ± 2·stddev overflow float32; got mean = ${mean}, stddev = ${stddev}`,
    );
  }
  if (!(nextUp('float32', lower) < upper)) {
    throw new RangeError(
      `${where}: no float32 lies strictly inside mean ± 2·stddev = (${lower}, ${upper}), so nothing can be sampled; got mean = ${mean}, stddev = ${stddev}`,
    );
  }
  return { kind: 'truncatedNormal', mean: m, stddev: s, lower, upper, cut, std: s * TRUNCATED_STD_FACTOR };
}

/**
 * The law with its bounds expressed in the output type, checked so no value overflows that type
 * and no kernel can hang: float16 and bfloat16 outputs are rounded before the bound checks.
 */
export function forDType(where: string, law: Distribution, dtype: DType): Distribution {
  if (dtype === 'float32' || dtype === 'float64' || law.kind === 'structured') return law;
  const max = DTYPES[dtype].maxFinite;
  const overflow = (what: string): RangeError =>
    new RangeError(`${where}: ${what} overflows ${dtype} (largest finite value ${max})`);
  switch (law.kind) {
    case 'constant': {
      const value = roundTo(dtype, law.value);
      if (!Number.isFinite(value)) throw overflow(`\`value\` = ${law.value}`);
      return { ...law, value, mean: value };
    }
    case 'uniform': {
      const a = roundTo(dtype, law.minval);
      const b = roundTo(dtype, law.maxval);
      if (!Number.isFinite(a) || !Number.isFinite(b)) throw overflow(`the range [${law.minval}, ${law.maxval})`);
      if (a === b) {
        throw new RangeError(
          `${where}: the range [${law.minval}, ${law.maxval}) rounds to the single ${dtype} value ${a}`,
        );
      }
      return { ...law, below: nextDown(dtype, b) };
    }
    case 'normal':
      if (Math.abs(law.mean) + NORMAL_TAIL_SIGMAS * law.stddev > max) {
        throw overflow(`mean ± ${NORMAL_TAIL_SIGMAS.toFixed(3)}·stddev (mean = ${law.mean}, stddev = ${law.stddev})`);
      }
      return law;
    case 'truncatedNormal': {
      const lower = roundTo(dtype, law.cut[0]);
      const upper = roundTo(dtype, law.cut[1]);
      if (!Number.isFinite(lower) || !Number.isFinite(upper))
        throw overflow(`mean ± 2·stddev (${law.cut[0]}, ${law.cut[1]})`);
      if (!(nextUp(dtype, lower) < upper)) {
        throw new RangeError(
          `${where}: no ${dtype} value lies strictly inside mean ± 2·stddev = (${lower}, ${upper}), so nothing can be sampled`,
        );
      }
      const kept = keptFraction(dtype, law.mean, law.stddev, lower, upper);
      if (!(kept >= MIN_KEPT)) {
        throw new RangeError(
          `${where}: the standard deviation (σ = ${law.stddev}) is too small beside the spacing of ${dtype} values near the bounds (${lower}, ${upper}): ${kept === 0 ? 'no' : `only ${kept.toPrecision(2)} of the`} normal candidates round to a value inside, too few to sample by redrawing; use float32 or float64`,
        );
      }
      return { ...law, lower, upper };
    }
    case 'truncatedNormalTail':
      throw new RangeError(
        `${where}: ${dtype} output is not available for a truncated normal sampled by uniform proposals, as when its interval holds under 30% of the normal's mass or σ is small beside the float32 spacing there (that kernel samples in float32); use float32 or float64`,
      );
  }
}

/**
 * erfc(x) by Numerical Recipes' Chebyshev fit (erfcc): relative error below 1.2e-7 everywhere.
 * Used only to choose a sampling method and to report a law's moments, never for sample values.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -z * z -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(poly);
  return x >= 0 ? r : 2 - r;
}

/** The standard normal upper tail Q(z) = P(Z > z). */
const upperTail = (z: number): number => 0.5 * erfc(z / Math.SQRT2);
const density = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/**
 * The share of the truncated-normal kernel's candidates N(mean, stddev²) that it keeps: those that
 * round, in `dtype` (float64 is generated in float32), to a value strictly between `lower` and
 * `upper`, as far as Box–Muller reaches. Where stddev is small beside the type's spacing at the
 * bounds, this is far below the normal's mass inside them: the kernel would spin on rejections.
 */
function keptFraction(dtype: DType, mean: number, stddev: number, lower: number, upper: number): number {
  const type = dtype === 'float64' ? 'float32' : dtype;
  // Kept: the values between the rounding midpoints just inside each bound.
  const from = Math.max(((lower + nextUp(type, lower)) / 2 - mean) / stddev, -NORMAL_TAIL_SIGMAS);
  const to = Math.min(((nextDown(type, upper) + upper) / 2 - mean) / stddev, NORMAL_TAIL_SIGMAS);
  return from < to ? upperTail(from) - upperTail(to) : 0;
}

/**
 * The redraw kernel runs only where it keeps at least this share of its candidates (1 in 1,024):
 * below it, σ is far below the output type's spacing at the bounds and the kernel would spin for
 * a thousand candidates per value or forever (where no candidate can round inside at all).
 */
const MIN_KEPT = 2 ** -10;

/** Mean and std of N(mean, std²) truncated to [a, b] (standardized bounds alpha < beta), by the textbook formulas. */
function truncatedMoments(mean: number, std: number, alpha: number, beta: number): { mean: number; std: number } {
  // Work on the side of the mean where the tails are small, so the mass is not a difference of ≈1s.
  const flip = alpha + beta > 0;
  const [lo, hi] = flip ? [alpha, beta] : [-beta, -alpha];
  const mass = upperTail(lo) - upperTail(hi);
  const phiLo = density(lo);
  const phiHi = Number.isFinite(hi) ? density(hi) : 0;
  const shift = (phiLo - phiHi) / mass;
  const second = 1 + (lo * phiLo - (Number.isFinite(hi) ? hi * phiHi : 0)) / mass - shift * shift;
  let m = shift;
  let v = second;
  if (!(mass > 0) || !Number.isFinite(shift) || !(second > 0)) {
    // Far tails: the law is close to an exponential of rate lo starting at lo.
    m = lo + 1 / Math.max(lo, 1e-300);
    v = 1 / Math.max(lo * lo, 1e-300);
  }
  return { mean: mean + (flip ? m : -m) * std, std: Math.sqrt(v) * std };
}

/** Option names used in the messages of truncatedBetween. */
export interface TruncationNames {
  mean: string;
  std: string;
  a: string;
  b: string;
}

/** How far (in e = z² − z_c²) the uniform proposals reach: beyond it the density is below e^-50 of its maximum. */
const PROPOSAL_REACH = 100;

/**
 * N(mean, std²) truncated to the absolute interval (a, b), as PyTorch `trunc_normal_`: when the
 * interval holds more than 0.3 of the normal's mass, normal candidates outside the float32
 * bounds are redrawn (the truncated-normal kernel), unless under MIN_KEPT of them round inside
 * (std far below float32's spacing there); otherwise candidates are uniform on the part
 * of the interval where the density is at least e^-50 of its maximum there, and are accepted
 * with probability φ(z)/φ(z_center) (the tail kernel). Samples lie strictly inside
 * (fround(a), fround(b)). std 0 gives the mean if it lies inside.
 */
export function truncatedBetween(
  where: string,
  mean: number,
  std: number,
  a: number,
  b: number,
  names: TruncationNames = { mean: 'mean', std: 'std', a: 'a', b: 'b' },
): Distribution {
  const got = `got ${names.mean} = ${mean}, ${names.std} = ${std}, ${names.a} = ${a}, ${names.b} = ${b}`;
  if (!(a < b)) throw new RangeError(`${where}: \`${names.a}\` must be less than \`${names.b}\`; ${got}`);
  const [m, s] = checkStddev(where, mean, std, names.std);
  const lower = checkFloat32(where, names.a, a);
  const upper = checkFloat32(where, names.b, b);
  if (!(nextUp('float32', lower) < upper)) {
    throw new RangeError(
      `${where}: no float32 lies strictly inside (\`${names.a}\`, \`${names.b}\`) = (${lower}, ${upper}), so nothing can be sampled; ${got}`,
    );
  }
  if (s === 0) {
    if (lower < m && m < upper) return { kind: 'constant', value: m, mean: m, std: 0 };
    throw new RangeError(`${where}: \`${names.std}\` is 0 and \`${names.mean}\` lies outside (a, b); ${got}`);
  }
  const alpha = (a - mean) / std;
  const beta = (b - mean) / std;
  const moments = truncatedMoments(m, s, alpha, beta);
  const inside = upperTail(alpha) - upperTail(beta);
  // PyTorch's rule (pytorch#174997), unless rounding to float32 leaves the redraw kernel spinning.
  if (inside > 0.3 && keptFraction('float32', m, s, lower, upper) >= MIN_KEPT) {
    if (!Number.isFinite(fround(Math.abs(m) + NORMAL_TAIL_SIGMAS * s))) {
      throw new RangeError(
        `${where}: candidates can reach mean ± ${NORMAL_TAIL_SIGMAS.toFixed(3)}·${names.std}, which overflows float32; ${got}`,
      );
    }
    return { kind: 'truncatedNormal', mean: m, stddev: s, lower, upper, cut: [a, b], std: moments.std };
  }
  // Uniform proposals on the part of [a, b] where e = z² − z_c² ≤ PROPOSAL_REACH.
  let from = a;
  let to = b;
  if (mean < a) {
    to = Math.min(b, a + (std * PROPOSAL_REACH) / (alpha + Math.sqrt(alpha * alpha + PROPOSAL_REACH)));
  } else if (mean > b) {
    from = Math.max(a, b - (std * PROPOSAL_REACH) / (-beta + Math.sqrt(beta * beta + PROPOSAL_REACH)));
  } else {
    const reach = std * Math.sqrt(PROPOSAL_REACH);
    from = Math.max(a, mean - reach);
    to = Math.min(b, mean + reach);
  }
  const p = Math.min(Math.max(nextUp('float32', lower), fround(from)), nextDown('float32', upper));
  const q = Math.max(Math.min(upper, fround(to)), nextUp('float32', p));
  const width = fround(q - p);
  const below = nextDown('float32', q);
  const center = Math.min(Math.max(m, p), below);
  const invStd = fround(1 / s);
  const farthest = fround(fround(Math.max(Math.abs(fround(p - m)), Math.abs(fround(below - m)))) * 2);
  if (!Number.isFinite(width) || !Number.isFinite(invStd) || !Number.isFinite(fround(farthest * invStd))) {
    throw new RangeError(
      `${where}: the interval is too far from \`${names.mean}\` in units of \`${names.std}\` for float32 arithmetic; ${got}`,
    );
  }
  return {
    kind: 'truncatedNormalTail',
    mean: m,
    stddev: s,
    lower,
    upper,
    proposalLower: p,
    proposalUpper: q,
    center,
    invStd,
    sampleMean: moments.mean,
    std: moments.std,
  };
}
