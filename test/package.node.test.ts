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
