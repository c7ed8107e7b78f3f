// The one registry of initializer names: every factory of every convention, with the framework's
// own name for it, whether it takes a seed, and the other spellings users write. The factories
// (keras.ts, torch.ts, jax.ts) take their names from here; the model-spec reader (io/spec.ts), the
// tfjs adapter (io/tfjs.ts) and the catalogue table in README.md (checked by
// test/registry.test.ts) read it. Adding an initializer is a factory and one line here.

import type { VarianceLaw } from './variance.js';

/**
 * The names of the variance-scaling laws in each convention's `distribution` option; the first
 * Keras name is the one configs carry. Keras's 'normal' is its truncated normal, JAX's is not.
 */
export const VARIANCE_LAWS = {
  truncated_normal: { keras: ['truncated_normal', 'normal', 'truncatedNormal'], jax: ['truncated_normal'] },
  normal: { keras: ['untruncated_normal', 'untruncatedNormal'], jax: ['normal'] },
  uniform: { keras: ['uniform'], jax: ['uniform'] },
} as const satisfies Record<VarianceLaw, { keras: readonly string[]; jax: readonly string[] }>;

export interface CatalogueEntry {
  /** The exported factory name, also the name in error messages: `glorotUniform`. */
  readonly name: string;
  /** The framework's own name: Keras's class (`GlorotUniform`, tfjs registers it), torch's `xavier_uniform_`, JAX's `glorot_uniform`. */
  readonly className: string;
  /** Whether the factory takes a `seed` option. */
  readonly seeded: boolean;
  /** Other spellings a model spec may use (any case, `_` optional); those that start with a capital are also tfjs class names. */
  readonly aliases: readonly string[];
  /** For an exported alias (`xavierUniform`), the factory it is (`glorotUniform`). */
  readonly sameAs?: string;
}

export interface KerasEntry extends CatalogueEntry {
  /** The config keys Keras serializes, in its order (camelCase, as tfjs holds them). */
  readonly keys: readonly string[];
  /** Whether it takes Keras 3's `input_axes` / `output_axes` (and nninit's `groups` / `depthwise`). */
  readonly axes: boolean;
}

type Fields<E extends CatalogueEntry> = Omit<E, 'name' | 'aliases' | 'sameAs'> & { aliases?: readonly string[] };

/** Names each entry by its key, and completes each alias (`xavierUniform`) from the entry it aliases. */
function catalogue<E extends CatalogueEntry>() {
  return <K extends string, A extends string = never>(
    entries: Record<K, Fields<E>>,
    aliases?: Record<A, NoInfer<K>>,
  ): Readonly<Record<K | A, E>> => {
    const out = {} as Record<K | A, E>;
    for (const [name, fields] of Object.entries(entries) as [K, Fields<E>][]) {
      out[name] = { aliases: [], ...fields, name } as unknown as E;
    }
    for (const [name, target] of Object.entries(aliases ?? {}) as [A, K][]) {
      out[name] = { ...out[target], name, aliases: [], sameAs: target };
    }
    return out;
  };
}

