// Variance scaling: the one path from fans to a sampling law, for Keras, PyTorch and JAX alike
// (docs/conventions.md §3.1). Each convention brings its fan rule (fans.ts), its defaults and
// its names; here the variance scale / n becomes a law:
//   uniform           U[−L, L),  L = √(3·variance)
//   normal            N(0, variance), untruncated
//   truncated_normal  N(0, σ²) cut at ±2σ, σ = √variance / 0.87962566103423978, so the samples'
//                     std is √variance (Keras 3 and JAX; tfjs leaves the correction out)
// PyTorch's xavier and kaiming are variance scaling with scale = gain²: in float64 their own
// formulas (gain·√(2/(fan_in + fan_out)), gain/√fan) and these round to the same float32
// parameters (checked for calculate_gain's gains and every fan up to 10^6 in test/variance.test.ts).

import {
  type Distribution,
  normal,
  NORMAL_TAIL_SIGMAS,
  TRUNCATED_STD_FACTOR,
  truncatedNormal,
  uniform,
} from '../laws/distribution.js';
import type { Fans } from './fans.js';

/** Which fan divides the scale: fan_avg = (fan_in + fan_out) / 2, fan_geo_avg = √(fan_in·fan_out) (JAX). */
export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg' | 'fan_geo_avg';

/** The law the variance is given to. */
export type VarianceLaw = 'uniform' | 'normal' | 'truncated_normal';

export interface VarianceScaling {
  /** The variance's numerator, > 0 (PyTorch's gain 0 is zeros, handled by its factories). */
  readonly scale: number;
  readonly mode: FanMode;
  readonly law: VarianceLaw;
  /** Keras divides by max(1, fan); PyTorch and JAX by the fan as it is. */
  readonly clampFan: boolean;
  /** The user's option that set `scale`, for messages (PyTorch's `gain` or `a`); default `scale`. */
  readonly option?: { readonly name: string; readonly value: number };
}

/** The law of a variance-scaling initializer for a tensor with these fans. */
export function varianceScalingLaw(where: string, fans: Fans, v: VarianceScaling): Distribution {
  const fan =
    v.mode === 'fan_in'
      ? fans.fanIn
      : v.mode === 'fan_out'
        ? fans.fanOut
        : v.mode === 'fan_avg'
          ? (fans.fanIn + fans.fanOut) / 2
          : Math.sqrt(fans.fanIn * fans.fanOut);
  const n = v.clampFan ? Math.max(1, fan) : fan;
  const variance = v.scale / n;
  const spread =
    v.law === 'uniform'
      ? Math.sqrt(3 * variance)
      : v.law === 'normal'
        ? Math.sqrt(variance)
        : Math.sqrt(variance) / TRUNCATED_STD_FACTOR;
  // The spread (limit or σ) and the farthest a sample can reach must both be float32-sized.
  const reach = spread * (v.law === 'normal' ? NORMAL_TAIL_SIGMAS : 2);
  if (!(Math.fround(spread) > 0) || !Number.isFinite(Math.fround(reach))) {
    const { name, value } = v.option ?? { name: 'scale', value: v.scale };
    const divisor = v.clampFan ? `max(1, ${v.mode})` : v.mode;
    throw new RangeError(
      `${where}: \`${name}\` gives ${v.law === 'uniform' ? 'limit' : 'σ'} = ${spread}, which float32 cannot sample (variance ${v.scale} / n, n = ${divisor} = ${n}); got ${name} = ${value}`,
    );
  }
  if (v.law === 'uniform') return uniform(where, -spread, spread);
  if (v.law === 'normal') return normal(where, 0, spread);
  return truncatedNormal(where, 0, spread);
}
