/**
 * A loaded compose project → the stack model: Postgres containers become managed Postgres,
 * Redis-like containers key-value stores, everything else a service with its size, port,
 * volume, health path and environment; every setting a platform cannot honour becomes a
 * warning that says what to do instead.
 */
import { ServiceInputSchema, type ServiceInput, type ServiceRole } from '../core/answers.js';
import type { StackSource } from '../core/stack.js';
import { warning, type Warning } from '../core/warnings.js';
import { buildWarnings, hostWarnings, imageWarnings, mountWarnings, portWarnings, postgresWarnings, RAW_TCP } from './advice.js';
import { bindUnbound, mapEnvironment, type Backing, type RawEnv } from './env.js';
import { deployableImage, imageKind, isValidImage, kindFromName, parseImage, type ImageKind } from './images.js';
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

  // 4. Services.
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
    const dependsOnBackings = new Set([...deps.keys()].filter((n) => backings.some((b) => b.name === n)));
    const raw = rawEnvs.get(svc.name)!;
    const mapping = mapEnvironment(raw, backings, dependsOnBackings, containSecrets);
    const pgUsed = () => backings.filter((b) => b.kind === 'postgres' && mapping.uses.has(b.name));
    const kvUsed = () => backings.filter((b) => b.kind === 'key-value' && mapping.uses.has(b.name));
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
    if (mapping.notes.length > 0) {
      w('compose.database-url-scheme', 'info', `${svc.name}: ${mapping.notes.join('; ')}; the platform's database URL starts with postgres://.`, 'If the app needs the driver prefix, build the URL it expects from the platform database variables (a start script can rewrite the scheme).');
    }
    const pg = pgUsed();
    if (pg.length > 1) {
      w('compose.multiple-databases', 'warning', `${svc.name} uses ${pg.length} Postgres containers (${pg.map((b) => b.name).join(', ')}); the platform gives a service one database URL.`, 'Point the extra variables at the other database by hand after deploying.');
    }
    for (const b of [...pg, ...kvUsed()]) usersOf.get(b.name)!.add(svc.name);

    // Ports: published (public), loopback-only or expose (private), or none (a worker).
    const ports = parsePorts(d.ports);
    const expose = exposedPorts(d.expose);
    const test = healthcheckTest(d.healthcheck);
    const health = test ? healthcheckUrl(test, hostsOf(svc)) : null;
    portWarnings(svc.name, ports, w);
    const outside = ports.filter((p) => !isLoopback(p.hostIp));
    const isPublic = outside.length > 0;
    const single = (list: PortSpec[]) => list.filter((p) => p.target !== null && !isRange(p) && p.protocol === 'tcp').map((p) => p.target!);
    let candidates = isPublic ? single(outside) : [...single(ports), ...expose];
    if (!isPublic && ports.length > 0) loopbackOnly.push(svc.name);
    let portNote: string | undefined;
    // No usable port in ports:/expose: the healthcheck or a traefik label still tells where it listens.
    const which = isPublic ? 'its port' : 'its private port';
    if (candidates.length === 0 && health) {
      const hp = health.port ?? 80;
      candidates = [hp];
      portNote = `${svc.name} has no usable port in the compose file; its healthcheck calls port ${hp}, used as ${which}.`;
    }
    if (candidates.length === 0) {
      const labelPort = traefikPort(d.labels);
      if (labelPort !== null) {
        candidates = [labelPort];
        portNote = `${svc.name} has no usable port in the compose file; its traefik label routes port ${labelPort}, used as ${which}.`;
      }
    }
    if (portNote) assumptions.push(portNote);
    const port = choosePort([...new Set(candidates)], health?.port);
    const others = [...new Set(candidates)].filter((p) => p !== port);
    if (port !== undefined && others.length > 0) {
      w('compose.extra-ports', 'info', `${svc.name} listens on ${[port, ...others].join(', ')}; app platforms route one port per service: ${port} is used, ${others.join(', ')} not reachable from outside the service.`, 'Serve everything on one port, or split the extra listeners into their own services.');
    }

    // Size and scale.
    const size = resources(d);
    const memoryMb = clampMemory(size.memoryMb ?? COMPOSE_DEFAULTS.memoryMb, svc.name, assumptions);
    if (size.memoryMb === null) defaultMemory.push(svc.name);
    const vcpu = Math.min(64, size.vcpu ?? COMPOSE_DEFAULTS.vcpu);
    if (size.vcpu === null) defaultCpu.push(svc.name);
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
    mountWarnings(svc.name, volumes, w);
    let volume: ServiceInput['volume'];
    if (dataVolumes.length > 0) {
      const first = dataVolumes[0]!;
      volume = { sizeGb: COMPOSE_DEFAULTS.volumeGb, mountPath: first.target };
      volumeSized.push(`${svc.name} (${first.target})`);
      if (dataVolumes.length > 1) {
        w('compose.multiple-volumes', 'warning', `${svc.name} mounts ${dataVolumes.length} volumes (${dataVolumes.map((v) => v.target).join(', ')}); platforms attach one volume per service, so only ${first.target} is kept.`, 'Keep the data under one folder, or move caches and logs to the container file system.');
      }
      for (const v of dataVolumes) if (v.source) volumeUse.set(v.source, [...(volumeUse.get(v.source) ?? []), svc.name]);
    }

    // Health, command, build and the rest.
    const command = [commandString(d.entrypoint), commandString(d.command)].filter((s): s is string => s !== null).join(' ');
    if (d.entrypoint !== undefined && commandString(d.entrypoint)) assumptions.push(`${svc.name}: its entrypoint and command are joined into one start command.`);
    const build = parseBuild(d.build);
    const input: Record<string, unknown> = {
      name: svc.name,
      role: roleOf(c, port, isPublic),
      public: isPublic,
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
    if (port !== undefined) input.port = port;
    // A healthcheck on another port than the routed one would fail the platform's check.
    if (health && port !== undefined && (health.port ?? 80) === port) input.healthPath = health.path;
    else if (health) assumptions.push(`${svc.name}: its healthcheck calls port ${health.port ?? 80}, not the routed port ${port ?? '(none)'}, so no health path is set.`);
    if (volume) input.volume = volume;
    imageWarnings(svc.name, c.image, ref, w);
    buildWarnings(svc.name, build, w);
    hostWarnings(svc.name, d, w);
    if (isOneShot(svc, kept)) {
      w('compose.one-shot', 'info', `${svc.name} runs once and exits (a migration or setup job); as a service it would restart forever.`, 'Run it as a pre-deploy or release command of the service that needs it, or as a one-off job.');
    }
    if (c.kind === 'stateful') {
      w('compose.stateful-service', 'info', `${svc.name} (${ref?.name ?? c.image}) keeps data; it runs as a container with a volume, and stackfare prices no managed version of it.`, 'Consider the platform\'s managed offering for it, and keep backups of its volume.');
    }

    const parsed = ServiceInputSchema.safeParse(input);
    if (!parsed.success) {
      w('compose.service-invalid', 'error', `${svc.name} could not be mapped: ${parsed.error.issues[0]?.message ?? 'invalid settings'}.`, 'Check its settings in the compose file.');
      continue;
    }
    services.push(parsed.data);
    const view: ImportedService = {
      name: svc.name,
      role: parsed.data.role,
      public: parsed.data.public,
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

  // 5. Postgres and key-value containers.
  const databases: ImportedDatabase[] = [];
  for (const c of postgresC) {
    const users = [...usersOf.get(c.svc.name)!].filter((n) => keptNames.has(n));
    databases.push({ name: c.svc.name, image: c.image, usedBy: users });
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

  // 6. Cross-service findings and the stated assumptions.
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
    postgres: databases.map((d) => ({ name: d.name, usedBy: d.usedBy })),
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
    const entry: RawEnv = { name, value: r.value, unresolved: r.unresolved };
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