/** The main entry ('nninit'): Keras 3 (keras/src/initializers/). */
export const KERAS = catalogue<KerasEntry>()(
  {
    zeros: { className: 'Zeros', seeded: false, keys: [], axes: false, aliases: ['zero'] },
    ones: { className: 'Ones', seeded: false, keys: [], axes: false, aliases: ['one'] },
    constant: { className: 'Constant', seeded: false, keys: ['value'], axes: false },
    randomUniform: {
      className: 'RandomUniform',
      seeded: true,
      keys: ['minval', 'maxval', 'seed'],
      axes: false,
      aliases: ['uniform'],
    },
    randomNormal: {
      className: 'RandomNormal',
      seeded: true,
      keys: ['mean', 'stddev', 'seed'],
      axes: false,
      aliases: ['normal'],
    },
    truncatedNormal: { className: 'TruncatedNormal', seeded: true, keys: ['mean', 'stddev', 'seed'], axes: false },
    varianceScaling: {
      className: 'VarianceScaling',
      seeded: true,
      keys: ['scale', 'mode', 'distribution', 'seed'],
      axes: true,
    },
    glorotUniform: { className: 'GlorotUniform', seeded: true, keys: ['seed'], axes: true },
    glorotNormal: { className: 'GlorotNormal', seeded: true, keys: ['seed'], axes: true },
    heUniform: { className: 'HeUniform', seeded: true, keys: ['seed'], axes: true },
    heNormal: { className: 'HeNormal', seeded: true, keys: ['seed'], axes: true },
    lecunUniform: { className: 'LecunUniform', seeded: true, keys: ['seed'], axes: true, aliases: ['LeCunUniform'] },
    lecunNormal: { className: 'LecunNormal', seeded: true, keys: ['seed'], axes: true, aliases: ['LeCunNormal'] },
    orthogonal: {
      className: 'Orthogonal',
      seeded: true,
      keys: ['gain', 'seed'],
      axes: false,
      aliases: ['OrthogonalInitializer'],
    },
    identity: { className: 'Identity', seeded: false, keys: ['gain'], axes: false, aliases: ['IdentityInitializer'] },
  },
  {
    xavierUniform: 'glorotUniform',
    xavierNormal: 'glorotNormal',
    kaimingUniform: 'heUniform',
    kaimingNormal: 'heNormal',
  },
);

/** 'nninit/torch': torch.nn.init (torch/nn/init.py) and the layers' default initialization. */
export const TORCH = catalogue<CatalogueEntry>()({
  uniform: { className: 'uniform_', seeded: true },
  normal: { className: 'normal_', seeded: true },
  truncNormal: { className: 'trunc_normal_', seeded: true },
  constant: { className: 'constant_', seeded: false },
  ones: { className: 'ones_', seeded: false },
  zeros: { className: 'zeros_', seeded: false },
  eye: { className: 'eye_', seeded: false },
  dirac: { className: 'dirac_', seeded: false },
  xavierUniform: { className: 'xavier_uniform_', seeded: true },
  xavierNormal: { className: 'xavier_normal_', seeded: true },
  kaimingUniform: { className: 'kaiming_uniform_', seeded: true },
  kaimingNormal: { className: 'kaiming_normal_', seeded: true },
  orthogonal: { className: 'orthogonal_', seeded: true },
  sparse: { className: 'sparse_', seeded: true },
  defaultWeight: { className: 'kaiming_uniform_', seeded: true },
  defaultBias: { className: 'uniform_', seeded: true },
});

/** 'nninit/jax': jax.nn.initializers (jax/_src/nn/initializers.py). */
export const JAX = catalogue<CatalogueEntry>()(
  {
    zeros: { className: 'zeros', seeded: false },
    ones: { className: 'ones', seeded: false },
    constant: { className: 'constant', seeded: false },
    uniform: { className: 'uniform', seeded: true },
    normal: { className: 'normal', seeded: true },
    truncatedNormal: { className: 'truncated_normal', seeded: true },
    varianceScaling: { className: 'variance_scaling', seeded: true },
    glorotUniform: { className: 'glorot_uniform', seeded: true },
    glorotNormal: { className: 'glorot_normal', seeded: true },
    heUniform: { className: 'he_uniform', seeded: true },
    heNormal: { className: 'he_normal', seeded: true },
    lecunUniform: { className: 'lecun_uniform', seeded: true },
    lecunNormal: { className: 'lecun_normal', seeded: true },
    orthogonal: { className: 'orthogonal', seeded: true },
    deltaOrthogonal: { className: 'delta_orthogonal', seeded: true },
  },
  {
    xavierUniform: 'glorotUniform',
    xavierNormal: 'glorotNormal',
    kaimingUniform: 'heUniform',
    kaimingNormal: 'heNormal',
  },
);
