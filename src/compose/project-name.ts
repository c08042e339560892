/**
 * The project name docker compose gives a file, which names the stack (Fly app names are global,
 * so a fixed name would collide between users). Compose's order (compose-go `cli/options.go`,
 * `loader.NormalizeProjectName`): COMPOSE_PROJECT_NAME, else the file's `name:` (interpolated),
 * else the folder's name, normalised: lower case, only [a-z0-9_-], no leading `_` or `-`.
 */
import { basename } from 'node:path';
import { warning, type Warning } from '../core/warnings.js';

/** A valid compose project name: what `name:` and COMPOSE_PROJECT_NAME must already be. */
const VALID = /^[a-z0-9][a-z0-9_-]*$/;

/** Normalises a folder's name as docker compose does (`My App.v2` → `myappv2`); '' when nothing is left. */
export function normaliseProjectName(raw: string): string {
  return [...raw.toLowerCase()].filter((c) => /[a-z0-9_-]/.test(c)).join('').replace(/^[_-]+/, '');
}

/**
 * The project name for a compose file in `dir`: `explicit` (COMPOSE_PROJECT_NAME or `name:`)
 * when set, else the folder's name normalised; undefined when neither yields one. An explicit
 * name compose would refuse is normalised too, with a warning.
 */
export function projectName(explicit: { value: string; from: string } | undefined, dir: string, warnings: Warning[]): string | undefined {
  if (explicit && explicit.value !== '') {
    if (VALID.test(explicit.value)) return explicit.value;
    const fixed = normaliseProjectName(explicit.value);
    warnings.push(
      warning('compose.project-name', 'warning', `${explicit.from} "${explicit.value}" is not a valid compose project name; docker compose refuses it. Named "${fixed || 'the folder name'}" here.`, {
        fix: 'Use lower-case letters, digits, "-" and "_", starting with a letter or digit.',
      }),
    );
    if (fixed) return fixed;
  }
  return normaliseProjectName(basename(dir)) || undefined;
}
