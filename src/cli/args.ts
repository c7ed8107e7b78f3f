// The command line: options by table, with nninit's own messages (an unknown option gets the
// nearest names suggested, as initializer names do), and the parsers of option values.
//
// Rules (POSIX utility conventions, with GNU long options): `--name value` or `--name=value`;
// `-o value` or `-ovalue`; a string option takes the next argument whatever it starts with
// (`--seed -1` reaches the seed check); `--no-name` turns a boolean off; `--` ends the options;
// `-` alone is an argument; a repeated option keeps its last value unless it is `multiple`.

import { type DType, DTYPES, parseDType } from '../laws/dtype.js';
import { suggest } from '../io/spec.js';
import { preview } from '../io/text.js';
import { UsageError } from './exit.js';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Repeatable: the values are collected in order. */
  readonly multiple?: boolean;
  /** The value's name in messages: `--seed N`. */
  readonly value?: string;
}

export type OptionTable = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean | undefined
  : S['multiple'] extends true
    ? string[]
    : string | undefined;

/** The parsed options: one field per table entry, plus `help` (`-h`, `--help`), which every command takes. */
export type Options<T extends OptionTable> = { -readonly [K in keyof T]: ValueOf<T[K]> } & {
  help: boolean | undefined;
};

const HELP_OPTION: OptionSpec = { type: 'boolean', short: 'h' };

/** Parses `args` for `nninit <command>` against `table`; throws UsageError with nninit's messages. */
export function parseCommandLine<T extends OptionTable>(
  command: string,
  args: readonly string[],
  table: T,
): { options: Options<T>; positionals: string[] } {
  const specs = new Map<string, OptionSpec>([...Object.entries(table), ['help', HELP_OPTION]]);
  const shorts = new Map([...specs].filter(([, s]) => s.short !== undefined).map(([name, s]) => [s.short!, name]));
  const values = new Map<string, string | boolean | string[]>();
  for (const [name, spec] of specs) if (spec.multiple) values.set(name, []);
  const positionals: string[] = [];

  const unknown = (flag: string): UsageError => {
    const names = [...specs.keys()].map((n) => `--${n}`);
    const near = suggest(flag.startsWith('--') ? flag : `-${flag}`, names);
    return new UsageError(
      `unknown option ${preview(flag)} for nninit ${command}` +
        (near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : '') +
        `; nninit ${command} --help lists the options`,
    );
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    let name: string | undefined;
    let flag: string;
    let inline: string | undefined;
    let negated = false;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      flag = eq < 0 ? arg : arg.slice(0, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      name = flag.slice(2);
      if (!specs.has(name) && name.startsWith('no-') && specs.get(name.slice(3))?.type === 'boolean') {
        name = name.slice(3);
        negated = true;
      }
      if (!specs.has(name)) throw unknown(flag);
    } else if (arg.startsWith('-') && arg !== '-') {
      flag = arg.slice(0, 2);
      name = shorts.get(arg[1]!);
      if (name === undefined) throw unknown(flag);
      inline = arg.length > 2 ? arg.slice(2) : undefined;
    } else {
      positionals.push(arg);
      continue;
    }
    const spec = specs.get(name)!;
    const shown = `--${name}${spec.value ? ` ${spec.value}` : ''}`;
    let value: string | boolean;
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value; got ${preview(arg)}`);
      value = !negated;
    } else if (negated) {
      throw unknown(flag);
    } else if (inline !== undefined) {
      value = inline;
    } else if (i + 1 < args.length) {
      value = args[++i]!;
    } else {
      throw new UsageError(`${flag} needs a value: ${shown} (nninit ${command} --help)`);
    }
    if (spec.multiple) (values.get(name) as string[]).push(value as string);
    else values.set(name, value);
  }
  return { options: Object.fromEntries(values) as Options<T>, positionals };
}

// ---------------------------------------------------------------------------------------------
// Option values

const MAX_SEED = 1n << 64n;

export function parseSeed(value: string | undefined, option = '--seed'): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || BigInt(value) >= MAX_SEED) {
    throw new UsageError(`${option} must be an integer in [0, 2^64); got ${preview(value)}`);
  }
  return BigInt(value);
}

export function parseDTypeOption(value: string | undefined, option = '--dtype'): DType | undefined {
  if (value === undefined) return undefined;
  const d = parseDType(value);
  if (d === undefined) {
    throw new UsageError(`${option} must be one of ${Object.keys(DTYPES).join(', ')}; got ${preview(value)}`);
  }
  return d;
}

/** A shape: dimensions joined by x, × or commas (`3x3x64x128`, `784,256`, `[2, 3]`); `[]`, `()` or `scalar` for rank 0. */
export function parseShape(text: string): number[] {
  const t = text.trim();
  if (t === '[]' || t === '()' || t === 'scalar') return [];
  const body = t.replace(/^[[(]|[\])]$/g, '');
  if (!/^\s*\d+(\s*[x×,]\s*\d+)*\s*,?\s*$/.test(body)) {
    throw new UsageError(
      `<shape> must be dimensions joined by x or commas, like 3x3x64x128, or [] for a scalar; got ${preview(text)}`,
    );
  }
  const dims = body
    .split(/[x×,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  for (const d of dims) if (!Number.isSafeInteger(d)) throw new UsageError(`<shape>: dimension ${d} is too large`);
  return dims;
}

/**
 * `--param key=value` options as an initializer's options: values are JSON when they parse as
 * JSON, strings otherwise. The object has no prototype, so `__proto__=…` is an option like any
 * other, which the factory then rejects as unknown.
 */
export function parseParams(list: readonly string[]): Record<string, unknown> {
  const params = Object.create(null) as Record<string, unknown>;
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param must be key=value; got ${preview(item)}`);
    const key = item.slice(0, eq).trim();
    const raw = item.slice(eq + 1).trim();
    if (key === 'seed') throw new UsageError('use --seed N, not --param seed=N');
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain string, like fan_avg
    }
    params[key] = value;
  }
  return params;
}
