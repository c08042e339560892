/**
 * DigitalOcean's files: one `.do/app.yaml` app spec sized from the model the estimate priced
 * (`DoModel`: the stack as App Platform runs it, with volume-backed services moved into
 * Postgres), plus the common .env.example, DEPLOY.md and schema SQL.
 * Field reference: https://docs.digitalocean.com/products/app-platform/reference/app-spec/
 * Bindable variables (`${db.DATABASE_URL}`, HOSTNAME, PORT, USERNAME, PASSWORD, DATABASE):
 * digitalocean-labs/do-app-platform-skills, shared/bindable-variables.md.
 */
import type { EnvSource } from '../../core/answers.js';
import { slugify, uniqueNamer } from '../../core/names.js';
import { dollars } from '../../core/number-format.js';
import type { FileToRender, GenerateContext, GeneratedFiles } from '../../core/platform.js';
import type { StackEnvVar as EnvVar } from '../../core/stack.js';
import { pathRoutes, refValue, type Service, type Stack } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import { shell } from '../../render/serialize.js';
import { commonFiles, type DataMigration, type DeployStep, headerText, urlVar } from '../../render/stack-files.js';
import { type BootstrapTarget, bootstrapSteps } from '../bootstrap.js';
import { shellWords } from '../command-lines.js';
import { unbakedMountWarnings } from '../mount-image.js';
import { DO_PG_VERSION, managedClusterCommands } from './managed-db.js';
import type { DoModel } from './model.js';

/** App, component and database component names (App Platform's rule). */
export const DO_NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;

/** Placeholder for the Git repository App Platform builds from; stackfare cannot know it. */
export const REPO_PLACEHOLDER_OWNER = 'CHANGE-ME';

/**
 * Managed-database datacenters for each App Platform region (`doctl databases create
 * --region` takes a datacenter such as nyc3, the app spec a region such as nyc).
 */
const DB_DATACENTER: Record<string, string> = {
  nyc: 'nyc3',
  sfo: 'sfo3',
  tor: 'tor1',
  atl: 'atl1',
  ams: 'ams3',
  fra: 'fra1',
  lon: 'lon1',
  blr: 'blr1',
  sgp: 'sgp1',
  syd: 'syd1',
};

/** Bindable variable of a database component for each platform-supplied value. */
const BINDABLE: Record<Exclude<EnvSource, 'key-value-url'>, string> = {
  'database-url': 'DATABASE_URL',
  'database-host': 'HOSTNAME',
  'database-port': 'PORT',
  'database-user': 'USERNAME',
  'database-password': 'PASSWORD',
  'database-name': 'DATABASE',
};

export type RegistryType = 'DOCKER_HUB' | 'GHCR' | 'DOCR';

/** An image reference as the app spec's `image` source names it. */
export interface DoImage {
  registryType: RegistryType;
  /** Docker Hub namespace or GHCR owner; null for DOCR (the spec requires it empty). */
  registry: string | null;
  repository: string;
  tag: string | null;
  digest: string | null;
}

/**
 * Splits an image reference into the app spec's fields; `supported` is false for registries
 * App Platform cannot pull from (the image is then planned as a DOCR copy).
 * `ghcr.io/berriai/litellm:main-stable` → GHCR, registry berriai, repository litellm, tag main-stable.
 * `postgres:17` → DOCKER_HUB, registry library, repository postgres, tag 17.
 */
export function parseImage(ref: string): { image: DoImage; host: string | null; supported: boolean } {
  let rest = ref.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  // A spec may not give both: the digest pins the image, so it wins.
  if (digest) tag = null;
  else if (!tag) tag = 'latest';
  const parts = rest.split('/').filter((p) => p !== '');
  const host = parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost') ? parts.shift()!.toLowerCase() : null;
  const last = parts.at(-1) ?? rest;
  const dockerHubHosts = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com'];
  if (host === null || dockerHubHosts.includes(host)) {
    const namespace = parts.length > 1 ? parts.slice(0, -1).join('/') : 'library';
    return { image: { registryType: 'DOCKER_HUB', registry: namespace, repository: last, tag, digest }, host, supported: true };
  }
  if (host === 'ghcr.io' && parts.length > 1) {
    return { image: { registryType: 'GHCR', registry: parts[0]!, repository: parts.slice(1).join('/'), tag, digest }, host, supported: true };
  }
  if (host === 'registry.digitalocean.com' && parts.length > 1) {
    return { image: { registryType: 'DOCR', registry: null, repository: parts.slice(1).join('/'), tag, digest }, host, supported: true };
  }
  return { image: { registryType: 'DOCR', registry: null, repository: last, tag, digest }, host, supported: false };
}

