// The initializers the threaded-fill suites (Node and Chromium) compare with sample(); takes the
// package namespace, since the Node suite uses the built package and the browser suite src/.
import type * as built from 'nninit';
import type * as nninit from '../../src/main-api.js';

export function threadCases(nn: typeof nninit): [string, () => nninit.Initializer][];
export function threadCases(nn: typeof built): [string, () => built.Initializer][];
export function threadCases(nn: typeof nninit | typeof built): [string, () => unknown][] {
  const n = nn as typeof nninit; // the same factories either way; only the nominal types differ
  return [
    ['randomUniform', () => n.randomUniform({ seed: 1 })],
    ['randomNormal', () => n.randomNormal({ mean: 0.5, stddev: 2, seed: 2 })],
    ['truncatedNormal', () => n.truncatedNormal({ seed: 3 })],
    ['glorotUniform', () => n.glorotUniform({ seed: 4 })],
    ['glorotNormal', () => n.glorotNormal({ seed: 5 })],
    ['heUniform', () => n.heUniform({ seed: 6 })],
    ['heNormal', () => n.heNormal({ seed: 7 })],
    ['lecunUniform', () => n.lecunUniform({ seed: 8 })],
    ['lecunNormal', () => n.lecunNormal({ seed: 9 })],
    [
      'varianceScaling',
      () => n.varianceScaling({ scale: 3, mode: 'fan_out', distribution: 'untruncated_normal', seed: 10 }),
    ],
    ['constant', () => n.constant({ value: 0.25 })],
    ['zeros', () => n.zeros()],
  ];
}
