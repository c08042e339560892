/**
 * The only module that writes files. It never overwrites a differing file without `force`
 * (and then stops before writing anything), never writes outside the output folder, and
 * writes every file to a temporary name first, renaming only when all are written.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CancelledError, UserError } from '../errors.js';
import type { RenderedFile } from '../render/render-files.js';

export type FileStatus = 'new' | 'changed' | 'unchanged';

export interface PlannedWrite {
  file: RenderedFile;
  /** Absolute path on disk. */
  target: string;
  status: FileStatus;
}

export interface WriteOptions {
  force: boolean;
  dryRun: boolean;
  /** Folder that conflict messages show paths relative to. */
  cwd: string;
}

/** Resolves a generated path inside `outDir`, refusing anything that would leave it. */
export function targetPath(outDir: string, path: string): string {
  const root = resolve(outDir);
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..') || path.trim() === '') {
    throw new Error(`refusing to write ${JSON.stringify(path)}: generated paths stay inside the output folder`);
  }
  const target = resolve(root, path);
  if (target !== root && !target.startsWith(root + sep)) throw new Error(`refusing to write outside ${root}: ${path}`);
  return target;
}

async function existing(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EISDIR') throw new UserError(`${path} is a folder, where stackfare would write a file.`, { hint: 'Move it, or choose another --out.' });
    throw error;
  }
}

/** Which files are new, changed or unchanged, without writing anything. */
export async function planWrites(files: readonly RenderedFile[], outDir: string): Promise<PlannedWrite[]> {
  return Promise.all(
    files.map(async (file) => {
      const target = targetPath(outDir, file.path);
      const current = await existing(target);
      const status: FileStatus = current === null ? 'new' : current === file.contents ? 'unchanged' : 'changed';
      return { file, target, status };
    }),
  );
}

/** Files whose temporary copies exist right now; removed if the process is interrupted. */
const pendingTemps = new Set<string>();
/** Set once an interrupt cleaned up: writes still in flight then remove their own temp file. */
let interrupted = false;

/** Deletes temporary files left by an interrupted write (called on SIGINT); no rename follows. */
export async function cleanupPendingWrites(): Promise<void> {
  interrupted = true;
  await Promise.all([...pendingTemps].map((t) => rm(t, { force: true })));
  pendingTemps.clear();
}

/**
 * Writes new and changed files. Conflicts (existing files that differ) stop the whole write
 * unless `force`; `dryRun` only plans. Returns the plan with each file's status.
 */
export async function writeFiles(files: readonly RenderedFile[], outDir: string, options: WriteOptions): Promise<PlannedWrite[]> {
  const plan = await planWrites(files, outDir);
  if (options.dryRun) return plan;
  const conflicts = plan.filter((p) => p.status === 'changed');
  if (conflicts.length > 0 && !options.force) {
    const list = conflicts.map((c) => `  ${relative(options.cwd, c.target) || c.target}`).join('\n');
    throw new UserError(`These files exist and differ from what stackfare would write; nothing was written:\n${list}`, {
      hint: 'Re-run with --force to overwrite them, use --dry-run to see the changes, or choose another --out folder.',
    });
  }
  const toWrite = plan.filter((p) => p.status !== 'unchanged');
  const temps: { temp: string; target: string; mode: number | undefined }[] = [];
  try {
    for (const p of toWrite) {
      await mkdir(dirname(p.target), { recursive: true });
      const temp = join(dirname(p.target), `.stackfare-tmp-${randomBytes(6).toString('hex')}`);
      pendingTemps.add(temp);
      temps.push({ temp, target: p.target, mode: p.file.mode });
      await writeFile(temp, p.file.contents, { encoding: 'utf8', flag: 'wx', mode: p.file.mode ?? 0o644 });
      // An interrupt arrived while this file was being written: its cleanup may have run first.
      if (interrupted) throw new CancelledError();
    }
    for (const t of temps) {
      if (interrupted) throw new CancelledError();
      if (t.mode !== undefined) await chmod(t.temp, t.mode);
      await rename(t.temp, t.target);
      pendingTemps.delete(t.temp);
    }
  } catch (error) {
    await Promise.all(temps.map((t) => rm(t.temp, { force: true })));
    for (const t of temps) pendingTemps.delete(t.temp);
    throw error;
  }
  return plan;
}

/**
 * Writes one output file (`--output FILE`: a report or a diff) the same way: to a temporary name
 * then renamed, and over an existing file that differs only with `force`.
 */
export async function writeOutputFile(path: string, contents: string, options: { force: boolean; cwd: string; flag?: string }): Promise<FileStatus> {
  const target = resolve(options.cwd, path);
  const isFolder = await stat(target).then((s) => s.isDirectory(), () => false);
  if (isFolder) throw new UserError(`${path} is a folder; ${options.flag ?? '--output'} needs a file name.`, { hint: `For example: ${options.flag ?? '--output'} report.html` });
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
