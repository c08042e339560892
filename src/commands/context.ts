/**
 * What every command stands on: the process as the commands see it (streams, environment, files),
 * how output is drawn there (colour, width, redraw), and the loaded answers, stack and price book.
 * Commands import this module, never the dispatcher (src/app.ts).
 */
import type { ParsedArgs } from '../args.js';
import { nameProblems } from '../core/answer-names.js';
import type { Answers } from '../core/answers.js';
import { DEFAULT_ANSWERS } from '../core/default-answers.js';
import { quickAnswers } from '../core/quick-answers.js';
import { type StackSource, sourceFromAnswers } from '../core/stack.js';
import type { Measurement } from '../core/usage-sizing.js';
import { UsageError, UserError } from '../errors.js';
import type { ReadFile } from '../io/files.js';
import { loadPriceBook } from '../io/load-price-book.js';
import type { PriceBook } from '../pricing/price-book.js';

/** An output stream as the app needs it. */
interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/** The outside world a command runs against: streams, environment, folder, files and the date. */
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
  /** The usage file (--usage / usage), read and validated; absent without one. */
  usage?: Measurement;
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
  // No answers file and only flags whose values the parser has fully checked (or none): the
  // defaults, computed at build time, with those values over them; the schema does not load.
  const quick = answersFile === undefined ? quickAnswers(args.answers, DEFAULT_ANSWERS) : undefined;
  if (quick) {
    answers = quick;
  } else {
    const { readAnswersFile, resolveAnswers } = await import('../io/read-answers.js');
    if (answersFile) fileAnswers = await readAnswersFile(answersFile, deps.readFile);
    answers = resolveAnswers({ flags: args.answers, answerFlags: args.answerFlags, file: answersFile, command: args.command }, fileAnswers);
  }
  const book = await loadPriceBook(args.flags.pricing as string | undefined, deps.readFile);
  const source = answers.compose ? await importStackSource(answers.compose, args, deps) : undefined;
  refuseWrongNames(answers, source, args, answersFile);
  const usage = answers.usage === undefined ? undefined : await readMeasurement(answers.usage, deps);
  return { args, answers, fileAnswers, book, source, ...(usage ? { usage } : {}), deps };
}

/** The usage file, validated (its reader and schema load only when one is given), with the time it is read at. */
export async function readMeasurement(file: string, deps: AppDeps): Promise<Measurement> {
  const { readUsageFile } = await import('../io/read-usage.js');
  // The age warning counts from the run's date when the entry gives it (the end of that day: never a negative age).
  const now = deps.today ? new Date(`${deps.today}T23:59:59Z`) : new Date();
  return { file: await readUsageFile(file, deps.readFile), now };
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
  const { readComposeSource } = await import('../io/read-compose.js');
  return readComposeSource(file, { profiles: (args.flags.profile as string[] | undefined) ?? [], env: deps.env, cwd: deps.cwd, readFile: deps.readFile });
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
  const { writeOutputFile } = await import('../io/write-files.js');
  const status = await writeOutputFile(output, contents, { force: args.flags.force === true, cwd: deps.cwd });
  deps.stderr.write(`${status === 'unchanged' ? 'Unchanged' : 'Wrote'} ${output} (${what}).\n`);
}
