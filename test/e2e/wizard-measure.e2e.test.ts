/**
 * The wizard's offer to measure, in a pseudo-terminal against the Docker Engine API stand-in
 * (test/helpers/docker-engine.ts, every answer validated against the Engine API's OpenAPI
 * document). The stand-in runs in this process, so the CLI runs only as a child (pty or async
 * spawn): a synchronous spawn would block the server it talks to.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { UsageFile } from '../../src/core/usage.js';
import { requireBuilt, runCli as runPiped } from '../helpers/cli.js';
import { type FakeContainer, type FakeEngine, startFakeEngine } from '../helpers/docker-engine.js';
import { cliPath, drive, KEYS, type PtySession, runCli, SINGLE_USER_DEFAULTS } from '../helpers/pty.js';
import { requires } from '../helpers/requires.js';

const pty = requires('pty');
const MB = 1024 * 1024;

/** The seed's four services running as compose project `project`, at 260 / 150 / 600 / 420 MB. */
function seed(project: string): FakeContainer[] {
  const sizes = { 'reasoning-api': 260, 'tools-api': 150, litellm: 600, phoenix: 420 } as const;
  return Object.entries(sizes).map(([service, mb], i) => ({
    id: `${i + 1}`.repeat(64),
    name: `${project}-${service}-1`,
    project,
    service,
    workingSet: () => mb * MB,
    vcpu: 0.05,
    txPerSecond: 1000,
    cgroup: 'v2' as const,
  }));
}

/** The single-user questions after "what to deploy", Enter at each. */
const QUESTIONS = SINGLE_USER_DEFAULTS;

let engine: FakeEngine | undefined;
let dir: string;
let session: PtySession | undefined;

