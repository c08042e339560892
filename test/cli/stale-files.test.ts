/**
 * Issue 16, item 6: generate records what it wrote (.stackfare-manifest.json), and a later run names
 * the files the new stack no longer has; --force removes them (only files stackfare wrote, still as
 * it wrote them), --dry-run only shows them.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE_NAME, sha256 } from '../../src/io/manifest.js';
import { runCli } from '../helpers/in-process.js';

const base = mkdtempSync(join(tmpdir(), 'stackfare-stale-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(base, `case-${n++}`);
  mkdirSync(d);
  return d;
};
const PHOENIX = join('out', 'fly', 'phoenix', 'fly.toml');

/** A folder holding a Fly generation with Phoenix. */
async function withPhoenix(): Promise<string> {
  const d = fresh();
  const first = await runCli(['generate', '--platform', 'fly', '--out', 'out'], d);
  expect(first.code, first.stderr).toBe(0);
  expect(existsSync(join(d, PHOENIX))).toBe(true);
  return d;
}

describe('generate records what it wrote', () => {
  it('the manifest lists each written file with its sha256, the platform and version, and the answers', async () => {
    const d = await withPhoenix();
    const manifest = JSON.parse(readFileSync(join(d, 'out', MANIFEST_FILE_NAME), 'utf8'));
    expect(manifest.platform).toBe('fly');
    expect(typeof manifest.stackfare).toBe('string');
    expect(manifest.answers.phoenix).toBe(true);
    const entry = manifest.files.find((f: { path: string }) => f.path === 'fly/phoenix/fly.toml');
    expect(entry.sha256).toBe(sha256(readFileSync(join(d, PHOENIX), 'utf8')));
    const paths = manifest.files.map((f: { path: string }) => f.path);
    expect(paths).toContain('DEPLOY.md');
    expect(paths).not.toContain(MANIFEST_FILE_NAME);
    expect(paths).not.toContain('.stackfare.lock');
    // The same run twice leaves everything unchanged (the manifest too).
    const again = await runCli(['generate', '--platform', 'fly', '--out', 'out'], d);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toMatch(/created|overwritten/);
  });

  it('never records a secret: --write-env puts a token in .env, which the manifest neither lists nor holds', async () => {
    const d = fresh();
    const r = await runCli(['generate', '--platform', 'local', '--tier', 'local', '--write-env', '--out', 'out'], d);
    expect(r.code, r.stderr).toBe(0);
    const env = readFileSync(join(d, 'out', '.env'), 'utf8');
    const token = /=(\S{40,})/.exec(env)?.[1];
    expect(token).toBeDefined();
    const manifest = readFileSync(join(d, 'out', MANIFEST_FILE_NAME), 'utf8');
    expect(manifest).not.toContain(token!);
    const paths = JSON.parse(manifest).files.map((f: { path: string }) => f.path);
    expect(paths).not.toContain('.env');
    // The .gitignore that keeps .env out of git is never stale: a later run without --write-env keeps it.
    expect(paths).not.toContain('.gitignore');
    const later = await runCli(['generate', '--platform', 'local', '--tier', 'local', '--force', '--out', 'out'], d);
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).not.toMatch(/stale|removed/);
    expect(existsSync(join(d, 'out', '.gitignore'))).toBe(true);
  });
});

