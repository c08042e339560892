/**
 * run(argv, deps): args → answers → core → output. Everything from the outside world arrives
 * in `deps`, so tests run the whole CLI in-process with fake streams and files.
 */
import { parseArgs, helpText, type EstimateFormat, type ParsedArgs } from './args.js';
import type { Answers } from './core/answers.js';
import { buildReport, type Report } from './core/report.js';
import { DEFAULT_ANSWERS } from './core/default-answers.js';
import { sourceFromAnswers, type StackSource } from './core/stack.js';
import { UsageError, UserError } from './errors.js';
import { nameProblems } from './core/answer-names.js';
import type { ReadFile } from './io/files.js';
import { capabilitiesById, PLATFORMS } from './platforms/index.js';
import { loadPriceBook } from './pricing/load-price-book.js';
import type { PriceBook } from './pricing/price-book.js';
import { cleanStrings } from './ui/format.js';
import { renderJson } from './ui/print/json.js';
import { renderMarkdown } from './ui/print/markdown.js';
import { renderText } from './ui/print/table.js';
import { VERSION } from './version.js';

// What the entry (src/cli.ts) needs beside run(): it imports this module only after the compile cache is on.
export { readInput } from './io/read-input.js';
export { escapeControlsInText } from './ui/format.js';

/** An output stream as the app needs it. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

export interface AppDeps {
  stdout: OutStream;
  stderr: OutStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean | undefined; setRawMode?: (mode: boolean) => unknown };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  readFile: ReadFile;
  /** The run's date, YYYY-MM-DD (the entry reads the clock); absent, no price-book age check. */
  today?: string | undefined;
}

/** What every answers-taking command starts from. */
export interface Context {
  args: ParsedArgs;
  answers: Answers;
  /** The answers file as written (before flags and defaults), or {} without one. */
  fileAnswers: Record<string, unknown>;
  book: PriceBook;
  source: StackSource | undefined;
  deps: AppDeps;
}

/** Whether a line may be redrawn in place (\r, erase, cursor codes): a terminal that is not TERM=dumb. */
export function canRedraw(stream: OutStream, env: AppDeps['env']): boolean {
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Whether colour is wanted on this stream (NO_COLOR and dumb terminals turn it off). */
export function useColor(stream: OutStream, env: AppDeps['env']): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Terminal width, or 80 when not a terminal. */
export function columnsOf(stream: OutStream, env: AppDeps['env']): number {
  const fromEnv = Number(env.COLUMNS);
  if (stream.isTTY && stream.columns) return stream.columns;
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}

/** Answers, price book and (for --compose) the imported stack, shared by the commands. */
export async function loadContext(args: ParsedArgs, deps: AppDeps): Promise<Context> {
  const answersFile = args.flags.answers as string | undefined;
  let fileAnswers: Record<string, unknown> = {};
  let answers: Answers;
  if (answersFile === undefined && Object.keys(args.answers).length === 0) {
    // No answers at all: the defaults, computed at build time; the schema does not load.
    answers = structuredClone(DEFAULT_ANSWERS);
  } else {
    const { readAnswersFile, resolveAnswers } = await import('./io/read-answers.js');
    if (answersFile) fileAnswers = await readAnswersFile(answersFile, deps.readFile);
    answers = resolveAnswers({ flags: args.answers, answerFlags: args.answerFlags, file: answersFile, command: args.command }, fileAnswers);
  }
  const book = await loadPriceBook(args.flags.pricing as string | undefined, deps.readFile);
  const source = answers.compose ? await importStackSource(answers.compose, args, deps) : undefined;
  refuseWrongNames(answers, source, args, answersFile);
  return { args, answers, fileAnswers, book, source, deps };
}

/**
 * A service name the stack does not have in --public / --private / --service / --release (exit 2),
 * or in the answers file's public / private / serviceOverrides / release (exit 1), with the valid
 * names. Which services exist is known only once the compose file is read.
 */
function refuseWrongNames(answers: Answers, source: StackSource | undefined, args: ParsedArgs, answersFile: string | undefined): void {
  const [p] = nameProblems(answers, sourceFromAnswers(answers, source));
  if (!p) return;
  const given = args.answers[p.field];
  const fromFlag = Array.isArray(given) ? given.includes(p.name) : given !== undefined && p.name in given;
  const flag = p.field === 'serviceOverrides' ? '--service' : `--${p.field}`;
  const hint = `Services: ${p.valid.join(', ')}.`;
  if (fromFlag) throw new UsageError(`${flag} ${p.problem}.`, hint);
  throw new UserError(`${answersFile ?? 'The answers'}: ${p.field} ${p.problem}.`, { hint: `${hint} Fix ${p.field} in the file.` });
}

/** Reads a compose file into a stack source (the compose module loads only when needed). */
async function importStackSource(file: string, args: ParsedArgs, deps: AppDeps): Promise<StackSource> {
  const { readComposeSource } = await import('./io/read-compose.js');
  return readComposeSource(file, { profiles: (args.flags.profile as string[] | undefined) ?? [], env: deps.env, cwd: deps.cwd, readFile: deps.readFile });
}

/** The report for a context, at the tier the flags ask for (`--tier all` compares tiers). */
export function reportFor(ctx: Context): Report {
  const tier = ctx.args.flags.tier === 'all' ? 'all' : ctx.answers.tier;
  return buildReport(
    { answers: ctx.answers, book: ctx.book, platforms: PLATFORMS, ...(ctx.source ? { source: ctx.source } : {}), ...(ctx.deps.today ? { today: ctx.deps.today } : {}) },
    tier,
  );
}

/**
 * A report in the chosen format. The table is drawn for the terminal it goes to; written to a
 * file (`toFile`) it is plain text at 100 columns (`wide`: names never shortened). The HTML printer loads only when asked for.
 */
export async function formatReport(report: Report, format: EstimateFormat, deps: AppDeps, toFile = false, wide = false): Promise<string> {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(cleanStrings(report));
    case 'html': {
      const { renderHtml } = await import('./ui/print/html.js');
      return renderHtml(report, capabilitiesById());
    }
    case 'table':
      // Names and price-book strings are data: their control characters are shown, never sent raw.
      return toFile
        ? renderText(cleanStrings(report), { columns: 100, color: false, wide, capabilities: capabilitiesById() })
        : renderText(cleanStrings(report), { columns: columnsOf(deps.stdout, deps.env), color: useColor(deps.stdout, deps.env), wide, capabilities: capabilitiesById() });
  }
}

