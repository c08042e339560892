/**
 * Railway's files: `.railway/railway.ts`, the project written in Railway's Infrastructure-as-Code
 * DSL (`railway/iac`, applied with `railway config plan` / `railway config apply`), with the
 * replicas, volumes and region of the same model the estimate priced; with `--railway-legacy`
 * also one Config-as-Code `railway.json` per service; plus the common .env.example, DEPLOY.md
 * and schema SQL.
 * DSL reference: https://docs.railway.com/infrastructure-as-code/reference
 * Config as Code: https://docs.railway.com/config-as-code/reference
 */
import type { EnvSource, EnvVar } from '../../core/answers.js';
import { primaryPublicService, type Service, type Stack } from '../../core/stack.js';
import { warning, type Warning } from '../../core/warnings.js';
import { commonFiles, headerText, type DeployStep } from '../../render/common.js';
import { shell } from '../../render/serialize.js';
import { formatMb } from '../shared.js';
import type { FilePlan, GeneratedPlan, GenerateContext } from '../types.js';
import type { RailwayContainer, RailwayModel } from './model.js';

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
}

export interface IacService {
  id: string;
  name: string;
  comment: string;
  image: string | null;
  /** Build from a Dockerfile (services with a build context and no image). */
  build: { context: string; dockerfilePath: string } | null;
  start: string | null;
  healthcheck: string | null;
  public: boolean;
  port: number | null;
  region: string;
  replicas: number;
  domains: { domain: string; port: number | null }[];
  volume: { id: string; mountPath: string } | null;
  env: IacVar[];
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

/**
 * The project as the DSL describes it, read from the model (replicas, volume sizes, region)
 * and the stack (sources, commands, variables). Pure.
 */
export function railwayIac(model: RailwayModel, stack: Stack): RailwayIac {
  const warnings: Warning[] = [];
  const ids = new Set<string>();
  // Services keep their slugs; databases and stores that collide with one are renamed.
  const names = new Set(stack.services.map((s) => s.slug));
  const railwayName = (kind: string, wanted: string): string => {
    const name = uniqueName(wanted, names);
    if (name !== wanted) {
      warnings.push(
        warning('railway.name.normalised', 'warning', `${kind} "${wanted}" is named "${name}" on Railway, where services and databases share one set of names.`, {
          fix: 'Rename the service or database if you prefer another name.',
        }),
      );
    }
    return name;
  };

  const databases = stack.postgres.instances.map((p) => {
    const c = container(model, 'postgres', p.name);
    const name = railwayName('Postgres', p.name);
    return {
      instance: p.name,
      id: identifier(name, 'Db', ids),
      name,
      region: model.region,
      comment: `Postgres for ${p.usedBy.join(', ') || 'no service'}: ${round(c.volume?.sizeGb ?? p.storageGb)} GB of data priced. The DSL sets no size for a database's volume; check it in the volume's settings.`,
    };
  });
  const keyValues = stack.keyValue.map((kv) => {
    const c = container(model, 'key-value', kv.name);
    const name = railwayName('Key-value store', kv.name);
    return { store: kv.name, id: identifier(name, 'Store', ids), name, region: model.region, comment: `Redis for ${kv.usedBy.join(', ') || 'no service'}: ${formatMb(c.memoryMb)} priced.` };
  });
  const dbId = new Map(databases.map((d) => [d.instance, d.id]));
  const kvId = new Map(keyValues.map((k) => [k.store, k.id]));

  const volumeNames = new Set<string>();
  const volumes: RailwayIac['volumes'] = [];
  const domainService = stack.domain ? primaryPublicService(stack) : undefined;

  const services: IacService[] = stack.services.map((s) => {
    const c = container(model, 'service', s.slug);
    let volume: IacService['volume'] = null;
    if (c.volume && c.replicas > 1) {
      warnings.push(
        warning('railway.volume-replicas', 'warning', `${s.slug} has a volume and ${c.replicas} replicas; Railway does not run replicas of a service with a volume.`, {
          service: s.slug,
          fix: 'Run it as 1 replica, or move its data to Postgres.',
        }),
      );
    }
    if (c.volume) {
      const name = uniqueName(`${s.slug}-data`, volumeNames);
      const id = identifier(name, 'Volume', ids);
      volumes.push({
        id,
        name,
        region: model.region,
        sizeMB: Math.round(c.volume.sizeGb * 1024),
        comment: `Volume of ${s.slug}: ${round(c.volume.sizeGb)} GB priced, mounted at ${c.volume.mountPath}.`,
      });
      volume = { id, mountPath: c.volume.mountPath };
    }
    const build = s.build && !s.image ? { context: s.build.context, dockerfilePath: s.build.dockerfile ?? 'Dockerfile' } : null;
    return {
      id: identifier(s.slug, 'Service', ids),
      name: s.slug,
      comment: serviceComment(s, c),
      image: s.image ?? null,
      build,
      start: s.command ?? null,
      healthcheck: s.public ? (s.healthPath ?? null) : null,
      public: s.public,
      port: s.port ?? null,
      region: model.region,
      replicas: c.replicas,
      domains: domainService?.slug === s.slug && stack.domain ? [{ domain: stack.domain, port: s.port ?? null }] : [],
      volume,
      env: serviceEnv(s, s.database ? (dbId.get(s.database.instance) ?? null) : null, s.keyValue ? (kvId.get(s.keyValue) ?? null) : null, warnings),
    };
  });

  const used = (kind: IacVar['kind']) => services.some((s) => s.env.some((e) => e.kind === kind));
  const imports = ['defineRailway'];
  if (services.some((s) => s.image)) imports.push('image');
  if (databases.length > 0) imports.push('postgres');
  if (used('preserve')) imports.push('preserve');
  imports.push('project');
  if (keyValues.length > 0) imports.push('redis');
  imports.push('service');
  if (volumes.length > 0) imports.push('volume');

  return {
    projectName: stack.slug,
    imports,
    databases: databases.map(({ instance: _i, ...d }) => d),
    keyValues: keyValues.map(({ store: _s, ...k }) => k),
    volumes,
    services,
    resources: [...databases.map((d) => d.id), ...keyValues.map((k) => k.id), ...volumes.map((v) => v.id), ...services.map((s) => s.id)],
    warnings,
  };
}

function serviceComment(s: Service, c: RailwayContainer): string {
  const named = s.name !== s.slug ? ` ("${s.name}")` : '';
  const what = s.description ? `: ${s.description}` : '';
  const replicas = c.replicas === 1 ? '1 replica' : `${c.replicas} replicas`;
  return `${s.slug}${named}${what}. Priced at ${formatMb(c.memoryMb)} and ${c.vcpu} vCPU per replica, ${replicas}; Railway bills what it uses.`;
}

/**
 * Variables: plain values as literals, database and store values as typed references, and
 * everything else (secrets, values only the user knows) as preserve(): applying keeps what
 * Railway holds and never writes a value. A `PORT` is added for services with a port, because
 * Railway runs health checks and routes its domains against `PORT`.
 */
function serviceEnv(s: Service, db: string | null, kv: string | null, warnings: Warning[]): IacVar[] {
  const out: IacVar[] = [];
  const seen = new Set<string>();
  if (s.port !== undefined && !s.env.some((e) => e.name === 'PORT')) {
    out.push({ name: 'PORT', kind: 'literal', value: String(s.port), ref: null, comment: 'Railway health checks and domains use this port' });
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
    const v = iacVar(e, db, kv);
    if (v.kind === 'literal' && v.value !== null && v.value.includes('${{')) {
      warnings.push(
        warning('railway.env.reference-syntax', 'warning', `${s.slug}: the value of ${e.name} contains "\${{", which Railway reads as a reference to another variable.`, {
          service: s.slug,
          fix: 'Change the value if it is not meant as a Railway reference.',
        }),
      );
    }
    out.push(v);
  }
  return out;
}

function iacVar(e: EnvVar, db: string | null, kv: string | null): IacVar {
  const base = { name: e.name, value: null, ref: null };
  const about = e.description ?? null;
  if (e.from === 'key-value-url' && kv) return { ...base, kind: 'reference', ref: { id: kv, output: 'REDIS_URL' }, comment: about };
  if (e.from && e.from !== 'key-value-url' && db) return { ...base, kind: 'reference', ref: { id: db, output: POSTGRES_OUTPUT[e.from] }, comment: about };
  if (!e.secret && e.value !== undefined) return { ...base, kind: 'literal', value: e.value, comment: about };
  const label = e.secret ? 'secret' : 'set it in Railway';
  return { ...base, kind: 'preserve', comment: about ? `${label}: ${about}` : label };
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

/** A legacy Config-as-Code file of one service (schema: https://railway.com/railway.schema.json). */
export interface LegacyConfig {
  dockerfilePath: string | null;
  startCommand: string | null;
  healthcheckPath: string | null;
  region: string;
  replicas: number;
}

function legacyConfig(s: IacService): LegacyConfig {
  return {
    dockerfilePath: s.build?.dockerfilePath ?? null,
    startCommand: s.start,
    healthcheckPath: s.healthcheck,
    region: s.region,
    replicas: s.replicas,
  };
}

/** The stack as Railway names it: renamed databases, and `railway` as every database's name. */
function railwayView(stack: Stack, iacDatabases: readonly IacResource[]): Stack {
  const renamed = new Map(stack.postgres.instances.map((p, i) => [p.name, iacDatabases[i]?.name ?? p.name]));
  return {
    ...stack,
    postgres: {
      ...stack.postgres,
      instances: stack.postgres.instances.map((p) => ({ ...p, name: renamed.get(p.name)!, databases: [RAILWAY_DATABASE] })),
    },
    services: stack.services.map((s) =>
      s.database ? { ...s, database: { ...s.database, instance: renamed.get(s.database.instance)!, database: RAILWAY_DATABASE } } : s,
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

function deploySteps(iac: RailwayIac, stack: Stack, model: RailwayModel, legacy: boolean): DeployStep[] {
  const steps: DeployStep[] = [
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
      text: `railway init creates the project and links this folder to it; to use an existing project, run railway link instead. The estimate assumes the ${model.plan.name} plan: choose it for the workspace in the dashboard.`,
      commands: ['railway login', `railway init --name ${shell(iac.projectName)}`],
    },
    {
      title: 'Preview and apply .railway/railway.ts',
      text: 'plan shows what Railway would create: services, Postgres, volumes, domains and variables. apply asks before it changes anything. Secrets are declared with preserve(), so applying keeps any value set in Railway and never writes one.',
      commands: ['railway config plan', 'railway config apply'],
    },
  ];
  if (legacy) {
    steps.push({
      title: 'Only for services that still use Config as Code: point them at their railway.json',
      text:
        `Railway stops reading railway.json files on 2026-12-01, and services created since 2026-08-28 cannot use them. A service cannot be managed by both systems: railway config plan stops on a service that a railway.json manages. ` +
        `For such a service, open its Settings and set the config file path to the absolute path of its file, such as /${legacyConfigPath(iac.services[0]?.name ?? 'SERVICE')}; Railway reads it from the service's repository. Move it to .railway/railway.ts when you can (railway config migrate).`,
      commands: [],
    });
  }
  if (stack.postgres.layout === 'shared' && iac.databases.length > 0) {
    const db = iac.databases[0]!;
    steps.push({
      title: 'Create one schema per service in the shared database',
      text: `Railway's Postgres names its database ${RAILWAY_DATABASE}; each service selects its schema with DATABASE_SCHEMA. railway run passes the database's variables to psql (installed locally) over Railway's public TCP proxy:`,
      commands: [`railway run --service ${shell(db.name)} -- sh -c 'psql "$DATABASE_PUBLIC_URL" -f db/schemas.sql'`],
    });
  }
  const toSet = iac.services.flatMap((s) =>
    s.env.filter((e) => e.kind === 'preserve').map((e) => `railway variable set ${shell(e.name)} --stdin --service ${shell(s.name)}`),
  );
  if (toSet.length > 0) {
    steps.push({
      title: 'Set the secrets and the values only you know',
      text: "Each command reads the value from standard input: paste it, press Enter, then Ctrl-D. The service's Variables tab in the dashboard does the same.",
      commands: toSet,
    });
  }
  const built = iac.services.filter((s) => !s.image);
  if (built.length > 0) {
    steps.push({
      title: 'Deploy the services built from a folder',
      text:
        'The file names no repository for them (stackfare does not know it): railway up uploads the folder and builds its Dockerfile. ' +
        'To deploy from GitHub instead, give the service source: github("OWNER/REPO", { rootDirectory: "FOLDER" }) in .railway/railway.ts, with your repository, and apply again.',
      commands: built.map((s) => `railway up ${shell(s.build?.context ?? '.')} --path-as-root --service ${shell(s.name)} --detach`),
    });
  }
  const publicServices = iac.services.filter((s) => s.public);
  if (publicServices.length > 0) {
    steps.push({
      title: 'Give the public services a Railway domain',
      text: 'Each command prints the service\'s *.up.railway.app address.',
      commands: publicServices.map((s) => `railway domain --service ${shell(s.name)}${s.port !== null ? ` --port ${s.port}` : ''}`),
    });
  }
  if (stack.domain) {
    const target = iac.services.find((s) => s.domains.length > 0);
    steps.push({
      title: `Point ${stack.domain} at Railway`,
      text: `.railway/railway.ts attaches ${stack.domain} to ${target?.name ?? 'the primary service'}. Its Settings, under Networking, show a CNAME record and a TXT record: add both at your DNS provider. Railway issues the certificate once it has verified them.`,
      commands: [],
    });
  }
  const check = iac.services.find((s) => s.domains.length > 0 && s.healthcheck) ?? iac.services.find((s) => s.healthcheck);
  if (check) {
    const host = check.domains[0]?.domain ?? 'DOMAIN';
    steps.push({
      title: 'Check that the services answer',
      text: host === 'DOMAIN' ? `Replace DOMAIN with the address railway domain printed for ${check.name}.` : null,
      commands: [`curl -fsS ${shell(`https://${host}${check.healthcheck}`)}`, `railway logs --service ${shell(check.name)}`],
    });
  }
  return steps;
}

/** Railway's files for the model the estimate priced. */
export function railwayFilesPlan(model: RailwayModel, stack: Stack, ctx: GenerateContext): GeneratedPlan {
  const iac = railwayIac(model, stack);
  const legacy = ctx.options.railwayLegacy;
  const warnings: Warning[] = [...iac.warnings];
  if (stack.slug !== stack.name) {
    warnings.push(warning('railway.project-name', 'info', `The Railway project is named "${stack.slug}" (from "${stack.name}").`));
  }
  if (legacy) warnings.push(LEGACY_WARNING);
  const header = headerText(ctx);
  const files: FilePlan[] = [{ path: '.railway/railway.ts', template: 'railway/railway.ts', context: { header, ...iac } }];
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
      secretsHowTo:
        '.railway/railway.ts declares each of them with preserve(), so railway config apply keeps the value Railway holds and never overwrites it. Set them with railway variable set NAME --stdin --service SERVICE, or in the service\'s Variables tab.',
      warnings,
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
