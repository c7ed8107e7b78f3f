// Boxes of a tensor (`slice`): every initializer of every convention, in every dtype, gives each
// box bit for bit as the same box of the whole tensor (property tests over random shapes of rank
// 1 to 5 and random boxes), through sample, fill and sampleAsync (on the calling thread: test/slices.node.test.ts has the
// threaded forms); shardOf's split; bad slices.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as nn from '../src/index.js';
import * as jax from '../src/jax.js';
import * as torch from '../src/torch.js';
import { JAX, KERAS, TORCH } from '../src/conventions/registry.js';
import type { Initializer } from '../src/core/initializer.js';
import type { DType } from '../src/laws/dtype.js';
import { sameBits } from './helpers/bits.js';
import { bad, expectError, expectNothingWritten } from './helpers/errors.js';

type Dims = number[];
type Pairs = [number, number][];
type Values = Float32Array | Float64Array | Uint16Array;

const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16'];

/** The box of `whole` (row-major over `dims`), read element by element: the reference. */
function boxOf(whole: Values, dims: Dims, slice: Pairs): Values {
  const pairs = dims.map((d, i): [number, number] => slice[i] ?? [0, d]);
  const size = pairs.reduce((n, [a, b]) => n * (b - a), 1);
  const out = new (whole.constructor as new (n: number) => Values)(size);
  const index = pairs.map(([a]) => a);
  for (let k = 0; k < size; k++) {
    let flat = 0;
    for (let axis = 0; axis < dims.length; axis++) flat = flat * dims[axis]! + index[axis]!;
    out[k] = whole[flat]!;
    for (let axis = dims.length - 1; axis >= 0; axis--) {
      if (++index[axis]! < pairs[axis]![1]) break;
      index[axis] = pairs[axis]![0];
    }
  }
  return out;
}

/** Shapes of rank minRank..maxRank with dims in [minDim, 700], halved (largest first) until the size is at most maxSize. */
function shapes(minRank: number, maxRank: number, maxSize: number, minDim = 1): fc.Arbitrary<Dims> {
  return fc.array(fc.integer({ min: minDim, max: 700 }), { minLength: minRank, maxLength: maxRank }).map((dims) => {
    const out = [...dims];
    while (out.reduce((n, d) => n * d, 1) > maxSize) {
      const i = out.indexOf(Math.max(...out));
      out[i] = Math.max(minDim, Math.floor(out[i]! / 2));
    }
    return out;
  });
}

/** A random box of `dims`: for each axis a sorted pair in [0, dim] (empty and size-1 pairs included), sometimes fewer pairs than axes. */
function boxes(dims: Dims): fc.Arbitrary<Pairs> {
  const pairs = dims.map((d) =>
    fc.oneof(
      fc
        .tuple(fc.integer({ min: 0, max: d }), fc.integer({ min: 0, max: d }))
        .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a])),
      fc.integer({ min: 0, max: Math.max(0, d - 1) }).map((a): [number, number] => [a, Math.min(d, a + 1)]),
      fc.constant<[number, number]>([0, d]),
    ),
  );
  const kept = fc.oneof(fc.constant(dims.length), fc.integer({ min: 0, max: dims.length }));
  return fc.tuple(fc.tuple(...pairs), kept).map(([all, keep]) => (all as Pairs).slice(0, keep));
}

interface Case {
  make: (seed: number) => Initializer;
  shape: fc.Arbitrary<Dims>;
  dtypes?: readonly DType[];
}

// Element-wise laws: shapes up to 2^18 elements, so boxes cross the 65,536-element blocks.
const BIG = 2 ** 18;
const any = shapes(1, 5, BIG);
const fanShapes = shapes(2, 5, BIG);
const small = (min: number, max: number) => shapes(min, max, 4096);
const last2Sorted = (arb: fc.Arbitrary<Dims>) =>
  arb.map((d) => {
    const [a, b] = [d.at(-2)!, d.at(-1)!];
    return [...d.slice(0, -2), Math.min(a, b), Math.max(a, b)];
  });

