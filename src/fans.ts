// Fan computation with Keras 3's rules (keras/src/initializers/random_initializers.py, compute_fans).

import { checkOptions, rangeError, show, typeError } from './errors.js';
import { parseShape, type Shape } from './shape.js';

/** Explicit fan axes, as Keras 3's `input_axes` / `output_axes` (given together). */
export interface FanAxes {
  inAxes?: readonly number[];
  outAxes?: readonly number[];
}

/**
 * Per-output fans for grouped and depthwise convolution kernels (channels-last, rank ≥ 3).
 * The rank rule counts every input channel in fan_in and every output channel in fan_out, but
 * in a grouped convolution each output sees only its group's inputs and each input feeds only
 * its group's outputs (tfjs#8568, keras#11773, pytorch#23854).
 */
export interface FanGrouping {
  /** A grouped kernel `(...k, in/groups, out)`: fan_in = ∏k·in/groups, fan_out = ∏k·out/groups. */
  groups?: number;
  /** A Keras DepthwiseConv2D kernel `(...k, in, depth_multiplier)`: fan_in = ∏k, fan_out = ∏k·depth_multiplier. */
  depthwise?: boolean;
}

export interface Fans {
  fanIn: number;
  fanOut: number;
}

/**
 * Fans of a channels-last kernel `(..., in, out)`, as Keras 3 computes them:
 * rank 0 → (1, 1); rank 1 → (n, n); rank 2 → (in, out); rank ≥ 3 → receptive field × the last two.
 * With `inAxes` and `outAxes`, each fan is the product of the dimensions at those axes (negative
 * axes count from the end). The fans are raw and may be 0; variance scaling clamps its divisor.
 */
export function computeFans(shape: Shape, options?: FanAxes & FanGrouping): Fans {
  const where = 'computeFans';
  const dims = parseShape(shape, where);
  const o = checkOptions(where, options, ['inAxes', 'outAxes', 'groups', 'depthwise']);
  const axes = fanAxes(where, o, dims.length);
  return fansOf(dims, axes, fanGrouping(where, o, dims, axes !== null));
}

/** Resolved grouping, or null for none. */
export type ResolvedGrouping = { groups: number; depthwise: boolean } | null;

/**
 * Validates `groups` / `depthwise` from an options object; with `dims` null only their form is
 * checked (at construction), with dims also the shape (rank ≥ 3, out channels divisible by groups).
 */
export function fanGrouping(
  where: string,
  options: Record<string, unknown>,
  dims: readonly number[] | null,
  withAxes: boolean,
): ResolvedGrouping {
  const { groups, depthwise } = options;
  if (
    (groups === undefined || groups === null) &&
    (depthwise === undefined || depthwise === null || depthwise === false)
  ) {
    if (depthwise !== undefined && depthwise !== null && typeof depthwise !== 'boolean') {
      throw typeError(where, 'depthwise', 'a boolean', depthwise);
    }
    return null;
  }
  if (depthwise !== undefined && depthwise !== null && typeof depthwise !== 'boolean') {
    throw typeError(where, 'depthwise', 'a boolean', depthwise);
  }
  const isDepthwise = depthwise === true;
  if (isDepthwise && groups !== undefined && groups !== null) {
    throw new TypeError(
      `${where}: \`groups\` and \`depthwise\` cannot be combined; got groups = ${show(groups)}, depthwise = true`,
    );
  }
  if (withAxes) {
    throw new TypeError(
      `${where}: \`${isDepthwise ? 'depthwise' : 'groups'}\` cannot be combined with \`inAxes\`/\`outAxes\``,
    );
  }
  let g = 1;
  if (!isDepthwise) {
    if (typeof groups !== 'number') throw typeError(where, 'groups', 'a positive integer', groups);
    if (!Number.isSafeInteger(groups) || groups < 1) throw rangeError(where, 'groups', 'a positive integer', groups);
    g = groups;
  }
  if (dims !== null) {
    const option = isDepthwise ? 'depthwise' : 'groups';
    if (dims.length < 3) {
      throw new RangeError(
        `${where}: \`${option}\` needs a convolution kernel of rank ≥ 3 (...k, in, out); got shape ${show(dims)} of rank ${dims.length}`,
      );
    }
    const out = dims[dims.length - 1]!;
    if (out % g !== 0) {
      throw new RangeError(
        `${where}: \`groups\` must divide the output channels (the last dimension, ${out}); got groups = ${g}`,
      );
    }
  }
  return { groups: g, depthwise: isDepthwise };
}

/** Resolved axes, or null for the rank rules. */
export type ResolvedAxes = { inAxes: number[]; outAxes: number[] } | null;

/** Validates `inAxes`/`outAxes` from an options object against a rank (or only their form when rank is null). */
export function fanAxes(where: string, options: Record<string, unknown>, rank: number | null): ResolvedAxes {
  const { inAxes, outAxes } = options;
  if (inAxes === undefined && outAxes === undefined) return null;
  if (inAxes === undefined || outAxes === undefined) {
    const missing = inAxes === undefined ? 'inAxes' : 'outAxes';
    throw new TypeError(`${where}: \`inAxes\` and \`outAxes\` must be given together; \`${missing}\` is missing`);
  }
  return { inAxes: axisList(where, 'inAxes', inAxes, rank), outAxes: axisList(where, 'outAxes', outAxes, rank) };
}

function axisList(where: string, option: string, value: unknown, rank: number | null): number[] {
  if (!Array.isArray(value)) throw typeError(where, option, 'an array of axis indices', value);
  return value.map((axis: unknown, i) => {
    if (typeof axis !== 'number') throw typeError(where, `${option}[${i}]`, 'an integer axis', axis);
    if (!Number.isInteger(axis)) throw rangeError(where, `${option}[${i}]`, 'an integer axis', axis);
    if (rank === null) return axis;
    if (axis < -rank || axis >= rank) {
      throw rangeError(where, `${option}[${i}]`, `an axis in [${-rank}, ${rank - 1}] for a rank-${rank} shape`, axis);
    }
    return axis < 0 ? axis + rank : axis;
  });
}

/** Fans of validated dimensions, with axes already resolved against their rank. */
export function fansOf(dims: readonly number[], axes: ResolvedAxes, grouping: ResolvedGrouping = null): Fans {
  const product = (list: readonly number[]): number => list.reduce((a, b) => a * b, 1);
  if (grouping) {
    const rank = dims.length;
    const receptiveField = product(dims.slice(0, -2));
    if (grouping.depthwise) return { fanIn: receptiveField, fanOut: receptiveField * dims[rank - 1]! };
    return {
      fanIn: dims[rank - 2]! * receptiveField,
      fanOut: (dims[rank - 1]! / grouping.groups) * receptiveField,
    };
  }
  if (axes) {
    return { fanIn: product(axes.inAxes.map((a) => dims[a]!)), fanOut: product(axes.outAxes.map((a) => dims[a]!)) };
  }
  const rank = dims.length;
  if (rank === 0) return { fanIn: 1, fanOut: 1 };
  if (rank === 1) return { fanIn: dims[0]!, fanOut: dims[0]! };
  const receptiveField = product(dims.slice(0, -2));
  return { fanIn: dims[rank - 2]! * receptiveField, fanOut: dims[rank - 1]! * receptiveField };
}
