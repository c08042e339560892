/**
 * The one writer for standard output. Every command, prompt and view writes to the entry's
 * stdout (process.stdout, or the descriptor itself when it is a file or a pipe: directOutput);
 * the entry guards it once, so every output path ends the same way when the output cannot
 * be delivered: a reader that stopped early (`stackfare prices --format json | head -1`, EPIPE)
 * ends the run quietly with exit 0, as a pipeline expects; a failed write (a full disk, /dev/full,
 * a closed stdout) ends it with exit 1 and "could not write the output: <cause>", never a stack
 * trace and never exit 0 with half the output. Small on purpose: the entry loads it at start.
 */
import { fstatSync, readFileSync, readlinkSync, writeSync } from 'node:fs';

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

type Callback = (error?: Error | null) => void;

/** What the guard writes to: process.stdout, or standard output's descriptor written directly. */
export interface RawOutput {
  write(chunk: string | Uint8Array, callback?: Callback): boolean;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly destroyed?: boolean;
  readonly isTTY?: boolean;
}

/**
 * Standard output written straight to its descriptor (write(2), whole chunks, in order) when it is
 * a file, a pipe or a socket: none is a terminal, and none needs a stream. Creating process.stdout
 * for a pipe loads Node's net and stream modules, about a tenth of a scripted run's start
 * (measured: `process.stdout.write` 84.5 ms against `fs.writeSync(1)` 74.6 ms). A terminal or any
 * other device (/dev/null, /dev/full, the /dev/null Node puts in place of a closed stdout) gets
 * undefined: the caller keeps process.stdout, as before.
 *
 * A descriptor another program left non-blocking refuses a write while its reader is behind
 * (EAGAIN): from then on this run's output goes through `stream()` (process.stdout), which waits
 * for the reader, so nothing is lost or reordered.
 */
export function directOutput(fd: number, stream: () => RawOutput): RawOutput | undefined {
  try {
    const st = fstatSync(fd);
    if (!(st.isFile() || st.isFIFO() || st.isSocket())) return undefined;
  } catch {
    return undefined;
  }
  const listeners: ((error: Error) => void)[] = [];
  let fallback: RawOutput | undefined;
  const fallBack = () => {
    fallback = stream();
    fallback.on('error', (error) => {
      for (const listener of listeners) listener(error);
    });
    return fallback;
  };
  return {
    isTTY: false,
    on(_event, listener) {
      listeners.push(listener);
      return this;
    },
    write(chunk, callback) {
      if (fallback) return fallback.write(chunk, callback);
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let done = 0; done < bytes.length; ) {
        try {
          done += writeSync(fd, bytes, done, bytes.length - done);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
          return fallBack().write(bytes.subarray(done), callback);
        }
      }
      if (callback) process.nextTick(callback);
      return true;
    },
  };
}

/** The guarded stream: `flush` resolves once everything written so far is delivered (or failed). */
interface GuardedOutput {
  flush(): Promise<void>;
}

/**
 * Routes every write to `stream` through one place: the first failure (an 'error' event, a write
 * that throws, or a stdout closed at start) calls `onEnd` once; later writes are dropped, so no
 * second error and no trace follows.
 */
export function guardOutput(stream: RawOutput, onEnd: (end: OutputEnd) => void, closedAtStart = false): GuardedOutput {
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
  }) as RawOutput['write'];
  return {
    flush: () =>
      new Promise<void>((resolve) => {
        if (ended || stream.destroyed) return resolve();
        // The callback runs once earlier writes are done; an error they hit is emitted just after.
        write('', () => setImmediate(resolve));
      }),
  };
}
