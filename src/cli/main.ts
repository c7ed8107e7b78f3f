#!/usr/bin/env node
// The `nninit` command: sample one tensor to .npy/.safetensors/.bin, initialize a whole model
// from a JSON spec into .safetensors (streamed, bounded memory, atomic), or run the benchmarks.
// Exit codes: see EXIT below and README.md.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { computeFans, ready, STREAM_FORMAT_VERSION } from '../index.js';
import { npyHeader, safetensorsLayout } from '../io/formats.js';
import { type DType, DTYPES, parseDType } from '../laws/dtype.js';
import { sizeOf } from '../laws/shape.js';
import {
  initializerNames,
  makeInitializer,
  type ModelSpec,
  parseJson,
  resolveInitializer,
  resolveSpec,
  SpecError,
  takesSeed,
  UnknownInitializerError,
} from '../io/spec.js';
import { parseSize, planShards, shardFiles, shardNumber, writeShards } from './shards.js';
import { fileSink, openSinks, OutputError, type Sink, stdoutSink } from './sink.js';
import { RECIPE_KEY, recipes, verify as verifyCheckpoint, VerifyError } from './verify.js';
import { formatBytes, formatSeconds, Pipeline, progress, type Stats, writeTensor, writeTensors } from './writer.js';

/** Exit codes. */
export const EXIT = {
  ok: 0,
  /** An unexpected internal error (a bug): please report it. */
  internal: 1,
  /** Bad command line: unknown command or option, bad shape, dtype or --param, unknown initializer. */
  usage: 2,
  /** The model spec cannot be read or is malformed. */
  spec: 3,
  /** The output cannot be written (path, permissions, disk full, closed pipe); nothing partial is left. */
  output: 4,
  /** `verify` found a tensor that differs, or a file it cannot check (missing, malformed, not nninit's). */
  verify: 5,
  /** Interrupted (SIGINT/SIGTERM); nothing partial is left. */
  interrupted: 130,
} as const;

