/**
 * One application container → one service input, composed of small pieces in the order the user
 * reads their notes: environment, ports, size, volumes, health, then the input itself and the
 * warnings that need all of it.
 */
import { type ServiceInput, ServiceInputSchema, type ServiceRole } from '../core/answers.js';
import type { Notes } from '../core/notes.js';
import { UserError } from '../errors.js';
import { buildWarnings, hostWarnings, imageWarnings, mountWarnings, portWarnings, type Warn } from './advice.js';
import { type Backing, backingsIn, bindUnbound, type EnvTargets, mapEnvironment, type RawEnv } from './env.js';
import { imageRow } from './image-table.js';
import { deployableImage, type ImageKind, isValidImage, parseImage } from './images.js';
import type { Listening } from './listening.js';
import type { LoadedProject, ResolvedService } from './load.js';
import { redactSecrets } from './secrets.js';
import { commandString, isRange, isRecord, parseBuild, parseDependsOn, parseVolumes, scalarString, type VolumeSpec } from './syntax.js';
import { parseCpus, parseInteger, parseMemoryMb } from './units.js';

/** Sizes assumed when the compose file gives none (stated in the assumptions). */
export const COMPOSE_DEFAULTS = { memoryMb: 512, vcpu: 0.5, volumeGb: 1, keyValueMemoryMb: 256 } as const;

/** A service as the import command shows it. */
export interface ImportedService {
  name: string;
  role: ServiceRole;
  image?: string;
  build?: { context: string; dockerfile?: string };
  public: boolean;
  port?: number;
  /** Every port it listens on for the other services, the main one first. */
  ports: number[];
  memoryMb: number;
  vcpu: number;
  instances: number;
  volume?: { sizeGb: number; mountPath: string };
  healthPath?: string;
  /** Postgres container(s) it uses, by compose name. */
  database: string | null;
  keyValue: string | null;
}

/** A kept container and what its image (or, without one, its name) says it is. */
export interface Classified {
  svc: ResolvedService;
  kind: ImageKind | null;
  image: string;
  /** Kind came from the name because the image is unknown. */
  guessed: boolean;
}

/** What every service's mapping reads, computed once by the phases before it. */
export interface ProjectContext {
  project: LoadedProject;
  kept: readonly ResolvedService[];
  display: string;
  /** Backing containers and services by every name that reaches them. */
  targets: EnvTargets;
  /** Secret values to keep out of anything copied, with the variable that held each. */
  containSecrets: ReadonlyMap<string, string>;
  rawEnvs: ReadonlyMap<string, RawEnv[]>;
  listening: ReadonlyMap<string, Listening>;
  appNames: ReadonlySet<string>;
  postgresCount: number;
  /** The file's only Postgres / key-value container: where a URL without a host goes. */
  onlyPostgres: Backing | undefined;
  onlyKeyValue: Backing | undefined;
}

/** One mapped service: its input, its view, and the backing containers and volumes it uses. */
export interface MappedService {
  input: ServiceInput;
  view: ImportedService;
  postgres: Backing[];
  keyValue: Backing[];
  /** The database each Postgres container's URL names for this service. */
  databaseNames: Map<string, string>;
  /** Sources of its data volumes, one per mount (a source mounted twice counts twice). */
  volumeSources: string[];
}

/** Maps one application container; notes go to `notes`, a service that cannot be mapped throws. */
export function mapService(c: Classified, ctx: ProjectContext, notes: Notes): MappedService {
  const name = c.svc.name;
  const w = notes.forService(name);
  const deps = parseDependsOn(c.svc.data.depends_on);
  const env = environmentPart(c, ctx, deps, w, notes);
  const ports = portsPart(name, ctx.listening.get(name)!, w, notes);
  const size = sizePart(c, w, notes);
  const volumes = volumesPart(c.svc, ctx.project.top, w, notes);
  const health = healthPart(name, c.svc.data.healthcheck, ports.listen, notes);
  const input = serviceInput(c, ctx, { env, ports, size, volumes, health, deps });
  lateWarnings(c, ctx, volumes.volume !== undefined, w);
  const parsed = validated(name, input);
  return {
    input: parsed,
    view: viewOf(c, parsed, env),
    postgres: env.postgres,
    keyValue: env.keyValue,
    databaseNames: env.databaseNames,
    volumeSources: volumes.sources,
  };
}

interface EnvironmentPart {
  env: ServiceInput['env'];
  postgres: Backing[];
  keyValue: Backing[];
  databaseNames: Map<string, string>;
}

