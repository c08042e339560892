/**
 * The platform-neutral stack: what runs, how big, how many, which databases, how much traffic.
 * Every platform prices and plans from this one model.
 */
import { DEFAULT_STACK_NAME } from '../answer-values.js';
import type {
  Answers,
  AuthProvider,
  ClientDistribution,
  DbLayout,
  EnvVar,
  Healthcheck,
  Mount,
  PostgresKind,
  Region,
  ServiceInput,
  ServiceRef,
  ServiceRole,
  Tier,
} from './answers.js';
import { AUTH_ENV } from './auth.js';
import { BUILTIN_SERVICES } from './builtin-stack.js';
import type { Decimal } from './money.js';
import { slugify, sqlIdentifier, uniqueSlugs } from './names.js';
import { Notes } from './notes.js';
import { formatGb, formatMb, groupThousands } from './number-format.js';
import { type DetectedRelease, type Release, resolveReleases, unreadContextNote } from './release.js';
import type { Warning } from './warnings.js';

/**
 * Where a service's data lives in Postgres: its own database (never a schema shared with another
 * app: two alembic apps collide on `alembic_version`, and Prisma reconciles a whole schema).
 */
export interface DatabaseRef {
  /** Postgres instance (slug), one of `Stack.postgres.instances[].name`. */
  instance: string;
  /** Database inside the instance, owned by this service (or by the services that shared it in compose). */
  database: string;
}

/** A reference resolved against the stack: `service` is the target's slug, `port` always set. */
export interface ResolvedRef extends ServiceRef {
  service: string;
  port: number;
}

/** A variable of a service, as the stack holds it. */
export interface StackEnvVar extends Omit<EnvVar, 'ref'> {
  /**
   * The value reaches another service. `value` then holds its local (compose) form, such as
   * `http://litellm:4000`; every platform renders `ref` in its own private form instead.
   */
  ref?: ResolvedRef;
}

/** One edge of the service graph: `from`'s `variable` reaches `to` on `port`. */
export interface Link {
  from: string;
  variable: string;
  to: string;
  port: number;
}

/** One service as every platform sees it, with every default resolved. */
export interface Service {
  /** Name as the user gave it. */
  name: string;
  /** Normalised name valid on every platform. */
  slug: string;
  role: ServiceRole;
  description?: string;
  image?: string;
  build?: { context: string; dockerfile?: string };
  /** Arguments replacing the image's CMD; the image's entrypoint stays (unless `entrypoint`). */
  command?: string;
  /** Replaces the image's entrypoint. */
  entrypoint?: string;
  /** Main (HTTP) port: health checks and public routing use it. */
  port?: number;
  /** Every port the service listens on, the main one first; other services may reach any of them. */
  ports: number[];
  public: boolean;
  /** Why the service is public or private (shown with the assumptions). */
  exposure: string;
  /**
   * Files or folders of the repository the service reads (config files). `alreadyInImage`: the
   * service's own Dockerfile already copies the path, so no platform needs to mount it (default false).
   */
  mounts: (Mount & { alreadyInImage?: boolean })[];
  /** The `USER` of the service's Dockerfile (`1000`, `app:app`), when it was read: who the image runs as. */
  imageUser?: string;
  healthPath?: string;
  vcpu: number;
  memoryMb: number;
  instances: number;
  /** `sizeGb` provisioned; `dataGb` the data it holds (absent: the full size, see volumeDataGb); `external` an existing volume's name. */
  volume?: { sizeGb: number; dataGb?: number; mountPath: string; external?: string };
  /** Variable that points the service at Postgres instead of its volume (Phoenix). */
  postgresEnv?: string;
  /** Variable that tells the service its path prefix behind a shared host (Phoenix). */
  rootPathEnv?: string;
  /** Compose facts local compose files keep: the healthcheck, start order (slugs) and host ports. */
  healthcheck?: Healthcheck;
  dependsOn?: { service: string; condition: 'service_started' | 'service_healthy' | 'service_completed_successfully' }[];
  hostPorts?: { published: string; target: number; hostIp?: string }[];
  env: StackEnvVar[];
  database: DatabaseRef | null;
  /** Key-value store (slug) the service uses, if any. */
  keyValue: string | null;
  /** Command run once per deploy before the new version takes traffic (migrations). */
  release?: Release;
}

export interface PostgresInstance {
  name: string;
  /** Data this instance holds, in GB (the stack's total split evenly). */
  storageGb: number;
  /**
   * Memory the database asks for, MB (an override by its name or `postgres`, or --memory-mb);
   * null: each platform's smallest size.
   */
  memoryMb: number | null;
  /** Databases to create inside it. */
  databases: string[];
  /** Service slugs that use it. */
  usedBy: string[];
  /** Postgres major version the stack's own container ran (`16`), when it came from a compose file. */
  version?: string;
}

export interface KeyValueStore {
  name: string;
  memoryMb: number;
  usedBy: string[];
}

export interface Stack {
  name: string;
  slug: string;
  source: 'builtin' | 'custom' | 'compose';
  tier: Tier;
  services: Service[];
  /** Who calls whom, on which port: one edge per referencing variable. */
  links: Link[];
  postgres: { layout: DbLayout; kind: PostgresKind; storageGb: number; instances: PostgresInstance[] };
  keyValue: KeyValueStore[];
  egressGb: number;
  /** Monthly active users this stack is priced for. */
  users: number;
  usersPerInstance: number;
  /** The largest users figure the answers ask about (an autoscaler's ceiling); at least `users`. */
  peakUsers: number;
  region: Region;
  auth: AuthProvider;
  domain: string | null;
  clients: ClientDistribution;
  utilization: number;
  /** Sizes from measurement (--usage), set by applyUsageSizing; absent: every size is the default. */
  measured?: Measured;
  /** Hours a day in use (--active-hours) and the services kept on; absent: always on. */
  activeHours?: { hours: number; alwaysOn: string[] };
  /** Assumptions made while building the stack (defaults taken, scaling applied). */
  assumptions: string[];
  warnings: Warning[];
}