/** Writes command output to stdout, or with `--output FILE` to that file (atomically, never over a user's file without --force). */
export async function emit(args: ParsedArgs, deps: AppDeps, render: (toFile: boolean) => Promise<string> | string, what: string): Promise<void> {
  const output = args.flags.output as string | undefined;
  if (output === undefined) {
    deps.stdout.write(await render(false));
    return;
  }
  if (output.trim() === '') throw new UsageError('--output needs a file name.', 'For example: --output report.html');
  const contents = await render(true);
  const { writeOutputFile } = await import('./io/write-files.js');
  const status = await writeOutputFile(output, contents, { force: args.flags.force === true, cwd: deps.cwd });
  deps.stderr.write(`${status === 'unchanged' ? 'Unchanged' : 'Wrote'} ${output} (${what}).\n`);
}

async function estimate(args: ParsedArgs, deps: AppDeps): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`estimate takes no arguments (got "${args.positionals[0]}").`, 'Use --compose FILE to start from a compose file.');
  const ctx = await loadContext(args, deps);
  const databaseUrl = args.flags['database-url'] as string | undefined;
  if (databaseUrl !== undefined) {
    // The multi-user tier's database work, measured on the user's schema instead of the seed's guess.
    const { readReadiness, userColumnOf } = await import('./commands/readiness.js');
    const readiness = await readReadiness(databaseUrl, userColumnOf(args), ctx.book);
    ctx.book = withDatabaseEffort(ctx.book, readiness.effortHours, `measured by stackfare readiness on ${readiness.database}: ${readiness.reasoning.slice(1).join(' ')}`);
  }
  const format = (args.flags.format as EstimateFormat | undefined) ?? 'table';
  const report = reportFor(ctx);
  await emit(args, deps, (toFile) => formatReport(report, format, deps, toFile, args.flags.wide === true), `${format} report`);
  return 0;
}

/** The price book with the multi-user database effort replaced by a measured figure. */
export function withDatabaseEffort(book: PriceBook, hours: { min: number; max: number }, note: string): PriceBook {
  const multiUser = { ...book.effort.multiUser, dbIsolation: { min: hours.min, max: hours.max, note } };
  return { ...book, effort: { ...book.effort, multiUser } };
}

/** Runs the CLI; returns the exit code. Errors propagate to the entry, which words them. */
export async function run(argv: readonly string[], deps: AppDeps): Promise<number> {
  const args = parseArgs(argv);
  switch (args.command) {
    case 'help':
      deps.stdout.write(`${helpText(args.positionals[0] as ParsedArgs['command'] | undefined)}\n`);
      return 0;
    case 'version':
      deps.stdout.write(`${VERSION}\n`);
      return 0;
    case 'estimate':
      return estimate(args, deps);
    case 'generate': {
      const { generateCommand } = await import('./commands/generate.js');
      return generateCommand(args, deps);
    }
    case 'import': {
      const { importCommand } = await import('./commands/import.js');
      return importCommand(args, deps);
    }
    case 'prices': {
      const { pricesCommand } = await import('./commands/prices.js');
      return pricesCommand(args, deps);
    }
    case 'readiness': {
      const { readinessCommand } = await import('./commands/readiness.js');
      return readinessCommand(args, deps);
    }
    case 'migrate-data': {
      const { migrateDataCommand } = await import('./commands/migrate-data.js');
      return migrateDataCommand(args, deps);
    }
    case 'check': {
      const { checkCommand } = await import('./commands/check.js');
      return checkCommand(args, deps);
    }
    case 'measure': {
      const { measureCommand } = await import('./commands/measure.js');
      return measureCommand(args, deps);
    }
    case 'diff': {
      const { diffCommand } = await import('./commands/diff.js');
      return diffCommand(args, deps);
    }
    case 'wizard': {
      const { wizardCommand } = await import('./commands/wizard.js');
      return wizardCommand(args, deps);
    }
  }
}
