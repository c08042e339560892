/**
 * Fly.io's files: one fly.toml per service (each service is its own Fly app), sized from the
 * same FlyModel the estimate priced, plus the common .env.example, DEPLOY.md and schema SQL.
 * Managed Postgres, secrets, scaling and certificates are flyctl commands in DEPLOY.md.
 * Field reference: https://fly.io/docs/reference/configuration/ ; commands checked against the
 * flyctl reference (https://fly.io/docs/flyctl/) and flyctl's source.
 */
import { posix } from 'node:path';
import { imageRow } from '../../compose/image-table.js';
import { groupBy } from '../../core/collections.js';
import { uniqueNamer } from '../../core/names.js';
import type { FileToRender, GenerateContext, GeneratedFiles } from '../../core/platform.js';
import { primaryPublicService, publicRefValue, refValue, type Service, type Stack } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import { shell } from '../../render/serialize.js';
import { commonFiles, type DataMigration, type DeployStep, headerText, urlVar } from '../../render/stack-files.js';
import { type BootstrapTarget, bootstrapFed, bootstrapSteps } from '../bootstrap.js';
import { unbakedMountWarnings } from '../mount-image.js';
import type { FlyApp, FlyModel } from './model.js';

/** Fly app names are DNS labels under fly.dev: lower-case letters, digits and dashes, at most 63. */
export const FLY_APP_NAME_MAX = 63;
const FLY_APP_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Every volume is per app, so one fixed name is unique; it also fits every rule Fly has used. */
const VOLUME_NAME = 'data';

/** Health checks: a generous grace period, since LiteLLM and Phoenix take a while to boot. */
const CHECK_TIMING = { gracePeriod: '30s', interval: '30s', timeout: '5s' } as const;

/** True when a name is a valid Fly app name. */
export function isFlyAppName(name: string): boolean {
  return name.length <= FLY_APP_NAME_MAX && FLY_APP_NAME.test(name);
}

/**
 * Fly app names for the services: `<project-slug>-<service-slug>`, unique, within Fly's limit.
 * Both parts are already slugs; a name over the limit keeps the service part whole and trims
 * the project part, and says so.
 */
export function flyAppNames(
  projectSlug: string,
  serviceSlugs: readonly string[],
  max: number = FLY_APP_NAME_MAX,
): { names: string[]; shortened: { service: string; name: string }[] } {
  const claim = uniqueNamer(max);
  const shortened: { service: string; name: string }[] = [];
  const names = serviceSlugs.map((service) => {
    const full = `${projectSlug}-${service}`;
    let base = full;
    if (base.length > max) {
      const room = max - service.length - 1;
      const project = room > 0 ? projectSlug.slice(0, room).replace(/-+$/, '') : '';
      base = (project ? `${project}-${service}` : service).slice(0, max).replace(/-+$/, '');
    }
    const name = claim(base);
    if (name !== full) shortened.push({ service, name });
    return name;
  });
  return { names, shortened };
}

/** Memory as fly.toml writes it: `512mb`, `1gb`, `1536mb`. */
export function flyMemory(memoryMb: number): string {
  return memoryMb % 1024 === 0 ? `${memoryMb / 1024}gb` : `${memoryMb}mb`;
}

/** The repository-relative folder of a service's fly.toml. */
export function flyConfigPath(slug: string): string {
  return `fly/${slug}/fly.toml`;
}

/**
 * `[build] dockerfile` as flyctl reads it: relative to the fly.toml's own folder
 * (flyctl joins it with the config file's directory). The stack's dockerfile, as in
 * docker-compose, is relative to the build context; the context is relative to the root.
 */
function dockerfileFromConfig(build: { context: string; dockerfile?: string }): string {
  const dockerfile = build.dockerfile ?? 'Dockerfile';
  const fromRoot = posix.isAbsolute(dockerfile) ? dockerfile : posix.join(build.context, dockerfile);
  return posix.isAbsolute(fromRoot) ? fromRoot : posix.join('..', '..', fromRoot);
}

/** Variables the user must set as Fly secrets: secrets, and values Fly cannot supply itself. */
export function secretNames(s: Service): string[] {
  return s.env
    .filter((e) => {
      // A reference is written to [env] as the target's private address.
      if (e.ref) return false;
      // fly mpg attach sets the URL; other parts of the connection come from the cluster's details.
      if (e.from === 'database-url') return !s.database;
      if (e.from) return true;
      return e.secret || e.value === undefined;
    })
    .map((e) => e.name);
}

