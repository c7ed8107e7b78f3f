// computeFans against Keras 3's compute_fans (docs/conventions.md §2.1, §2.2), and the fan-based limits
// of the presets that follow from it.
import { describe, expect, it } from 'vitest';
import {
  computeFans,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  lecunNormal,
  lecunUniform,
  type Shape,
  varianceScaling,
} from '../src/index.js';

const fround = Math.fround;
const KERAS_TRUNCATION_CONSTANT = 0.87962566103423978;

/** The float32 upper bound of a uniform law (NaN for another kind). */
function maxvalOf(init: Initializer, shape: Shape): number {
  const law = init.distribution(shape);
  return law.kind === 'uniform' ? law.maxval : NaN;
}

/** The float32 σ before truncation of a truncated-normal law, or the σ of a normal one (NaN otherwise). */
function stddevOf(init: Initializer, shape: Shape): number {
  const law = init.distribution(shape);
  return law.kind === 'truncatedNormal' || law.kind === 'normal' ? law.stddev : NaN;
}

describe('computeFans: the Keras column of docs/conventions.md §2.2', () => {
  const table: [number[], number, number][] = [
    [[], 1, 1], // rank 0: "Just to avoid errors for constants."
    [[5], 5, 5], // rank 1: (n, n), not TF.js's (√n, √n)
    [[3, 4], 3, 4], // dense (in, out)
    [[3, 3, 16, 32], 144, 288], // conv2d kernel (kh, kw, in, out)
    [[32, 16, 3, 3], 1536, 1536], // a PyTorch conv weight read as channels-last
    [[2, 3, 3, 16, 32], 288, 576], // conv3d kernel
    [[2, 2, 2, 2, 2, 2], 32, 32], // rank 6: Keras rule, not TF.js's √prod = 8
  ];

  it.each(table)('%j → (%i, %i)', (shape, fanIn, fanOut) => {
    expect(computeFans(shape)).toEqual({ fanIn, fanOut });
  });

  it('rank ≥ 3 multiplies the receptive field (all but the last two dims) into both fans', () => {
    expect(computeFans([3, 3, 64, 128])).toEqual({ fanIn: 576, fanOut: 1152 });
    expect(computeFans([7, 64, 128])).toEqual({ fanIn: 7 * 64, fanOut: 7 * 128 });
    expect(computeFans([784, 256])).toEqual({ fanIn: 784, fanOut: 256 });
  });

  it('accepts a frozen (readonly) shape and leaves it unchanged', () => {
    const shape = [3, 3, 16, 32];
    const frozen = Object.freeze([...shape]);
    expect(computeFans(frozen)).toEqual({ fanIn: 144, fanOut: 288 });
    expect(frozen).toEqual(shape);
  });
});

describe('computeFans: zero dimensions give raw zero fans (the clamp is in variance scaling)', () => {
  const table: [number[], number, number][] = [
    [[0], 0, 0],
    [[0, 5], 0, 5],
    [[5, 0], 5, 0],
    [[0, 0], 0, 0],
    [[3, 3, 0, 8], 0, 72],
    [[3, 3, 8, 0], 72, 0],
    [[0, 3, 16, 32], 0, 0], // an empty receptive field empties both
  ];

  it.each(table)('%j → (%i, %i)', (shape, fanIn, fanOut) => {
    expect(computeFans(shape)).toEqual({ fanIn, fanOut });
  });
});

describe('computeFans: string shapes', () => {
  const table: [string, number[]][] = [
    ['3x3x64x128', [3, 3, 64, 128]],
    ['784x256', [784, 256]],
    ['5', [5]],
    ['0x5', [0, 5]],
    [' 3 x 3 x 16 x 32 ', [3, 3, 16, 32]],
    ['3×3×16×32', [3, 3, 16, 32]],
    ['2x3x3x16x32', [2, 3, 3, 16, 32]],
  ];

  it.each(table)('%j is the same as %j', (text, shape) => {
    expect(computeFans(text)).toEqual(computeFans(shape));
  });

  it('"3x3x64x128" → (576, 1152)', () => {
    expect(computeFans('3x3x64x128')).toEqual({ fanIn: 576, fanOut: 1152 });
  });
});

