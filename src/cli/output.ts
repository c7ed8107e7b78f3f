// Where the CLI's bytes go. The target is looked at first (lstat), and nninit replaces only what
// it can replace whole:
// - a regular file, or a path that does not exist yet: written to a temporary file in the same
//   directory, fsync'ed and renamed over the target when complete (atomic); a replaced file keeps
//   its mode and, where permitted, its owner. The free space is checked first.
// - a symbolic link: followed (through every link), and its final target replaced as above, in
//   the target's directory; the link itself stays.
// - a character device, FIFO or socket: written in place, with no temporary file.
// - standard output (`-`, /dev/stdout): written in place.
// - a directory or a block device: refused before anything is written.

import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, readlink, rename, stat, statfs, unlink, type FileHandle } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { fnv1a64 } from '../io/spec.js';
import { formatBytes } from './report.js';

/** What became of a target when a run stopped. */
export type Outcome = 'untouched' | 'complete' | 'incomplete';

export interface Sink {
  /** The target as the user named it, for messages. */
  readonly target: string;
  /**
   * Writes all of `bytes` after everything written before (writes may be in flight together);
   * the caller may reuse the buffer once the promise resolves. Throws OutputError.
   */
  write(bytes: Uint8Array): Promise<void>;
  /** Makes the output complete and visible (fsync and rename for files). Throws OutputError. */
  commit(): Promise<void>;
  /**
   * Stops before the process exits: removes a temporary file, or lets a rename already under way
   * finish. Says what is true of the target now. Idempotent; never throws.
   */
  abort(): Promise<Outcome>;
}

/** Every sink this run opened, so that whatever stops the run can say what became of each. */
export const sinks = new Set<Sink>();

/** An output that cannot be written; `code` is the system error code (ENOSPC) when there is one. */
export class OutputError extends Error {
  override name = 'OutputError';
  constructor(
    readonly target: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  ENOENT: 'no such directory',
  ENOTDIR: 'a component of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EISDIR: 'is a directory',
  EPIPE: 'the reader closed the pipe',
  ECONNREFUSED: 'nothing is listening on the socket',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

/** `ENOSPC: no space left on device`, or the error's message. */
export function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ? `${e.code}: ${REASONS[e.code] ?? e.message}` : String((error as Error)?.message ?? error);
}

function failure(target: string, error: unknown, hint = ''): OutputError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const what = target === STANDARD_OUTPUT ? `to ${target}` : target;
  return new OutputError(target, code, `cannot write ${what}: ${describeError(error)}${hint}`);
}

/** The target of the sink of standard output. */
export const STANDARD_OUTPUT = 'standard output';

/** Whether `target` names this process's standard output: `-`, /dev/stdout, /dev/fd/1, /proc/self/fd/1. */
export function isStandardOutput(target: string): boolean {
  return /^(?:-|\/dev\/stdout|\/dev\/fd\/1|\/proc\/self\/fd\/1)$/.test(target);
}

export interface OutputOptions {
  /** The number of bytes that will be written, when known: a file checks the free space for them first. */
  readonly size?: number;
  /** Where notes go (a stale temporary file removed or found). */
  readonly note?: (line: string) => void;
}

/** Opens `target` for writing, as the header of this file describes. Throws OutputError before writing anything. */
export async function openOutput(target: string, options: OutputOptions = {}): Promise<Sink> {
  const resolved = await resolveTarget(target);
  if (resolved === 'stdout') return streamSink(STANDARD_OUTPUT, process.stdout, false);
  const { file, stats } = resolved;
  if (stats === undefined) {
    if (target.endsWith('/')) throw new OutputError(target, 'EISDIR', `cannot write ${target}: names a directory`);
    return atomicFile(target, file, undefined, options);
  }
  if (stats.isFile()) return atomicFile(target, file, stats, options);
  if (stats.isDirectory()) {
    throw new OutputError(target, 'EISDIR', `cannot write ${target}: is a directory (give a file name)`);
  }
  if (stats.isCharacterDevice() || stats.isFIFO()) return deviceSink(target, file);
  if (stats.isSocket()) return socketSink(target, file);
  throw new OutputError(target, undefined, `cannot write ${target}: is a block device; nninit does not write to disks`);
}