class UsageError extends Error {
  override name = 'UsageError';
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const SPECS_DIR = path.join(ROOT, 'specs');
const BUILTIN_SPECS = ['resnet50', 'bert-base', 'gpt2-small', 'gpt2-1b'];
/** `model` measures statistics on every STATS_EVERY-th chunk unless --exact-stats. */
const STATS_EVERY = 8;

const HELP = {
  main: `nninit ${VERSION}: neural-network weight initializers (Keras 3 semantics)

usage: nninit <command> [options]

commands:
  sample <initializer> <shape>   sample one tensor; print its fans and statistics; write .npy, .safetensors or .bin
  model <spec> -o FILE           initialize every tensor of a model spec into a .safetensors file
                                 (or -o DIR --max-shard-size SIZE: a Hugging Face sharded checkpoint)
  verify <dir|file>              recompute every tensor of a checkpoint nninit wrote and compare
  bench [args]                   run the Node benchmark suite (bench/run.mjs, in a repository checkout)

options:
  -h, --help       help (also \`nninit <command> --help\`)
  -v, --version    the version

exit codes: 0 ok, 1 internal error, 2 usage, 3 bad spec, 4 cannot write output, 5 verify failed, 130 interrupted`,
  sample: `usage: nninit sample <initializer> <shape> [options]

Samples one tensor and prints its fans, the target mean and std, and the measured mean, std, min
and max. With -o, also writes it, in the format its extension names.

arguments:
  <initializer>          glorot_uniform, GlorotUniform or glorotUniform, ... (list below)
  <shape>                dimensions joined by x or commas: 3x3x64x128, 784,256, [] for a scalar

options:
  --seed N               integer seed (default: fresh randomness, printed so the run can be repeated)
  --param key=value      an initializer option, repeatable: --param stddev=0.02 --param mode=fan_avg
                         (values are JSON when they parse as JSON, strings otherwise)
  --dtype D              float32 (default), float64, float16, bfloat16
  -o, --output FILE      .npy (NumPy format 1.0), .safetensors or .bin (raw little-endian); - for stdout
  --format F             npy, safetensors or bin: overrides the extension (needed with -o -; default bin)
  --name NAME            the tensor's name in a .safetensors file (default "tensor")
  -h, --help             this help

initializers: ${'{list}'}

Files are written to a temporary file beside the target and renamed when complete.
bfloat16 has no NumPy dtype: use .safetensors or .bin for it.`,
  model: `usage: nninit model <spec> -o FILE.safetensors [options]
       nninit model <spec> -o DIR --max-shard-size SIZE [--shard I|auto] [options]

Initializes every tensor of a model spec and streams them, tensor by tensor in 4 MiB chunks, into
a .safetensors file (bounded memory; written to a temporary file and renamed when complete).
The same spec and seed give a byte-identical file.

arguments:
  <spec>                 a built-in spec (${BUILTIN_SPECS.join(', ')}) or a path to a JSON spec

options:
  -o, --output FILE      the .safetensors file to write (required); with --max-shard-size, a directory
  --max-shard-size SIZE  write a Hugging Face sharded checkpoint into DIR: model-00001-of-0000N.safetensors …
                         and model.safetensors.index.json. SIZE: 5GB, 500MB (powers of 10) or 2GiB; tensors
                         fill shards in spec order, as Hugging Face does; one larger than SIZE goes alone
  --shard I|auto         write only shard I (1-based) and the index, the same from every process; auto
                         reads SLURM_ARRAY_TASK_ID (1-based) or JOB_COMPLETION_INDEX (0-based)
  --seed N               the run's seed (default: the spec's "seed", else 0); tensor t gets
                         mix64(seed XOR fnv1a64(t.name)) unless the spec gives it a "seed"
  --dtype D              write every tensor as D (float32, float64, float16, bfloat16)
  --progress / --no-progress   the progress display on stderr (default on: a bar on a TTY, lines otherwise)
  -q, --quiet            print only the totals, not the per-tensor summary
  --exact-stats          summary statistics over every value (default: every 8th 4 MiB chunk of a tensor)
  --list                 list the built-in specs and exit
  -h, --help             this help

A spec is JSON: { "name", "description", "parameters" (checked), "seed", "dtype", "tensors": [
  { "name": "h.0.attn.c_attn.weight", "shape": [768, 2304], "initializer": "random_normal",
    "params": { "stddev": 0.02 }, "dtype": "float32" }, ... ] }`,
  verify: `usage: nninit verify <dir|file>

Recomputes every tensor of a safetensors checkpoint that \`nninit model\` wrote, from the recipe each
file carries in its __metadata__ (initializer, options, seed, stream format; the dtype and shape
from its header), and compares it with the file, 4 MiB at a time. <dir> holds
model.safetensors.index.json and its shards (each file and the index are checked), or a single
model.safetensors; a file is checked alone. Prints ok or the first differing element for each
tensor; exits 5 if any differs or cannot be checked.`,
  bench: `usage: nninit bench [bench/run.mjs options]

Runs the Node benchmark suite (bench/run.mjs: --quick, --sizes 20,24). The suite ships with the
repository, not the npm package.`,
};

// ---------------------------------------------------------------------------------------------
// Helpers

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parse(args: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Runs `parse`, turning the RangeError it throws for a bad argument into a UsageError. */
function usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
}

function seedArg(value: string | undefined): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || BigInt(value) >= 1n << 64n) {
    throw new UsageError(`--seed must be an integer in [0, 2^64); got ${JSON.stringify(value)}`);
  }
  return BigInt(value);
}

function dtypeArg(value: string | undefined): DType | undefined {
  if (value === undefined) return undefined;
  const d = parseDType(value);
  if (d === undefined) {
    throw new UsageError(`--dtype must be one of ${Object.keys(DTYPES).join(', ')}; got ${JSON.stringify(value)}`);
  }
  return d;
}

