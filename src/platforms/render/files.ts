/**
 * Render's files: one render.yaml Blueprint sized from the same model the estimate priced,
 * plus the common .env.example, DEPLOY.md and db/databases.sql.
 * Field reference: https://render.com/docs/blueprint-spec
 * Private network: https://render.com/docs/private-network
 *
 * Wiring. A service others call is a private service (`pserv`: no public URL); a public one is
 * a web service. A value that is another service's host, or its host and main port, is a
 * `fromService` reference (`host` / `hostport`). A Blueprint cannot join text and references,
 * so a full URL (`http://litellm:4000`) or a database URL with another scheme or database is
 * `sync: false`, with the exact value to enter in DEPLOY.md.
 */
import { groupBy, indexFirst } from '../../core/collections.js';
import type { FileToRender, GenerateContext, GeneratedFiles } from '../../core/platform.js';
import type { StackEnvVar as EnvVar, Service } from '../../core/stack.js';
import { primaryPublicService, publicRefValue, refValue, type Stack } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import { shell } from '../../render/serialize.js';
import { commonFiles, DATABASES_SQL, type DataMigration, type DeployStep, headerText, sharedDatabases, urlVar } from '../../render/stack-files.js';
import { type BootstrapTarget, bootstrapSteps } from '../bootstrap.js';
import { mountDockerfile, mountDockerfilePath, needsMountImage, unbakedMountWarnings } from '../mount-image.js';
import type { RenderModel } from './model.js';

type EnvKind = 'value' | 'secret' | 'database' | 'keyvalue' | 'service';
interface RenderEnv {
  key: string;
  kind: EnvKind;
  value: string | null;
  from: string | null;
  /** Blueprint type of the service a `fromService` names. */
  fromType: string | null;
  property: string | null;
}

/** Ports Render keeps for itself on the private network (render.com/docs/private-network). */
export const RENDER_RESERVED_PORTS: readonly number[] = [10000, 18012, 18013, 19099];

const DB_PROPERTY: Record<string, string> = {
  'database-url': 'connectionString',
  'database-host': 'host',
  'database-port': 'port',
  'database-user': 'user',
  'database-password': 'password',
  'database-name': 'database',
};

/** Schemes Render's connectionString (postgresql://) already satisfies. */
const PLAIN_SCHEMES = new Set(['postgresql', 'postgres']);

/** The placeholder DEPLOY.md uses for a service's internal host. */
export const hostPlaceholder = (service: string) => `<host of ${service}>`;
/** The placeholder DEPLOY.md uses for a web service's public host (its onrender.com host, RENDER_EXTERNAL_HOSTNAME). */
export const publicHostPlaceholder = (service: string) => `<public host of ${service}>`;
/** The placeholder DEPLOY.md uses for a database instance's credentials and address. */
export const credentialsPlaceholder = (instance: string) => `<user:password@host:port of ${instance}>`;

/** A value the Blueprint cannot compose: the user enters it as DEPLOY.md shows. */
export interface ManualValue {
  service: string;
  key: string;
  value: string;
}

interface Wiring {
  types: Map<string, 'web' | 'pserv' | 'worker'>;
  /** The stack's services by slug (the first of a slug). */
  services: Map<string, Service>;
  /** The database each Blueprint database is created with (`databaseName`), by instance. */
  blueprintDatabase: Map<string, string>;
  manual: ManualValue[];
  /** The custom domain and the service it fronts, if any. */
  domain: string | null;
  domainSlug: string | undefined;
}

