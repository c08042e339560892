/**
 * The built CLI keeps V8's compiled code in the user's cache folder and reads it back on the next
 * run (src/compile-cache.ts): same output with and without it, files written whole and private,
 * nothing read from or written to a folder others can write, and an opt-out.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuilt } from '../helpers/cli.js';
import { cliPath, runCli as runPty } from '../helpers/pty.js';

const work = mkdtempSync(join(tmpdir(), 'stackfare-cc-'));
const USAGE = join(import.meta.dirname, '..', 'fixtures', 'usage', 'seed.usage.json');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(cache: string, extra: Record<string, string> = {}, args = ['estimate', '--format', 'json']) {
  const r = spawnSync(process.execPath, [cliPath(), ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: join(work, 'home'), XDG_CACHE_HOME: cache, ...extra },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The files stackfare's own cache holds under `cache`: stackfare/<build>/<command>/<chunk>.v8
 * (Node's own cache, a folder `node` in the build's folder, apart).
 */
function cacheFiles(cache: string): string[] {
  const root = join(cache, 'stackfare');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((build) =>
    readdirSync(join(root, build))
      .filter((command) => command !== 'node')
      .flatMap((command) => readdirSync(join(root, build, command)).map((f) => join(root, build, command, f))),
  );
}

describe('the compile cache', () => {
  beforeAll(() => requireBuilt(cliPath()));
  // Node 22.1+ also has its own cache (module.enableCompileCache): stackfare hands it a folder of its own.
  const builtin = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';

  it('the first run writes private files (the start pack, each chunk outside it); the next runs read them and print the same', () => {
    const cache = join(work, 'c1');
    const first = run(cache);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe('');
    const files = cacheFiles(cache);
    expect(files.map((f) => basename(f))).toContain('start-pack.js.v8');
    const dir = dirname(files[0]!);
    // A folder for the command, in one named after this build, this Node and this CPU; only the user can read them.
    expect(basename(dir)).toBe('estimate');
    expect(dirname(dir)).toMatch(new RegExp(`compile-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}$`));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(dirname(dir)).mode & 0o777).toBe(0o700);
    for (const f of files) {
      expect(f).toMatch(/\.js\.v8$/);
      expect(statSync(f).mode & 0o077).toBe(0);
    }
    // Node's own cache serves only the Ink view: a run that does not load it does not turn it on.
    expect(existsSync(join(dirname(dir), 'node'))).toBe(false);
    // The files are written when the run ends: they hold the functions it compiled while running.
    // For the start pack that is more than its source (a cache made before running, of the
    // top level only, is a fifth to a half of it).
    const large = files
      .map((f) => ({ cache: statSync(f).size, source: statSync(join(dirname(cliPath()), basename(f, '.v8'))).size }))
      .filter((x) => x.source > 20_000);
    expect(large.length).toBeGreaterThan(0);
    expect(large.filter((x) => x.cache > x.source).length, JSON.stringify(large)).toBeGreaterThan(0);
    const stamps = files.map((f) => statSync(f).mtimeMs);
    const second = run(cache);
    expect(second).toEqual(first);
    // Read, not rewritten: V8 accepted every file.
    expect(files.map((f) => statSync(f).mtimeMs)).toEqual(stamps);
    expect(cacheFiles(cache).sort()).toEqual([...files].sort());
    // Another command loads more chunks: they join the cache, the output is the command's.
    const table = run(cache, {}, ['estimate']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/Railway/);
    expect(cacheFiles(cache).length).toBeGreaterThanOrEqual(files.length);
  });

  // The Ink view (the wizard's comparison on a terminal) is ES modules: Node's own cache (22.1+)
  // keeps them, in a private folder of its own beside stackfare's files, made when the view loads.
  it.skipIf(!builtin || process.platform === 'win32')(
    "the Ink view turns on Node's own cache, in a private folder of its own",
    async () => {
      const cache = join(work, 'c5');
      const env = { HOME: join(work, 'home'), XDG_CACHE_HOME: cache, STACKFARE_NO_COMPILE_CACHE: '' };
      const session = runPty(['wizard', '--yes', '--platform', 'fly', '--dry-run'], { cwd: work, env });
      const exit = await session.exited;
      expect(exit.exitCode, session.screen()).toBe(0);
      const files = cacheFiles(cache);
      expect(files.every((f) => basename(dirname(f)) === 'wizard')).toBe(true);
      const node = join(dirname(dirname(files[0]!)), 'node');
      expect(statSync(node).mode & 0o777).toBe(0o700);
      expect(readdirSync(node, { recursive: true }).length).toBeGreaterThan(0);
    },
    60_000,
  );

  it('a chunk that throws names its own file, line and column, compiled and from the cache alike', () => {
    // A copy of the bundle whose usage-file chunk (outside the start pack) throws first thing: on
    // its first line, column 7.
    const copy = join(work, 'bundle-copy');
    cpSync(dirname(cliPath()), copy, { recursive: true });
    const chunk = readdirSync(copy).find((f) => /^read-usage-[\w-]+\.js$/.test(f))!;
    writeFileSync(join(copy, chunk), `throw new Error('thrown by the test');\n${readFileSync(join(copy, chunk), 'utf8')}`);
    const cache = join(work, 'c6');
    for (const attempt of ['compiled', 'from the cache']) {
      const r = spawnSync(process.execPath, [join(copy, 'cli.js'), 'estimate', '--format', 'json', '--usage', USAGE], {
        cwd: work,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: join(work, 'home'), XDG_CACHE_HOME: cache },
      });
      expect(r.status, attempt).not.toBe(0);
      expect(r.stderr, attempt).toContain('thrown by the test');
      expect(r.stderr, attempt).toContain(`${join(copy, chunk)}:1:7`);
      expect(
        cacheFiles(cache).some((f) => basename(f) === `${chunk}.v8`),
        attempt,
      ).toBe(true);
    }
  });

  it('a packed chunk that throws names the start pack, and --enable-source-maps maps it to the TypeScript source', () => {
    // The app chunk's first line in the pack starts with a throw: same line count, so every
    // section of the pack's index map still lines up.
    const copy = join(work, 'pack-copy');
    cpSync(dirname(cliPath()), copy, { recursive: true });
    const lines = readFileSync(join(copy, 'start-pack.js'), 'utf8').split('\n');
    const head = lines.findIndex((l) => /^"app-[\w-]+\.js": function \(exports, require, module, __filename, __dirname\) \{$/.test(l));
    expect(head).toBeGreaterThan(0);
    lines[head + 1] = `throw new Error('thrown by the test');${lines[head + 1]}`;
    writeFileSync(join(copy, 'start-pack.js'), lines.join('\n'));
    const cache = join(work, 'c8');
    const runCopy = (node: string[]) =>
      spawnSync(process.execPath, [...node, join(copy, 'cli.js'), '--version'], {
        cwd: work,
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: join(work, 'home'), XDG_CACHE_HOME: cache },
      });
    const plain = runCopy([]);
    expect(plain.status).not.toBe(0);
    expect(plain.stderr).toContain(`${join(copy, 'start-pack.js')}:${head + 2}:7`);
    const mapped = runCopy(['--enable-source-maps']);
    expect(mapped.stderr).toContain('thrown by the test');
    expect(mapped.stderr).toMatch(/\bsrc\/[\w/.-]+\.ts:\d+:\d+/);
  });

  it("a new path (--usage after a plain estimate) writes the start pack's cache again, with what that path ran; then it stays", () => {
    const cache = join(work, 'c9');
    expect(run(cache).code).toBe(0);
    const pack = () => cacheFiles(cache).find((f) => basename(f) === 'start-pack.js.v8')!;
    const before = statSync(pack()).size;
    const usage = ['estimate', '--format', 'json', '--usage', USAGE];
    expect(run(cache, {}, usage).code).toBe(0);
    const after = statSync(pack());
    expect(after.size).toBeGreaterThan(before);
    expect(run(cache, {}, usage).code).toBe(0);
    expect(statSync(pack()).mtimeMs).toBe(after.mtimeMs);
  });

  it('each command has a cache of its own: what --version wrote first does not serve estimate', () => {
    const cache = join(work, 'c7');
    expect(run(cache, {}, ['--version']).code).toBe(0);
    const estimate = run(cache);
    expect(estimate.code, estimate.stderr).toBe(0);
    const byCommand = (command: string) =>
      new Map(
        cacheFiles(cache)
          .filter((f) => basename(dirname(f)) === command)
          .map((f) => [basename(f), statSync(f).size]),
      );
    const help = byCommand('help');
    const own = byCommand('estimate');
    // The start pack both runs loaded: estimate's cache holds the functions estimate ran, more than --version's.
    expect(own.get('start-pack.js.v8')!).toBeGreaterThan(help.get('start-pack.js.v8')!);
  });

  it('a damaged cache file is rejected by V8 and replaced; the output does not change', () => {
    const cache = join(work, 'c2');
    const clean = run(cache);
    const files = cacheFiles(cache);
    for (const f of files) writeFileSync(f, Buffer.alloc(statSync(f).size, 7));
    const damaged = run(cache);
    expect(damaged).toEqual(clean);
    // Rewritten whole from this run's compiled code.
    for (const f of files) expect(readFileSync(f).every((b) => b === 7)).toBe(false);
  });

  it('STACKFARE_NO_COMPILE_CACHE=1 neither reads nor writes a cache', () => {
    const cache = join(work, 'c3');
    const r = run(cache, { STACKFARE_NO_COMPILE_CACHE: '1' });
    expect(r.code).toBe(0);
    expect(existsSync(join(cache, 'stackfare'))).toBe(false);
    expect(r.stdout).toBe(run(join(work, 'c3b')).stdout);
  });

  // Node's own cache (22+) too: stackfare makes and checks the folder before handing it over.
  it.skipIf(process.platform === 'win32' || process.getuid?.() === undefined)('a cache folder others can write to is not used', () => {
    const cache = join(work, 'c4');
    mkdirSync(join(cache, 'stackfare'), { recursive: true });
    chmodSync(join(cache, 'stackfare'), 0o777);
    const r = run(cache);
    expect(r.code).toBe(0);
    expect(cacheFiles(cache)).toEqual([]);
  });

  it('a cache folder that cannot be created changes nothing', () => {
    const blocker = join(work, 'not-a-folder');
    writeFileSync(blocker, 'x');
    const r = run(blocker);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).version).toBe(1);
  });

  it.skipIf(process.platform !== 'linux')('a cache folder that cannot be made (/proc/self) is tried once: the run finishes without a cache', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [cliPath(), '--version'], {
      cwd: work,
      encoding: 'utf8',
      timeout: 15_000,
      env: { PATH: process.env.PATH ?? '', HOME: join(work, 'home'), XDG_CACHE_HOME: '/proc/self' },
    });
    expect(r.error, 'the run did not finish (killed by the timeout)').toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
