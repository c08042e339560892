/**
 * `stackfare measure`: samples the running compose stack through the Docker Engine API every
 * --interval for --duration, and writes what each service really used (memory working set, CPU,
 * bytes sent: min / avg / p95 / max) to a usage file that `estimate --usage` sizes from. Ctrl-C
 * writes what was sampled so far.
 */
import { basename, dirname, resolve } from 'node:path';
import type { ParsedArgs } from '../args.js';
import { normaliseProjectName } from '../compose/project-name.js';
import { formatBytes } from '../core/number-format.js';
import { type ContainerReading, type StatsAnswer, USAGE_VERSION, type UsageFile, UsageRecorder } from '../core/usage.js';
import { UsageError, UserError } from '../errors.js';
import { onInterrupt, onInterruptWork } from '../interrupt.js';
import { DockerClient, dockerEndpoint } from '../io/docker-engine.js';
import { planWrites, writeOutputFile } from '../io/write-files.js';
import { type AppDeps, canRedraw } from './context.js';

/** Where the usage file goes without --output. */
const DEFAULT_USAGE_FILE = 'stackfare.usage.json';
const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';

/** A container as `GET /containers/json` lists it (the fields read). */
interface ContainerSummary {
  Id: string;
  Names?: string[];
  Labels?: Record<string, string>;
  State?: string;
}

/** "10m", "90s", "1h30m", "45" (seconds) → seconds; a UsageError naming the flag otherwise. */
export function parseDuration(raw: string, flag: string): number {
  const text = raw.trim();
  const plain = /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
  let seconds = plain ?? 0;
  if (plain === null) {
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) {
      throw new UsageError(
        `${flag} expects a duration such as 10m, 90s or 1h30m, not "${raw}".`,
        `For example: ${flag} ${flag === '--interval' ? '5s' : '10m'}`,
      );
    }
    const unit = { h: 3600, m: 60, s: 1, ms: 0.001 } as const;
    seconds = parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2] as keyof typeof unit], 0);
  }
  if (!(seconds > 0)) throw new UsageError(`${flag} must be longer than 0 (got "${raw}").`, `For example: ${flag} ${flag === '--interval' ? '5s' : '10m'}`);
  return seconds;
}

/** "1h 2m 3s" / "4m 10s" / "12s". */
export function formatSeconds(total: number): string {
  if (total > 0 && total < 10 && !Number.isInteger(total)) return `${Math.round(total * 10) / 10}s`;
  const s = Math.max(0, Math.round(total));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts = [h ? `${h}h` : '', m || (h && s % 60) ? `${m}m` : '', s % 60 || (!h && !m) ? `${s % 60}s` : ''].filter(Boolean);
  return parts.join(' ');
}

/** What measure was asked to do, from the flags. */
interface MeasurePlan {
  project: string;
  projectFrom: string;
  composeFile: string | null;
  durationSeconds: number;
  intervalSeconds: number;
  output: string;
  force: boolean;
}

/** The compose project's name as docker compose derives it: -p, COMPOSE_PROJECT_NAME, `name:`, the folder. */
async function projectOf(args: ParsedArgs, deps: AppDeps): Promise<{ project: string; from: string; composeFile: string | null }> {
  const flag = args.flags.project as string | undefined;
  const composeFlag = args.flags.compose as string | undefined;
  const composeFile = composeFlag ?? (await findDefaultCompose(deps));
  if (flag !== undefined) {
    const p = normaliseProjectName(flag);
    if (!p) throw new UsageError(`--project "${flag}" has no letter or digit to name a compose project.`, 'For example: --project reasoning');
    return { project: p, from: '--project', composeFile };
  }
  const env = deps.env.COMPOSE_PROJECT_NAME?.trim();
  if (env) return { project: normaliseProjectName(env), from: 'COMPOSE_PROJECT_NAME', composeFile };
  if (composeFile) {
    const name = await composeName(resolve(deps.cwd, composeFile), deps);
    if (name) return { project: normaliseProjectName(name), from: `name: in ${composeFile}`, composeFile };
    return { project: normaliseProjectName(basename(dirname(resolve(deps.cwd, composeFile)))), from: `the folder of ${composeFile}`, composeFile };
  }
  return { project: normaliseProjectName(basename(deps.cwd)), from: 'the current folder', composeFile: null };
}

