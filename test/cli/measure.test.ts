/**
 * `stackfare measure` against a Docker Engine API stand-in whose every answer is validated
 * against the Engine API's OpenAPI schemas (test/helpers/docker-engine.ts), and the arithmetic
 * of the working set, CPU and p95 against hand-computed figures.
 */
import { execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { formatSeconds, parseDuration } from '../../src/commands/measure.js';
import { normaliseProjectName } from '../../src/compose/project-name.js';
import { cpuVcpus, summarize, type UsageFile, UsageRecorder, workingSetBytes } from '../../src/core/usage.js';
import { CLI, requireBuilt, runCli as runBuilt } from '../helpers/cli.js';
import { DOCKER_API, type FakeContainer, type FakeEngine, startFakeEngine } from '../helpers/docker-engine.js';
import { runCli } from '../helpers/in-process.js';

const require = createRequire(import.meta.url);
const Ajv = require('ajv/dist/2020').default as typeof import('ajv').default;
const MB = 1024 * 1024;
const dirs: string[] = [];
let engine: FakeEngine | undefined;

afterEach(async () => {
  if (engine) expect(engine.invalid, 'the stand-in answered outside the Engine API schema').toEqual([]);
  await engine?.close();
  engine = undefined;
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(compose = 'name: reasoning\nservices:\n  reasoning-api:\n    image: x\n'): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackfare-measure-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'compose.yaml'), compose);
  return dir;
}

const container = (over: Partial<FakeContainer> & Pick<FakeContainer, 'id' | 'service'>): FakeContainer => ({
  name: `reasoning-${over.service}-1`,
  project: 'reasoning',
  workingSet: () => 100 * MB,
  vcpu: 0.1,
  txPerSecond: 1000,
  cgroup: 'v2',
  ...over,
});

/** The seed's four services at 260 / 150 / 600 / 420 MB, tools-api as two replicas of 75 MB, LiteLLM on cgroup v1. */
function seedContainers(): FakeContainer[] {
  return [
    container({ id: 'a1'.padEnd(64, '0'), service: 'reasoning-api', workingSet: () => 260 * MB, vcpu: 0.05, txPerSecond: 2000 }),
    container({ id: 'b1'.padEnd(64, '0'), service: 'tools-api', name: 'reasoning-tools-api-1', workingSet: () => 75 * MB, vcpu: 0.01, txPerSecond: 100 }),
    container({ id: 'b2'.padEnd(64, '0'), service: 'tools-api', name: 'reasoning-tools-api-2', workingSet: () => 75 * MB, vcpu: 0.01, txPerSecond: 100 }),
    container({
      id: 'c1'.padEnd(64, '0'),
      service: 'litellm',
      workingSet: () => 600 * MB,
      vcpu: 0.25,
      txPerSecond: 5000,
      cgroup: 'v1',
      inactiveFile: 300 * MB,
    }),
    container({ id: 'd1'.padEnd(64, '0'), service: 'phoenix', workingSet: () => 420 * MB, vcpu: 0.1, txPerSecond: 500 }),
    container({ id: 'e1'.padEnd(64, '0'), service: 'other', project: 'someone-else', workingSet: () => 999 * MB }),
  ];
}

function usageSchema() {
  const ajv = new Ajv({ strict: false });
  return ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'data', 'usage.schema.json'), 'utf8')));
}

