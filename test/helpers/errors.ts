// Checking thrown errors: the exact class, the message, and that nothing was written.
import { expect } from 'vitest';

export type ErrorClass = typeof TypeError | typeof RangeError;

/** Casts a deliberately ill-typed argument. */
export const bad = (value: unknown): never => value as never;

/** The error `fn` throws; fails the test if it returns. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  return expect.fail('expected the call to throw, but it returned');
}

/** The call throws exactly `cls` (not a subclass or sibling) with a message matching every pattern. */
export function expectError(fn: () => unknown, cls: ErrorClass, ...patterns: RegExp[]): Error {
  const error = thrown(fn);
  expect(error.constructor, `${error.constructor.name}: ${error.message}`).toBe(cls);
  for (const pattern of patterns) expect(error.message).toMatch(pattern);
  return error;
}

/** The bytes of a typed array, or the elements of a plain array, for a bitwise before/after comparison. */
export function snapshot(out: unknown): unknown[] {
  if (ArrayBuffer.isView(out)) return Array.from(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
  return (out as unknown[]).map((x) => (Object.is(x, -0) ? '-0' : Number.isNaN(x) ? 'NaN' : x));
}

/** The call throws as expectError says, and `out` is bitwise unchanged afterwards. */
export function expectNothingWritten(out: unknown, fn: () => unknown, cls: ErrorClass, ...patterns: RegExp[]): void {
  const before = snapshot(out);
  expectError(fn, cls, ...patterns);
  expect(snapshot(out)).toEqual(before);
}

/** A Float32Array of `length` sentinels: NaN with a payload, 7, −0 and −Infinity in turn. */
export function sentinel(length: number): Float32Array {
  const out = new Float32Array(length);
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < length; i++) bits[i] = [0x7fc01234, 0x40e00000, 0x80000000, 0xff800000][i % 4]!;
  return out;
}
