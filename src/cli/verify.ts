// `nninit verify DIR|FILE`: recomputes every tensor of a safetensors checkpoint that nninit wrote
// (one file, or a Hugging Face sharded directory with its index) from the recipe each file
// carries in its `__metadata__`, and compares it with the file's bytes, a 4 MiB chunk at a time
// (bounded memory). A checkpoint written on many machines can be checked without trusting any.

import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ready, STREAM_FORMAT_VERSION } from '../index.js';
import { parseSafetensorsHeader, safetensorsHeaderLength, type SafetensorsHeader } from '../io/formats.js';
import { makeInitializer, type SpecTensor } from '../io/spec.js';
import { DTYPES } from '../laws/dtype.js';
import { sizeOf } from '../laws/shape.js';
import { type OptionTable, parseCommandLine } from './args.js';
import type { Command } from './command.js';
import { EXIT, UsageError } from './exit.js';
import { formatSeconds, plural } from './report.js';
import { CHUNK, encodeChunk, Slot, type TensorJob } from './writer.js';

/** The `__metadata__` key of a file's recipes: JSON `{ name: { initializer, params, seed } }` for its tensors. */
export const RECIPE_KEY = 'nninit_tensors';

/** The file of a sharded checkpoint's index (Hugging Face's name). */
export const INDEX_FILE = 'model.safetensors.index.json';

/** safetensors' own limit on the header (MAX_HEADER_SIZE in the Rust crate). */
const MAX_HEADER_BYTES = 100_000_000;

interface Recipe {
  initializer: string;
  params: Record<string, unknown>;
  seed: string | null;
}

/** What verify needs to recompute each tensor: its initializer's canonical name, options and seed (a decimal string). */
export function recipes(tensors: readonly Pick<SpecTensor, 'name' | 'initializer' | 'params' | 'seed'>[]): string {
  const all: Record<string, Recipe> = {};
  for (const t of tensors) {
    all[t.name] = {
      initializer: t.initializer,
      params: { ...t.params },
      seed: t.seed === null ? null : String(t.seed),
    };
  }
  return JSON.stringify(all);
}

/** A file or index that cannot be verified: missing, unreadable, malformed, or not written by this nninit. */
export class VerifyError extends Error {
  override name = 'VerifyError';
}

interface Index {
  readonly totalSize: number;
  /** Tensor name → file name. */
  readonly weightMap: ReadonlyMap<string, string>;
}

/** Reads a Hugging Face index: `{ "metadata": { "total_size": N, … }, "weight_map": { name: file } }`. */
async function readIndex(file: string): Promise<Index> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new VerifyError(`${file}: cannot read the index (${describe(error)})`);
  }
  const index = raw as { metadata?: { total_size?: unknown }; weight_map?: unknown };
  const totalSize = index?.metadata?.total_size;
  if (typeof totalSize !== 'number' || !Number.isSafeInteger(totalSize)) {
    throw new VerifyError(`${file}: metadata.total_size is not an integer`);
  }
  const map = index.weight_map;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    throw new VerifyError(`${file}: weight_map is not an object`);
  }
  const weightMap = new Map<string, string>();
  for (const [name, shard] of Object.entries(map)) {
    if (typeof shard !== 'string' || shard !== path.basename(shard)) {
      throw new VerifyError(`${file}: weight_map[${JSON.stringify(name)}] is not a file name in the same directory`);
    }
    weightMap.set(name, shard);
  }
  return { totalSize, weightMap };
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ?? e?.message ?? String(error);
}

/** The outcome of one tensor. */
export interface TensorResult {
  readonly file: string;
  readonly name: string;
  /** undefined when the tensor matches; otherwise what differs. */
  readonly problem: string | undefined;
}

/**
 * Verifies `target`: a safetensors file, a directory holding model.safetensors.index.json and
 * its shards (or a single model.safetensors), or the index file itself. Calls `report` for each
 * tensor as it is checked and resolves to every result. Throws VerifyError when there is nothing
 * to verify.
 */
