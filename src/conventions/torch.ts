// 'nninit/torch': PyTorch's torch.nn.init under camelCase names, with PyTorch's defaults, its
// [out, in, *kernel] weight layout for fans, and its formulas (docs/conventions.md §2.1, §3, §5).
// Source: torch/nn/init.py and torch/nn/modules/{linear,conv}.py (PyTorch main).
//
// PyTorch's functions fill a tensor in place from a stateful generator; these return the same
// Initializer as the core package (sample / fill / sampleInWasm / distribution), seeded the
// nninit way (docs/stream-format.md): `seed: new SeedGenerator(s)` is the stateful analogue of
// a torch.Generator.

import { constantInitializer, fixedValueFactory, Initializer } from '../core/initializer.js';
import { checkSeed, type SeedOption } from '../core/seed.js';
import { identityLaw, orthogonalInitializer, pointsLaw, requireRank, sparseLaw } from '../core/structured.js';
import {
  constant as constantLaw,
  type Distribution,
  normal as normalLaw,
  truncatedBetween,
  uniform as uniformLaw,
} from '../laws/distribution.js';
import { checkOptions, finiteNumber, rangeError, show, typeError } from '../laws/errors.js';
import { parseShape, type Shape, sizeOf } from '../laws/shape.js';
import { type Fans, type GroupsOption, torchFans, torchGroups } from './fans.js';
import { TORCH } from './registry.js';
import { varianceScalingLaw } from './variance.js';

export type { SeedOption } from '../core/seed.js';
export type { Fans, GroupsOption } from './fans.js';

export type Nonlinearity =
  | 'linear'
  | 'conv1d'
  | 'conv2d'
  | 'conv3d'
  | 'conv_transpose1d'
  | 'conv_transpose2d'
  | 'conv_transpose3d'
  | 'sigmoid'
  | 'tanh'
  | 'relu'
  | 'leaky_relu'
  | 'selu';

const NONLINEARITIES: readonly Nonlinearity[] = [
  'linear',
  'conv1d',
  'conv2d',
  'conv3d',
  'conv_transpose1d',
  'conv_transpose2d',
  'conv_transpose3d',
  'sigmoid',
  'tanh',
  'relu',
  'leaky_relu',
  'selu',
];

