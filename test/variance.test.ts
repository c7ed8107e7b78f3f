// The one variance-scaling path (src/conventions/variance.ts) serves PyTorch with scale = gain²:
// its parameters must be those of PyTorch's own formulas, std = gain·√(2 / (fan_in + fan_out))
// (xavier) and gain / √fan (kaiming), bound = √3·std, once rounded to float32.
import { describe, expect, it } from 'vitest';
import * as torch from '../src/torch.js';

const fround = Math.fround;
/** calculate_gain's values: 1, tanh, relu, selu, leaky_relu at 0.01 (default), √5 (the layers' default), 0.2. */
const GAINS = [1, 5 / 3, Math.sqrt(2), 3 / 4, ...[0.01, Math.sqrt(5), 0.2].map((a) => Math.sqrt(2 / (1 + a * a)))];

describe('PyTorch through the one variance path', () => {
  it('the formulas agree in float32 for 7 gains and every fan up to 10^6 (as scale / n with scale = gain²)', () => {
    let differ = 0;
    for (const gain of GAINS) {
      for (let fan = 1; fan <= 1_000_000; fan++) {
        const xavierStd = gain * Math.sqrt(2 / fan); // fan = fan_in + fan_out
        const xavierVariance = (gain * gain) / (fan / 2);
        const kaimingStd = gain / Math.sqrt(fan);
        const kaimingVariance = (gain * gain) / fan;
        if (fround(xavierStd) !== fround(Math.sqrt(xavierVariance))) differ++;
        if (fround(Math.sqrt(3) * xavierStd) !== fround(Math.sqrt(3 * xavierVariance))) differ++;
        if (fround(kaimingStd) !== fround(Math.sqrt(kaimingVariance))) differ++;
        if (fround(Math.sqrt(3) * kaimingStd) !== fround(Math.sqrt(3 * kaimingVariance))) differ++;
      }
    }
    expect(differ).toBe(0);
  });

  it('xavier and kaiming initializers carry the float32 parameters of the PyTorch formulas', () => {
    const shapes = [
      [1, 1],
      [3, 7],
      [64, 32, 3, 3],
      [1000, 784],
      [7, 5, 2, 3, 4],
    ];
    for (const shape of shapes) {
      const [out, inp] = shape as [number, number];
      const receptive = shape.slice(2).reduce((a, b) => a * b, 1);
      const fanIn = inp * receptive;
      const fanOut = out * receptive;
      for (const gain of GAINS) {
        const std = gain * Math.sqrt(2 / (fanIn + fanOut));
        const uniform = torch.xavierUniform({ gain }).distribution(shape);
        expect(uniform.kind === 'uniform' && uniform.maxval).toBe(fround(Math.sqrt(3) * std));
        const normal = torch.xavierNormal({ gain }).distribution(shape);
        expect(normal.kind === 'normal' && normal.stddev).toBe(fround(std));
      }
      for (const a of [0, 0.01, 0.2, Math.sqrt(5)]) {
        for (const mode of ['fan_in', 'fan_out'] as const) {
          const gain = Math.sqrt(2 / (1 + a * a));
          const std = gain / Math.sqrt(mode === 'fan_in' ? fanIn : fanOut);
          const uniform = torch.kaimingUniform({ a, mode }).distribution(shape);
          expect(uniform.kind === 'uniform' && uniform.maxval).toBe(fround(Math.sqrt(3) * std));
          const normal = torch.kaimingNormal({ a, mode }).distribution(shape);
          expect(normal.kind === 'normal' && normal.stddev).toBe(fround(std));
        }
      }
    }
  });

  it('gain 0 gives zeros, as PyTorch does; a gain whose square underflows is reported as `gain`', () => {
    expect(torch.xavierNormal({ gain: 0 }).sample([3, 4])).toEqual(new Float32Array(12));
    expect(() => torch.xavierUniform({ gain: 1e-200 }).sample([3, 4])).toThrow(/`gain`.*float32 cannot sample.*1e-200/);
  });
});