/** One case per name of each convention's registry (aliases included), plus the laws a name can reach only with some options. */
const CASES: Record<string, Record<string, Case>> = {
  nninit: {
    zeros: { make: () => nn.zeros(), shape: any },
    ones: { make: () => nn.ones(), shape: any },
    constant: { make: () => nn.constant({ value: 0.3 }), shape: any },
    randomUniform: { make: (seed) => nn.randomUniform({ minval: -2, maxval: 3, seed }), shape: any },
    randomNormal: { make: (seed) => nn.randomNormal({ mean: 1, stddev: 2, seed }), shape: any },
    truncatedNormal: { make: (seed) => nn.truncatedNormal({ mean: -1, stddev: 0.5, seed }), shape: any },
    varianceScaling: {
      make: (seed) => nn.varianceScaling({ scale: 2, mode: 'fan_out', distribution: 'untruncated_normal', seed }),
      shape: any,
    },
    glorotUniform: { make: (seed) => nn.glorotUniform({ seed }), shape: any },
    glorotNormal: { make: (seed) => nn.glorotNormal({ seed }), shape: any },
    heUniform: { make: (seed) => nn.heUniform({ seed }), shape: any },
    heNormal: { make: (seed) => nn.heNormal({ seed }), shape: any },
    lecunUniform: { make: (seed) => nn.lecunUniform({ seed }), shape: any },
    lecunNormal: { make: (seed) => nn.lecunNormal({ seed }), shape: any },
    orthogonal: { make: (seed) => nn.orthogonal({ gain: 2, seed }), shape: small(2, 4) },
    identity: { make: () => nn.identity({ gain: 0.5 }), shape: shapes(2, 2, BIG) },
    xavierUniform: { make: (seed) => nn.xavierUniform({ seed }), shape: any },
    xavierNormal: { make: (seed) => nn.xavierNormal({ seed }), shape: any },
    kaimingUniform: { make: (seed) => nn.kaimingUniform({ seed }), shape: any },
    kaimingNormal: { make: (seed) => nn.kaimingNormal({ seed }), shape: any },
  },
  torch: {
    uniform: { make: (seed) => torch.uniform({ a: -1, b: 2, seed }), shape: any },
    normal: { make: (seed) => torch.normal({ mean: 1, std: 2, seed }), shape: any },
    truncNormal: { make: (seed) => torch.truncNormal({ seed }), shape: any },
    'truncNormal (uniform proposals)': {
      make: (seed) => torch.truncNormal({ a: 3, b: 4, seed }),
      shape: any,
      dtypes: ['float32', 'float64'], // the 16-bit types are refused for this law
    },
    constant: { make: () => torch.constant({ val: -0.7 }), shape: any },
    ones: { make: () => torch.ones(), shape: any },
    zeros: { make: () => torch.zeros(), shape: any },
    eye: { make: () => torch.eye(), shape: shapes(2, 2, BIG) },
    dirac: {
      make: () => torch.dirac({ groups: 2 }),
      shape: shapes(3, 5, BIG).map(([out, ...rest]) => [2 * Math.ceil(out! / 2), ...rest]),
    },
    xavierUniform: { make: (seed) => torch.xavierUniform({ gain: 2, seed }), shape: fanShapes },
    xavierNormal: { make: (seed) => torch.xavierNormal({ seed }), shape: fanShapes },
    kaimingUniform: { make: (seed) => torch.kaimingUniform({ seed }), shape: fanShapes },
    kaimingNormal: { make: (seed) => torch.kaimingNormal({ mode: 'fan_out', seed }), shape: fanShapes },
    orthogonal: { make: (seed) => torch.orthogonal({ seed }), shape: small(2, 4) },
    sparse: { make: (seed) => torch.sparse({ sparsity: 0.3, seed }), shape: shapes(2, 2, 2 ** 16) },
    defaultWeight: { make: (seed) => torch.defaultWeight({ seed }), shape: fanShapes },
    defaultBias: { make: (seed) => torch.defaultBias({ fanIn: 30, seed }), shape: any },
  },
  jax: {
    zeros: { make: () => jax.zeros(), shape: any },
    ones: { make: () => jax.ones(), shape: any },
    constant: { make: () => jax.constant(0.25), shape: any },
    uniform: { make: (seed) => jax.uniform(0.5, { seed }), shape: any },
    normal: { make: (seed) => jax.normal(0.02, { seed }), shape: any },
    truncatedNormal: { make: (seed) => jax.truncatedNormal(1, -1, 3, { seed }), shape: any },
    'truncatedNormal (uniform proposals)': {
      make: (seed) => jax.truncatedNormal(1, 3, 4, { seed }),
      shape: any,
      dtypes: ['float32', 'float64'],
    },
    varianceScaling: { make: (seed) => jax.varianceScaling(2, 'fan_geo_avg', 'normal', { seed }), shape: fanShapes },
    glorotUniform: { make: (seed) => jax.glorotUniform({ seed }), shape: fanShapes },
    glorotNormal: { make: (seed) => jax.glorotNormal({ seed }), shape: fanShapes },
    heUniform: { make: (seed) => jax.heUniform({ seed }), shape: fanShapes },
    heNormal: { make: (seed) => jax.heNormal({ seed }), shape: fanShapes },
    lecunUniform: { make: (seed) => jax.lecunUniform({ seed }), shape: fanShapes },
    lecunNormal: { make: (seed) => jax.lecunNormal({ seed }), shape: fanShapes },
    orthogonal: { make: (seed) => jax.orthogonal(1.5, 0, { seed }), shape: small(2, 4) },
    deltaOrthogonal: { make: (seed) => jax.deltaOrthogonal(1, -1, { seed }), shape: last2Sorted(small(3, 5)) },
    xavierUniform: { make: (seed) => jax.xavierUniform({ seed }), shape: fanShapes },
    xavierNormal: { make: (seed) => jax.xavierNormal({ seed }), shape: fanShapes },
    kaimingUniform: { make: (seed) => jax.kaimingUniform({ seed }), shape: fanShapes },
    kaimingNormal: { make: (seed) => jax.kaimingNormal({ seed }), shape: fanShapes },
  },
};

