/**
 * What `generate` wrote into an output folder: `.stackfare-manifest.json` lists each file it wrote
 * (relative path and sha256), the platform, the stackfare version and the answers as resolved
 * (never a secret value), so a later run can name the files the new stack no longer has and remove
 * only those still as stackfare wrote them, and `stackfare check` can rebuild the stack. Reading only:
 * the manifest is written (and stale files removed) by src/io/write-files.ts.
 */
import { createHash } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Answers } from '../core/answers.js';
import type { RenderedFile } from '../render/render-files.js';
import { LOCK_FILE_NAME } from './lock.js';

/** The manifest's file name in an output folder. */
export const MANIFEST_FILE_NAME = '.stackfare-manifest.json';

/**
 * Files never recorded: stackfare's own bookkeeping, `.env` (it holds the user's secrets) and the
 * `.gitignore` that keeps `.env` out of git (removing it as stale would expose the secrets).
 */
const UNRECORDED = new Set([MANIFEST_FILE_NAME, LOCK_FILE_NAME, '.env', '.gitignore']);

export interface ManifestEntry {
  path: string;
  sha256: string;
}

export interface Manifest {
  manifestVersion: 1;
  stackfare: string;
  platform: string;
  /** The answers the files were generated from, as resolved; `compose` is relative to the output folder. */
  answers: Record<string, unknown>;
  /** Compose profiles enabled (--profile). */
  profiles: string[];
  /** The repository root seen from the output folder (DEPLOY.md's commands run there). */
  repositoryRoot?: string;
  files: ManifestEntry[];
}

/** sha256 of a file's text, hex. */
export function sha256(contents: string): string {
  return createHash('sha256').update(contents, 'utf8').digest('hex');
}

/** The answers without any secret value (a custom stack's secret settings keep only their names). */
export function answersWithoutSecrets(answers: Answers): Record<string, unknown> {
  const copy = structuredClone(answers) as Record<string, unknown> & Pick<Answers, 'services'>;
  for (const service of copy.services ?? []) {
    for (const env of service.env ?? []) {
      if (env.secret) delete env.value;
    }
  }
  return copy;
}

interface ManifestInput {
  version: string;
  platform: string;
  answers: Record<string, unknown>;
  profiles: readonly string[];
  repositoryRoot?: string;
  /** Files this run writes. */
  files: readonly RenderedFile[];
  /** Files an earlier run wrote that stay recorded (stale ones not removed this time). */
  carried?: readonly ManifestEntry[];
}

/** The manifest as a file to write (stable text: the same run twice leaves it unchanged). */
export function manifestFile(input: ManifestInput): RenderedFile {
  const entries = new Map<string, string>();
  for (const e of input.carried ?? []) entries.set(e.path, e.sha256);
  for (const f of input.files) if (!UNRECORDED.has(f.path)) entries.set(f.path, sha256(f.contents));
  const manifest: Manifest = {
    manifestVersion: 1,
    stackfare: input.version,
    platform: input.platform,
    answers: input.answers,
    profiles: [...input.profiles],
    ...(input.repositoryRoot === undefined ? {} : { repositoryRoot: input.repositoryRoot }),
    files: [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, hash]) => ({ path, sha256: hash })),
  };
  return { path: MANIFEST_FILE_NAME, contents: `${JSON.stringify(manifest, null, 2)}\n` };
}

/** Whether a parsed value has the manifest's shape (a hand-broken one is ignored, never trusted). */
function isManifest(value: unknown): value is Manifest {
  const m = value as Partial<Manifest> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    m.manifestVersion === 1 &&
    typeof m.platform === 'string' &&
    Array.isArray(m.files) &&
    m.files.every((f) => typeof f?.path === 'string' && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/.test(f.sha256))
  );
}

/** The output folder's manifest, or null when there is none (or it is not one stackfare can read). */
export async function readManifest(outDir: string): Promise<Manifest | null> {
  const path = resolve(outDir, MANIFEST_FILE_NAME);
  const s = await lstat(path).catch(() => null);
  if (s === null || !s.isFile()) return null;
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return isManifest(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** A file an earlier run wrote that this run does not: still as written (removable), edited, or gone. */
export interface StaleFile extends ManifestEntry {
  state: 'as-written' | 'edited' | 'missing';
}

/** The file's current text, or null when it is missing or not a regular file (a link is never read through). */
async function currentText(path: string): Promise<string | null> {
  const s = await lstat(path).catch(() => null);
  if (s === null || !s.isFile()) return null;
  return readFile(path, 'utf8').catch(() => null);
}

/** Files the previous manifest records that `files` no longer has, each with its state on disk. */
export async function findStale(previous: Manifest, files: readonly RenderedFile[], outDir: string): Promise<StaleFile[]> {
  const now = new Set(files.map((f) => f.path));
  const root = resolve(outDir);
  const stale: StaleFile[] = [];
  for (const entry of previous.files) {
    if (now.has(entry.path) || UNRECORDED.has(entry.path)) continue;
    // A manifest edited by hand must not reach outside the folder.
    if (entry.path.startsWith('/') || entry.path.split(/[\\/]/).includes('..')) continue;
    const text = await currentText(resolve(root, entry.path));
    const state = text === null ? 'missing' : sha256(text) === entry.sha256 ? 'as-written' : 'edited';
    stale.push({ ...entry, state });
  }
  return stale;
}