beforeAll(() => requireBuilt(cliPath()));
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stackfare-measure-wizard-'));
});
afterEach(async () => {
  session?.kill();
  session = undefined;
  if (engine) expect(engine.invalid, 'the stand-in answered outside the Engine API schema').toEqual([]);
  await engine?.close();
  engine = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const statsRequests = () => (engine?.requests ?? []).filter((r) => r.includes('/stats')).length;

describe.skipIf(!pty.run)(pty.name('the wizard offers to measure the running stack'), () => {
  it('the built-in stack running: offered, measured for 3s with a progress line, the estimate sized from it, the replay with --usage', async () => {
    engine = await startFakeEngine(seed('reasoning'));
    session = runCli(['--platform', 'fly'], { cwd: dir, env: { DOCKER_HOST: engine.dockerHost, COMPOSE_PROJECT_NAME: 'reasoning' } });
    await drive(session, [
      ['What do you want to deploy?', KEYS.enter],
      // Up from "Skip" wraps to the last choice: a time of one's own.
      ['The compose project reasoning is running (4 containers', KEYS.up + KEYS.enter],
      ['Measure for how long?', '3s\r'],
      ['Measured reasoning:', ''],
      ...QUESTIONS,
      ['What next?', KEYS.enter],
      [' to the current folder?', KEYS.enter],
    ]);
    await session.waitFor('Run it again without prompts:');
    expect((await session.exited).exitCode).toBe(0);
    const screen = session.screen();
    // The progress line was drawn while sampling.
    expect(screen).toMatch(/Measuring reasoning \[[#-]{24}\] \d+%/);
    expect(screen.replace(/\s+/g, ' ')).toContain('sized from measurement: reasoning-api, tools-api, litellm, phoenix');
    // The files are priced from the same measurement as the comparison.
    const fly = /Fly\.io \(Pay As You Go\)\s+(\$[\d.,]+)/.exec(screen)![1]!;
    expect(screen).toContain(`Wrote the fly files (${fly} a month as estimated)`);
    expect(screen).toMatch(/stackfare generate --platform fly --tier single-user --usage stackfare\.usage\.json/);
    const usage = JSON.parse(readFileSync(join(dir, 'stackfare.usage.json'), 'utf8')) as UsageFile;
    expect(usage.project).toBe('reasoning');
    expect(usage.samples).toBeGreaterThanOrEqual(3);
    expect(Math.round(usage.services.litellm!.memoryBytes.p95 / MB)).toBe(600);
    // LiteLLM at 600 MB × 1.25 headroom = 750 MB: Fly's next size up, 1 GB (not the 2 GB guess).
    expect(readFileSync(join(dir, 'fly', 'litellm', 'fly.toml'), 'utf8')).toMatch(/memory = "1gb"|memory_mb = 1024/);
  }, 60_000);

  it('a compose file whose project runs: offered; Enter skips (the default), nothing is sampled or written', async () => {
    writeFileSync(
      join(dir, 'compose.yaml'),
      'name: shop\nservices:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    environment:\n      DATABASE_URL: postgres://app:secret@db:5432/app\n  db:\n    image: postgres:16\n',
    );
    engine = await startFakeEngine(seed('shop'));
    session = runCli(['--platform', 'render', '--dry-run'], { cwd: dir, env: { DOCKER_HOST: engine.dockerHost } });
    await drive(session, [
      ['The compose file compose.yaml', KEYS.enter],
      ['The compose project shop is running', KEYS.enter],
      ['Where and for whom will it run?', KEYS.enter],
    ]);
    session.write(KEYS.esc);
    expect((await session.exited).exitCode).toBe(130);
    expect(statsRequests()).toBe(0);
    expect(existsSync(join(dir, 'stackfare.usage.json'))).toBe(false);
  }, 30_000);

  it('no Docker socket: no offer and no error', async () => {
    session = runCli(['--platform', 'render', '--dry-run'], { cwd: dir, env: { DOCKER_HOST: `unix://${join(dir, 'no-docker.sock')}` } });
    await drive(session, [['What do you want to deploy?', KEYS.enter], ...QUESTIONS, ['What next?', KEYS.enter]]);
    await session.waitFor('Dry run: nothing written.');
    expect((await session.exited).exitCode).toBe(0);
    expect(session.screen()).not.toMatch(/is running \(|Measure what it really uses|Measuring|Docker Engine|docker\.sock/);
  }, 30_000);

  it('a Docker socket, but the project is not running (another one is): no offer', async () => {
    engine = await startFakeEngine(seed('someone-else'));
    session = runCli(['--platform', 'render', '--dry-run'], { cwd: dir, env: { DOCKER_HOST: engine.dockerHost, COMPOSE_PROJECT_NAME: 'reasoning' } });
    await drive(session, [['What do you want to deploy?', KEYS.enter], ...QUESTIONS, ['What next?', KEYS.enter]]);
    await session.waitFor('Dry run: nothing written.');
    expect((await session.exited).exitCode).toBe(0);
    expect(session.screen()).not.toMatch(/is running \(|Measure what it really uses|Measuring|Docker Engine|docker\.sock/);
    // It looked (for this project only), and sampled nothing.
    expect(engine.requests.some((r) => r.includes(encodeURIComponent('com.docker.compose.project=reasoning')))).toBe(true);
    expect(statsRequests()).toBe(0);
  }, 30_000);

  it('Ctrl-C while sampling ends the wizard with 130 and writes nothing', async () => {
    engine = await startFakeEngine(seed('reasoning'));
    session = runCli([], { cwd: dir, env: { DOCKER_HOST: engine.dockerHost, COMPOSE_PROJECT_NAME: 'reasoning' } });
    await drive(session, [
      ['What do you want to deploy?', KEYS.enter],
      ['The compose project reasoning is running', KEYS.down + KEYS.enter], // 5 minutes
      ['Measuring reasoning [', ''],
    ]);
    session.write(KEYS.ctrlC);
    expect((await session.exited).exitCode).toBe(130);
    expect(session.screen()).toContain('Cancelled: nothing was written.');
    expect(existsSync(join(dir, 'stackfare.usage.json'))).toBe(false);
  }, 30_000);
});

describe('--measure without prompts', () => {
  it('--yes --measure 3s samples the project, sizes the estimate from it and replays with --usage', async () => {
    engine = await startFakeEngine(seed('reasoning'));
    const r = await runPiped(['--yes', '--measure', '3s', '--platform', 'fly', '--dry-run'], {
      cwd: dir,
      env: { DOCKER_HOST: engine.dockerHost, COMPOSE_PROJECT_NAME: 'reasoning' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Measured reasoning: \d+ samples over 3(\.\d)?s; wrote stackfare\.usage\.json/);
    expect(r.stdout).toContain('(sized from measurement)');
    expect(r.stdout).toMatch(/stackfare generate --platform fly --tier single-user --usage stackfare\.usage\.json --out|--usage stackfare\.usage\.json/);
    expect(existsSync(join(dir, 'stackfare.usage.json'))).toBe(true);
  }, 30_000);

  it('an existing usage file is never overwritten without --force: the next free name', async () => {
    writeFileSync(join(dir, 'stackfare.usage.json'), '{"mine": true}\n');
    engine = await startFakeEngine(seed('reasoning'));
    const r = await runPiped(['--yes', '--measure', '1s', '--dry-run'], {
      cwd: dir,
      env: { DOCKER_HOST: engine.dockerHost, COMPOSE_PROJECT_NAME: 'reasoning' },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'stackfare.usage.json'), 'utf8')).toBe('{"mine": true}\n');
    expect(r.stderr).toContain('wrote stackfare.usage-2.json');
    expect(existsSync(join(dir, 'stackfare.usage-2.json'))).toBe(true);
  }, 30_000);

  it('--yes alone never samples; --measure with no socket is an error naming it (exit 1); a bad time exits 2', async () => {
    engine = await startFakeEngine(seed('reasoning'));
    const env = { DOCKER_HOST: engine.dockerHost, COMPOSE_PROJECT_NAME: 'reasoning' };
    const plain = await runPiped(['--yes', '--dry-run'], { cwd: dir, env });
    expect(plain.code, plain.stderr).toBe(0);
    expect(engine.requests).toEqual([]);
    const noSocket = await runPiped(['--yes', '--measure', '2s', '--dry-run'], { cwd: dir, env: { DOCKER_HOST: `unix://${join(dir, 'none.sock')}` } });
    expect(noSocket.code).toBe(1);
    expect(noSocket.stderr).toContain('Cannot reach the Docker Engine');
    const notRunning = await runPiped(['--yes', '--measure', '2s', '--dry-run'], { cwd: dir, env: { ...env, COMPOSE_PROJECT_NAME: 'other' } });
    expect(notRunning.code).toBe(1);
    expect(notRunning.stderr).toContain('--measure: no running containers of compose project "other"');
    expect(notRunning.stderr).toContain('Running compose projects: reasoning.');
    const bad = await runPiped(['--yes', '--measure', 'soon'], { cwd: dir, env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--measure expects a duration such as 10m, 90s or 1h30m, not "soon".');
    expect(existsSync(join(dir, 'stackfare.usage.json'))).toBe(false);
  }, 30_000);

  it('--measure beside a usage file the answers file names is refused (exit 2), never one of them dropped', async () => {
    engine = await startFakeEngine(seed('reasoning'));
    writeFileSync(join(dir, 'answers.json'), JSON.stringify({ usage: 'old.usage.json' }));
    writeFileSync(join(dir, 'old.usage.json'), readFileSync(join(import.meta.dirname, '..', 'fixtures', 'usage', 'seed.usage.json')));
    const r = await runPiped(['--yes', '--measure', '2s', '--answers', 'answers.json', '--dry-run'], {
      cwd: dir,
      env: { DOCKER_HOST: engine.dockerHost, COMPOSE_PROJECT_NAME: 'reasoning' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--measure and the answers file answers.json's usage (old.usage.json) both size the estimate: give one.");
    expect(engine.requests).toEqual([]);
    expect(existsSync(join(dir, 'stackfare.usage.json'))).toBe(false);
  }, 30_000);
});