/** One service sized from measurement, as the platforms read it (core/usage-sizing.ts makes it). */
export interface MeasuredService {
  /** The service's slug. */
  service: string;
  /** The memory it is sized with, MB (p95 × headroom). */
  memoryMb: number;
  /** What Railway bills for it (all replicas): the measured average memory (GB) and CPU (vCPU; null: not measured). */
  railway: { memoryGb: Decimal; vcpu: Decimal | null };
}

/** The stack's measurement: the measured services and the headroom they were sized with. */
export interface Measured {
  services: readonly MeasuredService[];
  headroom: number;
}

/** A stack read from somewhere other than the answers (a compose file). */
export interface StackSource {
  kind: 'builtin' | 'custom' | 'compose';
  name?: string;
  services: ServiceInput[];
  /**
   * Postgres containers found, with the services (by name) that use each, per service the database
   * its URL names (two apps on one container with different databases keep apart), the image's
   * major version and the container's memory limit.
   */
  postgres?: { name: string; usedBy: string[]; databases?: Record<string, string>; version?: string; memoryMb?: number }[];
  keyValue?: { name: string; memoryMb: number; usedBy: string[] }[];
  warnings?: Warning[];
  assumptions?: string[];
  /** Release commands detected in the services' build contexts, by service name. */
  releases?: Record<string, DetectedRelease>;
}

/** Default user counts when the answers give none. */
export const DEFAULT_USERS: Record<Tier, number> = { local: 1, 'single-user': 1, 'multi-user': 1000 };

/** The users figure(s) the answers ask about: the first is the main estimate, all are the scale. */
export function userScale(answers: Answers): number[] {
  if (answers.users === undefined) return [DEFAULT_USERS[answers.tier]];
  return Array.isArray(answers.users) ? answers.users : [answers.users];
}

/** Picks the stack the answers describe: a compose source, a custom list or the built-in stack. */
export function sourceFromAnswers(answers: Answers, imported?: StackSource): StackSource {
  if (imported) return imported;
  if (answers.services) return { kind: 'custom', services: answers.services };
  return { kind: 'builtin', services: [...BUILTIN_SERVICES] };
}

/**
 * Answers (+ an optional imported source) → Stack. Pure: the compose file, if any, was read
 * by the caller. `users` overrides the answers' users figure (used for the scale report).
 * Each phase returns new values; the notes go to one collector.
 */
export function buildStack(answers: Answers, imported?: StackSource, users?: number): Stack {
  const source = sourceFromAnswers(answers, imported);
  const notes = new Notes(source.warnings ?? [], source.assumptions ?? []);
  const tier = answers.tier;
  const userCount = usersFor(answers, users, notes);
  ignoredKnobNotes(answers, notes);
  const { kept, dropped } = keptServices(source, answers, notes);
  const slugs = namedSlugs(kept, notes);
  const slugByName = new Map(kept.map((s, i) => [s.name, slugs[i]!]));
  const neededForUsers = instancesForUsers(answers, userCount, notes);
  const rawEnv = kept.map((input) => dedupeEnv(input.env, input.name, notes));
  const built = kept.map((input, i) => serviceOf(input, slugs[i]!, answers, neededForUsers, notes));
  const graph = resolveReferences(built, rawEnv, { inputs: source.services, dropped, slugByName }, notes);
  const exposed = decideExposure(graph.services, kept, graph.links, answers, slugByName, notes);
  const ordered = withDependsOn(exposed, kept, slugByName);
  const released = applyReleases(ordered, kept, answers, source, notes);
  // Postgres: group users into instances according to the layout.
  const groups = postgresGroups(source, kept, slugs, slugByName, answers.db);
  const instances = postgresInstances(groups, source, answers);
  overrideNotes(answers, slugByName, kept, instances, notes);
  postgresNotes(instances, groups.length, answers, notes);
  const keyValue = keyValueStores(source, slugByName);
  const auth: AuthProvider = answers.auth ?? (tier === 'multi-user' ? 'clerk' : 'none');
  const services = withAuthEnv(withKeyValue(withDatabases(released, groups), keyValue), auth);
  if (answers.auth === undefined && tier === 'multi-user') notes.assume('Auth provider: Clerk (the default; change it with --auth).');
  const name = stackName(answers, source);
  return {
    name,
    slug: slugify(name),
    source: source.kind,
    tier,
    services,
    links: graph.links,
    postgres: { layout: answers.db, kind: answers.postgres, storageGb: groups.length > 0 ? answers.dbStorageGb : 0, instances },
    keyValue,
    egressGb: answers.egressGb,
    users: userCount,
    usersPerInstance: answers.usersPerInstance,
    peakUsers: Math.max(userCount, ...userScale(answers)),
    region: answers.region,
    auth,
    domain: answers.domain,
    clients: answers.clients,
    utilization: answers.utilization,
    ...(answers.activeHours === undefined ? {} : { activeHours: { hours: answers.activeHours, alwaysOn: alwaysOnOf(answers) } }),
    assumptions: notes.assumptions,
    warnings: notes.warnings,
  };
}

/** Answers that change nothing without another: a headroom without a usage file, alwaysOn without hours of use. */
function ignoredKnobNotes(answers: Answers, notes: Notes): void {
  if (answers.headroom !== undefined && answers.usage === undefined) {
    notes.warn('usage.headroom-ignored', 'warning', `A headroom of ${answers.headroom} changes nothing without a usage file: sizes are the defaults.`, {
      fix: 'Give the usage file stackfare measure wrote: --usage stackfare.usage.json.',
    });
  }
  const alwaysOn = alwaysOnOf(answers);
  if (alwaysOn.length > 0 && answers.activeHours === undefined) {
    notes.warn(
      'idle.always-on-ignored',
      'warning',
      `alwaysOn (${alwaysOn.join(', ')}) changes nothing without hours of use: every service is priced always on.`,
      {
        fix: 'Say how many hours a day the stack is in use: --active-hours 3.',
      },
    );
  }
}

