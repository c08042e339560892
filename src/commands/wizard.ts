/**
 * `stackfare` on a terminal: the wizard, then the same writer as `generate`. Off a terminal it
 * stops at once unless `--yes`, which takes every default (and the flags) and runs to the end.
 * Ink and React load only here, through a dynamic import, and only when a terminal shows them.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { ParsedArgs } from '../args.js';
import { type Answers, AnswersSchema, type PlatformId } from '../core/answers.js';
import type { GenerateOptions } from '../core/platform.js';
import type { Report, ScalePointJson } from '../core/report.js';
import type { StackSource } from '../core/stack.js';
import type { Measurement } from '../core/usage-sizing.js';
import { ExitCode, UsageError, UserError } from '../errors.js';
import { onInterrupt } from '../interrupt.js';
import { completeComposePath } from '../io/compose-paths.js';
import { type PlannedWrite, planWrites, writeFiles } from '../io/write-files.js';
import { capabilitiesById, PLATFORMS } from '../platforms/index.js';
import { shell } from '../render/serialize.js';
import { cleanStrings, escapeControls, escapeControlsInText, wrapLines } from '../ui/format.js';
import { renderDiffText } from '../ui/print/diff.js';
import { renderText } from '../ui/print/table.js';
import type { MeasureEffects } from '../ui/wizard/measure-offer.js';
import { COMPOSE_FILE_NAMES, type Draft } from '../ui/wizard/questions.js';
import { commandLines, estimateArgs, replayArgs, resumeArgs } from '../ui/wizard/replay.js';
import { defaultPlatform, estimateFor, runWizard, WizardCancelledError, type WizardProgress } from '../ui/wizard/run-wizard.js';
import { type AppDeps, canRedraw, columnsOf, loadContext, readMeasurement, useColor } from './context.js';
import type { GenerationResult } from './generate.js';
import { measureEffects } from './wizard-measure.js';

interface Planned {
  generation: GenerationResult;
  writes: PlannedWrite[];
}

/** Why the wizard will not start without a terminal, and what to run instead. */
export function noTerminalError(): UsageError {
  return new UsageError(
    'The wizard needs a terminal, and stdin or stdout is not one; it will not wait for answers.',
    'Add --yes to take every default (flags such as --tier, --platform, --region and --out still apply), or run "stackfare estimate" / "stackfare generate --platform P" with flags ("stackfare generate --help" lists them).',
  );
}

/** A terminal that cannot move its cursor: the prompts redraw in place, so they are not drawn there. */
export function dumbTerminalError(): UsageError {
  return new UsageError(
    'The wizard redraws its prompts in place, which a TERM=dumb terminal cannot show; it asks nothing there.',
    'Run it in a terminal that sets TERM (such as xterm-256color), add --yes to take every default, or use "stackfare estimate" / "stackfare generate --platform P" with flags.',
  );
}

/** Runs the wizard (or, with --yes, its defaults) and writes the chosen platform's files. */
export async function wizardCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  try {
    return await wizardRun(args, deps);
  } finally {
    // What an interrupt prints belongs to this run only.
    onInterrupt(undefined);
  }
}

/** What the parts of one wizard run share: the command line, the loaded answers and the helpers that print. */
interface WizardRun {
  args: ParsedArgs;
  deps: AppDeps;
  ctx: Awaited<ReturnType<typeof loadContext>>;
  outDir: string;
  force: boolean;
  dryRun: boolean;
  color: boolean;
  /** The answers file's answers through the schema (the replay command leaves out what equals them). */
  base: Answers;
  composeFiles: string[];
  /** The offer to measure the running compose project (--measure). */
  measure: MeasureEffects;
  /** The generator (Handlebars and the templates), loaded on first use, after the first prompt is up. */
  loadGenerator(): Promise<typeof import('./generate.js')>;
  /** The generate options of the flags, read once the generator is loaded. */
  cache: { options?: GenerateOptions };
  planFiles(answers: Answers, source: StackSource | undefined, platform: PlatformId, out?: string): Promise<Planned>;
  present(report: Report, scaling: readonly ScalePointJson[] | undefined, answers: Answers): Promise<string>;
  importCompose(file: string): Promise<StackSource>;
  completePath(typed: string): readonly string[];
  /** A paragraph wrapped to the terminal (one line elsewhere). */
  para(text: string): string;
  /** The command that runs answers again without prompts: generate, for one platform. */
  replayText(answers: Answers, platform: PlatformId, out: string | undefined): string;
  /** Ctrl-C or Esc at a prompt after an answer: nothing written, and the command that runs it again. */
  cancelText(progress: WizardProgress): string;
}

