// The initializer catalogue, with Keras 3's semantics and defaults under tfjs-style camelCase
// names. Sources: keras/src/initializers/{random,constant}_initializers.py (Keras 3).

import {
  constant as constantLaw,
  normal,
  NORMAL_TAIL_SIGMAS,
  TRUNCATED_STD_FACTOR,
  truncatedNormal as truncatedLaw,
  uniform,
} from './distribution.js';
import { checkOptions, finiteNumber, rangeError, show, typeError } from './errors.js';
import { type FanAxes, fanAxes, type FanGrouping, fanGrouping, fansOf } from './fans.js';
import { Initializer } from './initializer.js';
import { checkSeed, type Seed } from './seed.js';
import { checkGain, identityLaw, orthogonalLaw, requireRank } from './structured.js';

/** `seed`: an integer (the same values on every call), a SeedGenerator (new values each call), or omitted (fresh randomness each call). */
export interface SeedOption {
  seed?: Seed | null;
}

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
export type VarianceDistribution =
  'truncated_normal' | 'untruncated_normal' | 'uniform' | 'normal' | 'truncatedNormal' | 'untruncatedNormal';

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

/** All zeros (Keras `Zeros`). */
export function zeros(options?: Record<string, never>): Initializer {
  checkOptions('zeros', options, []);
  const law = constantLaw('zeros', 0);
  return new Initializer('zeros', 'Zeros', {}, () => law, undefined);
}

/** All ones (Keras `Ones`). */
export function ones(options?: Record<string, never>): Initializer {
  checkOptions('ones', options, []);
  const law = constantLaw('ones', 1);
  return new Initializer('ones', 'Ones', {}, () => law, undefined);
}

/** `value` everywhere, rounded to float32 (Keras `Constant`, default value 0). */
export function constant(options?: ConstantOptions): Initializer {
  const where = 'constant';
  const o = checkOptions(where, options, ['value']);
  const value = finiteNumber(where, 'value', o.value, 0);
  const law = constantLaw(where, value);
  return new Initializer(where, 'Constant', { value }, () => law, undefined);
}

/** U[minval, maxval) (Keras `RandomUniform`; defaults −0.05 and 0.05). */
export function randomUniform(options?: RandomUniformOptions): Initializer {
  const where = 'randomUniform';
  const o = checkOptions(where, options, ['minval', 'maxval', 'seed']);
  const minval = finiteNumber(where, 'minval', o.minval, -0.05);
  const maxval = finiteNumber(where, 'maxval', o.maxval, 0.05);
  const seed = checkSeed(where, o.seed);
  const law = uniform(where, minval, maxval);
  return new Initializer(where, 'RandomUniform', { minval, maxval, seed: o.seed ?? null }, () => law, seed);
}

/** N(mean, stddev²) (Keras `RandomNormal`; defaults 0 and 0.05). stddev 0 gives the mean everywhere. */
export function randomNormal(options?: RandomNormalOptions): Initializer {
  const where = 'randomNormal';
  const o = checkOptions(where, options, ['mean', 'stddev', 'seed']);
  const mean = finiteNumber(where, 'mean', o.mean, 0);
  const stddev = finiteNumber(where, 'stddev', o.stddev, 0.05);
  const seed = checkSeed(where, o.seed);
  const law = normal(where, mean, stddev);
  return new Initializer(where, 'RandomNormal', { mean, stddev, seed: o.seed ?? null }, () => law, seed);
}

/**
 * N(mean, stddev²) cut at mean ± 2·stddev, out-of-range draws redrawn (Keras `TruncatedNormal`;
 * defaults 0 and 0.05). `stddev` is σ before truncation, so samples have std 0.8796·stddev.
 */
export function truncatedNormal(options?: RandomNormalOptions): Initializer {
  const where = 'truncatedNormal';
  const o = checkOptions(where, options, ['mean', 'stddev', 'seed']);
  const mean = finiteNumber(where, 'mean', o.mean, 0);
  const stddev = finiteNumber(where, 'stddev', o.stddev, 0.05);
  const seed = checkSeed(where, o.seed);
  const law = truncatedLaw(where, mean, stddev);
  return new Initializer(where, 'TruncatedNormal', { mean, stddev, seed: o.seed ?? null }, () => law, seed);
}

const MODES: Record<string, 'fan_in' | 'fan_out' | 'fan_avg'> = {
  fan_in: 'fan_in',
  fan_out: 'fan_out',
  fan_avg: 'fan_avg',
  fanIn: 'fan_in',
  fanOut: 'fan_out',
  fanAvg: 'fan_avg',
};

const DISTRIBUTIONS: Record<string, 'truncated_normal' | 'untruncated_normal' | 'uniform'> = {
  truncated_normal: 'truncated_normal',
  untruncated_normal: 'untruncated_normal',
  uniform: 'uniform',
  normal: 'truncated_normal',
  truncatedNormal: 'truncated_normal',
  untruncatedNormal: 'untruncated_normal',
};

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
  const where = 'varianceScaling';
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
  const distribution = choice(where, 'distribution', o.distribution, DISTRIBUTIONS, 'truncated_normal');
  return scaled(where, 'VarianceScaling', scale, mode, distribution, o);
}