/** Services the answers keep on all day (serviceOverrides alwaysOn), by the names the answers give. */
function alwaysOnOf(answers: Answers): string[] {
  return Object.entries(answers.serviceOverrides)
    .filter(([, o]) => o.alwaysOn === true)
    .map(([name]) => name);
}

/** The users the stack is sized for: only the multi-user tier scales; the others serve one user whatever is asked. */
function usersFor(answers: Answers, users: number | undefined, notes: Notes): number {
  const tier = answers.tier;
  if (tier !== 'multi-user' && answers.users !== undefined && userScale(answers).some((u) => u !== DEFAULT_USERS[tier])) {
    notes.warn(
      'users.ignored',
      'warning',
      `The ${tier} tier serves one user, so the users figure (${userScale(answers).map(groupThousands).join(', ')}) changes nothing and is ignored.`,
      {
        fix: 'Choose the multi-user tier (--tier multi-user) to price users, or leave the users figure out.',
      },
    );
  }
  return tier === 'multi-user' ? (users ?? userScale(answers)[0]!) : DEFAULT_USERS[tier];
}

/** The services deployed: optional ones (Phoenix) only when asked for. */
function keptServices(source: StackSource, answers: Answers, notes: Notes): { kept: ServiceInput[]; dropped: ServiceInput[] } {
  const kept = source.services.filter((s) => answers.phoenix || !s.optional);
  const keptSet = new Set(kept);
  const dropped = source.services.filter((s) => !keptSet.has(s));
  if (dropped.length > 0) notes.assume(`Left out optional services: ${dropped.map((s) => s.name).join(', ')}.`);
  if (kept.length === 0) notes.warn('stack.empty', 'error', 'No services are left to deploy.', { fix: 'Keep the optional services or add one.' });
  return { kept, dropped };
}

/** Each service's name on the platforms, said when it differs from the stack's. */
function namedSlugs(kept: readonly ServiceInput[], notes: Notes): string[] {
  const slugs = uniqueSlugs(kept.map((s) => s.name));
  kept.forEach((s, i) => {
    if (slugs[i] === s.name) return;
    notes.warn(
      'name.normalised',
      'info',
      `Service "${s.name}" is named "${slugs[i]}" on the platforms (lower-case letters, digits and hyphens, at most 28 characters).`,
      { service: slugs[i] },
    );
  });
  return slugs;
}

/** The instances API and web services need for the users (one per usersPerInstance users). */
function instancesForUsers(answers: Answers, userCount: number, notes: Notes): number {
  const needed = Math.max(1, Math.ceil(userCount / answers.usersPerInstance));
  if (answers.tier === 'multi-user') {
    notes.assume(
      `API and web services run at least ⌈${groupThousands(userCount)} users ÷ ${groupThousands(answers.usersPerInstance)} users per instance⌉ = ${needed} instance(s).`,
    );
  }
  return needed;
}

const scalesWithUsers = (role: ServiceRole) => role === 'api' || role === 'web';

/** One service from its input and the answers' overrides; exposure and env are settled later. */
function serviceOf(input: ServiceInput, slug: string, answers: Answers, neededForUsers: number, notes: Notes): Service {
  const override = answers.serviceOverrides[input.name] ?? {};
  let instances = override.instances ?? (scalesWithUsers(input.role) ? answers.instances : undefined) ?? input.instances;
  if (answers.tier === 'multi-user' && scalesWithUsers(input.role)) instances = Math.max(instances, neededForUsers);
  const service: Service = {
    name: input.name,
    slug,
    role: input.role,
    // Decided by decideExposure, once the graph is known.
    public: false,
    exposure: '',
    vcpu: override.vcpu ?? input.vcpu,
    memoryMb: override.memoryMb ?? answers.memoryMb ?? input.memoryMb,
    instances,
    ports: [...new Set([...(input.port !== undefined ? [input.port] : []), ...(input.ports ?? [])])],
    mounts: (input.mounts ?? []).map((m) => ({ ...m })),
    // Set by resolveReferences, once every service's slug is known.
    env: [],
    database: null,
    keyValue: null,
  };
  if (input.description !== undefined) service.description = input.description;
  if (input.image !== undefined) service.image = input.image;
  if (input.build !== undefined) service.build = { ...input.build };
  if (input.command !== undefined) service.command = input.command;
  if (input.entrypoint !== undefined) service.entrypoint = input.entrypoint;
  if (input.port !== undefined) service.port = input.port;
  if (input.healthPath !== undefined) service.healthPath = input.healthPath;
  if (input.volume !== undefined) service.volume = { ...input.volume };
  volumeNotes(service, override.dataGb, notes);
  if (input.postgresEnv !== undefined) service.postgresEnv = input.postgresEnv;
  if (input.rootPathEnv !== undefined) service.rootPathEnv = input.rootPathEnv;
  if (input.healthcheck !== undefined) service.healthcheck = { ...input.healthcheck, test: [...input.healthcheck.test] };
  if (input.hostPorts !== undefined) service.hostPorts = input.hostPorts.map((p) => ({ ...p }));
  if (!input.image && !input.build) {
    notes.warn('service.no-source', 'warning', `Service "${input.name}" has neither an image nor a build context.`, {
      service: slug,
      fix: 'Give it an image (such as ghcr.io/you/app:1.0) or a build context folder.',
    });
  }
  return service;
}

