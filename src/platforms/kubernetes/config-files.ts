/**
 * Mounted repository files as Kubernetes reads them. kustomize's configMapGenerator takes files,
 * never a folder ("must resolve to a file"), and a ConfigMap key holds one file, so: a mounted
 * file is one key of the service's ConfigMap, mounted over the file with subPath; a mounted
 * folder is its own ConfigMap with one key per file, mounted as a folder whose `items` put each
 * key back at its path (nested folders included), the way compose's bind mount shows the folder.
 * A mount the service's Dockerfile already copies needs nothing. DEPLOY.md copies each file to
 * exactly the path the generator names.
 */
import type { Service } from '../../core/stack.js';

/** The files under each mounted folder of the repository, by the folder's repository path (`config`), read by the command. */
export type MountFiles = Readonly<Record<string, readonly string[]>>;

/** One file as a ConfigMap holds it. */
export interface ConfigFile {
  /** ConfigMap key (`[-._A-Za-z0-9]+`). */
  key: string;
  /** Repository path DEPLOY.md copies from. */
  source: string;
  /** Path under k8s/ the generator reads (DEPLOY.md copies to it). */
  copy: string;
  /** Path inside the mounted folder (folder mounts). */
  path: string;
}

/** One mount of a service as the pod gets it. */
export interface ConfigMount {
  kind: 'file' | 'folder';
  target: string;
  /** The ConfigMap (generator name) holding its files. */
  configMap: string;
  /** Volume name in the pod. */
  volume: string;
  files: ConfigFile[];
  /** A folder stackfare could not list: its ConfigMap is empty until its files are listed. */
  unlisted: boolean;
}

/** A repository path as the listing keys it: no leading `./`, no trailing `/`. */
export function repositoryKey(source: string): string {
  return source.replace(/^(\.\/)+/, '').replace(/\/+$/, '') || '.';
}

/** Whether a mount source looks like a folder when no listing says (no extension, or a trailing slash). */
export function looksLikeFolder(source: string): boolean {
  const last = source.replace(/\/+$/, '').split('/').at(-1) ?? '';
  return source.endsWith('/') || !last.includes('.') || last === '.' || last === '..';
}

const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '-');
const baseOf = (path: string, fallback: string) => path.split('/').filter(Boolean).at(-1) ?? fallback;

/** The ConfigMap holding a service's mounted files; a folder mount gets its own (`-<n>`). */
export function configName(slug: string, folderIndex?: number): string {
  return folderIndex === undefined ? `${slug}-config` : `${slug}-config-${folderIndex + 1}`;
}

/**
 * The mounts a service's pod needs, in mount order: every mount but those its image already
 * holds. A folder's files come from `listing` (its repository path); a source the listing does
 * not name is a file, unless it looks like a folder (then `unlisted`).
 */
export function configMounts(s: Service, listing: MountFiles = {}): ConfigMount[] {
  const out: ConfigMount[] = [];
  s.mounts.forEach((m, i) => {
    if (m.alreadyInImage === true) return;
    const root = repositoryKey(m.source);
    const listed = listing[root];
    if (listed === undefined && !looksLikeFolder(m.source)) {
      const key = `${i + 1}-${safe(baseOf(root, `file-${i + 1}`))}`;
      out.push({
        kind: 'file',
        target: m.target,
        configMap: configName(s.slug),
        volume: 'config',
        files: [{ key, source: root, copy: `files/${s.slug}/${key}`, path: key }],
        unlisted: false,
      });
      return;
    }
    const files = [...(listed ?? [])].sort().map((rel, j) => {
      const key = `${j + 1}-${safe(baseOf(rel, `file-${j + 1}`))}`;
      return { key, source: `${root}/${rel}`, copy: `files/${s.slug}/${i + 1}/${key}`, path: rel };
    });
    out.push({ kind: 'folder', target: m.target, configMap: configName(s.slug, i), volume: `config-${i + 1}`, files, unlisted: listed === undefined });
  });
  return out;
}

/** The kustomize configMapGenerator entries of a service's mounts (`key=path` per file). */
export function configGenerators(mounts: readonly ConfigMount[]): { name: string; files: string[] }[] {
  const byName = new Map<string, string[]>();
  for (const m of mounts) {
    const files = byName.get(m.configMap) ?? [];
    files.push(...m.files.map((f) => `${f.key}=${f.copy}`));
    byName.set(m.configMap, files);
  }
  return [...byName].map(([name, files]) => ({ name, files }));
}
