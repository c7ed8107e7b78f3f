// Reading input files with a bound: a spec named by mistake as /dev/zero, or a FIFO that never
// ends, fails fast with a clear message instead of reading forever.

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { formatBytes } from './report.js';

/** The most a spec may hold: far above a million-tensor spec (about 80 MB), far below what would exhaust memory. */
export const MAX_SPEC_BYTES = 256 * 1024 * 1024;

/** Why a file could not be read: the system error code, or `too large`. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The bytes of `file`, at most `limit` of them; throws InputError beyond that, or if it cannot be read. */
export async function readBounded(file: string, limit: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(code, `cannot read ${file} (${code})`);
  }
  const tooLarge = () =>
    new InputError('EFBIG', `${file} is larger than ${formatBytes(limit)}, the most nninit reads: is it a spec?`);
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new InputError('EISDIR', `cannot read ${file}: it is a directory`);
    if (stats.isFile() && stats.size > limit) throw tooLarge();
    // Read until the end, for files that grow and for devices and FIFOs, whose size says nothing.
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const chunk = new Uint8Array(Math.min(1 << 20, limit + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) throw tooLarge();
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new InputError(code, `cannot read ${file} (${code})`);
  } finally {
    await handle.close().catch(() => {});
  }
}
