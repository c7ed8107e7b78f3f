// `nninit model <spec> -o FILE.safetensors`: every tensor of a model spec, streamed into one
// safetensors file in bounded memory; or, with --max-shard-size, into a Hugging Face sharded
// checkpoint (shards.ts), all of it or one shard.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { ready } from '../index.js';
import { safetensorsLayout } from '../io/formats.js';
import { decodeSpec, type ModelSpec, parseJson, resolveSpec, SpecError } from '../io/spec.js';
import { preview } from '../io/text.js';
import { DTYPES, type DType } from '../laws/dtype.js';
import { type OptionTable, parseCommandLine, parseDTypeOption, parseSeed } from './args.js';
import { type Command, fileMetadata, note, reporter, ROOT } from './command.js';
import { blame, EXIT, UsageError } from './exit.js';
import { InputError, MAX_SPEC_BYTES, readBounded } from './input.js';
import { isStandardOutput, openOutput, STANDARD_OUTPUT } from './output.js';
import { formatBytes, formatSeconds, formatValue, plural, progress } from './report.js';
import { parseSize, planShards, shardFiles, shardNumber, writeShards } from './shards.js';
import { RECIPE_KEY, recipes } from './verify.js';
import { type Stats, writeTensors } from './writer.js';

const SPECS_DIR = path.join(ROOT, 'specs');
export const BUILTIN_SPECS = ['resnet50', 'bert-base', 'gpt2-small', 'gpt2-1b'];
/** Statistics come from every STATS_EVERY-th chunk unless --exact-stats. */
const STATS_EVERY = 8;

const OPTIONS = {
  output: { type: 'string', short: 'o', value: 'FILE' },
  seed: { type: 'string', value: 'N' },
  dtype: { type: 'string', value: 'D' },
  progress: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'exact-stats': { type: 'boolean' },
  list: { type: 'boolean' },
  'max-shard-size': { type: 'string', value: 'SIZE' },
  shard: { type: 'string', value: 'I' },
} as const satisfies OptionTable;

const help = () => `usage: nninit model <spec> -o FILE.safetensors [options]
       nninit model <spec> -o DIR --max-shard-size SIZE [--shard I|auto] [options]

Initializes every tensor of a model spec and streams them, tensor by tensor in 4 MiB chunks, into
a .safetensors file (bounded memory; written to a temporary file and renamed when complete).
The same spec and seed give a byte-identical file.

arguments:
  <spec>                 a built-in spec (${BUILTIN_SPECS.join(', ')}) or a path to a JSON spec

options:
  -o, --output FILE      the .safetensors file to write (required; - for stdout); with --max-shard-size, a directory
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

A spec is JSON (UTF-8, at most ${formatBytes(MAX_SPEC_BYTES)}): { "name", "description", "parameters" (checked),
"seed", "dtype", "tensors": [ { "name": "h.0.attn.c_attn.weight", "shape": [768, 2304],
"initializer": "random_normal", "params": { "stddev": 0.02 }, "dtype": "float32" }, ... ] }`;

async function loadSpec(ref: string, seed: bigint | undefined, dtype: DType | undefined): Promise<ModelSpec> {
  const builtin = BUILTIN_SPECS.includes(ref) && !existsSync(ref);
  const file = builtin ? path.join(SPECS_DIR, `${ref}.json`) : ref;
  const label = builtin ? `${ref}.json` : ref;
  let bytes: Uint8Array;
  try {
    bytes = await readBounded(file, MAX_SPEC_BYTES);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const hint = error.code === 'ENOENT' ? `; built-in specs are ${BUILTIN_SPECS.join(', ')}` : '';
    throw new SpecError(
      error.code === 'EFBIG' || error.code === 'EISDIR'
        ? error.message
        : `${ref}: cannot read the spec (${error.code})${hint}`,
    );
  }
  const options: { seed?: bigint; dtype?: DType } = {};
  if (seed !== undefined) options.seed = seed;
  if (dtype !== undefined) options.dtype = dtype;
  return resolveSpec(parseJson(decodeSpec(bytes, label), label), label, options);
}

/** A model file's metadata: `format: pt`, which transformers requires to load it, and the recipes `nninit verify` reads. */
function modelMetadata(spec: ModelSpec, tensors: ModelSpec['tensors']): Record<string, string> {
  return fileMetadata({ format: 'pt', spec: spec.name, seed: String(spec.seed), [RECIPE_KEY]: recipes(tensors) });
}

