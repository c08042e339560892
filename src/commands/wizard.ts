/**
 * `stackfare` on a terminal: the wizard, then the same writer as `generate`. Off a terminal it
 * stops at once unless `--yes`, which takes every default (and the flags) and runs to the end.
 * Ink and React load only here, through a dynamic import, and only when a terminal shows them.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { ParsedArgs } from '../args.js';
import { canRedraw, columnsOf, loadContext, useColor, type AppDeps } from '../app.js';
import { AnswersSchema, type Answers, type PlatformId } from '../core/answers.js';
import type { Report, ScalePointJson } from '../core/report.js';
import type { StackSource } from '../core/stack.js';
import { ExitCode, UsageError, UserError } from '../errors.js';
import { planWrites, writeFiles, type PlannedWrite } from '../io/write-files.js';
import { capabilitiesById, PLATFORMS } from '../platforms/index.js';
import type { GenerateOptions } from '../core/platform.js';
import { cleanStrings, escapeControls, escapeControlsInText, wrapLines } from '../ui/format.js';
import { shell } from '../render/serialize.js';
import { renderDiffText } from '../ui/print/diff.js';
import { renderText } from '../ui/print/table.js';
import { onInterrupt } from '../interrupt.js';
import { commandLines, estimateArgs, replayArgs, resumeArgs } from '../ui/wizard/replay.js';
import { COMPOSE_FILE_NAMES, type Draft } from '../ui/wizard/questions.js';
import { defaultPlatform, estimateFor, runWizard, WizardCancelledError, type WizardProgress } from '../ui/wizard/run-wizard.js';
import type { GenerationResult } from './generate.js';

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

/** Runs the wizard (or, with --yes, its defaults) and writes the chosen platform's files. */
export async function wizardCommand(args: ParsedArgs, deps: AppDeps): Promise<number> {
  try {
    return await wizardRun(args, deps);
  } finally {
    // What an interrupt prints belongs to this run only.
    onInterrupt(undefined);
  }
}

