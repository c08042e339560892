/**
 * What the entry prints when the process is interrupted (SIGINT) outside a prompt, in place of a
 * bare "Cancelled": a command holding work worth keeping registers it (the wizard: the command
 * that runs the answers given so far again). Small on purpose: the entry loads it at start.
 */
let describe: (() => string) | undefined;

/** Sets (or, with undefined, clears) what an interrupt prints. */
export function onInterrupt(text: (() => string) | undefined): void {
  describe = text;
}

/** The text to print on an interrupt, or '' when none was set (or it could not be made). */
export function interruptNote(): string {
  try {
    return describe?.() ?? '';
  } catch {
    return '';
  }
}
