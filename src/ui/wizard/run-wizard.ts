/**
 * The interactive wizard: what to deploy, the tier, the questions that tier needs, then the
 * comparison, a review where any answer can be changed, the platform, the files and a final
 * confirm. Streams and every effect (estimating, drawing, planning files) are injected; it
 * writes nothing itself. Cancel at any prompt throws WizardCancelledError (a CancelledError)
 * before anything is written, carrying the answers given so far.
 */

import type { Readable, Writable } from 'node:stream';
import { type Answers, AnswersSchema, DEFAULT_PLATFORMS, type PlatformId, type ServiceRole } from '../../core/answers.js';
import { diffReports, hasChanges, type ReportDiff } from '../../core/diff.js';
import { hours, usd } from '../../core/number-format.js';
import type { Platform } from '../../core/platform.js';
import { buildReport, platformLabel, type Report, type ScalePointJson, type TierSummaryJson } from '../../core/report.js';
import type { StackSource } from '../../core/stack.js';
import type { Measurement } from '../../core/usage-sizing.js';
import { CancelledError, UserError } from '../../errors.js';
import type { PlannedWrite } from '../../io/write-files.js';
import type { PriceBook } from '../../pricing/price-book.js';
import { cleanStrings } from '../format.js';
import { renderDiffText } from '../print/diff.js';
import { askComposePath, type CompletePath } from './compose-path.js';
import { type MeasureEffects, offerMeasure } from './measure-offer.js';
import { askConfirm, askSelect, askText, showError, showIntro, showNote, type WizardIo } from './prompt.js';
import {
  type AskContext,
  askContext,
  currentValue,
  DEFAULT_SERVICE_MEMORY_MB,
  type Draft,
  describeSource,
  QUESTIONS,
  type Question,
  ROLE_CHOICES,
  SOURCE_QUESTION,
  type SourceChoice,
  setAnswer,
  sourceChoiceOf,
  sourceOptions,
  validateMemory,
  validateServiceName,
} from './questions.js';
import { createSpinner } from './spinner.js';

/** Files a platform would get, with their status on disk. */
export interface PlannedFiles {
  writes: readonly PlannedWrite[];
}

export interface WizardOptions<P extends PlannedFiles = PlannedFiles> {
  input: Readable;
  output: Writable;
  /** Answers given by flags and the answers file: never asked again. */
  preset: Draft;
  /** The stack of a compose file given with --compose, already imported. */
  imported?: StackSource | undefined;
  book: PriceBook;
  platforms: readonly Platform[];
  /** The run's date (YYYY-MM-DD): the comparison warns when the price book is old. */
  today?: string | undefined;
  /** A usage file (--usage): measured services are sized from it. */
  usage?: Measurement | undefined;
  /** Compose files found in the current folder. */
  composeFiles: readonly string[];
  /** Reads a compose file (a UserError is shown and the first question asked again). */
  importCompose(file: string): Promise<StackSource>;
  /** Completes a typed compose path (folders and .yml/.yaml files); without it no path can be typed. */
  completePath?: CompletePath;
  /** Draws the comparison of `answers` (as compared: the estimate its "Line items" hint names prices them): the Ink view on a terminal. */
  present(report: Report, scaling: readonly ScalePointJson[] | undefined, answers: Answers): Promise<string>;
  /** Draws the change against the previous answers after "Change an answer" (default: plain text, 80 columns). */
  presentDiff?(diff: ReportDiff): string;
  /** Renders a platform's files in memory and checks them against the disk of `out` (default: --out). */
  planFiles(answers: Answers, source: StackSource | undefined, platform: PlatformId, out?: string): Promise<P>;
  /** --platform: the platform question is not asked. */
  platform?: PlatformId | undefined;
  force: boolean;
  dryRun: boolean;
  /** The output folder as the user should read it. */
  outLabel: string;
  /** Animate the spinner (a terminal). */
  animate: boolean;
  /** Filled by the wizard: what was answered so far, for a caller that must say it on an interrupt. */
  progress?: { now: () => WizardProgress };
  /** The offer to measure the running compose project; absent: never offered. */
  measure?: MeasureEffects | undefined;
}

