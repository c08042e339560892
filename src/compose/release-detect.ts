/**
 * Release-command detection: from the files of a service's build context and its Dockerfile,
 * the migration command of the common tools (alembic, Django, Rails, Prisma, Knex, Sequelize,
 * Drizzle, Laravel), run the way the image runs its program (`uv run ...` when its CMD does).
 * Pure: the caller probed the files (see io) and read the Dockerfile.
 */
import { posix } from 'node:path';
import type { DetectedRelease } from '../core/release.js';
import { commandWords, type DockerfileFacts, imagePathOf } from './dockerfile.js';

/** The context paths a detector looks at; the caller probes each one. */
export const RELEASE_MARKERS = [
  'alembic.ini',
  'manage.py',
  'bin/rails',
  'db/migrate',
  'prisma/schema.prisma',
  'knexfile.js',
  'knexfile.ts',
  'knexfile.cjs',
  'knexfile.mjs',
  '.sequelizerc',
  'drizzle.config.ts',
  'drizzle.config.js',
  'artisan',
  'database/migrations',
  'package.json',
] as const;

/** What a detector sees of one build context. */
export interface BuildContextView {
  /** The context as the compose file writes it, for messages (`./reasoning-api`). */
  context: string;
  /** Which markers exist, and whether each is a file or a folder. */
  found: ReadonlyMap<string, 'file' | 'folder'>;
  /** Dependencies named in package.json (dependencies and devDependencies). */
  packages: ReadonlySet<string>;
  /** The Dockerfile's final stage; null when it could not be read. */
  dockerfile: DockerfileFacts | null;
  /** The compose service's own `entrypoint` / `command`, which replace the image's. */
  entrypoint?: string;
  command?: string;
}

/** How the image starts its program: the words of the entrypoint and command in effect. */
function programWords(v: BuildContextView): string[] {
  const entry = v.entrypoint !== undefined ? v.entrypoint.split(/\s+/) : commandWords(v.dockerfile?.entrypoint ?? null);
  const cmd = v.command !== undefined ? v.command.split(/\s+/) : v.entrypoint !== undefined ? [] : commandWords(v.dockerfile?.cmd ?? null);
  return [...entry, ...cmd].filter(Boolean);
}

/** The runner the program goes through (`uv run `, `poetry run `...), so the tool finds its environment. */
export function runnerPrefix(words: readonly string[]): string {
  for (let i = 0; i + 1 < words.length; i++) {
    const tool = posix.basename(words[i]!);
    if ((tool === 'uv' || tool === 'poetry' || tool === 'pipenv' || tool === 'pdm') && words[i + 1] === 'run') return `${tool} run `;
  }
  return '';
}

/**
 * Where a marker sits for a command run in the image's working directory: its path relative to
 * WORKDIR (absolute when outside it); null when the Dockerfile copies it nowhere, so a command
 * in the image could not find it. Without a readable Dockerfile, the context path.
 */
function inImage(v: BuildContextView, marker: string): string | null {
  const kind = v.found.get(marker);
  if (!kind) return null;
  if (!v.dockerfile) return marker;
  const paths = imagePathOf(v.dockerfile, marker, kind === 'folder');
  if (paths.length === 0) return null;
  const rel = posix.relative(v.dockerfile.workdir, paths[0]!);
  return rel.startsWith('..') ? paths[0]! : rel;
}

type Detector = (v: BuildContextView, prefix: string) => DetectedRelease | null;

const where = (v: BuildContextView, what: string) => `${what} in ${v.context}${v.dockerfile ? ', copied into the image' : ''}`;

const DETECTORS: Detector[] = [
  (v, prefix) => {
    const ini = inImage(v, 'alembic.ini');
    if (!ini) return null;
    // The project's own habit with uv is the explicit -c; plain alembic finds alembic.ini in its folder.
    const config = prefix === 'uv run ' || ini !== 'alembic.ini' ? ` -c ${ini}` : '';
    return {
      tool: 'alembic',
      command: `${prefix}alembic${config} upgrade head`,
      evidence: `${where(v, 'alembic.ini')}${prefix ? `; its program runs through ${prefix.trim()}` : ''}`,
    };
  },
  (v, prefix) => {
    const manage = inImage(v, 'manage.py');
    return manage ? { tool: 'Django', command: `${prefix}python ${manage} migrate --noinput`, evidence: where(v, 'manage.py') } : null;
  },
  (v) => {
    const rails = inImage(v, 'bin/rails');
    if (!rails || !inImage(v, 'db/migrate')) return null;
    return { tool: 'Rails', command: `${rails} db:migrate`, evidence: where(v, 'bin/rails and db/migrate') };
  },
  (v) => (inImage(v, 'prisma/schema.prisma') ? { tool: 'Prisma', command: 'npx prisma migrate deploy', evidence: where(v, 'prisma/schema.prisma') } : null),
  (v) => {
    const file = ['knexfile.js', 'knexfile.ts', 'knexfile.cjs', 'knexfile.mjs'].find((f) => inImage(v, f));
    return file ? { tool: 'Knex', command: 'npx knex migrate:latest', evidence: where(v, file) } : null;
  },
  (v) =>
    inImage(v, '.sequelizerc') && v.packages.has('sequelize-cli')
      ? { tool: 'Sequelize', command: 'npx sequelize-cli db:migrate', evidence: `${where(v, '.sequelizerc')}; sequelize-cli in package.json` }
      : null,
  (v) => {
    const file = ['drizzle.config.ts', 'drizzle.config.js'].find((f) => inImage(v, f));
    return file && v.packages.has('drizzle-kit')
      ? { tool: 'Drizzle', command: 'npx drizzle-kit migrate', evidence: `${where(v, file)}; drizzle-kit in package.json` }
      : null;
  },
  (v) =>
    inImage(v, 'artisan') && inImage(v, 'database/migrations')
      ? { tool: 'Laravel', command: 'php artisan migrate --force', evidence: where(v, 'artisan and database/migrations') }
      : null,
];

/** The release command a build context shows, or null. The first tool found wins (one command per service). */
export function detectRelease(v: BuildContextView): DetectedRelease | null {
  const prefix = runnerPrefix(programWords(v));
  for (const detect of DETECTORS) {
    const found = detect(v, prefix);
    if (found) return found;
  }
  return null;
}

/** Dependency names of a package.json text (empty when it is not valid JSON). */
export function packageNames(text: string | null): Set<string> {
  if (!text) return new Set();
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    const deps = { ...(json.dependencies as object | undefined), ...(json.devDependencies as object | undefined) };
    return new Set(Object.keys(deps));
  } catch {
    return new Set();
  }
}
