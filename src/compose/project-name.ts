/**
 * The project name docker compose gives a file, which names the stack (Fly app names are global,
 * so a fixed name would collide between users). Compose's order (compose-go `cli/options.go`,
 * `loader/loader.go` at e70e961): COMPOSE_PROJECT_NAME, else the file's `name:` (interpolated),
 * else the folder's name; normalised: lower case, only [a-z0-9_-], no leading `_` or `-`.
 */
import { basename } from 'node:path';
import { type Warning, warning } from '../core/warnings.js';

/** A valid compose project name: what COMPOSE_PROJECT_NAME must already be. */
const VALID = /^[a-z0-9][a-z0-9_-]*$/;

/** Normalises a folder's name as docker compose does (`My App.v2` → `myappv2`); '' when nothing is left. */
export function normaliseProjectName(raw: string): string {
  return [...raw.toLowerCase()]
    .filter((c) => /[a-z0-9_-]/.test(c))
    .join('')
    .replace(/^[_-]+/, '');
}

/**
 * The project name for a compose file in `dir`, as compose-go's `withNamePrecedenceLoad` and
 * `projectName` decide it: COMPOSE_PROJECT_NAME as given (compose refuses an invalid one: here
 * it is normalised, with a warning); else `name:` normalised (silently, as compose does); else the
 * folder's name normalised; undefined when none yields a name.
 */
export function projectName(fromEnv: string | undefined, written: string | undefined, dir: string, warnings: Warning[]): string | undefined {
  if (fromEnv) {
    if (VALID.test(fromEnv)) return fromEnv;
    const fixed = normaliseProjectName(fromEnv);
    warnings.push(
      warning(
        'compose.project-name',
        'warning',
        `COMPOSE_PROJECT_NAME "${fromEnv}" is not a valid compose project name; docker compose refuses it. Named "${fixed || 'after the folder'}" here.`,
        {
          fix: 'Use lower-case letters, digits, "-" and "_", starting with a letter or digit.',
        },
      ),
    );
    if (fixed) return fixed;
  }
  const named = written ? normaliseProjectName(written) : '';
  return named || normaliseProjectName(basename(dir)) || undefined;
}
