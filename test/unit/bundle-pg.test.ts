/**
 * node-postgres loads only with the database commands: the bundle's static import graph from the
 * entry (all that `estimate` loads) holds no pg package; readiness and migrate-data bring it
 * behind dynamic imports, and pg-native (the optional native binding) is never bundled.
 */
import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const PG_PACKAGES = /node_modules\/(pg|pg-[a-z-]+|pgpass|postgres-[a-z-]+)\//;
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
    external: ['react-devtools-core'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  meta = result.metafile;
}, 60_000);

function staticClosure(start: string): string[] {
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const imp of meta.outputs[queue.shift()!]!.imports) {
      if (imp.kind !== 'import-statement' || imp.external || seen.has(imp.path)) continue;
      seen.add(imp.path);
      queue.push(imp.path);
    }
  }
  return [...seen];
}

const inputsOf = (outputs: string[]) => outputs.flatMap((o) => Object.keys(meta.outputs[o]!.inputs));
const outputOf = (input: string) => Object.keys(meta.outputs).find((o) => input in meta.outputs[o]!.inputs)!;

describe('node-postgres in the bundle', () => {
  it('the entry (what estimate loads) statically reaches no pg package', () => {
    const entry = Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === 'src/cli.ts')!;
    // The entry, then the app it imports as soon as the compile cache is on.
    const startup = [...staticClosure(entry), ...staticClosure(Object.keys(meta.outputs).find((o) => meta.outputs[o]!.entryPoint === 'src/app.ts')!)];
    expect(inputsOf(startup).filter((i) => PG_PACKAGES.test(i))).toEqual([]);
  });

  it('readiness and migrate-data reach pg, through dynamic imports only; pg-native is not bundled', () => {
    const all = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    expect(all.some((i) => i.includes('node_modules/pg/'))).toBe(true);
    expect(all.filter((i) => i.includes('pg-native'))).toEqual([]);
    for (const command of ['src/commands/readiness.ts', 'src/commands/migrate-data.ts']) {
      const chunk = outputOf(command);
      const importers = Object.values(meta.outputs).flatMap((out) => out.imports.filter((i) => i.path === chunk).map((i) => i.kind));
      expect(importers.length, command).toBeGreaterThan(0);
      expect(new Set(importers), command).toEqual(new Set(['dynamic-import']));
    }
  });
});
