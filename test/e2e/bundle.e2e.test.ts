/** The built CLI: the files the entry loads statically hold no React; the view's chunk does. */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBuilt, cliPath } from '../helpers/pty.js';

const REACT = /react\.(transitional\.)?element/;

/** Relative chunks a built file imports statically (`import ... from "./x.js"` or `import "./x.js"`, not `import("./x.js")`). */
function staticImports(code: string): string[] {
  return [...code.matchAll(/\bimport\s*(?:[^"'();]*?\bfrom\s*)?["'](\.\/[^"']+)["']/g)].map((m) => m[1]!);
}

describe.skipIf(!cliBuilt())('the built CLI', () => {
  it('loads no React before the wizard shows its view', () => {
    const dir = dirname(cliPath());
    const seen = new Set<string>();
    const queue = [cliPath()];
    while (queue.length > 0) {
      const file = queue.shift()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const code = readFileSync(file, 'utf8');
      expect(code, file).not.toMatch(REACT);
      for (const rel of staticImports(code)) queue.push(join(dirname(file), rel));
    }
    expect(seen.size).toBeGreaterThan(1);
    // The check can see React: some chunk of the build has it.
    const chunks = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(chunks.some((f) => REACT.test(readFileSync(join(dir, f), 'utf8')))).toBe(true);
  });
});
