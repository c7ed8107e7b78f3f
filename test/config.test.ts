// Configs round-trip, as Keras's from_config(get_config()) does: for every factory of every
// subpath (conventions/registry.ts), `factory(init.config)` and
// `factory(JSON.parse(JSON.stringify(init.config)))` rebuild an initializer that samples the same
// bits, for random valid options (fast-check, fixed seed). Seeds of every form survive JSON: a
// bigint above 2^53 − 1 as a decimal string, a SeedGenerator as its seed and state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CatalogueEntry, JAX, KERAS, TORCH } from '../src/conventions/registry.js';
import * as nn from '../src/index.js';
import * as jax from '../src/jax.js';
import * as torch from '../src/torch.js';
import { sameBits } from './helpers/bits.js';
import { expectError } from './helpers/errors.js';

const { SeedGenerator } = nn;
type Factory = (options?: Record<string, unknown>) => nn.Initializer;
type Options = Record<string, unknown>;
interface Case {
  options: Options;
  shape: number[];
}

const factoryOf = (module: object, name: string): Factory => (module as Record<string, Factory>)[name]!;

// ---------------------------------------------------------------------------------------------
// Arbitraries: valid options and a shape they accept, per factory.

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
/** A generator part-way through its stream. */
const generator = fc.tuple(u64, fc.nat(3)).map(([seed, draws]) => {
  const g = new SeedGenerator(seed);
  for (let i = 0; i < draws; i++) g.next();
  return g;
});
/** Every form a seed option takes. */
const seed = fc.oneof(
  fc.maxSafeNat(),
  u64,
  u64.map(String),
  generator,
  generator.map((g) => g.toJSON()),
);

const dims = (min: number, max: number) => fc.array(fc.integer({ min: 1, max: 5 }), { minLength: min, maxLength: max });
const number = (min: number, max: number) => fc.double({ min, max, noNaN: true });
/** Two numbers a < b at least `gap` apart. */
const ordered = (min: number, max: number, gap: number) =>
  fc.tuple(number(min, max), number(gap, max - min)).map(([a, width]) => [a, a + width] as const);
/** 0, or a magnitude float32 can scale by: a std or gain of 5e-324 is (rightly) refused. */
const magnitude = (max: number) => fc.oneof(fc.constant(0), number(0.01, max));
const divisorOf = (n: number) =>
  fc.constantFrom(...Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0));

/** A case: options from a record of arbitraries (plus a seed when `seeded`), and shapes. */
function make(shape: fc.Arbitrary<number[]>, options: fc.Arbitrary<Options>, seeded: boolean): fc.Arbitrary<Case> {
  const withSeed = seeded ? fc.tuple(options, seed).map(([o, s]) => ({ ...o, seed: s })) : options;
  return fc.record({ options: withSeed, shape });
}

/** Keras's fan options for a channels-last kernel: none, explicit axes, or a grouping (rank ≥ 3). */
const kerasFanCase = (own: fc.Arbitrary<Options>): fc.Arbitrary<Case> =>
  dims(0, 4).chain((shape) => {
    const rank = shape.length;
    const axis = fc.integer({ min: -Math.max(rank, 1), max: Math.max(rank, 1) - 1 });
    const choices: fc.Arbitrary<Options>[] = [fc.constant({})];
    if (rank > 0)
      choices.push(
        fc.record({
          inAxes: fc.array(axis, { minLength: 1, maxLength: 2 }),
          outAxes: fc.array(axis, { minLength: 1, maxLength: 2 }),
        }),
      );
    if (rank >= 3)
      choices.push(
        divisorOf(shape[rank - 1]!).map((groups) => ({ groups })),
        fc.constant({ depthwise: true }),
      );
    return make(
      fc.constant(shape),
      fc.tuple(own, fc.oneof(...choices)).map(([o, f]) => ({ ...o, ...f })),
      true,
    );
  });

