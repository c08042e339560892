/**
 * The built CLI: React is reached only through the import() of the Ink view. Everything the
 * entry loads with require(), at start or later (every command's chunk, the wizard's before it
 * shows the view), holds no React; the view's ES-module chunk does. The start pack holds exactly
 * the chunks every run requires at once, each line for line where its source-map section says.
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

describe('the start pack (dist/start-pack.js)', () => {
  beforeAll(() => requireBuilt(cliPath()));
  const dir = () => dirname(cliPath());
  const pack = () => readFileSync(join(dir(), 'start-pack.js'), 'utf8');
  const map = () =>
    JSON.parse(readFileSync(join(dir(), 'start-pack.js.map'), 'utf8')) as { sections: { offset: { line: number; column: number }; map: unknown }[] };
  /** The chunks the pack holds, in its order: the lines that open a factory. */
  const packed = () =>
    pack()
      .split('\n')
      .map((l) => /^"([\w-]+\.js)": function \(exports, require, module, __filename, __dirname\) \{$/.exec(l)?.[1])
      .filter((n): n is string => n !== undefined);

  it('holds the run and every chunk it and the app require at once, nothing else, no ES chunk and not the entry', () => {
    const names = packed();
    const main = names.find((n) => n.startsWith('main-'))!;
    const app = names.find((n) => n.startsWith('app-'))!;
    const closure = new Set<string>();
    const visit = (n: string) => {
      if (closure.has(n)) return;
      closure.add(n);
      // Top-level requires only: the ones a dynamic import became are wrapped in a function.
      const code = readFileSync(join(dir(), n), 'utf8');
      for (const m of code.matchAll(/(?:^|[;,])(?:var |let |const )?[\w$]+=require\("\.\/([\w-]+\.js)"\)/g)) visit(m[1]!);
    };
    visit(main);
    visit(app);
    expect([...names].sort()).toEqual([...closure].sort());
    expect(names).not.toContain('cli.js');
    for (const n of names) expect(readFileSync(join(dir(), n), 'utf8')).not.toContain('import(');
  });

  it("each chunk in the pack is its file, line for line, where its map section says, with the file's own map", () => {
    const lines = pack().split('\n');
    const sections = map().sections;
    const names = packed();
    expect(sections.length).toBe(names.length);
    for (const [i, name] of names.entries()) {
      const own = readFileSync(join(dir(), name), 'utf8')
        .replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '')
        .split('\n');
      const { line, column } = sections[i]!.offset;
      expect(column).toBe(0);
      expect(lines[line - 1], name).toContain(`"${name}"`);
      expect(lines.slice(line, line + own.length), name).toEqual(own);
      expect(sections[i]!.map, name).toEqual(JSON.parse(readFileSync(join(dir(), `${name}.map`), 'utf8')));
    }
    // One script: V8 compiles the whole pack.
    expect(() => new Script(pack(), { filename: 'start-pack.js' })).not.toThrow();
  });
});