async function findDefaultCompose(deps: AppDeps): Promise<string | null> {
  const { findComposeFile } = await import('../io/read-compose.js');
  return findComposeFile(deps.cwd, deps.readFile).catch(() => null);
}

/** The compose file's top-level `name:`, interpolated from the environment as compose does. */
async function composeName(path: string, deps: AppDeps): Promise<string | null> {
  const text = await deps.readFile(path, 'compose');
  const { loadYaml, yamlToData } = await import('../io/data-file.js');
  const doc = yamlToData(await loadYaml(), text, path);
  const name = (doc as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || name.trim() === '') return null;
  const { interpolate } = await import('../compose/interpolate.js');
  return interpolate(name, (v) => deps.env[v]).value;
}

async function planOf(args: ParsedArgs, deps: AppDeps): Promise<MeasurePlan> {
  if (args.positionals.length > 0)
    throw new UsageError(`measure takes no arguments (got "${args.positionals[0]}").`, 'Give the compose file with --compose FILE.');
  const { project, from, composeFile } = await projectOf(args, deps);
  const durationSeconds = parseDuration((args.flags.duration as string | undefined) ?? '10m', '--duration');
  const intervalSeconds = parseDuration((args.flags.interval as string | undefined) ?? '5s', '--interval');
  if (intervalSeconds > durationSeconds)
    throw new UsageError(
      `--interval (${formatSeconds(intervalSeconds)}) is longer than --duration (${formatSeconds(durationSeconds)}).`,
      'For example: --duration 10m --interval 5s',
    );
  if (intervalSeconds < 0.5)
    throw new UsageError(`--interval must be at least 0.5s (got ${intervalSeconds}s): each sample asks the Engine for every container's stats.`);
  return {
    project,
    projectFrom: from,
    composeFile,
    durationSeconds,
    intervalSeconds,
    output: (args.flags.output as string | undefined) ?? DEFAULT_USAGE_FILE,
    force: args.flags.force === true,
  };
}

/** Refuses, before sampling for minutes, an output file that exists without --force. */
async function checkOutput(plan: MeasurePlan, deps: AppDeps): Promise<void> {
  const target = resolve(deps.cwd, plan.output);
  const [p] = await planWrites([{ path: basename(target), contents: '' }], dirname(target));
  if (p!.status !== 'new' && !plan.force) {
    throw new UserError(`${plan.output} exists; nothing was measured.`, { hint: 'Re-run with --force to replace it, or give --output another file name.' });
  }
}

