// The documentation is true to the package:
// - every ```js block of README.md and docs/*.md runs as written on Node (imports resolve through
//   the package's self-reference, so `npm run build` first; `npm test` does) and prints what its
//   `// → …` comments say; every ```ts block type-checks under strict against dist/*.d.ts; every
//   ```json block parses;
// - every link in README.md works from the npm page: a pinned unpkg link to a file the package
//   ships, an anchor of the README, or an allowed upstream address; links between docs/*.md resolve;
// - the sizes and the sideEffects list that docs/browsers.md states match the build.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSizes, type Sizes } from '../scripts/measure-claims.mjs';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  sideEffects: string[];
};
const DOCS = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

// ---- Markdown, read just enough -------------------------------------------------------------------

interface Block {
  file: string;
  line: number;
  lang: string;
  code: string;
}

/** Fenced code blocks (``` only), with their language and first line; indentation of list items removed. */
function blocksOf(file: string): Block[] {
  const lines = text(file).split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,})\s*([^\s`]*)/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, lang] = open;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== fence) body.push(lines[j++]!.slice(indent!.length));
    if (j === lines.length) throw new Error(`${file}:${i + 1}: unclosed code fence`);
    blocks.push({ file, line: i + 1, lang: lang!, code: body.join('\n') + '\n' });
    i = j;
  }
  return blocks;
}

/** The prose of a markdown file: code blocks and inline code removed. */
function proseOf(file: string): string {
  let inFence: string | null = null;
  const kept: string[] = [];
  for (const line of text(file).split('\n')) {
    const fence = /^\s*(`{3,})/.exec(line)?.[1];
    if (inFence === null && fence) inFence = fence;
    else if (inFence !== null && line.trim() === inFence) inFence = null;
    else if (inFence === null) kept.push(line.replace(/`[^`]*`/g, ''));
  }
  return kept.join('\n');
}

/** Every link target: [text](url), ![alt](url), <https://…>, [ref]: url, href="…" and src="…". */
function linksOf(file: string): string[] {
  const prose = proseOf(file);
  const links: string[] = [];
  for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push(m[1]!);
  for (const m of prose.matchAll(/<(https?:\/\/[^>\s]+)>/g)) links.push(m[1]!);
  for (const m of prose.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) links.push(m[1]!);
  for (const m of prose.matchAll(/\b(?:href|src)="([^"]+)"/g)) links.push(m[1]!);
  return links;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let inFence: string | null = null;
  for (const line of text(file).split('\n')) {
    const fence = /^\s*(`{3,})/.exec(line)?.[1];
    if (inFence === null && fence) inFence = fence;
    else if (inFence !== null && line.trim() === inFence) inFence = null;
    const heading = inFence === null ? /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line) : null;
    if (!heading) continue;
    const slug = heading[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

// ---- What the package ships -------------------------------------------------------------------------

let packed: Set<string>;
beforeAll(async () => {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT });
  packed = new Set((JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path));
}, 60_000);

// ---- Code blocks ------------------------------------------------------------------------------------

