/**
 * Railway's files: `.railway/railway.ts`, the project written in Railway's Infrastructure-as-Code
 * DSL (`railway/iac`, applied with `railway config plan` / `railway config apply`), with the
 * replicas, volumes and region of the same model the estimate priced; with `--railway-legacy`
 * also one Config-as-Code `railway.json` per service; plus the common .env.example, DEPLOY.md
 * and schema SQL.
 * DSL reference: https://docs.railway.com/infrastructure-as-code/reference
 * Config as Code: https://docs.railway.com/config-as-code/reference
 */

import type { EnvSource } from '../../core/answers.js';
import { formatMb } from '../../core/number-format.js';
import type { FileToRender, GenerateContext, GeneratedFiles } from '../../core/platform.js';
import type { StackEnvVar as EnvVar } from '../../core/stack.js';
import { primaryPublicService, publicRefValue, refValue, type Service, type Stack } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import { shell } from '../../render/serialize.js';
import { commonFiles, type DataMigration, type DeployStep, headerText, urlVar } from '../../render/stack-files.js';
import { type BootstrapTarget, bootstrapFed, bootstrapSteps } from '../bootstrap.js';
import { mountDockerfile, mountDockerfilePath, needsMountImage, unbakedMountWarnings } from '../mount-image.js';
import type { RailwayModel } from './model.js';
import type { RailwayContainer } from './usage.js';

/** Railway CLI release that evaluates `.railway/railway.ts` with the `railway` package 3.x. */
export const MIN_CLI_VERSION = '5.42.1';
/** The database Railway's Postgres service creates (`POSTGRES_DB`); the DSL cannot rename it. */
export const RAILWAY_DATABASE = 'railway';
/** Where the legacy Config-as-Code file of a service is written. */
export const legacyConfigPath = (slug: string) => `config-as-code/${slug}/railway.json`;

/** Postgres outputs the DSL types (`db.env.<NAME>`), per neutral variable source. */
const POSTGRES_OUTPUT: Record<Exclude<EnvSource, 'key-value-url'>, string> = {
  'database-url': 'DATABASE_URL',
  'database-host': 'PGHOST',
  'database-port': 'PGPORT',
  'database-user': 'PGUSER',
  'database-password': 'PGPASSWORD',
  'database-name': 'PGDATABASE',
};

/** Words a generated `const` may not be named (JS reserved words and the DSL's imports). */
const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'implements import in instanceof interface let new null package private protected public return static super switch this ' +
    'throw true try typeof var void while with yield await arguments eval undefined NaN Infinity ' +
    'defineRailway project service postgres redis image volume preserve'
  ).split(' '),
);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `reasoning-api` → `reasoningApi`, unique among `used`, never a reserved word. */
function identifier(name: string, suffix: string, used: Set<string>): string {
  let id = name.replace(/-+([a-z0-9])/gi, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9_$]/g, '');
  if (!/^[A-Za-z_$]/.test(id)) id = `_${id}`;
  if (RESERVED.has(id) || used.has(id)) id = `${id}${suffix}`;
  const base = id;
  for (let n = 2; RESERVED.has(id) || used.has(id); n += 1) id = `${base}${n}`;
  // Identifiers are pasted into code unquoted: anything but identifier characters is a bug.
  if (!IDENTIFIER.test(id)) throw new Error(`bad identifier ${id} for ${name}`);
  used.add(id);
  return id;
}

/** A variable as `.railway/railway.ts` writes it. */
export interface IacVar {
  name: string;
  kind: 'literal' | 'reference' | 'preserve';
  value: string | null;
  /** `db.env.DATABASE_URL` for a reference (identifier and DSL output name). */
  ref: { id: string; output: string } | null;
  comment: string | null;
  /** A literal holding Railway `${{...}}` templates that stackfare wrote on purpose. */
  template: boolean;
}

export interface IacService {
  id: string;
  name: string;
  comment: string;
  image: string | null;
  /** Build from a Dockerfile (services with a build context and no image). */
  build: { context: string; dockerfilePath: string } | null;
  start: string | null;
  /** Release command: Railway's pre-deploy command, run in the new image before it takes traffic. */
  preDeploy: string | null;
  healthcheck: string | null;
  public: boolean;
  port: number | null;
  region: string;
  replicas: number;
  domains: { domain: string; port: number | null }[];
  volume: { id: string; mountPath: string } | null;
  env: IacVar[];
  /** Built from the generated Dockerfile that copies its config files into its image. */
  mountImage: boolean;
  /** Serverless (--active-hours, nothing keeps it awake): Railway sleeps it after 10 minutes without outbound packets. */
  sleep: boolean;
}

export interface IacResource {
  id: string;
  name: string;
  region: string;
  comment: string;
}

