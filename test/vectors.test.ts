// The raw generator against the reference C code's outputs (test/vectors, see its README).
// JSON imports rather than file reads, so the same file runs in Node and in Chromium.
import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../src/index.js';
import splitmixVectors from './vectors/splitmix64.json' with { type: 'json' };
import xoshiroVectors from './vectors/xoshiro128starstar.json' with { type: 'json' };

interface XoshiroCase {
  state: number[];
  first: number[];
  first_f32_u01: number[];
  'first_f32_uniform_m0.1_0.1': number[];
  after_jump: { state: number[]; first: number[] };
  after_long_jump: { state: number[]; first: number[] };
  after_jump_jump: { state: number[]; first: number[] };
  after_skip_1000: { state: number[] } | number[];
}
interface SplitMixCase {
  seed: string;
  first: string[];
  xoshiro128_seeding_examples: { lo_hi_of_2_outputs: { state: number[]; xoshiro128ss_first: number[] } };
}

const xoshiro = (xoshiroVectors as unknown as { cases: XoshiroCase[] }).cases;
const splitmix = (splitmixVectors as unknown as { cases: SplitMixCase[] }).cases;

const draw = (rng: Xoshiro128, n: number): number[] => Array.from({ length: n }, () => rng.nextU32());

describe('xoshiro128** reference vectors', () => {
  it('has the six reference cases', () => {
    expect(xoshiro).toHaveLength(6);
    expect(splitmix).toHaveLength(6);
  });

  it.each(xoshiro.map((c, i) => [i, c] as const))('case %i: first 1000 outputs, via nextU32 and fillU32', (_, c) => {
    expect(draw(Xoshiro128.fromState(c.state), c.first.length)).toEqual(c.first);
    expect(Array.from(Xoshiro128.fromState(c.state).fillU32(new Uint32Array(c.first.length)))).toEqual(c.first);
  });

  it.each(xoshiro.map((c, i) => [i, c] as const))('case %i: jump, long jump, jump twice', (_, c) => {
    for (const [ops, expected] of [
      [['jump'], c.after_jump],
      [['longJump'], c.after_long_jump],
      [['jump', 'jump'], c.after_jump_jump],
    ] as const) {
      const rng = Xoshiro128.fromState(c.state);
      for (const op of ops) rng[op]();
      expect(Array.from(rng.state())).toEqual(expected.state);
      expect(draw(rng, expected.first.length)).toEqual(expected.first);
    }
  });

  it.each(xoshiro.map((c, i) => [i, c] as const))('case %i: state after 1000 steps', (_, c) => {
    const rng = Xoshiro128.fromState(c.state);
    rng.fillU32(new Uint32Array(1000));
    const expected = Array.isArray(c.after_skip_1000) ? c.after_skip_1000 : c.after_skip_1000.state;
    expect(Array.from(rng.state())).toEqual(expected);
  });

  it.each(xoshiro.map((c, i) => [i, c] as const))(
    'case %i: float conversion (x >>> 8)·2^-24 and uniform [-0.1, 0.1)',
    (_, c) => {
      // The kernels' exact float formulas, applied to the reference words in float32.
      const a = Math.fround(-0.1);
      const b = Math.fround(0.1);
      const width = Math.fround(b - a);
      const below = new Float32Array(new Int32Array([new Int32Array(new Float32Array([b]).buffer)[0]! - 1]).buffer)[0]!;
      const u = c.first.slice(0, 32).map((x) => (x >>> 8) * 2 ** -24);
      expect(u).toEqual(c.first_f32_u01);
      const uniform = u.map((ui) => {
        const v = Math.fround(a + Math.fround(width * ui));
        return v >= b ? below : v;
      });
      expect(uniform).toEqual(c['first_f32_uniform_m0.1_0.1']);
    },
  );
});

describe('SplitMix64 seeding', () => {
  it.each(splitmix.map((c) => [c.seed, c] as const))(
    'seed %s: state [lo(z1), hi(z1), lo(z2), hi(z2)] and outputs',
    (seed, c) => {
      const example = c.xoshiro128_seeding_examples.lo_hi_of_2_outputs;
      const rng = Xoshiro128.fromSeed(BigInt(seed));
      expect(Array.from(rng.state())).toEqual(example.state);
      expect(draw(rng, example.xoshiro128ss_first.length)).toEqual(example.xoshiro128ss_first);
    },
  );

  it('seeds given as a safe-integer number and as a bigint agree', () => {
    const small = splitmix.find((c) => BigInt(c.seed) <= BigInt(Number.MAX_SAFE_INTEGER))!;
    expect(Xoshiro128.fromSeed(Number(small.seed)).state()).toEqual(Xoshiro128.fromSeed(BigInt(small.seed)).state());
  });
});
