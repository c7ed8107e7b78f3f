// nninit/tfjs: drop-in TensorFlow.js initializers backed by nninit's kernels.
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
import * as nninit from './index.js';
import { show } from './errors.js';

// tfjs-layers does not export its `Initializer` base class; every built-in initializer extends
// it directly, so it is the parent class of `Zeros`. Taking it from a live instance keeps us on
// the very module instance the application's tfjs uses (its `instanceof` checks depend on it).
const Base = Object.getPrototypeOf(Object.getPrototypeOf(tfInitializers.zeros()).constructor) as typeof TfInitializer;
if (typeof Base !== 'function' || typeof Base.prototype.getConfig !== 'function') {
  throw new Error('nninit/tfjs: could not find the Initializer base class of @tensorflow/tfjs-layers');
}

/** A seed as tfjs configs hold it: a JSON number (integers 0 … 2^53 − 1); a SeedGenerator is accepted but not serialized. */
export type TfjsSeed = number | bigint | nninit.SeedGenerator | null;

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
  readonly initializer: nninit.Initializer;
  apply(shape: readonly (number | null)[], dtype?: DataType): Tensor;
}

/** The constructor of a tfjs initializer class backed by nninit. */
export interface NninitTfjsInitializerClass<Args> {
  new (args?: Args): NninitTfjsInitializer;
  /** The name it is registered and serialized under (Keras's class name). */
  readonly className: string;
  fromConfig: typeof serialization.Serializable.fromConfig;
}

interface Entry {
  /** The nninit factory that builds it (looked up at runtime, so initializers added later slot in). */
  readonly factory: string;
  /** Its config keys, in Keras's order (camelCase, as tfjs holds them in memory). */
  readonly keys: readonly string[];
  /** Whether it takes Keras 3's `input_axes` / `output_axes`. */
  readonly axes?: boolean;
  /** Other names to register it under, so configs that spell it another way load too. */
  readonly aliases?: readonly string[];
}

/**
 * The catalogue, keyed by Keras class name. One line per initializer: an entry whose nninit
 * factory does not exist in this build is skipped, and its class is undefined.
 */
const CATALOGUE: Readonly<Record<string, Entry>> = {
  Zeros: { factory: 'zeros', keys: [] },
  Ones: { factory: 'ones', keys: [] },
  Constant: { factory: 'constant', keys: ['value'] },
  RandomUniform: { factory: 'randomUniform', keys: ['minval', 'maxval', 'seed'] },
  RandomNormal: { factory: 'randomNormal', keys: ['mean', 'stddev', 'seed'] },
  TruncatedNormal: { factory: 'truncatedNormal', keys: ['mean', 'stddev', 'seed'] },
  VarianceScaling: { factory: 'varianceScaling', keys: ['scale', 'mode', 'distribution', 'seed'], axes: true },
  GlorotUniform: { factory: 'glorotUniform', keys: ['seed'], axes: true },
  GlorotNormal: { factory: 'glorotNormal', keys: ['seed'], axes: true },
  HeUniform: { factory: 'heUniform', keys: ['seed'], axes: true },
  HeNormal: { factory: 'heNormal', keys: ['seed'], axes: true },
  LecunUniform: { factory: 'lecunUniform', keys: ['seed'], axes: true, aliases: ['LeCunUniform'] },
  LecunNormal: { factory: 'lecunNormal', keys: ['seed'], axes: true, aliases: ['LeCunNormal'] },
  Orthogonal: { factory: 'orthogonal', keys: ['gain', 'seed'] },
  Identity: { factory: 'identity', keys: ['gain'] },
};

type Factory = (options: Record<string, unknown>) => nninit.Initializer;

/** Keys tfjs's deserializer adds to every config it hands to `fromConfig`. */
const TFJS_INJECTED = new Set(['customObjects']);

function seedOf(className: string, value: unknown): unknown {
  if (typeof value === 'bigint' && value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(
      `nninit/tfjs ${className}: \`seed\` must be at most 2^53 − 1 (tfjs configs hold seeds as JSON numbers); got ${show(value)}`,
    );
  }
  return value;
}

/** tfjs args or a deserialized config → nninit factory options. */
function optionsOf(className: string, entry: Entry, args: unknown): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (typeof args !== 'object' || Array.isArray(args)) {
    throw new TypeError(`nninit/tfjs ${className}: the argument must be an object; got ${show(args)}`);
  }
  const known = [...entry.keys, ...(entry.axes ? ['inputAxes', 'outputAxes', 'inAxes', 'outAxes'] : [])];
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args as Record<string, unknown>)) {
    if (TFJS_INJECTED.has(key)) continue;
    if (!known.includes(key)) {
      const valid = known.length > 0 ? `valid keys are ${known.join(', ')}` : 'it takes none';
      throw new TypeError(`nninit/tfjs ${className}: unknown config key \`${key}\`; ${valid}`);
    }
    if (value === undefined || value === null) continue;
    if (key === 'inputAxes') options.inAxes = value;
    else if (key === 'outputAxes') options.outAxes = value;
    else if (key === 'seed') options.seed = seedOf(className, value);
    else options[key] = value;
  }
  return options;
}

const CAMEL: Readonly<Record<string, string>> = {
  fan_in: 'fanIn',
  fan_out: 'fanOut',
  fan_avg: 'fanAvg',
  truncated_normal: 'truncatedNormal',
  untruncated_normal: 'untruncatedNormal',
};

