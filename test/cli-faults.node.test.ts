// The CLI never destroys what it does not own: device nodes, FIFOs, sockets, symbolic links,
// directories, block devices, other people's files, a full disk. Every case runs in a private
// mount namespace on a 64 MiB tmpfs of its own (test/helpers/namespace.ts), with device nodes made
// by mknod there: never on the real /dev. Where a namespace cannot be made (not root), the suite
// says why and skips; in CI (root) it must run.
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { heNormal, ones } from '../src/index.js';
import { bytes, CLI, inCI, readNpy } from './helpers/cli.js';
import { MountNamespace } from './helpers/namespace.js';

let ns: MountNamespace | undefined;
let reason = '';
beforeAll(async () => {
  const opened = await MountNamespace.open('64m');
  if (typeof opened === 'string') {
    reason = opened;
    console.warn(`cli-faults: skipped: ${reason}`);
  } else ns = opened;
});
afterAll(() => ns?.close());

/** The namespace, or a skip with the reason (a failure in CI). */
function namespace(context: TestContext): MountNamespace {
  if (ns === undefined) {
    expect(inCI, `a private mount namespace: ${reason}`).toBe(false);
    context.skip();
  }
  return ns!;
}

/** Shell functions for the scripts: `nninit` runs the built CLI, `as_nobody` runs it as the user nobody. */
const FUNCTIONS =
  'nninit() { "$NODE" "$CLI" "$@"; }; ' +
  'as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups -- "$NODE" "$CLI" "$@"; }; ';

/** Runs `script` in a fresh directory `name` of the tmpfs. */
function inside(context: TestContext, name: string, script: string, timeout = 120_000) {
  const space = namespace(context);
  const r = space.sh(
    `${FUNCTIONS}mkdir "${name}" && cd "${name}" && ${script}`,
    { NODE: process.execPath, CLI },
    timeout,
  );
  expect(r.error, 'the script finished in time').toBeUndefined();
  return { out: r.stdout, err: r.stderr, at: (file: string) => space.outside(path.join(name, file)) };
}
const exits = (out: string): number[] => [...out.matchAll(/^exit=(\d+)$/gm)].map((m) => Number(m[1]));
const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.includes('nninit'));

describe('devices are written in place, never replaced', () => {
  it('a character device (/dev/null’s numbers): exit 0, still the device', (context) => {
    const r = inside(
      context,
      'null',
      'mknod -m 666 null c 1 3 && nninit sample he_normal 64x64 --seed 1 -o null --format bin; echo exit=$?',
    );
    expect(exits(r.out), r.err).toEqual([0]);
    const st = lstatSync(r.at('null'));
    expect(st.isCharacterDevice()).toBe(true);
    expect(st.rdev).toBe(statSync('/dev/null').rdev);
    expect(readdirSync(r.at('.'))).toEqual(['null']);
  });

  it('a full device (/dev/full’s numbers), as root and as another user: disk full, not EACCES', (context) => {
    const r = inside(
      context,
      'full',
      'mknod -m 666 full c 1 7 && chmod 755 . && ' +
        'nninit sample he_normal 64x64 --seed 1 -o full --format bin; echo exit=$?; ' +
        'as_nobody sample he_normal 64x64 --seed 1 -o full --format bin; echo exit=$?',
    );
    expect(exits(r.out), r.err).toEqual([4, 4]);
    const lines = r.err.trim().split('\n');
    expect(lines).toEqual(
      new Array(2).fill('nninit: cannot write full: ENOSPC: no space left on device; nothing was written to full'),
    );
    expect(lstatSync(r.at('full')).isCharacterDevice()).toBe(true);
    expect(readdirSync(r.at('.'))).toEqual(['full']);
  });

  it('a block device is refused, untouched', (context) => {
    const r = inside(
      context,
      'block',
      'mknod -m 600 disk b 7 0 && nninit sample ones 2 -o disk --format bin; echo exit=$?',
    );
    expect(exits(r.out)).toEqual([4]);
    expect(r.err).toBe('nninit: cannot write disk: is a block device; nninit does not write to disks\n');
    expect(lstatSync(r.at('disk')).isBlockDevice()).toBe(true);
  });
});

