/**
 * pg_dump piped into pg_restore with their failures wired both ways: whichever exits first with
 * an error stops the other at once (pg_restore's single transaction then rolls back), and the
 * error reported is that first one, with the tool's own words (the object it failed on, the
 * server's ERROR / HINT, the command). Nothing waits on a pipe nobody reads.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { CancelledError } from '../errors.js';

/** A command line to spawn, with variables added to and removed from the user's environment. */
export interface ToolCommand {
  cmd: string;
  args: string[];
  env: Record<string, string>;
  unset?: string[];
}

/** Which side failed first, how, and what it said. */
export class CopyFailure extends Error {
  constructor(
    readonly side: 'dump' | 'restore',
    readonly detail: string,
  ) {
    super(`${side === 'dump' ? 'pg_dump' : 'pg_restore'} failed: ${detail}`);
  }
}

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Progress of a copy: the table pg_dump is on and the bytes sent so far. */
type CopyProgress = (event: { table?: string; bytes: number }) => void;

/** The lines of a tool's stderr that explain a failure (its --verbose progress lines are left out). */
function failureLines(stderr: string): string[] {
  const kept: string[] = [];
  for (const line of stderr.split('\n')) {
    if (!line.trim()) continue;
    const m = /^(pg_dump|pg_restore): (.*)$/.exec(line);
    // Continuation lines (ERROR:, DETAIL:, HINT:, Command was:) carry the server's words.
    if (!m || /^(error|warning|fatal|detail|hint|while|from TOC entry|could not)/i.test(m[2]!)) kept.push(line.trimEnd());
  }
  return kept;
}

function env(base: Readonly<Record<string, string | undefined>>, c: ToolCommand): NodeJS.ProcessEnv {
  const out: Record<string, string | undefined> = { ...base, ...c.env };
  for (const k of c.unset ?? []) delete out[k];
  return out as NodeJS.ProcessEnv;
}

/** Runs dump | restore; resolves with the bytes copied, rejects with the first side's CopyFailure. */
export function pipeDumpToRestore(
  dump: ToolCommand,
  restore: ToolCommand,
  baseEnv: Readonly<Record<string, string | undefined>>,
  progress: CopyProgress,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const d = spawn(dump.cmd, dump.args, { env: env(baseEnv, dump), stdio: ['ignore', 'pipe', 'pipe'] });
    const r = spawn(restore.cmd, restore.args, { env: env(baseEnv, restore), stdio: ['pipe', 'ignore', 'pipe'] });
    const errs = { dump: '', restore: '' };
    let bytes = 0;
    let first: CopyFailure | null = null;
    let open = 2;
    const stopped = new Set<ChildProcess>();
    const kill = (c: ChildProcess) => {
      if (c.exitCode !== null || c.signalCode !== null) return;
      stopped.add(c);
      c.kill('SIGTERM');
    };
    // Ctrl-C (also when sent to this process alone), SIGTERM, SIGHUP: both tools stop (the restore
    // rolls back); the entry exits 130 (the password files' handler, 143 / 129).
    let cancelled = false;
    const stop = () => {
      cancelled = true;
      kill(r);
      kill(d);
    };
    for (const sig of STOP_SIGNALS) process.once(sig, stop);
    const fail = (side: 'dump' | 'restore', detail: string) => {
      if (!first) first = new CopyFailure(side, detail);
      // The other side would wait forever on a pipe nobody reads (or writes): stop it now.
      kill(side === 'dump' ? r : d);
      d.stdout?.destroy();
      r.stdin?.destroy();
    };
    const finish = () => {
      open -= 1;
      if (open > 0) return;
      for (const sig of STOP_SIGNALS) process.off(sig, stop);
      if (cancelled) reject(new CancelledError());
      else if (first) reject(first);
      else resolve(bytes);
    };
    const watch = (c: ChildProcess, side: 'dump' | 'restore', cmd: string) => {
      c.on('error', (e) => fail(side, `cannot run ${cmd}: ${e.message}`));
      c.on('close', (code, signal) => {
        // A tool stopped because the other failed is a consequence, not the cause.
        if (code !== 0 && !stopped.has(c)) {
          const lines = failureLines(errs[side]);
          fail(side, lines.length > 0 ? lines.slice(-14).join('\n') : `exited with ${code ?? signal}`);
        }
        finish();
      });
    };
    watch(d, 'dump', dump.cmd);
    watch(r, 'restore', restore.cmd);
    // pg_restore closed its input: it is exiting, and its exit (with its message) stops pg_dump.
    r.stdin!.on('error', () => {});
    d.stdout!.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      progress({ bytes });
    });
    d.stdout!.pipe(r.stdin!);
    d.stderr!.setEncoding('utf8').on('data', (text: string) => {
      errs.dump += text;
      for (const line of text.split('\n')) {
        const m = /dumping contents of table "?([^"]+)"?/.exec(line);
        if (m) progress({ table: m[1]!, bytes });
      }
    });
    r.stderr!.setEncoding('utf8').on('data', (text: string) => {
      // Only the tail matters for the message; a long --verbose log must not grow without end.
      errs.restore = (errs.restore + text).slice(-64 * 1024);
    });
  });
}
