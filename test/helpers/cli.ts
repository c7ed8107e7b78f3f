// Running the built `nninit` command (dist/cli/main.js, `npm run build` first) and reading what it
// writes with parsers of our own. NNINIT_CLI points the CLI suites at another build (to see a
// test fail on the code before a fix).
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { expect } from 'vitest';
import { float16BitsToFloat32 } from '../../src/io/formats.js';

export const CLI = process.env.NNINIT_CLI ?? new URL('../../dist/cli/main.js', import.meta.url).pathname;

/** CI installs python3-numpy and runs as root: there, what a test needs is a requirement, not a reason to skip. */
export const inCI = Boolean(process.env.CI);

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Node flags before the CLI path (`--import` a fault). */
  node?: string[];
  timeout?: number;
}

/** Runs the CLI to completion. A timeout (default 2 minutes) kills it and leaves `status` null. */
export function runCli(args: readonly string[], options: RunOptions): SpawnSyncReturns<Buffer> {
  return spawnSync(process.execPath, [...(options.node ?? []), CLI, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    maxBuffer: 1 << 30,
    timeout: options.timeout ?? 120_000,
    killSignal: 'SIGKILL',
  });
}

/**
 * Starts the CLI with piped stdout and stderr (through `sh`, which sets no core dumps, since a run
 * stopped by SIGQUIT ends by it, and then execs node: the child's pid is the CLI's).
 */
export function spawnCli(args: readonly string[], options: RunOptions): ChildProcess {
  return spawn('sh', ['-c', 'ulimit -c 0 && exec "$0" "$@"', process.execPath, ...(options.node ?? []), CLI, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a child's stderr and resolves with its exit code (or signal) once it ends. */
export function finished(child: ChildProcess): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stderr?.on('error', () => {});
  child.stdout?.on('error', () => {});
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })));
}

export const text = (b: Buffer): string => b.toString('utf8');
export const bytes = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

export interface SafetensorsTensor {
  dtype: string;
  shape: number[];
  data: Buffer;
}

/** An independent safetensors reader: header length, JSON, and each tensor's bytes (keyed without a prototype). */
export function readSafetensors(file: Buffer) {
  const n = Number(file.readBigUInt64LE(0));
  const header = JSON.parse(file.subarray(8, 8 + n).toString('utf8')) as Record<string, unknown>;
  const data = file.subarray(8 + n);
  const tensors = Object.create(null) as Record<string, SafetensorsTensor>;
  let expected = 0;
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const {
      dtype,
      shape,
      data_offsets: [begin, end],
    } = info as { dtype: string; shape: number[]; data_offsets: [number, number] };
    expect(begin, `${name} starts where the previous tensor ended`).toBe(expected);
    expected = end;
    tensors[name] = { dtype, shape, data: data.subarray(begin, end) };
  }
  expect(expected, 'the data section holds exactly the tensors').toBe(data.length);
  return { headerBytes: n, metadata: header.__metadata__ as Record<string, string>, tensors };
}

/**
 * An .npy reader from NumPy's format spec (numpy/lib/format.py), for machines without NumPy:
 * magic, version 1.0 (u16 header length) or 2.0 (u32), the header dict; returns [shape, descr, values].
 */
export function readNpy(file: Buffer): [number[], string, number[]] {
  expect(file.subarray(0, 6).equals(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]))).toBe(true);
  const version = file[6]!;
  expect([1, 2]).toContain(version);
  expect(file[7]).toBe(0);
  const start = version === 1 ? 10 : 12;
  const length = version === 1 ? file.readUInt16LE(8) : file.readUInt32LE(8);
  expect((start + length) % 64, 'the data starts 64-byte aligned').toBe(0);
  const header = file.subarray(start, start + length).toString('latin1');
  expect(header.endsWith('\n')).toBe(true);
  const descr = /'descr': '([^']+)'/.exec(header)![1]!;
  expect(header).toMatch(/'fortran_order': False/);
  const shape = /'shape': \(([^)]*)\)/
    .exec(header)![1]!
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map(Number);
  const data = new Uint8Array(file.subarray(start + length));
  const values: number[] =
    descr === '<f4'
      ? Array.from(new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4))
      : descr === '<f2'
        ? Array.from(new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2), (b) => float16BitsToFloat32(b))
        : Array.from(new Float64Array(data.buffer, data.byteOffset, data.byteLength / 8));
  return [shape, descr, values];
}
