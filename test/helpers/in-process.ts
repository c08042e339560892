/** Runs the CLI in-process with fake streams and the real bounded file reader; errors are mapped as the entry maps them. */
import { isAbsolute, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from '../../src/app.js';
import type { AppDeps } from '../../src/commands/context.js';
import { CancelledError, UserError } from '../../src/errors.js';
import { readInput } from '../../src/io/read-input.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Set when the error was not a UserError: what the entry reports as "internal error". */
  internal?: unknown;
}

/** Runs argv in `cwd` as the entry would, returning the exit code and the text printed. */
export async function runCli(argv: readonly string[], cwd: string, options: { columns?: number; env?: Record<string, string> } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const deps: AppDeps = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false, columns: options.columns ?? 80 },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: Object.assign(new PassThrough(), { isTTY: false }),
    env: { COLUMNS: String(options.columns ?? 80), ...options.env },
    cwd,
    readFile: (p, kind) => readInput(isAbsolute(p) ? p : join(cwd, p), kind),
  };
  try {
    return { code: await run(argv, deps), stdout, stderr };
  } catch (error) {
    if (error instanceof CancelledError) return { code: 130, stdout, stderr };
    if (error instanceof UserError) return { code: error.exitCode, stdout, stderr: `${stderr}stackfare: ${error.message}\n${error.hint ?? ''}\n` };
    return { code: 1, stdout, stderr: `${stderr}internal error: ${String(error)}`, internal: error };
  }
}
