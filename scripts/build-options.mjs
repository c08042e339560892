// The esbuild options of the CLI bundle, shared by scripts/build.mjs and the tests that check the
// bundle's chunk graph, so the two cannot drift apart.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build, transformSync } from 'esbuild';

const root = resolve(import.meta.dirname, '..');

/** Bundles one source module for the occasion, imports it and returns its export `name`. */
async function evaluateExport(entry, name) {
  const out = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return mod[name];
}

/**
 * Validates data/pricing.json with the CLI's own validator (bundled for the occasion) and returns
 * the parsed book; throws with every invalid field named when it is not valid.
 */
export function validatedBuiltinBook() {
  return evaluateExport('src/pricing/builtin-book.ts', 'BUILTIN_BOOK');
}

/**
 * The answers when none are given, computed with the CLI's own schema (bundled for the occasion):
 * src/core/default-answers.ts, checked to survive JSON unchanged (the build inlines it as JSON).
 */
export async function builtinDefaultAnswers() {
  const value = await evaluateExport('src/core/default-answers.ts', 'DEFAULT_ANSWERS');
  assert.deepStrictEqual(JSON.parse(JSON.stringify(value)), value, 'the default answers do not survive JSON unchanged');
  return value;
}

/**
 * JSON with every character beyond ASCII written as a \\u escape: V8 then keeps the text one byte
 * per character (half the memory and the code cache of a text with a single "–" in it).
 */
