/**
 * `stackfare measure`: samples the running compose stack through the Docker Engine API every
 * --interval for --duration, and writes what each service really used (memory working set, CPU,
 * bytes sent: min / avg / p95 / max) to a usage file that `estimate --usage` sizes from. Ctrl-C
 * writes what was sampled so far.
 */
import { basename, dirname, resolve } from 'node:path';
import type { ParsedArgs } from '../args.js';
import { normaliseProjectName } from '../compose/project-name.js';
import { formatBytes, formatSeconds } from '../core/number-format.js';
import type { UsageFile } from '../core/usage.js';
import { UsageError, UserError } from '../errors.js';
import { onInterrupt, onInterruptWork } from '../interrupt.js';
import { DockerClient, dockerEndpoint } from '../io/docker-engine.js';
import {
  DEFAULT_USAGE_FILE,
  parseDuration,
  progressLine,
  projectContainers,
  runningProjects,
  type SamplingPlan,
  type Session,
  sampleAll,
  startSession,
  stopSampling,
  usageFile,
} from '../io/sample-usage.js';
import { planWrites, writeOutputFile } from '../io/write-files.js';
import { type AppDeps, canRedraw } from './context.js';

// The tests and other callers read these from here.
export { formatSeconds, parseDuration };

/** What measure was asked to do, from the flags. */
interface MeasurePlan extends SamplingPlan {
  projectFrom: string;
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

async function noContainers(docker: DockerClient, plan: MeasurePlan): Promise<never> {
  const projects = await runningProjects(docker);
  throw new UserError(`No running containers of compose project "${plan.project}" (from ${plan.projectFrom}) at ${docker.endpoint.label}.`, {
    hint:
      projects.length > 0
        ? `Running compose projects: ${projects.join(', ')}. Pick one with --project NAME, or start this one (docker compose up -d).`
        : 'No compose project is running: start the stack (docker compose up -d), use it for a while, then measure.',
  });
}

/** The progress line with time left, redrawn in place on a terminal. */
function progress(s: Session, deps: AppDeps, containers: number): void {
  if (canRedraw(deps.stderr, deps.env)) deps.stderr.write(`\r\u001b[2K${progressLine(s, containers)}`);
}

/** Writes the file and the summary; returns the text printed. */
async function finish(s: Session, output: string, deps: AppDeps, interrupted: boolean): Promise<string> {
  if (canRedraw(deps.stderr, deps.env)) deps.stderr.write('\r\u001b[2K');
  const file = usageFile(s, interrupted);
  if (file.samples === 0) return 'No sample was taken: nothing written.\n';
  await writeOutputFile(output, `${JSON.stringify(file, null, 2)}\n`, { force: true, cwd: deps.cwd, flag: '--output' });
  return summaryText(file, output);
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
    const s = await startSession(docker, plan);
    if ((await projectContainers(docker, plan.project)).length === 0) await noContainers(docker, plan);
    s.start = Date.now();
    deps.stderr.write(
      `Measuring compose project ${plan.project} (from ${plan.projectFrom}) for ${formatSeconds(plan.durationSeconds)}, every ${formatSeconds(plan.intervalSeconds)}. Ctrl-C stops early and keeps what was sampled.\n`,
    );
    let text = '';
    onInterruptWork(async () => {
      s.interrupted = true;
      stopSampling(s);
      text = await finish(s, plan.output, deps, true);
    });
    onInterrupt(() => text);
    await sampleAll(s, (containers) => progress(s, deps, containers));
    // After Ctrl-C the interrupt path writes what was sampled, prints it and exits 130.
    if (s.interrupted) return await new Promise<number>(() => {});
    onInterruptWork(undefined);
    onInterrupt(undefined);
    deps.stdout.write(await finish(s, plan.output, deps, false));
    return 0;
  } finally {
    docker.close();
  }
}
