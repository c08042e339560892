/**
 * One run at a time per output folder: a write takes `.stackfare.lock` in the folder (created
 * exclusively, holding the pid) before it plans and writes, and removes it after. A second run
 * waits briefly, then stops naming the holder's pid; a lock left by a process that no longer runs
 * is taken over with a note. The lock file is stackfare's own: it is never listed among, nor
 * mistaken for, the user's files (LOCK_FILE_NAME is exported for anything that lists a folder).
 */
import { type FileHandle, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';

/** The lock's file name in an output folder. */
export const LOCK_FILE_NAME = '.stackfare.lock';

interface LockOptions {
  /** How long a second run waits for the holder before it gives up (ms). */
  waitMs?: number;
  /** Said when a stale lock is taken over. */
  note?: (text: string) => void;
  /** Stops the wait early (an interrupt). */
  cancelled?: () => boolean;
}

/** Whether a process with this pid is running (EPERM: it is, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid written in a lock file, or null when the file is gone; NaN when it holds no pid. */
async function holder(path: string): Promise<number | null> {
  try {
    return Number.parseInt((await readFile(path, 'utf8')).trim(), 10);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Creates the lock file exclusively with our pid; false when it exists. */
async function create(path: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.write(`${process.pid}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the lock of `dir` (which must exist) and returns its release. File-system errors are
 * thrown as they are, for the caller to word; a live holder past the wait is a UserError (exit 1).
 */
export async function acquireLock(dir: string, options: LockOptions = {}): Promise<() => Promise<void>> {
  const path = join(dir, LOCK_FILE_NAME);
  const deadline = Date.now() + (options.waitMs ?? 3000);
  for (;;) {
    if (await create(path)) return () => unlink(path).catch(() => undefined);
    const pid = await holder(path);
    if (pid === null) continue; // released meanwhile: try again at once
    if (!Number.isInteger(pid) || pid <= 0 || (pid !== process.pid && !alive(pid))) {
      // A run that died (killed with SIGKILL, a power cut) left it. Take it over, once, by name.
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      options.note?.(`Note: took over ${path}, left by ${Number.isInteger(pid) ? `process ${pid}, which no longer runs` : 'a run that wrote no pid'}.`);
      continue;
    }
    if (Date.now() >= deadline || options.cancelled?.()) {
      throw new UserError(`Another stackfare run (pid ${pid}) is writing to ${dir}; nothing was written.`, {
        hint: `Wait for it to finish and run again. If no such run exists, remove ${path}.`,
      });
    }
    await sleep(100);
  }
}