describe('the cases cover every registry name', () => {
  it.each([
    ['nninit', KERAS],
    ['torch', TORCH],
    ['jax', JAX],
  ] as const)('%s', (convention, registry) => {
    const named = Object.keys(CASES[convention]!).filter((name) => !name.includes(' '));
    expect(named.sort()).toEqual(Object.keys(registry).sort());
  });
});

const ALL = Object.entries(CASES).flatMap(([convention, cases]) =>
  Object.entries(cases).map(([name, c], i) => [`${convention}.${name}`, c, i] as const),
);

describe.each(ALL)('%s: every box equals the same box of the whole tensor', (_, { make, shape, dtypes }, i) => {
  it('sample, fill and sampleAsync, random shapes, boxes and dtypes', async () => {
    const arbitrary = shape.chain((dims) =>
      fc.tuple(fc.constant(dims), boxes(dims), fc.constantFrom(...(dtypes ?? DTYPES)), fc.nat(2 ** 31)),
    );
    await fc.assert(
      fc.asyncProperty(arbitrary, async ([dims, slice, dtype, seed]) => {
        const whole = make(seed).sample(dims, { dtype }) as Values;
        const expected = boxOf(whole, dims, slice);
        const sampled = make(seed).sample(dims, { slice, dtype }) as Values;
        expect(sampled.constructor).toBe(whole.constructor);
        expect(sameBits(sampled, expected)).toBe(true);
        const out = new (whole.constructor as new (n: number) => Values)(expected.length);
        expect(sameBits(make(seed).fill(out, dims, { slice, dtype }), expected)).toBe(true);
        const async = (await make(seed).sampleAsync(dims, { slice, dtype })) as Values;
        expect(sameBits(async, expected)).toBe(true);
      }),
      { seed: 1000 + i, numRuns: 12 },
    );
  });
});

