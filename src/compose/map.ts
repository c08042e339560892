/**
 * A loaded compose project → the stack model: Postgres containers become managed Postgres,
 * Redis-like containers key-value stores, everything else a service with its size, port,
 * volume, health path and environment; every setting a platform cannot honour becomes a
 * warning that says what to do instead.
 */
import { ServiceInputSchema, type ServiceInput, type ServiceRole } from '../core/answers.js';
import type { Link, StackSource } from '../core/stack.js';
import { warning, type Warning } from '../core/warnings.js';
import { UserError } from '../errors.js';
import { buildWarnings, hostWarnings, imageWarnings, mountWarnings, portWarnings, postgresWarnings, RAW_TCP } from './advice.js';
import { backingsIn, bindUnbound, envTargets, mapEnvironment, type AppTarget, type Backing, type RawEnv } from './env.js';
import { publishedPorts, resolveHostUrls } from './host-urls.js';
import { imageRow } from './image-table.js';
import { defaultListenPort, deployableImage, imageKind, isValidImage, kindFromName, parseImage, type ImageKind } from './images.js';
import { InterpolationLog, interpolate } from './interpolate.js';
import type { LoadedProject, ResolvedService } from './load.js';
import { isSecretName, parseUrlLoose, redactSecrets } from './secrets.js';
import {
  commandString,
  healthcheckTest,
  healthcheckUrl,
  isLoopback,
  isRange,
  isRecord,
  parseBuild,
  parseDependsOn,
  parseEnvironment,
  parsePorts,
  parseVolumes,
  scalarString,
  type PortSpec,
  type VolumeSpec,
} from './syntax.js';
import { parseCpus, parseInteger, parseMemoryMb } from './units.js';

/** Sizes assumed when the compose file gives none (stated in the assumptions). */
export const COMPOSE_DEFAULTS = { memoryMb: 512, vcpu: 0.5, volumeGb: 1, keyValueMemoryMb: 256 } as const;

/** Variables loaded from one `env_file` entry of a service. */
export interface LoadedEnvFile {
  path: string;
  required: boolean;
  /** Null when the file is missing. */
  entries: { name: string; value: string | undefined }[] | null;
  unresolved: string[];
}

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

interface Classified {
  svc: ResolvedService;
  kind: ImageKind | null;
  image: string;
  /** Kind came from the name because the image is unknown. */
  guessed: boolean;
}

