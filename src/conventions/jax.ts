// 'nninit/jax': jax.nn.initializers under camelCase names, with JAX's positional parameters and
// defaults, its (..., in, out) layout with explicit in/out/batch axes, float fans and
// fan_geo_avg (docs/conventions.md §2.1, §3). Source: jax/_src/nn/initializers.py.
//
// JAX initializers take an explicit key per call; these take nninit seeds instead (a fixed seed
// gives the same values on every call; a SeedGenerator gives a new draw per call).
// Differences from JAX, all on purpose:
// - mode and distribution are validated when the initializer is made (JAX: when it is called);
// - a zero fan throws a RangeError naming the shape (JAX divides by zero);
// - scale and stddev must be positive / non-negative (JAX gives NaN or reflected ranges silently).

import { constantInitializer, fixedValueFactory, Initializer, type InitializerName } from '../core/initializer.js';
import { checkSeed, type Seed, type SeedOption } from '../core/seed.js';
import { checkGain, orthogonalLaw, requireRank } from '../core/structured.js';
import {
  constant as constantLaw,
  type Distribution,
  normal as normalLaw,
  type StructuredLaw,
  truncatedBetween,
  uniform as uniformLaw,
} from '../laws/distribution.js';
import { checkOptions, finiteNumber, rangeError, show, typeError } from '../laws/errors.js';
import { parseShape, type Shape, sizeOf } from '../laws/shape.js';
import { type FanAxesOptions, type Fans, jaxFanRule, jaxFans } from './fans.js';
import { JAX, VARIANCE_LAWS } from './registry.js';
import { type FanMode, type VarianceLaw, varianceScalingLaw } from './variance.js';

export type { SeedOption } from '../core/seed.js';
export type { Axes, FanAxesOptions, Fans } from './fans.js';

/**
 * jax.nn.initializers' _compute_fans: in_size = ∏shape[inAxis], out_size = ∏shape[outAxis],
 * receptive field = size / in / out / batch (float division), fan_in = in·rf, fan_out = out·rf.
 * Rank ≤ 1 with the default inAxis is an error, as in JAX; so is a zero size at any fan axis.
 */
export function computeFans(shape: Shape, options?: FanAxesOptions): Fans {
  const where = 'jax.computeFans';
  const dims = parseShape(shape, where);
  const o = checkOptions(where, options, ['inAxis', 'outAxis', 'batchAxis']);
  return jaxFans(where, dims, jaxFanRule(where, o));
}

export type Mode = FanMode;
/** JAX's distribution names: its 'normal' is untruncated (conventions/registry.ts). */
export type VarianceDistribution = (typeof VARIANCE_LAWS)[VarianceLaw]['jax'][number];

const MODES: readonly Mode[] = ['fan_in', 'fan_out', 'fan_avg', 'fan_geo_avg'];
const DISTRIBUTIONS = Object.values(VARIANCE_LAWS).flatMap((names) => names.jax) as readonly VarianceDistribution[];

/** The variance law a JAX distribution name means. */
function lawOf(name: VarianceDistribution): VarianceLaw {
  const entry = Object.entries(VARIANCE_LAWS).find(([, names]) => (names.jax as readonly string[]).includes(name));
  return entry![0] as VarianceLaw;
}

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

/**
 * JAX's parameters by name. Each factory with positional parameters also takes one object of
 * them, as JAX takes keyword arguments (camelCased: `columnAxis` for column_axis); `config` holds
 * them so, so `factory(init.config)` rebuilds any initializer. Returns that object checked
 * against `names`, or undefined for a positional call.
 */
function byName(
  where: string,
  first: unknown,
  rest: readonly unknown[],
  names: readonly string[],
): Record<string, unknown> | undefined {
  if (typeof first !== 'object' || first === null || Array.isArray(first)) return undefined;
  if (rest.some((argument) => argument !== undefined)) {
    throw new TypeError(
      `${where}: pass the parameters by position or as one object, not both; got ${show(first)} first`,
    );
  }
  return checkOptions(where, first, names);
}

export interface VarianceScalingOptions extends SeedOption, FanAxesOptions {}

/** variance_scaling's parameters by name (see byName). */
export interface VarianceScalingParameters extends VarianceScalingOptions {
  scale: number;
  mode: Mode;
  distribution: VarianceDistribution;
}

