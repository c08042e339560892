/**
 * Runs the built CLI in a pseudo-terminal and drives it like a person: wait for text on the
 * screen, then press a key. Never sleeps; every wait has a timeout that says what was on screen.
 */
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import type { IPty } from '@lydell/node-pty';
import { assertPresent } from './requires.js';
import { screenLines } from './screen.js';

export { screenLines };

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The CLI under test: $STACKFARE_CLI (a side build), else dist/cli.js (CI builds it first). */
export function cliPath(): string {
  return resolve(root, process.env.STACKFARE_CLI ?? 'dist/cli.js');
}

/** Keys as a terminal sends them. */
export const KEYS = { enter: '\r', up: '\u001b[A', down: '\u001b[B', esc: '\u001b', ctrlC: '\u0003', backspace: '\u007f' } as const;

/**
 * The wizard's single-user questions after "What do you want to deploy?", Enter at each, up to the
 * review: one list for every test that walks the default path, so a new question is added once.
 * Prompts by their first words: on a narrow terminal the rest wraps to the next line.
 */
export const SINGLE_USER_DEFAULTS: readonly [string, string][] = [
  ['Where and for whom will it run?', KEYS.enter],
  ['Keep the optional', KEYS.enter],
  ['One shared Postgres', KEYS.enter],
  ['Which services are', KEYS.enter],
  ['Which region?', KEYS.enter],
  ['Custom domain', KEYS.enter],
  ['How many hours', KEYS.enter],
];

export interface PtyExit {
  exitCode: number;
  signal: number | undefined;
}

export interface PtySession {
  /** Everything shown so far, without escape sequences. */
  screen(): string;
  /** The lines the terminal shows now (see screenLines). */
  lines(): string[];
  /** Everything the child wrote, escape sequences included. */
  raw(): string;
  /** Resolves when `text` appears after the previous match; rejects with the screen on timeout. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  write(keys: string): void;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<PtyExit>;
  /** Sends a signal (default SIGHUP, which ends it) if the process is still running. */
  kill(signal?: string): void;
}

export interface PtyOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  cols?: number;
  rows?: number;
}

/** Plays a script: for each step, waits for its text on the screen, then types its keys. */
export async function drive(session: PtySession, script: readonly (readonly [string, string])[]): Promise<void> {
  for (const [text, keys] of script) {
    await session.waitFor(text);
    session.write(keys);
  }
}

/** Starts `node <cli> ...args` in a pseudo-terminal. */
export function runCli(args: readonly string[], options: PtyOptions): PtySession {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...options.env })) if (v !== undefined) env[k] = v;
  // CI=true changes how clack and Ink draw; the child must behave as on a person's terminal.
  env.CI = 'false';
  env.TERM = options.env?.TERM ?? 'xterm-256color';
  delete env.COLUMNS;
  delete env.FORCE_COLOR;
  // Loaded here, not imported, so a file whose pty tests are skipped still loads without it.
  assertPresent('pty');
  const { spawn } = createRequire(import.meta.url)('@lydell/node-pty') as typeof import('@lydell/node-pty');
  const child: IPty = spawn(process.execPath, [cliPath(), ...args], {
    // node-pty sets TERM from its name.
    name: env.TERM,
    cols: options.cols ?? 100,
    rows: options.rows ?? 40,
    cwd: options.cwd,
    env,
  });
  let raw = '';
  let cursor = 0;
  let alive = true;
  const listeners = new Set<() => void>();
  child.onData((d) => {
    raw += d;
    for (const l of [...listeners]) l();
  });
  const exited = new Promise<PtyExit>((resolveExit) => {
    child.onExit(({ exitCode, signal }) => {
      alive = false;
      for (const l of [...listeners]) l();
      resolveExit({ exitCode, signal });
    });
  });
  const screen = () => stripVTControlCharacters(raw);
  return {
    screen,
    lines: () => screenLines(raw),
    raw: () => raw,
    exited,
    write: (keys) => child.write(keys),
    kill: (signal) => {
      if (alive) child.kill(signal);
    },
    waitFor(text, timeoutMs = 15_000) {
      return new Promise<void>((resolveWait, reject) => {
        const check = () => {
          const s = screen();
          const rest = s.slice(cursor);
          const m =
            typeof text === 'string'
              ? rest.includes(text)
                ? { index: rest.indexOf(text), length: text.length }
                : null
              : (() => {
                  const r = text.exec(rest);
                  return r ? { index: r.index, length: r[0].length } : null;
                })();
          if (m) {
            cursor += m.index + m.length;
            done();
            resolveWait();
          } else if (!alive) {
            done();
            reject(new Error(`the CLI exited before showing ${String(text)}; screen:\n${rest.slice(-3000)}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${String(text)}; screen:\n${screen().slice(cursor).slice(-3000)}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
  };
}