/** Maps a loaded project; `envFiles` holds each kept service's loaded env_file entries. */
export function mapProject(
  project: LoadedProject,
  options: { display: string; profiles: readonly string[]; envFiles: ReadonlyMap<string, LoadedEnvFile[]> },
): ComposeImport {
  const warnings: Warning[] = [...project.warnings];
  const assumptions: string[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const log = new InterpolationLog();
  log.merge(project.log);

  // 1. Profiles and zero replicas decide what is deployed at all.
  const enabled = new Set(options.profiles);
  const kept: ResolvedService[] = [];
  const profileSkipped: string[] = [];
  for (const svc of project.services) {
    const profiles = Array.isArray(svc.data.profiles) ? svc.data.profiles.map((p) => scalarString(p) ?? '') : [];
    if (profiles.length > 0 && !profiles.some((p) => enabled.has(p))) {
      skipped.push({ name: svc.name, reason: `profile ${profiles.join(' or ')} not enabled` });
      profileSkipped.push(`${svc.name} (${profiles.join(', ')})`);
      continue;
    }
    if (replicasOf(svc.data) === 0) {
      skipped.push({ name: svc.name, reason: 'deploy.replicas is 0' });
      warnings.push(
        warning('compose.zero-replicas', 'info', `${svc.name} has deploy.replicas: 0, so compose does not start it; it is left out.`, {
          service: svc.name,
          fix: 'Set replicas to 1 or more in the compose file to include it.',
        }),
      );
      continue;
    }
    kept.push(svc);
    log.merge(svc.log);
  }
  if (profileSkipped.length > 0) {
    const names = [...new Set(skipped.filter((s) => s.reason.startsWith('profile')).flatMap((s) => s.reason.replace(/^profile | not enabled$/g, '').split(' or ')))];
    warnings.push(
      warning('compose.profile-skipped', 'info', `Left out ${profileSkipped.length} service(s) whose profiles are not enabled: ${profileSkipped.join('; ')}.`, {
        fix: `Add --profile NAME to include them (profiles in this file: ${names.join(', ')}).`,
      }),
    );
  }
  for (const p of enabled) {
    if (!project.services.some((s) => Array.isArray(s.data.profiles) && s.data.profiles.includes(p))) {
      warnings.push(warning('compose.profile-unknown', 'warning', `No service has the profile "${p}".`, { fix: 'Check the profile name against the profiles: of the services.' }));
    }
  }

  // 2. What each container is.
  const classified: Classified[] = kept.map((svc) => {
    const image = scalarString(svc.data.image) ?? '';
    const ref = parseImage(image);
    let kind = imageKind(ref);
    let guessed = false;
    if (!ref && svc.data.build === undefined) {
      kind = kindFromName(svc.name);
      guessed = kind !== null;
    }
    return { svc, kind, image, guessed };
  });
  const postgresC = classified.filter((c) => c.kind === 'postgres');
  const keyValueC = classified.filter((c) => c.kind === 'key-value');
  const apps = classified.filter((c) => c.kind !== 'postgres' && c.kind !== 'key-value');
  const keptNames = new Set(kept.map((s) => s.name));

  // 3. Backing containers and the secrets the file holds (kept out of every value we copy).
  const secretValues = new Map<string, string>();
  for (const [name, value] of project.variables) if (isSecretName(name) && value.length >= 4) secretValues.set(value, name);
  const rawEnvs = new Map<string, RawEnv[]>();
  for (const c of classified) {
    const raw = rawEnvironment(c.svc, project, options.envFiles.get(c.svc.name) ?? [], log);
    rawEnvs.set(c.svc.name, raw);
    for (const v of raw) {
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
  const backings: Backing[] = [...postgresC, ...keyValueC].map((c) => {
    const env = new Map(rawEnvs.get(c.svc.name)!.map((v) => [v.name, v.value]));
    const b: Backing = { name: c.svc.name, kind: c.kind === 'postgres' ? 'postgres' : 'key-value', hosts: hostsOf(c.svc) };
    const user = env.get('POSTGRES_USER');
    const password = env.get('POSTGRES_PASSWORD');
    const database = env.get('POSTGRES_DB');
    if (user) b.user = user;
    if (password) b.password = password;
    if (database) b.database = database;
    return b;
  });
  // Words that are names in this file are not treated as leaked secrets when found in other values.
  const names = new Set<string>([...kept.flatMap(hostsOf), ...backings.flatMap((b) => [b.user ?? '', b.database ?? ''])].map((n) => n.toLowerCase()));
  // Short or name-like values ("minio", "postgres") would match innocent text; only distinctive ones are searched for.
  const containSecrets = new Map([...secretValues].filter(([v]) => v.length >= 6 && !names.has(v.toLowerCase())));
  const onlyPostgres = postgresC.length === 1 ? backings.find((b) => b.name === postgresC[0]!.svc.name) : undefined;
  const onlyKeyValue = keyValueC.length === 1 ? backings.find((b) => b.name === keyValueC[0]!.svc.name) : undefined;

  // 4. Services: first where each listens and the names that reach it, so values can name them.
  const listening = new Map(apps.map((c) => [c.svc.name, listeningOf(c.svc)]));
  const appTargets: AppTarget[] = apps.map((c) => {
    const target: AppTarget = { name: c.svc.name, hosts: hostsOf(c.svc), listens: listening.get(c.svc.name)!.port !== undefined };
    const fallback = defaultListenPort(c.image);
    if (!target.listens && fallback !== undefined) target.defaultPort = fallback;
    return target;
  });
  // Indexed once: each service's lookups stay independent of the number of services.
  const targets = envTargets(backings, appTargets);
  const appNames = new Set(apps.map((a) => a.svc.name));
  const databaseNames = new Map<string, Record<string, string>>(backings.map((b) => [b.name, {}]));
  const services: ServiceInput[] = [];
  const views: ImportedService[] = [];
  const usersOf = new Map<string, Set<string>>(backings.map((b) => [b.name, new Set<string>()]));
  const defaultMemory: string[] = [];
  const defaultCpu: string[] = [];
  const volumeSized: string[] = [];
  const loopbackOnly: string[] = [];
  const volumeUse = new Map<string, string[]>();

  for (const c of apps) {
    const svc = c.svc;
    const d = svc.data;
    const w = (code: string, severity: Warning['severity'], message: string, fix: string) => warnings.push(warning(code, severity, message, { service: svc.name, fix }));

    // Environment and the backing containers it reaches.
    const deps = parseDependsOn(d.depends_on);
    const dependsOnBackings = new Set([...deps.keys()].filter((n) => targets.byName.has(n)));
    const raw = rawEnvs.get(svc.name)!;
    const mapping = mapEnvironment(raw, targets, dependsOnBackings, containSecrets);
    const pgUsed = () => backingsIn(targets, mapping.uses, 'postgres');
    const kvUsed = () => backingsIn(targets, mapping.uses, 'key-value');
    let pgFor = pgUsed().length === 1 ? pgUsed()[0] : undefined;
    if (!pgFor && pgUsed().length === 0 && mapping.unboundDatabaseUrls.length > 0 && onlyPostgres) {
      pgFor = onlyPostgres;
      assumptions.push(`${svc.name}: ${mapping.unboundDatabaseUrls.join(', ')} had no host once variables were filled in; taken to mean ${onlyPostgres.name}, the only Postgres in the file.`);
    }
    let kvFor = kvUsed().length === 1 ? kvUsed()[0] : undefined;
    if (!kvFor && kvUsed().length === 0 && mapping.unboundKeyValueUrls.length > 0 && onlyKeyValue) kvFor = onlyKeyValue;
    if (mapping.unboundDatabaseUrls.length > 0 && !pgFor) {
      const one = mapping.unboundDatabaseUrls.length === 1;
      w('compose.database-unknown', 'warning', `${svc.name}: ${mapping.unboundDatabaseUrls.join(', ')} ${one ? 'looks like a database URL but has' : 'look like database URLs but have'} no value, and ${postgresC.length === 0 ? 'the file has no Postgres container' : `the file has ${postgresC.length} Postgres containers`}; ${one ? 'it is' : 'they are'} left for you to set.`, 'Set them to the platform database URL (or your external database) after deploying.');
    }
    bindUnbound(mapping, raw, pgFor, kvFor, containSecrets);
    if (mapping.invalidNames.length > 0) {
      w('compose.env-name', 'warning', `${svc.name}: variable name(s) ${mapping.invalidNames.join(', ')} are not valid on every platform and were left out.`, 'Rename them to letters, digits and underscores (such as DISCOVERY_TYPE), or set them in the image.');
    }
    if (mapping.committedSecrets.length > 0) {
      const names = mapping.committedSecrets;
      w(
        'compose.committed-secret',
        'warning',
        `${svc.name}: ${names.join(', ')} ${names.length === 1 ? 'is a secret whose value is' : 'are secrets whose values are'} written in ${options.display}, so whoever can read the file (and its git history) has ${names.length === 1 ? 'it' : 'them'}. stackfare does not copy ${names.length === 1 ? 'it' : 'them'}.`,
        `Rotate ${names.length === 1 ? 'it' : 'them'}, replace the value with \${${names[0]}} read from a git-ignored .env, and set ${names.length === 1 ? 'it' : 'them'} on the platform.`,
      );
    }
    const pg = pgUsed();
    for (const b of pg) {
      const database = mapping.databases.get(b.name) ?? b.database;
      if (database) databaseNames.get(b.name)![svc.name] = database;
    }
    if (pg.length > 1) {
      w('compose.multiple-databases', 'warning', `${svc.name} uses ${pg.length} Postgres containers (${pg.map((b) => b.name).join(', ')}); the platform gives a service one database URL.`, 'Point the extra variables at the other database by hand after deploying.');
    }
    for (const b of [...pg, ...kvUsed()]) usersOf.get(b.name)!.add(svc.name);

    // Ports: published (public unless another service calls it), loopback-only or expose (private), or none (a worker).
    const listen = listening.get(svc.name)!;
    const { port, isPublic, health } = listen;
    portWarnings(svc.name, listen.specs, w);
    if (!isPublic && listen.specs.length > 0) loopbackOnly.push(svc.name);
    if (listen.note) assumptions.push(listen.note);
    const others = listen.candidates.filter((p) => p !== port);
    if (port !== undefined && others.length > 0) {
      w('compose.extra-ports', 'info', `${svc.name} listens on ${[port, ...others].join(', ')}. The other services reach every one of them over the private network; public routing carries one port per service, so ${port} is the one served from the internet if it is public.`, 'Nothing to do for private traffic. To serve another port publicly too, split that listener into its own service.');
    }

    // Size and scale.
    const size = resources(d);
    // No limit: the image's own recommendation when data/images.json knows it, else the default.
    const row = imageRow(c.image);
    const memoryMb = clampMemory(size.memoryMb ?? row?.memory.recommendedMb ?? COMPOSE_DEFAULTS.memoryMb, svc.name, assumptions);
    if (size.memoryMb === null && row) {
      const production = row.memory.productionMb ? ` (under production load: ${row.memory.productionMb} MB)` : '';
      assumptions.push(`${svc.name}: no memory limit in the compose file; ${row.memory.recommendedMb} MB, what ${row.name} needs${production}. ${row.basis} Source: ${row.source} (${row.asOf}).`);
    } else if (size.memoryMb === null) defaultMemory.push(svc.name);
    else if (row?.memory.minimumMb !== undefined && size.memoryMb < row.memory.minimumMb) {
      // The user's limit is kept (it is their choice), but a figure below the vendor's floor prices a service that may not start.
      w('compose.below-minimum', 'warning', `${svc.name} is limited to ${size.memoryMb} MB in the compose file, below the ${row.memory.minimumMb} MB ${row.name} needs (${row.source}); it may not start.`, `Raise its memory limit to at least ${row.memory.minimumMb} MB.`);
    }
    const vcpu = Math.min(64, size.vcpu ?? row?.vcpu ?? COMPOSE_DEFAULTS.vcpu);
    if (size.vcpu === null && row?.vcpu === undefined) defaultCpu.push(svc.name);
    let instances = replicasOf(d) ?? 1;
    if (isRecord(d.deploy) && d.deploy.mode === 'global') {
      instances = 1;
      w('compose.global-mode', 'info', `${svc.name} runs in global mode (one per node); priced as 1 instance.`, 'Set deploy.replicas to the number of instances you want.');
    }
    if (instances > 100) {
      w('compose.replicas', 'warning', `${svc.name} asks for ${instances} replicas; priced at the maximum of 100.`, 'Lower deploy.replicas.');
      instances = 100;
    }

    // Volumes and host mounts.
    const volumes = parseVolumes(d.volumes);
    const dataVolumes = volumes.filter((v) => v.type === 'volume');
    // Config files and read-only folders of the repository travel with the service (mounts);
    // what is left (data folders, host paths, the Docker socket) gets the warnings.
    const mounts = volumes.filter(isRepositoryConfig).map((v) => ({ source: repositoryPath(v.source!), target: v.target, readOnly: v.readOnly || isFileLike(v.source!) }));
    mountWarnings(svc.name, volumes.filter((v) => !isRepositoryConfig(v)), w);
    // Where the mounts go is said once the build contexts are read (compose/build-context.ts).
    let volume: ServiceInput['volume'];
    if (dataVolumes.length > 0) {
      const first = dataVolumes[0]!;
      volume = { sizeGb: COMPOSE_DEFAULTS.volumeGb, mountPath: first.target };
      const external = externalVolume(project.top, first.source);
      if (external) volume.external = external;
      volumeSized.push(`${svc.name} (${first.target})`);
      if (dataVolumes.length > 1) {
        w('compose.multiple-volumes', 'warning', `${svc.name} mounts ${dataVolumes.length} volumes (${dataVolumes.map((v) => v.target).join(', ')}); platforms attach one volume per service, so only ${first.target} is kept.`, 'Keep the data under one folder, or move caches and logs to the container file system.');
      }
      for (const v of dataVolumes) {
        if (!v.source) continue;
        const users = volumeUse.get(v.source);
        if (users) users.push(svc.name);
        else volumeUse.set(v.source, [svc.name]);
      }
    }

    // Health, command, build and the rest.
    // compose `entrypoint` replaces the image's; `command` only its CMD (the arguments).
    const entrypoint = commandString(d.entrypoint);
    const command = commandString(d.command);
    const build = parseBuild(d.build);
    const input: Record<string, unknown> = {
      name: svc.name,
      role: roleOf(c, port, isPublic),
      vcpu,
      memoryMb,
      instances,
      env: mapping.env,
      usesDatabase: pg.length > 0,
      optional: false,
    };
    const ref = parseImage(c.image);
    if (ref && isValidImage(ref)) input.image = deployableImage(ref);
    if (build) {
      input.build = build.dockerfile ? { context: build.context || '.', dockerfile: build.dockerfile } : { context: build.context || '.' };
    }
    if (command) input.command = redactSecrets(command, containSecrets);
    if (entrypoint) input.entrypoint = redactSecrets(entrypoint, containSecrets);
    if (mounts.length > 0) input.mounts = mounts;
    if (port !== undefined) input.port = port;
    if (others.length > 0) input.ports = others;
    // Publishing to the laptop is no reason to publish to the internet: a published service is public
    // only if no other service calls it (decided with the graph); one that publishes nothing stays private.
    if (!isPublic) input.public = false;
    // A healthcheck on another port than the routed one would fail the platform's check.
    if (health && port !== undefined && (health.port ?? 80) === port) input.healthPath = health.path;
    else if (health) assumptions.push(`${svc.name}: its healthcheck calls port ${health.port ?? 80}, not the routed port ${port ?? '(none)'}, so no health path is set.`);
    if (volume) input.volume = volume;
    // Compose facts the local compose file keeps (platforms have their own health checks and order).
    const healthcheck = healthcheckOf(d.healthcheck);
    if (healthcheck) input.healthcheck = healthcheck;
    const appDeps = [...deps].filter(([n]) => appNames.has(n) && n !== svc.name);
    if (appDeps.length > 0) input.dependsOn = appDeps.map(([service, dep]) => ({ service, condition: dep.condition === 'service_healthy' || dep.condition === 'service_completed_successfully' ? dep.condition : 'service_started' }));
    const hostPorts = listen.specs.flatMap((p) => (p.target !== null && !isRange(p) && p.protocol === 'tcp' && p.published && /^\d{1,5}$/.test(p.published) ? [{ published: p.published, target: p.target, ...(p.hostIp ? { hostIp: p.hostIp } : {}) }] : []));
    if (hostPorts.length > 0) input.hostPorts = hostPorts;
    imageWarnings(svc.name, c.image, ref, w);
    buildWarnings(svc.name, build, w);
    hostWarnings(svc.name, d, w);
    if (isOneShot(svc, kept)) {
      w('compose.one-shot', 'info', `${svc.name} runs once and exits (a migration or setup job); as a service it would restart forever.`, 'Run it as a pre-deploy or release command of the service that needs it, or as a one-off job.');
    }
    if (c.kind === 'stateful') {
      // Say "with a volume" only when one is generated: without a volume in the compose file there is none.
      if (volume) w('compose.stateful-service', 'info', `${svc.name} (${ref?.name ?? c.image}) keeps data; it runs as a container with a volume, and stackfare prices no managed version of it.`, 'Consider the platform\'s managed offering for it, and keep backups of its volume.');
      else w('compose.stateful-service', 'warning', `${svc.name} (${ref?.name ?? c.image}) keeps data, but the compose file gives it no volume: it runs as a container without one and loses its data at every restart or deploy; stackfare prices no managed version of it.`, 'Mount a named volume at its data folder in the compose file, or use the platform\'s managed offering for it.');
    }

    const parsed = ServiceInputSchema.safeParse(input);
    if (!parsed.success) {
      // Never priced or deployed without it: a stack that silently lost a service is the wrong stack.
      const issue = parsed.error.issues[0];
      const field = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      throw new UserError(`The compose file's service "${shorten(svc.name)}" cannot be mapped${field}: ${issue?.message ?? 'invalid settings'}.`, {
        hint: issue?.path[0] === 'name' ? 'Give the service a shorter name in the compose file (at most 200 characters).' : 'Check its settings in the compose file.',
      });
    }
    services.push(parsed.data);
    const view: ImportedService = {
      name: svc.name,
      role: parsed.data.role,
      // Decided below with the graph: a published service is public unless another one calls it.
      public: parsed.data.public ?? true,
      ports: [...(parsed.data.port !== undefined ? [parsed.data.port] : []), ...(parsed.data.ports ?? [])],
      memoryMb: parsed.data.memoryMb,
      vcpu: parsed.data.vcpu,
      instances: parsed.data.instances,
      database: pg.length > 0 ? pg.map((b) => b.name).join(', ') : null,
      keyValue: kvUsed().length > 0 ? kvUsed().map((b) => b.name).join(', ') : null,
    };
    // The table shows the image as written, even when it is unusable (the warnings say why).
    if (c.image.trim() !== '') view.image = c.image;
    if (parsed.data.build) view.build = parsed.data.build;
    if (parsed.data.port !== undefined) view.port = parsed.data.port;
    if (parsed.data.volume) view.volume = parsed.data.volume;
    if (parsed.data.healthPath) view.healthPath = parsed.data.healthPath;
    views.push(view);
  }

  // 5. Addresses on the developer's machine become public URLs of the services that publish them.
  resolveHostUrls(services, publishedPorts(kept), options.display, warnings, assumptions);

  // 6. The graph: every port another service calls stays reachable; a called service is private.
  const links = serviceGraph(services, views);

  // 7. Postgres and key-value containers.
  const databases: ImportedDatabase[] = [];
  const postgresVersions = new Map<string, string>();
  for (const c of postgresC) {
    const users = [...usersOf.get(c.svc.name)!].filter((n) => keptNames.has(n));
    const names = databaseNames.get(c.svc.name)!;
    const database: ImportedDatabase = { name: c.svc.name, image: c.image, usedBy: users, databases: Object.fromEntries(users.filter((u) => names[u]).map((u) => [u, names[u]!])) };
    const memoryMb = resources(c.svc.data).memoryMb;
    if (memoryMb !== null) database.memoryMb = Math.ceil(memoryMb);
    databases.push(database);
    const version = postgresMajor(c.image);
    if (version) postgresVersions.set(c.svc.name, version);
    postgresWarnings(c.svc.name, c.image, c.svc.data.volumes, warnings);
  }
  const keyValue: ImportedKeyValue[] = [];
  const kvDefault: string[] = [];
  for (const c of keyValueC) {
    const users = [...usersOf.get(c.svc.name)!].filter((n) => keptNames.has(n));
    const size = resources(c.svc.data);
    const maxmemory = /--maxmemory\s+(\S+)/.exec(commandString(c.svc.data.command) ?? '')?.[1];
    const fromCommand = maxmemory ? parseMemoryMb(maxmemory) : null;
    const memory = size.memoryMb ?? fromCommand;
    if (memory === null) kvDefault.push(c.svc.name);
    else if (size.memoryMb === null) assumptions.push(`${c.svc.name}: ${Math.ceil(memory)} MB, from its --maxmemory setting.`);
    keyValue.push({ name: c.svc.name, image: c.image, memoryMb: Math.max(1, Math.ceil(memory ?? COMPOSE_DEFAULTS.keyValueMemoryMb)), usedBy: users });
    if (c.guessed) assumptions.push(`${c.svc.name} has no image in this file; its name says Redis, so it is taken as a key-value store.`);
  }
  for (const c of postgresC) if (c.guessed) assumptions.push(`${c.svc.name} has no image in this file; its name says Postgres, so it is taken as a Postgres database.`);

  // 8. Cross-service findings and the stated assumptions.
  for (const [vol, users] of volumeUse) {
    if (users.length < 2) continue;
    warnings.push(
      warning('compose.shared-volume', 'warning', `Volume ${vol} is mounted by ${users.length} services (${users.join(', ')}); a platform volume belongs to one service, so each gets its own empty copy.`, {
        fix: 'Share the data through Postgres or object storage, or merge the services.',
      }),
    );
  }
  if (postgresC.length > 0) {
    assumptions.push(
      `Postgres container(s) ${postgresC.map((c) => c.svc.name).join(', ')} become managed Postgres. Their POSTGRES_PASSWORD, POSTGRES_USER and POSTGRES_DB settings are dropped as handled: the platform creates the database and its credentials, and services get them as references.`,
    );
  }
  if (keyValueC.length > 0) {
    assumptions.push(`Redis-compatible container(s) ${keyValueC.map((c) => c.svc.name).join(', ')} become the platform's key-value store where it has one.`);
  }
  if (kvDefault.length > 0) assumptions.push(`No memory limit for key-value store(s) ${kvDefault.join(', ')}: ${COMPOSE_DEFAULTS.keyValueMemoryMb} MB each.`);
  if (defaultMemory.length > 0) assumptions.push(`No memory limit in the compose file for ${defaultMemory.join(', ')}: ${COMPOSE_DEFAULTS.memoryMb} MB each.`);
  if (defaultCpu.length > 0) assumptions.push(`No CPU limit in the compose file for ${defaultCpu.join(', ')}: ${COMPOSE_DEFAULTS.vcpu} vCPU each.`);
  if (volumeSized.length > 0) assumptions.push(`Compose volumes have no size; ${COMPOSE_DEFAULTS.volumeGb} GB each assumed for ${volumeSized.join(', ')}.`);
  if (loopbackOnly.length > 0) assumptions.push(`Ports published to 127.0.0.1 only are for the host itself, so these services are private: ${loopbackOnly.join(', ')}.`);

  const unresolvedVariables = [...log.unresolved].filter((n) => !log.required.has(n)).sort();
  const allUnresolved = [...log.unresolved].sort();
  if (unresolvedVariables.length > 0) {
    warnings.push(
      warning('compose.unresolved-variable', 'warning', `${unresolvedVariables.length} variable(s) used by the compose file are not set, so they were read as empty: ${unresolvedVariables.join(', ')}.`, {
        fix: `Set them in the environment or in a .env file beside ${options.display}, then import again.`,
      }),
    );
  }
  for (const [name, message] of log.required) {
    warnings.push(
      warning('compose.required-variable', 'warning', `${name} must be set (the compose file says: "${message}"); it was read as empty.`, {
        fix: `Set ${name} in the environment or in a .env file beside ${options.display}.`,
      }),
    );
  }
  if (log.invalid.size > 0) {
    warnings.push(
      warning('compose.interpolation-invalid', 'warning', `Not valid variable syntax, kept as written: ${[...log.invalid].join(', ')}.`, {
        fix: 'Write variables as ${NAME} or ${NAME:-default}, and a literal dollar as $$.',
      }),
    );
  }
  if (services.length === 0) {
    warnings.push(warning('compose.no-services', 'warning', 'No application services are left once databases, profiles and zero replicas are taken out.', { fix: 'Enable a profile with --profile NAME, or check the compose file.' }));
  }

  const source: StackSource = {
    kind: 'compose',
    services,
    postgres: databases.map((d) => ({
      name: d.name,
      usedBy: d.usedBy,
      ...(Object.keys(d.databases).length > 0 ? { databases: d.databases } : {}),
      ...(postgresVersions.has(d.name) ? { version: postgresVersions.get(d.name)! } : {}),
      ...(d.memoryMb !== undefined ? { memoryMb: d.memoryMb } : {}),
    })),
    keyValue: keyValue.map((k) => ({ name: k.name, memoryMb: k.memoryMb, usedBy: k.usedBy })),
    warnings,
    assumptions,
  };
  if (project.name) source.name = project.name;
  const result: ComposeImport = {
    file: options.display,
    source,
    services: views,
    databases,
    keyValue,
    warnings,
    assumptions,
    unresolvedVariables: allUnresolved,
    skipped,
    links,
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

/** Host names other containers use to reach this one. */
function hostsOf(svc: ResolvedService): string[] {
  const hosts = [svc.name];
  const d = svc.data;
  for (const key of ['container_name', 'hostname']) {
    const v = scalarString(d[key]);
    if (v) hosts.push(v);
  }
  if (isRecord(d.networks)) {
    for (const net of Object.values(d.networks)) {
      if (isRecord(net) && Array.isArray(net.aliases)) for (const a of net.aliases) if (typeof a === 'string') hosts.push(a);
    }
  }
  return [...new Set(hosts)];
}

function replicasOf(d: Record<string, unknown>): number | null {
  const fromDeploy = isRecord(d.deploy) ? parseInteger(d.deploy.replicas) : null;
  return fromDeploy ?? parseInteger(d.scale);
}

function exposedPorts(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const out: number[] = [];
  for (const v of value) {
    const m = /^\s*(\d+)(?:-\d+)?(?:\/tcp)?\s*$/.exec(scalarString(v) ?? '');
    const n = m ? Number(m[1]) : NaN;
    if (n >= 1 && n <= 65535) out.push(n);
  }
  return out;
}

/** The port to route: the healthcheck's if listed, else the first that speaks HTTP, else the first. */
function choosePort(candidates: number[], healthPort: number | undefined): number | undefined {
  if (healthPort !== undefined && candidates.includes(healthPort)) return healthPort;
  // Platforms terminate TLS themselves, so a plain HTTP port beats 443.
  return candidates.find((p) => RAW_TCP[p] === undefined && p !== 443) ?? candidates.find((p) => RAW_TCP[p] === undefined) ?? candidates[0];
}

function traefikPort(labels: unknown): number | null {
  const entries: [string, string][] = Array.isArray(labels)
    ? labels.map((l) => scalarString(l) ?? '').map((l) => [l.split('=')[0]!, l.slice(l.indexOf('=') + 1)])
    : isRecord(labels)
      ? Object.entries(labels).map(([k, v]) => [k, scalarString(v) ?? ''])
      : [];
  for (const [k, v] of entries) {
    if (/^traefik\.http\.services\.[^.]+\.loadbalancer\.server\.port$/.test(k) && /^\d+$/.test(v)) return Number(v);
  }
  return null;
}

function resources(d: Record<string, unknown>): { memoryMb: number | null; vcpu: number | null } {
  const res = isRecord(d.deploy) && isRecord(d.deploy.resources) ? d.deploy.resources : {};
  const limits = isRecord(res.limits) ? res.limits : {};
  const reservations = isRecord(res.reservations) ? res.reservations : {};
  return {
    memoryMb: parseMemoryMb(limits.memory) ?? parseMemoryMb(d.mem_limit) ?? parseMemoryMb(reservations.memory) ?? parseMemoryMb(d.mem_reservation),
    vcpu: parseCpus(limits.cpus) ?? parseCpus(d.cpus) ?? parseCpus(reservations.cpus),
  };
}

function clampMemory(mb: number, name: string, assumptions: string[]): number {
  const whole = Math.ceil(mb);
  if (whole < 128) {
    assumptions.push(`${name}: its ${whole} MB limit is below the 128 MB the platforms offer; 128 MB used.`);
    return 128;
  }
  if (whole > 262144) {
    assumptions.push(`${name}: its ${whole} MB limit is above 256 GB; 256 GB used.`);
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

/** Where a service listens: its routed port, the others, and whether it publishes beyond the host. */
interface Listening {
  port: number | undefined;
  /** Every usable port, routed one included. */
  candidates: number[];
  isPublic: boolean;
  specs: PortSpec[];
  health: { port?: number; path: string } | null;
  note?: string;
}

function listeningOf(svc: ResolvedService): Listening {
  const d = svc.data;
  const ports = parsePorts(d.ports);
  const expose = exposedPorts(d.expose);
  const test = healthcheckTest(d.healthcheck);
  const health = test ? healthcheckUrl(test, hostsOf(svc)) : null;
  const outside = ports.filter((p) => !isLoopback(p.hostIp));
  const isPublic = outside.length > 0;
  const single = (list: PortSpec[]) => list.filter((p) => p.target !== null && !isRange(p) && p.protocol === 'tcp').map((p) => p.target!);
  // Private networks carry every port: published, loopback-only and exposed ones all count.
  let candidates = [...single(isPublic ? outside : ports), ...single(ports), ...expose];
  let note: string | undefined;
  const which = isPublic ? 'its port' : 'its private port';
  // No usable port in ports:/expose: the healthcheck or a traefik label still tells where it listens.
  if (candidates.length === 0 && health) {
    const hp = health.port ?? 80;
    candidates = [hp];
    note = `${svc.name} has no usable port in the compose file; its healthcheck calls port ${hp}, used as ${which}.`;
  }
  if (candidates.length === 0) {
    const labelPort = traefikPort(d.labels);
    if (labelPort !== null) {
      candidates = [labelPort];
      note = `${svc.name} has no usable port in the compose file; its traefik label routes port ${labelPort}, used as ${which}.`;
    }
  }
  const unique = [...new Set(candidates)];
  const port = choosePort(isPublic ? [...new Set(single(outside).length > 0 ? single(outside) : unique)] : unique, health?.port);
  const out: Listening = { port, candidates: unique, isPublic, specs: ports, health };
  if (note) out.note = note;
  return out;
}

/**
 * The service graph of the import: each reference's port joins its target's ports, and a service
 * that publishes a port stays public only when no other service calls it (the core decides the
 * same way; the view shows it now).
 */
function serviceGraph(services: ServiceInput[], views: ImportedService[]): Link[] {
  const byName = new Map(services.map((s) => [s.name, s]));
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
      if (port !== target.port && !(target.ports ?? []).includes(port)) target.ports = [...(target.ports ?? []), port];
      links.push({ from: s.name, variable: e.name, to: target.name, port });
    }
  }
  const called = new Set(links.filter((l) => l.from !== l.to).map((l) => l.to));
  for (const v of views) {
    const input = byName.get(v.name);
    if (!input) continue;
    v.ports = [...(input.port !== undefined ? [input.port] : []), ...(input.ports ?? [])];
    if (browsed.has(v.name)) v.public = true;
    else if (input.public === undefined && called.has(v.name)) v.public = false;
  }
  return links;
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

/** The Postgres major version an image tag pins (`postgres:16.4-alpine` → 16, `pgvector/pgvector:pg17` → 17). */
function postgresMajor(image: string): string | undefined {
  const tag = parseImage(image)?.tag;
  const m = tag ? /^(?:pg)?(\d{1,2})(?:[.-]|$)/.exec(tag) : null;
  return m && Number(m[1]) >= 9 ? m[1] : undefined;
}

/** A name cut to 60 characters for a message, with its length when cut. */
function shorten(name: string): string {
  return name.length <= 60 ? name : `${name.slice(0, 57)}... (${name.length} characters)`;
}