/** Symbolic links followed at most (Linux's limit, MAXSYMLINKS). */
const MAX_LINKS = 40;

/**
 * The file a write to `target` goes to, and its lstat (undefined if it does not exist): symbolic
 * links are followed one at a time, so a dangling link resolves to the file it names. A link to
 * standard output (/dev/stdout) is standard output; a link to something other than a file or
 * directory (/dev/fd/N to a pipe or terminal) is written through.
 */
async function resolveTarget(target: string): Promise<'stdout' | { file: string; stats: Stats | undefined }> {
  if (isStandardOutput(target)) return 'stdout';
  let file = path.resolve(target);
  try {
    for (let links = 0; ; links++) {
      if (isStandardOutput(file)) return 'stdout';
      const stats = await lstat(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (stats === undefined || !stats.isSymbolicLink()) return { file, stats };
      if (links === MAX_LINKS) throw Object.assign(new Error('symbolic link loop'), { code: 'ELOOP' });
      const final = await stat(file).catch(() => undefined);
      if (final !== undefined && !final.isFile() && !final.isDirectory()) return { file, stats: final };
      file = path.resolve(path.dirname(file), await readlink(file));
    }
  } catch (error) {
    throw failure(target, error);
  }
}

// ---------------------------------------------------------------------------------------------
// Regular files: a temporary file, renamed when complete

/**
 * Temporary files are `.nninit-<host>-<pid>-<random>.tmp`: short, so that a target name of 255
 * bytes still has a temporary name, and recognisable, so that a later run can tell whether the
 * process that wrote one is gone (SIGKILL leaves it behind) and remove it.
 */
const HOST = fnv1a64(hostname()).toString(16).padStart(16, '0').slice(0, 8);
const TEMP_NAME = /^\.nninit-([0-9a-f]{8})-(\d+)-[0-9a-f]{6}\.tmp$/;
/** Temporary files of nninit 0.1 (`.<name>.<12 hex>.nninit-tmp`), which carry no process id. */
const OLD_TEMP_NAME = /^\..*\.[0-9a-f]{12}\.nninit-tmp$/;
/** A temporary file nninit cannot judge is named when unchanged for this long (a live writer changes it). */
const STALE_AFTER_MS = 15 * 60 * 1000;

const tempName = (): string => `.nninit-${HOST}-${process.pid}-${randomBytes(3).toString('hex')}.tmp`;

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: it exists, as another user
  }
}

/**
 * Removes the temporary files in `dir` that an nninit process on this host left when it was
 * killed (its process id no longer exists), and names those it cannot judge (another host, an
 * older version, a process id reused since) once they have not changed for STALE_AFTER_MS.
 */
