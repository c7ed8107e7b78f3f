// Every call settles. Above all the truncated normals: a grid of near-degenerate parameters (σ from far below to
// far above the output type's spacing at the mean and the bounds, bounds on or beside the mean,
// far tails) for torch.truncNormal, Keras truncatedNormal and jax.truncatedNormal in each dtype.
// The calls run in a worker with a per-call time limit (helpers/case-runner.ts), so a kernel that
// spins on rejections fails the test instead of hanging it. Each call samples, or throws a
// RangeError before any work; samples lie strictly inside the bounds in the output type.

import { afterAll, describe, expect, it } from 'vitest';
import { type DType, nextUp, roundTo } from '../src/laws/dtype.js';
import { type Call, CaseRunner, describeCall, type Report } from './helpers/case-runner.js';
import { bfloat16Value, float16Value } from './helpers/halfs.js';

const DTYPES: DType[] = ['float32', 'float64', 'float16', 'bfloat16'];
const COUNT = 64;
const runner = new CaseRunner(30_000);
afterAll(() => runner.close());

const ulp = (x: number): number => nextUp('float32', Math.abs(Math.fround(x))) - Math.abs(Math.fround(x));

/** Values of a sample in `dtype`, as numbers. */
function decode(dtype: DType, values: ArrayLike<number>): number[] {
  const all = Array.from(values);
  if (dtype === 'float16') return all.map(float16Value);
  if (dtype === 'bfloat16') return all.map(bfloat16Value);
  return all;
}

/** The exclusive bounds in the output type (float64 output is generated in float32). */
const bound = (dtype: DType, x: number): number =>
  dtype === 'float16' || dtype === 'bfloat16' ? roundTo(dtype, x) : Math.fround(x);

interface Case {
  call: Call;
  cut: readonly [number, number];
  dtype: DType;
}

const MEANS = [0, 1, -1, 1.5, 1e-3, -72_500, 3e37, 1 + 0.4 * 2 ** -23, 2 ** -126, 7e-41];
// σ in units of the float32 spacing at the mean: from 2^-12 of it to 2^20 (past bfloat16's 2^16).
const SIGMA_STEPS = [-12, -6, -3, -2, -1, 0, 1, 2, 3, 5, 8, 11, 13, 14, 16, 17, 20];

function grid(): Case[] {
  const cases: Case[] = [];
  const sample = (dtype: DType) => ({
    method: 'sample' as const,
    shape: [COUNT],
    options: { dtype },
    returnValues: true,
  });
  for (const mean of MEANS) {
    const spacing = ulp(mean || 1e-38);
    for (const step of SIGMA_STEPS) {
      const std = spacing * 2 ** step;
      const intervals: [number, number][] = [
        [mean, mean + 1],
        [mean - spacing, mean + spacing],
        [mean, mean + spacing],
        [mean + spacing, mean + 4 * spacing],
        [mean - 2 * std, mean + 2 * std],
        [mean + 3 * std, mean + 4 * std],
        [mean - 10 * std, mean - 9 * std],
        [mean + 0.5 * spacing, mean + 1.5 * spacing],
        [mean - 1, mean],
      ];
      for (const dtype of DTYPES) {
        for (const [a, b] of intervals) {
          const call = { entry: 'torch', factory: 'truncNormal', args: [{ mean, std, a, b, seed: 1 }], seeded: true };
          cases.push({ call: { ...call, ...sample(dtype) } as Call, cut: [a, b], dtype });
        }
        const keras = { entry: 'nninit', factory: 'truncatedNormal', args: [{ mean, stddev: std, seed: 2 }] };
        cases.push({
          call: { ...keras, seeded: true, ...sample(dtype) } as Call,
          cut: [mean - 2 * std, mean + 2 * std],
          dtype,
        });
      }
    }
  }
  for (const step of SIGMA_STEPS) {
    const stddev = 2 ** (step - 23);
    for (const [lower, upper] of [
      [-2, 2],
      [0, 1e-7],
      [3, 4],
      [-1e-6, 1e-6],
      [10, 11],
      [-100, -99],
    ] as const) {
      for (const dtype of DTYPES) {
        const call = { entry: 'jax', factory: 'truncatedNormal', args: [stddev, lower, upper, { seed: 3 }] };
        cases.push({
          call: { ...call, seeded: true, ...sample(dtype) } as Call,
          cut: [lower * stddev, upper * stddev],
          dtype,
        });
      }
    }
  }
  return cases;
}