/** The variables, with the backing containers they reach bound to references. */
function environmentPart(c: Classified, ctx: ProjectContext, deps: ReturnType<typeof parseDependsOn>, w: Warn, notes: Notes): EnvironmentPart {
  const name = c.svc.name;
  const raw = ctx.rawEnvs.get(name)!;
  const dependsOnBackings = new Set([...deps.keys()].filter((n) => ctx.targets.byName.has(n)));
  const mapping = mapEnvironment(raw, ctx.targets, dependsOnBackings, ctx.containSecrets);
  const pgBefore = backingsIn(ctx.targets, mapping.uses, 'postgres');
  const kvBefore = backingsIn(ctx.targets, mapping.uses, 'key-value');
  let pgFor = pgBefore.length === 1 ? pgBefore[0] : undefined;
  if (!pgFor && pgBefore.length === 0 && mapping.unboundDatabaseUrls.length > 0 && ctx.onlyPostgres) {
    pgFor = ctx.onlyPostgres;
    notes.assume(
      `${name}: ${mapping.unboundDatabaseUrls.join(', ')} had no host once variables were filled in; taken to mean ${ctx.onlyPostgres.name}, the only Postgres in the file.`,
    );
  }
  let kvFor = kvBefore.length === 1 ? kvBefore[0] : undefined;
  if (!kvFor && kvBefore.length === 0 && mapping.unboundKeyValueUrls.length > 0 && ctx.onlyKeyValue) kvFor = ctx.onlyKeyValue;
  if (mapping.unboundDatabaseUrls.length > 0 && !pgFor) {
    const one = mapping.unboundDatabaseUrls.length === 1;
    const count = ctx.postgresCount;
    w(
      'compose.database-unknown',
      'warning',
      `${name}: ${mapping.unboundDatabaseUrls.join(', ')} ${one ? 'looks like a database URL but has' : 'look like database URLs but have'} no value, and ${count === 0 ? 'the file has no Postgres container' : `the file has ${count} Postgres containers`}; ${one ? 'it is' : 'they are'} left for you to set.`,
      'Set them to the platform database URL (or your external database) after deploying.',
    );
  }
  bindUnbound(mapping, raw, pgFor, kvFor, ctx.containSecrets);
  if (mapping.invalidNames.length > 0) {
    w(
      'compose.env-name',
      'warning',
      `${name}: variable name(s) ${mapping.invalidNames.join(', ')} are not valid on every platform and were left out.`,
      'Rename them to letters, digits and underscores (such as DISCOVERY_TYPE), or set them in the image.',
    );
  }
  committedSecretWarning(name, mapping.committedSecrets, ctx.display, w);
  // Bound now: the URLs without a host point at their container too.
  const postgres = backingsIn(ctx.targets, mapping.uses, 'postgres');
  const keyValue = backingsIn(ctx.targets, mapping.uses, 'key-value');
  const databaseNames = new Map<string, string>();
  for (const b of postgres) {
    const database = mapping.databases.get(b.name) ?? b.database;
    if (database) databaseNames.set(b.name, database);
  }
  if (postgres.length > 1) {
    w(
      'compose.multiple-databases',
      'warning',
      `${name} uses ${postgres.length} Postgres containers (${postgres.map((b) => b.name).join(', ')}); the platform gives a service one database URL.`,
      'Point the extra variables at the other database by hand after deploying.',
    );
  }
  return { env: mapping.env, postgres, keyValue, databaseNames };
}

function committedSecretWarning(service: string, names: readonly string[], display: string, w: Warn): void {
  if (names.length === 0) return;
  const one = names.length === 1;
  w(
    'compose.committed-secret',
    'warning',
    `${service}: ${names.join(', ')} ${one ? 'is a secret whose value is' : 'are secrets whose values are'} written in ${display}, so whoever can read the file (and its git history) has ${one ? 'it' : 'them'}. stackfare does not copy ${one ? 'it' : 'them'}.`,
    `Rotate ${one ? 'it' : 'them'}, replace the value with \${${names[0]}} read from a git-ignored .env, and set ${one ? 'it' : 'them'} on the platform.`,
  );
}

interface PortsPart {
  listen: Listening;
  /** Ports other than the routed one. */
  others: number[];
}

