// Every bad input: the error's exact class, a message that names the option and shows the value,
// and, for calls that write into the caller's memory, that nothing was written.
//
// Convention checked throughout (the package's, and ECMAScript's, e.g. `new Array(1.5)` or
// `Intl.NumberFormat('en', { style: 'x' })`): a value of the wrong type, a missing or unknown option
// → TypeError; a value of the right type outside the allowed domain (negative, fractional, NaN,
// too large, an unknown string choice, an empty range) → RangeError.

import { describe, expect, it } from 'vitest';
import {
  computeFans,
  constant,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  type Initializer,
  lecunNormal,
  lecunUniform,
  ones,
  randomNormal,
  randomUniform,
  SeedGenerator,
  truncatedNormal,
  varianceScaling,
  Xoshiro128,
  zeros,
} from '../src/index.js';
import { bad, type ErrorClass, expectError, expectNothingWritten, sentinel } from './helpers/errors.js';

const FLT_MAX = 3.4028234663852886e38;

// ---------------------------------------------------------------------------------------------

describe('shapes', () => {
  const BAD_SHAPES: [string, unknown, ErrorClass, RegExp[]][] = [
    ['a negative dim', [3, -1], RangeError, [/`shape\[1\]`/, /non-negative/, /got -1$/]],
    ['a fractional dim', [2.5, 4], RangeError, [/`shape\[0\]`/, /integer/, /got 2\.5$/]],
    ['a NaN dim', [NaN], RangeError, [/`shape\[0\]`/, /got NaN$/]],
    ['an Infinity dim', [4, Infinity], RangeError, [/`shape\[1\]`/, /got Infinity$/]],
    ['a -Infinity dim', [-Infinity], RangeError, [/`shape\[0\]`/, /got -Infinity$/]],
    ['an unsafe-integer dim (2^53)', [2 ** 53], RangeError, [/`shape\[0\]`/, /got 9007199254740992$/]],
    ['a string dim', [3, '4'], TypeError, [/`shape\[1\]`/, /number/, /got "4"$/]],
    ['a bigint dim', [3n], TypeError, [/`shape\[0\]`/, /got 3n$/]],
    ['a null dim', [null, 2], TypeError, [/`shape\[0\]`/, /got null$/]],
    ['a number', 5, TypeError, [/`shape`/, /array/, /got 5$/]],
    ['an object', { length: 2 }, TypeError, [/`shape`/, /got an object$/]],
    ['null', null, TypeError, [/`shape`/, /got null$/]],
    ['undefined', undefined, TypeError, [/`shape`/, /got undefined$/]],
    ['"3x"', '3x', RangeError, [/`shape`/, /"3x3x64x128"/, /got "3x"$/]],
    ['"x3"', 'x3', RangeError, [/`shape`/, /got "x3"$/]],
    ['"3xx4"', '3xx4', RangeError, [/`shape`/, /got "3xx4"$/]],
    ['"a"', 'a', RangeError, [/`shape`/, /got "a"$/]],
    ['"-3x4"', '-3x4', RangeError, [/`shape`/, /got "-3x4"$/]],
    ['"3.5x2"', '3.5x2', RangeError, [/`shape`/, /got "3\.5x2"$/]],
    ['"" (no dims)', '', RangeError, [/`shape`/, /got ""$/]],
    ['a string dim over 2^53', '99999999999999999999x2', RangeError, [/`shape\[0\]`/, /got 100000000000000000000$/]],
    [
      'a size over 2^53 − 1 ([2^30, 2^30, 2^30])',
      [2 ** 30, 2 ** 30, 2 ** 30],
      RangeError,
      [/`shape`/, /2\^53 − 1/, /got \[1073741824, 1073741824, 1073741824\]$/],
    ],
  ];

  const ENTRY_POINTS: [string, (shape: unknown) => unknown][] = [
    ['computeFans', (shape) => computeFans(bad(shape))],
    ['glorotUniform.sample', (shape) => glorotUniform({ seed: 1 }).sample(bad(shape))],
    ['randomNormal.sampleInWasm', (shape) => randomNormal({ seed: 1 }).sampleInWasm(bad(shape))],
    ['zeros.distribution', (shape) => zeros().distribution(bad(shape))],
  ];

  describe.each(BAD_SHAPES)('%s', (_, shape, cls, patterns) => {
    it.each(ENTRY_POINTS)('%s throws, naming itself', (where, call) => {
      expectError(() => call(shape), cls, new RegExp(`^${where.replace('.', '\\.')}: `), ...patterns);
    });

    it('fill throws and writes nothing', () => {
      const out = sentinel(6);
      expectNothingWritten(
        out,
        () => heNormal({ seed: 1 }).fill(out, bad(shape)),
        cls,
        /^heNormal\.fill: /,
        ...patterns,
      );
    });
  });

  it('valid edge shapes are accepted: [], [0], "0x5", [2^53 − 1], a frozen array', () => {
    expect(glorotUniform({ seed: 1 }).sample([]).length).toBe(1);
    expect(glorotUniform({ seed: 1 }).sample([0]).length).toBe(0);
    expect(glorotUniform({ seed: 1 }).sample('0x5').length).toBe(0);
    expect(computeFans([2 ** 53 - 1])).toEqual({ fanIn: 2 ** 53 - 1, fanOut: 2 ** 53 - 1 });
    expect(glorotUniform({ seed: 1 }).sample(Object.freeze([2, 3])).length).toBe(6);
  });
});

