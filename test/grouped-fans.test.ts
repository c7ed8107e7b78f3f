// Per-output fans for grouped and depthwise convolutions (tfjs#8568, keras#11773, pytorch#23854):
// the `groups` / `depthwise` options of computeFans and the Keras variance-scaling family, and
// `groups` on the torch side. The worked example is the one in docs/conventions.md §2.3.
import { describe, expect, it } from 'vitest';
import { computeFans, glorotUniform, heNormal, type Initializer, varianceScaling } from '../src/index.js';
import * as torch from '../src/torch.js';
import { bad, expectError } from './helpers/errors.js';

const fround = Math.fround;

const maxvalOf = (init: Initializer, shape: number[]): number => {
  const law = init.distribution(shape);
  return law.kind === 'uniform' ? law.maxval : NaN;
};

describe('Keras layout (channels-last)', () => {
  it('DepthwiseConv2D kernel (3, 3, 32, 2): fan_in = 3·3 = 9, fan_out = 3·3·2 = 18 (the rank rule says 288, 18)', () => {
    expect(computeFans([3, 3, 32, 2])).toEqual({ fanIn: 288, fanOut: 18 });
    expect(computeFans([3, 3, 32, 2], { depthwise: true })).toEqual({ fanIn: 9, fanOut: 18 });
  });

  it('grouped Conv2D, 64 → 64 channels in 4 groups, kernel (3, 3, 16, 64): fan_in = 144, fan_out = 3·3·64/4 = 144', () => {
    expect(computeFans([3, 3, 16, 64])).toEqual({ fanIn: 144, fanOut: 576 });
    expect(computeFans([3, 3, 16, 64], { groups: 4 })).toEqual({ fanIn: 144, fanOut: 144 });
    expect(computeFans([3, 3, 16, 64], { groups: 1 })).toEqual({ fanIn: 144, fanOut: 576 });
    expect(computeFans([5, 16, 64], { groups: 64 })).toEqual({ fanIn: 80, fanOut: 5 });
  });

  it('the docs/conventions.md §2.3 example: glorotUniform limit √(6/(9+18)) = 0.4714 with depthwise, not √(6/306) = 0.1400', () => {
    expect(maxvalOf(glorotUniform({ depthwise: true }), [3, 3, 32, 2])).toBe(fround(Math.sqrt(6 / 27)));
    expect(maxvalOf(glorotUniform(), [3, 3, 32, 2])).toBe(fround(Math.sqrt(6 / 306)));
    expect(
      maxvalOf(varianceScaling({ scale: 2, mode: 'fan_out', distribution: 'uniform', groups: 4 }), [3, 3, 16, 64]),
    ).toBe(fround(Math.sqrt((3 * 2) / 144)));
    const law = heNormal({ depthwise: true }).distribution([3, 3, 32, 2]);
    expect(law.std).toBeCloseTo(Math.sqrt(2 / 9), 7);
  });

  it('the config records the option', () => {
    expect(glorotUniform({ groups: 4 }).config).toMatchObject({ groups: 4 });
    expect(glorotUniform({ depthwise: true }).config).toMatchObject({ depthwise: true });
    expect(glorotUniform({ depthwise: false }).config).not.toHaveProperty('depthwise');
  });

  it('bad inputs', () => {
    expectError(
      () => computeFans([16, 64], { groups: 4 }),
      RangeError,
      /`groups` needs a convolution kernel of rank ≥ 3/,
      /\[16, 64\] of rank 2$/,
    );
    expectError(
      () => computeFans([64], { depthwise: true }),
      RangeError,
      /`depthwise` needs a convolution kernel of rank ≥ 3/,
    );
    expectError(
      () => computeFans([3, 3, 16, 30], { groups: 4 }),
      RangeError,
      /`groups` must divide the output channels \(the last dimension, 30\); got groups = 4$/,
    );
    expectError(
      () => computeFans([3, 3, 16, 64], { groups: 0 }),
      RangeError,
      /`groups` must be a positive integer; got 0$/,
    );
    expectError(
      () => computeFans([3, 3, 16, 64], bad({ groups: '4' })),
      TypeError,
      /`groups` must be a positive integer; got "4"$/,
    );
    expectError(
      () => computeFans([3, 3, 16, 64], bad({ depthwise: 'yes' })),
      TypeError,
      /`depthwise` must be a boolean; got "yes"$/,
    );
    expectError(
      () => computeFans([3, 3, 16, 64], { groups: 2, depthwise: true }),
      TypeError,
      /`groups` and `depthwise` cannot be combined/,
    );
    expectError(
      () => computeFans([3, 3, 16, 64], { groups: 2, inAxes: [2], outAxes: [3] }),
      TypeError,
      /`groups` cannot be combined with `inAxes`\/`outAxes`/,
    );
    expectError(
      () => glorotUniform({ groups: -1 }),
      RangeError,
      /^glorotUniform: `groups` must be a positive integer; got -1$/,
    );
    expectError(
      () => glorotUniform({ groups: 3 }).sample([3, 3, 16, 64]),
      RangeError,
      /^glorotUniform\.sample: `groups` must divide/,
    );
  });
});

describe('PyTorch layout ([out, in/groups, *k])', () => {
  it('depthwise (C·K, 1, kh, kw) with groups = C: fan_out = K·kh·kw; xavier and kaiming use it', () => {
    expect(torch.computeFans([64, 1, 3, 3], { groups: 32 })).toEqual({ fanIn: 9, fanOut: 18 });
    const law = torch.xavierUniform({ groups: 32 }).distribution([64, 1, 3, 3]);
    expect(law.kind === 'uniform' && law.maxval).toBe(fround(Math.sqrt(3.0) * Math.sqrt(2 / 27)));
    const fanOut = torch.kaimingNormal({ mode: 'fan_out', groups: 32 }).distribution([64, 1, 3, 3]);
    expect(fanOut.kind === 'normal' && fanOut.stddev).toBe(
      fround(torch.calculateGain('leaky_relu', 0) / Math.sqrt(18)),
    );
  });
});