describe('the arithmetic', () => {
  it('working set: usage less inactive file cache, by the cgroup v1 and v2 names, as docker stats counts it', () => {
    expect(workingSetBytes({ usage: 500, stats: { inactive_file: 120 } })).toBe(380);
    expect(workingSetBytes({ usage: 500, stats: { total_inactive_file: 200, inactive_file: 10 } })).toBe(300);
    expect(workingSetBytes({ usage: 500, stats: { inactive_file: 900 } })).toBe(500);
    expect(workingSetBytes({ usage: 500 })).toBe(500);
    expect(workingSetBytes({})).toBeNull();
  });

  it('CPU in vCPU from the cpu_stats / precpu_stats deltas times the online CPUs', () => {
    // 0.5 s of container CPU in 4 s of host CPU time (1 s on 4 CPUs) = 12.5 % of the host = 0.5 vCPU.
    const before = { cpu_usage: { total_usage: 1_000_000_000 }, system_cpu_usage: 10_000_000_000, online_cpus: 4 };
    const now = { cpu_usage: { total_usage: 1_500_000_000 }, system_cpu_usage: 14_000_000_000, online_cpus: 4 };
    expect(cpuVcpus(now, before)).toBe(0.5);
    // cgroup v1 without online_cpus: the per-CPU list's length.
    expect(cpuVcpus({ ...now, online_cpus: undefined, cpu_usage: { total_usage: 1_500_000_000, percpu_usage: [1, 2] } }, before)).toBe(0.25);
    expect(cpuVcpus(now, { cpu_usage: { total_usage: 0 } })).toBeNull();
  });

  it('p95 by nearest rank, with min, avg and max', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(summarize(values)).toEqual({ min: 1, avg: 10.5, p95: 19, max: 20 });
    expect(summarize([7])).toEqual({ min: 7, avg: 7, p95: 7, max: 7 });
  });

  it('replicas are summed per round; bytes sent count from the first reading and survive a counter reset', () => {
    const r = new UsageRecorder();
    const reading = (id: string, ws: number, tx: number) => ({
      id,
      service: 'api',
      answer: { read: 'x', memory_stats: { usage: ws }, networks: { eth0: { tx_bytes: tx } } },
    });
    r.record([reading('a', 100, 1000), reading('b', 50, 500)]);
    r.record([reading('a', 120, 1600), reading('b', 60, 800)]);
    r.record([reading('a', 110, 100)]);
    const s = r.summary(10).api!;
    expect(s.memoryBytes).toEqual({ min: 110, avg: 147, p95: 180, max: 180 });
    expect(s.replicas).toEqual({ min: 1, max: 2 });
    expect(s.networkTx).toEqual({ bytes: 600 + 300 + 100, bytesPerSecond: 100 });
  });

  it('durations and project names as docker compose writes them', () => {
    expect(parseDuration('10m', '--duration')).toBe(600);
    expect(parseDuration('1h30m', '--duration')).toBe(5400);
    expect(parseDuration('90', '--duration')).toBe(90);
    expect(parseDuration('500ms', '--interval')).toBe(0.5);
    expect(() => parseDuration('10x', '--duration')).toThrow(/--duration expects a duration/);
    expect(() => parseDuration('0s', '--duration')).toThrow(/longer than 0/);
    expect(formatSeconds(3725)).toBe('1h 2m 5s');
    expect(normaliseProjectName('My App.v2')).toBe('myappv2');
    expect(normaliseProjectName('_x-Y')).toBe('x-y');
  });
});

