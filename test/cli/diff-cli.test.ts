/** The built CLI: `stackfare diff` on answers, compose and saved JSON reports, and `--output` for every format. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuilt } from '../helpers/cli.js';

const root = resolve(import.meta.dirname, '..', '..');
const CLI = resolve(root, process.env.STACKFARE_CLI ?? 'dist/cli.js');

const dir = mkdtempSync(join(tmpdir(), 'stackfare-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir, ...env },
    timeout: 20_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};
const totals = (report: { estimates: { platform: string; monthlyTotal: number }[] }) =>
  Object.fromEntries(report.estimates.map((e) => [e.platform, e.monthlyTotal]));

const COMPOSE = `services:
  api:
    image: ghcr.io/acme/api:1.0
    ports: ["8080:8080"]
    deploy: { resources: { limits: { memory: 512M } } }
    depends_on: [db]
  db:
    image: postgres:16
    volumes: [pgdata:/var/lib/postgresql/data]
volumes:
  pgdata: {}
`;

describe('stackfare diff', () => {
  beforeAll(() => requireBuilt(CLI));
  write('before.yaml', 'tier: single-user\n');
  write('after.yaml', 'tier: single-user\nphoenix: false\nserviceOverrides:\n  reasoning-api: { instances: 2 }\n');

  it('answers → answers: per platform before, after and change, then the changed line items; exit 0', () => {
    const r = cli(['diff', 'before.yaml', 'after.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('stackfare diff: before.yaml → after.yaml');
    expect(r.stdout).toMatch(/Platform\s+Before\s+After\s+Change/);
    const before = totals(JSON.parse(cli(['estimate', '--answers', 'before.yaml', '--format', 'json']).stdout));
    const after = totals(JSON.parse(cli(['estimate', '--answers', 'after.yaml', '--format', 'json']).stdout));
    const json = JSON.parse(cli(['diff', 'before.yaml', 'after.yaml', '--format', 'json']).stdout);
    expect(json.version).toBe(1);
    for (const p of json.platforms) {
      expect(p.before).toBe(before[p.platform]);
      expect(p.after).toBe(after[p.platform]);
      expect(Math.round(p.change * 100)).toBe(Math.round(after[p.platform]! * 100) - Math.round(before[p.platform]! * 100));
    }
    // Railway: Phoenix's two lines removed (the built-in Phoenix has no volume), reasoning-api's memory and CPU doubled.
    const railway = json.platforms.find((p: { platform: string }) => p.platform === 'railway');
    expect(railway.lineItems.map((l: { kind: string; name: string }) => `${l.kind} ${l.name}`)).toEqual([
      'changed reasoning-api: memory',
      'changed reasoning-api: CPU',
      'removed phoenix: memory',
      'removed phoenix: CPU',
    ]);
    expect(r.stdout).toContain('- phoenix: memory');
    expect(r.stdout).toContain('~ reasoning-api: memory');
    expect(r.stdout).toContain('0.5 → 1 GB-month');
  });

  it('a saved JSON report against a compose file, and the same report on both sides (no change, still exit 0)', () => {
    expect(cli(['estimate', '--format', 'json', '--output', 'saved.json']).code).toBe(0);
    write('compose.yaml', COMPOSE);
    const r = cli(['diff', 'saved.json', 'compose.yaml', '--format', 'json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.before).toMatchObject({ label: 'saved.json', kind: 'report' });
    expect(json.after).toMatchObject({ label: 'compose.yaml', kind: 'compose' });
    const fromCompose = totals(JSON.parse(cli(['estimate', '--compose', 'compose.yaml', '--format', 'json']).stdout));
    for (const p of json.platforms) expect(p.after).toBe(fromCompose[p.platform]);
    const railway = json.platforms.find((p: { platform: string }) => p.platform === 'railway');
    expect(railway.lineItems.some((l: { kind: string; name: string }) => l.kind === 'added' && l.name.startsWith('api:'))).toBe(true);

    const same = cli(['diff', 'saved.json', 'saved.json']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('No change on any platform.');
  });

  it('--format markdown is a PR comment: a summary table and one table per changed platform', () => {
    const r = cli(['diff', 'before.yaml', 'after.yaml', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| Platform | Before | After | Change |');
    // 6325 + 500 + 100 (a second reasoning-api: 0.5 GB × $10, 0.05 vCPU × $20) − 2000 − 200 (Phoenix: 2 GB × $10, 0.1 vCPU × $20) = 4725
    expect(r.stdout).toMatch(/### Railway \(Hobby\): \$63\.25 → \$47\.25, -\$16\.00/);
    expect(r.stdout).toContain('| - | phoenix: memory | $20.00 | - | -$20.00 |');
  });

  it('--output writes the diff; an existing file needs --force', () => {
    expect(cli(['diff', 'before.yaml', 'after.yaml', '--format', 'markdown', '--output', 'diff.md']).code).toBe(0);
    expect(readFileSync(join(dir, 'diff.md'), 'utf8')).toContain('| Platform | Before | After | Change |');
    const again = cli(['diff', 'after.yaml', 'before.yaml', '--format', 'markdown', '--output', 'diff.md']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('diff.md exists');
    expect(again.stderr).toContain('--force');
    expect(cli(['diff', 'after.yaml', 'before.yaml', '--format', 'markdown', '--output', 'diff.md', '--force']).code).toBe(0);
    expect(readFileSync(join(dir, 'diff.md'), 'utf8')).toContain('after.yaml → before.yaml');
  });

  it('usage mistakes exit 2; a broken side exits 1 naming the file and the field', () => {
    expect(cli(['diff', 'before.yaml']).code).toBe(2);
    expect(cli(['diff', 'before.yaml']).stderr).toContain('takes two files');
    expect(cli(['diff', 'a', 'b', 'c']).code).toBe(2);
    expect(cli(['diff', 'before.yaml', 'after.yaml', '--format', 'html']).code).toBe(2);
    write('broken.json', JSON.stringify({ version: 1, pricingAsOf: '2026-11-25', estimates: [{ platform: 'railway' }] }));
    const broken = cli(['diff', 'broken.json', 'before.yaml']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('broken.json');
    expect(broken.stderr).toMatch(/estimates\[0\]|currency|stack/);
    const missing = cli(['diff', 'nope.yaml', 'before.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.yaml: no such file');
    write('bad-answers.yaml', 'egressGb: -1\n');
    const bad = cli(['diff', 'before.yaml', 'bad-answers.yaml']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad-answers.yaml: egressGb');
  });
});

describe('estimate --output', () => {
  beforeAll(() => requireBuilt(CLI));
  it.each(['table', 'markdown', 'json', 'html'])('--format %s --output writes what stdout would show', (format) => {
    const file = `report.${format}`;
    const r = cli(['estimate', '--format', format, '--output', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`Wrote ${file}`);
    const written = readFileSync(join(dir, file), 'utf8');
    if (format === 'table') expect(written).toBe(cli(['estimate'], { COLUMNS: '100' }).stdout);
    else expect(written).toBe(cli(['estimate', '--format', format]).stdout);
  });

  it('never over an existing file without --force, and leaves no temporary file', () => {
    const file = join(dir, 'mine.json');
    writeFileSync(file, 'my own notes\n');
    const r = cli(['estimate', '--format', 'json', '--output', 'mine.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mine.json exists; nothing was written');
    expect(readFileSync(file, 'utf8')).toBe('my own notes\n');
    expect(cli(['estimate', '--format', 'json', '--output', 'mine.json', '--force']).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(1);
    expect(readdirSync(dir).filter((f) => f.startsWith('.stackfare-tmp-'))).toEqual([]);
  });

  it('a folder as --output is an error naming it; html is only a format of estimate', () => {
    const r = cli(['estimate', '--output', '.']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is a folder/);
    expect(cli(['import', '--format', 'html']).code).toBe(2);
  });
});
