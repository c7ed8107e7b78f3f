// The native reference: bench/native/ (laws.c, main.c) built with gcc at wasm SIMD's width
// (128-bit SSE4.2, no AVX), run as one child process that answers timing requests, so its samples
// interleave with nninit's in the same rounds. Skipped, with the reason, where it cannot be built.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { BENCH_DIR } from './package.mjs';

const SOURCES = ['laws.c', 'main.c'].map((f) => path.join(BENCH_DIR, 'native', f));
export const NATIVE_FLAGS = ['-O3', '-std=gnu11', '-msse4.2', '-mno-avx', '-fno-math-errno'];

/** The float32 parameters of a law for the runner: (a, b) for uniform, (mean, std) for the normals. */
const paramsOf = (kind, p) => (kind === 'uniform' ? [p.minval, p.maxval] : [p.mean, p.stddev]);

/**
 * Builds and starts the runner. Returns { available: false, reason } where it cannot (no gcc, not
 * x86-64, the build fails), else { available: true, compiler, flags, time, values, close }:
 * - time(kind, params, n, calls) → Promise<{ ms, disturbance, sink }> for `calls` fills of n floats,
 *   timed inside the runner; disturbance = the runner's run-queue wait / wall time;
 * - values(kind, params, n) → one fill's n values, for the output check.
 */
export function startNative() {
  if (process.arch !== 'x64') return { available: false, reason: `SSE4.2 is x86-64 only; this is ${process.arch}` };
  const version = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) return { available: false, reason: 'gcc was not found on PATH' };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nninit-bench-native-'));
  const binary = path.join(dir, 'laws');
  const build = spawnSync('gcc', [...NATIVE_FLAGS, '-o', binary, ...SOURCES, '-lm'], { encoding: 'utf8' });
  if (build.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return { available: false, reason: `gcc could not build bench/native: ${build.stderr.trim()}` };
  }

  const child = spawn(binary, ['serve'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const replies = createInterface({ input: child.stdout });
  const waiting = [];
  replies.on('line', (reply) => waiting.shift()?.resolve(reply));
  child.on('exit', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`native runner exited (${code})`));
  });
  const request = (text) =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin.write(`${text}\n`);
    });

  return {
    available: true,
    compiler: version.stdout.split('\n')[0],
    flags: NATIVE_FLAGS.join(' '),
    async time(kind, params, n, calls) {
      const [a, b] = paramsOf(kind, params);
      const [elapsedNs, waitNs, sink] = (await request(`time ${kind} ${n} ${calls} ${a} ${b}`)).split(' ').map(Number);
      return { ms: elapsedNs / 1e6, disturbance: waitNs / elapsedNs, sink };
    },
    values(kind, params, n) {
      const run = spawnSync(binary, ['dump', kind, String(n), ...paramsOf(kind, params).map(String)], {
        maxBuffer: 4 * n + 1024,
      });
      if (run.status !== 0) throw new Error(`native runner dump ${kind} failed (${run.status}): ${run.stderr}`);
      const bytes = new Uint8Array(run.stdout);
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 4 * n));
    },
    close() {
      child.stdin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
