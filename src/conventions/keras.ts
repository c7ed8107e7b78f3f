// The main entry's catalogue: Keras 3's initializers, semantics and defaults under tfjs-style
// camelCase names (docs/conventions.md §3). Source: keras/src/initializers/random_initializers.py
// and constant_initializers.py (Keras 3).

import { constantInitializer, fixedValueFactory, Initializer, type InitializerName } from '../core/initializer.js';
import { checkSeed, type SeedOption } from '../core/seed.js';
import { checkGain, identityLaw, orthogonalInitializer, requireRank } from '../core/structured.js';
import { normal, truncatedNormal as truncatedLaw, uniform } from '../laws/distribution.js';
import { checkOptions, finiteNumber, rangeError, show, typeError } from '../laws/errors.js';
import { parseShape, type Shape, sizeOf } from '../laws/shape.js';
import { type FanAxes, type FanGrouping, type Fans, kerasFanRule, kerasFans } from './fans.js';
import { KERAS, VARIANCE_LAWS } from './registry.js';
import { type VarianceLaw, type VarianceScaling, varianceScalingLaw } from './variance.js';

export type { SeedOption } from '../core/seed.js';

export interface ConstantOptions {
  /** The value everywhere (default 0, as Keras). */
  value?: number;
}

export interface RandomUniformOptions extends SeedOption {
  /** Inclusive lower bound (default −0.05). */
  minval?: number;
  /** Exclusive upper bound (default 0.05). */
  maxval?: number;
}

export interface RandomNormalOptions extends SeedOption {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation (default 0.05); for truncatedNormal, σ before truncation. */
  stddev?: number;
}

export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg' | 'fanIn' | 'fanOut' | 'fanAvg';
/** Keras's distribution names (its 'normal' is the truncated one), with tfjs's spellings (conventions/registry.ts). */
export type VarianceDistribution = (typeof VARIANCE_LAWS)[VarianceLaw]['keras'][number];

export interface VarianceScalingOptions extends SeedOption, FanAxes, FanGrouping {
  /** Scale of the variance, > 0 (default 1). */
  scale?: number;
  /** Which fan divides the scale (default 'fan_in'). */
  mode?: FanMode;
  /** Default 'truncated_normal'; 'normal' means truncated_normal, as in Keras. */
  distribution?: VarianceDistribution;
}

/** Options of the Glorot, He and LeCun presets. */
export interface PresetOptions extends SeedOption, FanAxes, FanGrouping {}

/**
 * Fans of a channels-last kernel `(..., in, out)`, as Keras 3 computes them:
 * rank 0 → (1, 1); rank 1 → (n, n); rank 2 → (in, out); rank ≥ 3 → receptive field × the last two.
 * With `inAxes` and `outAxes`, each fan is the product of the dimensions at those axes (negative
 * axes count from the end); with `groups` or `depthwise`, the per-output fans of a grouped kernel.
 * The fans are raw and may be 0; variance scaling clamps its divisor.
 */
export function computeFans(shape: Shape, options?: FanAxes & FanGrouping): Fans {
  const where = 'computeFans';
  const dims = parseShape(shape, where);
  const o = checkOptions(where, options, ['inAxes', 'outAxes', 'groups', 'depthwise']);
  return kerasFans(where, dims, kerasFanRule(where, o));
}

/** All zeros (Keras `Zeros`). */
export const zeros = fixedValueFactory(KERAS.zeros, 0);

/** All ones (Keras `Ones`). */
export const ones = fixedValueFactory(KERAS.ones, 1);

/** `value` everywhere, rounded to float32 (Keras `Constant`, default value 0). */
export function constant(options?: ConstantOptions): Initializer {
  const where = KERAS.constant.name;
  const o = checkOptions(where, options, ['value']);
  const value = finiteNumber(where, 'value', o.value, 0);
  return constantInitializer(KERAS.constant, value, { value });
}

/** U[minval, maxval) (Keras `RandomUniform`; defaults −0.05 and 0.05). */
export function randomUniform(options?: RandomUniformOptions): Initializer {
  const where = KERAS.randomUniform.name;
  const o = checkOptions(where, options, ['minval', 'maxval', 'seed']);
  const minval = finiteNumber(where, 'minval', o.minval, -0.05);
  const maxval = finiteNumber(where, 'maxval', o.maxval, 0.05);
  const seed = checkSeed(where, o.seed);
  const law = uniform(where, minval, maxval);
  return new Initializer(KERAS.randomUniform, { minval, maxval }, () => law, seed);
}

