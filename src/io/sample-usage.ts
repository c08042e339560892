/**
 * Sampling a running compose project through the Docker Engine API, shared by `stackfare measure`
 * and the wizard's offer to measure: find the project's containers by their compose labels, read
 * each one's stats every interval, and turn the rounds into a usage file. Printing and writing
 * stay with the callers; a progress callback gets each round.
 */
import { formatSeconds } from '../core/number-format.js';
import { type ContainerReading, type StatsAnswer, USAGE_VERSION, type UsageFile, UsageRecorder } from '../core/usage.js';
import { UsageError } from '../errors.js';
import { DockerClient, dockerEndpoint } from './docker-engine.js';

/** Where a usage file goes when none is named. */
export const DEFAULT_USAGE_FILE = 'stackfare.usage.json';
const PROJECT_LABEL = 'com.docker.compose.project';
const SERVICE_LABEL = 'com.docker.compose.service';

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

/** A container as `GET /containers/json` lists it (the fields read). */
interface ContainerSummary {
  Id: string;
  Names?: string[];
  Labels?: Record<string, string>;
  State?: string;
}

/** What to sample: the project, for how long, how often. */
export interface SamplingPlan {
  project: string;
  composeFile: string | null;
  durationSeconds: number;
  intervalSeconds: number;
}

/** The running containers of a compose project. */
export async function projectContainers(docker: DockerClient, project: string, timeoutMs?: number): Promise<ContainerSummary[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [`${PROJECT_LABEL}=${project}`] }));
  return (await docker.get<ContainerSummary[]>(`/containers/json?filters=${filters}`, timeoutMs)) ?? [];
}

/** The compose projects with a running container, sorted. */
export async function runningProjects(docker: DockerClient): Promise<string[]> {
  const all = (await docker.get<ContainerSummary[]>('/containers/json')) ?? [];
  return [...new Set(all.map((c) => c.Labels?.[PROJECT_LABEL]).filter((p): p is string => !!p))].sort();
}

/** A running compose project found by a quiet look at the Docker socket. */
export interface RunningProject {
  project: string;
  containers: number;
  /** The socket, as messages name it (unix:///var/run/docker.sock). */
  endpoint: string;
}

/**
 * Whether the project's containers run where DOCKER_HOST (or the default socket) answers, asked
 * quietly: no socket, a bad DOCKER_HOST, no answer within `timeoutMs` or no container is undefined,
 * never an error (the wizard only offers to measure when it is not).
 */
export async function findRunningProject(
  env: Readonly<Record<string, string | undefined>>,
  project: string,
  timeoutMs = 1500,
): Promise<RunningProject | undefined> {
  let docker: DockerClient | undefined;
  try {
    docker = new DockerClient(dockerEndpoint(env));
    const containers = (await projectContainers(docker, project, timeoutMs)).length;
    return containers > 0 ? { project, containers, endpoint: docker.endpoint.label } : undefined;
  } catch {
    return undefined;
  } finally {
    docker?.close();
  }
}

function nameOf(c: ContainerSummary): string {
  return (c.Names?.[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
}

/** Whether a stats answer says the container is not running (zero read time, no memory figure). */
function notRunning(a: StatsAnswer | null): boolean {
  return a === null || !a.read || a.read.startsWith('0001-01-01') || a.memory_stats?.usage === undefined;
}

/** One sampling run: what was recorded so far, and how to stop it early. */
export interface Session {
  plan: SamplingPlan;
  docker: DockerClient;
  recorder: UsageRecorder;
  engine: UsageFile['engine'];
  start: number;
  seen: Map<string, { service: string; name: string; samples: number; gone: boolean }>;
  notes: string[];
  stopped: boolean;
  /** Set by Ctrl-C (measure): the interrupt path writes the file and exits the process. */
  interrupted: boolean;
  wake?: () => void;
}

/** A session on `docker`, with the Engine's version as the usage file records it. */
export async function startSession(docker: DockerClient, plan: SamplingPlan): Promise<Session> {
  const version = (await docker.get<{ Version?: string; ApiVersion?: string; Os?: string }>('/version')) ?? {};
  return {
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
export function usageFile(s: Session, interrupted: boolean): UsageFile {
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

/** The progress line: a bar, the share done, the time left, the samples and containers so far. */
export function progressLine(s: Session, containers: number): string {
  const elapsed = (Date.now() - s.start) / 1000;
  const share = Math.min(1, elapsed / s.plan.durationSeconds);
  const width = 24;
  const done = Math.round(share * width);
  const bar = `${'#'.repeat(done)}${'-'.repeat(width - done)}`;
  const left = formatSeconds(s.plan.durationSeconds - elapsed);
  return `[${bar}] ${Math.round(share * 100)}%  ${left} left  ${s.recorder.rounds} samples, ${containers} containers`;
}

/** Sleeps until the next round, or until stopSampling wakes it. */
function wait(ms: number, s: Session): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, Math.max(0, ms));
    s.wake = () => {
      clearTimeout(timer);
      done();
    };
  });
}

/** Ends the sampling after the round under way. */
export function stopSampling(s: Session): void {
  s.stopped = true;
  s.wake?.();
}

/** Samples every interval for the plan's duration (or until stopped); `onRound` gets the containers each round read. */
export async function sampleAll(s: Session, onRound: (containers: number) => void): Promise<void> {
  const intervalMs = s.plan.intervalSeconds * 1000;
  for (let round = 0; !s.stopped; round += 1) {
    onRound(await sampleRound(s));
    const next = s.start + (round + 1) * intervalMs;
    if (next - s.start > s.plan.durationSeconds * 1000 + 1) break;
    await wait(next - Date.now(), s);
  }
}