/** Published (public unless another service calls it), loopback-only or expose (private), or none (a worker). */
function portsPart(name: string, listen: Listening, w: Warn, notes: Notes): PortsPart {
  const { port, isPublic } = listen;
  portWarnings(name, listen.specs, w);
  if (!isPublic && listen.specs.length > 0) notes.group('loopback-only', name);
  if (listen.note) notes.assume(listen.note);
  const others = listen.candidates.filter((p) => p !== port);
  if (port !== undefined && others.length > 0) {
    w(
      'compose.extra-ports',
      'info',
      `${name} listens on ${[port, ...others].join(', ')}. The other services reach every one of them over the private network; public routing carries one port per service, so ${port} is the one served from the internet if it is public.`,
      'Nothing to do for private traffic. To serve another port publicly too, split that listener into its own service.',
    );
  }
  return { listen, others };
}

interface SizePart {
  memoryMb: number;
  vcpu: number;
  instances: number;
}

/** Memory, CPU and instances: the compose limits, else the image's known needs, else the defaults. */
function sizePart(c: Classified, w: Warn, notes: Notes): SizePart {
  const name = c.svc.name;
  const d = c.svc.data;
  const size = resources(d);
  // No limit: the image's own recommendation when data/images.json knows it, else the default.
  const row = imageRow(c.image);
  const memoryMb = clampMemory(size.memoryMb ?? row?.memory.recommendedMb ?? COMPOSE_DEFAULTS.memoryMb, name, notes);
  if (size.memoryMb === null && row) {
    const production = row.memory.productionMb ? ` (under production load: ${row.memory.productionMb} MB)` : '';
    notes.assume(
      `${name}: no memory limit in the compose file; ${row.memory.recommendedMb} MB, what ${row.name} needs${production}. ${row.basis} Source: ${row.source} (${row.asOf}).`,
    );
  } else if (size.memoryMb === null) notes.group('memory', name);
  else if (row?.memory.minimumMb !== undefined && size.memoryMb < row.memory.minimumMb) {
    // The user's limit is kept (it is their choice), but a figure below the vendor's floor prices a service that may not start.
    notes.warn(
      'compose.below-minimum',
      'warning',
      `${name} is limited to ${size.memoryMb} MB in the compose file, below the ${row.memory.minimumMb} MB ${row.name} needs (${row.source}); it may not start.`,
      { service: name, fix: `Raise its memory limit to at least ${row.memory.minimumMb} MB.` },
    );
  }
  const vcpu = Math.min(64, size.vcpu ?? row?.vcpu ?? COMPOSE_DEFAULTS.vcpu);
  if (size.vcpu === null && row?.vcpu === undefined) notes.group('cpu', name);
  let instances = replicasOf(d) ?? 1;
  if (isRecord(d.deploy) && d.deploy.mode === 'global') {
    instances = 1;
    w(
      'compose.global-mode',
      'info',
      `${name} runs in global mode (one per node); priced as 1 instance.`,
      'Set deploy.replicas to the number of instances you want.',
    );
  }
  if (instances > 100) {
    w('compose.replicas', 'warning', `${name} asks for ${instances} replicas; priced at the maximum of 100.`, 'Lower deploy.replicas.');
    instances = 100;
  }
  return { memoryMb, vcpu, instances };
}

interface VolumesPart {
  mounts: { source: string; target: string; readOnly: boolean }[];
  volume: ServiceInput['volume'];
  sources: string[];
}

/** The data volume (one per service), the repository files that travel with it, and the host mounts that cannot. */
function volumesPart(svc: ResolvedService, top: Record<string, unknown>, w: Warn, notes: Notes): VolumesPart {
  const volumes = parseVolumes(svc.data.volumes);
  const dataVolumes = volumes.filter((v) => v.type === 'volume');
  // Config files and read-only folders of the repository travel with the service (mounts);
  // what is left (data folders, host paths, the Docker socket) gets the warnings.
  const mounts = volumes
    .filter(isRepositoryConfig)
    .map((v) => ({ source: repositoryPath(v.source!), target: v.target, readOnly: v.readOnly || isFileLike(v.source!) }));
  mountWarnings(
    svc.name,
    volumes.filter((v) => !isRepositoryConfig(v)),
    w,
  );
  // Where the mounts go is said once the build contexts are read (compose/build-context.ts).
  const first = dataVolumes[0];
  if (!first) return { mounts, volume: undefined, sources: [] };
  const volume: NonNullable<ServiceInput['volume']> = { sizeGb: COMPOSE_DEFAULTS.volumeGb, mountPath: first.target };
  const external = externalVolume(top, first.source);
  if (external) volume.external = external;
  notes.group('volume-size', `${svc.name} (${first.target})`);
  if (dataVolumes.length > 1) {
    w(
      'compose.multiple-volumes',
      'warning',
      `${svc.name} mounts ${dataVolumes.length} volumes (${dataVolumes.map((v) => v.target).join(', ')}); platforms attach one volume per service, so only ${first.target} is kept.`,
      'Keep the data under one folder, or move caches and logs to the container file system.',
    );
  }
  return { mounts, volume, sources: dataVolumes.flatMap((v) => (v.source ? [v.source] : [])) };
}

