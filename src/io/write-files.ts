/**
 * The only module that writes files. It never overwrites a differing file without `force`
 * (and then stops before writing anything), never writes outside the output folder (no
 * symlinked folder or file inside it is followed), and writes every file to a temporary name
 * first, renaming only when all are written. Every file-system failure becomes a UserError
 * naming the path and the cause; an interrupt removes the temporary files and the folders
 * this run created. One run at a time per folder: a write holds the folder's lock (src/io/lock.ts)
 * from its final plan to its last rename.
 */
import { randomBytes } from 'node:crypto';
import type { Stats } from 'node:fs';
import { chmod, lstat, mkdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CancelledError, UserError } from '../errors.js';
import type { RenderedFile } from '../render/render-files.js';
import { acquireLock } from './lock.js';
import { type ManifestEntry, sha256 } from './manifest.js';
import { describeFsError } from './read-input.js';

type FileStatus = 'new' | 'changed' | 'unchanged';

export interface PlannedWrite {
  file: RenderedFile;
  /** Absolute path on disk. */
  target: string;
  status: FileStatus;
  /** What the file holds now, for a changed one (a dry run shows the difference). */
  current?: string;
}

interface WriteOptions {
  force: boolean;
  dryRun: boolean;
  /** Folder that conflict messages show paths relative to. */
  cwd: string;
  /** How long to wait for another run's lock on the folder (ms; default 3 s). */
  lockWaitMs?: number;
  /** Where a note (a stale lock taken over) goes; stderr by default. */
  note?: (text: string) => void;
  /** Paths stackfare owns (its manifest): rewritten without --force, never a conflict. */
  owned?: readonly string[];
}

/** Resolves a generated path inside `outDir`, refusing anything that would leave it. */
function targetPath(outDir: string, path: string): string {
  const root = resolve(outDir);
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..') || path.trim() === '') {
    throw new Error(`refusing to write ${JSON.stringify(path)}: generated paths stay inside the output folder`);
  }
  const target = resolve(root, path);
  if (target !== root && !target.startsWith(root + sep)) throw new Error(`refusing to write outside ${root}: ${path}`);
  return target;
}

/** A file-system error as a UserError naming the path and the cause; UserErrors pass through. */
export function fsUserError(error: unknown, action: string, path: string): Error {
  if (error instanceof UserError || error instanceof CancelledError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return error as Error;
  const hint =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? 'Choose an --out folder you can write to.'
      : code === 'ENOSPC'
        ? 'Free some space, or choose another --out folder.'
        : 'Check the --out path, or choose another folder.';
  return new UserError(`Cannot ${action} ${path}: ${describeFsError(error)}.`, { hint, cause: error });
}

/** lstat that answers null for a missing path. */
async function lstatOrNull(path: string): Promise<Awaited<ReturnType<typeof lstat>> | null> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw fsUserError(error, 'check', path);
  }
}

/**
 * Checks every folder between the output folder and `target` (not the output folder itself,
 * which the user named): each must be a real folder, not a symlink or a file. Returns the
 * folders that do not exist yet, outermost first. Bounded by the number of path components.
 */
async function checkFolders(root: string, target: string): Promise<string[]> {
  const parts = relative(root, dirname(target))
    .split(sep)
    .filter((p) => p !== '');
  const missing: string[] = [];
  let dir = root;
  for (const part of parts) {
    dir = join(dir, part);
    if (missing.length > 0) {
      missing.push(dir);
      continue;
    }
    const s = await lstatOrNull(dir);
    if (s === null) missing.push(dir);
    else if (s.isSymbolicLink()) {
      throw new UserError(`${dir} is a symbolic link; stackfare never writes through a link inside the output folder. Nothing was written.`, {
        hint: 'Replace the link with a real folder, or choose another --out folder.',
      });
    } else if (!s.isDirectory()) {
      throw new UserError(`${dir} is a file, where stackfare needs a folder. Nothing was written.`, { hint: 'Move the file, or choose another --out folder.' });
    }
  }
  return missing;
}

