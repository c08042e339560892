/**
 * The one reader for every file stackfare reads (compose, answers, price book, env files): it
 * checks a file before reading it, so nothing can hang on a FIFO or a device, exhaust memory on
 * a huge file, or pass invalid UTF-8 on as replacement characters.
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { formatBytes } from '../core/number-format.js';
import { UserError } from '../errors.js';

/** What a file is read as; each kind has its own size limit and name in messages. */
export type InputKind = 'compose' | 'answers' | 'pricing' | 'env' | 'diff' | 'usage';

/**
 * Size limits in bytes. The largest compose file in the corpus is ~40 KB and the built-in price
 * book ~60 KB, so these leave ample room while keeping parse time and memory small.
 */
export const INPUT_LIMITS: Readonly<Record<InputKind, number>> = {
  compose: 2 * 1024 * 1024,
  answers: 256 * 1024,
  pricing: 2 * 1024 * 1024,
  env: 256 * 1024,
  // A side of `diff`: an answers file, a compose file or a saved JSON report (reports of large stacks run to megabytes).
  diff: 16 * 1024 * 1024,
  // A usage file holds a few figures per service: even a thousand services stay under a megabyte.
  usage: 4 * 1024 * 1024,
};

/** How each kind is named in messages. */
export const INPUT_NAMES: Readonly<Record<InputKind, string>> = {
  compose: 'compose file',
  answers: 'answers file',
  pricing: 'price book',
  env: 'env file',
  diff: 'file',
  usage: 'usage file',
};

/** What a non-regular file is, for the message. */
function describeKind(s: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** Offset of the first byte that is not valid UTF-8, or -1 when all of it is valid. */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

/** A file-system error as a person reads it (the code stays on the thrown error for callers). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EEXIST':
      return 'it already exists';
    default:
      return (error as Error | undefined)?.message ?? String(error);
  }
}

/**
 * Reads at most one byte past the limit: a file that grew after the check (or a /proc file that
 * reports size 0) still stops here.
 */
function readAtMost(fd: number, limit: number, tooBig: (size: string) => UserError): Buffer {
  const chunks: Buffer[] = [];
  let length = 0;
  for (;;) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - length));
    const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    length += bytesRead;
    if (length > limit) break;
  }
  if (length > limit) throw tooBig(`larger than ${formatBytes(limit)}`);
  return Buffer.concat(chunks, length);
}

/**
 * Reads a regular file of at most the kind's limit as UTF-8 (a leading BOM dropped). Missing
 * files and folders fail with node's own error (ENOENT, EISDIR), so callers that treat a missing
 * file as absent still can; everything else that stops the read is a UserError naming the file.
 */
export async function readInput(path: string, kind: InputKind = 'compose'): Promise<string> {
  const what = INPUT_NAMES[kind];
  const limit = INPUT_LIMITS[kind];
  // Synchronous calls on purpose: node:fs/promises would load readline and the streams (some 25
  // internal modules, a measurable share of `estimate --usage FILE`'s start) for one small read.
  const before = statSync(path);
  if (before.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path} is a folder`), { code: 'EISDIR' });
  if (!before.isFile()) {
    throw new UserError(`Cannot read the ${what} ${path}: it is ${describeKind(before)}, not a regular file.`, {
      hint: 'Give the path of a regular file (save piped input to a file first).',
    });
  }
  const tooBig = (size: string) =>
    new UserError(`The ${what} ${path} is ${size}; stackfare reads ${what}s of at most ${formatBytes(limit)}.`, {
      hint: `Check that ${path} is the file you meant; a real ${what} is far smaller.`,
    });
  if (before.size > limit) throw tooBig(formatBytes(before.size));
  // O_NONBLOCK: if the path became a FIFO after the check, opening it must not wait for a writer.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  let bytes: Buffer;
  try {
    const now = fstatSync(fd);
    if (!now.isFile()) throw new UserError(`Cannot read the ${what} ${path}: it is ${describeKind(now)}, not a regular file.`);
    bytes = readAtMost(fd, limit, tooBig);
  } finally {
    closeSync(fd);
  }
  const bad = invalidUtf8Offset(bytes);
  if (bad !== -1) {
    throw new UserError(
      `The ${what} ${path} is not valid UTF-8: byte offset ${bad} (0x${bytes[bad]!.toString(16).padStart(2, '0')}) starts no valid character.`,
      {
        hint: 'Save the file as UTF-8 text.',
      },
    );
  }
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