async function sweepStaleTemps(dir: string, note: (line: string) => void): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return; // opening the temporary file will say what is wrong with the directory
  }
  for (const name of names) {
    const ours = TEMP_NAME.exec(name);
    if (ours === null && !OLD_TEMP_NAME.test(name)) continue;
    const file = path.join(dir, name);
    try {
      const stats = await lstat(file);
      if (!stats.isFile()) continue;
      const pid = Number(ours?.[2]);
      if (ours !== null && ours[1] === HOST && pid > 0 && !processExists(pid)) {
        await unlink(file);
        note(`removed ${file} (${formatBytes(stats.size)}), left by an nninit run that was killed (process ${pid})`);
      } else if (Date.now() - stats.mtimeMs > STALE_AFTER_MS) {
        // Another host's, an older version's, or one whose process id now names another process.
        note(
          `${file} (${formatBytes(stats.size)}) looks like the temporary file of an nninit run that was killed ` +
            `(unchanged for over 15 minutes); remove it if no nninit is writing there`,
        );
      }
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** Fails when the file system holding `dir` has less free space than `size` bytes need. */
async function checkFreeSpace(target: string, dir: string, size: number): Promise<void> {
  const fs = await statfs(dir).catch(() => undefined);
  if (fs === undefined || fs.bsize <= 0) return; // cannot tell: write, and report ENOSPC if it comes
  // Root may use the blocks reserved for it (ext4's 5%); others may not.
  const free = (process.getuid?.() === 0 ? fs.bfree : fs.bavail) * fs.bsize;
  const needed = Math.ceil(size / fs.bsize) * fs.bsize;
  if (needed > free) {
    throw new OutputError(
      target,
      'ENOSPC',
      `cannot write ${target}: it needs ${formatBytes(needed)} and the file system has ${formatBytes(free)} free ` +
        `(${formatBytes(needed - free)} missing)`,
    );
  }
}

async function atomicFile(
  target: string,
  file: string,
  existing: Stats | undefined,
  options: OutputOptions,
): Promise<Sink> {
  const dir = path.dirname(file);
  await sweepStaleTemps(dir, options.note ?? (() => {}));
  if (options.size !== undefined) await checkFreeSpace(target, dir, options.size);
  // Registered before the file exists, so that a signal while it is being created still removes it.
  const sink = new AtomicFile(target, file, path.join(dir, tempName()));
  try {
    await sink.open(existing);
  } catch (error) {
    if (error instanceof OutputError) throw error;
    sinks.delete(sink); // nothing was created
    const hint = (error as NodeJS.ErrnoException).code === 'EACCES' ? ` (a temporary file in ${dir})` : '';
    throw failure(target, error, hint);
  }
  return sink;
}

class AtomicFile implements Sink {
  #state: 'writing' | 'committing' | 'renaming' | 'complete' | 'aborted' = 'writing';
  /** The temporary file being created, which an abort waits for before removing it. */
  readonly #opening: Promise<FileHandle>;
  #handle: FileHandle | undefined;
  /** The rename under way, which an abort waits for. */
  #renamed: Promise<void> | undefined;
  /** The file position of the next write, assigned when the write is issued. */
  #position = 0;

  constructor(
    readonly target: string,
    private readonly file: string,
    private readonly temp: string,
  ) {
    this.#opening = open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o666);
    sinks.add(this);
  }

  /** Waits for the temporary file; gives it the mode and, where permitted, the owner of the file it replaces. */
  async open(existing: Stats | undefined): Promise<void> {
    const handle = await this.#opening;
    this.#handle = handle;
    if (existing === undefined) return;
    try {
      // The owner first: chown clears the set-user-ID and set-group-ID bits that chmod then restores.
      await handle.chown(existing.uid, existing.gid).catch(() => {}); // permitted to root, or to keep one's own
      await handle.chmod(existing.mode & 0o7777);
    } catch (error) {
      throw failure(this.target, error);
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    const position = this.#position;
    this.#position += bytes.length;
    try {
      for (let offset = 0; offset < bytes.length;) {
        const { bytesWritten } = await this.#handle!.write(bytes, offset, bytes.length - offset, position + offset);
        if (bytesWritten === 0) throw Object.assign(new Error('wrote 0 bytes'), { code: 'ENOSPC' });
        offset += bytesWritten;
      }
    } catch (error) {
      throw failure(this.target, error);
    }
  }

  async commit(): Promise<void> {
    this.#state = 'committing';
    try {
      await this.#handle!.sync();
      await this.#handle!.close();
    } catch (error) {
      throw failure(this.target, error);
    }
    if (this.#state !== 'committing') return; // aborted while syncing: the process is exiting
    this.#state = 'renaming';
    this.#renamed = rename(this.temp, this.file);
    try {
      await this.#renamed;
    } catch (error) {
      throw failure(this.target, error);
    }
    this.#state = 'complete';
    // Make the rename durable too (best effort: not every file system can sync a directory).
    try {
      const dir = await open(path.dirname(this.file), constants.O_RDONLY);
      await dir.sync().finally(() => dir.close());
    } catch {
      // ignore
    }
  }

  async abort(): Promise<Outcome> {
    if (this.#state === 'renaming') {
      try {
        await this.#renamed;
        this.#state = 'complete';
      } catch {
        this.#state = 'aborted';
      }
    }
    if (this.#state === 'complete') return 'complete';
    if (this.#state !== 'aborted') {
      this.#state = 'aborted';
      await this.#opening.catch(() => {});
      // The handle stays open: writes in flight land in the unlinked file, and the process exits next.
      await unlink(this.temp).catch(() => {});
    }
    return 'untouched';
  }
}

// ---------------------------------------------------------------------------------------------
// In place: character devices, FIFOs, sockets, standard output

/** Devices and FIFOs: opened for writing as they are (no create, no truncate); writes go one after another. */
async function deviceSink(target: string, file: string): Promise<Sink> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_WRONLY | constants.O_NOCTTY);
  } catch (error) {
    throw failure(target, error);
  }
  const put = async (bytes: Uint8Array, wrote: (n: number) => void) => {
    for (let offset = 0; offset < bytes.length;) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
      if (bytesWritten === 0) throw Object.assign(new Error('wrote 0 bytes'), { code: 'ENOSPC' });
      wrote(bytesWritten);
      offset += bytesWritten;
    }
  };
  return new InPlace(target, put, () => handle.close());
}

/** A Unix domain socket: connected to, and ended when complete. */
async function socketSink(target: string, file: string): Promise<Sink> {
  const socket = createConnection({ path: file });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
  } catch (error) {
    socket.destroy();
    throw failure(target, error);
  }
  socket.on('error', () => {}); // each write's callback reports it
  return streamSink(target, socket, true);
}