interface HealthPart {
  healthPath?: string;
  healthcheck: ServiceInput['healthcheck'] | null;
}

/** The platform's health path (only when the check calls the routed port) and the compose healthcheck as written. */
function healthPart(name: string, value: unknown, listen: Listening, notes: Notes): HealthPart {
  const { health, port } = listen;
  const out: HealthPart = { healthcheck: healthcheckOf(value) };
  // A healthcheck on another port than the routed one would fail the platform's check.
  if (health && port !== undefined && (health.port ?? 80) === port) out.healthPath = health.path;
  else if (health) notes.assume(`${name}: its healthcheck calls port ${health.port ?? 80}, not the routed port ${port ?? '(none)'}, so no health path is set.`);
  return out;
}

interface Parts {
  env: EnvironmentPart;
  ports: PortsPart;
  size: SizePart;
  volumes: VolumesPart;
  health: HealthPart;
  deps: ReturnType<typeof parseDependsOn>;
}

/** The service input from its parts, keys in the order the stack has always listed them. */
function serviceInput(c: Classified, ctx: ProjectContext, parts: Parts): Record<string, unknown> {
  const d = c.svc.data;
  const { port, isPublic } = parts.ports.listen;
  // compose `entrypoint` replaces the image's; `command` only its CMD (the arguments).
  const entrypoint = commandString(d.entrypoint);
  const command = commandString(d.command);
  const build = parseBuild(d.build);
  const input: Record<string, unknown> = {
    name: c.svc.name,
    role: roleOf(c, port, isPublic),
    vcpu: parts.size.vcpu,
    memoryMb: parts.size.memoryMb,
    instances: parts.size.instances,
    env: parts.env.env,
    usesDatabase: parts.env.postgres.length > 0,
    optional: false,
  };
  const ref = parseImage(c.image);
  if (ref && isValidImage(ref)) input.image = deployableImage(ref);
  if (build) input.build = build.dockerfile ? { context: build.context || '.', dockerfile: build.dockerfile } : { context: build.context || '.' };
  if (command) input.command = redactSecrets(command, ctx.containSecrets);
  if (entrypoint) input.entrypoint = redactSecrets(entrypoint, ctx.containSecrets);
  if (parts.volumes.mounts.length > 0) input.mounts = parts.volumes.mounts;
  if (port !== undefined) input.port = port;
  if (parts.ports.others.length > 0) input.ports = parts.ports.others;
  // Publishing to the laptop is no reason to publish to the internet: a published service is public
  // only if no other service calls it (decided with the graph); one that publishes nothing stays private.
  if (!isPublic) input.public = false;
  if (parts.health.healthPath !== undefined) input.healthPath = parts.health.healthPath;
  if (parts.volumes.volume) input.volume = parts.volumes.volume;
  // Compose facts the local compose file keeps (platforms have their own health checks and order).
  if (parts.health.healthcheck) input.healthcheck = parts.health.healthcheck;
  const appDeps = [...parts.deps].filter(([n]) => ctx.appNames.has(n) && n !== c.svc.name);
  if (appDeps.length > 0)
    input.dependsOn = appDeps.map(([service, dep]) => ({
      service,
      condition: dep.condition === 'service_healthy' || dep.condition === 'service_completed_successfully' ? dep.condition : 'service_started',
    }));
  const hostPorts = parts.ports.listen.specs.flatMap((p) =>
    p.target !== null && !isRange(p) && p.protocol === 'tcp' && p.published && /^\d{1,5}$/.test(p.published)
      ? [{ published: p.published, target: p.target, ...(p.hostIp ? { hostIp: p.hostIp } : {}) }]
      : [],
  );
  if (hostPorts.length > 0) input.hostPorts = hostPorts;
  return input;
}

