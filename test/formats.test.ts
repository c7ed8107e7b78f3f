// File formats (src/io/formats.ts) and the wasm float16/bfloat16 rounding the dtype option uses
// (assembly/vecmath.ts toHalf), against independent references: the roundings are checked
// exhaustively over every finite representable value, every midpoint between neighbours (ties to
// even) and the floats just either side of each midpoint.
import { describe, expect, it } from 'vitest';
import { bfloat16BitsToFloat32, float16BitsToFloat32, npyHeader, safetensorsLayout } from '../src/io/formats.js';
import { parseDType } from '../src/laws/dtype.js';
import { float16Value } from './helpers/halfs.js';
import '../src/index.js'; // the embedded wasm source
import { wasm } from '../src/bridge/runtime.js';

/** The wasm kernel's 16-bit pattern for one float32 value (precision 1 float16, 2 bfloat16). */
function wasmHalf(value: number, precision: number): number {
  const runtime = wasm();
  runtime.f32(runtime.scratch, 1)[0] = value;
  runtime.kernels.toHalf(runtime.scratch, runtime.scratch, 1, precision);
  return runtime.u16(runtime.scratch, 1)[0]!;
}
const float32ToFloat16Bits = (value: number): number => wasmHalf(value, 1);
const float32ToBfloat16Bits = (value: number): number => wasmHalf(value, 2);

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** The float32 neighbours of a finite nonzero float32, by bit arithmetic. */
function neighbours(x: number): [number, number] {
  f32[0] = x;
  const bits = u32[0]!;
  u32[0] = bits - 1;
  const below = f32[0]!;
  u32[0] = bits + 1;
  const above = f32[0]!;
  return x > 0 ? [below, above] : [above, below];
}