async function wizardRun(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`Unknown command "${args.positionals[0]}".`, 'Run "stackfare --help" for the commands.');
  if (args.flags.tier === 'all') throw new UsageError('The wizard needs one tier, not "all".', 'Choices: local, single-user, multi-user. "stackfare estimate --tier all" compares them.');
  const yes = args.flags.yes === true;
  const terminal = deps.stdin.isTTY === true && deps.stdout.isTTY === true;
  if (!yes && !terminal) throw noTerminalError();

  const ctx = await loadContext(args, deps);
  const fromFile = ctx.fileAnswers;
  const outDir = resolve(deps.cwd, (args.flags.out as string | undefined) ?? '.');
  const force = args.flags.force === true;
  const dryRun = args.flags['dry-run'] === true;
  // The generator (Handlebars and the templates) loads on first use, after the first prompt is up.
  let generator: Promise<typeof import('./generate.js')> | undefined;
  const loadGenerator = () => (generator ??= import('./generate.js'));
  let options: GenerateOptions | undefined;
  const color = useColor(deps.stdout, deps.env);

  const planFiles = async (answers: Answers, source: StackSource | undefined, platform: PlatformId, out?: string): Promise<Planned> => {
    const { generateFiles, generateOptions, guardEnvFile, repositoryDir, repositoryRoot } = await loadGenerator();
    options ??= generateOptions(args);
    const dir = out === undefined ? outDir : resolve(deps.cwd, out);
    const generation = await generateFiles({ ...ctx, answers, source }, platform, { ...options, repositoryRoot: repositoryRoot(answers.compose, dir, deps.cwd) }, repositoryDir(answers.compose, deps.cwd));
    // The same .env guard as generate: --write-env never lands a token where git can commit it.
    generation.files = await guardEnvFile(generation.files, dir, deps);
    return { generation, writes: await planWrites(generation.files, dir) };
  };
  const present = async (report: Report, scaling: readonly ScalePointJson[] | undefined, answers: Answers): Promise<string> => {
    // The width now, not at start: the terminal may have been resized while answering.
    const columns = columnsOf(deps.stdout, deps.env);
    if (!deps.stdout.isTTY) return renderText(cleanStrings(report), { columns, color, capabilities: capabilitiesById() });
    const { loadView } = await import('../ui/views/load-view.js');
    const { renderComparison } = await loadView();
    // The estimate of exactly these answers: a flag-less one would price the built-in stack.
    const lineItems = escapeControls(['stackfare', ...estimateArgs({ answers, base, flags: args.flags })].map(shell).join(' '));
    return renderComparison(cleanStrings(report), { columns, color, scaling, lineItems });
  };

  const parsedBase = AnswersSchema.safeParse(fromFile);
  const base = parsedBase.success ? parsedBase.data : AnswersSchema.parse({});
  // On a terminal, text and commands are wrapped at words to its width (read when printed: it may
  // have been resized); elsewhere a paragraph or a command is one line.
  const width = () => (deps.stdout.isTTY ? columnsOf(deps.stdout, deps.env) : Number.POSITIVE_INFINITY);
  const para = (text: string) => wrapLines(text, width()).join('\n');
  // Control characters in a value are shown escaped, and measured so.
  const command = (words: string[]) => commandLines(['stackfare', ...words].map(escapeControls), width()).join('\n');
  /** The command that runs answers again without prompts: generate, for one platform. */
  const replayText = (answers: Answers, platform: PlatformId, out: string | undefined) => {
    // The replay command carries the other folder chosen at a conflict (an overwrite leaves the files
    // as the replay writes them, so it needs no --force).
    const flags = { ...args.flags, ...(out === undefined ? {} : { out }) };
    return `\n${para('Run it again without prompts:')}\n${command(replayArgs({ answers, platform, base, flags }))}\n`;
  };
  /** Ctrl-C or Esc at a prompt after an answer: nothing written, and the command that runs it again. */
  const cancelText = (progress: WizardProgress): string => {
    const { answered, chosen } = progress;
    let text = `\n${para('Cancelled: nothing was written.')}\n`;
    if (chosen) text += replayText(chosen.answers, chosen.platform, chosen.out ?? (args.flags.out as string | undefined));
    else {
      const words = resumeArgs({ answers: { ...args.answers, ...answered }, flags: args.flags });
      text += `\n${para('Run it again with the answers given so far:')}\n${command(words)}\n`;
    }
    return escapeControlsInText(text);
  };
  const cancelledAt = (progress: WizardProgress): number => {
    deps.stdout.write(cancelText(progress));
    return ExitCode.cancelled;
  };

  let answers: Answers;
  let platform: PlatformId;
  let planned: Planned;
  let out = args.flags.out as string | undefined;
  let overwrite = force;
  let cancelled = false;
  const composeFiles = COMPOSE_FILE_NAMES.filter((f) => existsSync(join(deps.cwd, f)));
  const importCompose = async (file: string) => {
    const { readComposeSource } = await import('../io/read-compose.js');
    return readComposeSource(file, { profiles: (args.flags.profile as string[] | undefined) ?? [], env: deps.env, cwd: deps.cwd, readFile: deps.readFile });
  };
  if (yes) {
    answers = ctx.answers;
    // As in the wizard, a compose file in the folder is the default source when none is named.
    if (answers.compose === undefined && answers.services === undefined && composeFiles[0] !== undefined) {
      answers = { ...answers, compose: composeFiles[0] };
      ctx.source = await importCompose(composeFiles[0]);
      deps.stdout.write(`${para(`Using the compose file ${composeFiles[0]} found in this folder (--services or an answers file with services chooses another stack).`)}\n\n`);
    }
    const { report, scaling } = estimateFor(answers, ctx.source, ctx.book, PLATFORMS, ctx.deps.today);
    deps.stdout.write(await present(report, scaling, answers));
    const chosen = (args.flags.platform as PlatformId | undefined) ?? defaultPlatform(report);
    if (!chosen) throw new UserError('No platform was compared.', { hint: 'Choose one with --platform.' });
    platform = chosen;
    planned = await planFiles(answers, ctx.source, platform);
  } else {
    const preset: Draft = { ...fromFile, ...args.answers };
    if (args.answers.serviceOverrides && fromFile.serviceOverrides && typeof fromFile.serviceOverrides === 'object') {
      preset.serviceOverrides = { ...(fromFile.serviceOverrides as object), ...args.answers.serviceOverrides };
    }
    let result;
    // A Ctrl-C that arrives as a signal (while estimating or drawing, not at a prompt) prints the
    // same command as a cancel at a prompt, through the entry's interrupt handler.
    const progress = { now: (): WizardProgress => ({ answered: {} }) };
    onInterrupt(() => {
      const now = progress.now();
      return now.chosen || Object.keys(now.answered).length > 0 ? cancelText(now) : '';
    });
    try {
      result = await runWizard<Planned>({
        progress,
        input: deps.stdin as unknown as Readable,
        output: deps.stdout as unknown as Writable,
        preset,
        imported: ctx.source,
        book: ctx.book,
        platforms: PLATFORMS,
        today: deps.today,
        composeFiles,
        importCompose,
        present,
        presentDiff: (diff) => renderDiffText(diff, { columns: columnsOf(deps.stdout, deps.env), color }),
        planFiles,
        platform: args.flags.platform as PlatformId | undefined,
        force,
        dryRun,
        outLabel: (args.flags.out as string | undefined) ?? 'the current folder',
        // TERM=dumb cannot redraw a line: the spinner prints its final line alone there.
        animate: canRedraw(deps.stdout, deps.env),
      });
    } catch (error) {
      // At the first prompt nothing is lost: the entry says "Cancelled".
      if (error instanceof WizardCancelledError && (error.progress.chosen || Object.keys(error.progress.answered).length > 0)) return cancelledAt(error.progress);
      throw error;
    }
    ({ answers, platform, planned, cancelled } = result);
    if (result.out !== undefined) out = result.out;
    overwrite = result.force;
  }

  const replay = () => deps.stdout.write(escapeControlsInText(replayText(answers, platform, out)));
  // Interrupted while writing: the writer removes what it had started; the command runs it all again.
  onInterrupt(() => `\n${para('Cancelled while writing the files (any half-written file was removed).')}\n${escapeControlsInText(replayText(answers, platform, out))}`);
  if (cancelled) {
    deps.stdout.write('\nNothing was written.\n');
    replay();
    return ExitCode.cancelled;
  }
  // The same writer as `generate`: a differing file without --force stops everything, unwritten.
  let writes: PlannedWrite[];
  try {
    writes = await writeFiles(planned.generation.files, out === undefined ? outDir : resolve(deps.cwd, out), { force: overwrite, dryRun, cwd: deps.cwd });
    // The project's starter files (LiteLLM's config) where none exist, as generate writes them.
    const root = answers.compose ? dirname(resolve(deps.cwd, answers.compose)) : resolve(deps.cwd);
    writes.push(...(await (await loadGenerator()).writeStarters(planned.generation.projectFiles, root, dryRun, deps.cwd)));
  } catch (error) {
    // Even when the write fails, the answers are not lost: the command to run them again is printed.
    if (error instanceof UserError) replay();
    throw error;
  }
  deps.stdout.write('\n');
  (await loadGenerator()).printWrites(writes, planned.generation, dryRun, deps);
  replay();
  return 0;
}
