/**
 * Local files: the stack in docker compose with its own Postgres, a Makefile, a dated pg_dump
 * backup script with the cron line, and a restore script. Two shapes from one model:
 * - tier `local` (personal, at home): `docker-compose.personal.yml`, public ports on 127.0.0.1;
 * - hosted tiers on your own Docker host: `docker-compose.prod.yml` with restart policies and
 *   CPU limits, published only through a Caddy reverse proxy when the stack has a domain.
 * Sizes become memory limits, exactly as the estimate's sizing says (instances: 1 each).
 */
import { indexFirst } from '../../core/collections.js';
import type { FileToRender, GenerateContext, GeneratedFiles } from '../../core/platform.js';
import type { StackEnvVar as EnvVar } from '../../core/stack.js';
import { type PostgresInstance, pathRoutes, publicRefValue, refValue, type Service, type Stack, withPathRoutes } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import { shell } from '../../render/serialize.js';
import { commonFiles, type DeployStep, headerText } from '../../render/stack-files.js';
import { type BootstrapTarget, bootstrapSteps } from '../bootstrap.js';
import type { LocalModel } from './model.js';
import { releaseServices } from './release.js';

/** The official image, pinned to a major version (its data folder is /var/lib/postgresql/data). */
export const LOCAL_POSTGRES_IMAGE = 'postgres:17';
export const LOCAL_VALKEY_IMAGE = 'valkey/valkey:8';
export const LOCAL_CADDY_IMAGE = 'caddy:2';
/** Dumps kept per database unless KEEP says otherwise. */
export const DEFAULT_KEEP = 14;
/** Superuser of the local Postgres containers. */
const PG_USER = 'postgres';
/** The variable holding the local Postgres password (in .env, never in a generated file). */
export const POSTGRES_PASSWORD_VAR = 'POSTGRES_PASSWORD';

/** Whether a variable is the API's bearer token, which `--write-env` fills with a fresh value. */
export function isApiTokenVar(e: EnvVar): boolean {
  // API_TOKENS holds a comma-separated list: one fresh token is a valid list.
  return e.secret && !e.from && /^(.*_)?API_TOKENS?$/.test(e.name);
}

