// `nninit model SPEC -o DIR --max-shard-size SIZE [--shard I|auto]`: the Hugging Face sharded
// checkpoint layout, model-00001-of-0000N.safetensors … and model.safetensors.index.json. Tensors
// go to shards as huggingface_hub's split_state_dict_into_shards_factory assigns them: in spec
// order, a new shard whenever the next tensor would take the current one over the limit, and a
// tensor larger than the limit alone in a shard of its own. The plan depends on the spec and the
// limit only, so every process of a job array computes the same plan and the same index, and
// writes its own shard with no coordination.

import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { type SafetensorsLayout, safetensorsLayout } from '../io/formats.js';
import type { SpecTensor } from '../io/spec.js';
import { note } from './command.js';
import { describeError, openOutput, OutputError } from './output.js';
import { INDEX_FILE } from './verify.js';
import { type Stats, type TensorJob, writeTensors } from './writer.js';

const UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
};

/** Parses a shard size: bytes, or a number with KB, MB, GB, TB (powers of 10, as Hugging Face reads them) or KiB … TiB. */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(text);
  const bytes = match ? Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'B').toUpperCase()]!) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new RangeError(
      `--max-shard-size must be a size of at least 1 byte, like 5GB, 500MB or 2GiB (KB … TB are powers of 10, KiB … TiB powers of 2); got ${JSON.stringify(text)}`,
    );
  }
  return bytes;
}

export interface ShardPlan {
  /** Each shard's tensors, as indices into the spec's tensors, in spec order. */
  readonly shards: readonly (readonly number[])[];
  /** Each shard's file name: model-00001-of-00004.safetensors …, or model.safetensors when there is one shard. */
  readonly files: readonly string[];
  /** The tensors larger than the limit, each alone in its shard (which is then larger than the limit). */
  readonly oversized: readonly number[];
  /** The bytes of every tensor's data (Hugging Face's metadata.total_size). */
  readonly totalSize: number;
}

/** Assigns tensors of the given byte sizes to shards of at most `limit` bytes, as Hugging Face does (see the top). */
export function planShards(sizes: readonly number[], limit: number): ShardPlan {
  const shards: number[][] = [];
  const oversized: number[] = [];
  let current: number[] = [];
  let currentSize = 0;
  let totalSize = 0;
  sizes.forEach((size, i) => {
    totalSize += size;
    if (size > limit) {
      // Hugging Face closes this shard at once, while the current one stays open for the next tensors.
      shards.push([i]);
      oversized.push(i);
      return;
    }
    if (currentSize + size > limit) {
      shards.push(current);
      current = [];
      currentSize = 0;
    }
    current.push(i);
    currentSize += size;
  });
  if (current.length > 0) shards.push(current);
  const n = shards.length;
  const five = (k: number) => String(k).padStart(5, '0');
  const files =
    n === 1 ? ['model.safetensors'] : shards.map((_, k) => `model-${five(k + 1)}-of-${five(n)}.safetensors`);
  return { shards, files, oversized, totalSize };
}

/**
 * The index, as transformers writes it (`json.dumps(index, indent=2, sort_keys=True) + "\n"`):
 * `metadata.total_size` and a `weight_map` from each tensor name to its file, names sorted.
 */
export function indexJson(names: readonly string[], plan: ShardPlan): string {
  const fileOf = new Map<string, string>();
  plan.shards.forEach((shard, k) => shard.forEach((i) => fileOf.set(names[i]!, plan.files[k]!)));
  const weightMap: Record<string, string> = {};
  for (const name of [...fileOf.keys()].sort()) weightMap[name] = fileOf.get(name)!;
  return JSON.stringify({ metadata: { total_size: plan.totalSize }, weight_map: weightMap }, null, 2) + '\n';
}

/**
 * The 1-based shard `--shard` names, checked against the plan's `count` shards. `auto` takes it
 * from the job runner: SLURM_ARRAY_TASK_ID (a Slurm job array, run it as --array=1-N) or else
 * JOB_COMPLETION_INDEX (a Kubernetes Indexed Job, which counts from 0).
 */
export function shardNumber(value: string, count: number, env: Readonly<Record<string, string | undefined>>): number {
  let text = value;
  let source = '--shard';
  let base = 1;
  if (value === 'auto') {
    if (env.SLURM_ARRAY_TASK_ID !== undefined) {
      [text, source] = [env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID (--shard auto)'];
    } else if (env.JOB_COMPLETION_INDEX !== undefined) {
      [text, source, base] = [env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX (--shard auto)', 0];
    } else {
      throw new RangeError(
        '--shard auto reads SLURM_ARRAY_TASK_ID (a Slurm job array) or JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), and neither is set; pass --shard I instead',
      );
    }
  }
  const shard = /^\s*\d+\s*$/.test(text) ? Number(text) - base + 1 : NaN;
  if (!Number.isSafeInteger(shard) || shard < 1 || shard > count) {
    throw new RangeError(
      `${source} must be a shard number in [${base}, ${count - 1 + base}] (this spec and --max-shard-size make ${count} shard${count === 1 ? '' : 's'}); got ${JSON.stringify(text)}`,
    );
  }
  return shard;
}

/** A shard to write: its number (from 0), its tensors in order, and its safetensors layout. */
export interface ShardFile {
  readonly k: number;
  readonly tensors: readonly SpecTensor[];
  readonly layout: SafetensorsLayout;
}

/**
 * The layouts of every shard of `plan`, or of the 1-based shard `only`, each with the metadata
 * `metadata` gives for its tensors. Anything wrong with them is found here, before a file is opened.
 */
export function shardFiles(
  tensors: readonly SpecTensor[],
  plan: ShardPlan,
  only: number | undefined,
  metadata: (tensors: readonly SpecTensor[]) => Record<string, string>,
): ShardFile[] {
  const chosen = only === undefined ? plan.shards.map((_, k) => k) : [only - 1];
  return chosen.map((k) => {
    const own = plan.shards[k]!.map((i) => tensors[i]!);
    const entries = own.map((t) => ({ name: t.name, dtype: t.dtype, shape: t.shape }));
    return { k, tensors: own, layout: safetensorsLayout(entries, metadata(own)) };
  });
}

/**
 * Writes `files` (from shardFiles) into `dir` (created if missing; its parent must exist), then
 * the index whenever the plan has more than one shard. Each file is written atomically
 * (output.ts). Returns the statistics of each file's tensors.
 */
export async function writeShards(
  dir: string,
  names: readonly string[],
  plan: ShardPlan,
  files: readonly ShardFile[],
  onChunk: (bytes: number, tensor: TensorJob) => void,
  statsEvery: number,
): Promise<Stats[][]> {
  // Not { recursive: true }: Node 20's recursive mkdir spins forever on some file systems (/proc).
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST') {
      throw new OutputError(dir, code, `cannot create the directory ${dir}: ${describeError(error)}`);
    }
  }
  const stats: Stats[][] = [];
  for (const { k, tensors, layout } of files) {
    const sink = await openOutput(path.join(dir, plan.files[k]!), { size: layout.fileBytes, note });
    stats.push(await writeTensors(sink, layout.header, tensors, onChunk, statsEvery));
  }
  if (plan.files.length > 1) {
    const index = new TextEncoder().encode(indexJson(names, plan));
    const sink = await openOutput(path.join(dir, INDEX_FILE), { size: index.length, note });
    await sink.write(index);
    await sink.commit();
  }
  return stats;
}
