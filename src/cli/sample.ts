// `nninit sample <initializer> <shape>`: one tensor, its fans and statistics, optionally written
// as .npy, .safetensors or raw .bin.

import path from 'node:path';
import { computeFans, ready } from '../index.js';
import { npyHeader, safetensorsLayout } from '../io/formats.js';
import { initializerNames, makeInitializer, resolveInitializer, takesSeed } from '../io/spec.js';
import { preview } from '../io/text.js';
import { DTYPES } from '../laws/dtype.js';
import { sizeOf } from '../laws/shape.js';
import { type OptionTable, parseCommandLine, parseDTypeOption, parseParams, parseSeed, parseShape } from './args.js';
import { type Command, fileMetadata, note, reporter } from './command.js';
import { blame, EXIT, UsageError } from './exit.js';
import { discard, isStandardOutput, openOutput, STANDARD_OUTPUT } from './output.js';
import { formatBytes, formatSeconds, formatValue, plural } from './report.js';
import { RECIPE_KEY, recipes } from './verify.js';
import { writeTensors } from './writer.js';

const OPTIONS = {
  seed: { type: 'string', value: 'N' },
  param: { type: 'string', multiple: true, value: 'key=value' },
  dtype: { type: 'string', value: 'D' },
  output: { type: 'string', short: 'o', value: 'FILE' },
  format: { type: 'string', value: 'F' },
  name: { type: 'string', value: 'NAME' },
} as const satisfies OptionTable;

const help = () => `usage: nninit sample <initializer> <shape> [options]

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
  -o, --output FILE      .npy (NumPy format 1.0, or 2.0 for headers over 64 KiB), .safetensors or .bin
                         (raw little-endian); - for stdout; a device, FIFO or socket is written in place
  --format F             npy, safetensors or bin: overrides the extension (default bin for stdout and devices)
  --name NAME            the tensor's name in a .safetensors file (default "tensor")
  -h, --help             this help

initializers: ${initializerNames().join(', ')}

Files are written to a temporary file beside the target and renamed when complete.
bfloat16 has no NumPy dtype: use .safetensors or .bin for it.`;

type Format = 'npy' | 'safetensors' | 'bin';

function formatOf(file: string | undefined, explicit: string | undefined): Format {
  if (explicit !== undefined) {
    if (explicit === 'npy' || explicit === 'safetensors' || explicit === 'bin') return explicit;
    throw new UsageError(`--format must be npy, safetensors or bin; got ${preview(explicit)}`);
  }
  if (file === undefined || isStandardOutput(file)) return 'bin';
  const ext = path.extname(file).toLowerCase();
  if (ext === '.npy') return 'npy';
  if (ext === '.safetensors') return 'safetensors';
  if (ext === '.bin' || ext === '.raw' || ext === '.f32') return 'bin';
  throw new UsageError(
    `cannot tell the format of ${preview(file)} from its extension: use .npy, .safetensors or .bin, or --format`,
  );
}

async function run(args: readonly string[]): Promise<number> {
  const { options, positionals } = parseCommandLine('sample', args, OPTIONS);
  if (options.help) {
    process.stdout.write(help() + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 2) {
    throw new UsageError(
      `sample takes <initializer> <shape>; got ${plural(positionals.length, 'argument')} (see nninit sample --help)`,
    );
  }
  // Everything that can be wrong with the command line is found here, before any output is opened.
  const [name, shapeText] = positionals as [string, string];
  const canonical = resolveInitializer(name);
  const shape = parseShape(shapeText);
  const params = parseParams(options.param);
  const dtype = parseDTypeOption(options.dtype) ?? 'float32';
  const output = options.output;
  const format = formatOf(output, options.format);
  if (output !== undefined && format === 'npy' && DTYPES[dtype].npy === null) {
    throw new UsageError(`NumPy has no ${dtype} dtype: write .safetensors or .bin, or choose float16 or float32`);
  }
  let seed = parseSeed(options.seed);
  const fresh = seed === undefined && takesSeed(canonical);
  if (fresh) {
    const words = crypto.getRandomValues(new Uint32Array(2));
    seed = (BigInt(words[1]!) << 32n) | BigInt(words[0]!);
  }
  const tensorName = options.name ?? 'tensor';
  const { init, size, prefix } = blame(UsageError, () => {
    const init = makeInitializer(canonical, params, seed ?? null);
    init.distribution(shape); // the shape-dependent checks (fans, float32 ranges)
    const size = sizeOf(shape, 'sample');
    const prefix =
      output === undefined || format === 'bin'
        ? undefined
        : format === 'npy'
          ? npyHeader(shape, dtype)
          : safetensorsLayout(
              [{ name: tensorName, dtype, shape }],
              fileMetadata({
                initializer: canonical,
                seed: String(seed ?? ''),
                params: JSON.stringify(params),
                [RECIPE_KEY]: recipes([{ name: tensorName, initializer: canonical, params, seed: seed ?? null }]),
              }),
            ).header;
    return { init, size, prefix };
  });
  const bytes = (prefix?.length ?? 0) + size * DTYPES[dtype].bytes;
  await ready();

  const sink = output === undefined ? discard : await openOutput(output, { size: bytes, note });
  const toStdout = sink.target === STANDARD_OUTPUT;
  const say = reporter(toStdout);
  const t0 = performance.now();
  const [stats] = await writeTensors(sink, prefix, [{ name: tensorName, shape, dtype, size, init }]);
  const seconds = (performance.now() - t0) / 1000;
  const law = init.distribution(shape);
  const { fanIn, fanOut } = computeFans(shape);
  say(`initializer: ${canonical}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`);
  say(`shape:       [${shape.join(', ')}] (${plural(size, 'value')}, ${dtype})`);
  say(
    `seed:        ${seed === undefined ? 'none (deterministic)' : String(seed)}${fresh ? ' (fresh; pass --seed to repeat)' : ''}`,
  );
  say(`fans:        fan_in ${fanIn}, fan_out ${fanOut}`);
  say(`target:      mean ${formatValue(law.mean)}, std ${formatValue(law.std)}`);
  say(
    size === 0
      ? 'measured:    no values (the shape has a zero dimension)'
      : `measured:    mean ${formatValue(stats!.mean)}, std ${formatValue(stats!.std)}, min ${formatValue(stats!.min)}, max ${formatValue(stats!.max)}`,
  );
  if (output !== undefined) {
    say(`wrote:       ${sink.target} (${format}, ${formatBytes(bytes)}) in ${formatSeconds(seconds)}`);
  }
  return EXIT.ok;
}

export const sample: Command = {
  name: 'sample',
  synopsis: 'sample <initializer> <shape>',
  summary: 'sample one tensor; print its fans and statistics; write .npy, .safetensors or .bin',
  help,
  run,
};