describe('a later generate deals with the files the new stack no longer has', () => {
  it('--no-phoenix --force removes fly/phoenix/fly.toml (and its empty folder) and the summary counts it', async () => {
    const d = await withPhoenix();
    const r = await runCli(['generate', '--platform', 'fly', '--no-phoenix', '--force', '--out', 'out'], d);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(d, PHOENIX))).toBe(false);
    expect(existsSync(join(d, 'out', 'fly', 'phoenix'))).toBe(false);
    expect(r.stdout).toContain('removed 1 stale file:');
    expect(r.stdout).toMatch(/ {2}removed +fly\/phoenix\/fly\.toml/);
    const manifest = JSON.parse(readFileSync(join(d, 'out', MANIFEST_FILE_NAME), 'utf8'));
    expect(manifest.files.map((f: { path: string }) => f.path)).not.toContain('fly/phoenix/fly.toml');
  });

  it('without --force the stale file is named with the fix and nothing is removed', async () => {
    const d = await withPhoenix();
    const r = await runCli(['generate', '--platform', 'fly', '--no-phoenix', '--out', 'out'], d);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Stale \(written by an earlier run; this stack no longer has them, --force removes/);
    expect(r.stderr).toContain(PHOENIX);
    expect(existsSync(join(d, PHOENIX))).toBe(true);
  });

  it('--dry-run shows it as "stale" and removes nothing, even with --force', async () => {
    const d = await withPhoenix();
    const r = await runCli(['generate', '--platform', 'fly', '--no-phoenix', '--force', '--dry-run', '--out', 'out'], d);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ {2}stale +fly\/phoenix\/fly\.toml/);
    expect(existsSync(join(d, PHOENIX))).toBe(true);
  });

  it('a stale file edited since stackfare wrote it is kept and named; files stackfare never wrote are untouched', async () => {
    const d = await withPhoenix();
    writeFileSync(join(d, PHOENIX), `${readFileSync(join(d, PHOENIX), 'utf8')}# my change\n`);
    writeFileSync(join(d, 'out', 'fly', 'phoenix', 'notes.txt'), 'mine\n');
    mkdirSync(join(d, 'out', 'fly', 'extra'));
    writeFileSync(join(d, 'out', 'fly', 'extra', 'fly.toml'), 'app = "mine"\n');
    const r = await runCli(['generate', '--platform', 'fly', '--no-phoenix', '--force', '--out', 'out'], d);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/ {2}kept +fly\/phoenix\/fly\.toml \(stale: .*edited since stackfare wrote it/);
    expect(r.stdout).not.toContain('removed 1 stale');
    expect(readFileSync(join(d, PHOENIX), 'utf8')).toContain('# my change');
    expect(readFileSync(join(d, 'out', 'fly', 'phoenix', 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(d, 'out', 'fly', 'extra', 'fly.toml'), 'utf8')).toBe('app = "mine"\n');
  });

  it('a manifest edited to name a file outside the folder, or a file it did not write, removes nothing of the user', async () => {
    const d = await withPhoenix();
    writeFileSync(join(d, 'outside.txt'), 'mine\n');
    writeFileSync(join(d, 'out', 'mine.txt'), 'mine\n');
    const path = join(d, 'out', MANIFEST_FILE_NAME);
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.files.push({ path: '../outside.txt', sha256: sha256('mine\n') }, { path: 'mine.txt', sha256: sha256('not what is there\n') });
    writeFileSync(path, JSON.stringify(manifest));
    const r = await runCli(['generate', '--platform', 'fly', '--no-phoenix', '--force', '--out', 'out'], d);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(d, 'outside.txt'), 'utf8')).toBe('mine\n');
    expect(readFileSync(join(d, 'out', 'mine.txt'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(d, PHOENIX))).toBe(false);
  });

  it('without --force and with nothing else to overwrite, the stale file is listed with the fix, kept, and stays recorded for a later --force', async () => {
    const d = await withPhoenix();
    // An earlier run wrote fly/old/fly.toml (recorded in the manifest, still as written); this stack has no such app.
    mkdirSync(join(d, 'out', 'fly', 'old'));
    writeFileSync(join(d, 'out', 'fly', 'old', 'fly.toml'), 'app = "old"\n');
    const path = join(d, 'out', MANIFEST_FILE_NAME);
    const manifest = JSON.parse(readFileSync(path, 'utf8'));
    manifest.files.push({ path: 'fly/old/fly.toml', sha256: sha256('app = "old"\n') });
    writeFileSync(path, JSON.stringify(manifest));
    const listed = await runCli(['generate', '--platform', 'fly', '--out', 'out'], d);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(
      / {2}stale +fly\/old\/fly\.toml \(written by an earlier run; this stack no longer has it: re-run with --force to remove it\)/,
    );
    expect(existsSync(join(d, 'out', 'fly', 'old', 'fly.toml'))).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).files.map((f: { path: string }) => f.path)).toContain('fly/old/fly.toml');
    const forced = await runCli(['generate', '--platform', 'fly', '--force', '--out', 'out'], d);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toMatch(/ {2}removed +fly\/old\/fly\.toml/);
    expect(existsSync(join(d, 'out', 'fly', 'old'))).toBe(false);
    expect(existsSync(join(d, PHOENIX))).toBe(true);
  });
});
