// Property tests over every public factory of every subpath (nninit, nninit/torch, nninit/jax,
// nninit/tfjs, enumerated from src/conventions/registry.ts): random options, seeds, shapes,
// ranges, output types and fill targets (subarrays, shared, resizable and detached buffers,
// Proxies, plain arrays), valid and not. Each call runs in a worker under a time limit
// (helpers/case-runner.ts). The properties:
// - a call succeeds with the values sample() gives over the same range (twin initializers), or
//   throws a TypeError or RangeError whose message says where and names what is wrong;
// - nothing is written into the caller's array on a throw;
// - an async form settles as its sync form does;
// - no call hangs;
// - the canary digest (fixed samples through every kernel and the heap) never changes.
// Seeded and repeatable: FUZZ_SEED and FUZZ_RUNS override the seed and the number of calls, and
// FUZZ_VERBOSE=1 prints the commonest error messages. Run `npm run build` first (calls use dist/).

import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { JAX, KERAS, TORCH } from '../src/conventions/registry.js';
import {
  type Call,
  CaseRunner,
  describeCall,
  type Entry,
  type Method,
  type Report,
  type TargetKind,
} from './helpers/case-runner.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261213);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);

const runner = new CaseRunner(30_000);
afterAll(() => runner.close());

// ---------------------------------------------------------------------------------------------
// Values

const int = (min: number, max: number) => fc.integer({ min, max });

/** Anything a caller might pass by mistake. */
const weird: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1e-320, 2 ** 53, 2 ** 32 + 1, null, true, '', '1', 'auto'),
  fc.constantFrom(1n, -1n, 2n ** 64n, [], [[1]], {}, { length: 2 }),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 3 }),
);

/** Mostly `good`, sometimes anything. */
const mostly = (good: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 15, arbitrary: good }, { weight: 1, arbitrary: weird });

const number = fc.oneof(
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.constantFrom(0, 1, -1, 0.05, 1e-8, -1e-30, 1.5e-45, 3e38, -2, 2),
);
const positive = fc.oneof(
  fc.double({ min: 1e-6, max: 3, noNaN: true }),
  fc.constantFrom(0, 1e-8, 1e-30, 1.5e-45, 1e38, 0.02, 1, -1),
);
const axes = fc.array(int(-4, 3), { maxLength: 2 });
const seed = fc.oneof(
  { weight: 4, arbitrary: fc.nat() },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) },
  { weight: 2, arbitrary: fc.nat(1000).map(($seedGenerator) => ({ $seedGenerator })) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null) },
);

const OPTION_VALUES: Record<string, fc.Arbitrary<unknown>> = {
  seed,
  mean: number,
  a: number,
  b: number,
  minval: number,
  maxval: number,
  value: number,
  val: number,
  stddev: positive,
  std: positive,
  gain: number,
  scale: positive,
  mode: fc.constantFrom('fan_in', 'fan_out', 'fan_avg', 'fanIn', 'fanOut', 'fanAvg', 'fan_geo_avg', 'FAN_IN'),
  distribution: fc.constantFrom('truncated_normal', 'normal', 'truncatedNormal', 'untruncated_normal', 'uniform'),
  nonlinearity: fc.constantFrom('linear', 'relu', 'leaky_relu', 'tanh', 'selu', 'sigmoid', 'conv2d', 'swish'),
  inAxes: axes,
  outAxes: axes,
  inputAxes: axes,
  outputAxes: axes,
  inAxis: fc.oneof(int(-4, 3), axes),
  outAxis: fc.oneof(int(-4, 3), axes),
  batchAxis: fc.oneof(int(-4, 3), axes),
  columnAxis: int(-4, 3),
  groups: int(1, 4),
  depthwise: fc.boolean(),
  sparsity: fc.double({ min: 0, max: 1, noNaN: true }),
  fanIn: int(0, 50),
};

/** JAX's axes fit some shapes only: given less often. */
const RARE = new Set(['inAxis', 'outAxis', 'batchAxis']);

/**
 * An options object over `keys` (any subset) merged with `extra`, now and then with an unknown
 * key, or not an object at all.
 */
