/**
 * Entry: runs the app with the real process, maps errors to exit codes, and is the only
 * place that exits. User errors print one clear message; anything else is a bug.
 *
 * Only this file, the error classes and the compile cache load before the cache is on: the app
 * itself is imported after it, so its code comes from the cache when there is one.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCompileCache } from './compile-cache.js';
import { CancelledError, ExitCode, UserError } from './errors.js';
import { interruptNote, runInterruptWork } from './interrupt.js';

installCompileCache(process.env, dirname(fileURLToPath(import.meta.url)));

// Ctrl-C outside a prompt (a prompt reads it as a key and cancels itself): while the comparison
// is drawn or files are written. Remove half-written temporary files, then exit 130.
let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) return;
  interrupted = true;
  // The writer loads with the commands that write; if it never loaded, nothing is half-written.
  // Work worth keeping (measure's samples so far) is written first, then half-written files go.
  void runInterruptWork((m) => process.stderr.write(m))
    .then(() => import('./io/write-files.js'))
    .then((w) => w.cleanupPendingWrites())
    .finally(() => {
      // A spinner may have hidden the cursor. A command with work worth keeping (the wizard) says
      // how to run it again; otherwise a bare "Cancelled".
      const note = interruptNote();
      process.stderr.write(`${process.stderr.isTTY ? '\u001b[?25h' : ''}${note || '\nCancelled\n'}`);
      process.exit(ExitCode.cancelled);
    });
});

async function main(): Promise<number> {
  const app = await import('./app.js');
  try {
    return await app.run(process.argv.slice(2), {
      stdout: process.stdout,
      stderr: process.stderr,
      // Read when a command asks for it: creating the stream costs a start that never reads.
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

// Exit only after stdout drains, so piped output is never cut short.
main().then((code) => {
  process.exitCode = code;
  if (process.stdout.writableNeedDrain) process.stdout.once('drain', () => process.exit(code));
  else process.exit(code);
});