const none = fc.constant({});
const KERAS_CASES: Record<string, fc.Arbitrary<Case>> = {
  zeros: make(dims(0, 3), none, false),
  ones: make(dims(0, 3), none, false),
  constant: make(dims(0, 3), fc.record({ value: number(-1e6, 1e6) }), false),
  randomUniform: make(
    dims(0, 3),
    ordered(-10, 10, 0.01).map(([minval, maxval]) => ({ minval, maxval })),
    true,
  ),
  randomNormal: make(dims(0, 3), fc.record({ mean: number(-10, 10), stddev: magnitude(5) }), true),
  truncatedNormal: make(dims(0, 3), fc.record({ mean: number(-10, 10), stddev: number(0.01, 5) }), true),
  varianceScaling: kerasFanCase(
    fc.record({
      scale: number(0.1, 10),
      mode: fc.constantFrom('fan_in', 'fan_out', 'fan_avg', 'fanIn', 'fanOut', 'fanAvg'),
      distribution: fc.constantFrom('truncated_normal', 'normal', 'truncatedNormal', 'untruncated_normal', 'uniform'),
    }),
  ),
  glorotUniform: kerasFanCase(none),
  glorotNormal: kerasFanCase(none),
  heUniform: kerasFanCase(none),
  heNormal: kerasFanCase(none),
  lecunUniform: kerasFanCase(none),
  lecunNormal: kerasFanCase(none),
  orthogonal: make(dims(2, 3), fc.record({ gain: number(-3, 3) }), true),
  identity: make(dims(2, 2), fc.record({ gain: number(-3, 3) }), false),
};

/** PyTorch weights [out, in, *k] with `groups` dividing out. */
const torchGrouped = (minRank: number, maxRank: number, own: fc.Arbitrary<Options>, seeded: boolean) =>
  dims(minRank, maxRank).chain((shape) =>
    make(
      fc.constant(shape),
      fc
        .tuple(own, fc.option(divisorOf(shape[0]!), { nil: undefined }))
        .map(([o, groups]) => (groups === undefined ? o : { ...o, groups })),
      seeded,
    ),
  );
const NONLINEARITIES = ['linear', 'conv2d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'] as const;

const TORCH_CASES: Record<string, fc.Arbitrary<Case>> = {
  uniform: make(
    dims(0, 3),
    fc.oneof(
      ordered(-10, 10, 0.01).map(([a, b]) => ({ a, b })),
      number(-10, 10).map((a) => ({ a, b: a })),
    ),
    true,
  ),
  normal: make(dims(0, 3), fc.record({ mean: number(-10, 10), std: magnitude(5) }), true),
  truncNormal: make(
    dims(0, 3),
    fc
      .tuple(number(-5, 5), number(0.1, 3), number(0.5, 3), number(0.5, 3))
      .map(([mean, std, below, above]) => ({ mean, std, a: mean - below * std, b: mean + above * std })),
    true,
  ),
  constant: make(dims(0, 3), fc.record({ val: number(-1e6, 1e6) }), false),
  ones: make(dims(0, 3), none, false),
  zeros: make(dims(0, 3), none, false),
  eye: make(dims(2, 2), none, false),
  dirac: torchGrouped(3, 5, none, false),
  xavierUniform: torchGrouped(2, 4, fc.record({ gain: magnitude(3) }), true),
  xavierNormal: torchGrouped(2, 4, fc.record({ gain: magnitude(3) }), true),
  kaimingUniform: torchGrouped(
    2,
    4,
    fc.record({
      a: number(0, 1),
      mode: fc.constantFrom('fan_in', 'fan_out', 'FAN_IN'),
      nonlinearity: fc.constantFrom(...NONLINEARITIES),
    }),
    true,
  ),
  kaimingNormal: torchGrouped(
    2,
    4,
    fc.record({
      a: number(0, 1),
      mode: fc.constantFrom('fan_in', 'fan_out'),
      nonlinearity: fc.constantFrom(...NONLINEARITIES),
    }),
    true,
  ),
  orthogonal: make(dims(2, 3), fc.record({ gain: number(-3, 3) }), true),
  sparse: make(dims(2, 2), fc.record({ sparsity: number(0, 1), std: number(0.001, 1) }), true),
  defaultWeight: torchGrouped(2, 4, none, true),
  defaultBias: make(dims(1, 1), fc.record({ fanIn: fc.nat(50) }), true),
};