export interface WizardResult<P extends PlannedFiles = PlannedFiles> {
  /** The answers through the one schema. */
  answers: Answers;
  /** The answers as given (flags, file, prompts), without implied defaults. */
  draft: Draft;
  source: StackSource | undefined;
  platform: PlatformId;
  report: Report;
  planned: P;
  /** The folder chosen at a conflict (another folder than --out), if any. */
  out?: string;
  /** Overwrite was chosen at a conflict (as --force would). */
  force: boolean;
  /** Cancel was chosen at a conflict: nothing is written, the replay command is still printed. */
  cancelled: boolean;
}

/** Where the wizard was when a prompt was cancelled: what the command printed then needs. */
export interface WizardProgress {
  /**
   * The answers given at the prompts so far, each by value (a default taken is named too, so a
   * command that resumes does not ask it again). Choosing the built-in stack sets compose and
   * services to undefined: it replaces a --compose or --services given on the command line.
   */
  answered: Draft;
  /** Once a platform's files were planned: the answers, platform and folder they were planned for. */
  chosen?: { answers: Answers; platform: PlatformId; out?: string };
  /** The usage file the wizard measured into (it is written: a cancel keeps it). */
  measured?: string;
}

/** Ctrl-C or Esc at a prompt of the wizard, with the answers given up to then. */
export class WizardCancelledError extends CancelledError {
  constructor(readonly progress: WizardProgress) {
    super();
    this.name = 'WizardCancelledError';
  }
}

/** The platform the wizard proposes: the cheapest that fits the tier, else the first that can run the stack. */
export function defaultPlatform(report: Report): PlatformId | undefined {
  return report.cheapest ?? (report.estimates.find((e) => !cannotRun(e)) ?? report.estimates[0])?.platform;
}

/** Whether a service or database of the stack has no size on this estimate's platform. */
function cannotRun(e: Report['estimates'][number]): boolean {
  return e.warnings.some((w) => w.blocking === true);
}

/**
 * The platforms the wizard compares: the ones the answers name, else the default five plus
 * Kubernetes for the hosted tiers (a sixth choice for those who run or outgrow a PaaS).
 */
export function wizardComparison(answers: Answers, draft: Draft): Answers {
  if (draft.platforms !== undefined || answers.tier === 'local') return answers;
  return { ...answers, platforms: [...DEFAULT_PLATFORMS, 'kubernetes'] };
}

/** User counts for the multi-user chart around the answer: a tenth, the figure, ten times. */
export function usersAround(users: number): number[] {
  return [...new Set([Math.max(1, Math.round(users / 10)), users, users * 10])];
}

/** The report for answers, plus the scale the multi-user chart draws (from the core, not the view). */
export function estimateFor(
  answers: Answers,
  source: StackSource | undefined,
  book: PriceBook,
  platforms: readonly Platform[],
  today?: string,
  usage?: Measurement,
): { report: Report; scaling: ScalePointJson[] | undefined } {
  const input = { answers, book, platforms, ...(source ? { source } : {}), ...(today ? { today } : {}), ...(usage ? { usage } : {}) };
  const report = buildReport(input);
  if (report.scaling || answers.tier !== 'multi-user') return { report, scaling: report.scaling };
  const scaled = buildReport({ ...input, answers: { ...answers, users: usersAround(report.stack.users) } });
  return { report, scaling: scaled.scaling };
}

/** The answers that differ between two drafts, as `region eu-west, phoenix false` (or "the same answers"). */
export function describeChange(before: Draft, after: Draft): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])] as (keyof Draft)[];
  const show = (v: unknown) => (v === undefined ? 'default' : typeof v === 'string' ? v : JSON.stringify(v));
  const changed = keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => `${k} ${show(after[k])}`);
  return changed.length > 0 ? changed.join(', ') : 'the same answers';
}

const STATUS_LABEL = { new: 'new', changed: 'changed', unchanged: 'unchanged' } as const;