async function run(args: readonly string[]): Promise<number> {
  const { options, positionals } = parseCommandLine('model', args, OPTIONS);
  if (options.help) {
    process.stdout.write(help() + '\n');
    return EXIT.ok;
  }
  if (options.list) {
    for (const name of BUILTIN_SPECS) {
      const spec = await loadSpec(name, undefined, undefined);
      process.stdout.write(
        `${name.padEnd(12)} ${spec.parameters.toLocaleString('en-US').padStart(15)} parameters  ${spec.description}\n`,
      );
    }
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `model takes one <spec>; got ${plural(positionals.length, 'argument')} (see nninit model --help)`,
    );
  }
  const output = options.output;
  if (output === undefined) throw new UsageError('model needs -o FILE.safetensors');
  const maxShardSize = options['max-shard-size'];
  const sharded = maxShardSize !== undefined;
  if (options.shard !== undefined && !sharded)
    throw new UsageError('--shard needs --max-shard-size (it cuts the shards)');
  if (sharded && (isStandardOutput(output) || path.extname(output).toLowerCase() === '.safetensors')) {
    throw new UsageError(
      `with --max-shard-size, -o names a directory for the shards and the index; got ${preview(output)}`,
    );
  }
  if (!sharded && !isStandardOutput(output) && path.extname(output).toLowerCase() !== '.safetensors') {
    throw new UsageError(`model writes .safetensors; got ${preview(output)}`);
  }
  const limit = sharded ? blame(UsageError, () => parseSize(maxShardSize)) : 0;
  const seed = parseSeed(options.seed);
  const dtype = parseDTypeOption(options.dtype);
  // Everything that can be wrong with the spec is found here, before the output is opened.
  const spec = await loadSpec(positionals[0]!, seed, dtype);
  const plan = sharded
    ? planShards(
        spec.tensors.map((t) => t.bytes),
        limit,
      )
    : undefined;
  const shardArg = options.shard;
  const only =
    plan && shardArg !== undefined
      ? blame(UsageError, () => shardNumber(shardArg, plan.files.length, process.env))
      : undefined;
  const files = blame(SpecError, () =>
    plan
      ? shardFiles(spec.tensors, plan, only, (own) => modelMetadata(spec, own))
      : [
          {
            k: 0,
            tensors: spec.tensors,
            layout: safetensorsLayout(
              spec.tensors.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape })),
              modelMetadata(spec, spec.tensors),
            ),
          },
        ],
  );
  await ready();

  for (const i of plan?.oversized ?? []) {
    const t = spec.tensors[i]!;
    note(
      `${t.name} (${formatBytes(t.bytes)}) is larger than --max-shard-size (${formatBytes(limit)}); it goes alone in its shard, as Hugging Face does`,
    );
  }
  const totalBytes = files.reduce((sum, f) => sum + f.layout.fileBytes, 0);
  const bar = progress(totalBytes, process.stderr, options.progress ?? true);
  const statsEvery = options['exact-stats'] ? 1 : STATS_EVERY;
  const t0 = performance.now();
  let done = files.reduce((sum, f) => sum + f.layout.header.length, 0);
  bar.update(done, '');
  const onChunk = (bytes: number, t: { name: string }) => {
    done += bytes;
    bar.update(done, t.name);
  };
  let stats: Stats[][];
  let target: string;
  if (plan) {
    const names = spec.tensors.map((t) => t.name);
    stats = await writeShards(output, names, plan, files, onChunk, statsEvery);
    target = output;
  } else {
    const sink = await openOutput(output, { size: totalBytes, note });
    stats = [await writeTensors(sink, files[0]!.layout.header, spec.tensors, onChunk, statsEvery)];
    target = sink.target;
  }
  bar.finish();
  const seconds = (performance.now() - t0) / 1000;
  const say = reporter(target === STANDARD_OUTPUT);
  const written = files.flatMap((f, k) => f.tensors.map((t, j) => ({ t, s: stats[k]![j]! })));

  if (!options.quiet) {
    const header = ['name', 'shape', 'dtype', 'initializer', 'target std', 'mean', 'std', 'min', 'max'];
    const cells = written.map(({ t, s }) => [
      t.name,
      t.shape.join('x') || 'scalar',
      DTYPES[t.dtype].safetensors,
      t.initializer + (Object.keys(t.params).length ? JSON.stringify(t.params) : ''),
      formatValue(t.init.distribution(t.shape).std),
      formatValue(s.mean),
      formatValue(s.std),
      formatValue(s.min),
      formatValue(s.max),
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
  const parameters = written.reduce((sum, { t }) => sum + t.size, 0);
  const ofAll = (part: number, all: number) =>
    part === all ? all.toLocaleString('en-US') : `${part.toLocaleString('en-US')} of ${all.toLocaleString('en-US')}`;
  say(`tensors:     ${ofAll(written.length, spec.tensors.length)}`);
  say(`parameters:  ${ofAll(parameters, spec.parameters)}`);
  if (plan) {
    const which =
      only === undefined
        ? plural(plan.files.length, 'shard')
        : `shard ${only} of ${plan.files.length} (${plan.files[only - 1]})`;
    const index = plan.files.length > 1 ? ' and model.safetensors.index.json' : '';
    say(`wrote:       ${target}: ${which}${index} (${formatBytes(totalBytes)})`);
  } else {
    say(`wrote:       ${target} (safetensors, ${formatBytes(totalBytes)})`);
  }
  say(`time:        ${formatSeconds(seconds)}`);
  say(
    `throughput:  ${formatBytes(totalBytes / seconds)}/s, ${(parameters / seconds / 1e6).toFixed(1)} Mparam/s (including fsync)`,
  );
  return EXIT.ok;
}

export const model: Command = {
  name: 'model',
  synopsis: 'model <spec> -o FILE',
  summary: 'initialize every tensor of a model spec into a .safetensors file, or a sharded checkpoint',
  help,
  run,
};
