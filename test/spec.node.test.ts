// Model specs (src/io/spec.ts): the built-in specs' parameter counts, validation messages that say
// where, initializer name resolution with suggestions, and the per-tensor seed derivation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  editDistance,
  fnv1a64,
  mix64,
  parseJson,
  resolveInitializer,
  resolveSpec,
  SpecError,
  tensorSeed,
  UnknownInitializerError,
} from '../src/io/spec.js';

const builtin = (name: string) =>
  resolveSpec(JSON.parse(readFileSync(new URL(`../specs/${name}.json`, import.meta.url), 'utf8')), name);

describe('built-in specs', () => {
  it('have the published parameter counts', () => {
    expect(builtin('resnet50').parameters).toBe(25_636_712);
    expect(builtin('resnet50').tensors.length).toBe(320);
    expect(builtin('bert-base').parameters).toBe(109_482_240); // BERT-base uncased, ≈ 109.5M
    expect(builtin('gpt2-small').parameters).toBe(124_439_808); // GPT-2 124M
    expect(builtin('gpt2-1b').parameters).toBeGreaterThanOrEqual(1e9);
  });

  it('use GPT-2’s scaled init for the residual projections and N(0, 0.02) elsewhere', () => {
    const spec = builtin('gpt2-small');
    const std = (name: string) => spec.tensors.find((t) => t.name === name)!.init.distribution([4, 4]).std;
    expect(std('h.5.attn.c_proj.weight')).toBeCloseTo(0.02 / Math.sqrt(24), 9);
    expect(std('h.5.mlp.c_proj.weight')).toBeCloseTo(0.02 / Math.sqrt(24), 9);
    expect(std('h.5.attn.c_attn.weight')).toBeCloseTo(0.02, 9);
    expect(std('wte.weight')).toBeCloseTo(0.02, 9);
    expect(spec.tensors.find((t) => t.name === 'ln_f.weight')!.initializer).toBe('ones');
  });

  it('examples/resnet50.json is a valid spec as it stands', () => {
    const raw = JSON.parse(readFileSync(new URL('../examples/resnet50.json', import.meta.url), 'utf8'));
    expect(resolveSpec(raw, 'resnet50.json').parameters).toBe(25_636_712);
  });
});

describe('spec validation says where', () => {
  const spec = (tensors: unknown, extra: object = {}) => ({ name: 'm', tensors, ...extra });
  const fails = (raw: unknown, pattern: RegExp) => {
    expect(() => resolveSpec(raw, 'm.json')).toThrow(SpecError);
    expect(() => resolveSpec(raw, 'm.json')).toThrow(pattern);
  };

  it('reports JSON syntax errors with line and column', () => {
    const text = '{\n  "tensors": [\n    {"name": "a",, "shape": [1]}\n  ]\n}';
    expect(() => parseJson(text, 'm.json')).toThrow(/^m\.json: line 3, column 18: invalid JSON/);
  });

  it('names the tensor and the field', () => {
    fails(spec([{ name: 'a', shape: [2, -1], initializer: 'zeros' }]), /m\.json: tensors\[0\] "a": shape\[1\] must be/);
    fails(spec([{ name: 'a', shape: [2], initializer: 'glorot_unifrom' }]), /tensors\[0\] "a": unknown initializer/);
    fails(
      spec([{ name: 'a', shape: [2], initializer: 'random_normal', params: { stdev: 1 } }]),
      /tensors\[0\] "a": randomNormal: unknown option `stdev`/,
    );
    fails(spec([{ name: 'a', shape: [2], initializer: 'zeros', dtype: 'int8' }]), /"a": "dtype": must be one of/);
    fails(spec([{ name: 'a', shape: [2], initializer: 'zeros', trainable: true }]), /"a": unknown key "trainable"/);
    fails(
      spec([
        { name: 'a', shape: [2], initializer: 'zeros' },
        { name: 'a', shape: [2], initializer: 'ones' },
      ]),
      /tensors\[1\] "a": duplicate tensor name/,
    );
    fails(spec({ x: { shape: 'big', initializer: 'zeros' } }), /tensors\["x"\] "x": "shape" must be an array/);
    fails(
      spec([{ name: 'a', shape: [2], initializer: 'zeros' }], { parameters: 3 }),
      /"parameters" says 3 but the tensors add up to 2/,
    );
    fails(spec([]), /"tensors" is empty/);
    fails({ tensors: [], extra: 1 }, /unknown key "extra" at the top level/);
    fails([1, 2], /must be a JSON object/);
  });
});

describe('initializer names', () => {
  it('accepts nninit, Keras class and Keras snake_case names and Keras aliases', () => {
    expect(resolveInitializer('glorot_uniform')).toBe('glorotUniform');
    expect(resolveInitializer('GlorotUniform')).toBe('glorotUniform');
    expect(resolveInitializer('LecunNormal')).toBe('lecunNormal');
    expect(resolveInitializer('normal')).toBe('randomNormal');
    expect(resolveInitializer('zero')).toBe('zeros');
    expect(resolveInitializer('kaiming_normal')).toBe('kaimingNormal');
  });

  it('suggests the nearest names', () => {
    const suggestions = (name: string) => {
      try {
        resolveInitializer(name);
      } catch (error) {
        expect(error).toBeInstanceOf(UnknownInitializerError);
        return (error as UnknownInitializerError).suggestions;
      }
      throw new Error('expected an error');
    };
    expect(suggestions('glorot_unifrom')[0]).toBe('glorotUniform');
    expect(suggestions('he_normall')[0]).toBe('heNormal');
    expect(suggestions('truncnormal')).toContain('truncatedNormal');
    expect(suggestions('xyzzy')).toEqual([]);
    expect(() => resolveInitializer('glorot_unifrom')).toThrow(/did you mean glorotUniform/);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('per-tensor seeds', () => {
  it('are mix64(seed XOR fnv1a64(name)), with the reference constants', () => {
    // FNV-1a 64 test vectors (Fowler/Noll/Vo): "" and "a".
    expect(fnv1a64('')).toBe(0xcbf29ce484222325n);
    expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    // SplitMix64 with seed 0: the first output is mix64(0x9E3779B97F4A7C15) = 0xE220A8397B1DCDAF.
    expect(mix64(0x9e3779b97f4a7c15n)).toBe(0xe220a8397b1dcdafn);
    expect(tensorSeed(42n, 'wte.weight')).toBe(mix64(42n ^ fnv1a64('wte.weight')));
  });

  it('differ between tensors, depend only on the name, and honour an explicit seed', () => {
    const raw = {
      tensors: [
        { name: 'a', shape: [4], initializer: 'random_uniform' },
        { name: 'b', shape: [4], initializer: 'random_uniform' },
        { name: 'c', shape: [4], initializer: 'random_uniform', seed: 5 },
        { name: 'z', shape: [4], initializer: 'zeros' },
      ],
    };
    const s = resolveSpec(raw, 'm', { seed: 9n });
    expect(s.tensors[0]!.seed).toBe(tensorSeed(9n, 'a'));
    expect(s.tensors[0]!.seed).not.toBe(s.tensors[1]!.seed);
    expect(s.tensors[2]!.seed).toBe(5n);
    expect(s.tensors[3]!.seed).toBeNull();
    const reordered = resolveSpec({ tensors: [raw.tensors[1], raw.tensors[0]] }, 'm', { seed: 9n });
    expect(reordered.tensors[1]!.seed).toBe(s.tensors[0]!.seed);
  });
});
