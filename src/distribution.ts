// The four sampling laws every initializer reduces to, with their float32 parameters.
// Parameters are computed in float64 (as Keras does) and rounded to float32 once, here; the
// checks make sure a kernel can never hang, overflow or return a non-finite value.

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
      readonly mean: number;
      readonly std: number;
    }
  | { readonly kind: 'normal'; readonly mean: number; readonly stddev: number; readonly std: number }
  | {
      readonly kind: 'truncatedNormal';
      readonly mean: number;
      /** σ of the normal before truncation. */
      readonly stddev: number;
      /** Exclusive float32 bounds: samples satisfy lower < x < upper. */
      readonly lower: number;
      readonly upper: number;
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
  return { kind: 'uniform', minval: a, maxval: b, mean: (a + b) / 2, std: (b - a) / Math.sqrt(12) };
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
  const lower = fround(mean - 2 * stddev);
  const upper = fround(mean + 2 * stddev);
  if (!Number.isFinite(lower) || !Number.isFinite(upper)) {
    throw new RangeError(
      `${where}: the bounds mean ± 2·stddev overflow float32; got mean = ${mean}, stddev = ${stddev}`,
    );
  }
  if (!(nextUp(lower) < upper)) {
    throw new RangeError(
      `${where}: no float32 lies strictly inside mean ± 2·stddev = (${lower}, ${upper}), so nothing can be sampled; got mean = ${mean}, stddev = ${stddev}`,
    );
  }
  return { kind: 'truncatedNormal', mean: m, stddev: s, lower, upper, std: s * TRUNCATED_STD_FACTOR };
}

/** The next float32 above a finite float32 x. */
export function nextUp(x: number): number {
  const f = new Float32Array([x]);
  const bits = new Int32Array(f.buffer);
  if (x === 0) bits[0] = 1;
  else bits[0]! += x > 0 ? 1 : -1;
  return f[0]!;
}
