/** Runs the built CLI as a user does (a child process, no terminal), for the database commands' tests. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
/** The built entry (STACKFARE_CLI overrides it). */
export const CLI = resolve(root, process.env.STACKFARE_CLI ?? 'dist/cli.js');

/**
 * The built CLI's path, or an error when it has not been built: every test of the built CLI calls
 * this (in a beforeAll), so a missing dist/ fails those tests loudly instead of skipping them.
 */
export function requireBuilt(cli: string = CLI): string {
  if (!existsSync(cli)) {
    const what = process.env.STACKFARE_CLI ? `${cli} (STACKFARE_CLI)` : `dist/ is missing (${cli})`;
    throw new Error(`${what}: run npm run build (npm test builds it first).`);
  }
  return cli;
}

/** Exit code and output of one run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `stackfare ARGS` in `cwd` with `env` added; fails loudly when the CLI is not built. */
export function runCli(args: string[], options: { cwd: string; env?: Record<string, string>; input?: string }): Promise<CliResult> {
  requireBuilt();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
