/**
 * The I/O side of compose import: finds the file, reads it and the files it refers to (`.env`,
 * env_file, extends) through the injected `readFile`, and hands the pure importer a loader.
 */
import { resolve } from 'node:path';
import type { BuildProbe } from '../compose/build-context.js';
import { importCompose } from '../compose/import-compose.js';
import type { ComposeLoader } from '../compose/load.js';
import type { ComposeImport } from '../compose/map.js';
import type { StackSource } from '../core/stack.js';
import { UserError } from '../errors.js';
import type { ReadFile } from './files.js';
import { describeFsError, type InputKind } from './read-input.js';

/** Names `stackfare import` looks for in the current folder, in this order (as Compose does). */
export const DEFAULT_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'] as const;

/** The outside world the compose reader needs (from AppDeps and the flags). */
interface ReadComposeOptions {
  profiles: string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  readFile: ReadFile;
}

/** Reads a compose file into the stack source `estimate`, `generate` and the wizard start from. */
export async function readComposeSource(file: string, options: ReadComposeOptions): Promise<StackSource> {
  return (await readComposeImport(file, options)).source;
}

/** Reads a compose file into the full import result (services, databases, warnings...). */
export async function readComposeImport(file: string, options: ReadComposeOptions): Promise<ComposeImport> {
  const path = resolve(options.cwd, file);
  // The main file is read here so a missing or unreadable path gets a precise reason.
  const text = await readMain(path, file, options.readFile);
  const loader: ComposeLoader = async (p) => (p === path ? text : readOptional(p, options.readFile, /\.ya?ml$/i.test(p) ? 'compose' : 'env'));
  return importCompose({ file: path, display: file, load: loader, env: options.env, profiles: options.profiles, probe: buildProbe(options.readFile) });
}

/**
 * The build contexts as the importer reads them (Dockerfiles, migration markers). A file that
 * cannot be read as text (too large, not UTF-8) still exists; a folder is told by EISDIR.
 */
export function buildProbe(readFile: ReadFile): BuildProbe {
  const attempt = async (path: string): Promise<{ kind: 'file' | 'folder' | null; text: string | null }> => {
    try {
      return { kind: 'file', text: await readFile(path, 'env') };
    } catch (error) {
      if (error instanceof UserError) return { kind: 'file', text: null };
      const code = errorCode(error);
      return { kind: code === 'EISDIR' ? 'folder' : null, text: null };
    }
  };
  return { kind: async (path) => (await attempt(path)).kind, read: async (path) => (await attempt(path)).text };
}

/** The first default compose file in `cwd`; a UserError listing the names when there is none. */
export async function findComposeFile(cwd: string, readFile: ReadFile): Promise<string> {
  for (const name of DEFAULT_COMPOSE_FILES) {
    if ((await readOptional(resolve(cwd, name), readFile, 'compose')) !== null) return name;
  }
  throw new UserError(`No compose file in ${cwd}: looked for ${DEFAULT_COMPOSE_FILES.join(', ')}.`, {
    hint: 'Run stackfare import FILE with the path of your compose file.',
  });
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

async function readMain(path: string, shown: string, readFile: ReadFile): Promise<string> {
  try {
    return await readFile(path, 'compose');
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = errorCode(error);
    const reason =
      code === 'ENOENT' || code === 'ENOTDIR'
        ? 'no such file'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a folder'
            : describeFsError(error);
    throw new UserError(`Cannot read the compose file ${shown}: ${reason}.`, {
      hint: code === 'EISDIR' ? `Point at the compose file inside it, such as ${shown}/compose.yaml.` : 'Check the path.',
    });
  }
}

/** A file the compose file refers to: its text, null when missing, a UserError when unreadable. */
async function readOptional(path: string, readFile: ReadFile, kind: InputKind): Promise<string | null> {
  try {
    return await readFile(path, kind);
  } catch (error) {
    // A FIFO, a huge file or invalid UTF-8 is an error even where a missing file is not.
    if (error instanceof UserError) throw error;
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === undefined) return null;
    if (code === 'EISDIR') return null;
    throw new UserError(`Cannot read ${path}, which the compose file refers to: ${describeFsError(error)}.`);
  }
}