describe('seeds', () => {
  const BAD_SEEDS: [string, unknown, ErrorClass, RegExp[]][] = [
    ['negative', -1, RangeError, [/got -1$/]],
    ['negative bigint', -1n, RangeError, [/2\^64/, /got -1n$/]],
    ['2^64 (bigint)', 2n ** 64n, RangeError, [/2\^64/, /got 18446744073709551616n$/]],
    ['fractional', 1.5, RangeError, [/integer/, /got 1\.5$/]],
    ['NaN', NaN, RangeError, [/got NaN$/]],
    ['Infinity', Infinity, RangeError, [/got Infinity$/]],
    ['2^53 (an unsafe number)', 2 ** 53, RangeError, [/bigint/, /got 9007199254740992$/]],
    ['an object', { seed: 42 }, TypeError, [/got an object$/]],
    ['a boolean', true, TypeError, [/got true$/]],
    ['an array', [42], TypeError, [/got \[42\]$/]],
  ];

  const FACTORIES: [string, (seed: unknown) => Initializer][] = [
    ['randomUniform', (seed) => randomUniform({ seed: bad(seed) })],
    ['randomNormal', (seed) => randomNormal({ seed: bad(seed) })],
    ['truncatedNormal', (seed) => truncatedNormal({ seed: bad(seed) })],
    ['varianceScaling', (seed) => varianceScaling({ seed: bad(seed) })],
    ['glorotUniform', (seed) => glorotUniform({ seed: bad(seed) })],
    ['heNormal', (seed) => heNormal({ seed: bad(seed) })],
    ['lecunUniform', (seed) => lecunUniform({ seed: bad(seed) })],
  ];

  describe.each(BAD_SEEDS)('%s', (_, seed, cls, patterns) => {
    it.each(FACTORIES)('%s rejects it at construction', (where, make) => {
      expectError(() => make(seed), cls, new RegExp(`^${where}: \`seed\``), ...patterns);
    });

    it('SeedGenerator rejects it', () => {
      expectError(() => new SeedGenerator(bad(seed)), cls, /^SeedGenerator: `seed`/, ...patterns);
    });

    it('Xoshiro128.fromSeed rejects it', () => {
      expectError(() => Xoshiro128.fromSeed(bad(seed)), cls, /^Xoshiro128\.fromSeed: `seed`/, ...patterns);
    });
  });

  it('the edges are accepted: 0, -0, 2^53 − 1, 0n, 2^64 − 1 (bigint), null (unseeded), a SeedGenerator', () => {
    for (const seed of [0, -0, 2 ** 53 - 1, 0n, 2n ** 64n - 1n, null, new SeedGenerator(1)]) {
      expect(randomUniform({ seed }).sample([4]).length).toBe(4);
    }
    for (const seed of [0, 2 ** 53 - 1, 0n, 2n ** 64n - 1n]) {
      expect(new SeedGenerator(seed).next()).toBeTypeOf('bigint');
      expect(Xoshiro128.fromSeed(seed).nextU32()).toBeTypeOf('number');
    }
  });

  // Configs hold seeds above 2^53 − 1 as decimal strings (test/config.test.ts); other strings are bad values.
  it.each([['x'], [''], ['-1'], ['4.2'], ['0x10'], [' 42'], ['042'], [String(2n ** 64n)]])(
    'the string %j is a RangeError from the factories and SeedGenerator',
    (seed) => {
      const patterns = [/`seed` must be a decimal integer in \[0, 2\^64\)/, new RegExp(`got ${JSON.stringify(seed)}$`)];
      for (const [where, make] of FACTORIES) {
        expectError(() => make(seed), RangeError, new RegExp(`^${where}: `), ...patterns);
      }
      expectError(() => new SeedGenerator(seed), RangeError, /^SeedGenerator: /, ...patterns);
    },
  );

  it('SeedGenerator rejects another SeedGenerator (TypeError); without a seed it picks a fresh one', () => {
    expectError(() => new SeedGenerator(bad(new SeedGenerator(1))), TypeError, /`seed`/, /got a SeedGenerator$/);
    expect(new SeedGenerator(bad(undefined)).seed).toBeTypeOf('bigint');
  });

  // Only initializer options accept a SeedGenerator; the other seed errors must not offer one.
  it('SeedGenerator does not advertise a SeedGenerator as a valid seed', () => {
    const error = expectError(() => new SeedGenerator(bad(new SeedGenerator(1))), TypeError);
    expect(error.message).not.toMatch(/or a SeedGenerator/);
  });

  it('Xoshiro128.fromSeed does not advertise a SeedGenerator as a valid seed', () => {
    const error = expectError(() => Xoshiro128.fromSeed(bad('42')), TypeError, /got "42"$/);
    expect(error.message).not.toMatch(/SeedGenerator/);
    expectError(() => Xoshiro128.fromSeed(bad(new SeedGenerator(1))), TypeError, /got a SeedGenerator$/);
  });
});

