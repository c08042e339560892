/**
 * What the services built from source show in their build context: the release command of their
 * migration tool, and which repository mounts their own Dockerfile already bakes in. Reading goes
 * through an injected probe (the io edge gives the disk); `applyBuildFacts` is pure.
 */
import { posix } from 'node:path';
import type { ServiceInput } from '../core/answers.js';
import type { DetectedRelease } from '../core/release.js';
import type { StackSource } from '../core/stack.js';
import { type DockerfileFacts, imagePathOf, readDockerfile } from './dockerfile.js';
import { detectRelease, packageNames, RELEASE_MARKERS } from './release-detect.js';

/** How the inspection reaches files: a path's kind, and a file's text (null when missing). */
export interface BuildProbe {
  kind(path: string): Promise<'file' | 'folder' | null>;
  read(path: string): Promise<string | null>;
}

/** What one built service's context shows. */
export interface BuildFacts {
  dockerfile: DockerfileFacts | null;
  release: DetectedRelease | null;
  /** Kind of each mount source (by its repository path), for the COPY check. */
  mountKinds: Map<string, 'file' | 'folder' | null>;
}

/** A compose-relative path, normalised: `./tools-api/` → `tools-api`, `.` stays. */
function norm(p: string): string {
  const n = posix.normalize(p).replace(/\/+$/, '');
  return n === '' || n === './' ? '.' : n.replace(/^\.\//, '');
}

/** Reads each built service's Dockerfile and probes its migration markers and mount sources. */
export async function inspectBuilds(services: readonly ServiceInput[], composeDir: string, probe: BuildProbe): Promise<Map<string, BuildFacts>> {
  const out = new Map<string, BuildFacts>();
  for (const s of services) {
    if (!s.build) continue;
    const contextDir = posix.join(composeDir, s.build.context);
    if ((await probe.kind(contextDir)) !== 'folder') continue;
    const text = await probe.read(posix.join(contextDir, s.build.dockerfile ?? 'Dockerfile'));
    const dockerfile = text === null ? null : readDockerfile(text);
    const found = new Map<string, 'file' | 'folder'>();
    for (const marker of RELEASE_MARKERS) {
      const kind = await probe.kind(posix.join(contextDir, marker));
      if (kind) found.set(marker, kind);
    }
    const packages = packageNames(found.get('package.json') === 'file' ? await probe.read(posix.join(contextDir, 'package.json')) : null);
    const release = detectRelease({
      context: s.build.context,
      found,
      packages,
      dockerfile,
      ...(s.entrypoint !== undefined ? { entrypoint: s.entrypoint } : {}),
      ...(s.command !== undefined ? { command: s.command } : {}),
    });
    const mountKinds = new Map<string, 'file' | 'folder' | null>();
    for (const m of s.mounts ?? []) mountKinds.set(m.source, await probe.kind(posix.join(composeDir, m.source)));
    out.set(s.name, { dockerfile, release, mountKinds });
  }
  return out;
}

/** Whether the service's Dockerfile already copies the mount's source to the mount's target. */
function bakedIn(build: { context: string }, mount: { source: string; target: string }, facts: BuildFacts): boolean {
  if (!facts.dockerfile) return false;
  const rel = posix.relative(norm(build.context), norm(mount.source)) || '.';
  if (rel.startsWith('..')) return false;
  const target = posix.normalize(mount.target).replace(/\/+$/, '') || '/';
  return imagePathOf(facts.dockerfile, rel, facts.mountKinds.get(mount.source) === 'folder').includes(target);
}

/**
 * Applies the inspection to a stack source: detected release commands, and mounts a service's
 * own Dockerfile already COPYs to the same place dropped (the image carries them). Returns the
 * assumptions to show, including where every remaining mount goes.
 */
export function applyBuildFacts(source: StackSource, facts: ReadonlyMap<string, BuildFacts>): string[] {
  const assumptions: string[] = [];
  const releases: Record<string, DetectedRelease> = { ...source.releases };
  for (const s of source.services) {
    const f = facts.get(s.name);
    if (f?.release) releases[s.name] = f.release;
    if (!s.mounts || s.mounts.length === 0) continue;
    const dropped = s.build && f ? s.mounts.filter((m) => bakedIn(s.build!, m, f)) : [];
    if (dropped.length > 0) {
      s.mounts = s.mounts.filter((m) => !dropped.includes(m));
      assumptions.push(
        `${s.name}: ${dropped.map((m) => `${m.source} → ${m.target}`).join(', ')} not mounted: its Dockerfile already COPYs ${dropped.length === 1 ? 'it' : 'them'} there, so the image carries ${dropped.length === 1 ? 'it' : 'them'} on every platform.`,
      );
      if (s.mounts.length === 0) delete s.mounts;
    }
    if (s.mounts && s.mounts.length > 0) assumptions.push(mountNote(s.name, s.mounts, s.build === undefined ? null : (f?.dockerfile ?? null) !== null));
  }
  if (Object.keys(releases).length > 0) source.releases = releases;
  return assumptions;
}

/** Where a service's remaining mounts go on the platforms. */
function mountNote(name: string, mounts: readonly { source: string; target: string }[], dockerfileRead: boolean | null): string {
  const list = mounts.map((m) => `${m.source} → ${m.target}`).join(', ');
  const one = mounts.length === 1;
  if (dockerfileRead === null) {
    return `${name}: ${list} ${one ? 'is a config file' : 'are config files'} of the repository; ${one ? 'it travels' : 'they travel'} with the service (a generated Dockerfile FROM its image, or the platform's file mounts; locally the bind mount stays).`;
  }
  const why = dockerfileRead
    ? `its Dockerfile does not COPY ${one ? 'it' : 'them'} there`
    : `its Dockerfile could not be read to see whether it COPYs ${one ? 'it' : 'them'} there`;
  return `${name}: ${list} ${one ? 'is' : 'are'} mounted from the repository, but ${why}: on the platforms the image runs without ${one ? 'it' : 'them'} unless the Dockerfile does (locally the bind mount stays).`;
}
