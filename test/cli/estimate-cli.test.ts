/** The built CLI, as a user runs it: exit codes, messages and output formats of `estimate`. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuilt } from '../helpers/cli.js';

const root = resolve(import.meta.dirname, '..', '..');
const CLI = resolve(root, process.env.STACKFARE_CLI ?? 'dist/cli.js');

const dir = mkdtempSync(join(tmpdir(), 'stackfare-cli-'));
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

describe('stackfare estimate', () => {
  beforeAll(() => requireBuilt(CLI));
  it('prints the comparison for the built-in stack', () => {
    const r = cli(['estimate']);
    expect(r.code).toBe(0);
    for (const name of ['Railway', 'Fly.io', 'Render', 'DigitalOcean App Platform', 'Local']) expect(r.stdout).toContain(name);
    expect(r.stdout).toContain('$63.25');
    expect(r.stdout).toContain('2026-11-25');
    expect(r.stdout).not.toMatch(/\u001b\[/); // not a terminal: no colour
  });

  it('--format json prints the versioned report', () => {
    const r = cli(['estimate', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ version: 1, currency: 'USD', pricingAsOf: '2026-11-25', tier: 'single-user', cheapest: 'railway' });
    expect(report.estimates.map((e: { platform: string }) => e.platform)).toEqual(['railway', 'fly', 'render', 'digitalocean', 'local']);
    expect(report.estimates[0]).toMatchObject({ monthlyTotal: 63.25, effortHours: { min: 4, max: 8 } });
    expect(report.estimates[0].lineItems[0]).toMatchObject({ name: 'reasoning-api: memory', quantity: 0.5, unit: 'GB-month', unitPrice: 10, monthly: 5 });
  });

  it('--format markdown prints tables', () => {
    const r = cli(['estimate', '--format', 'markdown', '--platforms', 'fly,render']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| Platform | Monthly |');
    expect(r.stdout).not.toContain('Railway');
  });

  it('--tier all prints one row per tier', () => {
    const r = cli(['estimate', '--tier', 'all', '--format', 'json']);
    const report = JSON.parse(r.stdout);
    expect(report.tiers.map((t: { tier: string }) => t.tier)).toEqual(['local', 'single-user', 'multi-user']);
    const table = cli(['estimate', '--tier', 'all']).stdout;
    for (const label of ['Local personal', 'Hosted single-user', 'Hosted multi-user']) expect(table).toContain(label);
  });

  it('--users 100,1000,10000 prints the cost at each scale', () => {
    const r = cli(['estimate', '--tier', 'multi-user', '--users', '100,1000,10000', '--format', 'json']);
    expect(JSON.parse(r.stdout).scaling.map((p: { users: number }) => p.users)).toEqual([100, 1000, 10000]);
    expect(cli(['estimate', '--tier', 'multi-user', '--users', '100,1000,10000']).stdout).toContain('Cost by monthly active users');
  });

  it('colour only on request, never with NO_COLOR', () => {
    expect(cli(['estimate'], { FORCE_COLOR: '1' }).stdout).toMatch(/\u001b\[/);
    expect(cli(['estimate'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(/\u001b\[/);
  });
});

describe('bad input', () => {
  beforeAll(() => requireBuilt(CLI));
  const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

  it('unknown command: exit 2 with the commands', () => {
    const r = cli(['estimat']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown command "estimat"');
    expect(r.stderr).toContain('Did you mean "estimate"');
    noStack(r.stderr);
  });

  it('unknown flag: exit 2 with the valid flags', () => {
    const r = cli(['estimate', '--egres-gb', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--egress-gb');
  });

  it('unknown platform: exit 2 with the choices', () => {
    const r = cli(['estimate', '--platforms', 'railway,heroku']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown platform "heroku"');
    expect(r.stderr).toContain('railway, fly, render, digitalocean, local');
  });

  it.each([
    [['--egress-gb', '-5'], '--egress-gb', '0 GB or more'],
    [['--egress-gb=-5'], '--egress-gb', '0 GB or more'],
    [['--memory-mb', '0'], '--memory-mb', 'at least 128 MB'],
    [['--utilization', '1.5'], '--utilization', 'at most 1'],
    [['--db-storage-gb', 'lots'], '--db-storage-gb', 'a number'],
  ])('impossible value %j: a usage mistake, exit 2 naming the flag and the expected value', (args, flag, expected) => {
    const r = cli(['estimate', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).toContain(expected);
    noStack(r.stderr);
  });

  it('invalid answers file: exit 1 naming the file, the field and the expected value', () => {
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, 'tier: single-user\negressGb: -3\ndb: one\n');
    const r = cli(['estimate', '--answers', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: egressGb`);
    expect(r.stderr).toContain('0 GB or more');
    expect(r.stderr).toContain(`${file}: db`);
    expect(r.stderr).toContain('"shared", "separate"');
    noStack(r.stderr);
  });

  it('flags override the answers file', () => {
    const file = join(dir, 'answers.json');
    writeFileSync(file, JSON.stringify({ egressGb: 500, tier: 'multi-user' }));
    const r = JSON.parse(cli(['estimate', '--answers', file, '--egress-gb', '20', '--format', 'json']).stdout);
    expect(r.stack.egressGb).toBe(20);
    expect(r.tier).toBe('multi-user');
  });

  it('invalid price book: exit 1 naming the file and the field', () => {
    const file = join(dir, 'pricing.json');
    const book = JSON.parse(readFileSync(join(root, 'data', 'pricing.json'), 'utf8'));
    book.platforms.fly.volume.amount = 'cheap';
    writeFileSync(file, JSON.stringify(book));
    const r = cli(['estimate', '--pricing', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: platforms.fly.volume.amount`);
    expect(r.stderr).toContain('a decimal number written as a string');
  });

  it('--pricing merges its figures over the built-in book (a whole book too)', () => {
    const file = join(dir, 'pricing2.json');
    const book = JSON.parse(readFileSync(join(root, 'data', 'pricing.json'), 'utf8'));
    book.asOf = '2030-01-01';
    book.platforms.fly.egressGroups['north-america-europe'].amount = '1';
    writeFileSync(file, JSON.stringify(book));
    const r = JSON.parse(cli(['estimate', '--pricing', file, '--format', 'json']).stdout);
    expect(r.pricingAsOf).toBe('2030-01-01');
    expect(r.estimates.find((e: { platform: string }) => e.platform === 'fly').monthlyTotal).toBe((7378 - 20 + 1000) / 100); // $73.78 − $0.20 + 10 GB × $1
  });

  it('missing files: exit 1 with the path', () => {
    const r = cli(['estimate', '--answers', 'nope.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.yaml: no such file');
  });
});

describe('the built bin', () => {
  beforeAll(() => requireBuilt(CLI));
  it('is executable, as `npx stackfare` runs it directly', () => {
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
    const r = spawnSync(CLI, ['--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