/** The output folder must be a folder (or not exist yet, or be a link to a folder the user chose). */
async function checkRoot(root: string): Promise<void> {
  let s: Stats;
  try {
    s = await stat(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'ENOTDIR')
      throw new UserError(`Cannot use --out ${root}: a part of that path is a file, not a folder.`, { hint: 'Choose a folder for --out.' });
    throw fsUserError(error, 'use --out', root);
  }
  if (!s.isDirectory())
    throw new UserError(`Cannot use --out ${root}: it is a file, not a folder.`, { hint: 'Choose a folder for --out (it is created if missing).' });
}

async function existing(path: string): Promise<string | null> {
  const s = await lstatOrNull(path);
  if (s === null) return null;
  if (s.isSymbolicLink()) {
    throw new UserError(`${path} is a symbolic link; stackfare never writes through a link inside the output folder. Nothing was written.`, {
      hint: 'Remove the link (or replace it with a real file), or choose another --out folder.',
    });
  }
  if (s.isDirectory()) throw new UserError(`${path} is a folder, where stackfare would write a file.`, { hint: 'Move it, or choose another --out.' });
  // A FIFO or a device would block or never end: it is not a file stackfare would replace.
  if (!s.isFile()) throw new UserError(`${path} is not a regular file, where stackfare would write one.`, { hint: 'Move it, or choose another --out.' });
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw fsUserError(error, 'read', path);
  }
}

/** Which files are new, changed or unchanged, without writing anything. */
export async function planWrites(files: readonly RenderedFile[], outDir: string): Promise<PlannedWrite[]> {
  const root = resolve(outDir);
  await checkRoot(root);
  const plan: PlannedWrite[] = [];
  // One at a time: the checks are cheap, and the first problem is the one reported.
  for (const file of files) {
    const target = targetPath(root, file.path);
    const missing = await checkFolders(root, target);
    const current = missing.length > 0 ? null : await existing(target);
    const status: FileStatus = current === null ? 'new' : current === file.contents ? 'unchanged' : 'changed';
    plan.push(status === 'changed' ? { file, target, status, current: current! } : { file, target, status });
  }
  return plan;
}

/** Files whose temporary copies exist right now; removed if the process is interrupted. */
const pendingTemps = new Set<string>();
/** Folders this run created, innermost last; removed (when empty) if the process is interrupted. */
const pendingDirs: string[] = [];
/** Set once an interrupt cleaned up: writes still in flight then remove their own temp file. */
let interrupted = false;

/** Removes folders this run created, innermost first, leaving any that hold other files. */
async function removeCreatedFolders(): Promise<void> {
  for (const dir of pendingDirs.splice(0).reverse()) await rmdir(dir).catch(() => undefined);
}

/** The write in progress, if any: an interrupt waits for it to notice and undo its own work. */
let inFlight: Promise<unknown> | null = null;

/** Releases of the output-folder locks this process holds right now. */
const heldLocks = new Set<() => Promise<void>>();

/**
 * Deletes temporary files, the folder lock and new folders left by an interrupted write (called on
 * SIGINT, SIGTERM, SIGHUP and a lost stdout); no rename follows.
 */
export async function cleanupPendingWrites(): Promise<void> {
  interrupted = true;
  await inFlight?.catch(() => undefined);
  await Promise.all([...pendingTemps].map((t) => rm(t, { force: true })));
  pendingTemps.clear();
  await Promise.all([...heldLocks].map((release) => release()));
  heldLocks.clear();
  await removeCreatedFolders();
}

/** Creates the missing folders one level at a time (no recursive mkdir: it can spin on /proc). */
async function createFolders(dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    try {
      await mkdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
        // Created meanwhile: it must still be a real folder.
        const s = await lstat(dir);
        if (!s.isDirectory() || s.isSymbolicLink())
          throw new UserError(`${dir} appeared as something other than a folder while stackfare was writing. Nothing was written.`);
        continue;
      }
      // mkdir's ENOENT under an existing parent (such as /proc) means the file system refuses it.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new UserError(`Cannot create the folder ${dir}: the file system there does not allow new folders.`, {
          hint: 'Choose an --out folder on a normal disk.',
        });
      }
      throw fsUserError(error, 'create the folder', dir);
    }
    pendingDirs.push(dir);
    if (interrupted) throw new CancelledError();
  }
}