/** JAX's axes: the defaults, or explicit in/out axes (and a batch axis for rank ≥ 3). */
const jaxAxes = (rank: number): fc.Arbitrary<Options> => {
  const axis = fc.integer({ min: -rank, max: rank - 1 });
  const explicit = fc.record({ inAxis: axis, outAxis: axis });
  return rank >= 3
    ? fc.oneof(none, explicit, fc.constant({ inAxis: -2, outAxis: -1, batchAxis: [0] }))
    : fc.oneof(none, explicit);
};
const jaxScaled = (own: fc.Arbitrary<Options>) =>
  dims(2, 4).chain((shape) =>
    make(
      fc.constant(shape),
      fc.tuple(own, jaxAxes(shape.length)).map(([o, a]) => ({ ...o, ...a })),
      true,
    ),
  );

const JAX_CASES: Record<string, fc.Arbitrary<Case>> = {
  zeros: make(dims(0, 3), none, false),
  ones: make(dims(0, 3), none, false),
  constant: make(dims(0, 3), fc.record({ value: number(-1e6, 1e6) }), false),
  uniform: make(dims(0, 3), fc.record({ scale: number(0.01, 10) }), true),
  normal: make(dims(0, 3), fc.record({ stddev: magnitude(5) }), true),
  truncatedNormal: make(
    dims(0, 3),
    fc
      .tuple(number(0.01, 5), number(-3, -0.5), number(0.5, 3))
      .map(([stddev, lower, upper]) => ({ stddev, lower, upper })),
    true,
  ),
  varianceScaling: jaxScaled(
    fc.record({
      scale: number(0.1, 10),
      mode: fc.constantFrom('fan_in', 'fan_out', 'fan_avg', 'fan_geo_avg'),
      distribution: fc.constantFrom('truncated_normal', 'normal', 'uniform'),
    }),
  ),
  glorotUniform: jaxScaled(none),
  glorotNormal: jaxScaled(none),
  heUniform: jaxScaled(none),
  heNormal: jaxScaled(none),
  lecunUniform: jaxScaled(none),
  lecunNormal: jaxScaled(none),
  orthogonal: dims(2, 3).chain((shape) =>
    make(
      fc.constant(shape),
      fc.record({ scale: number(-3, 3), columnAxis: fc.integer({ min: -shape.length, max: shape.length - 1 }) }),
      true,
    ),
  ),
  deltaOrthogonal: fc
    .tuple(dims(1, 3), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 }))
    .chain(([spatial, fanIn, extra]) =>
      make(
        fc.constant([...spatial, fanIn, fanIn + extra]),
        fc.record({ scale: number(-3, 3), columnAxis: fc.integer({ min: -2, max: 1 }) }),
        true,
      ),
    ),
};

const CONVENTIONS = [
  ['keras', KERAS, nn, KERAS_CASES],
  ['torch', TORCH, torch, TORCH_CASES],
  ['jax', JAX, jax, JAX_CASES],
] as const;

// ---------------------------------------------------------------------------------------------

describe.each(CONVENTIONS)('%s: factory(init.config) rebuilds the initializer', (_, registry, module, cases) => {
  const entries = Object.values(registry) as CatalogueEntry[];

  it('has valid options for every factory of the registry', () => {
    expect(Object.keys(cases).sort()).toEqual(
      entries
        .filter((e) => e.sameAs === undefined)
        .map((e) => e.name)
        .sort(),
    );
  });

  it.each(entries.map((e) => [e.name, e] as const))(
    '%s, through JSON and directly, samples the same bits',
    (_, entry) => {
      const factory = factoryOf(module, entry.name);
      fc.assert(
        fc.property(cases[entry.sameAs ?? entry.name]!, ({ options, shape }) => {
          const init = factory(options);
          const config = init.config;
          const json = JSON.stringify(config);
          const direct = factory(config);
          const revived = factory(JSON.parse(json));
          expect(JSON.stringify(revived.config)).toBe(json);
          expect(JSON.stringify(direct.config)).toBe(json);
          // Twice: SeedGenerator seeds must advance in step, each rebuilt one with a generator of its own.
          for (let call = 0; call < 2; call++) {
            const expected = init.sample(shape);
            expect(sameBits(revived.sample(shape), expected)).toBe(true);
            expect(sameBits(direct.sample(shape), expected)).toBe(true);
          }
        }),
        { seed: 20261130, numRuns: 40 },
      );
    },
  );
});