function gainOf(where: string, nonlinearity: unknown, param: unknown, paramName: string): number {
  if (typeof nonlinearity !== 'string') {
    throw typeError(where, 'nonlinearity', `one of ${NONLINEARITIES.join(', ')}`, nonlinearity);
  }
  switch (nonlinearity) {
    case 'linear':
    case 'conv1d':
    case 'conv2d':
    case 'conv3d':
    case 'conv_transpose1d':
    case 'conv_transpose2d':
    case 'conv_transpose3d':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'leaky_relu': {
      let slope = 0.01;
      if (param !== undefined && param !== null) {
        if (typeof param !== 'number') {
          throw new TypeError(
            `${where}: negative_slope ${show(param)} not a valid number (\`${paramName}\` must be a number)`,
          );
        }
        if (!Number.isFinite(param)) {
          throw new RangeError(
            `${where}: negative_slope ${show(param)} not a valid number (\`${paramName}\` must be finite)`,
          );
        }
        slope = param;
      }
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    case 'selu':
      return 3.0 / 4;
    default:
      throw new RangeError(
        `${where}: Unsupported nonlinearity ${show(nonlinearity)}; \`nonlinearity\` must be one of ${NONLINEARITIES.join(', ')}`,
      );
  }
}

/**
 * torch.nn.init.calculate_gain: the recommended gain for a nonlinearity. `param` is leaky_relu's
 * negative slope (default 0.01) and is ignored by the others.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  return gainOf('calculateGain', nonlinearity, param, 'param');
}

/**
 * torch.nn.init._calculate_fan_in_and_fan_out for a weight `[out, in, *kernel]`:
 * fan_in = in·∏kernel, fan_out = out·∏kernel; rank < 2 is an error, as in PyTorch. With
 * `groups` (a grouped or depthwise weight `[out, in/groups, *k]`) fan_out = out/groups·∏kernel,
 * the per-input fan that PyTorch overcounts (pytorch#23854).
 */
export function computeFans(shape: Shape, options?: GroupsOption): Fans {
  const where = 'torch.computeFans';
  const dims = parseShape(shape, where);
  const o = checkOptions(where, options, ['groups']);
  return torchFans(where, dims, torchGroups(where, o.groups));
}

export interface UniformOptions extends SeedOption {
  /** Lower bound, inclusive (default 0). */
  a?: number;
  /** Upper bound, exclusive (default 1). */
  b?: number;
}

/** torch.nn.init.uniform_: U[a, b) (defaults 0, 1). a = b gives a everywhere, as in PyTorch. */
export function uniform(options?: UniformOptions): Initializer {
  const where = TORCH.uniform.name;
  const o = checkOptions(where, options, ['a', 'b', 'seed']);
  const a = finiteNumber(where, 'a', o.a, 0);
  const b = finiteNumber(where, 'b', o.b, 1);
  const seed = checkSeed(where, o.seed);
  const law = a === b ? constantLaw(where, a) : uniformLaw(where, a, b, ['a', 'b']);
  return new Initializer(TORCH.uniform, { a, b }, () => law, seed);
}

export interface NormalOptions extends SeedOption {
  /** Default 0. */
  mean?: number;
  /** Default 1. */
  std?: number;
}

/** torch.nn.init.normal_: N(mean, std²) (defaults 0, 1), untruncated. */
export function normal(options?: NormalOptions): Initializer {
  const where = TORCH.normal.name;
  const o = checkOptions(where, options, ['mean', 'std', 'seed']);
  const mean = finiteNumber(where, 'mean', o.mean, 0);
  const std = finiteNumber(where, 'std', o.std, 1);
  const seed = checkSeed(where, o.seed);
  const law = normalLaw(where, mean, std, 'std');
  return new Initializer(TORCH.normal, { mean, std }, () => law, seed);
}

export interface TruncNormalOptions extends NormalOptions {
  /** Lower cut-off, an ABSOLUTE value, not in units of std (default −2). */
  a?: number;
  /** Upper cut-off, an ABSOLUTE value (default 2). */
  b?: number;
}

/**
 * torch.nn.init.trunc_normal_: N(mean, std²) restricted to (a, b), where a and b are absolute
 * values (with std = 0.02 the default (−2, 2) is ±100σ: no truncation in effect). As current
 * PyTorch: normal candidates redrawn outside (a, b) when P(a < X < b) > 0.3, otherwise uniform
 * proposals accepted against the normal density, so far tails such as (3, 4) with std 1 are
 * sampled exactly, never clamped.
 */
export function truncNormal(options?: TruncNormalOptions): Initializer {
  const where = TORCH.truncNormal.name;
  const o = checkOptions(where, options, ['mean', 'std', 'a', 'b', 'seed']);
  const mean = finiteNumber(where, 'mean', o.mean, 0);
  const std = finiteNumber(where, 'std', o.std, 1);
  const a = finiteNumber(where, 'a', o.a, -2);
  const b = finiteNumber(where, 'b', o.b, 2);
  const seed = checkSeed(where, o.seed);
  const law = truncatedBetween(where, mean, std, a, b);
  return new Initializer(TORCH.truncNormal, { mean, std, a, b }, () => law, seed);
}

export interface ConstantOptions {
  /** The value (required, as in PyTorch). */
  val: number;
}

/** torch.nn.init.constant_: `val` everywhere (required). */
export function constant(options: ConstantOptions): Initializer {
  const where = TORCH.constant.name;
  const o = checkOptions(where, options, ['val']);
  if (o.val === undefined || o.val === null) throw typeError(where, 'val', 'a number (it has no default)', o.val);
  const val = finiteNumber(where, 'val', o.val, 0);
  return constantInitializer(TORCH.constant, val, { val });
}

/** torch.nn.init.ones_. */
export const ones = fixedValueFactory(TORCH.ones, 1);

/** torch.nn.init.zeros_. */
export const zeros = fixedValueFactory(TORCH.zeros, 0);

/** torch.nn.init.eye_: the identity on any 2-D shape, rectangular included; no gain. */
export function eye(options?: Record<string, never>): Initializer {
  checkOptions(TORCH.eye.name, options, []);
  const lawFor = (dims: readonly number[], at: string) => {
    requireRank(at, dims, [2], 'Only tensors with 2 dimensions are supported');
    return identityLaw(at, dims[0]!, dims[1]!, 1);
  };
  return new Initializer(TORCH.eye, {}, lawFor, undefined);
}

/**
 * torch.nn.init.dirac_: zeros, then for each group g and d < min(out/groups, in) a 1 at
 * [g·out/groups + d, d, k//2, …] (the centre is size // 2: index 2 of a 4-tap kernel; JAX's
 * deltaOrthogonal uses (k − 1) // 2). 3-, 4- or 5-D weights `[out, in, *k]`.
 */
export function dirac(options?: GroupsOption): Initializer {
  const where = TORCH.dirac.name;
  const o = checkOptions(where, options, ['groups']);
  const groups = torchGroups(where, o.groups);
  const lawFor = (dims: readonly number[], at: string) => {
    requireRank(at, dims, [3, 4, 5], 'Only tensors with 3, 4, or 5 dimensions are supported');
    if (dims[0]! % groups !== 0) {
      throw new RangeError(`${at}: dim 0 must be divisible by groups; got shape ${show(dims)}, groups = ${groups}`);
    }
    const perGroup = dims[0]! / groups;
    const minDim = Math.min(perGroup, dims[1]!);
    const spatial = dims.slice(2);
    const kernelSize = sizeOf(spatial, at);
    // Row-major offset of the centre tap (each spatial index size // 2) inside one [*k] block.
    let centre = 0;
    for (const k of spatial) centre = centre * k + Math.floor(k / 2);
    // The 1 of (g, d) sits at ((g·perGroup + d)·in + d)·kernelSize + centre = g·G + d·D + centre;
    // group g's lie in [g·G + centre, (g + 1)·G + centre), so a range visits only its own groups.
    const G = perGroup * dims[1]! * kernelSize;
    const D = (dims[1]! + 1) * kernelSize;
    const count = kernelSize > 0 ? groups * minDim : 0;
    return pointsLaw(at, sizeOf(dims, at), count, 1, function* (start, end) {
      if (count === 0) return;
      for (let g = Math.max(0, Math.floor((start - centre) / G)); g < groups && g * G + centre < end; g++) {
        const first = g * G + centre;
        for (let d = Math.max(0, Math.ceil((start - first) / D)); d < minDim && first + d * D < end; d++) {
          yield first + d * D;
        }
      }
    });
  };
  return new Initializer(TORCH.dirac, { groups }, lawFor, undefined);
}

export interface XavierOptions extends SeedOption, GroupsOption {
  /** Default 1. */
  gain?: number;
}

/**
 * The one variance-scaling path with PyTorch's fans and scale = gain²: std = gain·√(1 / n), and
 * U(−√3·std, √3·std) or N(0, std²). Zero-element tensors and gain 0 give zeros, as in PyTorch.
 */
function gainScaled(
  at: string,
  dims: readonly number[],
  fans: Fans,
  gain: number,
  option: { name: string; value: number },
  mode: 'fan_in' | 'fan_out' | 'fan_avg',
  law: 'uniform' | 'normal',
): Distribution {
  if (gain === 0 || sizeOf(dims, at) === 0) return constantLaw(at, 0);
  return varianceScalingLaw(at, fans, { scale: gain * gain, mode, law, clampFan: false, option });
}

function xavier(id: typeof TORCH.xavierUniform, law: 'uniform' | 'normal', options: XavierOptions | undefined) {
  const where = id.name;
  const o = checkOptions(where, options, ['gain', 'groups', 'seed']);
  const gain = finiteNumber(where, 'gain', o.gain, 1);
  if (gain < 0) throw rangeError(where, 'gain', 'non-negative (PyTorch rejects the reversed range)', gain);
  const groups = torchGroups(where, o.groups);
  const seed = checkSeed(where, o.seed);
  const lawFor = (dims: readonly number[], at: string) =>
    gainScaled(at, dims, torchFans(at, dims, groups), gain, { name: 'gain', value: gain }, 'fan_avg', law);
  const config = { gain, ...(groups !== 1 ? { groups } : {}) };
  return new Initializer(id, config, lawFor, seed);
}

/** torch.nn.init.xavier_uniform_: U(−L, L), L = gain·√(6 / (fan_in + fan_out)), fans in `[out, in, *k]` layout. */
export function xavierUniform(options?: XavierOptions): Initializer {
  return xavier(TORCH.xavierUniform, 'uniform', options);
}

/** torch.nn.init.xavier_normal_: N(0, gain²·2 / (fan_in + fan_out)), UNtruncated (Keras and JAX truncate). */
export function xavierNormal(options?: XavierOptions): Initializer {
  return xavier(TORCH.xavierNormal, 'normal', options);
}

export interface KaimingOptions extends SeedOption, GroupsOption {
  /** leaky_relu's negative slope, passed to calculateGain as `param` (default 0). */
  a?: number;
  /** 'fan_in' (default) or 'fan_out'; case-insensitive, as PyTorch lower-cases it. */
  mode?: 'fan_in' | 'fan_out';
  /** Default 'leaky_relu' (with a = 0 that is ReLU's gain √2). */
  nonlinearity?: Nonlinearity;
}

/** kaiming_uniform_ / kaiming_normal_; `fixed` says whether a, mode and nonlinearity are fixed (defaultWeight), so not in the config. */
function kaiming(
  id: typeof TORCH.kaimingUniform,
  law: 'uniform' | 'normal',
  o: Record<string, unknown>,
  defaultA = 0,
  fixed = false,
): Initializer {
  const where = id.name;
  const a = finiteNumber(where, 'a', o.a, defaultA);
  const rawMode = o.mode ?? 'fan_in';
  if (typeof rawMode !== 'string') throw typeError(where, 'mode', 'one of fan_in, fan_out', rawMode);
  const mode = rawMode.toLowerCase();
  if (mode !== 'fan_in' && mode !== 'fan_out') {
    throw new RangeError(
      `${where}: \`mode\` must be one of fan_in, fan_out (Mode ${rawMode} not supported); got ${show(rawMode)}`,
    );
  }
  const nonlinearity = o.nonlinearity ?? 'leaky_relu';
  const gain = gainOf(where, nonlinearity, a, 'a');
  const groups = torchGroups(where, o.groups);
  const seed = checkSeed(where, o.seed);
  const lawFor = (dims: readonly number[], at: string) =>
    // PyTorch returns early ("Initializing zero-element tensors is a no-op") before the fans.
    sizeOf(dims, at) === 0
      ? constantLaw(at, 0)
      : gainScaled(at, dims, torchFans(at, dims, groups), gain, { name: 'a', value: a }, mode, law);
  const config = { ...(fixed ? {} : { a, mode, nonlinearity }), ...(groups !== 1 ? { groups } : {}) };
  return new Initializer(id, config, lawFor, seed);
}

const KAIMING_OPTIONS = ['a', 'mode', 'nonlinearity', 'groups', 'seed'];

/** torch.nn.init.kaiming_uniform_: U(−L, L), L = √3·gain/√fan, gain = calculateGain(nonlinearity, a). */
export function kaimingUniform(options?: KaimingOptions): Initializer {
  return kaiming(TORCH.kaimingUniform, 'uniform', checkOptions(TORCH.kaimingUniform.name, options, KAIMING_OPTIONS));
}

/** torch.nn.init.kaiming_normal_: N(0, gain²/fan), UNtruncated (Keras's heNormal truncates). */
export function kaimingNormal(options?: KaimingOptions): Initializer {
  return kaiming(TORCH.kaimingNormal, 'normal', checkOptions(TORCH.kaimingNormal.name, options, KAIMING_OPTIONS));
}

export interface OrthogonalOptions extends SeedOption {
  /** Default 1. */
  gain?: number;
}

/**
 * torch.nn.init.orthogonal_: rows = shape[0], cols = numel / rows (the TRAILING dims are
 * flattened; Keras flattens the leading ones). The N(0, 1) matrix is drawn rows×cols and
 * transposed when rows < cols, as PyTorch does; then QR, sign fix (0 ↦ +1), transpose back, gain.
 */
export function orthogonal(options?: OrthogonalOptions): Initializer {
  const flatten = (dims: readonly number[], at: string) => {
    const rows = dims[0]!;
    return [rows, rows === 0 ? 0 : sizeOf(dims, at) / rows] as const;
  };
  return orthogonalInitializer(
    TORCH.orthogonal,
    options,
    flatten,
    'torch',
    'Only tensors with 2 or more dimensions are supported',
  );
}

export interface SparseOptions extends SeedOption {
  /** The fraction of each column's rows set to zero, in [0, 1] (required). */
  sparsity: number;
  /** Std of the non-zero values (default 0.01). */
  std?: number;
}

/**
 * torch.nn.init.sparse_: N(0, std²), then ceil(sparsity·rows) rows of each column set to 0. The
 * rows come from a seeded permutation (PyTorch's randperm ignores the generator; here the same
 * seed gives the same zeros): docs/stream-format.md §7. 2-D only.
 */
export function sparse(options: SparseOptions): Initializer {
  const where = TORCH.sparse.name;
  const o = checkOptions(where, options, ['sparsity', 'std', 'seed']);
  if (o.sparsity === undefined || o.sparsity === null) {
    throw typeError(where, 'sparsity', 'a number in [0, 1] (it has no default)', o.sparsity);
  }
  const sparsity = finiteNumber(where, 'sparsity', o.sparsity, 0);
  if (sparsity < 0 || sparsity > 1) throw rangeError(where, 'sparsity', 'in [0, 1]', sparsity);
  const std = finiteNumber(where, 'std', o.std, 0.01);
  normalLaw(where, 0, std, 'std');
  const seed = checkSeed(where, o.seed);
  const lawFor = (dims: readonly number[], at: string) => {
    requireRank(at, dims, [2], 'Only tensors with 2 dimensions are supported');
    return sparseLaw(at, dims[0]!, dims[1]!, sparsity, std);
  };
  return new Initializer(TORCH.sparse, { sparsity, std }, lawFor, seed);
}

export interface DefaultWeightOptions extends SeedOption, GroupsOption {}

/**
 * The default weight of nn.Linear and nn.Conv*d (reset_parameters): kaiming_uniform_(w, a=√5),
 * which works out to U(−1/√fan_in, 1/√fan_in) (pytorch#57109). Fans in `[out, in/groups, *k]`.
 */
export function defaultWeight(options?: DefaultWeightOptions): Initializer {
  const o = checkOptions(TORCH.defaultWeight.name, options, ['groups', 'seed']);
  return kaiming(TORCH.defaultWeight, 'uniform', o, Math.sqrt(5), true);
}

export interface DefaultBiasOptions extends SeedOption {
  /** fan_in of the layer's weight (computeFans(weightShape).fanIn); required. */
  fanIn: number;
}

/** The default bias of nn.Linear and nn.Conv*d: U(−1/√fan_in, 1/√fan_in), or zeros when fan_in is 0. */
export function defaultBias(options: DefaultBiasOptions): Initializer {
  const where = TORCH.defaultBias.name;
  const o = checkOptions(where, options, ['fanIn', 'seed']);
  if (typeof o.fanIn !== 'number')
    throw typeError(where, 'fanIn', 'a non-negative integer (it has no default)', o.fanIn);
  if (!Number.isSafeInteger(o.fanIn) || o.fanIn < 0)
    throw rangeError(where, 'fanIn', 'a non-negative integer', o.fanIn);
  const fanIn = o.fanIn;
  const seed = checkSeed(where, o.seed);
  const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
  const law = bound === 0 ? constantLaw(where, 0) : uniformLaw(where, -bound, bound);
  return new Initializer(TORCH.defaultBias, { fanIn }, () => law, seed);
}
