// Properties of what the CLI writes and reads, over random inputs (fast-check, seeded so each run
// is the same): .npy headers (1.0, and 2.0 past 64 KiB) read back by a parser written from NumPy's
// format spec; safetensors headers for arbitrary names (prototype keys, lone surrogates, the
// reserved name); specs decoded as strict UTF-8, with invalid bytes located; bounded suggestions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { npyHeader, safetensorsLayout, tensorNameProblem } from '../src/io/formats.js';
import { decodeSpec, editDistance, SpecError, suggest } from '../src/io/spec.js';
import type { DType } from '../src/laws/dtype.js';

const RUNS = { seed: 20261130, numRuns: 300 };

/** numpy/lib/format.py: magic, version, little-endian header length (u16 for 1.0, u32 for 2.0), ASCII dict. */
function parseNpyHeader(h: Uint8Array): { version: number; dict: string; dataOffset: number } {
  expect(Array.from(h.subarray(0, 6))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
  const view = new DataView(h.buffer, h.byteOffset, h.byteLength);
  const version = h[6]!;
  expect(h[7]).toBe(0);
  const start = version === 1 ? 10 : 12;
  const length = version === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const text = new TextDecoder('latin1').decode(h.subarray(start, start + length));
  return { version, dict: text, dataOffset: start + length };
}

describe('.npy headers', () => {
  const dtypes = fc.constantFrom<DType>('float32', 'float64', 'float16');
  const descr = { float32: '<f4', float64: '<f8', float16: '<f2' } as Record<string, string>;
  const shapes = fc.oneof(
    fc.array(fc.integer({ min: 0, max: 2 ** 31 }), { maxLength: 40 }),
    // Ranks around the 64 KiB boundary of format 1.0 (3 bytes per dimension of 1).
    fc.integer({ min: 21_000, max: 23_000 }).map((n) => new Array<number>(n).fill(1)),
  );

  it('parse back to the shape and dtype, data 64-byte aligned; version 2.0 exactly when 1.0 cannot hold the header', () => {
    fc.assert(
      fc.property(shapes, dtypes, (shape, dtype) => {
        const h = npyHeader(shape, dtype);
        const { version, dict, dataOffset } = parseNpyHeader(h);
        expect(dataOffset).toBe(h.length);
        expect(h.length % 64).toBe(0);
        expect(dict.endsWith('\n')).toBe(true);
        const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
        expect(dict.trimEnd()).toBe(`{'descr': '${descr[dtype]}', 'fortran_order': False, 'shape': ${dims}, }`);
        // 1.0 whenever its 2-byte length can hold the padded header, 2.0 only beyond.
        const v1Length = Math.ceil((10 + dict.trimEnd().length + 1) / 64) * 64 - 10;
        expect(version).toBe(v1Length <= 0xffff ? 1 : 2);
      }),
      { ...RUNS, numRuns: 120 },
    );
  });
});

describe('safetensors headers for arbitrary names', () => {
  const names = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'toString', '__metadata__', '', 'a', 'w\ud800', '\udc00x', '😀'),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 6 }),
  );

  it('either refuse with a RangeError that names the problem, or carry every name exactly, in order', () => {
    fc.assert(
      fc.property(fc.array(names, { maxLength: 6 }), (list) => {
        const entries = list.map((name, i) => ({ name, dtype: 'float32' as const, shape: [i] }));
        const problem = list.find((n) => tensorNameProblem(n) !== undefined);
        const duplicate = new Set(list).size !== list.length;
        let layout;
        try {
          layout = safetensorsLayout(entries, { generator: 'test' });
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          expect(problem !== undefined || duplicate).toBe(true);
          expect((error as Error).message).toMatch(
            /^safetensors: (the tensor name .* (is empty|is reserved|holds a lone surrogate)|duplicate tensor name)/,
          );
          return;
        }
        expect(problem).toBeUndefined();
        expect(duplicate).toBe(false);
        const n = Number(new DataView(layout.header.buffer).getBigUint64(0, true));
        expect(n % 8).toBe(0);
        const json = new TextDecoder('utf-8', { fatal: true }).decode(layout.header.subarray(8, 8 + n));
        const parsed = JSON.parse(json) as Record<string, { data_offsets: [number, number] }>;
        // (Object.keys puts integer-like keys first, so compare as sets; the offsets give the order.)
        expect(Object.keys(parsed).sort()).toEqual(['__metadata__', ...list].sort());
        let at = 0;
        list.forEach((name, i) => {
          expect(Object.hasOwn(parsed, name)).toBe(true);
          expect(parsed[name]!.data_offsets).toEqual([at, at + 4 * i]);
          at += 4 * i;
        });
      }),
      RUNS,
    );
  });

  it('refuses a lone surrogate in the metadata', () => {
    expect(() => safetensorsLayout([], { spec: 'x\ud800' })).toThrow(/__metadata__\.spec must be valid Unicode/);
  });
});

describe('spec text is strict UTF-8', () => {
  const encode = (s: string) => new TextEncoder().encode(s);
  /** Any code point but a line break or a byte-order mark, and often a literal U+FFFD. */
  const char = fc.oneof(
    fc.constant('\ufffd'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\n' && c !== '\ufeff'),
  );
  const line = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
  const lines = fc.array(line, { minLength: 1, maxLength: 4 });

  it('valid UTF-8 decodes to its text (a byte-order mark dropped)', () => {
    fc.assert(
      fc.property(lines, fc.boolean(), (ls, bom) => {
        const text = ls.join('\n');
        const bytes = encode((bom ? '\ufeff' : '') + text);
        expect(decodeSpec(bytes, 'spec.json')).toBe(text);
      }),
      RUNS,
    );
  });

  it('an invalid byte is reported at its line and column, even after a literal U+FFFD', () => {
    fc.assert(
      fc.property(lines, lines, fc.constantFrom(0xff, 0xc0, 0x80, 0xed), (before, after, bad) => {
        const head = before.join('\n');
        const bytes = new Uint8Array([...encode(head), bad, ...encode('\n' + after.join('\n'))]);
        const line = before.length;
        const column = [...before.at(-1)!].length + 1;
        let message = '';
        try {
          decodeSpec(bytes, 'spec.json');
        } catch (error) {
          expect(error).toBeInstanceOf(SpecError);
          message = (error as Error).message;
        }
        expect(message).toBe(
          `spec.json: line ${line}, column ${column}: not valid UTF-8 (byte 0x${bad.toString(16)}); save the spec as UTF-8`,
        );
      }),
      RUNS,
    );
  });
});

describe('suggestions', () => {
  const candidates = ['glorotUniform', 'heNormal', 'truncatedNormal', 'seed', 'exact-stats'];

  it('one edit away from a candidate suggests it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...candidates), fc.nat(), fc.constantFrom('x', 'q', '_'), (name, at, letter) => {
        const i = at % (name.length + 1);
        const typo = name.slice(0, i) + letter + name.slice(i);
        expect(suggest(typo, candidates)).toContain(name);
      }),
      RUNS,
    );
  });

  it('a name longer than any candidate could be near is not compared (a 4 MB name costs nothing)', () => {
    expect(suggest('glorot_uniform'.repeat(300_000), candidates)).toEqual([]);
    expect(suggest('g'.repeat(65), candidates)).toEqual([]);
  });

  it('editDistance is a metric', () => {
    const word = fc.string({ maxLength: 8 });
    fc.assert(
      fc.property(word, word, word, (a, b, c) => {
        expect(editDistance(a, a)).toBe(0);
        expect(editDistance(a, b)).toBe(editDistance(b, a));
        expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
      }),
      RUNS,
    );
  });
});