export async function verifyCheckpoint(
  target: string,
  report: (result: TensorResult) => void,
): Promise<TensorResult[]> {
  let info;
  try {
    info = await stat(target);
  } catch (error) {
    throw new VerifyError(`${target}: ${describe(error)}`);
  }
  let dir = path.dirname(target);
  let indexFile: string | undefined;
  let files: string[] | undefined;
  if (info.isDirectory()) {
    dir = target;
    const candidate = path.join(dir, INDEX_FILE);
    if (await exists(candidate)) indexFile = candidate;
    else if (await exists(path.join(dir, 'model.safetensors'))) files = ['model.safetensors'];
    else throw new VerifyError(`${target}: holds neither ${INDEX_FILE} nor model.safetensors`);
  } else if (target.endsWith('.index.json')) {
    indexFile = target;
  } else {
    files = [path.basename(target)];
  }
  const index = indexFile === undefined ? undefined : await readIndex(indexFile);
  files ??= [...new Set(index!.weightMap.values())].sort();

  const results: TensorResult[] = [];
  const record = (result: TensorResult): void => {
    results.push(result);
    report(result);
  };
  const slot = new Slot();
  const read = new Uint8Array(CHUNK * 8);
  let totalSize = 0;
  const seen = new Set<string>();
  for (const file of files) {
    const where = path.join(dir, file);
    let header: SafetensorsHeader;
    try {
      header = await readHeader(where);
    } catch (error) {
      const problem = error instanceof VerifyError ? error.message : `${where}: ${describe(error)}`;
      // Every tensor the index places in this file fails with it.
      const names = index ? [...index.weightMap].filter(([, f]) => f === file).map(([n]) => n) : ['(every tensor)'];
      for (const name of names) {
        seen.add(name);
        record({ file, name, problem });
      }
      continue;
    }
    const fileProblem = checkFile(header);
    let recipeOf: Record<string, Recipe> = {};
    if (fileProblem === undefined) recipeOf = JSON.parse(header.metadata[RECIPE_KEY]!) as Record<string, Recipe>;
    for (const t of header.tensors) {
      seen.add(t.name);
      totalSize += t.offsets[1] - t.offsets[0];
      let problem = fileProblem;
      if (problem === undefined && index && index.weightMap.get(t.name) !== file) {
        problem = `the index places it in ${index.weightMap.get(t.name) ?? 'no file'}, not ${file}`;
      }
      const recipe = recipeOf[t.name];
      if (problem === undefined && recipe === undefined) problem = `${RECIPE_KEY} has no recipe for it`;
      problem ??= await compare(where, header.dataStart, t, recipe!, slot, read);
      record({ file, name: t.name, problem });
    }
  }
  if (index) {
    for (const [name, file] of index.weightMap) {
      if (!seen.has(name)) record({ file, name, problem: `the index places it in ${file}, which does not hold it` });
    }
    if (totalSize !== index.totalSize && results.every((r) => r.problem === undefined)) {
      record({
        file: INDEX_FILE,
        name: 'metadata.total_size',
        problem: `the index says ${index.totalSize} bytes, the files hold ${totalSize}`,
      });
    }
  }
  return results;
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function readHeader(file: string): Promise<SafetensorsHeader> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const first = new Uint8Array(8);
    await handle.read(first, 0, 8, 0);
    const length = safetensorsHeaderLength(first, Math.min(MAX_HEADER_BYTES, Math.max(0, size - 8)));
    const json = new Uint8Array(length);
    await handle.read(json, 0, length, 8);
    return parseSafetensorsHeader(json, size);
  } catch (error) {
    if (error instanceof RangeError) throw new VerifyError(`${file}: ${error.message}`);
    throw error;
  } finally {
    await handle.close();
  }
}

/** Why a file's tensors cannot be recomputed (another stream format, no recipes), or undefined. */
function checkFile(header: SafetensorsHeader): string | undefined {
  const written = header.metadata.stream_format;
  if (written !== String(STREAM_FORMAT_VERSION)) {
    return `written with stream format ${written ?? '(none)'}; this nninit computes stream format ${STREAM_FORMAT_VERSION}`;
  }
  const json = header.metadata[RECIPE_KEY];
  if (json === undefined) return `the file carries no ${RECIPE_KEY} in __metadata__: nninit model did not write it`;
  try {
    const parsed: unknown = JSON.parse(json);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
  } catch (error) {
    return `__metadata__.${RECIPE_KEY} is not a JSON object (${(error as Error).message})`;
  }
  return undefined;
}