/** Runs the wizard to a confirmed plan of files. Throws WizardCancelledError on Ctrl-C or Esc. */
export async function runWizard<P extends PlannedFiles>(o: WizardOptions<P>): Promise<WizardResult<P>> {
  const progress = o.progress ?? { now: (): WizardProgress => ({ answered: {} }) };
  try {
    return await wizardSteps(o, progress);
  } catch (error) {
    if (error instanceof CancelledError && !(error instanceof WizardCancelledError)) throw new WizardCancelledError(progress.now());
    throw error;
  }
}

// ---- The wizard as a state machine -------------------------------------------------------------
// Each step asks at most one thing and returns the next state, so a cancel at any prompt finds in
// the last state exactly what was answered before it (progressOf).

/** A custom service as entered. */
type EnteredService = { name: string; role: ServiceRole; memoryMb: number };

/** Everything the wizard knows between prompts. Steps never change it: they return a new one. */
export interface WizardState {
  /** Answers so far: the preset, then each prompt's. */
  draft: Draft;
  /** Fields given by flags or the answers file: never asked. */
  given: ReadonlySet<string>;
  /** Question ids answered at a prompt. */
  asked: ReadonlySet<string>;
  /** The stack of the compose file the draft names, once imported. */
  imported: StackSource | undefined;
  /** The tiers compared for the stack (the tier question's hints). */
  tiers: readonly TierSummaryJson[];
  book: PriceBook;
  /** "What to deploy" was answered (a cancel keeps the source). */
  sourceAnswered: boolean;
  /** The custom services entered so far, while entering a new list. */
  servicesSoFar: readonly EnteredService[];
  /** The platform (and folder) whose files were planned, until the comparison is drawn again. */
  chosen?: WizardProgress['chosen'];
  /** The comparison last drawn and the draft behind it: the next one shows the difference. */
  previous?: { report: Report; draft: Draft };
  /** The usage the estimate is sized from: --usage, or what the wizard measured. */
  usage: Measurement | undefined;
  /** The offer to measure was made (or had nothing to offer): once per run. */
  measureOffered: boolean;
  /** The usage file the wizard measured into. */
  measured?: string;
}

/** A platform's files planned for answers: what the file steps carry. */
interface FilesPlan<P extends PlannedFiles> {
  answers: Answers;
  report: Report;
  platform: PlatformId;
  planned: P;
  out?: string;
  outLabel: string;
  force: boolean;
}

/** Where the wizard is: the step to run next, with what it needs from the one before. */
export type Step<P extends PlannedFiles = PlannedFiles> =
  | { at: 'source' }
  | { at: 'service'; index: number; previous: Draft['services']; services: readonly EnteredService[] }
  | { at: 'measure' }
  | { at: 'tiers' }
  | { at: 'questions'; from: number }
  | { at: 'ask'; id: string }
  | { at: 'compare' }
  | { at: 'next'; answers: Answers; report: Report }
  | { at: 'change' }
  | { at: 'platform'; answers: Answers; report: Report }
  | { at: 'files'; answers: Answers; report: Report; platform: PlatformId }
  | { at: 'conflict'; plan: FilesPlan<P> }
  | { at: 'confirm'; plan: FilesPlan<P> }
  | { at: 'done'; result: WizardResult<P> };

/** A state and the step to run on it. */
export interface Machine<P extends PlannedFiles = PlannedFiles> {
  state: WizardState;
  step: Step<P>;
}

/** What the steps talk to: the options and the terminal. */
export interface StepEnv<P extends PlannedFiles = PlannedFiles> {
  o: WizardOptions<P>;
  io: WizardIo;
}

/** The state before the first prompt, and its first step (what to deploy, unless a flag said). */
export function initialMachine<P extends PlannedFiles>(o: WizardOptions<P>): Machine<P> {
  const given = new Set(Object.keys(o.preset));
  const state: WizardState = {
    draft: { ...o.preset },
    given,
    asked: new Set(),
    imported: o.imported,
    tiers: [],
    book: o.book,
    sourceAnswered: false,
    servicesSoFar: [],
    usage: o.usage,
    measureOffered: false,
  };
  return { state, step: given.has('compose') || given.has('services') ? { at: 'measure' } : { at: 'source' } };
}