/** The context of `railway/railway.ts.hbs`: the project, its resources, and what to import. */
export interface RailwayIac {
  projectName: string;
  imports: string[];
  databases: IacResource[];
  keyValues: IacResource[];
  volumes: (IacResource & { sizeMB: number })[];
  services: IacService[];
  /** Identifiers in the order `project({ resources })` lists them. */
  resources: string[];
  warnings: Warning[];
}

/** Railway names every service and database in one namespace; volumes get their own names. */
function uniqueName(wanted: string, used: Set<string>): string {
  let name = wanted;
  for (let n = 2; used.has(name); n += 1) name = `${wanted}-${n}`;
  used.add(name);
  return name;
}

/** Containers by kind and slug, indexed once per model: a lookup per service stays linear in services. */
const containerIndex = new WeakMap<RailwayModel, Map<string, RailwayContainer>>();

function container(model: RailwayModel, kind: RailwayContainer['kind'], slug: string): RailwayContainer {
  let index = containerIndex.get(model);
  if (!index) {
    index = new Map();
    // The first of a kind and slug wins, as a search from the start would find it.
    for (const x of model.containers) if (!index.has(`${x.kind}\u0000${x.slug}`)) index.set(`${x.kind}\u0000${x.slug}`, x);
    containerIndex.set(model, index);
  }
  const c = index.get(`${kind}\u0000${slug}`);
  if (!c) throw new Error(`the Railway model has no ${kind} ${slug}`);
  return c;
}

/** What building the project's resources shares: identifiers and names in use, and the warnings so far. */
interface IacBuild {
  model: RailwayModel;
  stack: Stack;
  /** Identifiers of the program, made in the order databases, stores, services, volumes. */
  ids: Set<string>;
  /** Names of services, databases and stores (one namespace on Railway). */
  names: Set<string>;
  warnings: Warning[];
}

/** A database or store's name on Railway, renamed (with a warning) when it collides with another. */
function railwayName(b: IacBuild, kind: string, wanted: string): string {
  const name = uniqueName(wanted, b.names);
  if (name !== wanted) {
    b.warnings.push(
      warning('railway.name.normalised', 'warning', `${kind} "${wanted}" is named "${name}" on Railway, where services and databases share one set of names.`, {
        fix: 'Rename the service or database if you prefer another name.',
      }),
    );
  }
  return name;
}

/** One Postgres per instance of the stack, by the instance it stands for. */
function iacDatabases(b: IacBuild): (IacResource & { instance: string })[] {
  return b.stack.postgres.instances.map((p) => {
    const c = container(b.model, 'postgres', p.name);
    const name = railwayName(b, 'Postgres', p.name);
    return {
      instance: p.name,
      id: identifier(name, 'Db', b.ids),
      name,
      region: b.model.region,
      comment: `Postgres for ${p.usedBy.join(', ') || 'no service'}: ${round(c.volume?.dataGb ?? p.storageGb)} GB of data priced, ${formatMb(c.memoryMb)} of memory. The DSL sets no size for a database's volume; check it in the volume's settings.`,
    };
  });
}

/** One Redis per key-value store of the stack, by the store it stands for. */
function iacKeyValues(b: IacBuild): (IacResource & { store: string })[] {
  return b.stack.keyValue.map((kv) => {
    const c = container(b.model, 'key-value', kv.name);
    const name = railwayName(b, 'Key-value store', kv.name);
    return {
      store: kv.name,
      id: identifier(name, 'Store', b.ids),
      name,
      region: b.model.region,
      comment: `Redis for ${kv.usedBy.join(', ') || 'no service'}: ${formatMb(c.memoryMb)} priced.`,
    };
  });
}

/** What a service's variables and volume refer to: identifiers of the resources made before it. */
interface ServiceRefs {
  serviceIds: Map<string, string>;
  dbOf: Map<string, { id: string; name: string }>;
  kvId: Map<string, string>;
  volumeNames: Set<string>;
  /** Services declared so far (a typed reference needs its target declared first). */
  declared: Set<string>;
  domainService: Service | undefined;
}

/** A service's volume, when its container has one (with a warning when replicas would share it). */
function serviceVolume(b: IacBuild, s: Service, c: RailwayContainer, volumeNames: Set<string>): RailwayIac['volumes'][number] | null {
  if (c.volume && c.replicas > 1) {
    b.warnings.push(
      warning(
        'railway.volume-replicas',
        'warning',
        `${s.slug} has a volume and ${c.replicas} replicas; Railway does not run replicas of a service with a volume.`,
        {
          service: s.slug,
          fix: 'Run it as 1 replica, or move its data to Postgres.',
        },
      ),
    );
  }
  if (!c.volume) return null;
  const name = uniqueName(`${s.slug}-data`, volumeNames);
  return {
    id: identifier(name, 'Volume', b.ids),
    name,
    region: b.model.region,
    sizeMB: Math.round(c.volume.sizeGb * 1024),
    comment: `Volume of ${s.slug}: ${round(c.volume.sizeGb)} GB, ${round(c.volume.dataGb)} GB of data priced, mounted at ${c.volume.mountPath}.`,
  };
}

