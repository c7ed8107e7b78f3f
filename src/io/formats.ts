// File formats for whole tensors and models: NumPy .npy (format 1.0), safetensors, and the
// float conversions they need. Pure functions over bytes: no file system here (see src/cli/).
//
// .npy:        https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
// safetensors: https://github.com/huggingface/safetensors (README, "Format")

import { DTYPES, type DType } from '../laws/dtype.js';
import { sizeOf } from '../laws/shape.js';
import { preview } from './text.js';

// ---------------------------------------------------------------------------------------------
// Decoding 16-bit patterns (for statistics of written values). Encoding happens in wasm: the
// library's dtype option rounds to nearest even (assembly/vecmath.ts).

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float32 value of IEEE binary16 bits (exact). */
export function float16BitsToFloat32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant === 0 ? sign * Infinity : NaN;
  return sign * (1024 + mant) * 2 ** (exp - 25);
}

/** The float32 value of bfloat16 bits (exact). */
export function bfloat16BitsToFloat32(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0]!;
}

// ---------------------------------------------------------------------------------------------
// .npy, format versions 1.0 and 2.0

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** NumPy aligns the data to 64 bytes (numpy/lib/format.py, ARRAY_ALIGN). */
const NPY_ALIGN = 64;

/**
 * The complete .npy preamble for a C-order array: magic, version, header length and the header
 * dict padded with spaces and a newline so the data starts at a multiple of 64 bytes. Version 1.0
 * stores the header length in 2 bytes; a longer header (a rank in the tens of thousands) takes
 * version 2.0, whose 4-byte length is the only difference (the dict is ASCII, so 3.0's UTF-8 is
 * never needed). NumPy itself loads at most 64 dimensions.
 */