const contextOf = (s: WizardState): AskContext => askContext(s.draft, s.book, s.imported, s.tiers);
const sourceOf = (s: WizardState) => (s.draft.compose ? s.imported : undefined);

/**
 * What a cancel in this state keeps: the source once chosen (or the services entered so far),
 * each question answered at a prompt by value, and the platform once its files are planned.
 */
export function progressOf(s: WizardState): WizardProgress {
  const c = contextOf(s);
  const answered: Draft = {};
  if (s.sourceAnswered) Object.assign(answered, { compose: s.draft.compose, services: s.draft.services });
  else if (s.servicesSoFar.length > 0) answered.services = [...s.servicesSoFar];
  for (const q of QUESTIONS) {
    if (!s.asked.has(q.id)) continue;
    (answered as Record<string, unknown>)[q.key] = currentValue(q, c);
    // The public services are the difference from the default: made private ones need --private.
    if (q.id === 'exposure' && s.draft.private !== undefined) answered.private = s.draft.private;
    // Always on is a setting among each service's overrides: they go on as given.
    if (q.id === 'alwaysOn') answered.serviceOverrides = s.draft.serviceOverrides;
  }
  // A measurement is written when taken: the command that goes on sizes from it.
  if (s.measured) answered.usage = s.measured;
  return { answered, ...(s.chosen ? { chosen: s.chosen } : {}), ...(s.measured ? { measured: s.measured } : {}) };
}

/** The draft without a source: the built-in stack, until a choice sets one. */
function withoutSource(draft: Draft): Draft {
  const next: Draft = { ...draft };
  delete next.compose;
  delete next.services;
  return next;
}

/** A UserError at a prompt is shown and the prompt asked again; anything else ends the wizard. */
function showUserError(io: WizardIo, error: unknown): void {
  if (!(error instanceof UserError)) throw error;
  showError(io, `${error.message}${error.hint ? `\n${error.hint}` : ''}`);
}

/** "What to deploy"; a compose file that cannot be read is reported and the question asked again. */
async function sourceStep<P extends PlannedFiles>(s: WizardState, env: StepEnv<P>): Promise<Machine<P>> {
  const { o, io } = env;
  // A compose file in the folder is most likely what the user wants to deploy.
  const proposed: SourceChoice = s.draft.compose || s.draft.services || o.composeFiles.length === 0 ? sourceChoiceOf(s.draft) : `compose:${o.composeFiles[0]}`;
  const choice = await askSelect<SourceChoice>(io, SOURCE_QUESTION.message, sourceOptions(o.composeFiles, o.completePath !== undefined), proposed);
  if (choice === 'builtin') return { state: { ...s, draft: withoutSource(s.draft), sourceAnswered: true }, step: { at: 'measure' } };
  // Entering a new list: a cancel keeps the services entered so far, not the old list.
  if (choice === 'custom')
    return { state: { ...s, sourceAnswered: false, servicesSoFar: [] }, step: { at: 'service', index: 0, previous: s.draft.services, services: [] } };
  const file = choice === 'path' ? await askComposePath(io, o.completePath!) : choice.slice('compose:'.length);
  try {
    const imported = await o.importCompose(file);
    return { state: { ...s, imported, draft: { ...withoutSource(s.draft), compose: file }, sourceAnswered: true }, step: { at: 'measure' } };
  } catch (error) {
    showUserError(io, error);
    return { state: s, step: { at: 'source' } };
  }
}