describe('numeric options', () => {
  const CASES: [string, () => unknown, ErrorClass, RegExp[]][] = [
    // stddev and mean
    ['randomNormal stddev -1', () => randomNormal({ stddev: -1 }), RangeError, [/`stddev`/, /non-negative/, /got -1$/]],
    ['randomNormal stddev NaN', () => randomNormal({ stddev: NaN }), RangeError, [/`stddev`/, /finite/, /got NaN$/]],
    ['randomNormal stddev Infinity', () => randomNormal({ stddev: Infinity }), RangeError, [/`stddev`/, /Infinity$/]],
    ['randomNormal mean NaN', () => randomNormal({ mean: NaN }), RangeError, [/`mean`/, /got NaN$/]],
    ['randomNormal mean -Infinity', () => randomNormal({ mean: -Infinity }), RangeError, [/`mean`/, /-Infinity$/]],
    ['truncatedNormal stddev -0.5', () => truncatedNormal({ stddev: -0.5 }), RangeError, [/`stddev`/, /got -0\.5$/]],
    ['truncatedNormal stddev NaN', () => truncatedNormal({ stddev: NaN }), RangeError, [/`stddev`/, /got NaN$/]],
    ['truncatedNormal stddev Infinity', () => truncatedNormal({ stddev: Infinity }), RangeError, [/`stddev`/]],
    ['truncatedNormal mean Infinity', () => truncatedNormal({ mean: Infinity }), RangeError, [/`mean`/, /Infinity$/]],
    // minval / maxval
    [
      'randomUniform minval = maxval',
      () => randomUniform({ minval: 1, maxval: 1 }),
      RangeError,
      [/`minval` must be less than `maxval`/, /minval = 1, maxval = 1$/],
    ],
    [
      'randomUniform minval > maxval',
      () => randomUniform({ minval: 1, maxval: -1 }),
      RangeError,
      [/`minval`/, /`maxval`/, /minval = 1, maxval = -1$/],
    ],
    [
      'randomUniform maxval below the default minval',
      () => randomUniform({ maxval: -0.1 }),
      RangeError,
      [/`minval`/, /minval = -0\.05, maxval = -0\.1$/],
    ],
    [
      'randomUniform bounds that round to one float32 (1, 1 + 1e-9)',
      () => randomUniform({ minval: 1, maxval: 1 + 1e-9 }),
      RangeError,
      [/round to the same float32/, /minval = 1, maxval = 1\.000000001$/],
    ],
    ['randomUniform minval NaN', () => randomUniform({ minval: NaN }), RangeError, [/`minval`/, /got NaN$/]],
    ['randomUniform maxval Infinity', () => randomUniform({ maxval: Infinity }), RangeError, [/`maxval`/]],
    // float32 overflow
    ['constant 1e39', () => constant({ value: 1e39 }), RangeError, [/`value`/, /float32/, /got 1e\+39$/]],
    ['constant -1e39', () => constant({ value: -1e39 }), RangeError, [/`value`/, /got -1e\+39$/]],
    [
      'constant 3.4028236e38 (rounds to Infinity in float32)',
      () => constant({ value: 3.4028236e38 }),
      RangeError,
      [/`value`/, /got 3\.4028236e\+38$/],
    ],
    ['constant NaN', () => constant({ value: NaN }), RangeError, [/`value`/, /got NaN$/]],
    [
      'randomUniform maxval 1e39',
      () => randomUniform({ maxval: 1e39 }),
      RangeError,
      [/`maxval`/, /float32/, /got 1e\+39$/],
    ],
    ['randomUniform minval -1e39', () => randomUniform({ minval: -1e39 }), RangeError, [/`minval`/, /-1e\+39$/]],
    [
      'randomUniform width overflowing float32 (-3e38, 3e38)',
      () => randomUniform({ minval: -3e38, maxval: 3e38 }),
      RangeError,
      [/overflows float32/, /minval = -3e\+38, maxval = 3e\+38$/],
    ],
    [
      'randomNormal mean 3e38, stddev 1e38 (mean + 8.21σ overflows)',
      () => randomNormal({ mean: 3e38, stddev: 1e38 }),
      RangeError,
      [/overflows float32/, /mean = 3e\+38, stddev = 1e\+38$/],
    ],
    ['randomNormal stddev 1e39', () => randomNormal({ stddev: 1e39 }), RangeError, [/`stddev`/, /got 1e\+39$/]],
    ['randomNormal mean 1e39', () => randomNormal({ mean: 1e39, stddev: 1 }), RangeError, [/`mean`/, /1e\+39$/]],
    [
      'truncatedNormal mean 3e38, stddev 1e38 (bounds overflow)',
      () => truncatedNormal({ mean: 3e38, stddev: 1e38 }),
      RangeError,
      [/bounds/, /overflow float32/, /mean = 3e\+38, stddev = 1e\+38$/],
    ],
    [
      'truncatedNormal mean 0, stddev 2e38 (2σ overflows)',
      () => truncatedNormal({ stddev: 2e38 }),
      RangeError,
      [/overflow float32/, /stddev = 2e\+38$/],
    ],
    // degenerate spreads
    [
      'truncatedNormal mean 1, stddev 1e-9 (mean ± 2σ collapses onto 1)',
      () => truncatedNormal({ mean: 1, stddev: 1e-9 }),
      RangeError,
      [/no float32 lies strictly inside/, /mean = 1, stddev = 1e-9$/],
    ],
    [
      'randomNormal stddev 1e-50 (0 in float32)',
      () => randomNormal({ stddev: 1e-50 }),
      RangeError,
      [/`stddev` rounds to 0/, /got 1e-50$/],
    ],
    [
      'truncatedNormal stddev 1e-50 (0 in float32)',
      () => truncatedNormal({ stddev: 1e-50 }),
      RangeError,
      [/`stddev` rounds to 0/, /got 1e-50$/],
    ],
    // scale
    ['varianceScaling scale 0', () => varianceScaling({ scale: 0 }), RangeError, [/`scale`/, /positive/, /got 0$/]],
    ['varianceScaling scale -0', () => varianceScaling({ scale: -0 }), RangeError, [/`scale`/, /got -0$/]],
    ['varianceScaling scale -1', () => varianceScaling({ scale: -1 }), RangeError, [/`scale`/, /got -1$/]],
    ['varianceScaling scale NaN', () => varianceScaling({ scale: NaN }), RangeError, [/`scale`/, /got NaN$/]],
    ['varianceScaling scale Infinity', () => varianceScaling({ scale: Infinity }), RangeError, [/`scale`/]],
    // choices
    [
      "varianceScaling mode 'fan_sum'",
      () => varianceScaling({ mode: bad('fan_sum') }),
      RangeError,
      [/`mode`/, /fan_in, fan_out, fan_avg/, /got "fan_sum"$/],
    ],
    [
      "varianceScaling mode 'FAN_IN' (no case folding)",
      () => varianceScaling({ mode: bad('FAN_IN') }),
      RangeError,
      [/`mode`/, /got "FAN_IN"$/],
    ],
    [
      "varianceScaling mode 'toString' (not an own key)",
      () => varianceScaling({ mode: bad('toString') }),
      RangeError,
      [/`mode`/, /got "toString"$/],
    ],
    [
      "varianceScaling distribution 'gauss'",
      () => varianceScaling({ distribution: bad('gauss') }),
      RangeError,
      [/`distribution`/, /truncated_normal, untruncated_normal, uniform, normal/, /got "gauss"$/],
    ],
    [
      "varianceScaling distribution '__proto__'",
      () => varianceScaling({ distribution: bad('__proto__') }),
      RangeError,
      [/`distribution`/, /got "__proto__"$/],
    ],
    // wrong types
    ['randomUniform minval "0"', () => randomUniform({ minval: bad('0') }), TypeError, [/`minval`/, /got "0"$/]],
    ['randomUniform maxval true', () => randomUniform({ maxval: bad(true) }), TypeError, [/`maxval`/, /got true$/]],
    ['randomNormal mean "0"', () => randomNormal({ mean: bad('0') }), TypeError, [/`mean`/, /got "0"$/]],
    ['randomNormal stddev 1n', () => randomNormal({ stddev: bad(1n) }), TypeError, [/`stddev`/, /got 1n$/]],
    ['truncatedNormal stddev [1]', () => truncatedNormal({ stddev: bad([1]) }), TypeError, [/`stddev`/, /\[1\]$/]],
    ['constant value "1"', () => constant({ value: bad('1') }), TypeError, [/`value`/, /got "1"$/]],
    ['varianceScaling scale "2"', () => varianceScaling({ scale: bad('2') }), TypeError, [/`scale`/, /got "2"$/]],
    ['varianceScaling mode 1', () => varianceScaling({ mode: bad(1) }), TypeError, [/`mode`/, /fan_in/, /got 1$/]],
    [
      'varianceScaling distribution true',
      () => varianceScaling({ distribution: bad(true) }),
      TypeError,
      [/`distribution`/, /got true$/],
    ],
  ];

  it.each(CASES)('%s', (_, fn, cls, patterns) => {
    expectError(fn, cls, ...patterns);
  });

  it('the edges are accepted: FLT_MAX, stddev 0 and -0, the smallest subnormal stddev, a one-ulp range', () => {
    expect(constant({ value: FLT_MAX }).sample([1])[0]).toBe(FLT_MAX);
    expect(constant({ value: -FLT_MAX }).sample([1])[0]).toBe(-FLT_MAX);
    expect(randomNormal({ stddev: 0 }).sample([2])).toEqual(new Float32Array(2));
    expect(truncatedNormal({ stddev: -0 }).sample([2])).toEqual(new Float32Array(2));
    expect(randomNormal({ stddev: 1.4e-45, seed: 1 }).sample([8]).length).toBe(8);
    expect(randomUniform({ minval: 1, maxval: 1 + 2 ** -23, seed: 1 }).sample([8])).toEqual(
      new Float32Array(8).fill(1),
    );
    expect(truncatedNormal({ mean: 1, stddev: 1e-7, seed: 1 }).sample([8]).length).toBe(8);
  });

  // varianceScaling checks the derived σ/limit at call time; the error names the user's option, `scale`.
  it('a scale whose σ under- or overflows float32 is reported as `scale`, with its value', () => {
    for (const distribution of ['uniform', 'truncated_normal', 'untruncated_normal'] as const) {
      expectError(
        () => varianceScaling({ scale: 1e-300, distribution }).sample([10, 10]),
        RangeError,
        /^varianceScaling\.sample: /,
        /`scale`/,
        /1e-300/,
      );
      expectError(
        () => varianceScaling({ scale: 1e300, distribution }).sample([10, 10]),
        RangeError,
        /^varianceScaling\.sample: /,
        /`scale`/,
        /1e\+300/,
      );
    }
  });
});