describe('computeFans: explicit inAxes / outAxes (Keras 3 input_axes / output_axes, PR keras#22789)', () => {
  it('an EinsumDense-like kernel [64, 8, 16] with inAxes [0], outAxes [1, 2] → (64, 128)', () => {
    expect(computeFans([64, 8, 16], { inAxes: [0], outAxes: [1, 2] })).toEqual({ fanIn: 64, fanOut: 128 });
    // The rank rule would give (8·64, 16·64): the axes override it.
    expect(computeFans([64, 8, 16])).toEqual({ fanIn: 512, fanOut: 1024 });
  });

  it('negative axes count from the end', () => {
    expect(computeFans([64, 8, 16], { inAxes: [-3], outAxes: [-2, -1] })).toEqual({ fanIn: 64, fanOut: 128 });
    expect(computeFans([8, 16, 64], { inAxes: [0, -2], outAxes: [-1] })).toEqual({ fanIn: 128, fanOut: 64 });
  });

  it("reads a PyTorch layout when told: [out, in] and [out, in, kh, kw] (docs/conventions.md §2.2's PyTorch column)", () => {
    expect(computeFans([3, 4], { inAxes: [1], outAxes: [0] })).toEqual({ fanIn: 4, fanOut: 3 });
    expect(computeFans([32, 16, 3, 3], { inAxes: [1, 2, 3], outAxes: [0, 2, 3] })).toEqual({
      fanIn: 144,
      fanOut: 288,
    });
  });

  it('applies to every rank, including 0 and 1, and an empty axis list is the empty product 1 (as math.prod([]))', () => {
    expect(computeFans([5], { inAxes: [0], outAxes: [] })).toEqual({ fanIn: 5, fanOut: 1 });
    expect(computeFans([], { inAxes: [], outAxes: [] })).toEqual({ fanIn: 1, fanOut: 1 });
    expect(computeFans([3, 4], { inAxes: [0, 1], outAxes: [1] })).toEqual({ fanIn: 12, fanOut: 4 });
  });

  it('zero dimensions at the chosen axes give zero fans', () => {
    expect(computeFans([0, 8, 16], { inAxes: [0], outAxes: [1, 2] })).toEqual({ fanIn: 0, fanOut: 128 });
  });

  it('works with string shapes', () => {
    expect(computeFans('64x8x16', { inAxes: [0], outAxes: [1, 2] })).toEqual({ fanIn: 64, fanOut: 128 });
  });
});

