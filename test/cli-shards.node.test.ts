// Sharded checkpoints and `nninit verify`, end to end with the built CLI (dist/cli/main.js):
// concurrent processes each write one shard of an 11-tensor model; the shards hold exactly the
// unsharded file's tensors, bit for bit; the index is Hugging Face's (read back with Python's
// json, the shards with NumPy from their safetensors headers, the assignment checked against a
// Python transcription of huggingface_hub's split); verify passes, and fails on one flipped byte.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, inCI, readSafetensors as parseSafetensors, runCli, spawnCli, text } from './helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nninit-shards-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The environment without a job runner's shard variables, plus `extra`. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { SLURM_ARRAY_TASK_ID: _s, JOB_COMPLETION_INDEX: _j, ...rest } = process.env;
  return { ...rest, ...extra };
}

function run(args: string[], extra: Record<string, string> = {}) {
  const r = runCli(args, { cwd: dir, env: env(extra) });
  return { status: r.status, stdout: text(r.stdout), stderr: text(r.stderr) };
}

async function runAsync(args: string[], extra: Record<string, string> = {}) {
  const { code, stderr } = await finished(spawnCli(args, { cwd: dir, env: env(extra) }));
  return { code, stderr };
}

/** A safetensors file's metadata, its tensors by name (dtype, shape, bytes), and where its data starts. */
function readSafetensors(file: string) {
  const { headerBytes, metadata, tensors } = parseSafetensors(readFileSync(file));
  return { metadata, tensors: new Map(Object.entries(tensors)), dataStart: 8 + headerBytes };
}

// 11 tensors of every kind of law and dtype; with a 300 kB limit, Hugging Face's split gives 5
// shards, two of them a tensor larger than the limit alone (dense/kernel and big).
const SPEC = {
  name: 'mixed',
  seed: 11,
  tensors: [
    { name: 'embed', shape: [1000, 64], initializer: 'random_normal', params: { stddev: 0.02 } },
    { name: 'conv/kernel', shape: [3, 3, 16, 32], initializer: 'glorot_uniform', dtype: 'bfloat16' },
    { name: 'conv/bias', shape: [32], initializer: 'zeros' },
    { name: 'q', shape: [64, 64], initializer: 'orthogonal', params: { gain: 2 } },
    { name: 'eye', shape: [50, 60], initializer: 'identity', dtype: 'float16' },
    { name: 'dense/kernel', shape: [300, 200], initializer: 'he_normal', dtype: 'float64' },
    { name: 'dense/bias', shape: [200], initializer: 'constant', params: { value: 0.1 } },
    { name: 'ln/scale', shape: [64], initializer: 'ones' },
    { name: 'trunc', shape: [70_000], initializer: 'truncated_normal', seed: 5 },
    { name: 'uniform', shape: [5, 30_000], initializer: 'random_uniform', dtype: 'float16' },
    { name: 'big', shape: [200_000], initializer: 'lecun_normal' },
  ],
};
const SHARDS = 5;
const FILES = Array.from({ length: SHARDS }, (_, k) => `model-0000${k + 1}-of-0000${SHARDS}.safetensors`);
const LIMIT = '300KB';
const WIDTH: Record<string, number> = { float32: 4, float64: 8, float16: 2, bfloat16: 2 };
const TOTAL = SPEC.tensors.reduce(
  (sum, t) => sum + t.shape.reduce((n, d) => n * d, 1) * WIDTH[t.dtype ?? 'float32']!,
  0,
);
const leftovers = (d: string) => readdirSync(d).filter((f) => f.includes('nninit-tmp'));

beforeAll(() => {
  writeFileSync(path.join(dir, 'mixed.json'), JSON.stringify(SPEC));
  const whole = run(['model', 'mixed.json', '-o', 'whole.safetensors', '-q', '--no-progress']);
  expect(whole.status, whole.stderr).toBe(0);
});