export function npyHeader(shape: readonly number[], dtype: DType): Uint8Array {
  const descr = DTYPES[dtype].npy;
  if (descr === null) {
    throw new RangeError(
      `npy: NumPy has no ${dtype} dtype; write .safetensors (BF16) or raw .bin instead, or choose float16/float32`,
    );
  }
  const dims = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${dims}, }`;
  const preamble = (lengthBytes: number) => NPY_MAGIC.length + 2 + lengthBytes;
  const total = (lengthBytes: number) => Math.ceil((preamble(lengthBytes) + dict.length + 1) / NPY_ALIGN) * NPY_ALIGN;
  const lengthBytes = total(2) - preamble(2) <= 0xffff ? 2 : 4;
  const size = total(lengthBytes);
  const headerLength = size - preamble(lengthBytes);
  const out = new Uint8Array(size).fill(0x20); // the padding spaces
  out.set(NPY_MAGIC, 0);
  out[6] = lengthBytes === 2 ? 1 : 2; // major version
  out[7] = 0; // minor version
  const view = new DataView(out.buffer);
  if (lengthBytes === 2) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  const start = preamble(lengthBytes);
  for (let i = 0; i < dict.length; i++) out[start + i] = dict.charCodeAt(i); // ASCII
  out[size - 1] = 0x0a; // '\n'
  return out;
}

// ---------------------------------------------------------------------------------------------
// safetensors

export interface SafetensorsEntry {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
}

export interface SafetensorsLayout {
  /** The 8-byte length plus the JSON header, padded with spaces to a multiple of 8 bytes. */
  readonly header: Uint8Array;
  /** Each tensor's [begin, end) byte offsets in the data section (after the header). */
  readonly offsets: readonly (readonly [number, number])[];
  /** Total file size in bytes. */
  readonly fileBytes: number;
}

/** The largest header safetensors readers accept (safetensors/src/tensor.rs, MAX_HEADER_SIZE). */
export const SAFETENSORS_MAX_HEADER = 100_000_000;

/** Lone UTF-16 surrogates: a string holding one has no UTF-8 form. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Why `name` cannot name a tensor in a safetensors file (`is reserved for the metadata`), or
 * undefined if it can: it must be a non-empty string with a UTF-8 form (no lone surrogate), other
 * than `__metadata__`.
 */
export function tensorNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name === '__metadata__') return 'is reserved for the metadata';
  if (LONE_SURROGATE.test(name)) return 'holds a lone surrogate, which has no UTF-8 form';
  return undefined;
}

/**
 * The safetensors header for tensors laid out back to back in the given order: little-endian u64
 * header size N, then N bytes of JSON `{"name": {"dtype", "shape", "data_offsets"}, …,
 * "__metadata__": {string: string}}` padded with spaces so the data starts 8-byte aligned.
 * Throws a RangeError for a name the format cannot carry, a duplicate name, or a header larger
 * than readers accept.
 */
export function safetensorsLayout(
  entries: readonly SafetensorsEntry[],
  metadata: Readonly<Record<string, string>> = {},
): SafetensorsLayout {
  const names = new Set<string>();
  // No prototype: a tensor named "__proto__" is a key like any other.
  const json: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (Object.keys(metadata).length > 0) {
    const meta: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== 'string') throw new TypeError(`safetensors: __metadata__.${k} must be a string`);
      if (LONE_SURROGATE.test(k) || LONE_SURROGATE.test(v)) {
        throw new RangeError(`safetensors: __metadata__.${k} must be valid Unicode (it holds a lone surrogate)`);
      }
      meta[k] = v;
    }
    json.__metadata__ = meta;
  }
  const offsets: [number, number][] = [];
  let at = 0;
  for (const e of entries) {
    const problem = tensorNameProblem(e.name);
    if (problem !== undefined) throw new RangeError(`safetensors: the tensor name ${preview(e.name)} ${problem}`);
    if (names.has(e.name)) throw new RangeError(`safetensors: duplicate tensor name ${preview(e.name)}`);
    names.add(e.name);
    const size = sizeOf(e.shape, 'safetensors') * DTYPES[e.dtype].bytes;
    const end = at + size;
    if (!Number.isSafeInteger(end)) throw new RangeError('safetensors: the data section exceeds 2^53 − 1 bytes');
    offsets.push([at, end]);
    json[e.name] = { dtype: DTYPES[e.dtype].safetensors, shape: [...e.shape], data_offsets: [at, end] };
    at = end;
  }
  const text = new TextEncoder().encode(JSON.stringify(json));
  const padded = Math.ceil(text.length / 8) * 8;
  if (padded > SAFETENSORS_MAX_HEADER) {
    throw new RangeError(
      `safetensors: the header would be ${padded} bytes; readers accept at most ${SAFETENSORS_MAX_HEADER} (shorter names or fewer tensors)`,
    );
  }
  const header = new Uint8Array(8 + padded).fill(0x20, 8);
  header.set(text, 8);
  new DataView(header.buffer).setBigUint64(0, BigInt(padded), true);
  return { header, offsets, fileBytes: header.length + at };
}

/** A safetensors file's header, parsed: its tensors in data order, its metadata, and where the data starts. */
export interface SafetensorsHeader {
  readonly tensors: readonly (SafetensorsEntry & { readonly offsets: readonly [number, number] })[];
  readonly metadata: Readonly<Record<string, string>>;
  /** The byte offset of the data section in the file: 8 + the header's length. */
  readonly dataStart: number;
}

/** The header length a safetensors file's first 8 bytes give (little-endian u64); a RangeError past `limit`. */
export function safetensorsHeaderLength(first8: Uint8Array, limit: number): number {
  if (first8.length < 8) throw new RangeError('safetensors: the file is shorter than its 8-byte header length');
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(limit)) throw new RangeError(`safetensors: a header of ${n} bytes exceeds ${limit}`);
  return Number(n);
}

/**
 * Parses a safetensors header (the JSON after the 8-byte length) of a file of `fileBytes` bytes,
 * and checks it: known dtypes, shapes, and data offsets that match the shapes and tile the data
 * section, which must end at the end of the file. Tensors come back sorted by offset.
 */
export function parseSafetensorsHeader(json: Uint8Array, fileBytes: number): SafetensorsHeader {
  const fail = (why: string): never => {
    throw new RangeError(`safetensors: ${why}`);
  };
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (error) {
    return fail(`the header is not JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    return fail('the header is not an object');
  const dataStart = 8 + json.length;
  const metadata: Record<string, string> = {};
  const tensors: (SafetensorsEntry & { offsets: [number, number] })[] = [];
  const byCode = new Map<string, DType>(
    Object.entries(DTYPES).map(([name, info]) => [info.safetensors, name as DType]),
  );
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    const entry = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (name === '__metadata__') {
      if (value === null || typeof value !== 'object') return fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(value)) {
        if (typeof v !== 'string') return fail(`__metadata__.${k} is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    const dtype = typeof entry?.dtype === 'string' ? byCode.get(entry.dtype) : undefined;
    if (dtype === undefined) {
      return fail(`${JSON.stringify(name)}: dtype ${JSON.stringify(entry?.dtype)} is not one nninit writes`);
    }
    const shape = entry.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      return fail(`${JSON.stringify(name)}: bad shape ${JSON.stringify(shape)}`);
    }
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
      return fail(`${JSON.stringify(name)}: bad data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    if (end - begin !== sizeOf(shape as number[], 'safetensors') * DTYPES[dtype].bytes) {
      return fail(
        `${JSON.stringify(name)}: data_offsets [${begin}, ${end}] do not match shape ${JSON.stringify(shape)} of ${dtype}`,
      );
    }
    tensors.push({ name, dtype, shape: shape as number[], offsets: [begin, end] });
  }
  tensors.sort((a, b) => a.offsets[0] - b.offsets[0]);
  let at = 0;
  for (const t of tensors) {
    if (t.offsets[0] !== at) return fail(`${JSON.stringify(t.name)}: its data starts at ${t.offsets[0]}, not ${at}`);
    at = t.offsets[1];
  }
  if (dataStart + at !== fileBytes) {
    return fail(`the file has ${fileBytes} bytes, but its header describes ${dataStart + at}`);
  }
  return { tensors, metadata, dataStart };
}
