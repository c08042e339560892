/**
 * The platform-neutral stack: what runs, how big, how many, which databases, how much traffic.
 * Every platform prices and plans from this one model.
 */
import {
  BUILTIN_SERVICES,
  type Answers,
  type AuthProvider,
  type ClientDistribution,
  type DbLayout,
  type PostgresKind,
  type EnvVar,
  type Region,
  type ServiceInput,
  type ServiceRole,
  type Tier,
} from './answers.js';
import { AUTH_ENV } from './auth.js';
import { groupThousands, sqlIdentifier, uniqueSlugs, slugify } from './names.js';
import { warning, type Warning } from './warnings.js';

/** Where a service's data lives in Postgres. */
export interface DatabaseRef {
  /** Postgres instance (slug), one of `Stack.postgres.instances[].name`. */
  instance: string;
  /** Database inside the instance. */
  database: string;
  /** Schema inside the database (`public` when the service owns the database). */
  schema: string;
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
  command?: string;
  port?: number;
  public: boolean;
  healthPath?: string;
  vcpu: number;
  memoryMb: number;
  instances: number;
  volume?: { sizeGb: number; mountPath: string };
  /** Variable that points the service at Postgres instead of its volume (Phoenix). */
  postgresEnv?: string;
  /** Variable that names the service's schema in the shared layout (default DATABASE_SCHEMA). */
  schemaEnv?: string;
  /** Variable that tells the service its path prefix behind a shared host (Phoenix). */
  rootPathEnv?: string;
  env: EnvVar[];
  database: DatabaseRef | null;
  /** Key-value store (slug) the service uses, if any. */
  keyValue: string | null;
}

export interface PostgresInstance {
  name: string;
  /** Data this instance holds, in GB (the stack's total split evenly). */
  storageGb: number;
  /** Databases to create inside it. */
  databases: string[];
  /** Service slugs that use it. */
  usedBy: string[];
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
  postgres: { layout: DbLayout; kind: PostgresKind; storageGb: number; instances: PostgresInstance[] };
  keyValue: KeyValueStore[];
  egressGb: number;
  /** Monthly active users this stack is priced for. */
  users: number;
  usersPerInstance: number;
  region: Region;
  auth: AuthProvider;
  domain: string | null;
  clients: ClientDistribution;
  utilization: number;
  /** Assumptions made while building the stack (defaults taken, scaling applied). */
  assumptions: string[];
  warnings: Warning[];
}

