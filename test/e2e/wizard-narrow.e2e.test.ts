/**
 * Issue 12 for the wizard, on the built CLI in a pseudo-terminal: what reaches the terminal is
 * clean at every width from 40 columns (lines within the width, words whole, box borders in
 * line, amounts whole), and a cancel never loses the answers given (the command that runs them
 * again is printed; nothing is written). The screen is the terminal's after every redraw.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { usd } from '../../src/core/number-format.js';
import { cliPath, drive, KEYS, type PtySession, runCli, SINGLE_USER_DEFAULTS } from '../helpers/pty.js';
import { requires } from '../helpers/requires.js';

/** Needs a pseudo-terminal: skipped outside CI when node-pty cannot load, failing in CI. */
const pty = requires('pty');

import { requireBuilt } from '../helpers/cli.js';
import { boxesOn, commandUnder } from '../helpers/screen.js';

const COMPARED = 'railway,fly,render,digitalocean,local,kubernetes';

/** Texts the wizard shows on these paths: each of their words must stand whole on one line. */
const KNOWN = [
  'stackfare: price your stack, then write its deployment files',
  'Which services are reachable from the internet? (comma-separated; Enter keeps the default, with tools-api, litellm, phoenix private: other services call them)',
  'Custom domain for the API? (Enter for none)',
  'How many hours a day is the stack in use? (Enter: all day, priced always on)',
  'railway files for the current folder',
  'postgres holds 5 GB, close to the Hobby volume cap of 5 GB; growing past it needs Pro.',
  'Prices in USD a month before tax, from the price book of',
  'Dry run: nothing written.',
  'Run it again without prompts:',
  'stackfare generate --platform railway',
];

const SINGLE_USER: [string, string][] = [
  ['What do you want to deploy?', KEYS.enter],
  ...SINGLE_USER_DEFAULTS,
  ['What next?', KEYS.enter],
  ['Which platform?', KEYS.enter],
];

const MULTI_USER: [string, string][] = [
  ['What do you want to deploy?', KEYS.enter],
  ['Where and for whom will it run?', KEYS.down + KEYS.enter],
  ...SINGLE_USER.slice(2, 8),
  ['How many monthly active users', KEYS.enter],
  ['Which auth provider', KEYS.enter],
  ['How do people get', KEYS.enter],
  ...SINGLE_USER.slice(8),
];

/** The single-user path with Phoenix left out at the review: the comparison, then the diff against the first answers. */
const CHANGED: [string, string][] = [
  ...SINGLE_USER.slice(0, 8),
  ['What next?', KEYS.down + KEYS.enter],
  ['Which answer?', KEYS.down + KEYS.down + KEYS.enter], // what to deploy → tier → optional services
  ['Keep the optional', KEYS.down + KEYS.enter], // No
  ['stackfare diff:', ''],
  ...SINGLE_USER.slice(8),
];

