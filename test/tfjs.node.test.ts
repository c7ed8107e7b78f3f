// nninit/tfjs against the real TensorFlow.js (pure-JS CPU backend): a model with dense, conv2d
// and LSTM layers built with nninit initializers, the statistics of every weight against its
// target, bit-identity with nninit's own sample(), the model.json round trip, Keras 2 / TF 1.x
// model files, and two copies of tfjs-layers installed side by side.
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import { KERAS } from '../src/conventions/registry.js';
import * as nninit from '../src/index.js';
import {
  Constant,
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  Identity,
  initializerClasses,
  initializers,
  LecunNormal,
  LecunUniform,
  type NninitTfjsInitializer,
  Ones,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
  Zeros,
} from '../src/tfjs.js';
import { bad, expectError } from './helpers/errors.js';
import { expectMoments, moments } from './helpers/stats.js';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * console.warn, held back from the output. A test that expects a warning clears it; any other
 * fails the test it came in (afterEach), tfjs's Node banner included.
 */
let warn: MockInstance<typeof console.warn>;

beforeAll(async () => {
  // tfjs's "Hi, looks like you are running TensorFlow.js in Node.js" banner is for users, not tests.
  tf.env().set('IS_TEST', true);
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  await tf.setBackend('cpu');
  await tf.ready();
});

afterEach(() => {
  const unexpected = warn.mock.calls.slice();
  warn.mockClear();
  expect(unexpected, 'console.warn calls that no test expected').toEqual([]);
});

// The recurrent kernel: nninit's orthogonal once this build has it, else a Glorot normal.
const recurrent = (seed: number): NninitTfjsInitializer =>
  Orthogonal ? new Orthogonal({ gain: 1, seed }) : new GlorotNormal({ seed });

function buildModel(): tf.LayersModel {
  const input = tf.input({ shape: [12, 12, 16] });
  let x = tf.layers
    .conv2d({
      filters: 64,
      kernelSize: 3,
      kernelInitializer: new HeNormal({ seed: 1 }),
      biasInitializer: new Constant({ value: 0.1 }),
      name: 'conv',
    })
    .apply(input) as tf.SymbolicTensor;
  x = tf.layers.reshape({ targetShape: [100, 64] }).apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .lstm({
      units: 16,
      kernelInitializer: new GlorotUniform({ seed: 2 }),
      recurrentInitializer: recurrent(3),
      biasInitializer: new Zeros(),
      name: 'lstm',
    })
    .apply(x) as tf.SymbolicTensor;
  x = tf.layers
    .dense({
      units: 512,
      kernelInitializer: initializers.varianceScaling({ scale: 2, mode: 'fanAvg', distribution: 'normal', seed: 4 }),
      biasInitializer: new RandomUniform({ minval: 0, maxval: 1, seed: 5 }),
      name: 'dense1',
    })
    .apply(x) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({
      units: 256,
      kernelInitializer: new LecunNormal({ seed: 6 }),
      biasInitializer: new RandomNormal({ mean: 1, stddev: 0.5, seed: 7 }),
      name: 'dense2',
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output });
}

/** Which initializer made each weight, by weight name. */
function initializerOf(model: tf.LayersModel): Record<string, NninitTfjsInitializer> {
  const out: Record<string, NninitTfjsInitializer> = {};
  for (const layer of model.layers) {
    const owner = (layer as unknown as { cell?: object }).cell ?? layer;
    const inits = owner as Record<string, unknown>;
    for (const w of layer.weights) {
      const kind = w.originalName.split('/').pop()!;
      const key = kind === 'recurrent_kernel' ? 'recurrentInitializer' : `${kind}Initializer`;
      out[w.originalName] = inits[key] as NninitTfjsInitializer;
    }
  }
  return out;
}

/** The classes whose args take a seed (conventions/registry.ts). */
const KERAS_SEEDED = new Set(
  Object.values(KERAS)
    .filter((e) => e.seeded)
    .map((e) => e.className),
);