/** Sets the data a new service's volume holds (from the overrides), with the warnings when it cannot. */
function volumeNotes(service: Service, dataGb: number | undefined, notes: Notes): void {
  if (dataGb !== undefined) {
    if (service.volume) service.volume.dataGb = dataGb;
    else
      notes.warn('override.no-volume', 'warning', `serviceOverrides gives ${service.name} dataGb, but it has no volume.`, {
        service: service.slug,
        fix: 'Drop dataGb, or give the service a volume.',
      });
  }
  if (service.volume?.dataGb !== undefined && service.volume.dataGb > service.volume.sizeGb) {
    notes.warn('volume.data-over-size', 'warning', `${service.name} holds ${service.volume.dataGb} GB of data in a ${service.volume.sizeGb} GB volume.`, {
      service: service.slug,
      fix: 'Give the volume a size at least as large as its data.',
    });
  }
}

/** The services with the order compose gave them (`depends_on`), by slug. */
function withDependsOn(services: readonly Service[], kept: readonly ServiceInput[], slugByName: ReadonlyMap<string, string>): Service[] {
  return services.map((s, i) => {
    const deps = (kept[i]!.dependsOn ?? []).flatMap((d) => {
      const slug = slugByName.get(d.service);
      return slug ? [{ service: slug, condition: d.condition }] : [];
    });
    return deps.length > 0 ? { ...s, dependsOn: deps } : s;
  });
}

/** Postgres instances from the groups: storage split evenly, memory from the overrides or the compose limits, newest version. */
function postgresInstances(groups: readonly Group[], source: StackSource, answers: Answers): PostgresInstance[] {
  const layout = answers.db;
  const storageEach = groups.length > 0 ? answers.dbStorageGb / groups.length : 0;
  // A compose file's Postgres memory limit is what the stack needs; the shared layout takes the largest.
  const composeMemory = (name: string): number | undefined => {
    const limits = (source.postgres ?? [])
      .filter((c) => layout === 'shared' || slugify(c.name) === name)
      .flatMap((c) => (c.memoryMb === undefined ? [] : [c.memoryMb]));
    return limits.length > 0 ? Math.max(...limits) : undefined;
  };
  const postgresMemory = (name: string): number | null =>
    answers.serviceOverrides[name]?.memoryMb ?? answers.serviceOverrides.postgres?.memoryMb ?? answers.memoryMb ?? composeMemory(name) ?? null;
  return groups.map((g) => {
    const instance: PostgresInstance = {
      name: g.name,
      storageGb: storageEach,
      memoryMb: postgresMemory(g.name),
      databases: [...new Set(g.members.map((m) => m.database))],
      usedBy: g.members.map((m) => m.service),
    };
    // The newest major version among the containers it replaces (a dump restores into a newer one).
    const versions = g.versions.filter((v) => /^\d+$/.test(v)).map(Number);
    if (versions.length > 0) instance.version = String(Math.max(...versions));
    return instance;
  });
}

/** serviceOverrides that name no service: Postgres keys it ignores, or names not in the stack. */
function overrideNotes(
  answers: Answers,
  slugByName: ReadonlyMap<string, string>,
  kept: readonly ServiceInput[],
  instances: readonly PostgresInstance[],
  notes: Notes,
): void {
  const postgresNames = new Set(['postgres', ...instances.map((i) => i.name)]);
  for (const [name, override] of Object.entries(answers.serviceOverrides)) {
    if (slugByName.has(name)) continue;
    if (postgresNames.has(name)) {
      const ignored = (['vcpu', 'instances', 'dataGb'] as const).filter((k) => override[k] !== undefined);
      if (instances.length === 0)
        notes.warn('override.no-postgres', 'warning', `serviceOverrides names "${name}", but this stack has no Postgres.`, { fix: 'Drop it.' });
      else if (ignored.length > 0) {
        notes.warn('override.postgres-keys', 'warning', `serviceOverrides "${name}": Postgres is sized by memoryMb only; ${ignored.join(', ')} ignored.`, {
          fix: `Use --service ${name}:memoryMb=MB (the plan follows its memory; storage is --db-storage-gb).`,
        });
      }
      continue;
    }
    notes.warn('override.unknown-service', 'warning', `serviceOverrides names "${name}", which is not a service of this stack.`, {
      fix: `Use one of: ${[...kept.map((s) => s.name), ...(instances.length > 0 ? [...postgresNames] : [])].join(', ')}.`,
    });
  }
}

/** The assumptions about Postgres memory and how the data is split. */
function postgresNotes(instances: readonly PostgresInstance[], groupCount: number, answers: Answers, notes: Notes): void {
  const sized = instances.filter((i) => i.memoryMb !== null);
  if (sized.length > 0) {
    const from =
      answers.serviceOverrides.postgres || sized.some((i) => answers.serviceOverrides[i.name])
        ? 'serviceOverrides'
        : answers.memoryMb !== undefined
          ? '--memory-mb'
          : "the compose file's memory limit";
    notes.assume(
      `Postgres sized for ${sized.map((i) => `${i.name} ${formatMb(i.memoryMb!)}`).join(', ')} of memory (${from}); each platform picks its smallest database plan with that memory.`,
    );
  }
  if (groupCount > 1) notes.assume(`${formatGb(answers.dbStorageGb)} GB of data split evenly over ${groupCount} Postgres instances.`);
}

/** The services with each group member pointed at its database. */
function withDatabases(services: readonly Service[], groups: readonly Group[]): Service[] {
  const bySlug = new Map(services.map((s) => [s.slug, s]));
  for (const g of groups) {
    for (const m of g.members) {
      const svc = bySlug.get(m.service);
      if (svc) bySlug.set(svc.slug, withDatabase(svc, { instance: g.name, database: m.database }, 'DATABASE_URL'));
    }
  }
  return services.map((s) => bySlug.get(s.slug)!);
}