describe('options objects', () => {
  const FACTORIES: [string, (options: unknown) => unknown, string][] = [
    ['zeros', (o) => zeros(bad(o)), 'value'],
    ['ones', (o) => ones(bad(o)), 'dtype'],
    ['constant', (o) => constant(bad(o)), 'val'],
    ['randomUniform', (o) => randomUniform(bad(o)), 'minVal'],
    ['randomNormal', (o) => randomNormal(bad(o)), 'std'],
    ['truncatedNormal', (o) => truncatedNormal(bad(o)), 'sigma'],
    ['varianceScaling', (o) => varianceScaling(bad(o)), 'distrib'],
    ['glorotUniform', (o) => glorotUniform(bad(o)), 'scale'],
    ['glorotNormal', (o) => glorotNormal(bad(o)), 'gain'],
    ['heUniform', (o) => heUniform(bad(o)), 'mode'],
    ['heNormal', (o) => heNormal(bad(o)), 'distribution'],
    ['lecunUniform', (o) => lecunUniform(bad(o)), 'input_axes'],
    ['lecunNormal', (o) => lecunNormal(bad(o)), 'Seed'],
    ['computeFans', (o) => computeFans([3, 4], bad(o)), 'inAxis'],
  ];

  it('null is the same as an omitted option (as in Keras configs): the defaults apply', () => {
    const shape = [64, 64];
    const withNull = randomUniform({ minval: null as unknown as number, maxval: null as unknown as number, seed: 3 });
    expect(withNull.sample(shape)).toEqual(randomUniform({ seed: 3 }).sample(shape));
    expect(randomNormal({ mean: null as unknown as number, seed: 3 }).sample(shape)).toEqual(
      randomNormal({ seed: 3 }).sample(shape),
    );
    const vs = varianceScaling({
      mode: null as unknown as 'fan_in',
      distribution: null as unknown as 'uniform',
      seed: 3,
    });
    expect(vs.sample(shape)).toEqual(varianceScaling({ seed: 3 }).sample(shape));
  });

  it.each(FACTORIES)('%s: an unknown key is a TypeError naming the key and the valid ones', (where, make, key) => {
    const error = expectError(() => make({ [key]: 1 }), TypeError, new RegExp(`^${where}: unknown option \`${key}\``));
    expect(error.message).toMatch(where === 'zeros' || where === 'ones' ? /takes no options/ : /valid options are /);
  });

  it.each(FACTORIES)('%s: options that are not an object are a TypeError', (where, make) => {
    for (const [options, shown] of [
      [5, /got 5$/],
      ['x', /got "x"$/],
      [[], /got \[\]$/],
      [null, /got null$/],
      [true, /got true$/],
    ] as const) {
      expectError(() => make(options), TypeError, new RegExp(`^${where}: \`options\` must be an object`), shown);
    }
  });

  it('the valid keys are listed', () => {
    expectError(() => randomUniform(bad({ minVal: 0 })), TypeError, /valid options are minval, maxval, seed$/);
    expectError(
      () => varianceScaling(bad({ distrib: 'uniform' })),
      TypeError,
      /valid options are scale, mode, distribution, seed, inAxes, outAxes, groups, depthwise$/,
    );
    expectError(
      () => glorotUniform(bad({ scale: 2 })),
      TypeError,
      /valid options are seed, inAxes, outAxes, groups, depthwise$/,
    );
  });
});

