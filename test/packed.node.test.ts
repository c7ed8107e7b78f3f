// The package as a TypeScript user installs it: `npm pack`, then `npm install <tarball>` into a copy
// of test/fixtures/types-app (a fresh project whose TypeScript versions and tfjs come from the npm
// registry), once per run in a temporary directory. There, consumer.ts, which uses every subpath,
// must type-check with `strict` on and `skipLibCheck` off under each TypeScript version, module
// setting and lib below; publint and arethetypeswrong must find nothing in the tarball.
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const run = promisify(execFile);

/** The TypeScript versions: the oldest supported (README.md, docs/api.md), the latest 5.x, and 7 (tsgo); the fixture's devDependencies. */
const TYPESCRIPT = [
  { version: '5.0', bin: 'typescript-5.0/bin/tsc', using: false },
  { version: '5.9', bin: 'typescript-5.9/bin/tsc', using: true },
  { version: '7', bin: 'typescript/bin/tsc', using: true },
] as const;
const MODULES = [
  { moduleResolution: 'nodenext', module: 'nodenext' },
  { moduleResolution: 'bundler', module: 'esnext' },
] as const;
/** dom: no Node types (so no Symbol.dispose either); node: no DOM (so no WebAssembly types either). */
const LIBS = [
  { name: 'es2022 + dom', lib: ['es2022', 'dom'], types: [] },
  { name: 'es2022 + @types/node@20', lib: ['es2022'], types: ['node'] },
] as const;

const MATRIX = TYPESCRIPT.flatMap((ts) =>
  MODULES.flatMap((mod) => LIBS.map((lib) => [ts.version, mod.moduleResolution, lib.name, { ts, mod, lib }] as const)),
);

/**
 * tfjs's own declaration files do not pass `strict` with `skipLibCheck` off (tfjs-layers' TS2411 on
 * PyJsonValue, tfjs-core's `Long` and DOM names, @webgpu/types against TypeScript 7's lib.dom), with
 * or without nninit. Errors there are theirs; any error in nninit's files or the consumer's fails.
 */
const THIRD_PARTY = /^(node_modules\/(@tensorflow|@webgpu)\/|node_modules\/@typescript\/[^/]+\/lib\/lib\.)/;

/** Each subpath's declaration file. */
const TYPES = {
  '.': 'dist/index.d.ts',
  './tfjs': 'dist/tfjs.d.ts',
  './torch': 'dist/torch.d.ts',
  './jax': 'dist/jax.d.ts',
  './wasm-file': 'dist/wasm-file.d.ts',
};

/** Runs at most one task per core at a time (the compilers are CPU-bound; more would only thrash). */
const cores = availableParallelism();
const waiting: (() => void)[] = [];
let running = 0;
async function oneAtATimePerCore<T>(task: () => Promise<T>): Promise<T> {
  if (running >= cores) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

let tmp: string;
let app: string;
let tarball: string;
let installLog: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'nninit-types-'));
  execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', tmp], { cwd: ROOT });
  tarball = path.join(
    tmp,
    readdirSync(tmp).find((f) => f.endsWith('.tgz'))!,
  );
  app = path.join(tmp, 'app');
  cpSync(path.join(ROOT, 'test/fixtures/types-app'), app, { recursive: true });
  const { stderr } = await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: app,
    env: { ...process.env, npm_config_loglevel: 'warn' },
  });
  installLog = stderr;
}, 300_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
}, 120_000);