describe('chosen boxes', () => {
  const init = () => nn.truncatedNormal({ seed: 5 });
  const check = (dims: Dims, slice: Pairs, dtype: DType = 'float32') => {
    const whole = init().sample(dims, { dtype }) as Values;
    const box = init().sample(dims, { slice, dtype }) as Values;
    expect(box.length).toBe(boxOf(whole, dims, slice).length);
    expect(sameBits(box, boxOf(whole, dims, slice))).toBe(true);
    return box;
  };

  it('boxes whose runs cross block boundaries (2,048 elements for this truncated normal, 65,536 for the uniform laws), and runs that share a block', () => {
    check(
      [3, 65_541],
      [
        [0, 3],
        [65_530, 65_539],
      ],
    );
    check(
      [5, 40_000],
      [
        [1, 5],
        [39_000, 40_000],
      ],
    );
    check(
      [4, 3, 20_000],
      [
        [1, 4],
        [0, 3],
        [7, 19_993],
      ],
    );
    check(
      [64, 4096],
      [
        [0, 64],
        [1, 4095],
      ],
    );
    for (const dtype of DTYPES)
      check(
        [9, 30_000],
        [
          [2, 9],
          [29_990, 30_000],
        ],
        dtype,
      );
  });

  it('size-1 and empty boxes, whole boxes, omitted axes, scalars', () => {
    expect(
      check(
        [7, 11, 13],
        [
          [3, 4],
          [10, 11],
          [0, 1],
        ],
      ),
    ).toHaveLength(1);
    expect(check([7, 11, 13], [[3, 3]])).toHaveLength(0);
    expect(
      check(
        [7, 11, 13],
        [
          [0, 7],
          [0, 11],
          [5, 5],
        ],
      ),
    ).toHaveLength(0);
    expect(sameBits(init().sample([7, 11, 13], { slice: [] }), init().sample([7, 11, 13]))).toBe(true);
    expect(check([7, 11, 13], [[2, 5]])).toHaveLength(3 * 11 * 13);
    expect(
      check(
        [0, 4],
        [
          [0, 0],
          [1, 3],
        ],
      ),
    ).toHaveLength(0);
    expect(sameBits(init().sample([], { slice: [] }), init().sample([]))).toBe(true);
  });

  it('fill writes only `out`, into a subarray', () => {
    const dims = [40, 3000];
    const slice: Pairs = [
      [5, 35],
      [100, 2900],
    ];
    const backing = new Float32Array(30 * 2800 + 2).fill(-9);
    const out = backing.subarray(1, 30 * 2800 + 1);
    expect(init().fill(out, dims, { slice })).toBe(out);
    expect(sameBits(out, boxOf(init().sample(dims), dims, slice))).toBe(true);
    expect([backing[0], backing.at(-1)]).toEqual([-9, -9]);
  });

  it('sampleInWasm takes a slice too', () => {
    const dims = [300, 500];
    const slice: Pairs = [
      [10, 290],
      [7, 400],
    ];
    using tensor = init().sampleInWasm(dims, { slice, dtype: 'bfloat16' });
    expect(sameBits(tensor.array, boxOf(init().sample(dims, { dtype: 'bfloat16' }), dims, slice))).toBe(true);
  });

  it('a SeedGenerator advances once per call with a slice, as without', () => {
    const gen = () => nn.randomNormal({ seed: new nn.SeedGenerator(3) });
    const a = gen();
    a.sample([10, 10]);
    const second = a.sample([100, 100], {
      slice: [
        [5, 50],
        [3, 9],
      ],
    });
    const b = gen();
    b.sample([10, 10]);
    expect(
      sameBits(
        second,
        boxOf(
          b.sample([100, 100]),
          [100, 100],
          [
            [5, 50],
            [3, 9],
          ],
        ),
      ),
    ).toBe(true);
  });
});

