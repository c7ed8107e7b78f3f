// The laws every contender draws. The three Keras-default laws take one shape [n]; the Glorot
// uniform and He normal presets take a 2-D shape [n / 1024, 1024] (fan_in = n / 1024, fan_out =
// 1024), and their parameters (limit, σ) come from nninit's `distribution(shape)` so every
// contender draws the same law.

import { nninit, SEED } from './package.mjs';

/** Columns of the Glorot/He preset shapes: n elements as [n / 1024, 1024]. */
const PRESET_COLUMNS = 1024;
const UNIFORM = { minval: -0.05, maxval: 0.05 };
const NORMAL = { mean: 0, stddev: 0.05 };
export const TSF = nninit.TRUNCATED_STD_FACTOR;

const presetShape = (n) => (n >= PRESET_COLUMNS ? [n / PRESET_COLUMNS, PRESET_COLUMNS] : [1, n]);

/** Expected moments and support of a law with the given (float64) parameters. */
export function expectation(kind, p) {
  if (kind === 'uniform') {
    return { mean: (p.minval + p.maxval) / 2, std: (p.maxval - p.minval) / Math.sqrt(12), lo: p.minval, hi: p.maxval };
  }
  if (kind === 'normal') return { mean: p.mean, std: p.stddev };
  // nninit's own float32 bounds where given (presets), else mean ± 2σ.
  const lo = p.lower ?? p.mean - 2 * p.stddev;
  const hi = p.upper ?? p.mean + 2 * p.stddev;
  return { mean: p.mean, std: p.stddev * TSF, lo, hi, loOpen: true };
}

export const LAWS = [
  {
    key: 'uniform',
    label: 'uniform',
    law: 'U[−0.05, 0.05)',
    kind: 'uniform',
    preset: false,
    initializer: nninit.randomUniform({ ...UNIFORM, seed: SEED }),
    shapeFor: (n) => [n],
    paramsFor: () => UNIFORM,
  },
  {
    key: 'normal',
    label: 'normal',
    law: 'N(0, 0.05²)',
    kind: 'normal',
    preset: false,
    initializer: nninit.randomNormal({ ...NORMAL, seed: SEED }),
    shapeFor: (n) => [n],
    paramsFor: () => NORMAL,
  },
  {
    key: 'truncatedNormal',
    label: 'truncated normal',
    law: 'N(0, 0.05²) cut at ±2σ',
    kind: 'truncatedNormal',
    preset: false,
    initializer: nninit.truncatedNormal({ ...NORMAL, seed: SEED }),
    shapeFor: (n) => [n],
    paramsFor: () => NORMAL,
  },
  {
    key: 'glorotUniform',
    label: 'Glorot uniform',
    law: 'U[−L, L), L = √(6 / (fan_in + fan_out)), shape [n/1024, 1024]',
    kind: 'uniform',
    preset: true,
    initializer: nninit.glorotUniform({ seed: SEED }),
    shapeFor: presetShape,
    paramsFor(shape) {
      const d = this.initializer.distribution(shape);
      return { minval: d.minval, maxval: d.maxval };
    },
  },
  {
    key: 'heNormal',
    label: 'He normal',
    law: 'truncated normal, std √(2 / fan_in), shape [n/1024, 1024]',
    kind: 'truncatedNormal',
    preset: true,
    initializer: nninit.heNormal({ seed: SEED }),
    shapeFor: presetShape,
    // σ before truncation (√(2 / fan_in) / 0.8796…, Keras's corrected value), cut at ±2σ.
    paramsFor(shape) {
      const d = this.initializer.distribution(shape);
      return { mean: d.mean, stddev: d.stddev };
    },
  },
];

/** The law with this key. */
export const lawOf = (key) => LAWS.find((l) => l.key === key);
