/** The function-length check (scripts/function-length.mjs, run by npm run lint): what it counts and when it fails. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { longFunctions } from '../../scripts/function-length.mjs';

const root = join(import.meta.dirname, '..', '..');
/** A body of `n` lines in all (the opening and closing lines included). */
const body = (n: number) => Array.from({ length: n - 2 }, (_, i) => `  const v${i} = ${i};`).join('\n');

describe('function length', () => {
  it('a function of 121 lines is over 120; one of 120 is not', () => {
    const text = `export function long(): void {\n${body(121)}\n}\n\nfunction fits(): void {\n${body(120)}\n}\n`;
    expect(longFunctions('a.ts', text, 120)).toEqual([{ name: 'long', line: 1, lines: 121 }]);
  });

  it('counts arrow functions, methods and nested closures inside their parent', () => {
    const text = [
      `const arrow = (x: number) => {\n${body(130)}\n};`,
      `class C {\n  method(): void {\n${body(125)}\n  }\n}`,
      `function outer(): void {\n  const a = 1;\n  const inner = () => {\n${body(119)}\n  };\n${body(10)}\n}`,
    ].join('\n');
    const found = longFunctions('b.tsx', text, 120).map((f) => `${f.name} ${f.lines}`);
    expect(found).toEqual(['arrow 130', 'method 125', 'outer 130']);
  });

  describe('the script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stackfare-fnlen-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const run = (folder: string) =>
      spawnSync(process.execPath, [join(root, 'scripts', 'function-length.mjs'), '--max', '120', folder], { cwd: dir, encoding: 'utf8' });

    it('exits 1 and names the function, its file and line when one is too long', () => {
      mkdirSync(join(dir, 'bad', 'deep'), { recursive: true });
      writeFileSync(join(dir, 'bad', 'deep', 'x.ts'), `\nexport function tooLong(): void {\n${body(140)}\n}\n`);
      const r = run('bad');
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('bad/deep/x.ts:2  tooLong  140 lines');
    });

    it('exits 0 when every function fits', () => {
      mkdirSync(join(dir, 'good'), { recursive: true });
      writeFileSync(join(dir, 'good', 'y.ts'), `export function short(): number {\n  return 1;\n}\n`);
      const r = run('good');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('no function over 120 lines');
    });
  });
});