/** A JAX variance-scaling initializer; `preset` ones have only the axes (and seed) in their config. */
function scaled(
  id: InitializerName,
  scale: number,
  mode: Mode,
  distribution: VarianceDistribution,
  o: Record<string, unknown>,
  preset: boolean,
): Initializer {
  const rule = jaxFanRule(id.name, o);
  const seed = checkSeed(id.name, o.seed);
  const variance = { scale, mode, law: lawOf(distribution), clampFan: false } as const;
  const lawFor = (dims: readonly number[], at: string) => varianceScalingLaw(at, jaxFans(at, dims, rule), variance);
  const config = {
    ...(preset ? {} : { scale, mode, distribution }),
    inAxis: o.inAxis ?? -2,
    outAxis: o.outAxis ?? -1,
    batchAxis: o.batchAxis ?? [],
  };
  return new Initializer(id, config, lawFor, seed);
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
): Initializer;
export function varianceScaling(parameters: VarianceScalingParameters): Initializer;
export function varianceScaling(
  scale: number | VarianceScalingParameters,
  mode?: Mode,
  distribution?: VarianceDistribution,
  options?: VarianceScalingOptions,
): Initializer {
  const where = JAX.varianceScaling.name;
  const named = byName(
    where,
    scale,
    [mode, distribution, options],
    ['scale', 'mode', 'distribution', 'inAxis', 'outAxis', 'batchAxis', 'seed'],
  );
  if (named) {
    const { scale, mode, distribution, ...rest } = named;
    return varianceScaling(scale as number, mode as Mode, distribution as VarianceDistribution, rest);
  }
  if (scale === undefined) throw typeError(where, 'scale', 'a positive number (it has no default in JAX)', scale);
  const s = finiteNumber(where, 'scale', scale, 1);
  if (s <= 0) throw rangeError(where, 'scale', 'a positive number', s);
  const m = oneOf(where, 'mode', mode, MODES);
  const d = oneOf(where, 'distribution', distribution, DISTRIBUTIONS);
  const o = checkOptions(where, options, ['inAxis', 'outAxis', 'batchAxis', 'seed']);
  return scaled(JAX.varianceScaling, s, m, d, o, false);
}

export interface PresetOptions extends SeedOption, FanAxesOptions {}

function preset(
  id: InitializerName,
  scale: number,
  mode: Mode,
  distribution: VarianceDistribution,
  options: PresetOptions | undefined,
): Initializer {
  const o = checkOptions(id.name, options, ['inAxis', 'outAxis', 'batchAxis', 'seed']);
  return scaled(id, scale, mode, distribution, o, true);
}