/** What the wizard (or --yes) settled on, for the writer. */
interface Chosen {
  answers: Answers;
  platform: PlatformId;
  planned: Planned;
  out: string | undefined;
  overwrite: boolean;
  cancelled: boolean;
}

async function wizardRun(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`Unknown command "${args.positionals[0]}".`, 'Run "stackfare --help" for the commands.');
  if (args.flags.tier === 'all')
    throw new UsageError('The wizard needs one tier, not "all".', 'Choices: local, single-user, multi-user. "stackfare estimate --tier all" compares them.');
  const yes = args.flags.yes === true;
  const terminal = deps.stdin.isTTY === true && deps.stdout.isTTY === true;
  if (!yes && !terminal) throw noTerminalError();
  if (!yes && deps.env.TERM === 'dumb') throw dumbTerminalError();
  const run = wizardRunOf(args, deps, await loadContext(args, deps));
  const chosen = yes ? await takeDefaults(run) : await askAnswers(run);
  return typeof chosen === 'number' ? chosen : writeChosen(run, chosen);
}

/** The shared parts of one run. */
function wizardRunOf(args: ParsedArgs, deps: AppDeps, ctx: WizardRun['ctx']): WizardRun {
  let generator: Promise<typeof import('./generate.js')> | undefined;
  const parsedBase = AnswersSchema.safeParse(ctx.fileAnswers);
  const run: WizardRun = {
    args,
    deps,
    ctx,
    outDir: resolve(deps.cwd, (args.flags.out as string | undefined) ?? '.'),
    force: args.flags.force === true,
    dryRun: args.flags['dry-run'] === true,
    color: useColor(deps.stdout, deps.env),
    base: parsedBase.success ? parsedBase.data : AnswersSchema.parse({}),
    composeFiles: COMPOSE_FILE_NAMES.filter((f) => existsSync(join(deps.cwd, f))),
    measure: measureEffects(args, deps, ctx.fileAnswers),
    loadGenerator: () => (generator ??= import('./generate.js')),
    cache: {},
    planFiles: (answers, source, platform, out) => planFiles(run, answers, source, platform, out),
    present: (report, scaling, answers) => present(run, report, scaling, answers),
    completePath: (typed) => completeComposePath(deps.cwd, typed),
    importCompose: async (file) => {
      const { readComposeSource } = await import('../io/read-compose.js');
      return readComposeSource(file, { profiles: (args.flags.profile as string[] | undefined) ?? [], env: deps.env, cwd: deps.cwd, readFile: deps.readFile });
    },
    para: (text) => wrapLines(text, widthOf(deps)).join('\n'),
    replayText: (answers, platform, out) => replayText(run, answers, platform, out),
    cancelText: (progress) => cancelText(run, progress),
  };
  return run;
}

// On a terminal, text and commands are wrapped at words to its width (read when printed: it may
// have been resized); elsewhere a paragraph or a command is one line.
const widthOf = (deps: AppDeps) => (deps.stdout.isTTY ? columnsOf(deps.stdout, deps.env) : Number.POSITIVE_INFINITY);

/** Control characters in a value are shown escaped, and measured so. */
const commandText = (run: WizardRun, words: string[]) => commandLines(['stackfare', ...words].map(escapeControls), widthOf(run.deps)).join('\n');

/** Renders a platform's files in memory and checks them against the disk of the folder. */
async function planFiles(run: WizardRun, answers: Answers, source: StackSource | undefined, platform: PlatformId, out?: string): Promise<Planned> {
  const { args, deps, ctx } = run;
  const { generateFiles, generateOptions, guardEnvFile, repositoryDir, repositoryRoot } = await run.loadGenerator();
  run.cache.options ??= generateOptions(args);
  const options = run.cache.options;
  const dir = out === undefined ? run.outDir : resolve(deps.cwd, out);
  const generation = await generateFiles(
    { ...ctx, answers, source, ...(await usageOf(run, answers)) },
    platform,
    { ...options, repositoryRoot: repositoryRoot(answers.compose, dir, deps.cwd) },
    repositoryDir(answers.compose, deps.cwd),
  );
  // The same .env guard as generate: --write-env never lands a token where git can commit it.
  generation.files = await guardEnvFile(generation.files, dir, deps);
  return { generation, writes: await planWrites(generation.files, dir) };
}

