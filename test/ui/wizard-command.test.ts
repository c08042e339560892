/** The wizard command in-process: off a terminal it stops at once unless --yes, which runs to the end. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/app.js';
import type { AppDeps } from '../../src/commands/context.js';
import { UsageError } from '../../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stackfare-wizard-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function deps(tty: { stdin: boolean; stdout: boolean }) {
  const out = { text: '' };
  const stdin = Object.assign(new PassThrough(), { isTTY: tty.stdin });
  const d: AppDeps = {
    stdout: { write: (s: string) => (out.text += s), isTTY: tty.stdout, columns: 80 },
    stderr: { write: () => true },
    stdin,
    env: {},
    cwd: dir,
    readFile: (p) => readFile(join(dir, p), 'utf8'),
  };
  return { d, out, stdin };
}

describe('stackfare with no command', () => {
  it.each([
    ['stdin', { stdin: false, stdout: true }],
    ['stdout', { stdin: true, stdout: false }],
  ])('stops with a usage error naming --yes when %s is not a terminal', async (_which, tty) => {
    const { d, stdin } = deps(tty);
    const error = await run([], d).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect(`${(error as UsageError).message} ${(error as UsageError).hint}`).toMatch(/--yes/);
    expect(stdin.listenerCount('data')).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--yes takes every default, prints the plain table, writes the cheapest platform and the replay command', async () => {
    const { d, out } = deps({ stdin: false, stdout: false });
    expect(await run(['--yes', '--out', 'deploy'], d)).toBe(0);
    expect(out.text).toContain('cheapest that fits the tier: Railway (Hobby)');
    expect(out.text).toContain('Wrote the railway files');
    expect(out.text).toContain('Next steps:');
    expect(out.text).toMatch(/Run it again without prompts:\n {2}stackfare generate --platform railway --tier single-user --out deploy\n$/);
    expect(existsSync(join(dir, 'deploy', 'DEPLOY.md'))).toBe(true);
  });

  it('--yes keeps the flags: tier, platform and --dry-run', async () => {
    const { d, out } = deps({ stdin: false, stdout: false });
    expect(await run(['--yes', '--tier', 'multi-user', '--platform', 'render', '--dry-run'], d)).toBe(0);
    expect(out.text).toContain('hosted multi-user');
    expect(out.text).toContain('Dry run: nothing written.');
    expect(out.text).toContain('stackfare generate --platform render --tier multi-user');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--yes with an existing differing file refuses like generate, writing nothing', async () => {
    const { d } = deps({ stdin: false, stdout: false });
    await run(['--yes', '--platform', 'render'], d);
    const blueprint = join(dir, 'render.yaml');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(blueprint, '# mine\n');
    await expect(run(['--yes', '--platform', 'render', '--region', 'eu-west'], deps({ stdin: false, stdout: false }).d)).rejects.toThrow(
      /--force|nothing was written/,
    );
    expect(readFileSync(blueprint, 'utf8')).toBe('# mine\n');
  });

  it('"--tier all" is a usage error', async () => {
    await expect(run(['--yes', '--tier', 'all'], deps({ stdin: false, stdout: false }).d)).rejects.toBeInstanceOf(UsageError);
  });
});

describe('the wizard writes with the same guards as generate', () => {
  it('--write-env stops before writing anything when .gitignore does not ignore .env', async () => {
    const { writeFileSync } = await import('node:fs');
    const { isAbsolute } = await import('node:path');
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
    const { d } = deps({ stdin: false, stdout: false });
    d.readFile = (p) => readFile(isAbsolute(p) ? p : join(dir, p), 'utf8');
    const error = await run(['--yes', '--platform', 'local', '--tier', 'local', '--write-env'], d).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/does not ignore \.env/);
    expect(readdirSync(dir)).toEqual(['.gitignore']);
  });
});
