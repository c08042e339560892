/**
 * The interactive wizard: what to deploy, the tier, the questions that tier needs, then the
 * comparison, a review where any answer can be changed, the platform, the files and a final
 * confirm. Streams and every effect (estimating, drawing, planning files) are injected; it
 * writes nothing itself. Cancel at any prompt throws WizardCancelledError (a CancelledError)
 * before anything is written, carrying the answers given so far.
 */
import type { Readable, Writable } from 'node:stream';
import { AnswersSchema, DEFAULT_PLATFORMS, type Answers, type PlatformId, type ServiceRole } from '../../core/answers.js';
import { diffReports, hasChanges, type ReportDiff } from '../../core/diff.js';
import { buildReport, type Report, type ScalePointJson, type TierSummaryJson } from '../../core/report.js';
import type { StackSource } from '../../core/stack.js';
import { CancelledError, UserError } from '../../errors.js';
import type { PlannedWrite } from '../../io/write-files.js';
import type { Platform } from '../../core/platform.js';
import type { PriceBook } from '../../pricing/price-book.js';
import { cleanStrings, hours, platformLabel, usd } from '../format.js';
import { renderDiffText } from '../print/diff.js';
import {
  DEFAULT_SERVICE_MEMORY_MB,
  QUESTIONS,
  ROLE_CHOICES,
  SOURCE_QUESTION,
  askContext,
  currentValue,
  describeSource,
  setAnswer,
  sourceChoiceOf,
  sourceOptions,
  validateMemory,
  validateServiceName,
  type AskContext,
  type Draft,
  type Question,
  type SourceChoice,
} from './questions.js';
import { askConfirm, askSelect, askText, showError, showIntro, showNote, type WizardIo } from './prompt.js';
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
  /** Compose files found in the current folder. */
  composeFiles: readonly string[];
  /** Reads a compose file (a UserError is shown and the first question asked again). */
  importCompose(file: string): Promise<StackSource>;
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
): { report: Report; scaling: ScalePointJson[] | undefined } {
  const input = { answers, book, platforms, ...(source ? { source } : {}), ...(today ? { today } : {}) };
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

async function wizardSteps<P extends PlannedFiles>(o: WizardOptions<P>, progress: { now: () => WizardProgress }): Promise<WizardResult<P>> {
  const io: WizardIo = { input: o.input, output: o.output };
  const given = new Set(Object.keys(o.preset));
  const asked = new Set<string>();
  let draft: Draft = { ...o.preset };
  let imported = o.imported;
  let tiers: TierSummaryJson[] = [];
  const ctx = (): AskContext => askContext(draft, o.book, imported, tiers);
  const source = () => (draft.compose ? imported : undefined);
  const compareTiers = () => {
    tiers = buildReport({ answers: AnswersSchema.parse(draft), book: o.book, platforms: o.platforms, ...(source() ? { source: source()! } : {}) }, 'all').tiers ?? [];
  };

  // What a cancel keeps: the source once chosen (or the services entered so far), the questions
  // answered, and the platform once its files are planned.
  let sourceAnswered = false;
  let servicesSoFar: { name: string; role: ServiceRole; memoryMb: number }[] = [];
  let chosen: WizardProgress['chosen'];
  progress.now = () => {
    const c = ctx();
    const answered: Draft = {};
    if (sourceAnswered) Object.assign(answered, { compose: draft.compose, services: draft.services });
    else if (servicesSoFar.length > 0) answered.services = servicesSoFar;
    for (const q of QUESTIONS) {
      if (!asked.has(q.id)) continue;
      (answered as Record<string, unknown>)[q.key] = currentValue(q, c);
      // The public services are the difference from the default: made private ones need --private.
      if (q.id === 'exposure' && draft.private !== undefined) answered.private = draft.private;
    }
    return { answered, ...(chosen ? { chosen } : {}) };
  };

  showIntro(io, 'stackfare: price your stack, then write its deployment files');

  /** "What to deploy"; a compose file that cannot be read is reported and the question asked again. */
  const askSource = async () => {
    for (;;) {
      // A compose file in the folder is most likely what the user wants to deploy.
      const proposed: SourceChoice = draft.compose || draft.services || o.composeFiles.length === 0 ? sourceChoiceOf(draft) : `compose:${o.composeFiles[0]}`;
      const choice = await askSelect<SourceChoice>(io, SOURCE_QUESTION.message, sourceOptions(o.composeFiles), proposed);
      const next: Draft = { ...draft };
      delete next.compose;
      delete next.services;
      if (choice === 'builtin') {
        draft = next;
        sourceAnswered = true;
        return;
      }
      if (choice === 'custom') {
        draft = { ...next, services: await askServices(draft.services) };
        sourceAnswered = true;
        return;
      }
      const file = choice.slice('compose:'.length);
      try {
        imported = await o.importCompose(file);
        draft = { ...next, compose: file };
        sourceAnswered = true;
        return;
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        showError(io, `${error.message}${error.hint ? `\n${error.hint}` : ''}`);
      }
    }
  };

  /** A custom stack: name, role and memory of each service, until the user has no more. */
  const askServices = async (previous: Draft['services']) => {
    const services: { name: string; role: ServiceRole; memoryMb: number }[] = [];
    // Entering a new list: a cancel keeps the services entered so far, not the old list.
    sourceAnswered = false;
    servicesSoFar = services;
    for (let i = 0; ; i++) {
      const before = previous?.[i];
      const fallback = `service-${i + 1}`;
      const taken = services.map((s) => s.name);
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
      services.push({ name, role, memoryMb: Number(memory.trim()) });
      if (!(await askConfirm(io, 'Add another service?', previous !== undefined && i + 1 < previous.length))) return services;
    }
  };

  /** Asks one question, showing the current answer as the starting point. */
  const ask = async (q: Question) => {
    const c = ctx();
    const current = currentValue(q, c);
    let value: unknown;
    if (q.kind === 'select') value = await askSelect(io, q.message(c), q.options(c), current as string);
    else if (q.kind === 'confirm') value = await askConfirm(io, q.message(c), current === true);
    else {
      const own = draft[q.key];
      const text = await askText(io, q.message(c), {
        placeholder: q.placeholder(c),
        ...(own !== undefined && own !== null ? { initialValue: q.format(own) } : {}),
        validate: (t) => q.validate(t, c),
      });
      value = q.parse(text, c);
    }
    draft = setAnswer(draft, q, value, c);
    asked.add(q.id);
  };

  /** Asks every question that applies and has no answer yet; drops answers that no longer apply. */
  const askPending = async () => {
    for (const q of QUESTIONS) {
      const c = ctx();
      if (q.when && !q.when(c)) {
        if (!given.has(q.key)) {
          const next = { ...draft };
          delete next[q.key];
          draft = next;
          asked.delete(q.id);
        }
        continue;
      }
      if (given.has(q.key) || asked.has(q.id)) continue;
      await ask(q);
    }
  };

  /** "Change an answer": pick one, ask it again, then whatever it newly calls for. */
  const changeAnswer = async () => {
    const c = ctx();
    const applicable = QUESTIONS.filter((q) => !q.when || q.when(c));
    const options = [
      { value: SOURCE_QUESTION.id, label: `${SOURCE_QUESTION.label}: ${describeSource(draft)}` },
      ...applicable.map((q) => ({
        value: q.id,
        label: `${q.label}: ${q.describe(currentValue(q, c), c)}`,
        ...(given.has(q.key) ? { hint: `set by --${q.flag}` } : {}),
      })),
      { value: 'back', label: '← Back, change nothing' },
    ];
    const id = await askSelect(io, 'Which answer?', options);
    if (id === 'back') return;
    if (id === SOURCE_QUESTION.id) {
      await askSource();
      compareTiers();
    } else {
      await ask(QUESTIONS.find((q) => q.id === id)!);
    }
    await askPending();
  };

  if (!given.has('compose') && !given.has('services')) await askSource();
  compareTiers();
  await askPending();

  // The comparison last drawn, and the answers behind it: a changed answer shows the diff against them.
  let previous: { report: Report; draft: Draft } | undefined;
  for (;;) {
    chosen = undefined;
    const answers = AnswersSchema.parse(draft);
    const spin = createSpinner(o.output, o.animate);
    spin.start('Estimating every platform');
    const compared = wizardComparison(answers, draft);
    const { report: estimated, scaling } = estimateFor(compared, source(), o.book, o.platforms, o.today);
    // What the prompts show (platform names, warnings) is data: control characters escaped.
    const report = cleanStrings(estimated);
    const view = await o.present(report, scaling, compared);
    spin.stop(`Estimated ${report.estimates.length} platform${report.estimates.length === 1 ? '' : 's'}`);
    o.output.write(`\n${view}`);
    if (previous) {
      const diff = diffReports(previous.report, report, {
        before: { label: 'the previous answers', kind: 'answers' },
        after: { label: describeChange(previous.draft, draft), kind: 'answers' },
      });
      if (hasChanges(diff)) o.output.write(`\n${o.presentDiff ? o.presentDiff(diff) : renderDiffText(diff, { columns: 80, color: false })}`);
    }
    previous = { report, draft };

    const proposed = o.platform ?? defaultPlatform(report);
    const next = await askSelect(io, 'What next?', [
      { value: 'continue', label: o.platform ? `Write the ${o.platform} files` : 'Choose a platform and write its files' },
      { value: 'change', label: 'Change an answer', hint: 'the comparison is drawn again' },
    ]);
    if (next === 'change') {
      await changeAnswer();
      continue;
    }

    let platform: PlatformId | 'back';
    if (o.platform) platform = o.platform;
    else {
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
      platform = await askSelect(io, 'Which platform?', options, proposed);
    }
    if (platform === 'back') {
      await changeAnswer();
      continue;
    }

    let out: string | undefined;
    let outLabel = o.outLabel;
    let force = o.force;
    let planned = await o.planFiles(answers, source(), platform);
    chosen = { answers, platform };
    const showPlan = () => {
      const width = Math.max(...planned.writes.map((w) => STATUS_LABEL[w.status].length));
      showNote(
        io,
        planned.writes.map((w) => [`${STATUS_LABEL[w.status].padEnd(width)}  `, w.file.path] as const),
        `${platform} files for ${outLabel}`,
      );
    };
    showPlan();
    const result = (): WizardResult<P> => ({ answers, draft, source: source(), platform, report, planned, force, cancelled: false, ...(out === undefined ? {} : { out }) });
    if (o.dryRun) return result();
    // A conflict at the very end never loses the answers: overwrite, another folder, or cancel.
    let conflicts = planned.writes.filter((w) => w.status === 'changed');
    while (conflicts.length > 0 && !force) {
      const n = conflicts.length;
      const what = await askSelect(io, `${n} file${n > 1 ? 's exist' : ' exists'} in ${outLabel} and differ${n > 1 ? '' : 's'} from what stackfare would write. What now?`, [
        { value: 'overwrite', label: `Overwrite ${n === 1 ? 'it' : `the ${n} changed files`}`, hint: conflicts.map((c) => c.file.path).join(', ') },
        { value: 'folder', label: 'Write to another folder' },
        { value: 'cancel', label: 'Cancel: write nothing', hint: 'the command to run it again is printed' },
      ]);
      if (what === 'cancel') return { ...result(), cancelled: true };
      if (what === 'overwrite') {
        force = true;
        break;
      }
      out = (await askText(io, 'Which folder? (created if missing)', { placeholder: 'deploy', validate: (t) => (t.trim() === '' ? 'a folder, such as deploy' : undefined) })).trim();
      outLabel = out;
      try {
        planned = await o.planFiles(answers, source(), platform, out);
        chosen = { answers, platform, out };
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        showError(io, `${error.message}${error.hint ? `\n${error.hint}` : ''}`);
        continue;
      }
      showPlan();
      conflicts = planned.writes.filter((w) => w.status === 'changed');
    }
    const toWrite = planned.writes.filter((w) => w.status !== 'unchanged').length;
    if (toWrite === 0) return result();
    const verb = conflicts.length > 0 ? `Write ${toWrite} file${toWrite > 1 ? 's' : ''} (overwriting ${conflicts.length})` : `Write ${toWrite} file${toWrite > 1 ? 's' : ''}`;
    if (await askConfirm(io, `${verb} to ${outLabel}?`, true)) return result();
  }
}
