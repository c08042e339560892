/**
 * A loaded compose project → the stack model: Postgres containers become managed Postgres,
 * Redis-like containers key-value stores, everything else a service with its size, port,
 * volume, health path and environment; every setting a platform cannot honour becomes a
 * warning that says what to do instead.
 */
import type { ServiceInput } from '../core/answers.js';
import { Notes } from '../core/notes.js';
import type { Link, StackSource } from '../core/stack.js';
import type { Warning } from '../core/warnings.js';
import { postgresWarnings } from './advice.js';
import { type AppTarget, type Backing, envTargets, type RawEnv } from './env.js';
import { publishedPorts, resolveHostUrls } from './host-urls.js';
import { defaultListenPort, imageKind, kindFromName, parseImage } from './images.js';
import { InterpolationLog, interpolate } from './interpolate.js';
import { hostsOf, listeningOf } from './listening.js';
import type { LoadedProject, ResolvedService } from './load.js';
import {
  type Classified,
  COMPOSE_DEFAULTS,
  type ImportedService,
  type MappedService,
  mapService,
  type ProjectContext,
  replicasOf,
  resources,
} from './map-service.js';
import { isSecretName, parseUrlLoose } from './secrets.js';
import { commandString, parseEnvironment, scalarString } from './syntax.js';
import { parseMemoryMb } from './units.js';

/** Variables loaded from one `env_file` entry of a service. */
export interface LoadedEnvFile {
  path: string;
  required: boolean;
  /** Null when the file is missing. */
  entries: { name: string; value: string | undefined }[] | null;
  unresolved: string[];
}

/** A Postgres container that becomes managed Postgres. */
export interface ImportedDatabase {
  name: string;
  image: string;
  usedBy: string[];
  /** The database each user's URL names (its path, or the container's POSTGRES_DB). */
  databases: Record<string, string>;
  /** The container's memory limit, MB: the managed database is sized for it. */
  memoryMb?: number;
}

/** A Redis-compatible container that becomes the platform's key-value store. */
export interface ImportedKeyValue {
  name: string;
  image: string;
  memoryMb: number;
  usedBy: string[];
}

/** Everything an import found: the stack source plus the view the import command prints. */
export interface ComposeImport {
  file: string;
  name?: string;
  source: StackSource;
  services: ImportedService[];
  databases: ImportedDatabase[];
  keyValue: ImportedKeyValue[];
  warnings: Warning[];
  assumptions: string[];
  unresolvedVariables: string[];
  /** Services left out, with why (profiles, zero replicas). */
  skipped: { name: string; reason: string }[];
  /** Who calls whom: one edge per variable that names another service (compose names). */
  links: Link[];
}