/** Where each app (by stack slug) is reached: privately (`.flycast`/`.internal`) and publicly (`.fly.dev` or the custom domain). */
interface AppHosts {
  private(slug: string): string | undefined;
  public(slug: string): string | undefined;
}

/**
 * Plain values written to `[env]`: literals as written, and references to another app in
 * Fly's private form (`<app>.flycast` or `<app>.internal`), public URLs as the app's `.fly.dev`
 * host or the custom domain.
 */
function envValues(s: Service, hosts: AppHosts): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const e of s.env) {
    if (e.ref?.public) {
      const host = hosts.public(e.ref.service);
      if (host) out.push({ name: e.name, value: publicRefValue(e.ref, host) });
    } else if (e.ref) {
      const host = hosts.private(e.ref.service);
      if (host) out.push({ name: e.name, value: refValue(e.ref, host, e.ref.port) });
    } else if (!e.secret && !e.from && e.value !== undefined) out.push({ name: e.name, value: e.value });
  }
  return out;
}

/** The URL variable `fly mpg attach` should set, when the service uses Postgres. */
function databaseUrlVar(s: Service): string | null {
  if (!s.database) return null;
  return s.env.find((e) => e.from === 'database-url')?.name ?? 'DATABASE_URL';
}

/**
 * Database URL variables the attach cannot set as they are: a second URL variable of the same
 * app (`fly mpg attach` sets one), or a URL whose scheme is not the plain postgresql:// Fly writes
 * (`postgresql+asyncpg`, `db+postgresql`).
 */
function urlsToSet(s: Service): { name: string; scheme: string }[] {
  if (!s.database) return [];
  const urls = s.env.filter((v) => v.from === 'database-url');
  return urls
    .map((v, i) => ({ name: v.name, scheme: v.scheme ?? 'postgresql', attached: i === 0 }))
    .filter((v) => !v.attached || !['postgres', 'postgresql'].includes(v.scheme))
    .map(({ name, scheme }) => ({ name, scheme }));
}

/**
 * What `fly postgres attach` writes (`postgres://USER:PASSWORD@CLUSTER.flycast:5432/DB?sslmode=disable`)
 * turned into the URL each variable's driver reads: its scheme, and no `sslmode` query for the
 * drivers that reject it (SQLAlchemy's asyncpg passes it on as an unknown argument; Phoenix
 * builds an asyncpg URL itself and refuses the postgres scheme). Plain libpq and Prisma URLs keep it.
 */
export function devUrlRewrites(s: Service): { name: string; scheme: string; dropQuery: boolean }[] {
  if (!s.database) return [];
  const phoenix = imageRow(s.image)?.id === 'phoenix';
  return s.env
    .filter((v) => v.from === 'database-url')
    .map((v, i) => {
      const scheme = v.scheme ?? 'postgresql';
      return { name: v.name, scheme: phoenix ? 'postgresql' : scheme, dropQuery: phoenix || /\+asyncpg$/.test(scheme), attached: i === 0 };
    })
    .filter((v) => !v.attached || v.dropQuery || !['postgres', 'postgresql'].includes(v.scheme))
    .map(({ name, scheme, dropQuery }) => ({ name, scheme, dropQuery }));
}

