/**
 * Release commands: a command that runs once per deploy, before the new version of a service
 * takes traffic (database migrations). It comes from the answers (`release`, `--release`) or
 * from a detection in the service's build context; an explicit answer always wins, and `none`
 * turns a detected one off.
 */
import type { Answers } from './answers.js';

/** The value of `--release NAME=none` (answers `"release": { "NAME": "none" }`): no release command. */
const RELEASE_NONE = 'none';

/** A release command found in a service's build context (alembic.ini, prisma/schema.prisma...). */
export interface DetectedRelease {
  command: string;
  /** The tool it runs (alembic, Prisma, Django...). */
  tool: string;
  /** What in the build context shows it (`alembic.ini in ./reasoning-api; its CMD runs uv run`). */
  evidence: string;
}

/** A service's release command as the stack holds it. */
export interface Release {
  command: string;
  /** Where it came from: the answers (`--release`) or a detection. */
  origin: 'answers' | 'detected';
}

/** The shell command of a release as written: trimmed; null for `none`. */
function explicitCommand(value: string): string | null {
  const command = value.trim();
  return command.toLowerCase() === RELEASE_NONE ? null : command;
}

/**
 * Each kept service's release command, and the assumptions that say where each came from and
 * how to change it. `detected` is keyed by the service's name as the source gives it.
 */
export function resolveReleases(
  services: readonly { name: string; slug: string }[],
  release: Answers['release'],
  detected: Readonly<Record<string, DetectedRelease>> | undefined,
): { releases: Map<string, Release>; assumptions: string[] } {
  const releases = new Map<string, Release>();
  const assumptions: string[] = [];
  for (const s of services) {
    const given = release?.[s.name] ?? release?.[s.slug];
    const found = detected?.[s.name];
    if (given !== undefined) {
      const command = explicitCommand(given);
      if (command) {
        releases.set(s.slug, { command, origin: 'answers' });
        assumptions.push(`${s.slug}: runs ${JSON.stringify(command)} once per deploy, before the new version takes traffic (set in the answers).`);
      } else if (found) {
        assumptions.push(
          `${s.slug}: no release command; the detected ${found.tool} migrations (${JSON.stringify(found.command)}) are turned off in the answers, so run them yourself.`,
        );
      }
      continue;
    }
    if (!found) continue;
    releases.set(s.slug, { command: found.command, origin: 'detected' });
    assumptions.push(
      `${s.slug}: runs ${JSON.stringify(found.command)} once per deploy, before the new version takes traffic (${found.tool} detected: ${found.evidence}). ` +
        `Turn it off with --release ${s.name}=none, or set another with --release ${s.name}="CMD".`,
    );
  }
  return { releases, assumptions };
}

/** Why a service built from a context that stackfare does not read has no release command (the built-in stack). */
export function unreadContextNote(service: { slug: string; build?: { context: string } }): string {
  return (
    `${service.slug}: no release command. It is built from ${service.build?.context ?? 'its own source'}, which the built-in stack does not read, so its migrations cannot be detected; ` +
    `if it keeps a schema (alembic, Prisma, Django...), add one with --release ${service.slug}="CMD" (for alembic: --release ${service.slug}="alembic upgrade head").`
  );
}
