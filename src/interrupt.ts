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

let work: (() => Promise<void>) | undefined;

/**
 * Sets (or clears) work to finish before the process exits on an interrupt: `measure` writes
 * what it has sampled so far. It runs before the half-written temporary files are removed.
 */
export function onInterruptWork(fn: (() => Promise<void>) | undefined): void {
  work = fn;
}

/** Runs the interrupt work, if any; its failure is reported, never thrown. */
export async function runInterruptWork(report: (message: string) => void): Promise<void> {
  const fn = work;
  work = undefined;
  try {
    await fn?.();
  } catch (error) {
    report(`stackfare: ${(error as Error)?.message ?? String(error)}\n`);
  }
}