export function asciiJson(value) {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Replaces the module `src/<path>` with one that exports `value`, computed at build time, as
 * `name` (JSON.parse of a string is faster for V8 than an object literal of this size).
 */
function inlinedValuePlugin(path, name, value) {
  const filter = new RegExp(
    `[\\\\/]src[\\\\/]${path
      .split('/')
      .map((p) => p.replaceAll('.', '\\.'))
      .join('[\\\\/]')}$`,
  );
  return {
    name: `inlined:${path}`,
    setup(b) {
      b.onLoad({ filter }, () => ({ contents: `export const ${name} = JSON.parse(${JSON.stringify(asciiJson(value))});`, loader: 'js' }));
    },
  };
}

/**
 * The options of the CLI bundle (outdir aside), with the price book and the default answers
 * computed at build time (validatedBuiltinBook, builtinDefaultAnswers).
 */
export function cliBuildOptions(book, defaultAnswers) {
  if (book === undefined || defaultAnswers === undefined) throw new Error('cliBuildOptions needs the validated book and the default answers');
  return {
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Optional modules, left out on purpose (not dependencies, never installed with stackfare):
    // - react-devtools-core: ink imports it only when DEV=true, and then says how to install it;
    // - pg-native: node-postgres loads its native binding only when asked for `pg.native`, which
    //   stackfare never does (it needs a compiler and libpq at install time).
    external: ['react-devtools-core', 'pg-native'],
    // Computed at build time: a run then neither loads the price-book schema nor validates the
    // whole book, and a run without answers loads no answers schema.
    plugins: [
      inlinedValuePlugin('pricing/builtin-book.ts', 'BUILTIN_BOOK', book),
      inlinedValuePlugin('core/default-answers.ts', 'DEFAULT_ANSWERS', defaultAnswers),
    ],
  };
}

/** What every ES-module chunk starts with: bundled CommonJS dependencies call require(). */
export const ESM_BANNER = "import { createRequire as __sfCreateRequire } from 'node:module';\nconst require = __sfCreateRequire(import.meta.url);";

/** Whether esbuild can turn this chunk into CommonJS (it cannot when it awaits at the top level). */
function convertible(code) {
  try {
    transformSync(code, { format: 'cjs', loader: 'js', platform: 'node', target: 'node20', logLevel: 'silent' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Second stage of the build: the ES-module chunks of the first stage (in `stageDir`, with their
 * `metafile`) become CommonJS files in `outdir`, except those that await at the top level (the
 * Ink view: ink and yoga-layout do) and those that import them statically, which stay ES modules
 * renamed `.mjs`. Why: on Node 20 an ES-module start costs a CommonJS one 10-15 ms more, every ES
 * chunk goes through the ES loader's resolve/translate steps, and only CommonJS can be served from
 * a V8 code cache (src/compile-cache.ts). Module identity is kept: each chunk is still one file,
 * loaded once (the `.mjs` view imports the CommonJS chunks, which Node shares with require()).
 * `outdir/package.json` says `"type": "commonjs"` so the `.js` files load as CommonJS inside a
 * `"type": "module"` package.
 */
export async function commonJsStage({ stageDir, outdir: out, metafile }) {
  const outdir = resolve(out);
  const names = readdirSync(stageDir).filter((f) => f.endsWith('.js'));
  const code = new Map(names.map((n) => [n, readFileSync(join(stageDir, n), 'utf8')]));
  // Static imports between chunks, by file name.
  const imports = new Map(names.map((n) => [n, []]));
  for (const [path, out] of Object.entries(metafile.outputs)) {
    const from = basename(path);
    if (!imports.has(from)) continue;
    for (const i of out.imports) if (i.kind === 'import-statement' && !i.external) imports.get(from).push(basename(i.path));
  }
  const esm = new Set(names.filter((n) => !convertible(code.get(n))));
  for (let grew = true; grew; ) {
    grew = false;
    for (const n of names) {
      if (!esm.has(n) && imports.get(n).some((i) => esm.has(i))) {
        esm.add(n);
        grew = true;
      }
    }
  }
  if (esm.has('cli.js')) throw new Error('build: the entry cannot be CommonJS (it reaches a chunk that awaits at the top level)');
  const hash = createHash('sha256');
  for (const n of [...names].sort()) hash.update(`${n}\0${code.get(n)}\0`);
  const buildId = hash.digest('hex').slice(0, 16);
  const rename = (n) => (esm.has(n) ? n.replace(/\.js$/, '.mjs') : n);

  mkdirSync(outdir, { recursive: true });
  writeFileSync(join(outdir, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
  const cjs = names.filter((n) => !esm.has(n));
  const result = await build({
    absWorkingDir: stageDir,
    entryPoints: cjs.map((n) => join(stageDir, n)),
    outdir,
    entryNames: '[name]',
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify: true,
    sourcemap: 'linked',
    // import() of a CommonJS chunk becomes require() (no ES loader); of an .mjs chunk, see below.
    supported: { 'dynamic-import': false },
    define: { STACKFARE_BUILD_ID: JSON.stringify(buildId), 'import.meta.url': '__sfImportMetaUrl' },
    inject: ['stackfare:import-meta-url'],
    logLevel: 'warning',
    write: false,
    plugins: [
      {
        name: 'chunks-stay-files',
        setup(b) {
          // import.meta.url of an ES module, as CommonJS knows it.
          b.onResolve({ filter: /^stackfare:import-meta-url$/ }, () => ({ path: 'import-meta-url', namespace: 'stackfare', sideEffects: false }));
          b.onLoad({ filter: /.*/, namespace: 'stackfare' }, () => ({
            contents: "export const __sfImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
            loader: 'js',
          }));
          // Every chunk stays its own file: another chunk's import of it is left as a require().
          b.onResolve({ filter: /^\.\/[^/]+\.js$/ }, (args) => {
            const target = args.path.slice(2);
            return code.has(target) ? { path: `./${rename(target)}`, external: true } : undefined;
          });
          // Anything else a chunk imports (node: modules, the optional packages left out in stage 1) stays outside.
          b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'entry-point' ? undefined : { path: args.path, external: true }));
          // The ES-module banner is not wanted in CommonJS, where require() exists.
          b.onLoad({ filter: /\.js$/ }, (args) => {
            const n = basename(args.path);
            if (!code.has(n)) return undefined;
            const text = code.get(n);
            if (!text.includes(ESM_BANNER)) throw new Error(`build: ${n} lacks the ES-module banner`);
            // Blanked, not cut: the lines below keep their numbers, so the chunk's source map still fits.
            const blank = (t) => t.replace(/[^\n]/g, ' ');
            return { contents: text.replace(/^#!.*/, blank).replace(ESM_BANNER, blank), loader: 'js', resolveDir: stageDir };
          });
        },
      },
    ],
  });
  const stageSource = new RegExp(`^(\\.\\./)*${stageDir.replace(/^\//, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`);
  for (const file of result.outputFiles) {
    let text = file.text;
    if (file.path.endsWith('.map')) {
      // A chunk that only re-exports others has no source of its own: name it, not the stage folder.
      const map = JSON.parse(text);
      map.sources = map.sources.map((s) => s.replace(stageSource, 'stackfare-chunk:'));
      text = JSON.stringify(map);
    }
    if (file.path.endsWith('.js')) {
      // A dynamic import of an ES chunk: esbuild wrote `toESM(require("./x.mjs"), 1)`; Node must import() it.
      text = text.replace(/[\w$]+\(require\("(\.\/[\w-]+\.mjs)"\)(?:,\s*1)?\)/g, (_, p) => `import("${p}")`);
      if (/require\("\.\/[\w-]+\.mjs"\)/.test(text)) throw new Error(`build: ${basename(file.path)} requires an ES chunk`);
      if (basename(file.path) === 'cli.js') text = `#!/usr/bin/env node\n${text}`;
    }
    writeFileSync(file.path, text);
  }
  writeStartPack({ outdir, metafile, imports, skip: esm });
  for (const n of esm) {
    writeFileSync(
      join(outdir, rename(n)),
      code.get(n).replace(/(["'])\.\/([\w-]+\.js)\1/g, (m, q, t) => (esm.has(t) ? `${q}./${rename(t)}${q}` : m)),
    );
    const map = join(stageDir, `${n}.map`);
    if (existsSync(map)) writeFileSync(join(outdir, `${n}.map`), readFileSync(map));
  }
}

/** The factory head every chunk gets in the start pack: Node's CommonJS wrapper, on a line of its own. */
const PACK_HEAD = 'function (exports, require, module, __filename, __dirname) {';

/**
 * The start pack (dist/start-pack.js): every CommonJS chunk a run loads before its command
 * starts (the static closure of src/main.ts and src/app.ts) in one script, each chunk a factory
 * keyed by its file name: `({"chunk-X.js": function (exports, require, ...) {<chunk>\n}, ...})`.
 * src/compile-cache.ts compiles it once (one file to read, one code cache) and runs a chunk's
 * factory when Node loads that chunk, so each chunk is still one module, loaded once. The chunk
 * files stay: without the code cache Node loads them as usual. An index source map (one section
 * per chunk, its own map) keeps stack traces mappable to the sources.
 */
function writeStartPack({ outdir, metafile, imports, skip }) {
  const entryFile = (source) => {
    const out = Object.keys(metafile.outputs).find((o) => metafile.outputs[o].entryPoint === source);
    if (!out) throw new Error(`build: no chunk has the entry ${source}`);
    return basename(out);
  };
  const names = [];
  const visit = (n) => {
    if (names.includes(n) || skip.has(n) || n === 'cli.js') return;
    names.push(n);
    for (const i of imports.get(n) ?? []) visit(i);
  };
  visit(entryFile('src/main.ts'));
  visit(entryFile('src/app.ts'));
  const lines = ['({'];
  const sections = [];
  for (const [k, n] of names.entries()) {
    const text = readFileSync(join(outdir, n), 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '');
    if (text.includes('import(')) throw new Error(`build: ${n} imports an ES module: it cannot be packed`);
    lines.push(`${JSON.stringify(n)}: ${PACK_HEAD}`);
    sections.push({ offset: { line: lines.length, column: 0 }, map: JSON.parse(readFileSync(join(outdir, `${n}.map`), 'utf8')) });
    lines.push(...text.split('\n'));
    lines.push(k === names.length - 1 ? '}' : '},');
  }
  lines.push('})', '//# sourceMappingURL=start-pack.js.map');
  writeFileSync(join(outdir, 'start-pack.js'), `${lines.join('\n')}\n`);
  writeFileSync(join(outdir, 'start-pack.js.map'), JSON.stringify({ version: 3, file: 'start-pack.js', sections }));
}
