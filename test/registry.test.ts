// The one registry of names (src/conventions/registry.ts) against what each subpath exports: every
// entry is an exported factory that builds an initializer under the entry's names, takes a seed
// exactly when the entry says so, and every exported factory has an entry.
import { describe, expect, it } from 'vitest';
import { type CatalogueEntry, JAX, KERAS, TORCH } from '../src/conventions/registry.js';
import * as nn from '../src/index.js';
import * as jax from '../src/jax.js';
import * as torch from '../src/torch.js';

type Make = (seed?: number) => nn.Initializer;
const withSeed = (seed?: number) => (seed === undefined ? {} : { seed });

/** How to call each factory with its required arguments, with or without a seed. */
const MAKE: Record<'keras' | 'torch' | 'jax', Record<string, Make>> = {
  keras: Object.fromEntries(
    Object.keys(KERAS).map((name) => [
      name,
      (seed?: number) => (nn as unknown as Record<string, (o: object) => nn.Initializer>)[name]!(withSeed(seed)),
    ]),
  ),
  torch: Object.fromEntries(
    Object.keys(TORCH).map((name) => {
      const required: Record<string, object> = {
        constant: { val: 1 },
        sparse: { sparsity: 0.5 },
        defaultBias: { fanIn: 4 },
      };
      const factory = (torch as unknown as Record<string, (o: object) => nn.Initializer>)[name]!;
      return [name, (seed?: number) => factory({ ...required[name], ...withSeed(seed) })];
    }),
  ),
  jax: {
    ...Object.fromEntries(
      ['glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'lecunUniform', 'lecunNormal']
        .concat(['xavierUniform', 'xavierNormal', 'kaimingUniform', 'kaimingNormal'])
        .map((name) => [
          name,
          (seed?: number) => (jax as unknown as Record<string, (o: object) => nn.Initializer>)[name]!(withSeed(seed)),
        ]),
    ),
    zeros: (seed) => jax.zeros(withSeed(seed) as Record<string, never>),
    ones: (seed) => jax.ones(withSeed(seed) as Record<string, never>),
    constant: () => jax.constant(1),
    uniform: (seed) => jax.uniform(0.1, withSeed(seed)),
    normal: (seed) => jax.normal(0.1, withSeed(seed)),
    truncatedNormal: (seed) => jax.truncatedNormal(0.1, -2, 2, withSeed(seed)),
    varianceScaling: (seed) => jax.varianceScaling(1, 'fan_in', 'normal', withSeed(seed)),
    orthogonal: (seed) => jax.orthogonal(1, -1, withSeed(seed)),
    deltaOrthogonal: (seed) => jax.deltaOrthogonal(1, -1, withSeed(seed)),
  },
};

const CONVENTIONS = [
  ['keras', KERAS, nn],
  ['torch', TORCH, torch],
  ['jax', JAX, jax],
] as const;

/** Factories with no options argument, so no way to pass a seed at all. */
const POSITIONAL_ONLY = new Set(['jax.constant']);

/** Exports that are functions but not initializer factories. */
const NOT_FACTORIES = new Set(['ready', 'terminate', 'computeFans', 'calculateGain', 'shardOf']);

describe.each(CONVENTIONS)('%s registry', (convention, registry, module) => {
  const entries = Object.values(registry) as CatalogueEntry[];

  it('names every exported factory, and only those', () => {
    const exported = Object.entries(module)
      .filter(([name, value]) => typeof value === 'function' && /^[a-z]/.test(name) && !NOT_FACTORIES.has(name))
      .map(([name]) => name)
      .sort();
    expect(entries.map((e) => e.name).sort()).toEqual(exported);
    expect(Object.keys(MAKE[convention]).sort()).toEqual(exported);
  });

  it.each(entries.map((e) => [e.name, e] as const))(
    '%s: its names, and a seed exactly when the entry says',
    (_, entry) => {
      const make = MAKE[convention][entry.name]!;
      const init = make();
      const target = entry.sameAs === undefined ? entry : (registry as Record<string, CatalogueEntry>)[entry.sameAs]!;
      expect(init.name).toBe(target.name);
      expect(init.className).toBe(entry.className);
      expect(init.className).toBe(target.className);
      const shape = entry.name === 'deltaOrthogonal' ? [3, 4, 4] : [4, 4];
      if (entry.seeded) expect(make(1).sample(shape)).toEqual(make(1).sample(shape));
      else if (!POSITIONAL_ONLY.has(`${convention}.${entry.name}`)) expect(() => make(1)).toThrow(TypeError);
      if (entry.sameAs !== undefined) {
        const fns = module as unknown as Record<string, unknown>;
        expect(fns[entry.name]).toBe(fns[entry.sameAs]);
      }
    },
  );
});
