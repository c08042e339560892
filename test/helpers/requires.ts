/**
 * What a group of tests needs from the machine (a browser, a PostgreSQL server, a pseudo-terminal)
 * and what happens when it is missing: outside CI the group is skipped, its name marked so the
 * run's summary can count it (test/helpers/requires-reporter.ts prints one loud line naming what to
 * install); in CI (CI=true) it runs anyway and fails with the cause, so a CI machine without the
 * server can never pass by skipping.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

export type Requirement = 'chromium' | 'postgres' | 'pty';

/** Whether this run is CI's (CI=true or CI=1, as CI services set it). */
export const IN_CI = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());

/** Chromium: $STACKFARE_CHROMIUM, else `chromium` or `chromium-browser` on PATH (.ci/run installs Debian's). */
export function findChromium(): string | undefined {
  if (process.env.STACKFARE_CHROMIUM) return process.env.STACKFARE_CHROMIUM;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Whether initdb and pg_ctl are on PATH or in the distribution's versioned folders (as pg-cluster.ts looks). */
function hasPostgresServer(): boolean {
  const onPath = (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
  if (onPath) return true;
  const root = '/usr/lib/postgresql';
  return existsSync(root) && readdirSync(root).some((m) => existsSync(join(root, m, 'bin', 'initdb')) && existsSync(join(root, m, 'bin', 'pg_ctl')));
}

/** Whether @lydell/node-pty's native module loads on this platform. */
function hasPty(): boolean {
  try {
    createRequire(import.meta.url)('@lydell/node-pty');
    return true;
  } catch {
    return false;
  }
}

interface Need {
  /** What is missing, in words. */
  what: string;
  /** The command that installs it. */
  install: string;
  found: () => boolean;
}

/** Every requirement: how to detect it and what to install. */
export const NEEDS: Record<Requirement, Need> = {
  chromium: {
    what: 'Chromium',
    install: 'apt-get install chromium (or set STACKFARE_CHROMIUM to a Chromium binary)',
    found: () => findChromium() !== undefined,
  },
  postgres: { what: 'the PostgreSQL server binaries (initdb, pg_ctl)', install: 'apt-get install postgresql', found: hasPostgresServer },
  pty: { what: "a pseudo-terminal (@lydell/node-pty's native module)", install: 'npm ci on a platform @lydell/node-pty ships a binary for', found: hasPty },
};

const cache = new Map<Requirement, boolean>();

/** Whether the machine has it (checked once per process). */
export function has(r: Requirement): boolean {
  let found = cache.get(r);
  if (found === undefined) {
    // STACKFARE_TEST_MISSING=chromium,postgres plays a machine without them (the helper's own test uses it).
    const pretend = (process.env.STACKFARE_TEST_MISSING ?? '').split(',').includes(r);
    found = !pretend && NEEDS[r].found();
    cache.set(r, found);
  }
  return found;
}

/** The mark a skipped group's name carries; the reporter counts skipped tests by it. */
export function skipMark(r: Requirement): string {
  return `[skipped: needs ${r}]`;
}

/**
 * Whether tests that need `r` run here (true when it is present, and in CI even when it is not,
 * so they fail naming the cause), and the name to give their group (marked when skipped).
 */
export function requires(r: Requirement): { run: boolean; name: (label: string) => string } {
  const run = has(r) || IN_CI;
  return { run, name: (label) => (run ? label : `${label} ${skipMark(r)}`) };
}

/** Throws the one message a CI run without `r` fails with (call in the group's beforeAll). */
export function assertPresent(r: Requirement): void {
  if (!has(r)) throw new Error(`${NEEDS[r].what} is missing: install it (${NEEDS[r].install}). CI=true makes a missing one a failure, not a skip.`);
}
