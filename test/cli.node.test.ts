// The `nninit` command end to end: the built CLI (dist/cli/main.js, `npm run build` first) is
// spawned; its files are read back by independent parsers (and NumPy's np.load when python3 with
// numpy is installed) and compared bit for bit with the library's sample().
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  glorotUniform,
  heNormal,
  heUniform,
  randomNormal,
  STREAM_FORMAT_VERSION,
  truncatedNormal,
} from '../src/index.js';
import { tensorSeed } from '../src/io/spec.js';
import { bytes, CLI, inCI, readNpy, readSafetensors, runCli, text } from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nninit-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]): SpawnSyncReturns<Buffer> => runCli(args, { cwd: dir });
/** A fresh ArrayBuffer with a Buffer's bytes (Buffer.slice shares memory). */
const copy = (b: Buffer): ArrayBuffer => new Uint8Array(b).buffer;

const python = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
const hasNumpy = python.status === 0;

describe('nninit sample', () => {
  const expected = glorotUniform({ seed: 5 }).sample([3, 3, 16, 32]);

  it('prints fans, target and measured statistics', () => {
    const r = run(['sample', 'glorot_uniform', '3x3x16x32', '--seed', '5']);
    expect(r.status).toBe(0);
    const out = text(r.stdout);
    expect(out).toMatch(/fans:\s+fan_in 144, fan_out 288/);
    expect(out).toMatch(/target:\s+mean 0, std 0\.0680414/); // √(2 / 432)
    expect(out).toMatch(/measured:\s+mean \S+, std 0\.06\d+, min -0\.11\d+, max 0\.11\d+/);
  });

  it('writes .bin, .npy and .safetensors with exactly sample()’s values', () => {
    for (const ext of ['bin', 'npy', 'safetensors']) {
      const r = run(['sample', 'GlorotUniform', '3x3x16x32', '--seed', '5', '-o', `g.${ext}`]);
      expect(r.status, text(r.stderr)).toBe(0);
    }
    expect(readFileSync(path.join(dir, 'g.bin')).equals(bytes(expected))).toBe(true);
    const npy = readFileSync(path.join(dir, 'g.npy'));
    const headerLength = npy.readUInt16LE(8);
    expect((10 + headerLength) % 64).toBe(0);
    expect(npy.subarray(10, 10 + headerLength).toString('latin1')).toMatch(
      /^\{'descr': '<f4', 'fortran_order': False, 'shape': \(3, 3, 16, 32\), \} *\n$/,
    );
    expect(npy.subarray(10 + headerLength).equals(bytes(expected))).toBe(true);
    const st = readSafetensors(readFileSync(path.join(dir, 'g.safetensors')));
    expect(st.headerBytes % 8).toBe(0);
    expect(st.tensors.tensor!.dtype).toBe('F32');
    expect(st.tensors.tensor!.shape).toEqual([3, 3, 16, 32]);
    expect(st.tensors.tensor!.data.equals(bytes(expected))).toBe(true);
    expect(st.metadata).toMatchObject({
      initializer: 'glorotUniform',
      seed: '5',
      stream_format: String(STREAM_FORMAT_VERSION),
    });
  });

  it('writes to standard output with -o - (statistics go to stderr)', () => {
    const r = run(['sample', 'he_normal', '64x64', '--seed', '2', '-o', '-']);
    expect(r.status).toBe(0);
    expect(r.stdout.equals(bytes(heNormal({ seed: 2 }).sample([64, 64])))).toBe(true);
    expect(text(r.stderr)).toMatch(/measured:/);
    const npy = run(['sample', 'he_normal', '64x64', '--seed', '2', '-o', '-', '--format', 'npy']);
    expect(npy.stdout.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
  });

  it('passes --param values and writes float16, bfloat16 and float64 as the library samples them', () => {
    const init = randomNormal({ mean: 1, stddev: 0.02, seed: 3 });
    for (const [dtype, st, size] of [
      ['float16', 'F16', 2],
      ['bfloat16', 'BF16', 2],
      ['float64', 'F64', 8],
    ] as const) {
      const r = run([
        'sample',
        'random_normal',
        '1000',
        '--param',
        'mean=1',
        '--param',
        'stddev=0.02',
        '--seed',
        '3',
        '--dtype',
        dtype,
        '-o',
        `h-${dtype}.safetensors`,
      ]);
      expect(r.status, text(r.stderr)).toBe(0);
      const t = readSafetensors(readFileSync(path.join(dir, `h-${dtype}.safetensors`))).tensors.tensor!;
      expect(t.dtype).toBe(st);
      expect(t.data.length).toBe(1000 * size);
      expect(t.data.equals(bytes(init.sample([1000], { dtype })))).toBe(true);
    }
  });

  it('files load in NumPy with their shape, dtype and values (a format-spec reader where NumPy is missing)', () => {
    expect(run(['sample', 'truncated_normal', '7x5', '--seed', '4', '-o', 't.npy']).status).toBe(0);
    expect(run(['sample', 'truncated_normal', '7x5', '--seed', '4', '--dtype', 'float16', '-o', 'h.npy']).status).toBe(
      0,
    );
    expect(run(['sample', 'truncated_normal', '[]', '--seed', '4', '-o', 's.npy']).status).toBe(0);
    const script = [
      'import numpy as np, sys, json',
      'out = {}',
      "for name in ['t', 'h', 's', 'g']:",
      "    a = np.load(name + '.npy')",
      '    out[name] = [list(a.shape), a.dtype.str, a.astype(np.float64).ravel().tolist()]',
      'print(json.dumps(out))',
    ].join('\n');
    // CI installs NumPy, so there a missing NumPy fails here instead of falling back.
    if (!hasNumpy) expect(inCI, 'python3 with numpy (CI installs python3-numpy)').toBe(false);
    const loaded = hasNumpy
      ? JSON.parse(execFileSync('python3', ['-c', script], { cwd: dir, encoding: 'utf8' }))
      : Object.fromEntries(
          ['t', 'h', 's', 'g'].map((name) => [name, readNpy(readFileSync(path.join(dir, `${name}.npy`)))]),
        );
    const t = truncatedNormal({ seed: 4 }).sample([7, 5]);
    expect(loaded.t[0]).toEqual([7, 5]);
    expect(loaded.t[1]).toBe('<f4');
    expect(loaded.t[2]).toEqual(Array.from(t));
    expect(loaded.h[1]).toBe('<f2');
    expect(loaded.h[2].length).toBe(35);
    expect(loaded.s[0]).toEqual([]);
    expect(loaded.s[2]).toEqual(Array.from(truncatedNormal({ seed: 4 }).sample([])));
    expect(loaded.g[0]).toEqual([3, 3, 16, 32]);
    expect(loaded.g[2]).toEqual(Array.from(expected));
  });

  it('refuses bfloat16 .npy and unknown extensions with exit code 2', () => {
    const r = run(['sample', 'zeros', '3', '--dtype', 'bf16', '-o', 'z.npy']);
    expect(r.status).toBe(2);
    expect(text(r.stderr)).toMatch(/NumPy has no bfloat16/);
    expect(run(['sample', 'zeros', '3', '-o', 'z.txt']).status).toBe(2);
    expect(existsSync(path.join(dir, 'z.npy'))).toBe(false);
  });
});

describe('nninit model', () => {
  it('writes resnet50 byte-identically twice, each tensor equal to its initializer’s sample()', () => {
    for (const name of ['r1', 'r2']) {
      const r = run(['model', 'resnet50', '-o', `${name}.safetensors`, '--seed', '7', '--quiet']);
      expect(r.status, text(r.stderr)).toBe(0);
      expect(text(r.stdout)).toMatch(/parameters:\s+25,636,712/);
      expect(text(r.stdout)).toMatch(/throughput:\s+\S+ [kMG]?B\/s/);
      expect(text(r.stderr)).toMatch(/progress: 100%/); // not a TTY: plain lines
    }
    const a = readFileSync(path.join(dir, 'r1.safetensors'));
    expect(a.equals(readFileSync(path.join(dir, 'r2.safetensors')))).toBe(true);
    const st = readSafetensors(a);
    expect(Object.keys(st.tensors).length).toBe(320);
    expect(st.metadata).toMatchObject({ spec: 'resnet50', seed: '7' });
    const kernel = 'conv2_block1_2_conv/kernel';
    expect(st.tensors[kernel]!.shape).toEqual([3, 3, 64, 64]);
    expect(
      st.tensors[kernel]!.data.equals(bytes(glorotUniform({ seed: tensorSeed(7n, kernel) }).sample([3, 3, 64, 64]))),
    ).toBe(true);
    expect(new Float32Array(copy(st.tensors['conv1_bn/gamma']!.data)).every((v) => v === 1)).toBe(true);
    // A different seed gives a different file.
    expect(run(['model', 'resnet50', '-o', 'r3.safetensors', '--seed', '8', '-q']).status).toBe(0);
    expect(readFileSync(path.join(dir, 'r3.safetensors')).equals(a)).toBe(false);
  });

  it('prints a per-tensor summary and keeps RSS bounded on gpt2-small (498 MB of output)', () => {
    const rss = `data:text/javascript,${encodeURIComponent(
      "process.on('exit', () => process.stderr.write('maxrss=' + process.resourceUsage().maxRSS + '\\n'));",
    )}`;
    const r = spawnSync(process.execPath, ['--import', rss, CLI, 'model', 'gpt2-small', '-o', 'gpt2.safetensors'], {
      cwd: dir,
      maxBuffer: 1 << 26,
    });
    expect(r.status, text(r.stderr)).toBe(0);
    const out = text(r.stdout);
    expect(out).toMatch(/^h\.11\.mlp\.c_proj\.weight\s+3072x768\s+F32\s+randomNormal/m);
    expect(out).toMatch(/parameters:\s+124,439,808/);
    const maxRssKiB = Number(/maxrss=(\d+)/.exec(text(r.stderr))![1]);
    expect(maxRssKiB).toBeLessThan(256 * 1024);
    const file = readFileSync(path.join(dir, 'gpt2.safetensors'));
    const st = readSafetensors(file);
    const wpe = st.tensors['wpe.weight']!;
    expect(
      wpe.data.equals(
        bytes(randomNormal({ mean: 0, stddev: 0.02, seed: tensorSeed(0n, 'wpe.weight') }).sample([1024, 768])),
      ),
    ).toBe(true);
    rmSync(path.join(dir, 'gpt2.safetensors'));
  });

  it('accepts a spec file with dtypes and a tensors object', () => {
    const spec = {
      name: 'tiny',
      tensors: {
        w: { shape: [300, 20], initializer: 'he_uniform', dtype: 'bfloat16' },
        b: { shape: [20], initializer: 'constant', params: { value: 0.5 }, dtype: 'float64' },
      },
    };
    writeFileSync(path.join(dir, 'tiny.json'), JSON.stringify(spec));
    const r = run(['model', 'tiny.json', '-o', 'tiny.safetensors', '--seed', '1']);
    expect(r.status, text(r.stderr)).toBe(0);
    const st = readSafetensors(readFileSync(path.join(dir, 'tiny.safetensors')));
    expect(st.tensors.w!.dtype).toBe('BF16');
    expect(
      st.tensors.w!.data.equals(
        bytes(heUniform({ seed: tensorSeed(1n, 'w') }).sample([300, 20], { dtype: 'bfloat16' })),
      ),
    ).toBe(true);
    expect(Array.from(new Float64Array(copy(st.tensors.b!.data)))).toEqual(new Array(20).fill(0.5));
  });
});

describe('failures: clear message, non-zero exit, nothing left behind', () => {
  const leftovers = (d: string) => readdirSync(d).filter((f) => f.includes('nninit-tmp'));

  it('unknown initializer → exit 2 with the nearest names', () => {
    const r = run(['sample', 'glorot_unifrom', '3x3']);
    expect(r.status).toBe(2);
    expect(text(r.stderr)).toMatch(/unknown initializer "glorot_unifrom"; did you mean glorotUniform/);
  });

  it('malformed spec → exit 3 saying where', () => {
    writeFileSync(
      path.join(dir, 'bad.json'),
      '{\n  "tensors": [\n    {"name": "a", "shape": [2, -3], "initializer": "zeros"}\n  ]\n}\n',
    );
    let r = run(['model', 'bad.json', '-o', 'bad.safetensors']);
    expect(r.status).toBe(3);
    expect(text(r.stderr)).toMatch(
      /bad spec: bad\.json: tensors\[0\] "a": shape\[1\] must be a non-negative integer; got -3/,
    );
    writeFileSync(path.join(dir, 'bad2.json'), '{\n  "tensors": [\n    {"name": "a" "shape": [2]}\n  ]\n}\n');
    r = run(['model', 'bad2.json', '-o', 'bad.safetensors']);
    expect(r.status).toBe(3);
    expect(text(r.stderr)).toMatch(/bad2\.json: line 3, column \d+: invalid JSON/);
    r = run(['model', 'no-such-spec', '-o', 'bad.safetensors']);
    expect(r.status).toBe(3);
    expect(text(r.stderr)).toMatch(/cannot read the spec \(ENOENT\); built-in specs are resnet50, bert-base/);
    expect(existsSync(path.join(dir, 'bad.safetensors'))).toBe(false);
  });

  it('unwritable path → exit 4', () => {
    let r = run(['sample', 'ones', '4', '-o', 'no/such/dir/x.npy']);
    expect(r.status).toBe(4);
    expect(text(r.stderr)).toMatch(/cannot write no\/such\/dir\/x\.npy: ENOENT/);
    writeFileSync(path.join(dir, 'afile'), '');
    r = run(['model', 'resnet50', '-o', 'afile/x.safetensors']);
    expect(r.status).toBe(4);
    expect(text(r.stderr)).toMatch(/ENOTDIR/);
    expect(leftovers(dir)).toEqual([]);
  });

  it('standard output on a full device (/dev/full) → exit 4', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" sample ones 100000 -o - > /dev/full`], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/cannot write to standard output: ENOSPC/);
  });

  it('usage errors → exit 2', () => {
    expect(run([]).status).toBe(2);
    expect(run(['frobnicate']).status).toBe(2);
    expect(run(['sample', 'zeros']).status).toBe(2);
    expect(run(['sample', 'zeros', '3x-1']).status).toBe(2);
    expect(run(['sample', 'random_normal', '3', '--param', 'stdev=1']).status).toBe(2);
    expect(text(run(['sample', 'random_normal', '3', '--param', 'stdev=1']).stderr)).toMatch(/unknown option `stdev`/);
    expect(run(['sample', 'zeros', '3', '--bogus']).status).toBe(2);
    expect(run(['model', 'resnet50']).status).toBe(2);
    expect(run(['model', 'resnet50', '-o', 'x.npy']).status).toBe(2);
  });
});

describe('--help', () => {
  for (const args of [['--help'], ['sample', '--help'], ['model', '--help'], ['help', 'model']]) {
    it(`nninit ${args.join(' ')}`, () => {
      const r = run(args);
      expect(r.status).toBe(0);
      expect(text(r.stdout)).toMatch(/^(nninit \d|usage: nninit)/);
    });
  }
  it('sample --help lists the initializers', () => {
    expect(text(run(['sample', '--help']).stdout)).toMatch(/initializers: zeros, ones, constant, randomUniform/);
  });
  it('model --list lists the built-in specs with their sizes', () => {
    const out = text(run(['model', '--list']).stdout);
    expect(out).toMatch(/gpt2-small\s+124,439,808 parameters/);
    expect(out).toMatch(/gpt2-1b\s+1,011,476,480 parameters/);
  });
});
