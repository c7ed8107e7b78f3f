// What ships: the built package, imported by its own name through the exports map.
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as source from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('package', () => {
  it('is an ESM package with types first in its exports map; only the entry points have side effects', () => {
    expect(pkg.name).toBe('nninit');
    expect(pkg.type).toBe('module');
    // Each entry point sets its wasm source as it loads; no other module does anything on import.
    // tfjs.js also registers its classes with tfjs; torch.js and jax.js set the wasm source too.
    expect(pkg.sideEffects).toEqual([
      './dist/index.js',
      './dist/wasm-file.js',
      './dist/workerd.js',
      './dist/tfjs.js',
      './dist/torch.js',
      './dist/jax.js',
    ]);
    for (const entry of ['.', './wasm-file', './tfjs', './torch', './jax']) {
      expect(Object.keys(pkg.exports[entry])[0]).toBe('types');
      for (const target of Object.values(pkg.exports[entry]) as string[]) {
        expect(existsSync(new URL(`../${target}`, import.meta.url))).toBe(true);
      }
    }
    // Under workerd (no compiling from bytes) both entries resolve to the .wasm-import entry.
    for (const entry of ['.', './wasm-file']) expect(pkg.exports[entry].workerd).toBe('./dist/workerd.js');
    expect(readFileSync(new URL('../dist/workerd.js', import.meta.url), 'utf8')).toMatch(
      /^import compiled from ["']\.\/nninit\.wasm["'];$/m,
    );
    for (const file of ['./nninit.wasm', './nninit-threads.wasm']) {
      expect(existsSync(new URL(`../${pkg.exports[file]}`, import.meta.url))).toBe(true);
    }
  });

  it('each entry point with side effects keeps its own module in its own file (bundlers keep those files whole)', () => {
    for (const file of pkg.sideEffects as string[]) {
      const map = JSON.parse(readFileSync(new URL(`../${file}.map`, import.meta.url), 'utf8'));
      const own = `src/${path.posix.basename(file, '.js')}.ts`;
      expect(
        (map.sources as string[]).map((source) => source.replace(/^(\.\.\/)+/, '')),
        file,
      ).toContain(own);
    }
  });

  it('declares tfjs as optional peer dependencies', () => {
    for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers']) {
      expect(pkg.peerDependencies[name]).toBeTypeOf('string');
      expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
    }
  });

  it('importing the main entry never loads tfjs; the tfjs subpath does', () => {
    // A resolve hook that fails any resolution of a @tensorflow package.
    const hook = `data:text/javascript,${encodeURIComponent(
      "import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, next) { if (s.startsWith(\"@tensorflow/\")) throw new Error(\"tfjs was loaded: \" + s); return next(s, c); }'));",
    )}`;
    const run = (specifier: string) =>
      spawnSync(
        process.execPath,
        ['--import', hook, '--input-type=module', '-e', `await import('${specifier}'); console.log('ok');`],
        { encoding: 'utf8' },
      );
    const main = run('nninit');
    expect(main.stderr).toBe('');
    expect(main.stdout.trim()).toBe('ok');
    const sub = run('nninit/tfjs');
    expect(sub.status).not.toBe(0);
    expect(sub.stderr).toMatch(/tfjs was loaded: @tensorflow\/tfjs-core/);
  });

  it('the built nninit/tfjs subpath loads with tfjs and registers its classes', () => {
    const script = [
      "const tf = await import('@tensorflow/tfjs');",
      "const { GlorotUniform } = await import('nninit/tfjs');",
      "const cls = tf.serialization.SerializationMap.getMap().classNameMap['GlorotUniform'][0];",
      'console.log(cls === GlorotUniform, new GlorotUniform({ seed: 1 }).apply([3]).dataSync().join());',
    ].join('\n');
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    expect(printed).toBe(`true ${Array.from(source.glorotUniform({ seed: 1 }).sample([3])).join()}`);
  });

  it('./torch and ./jax are subpath exports, types first, built to dist/', () => {
    for (const subpath of ['./torch', './jax']) {
      expect(Object.keys(pkg.exports[subpath])[0]).toBe('types');
      for (const target of Object.values(pkg.exports[subpath]) as string[]) {
        expect(existsSync(new URL(`../${target}`, import.meta.url))).toBe(true);
      }
    }
  });

  it('the built subpaths export what src exports, with bit-identical values', async () => {
    const builtTorch = await import('nninit/torch');
    const builtJax = await import('nninit/jax');
    const srcTorch = await import('../src/torch.js');
    const srcJax = await import('../src/jax.js');
    expect(Object.keys(builtTorch).sort()).toEqual(Object.keys(srcTorch).sort());
    expect(Object.keys(builtJax).sort()).toEqual(Object.keys(srcJax).sort());
    const a = builtTorch.orthogonal({ seed: 5 }).sample([6, 4]);
    const b = srcTorch.orthogonal({ seed: 5 }).sample([6, 4]);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });

  it('importing the main entry does not load nninit/torch, nninit/jax or tfjs (static import graph of dist/index.js)', () => {
    // dist/ holds one bundled module per entry point and the chunks they share; each file's
    // source map names the src/ modules bundled into it.
    const seen = new Set<string>();
    const sources = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
      const map = JSON.parse(readFileSync(new URL(`../dist/${file}.map`, import.meta.url), 'utf8'));
      for (const source of map.sources as string[]) sources.add(source.replace(/^(\.\.\/)+/, ''));
      for (const match of text.matchAll(
        /(?:^|[;\n}])\s*(?:import|export)[^'";]*?(?:from\s*)?["'](\.\.?\/[^'"]+)["']/g,
      )) {
        visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!)));
      }
    };
    visit('index.js');
    expect(sources.has('src/conventions/keras.ts')).toBe(true);
    expect(sources.has('src/core/initializer.ts')).toBe(true);
    for (const other of [
      'src/torch.ts',
      'src/jax.ts',
      'src/tfjs.ts',
      'src/conventions/torch.ts',
      'src/conventions/jax.ts',
      'src/io/tfjs.ts',
      'src/bridge/pool.ts',
    ]) {
      expect(sources.has(other), other).toBe(false);
    }
  });

  it('every URL that dist/ builds from import.meta.url names a file that dist/ ships', () => {
    const files = (readdirSync(new URL('../dist/', import.meta.url), { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.js'),
    );
    const urls: string[] = [];
    for (const file of files) {
      const text = readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
      for (const match of text.matchAll(
        /new URL\(\s*(?:\/\*[^*]*\*\/\s*)?["']([^"']+)["'],\s*import\.meta\.url\s*\)/g,
      )) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!));
        urls.push(target);
        expect(existsSync(new URL(`../dist/${target}`, import.meta.url)), `${file}: ${match[1]}`).toBe(true);
      }
    }
    // The worker script (pool) and the two .wasm files (wasm-file).
    expect(urls).toEqual(expect.arrayContaining(['bridge/worker.js', 'nninit.wasm', 'nninit-threads.wasm']));
  });

  it("'nninit/wasm-file' exports the same API and, from its files, gives the same values on workers", () => {
    // A fresh process: in one module graph the first entry point loaded sets the wasm source.
    const script = `
      import * as file from 'nninit/wasm-file';
      await file.ready();
      const init = file.heNormal({ seed: 5 });
      const a = init.sample([600000]);
      const b = await init.sampleAsync([600000], { threads: 2 });
      console.log(JSON.stringify({
        keys: Object.keys(file).sort(),
        same: Buffer.from(a.buffer).equals(Buffer.from(b.buffer)),
        head: Array.from(a.subarray(0, 3)),
      }));`;
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    const result = JSON.parse(printed.trim());
    expect(result.keys).toEqual(Object.keys(source).sort());
    expect(result.same).toBe(true);
    expect(result.head).toEqual(Array.from(source.heNormal({ seed: 5 }).sample([600000]).subarray(0, 3)));
  });

  it('the built entry exports what src exports, and gives bit-identical values', async () => {
    const built = await import('nninit');
    expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
    const a = built.lecunNormal({ seed: 77 }).sample([300, 7]);
    const b = source.lecunNormal({ seed: 77 }).sample([300, 7]);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });

  it('samplers work before ready() in a fresh process (the first call instantiates synchronously)', () => {
    const script = "import('nninit').then((n) => console.log(n.glorotUniform({ seed: 1 }).sample([3]).join(',')))";
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }).trim();
    expect(printed).toBe(Array.from(source.glorotUniform({ seed: 1 }).sample([3])).join(','));
  });

  it('ready() resolves once and is idempotent', async () => {
    const { ready } = await import('nninit');
    const first = ready();
    expect(ready()).toBe(first);
    await expect(first).resolves.toBeUndefined();
  });
});
