/**
 * The one-line command that replays a wizard run without prompts, built from the flag table:
 * `stackfare generate --platform P --tier T` plus a flag for every answer that differs from
 * what the command would assume (the schema's defaults, or the --answers file's values).
 */
import { isDeepStrictEqual } from 'node:util';
import { FLAGS, type FlagSpec } from '../../args.js';
import type { Answers, AnswersInput, PlatformId, ServiceOverride } from '../../core/answers.js';
import { shell } from '../../render/serialize.js';
import { textWidth } from '../format.js';

/** Flags that are not answers but shape the files or the input: carried over as given. */
const CARRIED = ['answers', 'pricing', 'profile', 'out', 'railway-legacy', 'write-env'] as const;

export interface ReplayInput {
  answers: Answers;
  platform: PlatformId;
  /** What the replay assumes before its answer flags: the schema's defaults, or the answers file parsed. */
  base: Answers;
  /** Raw flag values of the run (`ParsedArgs.flags`), for the carried-over flags. */
  flags: Readonly<Record<string, unknown>>;
}

/** The flag words that set one answer to `value`, or [] when the flag table cannot say it. */
function answerWords(specs: readonly FlagSpec[], value: unknown): string[] {
  const spec = specs[0]!;
  switch (spec.kind) {
    case 'boolean': {
      const s = specs.find((f) => !f.negates === value);
      return s ? [`--${s.name}`] : [];
    }
    case 'choice':
    case 'string':
      return value === null || value === undefined ? [] : [`--${spec.name}`, String(value)];
    case 'number':
    case 'integer':
      return value === undefined ? [] : [`--${spec.name}`, String(value)];
    case 'names':
      return Array.isArray(value) && value.length > 0 ? [`--${spec.name}`, value.join(',')] : [];
    case 'list':
      // ", " (the parser trims): a long platform list can wrap at its spaces on a narrow terminal.
      return value === undefined ? [] : [`--${spec.name}`, Array.isArray(value) ? value.join(', ') : String(value)];
    case 'users':
      return value === undefined ? [] : [`--${spec.name}`, Array.isArray(value) ? value.join(',') : String(value)];
    case 'services':
      return Array.isArray(value)
        ? [`--${spec.name}`, value.map((s: { name: string; role: string; memoryMb: number }) => `${s.name}:${s.role}:${s.memoryMb}`).join(',')]
        : [];
    case 'repeat':
      if (spec.name === 'release')
        return Object.entries((value ?? {}) as Record<string, string>).flatMap(([name, command]) => [`--${spec.name}`, `${name}=${command}`]);
      return Object.entries((value ?? {}) as Record<string, ServiceOverride>).flatMap(([name, o]) => {
        const pairs = Object.entries(o).filter(([, v]) => v !== undefined);
        return pairs.length === 0 ? [] : [`--${spec.name}`, `${name}:${pairs.map(([k, v]) => `${k}=${v}`).join(',')}`];
      });
  }
}

/** The replay command's arguments (after `stackfare`). */
export function replayArgs(input: ReplayInput): string[] {
  return ['generate', '--platform', input.platform, ...answerArgs('generate', input, CARRIED)];
}

/** Flags of a run carried into the estimate that shows the same comparison: its inputs, not its outputs. */
const ESTIMATE_CARRIED = ['answers', 'pricing', 'profile'] as const;

/** The arguments (after `stackfare`) of the estimate that prices `answers` as the wizard compared them. */
export function estimateArgs(input: Omit<ReplayInput, 'platform'>): string[] {
  return ['estimate', ...answerArgs('estimate', input, ESTIMATE_CARRIED)];
}

/** `--tier T`, a flag for every answer that differs from the base, and the carried flags, as `command` takes them. */
function answerArgs(command: 'generate' | 'estimate', input: Omit<ReplayInput, 'platform'>, carried: readonly string[]): string[] {
  const { answers, base, flags } = input;
  const words = ['--tier', answers.tier];
  const byAnswer = new Map<string, FlagSpec[]>();
  for (const f of FLAGS) {
    if (!f.answer || f.answer === 'tier' || !(f.commands ?? [command]).includes(command)) continue;
    byAnswer.set(f.answer, [...(byAnswer.get(f.answer) ?? []), f]);
  }
  for (const [key, specs] of byAnswer) {
    const value = answers[key as keyof Answers];
    if (isDeepStrictEqual(value, base[key as keyof Answers])) continue;
    words.push(...answerWords(specs, value));
  }
  for (const name of carried) {
    const spec = FLAGS.find((f) => f.name === name)!;
    const raw = flags[name];
    if (raw === undefined || raw === false) continue;
    if (spec.kind === 'boolean') words.push(`--${name}`);
    else if (Array.isArray(raw)) for (const v of raw) words.push(`--${name}`, String(v));
    else words.push(`--${name}`, String(raw));
  }
  return words;
}