function shapeArg(text: string): number[] {
  const t = text.trim();
  if (t === '[]' || t === '()' || t === 'scalar') return [];
  const body = t.replace(/^[[(]|[\])]$/g, '');
  if (!/^\s*\d+(\s*[x×,]\s*\d+)*\s*,?\s*$/.test(body)) {
    throw new UsageError(
      `<shape> must be dimensions joined by x or commas, like 3x3x64x128; got ${JSON.stringify(text)}`,
    );
  }
  const dims = body
    .split(/[x×,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  for (const d of dims) if (!Number.isSafeInteger(d)) throw new UsageError(`<shape>: dimension ${d} is too large`);
  return dims;
}

function paramArgs(list: string[] | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param must be key=value; got ${JSON.stringify(item)}`);
    const key = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1).trim();
    if (key === 'seed') throw new UsageError('use --seed N, not --param seed=N');
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain string, like fan_avg
    }
    params[key] = value;
  }
  return params;
}

const fmt = (x: number): string =>
  !Number.isFinite(x)
    ? String(x)
    : x === 0
      ? '0'
      : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6
        ? x.toPrecision(6)
        : x.toExponential(4);

/** Human output goes to stdout, unless stdout carries the data. */
function reporter(dataOnStdout: boolean): (line: string) => void {
  return dataOnStdout ? (line) => process.stderr.write(line + '\n') : (line) => process.stdout.write(line + '\n');
}

function formatOf(file: string | undefined, explicit: string | undefined): 'npy' | 'safetensors' | 'bin' {
  if (explicit !== undefined) {
    if (explicit === 'npy' || explicit === 'safetensors' || explicit === 'bin') return explicit;
    throw new UsageError(`--format must be npy, safetensors or bin; got ${JSON.stringify(explicit)}`);
  }
  if (file === undefined || file === '-') return 'bin';
  const ext = path.extname(file).toLowerCase();
  if (ext === '.npy') return 'npy';
  if (ext === '.safetensors') return 'safetensors';
  if (ext === '.bin' || ext === '.raw' || ext === '.f32') return 'bin';
  throw new UsageError(
    `cannot tell the format of ${JSON.stringify(file)} from its extension: use .npy, .safetensors or .bin, or --format`,
  );
}

function metadata(extra: Record<string, string>): Record<string, string> {
  return { generator: `nninit ${VERSION}`, stream_format: String(STREAM_FORMAT_VERSION), ...extra };
}

/** A model file's metadata: `format: pt`, which transformers requires to load it, and the recipes `nninit verify` reads. */
function modelMetadata(spec: ModelSpec, tensors: ModelSpec['tensors']): Record<string, string> {
  return metadata({ format: 'pt', spec: spec.name, seed: String(spec.seed), [RECIPE_KEY]: recipes(tensors) });
}

async function sinkFor(file: string): Promise<Sink> {
  return file === '-' ? stdoutSink() : fileSink(file);
}

// ---------------------------------------------------------------------------------------------
// Commands

async function sample(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    seed: { type: 'string' },
    param: { type: 'string', multiple: true },
    dtype: { type: 'string' },
    output: { type: 'string', short: 'o' },
    format: { type: 'string' },
    name: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP.sample.replace('{list}', initializerNames().join(', ')) + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 2) {
    throw new UsageError(
      `sample takes <initializer> <shape>; got ${positionals.length} argument(s) (see nninit sample --help)`,
    );
  }
  const [name, shapeText] = positionals as [string, string];
  const canonical = resolveInitializer(name);
  const shape = shapeArg(shapeText);
  const params = paramArgs(values.param as string[] | undefined);
  const dtype = dtypeArg(values.dtype as string | undefined) ?? 'float32';
  const output = values.output as string | undefined;
  const format = formatOf(output, values.format as string | undefined);
  if (format === 'npy' && DTYPES[dtype].npy === null) {
    throw new UsageError(`NumPy has no ${dtype} dtype: write .safetensors or .bin, or choose float16 or float32`);
  }
  let seed = seedArg(values.seed as string | undefined);
  const fresh = seed === undefined && takesSeed(canonical);
  if (fresh) {
    const words = crypto.getRandomValues(new Uint32Array(2));
    seed = (BigInt(words[1]!) << 32n) | BigInt(words[0]!);
  }
  let init;
  try {
    init = makeInitializer(canonical, params, seed ?? null);
    init.distribution(shape);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  await ready();

  const say = reporter(output === '-');
  const size = sizeOf(shape, 'sample');
  const tensorName = (values.name as string | undefined) ?? 'tensor';
  const job = { name: tensorName, shape, dtype, size, init };
  let sink: Sink | undefined;
  let prefix: Uint8Array | undefined;
  if (output !== undefined) {
    if (format === 'npy') prefix = npyHeader(shape, dtype);
    else if (format === 'safetensors') {
      prefix = safetensorsLayout(
        [{ name: tensorName, dtype, shape }],
        metadata({
          initializer: canonical,
          seed: String(seed ?? ''),
          params: JSON.stringify(params),
          [RECIPE_KEY]: recipes([{ name: tensorName, initializer: canonical, params, seed: seed ?? null }]),
        }),
      ).header;
    }
  }
  const t0 = performance.now();
  let stats: Stats;
  if (output !== undefined) {
    sink = await sinkFor(output);
    const pipeline = new Pipeline(sink);
    try {
      if (prefix) pipeline.submitOwned(prefix);
      stats = await writeTensor(job, pipeline, () => {});
      await pipeline.drain();
      await sink.commit();
    } catch (error) {
      await pipeline.drain().catch(() => {});
      await sink.abort();
      throw error;
    }
  } else {
    const discard: Sink = { target: '', write: async () => {}, commit: async () => {}, abort: async () => {} };
    stats = await writeTensor(job, new Pipeline(discard), () => {});
  }
  const seconds = (performance.now() - t0) / 1000;
  const law = init.distribution(shape);
  const { fanIn, fanOut } = computeFans(shape);
  say(`initializer: ${canonical}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`);
  say(`shape:       [${shape.join(', ')}] (${size.toLocaleString('en-US')} values, ${dtype})`);
  say(
    `seed:        ${seed === undefined ? 'none (deterministic)' : String(seed)}${fresh ? ' (fresh; pass --seed to repeat)' : ''}`,
  );
  say(`fans:        fan_in ${fanIn}, fan_out ${fanOut}`);
  say(`target:      mean ${fmt(law.mean)}, std ${fmt(law.std)}`);
  say(`measured:    mean ${fmt(stats.mean)}, std ${fmt(stats.std)}, min ${fmt(stats.min)}, max ${fmt(stats.max)}`);
  if (output !== undefined) {
    const bytes = (prefix?.length ?? 0) + size * DTYPES[dtype].bytes;
    say(
      `wrote:       ${output === '-' ? 'standard output' : output} (${format}, ${formatBytes(bytes)}) in ${formatSeconds(seconds)}`,
    );
  }
  return EXIT.ok;
}

function loadSpec(ref: string, seed: bigint | undefined, dtype: DType | undefined): ModelSpec {
  const builtin = BUILTIN_SPECS.includes(ref) && !existsSync(ref);
  const file = builtin ? path.join(SPECS_DIR, `${ref}.json`) : ref;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SpecError(
      `${ref}: cannot read the spec (${code ?? (error as Error).message}); built-in specs are ${BUILTIN_SPECS.join(', ')}`,
    );
  }
  const options: { seed?: bigint; dtype?: DType } = {};
  if (seed !== undefined) options.seed = seed;
  if (dtype !== undefined) options.dtype = dtype;
  return resolveSpec(parseJson(text, builtin ? `${ref}.json` : ref), builtin ? `${ref}.json` : ref, options);
}

async function model(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    output: { type: 'string', short: 'o' },
    seed: { type: 'string' },
    dtype: { type: 'string' },
    progress: { type: 'boolean' },
    'no-progress': { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    'exact-stats': { type: 'boolean' },
    list: { type: 'boolean' },
    'max-shard-size': { type: 'string' },
    shard: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(HELP.model + '\n');
    return EXIT.ok;
  }
  if (values.list) {
    for (const name of BUILTIN_SPECS) {
      const spec = loadSpec(name, undefined, undefined);
      process.stdout.write(
        `${name.padEnd(12)} ${spec.parameters.toLocaleString('en-US').padStart(15)} parameters  ${spec.description}\n`,
      );
    }
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(`model takes one <spec>; got ${positionals.length} argument(s) (see nninit model --help)`);
  }
  const output = values.output as string | undefined;
  if (output === undefined) throw new UsageError('model needs -o FILE.safetensors');
  const maxShardSize = values['max-shard-size'] as string | undefined;
  const shardArg = values.shard as string | undefined;
  const sharded = maxShardSize !== undefined;
  if (shardArg !== undefined && !sharded) throw new UsageError('--shard needs --max-shard-size (it cuts the shards)');
  if (sharded && (output === '-' || path.extname(output).toLowerCase() === '.safetensors')) {
    throw new UsageError(
      `with --max-shard-size, -o names a directory for the shards and the index; got ${JSON.stringify(output)}`,
    );
  }
  if (!sharded && output !== '-' && path.extname(output).toLowerCase() !== '.safetensors') {
    throw new UsageError(`model writes .safetensors; got ${JSON.stringify(output)}`);
  }
  const limit = sharded ? usage(() => parseSize(maxShardSize)) : 0;
  const seed = seedArg(values.seed as string | undefined);
  const dtype = dtypeArg(values.dtype as string | undefined);
  const spec = loadSpec(positionals[0]!, seed, dtype);
  const plan = sharded
    ? planShards(
        spec.tensors.map((t) => t.bytes),
        limit,
      )
    : undefined;
  const only =
    plan && shardArg !== undefined ? usage(() => shardNumber(shardArg, plan.files.length, process.env)) : undefined;
  const files = plan && shardFiles(spec.tensors, plan, only, (own) => modelMetadata(spec, own));
  const single = plan
    ? undefined
    : safetensorsLayout(
        spec.tensors.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape })),
        modelMetadata(spec, spec.tensors),
      );
  await ready();

  const say = reporter(output === '-');
  if (plan) {
    for (const i of plan.oversized) {
      const t = spec.tensors[i]!;
      process.stderr.write(
        `nninit: note: ${t.name} (${formatBytes(t.bytes)}) is larger than --max-shard-size (${formatBytes(limit)}); it goes alone in its shard, as Hugging Face does\n`,
      );
    }
  }
  const totalBytes = files ? files.reduce((sum, f) => sum + f.layout.fileBytes, 0) : single!.fileBytes;
  const show = values['no-progress'] ? false : true;
  const bar = progress(totalBytes, process.stderr, show);
  const statsEvery = values['exact-stats'] ? 1 : STATS_EVERY;
  const t0 = performance.now();
  const rows: {
    name: string;
    shape: string;
    dtype: string;
    initializer: string;
    target: number;
    stats: Stats;
    size: number;
  }[] = [];
  let done = 0;
  const onChunk = (bytes: number, t: { name: string }) => {
    done += bytes;
    bar.update(done, t.name);
  };
  let written: { tensors: ModelSpec['tensors']; stats: Stats[] }[];
  try {
    if (files) {
      done = files.reduce((sum, f) => sum + f.layout.header.length, 0);
      const stats = await writeShards(
        output,
        spec.tensors.map((t) => t.name),
        plan!,
        files,
        onChunk,
        statsEvery,
      );
      written = files.map((f, k) => ({ tensors: f.tensors, stats: stats[k]! }));
    } else {
      done = single!.header.length;
      bar.update(done, '');
      const sink = await sinkFor(output);
      written = [
        { tensors: spec.tensors, stats: await writeTensors(sink, single!.header, spec.tensors, onChunk, statsEvery) },
      ];
    }
  } catch (error) {
    bar.finish();
    throw error;
  }
  for (const { tensors, stats } of written) {
    tensors.forEach((t, j) =>
      rows.push({
        name: t.name,
        shape: t.shape.join('x') || 'scalar',
        dtype: DTYPES[t.dtype].safetensors,
        initializer: t.initializer + (Object.keys(t.params).length ? JSON.stringify(t.params) : ''),
        target: t.init.distribution(t.shape).std,
        stats: stats[j]!,
        size: t.size,
      }),
    );
  }
  bar.finish();
  const seconds = (performance.now() - t0) / 1000;

  if (!values.quiet) {
    const header = ['name', 'shape', 'dtype', 'initializer', 'target std', 'mean', 'std', 'min', 'max'];
    const cells = rows.map((r) => [
      r.name,
      r.shape,
      r.dtype,
      r.initializer,
      fmt(r.target),
      fmt(r.stats.mean),
      fmt(r.stats.std),
      fmt(r.stats.min),
      fmt(r.stats.max),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
    const line = (c: string[]) =>
      c
        .map((x, i) => (i >= 4 ? x.padStart(widths[i]!) : x.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    if (statsEvery > 1) {
      say(
        `mean, std, min and max: from every ${statsEvery}th 4 MiB chunk of each tensor (all values up to 2^20 per tensor); --exact-stats for all`,
      );
    }
    say(line(header));
    say(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const c of cells) say(line(c));
    say('');
  }
  say(`model:       ${spec.name}${spec.description ? ` (${spec.description})` : ''}`);
  say(`seed:        ${spec.seed}`);
  const parameters = rows.reduce((sum, r) => sum + r.size, 0);
  const ofAll = (part: number, all: number) =>
    part === all ? all.toLocaleString('en-US') : `${part.toLocaleString('en-US')} of ${all.toLocaleString('en-US')}`;
  say(`tensors:     ${ofAll(rows.length, spec.tensors.length)}`);
  say(`parameters:  ${ofAll(parameters, spec.parameters)}`);
  const where = output === '-' ? 'standard output' : output;
  if (plan && files) {
    const which =
      only === undefined
        ? `${plan.files.length} shards`
        : `shard ${only} of ${plan.files.length} (${plan.files[only - 1]})`;
    say(
      `wrote:       ${where}: ${which}${plan.files.length > 1 ? ' and model.safetensors.index.json' : ''} (${formatBytes(totalBytes)})`,
    );
  } else {
    say(`wrote:       ${where} (safetensors, ${formatBytes(totalBytes)})`);
  }
  say(`time:        ${formatSeconds(seconds)}`);
  say(
    `throughput:  ${formatBytes(totalBytes / seconds)}/s, ${(parameters / seconds / 1e6).toFixed(1)} Mparam/s (including fsync)`,
  );
  return EXIT.ok;
}

async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {});
  if (values.help) {
    process.stdout.write(HELP.verify + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `verify takes one <dir|file>; got ${positionals.length} argument(s) (see nninit verify --help)`,
    );
  }
  await ready();
  const t0 = performance.now();
  const results = await verifyCheckpoint(positionals[0]!, ({ file, name, problem }) =>
    process.stdout.write(problem === undefined ? `ok        ${name}\n` : `MISMATCH  ${name} (${file}): ${problem}\n`),
  );
  const failed = results.filter((r) => r.problem !== undefined).length;
  const files = new Set(results.map((r) => r.file)).size;
  const seconds = formatSeconds((performance.now() - t0) / 1000);
  if (failed === 0) {
    process.stdout.write(
      `verified:   ${results.length} tensors in ${files} file(s), all equal to their recomputation (${seconds})\n`,
    );
    return EXIT.ok;
  }
  process.stdout.write(
    `verified:   ${failed} of ${results.length} tensors in ${files} file(s) differ or cannot be checked (${seconds})\n`,
  );
  return EXIT.verify;
}

function bench(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP.bench + '\n');
    return EXIT.ok;
  }
  const script = path.join(ROOT, 'bench', 'run.mjs');
  if (!existsSync(script)) {
    process.stderr.write(
      `nninit bench: ${script} is not here: the benchmark suite ships with the repository (git clone, npm ci, npm run bench)\n`,
    );
    return EXIT.usage;
  }
  const result = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit', cwd: ROOT });
  return result.status ?? EXIT.internal;
}

// ---------------------------------------------------------------------------------------------
// Entry

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        if (command === 'help' && rest[0] && rest[0] in HELP) return main([rest[0], '--help']);
        (command === undefined ? process.stderr : process.stdout).write(HELP.main + '\n');
        return command === undefined ? EXIT.usage : EXIT.ok;
      case '-v':
      case '--version':
        process.stdout.write(`${VERSION}\n`);
        return EXIT.ok;
      case 'sample':
        return await sample(rest);
      case 'model':
        return await model(rest);
      case 'verify':
        return await verify(rest);
      case 'bench':
        return bench(rest);
      default:
        throw new UsageError(
          `unknown command ${JSON.stringify(command)}; commands are sample, model, verify, bench (nninit --help)`,
        );
    }
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof UsageError || error instanceof UnknownInitializerError) {
      process.stderr.write(`nninit: ${message}\n`);
      return EXIT.usage;
    }
    if (error instanceof SpecError) {
      process.stderr.write(`nninit: bad spec: ${message}\n`);
      return EXIT.spec;
    }
    if (error instanceof OutputError) {
      process.stderr.write(`nninit: ${message}\n`);
      return EXIT.output;
    }
    if (error instanceof VerifyError) {
      process.stderr.write(`nninit: cannot verify: ${message}\n`);
      return EXIT.verify;
    }
    process.stderr.write(`nninit: internal error: ${(error as Error).stack ?? message}\n`);
    return EXIT.internal;
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void Promise.all([...openSinks].map((s) => s.abort())).finally(() => {
      process.stderr.write(`\nnninit: interrupted; nothing was written\n`);
      process.exit(EXIT.interrupted);
    });
  });
}

process.exitCode = await main(process.argv.slice(2));