describe('the packed package', () => {
  it('installs from its tarball without npm warnings about it (no install-time scripts: dist/ ships built)', () => {
    const aboutNninit = installLog.split('\n').filter((line) => /\bnninit\b/.test(line));
    expect(aboutNninit).toEqual([]);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    for (const script of ['preinstall', 'install', 'postinstall', 'prepare'])
      expect(manifest.scripts[script]).toBeUndefined();
  });

  it('ships each wasm build once: dist/ only, no map repeating the embedded hex, no 36 KB literal type', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    expect(files.filter((f) => f.endsWith('.wasm')).sort()).toEqual([
      'package/dist/nninit-threads.wasm',
      'package/dist/nninit.wasm',
    ]);
    expect(files.filter((f) => f.startsWith('package/build/'))).toEqual([]);
    const installed = path.join(app, 'node_modules/nninit');
    const hex = {
      'wasm-bytes': readFileSync(path.join(installed, 'dist/nninit.wasm')).toString('hex'),
      'wasm-threads-bytes': readFileSync(path.join(installed, 'dist/nninit-threads.wasm')).toString('hex'),
    };
    const texts = files
      .filter((f) => /\.(js|map|ts)$/.test(f))
      .map((f) => [f, readFileSync(path.join(installed, f.slice('package/'.length)), 'utf8')] as const);
    for (const [module, bytes] of Object.entries(hex)) {
      // One bundled chunk holds it (scripts/build-dist.mjs); no map, declaration or other file does.
      const holders = texts.filter(([, text]) => text.includes(bytes)).map(([f]) => f);
      expect(holders).toHaveLength(1);
      expect(holders[0]).toMatch(/^package\/dist\/chunks\/[\w-]+\.js$/);
      const declaration = readFileSync(path.join(installed, `dist/bridge/${module}.d.ts`), 'utf8');
      expect(declaration).toMatch(/^export declare const \w+: string;$/m);
      expect(declaration.length).toBeLessThan(200);
    }
  });

  it.concurrent.each(MATRIX)(
    'type-checks consumer.ts under TypeScript %s, %s, %s',
    async (_v, _m, _l, { ts, mod, lib }) => {
      // Symbol.dispose comes with @types/node; `using` parses from TypeScript 5.2.
      const files = ['consumer.ts', ...(ts.using && lib.types.length > 0 ? ['using.ts'] : [])];
      const name = `tsconfig.${ts.version}.${mod.moduleResolution}.${lib.types.length > 0 ? 'node' : 'dom'}.json`;
      const compilerOptions = {
        target: 'es2022',
        ...mod,
        lib: lib.lib,
        types: lib.types,
        strict: true,
        skipLibCheck: false,
        noEmit: true,
      };
      writeFileSync(path.join(app, name), JSON.stringify({ compilerOptions, files }, null, 2));
      const result = await oneAtATimePerCore(() =>
        run(process.execPath, [path.join(app, 'node_modules', ts.bin), '-p', name, '--listFiles'], {
          cwd: app,
          maxBuffer: 64 * 2 ** 20,
        }).catch((error: { stdout: string; code: number }) => error),
      );
      const lines = result.stdout.split('\n');
      // The program checked every subpath's declarations and the consumer's files.
      for (const file of [...Object.values(TYPES), ...files]) {
        expect(lines.some((line) => line.endsWith(file.startsWith('dist/') ? `/nninit/${file}` : `/app/${file}`))).toBe(
          true,
        );
      }
      const errors = lines.filter((line) => /error TS\d+/.test(line));
      expect(errors.filter((line) => !THIRD_PARTY.test(line))).toEqual([]);
      // tsc exits non-zero only for the errors shown.
      expect('code' in result && result.code !== 0).toBe(errors.length > 0);
    },
    600_000,
  );

  it('publint finds nothing, warnings included', () => {
    const out = execFileSync(path.join(ROOT, 'node_modules/.bin/publint'), ['--strict', tarball], { encoding: 'utf8' });
    expect(out).toMatch(/All good!/);
  });

  it('arethetypeswrong finds no problem for an ESM-only package', () => {
    // ESM-only: CommonJS resolution (node10, node16 from CJS) is out of scope. The .wasm subpaths
    // are files to fetch or copy, not modules with types. A problem makes attw exit 1 (a throw here).
    const out = execFileSync(
      path.join(ROOT, 'node_modules/.bin/attw'),
      [
        tarball,
        '--format',
        'json',
        '--profile',
        'esm-only',
        '--exclude-entrypoints',
        './nninit.wasm',
        './nninit-threads.wasm',
      ],
      { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
    );
    const { analysis } = JSON.parse(out) as {
      analysis: {
        entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }>;
        problems: { resolutionKind?: string }[];
      };
    };
    const esm = analysis.problems.filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
    expect(esm).toEqual([]);
    for (const [entry, types] of Object.entries(TYPES)) {
      for (const kind of ['node16-esm', 'bundler']) {
        expect(analysis.entrypoints[entry]!.resolutions[kind]!.resolution?.fileName, `${entry} (${kind})`).toBe(
          `/node_modules/nninit/${types}`,
        );
      }
    }
  });
});
