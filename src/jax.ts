// nninit/jax: jax.nn.initializers under camelCase names, with JAX's positional parameters and
// defaults, its (..., in, out) layout with explicit in/out/batch axes, float fans and
// fan_geo_avg (semantics.md §2.1, §3). Source: jax/_src/nn/initializers.py.
//
// JAX initializers take an explicit key per call; these take nninit seeds instead (a fixed seed
// gives the same values on every call; a SeedGenerator gives a new draw per call).
// Differences from JAX, all on purpose:
// - mode and distribution are validated when the initializer is made (JAX: when it is called);
// - a zero fan throws a RangeError naming the shape (JAX divides by zero);
// - scale and stddev must be positive / non-negative (JAX gives NaN or reflected ranges silently).

import {
  constant as constantLaw,
  type Distribution,
  normal as normalLaw,
  TRUNCATED_STD_FACTOR,
  truncatedBetween,
  truncatedNormal as truncatedLaw,
  uniform as uniformLaw,
} from './distribution.js';
import { checkOptions, finiteNumber, rangeError, show, typeError } from './errors.js';
import { Initializer } from './initializer.js';
import type { SeedOption } from './initializers.js';
import { checkSeed } from './seed.js';
import { parseShape, type Shape } from './shape.js';
import { checkGain, orthogonalLaw, orthogonalMatrix, requireRank } from './structured.js';
import { embedded } from './embedded.js';
import { setWasmSource } from './wasm.js';

// Like 'nninit', this entry loads the embedded module, unless 'nninit/wasm-file' chose a source first.
setWasmSource(embedded);

export { SeedGenerator, type Seed } from './seed.js';
export { Initializer, WasmTensor } from './initializer.js';
export type { SeedOption } from './initializers.js';

/** An axis or a list of axes; negative axes count from the end. */
export type Axes = number | readonly number[];

export interface FanAxesOptions {
  /** Input axis or axes (default −2). */
  inAxis?: Axes;
  /** Output axis or axes (default −1). */
  outAxis?: Axes;
  /** Batch axes, counted in neither fan (default none). */
  batchAxis?: Axes;
}

export interface Fans {
  fanIn: number;
  fanOut: number;
}

function axesOf(where: string, option: string, value: unknown): number[] | null {
  if (value === undefined || value === null) return null;
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list)) throw typeError(where, option, 'an integer axis or an array of axes', value);
  return list.map((axis: unknown, i) => {
    const name = typeof value === 'number' ? option : `${option}[${i}]`;
    if (typeof axis !== 'number') throw typeError(where, name, 'an integer axis', axis);
    if (!Number.isInteger(axis)) throw rangeError(where, name, 'an integer axis', axis);
    return axis;
  });
}

interface ResolvedFanAxes {
  inAxis: number[];
  outAxis: number[];
  batchAxis: number[];
  defaultIn: boolean;
}

function fanAxesOf(where: string, o: Record<string, unknown>): ResolvedFanAxes {
  const inAxis = axesOf(where, 'inAxis', o.inAxis);
  const outAxis = axesOf(where, 'outAxis', o.outAxis);
  const batchAxis = axesOf(where, 'batchAxis', o.batchAxis);
  return {
    inAxis: inAxis ?? [-2],
    outAxis: outAxis ?? [-1],
    batchAxis: batchAxis ?? [],
    defaultIn: inAxis === null || (typeof o.inAxis === 'number' && o.inAxis === -2),
  };
}

function resolve(where: string, option: string, axes: readonly number[], rank: number): number[] {
  return axes.map((axis, i) => {
    if (axis < -rank || axis >= rank) {
      const name = axes.length === 1 ? option : `${option}[${i}]`;
      throw rangeError(where, name, `an axis in [${-rank}, ${rank - 1}] for a rank-${rank} shape`, axis);
    }
    return axis < 0 ? axis + rank : axis;
  });
}

