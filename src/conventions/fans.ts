// The three fan rules, side by side. Each is validated once, when an initializer is made (a
// "rule"), and applied per shape: Keras 3 (channels-last, `(..., in, out)`, with explicit axes or
// grouped kernels), PyTorch (`[out, in, *kernel]`) and JAX (`(..., in, out)` with in, out and batch
// axes, float fans). docs/conventions.md §2.1 quotes each from its source:
// keras/src/initializers/random_initializers.py (compute_fans), torch/nn/init.py
// (_calculate_fan_in_and_fan_out), jax/_src/nn/initializers.py (_compute_fans).

import { rangeError, show, typeError } from '../laws/errors.js';
import { sizeOf } from '../laws/shape.js';

export interface Fans {
  fanIn: number;
  fanOut: number;
}

/** The product of the dimensions at `axes` (resolved, non-negative). */
function productAt(dims: readonly number[], axes: readonly number[]): number {
  return axes.reduce((a, i) => a * dims[i]!, 1);
}

/** Resolves validated integer axes against a rank (negative axes count from the end); `name(i)` names axis i in messages. */
function resolveAxes(where: string, axes: readonly number[], rank: number, name: (i: number) => string): number[] {
  return axes.map((axis, i) => {
    if (axis < -rank || axis >= rank) {
      throw rangeError(where, name(i), `an axis in [${-rank}, ${rank - 1}] for a rank-${rank} shape`, axis);
    }
    return axis < 0 ? axis + rank : axis;
  });
}

/** Validates one axis list entry: an integer. */
function axisAt(where: string, name: string, axis: unknown): number {
  if (typeof axis !== 'number') throw typeError(where, name, 'an integer axis', axis);
  if (!Number.isInteger(axis)) throw rangeError(where, name, 'an integer axis', axis);
  return axis;
}

// ---------------------------------------------------------------------------------------------
// Keras 3

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

/** Keras's fan rule for one initializer: explicit axes, a grouping, or (both null) the rank rule. */
export interface KerasFanRule {
  readonly axes: { readonly inAxes: readonly number[]; readonly outAxes: readonly number[] } | null;
  readonly grouping: { readonly groups: number; readonly depthwise: boolean } | null;
}

/** Validates `inAxes`/`outAxes` and `groups`/`depthwise` from an options object, once. */
export function kerasFanRule(where: string, options: Record<string, unknown>): KerasFanRule {
  const axes = kerasAxes(where, options);
  return { axes, grouping: kerasGrouping(where, options, axes !== null) };
}

function kerasAxes(where: string, options: Record<string, unknown>): KerasFanRule['axes'] {
  // null means not given, as in Keras configs (input_axes=None).
  const inAxes = options.inAxes ?? undefined;
  const outAxes = options.outAxes ?? undefined;
  if (inAxes === undefined && outAxes === undefined) return null;
  if (inAxes === undefined || outAxes === undefined) {
    const missing = inAxes === undefined ? 'inAxes' : 'outAxes';
    throw new TypeError(
      `${where}: \`inAxes\` and \`outAxes\` must be given together; \`${missing}\` is missing; got ${show(options[missing])}`,
    );
  }
  const list = (option: string, value: unknown): number[] => {
    if (!Array.isArray(value)) throw typeError(where, option, 'an array of axis indices', value);
    return value.map((axis: unknown, i) => axisAt(where, `${option}[${i}]`, axis));
  };
  return { inAxes: list('inAxes', inAxes), outAxes: list('outAxes', outAxes) };
}

function kerasGrouping(where: string, options: Record<string, unknown>, withAxes: boolean): KerasFanRule['grouping'] {
  const { groups, depthwise } = options;
  if (depthwise !== undefined && depthwise !== null && typeof depthwise !== 'boolean') {
    throw typeError(where, 'depthwise', 'a boolean', depthwise);
  }
  const isDepthwise = depthwise === true;
  if ((groups === undefined || groups === null) && !isDepthwise) return null;
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
  if (isDepthwise) return { groups: 1, depthwise: true };
  if (typeof groups !== 'number') throw typeError(where, 'groups', 'a positive integer', groups);
  if (!Number.isSafeInteger(groups) || groups < 1) throw rangeError(where, 'groups', 'a positive integer', groups);
  return { groups, depthwise: false };
}

/**
 * Fans of a channels-last kernel `(..., in, out)`, as Keras 3 computes them:
 * rank 0 → (1, 1); rank 1 → (n, n); rank 2 → (in, out); rank ≥ 3 → receptive field × the last two.
 * With axes, each fan is the product of the dimensions at those axes. The fans are raw and may be
 * 0; variance scaling clamps its divisor.
 */