/** Maps a loaded project; `envFiles` holds each kept service's loaded env_file entries. */
export function mapProject(
  project: LoadedProject,
  options: { display: string; profiles: readonly string[]; envFiles: ReadonlyMap<string, LoadedEnvFile[]> },
): ComposeImport {
  const notes = new Notes(project.warnings);
  // 1. Profiles and zero replicas decide what is deployed at all.
  const { kept, skipped } = selectServices(project, options.profiles, notes);
  const log = new InterpolationLog();
  log.merge(project.log);
  for (const svc of kept) log.merge(svc.log);
  // 2. What each container is.
  const classified = kept.map(classify);
  const postgresC = classified.filter((c) => c.kind === 'postgres');
  const keyValueC = classified.filter((c) => c.kind === 'key-value');
  const apps = classified.filter((c) => c.kind !== 'postgres' && c.kind !== 'key-value');
  // 3. Backing containers and the secrets the file holds (kept out of every value we copy).
  const rawEnvs = new Map(classified.map((c) => [c.svc.name, rawEnvironment(c.svc, project, options.envFiles.get(c.svc.name) ?? [], log)]));
  const backings = [...postgresC, ...keyValueC].map((c) => backingOf(c, rawEnvs.get(c.svc.name)!));
  const containSecrets = secretsToContain(project, classified, rawEnvs, kept, backings);
  // 4. Services: first where each listens and the names that reach it, so values can name them.
  const ctx = projectContext({ project, kept, display: options.display, apps, backings, containSecrets, rawEnvs, postgresC, keyValueC });
  const mapped = apps.map((c) => mapService(c, ctx, notes));
  // 5. Addresses on the developer's machine become public URLs of the services that publish them.
  const resolved = resolveHostUrls(
    mapped.map((m) => m.input),
    publishedPorts(kept),
    options.display,
    notes,
  );
  // 6. The graph: every port another service calls stays reachable; a called service is private.
  const graph = serviceGraph(
    resolved,
    mapped.map((m) => m.view),
  );
  // 7. Postgres and key-value containers.
  const databases = postgresC.map((c) => databaseOf(c, mapped, notes));
  const keyValue = keyValueC.map((c) => keyValueOf(c, mapped, notes));
  for (const c of postgresC)
    if (c.guessed) notes.assume(`${c.svc.name} has no image in this file; its name says Postgres, so it is taken as a Postgres database.`);
  // 8. Cross-service findings and the stated assumptions.
  crossServiceNotes(mapped, postgresC, keyValueC, notes);
  variableNotes(log, options.display, notes);
  if (graph.services.length === 0) {
    notes.warn('compose.no-services', 'warning', 'No application services are left once databases, profiles and zero replicas are taken out.', {
      fix: 'Enable a profile with --profile NAME, or check the compose file.',
    });
  }
  // 9. The stack source and the import's view of it.
  const versions = new Map(
    postgresC.flatMap((c) => {
      const v = postgresMajor(c.image);
      return v ? [[c.svc.name, v] as const] : [];
    }),
  );
  return assemble(project, options.display, {
    services: graph.services,
    views: graph.views,
    links: graph.links,
    databases,
    keyValue,
    versions,
    skipped,
    log,
    notes,
  });
}

