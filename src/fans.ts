// Fan computation with Keras 3's rules (keras/src/initializers/random_initializers.py, compute_fans).

import { checkOptions, rangeError, typeError } from './errors.js';
import { parseShape, type Shape } from './shape.js';

/** Explicit fan axes, as Keras 3's `input_axes` / `output_axes` (given together). */
export interface FanAxes {
  inAxes?: readonly number[];
  outAxes?: readonly number[];
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
export function computeFans(shape: Shape, options?: FanAxes): Fans {
  const where = 'computeFans';
  const dims = parseShape(shape, where);
  const axes = fanAxes(where, checkOptions(where, options, ['inAxes', 'outAxes']), dims.length);
  return fansOf(dims, axes);
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
export function fansOf(dims: readonly number[], axes: ResolvedAxes): Fans {
  const product = (list: readonly number[]): number => list.reduce((a, b) => a * b, 1);
  if (axes) {
    return { fanIn: product(axes.inAxes.map((a) => dims[a]!)), fanOut: product(axes.outAxes.map((a) => dims[a]!)) };
  }
  const rank = dims.length;
  if (rank === 0) return { fanIn: 1, fanOut: 1 };
  if (rank === 1) return { fanIn: dims[0]!, fanOut: dims[0]! };
  const receptiveField = product(dims.slice(0, -2));
  return { fanIn: dims[rank - 2]! * receptiveField, fanOut: dims[rank - 1]! * receptiveField };
}
