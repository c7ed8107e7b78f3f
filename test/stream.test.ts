// The stream contract v2 (docs/stream-format.md): block/lane layout, seeding, and ranges. The normal
// laws' values element by element: ziggurat.test.ts.
import { describe, expect, it } from 'vitest';
import {
  type Initializer,
  glorotNormal,
  heUniform,
  randomNormal,
  randomUniform,
  truncatedNormal,
  Xoshiro128,
} from '../src/index.js';
import { sameBits } from './helpers/bits.js';
import { splitMix64 } from './helpers/splitmix64.js';

const BLOCK = 65536;
const LANES = 8;
/** The raw generator of lane k in block b: SplitMix64 outputs 2j+1 and 2j+2, j = 8b + k. */
function laneGenerator(seed: bigint, block: number, lane: number): Xoshiro128 {
  const j = BigInt(block * LANES + lane);
  const z1 = splitMix64(seed, 2n * j + 1n);
  const z2 = splitMix64(seed, 2n * j + 2n);
  const words = [z1 & 0xffffffffn, z1 >> 32n, z2 & 0xffffffffn, z2 >> 32n].map(Number);
  return Xoshiro128.fromState(words);
}

describe('lanes and seeding', () => {
  it('lane 0 of block 0 is the raw generator seeded the same way', () => {
    const seed = 42n;
    const a = Math.fround(-0.05);
    const b = Math.fround(0.05);
    const values = randomUniform({ seed }).sample([LANES * 200]);
    const rng = Xoshiro128.fromSeed(seed);
    for (let p = 0; p < 200; p++) {
      const u = (rng.nextU32() >>> 8) * 2 ** -24;
      expect(values[LANES * p]).toBe(Math.fround(a + Math.fround(Math.fround(b - a) * u)));
    }
  });

  it.each([
    [0, 3],
    [1, 0],
    [5, 7],
    [300, 4],
  ])('uniform: element 8p + k of block %i, lane %i, is the lane generator’s p-th value', (block, lane) => {
    const seed = 0xdeadbeefcafen;
    const a = Math.fround(-1);
    const b = Math.fround(2);
    const p = 100;
    const values = randomUniform({ minval: -1, maxval: 2, seed }).sample([(block + 1) * BLOCK], {
      start: block * BLOCK,
      end: block * BLOCK + LANES * p,
    });
    const rng = laneGenerator(seed, block, lane);
    for (let i = 0; i < p; i++) {
      const u = (rng.nextU32() >>> 8) * 2 ** -24;
      const v = Math.fround(a + Math.fround(Math.fround(b - a) * u));
      expect(values[LANES * i + lane]).toBe(v);
    }
  });
});

/** Blocks of the normal laws. */
const NORMAL_BLOCK = 2048;

const RANGES = (size: number): [number, number][] => [
  [0, size],
  [0, 1],
  [1, 2],
  [3, 17],
  [7, 8 * 37 + 5],
  [NORMAL_BLOCK - 3, NORMAL_BLOCK + 3],
  [5 * NORMAL_BLOCK + 1001, 7 * NORMAL_BLOCK + 5],
  [BLOCK - 5, BLOCK + 5],
  [BLOCK, 2 * BLOCK],
  [BLOCK - 1, size],
  [2 * BLOCK + 13, size - 1],
  [size - 1, size],
  [size, size],
  [12345, 12345],
];

describe.each<[string, () => Initializer]>([
  ['randomUniform', () => randomUniform({ seed: 5 })],
  ['randomNormal', () => randomNormal({ seed: 5 })],
  ['truncatedNormal', () => truncatedNormal({ seed: 5 })],
  ['glorotNormal', () => glorotNormal({ seed: 2n ** 64n - 1n })],
  ['heUniform', () => heUniform({ seed: 0 })],
])('%s: any range equals the same slice of the whole tensor', (_, make) => {
  const shape = [3, 65537];
  const size = 3 * 65537;
  const whole = make().sample(shape);

  it.each(RANGES(size))('sample({ start: %i, end: %i })', (start, end) => {
    expect(sameBits(make().sample(shape, { start, end }), whole.subarray(start, end))).toBe(true);
  });

  it.each(RANGES(size))('fill(out, shape, { start: %i }) of length end − start (%i), into a subarray', (start, end) => {
    const backing = new Float32Array(end - start + 3).fill(-7);
    const out = backing.subarray(1, 1 + end - start);
    make().fill(out, shape, { start });
    expect(sameBits(out, whole.subarray(start, end))).toBe(true);
    expect([backing[0], backing[backing.length - 1]]).toEqual([-7, -7]);
  });

  it.each(RANGES(size))('sampleInWasm({ start: %i, end: %i })', (start, end) => {
    const tensor = make().sampleInWasm(shape, { start, end });
    expect(sameBits(tensor.array, whole.subarray(start, end))).toBe(true);
    tensor.dispose();
  });

  it('fill without start equals sample', () => {
    expect(sameBits(make().fill(new Float32Array(size), shape), whole)).toBe(true);
  });
});

describe('indices beyond 32 bits', () => {
  it('ranges near 2^53 − 1 equal the slices of a larger range that contains them', () => {
    const size = Number.MAX_SAFE_INTEGER;
    const start = size - 100_000;
    const init = truncatedNormal({ seed: 3 });
    const tail = init.sample([size], { start, end: size });
    expect(tail.length).toBe(100_000);
    expect(sameBits(init.sample([size], { start: size - 10, end: size }), tail.subarray(tail.length - 10))).toBe(true);
    expect(
      sameBits(init.sample([size], { start: start + 70_000, end: start + 70_123 }), tail.subarray(70_000, 70_123)),
    ).toBe(true);
  });

  it('blocks 2^32 apart differ (block indices are not truncated to 32 bits)', () => {
    const init = randomUniform({ seed: 11 });
    const shape = [2 ** 50];
    const first = init.sample(shape, { start: 0, end: 64 });
    const far = init.sample(shape, { start: 2 ** 32 * BLOCK, end: 2 ** 32 * BLOCK + 64 });
    expect(sameBits(first, far)).toBe(false);
  });
});
