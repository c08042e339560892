/**
 * Tests that need a browser or a database server: outside CI a missing one skips them with one
 * loud line naming what to install and a count in the summary; in CI (CI=true) it fails them.
 * A nested vitest runs test/fixtures/requires/needs.check.ts on a machine that pretends to lack
 * the server (STACKFARE_TEST_MISSING).
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

/** STACKFARE_CHROMIUM names a file that exists: Chromium counts as installed unless pretended missing. */
const present = { STACKFARE_CHROMIUM: process.execPath };

function nested(env: Record<string, string>) {
  const clean = { ...process.env };
  delete clean.CI;
  delete clean.VITEST;
  delete clean.STACKFARE_TEST_MISSING;
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'test/fixtures/requires/vitest.config.ts'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...clean, NO_COLOR: '1', ...env },
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe('a missing browser or database server', () => {
  it('outside CI: skipped, one loud line naming the package, and the summary counts them', () => {
    const r = nested({ ...present, STACKFARE_TEST_MISSING: 'chromium' });
    expect(r.status).toBe(0);
    expect(count(r.out, '!! Chromium is missing: its tests are skipped. Install it to run them: apt-get install chromium')).toBe(1);
    expect(count(r.out, '!! Chromium is missing: 2 tests skipped. Install it to run them: apt-get install chromium')).toBe(1);
    expect(r.out).toMatch(/Tests\s+2 passed \| 2 skipped/);
  });

  it('in CI (CI=true): the same tests fail', () => {
    const r = nested({ STACKFARE_TEST_MISSING: 'chromium', CI: 'true' });
    expect(r.status).toBe(1);
    expect(r.out).toContain('!! Chromium is missing: its tests FAIL in CI (CI=true). Install it: apt-get install chromium');
    expect(r.out).toMatch(/Tests\s+2 failed \| 2 passed/);
  });

  it('with it installed nothing is skipped and nothing is said', () => {
    const r = nested(present);
    expect(r.status).toBe(0);
    expect(r.out).not.toContain('!!');
    expect(r.out).toMatch(/Tests\s+4 passed/);
  });
});