/** Warnings about the image, build, host settings, one-shot jobs and data kept without a managed offering. */
function lateWarnings(c: Classified, ctx: ProjectContext, hasVolume: boolean, w: Warn): void {
  const svc = c.svc;
  const ref = parseImage(c.image);
  imageWarnings(svc.name, c.image, ref, w);
  buildWarnings(svc.name, parseBuild(svc.data.build), w);
  hostWarnings(svc.name, svc.data, w);
  if (isOneShot(svc, ctx.kept)) {
    w(
      'compose.one-shot',
      'info',
      `${svc.name} runs once and exits (a migration or setup job); as a service it would restart forever.`,
      'Run it as a pre-deploy or release command of the service that needs it, or as a one-off job.',
    );
  }
  if (c.kind !== 'stateful') return;
  // Say "with a volume" only when one is generated: without a volume in the compose file there is none.
  if (hasVolume)
    w(
      'compose.stateful-service',
      'info',
      `${svc.name} (${ref?.name ?? c.image}) keeps data; it runs as a container with a volume, and stackfare prices no managed version of it.`,
      "Consider the platform's managed offering for it, and keep backups of its volume.",
    );
  else
    w(
      'compose.stateful-service',
      'warning',
      `${svc.name} (${ref?.name ?? c.image}) keeps data, but the compose file gives it no volume: it runs as a container without one and loses its data at every restart or deploy; stackfare prices no managed version of it.`,
      "Mount a named volume at its data folder in the compose file, or use the platform's managed offering for it.",
    );
}

/** The input checked against the schema: a stack that silently lost a service is the wrong stack. */
function validated(name: string, input: Record<string, unknown>): ServiceInput {
  const parsed = ServiceInputSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? ` (${issue.path.join('.')})` : '';
  throw new UserError(`The compose file's service "${shorten(name)}" cannot be mapped${field}: ${issue?.message ?? 'invalid settings'}.`, {
    hint:
      issue?.path[0] === 'name' ? 'Give the service a shorter name in the compose file (at most 200 characters).' : 'Check its settings in the compose file.',
  });
}

/** The import command's row for a mapped service (public and ports are settled with the graph). */
function viewOf(c: Classified, s: ServiceInput, env: EnvironmentPart): ImportedService {
  const view: ImportedService = {
    name: s.name,
    role: s.role,
    // Decided with the graph: a published service is public unless another one calls it.
    public: s.public ?? true,
    ports: [...(s.port !== undefined ? [s.port] : []), ...(s.ports ?? [])],
    memoryMb: s.memoryMb,
    vcpu: s.vcpu,
    instances: s.instances,
    database: env.postgres.length > 0 ? env.postgres.map((b) => b.name).join(', ') : null,
    keyValue: env.keyValue.length > 0 ? env.keyValue.map((b) => b.name).join(', ') : null,
  };
  // The table shows the image as written, even when it is unusable (the warnings say why).
  if (c.image.trim() !== '') view.image = c.image;
  if (s.build) view.build = s.build;
  if (s.port !== undefined) view.port = s.port;
  if (s.volume) view.volume = s.volume;
  if (s.healthPath) view.healthPath = s.healthPath;
  return view;
}

/** Instances compose starts: deploy.replicas, else scale; null when neither is given. */
export function replicasOf(d: Record<string, unknown>): number | null {
  const fromDeploy = isRecord(d.deploy) ? parseInteger(d.deploy.replicas) : null;
  return fromDeploy ?? parseInteger(d.scale);
}

/** The memory and CPU limits (or reservations) compose gives a service. */
export function resources(d: Record<string, unknown>): { memoryMb: number | null; vcpu: number | null } {
  const res = isRecord(d.deploy) && isRecord(d.deploy.resources) ? d.deploy.resources : {};
  const limits = isRecord(res.limits) ? res.limits : {};
  const reservations = isRecord(res.reservations) ? res.reservations : {};
  return {
    memoryMb: parseMemoryMb(limits.memory) ?? parseMemoryMb(d.mem_limit) ?? parseMemoryMb(reservations.memory) ?? parseMemoryMb(d.mem_reservation),
    vcpu: parseCpus(limits.cpus) ?? parseCpus(d.cpus) ?? parseCpus(reservations.cpus),
  };
}

/** Memory within what the platforms offer (128 MB to 256 GB), said when moved. */
function clampMemory(mb: number, name: string, notes: Notes): number {
  const whole = Math.ceil(mb);
  if (whole < 128) {
    notes.assume(`${name}: its ${whole} MB limit is below the 128 MB the platforms offer; 128 MB used.`);
    return 128;
  }
  if (whole > 262144) {
    notes.assume(`${name}: its ${whole} MB limit is above 256 GB; 256 GB used.`);
    return 262144;
  }
  return whole;
}