function envVar(e: EnvVar, s: Service, w: Wiring): RenderEnv {
  const base = { key: e.name, value: null, from: null, fromType: null, property: null };
  if (e.ref?.public) {
    // A custom domain is known now; the onrender.com host exists only once Render creates the service.
    if (w.domainSlug === e.ref.service && w.domain) return { ...base, kind: 'value', value: publicRefValue(e.ref, w.domain) };
    w.manual.push({ service: s.slug, key: e.name, value: publicRefValue(e.ref, publicHostPlaceholder(e.ref.service)) });
    return { ...base, kind: 'secret' };
  }
  if (e.ref) {
    const targetType = w.types.get(e.ref.service) ?? 'pserv';
    const target = w.services.get(e.ref.service);
    if (e.ref.form === 'host') return { ...base, kind: 'service', from: e.ref.service, fromType: targetType, property: 'host' };
    // hostport gives the port the service declares with PORT: its main port.
    if (e.ref.form === 'host-port' && target?.port === e.ref.port)
      return { ...base, kind: 'service', from: e.ref.service, fromType: targetType, property: 'hostport' };
    w.manual.push({ service: s.slug, key: e.name, value: refValue(e.ref, hostPlaceholder(e.ref.service), e.ref.port) });
    return { ...base, kind: 'secret' };
  }
  if (e.from === 'key-value-url' && s.keyValue) return { ...base, kind: 'keyvalue', from: s.keyValue };
  if (e.from && e.from !== 'key-value-url' && s.database) {
    const { instance, database } = s.database;
    const own = w.blueprintDatabase.get(instance) === database;
    const plainScheme = !e.scheme || PLAIN_SCHEMES.has(e.scheme);
    if (e.from === 'database-url' && !(own && plainScheme)) {
      w.manual.push({ service: s.slug, key: e.name, value: `${e.scheme ?? 'postgresql'}://${credentialsPlaceholder(instance)}/${database}` });
      return { ...base, kind: 'secret' };
    }
    if (e.from === 'database-name' && !own) return { ...base, kind: 'value', value: database };
    return { ...base, kind: 'database', from: instance, property: DB_PROPERTY[e.from]! };
  }
  if (!e.secret && e.value !== undefined) return { ...base, kind: 'value', value: e.value };
  // Secrets (and values only the user knows) are prompted for in the dashboard: sync: false.
  return { ...base, kind: 'secret' };
}

/**
 * The database a Blueprint database is created with: that of the first app that can take the
 * connection string as Render gives it (postgresql://), so at least one app needs no manual step.
 */
function blueprintDatabases(stack: Stack): Map<string, string> {
  const out = new Map<string, string>();
  const usersOf = groupBy(
    stack.services.filter((s) => s.database),
    (s) => s.database!.instance,
  );
  for (const p of stack.postgres.instances) {
    const users = usersOf.get(p.name) ?? [];
    const plain = users.find((s) => s.env.some((e) => e.from === 'database-url' && (!e.scheme || PLAIN_SCHEMES.has(e.scheme))));
    out.set(p.name, plain?.database?.database ?? p.databases[0] ?? p.name.replace(/-/g, '_'));
  }
  return out;
}

/** The Blueprint's context: services, key-value stores and databases as Render names them. */
export function renderBlueprint(model: RenderModel, stack: Stack) {
  const domainService = stack.domain ? primaryPublicService(stack) : undefined;
  const bySlug = new Map(stack.services.map((s) => [s.slug, s]));
  const wiring: Wiring = {
    types: new Map(model.services.map((rs) => [rs.slug, rs.type])),
    services: indexFirst(stack.services, (s) => s.slug),
    blueprintDatabase: blueprintDatabases(stack),
    manual: [],
    domain: stack.domain,
    domainSlug: stack.domain ? primaryPublicService(stack)?.slug : undefined,
  };
  const services = model.services.map((rs) => {
    const s = bySlug.get(rs.slug)!;
    const mountImage = needsMountImage(s);
    const build = mountImage ? { context: '.', dockerfile: mountDockerfilePath(s.slug) } : s.build && !s.image ? s.build : null;
    const envVars: RenderEnv[] = [];
    // Render routes a web service's traffic, and resolves hostport, to the port PORT names.
    if (s.port !== undefined && rs.type !== 'worker' && !s.env.some((e) => e.name === 'PORT')) {
      envVars.push({ key: 'PORT', kind: 'value', value: String(s.port), from: null, fromType: null, property: null });
    }
    envVars.push(...s.env.map((e) => envVar(e, s, wiring)));
    return {
      type: rs.type,
      name: rs.slug,
      runtime: build ? 'docker' : 'image',
      image: build ? null : (s.image ?? null),
      dockerContext: build ? build.context : null,
      // Compose semantics: the Dockerfile path is relative to the build context.
      dockerfilePath: build ? (mountImage ? `./${build.dockerfile}` : `${build.context.replace(/\/$/, '')}/${build.dockerfile ?? 'Dockerfile'}`) : null,
      // The generated Dockerfile carries the command as CMD (the image's entrypoint stays).
      dockerCommand: mountImage ? null : (s.command ?? null),
      // Render runs a pre-deploy command on paid instance types only (renderReleaseWarnings says so for free ones).
      preDeployCommand: s.release && !rs.instance.free ? s.release.command : null,
      plan: rs.instance.id,
      region: model.region,
      numInstances: rs.count,
      // Render checks a private service by opening a TCP connection to its port, never by HTTP
      // (render.com/docs/health-checks): only web services get a path.
      healthCheckPath: rs.type === 'web' ? (s.healthPath ?? null) : null,
      disk: rs.disk ? { name: `${rs.slug}-data`, mountPath: rs.disk.mountPath, sizeGB: rs.disk.sizeGb } : null,
      domains: domainService?.slug === rs.slug && stack.domain ? [stack.domain] : [],
      envVars,
      mountImage,
    };
  });
  return {
    services,
    keyValues: model.keyValues.map((kv) => ({ name: kv.name, plan: kv.plan.id, region: model.region })),
    databases: model.databases.map((d) => ({
      name: d.name,
      databaseName: wiring.blueprintDatabase.get(d.name) ?? d.databases[0] ?? d.name.replace(/-/g, '_'),
      plan: d.plan.id,
      region: model.region,
      diskSizeGB: d.storageGb,
    })),
    manual: wiring.manual,
  };
}