/** JAX's _compute_fans on validated dims: fans are floats, rf = size / in / out / batch. */
function fansOf(where: string, dims: readonly number[], axes: ResolvedFanAxes): Fans {
  const rank = dims.length;
  if (axes.defaultIn && rank <= 1) {
    throw new RangeError(
      `${where}: Can't compute input and output sizes of a ${rank}-dimensional weights tensor with default in_axis. Must be at least 2D or specify \`inAxis\` explicitly; got shape ${show(dims)}`,
    );
  }
  const product = (list: readonly number[]): number => list.reduce((a, i) => a * dims[i]!, 1);
  const inSize = product(resolve(where, 'inAxis', axes.inAxis, rank));
  const outSize = product(resolve(where, 'outAxis', axes.outAxis, rank));
  const batchSize = product(resolve(where, 'batchAxis', axes.batchAxis, rank));
  const total = dims.reduce((a, b) => a * b, 1);
  if (inSize === 0 || outSize === 0 || batchSize === 0) {
    throw new RangeError(
      `${where}: a fan of shape ${show(dims)} is 0 (JAX would divide by zero); in size ${inSize}, out size ${outSize}, batch size ${batchSize}`,
    );
  }
  const receptiveField = total / inSize / outSize / batchSize;
  return { fanIn: inSize * receptiveField, fanOut: outSize * receptiveField };
}

/**
 * jax.nn.initializers' _compute_fans: in_size = ∏shape[inAxis], out_size = ∏shape[outAxis],
 * receptive field = size / in / out / batch (float division), fan_in = in·rf, fan_out = out·rf.
 * Rank ≤ 1 with the default inAxis is an error, as in JAX; so is a zero size at any fan axis.
 */
export function computeFans(shape: Shape, options?: FanAxesOptions): Fans {
  const where = 'jax.computeFans';
  const dims = parseShape(shape, where);
  const o = checkOptions(where, options, ['inAxis', 'outAxis', 'batchAxis']);
  return fansOf(where, dims, fanAxesOf(where, o));
}

export type Mode = 'fan_in' | 'fan_out' | 'fan_avg' | 'fan_geo_avg';
export type VarianceDistribution = 'truncated_normal' | 'normal' | 'uniform';

const MODES: readonly Mode[] = ['fan_in', 'fan_out', 'fan_avg', 'fan_geo_avg'];
const DISTRIBUTIONS: readonly VarianceDistribution[] = ['truncated_normal', 'normal', 'uniform'];

function oneOf<T extends string>(where: string, option: string, value: unknown, valid: readonly T[]): T {
  if (value === undefined || value === null) {
    throw typeError(where, option, `one of ${valid.join(', ')} (it has no default in JAX)`, value);
  }
  if (typeof value !== 'string') throw typeError(where, option, `one of ${valid.join(', ')}`, value);
  if (!(valid as readonly string[]).includes(value)) {
    throw new RangeError(`${where}: \`${option}\` must be one of ${valid.join(', ')}; got ${show(value)}`);
  }
  return value as T;
}

export interface VarianceScalingOptions extends SeedOption, FanAxesOptions {}

function scaled(
  where: string,
  className: string,
  scale: number,
  mode: Mode,
  distribution: VarianceDistribution,
  o: Record<string, unknown>,
): Initializer {
  const axes = fanAxesOf(where, o);
  const seed = checkSeed(where, o.seed);
  const lawFor = (dims: number[], at: string): Distribution => {
    const { fanIn, fanOut } = fansOf(at, dims, axes);
    const denominator =
      mode === 'fan_in'
        ? fanIn
        : mode === 'fan_out'
          ? fanOut
          : mode === 'fan_avg'
            ? (fanIn + fanOut) / 2
            : Math.sqrt(fanIn * fanOut);
    const variance = scale / denominator;
    const spread =
      distribution === 'uniform'
        ? Math.sqrt(3 * variance)
        : distribution === 'normal'
          ? Math.sqrt(variance)
          : Math.sqrt(variance) / TRUNCATED_STD_FACTOR;
    if (!(Math.fround(spread) > 0) || !Number.isFinite(Math.fround(spread * 6))) {
      throw new RangeError(
        `${at}: \`scale\` / ${mode} gives a spread of ${spread}, which float32 cannot sample (${mode} = ${denominator}); got scale = ${scale}`,
      );
    }
    if (distribution === 'uniform') return uniformLaw(at, -spread, spread);
    if (distribution === 'normal') return normalLaw(at, 0, spread);
    return truncatedLaw(at, 0, spread);
  };
  const config = {
    scale,
    mode,
    distribution,
    inAxis: o.inAxis ?? -2,
    outAxis: o.outAxis ?? -1,
    batchAxis: o.batchAxis ?? [],
    seed: o.seed ?? null,
  };
  return new Initializer(where, className, config, lawFor, seed);
}