/** Kept services and the ones left out (profiles not enabled, zero replicas), with the notes that say so. */
function selectServices(
  project: LoadedProject,
  profiles: readonly string[],
  notes: Notes,
): { kept: ResolvedService[]; skipped: { name: string; reason: string }[] } {
  const enabled = new Set(profiles);
  const kept: ResolvedService[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const profileSkipped: string[] = [];
  for (const svc of project.services) {
    const own = Array.isArray(svc.data.profiles) ? svc.data.profiles.map((p) => scalarString(p) ?? '') : [];
    if (own.length > 0 && !own.some((p) => enabled.has(p))) {
      skipped.push({ name: svc.name, reason: `profile ${own.join(' or ')} not enabled` });
      profileSkipped.push(`${svc.name} (${own.join(', ')})`);
      continue;
    }
    if (replicasOf(svc.data) === 0) {
      skipped.push({ name: svc.name, reason: 'deploy.replicas is 0' });
      notes.warn('compose.zero-replicas', 'info', `${svc.name} has deploy.replicas: 0, so compose does not start it; it is left out.`, {
        service: svc.name,
        fix: 'Set replicas to 1 or more in the compose file to include it.',
      });
      continue;
    }
    kept.push(svc);
  }
  if (profileSkipped.length > 0) {
    const names = [
      ...new Set(skipped.filter((s) => s.reason.startsWith('profile')).flatMap((s) => s.reason.replace(/^profile | not enabled$/g, '').split(' or '))),
    ];
    notes.warn(
      'compose.profile-skipped',
      'info',
      `Left out ${profileSkipped.length} service(s) whose profiles are not enabled: ${profileSkipped.join('; ')}.`,
      {
        fix: `Add --profile NAME to include them (profiles in this file: ${names.join(', ')}).`,
      },
    );
  }
  for (const p of enabled) {
    if (!project.services.some((s) => Array.isArray(s.data.profiles) && s.data.profiles.includes(p))) {
      notes.warn('compose.profile-unknown', 'warning', `No service has the profile "${p}".`, {
        fix: 'Check the profile name against the profiles: of the services.',
      });
    }
  }
  return { kept, skipped };
}

/** What a container is: by its image, or by its name when it has neither image nor build. */
function classify(svc: ResolvedService): Classified {
  const image = scalarString(svc.data.image) ?? '';
  const ref = parseImage(image);
  if (!ref && svc.data.build === undefined) {
    const kind = kindFromName(svc.name);
    return { svc, kind, image, guessed: kind !== null };
  }
  return { svc, kind: imageKind(ref), image, guessed: false };
}

/** A Postgres or key-value container as the environment mapping reaches it: its names and credentials. */
function backingOf(c: Classified, raw: readonly RawEnv[]): Backing {
  const env = new Map(raw.map((v) => [v.name, v.value]));
  const b: Backing = { name: c.svc.name, kind: c.kind === 'postgres' ? 'postgres' : 'key-value', hosts: hostsOf(c.svc) };
  const user = env.get('POSTGRES_USER');
  const password = env.get('POSTGRES_PASSWORD');
  const database = env.get('POSTGRES_DB');
  if (user) b.user = user;
  if (password) b.password = password;
  if (database) b.database = database;
  return b;
}

/** Secret values the file holds (variables, URLs' passwords, --requirepass), with the variable each came from. */
function secretsToContain(
  project: LoadedProject,
  classified: readonly Classified[],
  rawEnvs: ReadonlyMap<string, RawEnv[]>,
  kept: readonly ResolvedService[],
  backings: readonly Backing[],
): Map<string, string> {
  const secretValues = new Map<string, string>();
  for (const [name, value] of project.variables) if (isSecretName(name) && value.length >= 4) secretValues.set(value, name);
  for (const c of classified) {
    for (const v of rawEnvs.get(c.svc.name)!) {
      if (v.value === undefined || v.value.length < 4) continue;
      if (isSecretName(v.name) && !/^\/[\w./-]+$/.test(v.value)) secretValues.set(v.value, v.name);
      const url = parseUrlLoose(v.value);
      if (url && url.password.length >= 4) secretValues.set(url.password, v.name);
    }
    const cmd = commandString(c.svc.data.command) ?? '';
    const requirePass = /--requirepass\s+("([^"]*)"|'([^']*)'|(\S+))/.exec(cmd);
    const pass = requirePass?.[2] ?? requirePass?.[3] ?? requirePass?.[4];
    if (pass && pass.length >= 4) secretValues.set(pass, 'REDIS_PASSWORD');
  }
  // Words that are names in this file are not treated as leaked secrets when found in other values.
  const names = new Set<string>([...kept.flatMap(hostsOf), ...backings.flatMap((b) => [b.user ?? '', b.database ?? ''])].map((n) => n.toLowerCase()));
  // Short or name-like values ("minio", "postgres") would match innocent text; only distinctive ones are searched for.
  return new Map([...secretValues].filter(([v]) => v.length >= 6 && !names.has(v.toLowerCase())));
}