/** Services that another waits for to complete, by service list: computed once per list, not per service (linear import). */
const awaitedByList = new WeakMap<readonly ResolvedService[], Set<string>>();

/** A job that exits: another service waits for it with `condition: service_completed_successfully`. */
function isOneShot(svc: ResolvedService, all: readonly ResolvedService[]): boolean {
  let awaited = awaitedByList.get(all);
  if (!awaited) {
    awaited = new Set<string>();
    for (const o of all) {
      for (const [name, dep] of parseDependsOn(o.data.depends_on)) if (dep.condition === 'service_completed_successfully') awaited.add(name);
    }
    awaitedByList.set(all, awaited);
  }
  return awaited.has(svc.name);
}

function roleOf(c: Classified, port: number | undefined, isPublic: boolean): ServiceRole {
  if (c.kind === 'proxy') return 'proxy';
  if (c.kind === 'observability') return 'observability';
  if (c.kind === 'stateful') return 'other';
  if (port === undefined) return 'worker';
  if (isPublic && /(^|[-_])(web|ui|frontend|studio|www|webapp)([-_]|$)/i.test(c.svc.name)) return 'web';
  return 'api';
}

/** A bind mount of the repository's own file, or of a read-only folder of it: configuration. */
function isRepositoryConfig(v: VolumeSpec): boolean {
  if (v.type !== 'bind' || !v.source || !v.target.startsWith('/')) return false;
  const source = v.source;
  if (!/^\.{1,2}(\/|$)/.test(source) || /docker\.sock$/.test(source)) return false;
  // A .env holds secrets: it must never be copied into an image.
  if (/(^|\/)\.env([.-][^/]*)?$/.test(source)) return false;
  return isFileLike(source) || v.readOnly;
}

/** A path that names a file (an extension or a well-known file name) rather than a folder. */
function isFileLike(source: string): boolean {
  const base = source.replace(/\/+$/, '').split('/').pop() ?? '';
  if (source.endsWith('/')) return false;
  return (/\.([A-Za-z0-9]{1,8})$/.test(base) && !base.endsWith('.d')) || /^(Caddyfile|Corefile|Procfile|Makefile|crontab|htpasswd)$/i.test(base);
}

/** A bind source as a path from the repository root (the compose file's folder): `./litellm/config.yaml`. */
function repositoryPath(source: string): string {
  const parts: string[] = [];
  for (const part of source.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  const path = parts.join('/');
  return path.startsWith('..') ? path : `./${path}`;
}

/** A healthcheck as compose wrote it (exec form kept; a string becomes CMD-SHELL), or null when off. */
function healthcheckOf(value: unknown): ServiceInput['healthcheck'] | null {
  if (!isRecord(value) || value.disable === true) return null;
  const raw = value.test;
  const test = typeof raw === 'string' ? ['CMD-SHELL', raw] : Array.isArray(raw) ? raw.map((t) => scalarString(t) ?? '') : null;
  if (!test || test.length === 0 || test[0] === 'NONE') return null;
  const out: NonNullable<ServiceInput['healthcheck']> = { test };
  const interval = scalarString(value.interval);
  const timeout = scalarString(value.timeout);
  const startPeriod = scalarString(value.start_period);
  const retries = parseInteger(value.retries);
  if (interval) out.interval = interval;
  if (timeout) out.timeout = timeout;
  if (startPeriod) out.startPeriod = startPeriod;
  if (retries !== null && retries >= 0 && retries <= 1000) out.retries = retries;
  return out;
}

/** The name of an existing volume (top-level `external: true`) a service's volume refers to. */
function externalVolume(top: Record<string, unknown>, source: string | undefined): string | undefined {
  if (!source || !isRecord(top.volumes)) return undefined;
  const decl = top.volumes[source];
  if (!isRecord(decl) || (decl.external !== true && !isRecord(decl.external))) return undefined;
  return scalarString(decl.name) ?? (isRecord(decl.external) ? scalarString(decl.external.name) : null) ?? source;
}

/** A name cut to 60 characters for a message, with its length when cut. */
function shorten(name: string): string {
  return name.length <= 60 ? name : `${name.slice(0, 57)}... (${name.length} characters)`;
}