/** The key-value stores, with their users by slug. */
function keyValueStores(source: StackSource, slugByName: ReadonlyMap<string, string>): KeyValueStore[] {
  return (source.keyValue ?? []).map((kv) => ({
    name: slugify(kv.name),
    memoryMb: kv.memoryMb,
    usedBy: kv.usedBy.map((n) => slugByName.get(n)).filter((s): s is string => s !== undefined),
  }));
}

/** The services with each key-value user pointed at its store (REDIS_URL unless it names its own). */
function withKeyValue(services: readonly Service[], stores: readonly KeyValueStore[]): Service[] {
  const bySlug = new Map(services.map((s) => [s.slug, s]));
  for (const kv of stores) {
    for (const user of kv.usedBy) {
      const svc = bySlug.get(user)!;
      const env = svc.env.some((e) => e.from === 'key-value-url') ? svc.env : [...svc.env, { name: 'REDIS_URL', secret: true, from: 'key-value-url' as const }];
      bySlug.set(user, { ...svc, keyValue: kv.name, env });
    }
  }
  return services.map((s) => bySlug.get(s.slug)!);
}

/** APIs verify users' tokens: they get the auth provider's variables. */
function withAuthEnv(services: readonly Service[], auth: AuthProvider): Service[] {
  if (auth === 'none') return [...services];
  return services.map((svc) => {
    if (svc.role !== 'api') return svc;
    const env = [...svc.env];
    for (const { ref: _none, ...v } of AUTH_ENV[auth]) if (!env.some((e) => e.name === v.name)) env.push(v);
    return { ...svc, env };
  });
}

/**
 * The stack's name: the answers' when they give one, else a compose file's project name (as
 * docker compose names it: `name:`, else the folder's), so two projects never share Fly app names.
 */
function stackName(answers: Answers, source: StackSource): string {
  if (answers.name !== DEFAULT_STACK_NAME || source.kind !== 'compose' || !source.name) return answers.name;
  return source.name;
}

/** The services with their release commands (answers first, then detections), with the assumptions that say so. */
function applyReleases(services: readonly Service[], kept: readonly ServiceInput[], answers: Answers, source: StackSource, notes: Notes): Service[] {
  const { releases, assumptions } = resolveReleases(services, answers.release, source.releases);
  const next = services.map((s) => {
    const release = releases.get(s.slug);
    return release ? { ...s, release } : s;
  });
  for (const a of assumptions) notes.assume(a);
  if (source.kind !== 'builtin') return next;
  // The built-in stack names build folders it never reads: say so rather than guess a command.
  kept.forEach((input, i) => {
    const s = next[i]!;
    if (!s.release && s.build && answers.release?.[input.name] === undefined && (input.usesDatabase || input.env.some((e) => e.from === 'database-url')))
      notes.assume(unreadContextNote(s));
  });
  return next;
}

/** A variable named twice keeps its last value (as compose and dotenv do), with a warning. */
function dedupeEnv(env: readonly EnvVar[], service: string, notes: Notes): EnvVar[] {
  const byName = new Map<string, EnvVar>();
  for (const e of env) {
    if (byName.has(e.name)) {
      notes.warn('env.duplicate', 'warning', `Service "${service}" sets ${e.name} more than once; the last one is kept.`, { fix: 'Set each variable once.' });
      byName.delete(e.name);
    }
    byName.set(e.name, { ...e });
  }
  return [...byName.values()];
}

/**
 * The service pointed at its database: the URL variable comes from the platform, unless the
 * service already names its own (`REASONING_DATABASE_URL`, `PHOENIX_SQL_DATABASE_URL`).
 */
function withDatabase(service: Service, ref: DatabaseRef, urlVar: string): Service {
  if (service.env.some((e) => e.from === 'database-url')) return { ...service, database: ref };
  return { ...service, database: ref, env: [...service.env.filter((e) => e.name !== urlVar), { name: urlVar, secret: true, from: 'database-url' }] };
}

interface Group {
  name: string;
  members: { service: string; database: string }[];
  /** Postgres major versions of the compose containers it stands for. */
  versions: string[];
}

/**
 * Instances and databases by the layout. Each app gets its own database: from a compose file,
 * one per Postgres container (services that shared a container's database in compose share it
 * here too, as their authors meant); otherwise one per service that uses Postgres. `shared`
 * puts every database in one instance, `separate` gives each its own instance.
 */
function postgresGroups(
  source: StackSource,
  kept: readonly ServiceInput[],
  slugs: readonly string[],
  slugByName: ReadonlyMap<string, string>,
  layout: DbLayout,
): Group[] {
  const sharedName = 'postgres';
  let owners: { name: string; database: string; users: string[]; version?: string }[];
  if (source.postgres && source.postgres.length > 0) {
    // One owner per (container, database): users of one database share it, as compose had it.
    owners = source.postgres.flatMap((c) => {
      const users = c.usedBy.map((n) => ({ name: n, slug: slugByName.get(n) })).filter((u): u is { name: string; slug: string } => u.slug !== undefined);
      const byDatabase = new Map<string, string[]>();
      for (const u of users) {
        const db = c.databases?.[u.name] ?? '';
        const list = byDatabase.get(db);
        if (list) list.push(u.slug);
        else byDatabase.set(db, [u.slug]);
      }
      if (byDatabase.size === 0) byDatabase.set('', []);
      const many = byDatabase.size > 1;
      return [...byDatabase].map(([db, slugs]) => ({
        name: many && db ? `${slugify(c.name)}-${slugify(db)}` : slugify(c.name),
        database: sqlIdentifier(db ? slugify(db) : slugify(c.name)),
        users: slugs,
        ...(c.version ? { version: c.version } : {}),
      }));
    });
  } else {
    // By position, not by name: two services may share a name, never a slug.
    owners = kept.flatMap((s, i) => (s.usesDatabase ? [{ name: `${slugs[i]!}-db`, database: sqlIdentifier(slugs[i]!), users: [slugs[i]!] }] : []));
  }
  owners = owners.filter((o) => o.users.length > 0 || (source.postgres?.length ?? 0) > 0);
  if (owners.length === 0) return [];
  // Two containers whose names slug to the same database name keep apart.
  const databases = uniqueSlugs(owners.map((o) => o.database.replace(/_/g, '-'))).map((d) => sqlIdentifier(d));
  if (layout === 'shared') {
    return [
      {
        name: sharedName,
        members: owners.flatMap((o, i) => o.users.map((service) => ({ service, database: databases[i]! }))),
        versions: owners.flatMap((o) => (o.version ? [o.version] : [])),
      },
    ];
  }
  return owners.map((o, i) => ({
    name: o.name,
    members: o.users.map((service) => ({ service, database: databases[i]! })),
    versions: o.version ? [o.version] : [],
  }));
}