describe('shardOf', () => {
  it('splits an axis as numpy.array_split does: the first size % count shards one larger', () => {
    expect([0, 1, 2, 3].map((index) => nn.shardOf([10, 3], { axis: 0, index, count: 4 }))).toEqual([
      [
        [0, 3],
        [0, 3],
      ],
      [
        [3, 6],
        [0, 3],
      ],
      [
        [6, 8],
        [0, 3],
      ],
      [
        [8, 10],
        [0, 3],
      ],
    ]);
    expect(nn.shardOf('4096x16384', { axis: -1, index: 7, count: 8 })).toEqual([
      [0, 4096],
      [14_336, 16_384],
    ]);
    expect(nn.shardOf([2, 3], { axis: 1, index: 4, count: 5 })).toEqual([
      [0, 2],
      [3, 3],
    ]);
  });

  it('the shards of any split tile the tensor, and their boxes concatenate to it along the axis', () => {
    fc.assert(
      fc.property(shapes(1, 4, 5000, 0), fc.integer({ min: 1, max: 9 }), fc.nat(), (dims, count, pick) => {
        const axis = pick % dims.length;
        const parts = Array.from({ length: count }, (_, index) => nn.shardOf(dims, { axis, index, count }));
        const sizes = parts.map((p) => p[axis]![1] - p[axis]![0]);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(dims[axis]);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        parts.forEach((p, k) => {
          expect(p[axis]![0]).toBe(k === 0 ? 0 : parts[k - 1]![axis]![1]);
          p.forEach(([a, b], d) => d !== axis && expect([a, b]).toEqual([0, dims[d]]));
        });
        // Row-parallel (axis 0): the shards' values, one after the other, are the whole tensor.
        if (axis === 0) {
          const init = nn.glorotNormal({ seed: 8 });
          const joined = parts.flatMap((slice) => Array.from(init.sample(dims, { slice })));
          expect(sameBits(Float32Array.from(joined), init.sample(dims))).toBe(true);
        }
      }),
      { seed: 7, numRuns: 60 },
    );
  });

  it('rejects bad options with the option and value named', () => {
    expectError(
      () => nn.shardOf([4, 4], bad(undefined)),
      TypeError,
      /shardOf: `axis` must be an integer; got undefined/,
    );
    expectError(() => nn.shardOf([4, 4], { axis: 2, index: 0, count: 1 }), RangeError, /`axis`.*\[-2, 2\); got 2/);
    expectError(() => nn.shardOf([4, 4], { axis: 0, index: 0, count: 0 }), RangeError, /`count`.*positive.*got 0/);
    expectError(() => nn.shardOf([4, 4], { axis: 0, index: 3, count: 3 }), RangeError, /`index`.*\[0, 3\).*got 3/);
    expectError(() => nn.shardOf([4, 4], { axis: 0, index: 0.5, count: 3 }), RangeError, /`index`.*got 0.5/);
    expectError(() => nn.shardOf([4, 4], { axis: bad('0'), index: 0, count: 3 }), TypeError, /`axis`.*got "0"/);
    expectError(
      () => nn.shardOf([4, 4], bad({ axis: 0, index: 0, count: 2, dim: 1 })),
      TypeError,
      /unknown option `dim`/,
    );
    expectError(() => nn.shardOf([4, -4], { axis: 0, index: 0, count: 2 }), RangeError, /shape\[1\]/);
  });
});