export function kerasFans(where: string, dims: readonly number[], rule: KerasFanRule): Fans {
  const rank = dims.length;
  if (rule.axes) {
    const inAxes = resolveAxes(where, rule.axes.inAxes, rank, (i) => `inAxes[${i}]`);
    const outAxes = resolveAxes(where, rule.axes.outAxes, rank, (i) => `outAxes[${i}]`);
    return { fanIn: productAt(dims, inAxes), fanOut: productAt(dims, outAxes) };
  }
  const grouping = rule.grouping;
  if (grouping) {
    const option = grouping.depthwise ? 'depthwise' : 'groups';
    if (rank < 3) {
      throw new RangeError(
        `${where}: \`${option}\` needs a convolution kernel of rank ≥ 3 (...k, in, out); got shape ${show(dims)} of rank ${rank}`,
      );
    }
    const out = dims[rank - 1]!;
    if (out % grouping.groups !== 0) {
      throw new RangeError(
        `${where}: \`groups\` must divide the output channels (the last dimension, ${out}); got groups = ${grouping.groups}`,
      );
    }
    const receptiveField = sizeOf(dims.slice(0, -2), where);
    if (grouping.depthwise) return { fanIn: receptiveField, fanOut: receptiveField * out };
    return { fanIn: dims[rank - 2]! * receptiveField, fanOut: (out / grouping.groups) * receptiveField };
  }
  if (rank === 0) return { fanIn: 1, fanOut: 1 };
  if (rank === 1) return { fanIn: dims[0]!, fanOut: dims[0]! };
  const receptiveField = sizeOf(dims.slice(0, -2), where);
  return { fanIn: dims[rank - 2]! * receptiveField, fanOut: dims[rank - 1]! * receptiveField };
}

// ---------------------------------------------------------------------------------------------
// PyTorch

/** `groups` of a grouped convolution weight `[out, in/groups, *k]`: fan_out counts out/groups channels. */
export interface GroupsOption {
  groups?: number;
}

/** Validates PyTorch's `groups` option (default 1). */
export function torchGroups(where: string, value: unknown): number {
  if (value === undefined || value === null) return 1;
  if (typeof value !== 'number') throw typeError(where, 'groups', 'a positive integer', value);
  if (!Number.isSafeInteger(value) || value < 1) throw rangeError(where, 'groups', 'a positive integer', value);
  return value;
}

/** Fans of a weight in PyTorch's layout `[out, in, *kernel]`; `groups` divides fan_out (our extension, pytorch#23854). */
export function torchFans(where: string, dims: readonly number[], groups: number): Fans {
  if (dims.length < 2) {
    throw new RangeError(
      `${where}: Fan in and fan out can not be computed for tensor with fewer than 2 dimensions; got shape ${show(dims)} of rank ${dims.length}`,
    );
  }
  if (dims[0]! % groups !== 0) {
    throw new RangeError(
      `${where}: \`groups\` must divide the output channels (dimension 0, ${dims[0]}); got groups = ${groups}`,
    );
  }
  const receptiveField = sizeOf(dims.slice(2), where);
  return { fanIn: dims[1]! * receptiveField, fanOut: (dims[0]! / groups) * receptiveField };
}

// ---------------------------------------------------------------------------------------------
// JAX

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

/** JAX's fan rule for one initializer: its in, out and batch axes. */
export interface JaxFanRule {
  readonly inAxis: readonly number[];
  readonly outAxis: readonly number[];
  readonly batchAxis: readonly number[];
  /** Whether inAxis is the default −2 (JAX then refuses rank ≤ 1 with its own message). */
  readonly defaultIn: boolean;
}

function jaxAxes(where: string, option: string, value: unknown): number[] | null {
  if (value === undefined || value === null) return null;
  const list = typeof value === 'number' ? [value] : value;
  if (!Array.isArray(list)) throw typeError(where, option, 'an integer axis or an array of axes', value);
  return list.map((axis: unknown, i) => axisAt(where, typeof value === 'number' ? option : `${option}[${i}]`, axis));
}

/** Validates `inAxis`, `outAxis` and `batchAxis` once. */
export function jaxFanRule(where: string, o: Record<string, unknown>): JaxFanRule {
  const inAxis = jaxAxes(where, 'inAxis', o.inAxis);
  const outAxis = jaxAxes(where, 'outAxis', o.outAxis);
  const batchAxis = jaxAxes(where, 'batchAxis', o.batchAxis);
  return {
    inAxis: inAxis ?? [-2],
    outAxis: outAxis ?? [-1],
    batchAxis: batchAxis ?? [],
    defaultIn: inAxis === null || (typeof o.inAxis === 'number' && o.inAxis === -2),
  };
}

/** JAX's _compute_fans: fans are floats, receptive field = size / in / out / batch. */
export function jaxFans(where: string, dims: readonly number[], rule: JaxFanRule): Fans {
  const rank = dims.length;
  if (rule.defaultIn && rank <= 1) {
    throw new RangeError(
      `${where}: Can't compute input and output sizes of a ${rank}-dimensional weights tensor with default in_axis. Must be at least 2D or specify \`inAxis\` explicitly; got shape ${show(dims)}`,
    );
  }
  const sizeAt = (option: 'inAxis' | 'outAxis' | 'batchAxis'): number => {
    const axes = rule[option];
    const name = (i: number): string => (axes.length === 1 ? option : `${option}[${i}]`);
    return productAt(dims, resolveAxes(where, axes, rank, name));
  };
  const inSize = sizeAt('inAxis');
  const outSize = sizeAt('outAxis');
  const batchSize = sizeAt('batchAxis');
  if (inSize === 0 || outSize === 0 || batchSize === 0) {
    throw new RangeError(
      `${where}: a fan of shape ${show(dims)} is 0 (JAX would divide by zero); in size ${inSize}, out size ${outSize}, batch size ${batchSize}`,
    );
  }
  const receptiveField = sizeOf(dims, where) / inSize / outSize / batchSize;
  return { fanIn: inSize * receptiveField, fanOut: outSize * receptiveField };
}