describe('fan axes', () => {
  it('only one of inAxes / outAxes is a TypeError naming the missing one', () => {
    expectError(() => computeFans([3, 4], { inAxes: [0] }), TypeError, /given together/, /`outAxes` is missing/);
    expectError(() => computeFans([3, 4], { outAxes: [1] }), TypeError, /given together/, /`inAxes` is missing/);
    expectError(() => glorotUniform({ inAxes: [0] }), TypeError, /^glorotUniform: /, /`outAxes` is missing/);
    expectError(() => varianceScaling({ outAxes: [0] }), TypeError, /^varianceScaling: /, /`inAxes` is missing/);
  });

  it('out-of-range axes are a RangeError showing the valid range and the axis', () => {
    expectError(
      () => computeFans([3, 4], { inAxes: [2], outAxes: [1] }),
      RangeError,
      /`inAxes\[0\]`/,
      /\[-2, 1\]/,
      /got 2$/,
    );
    expectError(
      () => computeFans([3, 4, 5], { inAxes: [0], outAxes: [1, -4] }),
      RangeError,
      /`outAxes\[1\]`/,
      /\[-3, 2\]/,
      /got -4$/,
    );
    expectError(() => computeFans([], { inAxes: [0], outAxes: [] }), RangeError, /`inAxes\[0\]`/, /got 0$/);
  });

  it('out-of-range axes of an initializer are caught when the shape is known', () => {
    const init = glorotUniform({ inAxes: [5], outAxes: [0] });
    expectError(() => init.sample([3, 4]), RangeError, /^glorotUniform\.sample: /, /`inAxes\[0\]`/, /got 5$/);
    expectError(() => init.distribution([3, 4]), RangeError, /^glorotUniform\.distribution: /, /got 5$/);
    expect(init.sample([1, 1, 1, 1, 1, 1]).length).toBe(1); // rank 6 has an axis 5
  });

  it('axes of the wrong type are a TypeError', () => {
    expectError(() => computeFans([3, 4], bad({ inAxes: ['0'], outAxes: [1] })), TypeError, /`inAxes\[0\]`/, /"0"$/);
    expectError(() => computeFans([3, 4], bad({ inAxes: 0, outAxes: [1] })), TypeError, /`inAxes`/, /got 0$/);
    expectError(() => computeFans([3, 4], bad({ inAxes: [0], outAxes: null })), TypeError, /`outAxes`/, /null$/);
    expectError(() => heNormal(bad({ inAxes: [0], outAxes: '1' })), TypeError, /^heNormal: /, /`outAxes`/, /"1"$/);
  });

  // A fractional, NaN or infinite axis is a RangeError, like shapes, seeds, start/end and state words.
  it('non-integer numeric axes are a RangeError, like non-integer dims, seeds and indices', () => {
    for (const [axis, shown] of [
      [0.5, /got 0\.5$/],
      [NaN, /got NaN$/],
      [Infinity, /got Infinity$/],
      [-1.5, /got -1\.5$/],
    ] as const) {
      expectError(() => computeFans([3, 4], { inAxes: [axis], outAxes: [1] }), RangeError, /`inAxes\[0\]`/, shown);
      expectError(() => glorotUniform({ inAxes: [0], outAxes: [axis] }), RangeError, /`outAxes\[0\]`/, shown);
    }
  });
});