/** A build context folder as App Platform wants it: relative to the repository root, no `./`. */
function repoPath(...segments: string[]): string {
  const parts: string[] = [];
  for (const seg of segments.join('/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

interface DoEnv {
  key: string;
  type: 'GENERAL' | 'SECRET';
  hasValue: boolean;
  value: string | null;
}

/** Names that keep App Platform's rule, made unique across one app's components. */
class ComponentNames {
  private readonly unique = uniqueNamer(32);
  constructor(private readonly warnings: Warning[]) {}

  /** The name as the app spec will carry it; warns when it had to change. */
  claim(wanted: string, what: string): string {
    let name = DO_NAME.test(wanted) ? wanted : slugify(wanted, 32);
    if (!DO_NAME.test(name)) name = slugify(`c-${name}`, 32);
    name = this.unique(name);
    if (name !== wanted) {
      this.warnings.push(
        warning(
          'digitalocean.name-normalised',
          'info',
          `${what} "${wanted}" is named "${name}" in .do/app.yaml (lower-case letters, digits and hyphens, 2 to 32 characters, unique in the app).`,
        ),
      );
    }
    return name;
  }
}

/** One database component of the spec: a database (and its user) in a managed cluster. */
interface DoDatabaseComponent {
  name: string;
  engine: 'PG' | 'VALKEY';
  version: string | null;
  /** Managed cluster the component attaches; null for a dev database (production: false). */
  clusterName: string | null;
  dbName: string | null;
  dbUser: string | null;
  /** Postgres instance or key-value store of the stack it stands for. */
  instance: string;
}

/**
 * Every name of the spec, claimed in one order so that the resolver reading the spec back names
 * the same components: the app, the services (by slug), then one database component per
 * database of each Postgres instance (`<instance>` or `<instance>-<database>`), then key-value stores.
 */
export function specNames(
  stackSlug: string,
  serviceSlugs: readonly string[],
  instances: readonly { name: string; databases: readonly string[] }[],
  keyValues: readonly string[],
  warnings: Warning[] = [],
) {
  const names = new ComponentNames(warnings);
  const app = DO_NAME.test(stackSlug) ? stackSlug : slugify(stackSlug, 32);
  if (app !== stackSlug) warnings.push(warning('digitalocean.name-normalised', 'info', `The app is named "${app}" on App Platform.`));
  // Components first: service slugs are already unique and fit, so they keep their names.
  const services = new Map(serviceSlugs.map((slug) => [slug, names.claim(slug, 'Service')]));
  const databases = new Map<string, { name: string; cluster: string; instance: string; database: string }>();
  for (const d of instances) {
    const dbs = d.databases.length > 0 ? d.databases : [d.name.replace(/-/g, '_')];
    for (const database of dbs) {
      const wanted = dbs.length === 1 ? d.name : `${d.name}-${slugify(database)}`;
      databases.set(`${d.name}\u0000${database}`, {
        name: names.claim(wanted, 'Database'),
        cluster: slugify(`${app}-${d.name}`, 63),
        instance: d.name,
        database,
      });
    }
  }
  const keyValue = new Map(keyValues.map((kv) => [kv, { name: names.claim(kv, 'Key-value store'), cluster: slugify(`${app}-${kv}`, 63) }]));
  return { app, services, databases, keyValue };
}

/** What building the app spec's components reads and collects (names, resolved references, warnings). */
interface SpecContext {
  appName: string;
  componentName: Map<string, string>;
  dbByRef: Map<string, DoDatabaseComponent>;
  kvByName: Map<string, DoDatabaseComponent>;
  bySlug: Map<string, Service>;
  warnings: Warning[];
  /** Components built from the repository (which then needs a GitHub source). */
  usesGit: string[];
  /** Dockerfiles that copy mounted config files into an image (App Platform has no bind mounts). */
  configImages: { path: string; service: string; image: string; copies: { copy: string }[]; cmd: string | null }[];
}

/** The app spec's context, with every name checked and every reference resolved. */
export function appSpec(model: DoModel) {
  const stack = model.stack;
  const warnings: Warning[] = [];
  const named = specNames(
    stack.slug,
    model.components.map((c) => c.slug),
    model.databases,
    stack.keyValue.map((k) => k.name),
    warnings,
  );
  const { dbComponents, dbByRef, kvByName } = databaseComponents(model, named);
  const bySlug = new Map(stack.services.map((s) => [s.slug, s]));
  const ctx: SpecContext = { appName: named.app, componentName: named.services, dbByRef, kvByName, bySlug, warnings, usesGit: [], configImages: [] };
  const services = model.components.filter((c) => c.kind === 'service').map((c) => specComponent(c, ctx));
  const workers = model.components.filter((c) => c.kind === 'worker').map((c) => specComponent(c, ctx));
  const ingress = ingressRules(services, stack, bySlug, warnings);
  const jobs = releaseJobs(
    [...services, ...workers],
    bySlug,
    [...services, ...workers, ...dbComponents].map((c) => c.name),
  );

  return {
    name: named.app,
    region: model.region,
    domains: stack.domain ? [{ domain: stack.domain }] : [],
    services,
    workers,
    jobs,
    ingress,
    databases: dbComponents,
    usesGit: ctx.usesGit,
    configImages: ctx.configImages,
    warnings,
  };
}

/** One database component per database of each Postgres instance (one cluster per instance), then one per key-value store. */
function databaseComponents(model: DoModel, named: ReturnType<typeof specNames>) {
  const dbComponents: DoDatabaseComponent[] = [];
  const dbByRef = new Map<string, DoDatabaseComponent>();
  for (const d of model.databases) {
    for (const [key, n] of named.databases) {
      if (n.instance !== d.name) continue;
      const component: DoDatabaseComponent = {
        name: n.name,
        engine: 'PG',
        version: DO_PG_VERSION,
        clusterName: d.dev ? null : n.cluster,
        dbName: d.dev ? null : n.database,
        dbUser: d.dev ? null : n.database,
        instance: d.name,
      };
      dbComponents.push(component);
      dbByRef.set(key, component);
    }
  }
  const kvByName = new Map<string, DoDatabaseComponent>();
  for (const kv of model.stack.keyValue) {
    const n = named.keyValue.get(kv.name)!;
    const component: DoDatabaseComponent = {
      name: n.name,
      engine: 'VALKEY',
      version: null,
      clusterName: n.cluster,
      dbName: null,
      dbUser: null,
      instance: kv.name,
    };
    dbComponents.push(component);
    kvByName.set(kv.name, component);
  }
  return { dbComponents, dbByRef, kvByName };
}

/** A service's variables, each name once; a literal `${` is warned of (App Platform would bind it). */
function componentEnvs(s: Service, ctx: SpecContext): DoEnv[] {
  const seen = new Set<string>();
  const out: DoEnv[] = [];
  for (const e of s.env) {
    if (seen.has(e.name)) continue;
    seen.add(e.name);
    const v = envVar(e, s, ctx.dbByRef, ctx.kvByName, ctx.componentName);
    if (v.value?.includes('${') && !e.from && !e.ref?.public) {
      ctx.warnings.push(
        warning('digitalocean.literal-reference', 'warning', `${e.name} of ${s.slug} contains "\${", which App Platform reads as a bindable variable.`, {
          service: s.slug,
          fix: 'Set this value in the control panel instead, or avoid "${" in it.',
        }),
      );
    }
    out.push(v);
  }
  return out;
}

/** Where a component's code comes from: an image, or the repository (a build, or an image with config files copied in). */
function componentSource(
  s: Service,
  name: string,
  ctx: SpecContext,
): { image: DoImage | null; github: { repo: string; branch: string; sourceDir: string; dockerfilePath: string } | null } {
  const repo = `${REPO_PLACEHOLDER_OWNER}/${ctx.appName}`;
  if (s.image && s.mounts.length > 0) {
    // No bind mounts on App Platform: a two-line Dockerfile copies the config files into the image, built from the repository root.
    const path = `.do/${name}/Dockerfile`;
    ctx.configImages.push({
      path,
      service: s.slug,
      image: s.image,
      copies: s.mounts.map((m) => ({ copy: JSON.stringify([repoPath(m.source) || '.', m.target]) })),
      // The arguments as the image's CMD (exec form), so the image's entrypoint runs them.
      cmd: s.command ? JSON.stringify(shellWords(s.command)) : null,
    });
    ctx.usesGit.push(name);
    return { image: null, github: { repo, branch: 'main', sourceDir: '/', dockerfilePath: path } };
  }
  if (s.image) {
    const parsed = parseImage(s.image);
    if (!parsed.supported) {
      ctx.warnings.push(
        warning(
          'digitalocean.registry',
          'warning',
          `App Platform pulls images only from Docker Hub, GHCR and DigitalOcean Container Registry; ${s.slug} uses ${s.image}.`,
          {
            service: s.slug,
            fix: `Push it to your DigitalOcean Container Registry as ${parsed.image.repository}:${parsed.image.tag ?? 'latest'} (docker tag + docker push registry.digitalocean.com/<your-registry>/...); .do/app.yaml already points there.`,
          },
        ),
      );
    }
    return { image: parsed.image, github: null };
  }
  // Built from source: the repository is the user's, so the spec names an obvious placeholder.
  const context = s.build ? repoPath(s.build.context) : '';
  ctx.usesGit.push(name);
  return {
    image: null,
    github: {
      repo,
      branch: 'main',
      sourceDir: context === '' ? '/' : context,
      // The stack's dockerfile is relative to the context (as in compose), the spec's to the repository.
      dockerfilePath: s.build?.dockerfile?.startsWith('/') ? repoPath(s.build.dockerfile) : repoPath(context, s.build?.dockerfile ?? 'Dockerfile'),
    },
  };
}

/** One service or worker of the app spec, sized as estimated. */
function specComponent(c: DoModel['components'][number], ctx: SpecContext) {
  const s = ctx.bySlug.get(c.slug)!;
  const name = ctx.componentName.get(c.slug)!;
  const { image, github } = componentSource(s, name, ctx);
  const isPublic = c.kind === 'service' && s.public;
  return {
    name,
    note: `${c.count} × ${c.size.slug} (${dollars(c.size.monthly.amount)} a month each), as estimated`,
    image,
    github,
    runCommand: s.image && s.mounts.length > 0 ? null : (s.command ?? null),
    size: c.size.slug,
    count: c.count,
    httpPort: isPublic ? (s.port ?? null) : null,
    // Every port another component calls: all of them for an internal service, the others beside http_port for a public one.
    internalPorts: c.kind === 'service' ? s.ports.filter((p) => !isPublic || p !== s.port) : [],
    healthCheck: c.kind === 'service' && s.healthPath ? { path: s.healthPath, port: isPublic ? null : (s.port ?? null) } : null,
    envs: componentEnvs(s, ctx),
    public: isPublic,
    slug: s.slug,
    healthPath: s.healthPath ?? null,
  };
}

/** The ingress rules: one per public service, under its path prefix, the catch-all last. */
function ingressRules(services: readonly { public: boolean; slug: string; name: string }[], stack: Stack, bySlug: Map<string, Service>, warnings: Warning[]) {
  const prefixes = new Map(pathRoutes(stack).map((r) => [r.slug, r.prefix]));
  const ingress = services
    .filter((s) => s.public)
    .map((s) => {
      const prefix = prefixes.get(s.slug) ?? `/${s.name}`;
      const svc = bySlug.get(s.slug)!;
      // Under a prefix, a program told its root path (PHOENIX_HOST_ROOT_PATH) wants the prefix kept;
      // App Platform strips it by default, which breaks such a UI's links.
      const preserve = prefix !== '/' && svc.rootPathEnv !== undefined;
      if (prefix !== '/' && !preserve) {
        warnings.push(
          warning(
            'digitalocean.path-prefix',
            'info',
            `${s.slug} is served under ${prefix}, which App Platform strips before the request reaches it; links it writes as absolute paths miss the prefix.`,
            {
              service: s.slug,
              fix: `Give ${s.slug} its own domain, or tell it its root path if it has a setting for one.`,
            },
          ),
        );
      }
      return { prefix, component: s.name, preservePathPrefix: preserve };
    });
  // The catch-all rule last, so a reader sees the specific prefixes first.
  ingress.sort((a, b) => (a.prefix === '/' ? 1 : 0) - (b.prefix === '/' ? 1 : 0));
  return ingress;
}

/**
 * One PRE_DEPLOY job per service with a release command: the same source (image or build) and
 * variables as the service, its command as run_command, one instance. App Platform runs it before
 * the new version of the app is deployed, and a failure stops the deploy.
 */
function releaseJobs<C extends { name: string; slug: string; runCommand: string | null; count: number; note: string }>(
  components: readonly C[],
  bySlug: ReadonlyMap<string, Service>,
  taken: readonly string[],
): (C & { why: string })[] {
  const used = new Set(taken);
  return components.flatMap((c) => {
    const release = bySlug.get(c.slug)?.release;
    if (!release) return [];
    const base = `${c.name.slice(0, 24).replace(/-+$/, '')}-release`;
    let name = base;
    for (let n = 2; used.has(name); n += 1) name = `${base.slice(0, 30)}${n}`;
    used.add(name);
    const why = `Runs ${c.slug}'s release command before each deploy of the app, from the same image and variables; a failure stops the deploy. Billed at its size for the minutes it runs (not in the estimate).`;
    return [{ ...c, name, runCommand: release.command, count: 1, note: `1 × the size of ${c.slug}, for the minutes it runs`, why }];
  });
}

function envVar(
  e: EnvVar,
  s: Service,
  dbByRef: ReadonlyMap<string, DoDatabaseComponent>,
  kvByName: ReadonlyMap<string, DoDatabaseComponent>,
  componentName: ReadonlyMap<string, string>,
): DoEnv {
  const ref = (v: string): DoEnv => ({ key: e.name, type: 'GENERAL', hasValue: true, value: v });
  if (e.ref?.public) {
    // Bindable variables: ${<component>.PUBLIC_URL} is the component's live URL (its route under the
    // app's domain); ${APP_DOMAIN} the app's live domain (docs: how-to/use-environment-variables).
    const target = componentName.get(e.ref.service);
    if (target) {
      if (e.ref.form === 'host') return ref('${APP_DOMAIN}');
      if (e.ref.form === 'host-port') return ref('${APP_DOMAIN}:443');
      return ref(`\${${target}.PUBLIC_URL}${e.ref.path ?? ''}`);
    }
  }
  if (e.ref) {
    // Another component, by its name on the app's private network, on the port it calls.
    const target = componentName.get(e.ref.service);
    if (target) return ref(refValue(e.ref, target, e.ref.port));
  }
  if (e.from === 'key-value-url' && s.keyValue) {
    const kv = kvByName.get(s.keyValue);
    if (kv) return ref(`\${${kv.name}.DATABASE_URL}`);
  }
  if (e.from && e.from !== 'key-value-url' && s.database) {
    const db = dbByRef.get(`${s.database.instance}\u0000${s.database.database}`);
    if (db && e.from === 'database-url' && e.scheme && !['postgres', 'postgresql'].includes(e.scheme)) {
      // The scheme the program expects (postgresql+asyncpg), composed from the database's bindable parts.
      // Managed clusters take TLS only: asyncpg reads ssl=, libpq-style drivers sslmode=.
      const tls = /asyncpg/.test(e.scheme) ? 'ssl=require' : 'sslmode=require';
      return ref(`${e.scheme}://\${${db.name}.USERNAME}:\${${db.name}.PASSWORD}@\${${db.name}.HOSTNAME}:\${${db.name}.PORT}/\${${db.name}.DATABASE}?${tls}`);
    }
    if (db) return ref(`\${${db.name}.${BINDABLE[e.from]}}`);
  }
  if (!e.secret && e.value !== undefined && !e.from) return { key: e.name, type: 'GENERAL', hasValue: true, value: e.value };
  // Secrets (and references with nothing to bind to) are set in the control panel, never here.
  if (e.secret || e.from) return { key: e.name, type: 'SECRET', hasValue: false, value: null };
  return { key: e.name, type: 'GENERAL', hasValue: false, value: null };
}

/**
 * DigitalOcean's way of running bootstrap steps: doctl apps console opens a shell in a component
 * (interactive only); App Platform sets an encrypted variable only through the spec or the control
 * panel, so the key is entered there, which redeploys the component.
 */
function doBootstrap(publicComponents: readonly string[]): BootstrapTarget {
  return {
    exec: (slug) => ({ shell: `doctl apps console "$APP_ID" ${shell(slug)}` }),
    setSecret: (slug, name) => [
      `echo ${shell(`Now set ${name} of ${slug}: Apps > the app > Settings > ${slug} > Environment Variables > Edit, paste the key, tick Encrypt, Save (App Platform redeploys ${slug}).`)}`,
    ],
    address: (slug) => (publicComponents.includes(slug) ? 'the app\'s address (doctl apps get "$APP_ID" --format DefaultIngress)' : null),
  };
}

/** DigitalOcean's files: the app spec, Dockerfiles for config files, and DEPLOY.md's steps with doctl. */
export function digitalOceanFiles(model: DoModel, ctx: GenerateContext): GeneratedFiles {
  // model.stack is the stack as App Platform runs it (Phoenix in Postgres): every file uses it.
  const stack = model.stack;
  const spec = appSpec(model);
  const book = ctx.book.platforms.digitalocean;
  const datacenter = DB_DATACENTER[spec.region] ?? `${spec.region}1`;
  const specPath = '.do/app.yaml';
  const { steps: postgres, clusters } = postgresSteps(model, spec, book, datacenter, specPath);
  const steps: DeployStep[] = [
    {
      title: 'Install doctl and log in',
      text: "doctl is DigitalOcean's CLI (https://docs.digitalocean.com/reference/doctl/how-to/install/). Create a personal access token in the control panel (API > Tokens) and paste it when asked.",
      commands: ['doctl auth init'],
    },
    ...repositoryStep(spec, stack, specPath),
    ...postgres,
    ...devDatabaseStep(spec, book),
    ...valkeySteps(model, spec, datacenter),
    createAppStep(specPath),
    secretsStep(stack, specPath),
    ...domainStep(stack),
    runningCheckStep(spec),
  ];

  const warnings = [...spec.warnings, ...unbakedMountWarnings(stack, 'App Platform')];
  const files: FileToRender[] = [
    { path: specPath, template: 'digitalocean/app.yaml', context: { header: headerText(ctx), ...spec } },
    ...spec.configImages.map((d) => ({ path: d.path, template: 'digitalocean/config.Dockerfile', context: { header: headerText(ctx), ...d } })),
    ...commonFiles({
      stack,
      ctx,
      platformName: 'DigitalOcean App Platform',
      steps,
      // doctl databases db create (or App Platform's dev databases) create every app's database.
      databasesSql: false,
      dataMigration: doDataMigration(spec.databases),
      bootstrap: bootstrapSteps(stack, doBootstrap(spec.services.filter((x) => x.public).map((x) => x.name))),
      secretsHowTo:
        'The app spec marks each one "type: SECRET" without a value; set them in the control panel (Settings > component > Environment Variables, Encrypt ticked) or through a copy of the spec that is never committed.' +
        (spec.databases[0] ? ` Database variables are bindable references such as \${${spec.databases[0].name}.DATABASE_URL}, filled in by App Platform.` : ''),
      warnings,
      releaseHow:
        "App Platform runs each as a job of kind PRE_DEPLOY in .do/app.yaml (the service's own image or build, its variables, the command as run_command): before the new version of the app is deployed; a failure stops the deploy and the old version keeps running.",
    }),
  ];
  const nextSteps = [
    ...(spec.usesGit.length > 0 ? [`Replace ${REPO_PLACEHOLDER_OWNER}/${spec.name} in ${specPath} with your GitHub repository and push.`] : []),
    ...(clusters.length > 0 ? [`Create the Postgres cluster${clusters.length > 1 ? 's' : ''} with doctl databases create (DEPLOY.md).`] : []),
    `doctl apps create --spec ${specPath}, then set the secrets in the control panel.`,
    'Follow DEPLOY.md for the rest.',
  ];
  return { files, warnings, nextSteps };
}

type AppSpec = ReturnType<typeof appSpec>;
type DoBook = GenerateContext['book']['platforms']['digitalocean'];

/** Built from the repository: point the spec at it and push (with the config files the Dockerfiles copy). */
function repositoryStep(spec: AppSpec, stack: Stack, specPath: string): DeployStep[] {
  if (spec.usesGit.length === 0) return [];
  return [
    {
      title: 'Point the spec at your repository',
      text: `${spec.usesGit.join(', ')} build from source. In ${specPath}, replace every ${REPO_PLACEHOLDER_OWNER}/${spec.name} with your GitHub repository (owner/name) and branch, push the code there, and install the DigitalOcean GitHub app on it when doctl or the control panel asks.`,
      commands: [
        // The config files the generated Dockerfiles copy are built from the repository: committed too.
        `git add .do/app.yaml .env.example DEPLOY.md${spec.configImages.map((d) => ` ${shell(d.path)}`).join('')}${[
          ...new Set(stack.services.filter((x) => spec.configImages.some((d) => d.service === x.slug)).flatMap((x) => x.mounts.map((m) => repoPath(m.source)))),
        ]
          .map((f) => ` ${shell(f)}`)
          .join('')}`,
        'git commit -m "Add DigitalOcean app spec"',
        'git push',
      ],
    },
  ];
}

/** One step per managed PostgreSQL cluster: the shared doctl steps, the plan as estimated. */
function postgresSteps(
  model: DoModel,
  spec: AppSpec,
  book: DoBook,
  datacenter: string,
  specPath: string,
): { steps: DeployStep[]; clusters: AppSpec['databases'] } {
  const pg = spec.databases.filter((d) => d.engine === 'PG' && d.clusterName !== null);
  const clusters = [...new Map(pg.map((d) => [d.clusterName, d])).values()];
  const steps = clusters.map((cluster, index): DeployStep => {
    const d = model.databases.find((x) => x.name === cluster.instance)!;
    const members = pg.filter((x) => x.clusterName === cluster.clusterName);
    const dev = `${dollars(book.devDatabase.monthly.amount)} dev database`;
    return {
      title: `Create the managed PostgreSQL cluster ${cluster.clusterName}`,
      text:
        `${d.plan.slug} as estimated (${dollars(d.plan.monthly.amount)} a month, ${d.plan.includedStorageGb} GB included)` +
        (d.extraGb > 0 ? `; then add ${d.extraGb} GB of storage under the cluster's Settings > Storage` : '') +
        '. ' +
        (index === 0
          ? 'App Platform can read the password only of users created through DigitalOcean, so create the database and its user with doctl, not SQL. ' +
            "Each app gets its own database and user. Since PostgreSQL 15 only a database's owner (doadmin here) may create tables in its public schema, so once the cluster is online each app's user is granted its own database's public schema (CREATE and USAGE), and nothing else; psql connects as doadmin with the password doctl prints, passed in PGPASSWORD rather than on the command line. " +
            `Cheaper while trying it out: the ${dev} (${book.devDatabase.storageLimitGb} GB, no backups): in ${specPath}, replace the entry's production, cluster_name, db_name and db_user with "production: false" and skip this step.`
          : 'The same steps as for the first cluster.'),
      commands: [
        ...managedClusterCommands({
          name: cluster.clusterName!,
          region: datacenter,
          plan: d.plan,
          members: members.map((m) => ({ database: m.dbName!, user: m.dbUser! })),
        }),
      ],
    };
  });
  return { steps, clusters };
}

/** The App Platform dev databases, which come with the app. */
function devDatabaseStep(spec: AppSpec, book: DoBook): DeployStep[] {
  const devDatabases = spec.databases.filter((d) => d.engine === 'PG' && d.clusterName === null);
  if (devDatabases.length === 0) return [];
  return [
    {
      title: `Use the App Platform dev database${devDatabases.length > 1 ? 's' : ''} (${devDatabases.map((d) => d.name).join(', ')})`,
      text: `App Platform creates ${devDatabases.length > 1 ? 'them, one per app,' : 'it'} with the app (${dollars(book.devDatabase.monthly.amount)} a month each, up to ${book.devDatabase.storageLimitGb} GB, no backups, not for production). Nothing to create beforehand.`,
      commands: [],
    },
  ];
}

/** One step per managed Valkey cluster, on the plan as estimated. */
function valkeySteps(model: DoModel, spec: AppSpec, datacenter: string): DeployStep[] {
  return spec.databases
    .filter((d) => d.engine === 'VALKEY')
    .map((kv) => {
      const priced = model.keyValues.find((k) => k.name === kv.instance);
      return {
        title: `Create the managed Valkey cluster ${kv.clusterName}`,
        text: priced
          ? `${priced.plan.id} as estimated (${dollars(priced.plan.monthly.amount)} a month).`
          : 'Not in the estimate: the price book has no Managed Valkey plan this large. Pick a size on the managed-databases pricing page and put its slug after --size.',
        commands: [
          `doctl databases create ${shell(kv.clusterName!)} --engine valkey --region ${shell(datacenter)} --size ${shell(priced?.plan.id ?? 'db-s-1vcpu-1gb')} --num-nodes 1`,
        ],
      };
    });
}

/** Creating the app from the spec, its id kept in $APP_ID. */
function createAppStep(specPath: string): DeployStep {
  return {
    title: 'Create the app',
    text: 'App Platform builds or pulls every component and attaches the databases; the secrets start empty.',
    commands: [
      `doctl apps spec validate ${shell(specPath)}`,
      // Assigned, then exported: `export X="$(...)"` would hide the command's failure (SC2155).
      `APP_ID="$(doctl apps create --spec ${shell(specPath)} --format ID --no-header)"`,
      'export APP_ID',
      'echo "$APP_ID"',
    ],
  };
}

/** Setting the secrets (and plain variables without a default), never in a committed file. */
function secretsStep(stack: Stack, specPath: string): DeployStep {
  // Plain variables without a default, each named once with the components that read it.
  const unsetBy = new Map<string, string[]>();
  for (const s of stack.services) {
    for (const e of s.env.filter((v) => !v.secret && !v.from && v.value === undefined)) {
      const users = unsetBy.get(e.name);
      if (users) users.push(s.slug);
      else unsetBy.set(e.name, [s.slug]);
    }
  }
  const unset = [...unsetBy].map(([name, users]) => `${name} (${users.join(', ')})`);
  return {
    title: 'Set the secrets',
    text:
      'In the control panel: Apps > the app > Settings > each component > Environment Variables > Edit; enter each value with Encrypt ticked. ' +
      (unset.length > 0 ? `Also give the plain variables without a default their values: ${unset.join(', ')}. ` : '') +
      'Or put the values in a copy of the spec outside the repository and apply it; App Platform encrypts them on the first submission:',
    commands: [
      `cp ${shell(specPath)} ~/app.with-secrets.yaml   # add the values there; never commit it`,
      'doctl apps update "$APP_ID" --spec ~/app.with-secrets.yaml',
      'rm ~/app.with-secrets.yaml',
    ],
  };
}

/** The custom domain's CNAME, when there is one. */
function domainStep(stack: Stack): DeployStep[] {
  if (!stack.domain) return [];
  return [
    {
      title: `Point ${stack.domain} at the app`,
      text: `Add a CNAME record for ${stack.domain} to the app's default domain (DefaultIngress, without https://). App Platform issues the TLS certificate once the record resolves.`,
      commands: ['doctl apps get "$APP_ID" --format DefaultIngress --no-header'],
    },
  ];
}

/** Checking the app runs: a public service's health path through the app's default domain. */
function runningCheckStep(spec: AppSpec): DeployStep {
  const check = spec.services.find((s) => s.public && s.healthPath);
  const prefix = check ? (spec.ingress.find((r) => r.component === check.name)?.prefix ?? '/') : '/';
  return {
    title: 'Check that the app is running',
    text:
      'Later changes: "doctl apps update <app-id> --spec .do/app.yaml" replaces the whole spec, and a secret without a value in the file may be cleared; ' +
      'start from the live spec ("doctl apps spec get <app-id>", whose secrets are encrypted EV[...] values) when you update.',
    commands: [
      'doctl apps list --format ID,Spec.Name,DefaultIngress,ActiveDeployment.ID',
      ...(check
        ? [
            'APP_URL="$(doctl apps get "$APP_ID" --format DefaultIngress --no-header)"',
            'export APP_URL',
            `curl -fsS "$APP_URL"${shell(`${prefix === '/' ? '' : prefix}${check.healthPath}`)}`,
          ]
        : []),
    ],
  };
}

/** psql as doadmin on one database of the cluster in $CLUSTER_ID, the password from doctl through PGPASSWORD. */
export function doadminPsql(database: string, sql: string): string {
  return `PGPASSWORD="$(doctl databases connection "$CLUSTER_ID" --format Password --no-header)" psql ${shell(`dbname=${database} user=doadmin sslmode=require`)} -h "$DO_PG_HOST" -p "$DO_PG_PORT" -v ON_ERROR_STOP=1 -c ${shell(sql)}`;
}

/**
 * doctl prints a managed cluster's doadmin URI (database defaultdb, sslmode=require); each
 * database of the stack is the same URI with its own name. A dev database's URL is on the app's
 * Settings page.
 */
function doDataMigration(databases: readonly DoDatabaseComponent[]): DataMigration {
  const setup: string[] = [];
  const targets: DataMigration['targets'] = [];
  const seen = new Set<string>();
  for (const d of databases.filter((x) => x.engine === 'PG')) {
    const key = d.clusterName ?? d.name;
    const variable = urlVar(key);
    const base = variable.replace(/_URL$/, '');
    if (!seen.has(key)) {
      seen.add(key);
      if (d.clusterName !== null) {
        setup.push(
          `${base}_ID="$(doctl databases list --format ID,Name --no-header | awk ${shell(`$2 == "${d.clusterName}" { print $1 }`)})"`,
          `${base}_HOST="$(doctl databases connection "$${base}_ID" --format Host --no-header)"`,
          `${base}_PORT="$(doctl databases connection "$${base}_ID" --format Port --no-header)"`,
          `export ${base}_ID ${base}_HOST ${base}_PORT`,
        );
      } else {
        setup.push(`: "\${${variable}:?export ${variable} first: the connection string of the dev database ${d.name} (Settings of the app > ${d.name})}"`);
      }
    }
    const db = d.dbName ?? d.name;
    if (d.clusterName !== null && d.dbUser) {
      // The app's own user restores, so it owns what it restores (doadmin would own it otherwise).
      const pw = `${db.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_PASSWORD`;
      setup.push(`${pw}="$(doctl databases user get "$${base}_ID" ${shell(d.dbUser)} --format Password --no-header)"`);
      targets.push({ name: db, url: `"postgresql://${d.dbUser}:\${${pw}}@\${${base}_HOST}:\${${base}_PORT}/${db}?sslmode=require"` });
    } else {
      targets.push({ name: db, url: `"$${variable}"` });
    }
  }
  return {
    text:
      "The copy connects as each app's own database user over TLS (doctl prints its password), so the restored tables belong to the app, which reads, writes and migrates them as before; " +
      'restored as doadmin they would belong to doadmin and the app would get "permission denied". The user needs CREATE on the public schema: the GRANT of the cluster step. Trusted sources, if you set any, must include this machine.',
    setup,
    targets,
  };
}
