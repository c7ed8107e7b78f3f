// ResNet-50: all 320 tensors of examples/resnet50.json per call, Keras defaults, in paired rounds.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as js from '../../baselines.mjs';
import { fieldLibrary } from '../contenders.mjs';
import { fmtPaired, fmtRate, progress } from '../format.mjs';
import { nninit, ROOT, SEED } from '../package.mjs';
import { pairedRounds, rateOf, ratioOf, syncBody } from '../timing.mjs';

/** Times whole-model initialization by nninit, the Math.random baseline and tfjs; null if none is selected. */
export async function runResnet({ selected, schedule }) {
  const wanted = ['nninit', 'baseline', 'tfjs'].filter((k) => selected(`resnet/${k}`));
  if (wanted.length === 0) return null;
  const model = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'resnet50.json'), 'utf8'));
  const tensors = model.tensors.map((t) => ({ ...t, size: t.shape.reduce((a, b) => a * b, 1) }));
  const total = tensors.reduce((s, t) => s + t.size, 0);
  const counts = {};
  for (const t of tensors) counts[t.initializer] = (counts[t.initializer] ?? 0) + 1;

  // nninit and the baseline write into one preallocated arena, carved into per-tensor views.
  const arena = new Float32Array(total);
  let offset = 0;
  for (const t of tensors) {
    t.view = arena.subarray(offset, offset + t.size);
    offset += t.size;
  }

  const gen = new nninit.SeedGenerator(SEED);
  const nn = { glorot_uniform: nninit.glorotUniform({ seed: gen }), zeros: nninit.zeros(), ones: nninit.ones() };
  const bodies = {
    nninit: () => {
      for (const t of tensors) nn[t.initializer].fill(t.view, t.shape);
      return arena[0] + arena[total - 1];
    },
    // Reference: Math.random with each kernel's Glorot limit (nninit's fans), constants by fill().
    baseline: () => {
      for (const t of tensors) {
        if (t.initializer === 'glorot_uniform') {
          const d = nn.glorot_uniform.distribution(t.shape);
          js.mathRandomUniform(t.view, { minval: d.minval, maxval: d.maxval });
        } else t.view.fill(t.initializer === 'ones' ? 1 : 0);
      }
      return arena[0] + arena[total - 1];
    },
  };
  const fieldLib = fieldLibrary();
  if (wanted.includes('tfjs')) {
    const { tf } = fieldLib;
    const ti = {
      glorot_uniform: tf.initializers.glorotUniform({}),
      zeros: tf.initializers.zeros(),
      ones: tf.initializers.ones(),
    };
    // One tensor per weight, materialized with dataSync() and disposed (values stay in tfjs's own
    // arrays: nothing is copied into the arena, which only favours tfjs).
    bodies.tfjs = () => {
      let acc = 0;
      for (const t of tensors) {
        const x = ti[t.initializer].apply(t.shape, 'float32');
        const v = x.dataSync();
        acc += v[v.length - 1];
        x.dispose();
      }
      return acc;
    };
  }

  // Check once: every tensor written, constants exact, kernels inside their limits.
  for (const key of ['nninit', 'baseline']) {
    arena.fill(NaN);
    bodies[key]();
    for (const t of tensors) {
      const c = t.initializer === 'glorot_uniform' ? null : t.initializer === 'ones' ? 1 : 0;
      const limit = c === null ? nn.glorot_uniform.distribution(t.shape).maxval : 0;
      for (let i = 0; i < t.size; i++) {
        const v = t.view[i];
        // A float64 draw rounded to float32 may land on the limit itself: allowed for the baseline.
        const inside = key === 'nninit' ? v >= -limit && v < limit : v >= -limit && v <= limit;
        if (c === null ? !inside : v !== c) throw new Error(`resnet ${key}: ${t.name}[${i}] = ${v}`);
      }
    }
  }

  const labels = {
    nninit: 'nninit fill() into one preallocated arena',
    baseline: 'JS Math.random into the same arena',
    tfjs: 'tfjs-layers initializers .apply(shape) + dataSync()',
  };
  const keys = ['nninit', 'baseline', 'tfjs'].filter((k) => k === 'nninit' || wanted.includes(k));
  const result = await pairedRounds(
    keys.map((k) => syncBody(k, labels[k], bodies[k])),
    total,
    schedule,
  );
  const cases = {};
  for (const key of keys) {
    const rate = rateOf(result, key);
    cases[key] = {
      label: labels[key],
      calls: result.calls[key],
      mfloatPerS: rate.median,
      min: rate.min,
      max: rate.max,
      msPerModel: total / (rate.median * 1e3),
      nninitVs: key === 'nninit' ? undefined : ratioOf(result, 'nninit', key),
    };
    const c = cases[key];
    progress(
      `ResNet-50 ${labels[key].padEnd(52)} ${c.msPerModel.toFixed(1).padStart(8)} ms  ${fmtRate(c.mfloatPerS).padStart(6)} Mfloat/s` +
        (c.nninitVs ? `  nninit ${fmtPaired(c.nninitVs)} faster` : ''),
    );
  }
  if (fieldLib && fieldLib.tf.memory().numTensors !== 0) {
    throw new Error(`resnet: ${fieldLib.tf.memory().numTensors} tfjs tensors left undisposed`);
  }
  return {
    model: model.model,
    tensors: tensors.length,
    parameters: total,
    initializers: counts,
    disturbed: result.disturbed,
    roundCount: result.count,
    cleanRounds: result.clean,
    cases,
  };
}