/** One service of a custom stack: name, role and memory, then whether another follows. */
async function serviceStep<P extends PlannedFiles>(s: WizardState, step: Extract<Step<P>, { at: 'service' }>, { io }: StepEnv<P>): Promise<Machine<P>> {
  const { index: i, previous } = step;
  const before = previous?.[i];
  const fallback = `service-${i + 1}`;
  const taken = step.services.map((x) => x.name);
  const name = (
    await askText(io, `Service ${i + 1}: name`, {
      placeholder: before?.name ?? fallback,
      defaultValue: before?.name ?? fallback,
      validate: (t) => validateServiceName(t === '' ? (before?.name ?? fallback) : t, taken),
    })
  ).trim();
  const role = await askSelect(io, `What does ${name} do?`, ROLE_CHOICES, before?.role ?? 'api');
  const memory = await askText(io, `Memory of ${name} in MB`, {
    placeholder: String(before?.memoryMb ?? DEFAULT_SERVICE_MEMORY_MB),
    defaultValue: String(before?.memoryMb ?? DEFAULT_SERVICE_MEMORY_MB),
    validate: validateMemory,
  });
  const services = [...step.services, { name, role, memoryMb: Number(memory.trim()) }];
  const entered = { ...s, servicesSoFar: services };
  if (await askConfirm(io, 'Add another service?', previous !== undefined && i + 1 < previous.length)) {
    return { state: entered, step: { at: 'service', index: i + 1, previous, services } };
  }
  return { state: { ...entered, draft: { ...withoutSource(s.draft), services }, sourceAnswered: true }, step: { at: 'measure' } };
}

/**
 * The offer to measure, once a stack is chosen: made once per run, never with a usage file
 * already given. A measurement sizes every estimate after it, and the replay names its file.
 */
function measureStep<P extends PlannedFiles>(s: WizardState, env: StepEnv<P>): Machine<P> | Promise<Machine<P>> {
  // Nothing to offer: no prompt, so the next machine comes back at once.
  if (!env.o.measure || s.measureOffered || s.draft.usage !== undefined) return { state: s, step: { at: 'tiers' } };
  return offerStep(s, env.o.measure, env);
}

/** Looks for the running project and, when it runs, offers to measure it (or measures, with --measure). */
async function offerStep<P extends PlannedFiles>(s: WizardState, effects: MeasureEffects, { o, io }: StepEnv<P>): Promise<Machine<P>> {
  const measured = await offerMeasure(io, effects, s.draft, sourceOf(s), o.animate);
  const state: WizardState = { ...s, measureOffered: true };
  if (!measured) return { state, step: { at: 'tiers' } };
  return { state: { ...state, usage: measured.usage, measured: measured.file, draft: { ...s.draft, usage: measured.file } }, step: { at: 'tiers' } };
}

/** The tiers compared for the chosen stack (the tier question shows one line of each). */
function tiersStep<P extends PlannedFiles>(s: WizardState, { o }: StepEnv<P>): Machine<P> {
  const source = sourceOf(s);
  const usage = s.usage ? { usage: s.usage } : {};
  const tiers =
    buildReport({ answers: AnswersSchema.parse(s.draft), book: s.book, platforms: o.platforms, ...(source ? { source } : {}), ...usage }, 'all').tiers ?? [];
  return { state: { ...s, tiers }, step: { at: 'questions', from: 0 } };
}

/** Asks one question, showing the current answer as the starting point. */
async function askQuestion(s: WizardState, q: Question, io: WizardIo): Promise<WizardState> {
  const c = contextOf(s);
  const current = currentValue(q, c);
  let value: unknown;
  if (q.kind === 'select') value = await askSelect(io, q.message(c), q.options(c), current as string);
  else if (q.kind === 'confirm') value = await askConfirm(io, q.message(c), current === true);
  else {
    const own = s.draft[q.key];
    const text = await askText(io, q.message(c), {
      placeholder: q.placeholder(c),
      emptyEcho: q.describe(q.parse('', c), c),
      ...(own !== undefined && own !== null ? { initialValue: q.format(own) } : {}),
      validate: (t) => q.validate(t, c),
    });
    value = q.parse(text, c);
  }
  return { ...s, draft: setAnswer(s.draft, q, value, c), asked: new Set([...s.asked, q.id]) };
}

/**
 * The next question from `from` that applies and has no answer yet, asked; answers that no longer
 * apply are dropped on the way. None left: the comparison.
 */
