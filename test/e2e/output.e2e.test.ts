/**
 * Output is never lost and never crashes (src/io/output.ts, guarded once in src/main.ts): the built
 * CLI with real pipes and devices. A reader that stops early ends the run quietly with exit 0; a
 * write that fails (/dev/full, a closed stdout) exits 1 with "could not write the output: <cause>"
 * on every output path; `> /dev/null` is not a failure. A file or a pipe is written to directly
 * (no stream), a pipe left non-blocking through process.stdout once it is full: nothing is lost.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, requireBuilt } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'stackfare-output-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const env = { PATH: process.env.PATH ?? '', HOME: work, STACKFARE_NO_COMPILE_CACHE: '1' };

/** Runs the CLI with its stdout on `device` (opened for writing, as a shell's `>` does). */
function toDevice(device: string, args: string[]) {
  const fd = openSync(device, 'w');
  try {
    return spawnSync(process.execPath, [CLI, ...args], { cwd: work, env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 30_000 });
  } finally {
    closeSync(fd);
  }
}

/** Runs the CLI in a pipe whose reader takes the first chunk and closes its end. */
function readFirstChunkThenClose(args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string; first: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let first = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.once('data', (d: Buffer) => {
      first = d.toString('utf8');
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, first }));
  });
}

describe.skipIf(process.platform !== 'linux')('standard output that goes away or fills up', () => {
  beforeAll(() => requireBuilt(CLI));
  it('a reader that stops after the first chunk (| head -1) ends the run quietly: exit 0, no trace', async () => {
    // Over 64 KB of JSON: the pipe fills, the reader leaves, the next write meets EPIPE.
    const r = await readFirstChunkThenClose(['prices', '--format', 'json']);
    expect(r.first.startsWith('{')).toBe(true);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('the same through a shell pipeline into head -1 (pipefail: the status of stackfare counts)', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" prices --format json | head -1`], { cwd: work, env, encoding: 'utf8' });
    expect(r.stdout).toBe('{\n');
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  const paths: [string, string[]][] = [
    ['estimate (table)', ['estimate']],
    ['estimate --format json', ['estimate', '--format', 'json']],
    ['estimate --format html', ['estimate', '--format', 'html']],
    ['estimate --format markdown', ['estimate', '--format', 'markdown']],
    ['prices', ['prices']],
    ['prices --format json', ['prices', '--format', 'json']],
    ['generate --dry-run', ['generate', '--platform', 'fly', '--dry-run', '--out', 'never']],
    ['--help', ['--help']],
    ['--version', ['--version']],
  ];

  it.each(paths)('%s into /dev/full: exit 1, "could not write the output: the disk is full"', (_label, args) => {
    const r = toDevice('/dev/full', args);
    expect(r.error).toBeUndefined();
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('stackfare: could not write the output: the disk is full (ENOSPC)\n');
  });

  it('a closed stdout (>&-): exit 1 naming it, nothing else', () => {
    const r = spawnSync('sh', ['-c', `exec "${process.execPath}" "${CLI}" estimate >&-`], { cwd: work, env, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('stackfare: could not write the output: standard output is closed\n');
  });

  it('into a regular file: the same bytes as through a pipe', () => {
    const piped = spawnSync(process.execPath, [CLI, 'prices', '--format', 'json'], { cwd: work, env, encoding: 'utf8' });
    const file = join(work, 'prices.json');
    const r = toDevice(file, ['prices', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(piped.stdout.length).toBeGreaterThan(64 * 1024);
    expect(readFileSync(file, 'utf8')).toBe(piped.stdout);
  });

  it('a pipe left non-blocking, its reader slow: every byte arrives in order, exit 0', () => {
    // Creating process.stdout on a pipe makes the descriptor non-blocking (libuv), as a parent
    // sharing the pipe may leave it: a direct write meets EAGAIN once the pipe's 64 KB are full
    // and the reader still sleeps.
    const preload = join(work, 'nonblocking.cjs');
    writeFileSync(preload, 'process.stdout;\n');
    const expected = spawnSync(process.execPath, [CLI, 'prices', '--format', 'json'], { cwd: work, env, encoding: 'utf8' }).stdout;
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" --require "${preload}" "${CLI}" prices --format json | (sleep 0.5; cat)`], {
      cwd: work,
      env,
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(expected.length).toBeGreaterThan(64 * 1024);
    expect(r.stdout).toBe(expected);
  });

  it('> /dev/null is where the user sent it: exit 0, no message', () => {
    const r = toDevice('/dev/null', ['estimate', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('a generate whose stdout fails still wrote its files, and says the output was lost', () => {
    const r = toDevice('/dev/full', ['generate', '--platform', 'fly', '--out', 'written']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('could not write the output');
    expect(existsSync(join(work, 'written', 'DEPLOY.md'))).toBe(true);
    expect(existsSync(join(work, 'written', '.stackfare.lock'))).toBe(false);
  });
});