/** What every service's mapping reads: where each listens, the names that reach it, the secrets. */
function projectContext(p: {
  project: LoadedProject;
  kept: readonly ResolvedService[];
  display: string;
  apps: readonly Classified[];
  backings: readonly Backing[];
  containSecrets: ReadonlyMap<string, string>;
  rawEnvs: ReadonlyMap<string, RawEnv[]>;
  postgresC: readonly Classified[];
  keyValueC: readonly Classified[];
}): ProjectContext {
  const listening = new Map(p.apps.map((c) => [c.svc.name, listeningOf(c.svc)]));
  const appTargets: AppTarget[] = p.apps.map((c) => {
    const target: AppTarget = { name: c.svc.name, hosts: hostsOf(c.svc), listens: listening.get(c.svc.name)!.port !== undefined };
    const fallback = defaultListenPort(c.image);
    if (!target.listens && fallback !== undefined) target.defaultPort = fallback;
    return target;
  });
  const only = (list: readonly Classified[]) => (list.length === 1 ? p.backings.find((b) => b.name === list[0]!.svc.name) : undefined);
  return {
    project: p.project,
    kept: p.kept,
    display: p.display,
    // Indexed once: each service's lookups stay independent of the number of services.
    targets: envTargets(p.backings, appTargets),
    containSecrets: p.containSecrets,
    rawEnvs: p.rawEnvs,
    listening,
    appNames: new Set(p.apps.map((a) => a.svc.name)),
    postgresCount: p.postgresC.length,
    onlyPostgres: only(p.postgresC),
    onlyKeyValue: only(p.keyValueC),
  };
}

/** A Postgres container that becomes managed Postgres: who uses it, under which database names, its size. */
function databaseOf(c: Classified, mapped: readonly MappedService[], notes: Notes): ImportedDatabase {
  const name = c.svc.name;
  const users = mapped.filter((m) => m.postgres.some((b) => b.name === name));
  const databases = Object.fromEntries(
    users.flatMap((m) => {
      const db = m.databaseNames.get(name);
      return db ? [[m.input.name, db]] : [];
    }),
  );
  const database: ImportedDatabase = { name, image: c.image, usedBy: users.map((m) => m.input.name), databases };
  const memoryMb = resources(c.svc.data).memoryMb;
  if (memoryMb !== null) database.memoryMb = Math.ceil(memoryMb);
  postgresWarnings(name, c.image, c.svc.data.volumes, notes.warnings);
  return database;
}

/** A Redis-like container that becomes the key-value store, sized by its limit or its --maxmemory. */
function keyValueOf(c: Classified, mapped: readonly MappedService[], notes: Notes): ImportedKeyValue {
  const name = c.svc.name;
  const users = mapped.filter((m) => m.keyValue.some((b) => b.name === name)).map((m) => m.input.name);
  const size = resources(c.svc.data);
  const maxmemory = /--maxmemory\s+(\S+)/.exec(commandString(c.svc.data.command) ?? '')?.[1];
  const fromCommand = maxmemory ? parseMemoryMb(maxmemory) : null;
  const memory = size.memoryMb ?? fromCommand;
  if (memory === null) notes.group('key-value-memory', name);
  else if (size.memoryMb === null) notes.assume(`${name}: ${Math.ceil(memory)} MB, from its --maxmemory setting.`);
  if (c.guessed) notes.assume(`${name} has no image in this file; its name says Redis, so it is taken as a key-value store.`);
  return { name, image: c.image, memoryMb: Math.max(1, Math.ceil(memory ?? COMPOSE_DEFAULTS.keyValueMemoryMb)), usedBy: users };
}