/**
 * jax.nn.initializers.variance_scaling(scale, mode, distribution, in_axis, out_axis, batch_axis):
 * variance scale / n with n = fan_in, fan_out, (fan_in + fan_out)/2 or √(fan_in·fan_out).
 * 'truncated_normal': σ = √(scale/n)/0.87962566103423978 cut at ±2σ; 'normal': UNtruncated
 * N(0, scale/n) (Keras reads 'normal' as truncated); 'uniform': U[−L, L), L = √(3·scale/n).
 * No fan clamp (Keras clamps n to ≥ 1).
 */
export function varianceScaling(
  scale: number,
  mode: Mode,
  distribution: VarianceDistribution,
  options?: VarianceScalingOptions,
): Initializer {
  const where = 'varianceScaling';
  if (scale === undefined) throw typeError(where, 'scale', 'a positive number (it has no default in JAX)', scale);
  const s = finiteNumber(where, 'scale', scale, 1);
  if (s <= 0) throw rangeError(where, 'scale', 'a positive number', s);
  const m = oneOf(where, 'mode', mode, MODES);
  const d = oneOf(where, 'distribution', distribution, DISTRIBUTIONS);
  const o = checkOptions(where, options, ['inAxis', 'outAxis', 'batchAxis', 'seed']);
  return scaled(where, 'variance_scaling', s, m, d, o);
}

export interface PresetOptions extends SeedOption, FanAxesOptions {}

function preset(
  where: string,
  className: string,
  scale: number,
  mode: Mode,
  distribution: VarianceDistribution,
  options: PresetOptions | undefined,
): Initializer {
  const o = checkOptions(where, options, ['inAxis', 'outAxis', 'batchAxis', 'seed']);
  return scaled(where, className, scale, mode, distribution, o);
}

/** glorot_uniform: variance_scaling(1, 'fan_avg', 'uniform'). */
export function glorotUniform(options?: PresetOptions): Initializer {
  return preset('glorotUniform', 'glorot_uniform', 1, 'fan_avg', 'uniform', options);
}
/** glorot_normal: variance_scaling(1, 'fan_avg', 'truncated_normal'): truncated and corrected. */
export function glorotNormal(options?: PresetOptions): Initializer {
  return preset('glorotNormal', 'glorot_normal', 1, 'fan_avg', 'truncated_normal', options);
}
/** he_uniform: variance_scaling(2, 'fan_in', 'uniform'). */
export function heUniform(options?: PresetOptions): Initializer {
  return preset('heUniform', 'he_uniform', 2, 'fan_in', 'uniform', options);
}
/** he_normal: variance_scaling(2, 'fan_in', 'truncated_normal'). */
export function heNormal(options?: PresetOptions): Initializer {
  return preset('heNormal', 'he_normal', 2, 'fan_in', 'truncated_normal', options);
}
/** lecun_uniform: variance_scaling(1, 'fan_in', 'uniform'). */
export function lecunUniform(options?: PresetOptions): Initializer {
  return preset('lecunUniform', 'lecun_uniform', 1, 'fan_in', 'uniform', options);
}
/** lecun_normal: variance_scaling(1, 'fan_in', 'truncated_normal'). */
export function lecunNormal(options?: PresetOptions): Initializer {
  return preset('lecunNormal', 'lecun_normal', 1, 'fan_in', 'truncated_normal', options);
}
/** JAX's alias of glorot_uniform. */
export const xavierUniform = glorotUniform;
/** JAX's alias of glorot_normal (truncated, corrected: not PyTorch's xavier_normal_). */
export const xavierNormal = glorotNormal;
/** JAX's alias of he_uniform. */
export const kaimingUniform = heUniform;
/** JAX's alias of he_normal (truncated, corrected: not PyTorch's kaiming_normal_). */
export const kaimingNormal = heNormal;

/** jax.nn.initializers.zeros (JAX's is an initializer already; here a factory, like the rest). */
export function zeros(options?: Record<string, never>): Initializer {
  checkOptions('zeros', options, []);
  const law = constantLaw('zeros', 0);
  return new Initializer('zeros', 'zeros', {}, () => law, undefined);
}

/** jax.nn.initializers.ones. */
export function ones(options?: Record<string, never>): Initializer {
  checkOptions('ones', options, []);
  const law = constantLaw('ones', 1);
  return new Initializer('ones', 'ones', {}, () => law, undefined);
}