/** The value as the service's own compose network spells it: `http://litellm:4000/v1`. */
export function localRefValue(ref: ResolvedRef, host: string): string {
  return refValue(ref, host, ref.port);
}

/** A reference written out for a host and port: the URL, `host:port` or the host alone. */
export function refValue(ref: Pick<ServiceRef, 'form' | 'scheme' | 'path'>, host: string, port: number | string): string {
  if (ref.form === 'host') return host;
  if (ref.form === 'host-port') return `${host}:${port}`;
  return `${ref.scheme ?? 'http'}://${host}:${port}${ref.path ?? ''}`;
}

/**
 * A reference to a service's public URL, as a browser reaches it: the host the platform gives the
 * service (`<app>.fly.dev`, a custom domain), TLS on 443, and a path prefix where one host fronts
 * several services (`/minio`). http becomes https and ws wss: every platform terminates TLS.
 */
export function publicRefValue(ref: Pick<ServiceRef, 'form' | 'scheme' | 'path'>, host: string, prefix = ''): string {
  if (ref.form === 'host') return host;
  if (ref.form === 'host-port') return `${host}:443`;
  const scheme = ({ http: 'https', ws: 'wss' } as Record<string, string>)[ref.scheme ?? 'http'] ?? ref.scheme ?? 'https';
  return `${scheme}://${host}${prefix === '/' ? '' : prefix}${ref.path ?? ''}`;
}

/** Public references, by target slug: who names which service's public URL (for the exposure reason). */
function publicCallers(services: readonly Service[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of services) {
    for (const e of s.env) {
      if (!e.ref?.public) continue;
      out.set(e.ref.service, [...(out.get(e.ref.service) ?? []), `${s.slug}'s ${e.name}`]);
    }
  }
  return out;
}

/**
 * A public reference resolved: its port is the target's main port (public routing carries one
 * port per service); a reference to another port cannot be served and is an error.
 */
function publicRef(svc: Service, e: EnvVar, target: Service, notes: Notes): ResolvedRef | null {
  const port = e.ref!.port ?? target.port;
  if (port === undefined || (target.port !== undefined && port !== target.port)) {
    notes.warn(
      'ref.public-port',
      'error',
      `${svc.name}: ${e.name} is ${target.name}'s public URL on port ${port ?? '(none)'}, but platforms serve ${target.name} publicly on ${target.port === undefined ? 'no port' : `its main port ${target.port}`} only.`,
      {
        service: svc.slug,
        fix: `Serve that listener as its own service, or set ${e.name} on the platform once ${target.name} has a public URL.`,
      },
    );
    return null;
  }
  if (target.port === undefined) target.port = port;
  if (!target.ports.includes(port)) target.ports.unshift(port);
  return { ...e.ref!, service: target.slug, port };
}

/** The local (compose) value of a public reference given without one: the host port the service publishes. */
function localPublicValue(ref: ResolvedRef, target: Service): { value?: string } {
  const published = target.hostPorts?.find((p) => p.target === ref.port)?.published;
  return published ? { value: refValue(ref, 'localhost', published) } : {};
}

/**
 * Resolves every variable's `ref` to a service slug and port, and returns the services with their
 * env (and the ports others call) and the graph. A reference to an optional service that was left
 * out drops the variable (said in the assumptions); one to a name that is not in the stack is an error.
 */
function resolveReferences(
  services: readonly Service[],
  rawEnv: readonly EnvVar[][],
  names: { inputs: readonly ServiceInput[]; dropped: readonly ServiceInput[]; slugByName: ReadonlyMap<string, string> },
  notes: Notes,
): { services: Service[]; links: Link[] } {
  // Working copies: a reference can give its target a port, seen by the references after it.
  const next = services.map((s) => ({ ...s, ports: [...s.ports] }));
  const bySlug = new Map(next.map((s) => [s.slug, s]));
  const slugOf = (name: string) => names.slugByName.get(name) ?? (bySlug.has(name) ? name : undefined);
  const droppedNames = new Set(names.dropped.map((d) => d.name));
  const links: Link[] = [];
  next.forEach((svc, i) => {
    const kept: StackEnvVar[] = [];
    for (const e of rawEnv[i]!) {
      if (!e.ref) {
        const { ref: _none, ...plain } = e;
        kept.push(plain);
        continue;
      }
      const targetSlug = slugOf(e.ref.service);
      const target = targetSlug ? bySlug.get(targetSlug) : undefined;
      if (!target) {
        if (droppedNames.has(e.ref.service))
          notes.assume(`${svc.slug}: ${e.name} pointed at ${e.ref.service}, which is left out, so the variable is left out too.`);
        else {
          notes.warn('ref.unknown-service', 'error', `${svc.name}: ${e.name} points at "${e.ref.service}", which is not a service of this stack.`, {
            service: svc.slug,
            fix: `Point it at one of: ${names.inputs.map((i) => i.name).join(', ')}.`,
          });
        }
        continue;
      }
      const resolved = e.ref.public ? publicVar(svc, e, target, notes) : privateVar(svc, e, target, notes);
      if (!resolved) continue;
      kept.push(resolved);
      if (!e.ref.public && target.slug !== svc.slug) links.push({ from: svc.slug, variable: e.name, to: target.slug, port: resolved.ref!.port });
    }
    svc.env = kept;
  });
  return { services: next, links };
}

