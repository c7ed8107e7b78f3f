// The layout of src/ is its architecture (DEVELOPERS.md, "Layout"): folders are layers, and every
// import points down them or stays inside its folder, with no cycle. This reads the import graph
// from the sources, so a file put in the wrong place, or an import that points up, fails here.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The layers from the top: a file may import its own folder and the folders below it. */
const LAYERS = ['cli', '.', 'io', 'conventions', 'core', 'bridge', 'laws'] as const;

const SRC = new URL('../src/', import.meta.url).pathname;

function sources(dir = ''): string[] {
  return readdirSync(path.join(SRC, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

/** The src/ files a file imports (static and dynamic, types included), as paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(SRC, file), 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)'(\.\.?\/[^']+)'/g)) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[1]!));
    if (target.endsWith('.js')) found.push(target.replace(/\.js$/, '.ts'));
  }
  return found;
}

const layerOf = (file: string): number => LAYERS.indexOf(path.posix.dirname(file) as (typeof LAYERS)[number]);

describe('src/ layers', () => {
  const files = sources();
  const graph = new Map(files.map((file) => [file, importsOf(file)]));

  it('every file sits in a layer folder', () => {
    for (const file of files) expect(layerOf(file), file).toBeGreaterThanOrEqual(0);
    expect(files.length).toBeGreaterThan(20);
  });

  it('every import points down the layers or stays in its folder', () => {
    const up: string[] = [];
    for (const [file, targets] of graph) {
      for (const target of targets) {
        expect(files, `${file} imports ${target}, which does not exist`).toContain(target);
        const sameFolder = path.posix.dirname(file) === path.posix.dirname(target);
        if (!sameFolder && layerOf(target) <= layerOf(file)) up.push(`${file} → ${target}`);
      }
    }
    expect(up).toEqual([]);
  });

  it('the import graph has no cycle', () => {
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...trail, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('only bridge/ touches the WebAssembly module', () => {
    const touching = files.filter(
      (file) =>
        !file.startsWith('bridge/') &&
        file !== 'workerd.ts' && // imports nninit.wasm as a module: that is all it does
        /\bWebAssembly\.(instantiate|compile|Memory|Module)\b|@assemblyscript\/loader/.test(
          readFileSync(path.join(SRC, file), 'utf8'),
        ),
    );
    expect(touching).toEqual([]);
  });
});