/** jax.nn.initializers.constant(value): `value` everywhere (required; scalars only). */
export function constant(value: number): Initializer {
  const where = 'constant';
  if (value === undefined || value === null) throw typeError(where, 'value', 'a number (it has no default)', value);
  const v = finiteNumber(where, 'value', value, 0);
  const law = constantLaw(where, v);
  return new Initializer(where, 'constant', { value: v }, () => law, undefined);
}

/** jax.nn.initializers.uniform(scale = 1e-2): U[0, scale), NOT symmetric. */
export function uniform(scale = 1e-2, options?: SeedOption): Initializer {
  const where = 'uniform';
  const s = finiteNumber(where, 'scale', scale, 1e-2);
  if (s <= 0) throw rangeError(where, 'scale', 'a positive number', s);
  const o = checkOptions(where, options, ['seed']);
  const seed = checkSeed(where, o.seed);
  const law = uniformLaw(where, 0, s, ['0', 'scale']);
  return new Initializer(where, 'uniform', { scale: s, seed: o.seed ?? null }, () => law, seed);
}

/** jax.nn.initializers.normal(stddev = 1e-2): N(0, stddev²), mean always 0, untruncated. */
export function normal(stddev = 1e-2, options?: SeedOption): Initializer {
  const where = 'normal';
  const s = finiteNumber(where, 'stddev', stddev, 1e-2);
  const o = checkOptions(where, options, ['seed']);
  const seed = checkSeed(where, o.seed);
  const law = normalLaw(where, 0, s);
  return new Initializer(where, 'normal', { stddev: s, seed: o.seed ?? null }, () => law, seed);
}

/**
 * jax.nn.initializers.truncated_normal(stddev = 1e-2, lower = −2, upper = 2): stddev·TN(lower,
 * upper), bounds in units of stddev, mean 0, and NO variance correction (JAX leaves it to the
 * user: the default has std 0.8796·stddev).
 */
export function truncatedNormal(stddev = 1e-2, lower = -2.0, upper = 2.0, options?: SeedOption): Initializer {
  const where = 'truncatedNormal';
  const s = finiteNumber(where, 'stddev', stddev, 1e-2);
  const l = finiteNumber(where, 'lower', lower, -2);
  const u = finiteNumber(where, 'upper', upper, 2);
  if (!(l < u)) throw new RangeError(`${where}: \`lower\` must be less than \`upper\`; got lower = ${l}, upper = ${u}`);
  if (s < 0) throw rangeError(where, 'stddev', 'non-negative', s);
  const o = checkOptions(where, options, ['seed']);
  const seed = checkSeed(where, o.seed);
  const law =
    s === 0
      ? constantLaw(where, 0)
      : truncatedBetween(where, 0, s, l * s, u * s, {
          mean: 'mean',
          std: 'stddev',
          a: 'lower·stddev',
          b: 'upper·stddev',
        });
  return new Initializer(
    where,
    'truncated_normal',
    { stddev: s, lower: l, upper: u, seed: o.seed ?? null },
    () => law,
    seed,
  );
}

function columnAxisOf(where: string, value: unknown): number {
  const axis = finiteNumber(where, 'columnAxis', value, -1);
  if (!Number.isInteger(axis)) throw rangeError(where, 'columnAxis', 'an integer axis', axis);
  return axis;
}

/**
 * The JAX orthogonal matrix for `dims`: cols = shape[columnAxis], rows = size / cols (the other
 * dims in order), Q·sign(diag R)·scale as Keras (transposed when rows < cols), then the column
 * axis moved back into place. Returned row-major in the layout of `dims`.
 */
function jaxOrthogonal(
  where: string,
  seed: bigint,
  dims: readonly number[],
  axis: number,
  scale: number,
): Float32Array {
  const rank = dims.length;
  const c = axis < 0 ? axis + rank : axis;
  const cols = dims[c]!;
  const total = dims.reduce((a, b) => a * b, 1);
  const rows = cols === 0 ? 0 : total / cols;
  const matrix = orthogonalMatrix(where, seed, rows, cols, scale, 'keras');
  if (c === rank - 1 || total === 0) return matrix;
  const outer = dims.slice(0, c).reduce((a, b) => a * b, 1);
  const inner = dims.slice(c + 1).reduce((a, b) => a * b, 1);
  const out = new Float32Array(total);
  for (let o = 0; o < outer; o++) {
    for (let cc = 0; cc < cols; cc++) {
      const dst = (o * cols + cc) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = matrix[(o * inner + i) * cols + cc]!;
    }
  }
  return out;
}

