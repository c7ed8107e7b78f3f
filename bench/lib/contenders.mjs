// Contenders: nninit's three forms, the pure-JS baselines (bench/baselines.mjs) and the field
// (bench/field.mjs: tfjs, stdlib, pure-rand). `make(law, ctx)` returns the timed body
// `() => number` (one value read from the output, fed to a sink) or null where the contender has
// no such law ("—" in the tables). `values(law, ctx)` produces an output for the sanity check.
// ctx = { n, shape, params, out }.

import * as js from '../baselines.mjs';
import * as field from '../field.mjs';
import { TSF } from './laws.mjs';
import { SEED } from './package.mjs';

const BASELINE_FN = {
  uniform: js.mathRandomUniform,
  normal: js.mathRandomNormal,
  truncatedNormal: js.mathRandomTruncatedNormal,
};
const XOSHIRO_FN = { uniform: js.xoshiroUniform, normal: js.xoshiroNormal, truncatedNormal: js.xoshiroTruncatedNormal };
const PURE_RAND_FN = {
  uniform: field.pureRandUniform,
  normal: field.pureRandNormal,
  truncatedNormal: field.pureRandTruncatedNormal,
};

/** Loaded on first use (only if a case that needs it is selected). */
let fieldLib = null;
/** Per-law generator state of the field libraries, created once (their streams then advance). */
const fieldState = new Map();

/** The field libraries (tfjs, stdlib, pure-rand), or null when no selected case needs them. */
export const fieldLibrary = () => fieldLib;

/** Loads the field libraries; returns their installed versions. */
export async function loadFieldLibrary() {
  fieldLib = await field.loadField();
  return fieldLib.versions;
}

function fieldFor(law) {
  if (!fieldState.has(law.key)) {
    fieldState.set(law.key, {
      stdlibUniform: fieldLib.stdlibUniform.factory({ seed: SEED }),
      stdlibNormal: fieldLib.stdlibNormal.factory({ seed: SEED }),
      pureRand: fieldLib.pureRand.xoroshiro128plus(SEED),
      tfUniform: fieldLib.tf.initializers.glorotUniform({ seed: SEED }),
      tfHe: fieldLib.tf.initializers.heNormal({ seed: SEED }),
    });
  }
  return fieldState.get(law.key);
}

/** A contender that writes into the preallocated `ctx.out`. */
const intoOut = (write) => ({
  make: (law, ctx) => {
    const w = write(law, ctx);
    if (!w) return null;
    const { out, n } = ctx;
    return () => {
      w(out);
      return out[0] + out[n - 1];
    };
  },
  values: (law, ctx) => {
    const w = write(law, ctx);
    w(ctx.out);
    return ctx.out;
  },
});

/** tfjs's sample of a law (tensor factory), or null. */
function tfMaker(law, ctx) {
  const { tf } = fieldLib;
  const { shape, params: p } = ctx;
  const s = fieldFor(law);
  if (law.key === 'glorotUniform') return () => s.tfUniform.apply(shape, 'float32');
  if (law.key === 'heNormal') return () => s.tfHe.apply(shape, 'float32');
  if (law.kind === 'uniform') return () => tf.randomUniform(shape, p.minval, p.maxval, 'float32', SEED);
  if (law.kind === 'normal') return () => tf.randomNormal(shape, p.mean, p.stddev, 'float32', SEED);
  return () => tf.truncatedNormal(shape, p.mean, p.stddev, 'float32', SEED);
}

export const CONTENDERS = [
  {
    key: 'fill',
    label: 'nninit fill()',
    family: 'nninit',
    ...intoOut((law, ctx) => (out) => law.initializer.fill(out, ctx.shape)),
  },
  {
    key: 'zeroCopy',
    label: 'nninit sampleInWasm()',
    family: 'nninit',
    make:
      (law, { shape, n }) =>
      () => {
        const tensor = law.initializer.sampleInWasm(shape);
        const value = tensor.array[n - 1];
        tensor.dispose();
        return value;
      },
    values: (law, { shape }) => {
      const tensor = law.initializer.sampleInWasm(shape);
      const copy = tensor.toArray();
      tensor.dispose();
      return copy;
    },
  },
  {
    key: 'sample',
    label: 'nninit sample()',
    family: 'nninit',
    make:
      (law, { shape, n }) =>
      () => {
        const array = law.initializer.sample(shape);
        return array[0] + array[n - 1];
      },
    values: (law, { shape }) => law.initializer.sample(shape),
  },
  {
    key: 'baseline',
    label: 'JS Math.random (baseline)',
    family: 'js',
    ...intoOut((law, ctx) => (out) => BASELINE_FN[law.kind](out, ctx.params)),
  },
  {
    key: 'xoshiro',
    label: 'JS xoshiro128**',
    family: 'js',
    ...intoOut((law, ctx) => (out) => XOSHIRO_FN[law.kind](out, ctx.params)),
  },
  {
    key: 'tfjs',
    label: 'tfjs (CPU)',
    family: 'field',
    make: (law, ctx) => {
      const make = tfMaker(law, ctx);
      return () => field.tfConsume(fieldLib.tf, make);
    },
    values: (law, ctx) => Float32Array.from(field.tfValues(fieldLib.tf, tfMaker(law, ctx))),
    // tfjs-layers' He normal leaves out the truncation correction: σ = √(2 / fan_in) before cutting.
    expectScale: (law) => (law.key === 'heNormal' ? TSF : 1),
  },
  {
    key: 'stdlib',
    label: 'stdlib',
    family: 'field',
    presets: false,
    ...intoOut((law, ctx) => {
      const s = fieldFor(law);
      const p = ctx.params;
      if (law.kind === 'uniform') return (out) => s.stdlibUniform.assign(p.minval, p.maxval, out);
      if (law.kind === 'normal') return (out) => s.stdlibNormal.assign(p.mean, p.stddev, out);
      return null; // stdlib has no truncated normal
    }),
  },
  {
    key: 'pureRand',
    label: 'pure-rand',
    family: 'field',
    presets: false,
    ...intoOut((law, ctx) => {
      const rng = fieldFor(law).pureRand;
      const f = PURE_RAND_FN[law.kind];
      return (out) => f(fieldLib.pureRand, rng, out, ctx.params);
    }),
  },
];

/** The contenders that draw `law` (stdlib and pure-rand have no presets). */
export const contendersOf = (law) => CONTENDERS.filter((c) => !law.preset || c.presets !== false);
export const singleId = (law, c, e) => `single/${law.key}/${c.key}/2^${e}`;
/** Whether a selected case needs the field libraries. */
export const needsField = (ids) => ids.some((id) => /\/(tfjs|stdlib|pureRand)\//.test(id));