async function questionsStep<P extends PlannedFiles>(s: WizardState, from: number, { io }: StepEnv<P>): Promise<Machine<P>> {
  let state = s;
  for (let i = from; i < QUESTIONS.length; i++) {
    const q = QUESTIONS[i]!;
    if (q.when && !q.when(contextOf(state))) {
      if (!state.given.has(q.key)) state = dropAnswer(state, q);
      continue;
    }
    if (state.given.has(q.key) || state.asked.has(q.id)) continue;
    return { state: await askQuestion(state, q, io), step: { at: 'questions', from: i + 1 } };
  }
  return { state, step: { at: 'compare' } };
}

/** A question that no longer applies: its answer left out, as if never asked. */
function dropAnswer(s: WizardState, q: Question): WizardState {
  const draft = { ...s.draft };
  delete draft[q.key];
  const asked = new Set(s.asked);
  asked.delete(q.id);
  return { ...s, draft, asked };
}

/** "Change an answer": pick one; it is asked again, then whatever it newly calls for. */
async function changeStep<P extends PlannedFiles>(s: WizardState, { io }: StepEnv<P>): Promise<Machine<P>> {
  const c = contextOf(s);
  const applicable = QUESTIONS.filter((q) => !q.when || q.when(c));
  const options = [
    { value: SOURCE_QUESTION.id as string, label: `${SOURCE_QUESTION.label}: ${describeSource(s.draft)}` },
    ...applicable.map((q) => ({
      value: q.id,
      label: `${q.label}: ${q.describe(currentValue(q, c), c)}`,
      ...(s.given.has(q.key) ? { hint: `set by --${q.flag}` } : {}),
    })),
    { value: 'back', label: '← Back, change nothing' },
  ];
  const id = await askSelect(io, 'Which answer?', options);
  if (id === 'back') return { state: s, step: { at: 'compare' } };
  return { state: s, step: id === SOURCE_QUESTION.id ? { at: 'source' } : { at: 'ask', id } };
}

/** One question asked again from "change an answer", then the ones it newly calls for. */
async function askStep<P extends PlannedFiles>(s: WizardState, id: string, { io }: StepEnv<P>): Promise<Machine<P>> {
  return { state: await askQuestion(s, QUESTIONS.find((q) => q.id === id)!, io), step: { at: 'questions', from: 0 } };
}

/** Estimates every platform for the answers and draws the comparison (and the change since the last one). */
async function compareStep<P extends PlannedFiles>(s0: WizardState, { o }: StepEnv<P>): Promise<Machine<P>> {
  const s: WizardState = { ...s0, chosen: undefined };
  const answers = AnswersSchema.parse(s.draft);
  const spin = createSpinner(o.output, o.animate);
  spin.start('Estimating every platform');
  const compared = wizardComparison(answers, s.draft);
  const { report: estimated, scaling } = estimateFor(compared, sourceOf(s), o.book, o.platforms, o.today, s.usage);
  // What the prompts show (platform names, warnings) is data: control characters escaped.
  const report = cleanStrings(estimated);
  const view = await o.present(report, scaling, compared);
  spin.stop(`Estimated ${report.estimates.length} platform${report.estimates.length === 1 ? '' : 's'}`);
  o.output.write(`\n${view}`);
  if (s.previous) {
    const diff = diffReports(s.previous.report, report, {
      before: { label: 'the previous answers', kind: 'answers' },
      after: { label: describeChange(s.previous.draft, s.draft), kind: 'answers' },
    });
    if (hasChanges(diff)) o.output.write(`\n${o.presentDiff ? o.presentDiff(diff) : renderDiffText(diff, { columns: 80, color: false })}`);
  }
  return { state: { ...s, previous: { report, draft: s.draft } }, step: { at: 'next', answers, report } };
}