/** Where a service's image comes from: the generated mount Dockerfile, its own build, or none (an image). */
function serviceBuild(s: Service, mountImage: boolean): IacService['build'] {
  if (mountImage) return { context: '.', dockerfilePath: mountDockerfilePath(s.slug) };
  return s.build && !s.image ? { context: s.build.context, dockerfilePath: s.build.dockerfile ?? 'Dockerfile' } : null;
}

/** One service of the program, and its volume if it has one. */
function iacService(b: IacBuild, s: Service, refs: ServiceRefs): { service: IacService; volume: RailwayIac['volumes'][number] | null } {
  const c = container(b.model, 'service', s.slug);
  const volume = serviceVolume(b, s, c, refs.volumeNames);
  const mountImage = needsMountImage(s);
  const env = serviceEnv(
    s,
    {
      db: s.database ? (refs.dbOf.get(s.database.instance) ?? null) : null,
      kv: s.keyValue ? (refs.kvId.get(s.keyValue) ?? null) : null,
      layout: b.stack.postgres.layout,
      serviceIds: refs.serviceIds,
      declared: refs.declared,
    },
    b.warnings,
  );
  refs.declared.add(s.slug);
  const service: IacService = {
    id: refs.serviceIds.get(s.slug)!,
    name: s.slug,
    comment: serviceComment(s, c),
    image: mountImage ? null : (s.image ?? null),
    build: serviceBuild(s, mountImage),
    // The generated Dockerfile carries the command as CMD, keeping the image's entrypoint.
    start: mountImage ? null : startCommand(s, b.warnings),
    preDeploy: s.release?.command ?? null,
    // Railway checks health inside the project: private services are checked too.
    healthcheck: s.healthPath ?? null,
    public: s.public,
    port: s.port ?? null,
    region: b.model.region,
    replicas: c.replicas,
    domains: refs.domainService?.slug === s.slug && b.stack.domain ? [{ domain: b.stack.domain, port: s.port ?? null }] : [],
    volume: volume && c.volume ? { id: volume.id, mountPath: c.volume.mountPath } : null,
    env,
    mountImage,
    sleep: c.awake !== undefined,
  };
  return { service, volume };
}

/** What the program imports from the DSL, in its import order: only what it uses. */
function dslImports(services: readonly IacService[], databases: number, keyValues: number, volumes: number): string[] {
  const used = (kind: IacVar['kind']) => services.some((s) => s.env.some((e) => e.kind === kind));
  const imports = ['defineRailway'];
  if (services.some((s) => s.image)) imports.push('image');
  if (databases > 0) imports.push('postgres');
  if (used('preserve')) imports.push('preserve');
  imports.push('project');
  if (keyValues > 0) imports.push('redis');
  imports.push('service');
  if (volumes > 0) imports.push('volume');
  return imports;
}

/**
 * The project as the DSL describes it, read from the model (replicas, volume sizes, region)
 * and the stack (sources, commands, variables). Pure.
 */
export function railwayIac(model: RailwayModel, stack: Stack): RailwayIac {
  // Services keep their slugs; databases and stores that collide with one are renamed.
  const b: IacBuild = { model, stack, ids: new Set(), names: new Set(stack.services.map((s) => s.slug)), warnings: [] };
  const databases = iacDatabases(b);
  const keyValues = iacKeyValues(b);
  const refs: ServiceRefs = {
    serviceIds: new Map(stack.services.map((s) => [s.slug, identifier(s.slug, 'Service', b.ids)])),
    dbOf: new Map(databases.map((d) => [d.instance, { id: d.id, name: d.name }])),
    kvId: new Map(keyValues.map((k) => [k.store, k.id])),
    volumeNames: new Set(),
    declared: new Set(),
    domainService: stack.domain ? primaryPublicService(stack) : undefined,
  };
  // Declared so that a service comes after the services it names by host alone: the DSL's
  // typed reference (litellm.env.RAILWAY_PRIVATE_DOMAIN) needs its target declared first.
  const built = declarationOrder(stack).map((s) => iacService(b, s, refs));
  const services = built.map((x) => x.service);
  const volumes = built.flatMap((x) => (x.volume ? [x.volume] : []));
  return {
    projectName: stack.slug,
    imports: dslImports(services, databases.length, keyValues.length, volumes.length),
    databases: databases.map(({ instance: _i, ...d }) => d),
    keyValues: keyValues.map(({ store: _s, ...k }) => k),
    volumes,
    services,
    resources: [...databases.map((d) => d.id), ...keyValues.map((k) => k.id), ...volumes.map((v) => v.id), ...services.map((s) => s.id)],
    warnings: b.warnings,
  };
}