describe('concurrent processes, one shard each', () => {
  const out = path.join(dir, 'concurrent');

  beforeAll(async () => {
    // Shards by number, by Slurm's 1-based task id and by a Kubernetes 0-based completion index.
    const args = ['model', 'mixed.json', '-o', out, '--max-shard-size', LIMIT, '-q', '--no-progress'];
    const results = await Promise.all([
      runAsync([...args, '--shard', '1']),
      runAsync([...args, '--shard', 'auto'], { SLURM_ARRAY_TASK_ID: '2' }),
      runAsync([...args, '--shard', 'auto'], { JOB_COMPLETION_INDEX: '2' }),
      runAsync([...args, '--shard', '4']),
      runAsync([...args, '--shard', '5']),
    ]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    // The plan notes the tensors larger than the limit, in every process.
    expect(results[0]!.stderr).toMatch(/dense\/kernel \(480 kB\) is larger than --max-shard-size \(300 kB\)/);
    expect(results[0]!.stderr).toMatch(/big \(800 kB\) is larger/);
  });

  it('write the five shards and the index, nothing else', () => {
    expect(readdirSync(out).sort()).toEqual([...FILES, 'model.safetensors.index.json']);
  });

  it('hold exactly the unsharded file’s tensors, bit for bit, each once', () => {
    const whole = readSafetensors(path.join(dir, 'whole.safetensors'));
    const seen = new Set<string>();
    for (const file of FILES) {
      for (const [name, t] of readSafetensors(path.join(out, file)).tensors) {
        const w = whole.tensors.get(name)!;
        expect(seen.has(name), name).toBe(false);
        seen.add(name);
        expect([t.dtype, t.shape]).toEqual([w.dtype, w.shape]);
        expect(t.data.equals(w.data), name).toBe(true);
      }
    }
    expect([...seen].sort()).toEqual([...whole.tensors.keys()].sort());
  });

  it('equal, file for file, what one process writes with every shard', () => {
    const one = path.join(dir, 'one-process');
    const r = run(['model', 'mixed.json', '-o', one, '--max-shard-size', LIMIT, '-q', '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    for (const file of [...FILES, 'model.safetensors.index.json']) {
      expect(readFileSync(path.join(one, file)).equals(readFileSync(path.join(out, file))), file).toBe(true);
    }
  });

  it('write the same index from every process', () => {
    const a = path.join(dir, 'only-1');
    const b = path.join(dir, 'only-4');
    expect(run(['model', 'mixed.json', '-o', a, '--max-shard-size', LIMIT, '--shard', '1', '-q']).status).toBe(0);
    expect(run(['model', 'mixed.json', '-o', b, '--max-shard-size', LIMIT, '--shard', '4', '-q']).status).toBe(0);
    expect(readdirSync(a).sort()).toEqual([FILES[0], 'model.safetensors.index.json']);
    const index = readFileSync(path.join(out, 'model.safetensors.index.json'));
    expect(readFileSync(path.join(a, 'model.safetensors.index.json')).equals(index)).toBe(true);
    expect(readFileSync(path.join(b, 'model.safetensors.index.json')).equals(index)).toBe(true);
  });

  it('carry the metadata transformers needs (format: pt) and the recipes verify reads', () => {
    const { metadata } = readSafetensors(path.join(out, FILES[1]!));
    expect(metadata).toMatchObject({ format: 'pt', spec: 'mixed', seed: '11', stream_format: '2' });
    const recipes = JSON.parse(metadata.nninit_tensors!) as Record<string, unknown>;
    expect(Object.keys(recipes)).toEqual(['embed', 'conv/kernel', 'conv/bias', 'q', 'eye', 'dense/bias', 'ln/scale']);
    expect(recipes['q']).toEqual({
      initializer: 'orthogonal',
      params: { gain: 2 },
      seed: expect.stringMatching(/^\d+$/),
    });
    expect(recipes['conv/bias']).toEqual({ initializer: 'zeros', params: {}, seed: null });
  });

  it('read back with Python: the index with json, as transformers writes it; the shards with NumPy', () => {
    // huggingface_hub's split_state_dict_into_shards_factory, transcribed: the expected assignment.
    const script = String.raw`
import json, struct, sys, os
out, whole, spec_file, limit = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
spec = json.load(open(spec_file))
text = open(os.path.join(out, "model.safetensors.index.json")).read()
index = json.loads(text)
assert text == json.dumps(index, indent=2, sort_keys=True) + "\n", "not transformers' layout"
assert set(index) == {"metadata", "weight_map"}, index.keys()
width = {"float32": 4, "float64": 8, "float16": 2, "bfloat16": 2}
sizes = []
for t in spec["tensors"]:
    n = 1
    for d in t["shape"]:
        n *= d
    sizes.append((t["name"], n * width[t.get("dtype", "float32")]))
shards, current, current_size, total = [], {}, 0, 0
for name, size in sizes:
    if size > limit:
        total += size
        shards.append({name: size})
        continue
    if current_size + size > limit:
        shards.append(current)
        current, current_size = {}, 0
    current[name] = size
    current_size += size
    total += size
if current:
    shards.append(current)
expected = {name: "model-%05d-of-%05d.safetensors" % (k + 1, len(shards)) for k, s in enumerate(shards) for name in s}
assert index["weight_map"] == expected, (index["weight_map"], expected)
assert index["metadata"]["total_size"] == total, (index["metadata"], total)

def read(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    arrays = {}
    if numpy:
        codes = {"F32": "<f4", "F64": "<f8", "F16": "<f2", "BF16": "<u2"}
        for name, info in header.items():
            if name == "__metadata__":
                continue
            begin, end = info["data_offsets"]
            arrays[name] = numpy.frombuffer(data[8 + n + begin : 8 + n + end], dtype=codes[info["dtype"]]).reshape(info["shape"])
    return header, arrays

try:
    import numpy
except ImportError:
    numpy = None
_, reference = read(whole)
checked = 0
for file in sorted(set(expected.values())):
    header, arrays = read(os.path.join(out, file))
    assert set(header) - {"__metadata__"} == {n for n, f in expected.items() if f == file}, file
    for name, a in arrays.items():
        b = reference[name]
        assert a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes(), name
        checked += 1
print("numpy" if numpy else "json only", checked)
`;
    const r = spawnSync(
      'python3',
      ['-c', script, out, path.join(dir, 'whole.safetensors'), path.join(dir, 'mixed.json'), '300000'],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    // CI installs NumPy; elsewhere the JSON part still runs, and the bytes are compared above.
    if (inCI || r.stdout.startsWith('numpy')) expect(r.stdout.trim()).toBe('numpy 11');
  });

  it('pass nninit verify: the directory, the index, one shard, and the unsharded file', () => {
    for (const target of [out, path.join(out, 'model.safetensors.index.json')]) {
      const r = run(['verify', target]);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(r.stdout.match(/^ok {8}/gm)).toHaveLength(11);
      expect(r.stdout).toMatch(/verified: {3}11 tensors in 5 files, all equal to their recomputation/);
    }
    const shard = run(['verify', path.join(out, FILES[1]!)]);
    expect(shard.status).toBe(0);
    expect(shard.stdout.match(/^ok /gm)).toHaveLength(7);
    expect(run(['verify', 'whole.safetensors']).status).toBe(0);
  });
});

describe('nninit verify fails with exit code 5', () => {
  const good = path.join(dir, 'concurrent');

  /** A copy of the good directory, with `change` applied to it. */
  function broken(name: string, change: (copy: string) => void): string {
    const copy = path.join(dir, name);
    cpSync(good, copy, { recursive: true });
    change(copy);
    return copy;
  }

  it('on one flipped byte, naming the tensor and the first differing element', () => {
    const file = FILES[2]!; // trunc alone: float32 [70000]
    const copy = broken('flipped', (d) => {
      const target = path.join(d, file);
      const bytes = readFileSync(target);
      const { dataStart } = readSafetensors(target);
      bytes[dataStart + 4 * 65_537 + 2]! ^= 0x01; // element 65,537: past the first block
      writeFileSync(target, bytes);
    });
    const r = run(['verify', copy]);
    expect(r.status).toBe(5);
    expect(r.stdout).toMatch(
      /^MISMATCH {2}trunc \(model-00003-of-00005\.safetensors\): differs first at element 65537 \[65537\]/m,
    );
    expect(r.stdout.match(/^ok /gm)).toHaveLength(10);
    expect(r.stdout).toMatch(/1 of 11 tensors in 5 files differ/);
    expect(run(['verify', path.join(copy, file)]).status).toBe(5);
  });

  it('on a flipped byte of the unsharded file', () => {
    const bytes = readFileSync(path.join(dir, 'whole.safetensors'));
    bytes[bytes.length - 1]! ^= 0x80;
    writeFileSync(path.join(dir, 'whole-flipped.safetensors'), bytes);
    const r = run(['verify', 'whole-flipped.safetensors']);
    expect(r.status).toBe(5);
    expect(r.stdout).toMatch(/^MISMATCH {2}big .*element 199999 \[199999\]/m);
  });

  it('on a missing shard, a changed header, an index that does not match, a file nninit did not write', () => {
    const missing = broken('missing', (d) => rmSync(path.join(d, FILES[3]!)));
    let r = run(['verify', missing]);
    expect(r.status).toBe(5);
    expect(r.stdout).toMatch(/^MISMATCH {2}big \(model-00004-of-00005\.safetensors\): .*ENOENT/m);

    // Another seed in the recipe of dense/kernel (alone in shard 1), one digit changed in place.
    const seed = broken('seed', (d) => {
      const target = path.join(d, FILES[0]!);
      const text = readFileSync(target).toString('latin1');
      const changed = text.replace(/(\\"seed\\":\\")(\d)/, (_, a: string, d0: string) => a + ((+d0 + 1) % 10));
      expect(changed).not.toBe(text);
      writeFileSync(target, changed, 'latin1');
    });
    r = run(['verify', seed]);
    expect(r.status).toBe(5);
    expect(r.stdout).toMatch(/^MISMATCH {2}dense\/kernel .*differs first at element 0 \[0, 0\]/m);

    const index = broken('index', (d) => {
      const target = path.join(d, 'model.safetensors.index.json');
      const json = JSON.parse(readFileSync(target, 'utf8')) as { metadata: { total_size: number } };
      json.metadata.total_size += 2;
      writeFileSync(target, JSON.stringify(json));
    });
    r = run(['verify', index]);
    expect(r.status).toBe(5);
    expect(r.stdout).toMatch(new RegExp(`metadata\\.total_size .*says ${TOTAL + 2} bytes, the files hold ${TOTAL}`));

    const foreign = readFileSync(path.join(dir, 'whole.safetensors'))
      .toString('latin1')
      .replace('nninit_tensors', 'other_tensorsx');
    writeFileSync(path.join(dir, 'foreign.safetensors'), foreign, 'latin1');
    r = run(['verify', 'foreign.safetensors']);
    expect(r.status).toBe(5);
    expect(r.stdout).toMatch(/^MISMATCH {2}embed .*carries no nninit_tensors in __metadata__/m);
    const plain = run(['sample', 'ones', '4', '-o', 'plain.npy']);
    expect(plain.status).toBe(0);
    r = run(['verify', 'plain.npy']);
    expect(r.status).toBe(5);
    expect(r.stderr + r.stdout).toMatch(/safetensors/);
    r = run(['verify', 'no-such-dir']);
    expect(r.status).toBe(5);
    expect(r.stderr).toMatch(/cannot verify: no-such-dir: ENOENT/);
  });

  it('a tensor written by nninit sample verifies too', () => {
    const s = run(['sample', 'he_normal', '300x200', '--seed', '3', '-o', 's.safetensors']);
    expect(s.status).toBe(0);
    expect(run(['verify', 's.safetensors']).stdout).toMatch(/^ok {8}tensor$/m);
  });
});

describe('bad sharding input: a clear message, exit 2 or 4, nothing written', () => {
  const base = ['model', 'mixed.json', '-o', 'bad-out', '--max-shard-size', LIMIT];

  it.each<[string, string[], Record<string, string>, RegExp]>([
    ['--shard 0', ['--shard', '0'], {}, /--shard must be a shard number in \[1, 5\] .*5 shards\); got "0"/],
    ['--shard past the last shard', ['--shard', '6'], {}, /--shard must be a shard number in \[1, 5\].*got "6"/],
    ['--shard not a number', ['--shard', 'first'], {}, /--shard must be a shard number.*got "first"/],
    [
      '--shard auto with no job runner',
      ['--shard', 'auto'],
      {},
      /--shard auto reads SLURM_ARRAY_TASK_ID .* neither is set/,
    ],
    [
      'a bad Slurm task id',
      ['--shard', 'auto'],
      { SLURM_ARRAY_TASK_ID: '0' },
      /SLURM_ARRAY_TASK_ID \(--shard auto\) must be .*\[1, 5\].*got "0"/,
    ],
    [
      'a completion index past the end',
      ['--shard', 'auto'],
      { JOB_COMPLETION_INDEX: '5' },
      /JOB_COMPLETION_INDEX .* \[0, 4\].*got "5"/,
    ],
  ])('%s → exit 2', (_, extra, vars, pattern) => {
    const r = run([...base, ...extra], vars);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(existsSync(path.join(dir, 'bad-out'))).toBe(false);
  });

  it('bad sizes, --shard without a size, a .safetensors target → exit 2', () => {
    const model = ['model', 'mixed.json'];
    let r = run([...model, '-o', 'bad-out', '--max-shard-size', '5XB']);
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/--max-shard-size must be a size .*got "5XB"/)]);
    r = run([...model, '-o', 'bad-out', '--max-shard-size', '0']);
    expect(r.status).toBe(2);
    r = run([...model, '-o', 'bad-out', '--shard', '1']);
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/--shard needs --max-shard-size/)]);
    r = run([...model, '-o', 'x.safetensors', '--max-shard-size', '1GB']);
    expect([r.status, r.stderr]).toEqual([2, expect.stringMatching(/-o names a directory/)]);
    expect(existsSync(path.join(dir, 'bad-out'))).toBe(false);
  });

  it('a limit below the largest tensor: that tensor alone in its shard, as Hugging Face does', () => {
    const r = run(['model', 'mixed.json', '-o', 'tiny-limit', '--max-shard-size', '1kB', '-q', '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    // The eight tensors over 1 kB each go alone, in a shard closed at once; the three small ones
    // (128, 800 and 256 bytes) fill the open shard, which closes at ln/scale (its 256 bytes would
    // exceed 1 kB) and is the sixth; ln/scale ends up in the last.
    const files = readdirSync(path.join(dir, 'tiny-limit')).filter((f) => f.endsWith('.safetensors'));
    expect(files).toHaveLength(10);
    const names = (k: number) => [
      ...readSafetensors(
        path.join(dir, 'tiny-limit', `model-${String(k).padStart(5, '0')}-of-00010.safetensors`),
      ).tensors.keys(),
    ];
    expect([1, 5, 6, 7, 10].map(names)).toEqual([
      ['embed'],
      ['dense/kernel'],
      ['conv/bias', 'dense/bias'],
      ['trunc'],
      ['ln/scale'],
    ]);
    expect(run(['verify', 'tiny-limit']).status).toBe(0);
  });

  it('an unwritable directory → exit 4, nothing left behind', () => {
    writeFileSync(path.join(dir, 'a-file'), '');
    let r = run([...base.slice(0, 2), '-o', 'a-file/sub', '--max-shard-size', LIMIT, '--shard', '2']);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/cannot create the directory a-file\/sub: ENOTDIR/);
    r = run([...base.slice(0, 2), '-o', '/proc/nninit-shards', '--max-shard-size', LIMIT]);
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/cannot create the directory \/proc\/nninit-shards: E/);
    expect(leftovers(dir)).toEqual([]);
  });

  it('a single shard is model.safetensors with no index, as Hugging Face writes it', () => {
    const r = run(['model', 'mixed.json', '-o', 'single', '--max-shard-size', '1GB', '-q', '--no-progress']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(path.join(dir, 'single'))).toEqual(['model.safetensors']);
    expect(run(['verify', 'single']).status).toBe(0);
  });
});
