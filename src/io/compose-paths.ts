/** Completion of a typed compose path for the wizard: folders and .yml/.yaml files under what was typed. */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** At most this many completions: a folder of thousands of files still answers at once. */
const MAX = 200;

/**
 * Paths that continue `typed` (relative to `cwd`, or absolute as typed): folders end in `/`;
 * hidden entries only when the typed name starts with a dot. An unreadable folder completes nothing.
 */
export function completeComposePath(cwd: string, typed: string): string[] {
  const cut = typed.lastIndexOf('/') + 1;
  const folder = typed.slice(0, cut);
  const start = typed.slice(cut);
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(resolve(cwd, folder || '.'), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.name.startsWith(start) && (start.startsWith('.') || !e.name.startsWith('.')))
    .filter((e) => e.isDirectory() || /\.ya?ml$/i.test(e.name))
    .map((e) => `${folder}${e.name}${e.isDirectory() ? '/' : ''}`)
    .sort()
    .slice(0, MAX);
}