/** A stack read from somewhere other than the answers (a compose file). */
export interface StackSource {
  kind: 'builtin' | 'custom' | 'compose';
  name?: string;
  services: ServiceInput[];
  /** Postgres containers found, with the services (by name) that use each. */
  postgres?: { name: string; usedBy: string[] }[];
  keyValue?: { name: string; memoryMb: number; usedBy: string[] }[];
  warnings?: Warning[];
  assumptions?: string[];
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
 */
export function buildStack(answers: Answers, imported?: StackSource, users?: number): Stack {
  const source = sourceFromAnswers(answers, imported);
  const warnings: Warning[] = [...(source.warnings ?? [])];
  const assumptions: string[] = [...(source.assumptions ?? [])];
  const tier = answers.tier;
  // Only the multi-user tier scales with users; the others serve their one user whatever is asked.
  const userCount = tier === 'multi-user' ? (users ?? userScale(answers)[0]!) : DEFAULT_USERS[tier];
  if (tier !== 'multi-user' && answers.users !== undefined && userScale(answers).some((u) => u !== DEFAULT_USERS[tier])) {
    warnings.push(
      warning('users.ignored', 'warning', `The ${tier} tier serves one user, so the users figure (${userScale(answers).map(fmtInt).join(', ')}) changes nothing and is ignored.`, {
        fix: 'Choose the multi-user tier (--tier multi-user) to price users, or leave the users figure out.',
      }),
    );
  }

  const kept = source.services.filter((s) => answers.phoenix || !s.optional);
  const dropped = source.services.filter((s) => !kept.includes(s));
  if (dropped.length > 0) assumptions.push(`Left out optional services: ${dropped.map((s) => s.name).join(', ')}.`);
  if (kept.length === 0) {
    warnings.push(warning('stack.empty', 'error', 'No services are left to deploy.', { fix: 'Keep the optional services or add one.' }));
  }

  const slugs = uniqueSlugs(kept.map((s) => s.name));
  const slugByName = new Map(kept.map((s, i) => [s.name, slugs[i]!]));
  kept.forEach((s, i) => {
    if (slugs[i] !== s.name) {
      warnings.push(
        warning('name.normalised', 'info', `Service "${s.name}" is named "${slugs[i]}" on the platforms (lower-case letters, digits and hyphens, at most 28 characters).`, {
          service: slugs[i],
        }),
      );
    }
  });

  for (const name of Object.keys(answers.serviceOverrides)) {
    if (!slugByName.has(name)) {
      warnings.push(
        warning('override.unknown-service', 'warning', `serviceOverrides names "${name}", which is not a service of this stack.`, {
          fix: `Use one of: ${kept.map((s) => s.name).join(', ')}.`,
        }),
      );
    }
  }

  const scalesWithUsers = (role: ServiceRole) => role === 'api' || role === 'web';
  const neededForUsers = Math.max(1, Math.ceil(userCount / answers.usersPerInstance));
  if (tier === 'multi-user') {
    assumptions.push(
      `API and web services run at least ⌈${fmtInt(userCount)} users ÷ ${fmtInt(answers.usersPerInstance)} users per instance⌉ = ${neededForUsers} instance(s).`,
    );
  }

  const services: Service[] = kept.map((input, i) => {
    const override = answers.serviceOverrides[input.name] ?? {};
    let instances = override.instances ?? (scalesWithUsers(input.role) ? answers.instances : undefined) ?? input.instances;
    if (tier === 'multi-user' && scalesWithUsers(input.role)) instances = Math.max(instances, neededForUsers);
    const service: Service = {
      name: input.name,
      slug: slugs[i]!,
      role: input.role,
      public: input.public,
      vcpu: override.vcpu ?? input.vcpu,
      memoryMb: override.memoryMb ?? answers.memoryMb ?? input.memoryMb,
      instances,
      env: dedupeEnv(input.env, input.name, warnings),
      database: null,
      keyValue: null,
    };
    if (input.description !== undefined) service.description = input.description;
    if (input.image !== undefined) service.image = input.image;
    if (input.build !== undefined) service.build = { ...input.build };
    if (input.command !== undefined) service.command = input.command;
    if (input.port !== undefined) service.port = input.port;
    if (input.healthPath !== undefined) service.healthPath = input.healthPath;
    if (input.volume !== undefined) service.volume = { ...input.volume };
    if (input.postgresEnv !== undefined) service.postgresEnv = input.postgresEnv;
    if (input.schemaEnv !== undefined) service.schemaEnv = input.schemaEnv;
    if (input.rootPathEnv !== undefined) service.rootPathEnv = input.rootPathEnv;
    if (!input.image && !input.build) {
      warnings.push(
        warning('service.no-source', 'warning', `Service "${input.name}" has neither an image nor a build context.`, {
          service: service.slug,
          fix: 'Give it an image (such as ghcr.io/you/app:1.0) or a build context folder.',
        }),
      );
    }
    return service;
  });
  const bySlug = new Map(services.map((s) => [s.slug, s]));

  // Postgres: group users into instances according to the layout.
  const layout = answers.db;
  const groups = postgresGroups(source, kept, slugs, slugByName, layout, answers.name);
  const storageEach = groups.length > 0 ? answers.dbStorageGb / groups.length : 0;
  const instances: PostgresInstance[] = groups.map((g) => ({
    name: g.name,
    storageGb: storageEach,
    databases: [...new Set(g.members.map((m) => m.database))],
    usedBy: g.members.map((m) => m.service),
  }));
  for (const g of groups) {
    for (const m of g.members) {
      const svc = bySlug.get(m.service);
      if (svc) connectDatabase(svc, { instance: g.name, database: m.database, schema: m.schema }, 'DATABASE_URL');
    }
  }
  if (groups.length > 1) {
    assumptions.push(`${fmtNum(answers.dbStorageGb)} GB of data split evenly over ${groups.length} Postgres instances.`);
  }

  const keyValue: KeyValueStore[] = (source.keyValue ?? []).map((kv) => ({
    name: slugify(kv.name),
    memoryMb: kv.memoryMb,
    usedBy: kv.usedBy.map((n) => slugByName.get(n)).filter((s): s is string => s !== undefined),
  }));
  for (const kv of keyValue) {
    for (const user of kv.usedBy) {
      const svc = bySlug.get(user)!;
      svc.keyValue = kv.name;
      if (!svc.env.some((e) => e.from === 'key-value-url')) svc.env.push({ name: 'REDIS_URL', secret: true, from: 'key-value-url' });
    }
  }

  const auth: AuthProvider = answers.auth ?? (tier === 'multi-user' ? 'clerk' : 'none');
  if (auth !== 'none') {
    // APIs verify users' tokens: they get the provider's variables.
    for (const svc of services.filter((s) => s.role === 'api')) {
      for (const v of AUTH_ENV[auth]) if (!svc.env.some((e) => e.name === v.name)) svc.env.push({ ...v });
    }
  }
  if (answers.auth === undefined && tier === 'multi-user') assumptions.push('Auth provider: Clerk (the default; change it with --auth).');

  return {
    name: answers.name,
    slug: slugify(answers.name),
    source: source.kind,
    tier,
    services,
    postgres: { layout, kind: answers.postgres, storageGb: groups.length > 0 ? answers.dbStorageGb : 0, instances },
    keyValue,
    egressGb: answers.egressGb,
    users: userCount,
    usersPerInstance: answers.usersPerInstance,
    region: answers.region,
    auth,
    domain: answers.domain,
    clients: answers.clients,
    utilization: answers.utilization,
    assumptions,
    warnings,
  };
}

/** A variable named twice keeps its last value (as compose and dotenv do), with a warning. */
function dedupeEnv(env: readonly EnvVar[], service: string, warnings: Warning[]): EnvVar[] {
  const byName = new Map<string, EnvVar>();
  for (const e of env) {
    if (byName.has(e.name)) {
      warnings.push(warning('env.duplicate', 'warning', `Service "${service}" sets ${e.name} more than once; the last one is kept.`, { fix: 'Set each variable once.' }));
      byName.delete(e.name);
    }
    byName.set(e.name, { ...e });
  }
  return [...byName.values()];
}

/**
 * Points a service at its database: the URL variable comes from the platform (unless the
 * service already names its own), and a non-public schema is passed as DATABASE_SCHEMA.
 */
function connectDatabase(service: Service, ref: DatabaseRef, urlVar: string): void {
  service.database = ref;
  if (!service.env.some((e) => e.from === 'database-url')) {
    service.env = service.env.filter((e) => e.name !== urlVar);
    service.env.push({ name: urlVar, secret: true, from: 'database-url' });
  }
  const schemaVar = service.schemaEnv ?? 'DATABASE_SCHEMA';
  if (ref.schema !== 'public' && !service.env.some((e) => e.name === schemaVar)) {
    service.env.push({ name: schemaVar, secret: false, value: ref.schema, description: 'Schema of this service (search_path)' });
  }
}

interface Group {
  name: string;
  members: { service: string; database: string; schema: string }[];
}

function postgresGroups(
  source: StackSource,
  kept: readonly ServiceInput[],
  slugs: readonly string[],
  slugByName: ReadonlyMap<string, string>,
  layout: DbLayout,
  stackName: string,
): Group[] {
  const sharedName = 'postgres';
  if (source.postgres && source.postgres.length > 0) {
    // A compose file: each Postgres container is one database; shared puts them in one instance.
    const containers = source.postgres.map((c) => ({
      name: slugify(c.name),
      users: c.usedBy.map((n) => slugByName.get(n)).filter((s): s is string => s !== undefined),
    }));
    if (layout === 'shared') {
      const members = containers.flatMap((c) =>
        c.users.map((service) => ({ service, database: sqlIdentifier(c.name), schema: 'public' })),
      );
      return [{ name: sharedName, members }];
    }
    return containers.map((c) => ({
      name: c.name,
      members: c.users.map((service) => ({ service, database: sqlIdentifier(c.name), schema: 'public' })),
    }));
  }
  // By position, not by name: two services may share a name, never a slug.
  const users = kept.flatMap((s, i) => (s.usesDatabase ? [slugs[i]!] : []));
  if (users.length === 0) return [];
  if (layout === 'shared') {
    // One instance, one database, one schema per service.
    const database = sqlIdentifier(slugify(stackName));
    return [{ name: sharedName, members: users.map((service) => ({ service, database, schema: sqlIdentifier(service) })) }];
  }
  return users.map((service) => ({
    name: `${service}-db`,
    members: [{ service, database: sqlIdentifier(service), schema: 'public' }],
  }));
}

function fmtInt(n: number): string {
  return groupThousands(n);
}
function fmtNum(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/**
 * The stack with a volume-backed service moved into Postgres (for platforms without volumes):
 * its volume is dropped, its data joins the shared instance as its own schema, or gets its own
 * instance in the separate layout, sized as the volume was.
 */
export function moveToPostgres(stack: Stack, slug: string): Stack {
  const target = stack.services.find((s) => s.slug === slug);
  if (!target || !target.volume || !target.postgresEnv) return stack;
  const sizeGb = target.volume.sizeGb;
  const instances = stack.postgres.instances.map((p) => ({ ...p, databases: [...p.databases], usedBy: [...p.usedBy] }));
  let ref: DatabaseRef;
  const shared = stack.postgres.layout === 'shared' ? instances[0] : undefined;
  if (shared) {
    shared.storageGb += sizeGb;
    shared.usedBy.push(slug);
    const database = shared.databases[0] ?? sqlIdentifier(stack.slug);
    if (shared.databases.length === 0) shared.databases.push(database);
    ref = { instance: shared.name, database, schema: sqlIdentifier(slug) };
  } else {
    const name = `${slug}-db`;
    instances.push({ name, storageGb: sizeGb, databases: [sqlIdentifier(slug)], usedBy: [slug] });
    ref = { instance: name, database: sqlIdentifier(slug), schema: 'public' };
  }
  const services = stack.services.map((s) => {
    if (s.slug !== slug) return s;
    const { volume: _dropped, ...rest } = s;
    // Variables that pointed at the volume's folder no longer apply.
    const moved: Service = { ...rest, env: s.env.filter((e) => e.value !== target.volume!.mountPath) };
    connectDatabase(moved, ref, target.postgresEnv!);
    return moved;
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
