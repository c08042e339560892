/**
 * The clack prompts the wizard uses, on injected streams, with cancel (Ctrl-C or Esc) turned
 * from clack's cancel value into a CancelledError. Every text is wrapped here, at words, to the
 * width of the terminal it is drawn on (clack wraps some of it, without the guide or mid-word).
 */
import type { Readable, Writable } from 'node:stream';
import { styleText } from 'node:util';
import { ConfirmPrompt } from '@clack/core';
import {
  isCancel,
  log,
  S_BAR,
  S_BAR_END,
  S_BAR_H,
  S_BAR_START,
  S_CONNECT_LEFT,
  S_CORNER_BOTTOM_RIGHT,
  S_CORNER_TOP_RIGHT,
  S_RADIO_ACTIVE,
  S_RADIO_INACTIVE,
  S_STEP_SUBMIT,
  select,
  symbol,
  text,
} from '@clack/prompts';
import { CancelledError } from '../../errors.js';
import { escapeControlsInText, textWidth, wrapLines, wrapWithPrefix } from '../format.js';
import type { Choice } from './questions.js';

/** The terminal the wizard talks to. */
export interface WizardIo {
  input: Readable;
  output: Writable;
}

/** The width clack draws at: the terminal's columns, else 80. Read at each draw: the terminal may be resized. */
export function outputColumns(output: Writable): number {
  const columns = (output as { columns?: unknown }).columns;
  return typeof columns === 'number' && columns > 0 ? columns : 80;
}

/** Width of the guide clack draws before each line of the prompt column ("│  "). */
const GUIDE = 3;

/** Text for the prompt column: wrapped at words to fit beside the guide, lines joined by `joint`. */
function column(io: WizardIo, text: string, joint = '\n', indent = GUIDE): string {
  return wrapLines(escapeControlsInText(text), outputColumns(io.output) - indent).join(joint);
}

const bar = () => styleText('gray', S_BAR);

function unwrap<T>(value: T): Exclude<T, symbol> {
  if (isCancel(value)) throw new CancelledError();
  return value as Exclude<T, symbol>;
}

/** A select prompt; returns the chosen value. */
export async function askSelect<V extends string>(
  io: WizardIo,
  message: string,
  options: readonly (Choice & { value: V; disabled?: boolean })[],
  initialValue?: V,
): Promise<V> {
  // clack wraps the options itself, at words, with the guide before every line.
  const opts = options.map((o) => ({ value: o.value, label: o.label, ...(o.hint ? { hint: o.hint } : {}), ...(o.disabled ? { disabled: true } : {}) }));
  return unwrap(
    await select<V>({
      ...io,
      // clack puts the guide before each line of a message that comes in lines.
      message: column(io, message),
      options: opts as Parameters<typeof select<V>>[0]['options'],
      ...(initialValue !== undefined && options.some((o) => o.value === initialValue) ? { initialValue } : {}),
    }),
  );
}

/**
 * clack's yes/no prompt, except that Esc leaves the answer as it was: clack treats Esc as a
 * cursor key too, so its prompt flips the value before cancelling and shows the other answer
 * struck through ("No" while Yes was highlighted).
 */
class SteadyConfirm extends ConfirmPrompt {
  constructor(options: ConstructorParameters<typeof ConfirmPrompt>[0]) {
    super(options);
    // Runs after clack's own cursor listener: a "cancel" key flips the value back.
    this.on('cursor', (key) => {
      if (key === 'cancel') this.value = !this.value;
    });
  }
}

/** The prompt as clack's confirm draws it: the question, then Yes / No, the answer once given. */
function renderConfirm(this: SteadyConfirm, message: string): string {
  const head = `${styleText('gray', S_BAR)}\n${symbol(this.state)}  ${message}\n`;
  const answer = this.value ? 'Yes' : 'No';
  if (this.state === 'submit') return `${head}${bar()}  ${styleText('dim', answer)}`;
  if (this.state === 'cancel') return `${head}${bar()}  ${styleText(['strikethrough', 'dim'], answer)}\n${bar()}`;
  const yes = this.value ? `${styleText('green', S_RADIO_ACTIVE)} Yes` : `${styleText('dim', S_RADIO_INACTIVE)} ${styleText('dim', 'Yes')}`;
  const no = this.value ? `${styleText('dim', S_RADIO_INACTIVE)} ${styleText('dim', 'No')}` : `${styleText('green', S_RADIO_ACTIVE)} No`;
  return `${head}${styleText('cyan', S_BAR)}  ${yes} ${styleText('dim', '/')} ${no}\n${styleText('cyan', S_BAR_END)}\n`;
}