const blocks = DOCS.flatMap(blocksOf);
const LANGUAGES = new Set(['js', 'ts', 'sh', 'html', 'json', 'text', 'http', 'yaml']);
// Examples are written inside the repository, so `import … from 'nninit'` resolves to this package.
const scratch = mkdtempSync(path.join(ROOT, '.docs-examples-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const fileFor = (b: Block, ext: string) => path.join(scratch, `${b.file.replace(/[/.]/g, '_')}_line${b.line}.${ext}`);

describe('code blocks', () => {
  it('every fence names its language (js and ts are run or type-checked; the others are not)', () => {
    // docs/stream-format.md has plain fences for formulas and pseudo-code, and no JavaScript.
    const named = blocks.filter((b) => !(b.file === 'docs/stream-format.md' && b.lang === ''));
    expect(named.filter((b) => !LANGUAGES.has(b.lang)).map((b) => `${b.file}:${b.line} "${b.lang}"`)).toEqual([]);
    expect(blocks.filter((b) => b.lang === 'js').length).toBeGreaterThanOrEqual(10);
    expect(blocks.filter((b) => b.lang === 'ts').length).toBeGreaterThanOrEqual(1);
  });

  it('every json block parses', () => {
    for (const b of blocks.filter((b) => b.lang === 'json'))
      expect(() => JSON.parse(b.code), `${b.file}:${b.line}`).not.toThrow();
  });

  for (const block of blocks.filter((b) => b.lang === 'js')) {
    it.concurrent(`${block.file}:${block.line} runs and prints what its // → comments say`, async () => {
      const file = fileFor(block, 'mjs');
      writeFileSync(file, block.code);
      const { stdout } = await run(process.execPath, [file], { cwd: scratch, timeout: 30_000 });
      const expected = [...block.code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]!.trim());
      if (expected.length > 0) expect(stdout.trim().split('\n')).toEqual(expected);
    });
  }

  const tsBlocks = blocks.filter((b) => b.lang === 'ts');
  let diagnostics = '';
  beforeAll(async () => {
    for (const b of tsBlocks) writeFileSync(fileFor(b, 'ts'), b.code);
    const config = {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022', 'ESNext.Disposable', 'DOM'],
        types: ['node'],
        skipLibCheck: true,
      },
      files: tsBlocks.map((b) => path.basename(fileFor(b, 'ts'))),
    };
    writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify(config));
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      await run(process.execPath, [tsc, '-p', scratch, '--pretty', 'false'], { cwd: scratch });
    } catch (error) {
      diagnostics = String((error as { stdout?: string }).stdout ?? error);
    }
  }, 60_000);

  for (const block of tsBlocks) {
    it(`${block.file}:${block.line} type-checks under strict against dist/*.d.ts`, () => {
      const name = path.basename(fileFor(block, 'ts'));
      expect(diagnostics.split('\n').filter((line) => line.includes(name))).toEqual([]);
    });
  }
  it('tsc reports nothing outside the blocks', () => {
    expect(diagnostics).toBe('');
  });
});

// ---- Links ---------------------------------------------------------------------------------------------

/** Upstream sources and references the README may link to; anything else must ship in the package. */
const EXTERNAL = [
  'https://github.com/keras-team/keras/',
  'https://github.com/pytorch/pytorch/',
  'https://github.com/jax-ml/jax/',
  'https://github.com/tensorflow/tfjs/',
  'https://prng.di.unimi.it/',
];
const UNPKG = /^https:\/\/unpkg\.com\/nninit@([^/]+)\/(.+)$/;

