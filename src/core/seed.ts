// Seeds: integers 0 ≤ seed < 2^64, stateless by default (Keras 3), stateful through SeedGenerator.
// Configs hold them as JSON: integers above 2^53 − 1 as decimal strings, a SeedGenerator as its
// seed and state.

import { checkOptions, rangeError, typeError } from '../laws/errors.js';
import { wasm } from '../bridge/runtime.js';

const TWO_64 = 1n << 64n;

/**
 * What a `seed` option accepts: an integer (a number up to 2^53 − 1, a bigint below 2^64, or a
 * decimal string, as configs hold seeds above 2^53 − 1), a SeedGenerator, or a SeedGenerator's
 * JSON form (`generator.toJSON()`, as configs hold it), which revives as a new generator.
 */
export type Seed = number | bigint | string | SeedGenerator | SeedGeneratorJSON;

/** `seed`: an integer (the same values on every call), a SeedGenerator (new values each call), or omitted (fresh randomness each call). */
export interface SeedOption {
  seed?: Seed | null;
}

/** A 64-bit integer as JSON holds it exactly: a number up to 2^53 − 1, else a decimal string. */
export type JSONInteger = number | string;

/** The state of a SeedGenerator as data: its seed and how many seeds it has drawn. */
export interface SeedGeneratorConfig {
  readonly seed: JSONInteger;
  readonly draws: JSONInteger;
}

/** A SeedGenerator serialized, as Keras serializes objects inside configs: class name and config. */
export interface SeedGeneratorJSON {
  readonly className: 'SeedGenerator';
  readonly config: SeedGeneratorConfig;
}

/** `value` as JSON holds it exactly (JSONInteger). */
function jsonInteger(value: bigint): JSONInteger {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/**
 * Validates an integer in [0, 2^64) and returns it as a bigint: a number, a bigint, or (with
 * `decimal`) a decimal string. `accepted` describes the valid types for the TypeError.
 */
export function seedValue(
  where: string,
  option: string,
  value: unknown,
  accepted = 'a non-negative integer (a number or a bigint)',
  decimal = false,
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
  if (decimal && typeof value === 'string') {
    if (!/^(0|[1-9][0-9]*)$/.test(value) || BigInt(value) >= TWO_64) {
      throw rangeError(where, option, 'a decimal integer in [0, 2^64)', value);
    }
    return BigInt(value);
  }
  throw typeError(where, option, accepted, value);
}

const INTEGER = 'a non-negative integer (a number, a bigint or a decimal string)';

/**
 * A stateful seed source, like Keras's `SeedGenerator` or a `torch.Generator`: each initializer
 * call that uses it draws the next seed, so successive calls give different but reproducible
 * values. Draw n (from 1) is output n of SplitMix64 started at the generator's seed.
 */
export class SeedGenerator {
  /** The seed this generator started from. */
  readonly seed: bigint;
  #draws = 0n;

  /** Starts at `seed`; without one, at a fresh random seed (as Keras's SeedGenerator does). */
  constructor(seed?: number | bigint | string | null) {
    this.seed =
      seed === undefined || seed === null ? freshSeed() : seedValue('SeedGenerator', 'seed', seed, INTEGER, true);
  }

  /**
   * A generator in the state `config` describes (`toJSON().config`): it continues where that one
   * was. Keras's own config (`{ seed, name }`, no state) starts at draw 0.
   */
  static fromConfig(config: SeedGeneratorConfig): SeedGenerator {
    const where = 'SeedGenerator.fromConfig';
    const o = checkOptions(where, config, ['seed', 'draws', 'name']);
    const generator = new SeedGenerator(seedValue(where, 'seed', o.seed, INTEGER, true));
    generator.#draws = o.draws === undefined ? 0n : seedValue(where, 'draws', o.draws, INTEGER, true);
    return generator;
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

  /**
   * Its seed and state as JSON data, the way Keras serializes a SeedGenerator (seed and state, not
   * the object): a `seed` option given this revives a new generator that continues from here.
   */
  toJSON(): SeedGeneratorJSON {
    return { className: 'SeedGenerator', config: { seed: jsonInteger(this.seed), draws: jsonInteger(this.#draws) } };
  }
}

/** A fresh 64-bit seed from the platform's cryptographic generator. */
export function freshSeed(): bigint {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return (BigInt(words[1]!) << 32n) | BigInt(words[0]!);
}

/**
 * Validates a `seed` option: undefined or null (fresh each call), an integer (a number, a bigint
 * or a decimal string), a SeedGenerator (used as is), or a SeedGenerator's JSON form (a new
 * generator in that state), also as Keras 3 serializes one (with `module` and `registeredName`,
 * camelCased by tfjs).
 */
export function checkSeed(where: string, value: unknown): bigint | SeedGenerator | undefined {
  if (value === undefined || value === null) return undefined;
  if (value instanceof SeedGenerator) return value;
  if (
    typeof value === 'object' &&
    !Array.isArray(value) &&
    (value as { className?: unknown }).className === 'SeedGenerator'
  ) {
    const { config } = checkOptions(`${where}: \`seed\``, value, ['className', 'config', 'module', 'registeredName']);
    return SeedGenerator.fromConfig(config as SeedGeneratorConfig);
  }
  return seedValue(where, 'seed', value, `${INTEGER}, a SeedGenerator or its toJSON()`, true);
}

/** The seed policy as a config holds it: null (fresh each call), a JSONInteger, or a SeedGenerator's JSON form. */
export function seedConfig(seed: bigint | SeedGenerator | undefined): JSONInteger | SeedGeneratorJSON | null {
  if (seed === undefined) return null;
  if (typeof seed === 'bigint') return jsonInteger(seed);
  return seed.toJSON();
}

/** The seed for one call: the fixed integer, the generator's next draw, or fresh randomness. */
export function seedForCall(seed: bigint | SeedGenerator | undefined): bigint {
  if (seed === undefined) return freshSeed();
  if (typeof seed === 'bigint') return seed;
  return seed.next();
}