function scaled(
  where: string,
  className: string,
  scale: number,
  mode: 'fan_in' | 'fan_out' | 'fan_avg',
  distribution: 'truncated_normal' | 'untruncated_normal' | 'uniform',
  o: Record<string, unknown>,
): Initializer {
  const seed = checkSeed(where, o.seed);
  const withAxes = fanAxes(where, o, null) !== null;
  const grouping = fanGrouping(where, o, null, withAxes);
  const config = {
    scale,
    mode,
    distribution,
    seed: o.seed ?? null,
    inAxes: o.inAxes ?? null,
    outAxes: o.outAxes ?? null,
    ...(grouping ? (grouping.depthwise ? { depthwise: true } : { groups: grouping.groups }) : {}),
  };
  const lawFor = (dims: number[], at: string) => {
    const axes = fanAxes(at, o, dims.length);
    const { fanIn, fanOut } = fansOf(dims, axes, fanGrouping(at, o, dims, axes !== null));
    const fan = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const n = Math.max(1, fan);
    const variance = scale / n;
    // The spread (limit or σ) and the farthest a sample can reach must both be float32-sized.
    const spread =
      distribution === 'uniform'
        ? Math.sqrt(3 * variance)
        : distribution === 'untruncated_normal'
          ? Math.sqrt(variance)
          : Math.sqrt(variance) / TRUNCATED_STD_FACTOR;
    const reach = spread * (distribution === 'untruncated_normal' ? NORMAL_TAIL_SIGMAS : 2);
    if (!(Math.fround(spread) > 0) || !Number.isFinite(Math.fround(reach))) {
      const what = distribution === 'uniform' ? 'limit' : 'σ';
      throw new RangeError(
        `${at}: \`scale\` / n gives ${what} = ${spread}, which float32 cannot sample (n = max(1, ${mode}) = ${n}); got scale = ${scale}`,
      );
    }
    if (distribution === 'uniform') return uniform(at, -spread, spread);
    if (distribution === 'untruncated_normal') return normal(at, 0, spread);
    return truncatedLaw(at, 0, spread);
  };
  return new Initializer(where, className, config, lawFor, seed);
}

function preset(
  where: string,
  className: string,
  scale: number,
  mode: 'fan_in' | 'fan_avg',
  distribution: 'truncated_normal' | 'uniform',
  options: PresetOptions | undefined,
): Initializer {
  const o = checkOptions(where, options, ['seed', 'inAxes', 'outAxes', 'groups', 'depthwise']);
  return scaled(where, className, scale, mode, distribution, o);
}

/** Glorot (Xavier) uniform: U[−L, L), L = √(6 / (fan_in + fan_out)). */
export function glorotUniform(options?: PresetOptions): Initializer {
  return preset('glorotUniform', 'GlorotUniform', 1, 'fan_avg', 'uniform', options);
}

/** Glorot (Xavier) normal: truncated at ±2σ with std √(2 / (fan_in + fan_out)) after truncation. */
export function glorotNormal(options?: PresetOptions): Initializer {
  return preset('glorotNormal', 'GlorotNormal', 1, 'fan_avg', 'truncated_normal', options);
}

/** He (Kaiming) uniform: U[−L, L), L = √(6 / fan_in). */
export function heUniform(options?: PresetOptions): Initializer {
  return preset('heUniform', 'HeUniform', 2, 'fan_in', 'uniform', options);
}

/** He (Kaiming) normal: truncated at ±2σ with std √(2 / fan_in) after truncation. */
export function heNormal(options?: PresetOptions): Initializer {
  return preset('heNormal', 'HeNormal', 2, 'fan_in', 'truncated_normal', options);
}

/** LeCun uniform: U[−L, L), L = √(3 / fan_in). */
export function lecunUniform(options?: PresetOptions): Initializer {
  return preset('lecunUniform', 'LecunUniform', 1, 'fan_in', 'uniform', options);
}

/** LeCun normal: truncated at ±2σ with std √(1 / fan_in) after truncation. */
export function lecunNormal(options?: PresetOptions): Initializer {
  return preset('lecunNormal', 'LecunNormal', 1, 'fan_in', 'truncated_normal', options);
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
  const where = 'orthogonal';
  const o = checkOptions(where, options, ['gain', 'seed']);
  const gain = checkGain(where, 'gain', finiteNumber(where, 'gain', o.gain, 1));
  const seed = checkSeed(where, o.seed);
  const lawFor = (dims: number[], at: string) => {
    if (dims.length < 2) {
      throw new RangeError(
        `${at}: the tensor to initialize must be at least two-dimensional; got shape ${show(dims)} of rank ${dims.length}`,
      );
    }
    const cols = dims[dims.length - 1]!;
    const rows = dims.slice(0, -1).reduce((a, b) => a * b, 1);
    return orthogonalLaw(at, rows, cols, gain, 'keras');
  };
  return new Initializer(where, 'Orthogonal', { gain, seed: o.seed ?? null }, lawFor, seed);
}

/** Keras `Identity`: `gain` on the main diagonal of any 2-D shape, rectangular included (TF.js allows only square ones). */
export function identity(options?: IdentityOptions): Initializer {
  const where = 'identity';
  const o = checkOptions(where, options, ['gain']);
  const gain = checkGain(where, 'gain', finiteNumber(where, 'gain', o.gain, 1));
  const lawFor = (dims: number[], at: string) => {
    requireRank(at, dims, [2], 'Identity matrix initializer can only be used for 2D matrices');
    return identityLaw(at, dims[0]!, dims[1]!, gain);
  };
  return new Initializer(where, 'Identity', { gain }, lawFor, undefined);
}