function options(
  keys: readonly string[],
  extra: fc.Arbitrary<object> = fc.constant({}),
  values = OPTION_VALUES,
): fc.Arbitrary<unknown> {
  const value = (key: string) =>
    RARE.has(key) ? fc.option(mostly(values[key]!), { nil: undefined, freq: 4 }) : mostly(values[key]!);
  const record = fc
    .tuple(fc.record(Object.fromEntries(keys.map((key) => [key, value(key)])), { requiredKeys: [] }), extra)
    .map(([own, more]) => ({ ...own, ...more }));
  return fc.oneof(
    { weight: 20, arbitrary: record },
    { weight: 1, arbitrary: record.map((o) => ({ ...o, bogus: 1 })) },
    { weight: 3, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom(5, 'x', [], null) },
  );
}

/** Keras's fan options: none, both axes lists, a grouping, or a mix that must be refused. */
function fanRule(inKey: string, outKey: string, grouping: boolean): fc.Arbitrary<object> {
  const rules: fc.WeightedArbitrary<object>[] = [
    { weight: 8, arbitrary: fc.constant({}) },
    { weight: 2, arbitrary: fc.record({ [inKey]: mostly(axes), [outKey]: mostly(axes) }) },
    {
      weight: 1,
      arbitrary: fc.record(
        { [inKey]: mostly(axes), [outKey]: mostly(axes), groups: mostly(int(1, 4)), depthwise: mostly(fc.boolean()) },
        { requiredKeys: [] },
      ),
    },
  ];
  if (grouping) {
    rules.push(
      { weight: 1, arbitrary: fc.record({ groups: mostly(int(1, 4)) }) },
      { weight: 1, arbitrary: fc.constant({ depthwise: true }) },
    );
  }
  return fc.oneof(...rules);
}

// ---------------------------------------------------------------------------------------------
// Factories: every registry entry of every subpath, with the arguments it takes.

interface Factory {
  entry: Entry;
  name: string;
  seeded: boolean;
  args: fc.Arbitrary<unknown[]>;
}

const TORCH_OPTIONS: Record<keyof typeof TORCH, string[]> = {
  uniform: ['a', 'b', 'seed'],
  normal: ['mean', 'std', 'seed'],
  truncNormal: ['mean', 'std', 'a', 'b', 'seed'],
  constant: ['val'],
  ones: [],
  zeros: [],
  eye: [],
  dirac: ['groups'],
  xavierUniform: ['gain', 'groups', 'seed'],
  xavierNormal: ['gain', 'groups', 'seed'],
  kaimingUniform: ['a', 'mode', 'nonlinearity', 'groups', 'seed'],
  kaimingNormal: ['a', 'mode', 'nonlinearity', 'groups', 'seed'],
  orthogonal: ['gain', 'seed'],
  sparse: ['sparsity', 'std', 'seed'],
  defaultWeight: ['groups', 'seed'],
  defaultBias: ['fanIn', 'seed'],
};
const TORCH_VALUES = {
  ...OPTION_VALUES,
  mode: fc.constantFrom('fan_in', 'fan_out', 'FAN_OUT', 'fan_avg'),
  gain: fc.oneof(positive, number),
};
const JAX_AXES = ['inAxis', 'outAxis', 'batchAxis', 'seed'];
const JAX_MODE = fc.constantFrom('fan_in', 'fan_out', 'fan_avg', 'fan_geo_avg', 'fanIn');
const JAX_DISTRIBUTION = fc.constantFrom('truncated_normal', 'normal', 'uniform', 'untruncated_normal');
const optional = (arbitrary: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 3, arbitrary: mostly(arbitrary) }, { weight: 1, arbitrary: fc.constant(undefined) });
const jaxPreset = fc.tuple(options(JAX_AXES));
const JAX_ARGS: Record<keyof typeof JAX, fc.Arbitrary<unknown[]>> = {
  glorotUniform: jaxPreset,
  glorotNormal: jaxPreset,
  heUniform: jaxPreset,
  heNormal: jaxPreset,
  lecunUniform: jaxPreset,
  lecunNormal: jaxPreset,
  xavierUniform: jaxPreset,
  xavierNormal: jaxPreset,
  kaimingUniform: jaxPreset,
  kaimingNormal: jaxPreset,
  zeros: fc.tuple(options([])),
  ones: fc.tuple(options([])),
  constant: fc.tuple(mostly(number)),
  uniform: fc.tuple(optional(positive), options(['seed'])),
  normal: fc.tuple(optional(positive), options(['seed'])),
  truncatedNormal: fc.tuple(optional(positive), optional(number), optional(number), options(['seed'])),
  varianceScaling: fc.tuple(mostly(positive), mostly(JAX_MODE), mostly(JAX_DISTRIBUTION), options(JAX_AXES)),
  orthogonal: fc.tuple(optional(number), optional(OPTION_VALUES.columnAxis!), options(['seed'])),
  deltaOrthogonal: fc.tuple(optional(number), optional(OPTION_VALUES.columnAxis!), options(['seed'])),
};

