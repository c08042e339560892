/**
 * Ink and React load only with the interactive view: the bundle's static import graph from the
 * entry (all that `estimate` loads) and from the `generate` chunk holds no ink, react or yoga;
 * they sit behind a dynamic import of the view. Checked on esbuild's metafile of the real entry.
 */
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const UI_PACKAGES = /node_modules\/(ink|react|react-reconciler|scheduler|yoga-layout)\//;
let meta: Metafile;

beforeAll(async () => {
  // The options of scripts/build.mjs that shape the chunk graph.
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'out',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['react-devtools-core', 'pg-native'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  meta = result.metafile;
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

describe('the bundle', () => {
  it('the entry (what estimate loads) statically reaches no ink, react or yoga', () => {
    const entry = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === 'src/cli.ts')!;
    expect(inputsOf(staticClosure(entry)).filter((i) => UI_PACKAGES.test(i))).toEqual([]);
  });

  it('nor does the generate command, nor the wizard before it shows the view', () => {
    for (const input of ['src/commands/generate.ts', 'src/commands/wizard.ts']) {
      expect(inputsOf(staticClosure(outputOf(input))).filter((i) => UI_PACKAGES.test(i)), input).toEqual([]);
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
});
