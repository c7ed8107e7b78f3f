// Boxes of a tensor: the `slice` option (one [start, end) pair per axis), the row-major runs of
// flat indices a box is made of, and `shardOf`, the usual split of one axis into shards. Pure
// TypeScript: the stream contract makes every run computable on its own (docs/stream-format.md).

import { checkOptions, rangeError, show, typeError } from './errors.js';
import { parseShape, type Shape } from './shape.js';

/** One `[start, end)` pair per axis, outer axes first; axes left out at the end are whole. */
export type Slice = readonly (readonly [number, number])[];

/** A validated box of a tensor: axis `i` spans `[start[i], end[i])` of `dims[i]`. */
export interface Box {
  readonly dims: readonly number[];
  readonly start: readonly number[];
  readonly end: readonly number[];
  /** The number of elements in the box. */
  readonly size: number;
}

/** A run of consecutive flat indices: `count` elements from `start`. */
export interface Run {
  readonly start: number;
  readonly count: number;
}

/** The box of flat indices [start, end) of a tensor of `size` elements (a range is a box of the flattened tensor). */
export function rangeBox(size: number, start: number, end: number): Box {
  return { dims: [size], start: [start], end: [end], size: end - start };
}

/** Validates `slice` against a parsed shape: a TypeError for a wrong type, a RangeError naming the axis and the values otherwise. */
export function parseSlice(where: string, dims: readonly number[], slice: unknown): Box {
  if (!Array.isArray(slice)) throw typeError(where, 'slice', 'an array of [start, end] pairs, one per axis', slice);
  if (slice.length > dims.length) {
    throw new RangeError(
      `${where}: \`slice\` has ${slice.length} [start, end] pairs, but shape ${show(dims)} has rank ${dims.length}`,
    );
  }
  const start: number[] = [];
  const end: number[] = [];
  let size = 1;
  for (let axis = 0; axis < dims.length; axis++) {
    const dim = dims[axis]!;
    const [from, to] = axis < slice.length ? pair(where, axis, slice[axis]) : [0, dim];
    if (from > to) {
      throw new RangeError(`${where}: \`slice[${axis}]\` (axis ${axis}) must have start ≤ end; got [${from}, ${to}]`);
    }
    if (to > dim) {
      throw new RangeError(
        `${where}: \`slice[${axis}]\` (axis ${axis} of shape ${show(dims)}) must lie within [0, ${dim}]; got [${from}, ${to}]`,
      );
    }
    start.push(from);
    end.push(to);
    size *= to - from;
  }
  return { dims, start, end, size };
}

function pair(where: string, axis: number, value: unknown): [number, number] {
  const option = `slice[${axis}]`;
  if (!Array.isArray(value) || value.length !== 2) {
    throw typeError(where, option, `a [start, end] pair for axis ${axis}`, value);
  }
  for (const x of value) {
    if (typeof x !== 'number') throw typeError(where, option, `a pair of integers for axis ${axis}`, value);
    if (!Number.isSafeInteger(x) || x < 0) {
      throw rangeError(where, option, `a pair of non-negative integers for axis ${axis}`, value);
    }
  }
  return value as [number, number];
}

/** The flat start of a box whose elements are consecutive (one run, or empty), else undefined. */
export function contiguousStart(box: Box): number | undefined {
  if (box.size === 0) return 0;
  const { inner } = layout(box);
  for (let axis = 0; axis < inner; axis++) if (box.end[axis]! - box.start[axis]! > 1) return undefined;
  return flatIndex(box, box.start);
}

/**
 * The box's elements as runs of consecutive flat indices, in row-major order: their values, run
 * after run, are the box's row-major values. Runs that touch are merged: the axes after the
 * innermost partial one are whole, so a run spans that axis's range times the rest of the tensor.
 */
export function* runsOf(box: Box): Generator<Run> {
  if (box.size === 0) return;
  if (box.dims.length === 0) {
    yield { start: 0, count: 1 };
    return;
  }
  const { inner, strides } = layout(box);
  const count = (box.end[inner]! - box.start[inner]!) * strides[inner]!;
  // An odometer over the axes before `inner`, inside the box.
  const index = [...box.start];
  let start = flatIndex(box, index);
  for (;;) {
    yield { start, count };
    let axis = inner - 1;
    while (axis >= 0 && index[axis]! + 1 === box.end[axis]) {
      start -= (index[axis]! - box.start[axis]!) * strides[axis]!;
      index[axis] = box.start[axis]!;
      axis--;
    }
    if (axis < 0) return;
    index[axis]!++;
    start += strides[axis]!;
  }
}

/**
 * Row-major strides, and `inner`: the last axis the box does not span whole (0 if it spans them
 * all). Every axis after it is whole, so for each index of the axes before it the box holds one
 * run of consecutive flat indices.
 */
function layout(box: Box): { inner: number; strides: number[] } {
  const rank = box.dims.length;
  const strides = new Array<number>(rank);
  let stride = 1;
  for (let axis = rank - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= box.dims[axis]!;
  }
  let inner = rank - 1;
  while (inner > 0 && box.start[inner] === 0 && box.end[inner] === box.dims[inner]) inner--;
  return { inner: Math.max(inner, 0), strides };
}

function flatIndex(box: Box, index: readonly number[]): number {
  let flat = 0;
  for (let axis = 0; axis < box.dims.length; axis++) flat = flat * box.dims[axis]! + index[axis]!;
  return flat;
}

/** Options of `shardOf`. */
export interface ShardOptions {
  /** The axis to split (negative counts from the end: −1 is the last axis). */
  axis: number;
  /** Which shard, 0 ≤ index < count. */
  index: number;
  /** How many shards. */
  count: number;
}

/**
 * The `slice` of shard `index` of `count` along `axis`: the axis is split into consecutive parts
 * whose sizes differ by at most one, the first `size % count` one larger (as numpy.array_split
 * and Megatron-LM split). Every other axis is whole. Pass it as `{ slice }` to sample or fill.
 */
export function shardOf(shape: Shape, options: ShardOptions): [number, number][] {
  const where = 'shardOf';
  const dims = parseShape(shape, where);
  const { axis, index, count } = checkOptions(where, options, ['axis', 'index', 'count']);
  const rank = dims.length;
  const integer = (name: string, value: unknown): number => {
    if (typeof value !== 'number') throw typeError(where, name, 'an integer', value);
    if (!Number.isSafeInteger(value)) throw rangeError(where, name, 'an integer', value);
    return value;
  };
  const a = integer('axis', axis);
  if (a < -rank || a >= rank)
    throw rangeError(where, 'axis', `an axis of shape ${show(dims)}, in [${-rank}, ${rank})`, a);
  const n = integer('count', count);
  if (n < 1) throw rangeError(where, 'count', 'a positive integer', n);
  const i = integer('index', index);
  if (i < 0 || i >= n) throw rangeError(where, 'index', `an integer in [0, ${n}) (count is ${n})`, i);
  const split = a < 0 ? a + rank : a;
  const size = dims[split]!;
  const base = Math.floor(size / n);
  const extra = size % n;
  const from = i * base + Math.min(i, extra);
  const to = from + base + (i < extra ? 1 : 0);
  return dims.map((dim, d) => (d === split ? [from, to] : [0, dim]));
}
