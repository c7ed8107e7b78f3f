// The four sampling laws every initializer reduces to, with their float32 parameters.
// Parameters are computed in float64 (as Keras does) and rounded to float32 once, here; the
// checks make sure a kernel can never hang, overflow or return a non-finite value.

import { type DType, MAX_FINITE, nextDown, nextUp, roundTo } from './dtype.js';
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
      readonly mean: number;
      /** σ of the normal before truncation. */
      readonly stddev: number;
      /** Exclusive bounds in the output type: samples satisfy lower < x < upper. */
      readonly lower: number;
      readonly upper: number;
      /** mean ∓ 2·stddev in float64, before rounding to the output type. */
      readonly cut: readonly [number, number];
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
    };

/** Standard deviation of a standard normal truncated to (−2, 2) (Keras, JAX: 0.87962566103423978). */
export const TRUNCATED_STD_FACTOR = 0.87962566103423978;

/** How far a Box–Muller normal reaches, in σ: √(−2 ln 2^-24) with 24-bit uniforms. */
export const NORMAL_TAIL_SIGMAS = Math.sqrt(48 * Math.LN2);

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
export function uniform(where: string, minval: number, maxval: number): Distribution {
  const [minName, maxName] = ['minval', 'maxval'];
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

function checkStddev(where: string, mean: number, stddev: number): [number, number] {
  if (stddev < 0) throw rangeError(where, 'stddev', 'non-negative', stddev);
  const m = checkFloat32(where, 'mean', mean);
  const s = checkFloat32(where, 'stddev', stddev);
  if (s === 0 && stddev > 0) {
    throw new RangeError(`${where}: \`stddev\` rounds to 0 in float32 (pass 0 for a constant); got ${stddev}`);
  }
  return [m, s];
}

/** N(mean, stddev²); stddev 0 gives the mean everywhere. */
export function normal(where: string, mean: number, stddev: number): Distribution {
  const [m, s] = checkStddev(where, mean, stddev);
  if (s === 0) return { kind: 'constant', value: m, mean: m, std: 0 };
  if (!Number.isFinite(fround(Math.abs(m) + NORMAL_TAIL_SIGMAS * s))) {
    throw new RangeError(
      `${where}: samples can reach mean ± ${NORMAL_TAIL_SIGMAS.toFixed(3)}·stddev, which overflows float32; got mean = ${mean}, stddev = ${stddev}`,
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
  const max = MAX_FINITE[dtype];
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
      return { ...law, lower, upper };
    }
  }
}