/** A variable naming another service's public URL, or null (with an error) when that port is not served publicly. */
function publicVar(svc: Service, e: EnvVar, target: Service, notes: Notes): StackEnvVar | null {
  const ref = publicRef(svc, e, target, notes);
  return ref ? { ...e, ref, ...(e.value !== undefined ? { value: e.value } : localPublicValue(ref, target)) } : null;
}

/** A variable calling another service privately; the target listens on the port it calls. */
function privateVar(svc: Service, e: EnvVar, target: Service, notes: Notes): StackEnvVar | null {
  const port = e.ref!.port ?? target.port;
  if (port === undefined) {
    notes.warn('ref.no-port', 'error', `${svc.name}: ${e.name} points at ${target.name}, which listens on no port.`, {
      service: svc.slug,
      fix: `Give ${target.name} a port, or give the reference one.`,
    });
    return null;
  }
  if (!target.ports.includes(port)) {
    // Another service uses it, so the target listens there: keep it reachable privately.
    target.ports.push(port);
    notes.assume(`${target.slug} listens on ${port}: ${svc.slug}'s ${e.name} calls it there.`);
  }
  // A service declared without a port that others call is no worker: the first called port is its main one.
  if (target.port === undefined) target.port = port;
  const ref: ResolvedRef = { ...e.ref!, service: target.slug, port };
  return { ...e, ref, value: localRefValue(ref, target.slug) };
}

/** Settings that switch a program's own authentication off (`REQUIRE_AUTH=false`, `PHOENIX_ENABLE_AUTH=false`). */
export function authOffSettings(env: readonly { name: string; secret: boolean; value?: string }[]): string[] {
  const off: string[] = [];
  for (const e of env) {
    if (e.secret || e.value === undefined) continue;
    const v = e.value.trim().toLowerCase();
    const falsy = ['false', '0', 'no', 'off'].includes(v);
    const truthy = ['true', '1', 'yes', 'on'].includes(v);
    const n = e.name.toUpperCase();
    if (/(^|_)(REQUIRE|ENABLE|ENABLED|USE)_?AUTH(ENTICATION)?$|(^|_)AUTH(ENTICATION)?_(ENABLED|REQUIRED|ENABLE|ON)$/.test(n) && falsy)
      off.push(`${e.name}=${e.value}`);
    else if (/(^|_)(DISABLE|SKIP|NO)_?AUTH(ENTICATION)?$|(^|_)AUTH(ENTICATION)?_DISABLED$/.test(n) && truthy) off.push(`${e.name}=${e.value}`);
  }
  return off;
}

/**
 * Public or private. By default a service is public when it has a port and no other service
 * calls it: what others call is an internal piece (LiteLLM holds provider keys, Phoenix shows
 * every prompt). A service's own `public` setting comes next, then `--public` / `--private`.
 * Returns the services with `public` and `exposure` set.
 */
function decideExposure(
  services: readonly Service[],
  inputs: readonly ServiceInput[],
  links: readonly Link[],
  answers: Answers,
  slugByName: ReadonlyMap<string, string>,
  notes: Notes,
): Service[] {
  const bySlug = new Map(services.map((s) => [s.slug, s]));
  const resolveNames = (names: readonly string[], flag: string): Set<string> => {
    const out = new Set<string>();
    for (const n of names) {
      const slug = slugByName.get(n) ?? (bySlug.has(n) ? n : undefined);
      if (slug) out.add(slug);
      else
        notes.warn('exposure.unknown-service', 'error', `${flag} names "${n}", which is not a service of this stack.`, {
          fix: `Use one of: ${services.map((s) => s.name).join(', ')}.`,
        });
    }
    return out;
  };
  const forced = { public: resolveNames(answers.public, '--public'), private: resolveNames(answers.private, '--private') };
  for (const both of [...forced.public].filter((s) => forced.private.has(s))) {
    notes.warn('exposure.conflict', 'error', `${both} is named by both --public and --private.`, { service: both, fix: 'Name it in one of the two.' });
  }
  // Callers of each service, in link order: one pass over the links, not one per service.
  const callersOf = new Map<string, Set<string>>();
  for (const l of links) callersOf.set(l.to, (callersOf.get(l.to) ?? new Set<string>()).add(l.from));
  const browsers = publicCallers(services);
  const decided = services.map((svc, i) => {
    const exposure = exposureOf(svc, { callers: [...(callersOf.get(svc.slug) ?? [])], own: inputs[i]?.public, named: browsers.get(svc.slug), forced }, notes);
    if (exposure.public && svc.port === undefined) {
      notes.warn('exposure.no-port', 'warning', `${svc.slug} is public but listens on no port, so nothing can reach it.`, {
        service: svc.slug,
        fix: 'Give it a port, or make it private.',
      });
    }
    return { ...svc, ...exposure };
  });
  exposureNotes(decided, notes);
  return decided;
}

