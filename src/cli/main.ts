#!/usr/bin/env node
// The `nninit` command: sample one tensor to .npy/.safetensors/.bin, or initialize a whole model
// from a JSON spec into .safetensors (streamed, bounded memory, atomic). Each command is a module
// (sample.ts, model.ts); this file picks one and turns what it throws into an exit code.
// Exit codes: exit.ts and docs/cli.md.

import { SpecError, suggest, UnknownInitializerError } from '../io/spec.js';
import { preview } from '../io/text.js';
import { type Command, VERSION } from './command.js';
import { EXIT, UsageError } from './exit.js';
import { installStopHandlers, stop } from './lifecycle.js';
import { model } from './model.js';
import { OutputError } from './output.js';
import { sample } from './sample.js';
import { verify, VerifyError } from './verify.js';

const COMMANDS: readonly Command[] = [sample, model, verify];

const help = () => `nninit ${VERSION}: neural-network weight initializers (Keras 3 semantics)

usage: nninit <command> [options]

commands:
${COMMANDS.map((c) => `  ${c.synopsis.padEnd(31)} ${c.summary}`).join('\n')}

options:
  -h, --help       help (also \`nninit <command> --help\`)
  -v, --version    the version

exit codes: 0 ok, 1 internal error, 2 usage, 3 bad spec, 4 cannot write output, 5 verify failed,
            128 + N stopped by signal N (130 SIGINT, 143 SIGTERM), 141 the reader closed the pipe`;

function find(name: string): Command {
  const command = COMMANDS.find((c) => c.name === name);
  if (command !== undefined) return command;
  const near = suggest(
    name,
    COMMANDS.map((c) => c.name),
  );
  throw new UsageError(
    `unknown command ${preview(name)}` +
      (near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : '') +
      `; the commands are ${COMMANDS.map((c) => c.name).join(', ')} (nninit --help)`,
  );
}

async function dispatch(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  switch (name) {
    case undefined:
      process.stderr.write(help() + '\n');
      return EXIT.usage;
    case '-h':
    case '--help':
      process.stdout.write(help() + '\n');
      return EXIT.ok;
    case 'help':
      if (rest[0] === undefined) return dispatch(['--help']);
      process.stdout.write(find(rest[0]).help() + '\n');
      return EXIT.ok;
    case '-v':
    case '--version':
      process.stdout.write(`${VERSION}\n`);
      return EXIT.ok;
    default:
      return find(name).run(rest);
  }
}

/** The exit code for what a command threw, and the message (none for a closed pipe: quiet). */
function classify(error: unknown): [number, string | undefined] {
  const message = (error as Error).message;
  if (error instanceof OutputError) return error.code === 'EPIPE' ? [EXIT.pipe, undefined] : [EXIT.output, message];
  if (error instanceof UsageError || error instanceof UnknownInitializerError) return [EXIT.usage, message];
  if (error instanceof SpecError) return [EXIT.spec, `bad spec: ${message}`];
  if (error instanceof VerifyError) return [EXIT.verify, `cannot verify: ${message}`];
  return [EXIT.internal, `internal error (a bug; please report it): ${(error as Error).stack ?? message}`];
}

installStopHandlers();
try {
  process.exitCode = await dispatch(process.argv.slice(2));
} catch (error) {
  await stop(...classify(error));
}