describe('fill', () => {
  const shape = [2, 3];

  const CASES: [string, () => unknown, (out: unknown) => [unknown, unknown], ErrorClass, RegExp[]][] = [
    [
      'a Float64Array for dtype float32',
      () => new Float64Array(6).fill(NaN),
      (out) => [out, { dtype: 'float32' }],
      TypeError,
      [/`out` must be a Float32Array for dtype float32/, /got Float64Array\(6\)$/],
    ],
    [
      'a Uint16Array without dtype (float16 or bfloat16?)',
      () => new Uint16Array(6).fill(7),
      (out) => [out, undefined],
      TypeError,
      [/a Uint16Array holds float16 or bfloat16 bits: pass `dtype` to say which/],
    ],
    [
      'a Float32Array for dtype bfloat16',
      () => new Float32Array(6).fill(NaN),
      (out) => [out, { dtype: 'bfloat16' }],
      TypeError,
      [/`out` must be a Uint16Array for dtype bfloat16/, /got Float32Array\(6\)$/],
    ],
    [
      'an unknown dtype',
      () => new Float32Array(6).fill(NaN),
      (out) => [out, { dtype: 'float8' }],
      RangeError,
      [/`dtype` must be one of float32, float64, float16, bfloat16/, /got "float8"$/],
    ],
    [
      'a plain Array',
      () => [7, 7, 7, 7, 7, 7],
      (out) => [out, undefined],
      TypeError,
      [/`out`/, /got \[7, 7, 7, 7, 7, 7\]$/],
    ],
    [
      'a Uint32Array',
      () => new Uint32Array(6).fill(7),
      (out) => [out, undefined],
      TypeError,
      [/`out`/, /got Uint32Array\(6\)$/],
    ],
    [
      'a Float32Array too short, without start',
      () => sentinel(5),
      (out) => [out, undefined],
      RangeError,
      [/`out.length` must equal the size of shape \[2, 3\] \(6\)/, /got 5$/],
    ],
    [
      'a Float32Array too long, without start',
      () => sentinel(7),
      (out) => [out, undefined],
      RangeError,
      [/`out.length`/, /got 7$/],
    ],
    ['start -1', () => sentinel(2), (out) => [out, { start: -1 }], RangeError, [/`start`/, /got -1$/]],
    ['start 1.5', () => sentinel(2), (out) => [out, { start: 1.5 }], RangeError, [/`start`/, /got 1\.5$/]],
    ['start NaN', () => sentinel(2), (out) => [out, { start: NaN }], RangeError, [/`start`/, /got NaN$/]],
    ['start "1"', () => sentinel(2), (out) => [out, { start: '1' }], TypeError, [/`start`/, /got "1"$/]],
    [
      'start + out.length > size',
      () => sentinel(2),
      (out) => [out, { start: 5 }],
      RangeError,
      [/`start` \+ `out.length`/, /\(6\)/, /start = 5, out.length = 2$/],
    ],
    [
      'start 0 with a too long out',
      () => sentinel(7),
      (out) => [out, { start: 0 }],
      RangeError,
      [/start = 0, out.length = 7$/],
    ],
    [
      'an unknown option (end)',
      () => sentinel(2),
      (out) => [out, { start: 0, end: 2 }],
      TypeError,
      [/unknown option `end`/, /valid options are start, slice, dtype$/],
    ],
    ['options not an object', () => sentinel(6), (out) => [out, 5], TypeError, [/`options`/, /got 5$/]],
  ];

  it.each(CASES)('%s: throws and writes nothing, draws no seed', (_, makeOut, args, cls, patterns) => {
    const generator = new SeedGenerator(1);
    const init = glorotUniform({ seed: generator });
    const out = makeOut();
    const [target, options] = args(out);
    expectNothingWritten(
      out,
      () => init.fill(bad(target), shape, bad(options)),
      cls,
      /^glorotUniform\.fill: /,
      ...patterns,
    );
    expect(generator.draws).toBe(0n);
  });

  it('a law that fails for this shape: throws and writes nothing', () => {
    const out = sentinel(6);
    expectNothingWritten(
      out,
      () => glorotUniform({ inAxes: [2], outAxes: [0] }).fill(out, shape),
      RangeError,
      /`inAxes\[0\]`/,
      /got 2$/,
    );
    expectNothingWritten(
      out,
      () => varianceScaling({ scale: 1e300, distribution: 'uniform' }).fill(out, shape),
      RangeError,
      /^varianceScaling\.fill: /,
    );
  });

  it('valid calls do write: the whole tensor, and a window with start', () => {
    const whole = glorotUniform({ seed: 1 }).fill(sentinel(6), shape);
    const window = glorotUniform({ seed: 1 }).fill(sentinel(2), shape, { start: 4 });
    expect(window).toEqual(whole.subarray(4));
    expect(glorotUniform({ seed: 1 }).fill(sentinel(0), shape, { start: 6 }).length).toBe(0);
  });
});

