/** Errors the user can fix (bad flag, bad file, impossible value). Everything else is a bug. */
export class UserError extends Error {
  /** Exit code: 1 for bad input, 2 for bad usage (unknown command, flag or choice). */
  readonly exitCode: 1 | 2;
  /** One line telling the user what to do instead. */
  readonly hint: string | undefined;

  constructor(message: string, options: { hint?: string; exitCode?: 1 | 2; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UserError';
    this.exitCode = options.exitCode ?? 1;
    this.hint = options.hint;
  }
}

/** A usage mistake on the command line: exit code 2. */
export class UsageError extends UserError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: 2, ...(hint === undefined ? {} : { hint }) });
    this.name = 'UsageError';
  }
}

/** The user pressed Ctrl-C or Esc: exit code 130, nothing written. */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

/** Exit codes used by the CLI. */
export const ExitCode = { ok: 0, error: 1, usage: 2, cancelled: 130 } as const;
