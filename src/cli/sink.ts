// Where the CLI's bytes go: a file written atomically (a temporary file in the same directory,
// fsync'ed and renamed over the target only when complete), or standard output.

import { randomBytes } from 'node:crypto';
import { constants, type promises as fsp } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface Sink {
  /** A description for messages: the target path or "standard output". */
  readonly target: string;
  /**
   * Writes all of `bytes` after everything written before (writes may be in flight together);
   * the caller may reuse the buffer once the promise resolves.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Makes the output complete and visible (fsync and rename for files). */
  commit(): Promise<void>;
  /** Removes anything partial. Idempotent; never throws. */
  abort(): Promise<void>;
}

/** Sinks not yet committed or aborted, so a signal handler can clean them up. */
export const openSinks = new Set<Sink>();

/** An output error: the message names the target and the cause (`ENOSPC: no space left on device`). */
export class OutputError extends Error {
  override name = 'OutputError';
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const reasons: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    ENOENT: 'no such directory',
    ENOTDIR: 'a component of the path is not a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    EISDIR: 'is a directory',
    EPIPE: 'the reader closed the pipe',
    EEXIST: 'a temporary file of that name already exists',
  };
  return e?.code ? `${e.code}: ${reasons[e.code] ?? e.message}` : String((error as Error)?.message ?? error);
}

class FileSink implements Sink {
  #handle: fsp.FileHandle | undefined;
  #done = false;
  /** The file position of the next write, assigned when the write is issued. */
  #position = 0;
  constructor(
    readonly target: string,
    private readonly temp: string,
    handle: fsp.FileHandle,
  ) {
    this.#handle = handle;
    openSinks.add(this);
  }

  async write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    const position = this.#position;
    this.#position += bytes.length;
    try {
      if (this.#handle === undefined) throw new Error('the file was closed after an earlier error');
      while (offset < bytes.length) {
        const { bytesWritten } = await this.#handle.write(bytes, offset, bytes.length - offset, position + offset);
        if (bytesWritten === 0) throw Object.assign(new Error('wrote 0 bytes'), { code: 'ENOSPC' });
        offset += bytesWritten;
      }
    } catch (error) {
      await this.abort();
      throw new OutputError(`cannot write ${this.target}: ${describe(error)}; nothing was written`);
    }
  }

  async commit(): Promise<void> {
    try {
      await this.#handle!.sync();
      await this.#handle!.close();
      this.#handle = undefined;
      await rename(this.temp, this.target);
      this.#done = true;
      openSinks.delete(this);
    } catch (error) {
      await this.abort();
      throw new OutputError(`cannot write ${this.target}: ${describe(error)}; nothing was written`);
    }
    // Make the rename durable too (best effort: not every file system supports it).
    try {
      const dir = await open(path.dirname(this.target), constants.O_RDONLY);
      await dir.sync().finally(() => dir.close());
    } catch {
      // ignore
    }
  }

  async abort(): Promise<void> {
    openSinks.delete(this);
    if (this.#done) return;
    this.#done = true;
    try {
      await this.#handle?.close();
    } catch {
      // ignore
    }
    this.#handle = undefined;
    try {
      await unlink(this.temp);
    } catch {
      // ignore
    }
  }
}

/** Opens `target` for an atomic write: the bytes go to `.<name>.<random>.nninit-tmp` beside it. */
export async function fileSink(target: string): Promise<Sink> {
  const resolved = path.resolve(target);
  const temp = path.join(
    path.dirname(resolved),
    `.${path.basename(resolved)}.${randomBytes(6).toString('hex')}.nninit-tmp`,
  );
  try {
    const handle = await open(temp, 'wx', 0o666);
    return new FileSink(target, temp, handle);
  } catch (error) {
    throw new OutputError(`cannot write ${target}: ${describe(error)}`);
  }
}

/** Standard output, with backpressure: each write resolves once the stream has taken the chunk. */
export function stdoutSink(): Sink {
  let failed: Error | undefined;
  const onError = (error: Error) => {
    failed = error;
  };
  process.stdout.on('error', onError);
  const fail = (error: unknown) =>
    new OutputError(`cannot write to standard output: ${describe(error)}; the output is incomplete`);
  return {
    target: 'standard output',
    write(bytes: Uint8Array): Promise<void> {
      if (failed) return Promise.reject(fail(failed));
      return new Promise((resolve, reject) => {
        try {
          process.stdout.write(bytes, (error) => (error ? reject(fail(error)) : resolve()));
        } catch (error) {
          reject(fail(error));
        }
      });
    },
    async commit(): Promise<void> {
      if (failed) throw fail(failed);
    },
    async abort(): Promise<void> {
      process.stdout.off('error', onError);
    },
  };
}