/** The measurement the answers name: --usage's as loaded, else the file the wizard measured into, read as --usage reads it. */
async function usageOf(run: WizardRun, answers: Answers): Promise<{ usage?: Measurement }> {
  const { ctx, deps } = run;
  if (answers.usage === undefined) return {};
  if (answers.usage === ctx.answers.usage && ctx.usage) return { usage: ctx.usage };
  return { usage: await readMeasurement(answers.usage, deps) };
}

/** The comparison: the Ink view on a terminal, the text table elsewhere. */
async function present(run: WizardRun, report: Report, scaling: readonly ScalePointJson[] | undefined, answers: Answers): Promise<string> {
  const { deps, color } = run;
  // The width now, not at start: the terminal may have been resized while answering.
  const columns = columnsOf(deps.stdout, deps.env);
  if (!deps.stdout.isTTY) return renderText(cleanStrings(report), { columns, color, capabilities: capabilitiesById() });
  const { loadView } = await import('../ui/views/load-view.js');
  const { renderComparison } = await loadView();
  // The estimate of exactly these answers: a flag-less one would price the built-in stack.
  const lineItems = escapeControls(['stackfare', ...estimateArgs({ answers, base: run.base, flags: run.args.flags })].map(shell).join(' '));
  return renderComparison(cleanStrings(report), { columns, color, scaling, lineItems });
}

function replayText(run: WizardRun, answers: Answers, platform: PlatformId, out: string | undefined): string {
  // The replay command carries the other folder chosen at a conflict (an overwrite leaves the files
  // as the replay writes them, so it needs no --force).
  const flags = { ...run.args.flags, ...(out === undefined ? {} : { out }) };
  return `\n${run.para('Run it again without prompts:')}\n${commandText(run, replayArgs({ answers, platform, base: run.base, flags }))}\n`;
}

function cancelText(run: WizardRun, progress: WizardProgress): string {
  const { answered, chosen } = progress;
  const { args } = run;
  const { measured } = progress;
  // The usage file measured before the cancel is kept (the command that goes on sizes from it).
  const what = measured ? `Cancelled: no deployment file was written (the measurement stays in ${measured}).` : 'Cancelled: nothing was written.';
  let text = `\n${run.para(what)}\n`;
  if (chosen) text += replayText(run, chosen.answers, chosen.platform, chosen.out ?? (args.flags.out as string | undefined));
  else {
    const words = resumeArgs({ answers: { ...args.answers, ...answered }, flags: args.flags });
    text += `\n${run.para('Run it again with the answers given so far:')}\n${commandText(run, words)}\n`;
  }
  return escapeControlsInText(text);
}

/** --yes: every default (and the flags), the comparison printed, the cheapest platform that fits unless --platform. */
async function takeDefaults(run: WizardRun): Promise<Chosen> {
  const { args, deps, ctx, composeFiles } = run;
  let answers = ctx.answers;
  // As in the wizard, a compose file in the folder is the default source when none is named.
  if (answers.compose === undefined && answers.services === undefined && composeFiles[0] !== undefined) {
    answers = { ...answers, compose: composeFiles[0] };
    ctx.source = await run.importCompose(composeFiles[0]);
    deps.stdout.write(
      `${run.para(`Using the compose file ${composeFiles[0]} found in this folder (--services or an answers file with services chooses another stack).`)}\n\n`,
    );
  }
  if (typeof run.measure.measureFor === 'number' && answers.usage === undefined) {
    const measured = await measureNow(run, answers, run.measure.measureFor);
    answers = { ...answers, usage: measured.file };
    ctx.usage = measured.usage;
  }
  const { report, scaling } = estimateFor(answers, ctx.source, ctx.book, PLATFORMS, ctx.deps.today, ctx.usage);
  deps.stdout.write(await run.present(report, scaling, answers));
  const platform = (args.flags.platform as PlatformId | undefined) ?? defaultPlatform(report);
  if (!platform) throw new UserError('No platform was compared.', { hint: 'Choose one with --platform.' });
  const planned = await run.planFiles(answers, ctx.source, platform);
  return { answers, platform, planned, out: args.flags.out as string | undefined, overwrite: run.force, cancelled: false };
}

/** --yes --measure TIME: samples the project (it must run) with the progress line on stderr, before the estimate. */
async function measureNow(run: WizardRun, answers: Answers, seconds: number) {
  const { deps, ctx } = run;
  const running = (await run.measure.findRunning(answers, ctx.source, true))!;
  const redraw = canRedraw(deps.stderr, deps.env);
  deps.stderr.write(`Measuring compose project ${running.project} for ${seconds} s (Ctrl-C cancels; nothing is written).\n`);
  const measured = await run.measure.measure(running, answers, seconds, (line) => {
    if (redraw) deps.stderr.write(`\r\u001b[2K${line}`);
  });
  deps.stderr.write(`${redraw ? '\r\u001b[2K' : ''}${measured.summary}\n`);
  return measured;
}

