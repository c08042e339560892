/**
 * A TERM=dumb terminal cannot move its cursor: the wizard asks nothing there (exit 2 with what to
 * do instead) and --yes runs without one escape code.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireBuilt } from '../helpers/cli.js';
import { cliPath, runCli } from '../helpers/pty.js';
import { requires } from '../helpers/requires.js';

const pty = requires('pty');

describe.skipIf(!pty.run)(pty.name('the wizard under TERM=dumb'), () => {
  let dir: string;
  beforeEach(() => {
    requireBuilt(cliPath());
    dir = mkdtempSync(join(tmpdir(), 'wizard-dumb-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('asks nothing, exits 2 naming what to do, and writes no escape code', async () => {
    const s = runCli(['wizard', '--out', 'out'], { cwd: dir, env: { TERM: 'dumb' }, cols: 80 });
    const { exitCode } = await s.exited;
    expect(exitCode).toBe(2);
    expect(s.raw()).not.toMatch(/\u001b/);
    expect(s.screen()).toContain('TERM=dumb');
    expect(s.screen()).toContain('--yes');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('--yes prints and writes with no escape code', async () => {
    const s = runCli(['wizard', '--yes', '--platform', 'fly', '--out', 'out'], { cwd: dir, env: { TERM: 'dumb' }, cols: 80 });
    const { exitCode } = await s.exited;
    expect(exitCode).toBe(0);
    expect(s.raw()).not.toMatch(/\u001b/);
    expect(existsSync(join(dir, 'out', 'fly'))).toBe(true);
  });
});