const FACTORIES: Factory[] = [
  ...Object.values(KERAS).map((e) => ({
    entry: 'nninit' as const,
    name: e.name,
    seeded: e.seeded,
    args: fc.tuple(options(e.keys, e.axes ? fanRule('inAxes', 'outAxes', true) : undefined)),
  })),
  ...Object.values(KERAS)
    .filter((e) => e.sameAs === undefined)
    .map((e) => ({
      entry: 'tfjs' as const,
      name: e.className,
      seeded: e.seeded,
      args: fc.tuple(options(e.keys, e.axes ? fanRule('inputAxes', 'outputAxes', false) : undefined)),
    })),
  ...Object.values(TORCH).map((e) => ({
    entry: 'torch' as const,
    name: e.name,
    seeded: e.seeded,
    args: fc.tuple(options(TORCH_OPTIONS[e.name as keyof typeof TORCH], undefined, TORCH_VALUES)),
  })),
  ...Object.values(JAX).map((e) => ({
    entry: 'jax' as const,
    name: e.name,
    seeded: e.seeded,
    args: JAX_ARGS[e.name as keyof typeof JAX],
  })),
];

/** Whether the values are reproducible: no seed option, or a fixed one. */
function fixedSeed(factory: Factory, args: unknown[]): boolean {
  if (!factory.seeded) return true;
  const bag = args.at(-1) as { seed?: unknown } | undefined;
  return typeof bag === 'object' && bag !== null && bag.seed !== undefined && bag.seed !== null;
}

// ---------------------------------------------------------------------------------------------
// Shapes, ranges, output types, targets

const dims = fc.array(int(0, 6), { maxLength: 5 });
const shape: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: dims },
  { weight: 6, arbitrary: fc.array(int(1, 40), { minLength: 2, maxLength: 2 }) },
  { weight: 4, arbitrary: fc.tuple(int(1, 4), int(1, 4), int(1, 3), int(1, 3)) },
  { weight: 1, arbitrary: dims.map((d) => d.join('x')) },
  { weight: 1, arbitrary: fc.constantFrom([2 ** 40], [2 ** 26, 2 ** 26], [1e6, 1e6], [2 ** 20, 3, 3]) },
  {
    weight: 1,
    arbitrary: fc.constantFrom([[3]], [3, -1], [2.5], [NaN], ['3'], [3n], 5, null, { length: 2 }, '3xx4', [[[[[2]]]]]),
  },
);

/** The size of a valid array shape, else undefined. */
function sizeOf(value: unknown): number | undefined {
  if (!Array.isArray(value) || !value.every((d) => Number.isSafeInteger(d) && d >= 0)) return undefined;
  return (value as number[]).reduce((a, d) => a * d, 1);
}

const dtype = mostly(fc.constantFrom('float32', 'float64', 'float16', 'bfloat16', undefined));
const threads = mostly(fc.constantFrom(undefined, 'auto', 1, 2));
const TARGETS: [TargetKind, number][] = [
  ['float32', 6],
  ['subarray', 3],
  ['shared', 2],
  ['resizable', 2],
  ['float64', 2],
  ['uint16', 1],
  ['detached', 1],
  ['proxy', 1],
  ['plain', 1],
];
const targetKind = fc.oneof(...TARGETS.map(([kind, weight]) => ({ weight, arbitrary: fc.constant(kind) })));

