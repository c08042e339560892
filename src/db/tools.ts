/**
 * The user's own pg_dump / pg_restore: found on PATH (then in the usual install folders), their
 * major version read, and a missing or too old one reported with the install hint for this OS.
 */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { UserError } from '../errors.js';

/** A client binary and its major version. */
interface PgTool {
  path: string;
  major: number;
  version: string;
}

/** How to install the PostgreSQL client tools on this operating system. */
export function installHint(platform: string, major?: number): string {
  const v = major ?? 17;
  if (platform === 'darwin') return `Install them with Homebrew: brew install libpq (or postgresql@${v}), then add $(brew --prefix libpq)/bin to PATH.`;
  if (platform === 'win32')
    return `Install PostgreSQL ${v} from https://www.postgresql.org/download/windows/ (the client tools are enough) and add its bin folder to PATH.`;
  return `Install the client tools: Debian/Ubuntu "sudo apt-get install postgresql-client-${v}" (from apt.postgresql.org for recent versions), Fedora "sudo dnf install postgresql${v}", Alpine "apk add postgresql${v}-client".`;
}

async function executable(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where distributions install versioned PostgreSQL folders (<root>/<major>/bin), and Homebrew's libpq. */
const DEFAULT_TOOL_ROOTS = { versioned: ['/usr/lib/postgresql', '/usr/pgsql'], plain: ['/opt/homebrew/opt/libpq/bin', '/usr/local/opt/libpq/bin'] };

/** Folders to look in: PATH first (the user's choice), then the distributions' versioned folders, newest first. */
async function searchPath(env: Readonly<Record<string, string | undefined>>, roots: typeof DEFAULT_TOOL_ROOTS): Promise<string[]> {
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const root of roots.versioned) {
    try {
      const majors = (await readdir(root)).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
      dirs.push(...majors.map((m) => join(root, m, 'bin')));
    } catch {
      // Not this distribution.
    }
  }
  dirs.push(...roots.plain);
  return dirs;
}

function versionOf(path: string): Promise<{ major: number; version: string }> {
  return new Promise((resolve, reject) => {
    execFile(path, ['--version'], { timeout: 10_000 }, (error, stdout) => {
      if (error) return reject(error);
      const m = /(\d+)(?:\.(\d+))?/.exec(stdout);
      if (!m) return reject(new Error(`cannot read the version from "${stdout.trim()}"`));
      resolve({ major: Number(m[1]), version: m[0] });
    });
  });
}

/** Every copy of `name` on the search path with its version (PATH's first). */
async function findTools(name: 'pg_dump' | 'pg_restore', env: Readonly<Record<string, string | undefined>>, roots = DEFAULT_TOOL_ROOTS): Promise<PgTool[]> {
  const found: PgTool[] = [];
  const seen = new Set<string>();
  for (const dir of await searchPath(env, roots)) {
    const path = join(dir, name);
    if (seen.has(path) || !(await executable(path))) continue;
    seen.add(path);
    try {
      found.push({ path, ...(await versionOf(path)) });
    } catch {
      // A broken copy is skipped; another may work.
    }
  }
  return found;
}

/**
 * The tool to use for a server of major version `serverMajor`: the first on PATH (the one the
 * user would run), or without one on PATH the newest in the usual folders. pg_dump reads servers
 * and pg_restore reads dumps only up to its own major version, so an older one is an error
 * that names the fix (and a newer copy when one is installed elsewhere).
 */
export async function toolFor(
  name: 'pg_dump' | 'pg_restore',
  serverMajor: number,
  env: Readonly<Record<string, string | undefined>>,
  platform: string,
  what: string,
  roots = DEFAULT_TOOL_ROOTS,
): Promise<PgTool> {
  const tools = await findTools(name, env, roots);
  const pathDirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const onPath = tools.find((t) => pathDirs.some((d) => t.path === join(d, name)));
  const chosen = onPath ?? [...tools].sort((a, b) => b.major - a.major)[0];
  if (!chosen) {
    throw new UserError(`${name} was not found (on PATH or in the usual PostgreSQL folders); migrate-data runs your own ${name}.`, {
      hint: installHint(platform, serverMajor),
    });
  }
  if (chosen.major >= serverMajor) return chosen;
  const newer = tools.find((t) => t.major >= serverMajor);
  throw new UserError(
    `${name} ${chosen.version} (${chosen.path}) cannot ${what} PostgreSQL ${serverMajor}: it reads only up to its own major version, ${chosen.major}.`,
    {
      hint: newer
        ? `A newer ${name} ${newer.version} is installed at ${newer.path}: put its folder first on PATH (export PATH=${newer.path.slice(0, -name.length - 1)}:$PATH).`
        : `Install the PostgreSQL ${serverMajor} client tools (or newer) and put them first on PATH. ${installHint(platform, serverMajor)}`,
    },
  );
}
