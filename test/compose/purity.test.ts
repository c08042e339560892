/**
 * compose/ and core/ are pure at any depth: no module they import, directly or through others,
 * reaches node:fs; and compose/ never imports io/ (the edge calls compose, not the other way).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const FS = /^(node:)?fs(\/promises)?$/;

/** Every relative or bare specifier a source imports (type-only imports included: they still tie the modules). */
function specifiers(file: string): string[] {
  const code = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/(^|[^:])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm))
    out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** The chain from `start` to a node:fs import, or null when none is reachable. */
function pathToFs(start: string, read: (file: string) => string[] = specifiers): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, trail: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    for (const spec of read(file)) {
      if (FS.test(spec)) return [...trail, file, spec];
      if (!spec.startsWith('.')) continue;
      const next = join(dirname(file), spec).replace(/\.js$/, '.ts');
      const found = walk(next, [...trail, file]);
      if (found) return found;
    }
    return null;
  };
  return walk(start, []);
}

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

const rel = (f: string) => relative(root, f).split(sep).join('/');

describe('compose/ and core/ stay pure at any depth', () => {
  it('no module in compose/ or core/ reaches node:fs through its imports', () => {
    const files = [...sources('src/compose'), ...sources('src/core')];
    expect(files.length).toBeGreaterThan(30);
    const chains = files.flatMap((f) => {
      const chain = pathToFs(f);
      return chain ? [chain.map((c) => (c.startsWith(root) ? rel(c) : c)).join(' -> ')] : [];
    });
    expect(chains).toEqual([]);
  });

  it('compose/ imports nothing from io/', () => {
    const bad = sources('src/compose').filter((f) => specifiers(f).some((s) => /^\.\.\/io\//.test(s)));
    expect(bad.map(rel)).toEqual([]);
  });

  it('the walk finds an fs import two modules away', () => {
    const graph: Record<string, string[]> = { '/a.ts': ['./b.js'], '/b.ts': ['./c.js', 'yaml'], '/c.ts': ['node:fs'] };
    expect(pathToFs('/a.ts', (f) => graph[f] ?? [])).toEqual(['/a.ts', '/b.ts', '/c.ts', 'node:fs']);
    expect(pathToFs('/b.ts', (f) => (f === '/c.ts' ? [] : (graph[f] ?? [])))).toBeNull();
  });
});