describe('bad slices: a RangeError naming the axis and the values (a TypeError for wrong types), nothing written', () => {
  const init = nn.randomNormal({ seed: 1 });
  const dims = [4, 6, 8];
  const out = new Float32Array(24);

  it.each<[string, unknown, typeof RangeError | typeof TypeError, RegExp]>([
    [
      'out of range',
      [
        [0, 2],
        [0, 7],
      ],
      RangeError,
      /`slice\[1\]` \(axis 1 of shape \[4, 6, 8\]\).*\[0, 6\]; got \[0, 7\]/,
    ],
    ['start > end', [[3, 1]], RangeError, /`slice\[0\]` \(axis 0\) must have start ≤ end; got \[3, 1\]/],
    [
      'wrong rank',
      [
        [0, 1],
        [0, 1],
        [0, 1],
        [0, 1],
      ],
      RangeError,
      /`slice` has 4 .* pairs, but shape \[4, 6, 8\] has rank 3/,
    ],
    [
      'a non-integer',
      [[0, 1.5]],
      RangeError,
      /`slice\[0\]` must be a pair of non-negative integers for axis 0; got \[0, 1.5\]/,
    ],
    [
      'a negative start',
      [
        [0, 2],
        [-1, 3],
      ],
      RangeError,
      /`slice\[1\]`.*non-negative.*got \[-1, 3\]/,
    ],
    ['NaN', [[NaN, 2]], RangeError, /`slice\[0\]`.*got \[NaN, 2\]/],
    ['not an array', '0:2', TypeError, /`slice` must be an array of \[start, end\] pairs, one per axis; got "0:2"/],
    ['not a pair', [[0, 1, 2]], TypeError, /`slice\[0\]` must be a \[start, end\] pair for axis 0; got \[0, 1, 2\]/],
    ['a string bound', [[0, '2']], TypeError, /`slice\[0\]` must be a pair of integers for axis 0; got \[0, "2"\]/],
    ['a bigint bound', [[0n, 2n]], TypeError, /`slice\[0\]`.*integers.*got \[0n, 2n\]/],
  ])('%s', (_, slice, cls, pattern) => {
    expectError(() => init.sample(dims, { slice: bad(slice) }), cls, pattern);
    expectNothingWritten(out, () => init.fill(out, dims, { slice: bad(slice) }), cls, pattern);
  });

  it('with start or end, and an out.length that is not the box size', async () => {
    expectError(() => init.sample(dims, { slice: [[0, 1]], start: 0 }), TypeError, /`slice` cannot be combined/);
    expectError(() => init.sample(dims, { slice: [[0, 1]], end: 4 }), TypeError, /`slice` cannot be combined/);
    expectNothingWritten(
      out,
      () => init.fill(out, dims, { slice: [[0, 1]], start: 0 }),
      TypeError,
      /cannot be combined/,
    );
    expectNothingWritten(
      out,
      () =>
        init.fill(out, dims, {
          slice: [
            [0, 1],
            [0, 2],
          ],
        }),
      RangeError,
      /`out.length` must equal the size of the slice \[\[0, 1\], \[0, 2\], \[0, 8\]\] \(16\); got 24/,
    );
    await expect(init.sampleAsync(dims, { slice: bad([[0, 9]]) })).rejects.toThrow(/axis 0 of shape/);
    await expect(init.fillAsync(out, dims, { slice: bad('x') })).rejects.toBeInstanceOf(TypeError);
    expect(Array.from(out)).toEqual(new Array(24).fill(0));
  });

  it('a non-element-wise law whose whole tensor is too large for one computation', () => {
    const huge = [2 ** 15, 2 ** 14]; // 2^29 elements: sparse computes its whole tensor for any slice
    expectNothingWritten(
      out,
      () =>
        torch.sparse({ sparsity: 0.5, seed: 1 }).fill(out, huge, {
          slice: [
            [0, 3],
            [0, 8],
          ],
        }),
      RangeError,
      /`slice` of this initializer computes its whole tensor once .* shape \[32768, 16384\] has 536870912 elements, more than 268435456/,
    );
    // Identity computes each run directly, whatever the shape.
    const eye = torch.eye().sample([2 ** 20, 2 ** 20], {
      slice: [
        [5, 8],
        [4, 9],
      ],
    });
    expect(Array.from(eye)).toEqual([0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0]);
  });
});
