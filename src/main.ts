/**
 * The run: signals, the guarded standard output, the app with the real process; maps errors to
 * exit codes and is the only place that exits. User errors print one clear message; anything
 * else is a bug. Loaded by the entry (src/cli.ts) once the code cache is on, so this module and
 * everything it loads come from the cache when there is one.
 */
import { CancelledError, ExitCode, UserError } from './errors.js';
import { interruptNote, runInterruptWork } from './interrupt.js';
import { directOutput, guardOutput, stdoutClosedAtStart } from './io/output.js';

/** Removes what an unfinished write left: temporary files, the folders it made, its lock. */
async function cleanUp(): Promise<void> {
  // The writer loads with the commands that write; if it never loaded, nothing is half-written.
  await import('./io/write-files.js').then((w) => w.cleanupPendingWrites()).catch(() => undefined);
}

// Ctrl-C outside a prompt (a prompt reads it as a key and cancels itself), SIGTERM (a service
// manager, `kill`) and SIGHUP (the terminal closed): while the comparison is drawn or files are
// written. Each removes half-written temporary files and the folders the run made, then exits 128+n.
let stopping = false;
for (const [signal, number] of [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    // Work worth keeping (measure's samples so far) is written first, then half-written files go.
    void runInterruptWork((m) => process.stderr.write(m))
      .then(cleanUp)
      .finally(() => {
        // A spinner may have hidden the cursor. A command with work worth keeping (the wizard) says
        // how to run it again; otherwise a bare "Cancelled". A lost terminal (SIGHUP) may take the write.
        const note = signal === 'SIGINT' ? interruptNote() || '\nCancelled\n' : `\nStopped (${signal})\n`;
        try {
          process.stderr.write(`${process.stderr.isTTY && process.env.TERM !== 'dumb' ? '\u001b[?25h' : ''}${note}`);
        } catch {
          // Nowhere left to say it.
        }
        process.exit(128 + number);
      });
  });
}

// Standard output: written to directly when it is a file or a pipe (no stream to create), else
// process.stdout (a terminal, a device). Every output path writes to it: guarded once here.
// A reader that left ends the run quietly (0); a write that failed ends it with 1 and the cause,
// never with half the output and 0.
const stdout = directOutput(1, () => process.stdout) ?? process.stdout;
const output = guardOutput(
  stdout,
  (end) => {
    if (stopping) return;
    stopping = true;
    void cleanUp().finally(() => {
      if (end.message) process.stderr.write(`stackfare: ${end.message}\n`);
      process.exit(end.code);
    });
  },
  stdoutClosedAtStart(),
);

async function main(): Promise<number> {
  const app = await import('./app.js');
  try {
    return await app.run(process.argv.slice(2), {
      stdout,
      // Created when a command writes to it or reads it: creating a stream (Node's net and stream
      // modules for a pipe) costs a start that never uses it.
      get stderr() {
        return process.stderr;
      },
      get stdin() {
        return process.stdin;
      },
      env: process.env,
      cwd: process.cwd(),
      readFile: app.readInput,
      // The run's date in UTC: the price book's age is counted from it.
      today: new Date().toISOString().slice(0, 10),
    });
  } catch (error) {
    if (error instanceof CancelledError) {
      process.stderr.write('Cancelled\n');
      return ExitCode.cancelled;
    }
    if (error instanceof UserError) {
      // Messages quote names and values from files: their control characters are shown, never sent raw.
      process.stderr.write(app.escapeControlsInText(`stackfare: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}`));
      return error.exitCode;
    }
    const e = error as Error;
    process.stderr.write(`stackfare: internal error (this is a bug, please report it): ${e?.message ?? String(error)}\n${e?.stack ?? ''}\n`);
    return ExitCode.error;
  }
}

// Exit only once stdout has taken everything (or failed: then the guard exits), so piped output is never cut short.
main().then(async (code) => {
  process.exitCode = code;
  await output.flush();
  if (!stopping) process.exit(code);
});