/** The prompts; a cancel after an answer prints the command that goes on from there and returns its exit code. */
async function askAnswers(run: WizardRun): Promise<Chosen | number> {
  const { args, deps, ctx } = run;
  const fromFile = ctx.fileAnswers;
  const preset: Draft = { ...fromFile, ...args.answers };
  if (args.answers.serviceOverrides && fromFile.serviceOverrides && typeof fromFile.serviceOverrides === 'object') {
    preset.serviceOverrides = { ...(fromFile.serviceOverrides as object), ...args.answers.serviceOverrides };
  }
  // A Ctrl-C that arrives as a signal (while estimating or drawing, not at a prompt) prints the
  // same command as a cancel at a prompt, through the entry's interrupt handler.
  const progress = { now: (): WizardProgress => ({ answered: {} }) };
  onInterrupt(() => {
    const now = progress.now();
    return now.chosen || Object.keys(now.answered).length > 0 ? run.cancelText(now) : '';
  });
  try {
    const result = await runWizard<Planned>({
      progress,
      input: deps.stdin as unknown as Readable,
      output: deps.stdout as unknown as Writable,
      preset,
      imported: ctx.source,
      book: ctx.book,
      platforms: PLATFORMS,
      today: deps.today,
      usage: ctx.usage,
      composeFiles: run.composeFiles,
      importCompose: run.importCompose,
      completePath: run.completePath,
      present: run.present,
      presentDiff: (diff) => renderDiffText(diff, { columns: columnsOf(deps.stdout, deps.env), color: run.color }),
      planFiles: run.planFiles,
      platform: args.flags.platform as PlatformId | undefined,
      force: run.force,
      dryRun: run.dryRun,
      outLabel: (args.flags.out as string | undefined) ?? 'the current folder',
      // TERM=dumb cannot redraw a line: the spinner prints its final line alone there.
      animate: canRedraw(deps.stdout, deps.env),
      measure: run.measure,
    });
    const { answers, platform, planned, cancelled } = result;
    return { answers, platform, planned, cancelled, out: result.out ?? (args.flags.out as string | undefined), overwrite: result.force };
  } catch (error) {
    // At the first prompt nothing is lost: the entry says "Cancelled".
    if (error instanceof WizardCancelledError && (error.progress.chosen || Object.keys(error.progress.answered).length > 0)) {
      deps.stdout.write(run.cancelText(error.progress));
      return ExitCode.cancelled;
    }
    throw error;
  }
}

/** Writes the chosen files with the same writer as `generate`, then the command that runs it again. */
async function writeChosen(run: WizardRun, chosen: Chosen): Promise<number> {
  const { deps, dryRun } = run;
  const { answers, platform, planned, out } = chosen;
  const replay = () => deps.stdout.write(escapeControlsInText(run.replayText(answers, platform, out)));
  // Interrupted while writing: the writer removes what it had started; the command runs it all again.
  onInterrupt(
    () =>
      `\n${run.para('Cancelled while writing the files (any half-written file was removed).')}\n${escapeControlsInText(run.replayText(answers, platform, out))}`,
  );
  if (chosen.cancelled) {
    deps.stdout.write('\nNothing was written.\n');
    replay();
    return ExitCode.cancelled;
  }
  // The same writer as `generate`: a differing file without --force stops everything, unwritten.
  let writes: PlannedWrite[];
  try {
    writes = await writeFiles(planned.generation.files, out === undefined ? run.outDir : resolve(deps.cwd, out), {
      force: chosen.overwrite,
      dryRun,
      cwd: deps.cwd,
    });
    // The project's starter files (LiteLLM's config) where none exist, as generate writes them.
    const root = answers.compose ? dirname(resolve(deps.cwd, answers.compose)) : resolve(deps.cwd);
    writes.push(...(await (await run.loadGenerator()).writeStarters(planned.generation.projectFiles, root, dryRun, deps.cwd)));
  } catch (error) {
    // Even when the write fails, the answers are not lost: the command to run them again is printed.
    if (error instanceof UserError) replay();
    throw error;
  }
  deps.stdout.write('\n');
  (await run.loadGenerator()).printWrites(writes, planned.generation, dryRun, deps);
  replay();
  return 0;
}