/** A value compose must not interpolate: `$` doubled (compose's escape), then YAML-quoted by the template. */
function literal(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

/** Compose's memory notation for the stack's size: 512 → "512M". */
function memory(mb: number): string {
  return `${mb}M`;
}

interface ComposeEnv {
  key: string;
  value: string;
}

/** A mount in compose's long syntax, so a path with `:` or spaces cannot be misread. */
interface ComposeMount {
  type: 'volume' | 'bind';
  source: string;
  target: string;
  readOnly: boolean;
}

interface ComposeService {
  name: string;
  comment: string | null;
  image: string | null;
  build: { context: string; dockerfile: string | null } | null;
  entrypoint: string | null;
  command: string | null;
  restart: string;
  ports: string[];
  environment: ComposeEnv[];
  volumes: ComposeMount[];
  dependsOn: { name: string; condition: string }[];
  healthcheck: { test: string[]; interval: string | null; timeout: string | null; retries: number | null; startPeriod: string | null } | null;
  memory: string | null;
  cpus: number | null;
}

/** Names of compose services and volumes, unique within the file. */
class Names {
  private readonly used = new Set<string>();
  claim(wanted: string, suffix: string): string {
    let name = wanted;
    if (this.used.has(name)) name = `${wanted}-${suffix}`;
    for (let n = 2; this.used.has(name); n += 1) name = `${wanted}-${suffix}-${n}`;
    this.used.add(name);
    return name;
  }
}

/** One database to dump: its compose service, the database, and the dump files' name prefix. */
interface Dump {
  service: string;
  database: string;
  prefixName: string;
}

/**
 * A path of the repository (`./litellm/config.yaml`) as seen from the generated file's folder:
 * `root` is the repository root from there (`.`, `..`), so `--out deploy` still finds it.
 */
export function fromOutput(root: string, path: string): string {
  const parts: string[] = [];
  for (const part of `${root}/${path}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  const joined = parts.join('/');
  if (joined === '') return '.';
  return joined.startsWith('..') ? joined : `./${joined}`;
}

/** A named volume of the compose file, and the user's existing volume it is (if it is one). */
interface NamedVolume {
  name: string;
  external: string | null;
}

/** What the compose file's services share while they are made: names, volumes, and the stack. */
interface ComposeBuild {
  stack: Stack;
  prod: boolean;
  repoRoot: string;
  services: Names;
  volumes: Names;
  /** Named volumes in the order the services mount them. */
  named: NamedVolume[];
  pgName: Map<string, string>;
  kvName: Map<string, string>;
  /** The stack's service slugs, once (each app's depends_on is checked against them). */
  slugs: ReadonlySet<string>;
}

/** A named volume mounted at `target`: an existing volume of the user's (external) keeps its data; the others are created. */
function volumeMount(b: ComposeBuild, base: string, target: string, external?: string): ComposeMount {
  const source = b.volumes.claim(external ? external : `${base}-data`, 'vol');
  b.named.push({ name: source, external: external ?? null });
  return { type: 'volume', source, target: literal(target), readOnly: false };
}

/** A file of the generated folder, mounted read-only. */
function bindMount(source: string, target: string): ComposeMount {
  return { type: 'bind', source, target, readOnly: true };
}

/** A compose service with no build, command, ports, environment, dependencies, health or limits: the others say what differs. */
function baseService(name: string, comment: string | null, image: string | null): ComposeService {
  return {
    name,
    comment,
    image,
    build: null,
    entrypoint: null,
    command: null,
    restart: 'unless-stopped',
    ports: [],
    environment: [],
    volumes: [],
    dependsOn: [],
    healthcheck: null,
    memory: null,
    cpus: null,
  };
}

/** The init file creating a Postgres instance's other databases. */
interface InitFile {
  path: string;
  instance: string;
  databases: string[];
}

/** One Postgres instance: its service, and the init file for its other databases (if it holds several). */
function postgresService(b: ComposeBuild, p: PostgresInstance): { service: ComposeService; initFile: InitFile | null } {
  const name = b.pgName.get(p.name)!;
  const main = p.databases[0] ?? 'postgres';
  const mounts = [volumeMount(b, name, '/var/lib/postgresql/data')];
  const path = `db/${name}-databases.sql`;
  const initFile = p.databases.length > 1 ? { path, instance: p.name, databases: p.databases.slice(1) } : null;
  if (initFile) mounts.push(bindMount(`./${path}`, '/docker-entrypoint-initdb.d/10-databases.sql'));
  const passwordRef = `\${${POSTGRES_PASSWORD_VAR}:?set ${POSTGRES_PASSWORD_VAR} in .env}`;
  const service: ComposeService = {
    // The major version the user's container ran: its data folder only opens with it.
    ...baseService(
      name,
      `Postgres for ${p.usedBy.join(', ')}; the init scripts run once, when the volume is new.`,
      p.version ? `postgres:${p.version}` : LOCAL_POSTGRES_IMAGE,
    ),
    environment: [
      { key: 'POSTGRES_USER', value: PG_USER },
      { key: POSTGRES_PASSWORD_VAR, value: passwordRef },
      { key: 'POSTGRES_DB', value: literal(main) },
    ],
    volumes: mounts,
    healthcheck: { test: ['CMD-SHELL', literal(`pg_isready -U ${PG_USER} -d ${shell(main)}`)], interval: '5s', timeout: '5s', retries: 10, startPeriod: null },
  };
  return { service, initFile };
}

/** One key-value store, as Valkey with a volume. */
function keyValueService(b: ComposeBuild, k: Stack['keyValue'][number]): ComposeService {
  const name = b.kvName.get(k.name)!;
  return {
    ...baseService(name, `Key-value store for ${k.usedBy.join(', ')}.`, LOCAL_VALKEY_IMAGE),
    volumes: [volumeMount(b, name, '/data')],
    healthcheck: { test: ['CMD', 'valkey-cli', 'ping'], interval: '5s', timeout: '5s', retries: 10, startPeriod: null },
    memory: memory(k.memoryMb),
  };
}

/** An app's variables: each once, public URLs through the proxy's domain when there is one. */
function appEnvironment(b: ComposeBuild, s: Service, db: string | undefined, proxyDomain: string | null): ComposeEnv[] {
  const dbUrl = s.database && db ? `postgresql://${PG_USER}:\${${POSTGRES_PASSWORD_VAR}}@${db}:5432/${s.database.database}` : null;
  const kv = s.keyValue ? (b.kvName.get(s.keyValue) ?? null) : null;
  const environment: ComposeEnv[] = [];
  const seen = new Set<string>();
  for (const e of s.env) {
    if (seen.has(e.name)) continue;
    seen.add(e.name);
    const value = e.ref?.public ? localPublicUrl(e, b.stack, proxyDomain) : envValue(e, s, db ?? null, dbUrl, kv);
    environment.push({ key: e.name, value });
  }
  return environment;
}

/** What an app waits for: its database and store healthy, then the compose file's own order between the apps. */
function appDependsOn(b: ComposeBuild, s: Service, db: string | undefined): ComposeService['dependsOn'] {
  return [
    ...(db ? [{ name: db, condition: 'service_healthy' }] : []),
    ...(s.keyValue && b.kvName.get(s.keyValue) ? [{ name: b.kvName.get(s.keyValue)!, condition: 'service_healthy' }] : []),
    // The compose file's own order and conditions between the apps.
    ...(s.dependsOn ?? []).filter((d) => b.slugs.has(d.service)).map((d) => ({ name: d.service, condition: d.condition })),
  ];
}

/** One service of the stack, with paths of the repository seen from the generated file. */
function appService(b: ComposeBuild, s: Service, proxyDomain: string | null): ComposeService {
  const db = s.database ? b.pgName.get(s.database.instance) : undefined;
  const build = s.image
    ? null
    : s.build
      ? { context: literal(fromOutput(b.repoRoot, s.build.context)), dockerfile: s.build.dockerfile ? literal(s.build.dockerfile) : null }
      : null;
  const h = s.healthcheck;
  return {
    name: s.slug,
    comment: s.description ?? null,
    image: s.image ? literal(s.image) : null,
    build,
    entrypoint: s.entrypoint !== undefined ? literal(s.entrypoint) : null,
    command: s.command !== undefined ? literal(s.command) : null,
    restart: 'unless-stopped',
    ports: hostPorts(s, b.prod, proxyDomain !== null),
    environment: appEnvironment(b, s, db, proxyDomain),
    volumes: [
      ...(s.volume ? [volumeMount(b, s.slug, s.volume.mountPath, s.volume.external)] : []),
      // Config files stay bind mounts, from the repository as seen from the generated file.
      ...s.mounts.map((m) => ({ type: 'bind' as const, source: literal(fromOutput(b.repoRoot, m.source)), target: literal(m.target), readOnly: m.readOnly })),
    ],
    dependsOn: appDependsOn(b, s, db),
    // The compose file's healthcheck, as written ($ kept: compose interpolated it already once).
    healthcheck: h
      ? { test: h.test.map(literal), interval: h.interval ?? null, timeout: h.timeout ?? null, retries: h.retries ?? null, startPeriod: h.startPeriod ?? null }
      : null,
    memory: memory(s.memoryMb),
    cpus: b.prod ? s.vcpu : null,
  };
}

/** Caddy in front of the public services on the domain: the root service and the path routes of the others. */
function caddyProxy(b: ComposeBuild, publicServices: readonly Service[], domain: string) {
  const prefixes = new Map(pathRoutes(b.stack).map((r) => [r.slug, r.prefix]));
  const rootService = publicServices.find((s) => prefixes.get(s.slug) === '/')!;
  const service: ComposeService = {
    ...baseService(b.services.claim('caddy', 'proxy'), `Reverse proxy: TLS for ${domain}, the only published ports.`, LOCAL_CADDY_IMAGE),
    ports: ['80:80', '443:443', '443:443/udp'],
    volumes: [bindMount('./Caddyfile', '/etc/caddy/Caddyfile'), volumeMount(b, 'caddy', '/data'), volumeMount(b, 'caddy-config', '/config')],
    dependsOn: publicServices.map((s) => ({ name: s.slug, condition: 'service_started' })),
  };
  const routes = publicServices.filter((s) => s !== rootService).map((s) => ({ path: prefixes.get(s.slug)!, upstream: `${s.slug}:${s.port}` }));
  return { service, config: { domain, routes, root: `${rootService.slug}:${rootService.port}` } };
}

/** The compose file, Caddy routes and backup list for a stack, on a laptop or on a server. */
export function composeModel(stack: Stack, prod: boolean, repoRoot = '.') {
  const services = new Names();
  for (const s of stack.services) services.claim(s.slug, 'app');
  const pgName = new Map<string, string>(stack.postgres.instances.map((p) => [p.name, services.claim(p.name, 'pg')]));
  const kvName = new Map<string, string>(stack.keyValue.map((k) => [k.name, services.claim(k.name, 'kv')]));
  const b: ComposeBuild = {
    stack,
    prod,
    repoRoot,
    services,
    volumes: new Names(),
    named: [],
    pgName,
    kvName,
    slugs: new Set(stack.services.map((x) => x.slug)),
  };

  const pg = stack.postgres.instances.map((p) => postgresService(b, p));
  const postgres = pg.map((x) => x.service);
  const keyValue = stack.keyValue.map((k) => keyValueService(b, k));
  const domain = prod ? stack.domain : null;
  const publicServices = stack.services.filter((s) => s.public && s.port !== undefined);
  const proxied = domain !== null && publicServices.length > 0;
  const app = stack.services.map((s) => appService(b, s, proxied ? domain : null));
  const releases = releaseServices(stack, app, (wanted) => services.claim(wanted, 'job'), literal);
  const caddy = proxied ? caddyProxy(b, publicServices, domain) : null;
  const dumps: Dump[] = stack.postgres.instances.flatMap((p) =>
    p.databases.map((database) => ({ service: pgName.get(p.name)!, database, prefixName: `${pgName.get(p.name)!}__${database}__` })),
  );
  return {
    services: [...app, ...releases, ...postgres, ...keyValue, ...(caddy ? [caddy.service] : [])],
    releases: releases.map((r) => r.name),
    volumes: b.named,
    initFiles: pg.flatMap((x) => (x.initFile ? [x.initFile] : [])),
    dumps,
    caddy: caddy ? caddy.config : null,
    postgresNames: postgres.map((p) => p.name),
    publicServices,
  };
}

/**
 * What a public service publishes on the host: its main port, on the host port the compose file
 * used (so bookmarks and clients keep working), always on 127.0.0.1 (the laptop's own user, or
 * the server behind an SSH tunnel); nothing behind Caddy. Private services publish nothing.
 */
function hostPorts(s: Service, prod: boolean, proxied: boolean): string[] {
  if ((prod && proxied) || !s.public) return [];
  const own = (s.hostPorts ?? []).filter((p) => p.target === s.port);
  if (own.length > 0) return own.map((p) => `127.0.0.1:${p.published}:${p.target}`);
  return s.public && s.port !== undefined ? [`127.0.0.1:${s.port}:${s.port}`] : [];
}

/**
 * A public URL in compose: behind Caddy, the domain and the service's route; otherwise the host
 * port the service publishes on this machine (as the compose file had it, so .env can still set it).
 */
function localPublicUrl(e: EnvVar, stack: Stack, domain: string | null): string {
  const ref = e.ref!;
  if (domain) return literal(publicRefValue(ref, domain, pathRoutes(stack).find((r) => r.slug === ref.service)?.prefix ?? '/'));
  if (e.template !== undefined) return e.template;
  const target = stack.services.find((x) => x.slug === ref.service);
  const published = target?.hostPorts?.find((p) => p.target === ref.port)?.published ?? ref.port;
  return literal(e.value ?? refValue(ref, 'localhost', published));
}

/** A variable's value in compose: a literal, a reference to .env, or the local database's address. */
function envValue(e: EnvVar, s: Service, db: string | null, dbUrl: string | null, kv: string | null): string {
  const fromEnv = isApiTokenVar(e) ? `\${${e.name}:?set ${e.name} in .env}` : `\${${e.name}:-}`;
  switch (e.from) {
    case 'database-url':
      // The driver the program asked for (postgresql+asyncpg) stays in the scheme.
      return dbUrl ? (e.scheme ? dbUrl.replace(/^postgresql:/, `${e.scheme}:`) : dbUrl) : fromEnv;
    case 'database-host':
      return db ?? fromEnv;
    case 'database-port':
      return db ? '5432' : fromEnv;
    case 'database-user':
      return db ? PG_USER : fromEnv;
    case 'database-password':
      return db ? `\${${POSTGRES_PASSWORD_VAR}}` : fromEnv;
    case 'database-name':
      return db && s.database ? literal(s.database.database) : fromEnv;
    case 'key-value-url':
      return kv ? `redis://${kv}:6379/0` : fromEnv;
    default:
      // Secrets and values only the user knows come from .env; never a literal secret.
      if (e.secret || e.value === undefined) return fromEnv;
      // `${REQUIRE_AUTH:-false}` as written: the .env beside the file can still set it.
      // An empty default (`${X:-}`) is written `${X-}`, which compose reads the same way, so it
      // cannot be mistaken for a secret left for .env (those are `${X:-}`).
      if (e.template !== undefined && !e.ref) return e.template.replace(/^\$\{([A-Za-z_][A-Za-z0-9_]*):-\}$/, '$${$1-}');
      return literal(e.value);
  }
}

/** The variables .env holds: each name once, with what it is for. */
function envFileVars(stack: Stack): { name: string; comment: string; apiToken: boolean }[] {
  const vars = new Map<string, { name: string; comment: string; apiToken: boolean; users: string[] }>();
  const add = (name: string, comment: string, apiToken: boolean, user: string) => {
    const v = vars.get(name);
    if (v) v.users.push(user);
    else vars.set(name, { name, comment, apiToken, users: [user] });
  };
  if (stack.postgres.instances.length > 0) {
    add(
      POSTGRES_PASSWORD_VAR,
      'Password of the local Postgres: letters and digits only, such as the output of "openssl rand -hex 24". Required.',
      false,
      'postgres',
    );
  }
  for (const s of stack.services) {
    for (const e of s.env) {
      if (e.from && s.database && e.from !== 'key-value-url') continue;
      if (e.from === 'key-value-url' && s.keyValue) continue;
      if (!e.secret && e.value !== undefined && !e.from) continue;
      add(
        e.name,
        isApiTokenVar(e) ? `${e.description ?? 'API token'}. Required.` : (e.description ?? (e.secret ? 'Secret' : 'Value')),
        isApiTokenVar(e),
        s.slug,
      );
    }
  }
  return [...vars.values()].map((v) => ({ name: v.name, comment: `${v.comment} (${v.users.join(', ')})`, apiToken: v.apiToken }));
}

export function localFiles(model: LocalModel, ctx: GenerateContext): GeneratedFiles {
  const prod = model.stack.tier !== 'local';
  // Behind Caddy on one domain, services under a path prefix are told it.
  const stack = prod && model.stack.domain ? withPathRoutes(model.stack) : model.stack;
  const prefix = prod ? 'prod' : 'personal';
  const composeFile = prod ? 'docker-compose.prod.yml' : 'docker-compose.personal.yml';
  const header = headerText(ctx);
  const warnings: Warning[] = [];
  const compose = composeModel(stack, prod, ctx.options.repositoryRoot ?? '.');
  const cronLine = `0 3 * * * cd /path/to/project && mkdir -p backups && make ${prefix}_backup >> backups/backup.log 2>&1`;
  const hasBuild = stack.services.some((s) => !s.image && s.build);
  const envVars = envFileVars(stack);
  const apiTokenVars = envVars.filter((v) => v.apiToken).map((v) => v.name);

  const files: FileToRender[] = [
    {
      path: composeFile,
      template: 'local/docker-compose.yml',
      context: {
        header,
        title: prod
          ? `Single-user stack on your own Docker host: "make prod_up" (docker compose -f ${composeFile} up -d).`
          : `Local personal stack on this machine: "make personal_up" (docker compose -f ${composeFile} up -d). Beside your own docker-compose.yml, not instead of it.`,
        project: prod ? stack.slug : `${stack.slug}-personal`,
        ...compose,
      },
    },
    {
      path: 'Makefile',
      template: 'local/Makefile',
      context: {
        header,
        prefix,
        composeFile,
        keep: DEFAULT_KEEP,
        hasBuild,
        releases: compose.releases,
        title: prod ? 'The stack on this Docker host' : 'The stack on this machine',
      },
    },
    {
      path: 'scripts/backup.sh',
      template: 'local/backup.sh',
      mode: 0o755,
      context: { header, prefix, composeFile, keep: DEFAULT_KEEP, cronLine, pgUser: PG_USER, dumps: compose.dumps },
    },
    { path: 'scripts/restore.sh', template: 'local/restore.sh', mode: 0o755, context: { header, prefix, composeFile, pgUser: PG_USER, dumps: compose.dumps } },
    ...compose.initFiles.map((f) => ({ path: f.path, template: 'local/databases.sql', context: { header, instance: f.instance, databases: f.databases } })),
  ];
  if (compose.caddy) files.push({ path: 'Caddyfile', template: 'local/Caddyfile', context: { header, ...safeCaddy(compose.caddy) } });

  if (ctx.options.writeEnv) {
    const token = ctx.options.apiToken;
    if (token === null || !/^[A-Za-z0-9_-]{16,}$/.test(token)) throw new Error('--write-env needs a base64url API token made by the command');
    if (apiTokenVars.length === 0) {
      warnings.push(warning('local.no-api-token', 'warning', 'No service has an API_TOKEN variable, so .env holds names only.'));
    }
    files.push({
      path: '.env',
      template: 'local/env',
      mode: 0o600,
      context: { header, vars: envVars.map((v) => ({ name: v.name, comment: v.comment, value: v.apiToken ? token : null })) },
    });
  }

  const steps = withBootstrap(prod ? prodSteps(stack, composeFile, compose, envVars) : personalSteps(stack, composeFile, compose, envVars), stack, composeFile);
  // .env.example and DEPLOY.md list the Postgres password too: a secret of this setup that no
  // service of the stack declares, owned by the Postgres container.
  const pgContainer = compose.postgresNames[0];
  const required = [...apiTokenVars, ...(pgContainer ? [POSTGRES_PASSWORD_VAR] : [])];
  files.push(
    ...commonFiles({
      databasesSql: false,
      stack,
      extraEnv: pgContainer ? [{ owner: pgContainer, vars: [POSTGRES_PASSWORD_ENV] }] : [],
      ctx,
      platformName: prod ? 'your own Docker host' : 'your machine with docker compose',
      steps,
      secretsHowTo:
        `Put them in .env beside ${composeFile} (git-ignored; compose reads it, and each service gets only its own variables).` +
        (required.length > 0
          ? ` ${required.join(' and ')} ${required.length > 1 ? 'are' : 'is'} required; the others can stay empty until you need them.`
          : ''),
      warnings,
      releaseHow: `docker compose runs each as a one-off service (NAME-release in ${composeFile}) that the app waits for (depends_on: service_completed_successfully), so make ${prefix}_up migrates before the app starts; make ${prefix}_migrate runs them alone.`,
    }),
  );
  const nextSteps = prod
    ? [
        'Copy the folder to your server and create .env there (DEPLOY.md steps 2 and 3).',
        `make prod_up, then check ${compose.caddy ? `https://${compose.caddy.domain}` : 'the services through an SSH tunnel'}.`,
        'Schedule the nightly backup: make prod_cron prints the crontab line.',
      ]
    : [
        ctx.options.writeEnv
          ? `.env holds a fresh ${apiTokenVars[0] ?? 'API token'}${pgContainer ? `; set ${POSTGRES_PASSWORD_VAR} in it` : ''}.`
          : `Create .env with ${required.join(' and ') || 'your values'} (DEPLOY.md step 2).`,
        'make personal_up starts the stack; make help lists the rest.',
        'Schedule the nightly backup: make personal_cron prints the crontab line.',
      ];
  return { files, warnings, nextSteps };
}

/**
 * The bootstrap steps of well-known images, right after the stack starts: docker compose exec runs
 * the program in the container, the value replaces its line in .env (mode 600), and the services
 * that read it are recreated with it.
 */
function withBootstrap(steps: DeployStep[], stack: Stack, composeFile: string): DeployStep[] {
  const compose = `docker compose -f ${shell(composeFile)}`;
  const target: BootstrapTarget = {
    exec: (slug) => ({ argv: (words) => `${compose} exec -T ${shell(slug)} ${words.map(shell).join(' ')}` }),
    setSecret: (_slug, name, from) => [
      // umask 077: the new .env is never readable by others, not even for a moment.
      `(umask 077 && { grep -v ${shell(`^${name}=`)} .env || true; printf '%s=%s\\n' ${shell(name)} "$${from}"; } > .env.new) && mv .env.new .env`,
    ],
    apply: (slugs) => [`${compose} up -d ${[...new Set(slugs)].map(shell).join(' ')}`],
    address: (slug) => {
      const s = stack.services.find((x) => x.slug === slug);
      const port = s?.hostPorts?.[0]?.published;
      return port ? `http://localhost:${port}` : null;
    },
  };
  const extra = bootstrapSteps(stack, target);
  const at = steps.findIndex((s) => s.title === 'Start the stack');
  return at < 0 ? [...steps, ...extra] : [...steps.slice(0, at + 1), ...extra, ...steps.slice(at + 1)];
}

/** The Postgres container as a service of the stack, for the variable lists of .env.example and DEPLOY.md. */
/** The local Postgres password: in .env, never in a generated file. */
const POSTGRES_PASSWORD_ENV: EnvVar = {
  name: POSTGRES_PASSWORD_VAR,
  secret: true,
  description: 'Password of the local Postgres (letters and digits, such as: openssl rand -hex 24)',
};

/** Caddyfile tokens are pasted: each is checked against a pattern that needs no quoting. */
function safeCaddy(c: { domain: string; routes: { path: string; upstream: string }[]; root: string }) {
  const check = (v: string, re: RegExp) => {
    if (!re.test(v)) throw new Error(`unexpected Caddyfile token ${JSON.stringify(v)}`);
    return v;
  };
  return {
    domain: check(c.domain, /^[A-Za-z0-9.-]+$/),
    root: check(c.root, /^[a-z0-9-]+:\d+$/),
    routes: c.routes.map((r) => ({ path: check(r.path, /^\/[a-z0-9-]+$/), upstream: check(r.upstream, /^[a-z0-9-]+:\d+$/) })),
  };
}

type Compose = ReturnType<typeof composeModel>;
type EnvFileVar = ReturnType<typeof envFileVars>[number];

/** Creates .env with each name once (a copy of .env.example would repeat names, and the last empty one wins). */
function envCommands(vars: readonly EnvFileVar[], inRepository: boolean): string[] {
  return [
    `test -e .env || printf '%s=\\n' ${vars.map((v) => shell(v.name)).join(' ')} > .env`,
    'chmod 600 .env',
    ...(inRepository ? ["grep -qxF '.env' .gitignore || echo '.env' >> .gitignore"] : []),
  ];
}

/**
 * What .env needs. The same text with or without --write-env, so DEPLOY.md does not change
 * between runs (a later run without the flag would otherwise see it as a conflict).
 */
function envStepText(vars: readonly EnvFileVar[], prefix: string): string {
  const token = vars.filter((v) => v.apiToken).map((v) => v.name);
  const hasPostgres = vars.some((v) => v.name === POSTGRES_PASSWORD_VAR);
  const required = [
    ...(hasPostgres ? [`${POSTGRES_PASSWORD_VAR} (letters and digits: openssl rand -hex 24)`] : []),
    ...(token.length > 0 ? [`${token.join(', ')} (openssl rand -hex 32)`] : []),
  ];
  return (
    `Create .env with every name once (the first command skips this when .env exists, for example when "stackfare generate --platform local --write-env" wrote it with a fresh ${token.join(', ') || 'API token'}), ` +
    `then fill in ${required.length > 0 ? `at least ${required.join(' and ')}` : 'the values you use'}. That is all "make ${prefix}_up" needs; add provider keys when you use them.`
  );
}

function personalSteps(_stack: Stack, composeFile: string, compose: Compose, vars: readonly EnvFileVar[]): DeployStep[] {
  const steps: DeployStep[] = [
    {
      title: 'Install Docker with the compose plugin',
      text: 'Docker Desktop, or Docker Engine with the compose plugin. The stack uses its own file, so it never touches your docker-compose.yml.',
      commands: ['docker compose version'],
    },
    { title: 'Create .env', text: envStepText(vars, 'personal'), commands: envCommands(vars, true) },
    {
      title: 'Start the stack',
      text: `The first start builds the images and creates the databases.`,
      commands: ['make personal_up', `docker compose -f ${shell(composeFile)} ps`, ...healthCommands(compose, null)],
    },
    backupStep('personal', compose, null),
    {
      title: 'Restore a dump when you need it',
      text: 'It asks before replacing the database; YES=1 skips the question.',
      // The dump comes from a variable the person exports (no <dump> to edit inside a command).
      commands: [
        'ls backups/',
        ': "${DUMP:?export DUMP first: the dump to restore, such as backups/NAME.sql.gz from ls backups/}"',
        'make personal_restore FILE="$DUMP"',
      ],
    },
    { title: 'Stop the stack', text: 'The data stays in the named volumes; "make personal_up" brings it back.', commands: ['make personal_down'] },
  ];
  return steps;
}

function prodSteps(stack: Stack, composeFile: string, compose: Compose, vars: readonly EnvFileVar[]): DeployStep[] {
  const dir = `/srv/${stack.slug}`;
  const steps: DeployStep[] = [
    {
      title: 'Prepare a Docker host',
      text: `Any VPS with Docker Engine, the compose plugin (https://docs.docker.com/engine/install/) and make, with at least the memory limits in ${composeFile} plus room for Postgres. ${compose.caddy ? 'Open ports 80 and 443 in its firewall; keep everything else but SSH closed.' : 'No port needs to be open besides SSH.'}`,
      commands: ['ssh user@your-server docker compose version', 'ssh user@your-server make --version'],
    },
    {
      title: 'Copy the project to the server',
      text: 'Replace user@your-server with your login. The build contexts travel with it; .env is created on the server, not copied.',
      commands: [
        `ssh user@your-server mkdir -p ${shell(dir)}`,
        `rsync -a --exclude .git --exclude .env --exclude backups ./ user@your-server:${shell(`${dir}/`)}`,
        'ssh user@your-server',
        `cd ${shell(dir)}`,
      ],
    },
    {
      title: 'Create .env on the server',
      text: `${envStepText(vars, 'prod')} The rsync above leaves a local .env out on purpose; copy it with scp if you mean to use the same values.`,
      commands: envCommands(vars, false),
    },
  ];
  if (compose.caddy) {
    steps.push({
      title: `Point ${compose.caddy.domain} at the server`,
      text: `Add an A record (and AAAA for IPv6) for ${compose.caddy.domain} with the server's address. Caddy gets and renews the TLS certificate by itself once the name resolves.`,
      commands: [`dig +short ${shell(compose.caddy.domain)}`],
    });
  }
  steps.push({
    title: 'Start the stack',
    text: compose.caddy
      ? `Only Caddy publishes ports (80 and 443); it routes / to ${compose.caddy.root.split(':')[0]}${compose.caddy.routes.map((r) => `, ${r.path}/ to ${r.upstream.split(':')[0]}`).join('')}.`
      : `No domain, so nothing is published to the internet: the public services listen on the server's 127.0.0.1 only. ` +
        (compose.publicServices[0]
          ? `From your machine, reach them through an SSH tunnel (ssh -N -L ${compose.publicServices[0].port}:127.0.0.1:${compose.publicServices[0].port} user@your-server), or set a domain ("stackfare generate --domain ...") to get a Caddy reverse proxy with TLS.`
          : 'Nothing of it is meant to be reached from outside.'),
    commands: ['make prod_up', `docker compose -f ${shell(composeFile)} ps`, ...healthCommands(compose, compose.caddy?.domain ?? null)],
  });
  steps.push(backupStep('prod', compose, dir));
  steps.push({
    title: 'Update and restore',
    text: 'Updates: copy the new code over (step 2) and start again; compose recreates only what changed. A restore asks before replacing a database.',
    commands: [
      'make prod_up',
      'ls backups/',
      ': "${DUMP:?export DUMP first: the dump to restore, such as backups/NAME.sql.gz from ls backups/}"',
      'make prod_restore FILE="$DUMP"',
    ],
  });
  return steps;
}

function healthCommands(compose: Compose, domain: string | null): string[] {
  const checked = compose.publicServices.filter((s) => s.healthPath);
  if (domain && compose.caddy) {
    // Upstreams are `slug:port`: the first route of each slug, as a search by `slug:` prefix finds it.
    const routeOf = indexFirst(
      compose.caddy.routes.filter((r) => r.upstream.includes(':')),
      (r) => r.upstream.slice(0, r.upstream.indexOf(':')),
    );
    return checked.map((s) => {
      const route = routeOf.get(s.slug);
      return `curl -fsS ${shell(`https://${domain}${route ? route.path : ''}${s.healthPath}`)}`;
    });
  }
  return checked.map((s) => `curl -fsS ${shell(`http://127.0.0.1:${s.port}${s.healthPath}`)}`);
}

/** The backup step; `serverDir` is the project's folder on a server, null on your own machine. */
function backupStep(prefix: string, compose: Compose, serverDir: string | null): DeployStep {
  const inRepository = serverDir === null;
  return {
    title: 'Back up the databases, and schedule it',
    text:
      `scripts/backup.sh dumps ${compose.dumps.map((d) => d.database).join(', ') || 'each database'} with pg_dump into backups/ (gzipped, dated) and keeps the newest ${DEFAULT_KEEP} of each (KEEP=30 keeps more). ` +
      `Cron runs it nightly at 03:00: add the line "make ${prefix}_cron" prints with "crontab -e" (cron has a short PATH: if docker is not found, add PATH=/usr/local/bin:/usr/bin:/bin at the top of the crontab). ` +
      `Copy backups/ off the machine regularly${inRepository ? ', and keep it out of git' : ` (from your machine: rsync -a user@your-server:${serverDir}/backups/ ./server-backups/)`}.`,
    commands: [
      `make ${prefix}_backup`,
      `make ${prefix}_cron`,
      'crontab -e',
      ...(inRepository ? ["grep -qxF 'backups/' .gitignore || echo 'backups/' >> .gitignore"] : []),
    ],
  };
}
