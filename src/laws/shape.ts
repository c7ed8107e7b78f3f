// Shapes: arrays of non-negative safe integers, or strings like "3x3x64x128".

import { rangeError, show, typeError } from './errors.js';

/** A tensor shape as accepted by every sampler: `[3, 3, 64, 128]` or `'3x3x64x128'`. */
export type Shape = readonly number[] | string;

const SHAPE_STRING = /^\s*\d+(\s*[x×,]\s*\d+)*\s*$/;

/** Parses and validates a shape; the returned array is a fresh copy. */
export function parseShape(shape: unknown, where: string): number[] {
  let dims: unknown[];
  if (typeof shape === 'string') {
    if (!SHAPE_STRING.test(shape)) {
      throw new RangeError(
        `${where}: \`shape\` string must be dimensions joined by "x", like "3x3x64x128"; got ${show(shape)}`,
      );
    }
    dims = shape.split(/[x×,]/).map((part) => Number(part.trim()));
  } else if (Array.isArray(shape)) {
    dims = shape;
  } else {
    throw typeError(where, 'shape', 'an array of dimensions or a string like "3x3x64x128"', shape);
  }
  const result: number[] = [];
  for (let i = 0; i < dims.length; i++) {
    const dim = dims[i];
    if (typeof dim !== 'number') throw typeError(where, `shape[${i}]`, 'a number', dim);
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw rangeError(where, `shape[${i}]`, 'a non-negative safe integer', dim);
    }
    result.push(dim);
  }
  sizeOf(result, where);
  return result;
}

/** The number of elements of a parsed shape; a RangeError if it exceeds 2^53 − 1. */
export function sizeOf(dims: readonly number[], where: string): number {
  if (dims.includes(0)) return 0;
  let size = 1;
  for (const dim of dims) size *= dim;
  if (!Number.isSafeInteger(size)) {
    throw rangeError(where, 'shape', 'at most 2^53 − 1 elements in all', dims);
  }
  return size;
}
