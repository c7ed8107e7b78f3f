// Exit codes and the errors that choose them (docs/cli.md lists both).

import { constants } from 'node:os';

/** Exit codes. */
export const EXIT = {
  ok: 0,
  /** An unexpected internal error (a bug): please report it. */
  internal: 1,
  /** Bad command line: unknown command or option, bad shape, dtype, name or --param, unknown initializer. */
  usage: 2,
  /** The model spec cannot be read or is malformed. */
  spec: 3,
  /** The output cannot be written (path, permissions, disk full); the message says what became of it. */
  output: 4,
  /** `verify`: a tensor differs from its recomputation, or a file cannot be checked (missing, malformed, not nninit's). */
  verify: 5,
  /** The reader of standard output (or of a FIFO) went away: stop quietly, as if killed by SIGPIPE. */
  pipe: 128 + constants.signals.SIGPIPE,
} as const;

/** The signals that stop a run (a closed terminal sends SIGHUP); the run then ends by the signal (a shell reports 128 + N). */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];
export const signalExitCode = (signal: StopSignal): number => 128 + constants.signals[signal];

/** A bad command line (exit 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Runs `plan`, reporting the library's bad-input errors (TypeError, RangeError: they name the
 * option and show the value) as `as` errors: UsageError for the command line, SpecError for a spec.
 */
export function blame<T>(as: new (message: string) => Error, plan: () => T): T {
  try {
    return plan();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) throw new as(error.message);
    throw error;
  }
}