describe('FIFOs and sockets are streamed to in place', () => {
  const expected = bytes(heNormal({ seed: 3 }).sample([256, 256]));

  it('a FIFO: its reader gets every byte and the end, and the FIFO stays', (context) => {
    const r = inside(
      context,
      'fifo',
      'mkfifo f && { cat f > ../fifo.bin & } && ' +
        'nninit sample he_normal 256x256 --seed 3 -o f --format bin; echo exit=$?; wait; echo reader=done',
      60_000,
    );
    expect(exits(r.out), r.err).toEqual([0]);
    expect(r.out).toMatch(/^reader=done$/m);
    expect(readFileSync(r.at('../fifo.bin')).equals(expected)).toBe(true);
    expect(lstatSync(r.at('f')).isFIFO()).toBe(true);
    expect(readdirSync(r.at('.'))).toEqual(['f']);
  });

  it('a FIFO whose reader stops early: a quiet stop (exit 141)', (context) => {
    const r = inside(
      context,
      'fifo-head',
      'mkfifo f && { head -c 100 f > ../head.bin & } && ' +
        'nninit sample he_normal 256x256 --seed 3 -o f --format bin; echo exit=$?; wait',
      60_000,
    );
    expect(exits(r.out)).toEqual([141]);
    expect(r.err).toBe('');
    expect(readFileSync(r.at('../head.bin')).equals(expected.subarray(0, 100))).toBe(true);
  });

  it('a Unix socket: connected to, and its listener gets every byte', (context) => {
    const listener = [
      "const fs = require('fs');",
      "require('net').createServer((c) => c.pipe(fs.createWriteStream('../socket.bin')).on('finish', () => process.exit(0)))",
      ".listen('sock');",
    ].join(' ');
    const r = inside(
      context,
      'socket',
      `{ "${process.execPath}" -e "${listener}" & } && while [ ! -S sock ]; do sleep 0.05; done && ` +
        'nninit sample he_normal 256x256 --seed 3 -o sock --format bin; echo exit=$?; wait; echo listener=done',
      60_000,
    );
    expect(exits(r.out), r.err).toEqual([0]);
    expect(r.out).toMatch(/^listener=done$/m);
    expect(readFileSync(r.at('../socket.bin')).equals(expected)).toBe(true);
    expect(lstatSync(r.at('sock')).isSocket()).toBe(true);
  });

  it('a link to /proc/self/fd/1 is standard output (the report goes to stderr)', (context) => {
    const r = inside(
      context,
      'stdout-link',
      'ln -s /proc/self/fd/1 out && nninit sample he_normal 8x8 --seed 1 -o out --format bin > ../stdout.bin; echo exit=$?',
    );
    expect(exits(r.out), r.err).toEqual([0]);
    expect(readFileSync(r.at('../stdout.bin')).equals(bytes(heNormal({ seed: 1 }).sample([8, 8])))).toBe(true);
    expect(r.err).toMatch(/^wrote: +standard output \(bin, 256 B\)/m);
    expect(readlinkSync(r.at('out'))).toBe('/proc/self/fd/1');
  });
});

describe('symbolic links are followed: the final target is replaced atomically in its own directory', () => {
  it('links, chains of links and dangling links; loops and links to directories are refused', (context) => {
    const r = inside(
      context,
      'links',
      'mkdir real && printf old > real/w.npy && chmod 640 real/w.npy && ln -s real/w.npy link.npy && ' +
        'ln -s link.npy chain.npy && ln -s real/new.npy dangling.npy && ln -s loop2.npy loop1.npy && ' +
        'ln -s loop1.npy loop2.npy && ln -s real dir.npy && ' +
        'nninit sample ones 2x2 -o chain.npy; echo exit=$?; ' +
        'nninit sample ones 3 -o dangling.npy; echo exit=$?; ' +
        'nninit sample ones 3 -o loop1.npy; echo exit=$?; ' +
        'nninit sample ones 3 -o dir.npy; echo exit=$?',
    );
    expect(exits(r.out), r.err).toEqual([0, 0, 4, 4]);
    expect(r.err).toMatch(/^nninit: cannot write loop1\.npy: ELOOP: too many levels of symbolic links$/m);
    expect(r.err).toMatch(/^nninit: cannot write dir\.npy: is a directory \(give a file name\)$/m);
    for (const [link, target] of [
      ['link.npy', 'real/w.npy'],
      ['chain.npy', 'link.npy'],
      ['dangling.npy', 'real/new.npy'],
      ['dir.npy', 'real'],
    ]) {
      expect(lstatSync(r.at(link!)).isSymbolicLink(), link).toBe(true);
      expect(readlinkSync(r.at(link!))).toBe(target);
    }
    expect(readNpy(readFileSync(r.at('real/w.npy')))).toEqual([[2, 2], '<f4', [1, 1, 1, 1]]);
    expect(statSync(r.at('real/w.npy')).mode & 0o7777).toBe(0o640);
    expect(readNpy(readFileSync(r.at('real/new.npy')))).toEqual([[3], '<f4', [1, 1, 1]]);
    expect(leftovers(r.at('.'))).toEqual([]);
    expect(leftovers(r.at('real'))).toEqual([]);
  });
});

