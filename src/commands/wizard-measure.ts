/**
 * The wizard's measurement, as the command provides it: which compose project the chosen stack is
 * (as docker compose names it), a quiet look for it at the Docker socket, and sampling it with
 * `stackfare measure`'s code (src/io/sample-usage.ts) into a usage file that is then read exactly
 * as --usage FILE reads it. A usage file is never overwritten without --force: the next free name.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { ParsedArgs } from '../args.js';
import { normaliseProjectName } from '../compose/project-name.js';
import { formatSeconds } from '../core/number-format.js';
import type { StackSource } from '../core/stack.js';
import { UsageError, UserError } from '../errors.js';
import { DockerClient, dockerEndpoint } from '../io/docker-engine.js';
import {
  DEFAULT_USAGE_FILE,
  findRunningProject,
  parseDuration,
  progressLine,
  runningProjects,
  sampleAll,
  startSession,
  usageFile,
} from '../io/sample-usage.js';
import { writeOutputFile } from '../io/write-files.js';
import type { MeasuredUsage, MeasureEffects, RunningStack } from '../ui/wizard/measure-offer.js';
import type { Draft } from '../ui/wizard/questions.js';
import { type AppDeps, readMeasurement } from './context.js';

/**
 * --measure: seconds to sample, 'skip', or undefined (offer it on a terminal). With a usage file
 * already named (--usage, or the answers file's usage) it is refused: one of the two would be dropped.
 */
export function measureFlag(args: ParsedArgs, fileAnswers: Readonly<Record<string, unknown>> = {}): number | 'skip' | undefined {
  const raw = args.flags.measure as string | undefined;
  if (raw === undefined) return undefined;
  if (['skip', 'none', 'no', '0'].includes(raw.trim().toLowerCase())) return 'skip';
  const seconds = parseDuration(raw, '--measure');
  if (args.answers.usage !== undefined) throw new UsageError('--measure and --usage both size the estimate: give one.', 'For example: --measure 5m');
  if (fileAnswers.usage !== undefined) {
    const file = args.flags.answers as string | undefined;
    throw new UsageError(
      `--measure and the answers file${file ? ` ${file}` : ''}'s usage (${String(fileAnswers.usage)}) both size the estimate: give one.`,
      'Leave out --measure to size from that usage file, or remove usage from the answers file to measure again.',
    );
  }
  return seconds;
}

/** The compose project of a stack: a compose file's as compose derives it, else COMPOSE_PROJECT_NAME or the folder (as measure). */
function projectOf(draft: Draft, source: StackSource | undefined, deps: AppDeps): string {
  if (draft.compose && source?.name) return source.name;
  if (draft.compose) return normaliseProjectName(basename(dirname(resolve(deps.cwd, draft.compose))));
  return normaliseProjectName(deps.env.COMPOSE_PROJECT_NAME?.trim() || basename(deps.cwd));
}

/** Why --measure cannot sample: the socket's own error, or the project not running (with those that are). */
async function notRunning(deps: AppDeps, project: string): Promise<never> {
  const docker = new DockerClient(dockerEndpoint(deps.env));
  try {
    const projects = await runningProjects(docker);
    throw new UserError(`--measure: no running containers of compose project "${project}" at ${docker.endpoint.label}.`, {
      hint:
        projects.length > 0
          ? `Running compose projects: ${projects.join(', ')}. Start this one (docker compose up -d), or leave out --measure.`
          : 'Start the stack (docker compose up -d) and use it for a while, or leave out --measure.',
    });
  } finally {
    docker.close();
  }
}

/** The usage file to write beside the compose file (or in the folder): the default name, else the next free one unless --force. */
function usagePath(draft: Draft, deps: AppDeps, force: boolean): string {
  const dir = draft.compose ? dirname(draft.compose) : '.';
  const name = (n: number) => join(dir, n === 1 ? DEFAULT_USAGE_FILE : DEFAULT_USAGE_FILE.replace('.json', `-${n}.json`));
  if (force) return name(1);
  let n = 1;
  while (existsSync(resolve(deps.cwd, name(n)))) n += 1;
  return name(n);
}

/** Samples the project for `seconds` (every 5 s, more often for a short run), writes the usage file and reads it as --usage does. */
async function measure(deps: AppDeps, force: boolean, running: RunningStack, draft: Draft, seconds: number, progress: (line: string) => void) {
  const intervalSeconds = Math.max(0.5, Math.min(5, seconds / 3));
  const output = usagePath(draft, deps, force);
  const docker = new DockerClient(dockerEndpoint(deps.env));
  try {
    const plan = { project: running.project, composeFile: draft.compose ?? null, durationSeconds: seconds, intervalSeconds };
    const s = await startSession(docker, plan);
    await sampleAll(s, (containers) => progress(progressLine(s, containers)));
    const file = usageFile(s, false);
    if (file.samples === 0) throw new UserError(`No sample of compose project ${running.project} was taken: its containers stopped.`);
    await writeOutputFile(output, `${JSON.stringify(file, null, 2)}\n`, { force, cwd: deps.cwd, flag: '--measure' });
    const summary = `Measured ${running.project}: ${file.samples} samples over ${formatSeconds(file.window.seconds)}; wrote ${output} (sized as --usage ${output}).`;
    return { file: output, usage: await readMeasurement(output, deps), summary } satisfies MeasuredUsage;
  } finally {
    docker.close();
  }
}

/** What the wizard's offer to measure runs on. */
export function measureEffects(args: ParsedArgs, deps: AppDeps, fileAnswers: Readonly<Record<string, unknown>> = {}): MeasureEffects {
  return {
    measureFor: measureFlag(args, fileAnswers),
    findRunning: async (draft, source, strict) => {
      const project = projectOf(draft, source, deps);
      const found = await findRunningProject(deps.env, project);
      if (!found && strict) await notRunning(deps, project);
      return found;
    },
    measure: (running, draft, seconds, progress) => measure(deps, args.flags.force === true, running, draft, seconds, progress),
  };
}
