/**
 * One run at a time per output folder (src/io/lock.ts through writeFiles): two writes at once into
 * one folder never both create the files; a live holder makes a write wait, then fail naming its
 * pid; a stale lock is taken over with a note; the lock never outlives the write.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { LOCK_FILE_NAME } from '../../src/io/lock.js';
import { writeFiles } from '../../src/io/write-files.js';

const base = mkdtempSync(join(tmpdir(), 'stackfare-lock-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const files = Array.from({ length: 60 }, (_, i) => ({ path: `svc-${i}/config.toml`, contents: `n = ${i}\n` }));
const opts = { force: false, dryRun: false, cwd: base };

describe('the output folder lock', () => {
  it('two writes at once: one creates every file, the other (planning again under the lock) finds them unchanged', async () => {
    const out = join(base, 'both');
    const [a, b] = await Promise.all([writeFiles(files, out, opts), writeFiles(files, out, opts)]);
    const statuses = [a, b].map((plan) => [...new Set(plan.map((p) => p.status))]);
    expect(statuses.sort()).toEqual([['new'], ['unchanged']]);
    expect(existsSync(join(out, LOCK_FILE_NAME))).toBe(false);
    expect(readdirSync(out).filter((e) => e.startsWith('.'))).toEqual([]);
  });

  it('a live holder: the write waits, then fails naming its pid, and writes nothing', async () => {
    const out = join(base, 'held');
    mkdirSync(out);
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(join(out, LOCK_FILE_NAME), `${holder.pid}\n`);
      const started = Date.now();
      const error = await writeFiles(files, out, { ...opts, lockWaitMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).exitCode).toBe(1);
      expect((error as UserError).message).toBe(`Another stackfare run (pid ${holder.pid}) is writing to ${out}; nothing was written.`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(readdirSync(out)).toEqual([LOCK_FILE_NAME]);
    } finally {
      holder.kill();
    }
  });

  it('a lock whose process is gone is taken over with a note', async () => {
    const out = join(base, 'stale');
    mkdirSync(out);
    const pid = Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
    writeFileSync(join(out, LOCK_FILE_NAME), `${pid}\n`);
    const notes: string[] = [];
    const plan = await writeFiles(files, out, { ...opts, note: (t) => notes.push(t) });
    expect(plan.every((p) => p.status === 'new')).toBe(true);
    expect(notes).toEqual([`Note: took over ${join(out, LOCK_FILE_NAME)}, left by process ${pid}, which no longer runs.`]);
    expect(existsSync(join(out, LOCK_FILE_NAME))).toBe(false);
  });

  it('a dry run and a write with nothing to change take no lock', async () => {
    const out = join(base, 'held');
    // The live holder of the previous test is gone, its lock file stays: neither run touches it.
    await writeFiles(files, out, { ...opts, dryRun: true });
    expect(readdirSync(out)).toEqual([LOCK_FILE_NAME]);
  });
});
