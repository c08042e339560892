/**
 * The files under each mounted folder of the repository, read at the edge for the platforms that
 * need them one by one (Kubernetes: a ConfigMap key per file). A file mount, or a folder that does
 * not exist here, is left out: the platform then says it could not list it.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Folders never copied into a ConfigMap: version control and caches, not configuration. */
const SKIPPED = new Set(['.git', 'node_modules', '__pycache__', '.venv']);
/** A ConfigMap holds at most 1 MiB: past this many files the folder is not configuration. */
const MAX_FILES = 500;

/** Regular files under `dir`, as forward-slash paths relative to it, sorted; null past MAX_FILES. */
async function filesUnder(dir: string): Promise<string[] | null> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<boolean> => {
    const entries = await readdir(join(dir, rel), { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIPPED.has(e.name) && !(await walk(path))) return false;
      } else if (e.isFile()) {
        out.push(path);
        if (out.length > MAX_FILES) return false;
      }
    }
    return true;
  };
  return (await walk('')) ? out : null;
}

/** The files of every mounted folder, keyed by its repository path (`./config/` → `config`). */
export async function listMountedFolders(sources: readonly string[], repositoryDir: string): Promise<Record<string, string[]>> {
  const listing: Record<string, string[]> = {};
  for (const source of sources) {
    const key = source.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';
    const dir = resolve(repositoryDir, key);
    try {
      if (!(await stat(dir)).isDirectory()) continue;
      const files = await filesUnder(dir);
      if (files) listing[key] = files;
    } catch (error) {
      // Not here (generated away from the repository): the platform says it could not list it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return listing;
}
