// What ships: the built package, imported by its own name through the exports map.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as source from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('package', () => {
  it('is an ESM package with types first in its exports map and no side effects', () => {
    expect(pkg.name).toBe('nninit');
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    expect(Object.keys(pkg.exports['.'])[0]).toBe('types');
    for (const target of Object.values(pkg.exports['.']) as string[]) {
      expect(existsSync(new URL(`../${target}`, import.meta.url))).toBe(true);
    }
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

  it('importing the main entry does not load nninit/torch or nninit/jax (static import graph of dist/index.js)', () => {
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
      for (const match of text.matchAll(/(?:import|export)[^'"]*?from\s*'\.\/([^']+)'/g)) visit(match[1]!);
    };
    visit('index.js');
    expect(seen.has('initializers.js')).toBe(true);
    expect(seen.has('torch.js')).toBe(false);
    expect(seen.has('jax.js')).toBe(false);
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
