/**
 * Credentials for the user's pg_dump / pg_restore without a command line that shows them: each
 * password goes into a temporary PGPASSFILE (mode 0600, in a private 0700 folder) that is removed
 * when the run ends: on success, on error, on Ctrl-C and on SIGTERM / SIGHUP alike.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conninfo, type PgUrl } from './url.js';

/** What a child process needs to reach a database: the --dbname value and the variables to add. */
interface ToolTarget {
  /** A keyword=value conninfo without any secret. */
  dbname: string;
  env: Record<string, string>;
  /** Variables to remove from the inherited environment (a PGPASSWORD there would win over the file). */
  unset: string[];
}

/** Temporary password files for one run. */
export interface PassFiles {
  /** How a tool reaches `url`; writes its password file on first use. */
  target(url: PgUrl): ToolTarget;
  /** Removes every file written (safe to call twice). */
  cleanup(): void;
}

/** One line of a password file: wildcards, then the password with \ and : escaped as libpq reads them. */
export function passfileLine(password: string): string {
  return `*:*:*:*:${password.replace(/\\/g, '\\\\').replace(/:/g, '\\:')}\n`;
}

/** Starts the set of password files of one run; the process's exit and signals remove them. */
export function passFiles(tempRoot = tmpdir()): PassFiles {
  let dir: string | undefined;
  let count = 0;
  const cleanup = () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
    process.off('exit', cleanup);
  };
  // The entry turns SIGINT, SIGTERM and SIGHUP into an exit after its cleanup, so the exit handler
  // removes the files on every way the run ends.
  return {
    target(url): ToolTarget {
      if (url.password === undefined) return { dbname: conninfo(url), env: {}, unset: [] };
      // A newline cannot be written in a password file: that password goes through the environment.
      if (/[\r\n]/.test(url.password)) return { dbname: conninfo(url), env: { PGPASSWORD: url.password }, unset: [] };
      if (!dir) {
        dir = mkdtempSync(join(tempRoot, 'stackfare-pgpass-'));
        process.on('exit', cleanup);
      }
      count += 1;
      const file = join(dir, `pgpass-${count}`);
      writeFileSync(file, passfileLine(url.password), { mode: 0o600, flag: 'wx' });
      return { dbname: conninfo(url), env: { PGPASSFILE: file }, unset: ['PGPASSWORD'] };
    },
    cleanup,
  };
}
