/**
 * The clack prompts the wizard uses, on injected streams, with cancel (Ctrl-C or Esc) turned
 * from clack's cancel value into a CancelledError.
 */
import type { Readable, Writable } from 'node:stream';
import { confirm, isCancel, log, note, select, text } from '@clack/prompts';
import { CancelledError } from '../../errors.js';
import type { Choice } from './questions.js';

/** The terminal the wizard talks to. */
export interface WizardIo {
  input: Readable;
  output: Writable;
}

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
  const opts = options.map((o) => ({ value: o.value, label: o.label, ...(o.hint ? { hint: o.hint } : {}), ...(o.disabled ? { disabled: true } : {}) }));
  return unwrap(
    await select<V>({
      ...io,
      message,
      options: opts as Parameters<typeof select<V>>[0]['options'],
      ...(initialValue !== undefined && options.some((o) => o.value === initialValue) ? { initialValue } : {}),
    }),
  );
}

/** A yes/no prompt. */
export async function askConfirm(io: WizardIo, message: string, initialValue: boolean): Promise<boolean> {
  return unwrap(await confirm({ ...io, message, initialValue }));
}

/** A one-line text prompt; empty input returns `defaultValue` (or ""). */
export async function askText(
  io: WizardIo,
  message: string,
  options: { placeholder?: string; initialValue?: string; defaultValue?: string; validate?: (text: string) => string | undefined },
): Promise<string> {
  const { validate, ...rest } = options;
  const value = unwrap(
    await text({
      ...io,
      message,
      ...rest,
      ...(validate ? { validate: (v: string | undefined) => validate(v ?? '') } : {}),
    }),
  );
  return value ?? '';
}

/** A titled block of lines in the prompt column. */
export function showNote(io: WizardIo, lines: readonly string[], title: string): void {
  note(lines.join('\n'), title, { output: io.output });
}

/** A message in the prompt column. */
export function showInfo(io: WizardIo, message: string): void {
  log.info(message, { output: io.output });
}

/** A warning in the prompt column. */
export function showWarning(io: WizardIo, message: string): void {
  log.warn(message, { output: io.output });
}

/** An error the user can fix, in the prompt column, before asking again. */
export function showError(io: WizardIo, message: string): void {
  log.error(message, { output: io.output });
}
