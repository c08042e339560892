/**
 * Where the shared docker-compose corpus lives (../shared/corpus/compose beside the project),
 * whether it is there, and loaders over the real disk and over inline texts for tests.
 * The corpus is used in place, never copied into the project.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ComposeLoader } from '../../src/compose/load.js';

/** The project root (two folders up from this helper). */
export const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

/** The corpus folder, relative to the project root. */
export const CORPUS_DIR = resolve(PROJECT_ROOT, '..', 'shared', 'corpus', 'compose');

/** Whether the corpus is present (it is absent when the project is checked out alone). */
export const corpusAvailable = existsSync(CORPUS_DIR);

/** The one message corpus tests show when they are skipped. */
export const CORPUS_SKIP_MESSAGE = `skipped: ../shared not found (looked for ${CORPUS_DIR})`;

/** Absolute path of one corpus file. */
export function corpusFile(name: string): string {
  return resolve(CORPUS_DIR, name);
}

/** A loader over the real disk: the text, or null when the file is missing. */
export const diskLoader: ComposeLoader = async (path) => {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
};

/** A loader over inline files keyed by absolute path; it records every path asked for. */
export function memoryLoader(files: Record<string, string>): ComposeLoader & { requested: string[] } {
  const requested: string[] = [];
  const load = async (path: string) => {
    requested.push(path);
    return files[path] ?? null;
  };
  return Object.assign(load, { requested });
}

/** A `readFile` for AppDeps over inline files: missing files fail with ENOENT like node's. */
export function memoryReadFile(files: Record<string, string>) {
  return async (path: string): Promise<string> => {
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
    return text;
  };
}

/**
 * A corpus import as its user has it once the settings that point at their own machine are left
 * to the platform (`VAR: ${VAR}`, as the compose.host-url fix says): without the warnings that
 * block hosted platforms. test/compose/generate-from-compose.test.ts checks the blocking itself.
 */
export function leftToPlatform<T extends { warnings?: { blocksHosted?: boolean }[]; source?: { warnings?: { blocksHosted?: boolean }[] } }>(imported: T): T {
  const keep = <W extends { blocksHosted?: boolean }>(list: W[] | undefined) => list?.filter((w) => !w.blocksHosted);
  return {
    ...imported,
    ...(imported.warnings ? { warnings: keep(imported.warnings) } : {}),
    ...(imported.source ? { source: { ...imported.source, ...(imported.source.warnings ? { warnings: keep(imported.source.warnings) } : {}) } } : {}),
  };
}