/** "What next?": on to the platform, or change an answer. */
async function nextStep<P extends PlannedFiles>(s: WizardState, step: Extract<Step<P>, { at: 'next' }>, { o, io }: StepEnv<P>): Promise<Machine<P>> {
  const next = await askSelect(io, 'What next?', [
    { value: 'continue', label: o.platform ? `Write the ${o.platform} files` : 'Choose a platform and write its files' },
    { value: 'change', label: 'Change an answer', hint: 'the comparison is drawn again' },
  ]);
  if (next === 'change') return { state: s, step: { at: 'change' } };
  const { answers, report } = step;
  return { state: s, step: o.platform ? { at: 'files', answers, report, platform: o.platform } : { at: 'platform', answers, report } };
}

/** "Which platform?": every compared one, those that cannot run the stack shown but disabled. */
async function platformStep<P extends PlannedFiles>(s: WizardState, step: Extract<Step<P>, { at: 'platform' }>, { io }: StepEnv<P>): Promise<Machine<P>> {
  const { answers, report } = step;
  const options = report.estimates.map((e) => ({
    value: e.platform as PlatformId | 'back',
    label: platformLabel(e),
    hint: [
      `${usd(e.monthlyTotal)} a month`,
      hours(e.effortHours),
      ...(e.cheapest ? ['cheapest'] : []),
      ...(cannotRun(e) ? ['cannot run this stack'] : e.fitsTier ? [] : ['does not fit this tier']),
    ].join(' · '),
    // Its files would leave a service out: generate refuses it, so the wizard does not offer it.
    disabled: cannotRun(e),
  }));
  options.push({ value: 'back', label: '← Back to the answers', hint: '', disabled: false });
  const platform = await askSelect(io, 'Which platform?', options, defaultPlatform(report));
  return { state: s, step: platform === 'back' ? { at: 'change' } : { at: 'files', answers, report, platform } };
}

/** Shows the planned files with their status on disk. */
function showPlan<P extends PlannedFiles>(io: WizardIo, plan: FilesPlan<P>): void {
  const { writes } = plan.planned;
  const width = Math.max(...writes.map((w) => STATUS_LABEL[w.status].length));
  showNote(
    io,
    writes.map((w) => [`${STATUS_LABEL[w.status].padEnd(width)}  `, w.file.path] as const),
    `${plan.platform} files for ${plan.outLabel}`,
  );
}

/** The wizard's result for a plan (cancelled: nothing is to be written). */
function resultOf<P extends PlannedFiles>(s: WizardState, plan: FilesPlan<P>, cancelled = false): Machine<P> {
  const { answers, platform, report, planned, force, out } = plan;
  const result: WizardResult<P> = {
    answers,
    draft: s.draft,
    source: sourceOf(s),
    platform,
    report,
    planned,
    force,
    cancelled,
    ...(out === undefined ? {} : { out }),
  };
  return { state: s, step: { at: 'done', result } };
}

const conflictsOf = (plan: FilesPlan<PlannedFiles>) => plan.planned.writes.filter((w) => w.status === 'changed');

/** Plans the chosen platform's files for --out and shows them; a dry run ends here. */
async function filesStep<P extends PlannedFiles>(s0: WizardState, step: Extract<Step<P>, { at: 'files' }>, { o, io }: StepEnv<P>): Promise<Machine<P>> {
  const { answers, report, platform } = step;
  const planned = await o.planFiles(answers, sourceOf(s0), platform);
  const s: WizardState = { ...s0, chosen: { answers, platform } };
  const plan: FilesPlan<P> = { answers, report, platform, planned, outLabel: o.outLabel, force: o.force };
  showPlan(io, plan);
  if (o.dryRun) return resultOf(s, plan);
  return { state: s, step: conflictsOf(plan).length > 0 && !plan.force ? { at: 'conflict', plan } : { at: 'confirm', plan } };
}