function checkColumnAxis(where: string, axis: number, rank: number): void {
  if (axis < -rank || axis >= rank) {
    throw rangeError(where, 'columnAxis', `an axis in [${-rank}, ${rank - 1}] for a rank-${rank} shape`, axis);
  }
}

/**
 * jax.nn.initializers.orthogonal(scale = 1, column_axis = −1): cols = shape[columnAxis], the other
 * dims flattened into rows; Q·sign(diag R) (0 ↦ +1) times scale, the column axis moved back.
 */
export function orthogonal(scale = 1.0, columnAxis = -1, options?: SeedOption): Initializer {
  const where = 'orthogonal';
  const s = checkGain(where, 'scale', finiteNumber(where, 'scale', scale, 1));
  const axis = columnAxisOf(where, columnAxis);
  const o = checkOptions(where, options, ['seed']);
  const seed = checkSeed(where, o.seed);
  const lawFor = (dims: number[], at: string): Distribution => {
    if (dims.length < 2) {
      throw new RangeError(
        `${at}: orthogonal initializer requires at least a 2D shape; got shape ${show(dims)} of rank ${dims.length}`,
      );
    }
    checkColumnAxis(at, axis, dims.length);
    const total = dims.reduce((a, b) => a * b, 1);
    const cols = dims[axis < 0 ? axis + dims.length : axis]!;
    // The same law as the Keras recipe on the flattened matrix: its checks and its moments.
    const { std } = orthogonalLaw(at, cols === 0 ? 0 : total / cols, cols, s, 'keras');
    return {
      kind: 'structured',
      name: at,
      mean: 0,
      std,
      write: (callSeed, out, start) => {
        if (out.length === 0) return;
        out.set(jaxOrthogonal(at, callSeed, dims, axis, s).subarray(start, start + out.length));
      },
    };
  };
  return new Initializer(where, 'orthogonal', { scale: s, columnAxis: axis, seed: o.seed ?? null }, lawFor, seed);
}

/**
 * jax.nn.initializers.delta_orthogonal(scale = 1, column_axis = −1): zeros, except the centre
 * tap — index (k − 1) // 2 of every spatial dim (PyTorch's dirac uses k // 2) — which holds
 * orthogonal(scale, columnAxis) of shape (in, out). 3-, 4- or 5-D kernels (..., in, out) with
 * in ≤ out.
 */
export function deltaOrthogonal(scale = 1.0, columnAxis = -1, options?: SeedOption): Initializer {
  const where = 'deltaOrthogonal';
  const s = checkGain(where, 'scale', finiteNumber(where, 'scale', scale, 1));
  const axis = columnAxisOf(where, columnAxis);
  checkColumnAxis(where, axis, 2);
  const o = checkOptions(where, options, ['seed']);
  const seed = checkSeed(where, o.seed);
  const lawFor = (dims: number[], at: string): Distribution => {
    requireRank(at, dims, [3, 4, 5], 'Delta orthogonal initializer requires a 3D, 4D or 5D shape');
    const rank = dims.length;
    const fanIn = dims[rank - 2]!;
    const fanOut = dims[rank - 1]!;
    if (fanOut < fanIn) {
      throw new RangeError(`${at}: \`fan_in\` must be less or equal than \`fan_out\`; got shape ${show(dims)}`);
    }
    const spatial = dims.slice(0, -2);
    const total = dims.reduce((a, b) => a * b, 1);
    const block = fanIn * fanOut;
    let centre = 0;
    for (const k of spatial) centre = centre * k + Math.floor((k - 1) / 2);
    const offset = centre * block;
    orthogonalLaw(at, fanIn, fanOut, s, 'keras'); // the size check of the centre matrix
    const std = total === 0 ? 0 : Math.abs(s) * Math.sqrt(Math.min(fanIn, fanOut) / total);
    return {
      kind: 'structured',
      name: at,
      mean: 0,
      std,
      write: (callSeed, out, start) => {
        out.fill(0);
        const end = start + out.length;
        const from = Math.max(start, offset);
        const to = Math.min(end, offset + block);
        if (total === 0 || from >= to) return;
        const matrix = jaxOrthogonal(at, callSeed, [fanIn, fanOut], axis, s);
        out.set(matrix.subarray(from - offset, to - offset), from - start);
      },
    };
  };
  return new Initializer(where, 'delta_orthogonal', { scale: s, columnAxis: axis, seed: o.seed ?? null }, lawFor, seed);
}