/** nninit's resolved config → a tfjs ConfigDict (camelCase keys and values; toJSON snake-cases both). */
function configOf(entry: Entry, config: Readonly<Record<string, unknown>>): serialization.ConfigDict {
  const out: serialization.ConfigDict = {};
  for (const key of entry.keys) {
    const value = config[key];
    if (key === 'seed') {
      out.seed = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : null;
    } else if (typeof value === 'string') {
      out[key] = CAMEL[value] ?? value;
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

function define<Args>(className: string, entry: Entry, factory: Factory): NninitTfjsInitializerClass<Args> {
  class NninitInitializer extends Base {
    /** @nocollapse */
    static className = className;
    readonly initializer: nninit.Initializer;

    constructor(args?: Args) {
      super();
      this.initializer = factory(optionsOf(className, entry, args));
    }

    apply(shape: readonly (number | null)[], dtype?: DataType): Tensor {
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
  }
  Object.defineProperty(NninitInitializer, 'name', { value: className });
  serialization.registerClass(NninitInitializer);
  for (const alias of entry.aliases ?? []) {
    // A subclass per alias: tfjs keys its registry by the static className. It serializes under
    // the canonical name.
    const Alias = class extends NninitInitializer {
      static override className = alias;
    };
    serialization.registerClass(Alias);
  }
  return NninitInitializer as unknown as NninitTfjsInitializerClass<Args>;
}

const factories = nninit as unknown as Readonly<Record<string, unknown>>;
const classes: Record<string, NninitTfjsInitializerClass<never>> = {};
for (const [className, entry] of Object.entries(CATALOGUE)) {
  const factory = factories[entry.factory];
  if (typeof factory === 'function') classes[className] = define(className, entry, factory as Factory);
}

function required<Args>(className: string): NninitTfjsInitializerClass<Args> {
  const cls = classes[className];
  if (cls === undefined) throw new Error(`nninit/tfjs: nninit has no factory for ${className}`);
  return cls as unknown as NninitTfjsInitializerClass<Args>;
}

export const Zeros = required<Record<string, never>>('Zeros');
export const Ones = required<Record<string, never>>('Ones');
export const Constant = required<ConstantArgs>('Constant');
export const RandomUniform = required<RandomUniformArgs>('RandomUniform');
export const RandomNormal = required<RandomNormalArgs>('RandomNormal');
export const TruncatedNormal = required<RandomNormalArgs>('TruncatedNormal');
export const VarianceScaling = required<VarianceScalingArgs>('VarianceScaling');
export const GlorotUniform = required<PresetArgs>('GlorotUniform');
export const GlorotNormal = required<PresetArgs>('GlorotNormal');
export const HeUniform = required<PresetArgs>('HeUniform');
export const HeNormal = required<PresetArgs>('HeNormal');
export const LecunUniform = required<PresetArgs>('LecunUniform');
export const LecunNormal = required<PresetArgs>('LecunNormal');
/** Keras `Orthogonal` ({gain, seed}); undefined when this nninit build has no `orthogonal`. */
export const Orthogonal = classes.Orthogonal as NninitTfjsInitializerClass<GainArgs> | undefined;
/** Keras `Identity` ({gain}); undefined when this nninit build has no `identity`. */
export const Identity = classes.Identity as NninitTfjsInitializerClass<{ gain?: number }> | undefined;

/** Every class defined in this build, keyed by the Keras class name it is registered under. */
export const initializerClasses: Readonly<Record<string, NninitTfjsInitializerClass<never>>> = Object.freeze({
  ...classes,
});

function maker<Args>(cls: NninitTfjsInitializerClass<Args> | undefined, name: string) {
  return (args?: Args): NninitTfjsInitializer => {
    if (cls === undefined) throw new Error(`nninit/tfjs: initializers.${name} needs a build of nninit that has it`);
    return new cls(args);
  };
}

/**
 * tfjs-style factories, under tfjs's names (`tf.initializers.*`), plus Keras's LeCun spelling:
 * `import { initializers } from 'nninit/tfjs'` and keep the call sites.
 */
export const initializers = {
  zeros: maker(Zeros, 'zeros'),
  ones: maker(Ones, 'ones'),
  constant: maker(Constant, 'constant'),
  randomUniform: maker(RandomUniform, 'randomUniform'),
  randomNormal: maker(RandomNormal, 'randomNormal'),
  truncatedNormal: maker(TruncatedNormal, 'truncatedNormal'),
  varianceScaling: maker(VarianceScaling, 'varianceScaling'),
  glorotUniform: maker(GlorotUniform, 'glorotUniform'),
  glorotNormal: maker(GlorotNormal, 'glorotNormal'),
  heUniform: maker(HeUniform, 'heUniform'),
  heNormal: maker(HeNormal, 'heNormal'),
  leCunUniform: maker(LecunUniform, 'leCunUniform'),
  leCunNormal: maker(LecunNormal, 'leCunNormal'),
  lecunUniform: maker(LecunUniform, 'lecunUniform'),
  lecunNormal: maker(LecunNormal, 'lecunNormal'),
  orthogonal: maker(Orthogonal, 'orthogonal'),
  identity: maker(Identity, 'identity'),
};