/** N(mean, stddev²) (Keras `RandomNormal`; defaults 0 and 0.05). stddev 0 gives the mean everywhere. */
export function randomNormal(options?: RandomNormalOptions): Initializer {
  const where = KERAS.randomNormal.name;
  const o = checkOptions(where, options, ['mean', 'stddev', 'seed']);
  const mean = finiteNumber(where, 'mean', o.mean, 0);
  const stddev = finiteNumber(where, 'stddev', o.stddev, 0.05);
  const seed = checkSeed(where, o.seed);
  const law = normal(where, mean, stddev);
  return new Initializer(KERAS.randomNormal, { mean, stddev }, () => law, seed);
}

/**
 * N(mean, stddev²) cut at mean ± 2·stddev, out-of-range draws redrawn (Keras `TruncatedNormal`;
 * defaults 0 and 0.05). `stddev` is σ before truncation, so samples have std 0.8796·stddev.
 */
export function truncatedNormal(options?: RandomNormalOptions): Initializer {
  const where = KERAS.truncatedNormal.name;
  const o = checkOptions(where, options, ['mean', 'stddev', 'seed']);
  const mean = finiteNumber(where, 'mean', o.mean, 0);
  const stddev = finiteNumber(where, 'stddev', o.stddev, 0.05);
  const seed = checkSeed(where, o.seed);
  const law = truncatedLaw(where, mean, stddev);
  return new Initializer(KERAS.truncatedNormal, { mean, stddev }, () => law, seed);
}

/** Keras's mode names, with tfjs's camelCase spellings. */
const MODES = {
  fan_in: 'fan_in',
  fan_out: 'fan_out',
  fan_avg: 'fan_avg',
  fanIn: 'fan_in',
  fanOut: 'fan_out',
  fanAvg: 'fan_avg',
} as const satisfies Record<FanMode, 'fan_in' | 'fan_out' | 'fan_avg'>;

/** Every Keras distribution name → its variance law: the names configs carry first, then the other spellings. */
const DISTRIBUTIONS = Object.fromEntries(
  [0, 1, 2].flatMap((i) =>
    Object.entries(VARIANCE_LAWS).flatMap(([law, { keras }]) => (i < keras.length ? [[keras[i], law]] : [])),
  ),
) as Record<VarianceDistribution, VarianceLaw>;

function choice<T>(where: string, option: string, value: unknown, table: Record<string, T>, fallback: string): T {
  const key = value ?? fallback;
  if (typeof key !== 'string') throw typeError(where, option, `one of ${Object.keys(table).join(', ')}`, key);
  const found = Object.hasOwn(table, key) ? table[key] : undefined;
  if (found === undefined) {
    throw new RangeError(`${where}: \`${option}\` must be one of ${Object.keys(table).join(', ')}; got ${show(key)}`);
  }
  return found;
}

/**
 * Keras `VarianceScaling`: samples with variance scale / n, where n = max(1, fan) for the chosen
 * fan (fan_avg = (fan_in + fan_out) / 2). uniform: U[−L, L) with L = √(3·scale/n);
 * truncated_normal: σ = √(scale/n) / 0.87962566103423978 cut at ±2σ, so the std is √(scale/n)
 * (tfjs leaves this correction out); untruncated_normal: N(0, scale/n).
 */
export function varianceScaling(options?: VarianceScalingOptions): Initializer {
  const where = KERAS.varianceScaling.name;
  const o = checkOptions(where, options, [
    'scale',
    'mode',
    'distribution',
    'seed',
    'inAxes',
    'outAxes',
    'groups',
    'depthwise',
  ]);
  const scale = finiteNumber(where, 'scale', o.scale, 1);
  if (scale <= 0) throw rangeError(where, 'scale', 'a positive number', scale);
  const mode = choice(where, 'mode', o.mode, MODES, 'fan_in');
  const law = choice(where, 'distribution', o.distribution, DISTRIBUTIONS, 'truncated_normal');
  const config = { scale, mode, distribution: VARIANCE_LAWS[law].keras[0] };
  return scaled(KERAS.varianceScaling, { scale, mode, law, clampFan: true }, o, config);
}

/**
 * A Keras variance-scaling initializer, its options validated here once. Its config: the
 * factory's own keys (`config`: none for the presets, as Keras's GlorotUniform.get_config), then
 * the fan axes (null when not given) and the grouping when given.
 */