describe('preset limits follow from the fans', () => {
  it('glorotUniform on [3,3,16,32]: maxval = fround(√(6/432)), minval = −maxval, samples inside', () => {
    const init = glorotUniform({ seed: 3 });
    const limit = Math.sqrt(6 / (144 + 288));
    const law = init.distribution([3, 3, 16, 32]);
    expect(law.kind).toBe('uniform');
    if (law.kind !== 'uniform') return;
    expect(law.maxval).toBe(fround(limit));
    expect(law.minval).toBe(-fround(limit));
    expect(law.maxval).toBeCloseTo(0.1178511, 7); // docs/conventions.md §2.2
    const values = init.sample([3, 3, 16, 32]);
    let min = Infinity;
    let max = -Infinity;
    for (const x of values) {
      if (!(x >= law.minval && x < law.maxval)) expect.fail(`${x} is outside [${law.minval}, ${law.maxval})`);
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    // 4608 samples reach within 1% of both ends.
    expect(max).toBeGreaterThan(0.99 * limit);
    expect(min).toBeLessThan(-0.99 * limit);
  });

  it('the same limit from the string shape "3x3x16x32", bit for bit', () => {
    const init = glorotUniform({ seed: 3 });
    expect(init.distribution('3x3x16x32')).toEqual(init.distribution([3, 3, 16, 32]));
    expect(init.sample('3x3x16x32')).toEqual(init.sample([3, 3, 16, 32]));
  });

  it('he/lecun uniform use fan_in; the normal presets use the corrected σ', () => {
    const shape = [3, 3, 16, 32]; // fan_in 144, fan_out 288
    expect(maxvalOf(heUniform(), shape)).toBe(fround(Math.sqrt(6 / 144)));
    expect(maxvalOf(lecunUniform(), shape)).toBe(fround(Math.sqrt(3 / 144)));
    expect(stddevOf(glorotNormal(), shape)).toBe(fround(Math.sqrt(2 / 432) / KERAS_TRUNCATION_CONSTANT));
    expect(stddevOf(heNormal(), shape)).toBe(fround(Math.sqrt(2 / 144) / KERAS_TRUNCATION_CONSTANT));
    expect(stddevOf(lecunNormal(), shape)).toBe(fround(Math.sqrt(1 / 144) / KERAS_TRUNCATION_CONSTANT));
  });

  it('rank 1 uses (n, n): glorotUniform on [100000] has limit √(6/200000) ≈ 0.00548, not TF.js 0.0974', () => {
    expect(maxvalOf(glorotUniform(), [100000])).toBe(fround(Math.sqrt(6 / 200000)));
  });

  it('rank 0 uses (1, 1): glorotUniform on [] has limit √3 and gives one value', () => {
    const init = glorotUniform({ seed: 1 });
    expect(maxvalOf(init, [])).toBe(fround(Math.sqrt(3)));
    expect(init.sample([]).length).toBe(1);
  });
});

describe('initializers accept inAxes / outAxes', () => {
  const shape = [64, 8, 16]; // with inAxes [0], outAxes [1, 2]: fans (64, 128)
  const axes = { inAxes: [0], outAxes: [1, 2] };

  it('glorotUniform: limit √(6/(64 + 128)), not from the rank rule', () => {
    expect(maxvalOf(glorotUniform({ seed: 1, ...axes }), shape)).toBe(fround(Math.sqrt(6 / (64 + 128))));
    expect(maxvalOf(glorotUniform({ seed: 1 }), shape)).toBe(fround(Math.sqrt(6 / (512 + 1024))));
  });

  it('heNormal / lecunUniform / glorotNormal use the axes fans', () => {
    expect(stddevOf(heNormal(axes), shape)).toBe(fround(Math.sqrt(2 / 64) / KERAS_TRUNCATION_CONSTANT));
    expect(maxvalOf(lecunUniform(axes), shape)).toBe(fround(Math.sqrt(3 / 64)));
    expect(maxvalOf(heUniform(axes), shape)).toBe(fround(Math.sqrt(6 / 64)));
    expect(stddevOf(glorotNormal(axes), shape)).toBe(fround(Math.sqrt(2 / 192) / KERAS_TRUNCATION_CONSTANT));
  });

  it('varianceScaling with fan_out and untruncated_normal: σ = √(scale / 128)', () => {
    const init = varianceScaling({ scale: 2, mode: 'fan_out', distribution: 'untruncated_normal', ...axes });
    expect(init.distribution(shape).kind).toBe('normal');
    expect(stddevOf(init, shape)).toBe(fround(Math.sqrt(2 / 128)));
  });

  it('negative axes give the same law and the same samples', () => {
    const positive = glorotUniform({ seed: 5, ...axes });
    const negative = glorotUniform({ seed: 5, inAxes: [-3], outAxes: [-2, -1] });
    expect(negative.distribution(shape)).toEqual(positive.distribution(shape));
    expect(negative.sample(shape)).toEqual(positive.sample(shape));
  });

  it('the axes are resolved against each shape at call time', () => {
    const init = glorotUniform({ inAxes: [-1], outAxes: [0] });
    expect(maxvalOf(init, [4, 10])).toBe(fround(Math.sqrt(6 / 14))); // fans (10, 4)
    expect(maxvalOf(init, [4, 5, 20])).toBe(fround(Math.sqrt(6 / 24))); // fans (20, 4)
  });

  it('the config records them', () => {
    expect(glorotUniform(axes).config).toMatchObject({ inAxes: [0], outAxes: [1, 2] });
    expect(glorotUniform().config).toMatchObject({ inAxes: null, outAxes: null });
  });
});
