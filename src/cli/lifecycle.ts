// How a run stops, whatever stops it (an error, a signal, a closed pipe): every open output is
// stopped (a temporary file removed, a rename under way let finish), one message says what is
// true of each, and the process exits with the code for the cause. The first cause wins; a
// second signal ends the process at once.

import { EXIT, signalExitCode, STOP_SIGNALS, type StopSignal } from './exit.js';
import { describeError, type Outcome, sinks } from './output.js';
import { paint } from './report.js';

let stopping = false;

/** Writes to stderr, never throwing: after SIGHUP the terminal may be gone. */
export function warn(line: string, style: 'error' | 'note' = 'error'): void {
  try {
    process.stderr.write(`${paint(process.stderr, style, 'nninit:')} ${line}\n`);
  } catch {
    // nowhere left to say it
  }
}

function outcome(target: string, what: Outcome): string {
  if (what === 'complete') return `${target} was written completely`;
  if (what === 'incomplete') return `the output to ${target} is incomplete`;
  return `nothing was written to ${target}`;
}

/**
 * Ends the process by `signal` itself, as its default action would, so that the shell that ran
 * nninit knows (it reports 128 + N, and a script's loop stops on Ctrl-C: see "Proper handling of
 * SIGINT/SIGQUIT", Cracauer). It also ends a call blocked on libuv's thread pool (a FIFO with no
 * reader), which process.exit() would wait for.
 */
function raise(signal: StopSignal): void {
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
}

/**
 * Stops every open output, prints `problem` (if any) with what became of each output, and exits
 * with `code`, or by `signal` when a signal stopped the run. Never returns.
 */
export async function stop(code: number, problem?: string, signal?: StopSignal): Promise<never> {
  if (stopping) return new Promise<never>(() => {}); // the first cause is already stopping the run
  stopping = true;
  const open = [...sinks];
  const outcomes = await Promise.all(open.map(async (s) => outcome(s.target, await s.abort())));
  if (problem !== undefined) warn([problem, ...outcomes].join('; '));
  if (signal !== undefined) raise(signal);
  process.exit(code);
}

/** Installs the handlers for signals and for errors on standard output and standard error. */
export function installStopHandlers(): void {
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      if (stopping) raise(signal); // a second signal: at once
      void stop(signalExitCode(signal), `interrupted by ${signal}`, signal);
    });
  }
  for (const [stream, name] of [
    [process.stdout, 'standard output'],
    [process.stderr, 'standard error'],
  ] as const) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      // A reader that went away (`| head`) is not an error: stop quietly, as Unix tools do.
      if (error.code === 'EPIPE') void stop(EXIT.pipe);
      else void stop(EXIT.output, `cannot write to ${name}: ${describeError(error)}`);
    });
  }
}