/** Recomputes one tensor chunk by chunk and compares it with the file; undefined when equal, else the first difference. */
async function compare(
  file: string,
  dataStart: number,
  tensor: SafetensorsHeader['tensors'][number],
  recipe: Recipe,
  slot: Slot,
  read: Uint8Array,
): Promise<string | undefined> {
  let job: TensorJob;
  try {
    const seed = recipe.seed === null ? null : BigInt(recipe.seed);
    const init = makeInitializer(recipe.initializer, recipe.params ?? {}, seed);
    job = { name: tensor.name, shape: tensor.shape, dtype: tensor.dtype, size: sizeOf(tensor.shape, 'verify'), init };
    init.distribution(tensor.shape);
  } catch (error) {
    return `cannot rebuild its initializer from ${JSON.stringify(recipe)}: ${(error as Error).message}`;
  }
  const bytes = DTYPES[tensor.dtype].bytes;
  const handle = await open(file, 'r');
  try {
    for (let start = 0; start < job.size; start += CHUNK) {
      const n = Math.min(CHUNK, job.size - start);
      const expected = encodeChunk(job, slot, start, n);
      const actual = read.subarray(0, expected.length);
      const position = dataStart + tensor.offsets[0] + start * bytes;
      const { bytesRead } = await handle.read(actual, 0, actual.length, position);
      if (bytesRead !== actual.length) return `the file ends inside it (at byte ${position + bytesRead})`;
      const at = firstDifference(expected, actual);
      if (at >= 0) {
        const element = start + Math.floor(at / bytes);
        const offset = (element - start) * bytes;
        const hex = (b: Uint8Array) =>
          Array.from(b.subarray(offset, offset + bytes).reverse(), (x) => x.toString(16).padStart(2, '0')).join('');
        return `differs first at element ${element} ${multiIndex(element, tensor.shape)}: the file has 0x${hex(actual.slice())}, recomputed 0x${hex(expected.slice())}`;
      }
    }
  } finally {
    await handle.close();
  }
  return undefined;
}

/** The first byte where `a` and `b` differ, or −1 (Buffer.equals first: a native compare). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (Buffer.from(a.buffer, a.byteOffset, a.length).equals(b)) return -1;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

/** `[i, j, k]` of a flat row-major index. */
function multiIndex(flat: number, shape: readonly number[]): string {
  const index: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index.unshift(flat % shape[axis]!);
    flat = Math.floor(flat / shape[axis]!);
  }
  return `[${index.join(', ')}]`;
}

const OPTIONS = {} as const satisfies OptionTable;

const help = () => `usage: nninit verify <dir|file>

Recomputes every tensor of a safetensors checkpoint that \`nninit model\` (or \`nninit sample\`) wrote,
from the recipe each file carries in its __metadata__ (initializer, options, seed, stream format;
the dtype and shape from its header), and compares it with the file, 4 MiB at a time.

arguments:
  <dir|file>             a directory holding model.safetensors.index.json and its shards (every file
                         and the index are checked) or one model.safetensors; or a single file

Prints ok or the first differing element for each tensor. Exit code 0 when every tensor equals its
recomputation, 5 when one differs or cannot be checked.`;

async function run(args: readonly string[]): Promise<number> {
  const { options, positionals } = parseCommandLine('verify', args, OPTIONS);
  if (options.help) {
    process.stdout.write(help() + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `verify takes one <dir|file>; got ${plural(positionals.length, 'argument')} (see nninit verify --help)`,
    );
  }
  await ready();
  const t0 = performance.now();
  const results = await verifyCheckpoint(positionals[0]!, ({ file, name, problem }) =>
    process.stdout.write(problem === undefined ? `ok        ${name}\n` : `MISMATCH  ${name} (${file}): ${problem}\n`),
  );
  const failed = results.filter((r) => r.problem !== undefined).length;
  const files = plural(new Set(results.map((r) => r.file)).size, 'file');
  const seconds = formatSeconds((performance.now() - t0) / 1000);
  if (failed === 0) {
    process.stdout.write(
      `verified:   ${plural(results.length, 'tensor')} in ${files}, all equal to their recomputation (${seconds})\n`,
    );
    return EXIT.ok;
  }
  process.stdout.write(
    `verified:   ${failed} of ${plural(results.length, 'tensor')} in ${files} differ or cannot be checked (${seconds})\n`,
  );
  return EXIT.verify;
}

export const verify: Command = {
  name: 'verify',
  synopsis: 'verify <dir|file>',
  summary: 'recompute every tensor of a checkpoint nninit wrote, and compare',
  help,
  run,
};
