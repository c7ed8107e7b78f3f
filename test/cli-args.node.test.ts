// The CLI's argument parser and option values (src/cli/args.ts), over random command lines
// (fast-check, seeded): every spelling of an option gives the same values, whatever the values
// look like (a leading dash, an equals sign, empty); unknown options get nninit's message with
// suggestions; shapes and --param parse exactly, with no prototype in the way.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseParams, parseShape, type OptionTable } from '../src/cli/args.js';
import { UsageError } from '../src/cli/exit.js';

const RUNS = { seed: 20261130, numRuns: 300 };

const TABLE = {
  seed: { type: 'string', value: 'N' },
  param: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o', value: 'FILE' },
  quiet: { type: 'boolean', short: 'q' },
  progress: { type: 'boolean' },
} as const satisfies OptionTable;

/** A value as a user may type it: anything, including `-1`, `--x`, `a=b`, or nothing. */
const value = fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('-1', '--', '-', '--seed', 'a=b', '=', ''));
/** A positional: not an option, so not starting with a dash (a lone `-` is a positional). */
const positional = fc.oneof(
  fc.string({ minLength: 1, maxLength: 6 }).filter((s) => !s.startsWith('-')),
  fc.constant('-'),
);

type Given = { seed?: string; output?: string; param: string[]; quiet?: boolean; progress?: boolean };

/** Every spelling of each option the parser accepts. */
function spell(name: keyof typeof TABLE, v: string | boolean, form: number): string[] {
  if (typeof v === 'boolean') {
    if (name === 'quiet' && v && form % 2 === 1) return ['-q'];
    return [v ? `--${name}` : `--no-${name}`];
  }
  const forms = [[`--${name}`, v], [`--${name}=${v}`]];
  if (name === 'output') forms.push(['-o', v], [`-o${v}`]);
  const chosen = forms[form % forms.length]!;
  // `-o` glued to an empty value is `-o` alone, which takes the next argument: not this spelling.
  return chosen.length === 1 && chosen[0] === '-o' ? ['-o', v] : chosen;
}

describe('parseCommandLine', () => {
  it('every spelling and order of options gives the same values and positionals', () => {
    const given = fc.record(
      {
        seed: value,
        output: value,
        param: fc.array(value, { maxLength: 3 }),
        quiet: fc.boolean(),
        progress: fc.boolean(),
      },
      { requiredKeys: ['param'] },
    );
    fc.assert(
      fc.property(
        given,
        fc.array(positional, { maxLength: 3 }),
        fc.array(fc.nat()),
        fc.boolean(),
        (g: Given, pos, forms, dashDash) => {
          const groups: string[][] = [];
          let f = 0;
          for (const name of ['seed', 'output', 'quiet', 'progress'] as const) {
            if (g[name] !== undefined) groups.push(spell(name, g[name]!, forms[f++] ?? 0));
          }
          for (const p of g.param) groups.push(spell('param', p, forms[f++] ?? 0));
          // Positionals go between option groups, or after `--`.
          const args = dashDash
            ? [...groups.flat(), '--', ...pos]
            : [...pos.flatMap((p, i) => [...(groups[i] ?? []), p]), ...groups.slice(pos.length).flat()];
          const { options, positionals } = parseCommandLine('test', args, TABLE);
          expect(positionals).toEqual(pos);
          expect(options.seed).toBe(g.seed);
          expect(options.output).toBe(g.output);
          expect(options.param).toEqual(g.param);
          expect(options.quiet).toBe(g.quiet);
          expect(options.progress).toBe(g.progress);
          expect(options.help).toBeUndefined();
        },
      ),
      RUNS,
    );
  });

  it('an unknown option is a UsageError naming it, suggesting only real options', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 1, maxLength: 10 })
          .filter((s) => !/^(no-)?(seed|param|output|quiet|progress|help)(=|$)/.test(s)),
        (name) => {
          const flag = `--${name}`;
          let error: unknown;
          try {
            parseCommandLine('test', [flag], TABLE);
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(UsageError);
          const message = (error as Error).message;
          expect(message).toMatch(/^unknown option ".*" for nninit test/);
          const suggested = /did you mean (.*)\?\)/.exec(message)?.[1]?.split(', ') ?? [];
          for (const s of suggested)
            expect(['--seed', '--param', '--output', '--quiet', '--progress', '--help']).toContain(s);
        },
      ),
      RUNS,
    );
  });

  it('messages for the cases raw parseArgs got wrong', () => {
    const message = (args: string[]) => {
      try {
        parseCommandLine('sample', args, TABLE);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(message(['--sed', '1'])).toBe(
      'unknown option "--sed" for nninit sample (did you mean --seed?); nninit sample --help lists the options',
    );
    expect(message(['--seed'])).toBe('--seed needs a value: --seed N (nninit sample --help)');
    expect(message(['--quiet=1'])).toBe('--quiet takes no value; got "--quiet=1"');
    expect(message(['--no-seed'])).toMatch(/^unknown option "--no-seed"/);
    expect(message(['-x'])).toMatch(/^unknown option "-x"/);
    expect(parseCommandLine('sample', ['--seed', '-1'], TABLE).options.seed).toBe('-1');
  });
});

describe('option values', () => {
  it('shapes: any dimensions, joined by x, × or commas, in brackets or not, parse exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom('x', '×', ',', ', ', ' x '),
        fc.constantFrom(['', ''], ['[', ']'], ['(', ')']),
        (dims, sep, [open, close]) => {
          expect(parseShape(`${open}${dims.join(sep)}${close}`)).toEqual(dims);
        },
      ),
      RUNS,
    );
    for (const scalar of ['[]', '()', 'scalar']) expect(parseShape(scalar)).toEqual([]);
    for (const bad of ['3x-1', '3xx3', 'x3', '1e3', '', '3.5']) expect(() => parseShape(bad)).toThrow(UsageError);
  });

  it('--param: any key, __proto__ included, is an own key of an object without a prototype', () => {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(
            fc.oneof(
              fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'),
              fc.string({ minLength: 1, maxLength: 6 }),
            ),
            {
              maxLength: 5,
            },
          )
          .map((keys) => keys.filter((k) => !k.includes('=') && k.trim() === k && k !== 'seed' && k !== '')),
        fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 5, maxLength: 5 }),
        (keys, values) => {
          const params = parseParams(keys.map((k, i) => `${k}=${JSON.stringify(values[i])}`));
          expect(Object.getPrototypeOf(params)).toBeNull();
          expect(Object.keys(params)).toEqual(expect.arrayContaining(keys));
          expect(Object.keys(params)).toHaveLength(keys.length);
          keys.forEach((k, i) => expect(params[k]).toEqual(JSON.parse(JSON.stringify(values[i]))));
        },
      ),
      RUNS,
    );
    expect(parseParams(['mode=fan_avg']).mode).toBe('fan_avg'); // not JSON: a string
    expect(() => parseParams(['seed=1'])).toThrow(/use --seed N/);
    expect(() => parseParams(['=1'])).toThrow(/--param must be key=value/);
  });
});
