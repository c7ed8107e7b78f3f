// Seeds: integers 0 ≤ seed < 2^64, stateless by default (Keras 3), stateful through SeedGenerator.

import { rangeError, typeError } from '../laws/errors.js';
import { wasm } from '../bridge/runtime.js';

const TWO_64 = 1n << 64n;

/** What a `seed` option accepts: an integer (a number up to 2^53 − 1 or a bigint below 2^64) or a SeedGenerator. */
export type Seed = number | bigint | SeedGenerator;

/** `seed`: an integer (the same values on every call), a SeedGenerator (new values each call), or omitted (fresh randomness each call). */
export interface SeedOption {
  seed?: Seed | null;
}

/** Validates an integer seed and returns it as a bigint; `accepted` describes the valid types for the TypeError. */
export function seedValue(
  where: string,
  option: string,
  value: unknown,
  accepted = 'a non-negative integer (a number or a bigint)',
): bigint {
  if (typeof value === 'bigint') {
    if (value < 0n || value >= TWO_64) throw rangeError(where, option, 'an integer in [0, 2^64)', value);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw rangeError(where, option, 'an integer in [0, 2^53 − 1] (use a bigint for larger seeds)', value);
    }
    return BigInt(value);
  }
  throw typeError(where, option, accepted, value);
}

/**
 * A stateful seed source, like Keras's `SeedGenerator` or a `torch.Generator`: each initializer
 * call that uses it draws the next seed, so successive calls give different but reproducible
 * values. Draw n (from 1) is output n of SplitMix64 started at the generator's seed.
 */
export class SeedGenerator {
  /** The seed this generator started from. */
  readonly seed: bigint;
  #draws = 0n;

  constructor(seed: number | bigint) {
    this.seed = seedValue('SeedGenerator', 'seed', seed);
  }

  /** How many seeds have been drawn so far. */
  get draws(): bigint {
    return this.#draws;
  }

  /** Draws the next seed (a bigint in [0, 2^64)). */
  next(): bigint {
    const seed = BigInt.asUintN(64, wasm().kernels.splitMix64(this.seed, this.#draws + 1n));
    this.#draws += 1n;
    return seed;
  }
}

/** A fresh 64-bit seed from the platform's cryptographic generator. */
export function freshSeed(): bigint {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return (BigInt(words[1]!) << 32n) | BigInt(words[0]!);
}

/** Validates a `seed` option: undefined or null (fresh each call), an integer, or a SeedGenerator. */
export function checkSeed(where: string, value: unknown): bigint | SeedGenerator | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof SeedGenerator) return value;
  return seedValue(where, 'seed', value, 'a non-negative integer (a number or a bigint) or a SeedGenerator');
}

/** The seed for one call: the fixed integer, the generator's next draw, or fresh randomness. */
export function seedForCall(seed: bigint | SeedGenerator | undefined): bigint {
  if (seed === undefined) return freshSeed();
  if (typeof seed === 'bigint') return seed;
  return seed.next();
}
