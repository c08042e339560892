#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// A recording stand-in for a platform CLI: `node standin.mjs <cli> ARGS...`. It accepts exactly the
// subcommands and flags of the CLI's table, answers like the real CLI where a later step reads the
// output, enforces the documented behaviours a deploy depends on (stdin, order of steps) and records
// every call (argv with secret values redacted, whether stdin is a terminal, stdin's length).
// Environment: REHEARSAL_DIR (state.json, calls.jsonl), REHEARSAL_TABLES, REHEARSAL_SECRETS (JSON).
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgv } from './argv.mjs';
import { behaviours } from './behaviours.mjs';

const [cli, ...argv] = process.argv.slice(2);
const dir = process.env.REHEARSAL_DIR;
const statePath = join(dir, 'state.json');
// One stand-in at a time reads and writes the state: a step may run two at once (kubectl create secret
// --from-file=password=<(doctl ...)), and the later writer would drop what the other recorded.
const lockPath = join(dir, 'state.lock');
function lock() {
  for (let i = 0; i < 3000; i++) {
    try {
      mkdirSync(lockPath);
      held = true;
      writeFileSync(join(lockPath, 'pid'), String(process.pid));
      return;
    } catch {
      // A holder that is gone (a step timed out on a loaded machine and its terminal was closed,
      // killing the stand-in before its exit handler ran) would stall every later call: take it over.
      const gone = goneHolder();
      if (gone !== undefined && lockPid() === gone) rmSync(lockPath, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
  throw new Error(`rehearsal: ${lockPath} held for 30 s`);
}
/** The pid written in the lock (just after it was taken), or undefined while there is none. */
function lockPid() {
  try {
    const pid = Number(readFileSync(join(lockPath, 'pid'), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // being written, or just released: wait
  }
}
/**
 * The pid of a lock holder that has exited, or undefined. The caller takes the lock over only if
 * the lock still names that pid: a holder that exits normally releases the lock, and another
 * stand-in may take it between reading the pid and checking it (taking that one's lock over would
 * let two stand-ins write the state at once).
 */
function goneHolder() {
  const pid = lockPid();
  if (pid === undefined) return undefined;
  try {
    process.kill(pid, 0);
    return undefined;
  } catch (error) {
    return error.code === 'ESRCH' ? pid : undefined;
  }
}
/** Writes the state whole (a temporary file, then a rename): a stand-in never reads half of it. */
function saveState() {
  const temp = `${statePath}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 1));
  renameSync(temp, statePath);
}
let held = false;
const unlock = () => {
  if (held) rmSync(lockPath, { recursive: true, force: true });
  held = false;
};
// A crash must not leave the lock behind for the next stand-in.
process.on('exit', unlock);

const secrets = JSON.parse(process.env.REHEARSAL_SECRETS ?? '{}');
const secretNames = new Set(Object.values(secrets).flat());
const stdinIsTTY = process.stdin.isTTY === true;

/** Redacts values a log must never hold: URL passwords and NAME=value where NAME is secret-like. */
function redact(arg) {
  return String(arg)
    .replace(/(\w+:\/\/[^:/@\s]+:)([^@\s]+)@/g, (_, pre, pw) => `${pre}<${pw.length} chars>@`)
    .replace(/^(--[\w-]+=)?([A-Za-z_][\w.-]*)=(.+)$/s, (all, flag = '', name, value) =>
      secretNames.has(name) || /pass|secret|token|key/i.test(name)
        ? `${flag}${name}=<${value.length} chars>`
        : all.replace(/(\w+:\/\/[^:/@\s]+:)([^@\s]+)@/g, (_, pre, pw) => `${pre}<${pw.length} chars>@`),
    );
}

/** Reads stdin when it is not a terminal (the length is recorded, never the bytes). */
function readStdin() {
  if (stdinIsTTY) return null;
  try {
    const st = statSync('/dev/stdin');
    if (st.isCharacterDevice() && !st.isFIFO()) return '';
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}

// npm, git and crontab have no table: they are not platform CLIs, only kept from touching this machine.
const tablePath = join(process.env.REHEARSAL_TABLES, `${cli}.json`);
const table = existsSync(tablePath) ? JSON.parse(readFileSync(tablePath, 'utf8')) : null;
const parsed = table ? parseArgv(table, argv) : { path: [], flags: {}, positionals: argv };
let stdin = null;
const needsStdin = behaviours[cli]?.readsStdin?.(parsed) ?? false;
if (needsStdin) stdin = readStdin();
// Locked only after stdin is read: the stand-in writing into the pipe may be waiting for the lock.
lock();
const state = existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : { violations: [] };
const call = { cli, argv: argv.map(redact), cwd: process.cwd(), stdinIsTTY, stdinBytes: stdin == null ? null : Buffer.byteLength(stdin) };

/** Saves the state, records the call with its outcome and exits. */
function finish(code, message) {
  call.exit = code;
  if (message) call.message = redact(message);
  appendFileSync(join(dir, 'calls.jsonl'), `${JSON.stringify(call)}\n`);
  saveState();
  unlock();
  process.exit(code);
}

if (parsed.notModelled) {
  process.stderr.write(`rehearsal: "${parsed.notModelled}" is a real command the stand-in does not model; add it to the table's manifest.\n`);
  finish(97, `not modelled: ${parsed.notModelled}`);
}
if (parsed.error) {
  process.stderr.write(`${parsed.error.stderr}\n`);
  finish(parsed.error.exitCode, parsed.error.stderr);
}
const ctx = {
  state,
  parsed,
  stdin,
  stdinIsTTY,
  secrets,
  cwd: process.cwd(),
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  /** Fails like the CLI does and records the broken rule as a violation. */
  fail(message, code = 1) {
    state.violations.push({ cli, argv: call.argv, message });
    process.stderr.write(`${message}\n`);
    finish(code, message);
  },
  file: (p) => resolve(process.cwd(), p),
  /** Runs a command (railway run's child) with extra environment; returns its exit code. */
  exec(cmd, env) {
    saveState();
    unlock();
    const r = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...env } });
    lock();
    Object.assign(state, JSON.parse(readFileSync(statePath, 'utf8')));
    return r.status ?? 1;
  },
};
const handler = behaviours[cli]?.run;
const code = handler ? (handler(ctx) ?? 0) : 0;
finish(code);
