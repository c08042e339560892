/**
 * The built CLI: React is reached only through the import() of the Ink view. Everything the
 * entry loads with require(), at start or later (every command's chunk, the wizard's before it
 * shows the view), holds no React; the view's ES-module chunk does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireBuilt } from '../helpers/cli.js';
import { cliPath } from '../helpers/pty.js';

const REACT = /react\.(transitional\.)?element/;

/** Chunks a built CommonJS file loads with require() (at its start or later), and the ones it import()s. */
function loads(code: string): { required: string[]; imported: string[] } {
  return {
    required: [...code.matchAll(/\brequire\("(\.\/[^"]+)"\)/g)].map((m) => m[1]!),
    imported: [...code.matchAll(/\bimport\("(\.\/[^"]+)"\)/g)].map((m) => m[1]!),
  };
}

describe('the built CLI', () => {
  beforeAll(() => requireBuilt(cliPath()));
  it('loads no React before the wizard shows its view', () => {
    const dir = dirname(cliPath());
    const seen = new Set<string>();
    const imported = new Set<string>();
    const queue = [cliPath()];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(REACT);
      const next = loads(code);
      for (const rel of next.required) queue.push(join(dirname(file), rel));
      for (const rel of next.imported) imported.add(join(dirname(file), rel));
    }
    const names = [...seen].map((f) => basename(f));
    // The walk covers the commands (the wizard's chunk included), not just the entry.
    for (const command of ['app-', 'generate-', 'wizard-', 'import-', 'diff-'])
      expect(
        names.some((n) => n.startsWith(command)),
        command,
      ).toBe(true);
    // The view is an ES module reached by import() only, and it is where React is.
    expect([...imported].map((f) => basename(f)).some((n) => /^render-.*\.mjs$/.test(n))).toBe(true);
    const views = readdirSync(dir).filter((f) => f.endsWith('.mjs'));
    expect(views.some((f) => REACT.test(readFileSync(join(dir, f), 'utf8')))).toBe(true);
  });

  it('is CommonJS but for the Ink view: the .js chunks compile as CommonJS, only .mjs ones are ES modules', () => {
    const dir = dirname(cliPath());
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
    const files = readdirSync(dir);
    const commonJs = files.filter((f) => f.endsWith('.js'));
    expect(commonJs).toContain('cli.js');
    for (const f of commonJs) {
      const code = readFileSync(join(dir, f), 'utf8').replace(/^#!.*/, '');
      // An import or export statement would not compile inside CommonJS's function wrapper.
      expect(() => new Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, { filename: f }), f).not.toThrow();
    }
    const esm = files.filter((f) => f.endsWith('.mjs'));
    expect(esm.length).toBeGreaterThan(0);
    // Each stays an ES module for a reason: it awaits at the top level (ink, yoga-layout).
    expect(esm.some((f) => /(^|[;}\s])await\s/.test(readFileSync(join(dir, f), 'utf8')))).toBe(true);
  });
});
