/**
 * The built CLI in a pseudo-terminal, driven like a person: wait for the prompt, press a key.
 * Checks exit codes and what is on disk afterwards. $STACKFARE_CLI picks a side build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { requireBuilt } from '../helpers/cli.js';
import { cliPath, drive, KEYS, type PtySession, runCli, SINGLE_USER_DEFAULTS } from '../helpers/pty.js';
import { requires } from '../helpers/requires.js';

/** Needs a pseudo-terminal: skipped outside CI when node-pty cannot load, failing in CI. */
const pty = requires('pty');

/** Every file under a folder, relative, sorted. */
function filesIn(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** The answers of the default single-user path, up to the review. */
const TO_REVIEW: [string, string][] = [['What do you want to deploy?', KEYS.enter], ...SINGLE_USER_DEFAULTS];

describe.skipIf(!pty.run)(pty.name('the wizard in a terminal'), () => {
  beforeAll(() => requireBuilt(cliPath()));
  let dir: string;
  let session: PtySession | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stackfare-e2e-'));
  });
  afterEach(() => {
    session?.kill();
    session = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('Enter at every prompt writes the files of the cheapest platform, and the replay command reproduces them', async () => {
    session = runCli([], { cwd: dir });
    await drive(session, [...TO_REVIEW, ['What next?', KEYS.enter], ['Which platform?', KEYS.enter], [' to the current folder?', KEYS.enter]]);
    await session.waitFor('Run it again without prompts:');
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(0);

    const screen = session.screen();
    expect(screen).toContain('Monthly cost by platform');
    const created = [...screen.matchAll(/^ {2}created {5}(\S+)\s*$/gm)].map((m) => m[1]!).sort();
    expect(created.length).toBeGreaterThan(0);
    expect(filesIn(dir)).toEqual(created);

    const replay = screen.match(/^ {2}(stackfare generate .*?)\s*$/m)![1]!;
    expect(replay).toMatch(/^stackfare generate --platform \w+ --tier single-user$/);
    const again = spawnSync(process.execPath, [cliPath(), ...replay.split(' ').slice(1)], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(again.status).toBe(0);
    for (const file of created) expect(again.stdout).toMatch(new RegExp(`unchanged +${file.replace(/[.]/g, '\\.')}`));
  });

  it('3 hours of use: the comparison prices each idle rule (Fly below always on, DigitalOcean unchanged) and the replay has --active-hours 3', async () => {
    const platforms = 'railway,fly,render,digitalocean,local,kubernetes';
    const estimate = (extra: string[]) => {
      const r = spawnSync(process.execPath, [cliPath(), 'estimate', '--platforms', platforms, '--format', 'json', ...extra], { cwd: dir, encoding: 'utf8' });
      const report = JSON.parse(r.stdout) as { estimates: { platform: string; monthlyTotal: number }[] };
      return (id: string) => report.estimates.find((e) => e.platform === id)!.monthlyTotal;
    };
    const [alwaysOn, threeHours] = [estimate([]), estimate(['--active-hours', '3'])];
    // The worked figures behind the screen: idle pricing lowers Fly, and DigitalOcean has no idle rule.
    expect(threeHours('fly')).toBeLessThan(alwaysOn('fly'));
    expect(threeHours('digitalocean')).toBe(alwaysOn('digitalocean'));

    session = runCli(['--platform', 'fly', '--dry-run'], { cwd: dir });
    await drive(session, [
      ...TO_REVIEW.slice(0, -1),
      ['How many hours a day is the stack in use?', '3\r'],
      ['Which services must stay on all day', KEYS.enter],
      ['What next?', KEYS.enter],
    ]);
    await session.waitFor('Dry run: nothing written.');
    await session.waitFor('Run it again without prompts:');
    expect((await session.exited).exitCode).toBe(0);
    const screen = session.screen();
    const money = (n: number) => `$${n.toFixed(2)}`;
    expect(screen).toMatch(new RegExp(`Fly\\.io \\(Pay As You Go\\)\\s+\\${money(threeHours('fly'))}`));
    expect(screen).toMatch(new RegExp(`DigitalOcean App Platform\\s+\\${money(alwaysOn('digitalocean'))}`));
    expect(screen).toMatch(/^ {2}stackfare generate --platform fly --tier single-user --active-hours 3\s*$/m);
  });

  it('goes back from the comparison to change an answer, then writes files with the new answer', async () => {
    session = runCli(['--platform', 'render'], { cwd: dir });
    await drive(session, [
      ...TO_REVIEW,
      ['What next?', KEYS.down + KEYS.enter],
      // What to deploy, tier, optional services, databases, public services, region.
      ['Which answer?', KEYS.down.repeat(5) + KEYS.enter],
      ['Which region?', KEYS.down.repeat(2) + KEYS.enter],
      ['hosted single-user, Europe West (London/Amsterdam)', ''],
      ['What next?', KEYS.enter],
      [' to the current folder?', KEYS.enter],
    ]);
    await session.waitFor('Run it again without prompts:');
    expect((await session.exited).exitCode).toBe(0);
    expect(readFileSync(join(dir, 'render.yaml'), 'utf8')).toContain('region: "frankfurt"');
    expect(session.screen()).toMatch(/stackfare generate --platform render --tier single-user --region eu-west/);
  });

  it('Ctrl-C at the final confirm exits 130, writes nothing and prints the command that writes those files', async () => {
    session = runCli([], { cwd: dir });
    await drive(session, [...TO_REVIEW, ['What next?', KEYS.enter], ['Which platform?', KEYS.enter], [' to the current folder?', KEYS.ctrlC]]);
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(130);
    const lines = session.lines();
    expect(lines.slice(lines.indexOf('Cancelled: nothing was written.'))).toEqual([
      'Cancelled: nothing was written.',
      '',
      'Run it again without prompts:',
      '  stackfare generate --platform railway --tier single-user',
    ]);
    expect(filesIn(dir)).toEqual([]);
  });

  it('Esc at the first prompt exits 130 with "Cancelled" alone: no answer was given', async () => {
    session = runCli([], { cwd: dir });
    await drive(session, [['What do you want to deploy?', KEYS.esc]]);
    expect((await session.exited).exitCode).toBe(130);
    expect(session.screen()).toMatch(/Cancelled\s*$/);
    expect(session.screen()).not.toContain('Run it again');
    expect(filesIn(dir)).toEqual([]);
  });

  it('an interrupt outside a prompt (SIGINT) exits 130, writes nothing and prints the command that resumes', async () => {
    session = runCli([], { cwd: dir });
    await drive(session, TO_REVIEW);
    await session.waitFor('What next?');
    session.kill('SIGINT');
    expect((await session.exited).exitCode).toBe(130);
    expect(filesIn(dir)).toEqual([]);
    const screen = session.screen();
    expect(screen).toContain('Cancelled: nothing was written.');
    expect(screen).toContain('Run it again with the answers given so far:');
    expect(screen, screen).toMatch(/^\s*stackfare --tier single-user --phoenix/m);
  });

  it('an existing file that differs: cancel at the conflict writes nothing, exits 130 and prints the replay command', async () => {
    writeFileSync(join(dir, 'render.yaml'), '# my own blueprint\n');
    session = runCli(['--platform', 'render'], { cwd: dir });
    await drive(session, [...TO_REVIEW, ['What next?', KEYS.enter], ['What now?', KEYS.down + KEYS.down + KEYS.enter]]);
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(130);
    expect(session.screen()).toContain('Nothing was written.');
    expect(session.screen()).toContain('stackfare generate --platform render');
    expect(filesIn(dir)).toEqual(['render.yaml']);
    expect(readFileSync(join(dir, 'render.yaml'), 'utf8')).toBe('# my own blueprint\n');
  });

  it('an existing file that differs: another folder writes there and the replay command names it', async () => {
    writeFileSync(join(dir, 'render.yaml'), '# my own blueprint\n');
    session = runCli(['--platform', 'render'], { cwd: dir });
    await drive(session, [
      ...TO_REVIEW,
      ['What next?', KEYS.enter],
      ['What now?', KEYS.down + KEYS.enter],
      ['Which folder?', 'deploy\r'],
      [' to deploy?', KEYS.enter],
    ]);
    const { exitCode } = await session.exited;
    expect(exitCode).toBe(0);
    expect(session.screen()).toContain('--out deploy');
    expect(readFileSync(join(dir, 'render.yaml'), 'utf8')).toBe('# my own blueprint\n');
    expect(readFileSync(join(dir, 'deploy', 'render.yaml'), 'utf8')).toContain('services:');
  });

  it('offers a compose file found in the folder and replays it with --compose', async () => {
    writeFileSync(
      join(dir, 'compose.yaml'),
      'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    environment:\n      DATABASE_URL: postgres://app:secret@db:5432/app\n  db:\n    image: postgres:16\n',
    );
    session = runCli(['--platform', 'render'], { cwd: dir });
    await drive(session, [
      ['The compose file compose.yaml', KEYS.enter],
      ['Where and for whom will it run?', KEYS.enter],
      ['Which services are reachable from the internet?', KEYS.enter],
      ['Which region?', KEYS.enter],
      ['Custom domain', KEYS.enter],
      ['How many hours', KEYS.enter],
      ['What next?', KEYS.enter],
      [' to the current folder?', KEYS.enter],
    ]);
    await session.waitFor('Run it again without prompts:');
    expect((await session.exited).exitCode).toBe(0);
    expect(session.screen()).toMatch(/stackfare generate --platform render --tier single-user --compose compose\.yaml/);
    expect(readFileSync(join(dir, 'render.yaml'), 'utf8')).toContain('web');
  });

  it('a compose file that cannot be read is reported and the first question asked again', async () => {
    writeFileSync(join(dir, 'compose.yaml'), 'services: [\n');
    session = runCli(['--platform', 'render', '--dry-run'], { cwd: dir });
    await drive(session, [
      // The compose file is the proposed source; after its error, up picks the built-in stack.
      ['The compose file compose.yaml', KEYS.enter],
      ['not valid YAML', ''],
      ['What do you want to deploy?', KEYS.up + KEYS.enter],
      ['Where and for whom will it run?', KEYS.esc],
    ]);
    expect((await session.exited).exitCode).toBe(130);
    // The built-in stack was chosen: the command to go on carries the flags of the run.
    expect(session.screen()).toMatch(/Run it again with the answers given so far:\s+stackfare --platform render --dry-run\s*$/);
  });

  it('a 60-column terminal with NO_COLOR gets the narrow layout and no colour codes', async () => {
    session = runCli(['--platform', 'render', '--dry-run'], { cwd: dir, cols: 60, env: { NO_COLOR: '1' } });
    await drive(session, [...TO_REVIEW, ['What next?', KEYS.enter]]);
    await session.waitFor('Dry run: nothing written.');
    expect((await session.exited).exitCode).toBe(0);
    expect(session.raw()).not.toMatch(/\u001b\[[0-9;]*m/);
    const header = session.screen().match(/^ {2}Platform .*$/m)![0];
    expect(header.trimEnd()).toMatch(/Monthly +Effort +Multi$/);
    expect(filesIn(dir)).toEqual([]);
  });

  it('with --force the existing file is overwritten after the confirm', async () => {
    writeFileSync(join(dir, 'render.yaml'), '# my own blueprint\n');
    session = runCli(['--platform', 'render', '--force'], { cwd: dir });
    await drive(session, [...TO_REVIEW, ['What next?', KEYS.enter], ['(overwriting 1) to the current folder?', KEYS.enter]]);
    expect((await session.exited).exitCode).toBe(0);
    expect(readFileSync(join(dir, 'render.yaml'), 'utf8')).not.toBe('# my own blueprint\n');
  });
});

describe('the wizard without a terminal', () => {
  beforeAll(() => requireBuilt(cliPath()));
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stackfare-e2e-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[]) =>
    spawnSync(process.execPath, [cliPath(), ...args], { cwd: dir, encoding: 'utf8', input: '', timeout: 20_000, env: { ...process.env, CI: 'true' } });

  it('stops at once with exit 2 and a message naming --yes', () => {
    const r = cli([]);
    expect(r.error).toBeUndefined(); // not killed by the timeout: it never waited on a prompt
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(r.stderr).toContain('stackfare generate --platform');
    expect(filesIn(dir)).toEqual([]);
  });

  it('--yes takes every default, prints the plain table and writes the cheapest platform', () => {
    const r = cli(['--yes', '--out', 'deploy']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('cheapest that fits the tier');
    expect(r.stdout).not.toMatch(/\u001b\[/);
    expect(r.stdout).toMatch(/Run it again without prompts:\n {2}stackfare generate --platform \w+ --tier single-user --out deploy\n/);
    expect(filesIn(join(dir, 'deploy')).length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'deploy', 'DEPLOY.md'))).toBe(true);
  });
});
