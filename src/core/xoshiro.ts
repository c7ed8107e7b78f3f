// The raw xoshiro128** 1.1 generator (Blackman & Vigna), backed by the wasm kernels.

import { typeError } from '../laws/errors.js';
import { seedValue } from './seed.js';
import { wasm } from '../bridge/runtime.js';

/**
 * xoshiro128**: 32-bit outputs, period 2^128 − 1. Its state lives here; each call copies the
 * four words into wasm memory, runs the kernel and copies them back.
 */
export class Xoshiro128 {
  #state: Uint32Array;

  private constructor(state: Uint32Array) {
    this.#state = state;
  }

  /** Seeds from an integer in [0, 2^64): state = [lo32(z1), hi32(z1), lo32(z2), hi32(z2)] for SplitMix64 outputs z1, z2. */
  static fromSeed(seed: number | bigint): Xoshiro128 {
    const value = seedValue('Xoshiro128.fromSeed', 'seed', seed);
    const runtime = wasm();
    runtime.kernels.xoshiroSeed(runtime.state, value);
    return new Xoshiro128(runtime.u32(runtime.state, 4).slice());
  }

  /** Starts from four 32-bit words (as the reference s[0..3]); an all-zero state is rejected. */
  static fromState(state: ArrayLike<number> | Uint32Array): Xoshiro128 {
    const where = 'Xoshiro128.fromState';
    if (state === null || typeof state !== 'object' || typeof state.length !== 'number') {
      throw typeError(where, 'state', 'an array of four 32-bit words', state);
    }
    if (state.length !== 4) {
      throw new RangeError(`${where}: \`state\` must have 4 words; got ${state.length}`);
    }
    const words = new Uint32Array(4);
    for (let i = 0; i < 4; i++) {
      const word = state[i];
      if (typeof word !== 'number') throw typeError(where, `state[${i}]`, 'a number', word);
      if (!Number.isInteger(word) || word < 0 || word > 0xffffffff) {
        throw new RangeError(`${where}: \`state[${i}]\` must be an integer in [0, 2^32); got ${word}`);
      }
      words[i] = word;
    }
    if (words.every((w) => w === 0)) {
      throw new RangeError(
        `${where}: \`state\` must not be all zeros (xoshiro would output only zeros); got [0, 0, 0, 0]`,
      );
    }
    return new Xoshiro128(words);
  }

  /** A copy of the four state words. */
  state(): Uint32Array {
    return this.#state.slice();
  }

  /** The next 32-bit output. */
  nextU32(): number {
    return this.#run((runtime) => runtime.kernels.xoshiroNext(runtime.state) >>> 0);
  }

  /** Fills `out` with consecutive outputs and returns it. */
  fillU32(out: Uint32Array): Uint32Array {
    if (!(out instanceof Uint32Array)) throw typeError('Xoshiro128.fillU32', 'out', 'a Uint32Array', out);
    return this.#run((runtime) => {
      for (let done = 0; done < out.length;) {
        const count = Math.min(out.length - done, runtime.blockSize);
        runtime.kernels.xoshiroFill(runtime.state, runtime.scratch, count);
        out.set(runtime.u32(runtime.scratch, count), done);
        done += count;
      }
      return out;
    });
  }

  /** Advances 2^64 steps: 2^64 non-overlapping subsequences for parallel use. */
  jump(): this {
    this.#run((runtime) => runtime.kernels.xoshiroJump(runtime.state));
    return this;
  }

  /** Advances 2^96 steps. */
  longJump(): this {
    this.#run((runtime) => runtime.kernels.xoshiroLongJump(runtime.state));
    return this;
  }

  #run<T>(body: (runtime: ReturnType<typeof wasm>) => T): T {
    const runtime = wasm();
    runtime.u32(runtime.state, 4).set(this.#state);
    const result = body(runtime);
    this.#state.set(runtime.u32(runtime.state, 4));
    return result;
  }
}
