// Output dtypes: float64 widens the float32 stream exactly; float16 and bfloat16 round each value to
// nearest even in wasm, and bounds hold after rounding (a truncated normal redraws, never clamps).
import { describe, expect, it } from 'vitest';
import {
  constant,
  glorotNormal,
  heUniform,
  randomNormal,
  randomUniform,
  truncatedNormal,
  type Initializer,
} from '../src/index.js';
import { bfloat16Value, float16Value } from './helpers/halfs.js';

// Independent decoders and rounding references (not the package's code).
/** All finite non-negative float16 values, ascending, with their bit patterns. */
const F16_TABLE = Array.from({ length: 0x7c00 }, (_, bits) => float16Value(bits));

/** Round-to-nearest-even float16 of a number, by search in the table of all values. */
function roundF16(x: number): number {
  const magnitude = Math.abs(x);
  let lo = 0;
  let hi = F16_TABLE.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (F16_TABLE[mid]! <= magnitude) lo = mid;
    else hi = mid;
  }
  const below = F16_TABLE[lo]!;
  const above = F16_TABLE[hi]!;
  const pick =
    magnitude - below < above - magnitude || (magnitude - below === above - magnitude && lo % 2 === 0) ? below : above;
  return Math.sign(x) * pick || (Object.is(x, -0) || x < 0 ? -0 : 0);
}

/** Round-to-nearest-even bfloat16 of a float32 value, on its bit pattern. */
function roundBf16(x: number): number {
  const bits = new Uint32Array(new Float32Array([x]).buffer)[0]!;
  const down = (bits & 0xffff0000) >>> 0;
  const rest = bits & 0xffff;
  const up = rest > 0x8000 || (rest === 0x8000 && (down >>> 16) % 2 === 1);
  return bfloat16Value((up ? down + 0x10000 : down) >>> 16);
}

/** The bit patterns of a 16-bit output: a Uint16Array, or a Float16Array where the runtime has one (Chromium). */
const bitsOf = (values: ArrayBufferView): Uint16Array =>
  new Uint16Array(values.buffer, values.byteOffset, values.byteLength / 2);

const decode = (dtype: 'float16' | 'bfloat16', values: ArrayBufferView): number[] =>
  Array.from(bitsOf(values), dtype === 'float16' ? float16Value : bfloat16Value);

describe('float64', () => {
  it.each<[string, () => Initializer]>([
    ['randomUniform', () => randomUniform({ seed: 1 })],
    ['randomNormal', () => randomNormal({ seed: 2 })],
    ['truncatedNormal', () => truncatedNormal({ seed: 3 })],
    ['glorotNormal', () => glorotNormal({ seed: 4 })],
  ])('%s: the float32 stream widened exactly, through every API', (_, make) => {
    const shape = [300, 301];
    const expected = Float64Array.from(make().sample(shape));
    const sampled = make().sample(shape, { dtype: 'float64' });
    expect(sampled).toBeInstanceOf(Float64Array);
    expect(sampled).toEqual(expected);
    expect(make().fill(new Float64Array(300 * 301), shape)).toEqual(expected);
    using tensor = make().sampleInWasm(shape, { dtype: 'float64' });
    expect(tensor.array).toEqual(expected);
  });
});