describe('stackfare measure against the Engine API', () => {
  it('samples every service of the project, sums replicas, and writes a usage file that matches its schema', async () => {
    engine = await startFakeEngine(seedContainers());
    const dir = project();
    const r = await runCli(['measure', '--duration', '2s', '--interval', '0.5s'], dir, { env: { DOCKER_HOST: engine.dockerHost } });
    expect(r.code, r.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(dir, 'stackfare.usage.json'), 'utf8')) as UsageFile;
    const validate = usageSchema();
    expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
    expect(file.project).toBe('reasoning');
    expect(file.samples).toBeGreaterThanOrEqual(4);
    expect(Object.keys(file.services).sort()).toEqual(['litellm', 'phoenix', 'reasoning-api', 'tools-api']);
    expect(file.services['reasoning-api']!.memoryBytes.p95).toBe(260 * MB);
    expect(file.services['tools-api']!.memoryBytes.p95).toBe(150 * MB);
    expect(file.services['tools-api']!.replicas).toEqual({ min: 2, max: 2 });
    // cgroup v1: total_inactive_file (300 MB here) is not counted.
    expect(file.services.litellm!.memoryBytes.p95).toBe(600 * MB);
    expect(file.services.litellm!.cpuVcpu!.p95).toBeCloseTo(0.25, 2);
    expect(file.services['tools-api']!.cpuVcpu!.avg).toBeCloseTo(0.02, 2);
    // 5,000 bytes a second over about 2 s.
    expect(file.services.litellm!.networkTx.bytesPerSecond).toBeGreaterThan(3500);
    expect(file.services.litellm!.networkTx.bytesPerSecond).toBeLessThan(6500);
    expect(file.engine).toEqual({ version: '28.2.2', apiVersion: DOCKER_API.apiVersion, os: 'linux' });
    expect(r.stdout).toMatch(/tools-api\s+2\s+150 MB\s+150 MB/);
    expect(r.stdout).toContain('Wrote stackfare.usage.json');
    // Containers were found by the compose labels and read with stream=false.
    expect(engine.requests.some((q) => q.includes('com.docker.compose.project%3Dreasoning'))).toBe(true);
    expect(engine.requests.filter((q) => /\/containers\/[0-9a-f]+\/stats\?stream=false$/.test(q)).length).toBeGreaterThanOrEqual(20);
  }, 20_000);

  it('a container that stops mid-way is noted and its samples are kept', async () => {
    engine = await startFakeEngine([
      container({ id: 'f1'.padEnd(64, '0'), service: 'worker', name: 'reasoning-worker-1', workingSet: () => 200 * MB }),
      container({ id: 'f2'.padEnd(64, '0'), service: 'worker', name: 'reasoning-worker-2', workingSet: () => 100 * MB, stopAt: 1.2 }),
    ]);
    const dir = project();
    const r = await runCli(['measure', '--duration', '2.5s', '--interval', '0.5s'], dir, { env: { DOCKER_HOST: engine.dockerHost } });
    expect(r.code, r.stderr).toBe(0);
    const file = JSON.parse(readFileSync(join(dir, 'stackfare.usage.json'), 'utf8')) as UsageFile;
    const worker = file.services.worker!;
    expect(worker.replicas).toEqual({ min: 1, max: 2 });
    expect(worker.memoryBytes.max).toBe(300 * MB);
    expect(worker.memoryBytes.min).toBe(200 * MB);
    expect(worker.stopped).toHaveLength(1);
    expect(worker.stopped[0]).toMatch(/^reasoning-worker-2 \(f2000000000\d\) stopped after .*; its \d+ samples? are kept\.$/);
    expect(r.stdout).toContain('Note: worker: reasoning-worker-2');
  }, 20_000);

  it('project name: --project, then COMPOSE_PROJECT_NAME, then name:, then the folder', async () => {
    engine = await startFakeEngine([container({ id: 'g1'.padEnd(64, '0'), service: 'web', project: 'shop' })]);
    const env = { DOCKER_HOST: engine.dockerHost };
    const named = project('name: reasoning\nservices: {}\n');
    expect((await runCli(['measure', '--duration', '1s', '--interval', '0.5s', '--project', 'Shop'], named, { env })).code).toBe(0);
    expect(
      (await runCli(['measure', '--duration', '1s', '--interval', '0.5s', '--force'], named, { env: { ...env, COMPOSE_PROJECT_NAME: 'shop' } })).code,
    ).toBe(0);
    const folder = join(mkdtempSync(join(tmpdir(), 'stackfare-measure-')), 'Shop');
    dirs.push(join(folder, '..'));
    mkdirSync(folder);
    writeFileSync(join(folder, 'docker-compose.yml'), 'services: {}\n');
    const r = await runCli(['measure', '--duration', '1s', '--interval', '0.5s'], folder, { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Measuring compose project shop (from the folder of docker-compose.yml)');
    const missing = await runCli(['measure', '--duration', '1s', '--interval', '0.5s', '--force'], named, { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No running containers of compose project "reasoning" (from name: in compose.yaml)');
    expect(missing.stderr).toContain('Running compose projects: shop.');
  }, 20_000);

  it('an existing usage file is kept without --force, before any sampling', async () => {
    engine = await startFakeEngine([container({ id: 'h1'.padEnd(64, '0'), service: 'web' })]);
    const dir = project();
    writeFileSync(join(dir, 'mine.json'), '{"keep": true}\n');
    const r = await runCli(['measure', '--output', 'mine.json'], dir, { env: { DOCKER_HOST: engine.dockerHost } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('mine.json exists; nothing was measured.');
    expect(readFileSync(join(dir, 'mine.json'), 'utf8')).toBe('{"keep": true}\n');
    expect(engine.requests).toEqual([]);
  });

  it('command-line mistakes exit 2', async () => {
    const dir = project();
    for (const [args, text] of [
      [['--duration', '10x'], '--duration expects a duration'],
      [['--duration', '5s', '--interval', '10s'], 'is longer than --duration'],
      [['--interval', '0.1s'], 'at least 0.5s'],
      [['extra'], 'measure takes no arguments'],
    ] as const) {
      const r = await runCli(['measure', ...args], dir, { env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(text);
    }
  });

  it('no socket: "is Docker running?" and how to set DOCKER_HOST', async () => {
    const dir = project();
    const r = await runCli(['measure'], dir, { env: { DOCKER_HOST: `unix://${join(dir, 'no.sock')}` } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Cannot reach the Docker Engine at unix://${join(dir, 'no.sock')} (ENOENT): is Docker running?`);
    expect(r.stderr).toContain('set DOCKER_HOST');
    const bad = await runCli(['measure'], dir, { env: { DOCKER_HOST: 'ssh://me@host' } });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('is not a unix:// socket or a tcp://host:port address');
  });

  it('permission denied on the socket names the docker group', async () => {
    engine = await startFakeEngine([container({ id: 'i1'.padEnd(64, '0'), service: 'web' })]);
    const asRoot = process.getuid?.() === 0;
    const hasRunuser = spawnSync('sh', ['-c', 'command -v runuser && id postgres'], { encoding: 'utf8' }).status === 0;
    if (asRoot && !hasRunuser) return void console.warn('skipped: running as root without runuser and a postgres user to try the socket as another user');
    const dir = project();
    chmodSync(join(dir), 0o777);
    chmodSync(engine.socket, 0o600);
    chmodSync(join(engine.socket, '..'), 0o755);
    // The other user may not reach this node (CI keeps it under root's home): run a copy it can.
    let node = process.execPath;
    if (asRoot) {
      const bin = mkdtempSync(join(tmpdir(), 'stackfare-node-'));
      dirs.push(bin);
      chmodSync(bin, 0o755);
      node = join(bin, 'node');
      copyFileSync(process.execPath, node);
      chmodSync(node, 0o755);
    }
    const cmd = [node, CLI, 'measure', '--duration', '1s', '--interval', '0.5s'];
    const [file, ...args] = asRoot ? ['runuser', '-u', 'postgres', '--', ...cmd] : cmd;
    // Asynchronously: were the socket reachable, the stand-in in this process would have to answer.
    const r = await promisify(execFile)(file!, args, {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', DOCKER_HOST: engine.dockerHost },
      encoding: 'utf8',
    }).then(
      (ok) => ({ status: 0, stderr: ok.stderr }),
      (e: { code?: number; stderr?: string }) => ({ status: e.code ?? -1, stderr: e.stderr ?? '' }),
    );
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('Permission denied on the Docker socket');
    expect(r.stderr).toContain('docker group');
  });

  it('a terminal gets a progress bar with the time left', async () => {
    engine = await startFakeEngine([container({ id: 'j1'.padEnd(64, '0'), service: 'web' })]);
    const dir = project();
    const { run } = await import('../../src/app.js');
    const { readInput } = await import('../../src/io/read-input.js');
    let err = '';
    const code = await run(['measure', '--duration', '1.5s', '--interval', '0.5s'], {
      stdout: { write: () => true },
      stderr: {
        write: (s: string) => {
          err += s;
          return true;
        },
        isTTY: true,
      },
      stdin: process.stdin,
      env: { DOCKER_HOST: engine.dockerHost },
      cwd: dir,
      readFile: (p, kind) => readInput(p.startsWith('/') ? p : join(dir, p), kind),
    });
    expect(code).toBe(0);
    expect(err).toMatch(/\[#+-*\] \d+%\s+\d+s left\s+\d+ samples, 1 containers/);
  });

  it('TERM=dumb gets no progress line redrawn in place: no \\r, no escape codes', async () => {
    engine = await startFakeEngine([container({ id: 'd1'.padEnd(64, '0'), service: 'web' })]);
    const dir = project();
    const { run } = await import('../../src/app.js');
    const { readInput } = await import('../../src/io/read-input.js');
    let err = '';
    const code = await run(['measure', '--duration', '1s', '--interval', '0.5s'], {
      stdout: { write: () => true },
      stderr: {
        write: (s: string) => {
          err += s;
          return true;
        },
        isTTY: true,
      },
      stdin: process.stdin,
      env: { DOCKER_HOST: engine.dockerHost, TERM: 'dumb' },
      cwd: dir,
      readFile: (p, kind) => readInput(p.startsWith('/') ? p : join(dir, p), kind),
    });
    expect(code).toBe(0);
    expect(err).not.toMatch(/[\r\u001b]/);
  });

  it('Ctrl-C writes what was sampled so far and exits 130', async () => {
    requireBuilt(CLI);
    engine = await startFakeEngine([container({ id: 'k1'.padEnd(64, '0'), service: 'web', workingSet: () => 64 * MB })]);
    const dir = project();
    const child = spawn(process.execPath, [CLI, 'measure', '--duration', '10m', '--interval', '0.5s'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', DOCKER_HOST: engine.dockerHost },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 100 && engine.requests.filter((q) => q.includes('/stats')).length < 3; i += 1) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const file = JSON.parse(readFileSync(join(dir, 'stackfare.usage.json'), 'utf8')) as UsageFile;
    expect(file.interrupted).toBe(true);
    expect(file.samples).toBeGreaterThanOrEqual(2);
    expect(file.services.web!.memoryBytes.p95).toBe(64 * MB);
    expect(stderr).toContain('interrupted');
    expect(readdirTmp(dir)).toEqual([]);
  }, 20_000);

  it('docker stats, the real client, reads the stand-in and shows the same working set', async () => {
    const docker = spawnSync('docker', ['--version'], { encoding: 'utf8' });
    // Without a docker CLI the stand-in is checked against the schema alone (every other test).
    if (docker.status !== 0) return void console.warn('skipped: the docker CLI is not installed, so the stand-in is not checked against the real client');
    engine = await startFakeEngine(seedContainers());
    const dir = project();
    expect((await runBuilt(['measure', '--duration', '1s', '--interval', '0.5s'], { cwd: dir, env: { DOCKER_HOST: engine.dockerHost } })).code).toBe(0);
    const file = JSON.parse(readFileSync(join(dir, 'stackfare.usage.json'), 'utf8')) as UsageFile;
    // Asynchronously: the stand-in answers from this process.
    const { stdout: out } = await promisify(execFile)('docker', ['stats', '--no-stream', '--format', '{{.Name}} {{.MemUsage}}'], {
      env: { ...process.env, DOCKER_HOST: engine.dockerHost },
      encoding: 'utf8',
    });
    const mib = (s: string) => Number(/^([\d.]+)MiB/.exec(s)![1]);
    const shown = Object.fromEntries(
      out
        .trim()
        .split('\n')
        .map((l) => l.split(' '))
        .map(([name, mem]) => [name, mib(mem!)]),
    );
    expect(shown['reasoning-reasoning-api-1']).toBe(file.services['reasoning-api']!.memoryBytes.p95 / MB);
    expect(shown['reasoning-litellm-1']).toBe(file.services.litellm!.memoryBytes.p95 / MB);
    expect(shown['reasoning-tools-api-1']! + shown['reasoning-tools-api-2']!).toBe(file.services['tools-api']!.memoryBytes.p95 / MB);
  }, 20_000);
});

/** Temporary files a write left behind in a folder. */
function readdirTmp(dir: string): string[] {
  return execFileSync('ls', ['-a', dir], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => f.includes('.stackfare-tmp'));
}
