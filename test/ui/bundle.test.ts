/**
 * Ink and React load only with the interactive view: the bundle's static import graph from the
 * entry (all that `estimate` loads) and from the `generate` chunk holds no ink, react or yoga;
 * they sit behind a dynamic import of the view. Checked on esbuild's metafile of the real entry.
 */
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, without types.
import { builtinDefaultAnswers, cliBuildOptions, validatedBuiltinBook } from '../../scripts/build-options.mjs';
import { AnswersSchema } from '../../src/core/answers.js';
import { BUILTIN_BOOK } from '../../src/pricing/builtin-book.js';

const UI_PACKAGES = /node_modules\/(ink|react|react-reconciler|scheduler|yoga-layout)\//;
let meta: Metafile;

let book: unknown;
let defaults: unknown;
let texts: Map<string, string>;

beforeAll(async () => {
  // The very options of scripts/build.mjs (shared with it), with the book it validates at build time.
  book = await validatedBuiltinBook();
  defaults = await builtinDefaultAnswers();
  const result = await build({ ...cliBuildOptions(book, defaults), outdir: 'out', write: false, metafile: true, logLevel: 'silent' });
  meta = result.metafile!;
  texts = new Map(result.outputFiles!.map((f) => [f.path.split('/').pop()!, f.text]));
}, 60_000);

/** Outputs reachable from `start` through static imports only. */
function staticClosure(start: string): string[] {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const out = meta.outputs[queue.shift()!]!;
    for (const imp of out.imports) {
      if (imp.kind !== 'import-statement' || imp.external || seen.has(imp.path)) continue;
      seen.add(imp.path);
      queue.push(imp.path);
    }
  }
  return [...seen];
}

const inputsOf = (outputs: string[]) => outputs.flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
const outputOf = (input: string) => Object.keys(meta.outputs).find((o) => input in meta.outputs[o]!.inputs)!;
const entryOf = (source: string) => Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === source)!;
const entryOutput = () => entryOf('src/cli.ts');
/** What every run loads: the entry, then (once the compile cache is on) the run and the app it imports. */
const startupClosure = () => [...new Set([...staticClosure(entryOutput()), ...staticClosure(entryOf('src/main.ts')), ...staticClosure(entryOf('src/app.ts'))])];

describe('the bundle', () => {
  it('the entry (what estimate loads) statically reaches no ink, react or yoga', () => {
    expect(inputsOf(startupClosure()).filter((i) => UI_PACKAGES.test(i))).toEqual([]);
  });

  it('the entry compiles only itself and the compile cache before the cache is on; the run, then the app, load after it', () => {
    expect(inputsOf(staticClosure(entryOutput())).sort()).toEqual(['src/cli.ts', 'src/compile-cache.ts']);
    const run = meta.outputs[entryOutput()]!.imports.find((i) => i.path === entryOf('src/main.ts'));
    expect(run?.kind).toBe('dynamic-import');
    expect(inputsOf([entryOf('src/main.ts')])).toEqual(expect.arrayContaining(['src/main.ts', 'src/io/output.ts']));
    const app = meta.outputs[entryOf('src/main.ts')]!.imports.find((i) => i.path === entryOf('src/app.ts'));
    expect(app?.kind).toBe('dynamic-import');
  });

  it('nor does the generate command, nor the wizard before it shows the view', () => {
    for (const input of ['src/commands/generate.ts', 'src/commands/wizard.ts']) {
      expect(
        inputsOf(staticClosure(outputOf(input))).filter((i) => UI_PACKAGES.test(i)),
        input,
      ).toEqual([]);
    }
  });

  it('the view chunk brings ink and react, and is reached only by a dynamic import', () => {
    const view = outputOf('src/ui/views/render.tsx');
    const withView = inputsOf(staticClosure(view));
    expect(withView.some((i) => i.includes('node_modules/ink/'))).toBe(true);
    expect(withView.some((i) => i.includes('node_modules/react/'))).toBe(true);
    const importers = Object.entries(meta.outputs).flatMap(([o, out]) => out.imports.filter((i) => i.path === view).map((i) => ({ from: o, kind: i.kind })));
    expect(importers.length).toBeGreaterThan(0);
    for (const i of importers) expect(i.kind).toBe('dynamic-import');
  });

  it('the entry holds the price book validated at build time, not its schema or validator (those load only for --pricing)', () => {
    const startup = inputsOf(startupClosure());
    expect(startup.filter((i) => /src\/pricing\/(price-book|validate-price-book)\.ts$/.test(i))).toEqual([]);
    expect(startup).toContain('src/pricing/builtin-book.ts');
    const validator = outputOf('src/pricing/validate-price-book.ts');
    const importers = Object.values(meta.outputs).flatMap((out) => out.imports.filter((i) => i.path === validator));
    expect(importers.length).toBeGreaterThan(0);
    for (const i of importers) expect(i.kind).toBe('dynamic-import');
    // What the build bundles is what validation gives from the sources: defaults filled, nothing lost.
    expect(book).toEqual(BUILTIN_BOOK);
  });

  it('a run without answers loads no schema: the default answers are computed at build time, zod loads with answers to check', () => {
    const startup = inputsOf(startupClosure());
    expect(startup.filter((i) => i.includes('node_modules/zod/') || i === 'src/core/answers.ts')).toEqual([]);
    expect(startup).toContain('src/core/default-answers.ts');
    // The schema is still in the bundle, loaded on demand.
    const schema = outputOf('src/core/answers.ts');
    const importers = Object.values(meta.outputs).flatMap((out) => out.imports.filter((i) => i.path === schema));
    expect(importers.length).toBeGreaterThan(0);
    // What the build inlines is what the schema gives for no answers.
    expect(defaults).toEqual(AnswersSchema.parse({}));
  });

  it('the price book is bundled as one-byte text: every character beyond ASCII escaped', () => {
    const chunk = outputOf('src/pricing/builtin-book.ts').split('/').pop()!;
    const text = texts.get(chunk)!;
    expect(text).toContain('JSON.parse(');
    expect(text.match(/[^\x00-\x7f]/g) ?? []).toEqual([]);
    // The book has such characters (en dashes, for one): the escapes are there and read back.
    expect(JSON.stringify(book)).toMatch(/[^\x00-\x7f]/);
  });
});