function serviceComment(s: Service, c: RailwayContainer): string {
  const named = s.name !== s.slug ? ` ("${s.name}")` : '';
  const what = s.description ? `: ${s.description}` : '';
  const replicas = c.replicas === 1 ? '1 replica' : `${c.replicas} replicas`;
  return `${s.slug}${named}${what}. Priced at ${formatMb(c.memoryMb)} and ${c.vcpu} vCPU per replica, ${replicas}; Railway bills what it uses.`;
}

/** What a service's variables may refer to on Railway. */
interface EnvContext {
  /** The service's Postgres: identifier in railway.ts and name on Railway (the template namespace). */
  db: { id: string; name: string } | null;
  kv: string | null;
  layout: Stack['postgres']['layout'];
  /** Every service's identifier, by slug. */
  serviceIds: ReadonlyMap<string, string>;
  /** The services declared before this one. */
  declared: ReadonlySet<string>;
}

/** `${{name.VAR}}`: Railway's template reference to another service's variable. */
export const railwayTemplate = (namespace: string, variable: string) => `\${{${namespace}.${variable}}}`;

/**
 * Services in the stack's order, except that a service comes after the services it names by host
 * alone (typed references need their target declared); a cycle keeps the stack's order.
 */
function declarationOrder(stack: Stack): Service[] {
  const out: Service[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const bySlug = new Map(stack.services.map((s) => [s.slug, s]));
  const visit = (s: Service) => {
    if (state.has(s.slug)) return;
    state.set(s.slug, 'visiting');
    for (const e of s.env.filter((x) => x.ref?.form === 'host')) {
      const target = bySlug.get(e.ref!.service);
      if (target && !state.has(target.slug)) visit(target);
    }
    state.set(s.slug, 'done');
    out.push(s);
  };
  stack.services.forEach(visit);
  return out;
}

/**
 * Railway's start command replaces the image's entrypoint (unlike compose's `command`, which
 * replaces only CMD): write the entrypoint in front of the arguments when it is known.
 */
function startCommand(s: Service, warnings: Warning[]): string | null {
  if (s.command === undefined) return s.entrypoint ?? null;
  if (s.entrypoint !== undefined) return `${s.entrypoint} ${s.command}`;
  warnings.push(
    warning(
      'railway.start-replaces-entrypoint',
      'info',
      `${s.slug}: Railway's start command replaces the image's entrypoint, and stackfare does not know ${s.image ?? 'the image'}'s; the start command is the compose command alone.`,
      {
        service: s.slug,
        fix: `If the image has an entrypoint, write it in front of the start command of ${s.slug} in .railway/railway.ts.`,
      },
    ),
  );
  return s.command;
}

/**
 * Variables: plain values as literals, database and store values as typed references, a value
 * that reaches another service as Railway's private domain of that service (a typed reference
 * when the value is the host alone, else a `${{name.RAILWAY_PRIVATE_DOMAIN}}` template inside the
 * URL, which Railway fills in), and everything else (secrets, values only the user knows) as
 * preserve(): applying keeps what Railway holds and never writes a value. A `PORT` is added for
 * services with a port, because Railway runs health checks and routes its domains against `PORT`.
 */
function serviceEnv(s: Service, ctx: EnvContext, warnings: Warning[]): IacVar[] {
  const out: IacVar[] = [];
  const seen = new Set<string>();
  if (s.port !== undefined && !s.env.some((e) => e.name === 'PORT')) {
    out.push({ name: 'PORT', kind: 'literal', value: String(s.port), ref: null, comment: 'Railway health checks and domains use this port', template: false });
    seen.add('PORT');
  }
  for (const e of s.env) {
    if (seen.has(e.name)) {
      warnings.push(
        warning('railway.env.duplicate', 'warning', `${s.slug} sets ${e.name} more than once; .railway/railway.ts keeps the first.`, { service: s.slug }),
      );
      continue;
    }
    seen.add(e.name);
    const v = iacVar(e, s, ctx);
    if (v.kind === 'literal' && !v.template && v.value?.includes('${{')) {
      warnings.push(
        warning(
          'railway.env.reference-syntax',
          'warning',
          `${s.slug}: the value of ${e.name} contains "\${{", which Railway reads as a reference to another variable.`,
          {
            service: s.slug,
            fix: 'Change the value if it is not meant as a Railway reference.',
          },
        ),
      );
    }
    out.push(v);
  }
  return out;
}

function iacVar(e: EnvVar, s: Service, ctx: EnvContext): IacVar {
  const base = { name: e.name, value: null, ref: null, template: false };
  const about = e.description ?? null;
  if (e.ref?.public) {
    // Railway fills in the domain it generated (or the custom one) for the target service.
    // A service's own variables are referenced without its name (docs.railway.com/reference/variables).
    const domain = e.ref.service === s.slug ? '${{RAILWAY_PUBLIC_DOMAIN}}' : railwayTemplate(e.ref.service, 'RAILWAY_PUBLIC_DOMAIN');
    const value = publicRefValue(e.ref, domain);
    return { ...base, kind: 'literal', value, template: true, comment: about ?? `${e.ref.service}'s public URL (a browser follows it)` };
  }
  if (e.ref) {
    const targetId = ctx.serviceIds.get(e.ref.service)!;
    // Whole value = the host: the typed reference, when its target is declared above.
    if (e.ref.form === 'host' && ctx.declared.has(e.ref.service) && e.ref.service !== s.slug) {
      return { ...base, kind: 'reference', ref: { id: targetId, output: 'RAILWAY_PRIVATE_DOMAIN' }, comment: about ?? `${e.ref.service}'s private domain` };
    }
    const value = refValue(e.ref, railwayTemplate(e.ref.service, 'RAILWAY_PRIVATE_DOMAIN'), e.ref.port);
    return { ...base, kind: 'literal', value, template: true, comment: about ?? `${e.ref.service} on the private network, port ${e.ref.port}` };
  }
  if (e.from === 'key-value-url' && ctx.kv) return { ...base, kind: 'reference', ref: { id: ctx.kv, output: 'REDIS_URL' }, comment: about };
  const db = ctx.db;
  if (e.from && e.from !== 'key-value-url' && db && s.database) {
    const own = s.database.database;
    const part = (v: string) => railwayTemplate(db.name, v);
    const composedUrl = (database: string) =>
      `${e.scheme ?? 'postgresql'}://${part('PGUSER')}:${part('PGPASSWORD')}@${part('PGHOST')}:${part('PGPORT')}/${database}`;
    if (ctx.layout === 'shared') {
      // One instance, one database per app: the URL names the app's own database, which
      // db/databases.sql creates (Railway's Postgres creates only "railway").
      if (e.from === 'database-url') return { ...base, kind: 'literal', value: composedUrl(own), template: true, comment: about ?? `its own database ${own}` };
      if (e.from === 'database-name') return { ...base, kind: 'literal', value: own, comment: about ?? 'its own database' };
    } else if (e.from === 'database-url' && e.scheme && !PLAIN_SCHEMES.has(e.scheme)) {
      // Its own instance, whose database Railway names: the parts, with the scheme the program reads.
      return { ...base, kind: 'literal', value: composedUrl(part('PGDATABASE')), template: true, comment: about ?? `its own instance, ${e.scheme} driver` };
    }
    return { ...base, kind: 'reference', ref: { id: db.id, output: POSTGRES_OUTPUT[e.from] }, comment: about };
  }
  if (!e.secret && e.value !== undefined) return { ...base, kind: 'literal', value: e.value, comment: about };
  const label = e.secret ? 'secret' : 'set it in Railway';
  return { ...base, kind: 'preserve', comment: about ? `${label}: ${about}` : label };
}

/** Schemes Railway's own DATABASE_URL (postgresql://) already satisfies. */
const PLAIN_SCHEMES = new Set(['postgresql', 'postgres']);

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** A legacy Config-as-Code file of one service (schema: https://railway.com/railway.schema.json). */
export interface LegacyConfig {
  dockerfilePath: string | null;
  startCommand: string | null;
  preDeployCommand: string | null;
  healthcheckPath: string | null;
  region: string;
  replicas: number;
  sleepApplication: boolean;
}

function legacyConfig(s: IacService): LegacyConfig {
  return {
    sleepApplication: s.sleep,
    dockerfilePath: s.build?.dockerfilePath ?? null,
    startCommand: s.start,
    preDeployCommand: s.preDeploy,
    healthcheckPath: s.healthcheck,
    region: s.region,
    replicas: s.replicas,
  };
}

/** Railway's public URL of each Postgres service (DATABASE_PUBLIC_URL), read with the CLI; each holds the database "railway". */
function railwayDataMigration(stack: Stack, iacDatabases: readonly IacResource[]): DataMigration {
  const names = stack.postgres.instances.map((p, i) => ({ instance: p, service: iacDatabases[i]?.name ?? p.name }));
  return {
    text:
      'Railway databases are private by default (since 2026-08-04): the copy goes through a temporary TCP proxy (https://docs.railway.com/cli/tcp-proxy), billed as egress, which fills DATABASE_PUBLIC_URL; ' +
      'the commands create it, read the URL with the Railway CLI, and delete the proxy after the copy so the database is private again (railway tcp-proxy list --service NAME shows none left).',
    setup: names.flatMap((n) => [
      `railway tcp-proxy create --port 5432 --service ${shell(n.service)}`,
      `${urlVar(n.service)}="$(railway variables --service ${shell(n.service)} --kv | sed -n 's/^DATABASE_PUBLIC_URL=//p')"`,
      `export ${urlVar(n.service)}`,
    ]),
    teardown: names.map((n) => `railway tcp-proxy delete 5432 --service ${shell(n.service)} --yes`),
    // The URL names the database "railway"; the shared layout's own databases sit beside it.
    targets: names.flatMap((n) =>
      n.instance.databases.map((db) => ({
        name: db,
        url: stack.postgres.layout === 'shared' ? `"\${${urlVar(n.service)}%/*}/${db}"` : `"$${urlVar(n.service)}"`,
      })),
    ),
  };
}

/**
 * The stack as Railway names it: renamed databases; in the separate layout each instance's one
 * database is the `railway` database Railway's Postgres creates, in the shared layout each app
 * keeps its own database (created by db/databases.sql).
 */
function railwayView(stack: Stack, iacDatabases: readonly IacResource[]): Stack {
  const renamed = new Map(stack.postgres.instances.map((p, i) => [p.name, iacDatabases[i]?.name ?? p.name]));
  const shared = stack.postgres.layout === 'shared';
  return {
    ...stack,
    postgres: {
      ...stack.postgres,
      instances: stack.postgres.instances.map((p) => ({ ...p, name: renamed.get(p.name)!, databases: shared ? p.databases : [RAILWAY_DATABASE] })),
    },
    services: stack.services.map((s) =>
      s.database
        ? { ...s, database: { ...s.database, instance: renamed.get(s.database.instance)!, database: shared ? s.database.database : RAILWAY_DATABASE } }
        : s,
    ),
  };
}

/** The legacy warning, word for word what the deprecation means for the user. */
export const LEGACY_WARNING = warning(
  'railway.config-as-code-deprecated',
  'warning',
  'Railway deprecated per-service Config as Code: new services cannot use railway.json since 2026-08-28 and Railway stops reading these files on 2026-12-01.',
  { fix: 'Use .railway/railway.ts.' },
);

/** Sets a Railway variable from a shell variable: piped, since the CLI refuses a terminal on stdin (src/commands/variable.rs). */
export function railwaySetFromVar(service: string, name: string, from: string): string {
  return `printf %s "$${from}" | railway variable set ${shell(name)} --stdin --service ${shell(service)}`;
}

/** Railway's way of running bootstrap steps: railway ssh runs the program inside the service (argv kept word for word). */
function railwayBootstrap(iac: RailwayIac): BootstrapTarget {
  return {
    exec: (slug) => ({ argv: (words) => `railway ssh --service ${shell(slug)} -- ${words.map(shell).join(' ')}` }),
    // railway variable set deploys the service again with the new value.
    setSecret: (slug, name, from) => [railwaySetFromVar(slug, name, from)],
    address: (slug) => (iac.services.find((s) => s.name === slug)?.public ? `the address railway domain printed for ${slug}` : null),
  };
}

/** DEPLOY.md's steps for Railway, in order; each optional step is there only when the stack needs it. */
function deploySteps(iac: RailwayIac, stack: Stack, model: RailwayModel, legacy: boolean): DeployStep[] {
  return [
    {
      title: `Install the Railway CLI ${MIN_CLI_VERSION} or newer`,
      text: `Infrastructure as Code needs CLI ${MIN_CLI_VERSION} or newer ("railway upgrade" updates an older one). The CLI evaluates .railway/railway.ts with Node.js 22.6 or newer.`,
      commands: ['npm install -g @railway/cli', 'railway --version'],
    },
    {
      title: 'Install the railway package where .railway/ lives',
      text: 'The file imports railway/iac; install it in the folder that holds .railway/ (usually the repository root).',
      commands: ['npm install --save-dev railway@^3.11.0'],
    },
    {
      title: 'Log in and create the project',
      text:
        `railway init creates the project and links this folder to it; to use an existing project, run railway link instead. The estimate assumes the ${model.plan.name} plan: choose it for the workspace in the dashboard. ` +
        'Environments created before 2025-10-16 have an IPv6-only private network (https://docs.railway.com/private-networking), where a service listening on 0.0.0.0, as these images do, cannot be reached: in such a project, create a new environment (railway environment new NAME, then railway environment NAME to link it) and deploy there.',
      commands: ['railway login', `railway init --name ${shell(iac.projectName)}`],
    },
    {
      title: 'Preview and apply .railway/railway.ts',
      text: 'plan shows what Railway would create: services, Postgres, volumes, domains and variables. apply asks before it changes anything. Secrets are declared with preserve(), so applying keeps any value set in Railway and never writes one.',
      commands: ['railway config plan', 'railway config apply'],
    },
    ...legacyConfigSteps(iac, legacy),
    ...sharedDatabasesSteps(iac, stack),
    ...secretSteps(iac, stack),
    ...builtServiceSteps(iac),
    ...railwayDomainSteps(iac),
    ...customDomainSteps(iac, stack),
    ...redeploySteps(iac, stack),
    ...checkSteps(iac),
  ];
}

/** Pointing services still on Config as Code at their railway.json (--railway-legacy). */
function legacyConfigSteps(iac: RailwayIac, legacy: boolean): DeployStep[] {
  if (legacy) {
    return [
      {
        title: 'Only for services that still use Config as Code: point them at their railway.json',
        text:
          `Railway stops reading railway.json files on 2026-12-01, and services created since 2026-08-28 cannot use them. A service cannot be managed by both systems: railway config plan stops on a service that a railway.json manages. ` +
          `For such a service, open its Settings and set the config file path to the absolute path of its file, such as /${legacyConfigPath(iac.services[0]?.name ?? 'SERVICE')}; Railway reads it from the service's repository. Move it to .railway/railway.ts when you can (railway config migrate).`,
        commands: [],
      },
    ];
  }
  return [];
}

/** Creating each app's database in the shared instance (Railway creates only its own). */
function sharedDatabasesSteps(iac: RailwayIac, stack: Stack): DeployStep[] {
  if (stack.postgres.layout === 'shared' && iac.databases.length > 0) {
    const db = iac.databases[0]!;
    return [
      {
        title: 'Create one database per app in the shared instance',
        text:
          `Railway's Postgres creates only the database ${RAILWAY_DATABASE}; each app gets its own (until they exist, the apps restart). railway ssh runs psql inside the database's own container, ` +
          'over its local socket, and feeds it db/databases.sql from here: the database stays private (Railway databases are private by default since 2026-08-04).',
        commands: [`railway ssh --service ${shell(db.name)} -- psql -v ON_ERROR_STOP=1 -U postgres -d ${RAILWAY_DATABASE} < db/databases.sql`],
      },
    ];
  }
  return [];
}

/** Setting the secrets the bootstrap does not feed, each piped from the shell variable of its name. */
function secretSteps(iac: RailwayIac, stack: Stack): DeployStep[] {
  const fed = bootstrapFed(stack);
  const toSet = iac.services.flatMap((s) =>
    s.env.filter((e) => e.kind === 'preserve' && !fed.has(`${s.name}\u0000${e.name}`)).map((e) => ({ service: s.name, name: e.name })),
  );
  if (toSet.length > 0) {
    return [
      {
        title: 'Set the secrets and the values only you know',
        text:
          'The Railway CLI reads a value from standard input only when it is piped (a terminal on stdin is refused), so each command pipes the shell variable of the same name: export each first, ' +
          'with a leading space so your shell history skips it (bash with HISTCONTROL=ignorespace), such as " export LITELLM_MASTER_KEY=sk-...". Each check stops at the first one missing. The service\'s Variables tab in the dashboard does the same.',
        commands: toSet.flatMap((v) => [`: "\${${v.name}:?export ${v.name} first}"`, railwaySetFromVar(v.service, v.name, v.name)]),
      },
    ];
  }
  return [];
}

/** Deploying the services built from a folder (railway up). */
function builtServiceSteps(iac: RailwayIac): DeployStep[] {
  const built = iac.services.filter((s) => !s.image);
  if (built.length > 0) {
    return [
      {
        title: 'Deploy the services built from a folder',
        text:
          'The file names no repository for them (stackfare does not know it): railway up uploads the folder and builds its Dockerfile. ' +
          (built.some((s) => s.mountImage)
            ? `${built
                .filter((s) => s.mountImage)
                .map((s) => s.name)
                .join(
                  ', ',
                )} ${built.filter((s) => s.mountImage).length === 1 ? 'is' : 'are'} built from the repository root with the generated Dockerfile under deploy/, which copies the config files the compose file mounted. `
            : '') +
          'To deploy from GitHub instead, give the service source: github("OWNER/REPO", { rootDirectory: "FOLDER" }) in .railway/railway.ts, with your repository, and apply again.',
        commands: built.map((s) => `railway up ${shell(s.build?.context ?? '.')} --path-as-root --service ${shell(s.name)} --detach`),
      },
    ];
  }
  return [];
}

/** A Railway domain for each public service. */
function railwayDomainSteps(iac: RailwayIac): DeployStep[] {
  const publicServices = iac.services.filter((s) => s.public);
  if (publicServices.length > 0) {
    return [
      {
        title: 'Give the public services a Railway domain',
        text: "Each command prints the service's *.up.railway.app address.",
        commands: publicServices.map((s) => `railway domain --service ${shell(s.name)}${s.port !== null ? ` --port ${s.port}` : ''}`),
      },
    ];
  }
  return [];
}

/** Pointing the custom domain at Railway. */
function customDomainSteps(iac: RailwayIac, stack: Stack): DeployStep[] {
  if (stack.domain) {
    const target = iac.services.find((s) => s.domains.length > 0);
    return [
      {
        title: `Point ${stack.domain} at Railway`,
        text: `.railway/railway.ts attaches ${stack.domain} to ${target?.name ?? 'the primary service'}. Its Settings, under Networking, show a CNAME record and a TXT record: add both at your DNS provider. Railway issues the certificate once it has verified them.`,
        commands: [],
      },
    ];
  }
  return [];
}

/** Redeploying the image services that started before their database. */
function redeploySteps(iac: RailwayIac, stack: Stack): DeployStep[] {
  const waiting = iac.services.filter((s) => s.image && stack.services.find((x) => x.slug === s.name)?.database);
  if (waiting.length > 0) {
    return [
      {
        title: 'Redeploy the image services that started before their database',
        text:
          `railway config apply started ${waiting.map((s) => s.name).join(', ')} at once, before ${stack.postgres.layout === 'shared' ? 'its database was created and ' : ''}its secrets were set, so ${waiting.length === 1 ? 'it' : 'they'} may have stopped retrying. ` +
          'A redeploy starts each again with everything in place.',
        commands: waiting.map((s) => `railway redeploy --service ${shell(s.name)} --yes`),
      },
    ];
  }
  return [];
}

/** Checking that a public service answers. */
function checkSteps(iac: RailwayIac): DeployStep[] {
  // Only a public service answers from outside; private ones are checked by Railway itself.
  const check = iac.services.find((s) => s.domains.length > 0 && s.healthcheck) ?? iac.services.find((s) => s.public && s.healthcheck);
  if (check) {
    const host = check.domains[0]?.domain;
    // Without a custom domain the address exists only once railway domain printed it: a variable the person exports.
    const variable = `${check.name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_DOMAIN`;
    const url = host ? shell(`https://${host}${check.healthcheck}`) : `"https://$${variable}"${shell(check.healthcheck ?? '/')}`;
    return [
      {
        title: 'Check that the services answer',
        text: host ? null : `First export ${variable}, the address railway domain printed for ${check.name} (without https://).`,
        commands: [
          ...(host ? [] : [`: "\${${variable}:?export ${variable} first: the address railway domain printed for ${check.name}}"`]),
          `curl -fsS ${url}`,
          `railway logs --service ${shell(check.name)}`,
        ],
      },
    ];
  }
  return [];
}

/** Railway's files for the model the estimate priced. */
export function railwayFiles(model: RailwayModel, stack: Stack, ctx: GenerateContext): GeneratedFiles {
  const iac = railwayIac(model, stack);
  const legacy = ctx.options.railwayLegacy;
  const warnings: Warning[] = [...iac.warnings];
  if (stack.slug !== stack.name) {
    warnings.push(warning('railway.project-name', 'info', `The Railway project is named "${stack.slug}" (from "${stack.name}").`));
  }
  if (legacy) warnings.push(LEGACY_WARNING);
  warnings.push(...unbakedMountWarnings(stack, 'Railway'));
  const header = headerText(ctx);
  const files: FileToRender[] = [{ path: '.railway/railway.ts', template: 'railway/railway.ts', context: { header, ...iac } }];
  for (const s of stack.services.filter(needsMountImage)) files.push(mountDockerfile(s, header));
  if (legacy) {
    for (const s of iac.services) {
      files.push({ path: legacyConfigPath(s.name), template: 'railway/railway.json', context: legacyConfig(s) });
    }
  }
  files.push(
    ...commonFiles({
      stack: railwayView(stack, iac.databases),
      ctx,
      platformName: 'Railway',
      steps: deploySteps(iac, stack, model, legacy),
      dataMigration: railwayDataMigration(stack, iac.databases),
      bootstrap: bootstrapSteps(stack, railwayBootstrap(iac)),
      secretsHowTo:
        ".railway/railway.ts declares each of them with preserve(), so railway config apply keeps the value Railway holds and never overwrites it. Set them with railway variable set NAME --stdin --service SERVICE, or in the service's Variables tab.",
      warnings,
      releaseHow:
        "Railway runs each as the service's pre-deploy command (preDeployCommand in .railway/railway.ts, deploy.preDeployCommand in a railway.json): in a container of the new image with the service's variables and private network, before the new deployment replaces the old one; a failure stops the deploy. Volumes are not mounted there.",
    }),
  );
  return {
    files,
    warnings,
    nextSteps: [
      `Install the Railway CLI ${MIN_CLI_VERSION} or newer and run "npm install --save-dev railway".`,
      'Run "railway config plan", then "railway config apply".',
      'Set the secrets and deploy the services as DEPLOY.md shows.',
    ],
  };
}
