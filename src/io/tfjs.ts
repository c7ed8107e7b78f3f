// The tfjs adapter behind 'nninit/tfjs': drop-in TensorFlow.js initializers backed by nninit.
//
// Every class extends tfjs-layers' own `Initializer` base class, so it works as a
// kernelInitializer, recurrentInitializer or biasInitializer of any `tf.layers.*` layer, and is
// registered with `tf.serialization` under its Keras class name, so `model.toJSON()` →
// `tf.models.modelFromJSON()` round-trips. Registering under Keras's names deliberately replaces
// tfjs's own classes of the same names (Zeros, RandomUniform, VarianceScaling, …) in tfjs's
// registry: once this module is imported, any model.json that tfjs or Keras wrote is loaded with
// nninit initializers (Keras semantics: corrected truncated normals, `0` honoured as a value).
// Only this subpath touches tfjs; the main entry ('nninit') never loads it.

import { cast, serialization, tensor, type DataType, type Tensor } from '@tensorflow/tfjs-core';
import { initializers as tfInitializers } from '@tensorflow/tfjs-layers';
import type { Initializer as TfInitializer } from '@tensorflow/tfjs-layers/dist/initializers.js';
import { kerasFactory, type KerasName } from '../conventions/catalogue.js';
import { KERAS, type KerasEntry } from '../conventions/registry.js';
import type { Initializer } from '../core/initializer.js';
import type { SeedGenerator, SeedGeneratorJSON } from '../core/seed.js';
import { show } from '../laws/errors.js';

// tfjs-layers does not export its `Initializer` base class; every built-in initializer extends
// it directly, so it is the parent class of `Zeros`. Taking it from a live instance keeps us on
// the very module instance the application's tfjs uses (its `instanceof` checks depend on it).
const Base = Object.getPrototypeOf(Object.getPrototypeOf(tfInitializers.zeros()).constructor) as typeof TfInitializer;
if (typeof Base !== 'function' || typeof Base.prototype.getConfig !== 'function') {
  throw new Error('nninit/tfjs: could not find the Initializer base class of @tensorflow/tfjs-layers');
}

/** A seed as tfjs configs hold it: a JSON number (integers 0 … 2^53 − 1); a SeedGenerator is accepted but not serialized. */
export type TfjsSeed = number | bigint | string | SeedGenerator | SeedGeneratorJSON | null;

export interface SeedArgs {
  seed?: TfjsSeed;
}
export interface AxesArgs {
  /** Keras 3 `input_axes` (with `outputAxes`): explicit fan axes. */
  inputAxes?: readonly number[] | null;
  /** Keras 3 `output_axes` (with `inputAxes`). */
  outputAxes?: readonly number[] | null;
}
export interface ConstantArgs {
  value?: number;
}
export interface RandomUniformArgs extends SeedArgs {
  minval?: number;
  maxval?: number;
}
export interface RandomNormalArgs extends SeedArgs {
  mean?: number;
  stddev?: number;
}
export interface VarianceScalingArgs extends SeedArgs, AxesArgs {
  scale?: number;
  /** `fanIn`, `fanOut`, `fanAvg` (tfjs) or `fan_in`, `fan_out`, `fan_avg` (Keras). */
  mode?: string;
  /** `truncatedNormal`, `untruncatedNormal`, `uniform`, `normal` (= truncated, as Keras), or the snake_case forms. */
  distribution?: string;
}
export interface PresetArgs extends SeedArgs, AxesArgs {}
export interface GainArgs extends SeedArgs {
  gain?: number;
}

/** A tfjs initializer backed by nninit. */
export interface NninitTfjsInitializer extends TfInitializer {
  /** The nninit initializer that produces the values (its `distribution(shape)` gives the target std). */
  readonly initializer: Initializer;
  apply(shape: readonly (number | null)[], dtype?: DataType): Tensor;
}

/** The constructor of a tfjs initializer class backed by nninit. */
export interface NninitTfjsInitializerClass<Args> {
  new (args?: Args): NninitTfjsInitializer;
  /** The name it is registered and serialized under (Keras's class name). */
  readonly className: string;
  fromConfig: typeof serialization.Serializable.fromConfig;
}

type Factory = (options: Record<string, unknown>) => Initializer;