describe.each(['float16', 'bfloat16'] as const)('%s', (dtype) => {
  const round = dtype === 'float16' ? roundF16 : roundBf16;

  it('comes back as 16-bit patterns (a Uint16Array where the runtime has no Float16Array)', () => {
    const values = randomNormal({ seed: 1 }).sample([10], { dtype });
    expect(values.length).toBe(10);
    expect(values.BYTES_PER_ELEMENT).toBe(2);
    const native = (globalThis as { Float16Array?: typeof Float16Array }).Float16Array;
    if (dtype === 'float16' && native) expect(values).toBeInstanceOf(native);
    else expect(values).toBeInstanceOf(Uint16Array);
  });

  it('normal: each value is the float32 value rounded to nearest even', () => {
    const init = randomNormal({ mean: 0.3, stddev: 3, seed: 5 });
    const f32 = init.sample([70_000]);
    const half = decode(dtype, init.sample([70_000], { dtype }));
    for (let i = 0; i < f32.length; i++) expect(half[i]).toBe(round(f32[i]!));
  });

  it('uniform: rounded values stay below maxval in the output type', () => {
    // A range a few output ulps wide, where rounding up to maxval is common.
    const [minval, maxval] = dtype === 'float16' ? [1, 1.0078125] : [1, 1.0625];
    const init = randomUniform({ minval, maxval, seed: 9 });
    const f32 = init.sample([50_000]);
    const half = decode(dtype, init.sample([50_000], { dtype }));
    let guarded = 0;
    for (let i = 0; i < f32.length; i++) {
      expect(half[i]).toBeGreaterThanOrEqual(minval);
      expect(half[i]).toBeLessThan(maxval);
      if (round(f32[i]!) >= maxval) guarded++;
      else expect(half[i]).toBe(round(f32[i]!));
    }
    expect(guarded).toBeGreaterThan(0);
  });

  it('truncated normal: strictly inside ±2σ after rounding, never clamped to a bound', () => {
    const values = decode(dtype, truncatedNormal({ mean: 0, stddev: 1, seed: 4 }).sample([200_000], { dtype }));
    let max = 0;
    for (const v of values) {
      expect(Math.abs(v)).toBeLessThan(2);
      max = Math.max(max, Math.abs(v));
    }
    // The largest value is the type's value just below 2 (it is reachable, and ±2 never appears).
    expect(max).toBe(dtype === 'float16' ? 2 - 2 ** -10 : 2 - 2 ** -7);
  });

  it('truncated normal with a tiny σ (PyTorch’s bf16 outlier bug, pytorch#145498): no value at the bounds', () => {
    const values = decode(dtype, truncatedNormal({ mean: 1, stddev: 0.002, seed: 8 }).sample([100_000], { dtype }));
    const lower = round(1 - 0.004);
    const upper = round(1 + 0.004);
    for (const v of values) {
      expect(v).toBeGreaterThan(lower);
      expect(v).toBeLessThan(upper);
    }
  });

  it('every API gives the same bits: sample, fill, sampleInWasm (threads: test/threads.node.test.ts)', () => {
    const make = () => heUniform({ seed: 12 });
    const shape = [3, 3, 64, 64];
    const expected = bitsOf(make().sample(shape, { dtype }));
    expect(make().fill(new Uint16Array(expected.length), shape, { dtype })).toEqual(expected);
    using tensor = make().sampleInWasm(shape, { dtype });
    expect(tensor.dtype).toBe(dtype);
    expect(new Uint16Array(tensor.array.buffer, tensor.byteOffset, tensor.length)).toEqual(expected);
    expect(bitsOf(make().sample(shape, { dtype, start: 1000, end: 5000 }))).toEqual(expected.subarray(1000, 5000));
  });

  it('constants are rounded to nearest even', () => {
    const values = constant({ value: 0.1 }).sample([4], { dtype });
    expect(decode(dtype, values)).toEqual(new Array(4).fill(round(0.1)));
  });

  it('the far-tail truncated normal (uniform proposals) refuses 16-bit output', async () => {
    const { truncNormal } = await import('../src/torch.js');
    const tail = truncNormal({ mean: 0, std: 1, a: 3, b: 4, seed: 1 });
    expect(tail.sample([8])).toHaveLength(8);
    expect(() => tail.sample([8], { dtype })).toThrow(new RegExp(`${dtype} output is not available`));
  });

  it('rejects parameters that overflow or collapse in the output type', () => {
    // Parameters fine in float32 whose reach passes the 16-bit type's largest value.
    const [mean, stddev, value] = dtype === 'float16' ? [60_000, 1000, 70_000] : [3.39e38, 1e34, 3.4e38];
    expect(randomNormal({ mean, stddev }).sample([4])).toHaveLength(4);
    expect(() => randomNormal({ mean, stddev }).sample([4], { dtype })).toThrow(RangeError);
    expect(() => randomNormal({ mean, stddev }).sample([4], { dtype })).toThrow(new RegExp(`overflows ${dtype}`));
    expect(() => constant({ value }).sample([4], { dtype })).toThrow(new RegExp(`overflows ${dtype}`));
    const narrow = dtype === 'float16' ? 1.0001 : 1.001;
    expect(() => randomUniform({ minval: 1, maxval: narrow }).sample([4], { dtype })).toThrow(
      new RegExp(`rounds to the single ${dtype} value 1`),
    );
    expect(() => truncatedNormal({ mean: 1, stddev: narrow - 1 }).sample([4], { dtype })).toThrow(
      new RegExp(`no ${dtype} value lies strictly inside`),
    );
    // The same parameters are fine in float32.
    expect(randomUniform({ minval: 1, maxval: narrow }).sample([4])).toHaveLength(4);
  });
});