describe('sample and sampleInWasm ranges', () => {
  const shape = [2, 3];
  const CASES: [string, unknown, ErrorClass, RegExp[]][] = [
    ['start > end', { start: 4, end: 2 }, RangeError, [/`start` must be at most `end`/, /start = 4, end = 2$/]],
    ['start > size', { start: 7 }, RangeError, [/`start`/, /start = 7, end = 6$/]],
    ['end > size', { end: 7 }, RangeError, [/`end`/, /\(6\)/, /got 7$/]],
    ['negative start', { start: -1 }, RangeError, [/`start`/, /got -1$/]],
    ['fractional start', { start: 0.5 }, RangeError, [/`start`/, /got 0\.5$/]],
    ['fractional end', { end: 2.5 }, RangeError, [/`end`/, /got 2\.5$/]],
    ['NaN end', { end: NaN }, RangeError, [/`end`/, /got NaN$/]],
    ['start as a string', { start: '1' }, TypeError, [/`start`/, /got "1"$/]],
    ['end as a bigint', { end: 2n }, TypeError, [/`end`/, /got 2n$/]],
    [
      'an unknown option (stop)',
      { stop: 3 },
      TypeError,
      [/unknown option `stop`/, /valid options are start, end, slice, dtype$/],
    ],
    ['options not an object', 5, TypeError, [/`options`/, /got 5$/]],
  ];

  it.each(CASES)('sample: %s', (_, options, cls, patterns) => {
    const generator = new SeedGenerator(1);
    expectError(
      () => randomNormal({ seed: generator }).sample(shape, bad(options)),
      cls,
      /^randomNormal\.sample: /,
      ...patterns,
    );
    expect(generator.draws).toBe(0n);
  });

  it.each(CASES)('sampleInWasm: %s', (_, options, cls, patterns) => {
    expectError(
      () => truncatedNormal({ seed: 1 }).sampleInWasm(shape, bad(options)),
      cls,
      /^truncatedNormal\.sampleInWasm: /,
      ...patterns,
    );
  });

  it('sampleInWasm of an absurd size is a RangeError that says what fits', () => {
    for (const [absurd, count] of [
      [[2 ** 31], '2147483648'],
      [[2 ** 40], '1099511627776'],
      [[4, 2 ** 30], '4294967296'],
    ] as const) {
      expectError(
        () => glorotUniform({ seed: 1 }).sampleInWasm(absurd),
        RangeError,
        /^glorotUniform\.sampleInWasm: /,
        new RegExp(`^[^;]*\\b${count} float32 values do not fit`),
        /at most \d+ bytes/,
        /sample\(\) or fill\(\)|in ranges/,
      );
    }
    expectError(
      () => glorotUniform({ seed: 1 }).sampleInWasm([2 ** 40], { start: 0, end: 2 ** 31 }),
      RangeError,
      /2147483648 float32 values do not fit/,
    );
  });

  it('a small range of a huge tensor does fit', () => {
    using tensor = glorotUniform({ seed: 1 }).sampleInWasm([2 ** 40], { start: 2 ** 39, end: 2 ** 39 + 16 });
    expect(tensor.length).toBe(16);
    expect(glorotUniform({ seed: 1 }).sample([2 ** 40], { start: 2 ** 39, end: 2 ** 39 + 16 })).toEqual(tensor.array);
  });
});