/** One service's exposure and the reason, by precedence: the flags, a public URL a browser follows, its own setting, the graph. */
function exposureOf(
  svc: Service,
  why: { callers: string[]; own: boolean | undefined; named: string[] | undefined; forced: { public: ReadonlySet<string>; private: ReadonlySet<string> } },
  notes: Notes,
): { public: boolean; exposure: string } {
  const { callers, own, named } = why;
  if (why.forced.public.has(svc.slug)) return { public: true, exposure: 'public: --public names it' };
  if (why.forced.private.has(svc.slug)) {
    if (named) {
      notes.warn(
        'exposure.public-url-private',
        'error',
        `${svc.slug} is private (--private), but ${named.join(', ')} ${named.length === 1 ? 'is' : 'are'} its public URL: a browser sent there reaches nothing.`,
        {
          service: svc.slug,
          fix: `Drop --private ${svc.slug}, or point ${named.join(', ')} elsewhere.`,
        },
      );
    }
    return { public: false, exposure: 'private: --private names it' };
  }
  if (named) {
    // A browser follows these URLs (sign-in redirects, upload links): the service must face the internet.
    notes.assume(`${svc.slug} is public: ${named.join(', ')} ${named.length === 1 ? 'is' : 'are'} its public URL, which a browser must reach.`);
    return { public: true, exposure: `public: ${named.join(', ')} ${named.length === 1 ? 'is' : 'are'} its public URL (a browser must reach it)` };
  }
  if (own !== undefined) return { public: own, exposure: `${own ? 'public' : 'private'}: set in the stack` };
  if (svc.port === undefined) return { public: false, exposure: 'private: it listens on no port' };
  if (callers.length > 0) return { public: false, exposure: `private: called by ${callers.join(', ')}` };
  return { public: true, exposure: 'public: it has a port and no other service calls it' };
}

/** The public/private summary, and a warning for each public service whose own authentication is off. */
function exposureNotes(services: readonly Service[], notes: Notes): void {
  const pub = services.filter((s) => s.public).map((s) => s.slug);
  const priv = services.filter((s) => !s.public && s.port !== undefined).map((s) => s.slug);
  notes.assume(
    `Public (reachable from the internet): ${pub.join(', ') || 'none'}. Private (reachable only by the other services): ${priv.join(', ') || 'none'}. Change it with --public / --private.`,
  );
  for (const svc of services.filter((s) => s.public)) {
    const off = authOffSettings(svc.env);
    if (off.length === 0) continue;
    notes.warn(
      'exposure.public-without-auth',
      'warning',
      `${svc.slug} is public and its settings switch authentication off (${off.join(', ')}): anyone on the internet can use it.`,
      {
        service: svc.slug,
        fix: `Turn its authentication on, or keep it private with --private ${svc.slug}.`,
      },
    );
  }
}

/** The data a volume holds: its stated data, else its full size (the safe upper bound). */
export function volumeDataGb(volume: { sizeGb: number; dataGb?: number }): number {
  return volume.dataGb ?? volume.sizeGb;
}

/**
 * The stack with a volume-backed service moved into Postgres (for platforms without volumes):
 * its volume is dropped, its data joins the shared instance as its own schema, or gets its own
 * instance in the separate layout, sized as the volume was.
 */
export function moveToPostgres(stack: Stack, slug: string): Stack {
  const target = stack.services.find((s) => s.slug === slug);
  if (!target?.volume || !target.postgresEnv) return stack;
  const sizeGb = target.volume.sizeGb;
  const instances = stack.postgres.instances.map((p) => ({ ...p, databases: [...p.databases], usedBy: [...p.usedBy] }));
  let ref: DatabaseRef;
  const shared = stack.postgres.layout === 'shared' ? instances[0] : undefined;
  if (shared) {
    // Its own database in the shared instance, never another app's schema.
    let database = sqlIdentifier(slug);
    for (let n = 2; shared.databases.includes(database); n += 1) database = `${sqlIdentifier(slug)}_${n}`;
    shared.storageGb += sizeGb;
    shared.usedBy.push(slug);
    shared.databases.push(database);
    ref = { instance: shared.name, database };
  } else {
    const name = `${slug}-db`;
    instances.push({ name, storageGb: sizeGb, memoryMb: stack.postgres.instances[0]?.memoryMb ?? null, databases: [sqlIdentifier(slug)], usedBy: [slug] });
    ref = { instance: name, database: sqlIdentifier(slug) };
  }
  const services = stack.services.map((s) => {
    if (s.slug !== slug) return s;
    const { volume: _dropped, ...rest } = s;
    // Variables that pointed at the volume's folder no longer apply.
    const moved: Service = { ...rest, env: s.env.filter((e) => e.value !== target.volume!.mountPath) };
    return withDatabase(moved, ref, target.postgresEnv!);
  });
  return {
    ...stack,
    services,
    postgres: { ...stack.postgres, storageGb: stack.postgres.storageGb + sizeGb, instances },
  };
}

/** The service a custom domain points at: the first public API, else the first public service. */
export function primaryPublicService(stack: Stack): Service | undefined {
  return stack.services.find((s) => s.public && s.role === 'api') ?? stack.services.find((s) => s.public);
}

/**
 * Where each public service is served when one host fronts them all (App Platform's ingress, a
 * reverse proxy on a Docker host): the primary public service at /, the others under /<slug>.
 */
export function pathRoutes(stack: Stack): { slug: string; prefix: string }[] {
  const routed = stack.services.filter((s) => s.public && s.port !== undefined);
  const primary = primaryPublicService(stack);
  const root = routed.find((s) => s.slug === primary?.slug) ?? routed[0];
  return routed.map((s) => ({ slug: s.slug, prefix: s === root ? '/' : `/${s.slug}` }));
}

/** The stack with each prefixed service told its prefix (its `rootPathEnv`), for pathRoutes hosts. */
export function withPathRoutes(stack: Stack): Stack {
  const prefixes = new Map(pathRoutes(stack).map((r) => [r.slug, r.prefix]));
  return {
    ...stack,
    services: stack.services.map((s) => {
      const prefix = prefixes.get(s.slug);
      if (!prefix || prefix === '/' || !s.rootPathEnv || s.env.some((e) => e.name === s.rootPathEnv)) return s;
      return { ...s, env: [...s.env, { name: s.rootPathEnv, secret: false, value: prefix, description: 'Path prefix the service is served under' }] };
    }),
  };
}