describe('a replaced file keeps its mode and, where permitted, its owner', () => {
  it('0600 owned by nobody, replaced by root: still 0600 and nobody’s', (context) => {
    const r = inside(
      context,
      'owner',
      'printf old > w.npy && chown 65534:65534 w.npy && chmod 600 w.npy && ' +
        'printf old > s.npy && chmod 2751 s.npy && ' +
        'nninit sample ones 2 -o w.npy; echo exit=$?; nninit sample ones 2 -o s.npy; echo exit=$?',
    );
    expect(exits(r.out), r.err).toEqual([0, 0]);
    const w = statSync(r.at('w.npy'));
    expect([w.mode & 0o7777, w.uid, w.gid]).toEqual([0o600, 65534, 65534]);
    expect(statSync(r.at('s.npy')).mode & 0o7777).toBe(0o2751);
    expect(readNpy(readFileSync(r.at('w.npy')))).toEqual([[2], '<f4', [1, 1]]);
  });

  it('a user replacing their own file keeps its mode; a file in a directory they cannot write is refused, untouched', (context) => {
    const r = inside(
      context,
      'user',
      'mkdir mine && chown 65534:65534 mine && printf old > mine/x.npy && chown 65534:65534 mine/x.npy && ' +
        'chmod 604 mine/x.npy && printf old > theirs.npy && chmod 666 theirs.npy && ' +
        'as_nobody sample ones 2 -o mine/x.npy; echo exit=$?; ' +
        'as_nobody sample ones 2 -o theirs.npy; echo exit=$?',
    );
    expect(exits(r.out)).toEqual([0, 4]);
    expect(statSync(r.at('mine/x.npy')).mode & 0o7777).toBe(0o604);
    expect(statSync(r.at('mine/x.npy')).uid).toBe(65534);
    expect(r.err).toMatch(
      /^nninit: cannot write theirs\.npy: EACCES: permission denied \(a temporary file in .*\/user\)$/m,
    );
    expect(readFileSync(r.at('theirs.npy'), 'utf8')).toBe('old');
  });
});

describe('refused before anything is written', () => {
  it('an existing directory as the output (a 103 MB model on a 64 MiB disk: refused, not ENOSPC)', (context) => {
    const r = inside(
      context,
      'directory',
      'mkdir out.safetensors && nninit model resnet50 -o out.safetensors; echo exit=$?',
    );
    expect(exits(r.out)).toEqual([4]);
    expect(r.err).toBe('nninit: cannot write out.safetensors: is a directory (give a file name)\n');
    expect(readdirSync(r.at('.'))).toEqual(['out.safetensors']);
    expect(readdirSync(r.at('out.safetensors'))).toEqual([]);
  });

  it('too little free space: says how much is missing', (context) => {
    const r = inside(context, 'space', 'nninit model resnet50 -o r.safetensors; echo exit=$?');
    expect(exits(r.out)).toEqual([4]);
    expect(r.err).toMatch(
      /^nninit: cannot write r\.safetensors: it needs 103 MB and the file system has [\d.]+ MB free \([\d.]+ MB missing\)\n$/,
    );
    expect(readdirSync(r.at('.'))).toEqual([]);
  });

  it('a full disk met part-way still leaves nothing (two writers racing for the space)', (context) => {
    // Each fits alone (36 MB of a 64 MiB disk, less what earlier cases left), so both pass the
    // free-space check; together they do not: at least one fails, and only complete files remain.
    const r = inside(
      context,
      'race',
      'nninit sample ones 9000000 -o a.bin > /dev/null & a=$!; nninit sample ones 9000000 -o b.bin > /dev/null & b=$!; ' +
        'wait $a; echo exit=$?; wait $b; echo exit=$?',
    );
    const codes = exits(r.out);
    expect(codes.sort()).toEqual(codes.includes(0) ? [0, 4] : [4, 4]);
    for (const line of r.err.trim().split('\n')) {
      expect(line).toMatch(
        /^nninit: cannot write ([ab])\.bin: (ENOSPC: no space left on device; nothing was written to \1\.bin|it needs .* missing\))$/,
      );
    }
    for (const f of readdirSync(r.at('.'))) {
      expect(f).toMatch(/^[ab]\.bin$/);
      expect(readFileSync(r.at(f)).equals(bytes(ones().sample([9_000_000])))).toBe(true);
    }
  });
});