/** A stream (standard output, a socket), with backpressure: each write resolves once the stream has taken it. */
function streamSink(target: string, stream: Writable, end: boolean): Sink {
  return new InPlace(
    target,
    (bytes, wrote) =>
      new Promise<void>((resolve, reject) => {
        stream.write(bytes, (error) => {
          if (error) reject(error);
          else resolve(wrote(bytes.length));
        });
      }),
    () => (end ? new Promise<void>((resolve) => stream.end(resolve)) : Promise.resolve()),
  );
}

class InPlace implements Sink {
  #state: 'writing' | 'complete' | 'aborted' = 'writing';
  #bytes = 0;
  /** Writes are chained: a device or stream takes bytes in the order they are written. */
  #tail: Promise<void> = Promise.resolve();
  /** The first failed write: the later ones fail with it. */
  #failed: OutputError | undefined;

  constructor(
    readonly target: string,
    /** Writes all of `bytes`, calling `wrote` with each count that reached the target. */
    private readonly put: (bytes: Uint8Array, wrote: (n: number) => void) => Promise<void>,
    private readonly close: () => Promise<void>,
  ) {
    sinks.add(this);
  }

  write(bytes: Uint8Array): Promise<void> {
    const done = this.#tail.then(async () => {
      if (this.#failed !== undefined) throw this.#failed;
      try {
        await this.put(bytes, (n) => (this.#bytes += n));
      } catch (error) {
        throw (this.#failed = failure(this.target, error));
      }
    });
    this.#tail = done.catch(() => {});
    return done;
  }

  async commit(): Promise<void> {
    await this.#tail;
    if (this.#failed !== undefined) throw this.#failed;
    try {
      await this.close();
    } catch (error) {
      throw failure(this.target, error);
    }
    this.#state = 'complete';
  }

  async abort(): Promise<Outcome> {
    if (this.#state === 'complete') return 'complete';
    this.#state = 'aborted';
    return this.#bytes === 0 ? 'untouched' : 'incomplete';
  }
}

/** A sink that keeps nothing (statistics without output). Not in `sinks`: there is nothing to report. */
export const discard: Sink = {
  target: 'nowhere',
  write: async () => {},
  commit: async () => {},
  abort: async () => 'untouched',
};