/** An index near the start, inside or at the end of a tensor of `total` values (or anything). */
function index(total: number): fc.Arbitrary<unknown> {
  const top = Math.min(total, 2 ** 40);
  return mostly(fc.oneof(int(0, Math.min(top, 64)), fc.constant(top), int(Math.max(0, top - 64), top)));
}

/** sample's options: on a huge tensor mostly a range of at most 4096 values, so that it fits. */
function rangeOptions(total: number, async: boolean): fc.Arbitrary<unknown> {
  const keys: Record<string, fc.Arbitrary<unknown>> = { start: index(total), end: index(total), dtype };
  if (async) keys.threads = threads;
  const range = fc.record(keys, { requiredKeys: [] });
  const small = fc
    .tuple(range, int(0, Math.max(0, Math.min(total, 2 ** 40) - 4096)), int(0, 4096))
    .map(([o, start, length]) => ({ ...o, start, end: start + length }));
  return fc.oneof(
    { weight: 8, arbitrary: total > 2 ** 20 ? small : range },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 3, 'x') },
  );
}

/** fill's array and options: mostly an array of the type `dtype` says that fits from `start` on. */
function fillArguments(total: number, async: boolean) {
  return fc.tuple(targetKind, fc.option(index(total), { nil: undefined })).chain(([kind, start]) => {
    const fitting =
      kind === 'float64'
        ? fc.constantFrom('float64', undefined)
        : kind === 'uint16'
          ? fc.constantFrom('float16', 'bfloat16')
          : fc.constantFrom('float32', undefined);
    const keys: Record<string, fc.Arbitrary<unknown>> = {
      dtype: fc.oneof({ weight: 6, arbitrary: fitting }, { weight: 1, arbitrary: dtype }),
    };
    if (async) keys.threads = threads;
    const options = fc.record(keys, { requiredKeys: [] }).map((o) => (start === undefined ? o : { ...o, start }));
    const rest =
      Number.isSafeInteger(start) && (start as number) >= 0 && (start as number) <= total
        ? total - (start as number)
        : total;
    const most = Math.min(rest, 4096);
    const length = fc.oneof({ weight: 4, arbitrary: fc.constant(most) }, { weight: 1, arbitrary: int(0, 70) });
    return fc.record({
      target: fc.record({ kind: fc.constant(kind), length }),
      options: fc.oneof({ weight: 8, arbitrary: options }, { weight: 1, arbitrary: fc.constant(undefined) }),
    });
  });
}

const METHODS: [Method, number][] = [
  ['sample', 4],
  ['fill', 4],
  ['sampleInWasm', 2],
  ['sampleAsync', 1],
  ['fillAsync', 1],
  ['distribution', 1],
];