/** Volumes shared between services, then the assumptions that name several services at once. */
function crossServiceNotes(mapped: readonly MappedService[], postgresC: readonly Classified[], keyValueC: readonly Classified[], notes: Notes): void {
  const volumeUse = new Map<string, string[]>();
  for (const m of mapped) for (const source of m.volumeSources) volumeUse.set(source, [...(volumeUse.get(source) ?? []), m.input.name]);
  for (const [vol, users] of volumeUse) {
    if (users.length < 2) continue;
    notes.warn(
      'compose.shared-volume',
      'warning',
      `Volume ${vol} is mounted by ${users.length} services (${users.join(', ')}); a platform volume belongs to one service, so each gets its own empty copy.`,
      {
        fix: 'Share the data through Postgres or object storage, or merge the services.',
      },
    );
  }
  if (postgresC.length > 0) {
    notes.assume(
      `Postgres container(s) ${postgresC.map((c) => c.svc.name).join(', ')} become managed Postgres. Their POSTGRES_PASSWORD, POSTGRES_USER and POSTGRES_DB settings are dropped as handled: the platform creates the database and its credentials, and services get them as references.`,
    );
  }
  if (keyValueC.length > 0)
    notes.assume(`Redis-compatible container(s) ${keyValueC.map((c) => c.svc.name).join(', ')} become the platform's key-value store where it has one.`);
  const grouped: [Parameters<Notes['group']>[0], (names: string) => string][] = [
    ['key-value-memory', (n) => `No memory limit for key-value store(s) ${n}: ${COMPOSE_DEFAULTS.keyValueMemoryMb} MB each.`],
    ['memory', (n) => `No memory limit in the compose file for ${n}: ${COMPOSE_DEFAULTS.memoryMb} MB each.`],
    ['cpu', (n) => `No CPU limit in the compose file for ${n}: ${COMPOSE_DEFAULTS.vcpu} vCPU each.`],
    ['volume-size', (n) => `Compose volumes have no size; ${COMPOSE_DEFAULTS.volumeGb} GB each assumed for ${n}.`],
    ['loopback-only', (n) => `Ports published to 127.0.0.1 only are for the host itself, so these services are private: ${n}.`],
  ];
  for (const [topic, say] of grouped) {
    const names = notes.grouped(topic);
    if (names.length > 0) notes.assume(say(names.join(', ')));
  }
}

/** Variables the file uses but nobody set, ones it requires, and syntax it cannot read. */
function variableNotes(log: InterpolationLog, display: string, notes: Notes): void {
  const unresolved = [...log.unresolved].filter((n) => !log.required.has(n)).sort();
  if (unresolved.length > 0) {
    notes.warn(
      'compose.unresolved-variable',
      'warning',
      `${unresolved.length} variable(s) used by the compose file are not set, so they were read as empty: ${unresolved.join(', ')}.`,
      {
        fix: `Set them in the environment or in a .env file beside ${display}, then import again.`,
      },
    );
  }
  for (const [name, message] of log.required) {
    notes.warn('compose.required-variable', 'warning', `${name} must be set (the compose file says: "${message}"); it was read as empty.`, {
      fix: `Set ${name} in the environment or in a .env file beside ${display}.`,
    });
  }
  if (log.invalid.size > 0) {
    notes.warn('compose.interpolation-invalid', 'warning', `Not valid variable syntax, kept as written: ${[...log.invalid].join(', ')}.`, {
      fix: 'Write variables as ${NAME} or ${NAME:-default}, and a literal dollar as $$.',
    });
  }
}

/** The stack source and the import's view, sharing one list of warnings and one of assumptions. */
function assemble(
  project: LoadedProject,
  display: string,
  p: {
    services: ServiceInput[];
    views: ImportedService[];
    links: Link[];
    databases: ImportedDatabase[];
    keyValue: ImportedKeyValue[];
    versions: ReadonlyMap<string, string>;
    skipped: { name: string; reason: string }[];
    log: InterpolationLog;
    notes: Notes;
  },
): ComposeImport {
  const { warnings, assumptions } = p.notes;
  const source: StackSource = {
    kind: 'compose',
    services: p.services,
    postgres: p.databases.map((d) => ({
      name: d.name,
      usedBy: d.usedBy,
      ...(Object.keys(d.databases).length > 0 ? { databases: d.databases } : {}),
      ...(p.versions.has(d.name) ? { version: p.versions.get(d.name)! } : {}),
      ...(d.memoryMb !== undefined ? { memoryMb: d.memoryMb } : {}),
    })),
    keyValue: p.keyValue.map((k) => ({ name: k.name, memoryMb: k.memoryMb, usedBy: k.usedBy })),
    warnings,
    assumptions,
  };
  if (project.name) source.name = project.name;
  const result: ComposeImport = {
    file: display,
    source,
    services: p.views,
    databases: p.databases,
    keyValue: p.keyValue,
    warnings,
    assumptions,
    unresolvedVariables: [...p.log.unresolved].sort(),
    skipped: p.skipped,
    links: p.links,
  };
  if (project.name) result.name = project.name;
  return result;
}