/** Warnings the Blueprint's wiring adds: ports Render keeps for itself. */
function wiringWarnings(stack: Stack): Warning[] {
  const out: Warning[] = [];
  for (const l of stack.links) {
    if (RENDER_RESERVED_PORTS.includes(l.port)) {
      out.push(
        warning(
          'render.reserved-port',
          'error',
          `${l.from}'s ${l.variable} reaches ${l.to} on port ${l.port}, which Render keeps for itself on the private network.`,
          {
            service: l.to,
            fix: `Make ${l.to} listen on another port (not ${RENDER_RESERVED_PORTS.join(', ')}).`,
          },
        ),
      );
    }
  }
  return out;
}

/** Render shows each database's External Database URL on its Info page; outside connections need TLS. */
function renderDataMigration(model: RenderModel): DataMigration {
  const setup: string[] = [];
  const targets: DataMigration['targets'] = [];
  for (const d of model.databases) {
    const variable = urlVar(d.name);
    setup.push(`: "\${${variable}:?export ${variable} first: the External Database URL from the Info page of ${d.name}}"`);
    for (const db of d.databases) {
      // The URL names the database Render created; each app's own database sits beside it.
      targets.push({ name: db, url: `"\${${variable}%/*}/${db}?sslmode=require"` });
    }
  }
  return {
    text: "Render shows each database's External Database URL on its Info page (the Dashboard's Connect button); connections from outside Render need TLS, hence sslmode=require.",
    setup,
    targets,
  };
}

/**
 * Render's free instance type has no pre-deploy command: a service with a release command that
 * runs there (or could, and may be moved there to save money) is told what happens and what to do.
 */
function renderReleaseWarnings(model: RenderModel, stack: Stack): Warning[] {
  const bySlug = new Map(stack.services.map((s) => [s.slug, s]));
  return model.services.flatMap((rs) => {
    const release = bySlug.get(rs.slug)?.release;
    if (!release) return [];
    if (!rs.instance.free) {
      if (!model.freeCandidates.includes(rs.slug)) return [];
      return [
        warning(
          'render.free-no-pre-deploy',
          'warning',
          `${rs.slug} is small enough for Render's free instance type, which has no pre-deploy command: moved there, its release command (${release.command}) would no longer run.`,
          {
            service: rs.slug,
            fix: `Keep it on a paid instance type (${rs.instance.id}), or run ${JSON.stringify(release.command)} yourself against the database's External URL before each deploy.`,
          },
        ),
      ];
    }
    return [
      warning(
        'render.free-no-pre-deploy',
        'error',
        `${rs.slug} runs on a free instance, which has no pre-deploy command, so its release command (${release.command}) is not in render.yaml and would not run.`,
        {
          service: rs.slug,
          fix: `Give it a paid instance type (such as starter), where render.yaml's preDeployCommand runs it; or run ${JSON.stringify(release.command)} yourself against the database's External URL before each deploy.`,
        },
      ),
    ];
  });
}

