/** shellcheck for the generated scripts and DEPLOY.md blocks: present, or a loud skip (a failure in CI). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether shellcheck is on PATH. */
export const SHELLCHECK = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;
/** In CI a missing shellcheck fails the suite instead of skipping it. */
export const IN_CI = process.env.CI === 'true';

let noticed = false;
/** Prints the one notice that the shellcheck tests are skipped here. */
export function shellcheckNotice(): void {
  if (SHELLCHECK || IN_CI || noticed) return;
  noticed = true;
  console.warn('\n*** shellcheck is not installed: the shellcheck tests are SKIPPED here (apt-get install shellcheck). CI fails without it. ***\n');
}

/** shellcheck's findings (gcc format, line numbers of `code`) for bash code, or '' when it passes. */
export function shellcheck(code: string, shell = 'bash'): string {
  const dir = mkdtempSync(join(tmpdir(), 'shellcheck-'));
  try {
    const file = join(dir, 'block.sh');
    // The shebang line is added here: line N of the report is line N-1 of `code`.
    writeFileSync(file, `#!/usr/bin/env ${shell}\n${code}\n`);
    const r = spawnSync('shellcheck', ['--format=gcc', file], { encoding: 'utf8' });
    if (r.status === 0) return '';
    return (r.stdout + r.stderr).replace(new RegExp(`${file}:(\\d+):`, 'g'), (_, n: string) => `line ${Number(n) - 1}:`).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** shellcheck's findings for a script file as written ('' when it passes). */
export function shellcheckFile(path: string): string {
  const r = spawnSync('shellcheck', ['--format=gcc', path], { encoding: 'utf8' });
  return r.status === 0 ? '' : (r.stdout + r.stderr).trim();
}
