/** Issue 12, item 2: writing stays inside --out, and every file-system failure is a user error. */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { fsUserError, planWrites, writeFiles } from '../../src/io/write-files.js';
import { requireBuilt } from '../helpers/cli.js';

const root = resolve(import.meta.dirname, '..', '..');
const CLI = resolve(root, 'dist/cli.js');
const base = mkdtempSync(join(tmpdir(), 'stackfare-write-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(base, `case-${n++}`);
  mkdirSync(d);
  return d;
};
const opts = (cwd: string, force = false) => ({ force, dryRun: false, cwd });
const FILES = [
  { path: 'fly/api/fly.toml', contents: 'app = "api"\n' },
  { path: 'DEPLOY.md', contents: '# deploy\n' },
];

async function userError(p: Promise<unknown>): Promise<UserError> {
  const e = await p.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(UserError);
  return e as UserError;
}

describe('writeFiles never follows a symlink inside --out', () => {
  it('a symlinked folder is an error naming it, even with --force, and nothing lands in its target', async () => {
    const d = fresh();
    const out = join(d, 'out');
    const elsewhere = join(d, 'elsewhere');
    mkdirSync(out);
    mkdirSync(join(elsewhere, 'api'), { recursive: true });
    writeFileSync(join(elsewhere, 'api', 'fly.toml'), 'mine\n');
    symlinkSync('../elsewhere', join(out, 'fly'));
    for (const force of [false, true]) {
      const e = await userError(writeFiles(FILES, out, opts(d, force)));
      expect(e.message).toBe(`${join(out, 'fly')} is a symbolic link; stackfare never writes through a link inside the output folder. Nothing was written.`);
    }
    expect(readFileSync(join(elsewhere, 'api', 'fly.toml'), 'utf8')).toBe('mine\n');
    expect(readdirSync(out)).toEqual(['fly']);
    // Planning (dry run, wizard) does not read through the link either.
    await userError(planWrites(FILES, out));
  });

  it('a symlinked file is an error, not a write through it', async () => {
    const d = fresh();
    const out = join(d, 'out');
    mkdirSync(out);
    writeFileSync(join(d, 'secret.md'), 'mine\n');
    symlinkSync('../secret.md', join(out, 'DEPLOY.md'));
    const e = await userError(writeFiles(FILES, out, opts(d, true)));
    expect(e.message).toContain(`${join(out, 'DEPLOY.md')} is a symbolic link`);
    expect(readFileSync(join(d, 'secret.md'), 'utf8')).toBe('mine\n');
  });

  it('--out itself may be a link the user chose', async () => {
    const d = fresh();
    mkdirSync(join(d, 'real'));
    symlinkSync('real', join(d, 'link'));
    await writeFiles(FILES, join(d, 'link'), opts(d));
    expect(readFileSync(join(d, 'real', 'fly', 'api', 'fly.toml'), 'utf8')).toBe('app = "api"\n');
  });
});

describe('file-system failures are user errors naming the path and the cause', () => {
  it('--out that is a regular file', async () => {
    const d = fresh();
    writeFileSync(join(d, 'afile'), 'x');
    expect((await userError(writeFiles(FILES, join(d, 'afile'), opts(d)))).message).toBe(`Cannot use --out ${join(d, 'afile')}: it is a file, not a folder.`);
    expect((await userError(writeFiles(FILES, join(d, 'afile', 'sub'), opts(d)))).message).toContain('a part of that path is a file, not a folder');
  });

  it('a file where a folder is needed', async () => {
    const d = fresh();
    writeFileSync(join(d, 'fly'), 'x');
    expect((await userError(writeFiles(FILES, d, opts(d)))).message).toBe(`${join(d, 'fly')} is a file, where stackfare needs a folder. Nothing was written.`);
  });

  it('--out under /proc fails at once instead of spinning', async () => {
    const e = await userError(writeFiles(FILES, '/proc/stackfare-x', opts(base)));
    expect(e.message).toBe('Cannot create the folder /proc/stackfare-x: the file system there does not allow new folders.');
  });

  it('read-only, permission and missing-path errors are worded with the path', () => {
    const err = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    expect(fsUserError(err('EROFS'), 'write', '/m/x').message).toBe('Cannot write /m/x: the file system is read-only.');
    expect(fsUserError(err('EACCES'), 'write', '/m/x').message).toBe('Cannot write /m/x: permission denied.');
    expect(fsUserError(err('EPERM'), 'create the folder', '/sys/x').message).toBe('Cannot create the folder /sys/x: permission denied.');
    expect(fsUserError(err('ENOENT'), 'write', '/m/x').message).toBe('Cannot write /m/x: no such file or folder.');
    expect(fsUserError(err('ENOTDIR'), 'write', '/m/x').message).toBe('Cannot write /m/x: a part of the path is a file, not a folder.');
    expect(fsUserError(err('ENOSPC'), 'write', '/m/x')).toBeInstanceOf(UserError);
  });

  it('a FIFO where a file would go is refused, not read', async () => {
    const d = fresh();
    spawnSync('mkfifo', [join(d, 'DEPLOY.md')]);
    expect((await userError(writeFiles(FILES, d, opts(d)))).message).toContain('is not a regular file');
  });
});

describe('generate through the built CLI', () => {
  beforeAll(() => requireBuilt(CLI));
  const cli = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd }, timeout: 20_000 });

  it('exits 1 with a message, never an internal error, for bad --out folders', () => {
    const d = fresh();
    writeFileSync(join(d, 'afile'), 'x');
    mkdirSync(join(d, 'out'));
    mkdirSync(join(d, 'elsewhere'));
    symlinkSync('../elsewhere', join(d, 'out', 'fly'));
    for (const out of ['/proc/x', 'afile', 'afile/sub', 'out']) {
      const r = cli(['generate', '--platform', 'fly', '--out', out, '--force'], d);
      expect(r.status, out).toBe(1);
      expect(r.stderr).toMatch(/^stackfare: /);
      expect(r.stderr).not.toContain('internal error');
    }
    expect(readdirSync(join(d, 'elsewhere'))).toEqual([]);
  });
});