/** The service's variables in Compose order: env_file first, then `environment` over it. */
function rawEnvironment(svc: ResolvedService, project: LoadedProject, files: readonly LoadedEnvFile[], log: InterpolationLog): RawEnv[] {
  const byName = new Map<string, RawEnv>();
  for (const f of files) {
    for (const u of f.unresolved) log.unresolved.add(u);
    for (const e of f.entries ?? []) {
      const value = e.value ?? project.lookup(e.name);
      byName.set(e.name, { name: e.name, value, unresolved: [] });
    }
  }
  for (const [name, template] of parseEnvironment(svc.data.environment)) {
    if (template === null) {
      // `- NAME` alone takes the value from the environment compose runs in.
      byName.set(name, { name, value: project.lookup(name), unresolved: [] });
      continue;
    }
    const r = interpolate(template, project.lookup);
    log.add(r);
    // Written in the file: a literal, or a default the file gives (`${SECRET:-abc}` with SECRET unset).
    const entry: RawEnv = { name, value: r.value, unresolved: r.unresolved, written: r.value !== '' && template.includes(r.value) };
    if (r.value !== template) entry.template = template;
    byName.delete(name);
    byName.set(name, entry);
  }
  return [...byName.values()];
}

/**
 * The service graph of the import: each reference's port joins its target's ports, and a service
 * that publishes a port stays public only when no other service calls it (the core decides the
 * same way; the view shows it now). Returns new services and views.
 */
function serviceGraph(
  services: readonly ServiceInput[],
  views: readonly ImportedService[],
): { links: Link[]; services: ServiceInput[]; views: ImportedService[] } {
  const byName = new Map(services.map((s) => [s.name, s]));
  const added = new Map<string, number[]>();
  const portsOf = (s: ServiceInput) => added.get(s.name) ?? s.ports;
  const links: Link[] = [];
  const browsed = new Set<string>();
  for (const s of services) {
    for (const e of s.env) {
      if (!e.ref) continue;
      // A public URL is what a browser follows, not a private call: it makes its target public.
      if (e.ref.public) {
        browsed.add(e.ref.service);
        continue;
      }
      const target = byName.get(e.ref.service);
      const port = e.ref.port ?? target?.port;
      if (!target || port === undefined) continue;
      if (port !== target.port && !(portsOf(target) ?? []).includes(port)) added.set(target.name, [...(portsOf(target) ?? []), port]);
      links.push({ from: s.name, variable: e.name, to: target.name, port });
    }
  }
  const next = services.map((s) => (added.has(s.name) ? { ...s, ports: added.get(s.name)! } : s));
  const nextByName = new Map(next.map((s) => [s.name, s]));
  const called = new Set(links.filter((l) => l.from !== l.to).map((l) => l.to));
  const nextViews = views.map((v) => {
    const input = nextByName.get(v.name);
    if (!input) return v;
    const out = { ...v, ports: [...(input.port !== undefined ? [input.port] : []), ...(input.ports ?? [])] };
    if (browsed.has(v.name)) out.public = true;
    else if (input.public === undefined && called.has(v.name)) out.public = false;
    return out;
  });
  return { links, services: next, views: nextViews };
}

/** The Postgres major version an image tag pins (`postgres:16.4-alpine` → 16, `pgvector/pgvector:pg17` → 17). */
function postgresMajor(image: string): string | undefined {
  const tag = parseImage(image)?.tag;
  const m = tag ? /^(?:pg)?(\d{1,2})(?:[.-]|$)/.exec(tag) : null;
  return m && Number(m[1]) >= 9 ? m[1] : undefined;
}