/** The running containers of the project; a UserError listing the running projects when none. */
async function projectContainers(docker: DockerClient, project: string): Promise<ContainerSummary[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${PROJECT_LABEL}=${project}`] }));
  return (await docker.get<ContainerSummary[]>(`/containers/json?filters=${filters}`)) ?? [];
}

async function noContainers(docker: DockerClient, plan: MeasurePlan): Promise<never> {
  const all = (await docker.get<ContainerSummary[]>('/containers/json')) ?? [];
  const projects = [...new Set(all.map((c) => c.Labels?.[PROJECT_LABEL]).filter((p): p is string => !!p))].sort();
  throw new UserError(`No running containers of compose project "${plan.project}" (from ${plan.projectFrom}) at ${docker.endpoint.label}.`, {
    hint:
      projects.length > 0
        ? `Running compose projects: ${projects.join(', ')}. Pick one with --project NAME, or start this one (docker compose up -d).`
        : 'No compose project is running: start the stack (docker compose up -d), use it for a while, then measure.',
  });
}

function nameOf(c: ContainerSummary): string {
  return (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
}

/** Whether a stats answer says the container is not running (zero read time, no memory figure). */
function notRunning(a: StatsAnswer | null): boolean {
  return a === null || !a.read || a.read.startsWith('0001-01-01') || a.memory_stats?.usage === undefined;
}

interface Session {
  plan: MeasurePlan;
  docker: DockerClient;
  recorder: UsageRecorder;
  engine: UsageFile['engine'];
  start: number;
  seen: Map<string, { service: string; name: string; samples: number; gone: boolean }>;
  notes: string[];
  stopped: boolean;
  /** Set by Ctrl-C: the interrupt path writes the file and exits the process. */
  interrupted: boolean;
  wake?: () => void;
}

/** One round: list the project's containers, read each one's stats at once, record them. */
async function sampleRound(s: Session): Promise<number> {
  const containers = await projectContainers(s.docker, s.plan.project);
  const answers = await Promise.all(
    containers.map((c) => s.docker.get<StatsAnswer>(`/containers/${encodeURIComponent(c.Id)}/stats?stream=false`).catch(() => null)),
  );
  const readings: ContainerReading[] = [];
  const present = new Set<string>();
  containers.forEach((c, i) => {
    const service = c.Labels?.[SERVICE_LABEL] ?? nameOf(c);
    const answer = answers[i] ?? null;
    if (notRunning(answer)) return;
    present.add(c.Id);
    const known = s.seen.get(c.Id) ?? { service, name: nameOf(c), samples: 0, gone: false };
    known.samples += 1;
    s.seen.set(c.Id, known);
    readings.push({ id: c.Id, service, answer: answer! });
  });
  for (const [id, c] of s.seen) {
    if (present.has(id) || c.gone) continue;
    const note = `${c.name} (${id.slice(0, 12)}) stopped after ${formatSeconds((Date.now() - s.start) / 1000)}; its ${c.samples} sample${c.samples === 1 ? '' : 's'} are kept.`;
    s.recorder.stopped(c.service, note);
    s.notes.push(`${c.service}: ${note}`);
    c.gone = true;
  }
  if (readings.length > 0) s.recorder.record(readings);
  return readings.length;
}

/** The usage file from what was sampled. */
function usageFile(s: Session, interrupted: boolean): UsageFile {
  const end = Date.now();
  const seconds = Math.round((end - s.start) / 100) / 10;
  return {
    version: USAGE_VERSION,
    project: s.plan.project,
    composeFile: s.plan.composeFile,
    window: { start: new Date(s.start).toISOString(), end: new Date(end).toISOString(), seconds, intervalSeconds: s.plan.intervalSeconds },
    samples: s.recorder.rounds,
    interrupted,
    engine: s.engine,
    services: s.recorder.summary(seconds),
    notes: s.notes,
  };
}

/** A progress line with time left, redrawn in place on a terminal. */
function progress(s: Session, deps: AppDeps, containers: number): void {
  if (!canRedraw(deps.stderr, deps.env)) return;
  const elapsed = (Date.now() - s.start) / 1000;
  const share = Math.min(1, elapsed / s.plan.durationSeconds);
  const width = 24;
  const done = Math.round(share * width);
  const bar = `${'#'.repeat(done)}${'-'.repeat(width - done)}`;
  const left = formatSeconds(s.plan.durationSeconds - elapsed);
  deps.stderr.write(`\r\u001b[2K[${bar}] ${Math.round(share * 100)}%  ${left} left  ${s.recorder.rounds} samples, ${containers} containers`);
}

/** Sleeps until the next round, or until an interrupt wakes it. */
function wait(ms: number, s: Session): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, Math.max(0, ms));
    s.wake = () => {
      clearTimeout(timer);
      done();
    };
  });
}

async function sampleAll(s: Session, deps: AppDeps): Promise<void> {
  const intervalMs = s.plan.intervalSeconds * 1000;
  for (let round = 0; !s.stopped; round += 1) {
    const answered = await sampleRound(s);
    progress(s, deps, answered);
    const next = s.start + (round + 1) * intervalMs;
    if (next - s.start > s.plan.durationSeconds * 1000 + 1) break;
    await wait(next - Date.now(), s);
  }
}

/** Writes the file and the summary; returns the text printed. */
async function finish(s: Session, deps: AppDeps, interrupted: boolean): Promise<string> {
  if (canRedraw(deps.stderr, deps.env)) deps.stderr.write('\r\u001b[2K');
  const file = usageFile(s, interrupted);
  if (file.samples === 0) return 'No sample was taken: nothing written.\n';
  await writeOutputFile(s.plan.output, `${JSON.stringify(file, null, 2)}\n`, { force: true, cwd: deps.cwd, flag: '--output' });
  return summaryText(file, s.plan.output);
}

/** The per-service table printed at the end. */
function summaryText(file: UsageFile, output: string): string {
  const rows = Object.entries(file.services).map(([name, u]) => [
    name,
    u.replicas.min === u.replicas.max ? String(u.replicas.max) : `${u.replicas.min}-${u.replicas.max}`,
    formatBytes(u.memoryBytes.avg),
    formatBytes(u.memoryBytes.p95),
    u.cpuVcpu ? u.cpuVcpu.p95.toFixed(3) : '-',
    formatBytes(u.networkTx.bytes),
  ]);
  const head = ['SERVICE', 'REPLICAS', 'MEM AVG', 'MEM P95', 'VCPU P95', 'SENT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    `Measured compose project ${file.project}: ${file.samples} samples over ${formatSeconds(file.window.seconds)} (every ${formatSeconds(file.window.intervalSeconds)})${file.interrupted ? ', interrupted' : ''}.`,
    '',
    line(head),
    ...rows.map(line),
    ...(file.notes.length > 0 ? ['', ...file.notes.map((n) => `Note: ${n}`)] : []),
    '',
    `Wrote ${output}. Price the stack from it: stackfare estimate --usage ${output}`,
    '',
  ].join('\n');
}

/** Runs `stackfare measure`; returns the exit code. */
export async function measureCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  const plan = await planOf(args, deps);
  await checkOutput(plan, deps);
  const docker = new DockerClient(dockerEndpoint(deps.env));
  try {
    const version = (await docker.get<{ Version?: string; ApiVersion?: string; Os?: string }>('/version')) ?? {};
    if ((await projectContainers(docker, plan.project)).length === 0) await noContainers(docker, plan);
    const s: Session = {
      plan,
      docker,
      recorder: new UsageRecorder(),
      engine: { version: version.Version ?? 'unknown', apiVersion: version.ApiVersion ?? 'unknown', os: version.Os ?? 'unknown' },
      start: Date.now(),
      seen: new Map(),
      notes: [],
      stopped: false,
      interrupted: false,
    };
    deps.stderr.write(
      `Measuring compose project ${plan.project} (from ${plan.projectFrom}) for ${formatSeconds(plan.durationSeconds)}, every ${formatSeconds(plan.intervalSeconds)}. Ctrl-C stops early and keeps what was sampled.\n`,
    );
    let text = '';
    onInterruptWork(async () => {
      s.stopped = true;
      s.interrupted = true;
      s.wake?.();
      text = await finish(s, deps, true);
    });
    onInterrupt(() => text);
    await sampleAll(s, deps);
    // After Ctrl-C the interrupt path writes what was sampled, prints it and exits 130.
    if (s.interrupted) return await new Promise<number>(() => {});
    onInterruptWork(undefined);
    onInterrupt(undefined);
    deps.stdout.write(await finish(s, deps, false));
    return 0;
  } finally {
    docker.close();
  }
}