function scaled(
  id: InitializerName,
  variance: VarianceScaling,
  o: Record<string, unknown>,
  config: Readonly<Record<string, unknown>>,
): Initializer {
  const seed = checkSeed(id.name, o.seed);
  const rule = kerasFanRule(id.name, o);
  const grouping = rule.grouping;
  const fullConfig = {
    ...config,
    inAxes: rule.axes?.inAxes ?? null,
    outAxes: rule.axes?.outAxes ?? null,
    ...(grouping ? (grouping.depthwise ? { depthwise: true } : { groups: grouping.groups }) : {}),
  };
  return new Initializer(
    id,
    fullConfig,
    (dims, at) => varianceScalingLaw(at, kerasFans(at, dims, rule), variance),
    seed,
  );
}

function preset(
  id: InitializerName,
  scale: number,
  mode: 'fan_in' | 'fan_avg',
  law: VarianceLaw,
  options: PresetOptions | undefined,
): Initializer {
  const o = checkOptions(id.name, options, ['seed', 'inAxes', 'outAxes', 'groups', 'depthwise']);
  return scaled(id, { scale, mode, law, clampFan: true }, o, {});
}

/** Glorot (Xavier) uniform: U[−L, L), L = √(6 / (fan_in + fan_out)). */
export function glorotUniform(options?: PresetOptions): Initializer {
  return preset(KERAS.glorotUniform, 1, 'fan_avg', 'uniform', options);
}

/** Glorot (Xavier) normal: truncated at ±2σ with std √(2 / (fan_in + fan_out)) after truncation. */
export function glorotNormal(options?: PresetOptions): Initializer {
  return preset(KERAS.glorotNormal, 1, 'fan_avg', 'truncated_normal', options);
}

/** He (Kaiming) uniform: U[−L, L), L = √(6 / fan_in). */
export function heUniform(options?: PresetOptions): Initializer {
  return preset(KERAS.heUniform, 2, 'fan_in', 'uniform', options);
}

/** He (Kaiming) normal: truncated at ±2σ with std √(2 / fan_in) after truncation. */
export function heNormal(options?: PresetOptions): Initializer {
  return preset(KERAS.heNormal, 2, 'fan_in', 'truncated_normal', options);
}

/** LeCun uniform: U[−L, L), L = √(3 / fan_in). */
export function lecunUniform(options?: PresetOptions): Initializer {
  return preset(KERAS.lecunUniform, 1, 'fan_in', 'uniform', options);
}

/** LeCun normal: truncated at ±2σ with std √(1 / fan_in) after truncation. */
export function lecunNormal(options?: PresetOptions): Initializer {
  return preset(KERAS.lecunNormal, 1, 'fan_in', 'truncated_normal', options);
}

/** Alias of glorotUniform. */
export const xavierUniform = glorotUniform;
/** Alias of glorotNormal (Keras semantics: truncated, corrected). */
export const xavierNormal = glorotNormal;
/** Alias of heUniform. */
export const kaimingUniform = heUniform;
/** Alias of heNormal (Keras semantics: truncated, corrected). */
export const kaimingNormal = heNormal;

export interface OrthogonalOptions extends SeedOption {
  /** Multiplies the orthogonal matrix (default 1). */
  gain?: number;
}

export interface IdentityOptions {
  /** The diagonal value (default 1). */
  gain?: number;
}

/**
 * Keras `Orthogonal`: flatten to rows = ∏shape[:-1], cols = shape[-1]; QR (Householder, float64,
 * in wasm) of an N(0, 1) matrix of max × min from the normal stream; Q times sign(diag R) (0 ↦ +1);
 * transposed when rows < cols; times `gain`. Rank < 2 is rejected, as in Keras.
 */
export function orthogonal(options?: OrthogonalOptions): Initializer {
  const flatten = (dims: readonly number[], at: string) => [sizeOf(dims.slice(0, -1), at), dims.at(-1)!] as const;
  return orthogonalInitializer(
    KERAS.orthogonal,
    options,
    flatten,
    'keras',
    'the tensor to initialize must be at least two-dimensional',
  );
}

/** Keras `Identity`: `gain` on the main diagonal of any 2-D shape, rectangular included (TF.js allows only square ones). */
export function identity(options?: IdentityOptions): Initializer {
  const where = KERAS.identity.name;
  const o = checkOptions(where, options, ['gain']);
  const gain = checkGain(where, 'gain', finiteNumber(where, 'gain', o.gain, 1));
  const lawFor = (dims: readonly number[], at: string) => {
    requireRank(at, dims, [2], 'Identity matrix initializer can only be used for 2D matrices');
    return identityLaw(at, dims[0]!, dims[1]!, gain);
  };
  return new Initializer(KERAS.identity, { gain }, lawFor, undefined);
}