/** A yes/no prompt. Esc or Ctrl-C cancels, showing the answer that was highlighted. */
export async function askConfirm(io: WizardIo, message: string, initialValue: boolean): Promise<boolean> {
  const text = column(io, message, `\n${bar()}  `);
  const prompt = new SteadyConfirm({
    ...io,
    active: 'Yes',
    inactive: 'No',
    initialValue,
    render() {
      return renderConfirm.call(this as SteadyConfirm, text);
    },
  });
  return unwrap(await prompt.prompt()) as boolean;
}

/** A one-line text prompt; empty input returns `defaultValue` (or ""). */
export async function askText(
  io: WizardIo,
  message: string,
  options: { placeholder?: string; initialValue?: string; defaultValue?: string; validate?: (text: string) => string | undefined; emptyEcho?: string },
): Promise<string> {
  const { validate, placeholder, emptyEcho, ...rest } = options;
  // clack's text prompt draws its message, placeholder and error as they come: without the
  // guide on later lines, and cut wherever the terminal ends. So they come wrapped, with it.
  const guided = `\n${bar()}  `;
  const value = unwrap(
    await text({
      ...io,
      message: column(io, message, guided),
      ...(placeholder === undefined ? {} : { placeholder: column(io, placeholder, guided) }),
      ...rest,
      ...(validate
        ? {
            validate: (v: string | undefined) => {
              const problem = validate(v ?? '');
              // Below "└  ": later lines line up with the first.
              return problem === undefined ? undefined : column(io, problem, `\n${' '.repeat(GUIDE)}`);
            },
          }
        : {}),
    }),
  );
  // Enter on an empty line takes the default, which clack echoes as an empty line: say what was taken.
  if ((value ?? '') === '' && emptyEcho) io.output.write(`\u001b[1A\u001b[2K${bar()}  ${styleText('dim', column(io, emptyEcho, `\n${bar()}  `))}\n`);
  return value ?? '';
}

/** The wizard's first line, wrapped under clack's opening corner. */
export function showIntro(io: WizardIo, title: string): void {
  const lines = wrapWithPrefix(title, outputColumns(io.output), `${styleText('gray', S_BAR_START)}  `, `${bar()}  `);
  io.output.write(`${lines.join('\n')}\n`);
}

/** A line of a note: text, or a lead (such as a status column) with text wrapped beside it. */
export type NoteLine = string | readonly [lead: string, text: string];

/**
 * A titled box of lines in the prompt column, drawn as clack draws its notes, but wrapped at
 * words to fit the terminal, title included, so its right border stays whole at any width.
 */
export function showNote(io: WizardIo, lines: readonly NoteLine[], title: string): void {
  // "│  " before a line, "  │" after it (clack's note): the text gets the rest.
  const room = Math.max(10, outputColumns(io.output) - 6);
  const [head = '', ...titleRest] = wrapLines(escapeControlsInText(title), room);
  const content = lines.flatMap((l) => {
    if (typeof l === 'string') return wrapLines(escapeControlsInText(l), room);
    const [lead, rest] = l;
    return wrapWithPrefix(escapeControlsInText(rest), room, lead, ' '.repeat(textWidth(lead)));
  });
  const body = [...titleRest, '', ...content, ''];
  const inner = Math.max(textWidth(head), ...body.map(textWidth)) + 2;
  const gray = (t: string) => styleText('gray', t);
  const out = [
    bar(),
    `${styleText('green', S_STEP_SUBMIT)}  ${head} ${gray(`${S_BAR_H.repeat(Math.max(inner - textWidth(head) - 1, 1))}${S_CORNER_TOP_RIGHT}`)}`,
    ...body.map((l) => `${bar()}  ${l}${' '.repeat(inner - textWidth(l))}${bar()}`),
    gray(`${S_CONNECT_LEFT}${S_BAR_H.repeat(inner + 2)}${S_CORNER_BOTTOM_RIGHT}`),
  ];
  io.output.write(`${out.join('\n')}\n`);
}

/** An error the user can fix, in the prompt column, before asking again. */
export function showError(io: WizardIo, message: string): void {
  log.error(column(io, message), { output: io.output });
}