/** The shell variable holding a Render service's ID: `litellm` → `RENDER_SERVICE_ID_LITELLM`. */
export function renderServiceIdVar(slug: string): string {
  return `RENDER_SERVICE_ID_${slug.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** Services to deploy again after the Blueprint: those with entered values, and users of databases made by db/databases.sql. */
function redeployed(stack: Stack, withValues: readonly string[]): string[] {
  const created = new Set(sharedDatabases(stack).flatMap((g) => g.databases.flatMap((d) => d.services)));
  return stack.services.map((s) => s.slug).filter((slug) => withValues.includes(slug) || created.has(slug));
}

/**
 * Sets a Render environment variable through Render's API (PUT /v1/services/{id}/env-vars/{key});
 * the API key goes in a curl config read from a process substitution and the value on stdin, so
 * neither is in a command line. https://api-docs.render.com/reference/update-env-var
 */
export function renderSetEnv(slug: string, name: string, from: string): string {
  return (
    `printf '{"value":"%s"}' "$${from}" | curl -fsS -X PUT --config <(printf 'header = "Authorization: Bearer %s"\\n' "$RENDER_API_KEY") ` +
    `-H 'Content-Type: application/json' --data-binary @- "https://api.render.com/v1/services/$${renderServiceIdVar(slug)}/env-vars/${name}" > /dev/null`
  );
}

/** The custom domain's record and the public service's health check, when there are any. */
function lastSteps(stack: Stack, blueprint: ReturnType<typeof renderBlueprint>, web: ReturnType<typeof renderBlueprint>['services']): DeployStep[] {
  const steps: DeployStep[] = [];
  if (stack.domain) {
    const target = blueprint.services.find((s) => s.domains.length > 0);
    steps.push({
      title: `Point ${stack.domain} at Render`,
      text: `Add a CNAME record for ${stack.domain} to ${target?.name ?? 'your web service'}.onrender.com; Render issues the TLS certificate.`,
      commands: [],
    });
  }
  const check = web.find((s) => s.healthCheckPath);
  if (check) {
    steps.push({
      title: 'Check that the public service answers',
      text: 'Private services have no public address; Render checks them by opening a TCP connection to their port, not by an HTTP request.',
      commands: [`curl -fsS ${shell(`https://${check.name}.onrender.com${check.healthCheckPath}`)}`],
    });
  }
  return steps;
}

/** Render's way of running bootstrap steps: render ssh opens a shell in the service (interactive only). */
function renderBootstrap(web: readonly string[]): BootstrapTarget {
  return {
    exec: (slug) => ({ shell: `render ssh ${shell(slug)}` }),
    setSecret: (slug, name, from) => [
      ': "${RENDER_API_KEY:?export RENDER_API_KEY: an API key from your Render account settings}"',
      `: "\${${renderServiceIdVar(slug)}:?export ${renderServiceIdVar(slug)}: the ID of ${slug}}"`,
      renderSetEnv(slug, name, from),
    ],
    apply: (slugs) => [...new Set(slugs)].map((slug) => `render deploys create "$${renderServiceIdVar(slug)}" --wait --confirm`),
    address: (slug) => (web.includes(slug) ? `https://${slug}.onrender.com` : null),
  };
}