/** Every file under a folder, relative. */
function filesIn(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

describe.skipIf(!pty.run)(pty.name('the wizard at every width from 40 columns'), () => {
  beforeAll(() => requireBuilt(cliPath()));
  let dir: string;
  let session: PtySession | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stackfare-narrow-'));
  });
  afterEach(() => {
    session?.kill();
    session = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** The estimate the wizard shows, from the same CLI as JSON. */
  function totals(tier: string): string[] {
    const r = spawnSync(process.execPath, [cliPath(), 'estimate', '--format', 'json', '--tier', tier, '--platforms', COMPARED], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as { estimates: { monthlyTotal: number }[] }).estimates.map((e) => usd(e.monthlyTotal));
  }

  describe.each([40, 47, 60, 80])('%i columns, NO_COLOR', (cols) => {
    it.each([
      ['single-user', 'single-user', SINGLE_USER, ''],
      ['multi-user', 'multi-user', MULTI_USER, ''],
      ['an answer changed at the review (the diff drawn)', 'single-user', CHANGED, ' --no-phoenix'],
    ] as const)('%s: lines within the width, words whole, borders in line, amounts whole', async (_name, tier, script, flags) => {
      session = runCli(['--dry-run'], { cwd: dir, cols, rows: 50, env: { NO_COLOR: '1' } });
      await drive(session, script);
      await session.waitFor('Run it again without prompts:');
      expect((await session.exited).exitCode).toBe(0);
      expect(session.raw()).not.toMatch(/\u001b\[[0-9;]*m/);
      const lines = session.lines();
      const screen = lines.join('\n');
      if (process.env.DUMP_SCREEN) console.log(screen);

      // Nothing wider than the terminal, nothing cut.
      for (const l of lines) expect([...l].length, `line wider than ${cols}: ${l}`).toBeLessThanOrEqual(cols);
      expect(screen).not.toContain('…');
      expect(screen).not.toContain('↩');

      // Words whole: each word of the known texts stands on one line.
      const tokens = new Set(lines.flatMap((l) => l.split(/\s+/)));
      for (const text of KNOWN) for (const word of text.split(' ')) expect(tokens.has(word), `"${word}" of "${text}"`).toBe(true);

      // The long question keeps the guide before each of its lines.
      const start = lines.findIndex((l) => l.includes('Which services are reachable'));
      const end = lines.findIndex((l, i) => i > start && l.includes('them)'));
      expect(end).toBeGreaterThan(start);
      for (const l of lines.slice(start, end + 1)) expect(l).toMatch(/^[◇│] {2}\S/);

      // The file list box: one width, borders at both ends of every line.
      const boxes = boxesOn(lines);
      expect(boxes).toHaveLength(1);
      const box = boxes[0]!;
      expect(box.at(-1)).toMatch(/^├─+╯$/);
      for (const l of box) expect([...l].length, box.join('\n')).toBe([...box[0]!].length);
      for (const l of box.slice(1, -1)) expect(l).toMatch(/^│ .*│$/);
      expect(box.join('\n')).toMatch(/│ {2}new +DEPLOY\.md +│/);

      // Money: every dollar sign starts a whole amount, and every platform's total is shown whole.
      for (const l of lines) for (const m of l.matchAll(/\$/g)) expect(l.slice(m.index), l).toMatch(/^\$[0-9,]+\.[0-9]{2}(?![0-9])/);
      for (const total of totals(tier))
        expect(
          lines.some((l) => l.includes(total)),
          total,
        ).toBe(true);

      // The replay command, wrapped or not, is the one command.
      expect(commandUnder(lines, 'Run it again without prompts:')).toBe(`stackfare generate --platform railway --tier ${tier}${flags}`);
    });
  });

  describe('a cancel after an answer prints the command that runs it again', () => {
    it('Ctrl-C after two answers at 40 columns: exit 130, nothing written, the answers as flags; that command goes on from there', async () => {
      session = runCli(['--out', 'deploy'], { cwd: dir, cols: 40, env: { NO_COLOR: '1' } });
      await drive(session, [
        ['What do you want to deploy?', KEYS.enter],
        ['Where and for whom will it run?', KEYS.down + KEYS.enter], // multi-user
        ['Keep the optional', KEYS.ctrlC],
      ]);
      expect((await session.exited).exitCode).toBe(130);
      const lines = session.lines();
      for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(40);
      expect(lines).toContain('Cancelled: nothing was written.');
      const command = commandUnder(lines, 'Run it again with the answers given so far:');
      expect(command).toBe('stackfare --tier multi-user --out deploy');
      expect(existsSync(join(dir, 'deploy'))).toBe(false);
      expect(filesIn(dir)).toEqual([]);

      // The printed command asks what to deploy (no flag says "the built-in stack"), then goes on
      // at the question that was cancelled: the tier is not asked again.
      session = runCli(command!.split(' ').slice(1), { cwd: dir, cols: 40, env: { NO_COLOR: '1' } });
      await drive(session, [['What do you want to deploy?', KEYS.enter]]);
      await session.waitFor('Keep the optional');
      expect(session.screen()).not.toContain('Where and for whom will it run?');
      session.write(KEYS.esc);
      expect((await session.exited).exitCode).toBe(130);
      expect(commandUnder(session.lines(), 'Run it again with the answers given so far:')).toBe('stackfare --tier multi-user --out deploy');
      expect(filesIn(dir)).toEqual([]);
    });

    it('Esc after three answers at 80 columns names each, defaults taken included', async () => {
      session = runCli([], { cwd: dir, cols: 80, env: { NO_COLOR: '1' } });
      await drive(session, [
        ['What do you want to deploy?', KEYS.enter],
        ['Where and for whom will it run?', KEYS.enter],
        ['Keep the optional', KEYS.down + KEYS.enter], // No
        ['One shared Postgres', KEYS.esc],
      ]);
      expect((await session.exited).exitCode).toBe(130);
      const lines = session.lines();
      const at = lines.indexOf('Cancelled: nothing was written.');
      expect(at).toBeGreaterThan(-1);
      expect(lines.slice(at)).toEqual([
        'Cancelled: nothing was written.',
        '',
        'Run it again with the answers given so far:',
        '  stackfare --tier single-user --no-phoenix',
      ]);
      expect(filesIn(dir)).toEqual([]);
    });

    it('Ctrl-C at the first prompt has no answer to keep: "Cancelled" alone', async () => {
      session = runCli([], { cwd: dir, cols: 40, env: { NO_COLOR: '1' } });
      await drive(session, [['What do you want to deploy?', KEYS.ctrlC]]);
      expect((await session.exited).exitCode).toBe(130);
      expect(session.screen()).toMatch(/Cancelled\s*$/);
      expect(session.screen()).not.toContain('Run it again');
      expect(filesIn(dir)).toEqual([]);
    });
  });
});