describe('configs', () => {
  it('are the options a factory takes (Keras get_config keys; the presets have no scale, mode or distribution)', () => {
    expect(nn.glorotUniform({ seed: 1 }).config).toEqual({ inAxes: null, outAxes: null, seed: 1 });
    expect(nn.varianceScaling({ scale: 2, seed: 1234 }).config).toEqual({
      scale: 2,
      mode: 'fan_in',
      distribution: 'truncated_normal',
      inAxes: null,
      outAxes: null,
      seed: 1234,
    });
    expect(nn.heNormal({ groups: 4 }).config).toEqual({ inAxes: null, outAxes: null, groups: 4, seed: null });
    expect(nn.zeros().config).toEqual({});
    expect(torch.defaultWeight({ seed: 3 }).config).toEqual({ seed: 3 });
    expect(jax.heUniform({ seed: 4 }).config).toEqual({ inAxis: -2, outAxis: -1, batchAxis: [], seed: 4 });
    // The cases of the issue: each threw before.
    expect(() => nn.varianceScaling(nn.varianceScaling({ scale: 2, seed: 1234 }).config)).not.toThrow();
    expect(() => nn.glorotUniform(nn.glorotUniform({ seed: 1 }).config)).not.toThrow();
  });

  it('hold seeds as JSON: numbers up to 2^53 − 1, decimal strings above, null when unseeded', () => {
    expect(JSON.stringify(nn.randomNormal({ seed: 5n }).config)).toBe('{"mean":0,"stddev":0.05,"seed":5}');
    expect(nn.randomNormal({ seed: 2n ** 53n }).config.seed).toBe('9007199254740992');
    expect(nn.randomNormal({ seed: 2n ** 64n - 1n }).config.seed).toBe('18446744073709551615');
    expect(nn.randomNormal().config.seed).toBeNull();
    const big = nn.randomNormal({ seed: '18446744073709551615' }).sample([8]);
    expect(sameBits(big, nn.randomNormal({ seed: 2n ** 64n - 1n }).sample([8]))).toBe(true);
  });

  it('hold a SeedGenerator as its seed and state, and revive a new generator that continues from there', () => {
    const generator = new SeedGenerator(2n ** 60n);
    const init = nn.heUniform({ seed: generator });
    init.sample([4]);
    const config = init.config;
    expect(config.seed).toEqual({ className: 'SeedGenerator', config: { seed: '1152921504606846976', draws: 1 } });
    const revived = nn.heUniform(JSON.parse(JSON.stringify(config)));
    expect(sameBits(revived.sample([4]), init.sample([4]))).toBe(true);
    expect(generator.draws).toBe(2n);
    revived.sample([4]);
    expect(generator.draws).toBe(2n); // the rebuilt initializer does not share the live generator
    expect(JSON.parse(JSON.stringify(generator))).toEqual({
      className: 'SeedGenerator',
      config: { seed: '1152921504606846976', draws: 2 },
    });
    expect(SeedGenerator.fromConfig(generator.toJSON().config).next()).toBe(generator.next());
  });

  it('take a SeedGenerator as Keras 3 serializes one (module, registeredName; config { seed, name }), at draw 0', () => {
    const keras = {
      module: 'keras.random',
      className: 'SeedGenerator',
      config: { seed: 5, name: 'sg' },
      registeredName: null,
    };
    const init = nn.heUniform({ seed: keras as never });
    expect(init.config.seed).toEqual({ className: 'SeedGenerator', config: { seed: 5, draws: 0 } });
    expect(sameBits(init.sample([6]), nn.heUniform({ seed: new SeedGenerator(5) }).sample([6]))).toBe(true);
  });

  it('new SeedGenerator() starts at a fresh random seed, as Keras does', () => {
    const seeds = Array.from({ length: 8 }, () => new SeedGenerator().seed);
    expect(new Set(seeds).size).toBe(8);
    for (const s of seeds) expect(s >= 0n && s < 2n ** 64n).toBe(true);
    expect(new SeedGenerator(null).seed).not.toBe(new SeedGenerator(null).seed);
  });

  it('bad seeds in JSON form are named', () => {
    expectError(
      () => nn.heUniform({ seed: '-1' }),
      RangeError,
      /^heUniform: `seed` must be a decimal integer/,
      /got "-1"$/,
    );
    expectError(() => nn.heUniform({ seed: '1e3' }), RangeError, /got "1e3"$/);
    expectError(() => nn.heUniform({ seed: String(2n ** 64n) }), RangeError, /\[0, 2\^64\)/);
    expectError(
      () => nn.heUniform({ seed: { className: 'SeedGenerator', config: { seed: 1, draws: -1 } } as never }),
      RangeError,
      /^SeedGenerator\.fromConfig: `draws`/,
      /got -1$/,
    );
    expectError(
      () => nn.heUniform({ seed: { className: 'SeedGenerator', config: { seed: 1, stat: 0 } } as never }),
      TypeError,
      /unknown option `stat`/,
    );
    expectError(() => SeedGenerator.fromConfig({ draws: 0 } as never), TypeError, /`seed`/, /got undefined$/);
  });
});

