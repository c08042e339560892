/**
 * The wizard's offer to measure: when a Docker socket answers and the stack's compose project
 * runs, it offers to sample it for a few minutes (default: skip) and to size the estimate from
 * what it really uses, as --usage FILE does. Finding the project, sampling and writing the usage
 * file are injected (the command's); this asks, and draws the progress line.
 */
import { styleText } from 'node:util';
import type { StackSource } from '../../core/stack.js';
import type { Measurement } from '../../core/usage-sizing.js';
import { UsageError } from '../../errors.js';
import { parseDuration } from '../../io/sample-usage.js';
import { textWidth } from '../format.js';
import { askSelect, askText, outputColumns, type WizardIo } from './prompt.js';
import type { Draft } from './questions.js';

/** A compose project found running (a quiet look at the Docker socket). */
export interface RunningStack {
  project: string;
  containers: number;
  /** The socket, as messages name it. */
  endpoint: string;
}

/** A measurement taken in the wizard: the usage file written and read back as --usage reads it. */
export interface MeasuredUsage {
  /** The usage file, as the replay command names it (--usage FILE). */
  file: string;
  usage: Measurement;
  /** One line saying what was measured and where it was written. */
  summary: string;
}

/** What the offer needs from the command. */
export interface MeasureEffects {
  /**
   * The stack's compose project when it runs where a Docker socket answers, else undefined, never
   * an error; `strict` (--measure given): a UserError saying why it cannot be measured instead.
   */
  findRunning(draft: Draft, source: StackSource | undefined, strict: boolean): Promise<RunningStack | undefined>;
  /** Samples the project for `seconds`, calling `progress` each round; writes the usage file. */
  measure(running: RunningStack, draft: Draft, seconds: number, progress: (line: string) => void): Promise<MeasuredUsage>;
  /** --measure: the seconds to sample without asking, or 'skip' (never offered). */
  measureFor?: number | 'skip' | undefined;
}

/** The durations offered, in seconds; 0 skips (the default, so Enter never samples for minutes). */
export const MEASURE_CHOICES = [
  { value: '0', label: 'Skip', hint: 'price from the sizes in the compose file and the defaults' },
  { value: '300', label: 'Measure for 5 minutes' },
  { value: '600', label: 'Measure for 10 minutes' },
  { value: '900', label: 'Measure for 15 minutes' },
  { value: 'other', label: 'Measure for another time', hint: 'type it: 90s, 20m, 1h' },
] as const;

/**
 * Offers to measure the running project (or, with --measure, measures without asking) and returns
 * the measurement, or undefined when nothing runs or the user skips. Ctrl-C while sampling reaches
 * the entry's SIGINT handler: the wizard ends with 130 and nothing is written.
 */
export async function offerMeasure(
  io: WizardIo,
  effects: MeasureEffects,
  draft: Draft,
  source: StackSource | undefined,
  animate: boolean,
): Promise<MeasuredUsage | undefined> {
  const given = effects.measureFor;
  if (given === 'skip') return undefined;
  const running = await effects.findRunning(draft, source, given !== undefined);
  if (!running) return undefined;
  const seconds = given ?? (await askDuration(io, running));
  if (!(seconds > 0)) return undefined;
  return sampleWithProgress(io, effects, running, draft, seconds, animate);
}

/** The offer: skip (the default), a few minutes, or a time typed as --measure takes it. */
async function askDuration(io: WizardIo, running: RunningStack): Promise<number> {
  const n = running.containers;
  const choice = await askSelect(
    io,
    `The compose project ${running.project} is running (${n} container${n === 1 ? '' : 's'} at ${running.endpoint}). Measure what it really uses, to size the estimate from it?`,
    [...MEASURE_CHOICES],
    '0',
  );
  if (choice !== 'other') return Number(choice);
  const text = await askText(io, 'Measure for how long? (such as 90s, 20m or 1h)', { placeholder: '5m', defaultValue: '5m', validate: durationProblem });
  return parseDuration(text || '5m', '--measure');
}

/** Why a typed time is refused (the words --measure's error uses), or undefined. */
function durationProblem(text: string): string | undefined {
  try {
    parseDuration(text === '' ? '5m' : text, '--measure');
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}

/** Samples with a progress line redrawn in place on a terminal (elsewhere only the final line). */
async function sampleWithProgress(
  io: WizardIo,
  effects: MeasureEffects,
  running: RunningStack,
  draft: Draft,
  seconds: number,
  animate: boolean,
): Promise<MeasuredUsage> {
  const out = io.output;
  const bar = styleText('gray', '│');
  out.write(`${bar}\n`);
  if (!animate) out.write(`${bar}  Measuring compose project ${running.project}...\n`);
  const draw = (line: string) => {
    if (!animate) return;
    // One line that fits, or the redraw would leave the wrapped part behind.
    const text = `Measuring ${running.project} ${line}`;
    const room = Math.max(10, outputColumns(out) - 4);
    out.write(`\r\u001b[2K${styleText('magenta', '◒')}  ${textWidth(text) > room ? text.slice(0, room) : text}`);
  };
  try {
    const measured = await effects.measure(running, draft, seconds, draw);
    if (animate) out.write('\r\u001b[2K');
    out.write(`${styleText('green', '◇')}  ${measured.summary}\n`);
    return measured;
  } catch (error) {
    if (animate) out.write('\r\u001b[2K');
    throw error;
  }
}