export function renderBlueprintFiles(model: RenderModel, stack: Stack, ctx: GenerateContext): GeneratedFiles {
  const blueprint = renderBlueprint(model, stack);
  const header = headerText(ctx);
  const web = blueprint.services.filter((s) => s.type === 'web');
  const mountFiles: FileToRender[] = stack.services.filter(needsMountImage).map((s) => mountDockerfile(s, header));
  const databases = sharedDatabases(stack);
  // Every file this writes (so DEPLOY.md names none that is missing), plus the mounted config files.
  const committed = [
    'render.yaml',
    ...mountFiles.map((f) => f.path),
    '.env.example',
    'DEPLOY.md',
    ...(databases.length > 0 ? [DATABASES_SQL] : []),
    ...stack.services.flatMap((s) => (needsMountImage(s) ? s.mounts.map((m) => m.source) : [])),
  ];
  const steps: DeployStep[] = [
    {
      title: 'Commit render.yaml and push the repository to GitHub, GitLab or Bitbucket',
      text:
        'The Blueprint builds each service from the dockerContext and dockerfilePath it names, relative to the repository root' +
        (mountFiles.length > 0 ? '; the Dockerfiles under deploy/ copy the config files the compose file mounted, so commit those files too.' : '.'),
      commands: [`git add ${[...new Set(committed)].map(shell).join(' ')}`, 'git commit -m "Add Render Blueprint"', 'git push'],
    },
    {
      title: 'Create the Blueprint in the Render Dashboard',
      text: 'Open https://dashboard.render.com/select-repo?type=blueprint, pick the repository, review the resources Render lists and choose Apply. Render asks for every variable marked sync: false.',
      commands: [],
    },
    {
      title: 'Enter the secrets when Render prompts for them',
      text: 'Variables with sync: false are never stored in the file. The next steps give the value of those that are not secrets you hold.',
      commands: [],
    },
  ];
  if (databases.length > 0) {
    steps.push({
      title: 'Create one database per app in the shared instance',
      text: `The Blueprint creates the instance with one database; ${DATABASES_SQL} creates the others. Copy the database's External Database URL from its Info page, then run:`,
      commands: [
        ': "${EXTERNAL_DATABASE_URL:?export EXTERNAL_DATABASE_URL first: the External Database URL of the instance}"',
        `psql "$EXTERNAL_DATABASE_URL" -f ${DATABASES_SQL}`,
      ],
    });
  }
  if (blueprint.manual.length > 0) {
    const bySvc = groupBy(blueprint.manual, (m) => m.service);
    steps.push({
      title: 'Enter the values a Blueprint cannot compose',
      text:
        'A Blueprint cannot join text and a reference into one value, so these are sync: false, and the internal hostnames exist only once the Blueprint has created the services. ' +
        "On each service's Environment page choose Add from .env and paste its lines, " +
        'replacing each placeholder: <host of SERVICE> is the internal hostname of SERVICE (its Connect menu, Internal tab, such as litellm-a1b2); ' +
        '<user:password@host:port of DATABASE> is that part of the Internal Database URL of DATABASE (its Info page). Save them without deploying: the next step redeploys.' +
        (blueprint.manual.some((m) => m.value.includes('<public host of '))
          ? ' <public host of SERVICE> is the host of the onrender.com URL Render gave the web service SERVICE (the top of its page, such as minio-a1b2.onrender.com), once it exists: enter it then, before the redeploy.'
          : ''),
      commands: [],
      listing: [...bySvc].flatMap(([svc, values]) => [`# ${svc}`, ...values.map((m) => `${m.key}=${m.value}`)]),
    });
  }
  const waiting = redeployed(
    stack,
    blueprint.manual.map((m) => m.service),
  );
  if (waiting.length > 0) {
    steps.push({
      title: 'Redeploy the services that started before their values and databases existed',
      text:
        "The Blueprint's first deploy ran before the values above were entered" +
        (databases.length > 0 ? " and before db/databases.sql created the apps' databases" : '') +
        '. ' +
        'render deploys create starts a new deploy of each and waits for it. It takes the service ID (srv-..., in the service\'s dashboard URL or "render services"): export each first.',
      commands: waiting.flatMap((slug) => [
        `: "\${${renderServiceIdVar(slug)}:?export ${renderServiceIdVar(slug)}: the ID of ${slug}}"`,
        `render deploys create "$${renderServiceIdVar(slug)}" --wait --confirm`,
      ]),
    });
  }
  steps.push(...lastSteps(stack, blueprint, web));
  const warnings = [...wiringWarnings(stack), ...renderReleaseWarnings(model, stack), ...unbakedMountWarnings(stack, 'Render')];
  const files = [
    { path: 'render.yaml', template: 'render/render.yaml', context: { header, ...blueprint } },
    ...mountFiles,
    ...commonFiles({
      stack,
      ctx,
      platformName: 'Render',
      steps,
      dataMigration: renderDataMigration(model),
      bootstrap: bootstrapSteps(stack, renderBootstrap(blueprint.services.filter((s) => s.type === 'web').map((s) => s.name))),
      secretsHowTo: "Render prompts for each variable marked sync: false when you create the Blueprint; change them later under the service's Environment tab.",
      warnings,
      releaseHow:
        "Render runs each as the service's preDeployCommand in render.yaml: after the build, in a separate instance of the new image with the service's environment, before the new version takes traffic; a failure cancels the deploy. Only paid instance types run it, and the service's disk is not mounted there.",
    }),
  ];
  return {
    files,
    warnings,
    nextSteps: [
      'Push the repository with render.yaml.',
      'Create a Blueprint from it in the Render Dashboard and enter the secrets.',
      'Follow DEPLOY.md for the rest.',
    ],
  };
}