describe('float32 → float16 (round to nearest, ties to even)', () => {
  it('decodes every half exactly', () => {
    const bad: string[] = [];
    for (let h = 0; h < 65536; h++) {
      const want = float16Value(h);
      const got = float16BitsToFloat32(h);
      if (!(Object.is(got, want) || (Number.isNaN(want) && Number.isNaN(got)))) bad.push(`0x${h.toString(16)}`);
    }
    expect(bad).toEqual([]);
  });

  it('maps every half value to itself, and each midpoint and its float32 neighbours correctly', () => {
    let checked = 0;
    const bad: string[] = [];
    const check = (got: number, want: number, what: string) => {
      if (got !== want) bad.push(`${what}: got 0x${got.toString(16)}, want 0x${want.toString(16)}`);
    };
    for (let h = 0; h < 0x7c00; h++) {
      for (const sign of [0, 0x8000]) {
        const v = float16Value(h | sign);
        check(float32ToFloat16Bits(v), h | sign, `value 0x${h.toString(16)}`);
        // Midpoint to the next half up in magnitude (0x7bff's next is +Inf at 65536).
        // The kernel's domain ends below float16's overflow threshold (65520), which the library
        // checks before sampling: the midpoint above the largest finite value is not an input.
        if (h + 1 === 0x7c00) {
          checked++;
          continue;
        }
        const next = float16Value(h + 1);
        const mid = (Math.abs(v) + next) / 2; // exact: 12 significant bits fit in float32
        if (Math.fround(mid) !== mid) bad.push(`midpoint of 0x${h.toString(16)} is not a float32`);
        const even = (h & 1) === 0 ? h : h + 1;
        const signed = (x: number) => (sign ? -x : x);
        check(float32ToFloat16Bits(signed(mid)), even | sign, `midpoint above 0x${(h | sign).toString(16)}`);
        const [below, above] = neighbours(mid);
        check(float32ToFloat16Bits(signed(below)), h | sign, `below midpoint 0x${(h | sign).toString(16)}`);
        check(float32ToFloat16Bits(signed(above)), (h + 1) | sign, `above midpoint 0x${(h | sign).toString(16)}`);
        checked++;
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
    expect(checked).toBe(2 * 0x7c00);
  });

  it('rounds just below the overflow threshold and underflows to signed zero', () => {
    expect(float32ToFloat16Bits(65519.99)).toBe(0x7bff);
    expect(float32ToFloat16Bits(2 ** -25)).toBe(0); // tie → even (0)
    expect(float32ToFloat16Bits(1e-10)).toBe(0);
    expect(float32ToFloat16Bits(-1e-10)).toBe(0x8000);
    expect(float32ToFloat16Bits(2 ** -149)).toBe(0);
  });
});

describe('float32 → bfloat16 (round to nearest, ties to even)', () => {
  it('maps every bfloat16 value to itself, and each midpoint and its float32 neighbours correctly', () => {
    const bad: string[] = [];
    const check = (got: number, want: number, what: string) => {
      if (got !== want) bad.push(`${what}: got 0x${got.toString(16)}, want 0x${want.toString(16)}`);
    };
    // Up to the midpoint below the largest finite bfloat16: the overflow region is outside the
    // kernel's domain (the library checks parameters against it before sampling).
    for (let h = 0; h < 0x7f7f; h++) {
      for (const sign of [0, 0x8000]) {
        const tag = (h | sign).toString(16);
        u32[0] = (h | sign) << 16;
        const v = f32[0]!;
        if (!Object.is(bfloat16BitsToFloat32(h | sign), v)) bad.push(`decode 0x${tag}`);
        check(float32ToBfloat16Bits(v), h | sign, `value 0x${tag}`);
        u32[0] = ((h | sign) << 16) | 0x8000; // exactly halfway to the next bfloat16
        const mid = f32[0]!;
        const even = (h & 1) === 0 ? h : h + 1;
        check(float32ToBfloat16Bits(mid), even | sign, `midpoint above 0x${tag}`);
        const [below, above] = neighbours(mid);
        const lo = Math.abs(below) < Math.abs(above) ? below : above;
        const hi = lo === below ? above : below;
        check(float32ToBfloat16Bits(lo), h | sign, `below midpoint 0x${tag}`);
        check(float32ToBfloat16Bits(hi), (h + 1) | sign, `above midpoint 0x${tag}`);
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });
});

describe('dtype names', () => {
  it('parses dtype names', () => {
    expect(parseDType('bf16')).toBe('bfloat16');
    expect(parseDType('F64')).toBe('float64');
    expect(parseDType('int8')).toBeUndefined();
    expect(parseDType('toString')).toBeUndefined();
  });
});

describe('npy header (format 1.0)', () => {
  for (const [shape, dtype, dims] of [
    [[3, 4], 'float32', '(3, 4)'],
    [[7], 'float16', '(7,)'],
    [[], 'float64', '()'],
    [[2, 3, 4, 5, 6, 7, 8, 9], 'float32', '(2, 3, 4, 5, 6, 7, 8, 9)'],
  ] as const) {
    it(`${dtype} [${shape.join(', ')}]`, () => {
      const h = npyHeader(shape, dtype);
      expect(Array.from(h.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      const len = h[8]! | (h[9]! << 8);
      expect(10 + len).toBe(h.length);
      expect(h.length % 64).toBe(0);
      const text = String.fromCharCode(...h.subarray(10));
      expect(text.endsWith('\n')).toBe(true);
      const descr = { float32: '<f4', float16: '<f2', float64: '<f8' }[dtype];
      expect(text.trimEnd()).toBe(`{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`);
    });
  }
  it('refuses bfloat16, which NumPy lacks', () => {
    expect(() => npyHeader([2], 'bfloat16')).toThrow(/NumPy has no bfloat16/);
  });
});

describe('safetensors layout', () => {
  it('lays tensors back to back after an 8-byte-aligned JSON header', () => {
    const { header, offsets, fileBytes } = safetensorsLayout(
      [
        { name: 'a', dtype: 'float32', shape: [2, 3] },
        { name: 'b', dtype: 'bfloat16', shape: [5] },
        { name: 'c', dtype: 'float64', shape: [] },
      ],
      { generator: 'test' },
    );
    const n = Number(new DataView(header.buffer).getBigUint64(0, true));
    expect(header.length).toBe(8 + n);
    expect(n % 8).toBe(0);
    const json = JSON.parse(new TextDecoder().decode(header.subarray(8)));
    expect(json).toEqual({
      __metadata__: { generator: 'test' },
      a: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
      b: { dtype: 'BF16', shape: [5], data_offsets: [24, 34] },
      c: { dtype: 'F64', shape: [], data_offsets: [34, 42] },
    });
    expect(offsets).toEqual([
      [0, 24],
      [24, 34],
      [34, 42],
    ]);
    expect(fileBytes).toBe(8 + n + 42);
  });
  it('rejects duplicate and reserved names', () => {
    expect(() => safetensorsLayout([{ name: '__metadata__', dtype: 'float32', shape: [1] }])).toThrow(/reserved/);
    expect(() =>
      safetensorsLayout([
        { name: 'x', dtype: 'float32', shape: [1] },
        { name: 'x', dtype: 'float32', shape: [1] },
      ]),
    ).toThrow(/duplicate/);
  });
});
