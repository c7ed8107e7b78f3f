// Generates the built-in model specs in specs/ (run after editing; the files are committed):
//
//   node scripts/make-specs.mjs
//
// - resnet50:   examples/resnet50.json (Keras ResNet50 weights in model.weights order), as is.
// - bert-base:  BERT-base uncased, Hugging Face names and PyTorch [out, in] layouts. Init as HF
//               BertPreTrainedModel._init_weights: Linear/Embedding weights N(0, 0.02) (random_normal,
//               untruncated; Google's original TF code used truncated_normal(0.02) — edit the spec's
//               initializer to truncated_normal for that), biases zeros, LayerNorm weight ones, bias zeros.
// - gpt2-small: GPT-2 124M, Hugging Face names; Conv1D weights are [in, out]. Init as HF GPT2:
//               N(0, 0.02) for weights and embeddings (wte, wpe), zeros biases, LayerNorm ones/zeros, and
//               the residual projections (attn.c_proj, mlp.c_proj) N(0, 0.02/√(2·n_layer)).
// - gpt2-1b:    the same architecture scaled to 18 layers of width 2048 (over 10^9 parameters), for
//               the bounded-memory and throughput measurements.
// Each spec states its parameter count, which the loader checks against the tensors.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const OUT = path.join(ROOT, 'specs');
mkdirSync(OUT, { recursive: true });

const count = (tensors) => tensors.reduce((sum, t) => sum + t.shape.reduce((a, b) => a * b, 1), 0);
const tensor = (name, shape, initializer, params) => ({ name, shape, initializer, ...(params ? { params } : {}) });

function write(name, description, tensors, expected) {
  const parameters = count(tensors);
  if (expected !== undefined && !expected(parameters)) {
    throw new Error(`${name}: ${parameters} parameters fails the check`);
  }
  // One tensor per line: readable, and diff-friendly.
  const lines = tensors.map((t) => '    ' + JSON.stringify(t));
  const text =
    '{\n' +
    `  "name": ${JSON.stringify(name)},\n` +
    `  "description": ${JSON.stringify(description)},\n` +
    `  "parameters": ${parameters},\n` +
    '  "tensors": [\n' +
    lines.join(',\n') +
    '\n  ]\n}\n';
  writeFileSync(path.join(OUT, `${name}.json`), text);
  console.log(`${name}: ${tensors.length} tensors, ${parameters.toLocaleString('en-US')} parameters`);
}

// ---- ResNet-50 -------------------------------------------------------------------------------
const resnet = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'resnet50.json'), 'utf8'));
write(
  'resnet50',
  'Keras ResNet50 (include_top, 1000 classes): glorot_uniform kernels, zero biases, batch-norm ones/zeros',
  resnet.tensors.map((t) => tensor(t.name, t.shape, t.initializer)),
  (n) => n === 25_636_712,
);

// ---- BERT-base uncased -----------------------------------------------------------------------
{
  const H = 768;
  const I = 3072;
  const normal = ['random_normal', { mean: 0, stddev: 0.02 }];
  const t = [];
  const linear = (name, out, inp) => {
    t.push(tensor(`${name}.weight`, [out, inp], ...normal));
    t.push(tensor(`${name}.bias`, [out], 'zeros'));
  };
  const layerNorm = (name) => {
    t.push(tensor(`${name}.weight`, [H], 'ones'));
    t.push(tensor(`${name}.bias`, [H], 'zeros'));
  };
  t.push(tensor('bert.embeddings.word_embeddings.weight', [30522, H], ...normal));
  t.push(tensor('bert.embeddings.position_embeddings.weight', [512, H], ...normal));
  t.push(tensor('bert.embeddings.token_type_embeddings.weight', [2, H], ...normal));
  layerNorm('bert.embeddings.LayerNorm');
  for (let i = 0; i < 12; i++) {
    const p = `bert.encoder.layer.${i}`;
    for (const q of ['query', 'key', 'value']) linear(`${p}.attention.self.${q}`, H, H);
    linear(`${p}.attention.output.dense`, H, H);
    layerNorm(`${p}.attention.output.LayerNorm`);
    linear(`${p}.intermediate.dense`, I, H);
    linear(`${p}.output.dense`, H, I);
    layerNorm(`${p}.output.LayerNorm`);
  }
  linear('bert.pooler.dense', H, H);
  write(
    'bert-base',
    'BERT-base uncased (Hugging Face names, [out, in] weights): N(0, 0.02) weights, zero biases, LayerNorm ones/zeros',
    t,
    (n) => n === 109_482_240,
  );
}

// ---- GPT-2 -----------------------------------------------------------------------------------
function gpt2({ layers, width, vocab = 50257, context = 1024 }) {
  const std = 0.02;
  const residual = std / Math.sqrt(2 * layers);
  const t = [];
  const layerNorm = (name) => {
    t.push(tensor(`${name}.weight`, [width], 'ones'));
    t.push(tensor(`${name}.bias`, [width], 'zeros'));
  };
  const conv1d = (name, inp, out, stddev) => {
    t.push(tensor(`${name}.weight`, [inp, out], 'random_normal', { mean: 0, stddev }));
    t.push(tensor(`${name}.bias`, [out], 'zeros'));
  };
  t.push(tensor('wte.weight', [vocab, width], 'random_normal', { mean: 0, stddev: std }));
  t.push(tensor('wpe.weight', [context, width], 'random_normal', { mean: 0, stddev: std }));
  for (let i = 0; i < layers; i++) {
    layerNorm(`h.${i}.ln_1`);
    conv1d(`h.${i}.attn.c_attn`, width, 3 * width, std);
    conv1d(`h.${i}.attn.c_proj`, width, width, residual);
    layerNorm(`h.${i}.ln_2`);
    conv1d(`h.${i}.mlp.c_fc`, width, 4 * width, std);
    conv1d(`h.${i}.mlp.c_proj`, 4 * width, width, residual);
  }
  layerNorm('ln_f');
  return t;
}

write(
  'gpt2-small',
  'GPT-2 124M (Hugging Face names, Conv1D [in, out] weights): N(0, 0.02), residual projections N(0, 0.02/sqrt(24)), zero biases, LayerNorm ones/zeros',
  gpt2({ layers: 12, width: 768 }),
  (n) => n === 124_439_808,
);
write(
  'gpt2-1b',
  'GPT-2 scaled to 18 layers of width 2048 (over 1e9 parameters): GPT-2 initialization, for memory and throughput tests',
  gpt2({ layers: 18, width: 2048 }),
  (n) => n >= 1e9,
);
