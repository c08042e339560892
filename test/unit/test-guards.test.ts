/**
 * The test suite's own guards: a missing build fails the tests of the built CLI instead of skipping
 * them, and no test file brings back a skip on a missing dist/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireBuilt } from '../helpers/cli.js';

const root = join(import.meta.dirname, '..', '..');

/** Every test file, relative to the project root. */
function testFiles(): string[] {
  return readdirSync(join(root, 'test'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.test\.tsx?$/.test(e.name))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** skipIf / runIf conditions that test for the build: a missing dist/ would pass by skipping. */
const SKIP_ON_BUILD = /\.(skipIf|runIf)\(\s*!?\s*(built\b|cliBuilt\(|existsSync\(\s*(CLI|cliPath\(\))|[^)]*\|\|\s*!built\b|!built\s*\|\|)/;

describe('a missing build fails loudly', () => {
  it('requireBuilt names dist/ and the command that makes it', () => {
    expect(() => requireBuilt(join(root, 'no-such-dist', 'cli.js'))).toThrow(/dist\/ is missing \(.*no-such-dist.*\): run npm run build/);
    const here = join(root, 'package.json');
    expect(requireBuilt(here)).toBe(here);
  });

  it('the pattern catches each way a file skipped on the build', () => {
    for (const line of [
      "describe.skipIf(!built)('x', () => {",
      "describe.skipIf(!built || !pty.run)(pty.name('x'), () => {",
      "describe.runIf(existsSync(CLI))('x', () => {",
      "it.skipIf(!existsSync(CLI))('x', async () => {",
      "describe.skipIf(!cliBuilt())('x', () => {",
    ]) {
      expect(line).toMatch(SKIP_ON_BUILD);
    }
    expect("describe.skipIf(!pty.run)(pty.name('x'), () => {").not.toMatch(SKIP_ON_BUILD);
    expect("describe.skipIf(!corpusAvailable)('x', () => {").not.toMatch(SKIP_ON_BUILD);
  });

  it('no test file skips when dist/ is missing (they call requireBuilt instead)', () => {
    const files = testFiles();
    expect(files.length).toBeGreaterThan(50);
    // This file quotes the patterns as examples; every other file is checked.
    const skipping = files.filter((f) => f !== 'test/unit/test-guards.test.ts' && SKIP_ON_BUILD.test(readFileSync(join(root, f), 'utf8')));
    expect(skipping).toEqual([]);
  });
});