/** A conflict at the very end never loses the answers: overwrite, another folder, or cancel. */
async function conflictStep<P extends PlannedFiles>(s: WizardState, plan: FilesPlan<P>, { o, io }: StepEnv<P>): Promise<Machine<P>> {
  const conflicts = conflictsOf(plan);
  const n = conflicts.length;
  const what = await askSelect(
    io,
    `${n} file${n > 1 ? 's exist' : ' exists'} in ${plan.outLabel} and differ${n > 1 ? '' : 's'} from what stackfare would write. What now?`,
    [
      { value: 'overwrite', label: `Overwrite ${n === 1 ? 'it' : `the ${n} changed files`}`, hint: conflicts.map((c) => c.file.path).join(', ') },
      { value: 'folder', label: 'Write to another folder' },
      { value: 'cancel', label: 'Cancel: write nothing', hint: 'the command to run it again is printed' },
    ],
  );
  if (what === 'cancel') return resultOf(s, plan, true);
  if (what === 'overwrite') return { state: s, step: { at: 'confirm', plan: { ...plan, force: true } } };
  const out = (
    await askText(io, 'Which folder? (created if missing)', {
      placeholder: 'deploy',
      validate: (t) => (t.trim() === '' ? 'a folder, such as deploy' : undefined),
    })
  ).trim();
  let planned: P;
  try {
    planned = await o.planFiles(plan.answers, sourceOf(s), plan.platform, out);
  } catch (error) {
    showUserError(io, error);
    // The folder is named in the question from now on, as the files would go there.
    return { state: s, step: { at: 'conflict', plan: { ...plan, out, outLabel: out } } };
  }
  const next: FilesPlan<P> = { ...plan, planned, out, outLabel: out };
  showPlan(io, next);
  const state = { ...s, chosen: { answers: plan.answers, platform: plan.platform, out } };
  return { state, step: conflictsOf(next).length > 0 ? { at: 'conflict', plan: next } : { at: 'confirm', plan: next } };
}

/** The last question: write the files? No: the comparison again. */
async function confirmStep<P extends PlannedFiles>(s: WizardState, plan: FilesPlan<P>, { io }: StepEnv<P>): Promise<Machine<P>> {
  const toWrite = plan.planned.writes.filter((w) => w.status !== 'unchanged').length;
  if (toWrite === 0) return resultOf(s, plan);
  const conflicts = conflictsOf(plan).length;
  const files = `${toWrite} file${toWrite > 1 ? 's' : ''}`;
  const verb = conflicts > 0 ? `Write ${files} (overwriting ${conflicts})` : `Write ${files}`;
  if (await askConfirm(io, `${verb} to ${plan.outLabel}?`, true)) return resultOf(s, plan);
  // No platform is chosen any more: an interrupt while estimating again resumes from the answers.
  return { state: { ...s, chosen: undefined }, step: { at: 'compare' } };
}

/** Runs the step the machine is at and returns the next machine. */
export function wizardStep<P extends PlannedFiles>(m: Machine<P>, env: StepEnv<P>): Promise<Machine<P>> | Machine<P> {
  const { state: s, step } = m;
  switch (step.at) {
    case 'source':
      return sourceStep(s, env);
    case 'service':
      return serviceStep(s, step, env);
    case 'measure':
      return measureStep(s, env);
    case 'tiers':
      return tiersStep(s, env);
    case 'questions':
      return questionsStep(s, step.from, env);
    case 'ask':
      return askStep(s, step.id, env);
    case 'compare':
      return compareStep(s, env);
    case 'next':
      return nextStep(s, step, env);
    case 'change':
      return changeStep(s, env);
    case 'platform':
      return platformStep(s, step, env);
    case 'files':
      return filesStep(s, step, env);
    case 'conflict':
      return conflictStep(s, step.plan, env);
    case 'confirm':
      return confirmStep(s, step.plan, env);
    case 'done':
      return m;
  }
}

async function wizardSteps<P extends PlannedFiles>(o: WizardOptions<P>, progress: { now: () => WizardProgress }): Promise<WizardResult<P>> {
  const env: StepEnv<P> = { o, io: { input: o.input, output: o.output } };
  let m = initialMachine(o);
  // A cancel reads the last state: what was answered before the prompt it interrupted.
  progress.now = () => progressOf(m.state);
  showIntro(env.io, 'stackfare: price your stack, then write its deployment files');
  while (m.step.at !== 'done') m = await wizardStep(m, env);
  return m.step.result;
}
