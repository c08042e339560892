/**
 * The one writer for standard output. Every command, prompt and view writes to process.stdout;
 * the entry guards that stream once, so every output path ends the same way when the output cannot
 * be delivered: a reader that stopped early (`stackfare prices --format json | head -1`, EPIPE)
 * ends the run quietly with exit 0, as a pipeline expects; a failed write (a full disk, /dev/full,
 * a closed stdout) ends it with exit 1 and "could not write the output: <cause>", never a stack
 * trace and never exit 0 with half the output. Small on purpose: the entry loads it at start.
 */
import { readFileSync, readlinkSync } from 'node:fs';

/** How the run ends when its output could not be written. */
type OutputEnd = { code: 0; message?: undefined } | { code: 1; message: string };

const CAUSES: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EIO: 'an input/output error',
  EBADF: 'standard output is closed',
  EFBIG: 'the file is too large',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
};

/** What a write error on standard output means for the run. */
function outputEnd(error: unknown): OutputEnd {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // The reader went away (`| head`): what it wanted it has; the rest is not wanted.
  if (code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED') return { code: 0 };
  const cause = (code && CAUSES[code]) ?? ((error as Error | undefined)?.message || String(error));
  return { code: 1, message: `could not write the output: ${cause}${code && CAUSES[code] ? ` (${code})` : ''}` };
}

/**
 * Whether standard output was closed when the process started (`stackfare estimate >&-`). Node
 * then opens /dev/null read-write in its place, where a shell's `> /dev/null` opens it write-only,
 * so the two are told apart by the descriptor's flags (Linux; elsewhere: false).
 */
export function stdoutClosedAtStart(fd = 1): boolean {
  if (process.platform !== 'linux') return false;
  try {
    if (readlinkSync(`/proc/self/fd/${fd}`) !== '/dev/null') return false;
    const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
    return flags !== null && (Number.parseInt(flags[1]!, 8) & 3) === 2;
  } catch {
    return false;
  }
}

type Write = NodeJS.WriteStream['write'];

/** The guarded stream: `flush` resolves once everything written so far is delivered (or failed). */
interface GuardedOutput {
  flush(): Promise<void>;
}

/**
 * Routes every write to `stream` through one place: the first failure (an 'error' event, a write
 * that throws, or a stdout closed at start) calls `onEnd` once; later writes are dropped, so no
 * second error and no trace follows.
 */
export function guardOutput(stream: NodeJS.WriteStream, onEnd: (end: OutputEnd) => void, closedAtStart = false): GuardedOutput {
  let ended = false;
  const end = (e: OutputEnd) => {
    if (ended) return;
    ended = true;
    onEnd(e);
  };
  stream.on('error', (error) => end(outputEnd(error)));
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((...args: unknown[]) => {
    if (ended) return true;
    if (closedAtStart) {
      end({ code: 1, message: 'could not write the output: standard output is closed' });
      return true;
    }
    try {
      return write(...args);
    } catch (error) {
      end(outputEnd(error));
      return true;
    }
  }) as Write;
  return {
    flush: () =>
      new Promise<void>((resolve) => {
        if (ended || stream.destroyed) return resolve();
        // The callback runs once earlier writes are done; an error they hit is emitted just after.
        write('', () => setImmediate(resolve));
      }),
  };
}