/** glorot_uniform: variance_scaling(1, 'fan_avg', 'uniform'). */
export function glorotUniform(options?: PresetOptions): Initializer {
  return preset(JAX.glorotUniform, 1, 'fan_avg', 'uniform', options);
}
/** glorot_normal: variance_scaling(1, 'fan_avg', 'truncated_normal'): truncated and corrected. */
export function glorotNormal(options?: PresetOptions): Initializer {
  return preset(JAX.glorotNormal, 1, 'fan_avg', 'truncated_normal', options);
}
/** he_uniform: variance_scaling(2, 'fan_in', 'uniform'). */
export function heUniform(options?: PresetOptions): Initializer {
  return preset(JAX.heUniform, 2, 'fan_in', 'uniform', options);
}
/** he_normal: variance_scaling(2, 'fan_in', 'truncated_normal'). */
export function heNormal(options?: PresetOptions): Initializer {
  return preset(JAX.heNormal, 2, 'fan_in', 'truncated_normal', options);
}
/** lecun_uniform: variance_scaling(1, 'fan_in', 'uniform'). */
export function lecunUniform(options?: PresetOptions): Initializer {
  return preset(JAX.lecunUniform, 1, 'fan_in', 'uniform', options);
}
/** lecun_normal: variance_scaling(1, 'fan_in', 'truncated_normal'). */
export function lecunNormal(options?: PresetOptions): Initializer {
  return preset(JAX.lecunNormal, 1, 'fan_in', 'truncated_normal', options);
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
export const zeros = fixedValueFactory(JAX.zeros, 0);

/** jax.nn.initializers.ones. */
export const ones = fixedValueFactory(JAX.ones, 1);

/** jax.nn.initializers.constant(value): `value` everywhere (required; scalars only). */
export function constant(value: number): Initializer;
export function constant(parameters: { value: number }): Initializer;
export function constant(value: number | { value: number }): Initializer {
  const where = JAX.constant.name;
  const named = byName(where, value, [], ['value']);
  if (named) return constant(named.value as number);
  if (value === undefined || value === null) throw typeError(where, 'value', 'a number (it has no default)', value);
  const v = finiteNumber(where, 'value', value, 0);
  return constantInitializer(JAX.constant, v, { value: v });
}

/** uniform's parameters by name (see byName). */
export interface UniformParameters extends SeedOption {
  scale?: number;
}

/** jax.nn.initializers.uniform(scale = 1e-2): U[0, scale), NOT symmetric. */
export function uniform(scale?: number, options?: SeedOption): Initializer;
export function uniform(parameters: UniformParameters): Initializer;
export function uniform(scale?: number | UniformParameters, options?: SeedOption): Initializer {
  const where = JAX.uniform.name;
  const named = byName(where, scale, [options], ['scale', 'seed']);
  if (named) return uniform((named.scale ?? undefined) as number | undefined, { seed: named.seed as Seed });
  const s = finiteNumber(where, 'scale', scale, 1e-2);
  if (s <= 0) throw rangeError(where, 'scale', 'a positive number', s);
  const o = checkOptions(where, options, ['seed']);
  const seed = checkSeed(where, o.seed);
  const law = uniformLaw(where, 0, s, ['0', 'scale']);
  return new Initializer(JAX.uniform, { scale: s }, () => law, seed);
}

/** normal's parameters by name (see byName). */
export interface NormalParameters extends SeedOption {
  stddev?: number;
}

/** jax.nn.initializers.normal(stddev = 1e-2): N(0, stddev²), mean always 0, untruncated. */
export function normal(stddev?: number, options?: SeedOption): Initializer;
export function normal(parameters: NormalParameters): Initializer;
export function normal(stddev?: number | NormalParameters, options?: SeedOption): Initializer {
  const where = JAX.normal.name;
  const named = byName(where, stddev, [options], ['stddev', 'seed']);
  if (named) return normal((named.stddev ?? undefined) as number | undefined, { seed: named.seed as Seed });
  const s = finiteNumber(where, 'stddev', stddev, 1e-2);
  const o = checkOptions(where, options, ['seed']);
  const seed = checkSeed(where, o.seed);
  const law = normalLaw(where, 0, s);
  return new Initializer(JAX.normal, { stddev: s }, () => law, seed);
}

/** truncated_normal's parameters by name (see byName). */
export interface TruncatedNormalParameters extends SeedOption {
  stddev?: number;
  lower?: number;
  upper?: number;
}

/**
 * jax.nn.initializers.truncated_normal(stddev = 1e-2, lower = −2, upper = 2): stddev·TN(lower,
 * upper), bounds in units of stddev, mean 0, and NO variance correction (JAX leaves it to the
 * user: the default has std 0.8796·stddev).
 */
export function truncatedNormal(stddev?: number, lower?: number, upper?: number, options?: SeedOption): Initializer;
export function truncatedNormal(parameters: TruncatedNormalParameters): Initializer;
export function truncatedNormal(
  stddev?: number | TruncatedNormalParameters,
  lower?: number,
  upper?: number,
  options?: SeedOption,
): Initializer {
  const where = JAX.truncatedNormal.name;
  const named = byName(where, stddev, [lower, upper, options], ['stddev', 'lower', 'upper', 'seed']);
  if (named) {
    const at = (key: string) => (named[key] ?? undefined) as number | undefined;
    return truncatedNormal(at('stddev'), at('lower'), at('upper'), { seed: named.seed as Seed });
  }
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
  return new Initializer(JAX.truncatedNormal, { stddev: s, lower: l, upper: u }, () => law, seed);
}

function columnAxisOf(where: string, value: unknown): number {
  const axis = finiteNumber(where, 'columnAxis', value, -1);
  if (!Number.isInteger(axis)) throw rangeError(where, 'columnAxis', 'an integer axis', axis);
  return axis;
}

function checkColumnAxis(where: string, axis: number, rank: number): number {
  if (axis < -rank || axis >= rank) {
    throw rangeError(where, 'columnAxis', `an axis in [${-rank}, ${rank - 1}] for a rank-${rank} shape`, axis);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Moves the column axis of a row-major rows×cols matrix back into place in `dims`, where cols =
 * dims[c] and rows are the other dims in order (JAX's jnp.moveaxis of the reshaped Q).
 */
function moveColumnAxis(matrix: Float32Array, dims: readonly number[], c: number): Float32Array {
  const total = matrix.length;
  if (c === dims.length - 1 || total === 0) return matrix;
  const cols = dims[c]!;
  const outer = sizeOf(dims.slice(0, c), 'orthogonal');
  const inner = total / outer / cols;
  const out = new Float32Array(total);
  for (let o = 0; o < outer; o++) {
    for (let cc = 0; cc < cols; cc++) {
      const dst = (o * cols + cc) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] = matrix[(o * inner + i) * cols + cc]!;
    }
  }
  return out;
}

/** JAX's orthogonal law for `dims`: cols = shape[c], rows = size / cols, the Keras recipe, the column axis moved back. */
function orthogonalAt(where: string, dims: readonly number[], c: number, scale: number): StructuredLaw {
  const total = sizeOf(dims, where);
  const cols = dims[c]!;
  return orthogonalLaw(where, cols === 0 ? 0 : total / cols, cols, scale, 'keras', (matrix) =>
    moveColumnAxis(matrix, dims, c),
  );
}

/** orthogonal's and delta_orthogonal's parameters by name (see byName). */
export interface OrthogonalParameters extends SeedOption {
  scale?: number;
  columnAxis?: number;
}

/** The positional arguments of OrthogonalParameters. */
function orthogonalArguments(named: Record<string, unknown>): [number | undefined, number | undefined, SeedOption] {
  const at = (key: string) => (named[key] ?? undefined) as number | undefined;
  return [at('scale'), at('columnAxis'), { seed: named.seed as Seed }];
}

/**
 * jax.nn.initializers.orthogonal(scale = 1, column_axis = −1): cols = shape[columnAxis], the other
 * dims flattened into rows; Q·sign(diag R) (0 ↦ +1) times scale, the column axis moved back.
 */
export function orthogonal(scale?: number, columnAxis?: number, options?: SeedOption): Initializer;
export function orthogonal(parameters: OrthogonalParameters): Initializer;
export function orthogonal(
  scale?: number | OrthogonalParameters,
  columnAxis?: number,
  options?: SeedOption,
): Initializer {
  const where = JAX.orthogonal.name;
  const named = byName(where, scale, [columnAxis, options], ['scale', 'columnAxis', 'seed']);
  if (named) return orthogonal(...orthogonalArguments(named));
  const s = checkGain(where, 'scale', finiteNumber(where, 'scale', scale, 1));
  const axis = columnAxisOf(where, columnAxis);
  const o = checkOptions(where, options, ['seed']);
  const seed = checkSeed(where, o.seed);
  const lawFor = (dims: readonly number[], at: string): Distribution => {
    requireRank(at, dims, 2, 'orthogonal initializer requires at least a 2D shape');
    return orthogonalAt(at, dims, checkColumnAxis(at, axis, dims.length), s);
  };
  return new Initializer(JAX.orthogonal, { scale: s, columnAxis: axis }, lawFor, seed);
}

/**
 * jax.nn.initializers.delta_orthogonal(scale = 1, column_axis = −1): zeros, except the centre
 * tap — index (k − 1) // 2 of every spatial dim (PyTorch's dirac uses k // 2) — which holds
 * orthogonal(scale, columnAxis) of shape (in, out). 3-, 4- or 5-D kernels (..., in, out) with
 * in ≤ out.
 */
export function deltaOrthogonal(scale?: number, columnAxis?: number, options?: SeedOption): Initializer;
export function deltaOrthogonal(parameters: OrthogonalParameters): Initializer;
export function deltaOrthogonal(
  scale?: number | OrthogonalParameters,
  columnAxis?: number,
  options?: SeedOption,
): Initializer {
  const where = JAX.deltaOrthogonal.name;
  const named = byName(where, scale, [columnAxis, options], ['scale', 'columnAxis', 'seed']);
  if (named) return deltaOrthogonal(...orthogonalArguments(named));
  const s = checkGain(where, 'scale', finiteNumber(where, 'scale', scale, 1));
  const axis = columnAxisOf(where, columnAxis);
  const c = checkColumnAxis(where, axis, 2);
  const o = checkOptions(where, options, ['seed']);
  const seed = checkSeed(where, o.seed);
  const lawFor = (dims: readonly number[], at: string): Distribution => {
    requireRank(at, dims, [3, 4, 5], 'Delta orthogonal initializer requires a 3D, 4D or 5D shape');
    const rank = dims.length;
    const fanIn = dims[rank - 2]!;
    const fanOut = dims[rank - 1]!;
    if (fanOut < fanIn) {
      throw new RangeError(`${at}: \`fan_in\` must be less or equal than \`fan_out\`; got shape ${show(dims)}`);
    }
    const total = sizeOf(dims, at);
    const block = fanIn * fanOut;
    let centre = 0;
    for (const k of dims.slice(0, -2)) centre = centre * k + Math.floor((k - 1) / 2);
    const offset = centre * block;
    const centreLaw = orthogonalAt(at, [fanIn, fanOut], c, s);
    const std = total === 0 ? 0 : Math.abs(s) * Math.sqrt(Math.min(fanIn, fanOut) / total);
    return {
      kind: 'structured',
      name: at,
      mean: 0,
      std,
      whole: true,
      write: (callSeed, out, start) => {
        out.fill(0);
        const from = Math.max(start, offset);
        const to = Math.min(start + out.length, offset + block);
        if (total === 0 || from >= to) return;
        // The centre tap's values are the orthogonal law's flat indices [from − offset, to − offset).
        centreLaw.write(callSeed, out.subarray(from - start, to - start), from - offset);
      },
    };
  };
  return new Initializer(JAX.deltaOrthogonal, { scale: s, columnAxis: axis }, lawFor, seed);
}