/** The replay command as one shell line. */
export function replayCommand(input: ReplayInput): string {
  return ['stackfare', ...replayArgs(input).map(shell)].join(' ');
}

/** Flags of a wizard run that are not answers, carried into the command that resumes it. */
const RESUME_CARRIED = ['answers', 'pricing', 'profile', 'platform', 'out', 'dry-run', 'force', 'railway-legacy', 'write-env'] as const;

export interface ResumeInput {
  /** The answers to name: the command line's, then those given at the prompts (a default taken is named too). */
  answers: Partial<AnswersInput>;
  /** Raw flag values of the run (`ParsedArgs.flags`), for the carried-over flags. */
  flags: Readonly<Record<string, unknown>>;
}

/**
 * The arguments (after `stackfare`) that start the wizard again with the answers given so far:
 * each is a flag, so it is not asked again, and the wizard goes on where it was left. An answer
 * no flag can say (the built-in stack, no custom domain) is asked again.
 */
export function resumeArgs(input: ResumeInput): string[] {
  const words: string[] = [];
  const byAnswer = new Map<string, FlagSpec[]>();
  for (const f of FLAGS) {
    if (!f.answer || !(f.commands ?? ['wizard']).includes('wizard')) continue;
    byAnswer.set(f.answer, [...(byAnswer.get(f.answer) ?? []), f]);
  }
  for (const [key, specs] of byAnswer) {
    const value = input.answers[key as keyof AnswersInput];
    if (value !== undefined) words.push(...answerWords(specs, value));
  }
  for (const name of RESUME_CARRIED) {
    const spec = FLAGS.find((f) => f.name === name)!;
    const raw = input.flags[name];
    if (raw === undefined || raw === false) continue;
    if (spec.kind === 'boolean') words.push(`--${name}`);
    else if (Array.isArray(raw)) for (const v of raw) words.push(`--${name}`, String(v));
    else words.push(`--${name}`, String(raw));
  }
  return words;
}

/**
 * A command as shell lines that fit `width` columns: `  stackfare ...`, continued with ` \`
 * on lines indented by four, a flag kept on the line of its value where both fit. A word too
 * wide for a line is split into quoted parts, each line but the last ending in `\` and the
 * next starting at the margin: the shell joins them again.
 */
export function commandLines(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = '  ';
  let empty = true;
  // Room on the line for a text, a space before it and " \" after it.
  const room = (text: string) => textWidth(line) + (empty ? 0 : 1) + textWidth(text) + 2 <= width;
  const add = (text: string) => {
    line += `${empty ? '' : ' '}${text}`;
    empty = false;
  };
  const newLine = () => {
    lines.push(`${line} \\`);
    line = '    ';
    empty = true;
  };
  const place = (word: string) => {
    const quoted = shell(word);
    if (!empty && !room(quoted)) newLine();
    if (room(quoted)) return add(quoted);
    // Too wide for any line: quoted parts, which the shell joins across the breaks.
    let part = '';
    for (const char of word) {
      if (part !== '' && textWidth(line) + textWidth(shell(part + char)) + 1 > width) {
        lines.push(`${line}${shell(part)}\\`);
        line = '';
        part = '';
      }
      part += char;
    }
    add(shell(part));
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const value = words[i + 1];
    if (word.startsWith('--') && value !== undefined && !value.startsWith('--')) {
      const pair = `${shell(word)} ${shell(value)}`;
      // Onto a line of its own when it fits there, else word by word.
      if (!empty && !room(pair) && 4 + textWidth(pair) + 2 <= width) newLine();
      if (room(pair)) {
        add(pair);
        i += 1;
        continue;
      }
    }
    place(word);
  }
  lines.push(line);
  return lines;
}
