/** Issue 12, items 3 and 4: options that change nothing for the tier are warned about, and headers say what was priced. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'stackfare-tiers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const json = async (args: string[]) => {
  const r = await runCli(['estimate', '--format', 'json', ...args], dir);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { scaling?: unknown[]; stack: { users: number }; estimates: { warnings: { code: string; message: string }[] }[] };
};

describe('--users on a tier that does not scale with users', () => {
  it('--users 1,10,100000 on single-user: no scale table where nothing changes, and a warning saying why', async () => {
    const report = await json(['--users', '1,10,100000']);
    expect(report.scaling).toBeUndefined();
    expect(report.stack.users).toBe(1);
    for (const e of report.estimates) expect(e.warnings.map((w) => w.code)).toContain('users.ignored');
    const text = await runCli(['estimate', '--users', '1,10,100000'], dir);
    expect(text.stdout).not.toContain('Cost by monthly active users');
    expect(text.stdout.replace(/\s+/g, ' ')).toContain('The single-user tier serves one user, so the users figure (1, 10, 100,000) changes nothing');
  });

  it('the same from an answers file, and on the local tier', async () => {
    writeFileSync(join(dir, 'answers.yaml'), 'tier: local\nusers: [5, 50]\n');
    const report = await json(['--answers', 'answers.yaml']);
    expect(report.scaling).toBeUndefined();
    expect(report.estimates[0]!.warnings.find((w) => w.code === 'users.ignored')?.message).toContain('The local tier serves one user');
  });

  it('multi-user still scales, without the warning', async () => {
    const report = await json(['--tier', 'multi-user', '--users', '100,1000,10000']);
    expect(report.scaling).toHaveLength(3);
    for (const e of report.estimates) expect(e.warnings.map((w) => w.code)).not.toContain('users.ignored');
  });
});

describe('headers', () => {
  it('--tier all names the users each tier is priced at', async () => {
    const r = await runCli(['estimate', '--tier', 'all'], dir, { columns: 160 });
    expect(r.stdout).toContain('1 user (local, single-user), 1,000 users (multi-user).');
  });

  it('one service is "1 service"', async () => {
    const r = await runCli(['estimate', '--services', 'web:web:512'], dir, { columns: 160 });
    expect(r.stdout).toContain('; 1 service, no Postgres,');
  });
});
