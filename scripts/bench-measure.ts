/**
 * How much CPU `stackfare measure` costs: 50 containers sampled every second for 30 s against the
 * tests' Docker Engine API stand-in (run in this process, so only the CLI's own CPU is counted:
 * user + system time of the child, from the kernel's accounting). `npx tsx scripts/bench-measure.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeContainer, startFakeEngine } from '../test/helpers/docker-engine.js';

const CONTAINERS = Number(process.env.BENCH_CONTAINERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const MB = 1024 * 1024;
const containers: FakeContainer[] = Array.from({ length: CONTAINERS }, (_, i) => ({
  id: i.toString(16).padStart(64, 'a'),
  name: `bench-svc${i % 10}-${Math.floor(i / 10) + 1}`,
  project: 'bench',
  service: `svc${i % 10}`,
  workingSet: (t) => (100 + (i % 7) * 10 + Math.sin(t) * 5) * MB,
  vcpu: 0.05,
  txPerSecond: 2000,
  cgroup: 'v2',
}));
const engine = await startFakeEngine(containers);
const dir = mkdtempSync(join(tmpdir(), 'stackfare-bench-measure-'));
writeFileSync(join(dir, 'compose.yaml'), 'name: bench\nservices: {}\n');
const cli = join(import.meta.dirname, '..', 'dist', 'cli.js');
// bash's `times` prints the CPU time its children used (user and system): the CLI's alone.
const script =
  'start=$(date +%s.%N); "$NODE" "$CLI" measure --duration "$SECS"s --interval 1s >/dev/null 2>&1; code=$?; end=$(date +%s.%N); times; echo "$start $end $code"';
const child = spawn('bash', ['-c', script], {
  cwd: dir,
  env: { ...process.env, DOCKER_HOST: engine.dockerHost, NODE: process.execPath, CLI: cli, SECS: String(SECONDS) },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
await new Promise<number | null>((resolve) => child.on('close', resolve));
await engine.close();
rmSync(dir, { recursive: true, force: true });
// `times`: the shell's own CPU, then its children's ("0m1.234s 0m0.456s"); then "START END CODE".
const [, timesLine, clockLine] = out.trim().split('\n') as [string, string, string];
const seconds = (t: string) => {
  const m = /(\d+)m([\d.]+)s/.exec(t)!;
  return Number(m[1]) * 60 + Number(m[2]);
};
const [user, sys] = timesLine.split(/\s+/).map(seconds) as [number, number];
const [start, end, code] = clockLine.split(' ').map(Number) as [number, number, number];
const wall = end - start;
const share = ((user + sys) / wall) * 100;
console.log(
  `measure: ${CONTAINERS} containers every 1 s for ${SECONDS} s: exit ${code}, CPU ${(user + sys).toFixed(2)} s in ${wall.toFixed(1)} s = ${share.toFixed(1)} % of one core (target < 5 %)`,
);
if (engine.invalid.length > 0) console.log(`stand-in answers outside the schema: ${engine.invalid.length}`);