/** The output folder and any missing folders above it, outermost first (bounded by path depth). */
async function missingRoot(root: string): Promise<string[]> {
  const missing: string[] = [];
  let dir = root;
  for (;;) {
    const s = await lstatOrNull(dir);
    if (s !== null) break;
    missing.unshift(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return missing;
}

/**
 * Writes new and changed files. Conflicts (existing files that differ) stop the whole write
 * unless `force`; `dryRun` only plans. Returns the plan with each file's status.
 */
export async function writeFiles(files: readonly RenderedFile[], outDir: string, options: WriteOptions): Promise<PlannedWrite[]> {
  const run = writeAll(files, outDir, options);
  inFlight = run;
  try {
    return await run;
  } finally {
    if (inFlight === run) inFlight = null;
  }
}

/** Stops the write when files exist and differ, unless `force`. */
function checkConflicts(plan: readonly PlannedWrite[], options: WriteOptions): void {
  const conflicts = plan.filter((p) => p.status === 'changed' && !(options.owned ?? []).includes(p.file.path));
  if (conflicts.length === 0 || options.force) return;
  const list = conflicts.map((c) => `  ${relative(options.cwd, c.target) || c.target}`).join('\n');
  throw new UserError(`These files exist and differ from what stackfare would write; nothing was written:\n${list}`, {
    hint: 'Re-run with --force to overwrite them, use --dry-run to see the changes, or choose another --out folder.',
  });
}

/** Takes the output folder's lock (one run at a time per folder), wording a failure to create it; returns its release. */
async function lockFolder(root: string, options: WriteOptions): Promise<() => Promise<void>> {
  let release: () => Promise<void>;
  try {
    release = await acquireLock(root, {
      waitMs: options.lockWaitMs ?? 3000,
      note: options.note ?? ((text) => process.stderr.write(`${text}\n`)),
      cancelled: () => interrupted,
    });
  } catch (error) {
    throw fsUserError(error, 'write', root);
  }
  heldLocks.add(release);
  if (interrupted) throw new CancelledError();
  return release;
}

/**
 * Plans, then (unless a dry run or nothing to do) takes the folder's lock, plans again under it
 * (another run may have written meanwhile: its files are then unchanged or conflicts, never both
 * runs "created"), and writes. On any failure everything this run made is removed.
 */
async function writeAll(files: readonly RenderedFile[], outDir: string, options: WriteOptions): Promise<PlannedWrite[]> {
  const root = resolve(outDir);
  const first = await planWrites(files, root);
  if (options.dryRun) return first;
  checkConflicts(first, options);
  if (first.every((p) => p.status === 'unchanged')) return first;
  const temps: TempFile[] = [];
  pendingDirs.length = 0;
  let done = false;
  let release: (() => Promise<void>) | undefined;
  try {
    await createFolders(await missingRoot(root));
    release = await lockFolder(root, options);
    const plan = await planWrites(files, root);
    checkConflicts(plan, options);
    await writeTemps(
      plan.filter((p) => p.status !== 'unchanged'),
      root,
      temps,
    );
    await renameTemps(temps);
    done = true;
    return plan;
  } finally {
    if (release) {
      heldLocks.delete(release);
      await release();
    }
    if (!done) {
      await Promise.all(temps.map((t) => rm(t.temp, { force: true })));
      for (const t of temps) pendingTemps.delete(t.temp);
      await removeCreatedFolders();
    }
    pendingDirs.length = 0;
  }
}

interface TempFile {
  temp: string;
  target: string;
  mode: number | undefined;
}

/** Writes each file to a temporary name beside its target (creating missing folders). */
async function writeTemps(toWrite: readonly PlannedWrite[], root: string, temps: TempFile[]): Promise<void> {
  for (const p of toWrite) {
    if (interrupted) throw new CancelledError();
    // Checked again just before writing: the folders must still be real folders.
    await createFolders(await checkFolders(root, p.target));
    const temp = join(dirname(p.target), `.stackfare-tmp-${randomBytes(6).toString('hex')}`);
    pendingTemps.add(temp);
    temps.push({ temp, target: p.target, mode: p.file.mode });
    try {
      await writeFile(temp, p.file.contents, { encoding: 'utf8', flag: 'wx', mode: p.file.mode ?? 0o644 });
    } catch (error) {
      throw fsUserError(error, 'write', p.target);
    }
    // An interrupt arrived while this file was being written: its cleanup may have run first.
    if (interrupted) throw new CancelledError();
  }
}

/** Renames every temporary file over its target, once all are written. */
async function renameTemps(temps: readonly TempFile[]): Promise<void> {
  for (const t of temps) {
    if (interrupted) throw new CancelledError();
    try {
      if (t.mode !== undefined) await chmod(t.temp, t.mode);
      // The target may have become a link since the plan: rename replaces a link, never follows it.
      await rename(t.temp, t.target);
    } catch (error) {
      throw fsUserError(error, 'write', t.target);
    }
    pendingTemps.delete(t.temp);
  }
}

/**
 * Writes one output file (`--output FILE`: a report or a diff) the same way: to a temporary name
 * then renamed, and over an existing file that differs only with `force`.
 */
export async function writeOutputFile(path: string, contents: string, options: { force: boolean; cwd: string; flag?: string }): Promise<FileStatus> {
  const target = resolve(options.cwd, path);
  const isFolder = await stat(target).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (isFolder)
    throw new UserError(`${path} is a folder; ${options.flag ?? '--output'} needs a file name.`, {
      hint: `For example: ${options.flag ?? '--output'} report.html`,
    });
  const file: RenderedFile = { path: basename(target), contents };
  const [planned] = await planWrites([file], dirname(target));
  if (planned!.status === 'changed' && !options.force) {
    throw new UserError(`${path} exists; nothing was written.`, {
      hint: `Re-run with --force to overwrite it, or give ${options.flag ?? '--output'} another file name.`,
    });
  }
  await writeFiles([file], dirname(target), { force: true, dryRun: false, cwd: options.cwd });
  return planned!.status;
}

/** What removeWritten did: files removed, and files kept because they changed since stackfare wrote them. */
export interface RemoveResult {
  removed: string[];
  kept: string[];
}

/**
 * Removes files an earlier run wrote (stale ones), under the folder's lock, each only if it is
 * still a regular file whose sha256 is the one recorded (a file edited since is kept and named);
 * folders left empty by a removal are removed too, up to the output folder.
 */
export async function removeWritten(entries: readonly ManifestEntry[], outDir: string, options: WriteOptions): Promise<RemoveResult> {
  const result: RemoveResult = { removed: [], kept: [] };
  if (entries.length === 0 || options.dryRun) return result;
  const root = resolve(outDir);
  const release = await lockFolder(root, options);
  try {
    for (const entry of entries) {
      const target = targetPath(root, entry.path);
      // Every folder on the way must be a real one: a link is never followed to remove a file.
      await checkFolders(root, target);
      const s = await lstatOrNull(target);
      if (s === null) continue;
      const text = s.isFile() ? await readFile(target, 'utf8').catch(() => null) : null;
      if (text === null || sha256(text) !== entry.sha256) {
        result.kept.push(entry.path);
        continue;
      }
      await rm(target).catch((error: unknown) => {
        throw fsUserError(error, 'remove', target);
      });
      result.removed.push(entry.path);
      await removeEmptyParents(root, dirname(target));
    }
  } finally {
    heldLocks.delete(release);
    await release();
  }
  return result;
}

/** Removes `dir` and its parents while they are empty, never the output folder itself. */
async function removeEmptyParents(root: string, dir: string): Promise<void> {
  let current = dir;
  while (current !== root && current.startsWith(root + sep)) {
    const ok = await rmdir(current).then(
      () => true,
      () => false,
    );
    if (!ok) return;
    current = dirname(current);
  }
}