/**
 * Config keys that mean nothing here and are dropped silently: what tfjs's deserializer adds to
 * every config, and what Keras 2 / TF 1.x write into initializer configs (the values' dtype, which
 * the layer passes to `apply`; TF 1.x Constant's verify_shape). tfjs ignores them too.
 */
const IGNORED_KEYS = new Set(['customObjects', 'dtype', 'verifyShape']);

/** `className.key` of the unknown keys already warned about: each is warned about once. */
const warned = new Set<string>();

function seedOf(className: string, value: unknown): unknown {
  const integer =
    typeof value === 'bigint' ? value : typeof value === 'string' && /^[0-9]+$/.test(value) ? BigInt(value) : 0n;
  if (integer > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(
      `nninit/tfjs ${className}: \`seed\` must be at most 2^53 − 1 (tfjs configs hold seeds as JSON numbers); got ${show(value)}`,
    );
  }
  return value;
}

/** tfjs args or a deserialized config → nninit factory options. */
function optionsOf(className: string, entry: KerasEntry, args: unknown): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (typeof args !== 'object' || Array.isArray(args)) {
    throw new TypeError(`nninit/tfjs ${className}: \`args\` must be an object of config keys; got ${show(args)}`);
  }
  const known = [...entry.keys, ...(entry.axes ? ['inputAxes', 'outputAxes', 'inAxes', 'outAxes'] : [])];
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args as Record<string, unknown>)) {
    if (IGNORED_KEYS.has(key)) continue;
    if (!known.includes(key)) {
      // tfjs ignores keys it does not know, so a model file that loads without nninit must load with it.
      if (!warned.has(`${className}.${key}`)) {
        warned.add(`${className}.${key}`);
        const valid = known.length > 0 ? `valid keys are ${known.join(', ')}` : 'it takes none';
        console.warn(`nninit/tfjs ${className}: ignoring unknown config key \`${key}\`, as tfjs does; ${valid}`);
      }
      continue;
    }
    if (value === undefined || value === null) continue;
    if (key === 'inputAxes') options.inAxes = value;
    else if (key === 'outputAxes') options.outAxes = value;
    else if (key === 'seed') options.seed = seedOf(className, value);
    else options[key] = value;
  }
  return options;
}

/** tfjs holds Keras's snake_case option values in camelCase: `fan_in` → `fanIn`, `truncated_normal` → `truncatedNormal`. */
const camelCase = (value: string): string => value.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** nninit's resolved config → a tfjs ConfigDict (camelCase keys and values; toJSON snake-cases both). */
function configOf(entry: KerasEntry, config: Readonly<Record<string, unknown>>): serialization.ConfigDict {
  const out: serialization.ConfigDict = {};
  for (const key of entry.keys) {
    const value = config[key];
    if (key === 'seed') {
      // A SeedGenerator (its JSON form here) has no tfjs form: tfjs seeds are numbers.
      out.seed = typeof value === 'number' ? value : null;
    } else if (typeof value === 'string') {
      out[key] = camelCase(value);
    } else {
      out[key] = (value ?? null) as serialization.ConfigDictValue;
    }
  }
  if (entry.axes && Array.isArray(config.inAxes) && Array.isArray(config.outAxes)) {
    out.inputAxes = [...(config.inAxes as number[])];
    out.outputAxes = [...(config.outAxes as number[])];
  }
  return out;
}

