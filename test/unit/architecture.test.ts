/**
 * The pure core never touches the disk, the process, the clock, randomness or the UI:
 * those arrive as arguments. Checked by reading the sources.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const PURE = ['src/core', 'src/platforms', 'src/render', 'src/compose', 'src/pricing'];
/** I/O modules among the pure folders: none (the price book's loader lives in io/). */
const EXEMPT = new Set<string>();

const FORBIDDEN_IMPORTS = /^(node:)?(fs|fs\/promises|child_process|os|process|readline|tty|net|http|https)$|^(ink|react|react\/.*|@clack\/prompts)$/;
const FORBIDDEN_CODE: [RegExp, string][] = [
  [/\bprocess\s*\./, 'process'],
  [/\bDate\.now\s*\(/, 'the clock (Date.now)'],
  [/\bnew Date\s*\(/, 'the clock (new Date)'],
  [/\bMath\.random\s*\(/, 'randomness'],
  [/\bimport\.meta\.(url|dirname|filename)\b/, 'the module location'],
];

function sources(dir: string): string[] {
  try {
    return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
      .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
  } catch {
    return [];
  }
}

/** Import specifiers and forbidden uses in one source text (comments stripped). */
function violations(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
  const found: string[] = [];
  for (const m of code.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    if (FORBIDDEN_IMPORTS.test(spec)) found.push(`imports ${spec}`);
  }
  for (const [re, what] of FORBIDDEN_CODE) if (re.test(code)) found.push(`uses ${what}`);
  return found;
}

describe('architecture: the pure core', () => {
  const files = PURE.flatMap(sources).filter((f) => !EXEMPT.has(f));

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('imports no fs, process or UI module and reads no clock, environment or randomness', () => {
    const bad = files.flatMap((f) => violations(readFileSync(join(root, f), 'utf8')).map((v) => `${f} ${v}`));
    expect(bad).toEqual([]);
  });

  it('the check itself catches each kind of violation', () => {
    expect(violations(`import { readFile } from 'node:fs/promises';`)).toEqual(['imports node:fs/promises']);
    expect(violations(`import React from 'react';`)).toEqual(['imports react']);
    expect(violations(`const m = await import('ink');`)).toEqual(['imports ink']);
    expect(violations(`const x = process.env.HOME;`)).toEqual(['uses process']);
    expect(violations(`const t = Date.now();`)).toEqual(['uses the clock (Date.now)']);
    expect(violations(`// process.env in a comment is fine\nconst a = 1;`)).toEqual([]);
  });
});

describe('architecture: only the entry exits, only the writer writes', () => {
  const all = sources('src');
  it('process.exit appears only in src/main.ts (the run the entry loads)', () => {
    const exits = all.filter((f) => /process\.exit\s*\(/.test(readFileSync(join(root, f), 'utf8')));
    expect(exits).toEqual(['src/main.ts']);
  });
  it('file-writing calls appear only in src/io/write-files.ts (and the compile cache and the password files, which write only their own folders)', () => {
    const writers = all.filter((f) =>
      /\b(writeFile|writeFileSync|rename|renameSync|appendFile|createWriteStream)\s*\(/.test(readFileSync(join(root, f), 'utf8')),
    );
    expect(writers).toEqual(['src/compile-cache.ts', 'src/db/passfile.ts', 'src/io/write-files.ts']);
    // The password files go into a private folder the module itself makes (mkdtemp), nowhere a user named.
    const passfile = readFileSync(join(root, 'src/db/passfile.ts'), 'utf8');
    expect(passfile.match(/\bwriteFileSync\(([^,]+),/g)).toEqual(['writeFileSync(file,']);
    expect(passfile).toMatch(/const file = join\(dir, `pgpass-\$\{count\}`\);/);
    expect(passfile).toMatch(/dir = mkdtempSync\(/);
    // The cache writes under the cache folder it computes, nowhere a user named.
    const cache = readFileSync(join(root, 'src/compile-cache.ts'), 'utf8');
    expect(cache.match(/\b(writeFileSync|renameSync)\(([^,]+),/g)).toEqual(['writeFileSync(temp,', 'renameSync(temp,']);
  });
});