describe('Xoshiro128', () => {
  const BAD_STATES: [string, unknown, ErrorClass, RegExp[]][] = [
    ['3 words', [1, 2, 3], RangeError, [/`state` must have 4 words/, /got 3$/]],
    ['5 words', [1, 2, 3, 4, 5], RangeError, [/`state` must have 4 words/, /got 5$/]],
    ['no words', [], RangeError, [/`state`/, /got 0$/]],
    ['all zeros', [0, 0, 0, 0], RangeError, [/`state` must not be all zeros/, /got \[0, 0, 0, 0\]$/]],
    ['all zeros (Uint32Array)', new Uint32Array(4), RangeError, [/all zeros/]],
    ['a fractional word', [1.5, 0, 0, 1], RangeError, [/`state\[0\]`/, /\[0, 2\^32\)/, /got 1\.5$/]],
    ['a negative word', [1, -1, 0, 0], RangeError, [/`state\[1\]`/, /got -1$/]],
    ['a word of 2^32', [1, 2, 2 ** 32, 0], RangeError, [/`state\[2\]`/, /got 4294967296$/]],
    ['a NaN word', [1, 2, 3, NaN], RangeError, [/`state\[3\]`/, /got NaN$/]],
    ['an infinite word', [Infinity, 2, 3, 4], RangeError, [/`state\[0\]`/, /got Infinity$/]],
    ['a string word', ['1', 2, 3, 4], TypeError, [/`state\[0\]`/, /got "1"$/]],
    ['a bigint word', [1, 2n, 3, 4], TypeError, [/`state\[1\]`/, /got 2n$/]],
    ['a number', 5, TypeError, [/`state`/, /got 5$/]],
    ['null', null, TypeError, [/`state`/, /got null$/]],
    ['undefined', undefined, TypeError, [/`state`/, /got undefined$/]],
    ['a string', 'abcd', TypeError, [/`state`/, /got "abcd"$/]],
    ['an object without length', { 0: 1, 1: 2, 2: 3, 3: 4 }, TypeError, [/`state`/, /got an object$/]],
  ];

  it.each(BAD_STATES)('fromState: %s', (_, state, cls, patterns) => {
    expectError(() => Xoshiro128.fromState(bad(state)), cls, /^Xoshiro128\.fromState: /, ...patterns);
  });

  it('fromState accepts any array-like of four valid words', () => {
    expect(Array.from(Xoshiro128.fromState([1, 2, 3, 4]).state())).toEqual([1, 2, 3, 4]);
    expect(Array.from(Xoshiro128.fromState(new Uint32Array([0, 0, 0, 2 ** 32 - 1])).state())).toEqual([
      0,
      0,
      0,
      2 ** 32 - 1,
    ]);
  });

  it('fillU32 with a non-Uint32Array: TypeError, nothing written, the state unchanged', () => {
    for (const [out, shown] of [
      [sentinel(4), /got Float32Array\(4\)$/],
      [new Int32Array(4).fill(-7), /got Int32Array\(4\)$/],
      [new Float64Array(4).fill(NaN), /got Float64Array\(4\)$/],
      [[7, 7, 7, 7], /got \[7, 7, 7, 7\]$/],
    ] as const) {
      const rng = Xoshiro128.fromSeed(1);
      const state = Array.from(rng.state());
      expectNothingWritten(
        out,
        () => rng.fillU32(bad(out)),
        TypeError,
        /^Xoshiro128\.fillU32: `out` must be a Uint32Array/,
        shown,
      );
      expect(Array.from(rng.state())).toEqual(state);
    }
  });
});