/** What is wrong with a report of a grid case, or undefined. */
function fault({ cut, dtype }: Case, report: Report): string | undefined {
  if (!report.canary) return 'the canary digest changed';
  if (report.outcome === 'RangeError') {
    return /^(truncNormal|truncatedNormal)(\.sample)?: /.test(report.message!) ? undefined : 'unnamed error';
  }
  if (report.outcome !== 'ok') return `${report.outcome}: ${report.message}`;
  if (report.matches !== true) return 'values differ from a twin';
  const lower = bound(dtype, cut[0]);
  const upper = bound(dtype, cut[1]);
  const values = decode(dtype, report.values!);
  if (values.length !== COUNT) return `${values.length} values`;
  const outside = values.find((v) => !(lower < v && v < upper));
  return outside === undefined ? undefined : `${outside} is not inside (${lower}, ${upper})`;
}

describe('every call settles', () => {
  it('torch.dirac with 2^32 + 1 groups on a weight with 0 output channels', async () => {
    const call = { entry: 'torch', factory: 'dirac', args: [{ groups: 2 ** 32 + 1 }], seeded: true };
    const report = await runner.run({ ...call, method: 'sample', shape: [0, 6, 2, 2] } as Call);
    expect(report.outcome, report.message).toBe('ok');
    expect(report.length).toBe(0);
  });
});

describe('near-degenerate truncated normals', () => {
  it('torch.truncNormal({ mean: 1, std: 1e-8, a: 1, b: 2 }): the float32 above 1, or a RangeError in 16 bits', async () => {
    const base = { entry: 'torch', factory: 'truncNormal', args: [{ mean: 1, std: 1e-8, a: 1, b: 2, seed: 7 }] };
    for (const dtype of ['float32', 'float64'] as const) {
      const call = { ...base, seeded: true, method: 'sample', shape: [1000], options: { dtype }, returnValues: true };
      const report = await runner.run(call as Call);
      expect(report.outcome, report.message).toBe('ok');
      expect(report.matches).toBe(true);
      // All the mass inside (1, 2) rounds to 1 + 2^-23 (the next float32, 11.9σ away, holds e^-70 of it).
      expect(new Set(report.values)).toEqual(new Set([1 + 2 ** -23]));
    }
    for (const dtype of ['float16', 'bfloat16'] as const) {
      const report = await runner.run({
        ...base,
        seeded: true,
        method: 'sample',
        shape: [8],
        options: { dtype },
      } as Call);
      expect(report.outcome).toBe('RangeError');
      expect(report.message).toMatch(new RegExp(`^truncNormal\\.sample: ${dtype} output is not available .* float32`));
    }
  });

  it('a grid of (mean, σ, a, b, dtype): each call samples inside the bounds or throws a RangeError', async () => {
    const cases = grid();
    const outcomes = new Map<string, number>();
    const faults: string[] = [];
    const began = performance.now();
    for (const c of cases) {
      const report = await runner.run(c.call);
      outcomes.set(report.outcome, (outcomes.get(report.outcome) ?? 0) + 1);
      const problem = fault(c, report);
      if (problem) faults.push(`${problem}: ${describeCall(c.call)}`);
    }
    console.log(
      `near-degenerate grid: ${cases.length} calls, ${[...outcomes].map(([k, n]) => `${n} ${k}`).join(', ')}, ` +
        `${((performance.now() - began) / 1000).toFixed(1)} s`,
    );
    expect(faults.slice(0, 10)).toEqual([]);
    expect(cases.length).toBeGreaterThan(6000);
    // Both outcomes occur: the grid reaches past what can be sampled.
    expect(outcomes.get('ok')).toBeGreaterThan(1000);
    expect(outcomes.get('RangeError')).toBeGreaterThan(100);
  }, 300_000);
});