describe('nninit/jax by name', () => {
  it('each positional factory also takes its parameters as one object, as config holds them', () => {
    const same = (a: nn.Initializer, b: nn.Initializer, shape: number[]) =>
      expect(sameBits(a.sample(shape), b.sample(shape))).toBe(true);
    same(jax.uniform({ scale: 0.5, seed: 1 }), jax.uniform(0.5, { seed: 1 }), [9]);
    same(jax.normal({ stddev: 0.5, seed: 1 }), jax.normal(0.5, { seed: 1 }), [9]);
    same(jax.truncatedNormal({ stddev: 2, upper: 1, seed: 1 }), jax.truncatedNormal(2, -2, 1, { seed: 1 }), [9]);
    same(jax.constant({ value: 3 }), jax.constant(3), [2]);
    same(
      jax.varianceScaling({ scale: 2, mode: 'fan_geo_avg', distribution: 'normal', outAxis: 0, seed: 1 }),
      jax.varianceScaling(2, 'fan_geo_avg', 'normal', { outAxis: 0, seed: 1 }),
      [3, 4],
    );
    same(jax.orthogonal({ columnAxis: 0, seed: 1 }), jax.orthogonal(1, 0, { seed: 1 }), [3, 4]);
    same(jax.deltaOrthogonal({ scale: 2, seed: 1 }), jax.deltaOrthogonal(2, -1, { seed: 1 }), [3, 2, 4]);
    expect(jax.uniform().config).toEqual({ scale: 0.01, seed: null });
  });

  it('refuses a mix of both forms and unknown names', () => {
    expectError(
      () => jax.uniform({ scale: 1 } as never, { seed: 1 }),
      TypeError,
      /^uniform: pass the parameters by position or as one object, not both/,
    );
    expectError(
      () => jax.orthogonal({ scale: 1, colum_axis: 0 } as never),
      TypeError,
      /^orthogonal: unknown option `colum_axis`/,
    );
    expectError(
      () => jax.varianceScaling({ mode: 'fan_in', distribution: 'normal' } as never),
      TypeError,
      /`scale` must be a positive number \(it has no default in JAX\)/,
    );
  });
});