describe('links', () => {
  it('README.md links only to pinned unpkg files the package ships, its own anchors, or allowed upstream pages', () => {
    const anchors = anchorsOf('README.md');
    const bad: string[] = [];
    const links = linksOf('README.md');
    for (const link of links) {
      const unpkg = UNPKG.exec(link);
      if (unpkg) {
        const [, version, file] = unpkg;
        if (version !== pkg.version) bad.push(`${link}: version ${version}, package.json says ${pkg.version}`);
        else if (/[#?]/.test(file!)) bad.push(`${link}: unpkg serves the raw file; link it without # or ?`);
        else if (!packed.has(file!)) bad.push(`${link}: ${file} is not in npm pack's file list`);
      } else if (link.startsWith('#')) {
        if (!anchors.has(link.slice(1))) bad.push(`${link}: no such heading in README.md`);
      } else if (!EXTERNAL.some((prefix) => link.startsWith(prefix))) {
        bad.push(`${link}: neither a pinned unpkg link, an anchor, nor an allowed upstream address`);
      }
    }
    expect(bad).toEqual([]);
    expect(links.filter((l) => UNPKG.test(l)).length).toBeGreaterThanOrEqual(5);
  });

  it('links in docs/*.md resolve: relative ones to shipped files and their headings, others over https', () => {
    const bad: string[] = [];
    for (const file of DOCS.filter((f) => f.startsWith('docs/'))) {
      for (const link of linksOf(file)) {
        if (/^https:\/\//.test(link)) continue;
        const [target = '', anchor] = link.split('#');
        const resolved = target === '' ? file : path.posix.normalize(path.posix.join('docs', target));
        if (!packed.has(resolved)) bad.push(`${file}: ${link}: ${resolved} is not in the package`);
        else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
          bad.push(`${file}: ${link}: no heading #${anchor} in ${resolved}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});

// ---- Claims about the build ---------------------------------------------------------------------------

describe('claims', () => {
  it('the sizes table of docs/browsers.md matches dist/ within 10%', () => {
    const sizes = measureSizes(ROOT);
    const rows: Record<string, keyof Sizes> = {
      'nninit.wasm': 'wasm',
      'nninit.wasm, gzipped': 'wasmGzip',
      'nninit-threads.wasm': 'threadsWasm',
      'hex text in the main entry': 'hex',
      'hex text of the threads build': 'threadsHex',
    };
    const stated: Record<string, number> = {};
    for (const m of text('docs/browsers.md').matchAll(/^\|\s*(.+?)\s*\|\s*([\d.]+) KB\s*\|/gm)) {
      stated[m[1]!.replace(/`/g, '')] = Number(m[2]) * 1024;
    }
    for (const [row, key] of Object.entries(rows)) {
      expect(stated[row], `docs/browsers.md: the row "${row}"`).toBeTypeOf('number');
      const actual = sizes[key];
      expect(
        Math.abs(stated[row]! - actual) / actual,
        `${row}: stated ${stated[row]} B, built ${actual} B`,
      ).toBeLessThanOrEqual(0.1);
    }
  });

  it('the sideEffects sentence of docs/browsers.md lists what package.json declares', () => {
    const paragraph = text('docs/browsers.md')
      .split(/\n\s*\n/)
      .find((p) => p.includes('sideEffects'));
    expect(paragraph).toBeDefined();
    const listed = [...paragraph!.matchAll(/`(\.\/dist\/[\w-]+\.js)`/g)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(new Set(pkg.sideEffects));
  });
});

describe("README's catalogue table", () => {
  /** The backticked names in each convention's column of the table under "## Catalogue"-like headers. */
  function columns(): Record<'keras' | 'torch' | 'jax', Set<string>> {
    const rows = text('README.md')
      .split('\n')
      .filter((line) => line.startsWith('|'));
    const header = rows.findIndex((line) => line.includes('`nninit/torch`') && line.includes('`nninit/jax`'));
    expect(header, 'the catalogue table').toBeGreaterThanOrEqual(0);
    const out = { keras: new Set<string>(), torch: new Set<string>(), jax: new Set<string>() };
    for (const line of rows.slice(header + 2)) {
      if (!line.includes('`')) break;
      const cells = line.split('|').slice(2, 5);
      (['keras', 'torch', 'jax'] as const).forEach((convention, i) => {
        for (const match of cells[i]!.matchAll(/`([A-Za-z0-9]+)`/g)) out[convention].add(match[1]!);
      });
    }
    return out;
  }

  it('lists every name of the registry in its column, and nothing else but the helpers', async () => {
    const { KERAS, TORCH, JAX } = await import('../src/conventions/registry.js');
    const helpers = new Set(['computeFans', 'calculateGain', 'SeedGenerator', 'Xoshiro128']);
    const table = columns();
    for (const [convention, registry] of [
      ['keras', KERAS],
      ['torch', TORCH],
      ['jax', JAX],
    ] as const) {
      const listed = [...table[convention]].filter((name) => !helpers.has(name)).sort();
      expect(listed, convention).toEqual(Object.keys(registry).sort());
    }
  });
});
