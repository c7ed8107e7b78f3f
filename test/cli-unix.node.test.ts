// The `nninit` command's Unix manners, end to end on the built CLI: closed pipes, signals (and
// what the message says is true), exit codes, nninit's own argument messages, progress, empty and
// scalar shapes, colour, names the formats cannot carry, bounded input, long file names, and the
// temporary files of killed runs. (Faults that need device nodes or a small disk, in a private
// mount namespace: cli-faults.node.test.ts.)
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { glorotUniform, heNormal, ones } from '../src/index.js';
import { fnv1a64, tensorSeed } from '../src/io/spec.js';
import { bytes, CLI, finished, inCI, readNpy, readSafetensors, runCli, spawnCli, text } from './helpers/cli.js';

const root = mkdtempSync(path.join(tmpdir(), 'nninit-cli-unix-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
/** A fresh directory per test, so that leftovers are each test's own. */
const fresh = (name: string): string => {
  const dir = path.join(root, name);
  mkdirSync(dir);
  return dir;
};
const temps = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('.nninit-') || f.endsWith('tmp'));

/** Resolves once `dir` holds a temporary file of nninit (a write is under way). */
async function writing(dir: string): Promise<void> {
  for (let i = 0; i < 3000 && temps(dir).length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  expect(temps(dir).length, 'a temporary file appeared').toBeGreaterThan(0);
}

/**
 * A module for `node --import` that patches a file-system call in the CLI's process so that the
 * process gets SIGINT while the call is under way: `rename` and `sync` (a FileHandle method) are
 * delayed 200 ms after the signal; `open` signals just after it created the temporary file, and
 * delays its result 200 ms.
 */
function interruptDuring(call: 'rename' | 'sync' | 'open'): string {
  const source = `
    import fsp from 'node:fs/promises';
    import { syncBuiltinESMExports } from 'node:module';
    const pause = () => { process.kill(process.pid, 'SIGINT'); return new Promise((r) => setTimeout(r, 200)); };
    const call = ${JSON.stringify(call)};
    if (call === 'rename') {
      const rename = fsp.rename;
      fsp.rename = async (...args) => { await pause(); return rename(...args); };
    } else if (call === 'open') {
      const open = fsp.open;
      fsp.open = async (...args) => {
        const handle = await open(...args);
        if (String(args[0]).includes('.nninit-')) await pause();
        return handle;
      };
    } else {
      const handle = await fsp.open(process.execPath, 'r');
      const proto = Object.getPrototypeOf(handle);
      await handle.close();
      const sync = proto.sync;
      proto.sync = async function () { await pause(); return sync.call(this); };
    }
    syncBuiltinESMExports();`;
  return `data:text/javascript,${encodeURIComponent(source)}`;
}

describe('a closed pipe stops the run quietly (exit 141, as SIGPIPE would), leaving files complete or absent', () => {
  it('sample with its report to a closed stdout', async () => {
    const child = spawnCli(['sample', 'he_normal', '3x3', '--seed', '1'], { cwd: fresh('pipe-sample') });
    child.stdout!.destroy(); // the reader went away (`| head -0`)
    const r = await finished(child);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(141);
  });

  it('data to a closed stdout (-o -)', async () => {
    const child = spawnCli(['sample', 'he_normal', '1000x1000', '--seed', '1', '-o', '-'], { cwd: fresh('pipe-data') });
    child.stdout!.destroy();
    const r = await finished(child);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(141);
  });

  it('model -o FILE with stdout closed: the file is complete', async () => {
    const dir = fresh('pipe-model');
    const child = spawnCli(['model', 'resnet50', '-o', 'r.safetensors', '--no-progress'], { cwd: dir });
    child.stdout!.destroy();
    const r = await finished(child);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(141);
    expect(temps(dir)).toEqual([]);
    // Complete: every tensor, back to back to the end of the file (readSafetensors checks), with its values.
    const st = readSafetensors(readFileSync(path.join(dir, 'r.safetensors')));
    expect(Object.keys(st.tensors)).toHaveLength(320);
    const kernel = 'predictions/kernel';
    expect(
      st.tensors[kernel]!.data.equals(bytes(glorotUniform({ seed: tensorSeed(0n, kernel) }).sample([2048, 1000]))),
    ).toBe(true);
  });

  it('model with its progress to a closed stderr: the file is absent', async () => {
    const dir = fresh('pipe-progress');
    const child = spawnCli(['model', 'gpt2-small', '-o', 'g.safetensors'], { cwd: dir });
    child.stderr!.destroy();
    const r = await finished(child);
    expect(r.code).toBe(141);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('signals: SIGINT, SIGTERM, SIGHUP and SIGQUIT stop the run with one true message, and end it by the signal', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const) {
    it(`${signal} while writing → ended by ${signal}, nothing written, no temporary file`, async () => {
      const dir = fresh(`signal-${signal}`);
      const child = spawnCli(['model', 'gpt2-small', '-o', 'big.safetensors', '--no-progress'], { cwd: dir });
      const result = finished(child);
      await writing(dir);
      child.kill(signal);
      const r = await result;
      expect(r.stderr).toBe(`nninit: interrupted by ${signal}; nothing was written to big.safetensors\n`);
      expect([r.code, r.signal]).toEqual([null, signal]); // a shell reports 128 + N
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it('SIGINT during the final rename: the file is complete, and the message says so', () => {
    const dir = fresh('signal-rename');
    const r = runCli(['sample', 'ones', '3x4', '-o', 'x.npy'], {
      cwd: dir,
      node: ['--import', interruptDuring('rename')],
    });
    expect(text(r.stderr)).toBe('nninit: interrupted by SIGINT; x.npy was written completely\n');
    expect(r.signal).toBe('SIGINT');
    expect(readNpy(readFileSync(path.join(dir, 'x.npy')))).toEqual([[3, 4], '<f4', new Array(12).fill(1)]);
    expect(temps(dir)).toEqual([]);
  });

  it('SIGINT just as the temporary file is created: it is removed', () => {
    const dir = fresh('signal-open');
    const r = runCli(['sample', 'ones', '3x4', '-o', 'x.npy'], {
      cwd: dir,
      node: ['--import', interruptDuring('open')],
    });
    expect(text(r.stderr)).toBe('nninit: interrupted by SIGINT; nothing was written to x.npy\n');
    expect(r.signal).toBe('SIGINT');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('SIGINT during the fsync: nothing written, and no second, false message', () => {
    const dir = fresh('signal-sync');
    const r = runCli(['sample', 'ones', '3x4', '-o', 'x.npy'], {
      cwd: dir,
      node: ['--import', interruptDuring('sync')],
    });
    expect(text(r.stderr)).toBe('nninit: interrupted by SIGINT; nothing was written to x.npy\n');
    expect(r.signal).toBe('SIGINT');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('SIGINT while waiting for a FIFO’s reader ends the run (a call blocked on the thread pool does not hold it)', async () => {
    const dir = fresh('signal-fifo');
    execFileSync('mkfifo', [path.join(dir, 'f')]);
    const child = spawnCli(['sample', 'ones', '3', '-o', 'f', '--format', 'bin'], { cwd: dir });
    const result = finished(child);
    // Wait until one of its threads waits in open(2) for a reader (the kernel's wait_for_partner).
    const waiting = () =>
      readdirSync(`/proc/${child.pid}/task`).some((t) => {
        try {
          return /wait_for_partner|fifo_open/.test(readFileSync(`/proc/${child.pid}/task/${t}/wchan`, 'utf8'));
        } catch {
          return false; // a thread that just ended
        }
      });
    for (let i = 0; i < 3000 && !waiting(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(waiting(), 'the CLI waits in open(2) for a reader (/proc/<pid>/task/*/wchan)').toBe(true);
    child.kill('SIGINT');
    const r = await result;
    expect([r.code, r.signal]).toEqual([null, 'SIGINT']);
    expect(r.stderr).toBe('nninit: interrupted by SIGINT\n');
    expect(lstatSync(path.join(dir, 'f')).isFIFO()).toBe(true);
  });

  it('a write that fails part-way (file size limit: EFBIG) → exit 4, nothing written', () => {
    const dir = fresh('efbig');
    // Node ignores SIGXFSZ, so a write past `ulimit -f` fails with EFBIG after the free-space check passed.
    const r = spawnSync(
      'sh',
      ['-c', `ulimit -f 2048 && exec "${process.execPath}" "${CLI}" model resnet50 -o r.safetensors`],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toMatch(
      /^nninit: cannot write r\.safetensors: EFBIG: file too large; nothing was written to r\.safetensors$/m,
    );
    expect(r.status).toBe(4);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('temporary files: short names, and the leftovers of killed runs', () => {
  it('a target name of 255 bytes works (the temporary name does not grow with it)', () => {
    const dir = fresh('long-name');
    for (const name of [`${'a'.repeat(251)}.npy`, `${'é'.repeat(125)}.npy`]) {
      expect(Buffer.byteLength(name)).toBeGreaterThanOrEqual(254);
      const r = runCli(['sample', 'ones', '2', '-o', name], { cwd: dir });
      expect(r.status, text(r.stderr)).toBe(0);
      expect(existsSync(path.join(dir, name))).toBe(true);
    }
    expect(temps(dir)).toEqual([]);
  });

  it('after SIGKILL, the next run into the same directory removes the temporary file and says so', async () => {
    const dir = fresh('sigkill');
    const child = spawnCli(['model', 'gpt2-small', '-o', 'big.safetensors', '--no-progress'], { cwd: dir });
    const result = finished(child);
    await writing(dir);
    child.kill('SIGKILL');
    expect((await result).signal).toBe('SIGKILL');
    const [left] = temps(dir);
    expect(left).toMatch(new RegExp(`^\\.nninit-[0-9a-f]{8}-${child.pid}-[0-9a-f]{6}\\.tmp$`));
    const r = runCli(['sample', 'ones', '2', '-o', 'small.npy'], { cwd: dir });
    expect(r.status, text(r.stderr)).toBe(0);
    expect(text(r.stderr)).toMatch(
      new RegExp(
        `^nninit: removed .*${left!.replace(/\./g, '\\.')} \\(.*\\), left by an nninit run that was killed \\(process ${child.pid}\\)$`,
        'm',
      ),
    );
    expect(readdirSync(dir).sort()).toEqual(['small.npy']);
  });

  it('keeps the temporary file of a live run, and names old ones it cannot judge (another host, an older version, a live process id)', () => {
    const dir = fresh('other-temps');
    const host = fnv1a64(hostname()).toString(16).padStart(16, '0').slice(0, 8);
    const live = `.nninit-${host}-${process.pid}-abcdef.tmp`; // this test's process is alive
    const reused = `.nninit-${host}-${process.pid}-fedcba.tmp`; // alive, but the file is an hour old
    const otherHost = `.nninit-${host === '00000000' ? '11111111' : '00000000'}-1-abcdef.tmp`;
    const older = '.w.npy.0123456789ab.nninit-tmp';
    const recent = `.nninit-${host === '00000000' ? '11111111' : '00000000'}-2-abcdef.tmp`;
    for (const f of [live, reused, otherHost, older, recent]) writeFileSync(path.join(dir, f), 'x');
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const f of [reused, otherHost, older]) utimesSync(path.join(dir, f), hourAgo, hourAgo);
    const r = runCli(['sample', 'ones', '2', '-o', 'w.npy'], { cwd: dir });
    expect(r.status, text(r.stderr)).toBe(0);
    const notes = text(r.stderr).trim().split('\n');
    expect(notes).toHaveLength(3);
    for (const f of [reused, otherHost, older]) {
      expect(
        notes.some((n) => n.includes(f) && /looks like the temporary file of an nninit run that was killed/.test(n)),
      ).toBe(true);
    }
    expect(readdirSync(dir).sort()).toEqual([live, reused, otherHost, older, recent, 'w.npy'].sort());
  });
});

describe('exit code 2 for what the formats cannot carry; .npy 2.0 for long headers', () => {
  it('--name __metadata__ → exit 2, nothing written', () => {
    const dir = fresh('name-metadata');
    const r = runCli(['sample', 'ones', '3', '--name', '__metadata__', '-o', 'm.safetensors'], { cwd: dir });
    expect(text(r.stderr)).toBe('nninit: safetensors: the tensor name "__metadata__" is reserved for the metadata\n');
    expect(r.status).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a rank-25,000 .npy gets a format 2.0 header that NumPy parses', () => {
    const dir = fresh('npy2');
    const shape = new Array(25_000).fill(1);
    const r = runCli(['sample', 'ones', shape.join('x'), '-o', 'deep.npy'], { cwd: dir });
    expect(r.status, text(r.stderr)).toBe(0);
    const file = readFileSync(path.join(dir, 'deep.npy'));
    expect(file[6]).toBe(2); // version 2.0
    expect(readNpy(file)).toEqual([shape, '<f4', [1]]);
    const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
    if (python.status !== 0) {
      expect(inCI, 'python3 with numpy (CI installs python3-numpy)').toBe(false);
      return;
    }
    // NumPy parses the 2.0 header (np.load itself stops at NumPy's 64-dimension limit).
    const script = [
      'import numpy as np, sys',
      "f = open('deep.npy', 'rb')",
      'version = np.lib.format.read_magic(f)',
      'shape, fortran, dtype = np.lib.format.read_array_header_2_0(f, max_header_size=1 << 20)',
      'print(version, len(shape), set(shape), fortran, dtype.str, np.frombuffer(f.read(), dtype).tolist())',
    ].join('\n');
    expect(execFileSync('python3', ['-c', script], { cwd: dir, encoding: 'utf8' }).trim()).toBe(
      '(2, 0) 25000 {1} False <f4 [1.0]',
    );
  });
});

describe('argument messages are nninit’s own', () => {
  const dir = () => fresh(`args-${Math.random().toString(36).slice(2)}`);
  const cases: [string[], RegExp][] = [
    [['sample', 'zeros', '3', '--seed', '-1'], /^nninit: --seed must be an integer in \[0, 2\^64\); got "-1"\n$/],
    [['sample', 'zeros', '3', '--seed=-1'], /^nninit: --seed must be an integer in \[0, 2\^64\); got "-1"\n$/],
    [
      ['sample', 'zeros', '3', '--sed', '1'],
      /^nninit: unknown option "--sed" for nninit sample \(did you mean --seed\?\); nninit sample --help lists the options\n$/,
    ],
    [['sample', 'zeros', '3', '--seed'], /^nninit: --seed needs a value: --seed N \(nninit sample --help\)\n$/],
    [
      ['model', 'resnet50', '-o', 'x.safetensors', '--quiet=yes'],
      /^nninit: --quiet takes no value; got "--quiet=yes"\n$/,
    ],
    [['model', 'resnet50', '-o', 'x.safetensors', '--exact-stat'], /did you mean --exact-stats\?/],
    [
      ['sampel', 'zeros', '3'],
      /^nninit: unknown command "sampel" \(did you mean sample\?\); the commands are sample, model/,
    ],
    [['sample', 'zeros', '3', '--format', 'np'], /^nninit: --format must be npy, safetensors or bin; got "np"\n$/],
  ];
  for (const [args, message] of cases) {
    it(`nninit ${args.join(' ')} → exit 2`, () => {
      const r = runCli(args, { cwd: dir() });
      expect(text(r.stderr)).toMatch(message);
      expect(r.status).toBe(2);
    });
  }

  it('--no-progress and -- work as documented', () => {
    const d = dir();
    const r = runCli(['model', '--no-progress', '-q', '-o', 'r.safetensors', '--', 'resnet50'], { cwd: d });
    expect(r.status, text(r.stderr)).toBe(0);
    expect(text(r.stderr)).toBe('');
  });
});

describe('small specs, empty and scalar shapes', () => {
  const tiny = {
    name: 'tiny',
    tensors: [
      { name: 'dense/kernel', shape: [300, 20], initializer: 'he_uniform', dtype: 'bfloat16' },
      { name: 'dense/bias', shape: [20], initializer: 'constant', params: { value: 0.1 } },
      { name: 'empty', shape: [0, 3], initializer: 'glorot_uniform' },
    ],
  };

  it('a small spec prints a few distinct progress lines, not one per tenth', () => {
    const dir = fresh('tiny');
    writeFileSync(path.join(dir, 'tiny.json'), JSON.stringify(tiny));
    const r = runCli(['model', 'tiny.json', '-o', 'tiny.safetensors'], { cwd: dir });
    expect(r.status, text(r.stderr)).toBe(0);
    const lines = text(r.stderr)
      .split('\n')
      .filter((l) => l.startsWith('progress:'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(3); // one per tensor at most
    expect(lines.at(-1)).toMatch(/^progress: 100% /);
    expect(new Set(lines.map((l) => l.replace(/,.*/, ''))).size).toBe(lines.length);
    // The empty tensor's statistics are "—", not NaN.
    expect(text(r.stdout)).toMatch(/^empty\s+0x3\s+F32\s+glorotUniform\s+\S+\s+—\s+—\s+—\s+—$/m);
    expect(text(r.stdout)).not.toMatch(/NaN/);
    const st = readSafetensors(readFileSync(path.join(dir, 'tiny.safetensors')));
    expect(st.tensors.empty!.shape).toEqual([0, 3]);
  });

  it('sample zeros 0x3 reports no values instead of NaN', () => {
    const r = runCli(['sample', 'zeros', '0x3'], { cwd: fresh('empty') });
    expect(r.status).toBe(0);
    expect(text(r.stdout)).toMatch(/^shape: +\[0, 3\] \(0 values, float32\)$/m);
    expect(text(r.stdout)).toMatch(/^measured: +no values \(the shape has a zero dimension\)$/m);
    expect(text(r.stdout)).not.toMatch(/NaN/);
  });

  it('sample he_normal [] reports one value', () => {
    const r = runCli(['sample', 'he_normal', '[]', '--seed', '1', '-o', 's.bin'], { cwd: fresh('scalar') });
    expect(r.status).toBe(0);
    expect(text(r.stdout)).toMatch(/^shape: +\[\] \(1 value, float32\)$/m);
    const v = heNormal({ seed: 1 }).sample([])[0]!;
    expect(text(r.stdout)).toMatch(new RegExp(`^measured: +mean ${v.toPrecision(6).replace('.', '\\.')}, std 0,`, 'm'));
  });
});

describe('the package has no bench command', () => {
  it('nninit --help lists sample and model only; nninit bench is an unknown command', () => {
    const dir = fresh('bench');
    const help = text(runCli(['--help'], { cwd: dir }).stdout);
    expect(help).toMatch(/^ {2}sample </m);
    expect(help).toMatch(/^ {2}model </m);
    expect(help).not.toMatch(/bench/);
    const r = runCli(['bench', '--quick'], { cwd: dir });
    expect(text(r.stderr)).toMatch(/^nninit: unknown command "bench"; the commands are sample, model/);
    expect(r.status).toBe(2);
  });
});

describe('colour: only on a terminal, never with NO_COLOR', () => {
  const ESC = '\x1b[';
  it('no escape sequences when output is piped, in reports, progress or errors', () => {
    const dir = fresh('colour-pipe');
    for (const args of [
      ['sample', 'he_normal', '3x3', '--seed', '1'],
      ['sample', 'nope', '3'],
      ['model', 'resnet50', '-o', 'r.safetensors'],
      ['model', 'resnet50', '-o', 'r.safetensors', '--bogus'],
    ]) {
      const r = runCli(args, { cwd: dir });
      expect(text(r.stdout) + text(r.stderr)).not.toContain(ESC);
    }
  });

  it('on a terminal (script(1)), errors are coloured unless NO_COLOR is set', (context) => {
    if (spawnSync('script', ['--version']).status !== 0) {
      expect(inCI, 'script(1) from util-linux').toBe(false);
      context.skip();
      return;
    }
    const dir = fresh('colour-tty');
    const inTerminal = (env: NodeJS.ProcessEnv) =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" sample nope 3`, '/dev/null'], {
        cwd: dir,
        env: { ...process.env, TERM: 'xterm', ...env },
        encoding: 'utf8',
      });
    const coloured = inTerminal({ NO_COLOR: '' });
    expect(coloured.stdout).toContain(`${ESC}1;31mnninit:${ESC}0m unknown initializer "nope"`);
    expect(coloured.status).toBe(2);
    const withNoColor = inTerminal({ NO_COLOR: '1' });
    expect(withNoColor.stdout).toContain('nninit: unknown initializer "nope"');
    expect(withNoColor.stdout).not.toContain(ESC);
  });
});

describe('names: no prototype, and what the format cannot carry is refused (exit 2 or 3)', () => {
  it('a tensor named __proto__, by --name and in a spec, is written like any other', () => {
    const dir = fresh('proto');
    const r = runCli(['sample', 'he_normal', '4x4', '--seed', '1', '--name', '__proto__', '-o', 'p.safetensors'], {
      cwd: dir,
    });
    expect(r.status, text(r.stderr)).toBe(0);
    const st = readSafetensors(readFileSync(path.join(dir, 'p.safetensors')));
    expect(Object.keys(st.tensors)).toEqual(['__proto__']);
    expect(st.tensors.__proto__!.data.equals(bytes(heNormal({ seed: 1 }).sample([4, 4])))).toBe(true);

    writeFileSync(
      path.join(dir, 'proto.json'),
      '{"tensors": {"__proto__": {"shape": [2], "initializer": "ones"}, "w": {"shape": [3], "initializer": "he_normal"}}}',
    );
    const m = runCli(['model', 'proto.json', '-o', 'm.safetensors', '-q'], { cwd: dir });
    expect(m.status, text(m.stderr)).toBe(0);
    const model = readSafetensors(readFileSync(path.join(dir, 'm.safetensors')));
    expect(Object.keys(model.tensors)).toEqual(['__proto__', 'w']);
    expect(model.tensors.__proto__!.data.equals(bytes(ones().sample([2])))).toBe(true);
    expect(model.tensors.w!.data.equals(bytes(heNormal({ seed: tensorSeed(0n, 'w') }).sample([3])))).toBe(true);
  });

  it('--param __proto__=… is an unknown option, not silently ignored', () => {
    const r = runCli(['sample', 'random_normal', '3', '--param', '__proto__={"stddev":5}'], {
      cwd: fresh('param-proto'),
    });
    expect(text(r.stderr)).toMatch(/unknown option `__proto__`/);
    expect(r.status).toBe(2);
  });

  it('a lone surrogate in a tensor or spec name, and invalid UTF-8 in a spec, are refused with exit 3', () => {
    const dir = fresh('unicode');
    writeFileSync(
      path.join(dir, 'lone.json'),
      '{"tensors": [{"name": "w\\ud800", "shape": [2], "initializer": "ones"}]}',
    );
    let r = runCli(['model', 'lone.json', '-o', 'x.safetensors'], { cwd: dir });
    expect(text(r.stderr)).toMatch(
      /^nninit: bad spec: lone\.json: tensors\[0\]: "name" "w\\ud800" holds a lone surrogate/,
    );
    expect(r.status).toBe(3);
    writeFileSync(
      path.join(dir, 'spec-name.json'),
      '{"name": "\\udc00", "tensors": [{"name": "w", "shape": [2], "initializer": "ones"}]}',
    );
    r = runCli(['model', 'spec-name.json', '-o', 'x.safetensors'], { cwd: dir });
    expect(text(r.stderr)).toMatch(/^nninit: bad spec: safetensors: __metadata__\.spec must be valid Unicode/);
    expect(r.status).toBe(3);
    writeFileSync(
      path.join(dir, 'latin1.json'),
      Buffer.concat([
        Buffer.from('{"tensors": [\n  {"name": "caf'),
        Buffer.from([0xe9]),
        Buffer.from('", "shape": [2], "initializer": "ones"}]}'),
      ]),
    );
    r = runCli(['model', 'latin1.json', '-o', 'x.safetensors'], { cwd: dir });
    expect(text(r.stderr)).toBe(
      'nninit: bad spec: latin1.json: line 2, column 16: not valid UTF-8 (byte 0xe9); save the spec as UTF-8\n',
    );
    expect(r.status).toBe(3);
    expect(readdirSync(dir).filter((f) => !f.endsWith('.json'))).toEqual([]);
  });
});

describe('bounded input', () => {
  it('nninit model /dev/zero fails fast with a clear message', () => {
    const r = runCli(['model', '/dev/zero', '-o', 'z.safetensors'], { cwd: fresh('dev-zero'), timeout: 60_000 });
    expect(text(r.stderr)).toBe(
      'nninit: bad spec: /dev/zero is larger than 268 MB, the most nninit reads: is it a spec?\n',
    );
    expect(r.status).toBe(3);
  });

  it('a 4 MB initializer name: a short message and no suggestions', () => {
    const dir = fresh('long-initializer');
    const name = 'glorot_uniform'.repeat(300_000);
    writeFileSync(
      path.join(dir, 'long.json'),
      JSON.stringify({ tensors: [{ name: 'w', shape: [2], initializer: name }] }),
    );
    const r = runCli(['model', 'long.json', '-o', 'x.safetensors'], { cwd: dir });
    expect(r.status).toBe(3);
    expect(text(r.stderr).length).toBeLessThan(400);
    expect(text(r.stderr)).toMatch(
      /unknown initializer "glorot_uniformglorot_uniform[a-z_]*… \(`nninit sample --help` lists them\)/,
    );
    expect(text(r.stderr)).not.toMatch(/did you mean/);
  });
});