const call: fc.Arbitrary<Call> = fc.tuple(fc.constantFrom(...FACTORIES), shape).chain(([factory, shape]) => {
  const total = sizeOf(shape) ?? 16;
  const method: fc.Arbitrary<Method> =
    factory.entry === 'tfjs'
      ? fc.constant('apply')
      : fc.oneof(...METHODS.map(([m, weight]) => ({ weight, arbitrary: fc.constant(m) })));
  return fc.tuple(factory.args, method).chain(([args, method]) => {
    const base = { entry: factory.entry, factory: factory.name, args, seeded: fixedSeed(factory, args), method, shape };
    if (method === 'fill' || method === 'fillAsync') {
      return fillArguments(total, method === 'fillAsync').map((rest) => ({ ...base, ...rest }));
    }
    if (method === 'apply') {
      // tfjs takes whole tensors only: keep them small.
      const small = total <= 4096 ? shape : [2, 3];
      return fc.constantFrom(undefined, 'float32').map((options) => ({ ...base, shape: small, options }));
    }
    if (method === 'distribution') return fc.constant(base);
    return rangeOptions(total, method === 'sampleAsync').map((options) => ({ ...base, options }));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

/** Where a message must start: the factory, `factory.method`, or the tfjs class. */
function wherePrefix(c: Call): RegExp {
  const names = [c.factory];
  // An alias (jax.kaimingUniform) is its target's function, and speaks with its name (heUniform).
  const sameAs = ({ nninit: KERAS, torch: TORCH, jax: JAX, tfjs: {} } as Record<Entry, object>)[c.entry];
  const target = (sameAs as Record<string, { sameAs?: string }>)[c.factory]?.sameAs;
  if (target) names.push(target);
  if (c.entry === 'tfjs') names.push(`nninit/tfjs ${c.factory}`, KERAS_BY_CLASS.get(c.factory)!);
  const method = c.method === 'apply' ? 'apply|sample' : c.method;
  return new RegExp(`^(${names.join('|')})(\\.(${method}))?: `);
}
const KERAS_BY_CLASS = new Map(
  Object.values(KERAS)
    .filter((e) => e.sameAs === undefined)
    .map((e) => [e.className, e.name]),
);

/**
 * What an error must name: an option or argument (in backquotes), or the shape (or the rows×cols
 * it flattens to) or output type at fault.
 */
const NAMES = /`[^`]+`|\bshape\b|\d+×\d+|\b(b?float(16|32|64))\b/;

/** What is wrong with a report, or undefined. */
function fault(c: Call, report: Report): string | undefined {
  if (!report.canary) return 'the canary digest changed';
  if (report.parity) return `the async form disagrees with the sync form: ${report.parity}`;
  if (report.outcome === 'ok') {
    if (c.method === 'distribution') return report.finite ? undefined : 'non-finite moments';
    return report.matches === false ? 'values differ from sample() of a twin initializer' : undefined;
  }
  if (report.outcome !== 'TypeError' && report.outcome !== 'RangeError')
    return `threw ${report.outcome}: ${report.message}`;
  if (report.untouched === false) return `wrote into its array, then threw: ${report.message}`;
  if (!wherePrefix(c).test(report.message!)) return `the message does not say where: ${report.message}`;
  if (!NAMES.test(report.message!)) return `the message names no option: ${report.message}`;
  return undefined;
}

describe('property tests', () => {
  it(
    `every public factory of every subpath, ${RUNS} random calls (seed ${SEED})`,
    async () => {
      const outcomes = new Map<string, number>();
      const byFactory = new Map<string, number>();
      const messages = new Map<string, number>();
      const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
      const began = performance.now();
      await fc.assert(
        fc.asyncProperty(call, async (c) => {
          const report = await runner.run(c);
          bump(outcomes, `${c.method} ${report.outcome}`);
          if (report.message)
            bump(
              messages,
              report.message
                .replace(/^[^:]*: /, '')
                .replace(/got .*/, '')
                .slice(0, 90),
            );
          if (report.outcome === 'ok') bump(byFactory, `${c.entry} ${c.factory}`);
          const problem = fault(c, report);
          if (problem) throw new Error(`${problem}\n  call: ${describeCall(c)}`);
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      const totals = new Map<string, number>();
      for (const [key, n] of outcomes) totals.set(key.split(' ')[1]!, (totals.get(key.split(' ')[1]!) ?? 0) + n);
      console.log(
        `fuzz: ${RUNS} calls (seed ${SEED}) in ${((performance.now() - began) / 1000).toFixed(1)} s: ` +
          [...totals].map(([k, n]) => `${n} ${k}`).join(', ') +
          `\n  by method and outcome: ${[...outcomes]
            .sort()
            .map(([k, n]) => `${k} ${n}`)
            .join('; ')}`,
      );
      if (process.env.FUZZ_VERBOSE) {
        const common = [...messages].sort((x, y) => y[1] - x[1]).slice(0, 40);
        console.log(common.map(([m, n]) => `${n}\t${m}`).join('\n'));
      }
      // Every factory of every subpath succeeded at least once: the options generated reach them all.
      const missing = FACTORIES.filter((f) => !byFactory.has(`${f.entry} ${f.name}`)).map(
        (f) => `${f.entry} ${f.name}`,
      );
      expect(missing).toEqual([]);
    },
    60_000 + RUNS * 60,
  );

  it('the factory tables cover the registry exactly', () => {
    expect(Object.keys(TORCH_OPTIONS).sort()).toEqual(Object.keys(TORCH).sort());
    expect(Object.keys(JAX_ARGS).sort()).toEqual(Object.keys(JAX).sort());
  });
});
