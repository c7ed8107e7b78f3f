// What ships: the built package, imported by its own name through the exports map.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as source from '../src/index.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('package', () => {
  it('is an ESM package with types first in its exports map; only the entry points have side effects', () => {
    expect(pkg.name).toBe('nninit');
    expect(pkg.type).toBe('module');
    // Each entry point sets its wasm source as it loads; no other module does anything on import.
    expect(pkg.sideEffects).toEqual(['./dist/index.js', './dist/wasm-file.js', './dist/wasm-module.js']);
    for (const entry of ['.', './wasm-file']) {
      expect(Object.keys(pkg.exports[entry])[0]).toBe('types');
      for (const target of Object.values(pkg.exports[entry]) as string[]) {
        expect(existsSync(new URL(`../${target}`, import.meta.url))).toBe(true);
      }
    }
    // Under workerd (no compiling from bytes) both entries resolve to the .wasm-import entry.
    for (const entry of ['.', './wasm-file']) expect(pkg.exports[entry].workerd).toBe('./dist/wasm-module.js');
    expect(readFileSync(new URL('../dist/wasm-module.js', import.meta.url), 'utf8')).toMatch(
      /^import compiled from '\.\/nninit\.wasm';$/m,
    );
    for (const file of ['./nninit.wasm', './nninit-threads.wasm']) {
      expect(existsSync(new URL(`../${pkg.exports[file]}`, import.meta.url))).toBe(true);
    }
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
