/**
 * One package, nothing else: `npm pack` of the built project, installed from the tarball into an
 * empty folder offline (the npm cache only), runs `npx stackfare estimate --format json` and
 * `stackfare generate --platform fly --dry-run` there, with no other package installed.
 */
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'stackfare-pack-'));
const app = join(work, 'app');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
// The project's npm cache, but never the network: everything must come from the tarball.
const env = {
  ...process.env,
  npm_config_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  NO_COLOR: '1',
};

function sh(cmd: string, args: string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env, timeout: 120_000, maxBuffer: 1 << 26, ...options });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

let tarball: string;
let files: string[];

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli.js'))) throw new Error('dist/cli.js is missing: run "npm run build" (npm test does) first.');
  // The build is already there (npm test builds first); --ignore-scripts keeps pack from rebuilding it under other tests.
  const packed = sh(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root });
  expect(packed.code, packed.stderr).toBe(0);
  const info = JSON.parse(packed.stdout)[0] as { filename: string; files: { path: string }[] };
  tarball = join(work, info.filename);
  files = info.files.map((f) => f.path);
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'empty', version: '1.0.0', private: true }));
  const installed = sh(npm, ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: app });
  expect(installed.code, installed.stderr).toBe(0);
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('ships dist, templates and data, and declares no runtime dependency', () => {
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('data/pricing.json');
    expect(files.some((f) => f.startsWith('templates/fly/'))).toBe(true);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('node_modules/'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules', 'stackfare', 'package.json'), 'utf8'));
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('installs alone: nothing but stackfare lands in node_modules', () => {
    const modules = readdirSync(join(app, 'node_modules')).filter((f) => !f.startsWith('.'));
    expect(modules).toEqual(['stackfare']);
  });

  it('npx stackfare estimate --format json runs from the install', () => {
    const r = sh(npx, ['--offline', 'stackfare', 'estimate', '--format', 'json'], { cwd: app });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ version: 1, currency: 'USD', tier: 'single-user' });
    expect(report.estimates.map((e: { platform: string }) => e.platform)).toEqual(['railway', 'fly', 'render', 'digitalocean', 'local']);
    // The same figures as the build in the project.
    const here = sh(process.execPath, [join(root, 'dist', 'cli.js'), 'estimate', '--format', 'json'], { cwd: app });
    expect(r.stdout).toBe(here.stdout);
  });

  it('stackfare generate --platform fly --dry-run runs from the install (templates read from the package)', () => {
    // The installed bin itself, as a shell with node_modules/.bin on PATH runs `stackfare`.
    const bin = join(app, 'node_modules', '.bin', process.platform === 'win32' ? 'stackfare.cmd' : 'stackfare');
    const r = sh(bin, ['generate', '--platform', 'fly', '--dry-run'], { cwd: app });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/new\s+fly\/reasoning-api\/fly\.toml/);
    expect(existsSync(join(app, 'fly'))).toBe(false);
  });

  it('every chunk of the bundle loads from the install without another package (the Ink view too)', () => {
    const dist = join(app, 'node_modules', 'stackfare', 'dist');
    // cli.js and main-*.js (the run the entry loads) start the CLI when loaded: not among them.
    const chunks = readdirSync(dist).filter((f) => f.endsWith('.js') && f !== 'cli.js' && !f.startsWith('main-') && !f.startsWith('devtools-'));
    expect(chunks.length).toBeGreaterThan(3);
    const script = `for (const f of ${JSON.stringify(chunks)}) await import(${JSON.stringify(`${dist}/`)} + f);`;
    const r = sh(process.execPath, ['--input-type=module', '-e', script], { cwd: app });
    expect(r.code, r.stderr).toBe(0);
  });
});
