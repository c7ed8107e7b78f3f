// What every command shares: its shape, the package facts it prints, and how it writes tensors
// to an output (opened, streamed, committed; stopped by lifecycle.ts on any failure).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { STREAM_FORMAT_VERSION } from '../index.js';
import { warn } from './lifecycle.js';

export interface Command {
  readonly name: string;
  /** One line for `nninit --help`: `sample <initializer> <shape>`, and what it does. */
  readonly synopsis: string;
  readonly summary: string;
  readonly help: () => string;
  /** Runs with the arguments after the command name; resolves to the exit code, throws the errors of exit.ts. */
  readonly run: (args: readonly string[]) => Promise<number>;
}

/** The package root (dist/cli/../..). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;

/** The `__metadata__` every safetensors file carries, plus the command's own strings. */
export function fileMetadata(extra: Readonly<Record<string, string>>): Record<string, string> {
  return { generator: `nninit ${VERSION}`, stream_format: String(STREAM_FORMAT_VERSION), ...extra };
}

/** Human output goes to stdout, unless stdout carries the data. */
export function reporter(dataOnStdout: boolean): (line: string) => void {
  const stream = dataOnStdout ? process.stderr : process.stdout;
  return (line) => void stream.write(line + '\n');
}

/** Notes on stderr (a stale temporary file removed). */
export const note = (line: string): void => warn(line, 'note');