function define<Args>(entry: KerasEntry, factory: Factory): NninitTfjsInitializerClass<Args> {
  const className = entry.className;
  class NninitInitializer extends Base {
    /** @nocollapse */
    static className = className;
    readonly initializer: Initializer;

    constructor(args?: Args) {
      super();
      this.initializer = factory(optionsOf(className, entry, args));
    }

    apply(shape: readonly (number | null)[], dtype?: DataType): Tensor {
      if (!Array.isArray(shape)) {
        throw new TypeError(
          `nninit/tfjs ${className}.apply: \`shape\` must be an array of numbers; got ${show(shape)}`,
        );
      }
      const dims = shape.map((d, i) => {
        if (typeof d !== 'number') {
          throw new TypeError(`nninit/tfjs ${className}.apply: \`shape[${i}]\` must be a number; got ${show(d)}`);
        }
        return d;
      });
      const values = tensor(this.initializer.sample(dims), dims, 'float32');
      if (dtype === undefined || dtype === 'float32') return values;
      const converted = cast(values, dtype);
      values.dispose();
      return converted;
    }

    override getConfig(): serialization.ConfigDict {
      return configOf(entry, this.initializer.config);
    }

    override getClassName(): string {
      return className;
    }

    /**
     * What JSON.stringify writes. tfjs never stringifies an initializer it recognizes, but prints
     * one in "Improper config format" when the layer belongs to another copy of tfjs-layers than
     * the one this class extends (two copies installed): then this says so.
     */
    toJSON(): Record<string, unknown> {
      return {
        nninitTfjsInitializer: className,
        tfjsConfig: this.getConfig(),
        note: `if tfjs calls this an improper config, the layer comes from another copy of @tensorflow/tfjs-layers than the one nninit/tfjs extends: install a single copy (npm ls @tensorflow/tfjs-layers)`,
      };
    }
  }
  Object.defineProperty(NninitInitializer, 'name', { value: className });
  serialization.registerClass(NninitInitializer);
  for (const alias of entry.aliases.filter((name) => /^[A-Z]/.test(name))) {
    // A subclass per alias: tfjs keys its registry by the static className. It serializes under
    // the canonical name.
    const Alias = class extends NninitInitializer {
      static override className = alias;
    };
    serialization.registerClass(Alias);
  }
  return NninitInitializer as unknown as NninitTfjsInitializerClass<Args>;
}

const classes: Record<string, NninitTfjsInitializerClass<never>> = {};
for (const name of Object.keys(KERAS) as KerasName[]) {
  const entry = KERAS[name];
  if (entry.sameAs === undefined) classes[entry.className] = define(entry, kerasFactory(name));
}

function classOf<Args>(className: string): NninitTfjsInitializerClass<Args> {
  return classes[className] as unknown as NninitTfjsInitializerClass<Args>;
}

export const Zeros = classOf<Record<string, never>>('Zeros');
export const Ones = classOf<Record<string, never>>('Ones');
export const Constant = classOf<ConstantArgs>('Constant');
export const RandomUniform = classOf<RandomUniformArgs>('RandomUniform');
export const RandomNormal = classOf<RandomNormalArgs>('RandomNormal');
export const TruncatedNormal = classOf<RandomNormalArgs>('TruncatedNormal');
export const VarianceScaling = classOf<VarianceScalingArgs>('VarianceScaling');
export const GlorotUniform = classOf<PresetArgs>('GlorotUniform');
export const GlorotNormal = classOf<PresetArgs>('GlorotNormal');
export const HeUniform = classOf<PresetArgs>('HeUniform');
export const HeNormal = classOf<PresetArgs>('HeNormal');
export const LecunUniform = classOf<PresetArgs>('LecunUniform');
export const LecunNormal = classOf<PresetArgs>('LecunNormal');
/** Keras `Orthogonal` ({gain, seed}). */
export const Orthogonal = classOf<GainArgs>('Orthogonal');
/** Keras `Identity` ({gain}). */
export const Identity = classOf<{ gain?: number }>('Identity');

/** Every class defined in this build, keyed by the Keras class name it is registered under. */
export const initializerClasses: Readonly<Record<string, NninitTfjsInitializerClass<never>>> = Object.freeze({
  ...classes,
});

function maker<Args>(cls: NninitTfjsInitializerClass<Args>) {
  return (args?: Args): NninitTfjsInitializer => new cls(args);
}

/**
 * tfjs-style factories, under tfjs's names (`tf.initializers.*`), plus Keras's LeCun spelling:
 * `import { initializers } from 'nninit/tfjs'` and keep the call sites.
 */
export const initializers = {
  zeros: maker(Zeros),
  ones: maker(Ones),
  constant: maker(Constant),
  randomUniform: maker(RandomUniform),
  randomNormal: maker(RandomNormal),
  truncatedNormal: maker(TruncatedNormal),
  varianceScaling: maker(VarianceScaling),
  glorotUniform: maker(GlorotUniform),
  glorotNormal: maker(GlorotNormal),
  heUniform: maker(HeUniform),
  heNormal: maker(HeNormal),
  leCunUniform: maker(LecunUniform),
  leCunNormal: maker(LecunNormal),
  lecunUniform: maker(LecunUniform),
  lecunNormal: maker(LecunNormal),
  orthogonal: maker(Orthogonal),
  identity: maker(Identity),
};
