/**
 * One run at a time per folder, and every signal cleans up: the built CLI writing a large stack
 * (400 services on Fly: 400 folders and 400 files). Two runs into one --out never both create the
 * files; a live holder makes the second run wait, then exit 1 naming its pid; a stale lock is taken
 * over with a note; SIGTERM, SIGHUP and SIGINT mid-write leave no temporary file, no folder the run
 * made and no lock, and exit 128+n.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, requireBuilt } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'stackfare-one-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { PATH: process.env.PATH ?? '', HOME: work, STACKFARE_NO_COMPILE_CACHE: '1' };

const services = Array.from({ length: 400 }, (_, i) => `  svc-${i}:\n    image: ghcr.io/acme/svc-${i}:1\n    ports: ["${8000 + i}:8000"]\n`);
writeFileSync(join(work, 'compose.yml'), `services:\n${services.join('')}`);
const ARGS = ['generate', '--platform', 'fly', '--compose', 'compose.yml', '--yes'];

interface Run {
  pid: number;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
}

function start(out: string): Run {
  const child = spawn(process.execPath, [CLI, ...ARGS, '--out', out], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Awaited<Run['done']>>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { pid: child.pid!, done, kill: (s) => child.kill(s) };
}

/** Every entry under `dir`, relative, or [] when it does not exist. */
const entries = (dir: string): string[] => (existsSync(dir) ? (readdirSync(dir, { recursive: true }) as string[]) : []);

/** Waits until the run has temporary files on disk (mid-write), polling every few milliseconds. */
async function untilMidWrite(dir: string, run: Run): Promise<void> {
  let finished = false;
  void run.done.then(() => (finished = true));
  while (!finished) {
    if (entries(dir).filter((e) => e.includes('.stackfare-tmp-')).length >= 20) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error('the run finished before it was caught mid-write');
}

describe('one run at a time per --out folder', () => {
  beforeAll(() => requireBuilt(CLI));
  it('two runs at once into one --out: never both "created"; the second waits and finds the files unchanged, or fails naming the holder', async () => {
    const out = join(work, 'both');
    const [a, b] = [start(out), start(out)];
    const results = await Promise.all([a.done, b.done]);
    const created = results.filter((r) => /^ {2}created {5}DEPLOY\.md$/m.test(r.stdout));
    expect(created).toHaveLength(1);
    const other = results.find((r) => r !== created[0])!;
    if (other.code === 0) expect(other.stdout).toMatch(/^ {2}unchanged {3}DEPLOY\.md$/m);
    else expect(other.stderr).toMatch(new RegExp(`Another stackfare run \\(pid (${a.pid}|${b.pid})\\) is writing to`));
    expect(entries(out).filter((e) => e.includes('.stackfare-tmp-') || e.endsWith('.stackfare.lock'))).toEqual([]);
  });

  it('a live holder: the second run waits briefly, then exits 1 naming its pid; nothing is written', () => {
    const out = join(work, 'held');
    mkdirSync(out);
    const holder = spawn('sleep', ['60']);
    try {
      writeFileSync(join(out, '.stackfare.lock'), `${holder.pid}\n`);
      const started = Date.now();
      const r = spawnSync(process.execPath, [CLI, 'generate', '--platform', 'fly', '--out', out], { cwd: work, env, encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`Another stackfare run (pid ${holder.pid}) is writing to ${out}; nothing was written.`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
      expect(readdirSync(out)).toEqual(['.stackfare.lock']);
    } finally {
      holder.kill();
    }
  });

  it('a stale lock (its process is gone) is taken over with a note, and removed at the end', () => {
    const out = join(work, 'stale');
    mkdirSync(out);
    const gone = spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' });
    const pid = Number(gone.stdout.trim());
    writeFileSync(join(out, '.stackfare.lock'), `${pid}\n`);
    const r = spawnSync(process.execPath, [CLI, 'generate', '--platform', 'fly', '--out', out], { cwd: work, env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Note: took over ${join(out, '.stackfare.lock')}, left by process ${pid}, which no longer runs.`);
    expect(existsSync(join(out, '.stackfare.lock'))).toBe(false);
    expect(readFileSync(join(out, 'DEPLOY.md'), 'utf8').length).toBeGreaterThan(0);
  });
});

describe('a signal mid-generate of a large stack', () => {
  beforeAll(() => requireBuilt(CLI));
  it.each([
    ['SIGTERM', 143],
    ['SIGHUP', 129],
    ['SIGINT', 130],
  ] as const)('%s: no temporary file, no folder the run made, no lock; exit %i', async (signal, code) => {
    const out = join(work, `signal-${signal}`);
    const run = start(out);
    await untilMidWrite(out, run);
    run.kill(signal);
    const r = await run.done;
    expect(r.signal).toBeNull();
    expect(r.code).toBe(code);
    expect(existsSync(out), entries(out).slice(0, 5).join(', ')).toBe(false);
  });

  it('SIGTERM into a folder that was there: it stays, with only what was in it', async () => {
    const out = join(work, 'signal-existing');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'keep\n');
    const run = start(out);
    await untilMidWrite(out, run);
    run.kill('SIGTERM');
    expect((await run.done).code).toBe(143);
    expect(readdirSync(out)).toEqual(['mine.txt']);
  });
});