/** The sed program that rewrites an attach URL for one variable. */
export function devUrlSed(r: { scheme: string; dropQuery: boolean }): string {
  return [`-e ${shell(`s#^postgres://#${r.scheme}://#`)}`, ...(r.dropQuery ? [`-e ${shell('s#?sslmode=disable$##')}`] : [])].join(' ');
}

/**
 * Attaches an app to the self-run Postgres; where its driver needs another URL, captures the URL
 * the attach prints and sets the rewritten one from it (never shown, never in a command line).
 */
function devAttach(cluster: string, p: AppPlan): string[] {
  const db = p.service.database!;
  const variable = databaseUrlVar(p.service)!;
  // --yes: a second app of a compose-shared database confirms attaching to the existing database.
  const attach = `fly postgres attach ${shell(cluster)} --app ${shell(p.name)} --database-name ${shell(db.database)} --variable-name ${shell(variable)} --yes`;
  const rewrites = devUrlRewrites(p.service);
  if (rewrites.length === 0) return [attach];
  const v = `${p.service.slug.replace(/[^A-Za-z0-9]+/g, '_').toLowerCase()}_attach_url`;
  return [
    `${v}="$(${attach} | sed -n ${shell(`s/^ *${variable}=//p`)})"`,
    `: "\${${v}:?fly postgres attach printed no ${variable}}"`,
    `printf '${rewrites.map((r) => `${r.name}=%s\\n`).join('')}' ${rewrites.map((r) => `"$(printf %s "$${v}" | sed ${devUrlSed(r)})"`).join(' ')} | fly secrets import --stage --app ${shell(p.name)}`,
  ];
}

/** Sets an app's secrets from the shell variables of the same names, through stdin. */
export function flySecretsImport(app: string, names: readonly string[], from: (name: string) => string = (n) => n): string {
  return `printf '${names.map((n) => `${n}=%s\\n`).join('')}' ${names.map((n) => `"$${from(n)}"`).join(' ')} | fly secrets import --app ${shell(app)}`;
}

/** A repository path as flyctl reads it from the root: no leading `./`. */
function rootPath(path: string): string {
  return posix.normalize(path).replace(/^(\.\/)+/, '');
}

/** True when a service's own settings bind it to IPv4 only (`0.0.0.0`), which `.internal` cannot reach. */
function bindsIpv4Only(s: Service): boolean {
  const texts = [s.command ?? '', s.entrypoint ?? '', ...s.env.map((e) => (e.secret ? '' : (e.value ?? '')))];
  return texts.some((t) => /(^|[\s=:"'])0\.0\.0\.0(\b|$)/.test(t));
}

/** A shell variable that holds a cluster ID: `postgres` → `POSTGRES_ID`. */
function clusterIdVar(instance: string): string {
  const id = instance
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Z]/.test(id) ? `${id}_ID` : `PG_${id}_ID`;
}

/**
 * Fly's databases sit on its private network: a local tunnel per cluster (fly mpg proxy for
 * Managed Postgres, fly proxy for the self-run app), and the URL's credentials from the
 * dashboard's Connect tab (or what fly postgres create printed).
 */
function flyDataMigration(model: FlyModel, stack: Stack): DataMigration {
  const setup: string[] = [];
  const targets: DataMigration['targets'] = [];
  model.postgres.forEach((pg, i) => {
    const instance = stack.postgres.instances.find((x) => x.name === pg.name);
    const cluster = `${stack.slug}-${pg.name}`;
    const variable = urlVar(cluster);
    if (pg.dev) {
      const port = 15432 + i;
      setup.push(
        `fly proxy ${port}:5432 --app ${shell(cluster)} &   # a tunnel to ${cluster}; stop it with kill %% when done`,
        `: "\${${variable.replace(/_URL$/, '_PASSWORD')}:?export ${variable.replace(/_URL$/, '_PASSWORD')} first: the superuser password fly postgres create printed}"`,
        `export ${variable}="postgresql://postgres:\${${variable.replace(/_URL$/, '_PASSWORD')}}@localhost:${port}"`,
      );
    } else {
      const port = 16380 + i;
      setup.push(
        `fly mpg proxy "$${clusterIdVar(pg.name)}" --local-port ${port} &   # a tunnel to ${cluster}; stop it with kill %% when done`,
        `: "\${${variable.replace(/_URL$/, '_LOGIN')}:?export ${variable.replace(/_URL$/, '_LOGIN')} first: USER:PASSWORD of the direct URL in the Connect tab of ${cluster}}"`,
        `export ${variable}="postgresql://\${${variable.replace(/_URL$/, '_LOGIN')}}@localhost:${port}"`,
      );
    }
    for (const db of instance?.databases ?? []) targets.push({ name: db, url: `"$${variable}/${db}"` });
  });
  return {
    text: "Fly's Postgres is reachable only on its private network, so the copy runs through a local tunnel per cluster, with the credentials from the cluster's page.",
    setup,
    targets,
  };
}

interface AppPlan {
  app: FlyApp;
  service: Service;
  name: string;
  configPath: string;
  deployCommand: string;
  /** Private and listening: reachable through Flycast on every port it declares. */
  flycast: boolean;
  /** How the other apps address it: `<app>.flycast` (private) or `<app>.internal` (public). */
  privateHost: string;
}

function deployCommand(s: Service, isPublic: boolean): string {
  const configPath = flyConfigPath(s.slug);
  const flags = ['--ha=false', ...(isPublic ? [] : ['--no-public-ips'])].join(' ');
  if (s.build && !s.image) {
    // The first argument is the build context (flyctl changes into it before it reads the
    // config), so the config path is absolute and the context matches docker-compose's.
    return `fly deploy ${shell(s.build.context)} --config "$PWD"/${shell(configPath)} ${flags}`;
  }
  return `fly deploy --config ${shell(configPath)} ${flags}`;
}

/** The context of one fly.toml. */
function flyToml(p: AppPlan, model: FlyModel, ctx: GenerateContext, hosts: AppHosts) {
  const { app, service: s } = p;
  const build = s.image ? { image: s.image, dockerfile: null } : s.build ? { image: null, dockerfile: dockerfileFromConfig(s.build) } : null;
  const check = s.healthPath ? { path: s.healthPath, ...CHECK_TIMING } : null;
  const listening = s.port !== undefined;
  const secrets = secretNames(s);
  // Flycast reaches only the ports a [[services]] block declares: one block per port others use.
  const privateServices =
    !app.public && listening
      ? s.ports.map((port, i) => ({
          port,
          count: app.count,
          autoStop: app.autoStop ? true : null,
          address: `${p.name}.flycast:${port}`,
          httpCheck: i === 0 ? check : null,
          tcpCheck: i === 0 && !check ? { ...CHECK_TIMING } : null,
        }))
      : [];
  // [[files]] writes a file of the repository into the machine; only for pulled images (a build copies its own).
  const files = s.image ? s.mounts.filter((m) => !isFolder(m.source)).map((m) => ({ localPath: rootPath(m.source), guestPath: m.target })) : [];
  return {
    header: headerText(ctx),
    service: s.slug,
    deployCommand: p.deployCommand,
    app: p.name,
    primaryRegion: model.region,
    build,
    env: envValues(s, hosts),
    secrets: secrets.length > 0 ? secrets.join(', ') : null,
    command: s.command ?? null,
    entrypoint: s.entrypoint ?? null,
    // Fly runs it in a temporary Machine of the new image, with the app's secrets, before the Machines are updated.
    releaseCommand: s.release?.command ?? null,
    files,
    http: app.public && listening ? { port: s.port!, count: app.count, autoStop: app.autoStop ? true : null, check } : null,
    privateServices,
    vm: { size: app.machine.preset, memory: flyMemory(app.machine.memoryMb), cpuKind: app.machine.cpuKind, cpus: app.machine.vcpus },
    mount: app.volume ? { source: VOLUME_NAME, destination: app.volume.mountPath, initialSize: `${app.volume.sizeGb}gb` } : null,
  };
}

/** A mount source that names a folder (trailing slash, or no extension in its last part): [[files]] carries files only. */
function isFolder(source: string): boolean {
  const last = source.replace(/\/+$/, '').split('/').at(-1) ?? '';
  return source.endsWith('/') || !last.includes('.') || last === '.' || last === '..';
}

/** DEPLOY.md's steps with flyctl's real commands. */
function steps(plans: readonly AppPlan[], model: FlyModel, stack: Stack): DeployStep[] {
  const appBySlug = new Map(plans.map((p) => [p.service.slug, p]));
  return [
    {
      title: 'Install flyctl and log in',
      text: 'Run every command below from the root of the repository.',
      commands: ['curl -L https://fly.io/install.sh | sh', 'fly auth login'],
    },
    {
      title: 'Create one Fly app per service',
      text: 'App names are global across Fly.io. If one is taken, pick another and change app in its fly.toml, in the commands below and in the [env] addresses (NAME.flycast, NAME.internal) of the other apps. Add --org ORG to choose an organization.',
      commands: plans.map((p) => `fly apps create ${shell(p.name)}`),
    },
    ...model.postgres.map((pg, index) => postgresStep(pg, index, model, stack, appBySlug)),
    ...reschemeSteps(model, stack, appBySlug),
    ...stack.keyValue.map((kv) => ({
      title: `Create the key-value store ${kv.name} (Upstash Redis, not in the estimate)`,
      text: `Copy the redis:// URL it prints; it is the value of the key-value variable (REDIS_URL) of ${kv.usedBy.join(', ') || 'its services'} in the next step.`,
      commands: [`fly redis create --name ${shell(`${stack.slug}-${kv.name}`)} --region ${shell(model.region)} --no-replicas`],
    })),
    ...secretsSteps(plans, stack),
    deployStep(plans),
    ...scaleSteps(plans),
    ...domainSteps(stack, appBySlug),
    checkStep(plans),
  ];
}

type FlyPostgres = FlyModel['postgres'][number];

/** The apps a Postgres instance's databases belong to. */
function postgresUsers(pg: FlyPostgres, stack: Stack, appBySlug: ReadonlyMap<string, AppPlan>): AppPlan[] {
  const instance = stack.postgres.instances.find((i) => i.name === pg.name);
  return (instance?.usedBy ?? []).map((slug) => appBySlug.get(slug)).filter((p): p is AppPlan => p !== undefined);
}

/** Creating one Postgres (self-run or Managed) and attaching each app to its database. */
function postgresStep(pg: FlyPostgres, index: number, model: FlyModel, stack: Stack, appBySlug: ReadonlyMap<string, AppPlan>): DeployStep {
  const cluster = `${stack.slug}-${pg.name}`;
  const users = postgresUsers(pg, stack, appBySlug);
  if (pg.dev) return devPostgresStep(pg, cluster, model, users);
  const idVar = clusterIdVar(pg.name);
  const instance = stack.postgres.instances.find((i) => i.name === pg.name);
  const commands = [
    `fly mpg create --name ${shell(cluster)} --region ${shell(model.region)} --plan ${shell(pg.plan.id)} --volume-size ${pg.storageGb}`,
    'fly mpg list',
    `: "\${${idVar}:?export ${idVar} first: the ID of ${cluster} that fly mpg list shows}"`,
    ...(instance?.databases ?? []).map((db) => `fly mpg databases create "$${idVar}" --name ${shell(db)}`),
    ...users.map((p) => {
      const db = p.service.database!;
      const variable = databaseUrlVar(p.service)!;
      return `fly mpg attach "$${idVar}" --app ${shell(p.name)} --database ${shell(db.database)} --variable-name ${shell(variable)}`;
    }),
  ];
  return {
    title: `Create the Managed Postgres cluster ${cluster} (${pg.plan.name}, ${pg.storageGb} GB) and attach it`,
    text:
      index === 0
        ? "Note the cluster ID that fly mpg list prints. Each app gets its own database (fly mpg databases create), and fly mpg attach stores that database's connection string as a secret on the app under the variable the app reads; nothing is written to these files."
        : null,
    commands,
  };
}

/** The self-run "Development" Postgres app: one machine and one volume, attached per app. */
function devPostgresStep(pg: FlyPostgres, cluster: string, model: FlyModel, users: readonly AppPlan[]): DeployStep {
  return {
    title: `Create the self-run Postgres app ${cluster} (${pg.unmanaged.machine.preset}, ${pg.unmanaged.volumeGb} GB volume) and attach it`,
    text:
      "Not supported by Fly.io: one node, no standby; you run backups, upgrades and failover. fly postgres attach creates each app's database and user and stores the connection string as a secret on the app, as postgres://...?sslmode=disable. " +
      "Where an app's driver reads another form (postgresql+asyncpg:// without sslmode for SQLAlchemy's asyncpg, postgresql:// without it for Phoenix), the commands keep the URL the attach prints in a shell variable and set the rewritten one with fly secrets import.",
    commands: [
      `fly postgres create --name ${shell(cluster)} --region ${shell(model.region)} --initial-cluster-size 1 --vm-size ${shell(pg.unmanaged.machine.preset)} --volume-size ${pg.unmanaged.volumeGb}`,
      // --vm-size gives the preset's smallest memory; a sized database is scaled up to what was priced.
      ...(pg.unmanaged.machine.memoryMb > pg.unmanaged.presetMemoryMb ? [`fly scale memory ${pg.unmanaged.machine.memoryMb} --app ${shell(cluster)}`] : []),
      ...users.flatMap((p) => devAttach(cluster, p)),
    ],
  };
}

/**
 * The database URLs a Managed Postgres attach cannot write (another scheme than postgresql://),
 * set from the login the person exports. A self-run Postgres rewrites its own (devAttach).
 */
function reschemeSteps(model: FlyModel, stack: Stack, appBySlug: ReadonlyMap<string, AppPlan>): DeployStep[] {
  const rescheme = model.postgres
    .filter((pg) => !pg.dev)
    .flatMap((pg) =>
      postgresUsers(pg, stack, appBySlug)
        .filter((p) => urlsToSet(p.service).length > 0)
        .map((plan) => ({ plan, cluster: `${stack.slug}-${pg.name}` })),
    );
  if (rescheme.length === 0) return [];
  return [
    {
      title: 'Set the database URLs the attach cannot write',
      text:
        'The attach sets one postgresql:// URL per app, and Fly cannot rewrite a secret. ' +
        rescheme.flatMap(({ plan }) => urlsToSet(plan.service).map((u) => `${u.name} of ${plan.name} must start with ${u.scheme}://`)).join('; ') +
        ". Copy the connection string of the app's database from the cluster's Connect tab in the Fly dashboard" +
        ', put the scheme in front of it instead of postgresql:// (or postgres://), and set it:',
      // USER:PASSWORD@HOST comes from a variable the person exports, never typed into the command.
      commands: rescheme.flatMap(({ plan, cluster }) => {
        const login = `${clusterIdVar(cluster).replace(/_ID$/, '')}_LOGIN_HOST`;
        return [
          `: "\${${login}:?export ${login} first: user:password@host of the connection string in the Connect tab of ${cluster}}"`,
          `fly secrets set --stage --app ${shell(plan.name)} ${urlsToSet(plan.service)
            .map((u) => `${u.name}="${u.scheme}://\${${login}}:5432/${plan.service.database!.database}"`)
            .join(' ')}   # the connection string of database ${plan.service.database!.database} on ${cluster}`,
        ];
      }),
    },
  ];
}

/** Each app's secrets, imported from the person's environment (the bootstrap feeds some itself). */
function secretsSteps(plans: readonly AppPlan[], stack: Stack): DeployStep[] {
  const fed = bootstrapFed(stack);
  const toSet = plans
    .map((p) => ({ plan: p, names: secretNames(p.service).filter((n) => !fed.has(`${p.service.slug}\u0000${n}`)) }))
    .filter((x) => x.names.length > 0);
  if (toSet.length === 0) return [];
  const all = [...new Set(toSet.flatMap((x) => x.names))];
  return [
    {
      title: "Set each app's secrets",
      text:
        'fly secrets import reads NAME=VALUE lines from standard input, so no value is in a command line; --stage stores them for the first deploy. Export each variable first, with a leading space so your shell history skips it (bash with HISTCONTROL=ignorespace); ' +
        'the checks stop at the first one missing. Values are never written to these files.',
      commands: [
        ...all.map((n) => `: "\${${n}:?export ${n} first}"`),
        ...toSet.map((x) => flySecretsImport(x.plan.name, x.names).replace(' | fly secrets import ', ' | fly secrets import --stage ')),
      ],
    },
  ];
}

/** Deploying each app, with Flycast addresses for the private ones first. */
function deployStep(plans: readonly AppPlan[]): DeployStep {
  const flycast = plans.filter((p) => p.flycast);
  return {
    title: 'Deploy each app',
    text: [
      'Each command builds (or pulls) the image and starts one machine; --ha=false keeps Fly from starting a second one, so the machine count is the one priced.',
      ...(plans.some((p) => p.app.volume) ? ['The [[mounts]] section creates the volume on the first deploy.'] : []),
      ...(plans.some((p) => p.app.public === false && p.service.port !== undefined)
        ? ['--no-public-ips keeps the private apps off the internet: they get no public IP and no .fly.dev address.']
        : []),
      ...(flycast.length > 0
        ? [
            `fly ips allocate-v6 --private gives each private app a Flycast address, through which the other apps reach it (Fly Proxy, on the ports its [[services]] declare): ${flycast.map((p) => p.service.ports.map((port) => `${p.name}.flycast:${port}`).join(', ')).join('; ')}.`,
          ]
        : []),
    ].join(' '),
    commands: [...flycast.map((p) => `fly ips allocate-v6 --private --app ${shell(p.name)}`), ...plans.map((p) => p.deployCommand)],
  };
}

/** Scaling to the machine counts priced, when an app runs more than one. */
function scaleSteps(plans: readonly AppPlan[]): DeployStep[] {
  const scaled = plans.filter((p) => p.app.count > 1);
  if (scaled.length === 0) return [];
  return [
    {
      title: 'Scale to the machine counts in the estimate',
      text: scaled.some((p) => p.app.volume) ? 'Each new machine gets its own new volume; Fly volumes are never shared between machines.' : null,
      commands: scaled.map((p) => `fly scale count ${p.app.count} --app ${shell(p.name)} --yes`),
    },
  ];
}

/** Pointing the stack's domain at its primary public app. */
function domainSteps(stack: Stack, appBySlug: ReadonlyMap<string, AppPlan>): DeployStep[] {
  const domainService = stack.domain ? primaryPublicService(stack) : undefined;
  const domainApp = domainService ? appBySlug.get(domainService.slug) : undefined;
  if (!stack.domain || !domainApp) return [];
  return [
    {
      title: `Point ${stack.domain} at ${domainApp.name}`,
      text: `fly certs add prints the DNS records to create: A and AAAA records for an apex domain, or a CNAME to ${domainApp.name}.fly.dev for a subdomain. Fly issues the TLS certificate once they resolve.`,
      commands: [
        `fly certs add ${shell(stack.domain)} --app ${shell(domainApp.name)}`,
        `fly certs check ${shell(stack.domain)} --app ${shell(domainApp.name)}`,
      ],
    },
  ];
}

/** Checking that the apps run, and that the public ones answer on .fly.dev (private ones through fly status). */
function checkStep(plans: readonly AppPlan[]): DeployStep {
  const checked = plans.filter((p) => p.app.public && p.service.port !== undefined && p.service.healthPath);
  return {
    title: 'Check that the services answer',
    text: null,
    commands: [
      ...plans.map((p) => `fly status --app ${shell(p.name)}`),
      ...checked.map((p) => `curl -fsS ${shell(`https://${p.name}.fly.dev${encodeURI(p.service.healthPath!)}`)}`),
    ],
  };
}

/** Fly's way of running bootstrap steps: fly ssh console -C runs a program in the app's machine (split into words, no shell). */
function flyBootstrap(plans: readonly AppPlan[]): BootstrapTarget {
  const app = (slug: string) => plans.find((p) => p.service.slug === slug)?.name ?? slug;
  return {
    exec: (slug) => ({ argv: (words) => `fly ssh console --quiet --app ${shell(app(slug))} -C ${shell(words.map(shell).join(' '))}` }),
    // Without --stage, fly secrets import restarts the app's machines with the new value.
    setSecret: (slug, name, from) => [flySecretsImport(app(slug), [name], () => from)],
    address: (slug) => {
      const p = plans.find((x) => x.service.slug === slug);
      return p?.app.public ? `https://${p.name}.fly.dev` : null;
    },
  };
}

/** One app plan per app of the model, with the warning for a public app that has no port. */
function appPlans(apps: FlyModel['apps'], names: readonly string[], bySlug: ReadonlyMap<string, Service>): { plans: AppPlan[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const plans: AppPlan[] = apps.map((app, i) => {
    const service = bySlug.get(app.slug)!;
    const name = names[i]!;
    if (app.public && service.port === undefined) {
      warnings.push(
        warning('fly.public-without-port', 'warning', `${app.slug} is public but has no port, so its fly.toml has no [http_service].`, {
          service: app.slug,
          fix: 'Give the service the port it listens on.',
        }),
      );
    }
    const flycast = !app.public && service.port !== undefined;
    return {
      app,
      service,
      name,
      configPath: flyConfigPath(app.slug),
      deployCommand: deployCommand(service, app.public),
      flycast,
      // Flycast needs no IPv6 listener; a public app (force_https) is reached over 6PN instead.
      privateHost: flycast ? `${name}.flycast` : `${name}.internal`,
    };
  });
  return { plans, warnings };
}

/** .internal reaches a program only on IPv6: say so for every public app another app calls. */
function internalIpv6Warnings(stack: Stack, planBySlug: ReadonlyMap<string, AppPlan>): Warning[] {
  const warnings: Warning[] = [];
  for (const [target, links] of groupBy(stack.links, (l) => l.to)) {
    const p = planBySlug.get(target);
    if (!p || p.flycast) continue;
    const callers = [...new Set(links.map((l) => l.from))].join(', ');
    const ipv4 = bindsIpv4Only(p.service);
    warnings.push(
      warning(
        'fly.internal-ipv6',
        ipv4 ? 'warning' : 'info',
        `${target} is public, so ${callers} reach${callers.includes(',') ? '' : 'es'} it at ${p.name}.internal over Fly's IPv6 private network${ipv4 ? `, but its settings bind it to 0.0.0.0 (IPv4 only), where .internal cannot reach it` : '; it must listen on IPv6 (::) there'}.`,
        {
          service: target,
          fix: 'Bind it to :: (for example --host :: or HOST=::), which takes IPv6 and IPv4, or make it private (--private) so the others reach it through Flycast.',
        },
      ),
    );
  }
  return warnings;
}

/** Folders an image's service reads from the repository, which [[files]] cannot carry. */
function mountWarnings(plans: readonly AppPlan[]): Warning[] {
  return plans.flatMap((p) => {
    const s = p.service;
    // A built service's mounts are the shared warning's (unbakedMountWarnings), said once below.
    const folders = s.image ? s.mounts.filter((m) => isFolder(m.source)) : [];
    if (folders.length === 0) return [];
    return [
      warning(
        'fly.mount-not-carried',
        'warning',
        `${s.slug} reads ${folders.map((m) => `${m.source} at ${m.target}`).join(', ')} from the repository, which its fly.toml cannot carry (${s.image ? '[[files]] writes files, not folders' : 'it is built from a Dockerfile'}).`,
        {
          service: s.slug,
          fix: `COPY ${folders.map((m) => m.source).join(', ')} into the image in ${s.image ? `a Dockerfile FROM ${s.image}` : 'its Dockerfile'}.`,
        },
      ),
    ];
  });
}

/** What to do next, in short: the apps, the Postgres, the secrets and deploys. */
function flyNextSteps(plans: readonly AppPlan[], model: FlyModel): string[] {
  return [
    `Create the Fly apps: ${plans.length} fly.toml file(s) under fly/, one app each.`,
    ...(model.postgres.length > 0
      ? [
          model.postgres.some((pg) => pg.dev)
            ? `Create the self-run Postgres app${model.postgres.length > 1 ? 's' : ''} and attach ${model.postgres.length > 1 ? 'them' : 'it'} to the apps (fly postgres create, fly postgres attach).`
            : `Create the Managed Postgres cluster${model.postgres.length > 1 ? 's' : ''} and attach ${model.postgres.length > 1 ? 'them' : 'it'} to the apps (fly mpg create, fly mpg attach).`,
        ]
      : []),
    'Set the secrets with fly secrets set, then run fly deploy for each app.',
    'DEPLOY.md lists every command in order.',
  ];
}

/** Fly's files for the model the estimate priced. */
export function flyFiles(model: FlyModel, stack: Stack, ctx: GenerateContext): GeneratedFiles {
  const bySlug = new Map(stack.services.map((s) => [s.slug, s]));
  const apps = model.apps.filter((a) => bySlug.has(a.slug));
  const { names, shortened } = flyAppNames(
    stack.slug,
    apps.map((a) => a.slug),
  );
  const { plans, warnings: appWarnings } = appPlans(apps, names, bySlug);
  const planBySlug = new Map(plans.map((p) => [p.service.slug, p]));
  const domainSlug = stack.domain ? primaryPublicService(stack)?.slug : undefined;
  const hosts: AppHosts = {
    private: (slug) => planBySlug.get(slug)?.privateHost,
    // The custom domain fronts the primary public service (fly certs add); every public app answers on <app>.fly.dev.
    public: (slug) => (slug === domainSlug && stack.domain ? stack.domain : planBySlug.has(slug) ? `${planBySlug.get(slug)!.name}.fly.dev` : undefined),
  };
  const warnings: Warning[] = [
    ...shortened.map((s) =>
      warning(
        'fly.app-name-shortened',
        'info',
        `The Fly app of ${s.service} is named "${s.name}" (Fly app names have at most ${FLY_APP_NAME_MAX} characters and are unique).`,
        {
          service: s.service,
        },
      ),
    ),
    ...appWarnings,
    ...internalIpv6Warnings(stack, planBySlug),
    ...mountWarnings(plans),
    ...unbakedMountWarnings(stack, 'Fly.io'),
  ];
  if (stack.keyValue.length > 0) {
    warnings.push(
      warning(
        'fly.key-value-manual',
        'warning',
        `Fly has no key-value store in these files: ${stack.keyValue.map((k) => k.name).join(', ')} must be created with "fly redis create" (Upstash, billed separately).`,
        {
          fix: 'Follow the key-value step in DEPLOY.md, or run Redis as its own Fly app with a volume.',
        },
      ),
    );
  }
  const files: FileToRender[] = [
    ...plans.map((p) => ({ path: p.configPath, template: 'fly/fly.toml', context: flyToml(p, model, ctx, hosts) })),
    ...commonFiles({
      stack,
      ctx,
      platformName: 'Fly.io',
      steps: steps(plans, model, stack),
      dataMigration: flyDataMigration(model, stack),
      bootstrap: bootstrapSteps(stack, flyBootstrap(plans)),
      secretsHowTo:
        'Set them per app with fly secrets import --app APP, which reads NAME=VALUE lines from standard input (the Deploy steps list every app and name), list them with fly secrets list --app APP. Attaching Postgres (fly mpg attach, or fly postgres attach for the self-run app) sets each database URL itself.',
      warnings,
      // fly mpg databases create / fly postgres attach create every app's database.
      databasesSql: false,
      releaseHow:
        "Fly runs each as [deploy] release_command of the app's fly.toml: after the build, in a temporary Machine of the new image with the app's secrets, before any Machine is updated; a failure stops the deploy and the old version keeps running. The release Machine has no volume.",
    }),
  ];
  return { files, warnings, nextSteps: flyNextSteps(plans, model) };
}