describe('nninit/tfjs', () => {
  it('defines a class for every nninit initializer, each extending tfjs-layers’ Initializer', () => {
    const expected = [
      'Zeros',
      'Ones',
      'Constant',
      'RandomUniform',
      'RandomNormal',
      'TruncatedNormal',
      'VarianceScaling',
      'GlorotUniform',
      'GlorotNormal',
      'HeUniform',
      'HeNormal',
      'LecunUniform',
      'LecunNormal',
      ...(typeof (nninit as Record<string, unknown>).orthogonal === 'function' ? ['Orthogonal'] : []),
      ...(typeof (nninit as Record<string, unknown>).identity === 'function' ? ['Identity'] : []),
    ];
    expect(Object.keys(initializerClasses).sort()).toEqual(expected.sort());
    const tfBase = Object.getPrototypeOf(Object.getPrototypeOf(tf.initializers.ones()).constructor);
    for (const [name, cls] of Object.entries(initializerClasses)) {
      expect(cls.className).toBe(name);
      expect(new (cls as new () => object)()).toBeInstanceOf(tfBase);
    }
    expect(Orthogonal === undefined).toBe(typeof (nninit as Record<string, unknown>).orthogonal !== 'function');
    expect(Identity === undefined).toBe(typeof (nninit as Record<string, unknown>).identity !== 'function');
  });

  it('apply() returns a float32 tensor with exactly nninit’s values', () => {
    const init = new HeUniform({ seed: 11 });
    const t = init.apply([30, 40]);
    expect(t.dtype).toBe('float32');
    expect(t.shape).toEqual([30, 40]);
    expect(Buffer.from((t.dataSync() as Float32Array).buffer)).toEqual(
      Buffer.from(nninit.heUniform({ seed: 11 }).sample([30, 40]).buffer),
    );
    t.dispose();
    const ints = new Ones().apply([3], 'int32');
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual([1, 1, 1]);
    ints.dispose();
  });

  it('an unseeded initializer draws fresh values per call; a seeded one repeats', () => {
    const unseeded = new GlorotUniform();
    const a = unseeded.apply([64]).dataSync();
    const b = unseeded.apply([64]).dataSync();
    expect(Array.from(a)).not.toEqual(Array.from(b));
    const seeded = new GlorotUniform({ seed: 0 });
    expect(Array.from(seeded.apply([64]).dataSync())).toEqual(Array.from(seeded.apply([64]).dataSync()));
  });

  describe('a dense + conv2d + LSTM model', () => {
    let model: tf.LayersModel;
    beforeAll(() => {
      model = buildModel();
    });

    it('every weight was drawn by its nninit initializer, bit for bit', () => {
      const inits = initializerOf(model);
      expect(model.weights.length).toBe(9);
      for (const w of model.weights) {
        const init = inits[w.originalName]!;
        expect(init.initializer, w.originalName).toBeInstanceOf(nninit.Initializer);
        const values = w.read().dataSync() as Float32Array;
        expect(
          Buffer.from(values.buffer).equals(Buffer.from(init.initializer.sample(w.shape as number[]).buffer)),
        ).toBe(true);
      }
    });

    it('each weight’s mean and std match its target', () => {
      const inits = initializerOf(model);
      const targets: Record<string, { mean: number; std: number }> = {
        'conv/kernel': { mean: 0, std: Math.sqrt(2 / (3 * 3 * 16)) },
        'conv/bias': { mean: Math.fround(0.1), std: 0 },
        'lstm/kernel': { mean: 0, std: Math.sqrt(2 / (64 + 64)) },
        'lstm/recurrent_kernel': { mean: 0, std: Orthogonal ? Math.sqrt(1 / 64) : Math.sqrt(2 / (16 + 64)) },
        'lstm/bias': { mean: 0, std: 0 },
        'dense1/kernel': { mean: 0, std: Math.sqrt(2 / ((16 + 512) / 2)) },
        'dense1/bias': { mean: 0.5, std: 1 / Math.sqrt(12) },
        'dense2/kernel': { mean: 0, std: Math.sqrt(1 / 512) },
        'dense2/bias': { mean: 1, std: 0.5 },
      };
      for (const w of model.weights) {
        // LSTM biases: tfjs adds unit_forget_bias (ones for the forget gate) on top of the initializer.
        if (w.originalName === 'lstm/bias') continue;
        const target = targets[w.originalName]!;
        expect(target, w.originalName).toBeDefined();
        const law = inits[w.originalName]!.initializer.distribution(w.shape as number[]);
        expect(law.std, `${w.originalName}: the law's own target`).toBeCloseTo(target.std, 6);
        expectMoments(w.read().dataSync(), target.mean, target.std, 3, w.originalName);
      }
    });

    it('model.toJSON() → modelFromJSON() round-trips class names and configs', async () => {
      const json = JSON.parse(JSON.stringify(model.toJSON(null, false)));
      const layers = json.config.layers as { name: string; config: Record<string, unknown> }[];
      const conf = (name: string, key: string) => layers.find((l) => l.name === name)!.config[key];
      // Keras's spelling on disk: class names and snake_case values.
      expect(conf('conv', 'kernel_initializer')).toEqual({ class_name: 'HeNormal', config: { seed: 1 } });
      expect(conf('conv', 'bias_initializer')).toEqual({ class_name: 'Constant', config: { value: 0.1 } });
      expect(conf('lstm', 'kernel_initializer')).toEqual({ class_name: 'GlorotUniform', config: { seed: 2 } });
      expect(conf('lstm', 'recurrent_initializer')).toEqual(
        Orthogonal
          ? { class_name: 'Orthogonal', config: { gain: 1, seed: 3 } }
          : { class_name: 'GlorotNormal', config: { seed: 3 } },
      );
      expect(conf('dense1', 'kernel_initializer')).toEqual({
        class_name: 'VarianceScaling',
        config: { scale: 2, mode: 'fan_avg', distribution: 'truncated_normal', seed: 4 },
      });
      expect(conf('dense1', 'bias_initializer')).toEqual({
        class_name: 'RandomUniform',
        config: { minval: 0, maxval: 1, seed: 5 },
      });
      expect(conf('dense2', 'kernel_initializer')).toEqual({ class_name: 'LecunNormal', config: { seed: 6 } });

      const loaded = await tf.models.modelFromJSON({ modelTopology: json });
      const before = initializerOf(model);
      const after = initializerOf(loaded);
      for (const [name, init] of Object.entries(before)) {
        const other = after[name]!;
        expect(other.constructor, name).toBe(init.constructor);
        expect(other.getClassName(), name).toBe(init.getClassName());
        expect(other.getConfig(), name).toEqual(init.getConfig());
      }
      // Seeded initializers give the same weights again after loading.
      for (let i = 0; i < model.weights.length; i++) {
        expect(Array.from(loaded.weights[i]!.read().dataSync()), loaded.weights[i]!.originalName).toEqual(
          Array.from(model.weights[i]!.read().dataSync()),
        );
      }
    });

    it('save() → loadLayersModel() through model.json keeps the initializers and the weights', async () => {
      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          saved = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      const modelJson = JSON.parse(JSON.stringify({ modelTopology: saved!.modelTopology }));
      const loaded = await tf.loadLayersModel(
        tf.io.fromMemory({ ...saved!, modelTopology: modelJson.modelTopology } as tf.io.ModelArtifacts),
      );
      const after = initializerOf(loaded);
      expect(after['lstm/kernel']).toBeInstanceOf(GlorotUniform);
      expect(after['dense2/kernel']).toBeInstanceOf(LecunNormal);
      for (let i = 0; i < model.weights.length; i++) {
        expect(Array.from(loaded.weights[i]!.read().dataSync())).toEqual(
          Array.from(model.weights[i]!.read().dataSync()),
        );
      }
    });
  });

  it('loads configs that tfjs and Keras write (camelCased by tfjs) into nninit classes', () => {
    const make = (config: object) =>
      tf.serialization.SerializationMap.getMap().classNameMap[(config as { className: string }).className];
    // What plain tfjs writes for its default kernel initializer (glorotNormal), after loading.
    const [VS, fromConfig] = make({ className: 'VarianceScaling' })!;
    expect(VS).toBe(VarianceScaling);
    const tfjsDefault = fromConfig(VS, { scale: 1, mode: 'fanAvg', distribution: 'normal', seed: null }) as never;
    expect((tfjsDefault as NninitTfjsInitializer).initializer.config).toMatchObject({
      scale: 1,
      mode: 'fan_avg',
      distribution: 'truncated_normal',
    });
    // tfjs's spelling of LeCun and Keras 3's fan axes.
    const [LeCun] = make({ className: 'LeCunUniform' })!;
    const lecun = new (LeCun as unknown as new (a: object) => NninitTfjsInitializer)({ seed: 3, customObjects: {} });
    expect(lecun).toBeInstanceOf(LecunUniform);
    expect(lecun.getClassName()).toBe('LecunUniform');
    const axes = new GlorotUniform({ seed: 1, inputAxes: [0], outputAxes: [1, 2] });
    expect(axes.getConfig()).toEqual({ seed: 1, inputAxes: [0], outputAxes: [1, 2] });
    expect(axes.initializer.distribution([4, 5, 6]).std).toBeCloseTo(Math.sqrt(2 / (4 + 30)), 6);
    // Zero is a value, not "unset" (tfjs's `||` defaults turn minval 0 into −0.05).
    expect(new RandomUniform({ minval: 0, maxval: 1 }).initializer.distribution([1])).toMatchObject({ minval: 0 });
    for (const cls of [Ones, TruncatedNormal])
      expect(tf.serialization.SerializationMap.getMap().classNameMap[cls.className]![0]).toBe(cls);
  });

  it('corrects tfjs’s 12% narrow truncated normals', () => {
    const shape = [400, 400];
    const ours = new GlorotNormal({ seed: 9 }).apply(shape);
    const theirs = tf.initializers.glorotNormal({ seed: 9 }).apply(shape);
    const target = Math.sqrt(2 / 800);
    expect(Math.sqrt(moments(ours.dataSync()).variance) / target).toBeCloseTo(1, 2);
    expect(Math.sqrt(moments(theirs.dataSync()).variance) / target).toBeCloseTo(0.88, 2);
    ours.dispose();
    theirs.dispose();
  });

  it('ignores config keys tfjs ignores: Keras 2 / TF 1.x `dtype` and `verify_shape` silently, others with one warning', () => {
    expect(new Zeros({ dtype: 'float32' } as never).getConfig()).toEqual({});
    expect(new Constant({ value: 2, dtype: 'float32', verifyShape: false } as never).getConfig()).toEqual({ value: 2 });
    expect(warn).not.toHaveBeenCalled();
    const typo = new GlorotUniform({ sead: 1 } as never);
    new GlorotUniform({ sead: 2 } as never);
    expect(typo.getConfig()).toEqual({ seed: null });
    expect(warn.mock.calls).toEqual([
      [
        'nninit/tfjs GlorotUniform: ignoring unknown config key `sead`, as tfjs does; valid keys are seed, inputAxes, outputAxes, inAxes, outAxes',
      ],
    ]);
    new HeNormal({ sead: 1 } as never);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1]![0]).toMatch(/^nninit\/tfjs HeNormal: ignoring unknown config key `sead`/);
    warn.mockClear();
  });

  it('refuses seeds tfjs configs cannot hold, and bad values, naming them', () => {
    expect(() => new GlorotUniform({ seed: 2n ** 60n })).toThrow(/at most 2\^53 − 1/);
    expect(() => new GlorotUniform({ seed: String(2n ** 60n) })).toThrow(/at most 2\^53 − 1/);
    expect(() => new VarianceScaling({ mode: 'fan_sum' })).toThrow(/`mode` must be one of/);
  });

  it('every class rebuilds from its JSON config: new Class(JSON.parse(JSON.stringify(getConfig())))', () => {
    const args: Record<string, object> = {
      Constant: { value: 2 },
      RandomUniform: { minval: -1, maxval: 2, seed: 5 },
      RandomNormal: { mean: 1, stddev: 2, seed: 5 },
      TruncatedNormal: { mean: 1, stddev: 2, seed: 5n },
      VarianceScaling: {
        scale: 2,
        mode: 'fanOut',
        distribution: 'untruncatedNormal',
        seed: 5,
        inputAxes: [0],
        outputAxes: [1],
      },
      Orthogonal: { gain: 0.5, seed: 5 },
      Identity: { gain: 2 },
    };
    for (const [name, cls] of Object.entries(initializerClasses)) {
      const Class = cls as unknown as new (a?: object) => NninitTfjsInitializer;
      const init = new Class(args[name] ?? (KERAS_SEEDED.has(name) ? { seed: 5 } : undefined));
      const rebuilt = new Class(JSON.parse(JSON.stringify(init.getConfig())));
      expect(rebuilt.getConfig(), name).toEqual(init.getConfig());
      expect(Array.from(rebuilt.apply([4, 4]).dataSync()), name).toEqual(Array.from(init.apply([4, 4]).dataSync()));
    }
  });

  describe('Keras 2 / TF 1.x and Keras 3 model files (test/fixtures/tfjs), which plain tfjs loads', () => {
    const FILES = ['keras2-tf1-cnn.json', 'keras2-tf1-lstm.json', 'keras3-seed-generator.json'];
    const topology = (file: string) =>
      JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/tfjs', file), 'utf8')) as tf.io.ModelJSON['modelTopology'];
    const shapesOf = (model: tf.LayersModel) => model.weights.map((w) => w.shape.join('x')).join(' ');

    it.each(FILES)('%s loads with nninit/tfjs registered, silently, into nninit classes', async (file) => {
      // What tfjs alone makes of the file, in a process without nninit.
      const script = `import * as tf from '@tensorflow/tfjs';
        import { readFileSync } from 'node:fs';
        tf.env().set('IS_TEST', true);
        const model = await tf.models.modelFromJSON({ modelTopology: JSON.parse(readFileSync(process.argv[1], 'utf8')) });
        console.log(model.weights.map((w) => w.shape.join('x')).join(' '));`;
      const plain = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', script, path.join(ROOT, 'test/fixtures/tfjs', file)],
        { encoding: 'utf8' },
      );
      expect(plain.stderr).toBe('');
      const model = await tf.models.modelFromJSON({ modelTopology: topology(file) });
      expect(shapesOf(model)).toBe(plain.stdout.trim());
      expect(warn).not.toHaveBeenCalled();
      const nninitClasses = Object.values(initializerClasses) as unknown as (new () => object)[];
      for (const layer of model.layers) {
        const owner = ((layer as unknown as { cell?: object }).cell ?? layer) as Record<string, unknown>;
        const inits = Object.entries(owner).filter(([key]) => key.endsWith('Initializer'));
        for (const [key, init] of inits) {
          expect(
            nninitClasses.some((cls) => init instanceof cls),
            `${layer.name}.${key}`,
          ).toBe(true);
        }
      }
    });

    it('seeded initializers in those files give nninit’s values, bit for bit', async () => {
      const cnn = await tf.models.modelFromJSON({ modelTopology: topology(FILES[0]!) });
      const lstm = await tf.models.modelFromJSON({ modelTopology: topology(FILES[1]!) });
      const keras3 = await tf.models.modelFromJSON({ modelTopology: topology(FILES[2]!) });
      const weight = (model: tf.LayersModel, name: string) =>
        model.weights
          .find((w) => w.originalName === name)!
          .read()
          .dataSync() as Float32Array;
      const expected: [tf.LayersModel, string, nninit.Initializer, number[]][] = [
        // Keras's 'normal' is the truncated normal.
        [cnn, 'conv2d_1/kernel', nninit.varianceScaling({ scale: 2, mode: 'fan_in', seed: 7 }), [3, 3, 3, 4]],
        [cnn, 'conv2d_1/bias', nninit.constant({ value: 0.1 }), [4]],
        [cnn, 'dense_1/kernel', nninit.glorotUniform({ seed: 11 }), [144, 16]],
        [cnn, 'dense_1/bias', nninit.randomUniform({ seed: 12 }), [16]],
        [cnn, 'dense_2/kernel', nninit.identity(), [16, 16]],
        [cnn, 'dense_3/kernel', nninit.truncatedNormal({ seed: 13 }), [16, 2]],
        [cnn, 'dense_3/bias', nninit.randomNormal({ seed: 14 }), [2]],
        [
          lstm,
          'lstm_1/kernel',
          nninit.varianceScaling({ mode: 'fan_avg', distribution: 'uniform', seed: 21 }),
          [3, 16],
        ],
        [lstm, 'lstm_1/recurrent_kernel', nninit.orthogonal({ seed: 22 }), [4, 16]],
        // Keras 3's SeedGenerator (seed, no state) revives as a new generator at its seed.
        [keras3, 'dense/kernel', nninit.glorotUniform({ seed: new nninit.SeedGenerator(1337) }), [4, 3]],
      ];
      for (const [model, name, init, shape] of expected) {
        expect(Buffer.from(weight(model, name).buffer).equals(Buffer.from(init.sample(shape).buffer)), name).toBe(true);
      }
    });
  });

  it('with two copies of tfjs-layers installed, the error says so (not "Do not know how to serialize a BigInt")', () => {
    // A project whose node_modules links to this one's, each package by its own path, run with
    // --preserve-symlinks: the app's @tensorflow/* and nninit's own are then two module copies.
    const tmp = mkdtempSync(path.join(tmpdir(), 'nninit-two-tfjs-'));
    try {
      const modules = path.join(tmp, 'node_modules');
      mkdirSync(path.join(modules, '@tensorflow'), { recursive: true });
      for (const name of readdirSync(path.join(ROOT, 'node_modules'))) {
        if (name !== '@tensorflow') symlinkSync(path.join(ROOT, 'node_modules', name), path.join(modules, name));
      }
      for (const name of readdirSync(path.join(ROOT, 'node_modules/@tensorflow'))) {
        symlinkSync(path.join(ROOT, 'node_modules/@tensorflow', name), path.join(modules, '@tensorflow', name));
      }
      symlinkSync(ROOT, path.join(modules, 'nninit'));
      writeFileSync(
        path.join(tmp, 'app.mjs'),
        `import * as tf from '@tensorflow/tfjs';
        import { GlorotUniform } from 'nninit/tfjs';
        tf.env().set('IS_TEST', true);
        tf.layers.dense({ units: 2, inputShape: [3], kernelInitializer: new GlorotUniform({ seed: 1n }) });`,
      );
      const run = spawnSync(process.execPath, ['--preserve-symlinks', 'app.mjs'], { cwd: tmp, encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(
        /Improper config format: \{"nninitTfjsInitializer":"GlorotUniform","tfjsConfig":\{"seed":1\}/,
      );
      expect(run.stderr).toMatch(/another copy of @tensorflow\/tfjs-layers than the one nninit\/tfjs extends/);
      expect(run.stderr).not.toMatch(/BigInt/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('apply() with a shape that is not an array: a TypeError naming `shape`', () => {
    expectError(
      () => new Ones().apply(bad('3x4')),
      TypeError,
      /^nninit\/tfjs Ones\.apply: `shape` must be an array of numbers; got "3x4"$/,
    );
  });
});
