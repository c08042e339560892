/**
 * The one answers schema. Flags, the answers file and the wizard all produce unknown input
 * that ends in `AnswersSchema.parse`, so the three can never disagree on names or defaults.
 */
import * as z from 'zod/mini';

export * from '../answer-values.js';

import {
  AUTH_PROVIDERS,
  CLIENT_DISTRIBUTIONS,
  DB_LAYOUTS,
  DEFAULT_PLATFORMS,
  DEFAULT_STACK_NAME,
  ENV_NAME,
  ENV_SOURCES,
  PLATFORM_IDS,
  POSTGRES_KINDS,
  REF_FORMS,
  REGIONS,
  SERVICE_ROLES,
  TIERS,
} from '../answer-values.js';
import { questionDefault } from './question-table.js';

const envName = () => z.string().check(z.regex(ENV_NAME, 'a variable name: letters, digits and _, not starting with a digit'));
const int = (min: number, max: number, minMessage?: string) =>
  z.number().check(z.int(), z.minimum(min, minMessage ?? `at least ${min}`), z.maximum(max, `at most ${max}`));
const text = (min = 1, max = 10_000) =>
  z.string().check(z.minLength(min, min === 1 ? 'a non-empty text' : `at least ${min} characters`), z.maxLength(max, `at most ${max} characters`));
/** A description that reaches the published JSON Schema. */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;

/**
 * A variable whose value reaches another service of the stack. Each platform renders it in its
 * own private form (Railway `${{svc.RAILWAY_PRIVATE_DOMAIN}}`, Fly `<app>.internal`, Render
 * `fromService`, DigitalOcean the component name, compose the service name).
 */
export const ServiceRefSchema = z.strictObject({
  service: described(text(1, 200), 'The service the value points at (its name in the stack).'),
  port: z.optional(described(int(1, 65535), 'Port on that service. Default: its main port.')),
  form: z._default(z.enum(REF_FORMS), 'url'),
  scheme: z.optional(described(text(1, 40), 'URL scheme (url form). Default: http.')),
  path: z.optional(described(z.string().check(z.maxLength(2000, 'at most 2,000 characters')), 'What follows host:port in the URL (/v1, ?x=1).')),
  public: z.optional(
    described(
      z.boolean(),
      "The value is the service's public URL, the one a browser reaches (a compose file's http://localhost:PORT): each platform renders the service's public address, and the service becomes public. Default: the private address.",
    ),
  ),
});
export type ServiceRef = z.infer<typeof ServiceRefSchema>;

export const EnvVarSchema = z.strictObject({
  name: envName(),
  secret: z._default(z.boolean(), false),
  /** A non-secret default value. A secret's value is never written to a generated file. */
  value: z.optional(z.string()),
  description: z.optional(z.string()),
  /** The value comes from the platform: the service's database or key-value store. */
  from: z.optional(z.enum(ENV_SOURCES)),
  /** A connection URL's scheme as the program expects it (`postgresql+asyncpg`), for `from` URLs. */
  scheme: z.optional(
    described(
      z.string().check(z.regex(/^[a-z][a-z0-9+.-]*$/, 'a URL scheme such as postgresql+asyncpg')),
      "Scheme of a database or key-value URL as the service expects it. Default: the platform's (postgresql://, redis://).",
    ),
  ),
  /** The value points at another service of the stack. */
  ref: z.optional(ServiceRefSchema),
  /** As written in compose (`${REQUIRE_AUTH:-false}`): the local compose file keeps it; platforms take `value`. */
  template: z.optional(
    described(
      z.string().check(z.maxLength(10_000, 'at most 10,000 characters')),
      'The value as written in a compose file, such as ${REQUIRE_AUTH:-false}: local compose files keep it (their .env can still set the variable); platforms use value, the default.',
    ),
  ),
});
export type EnvVar = z.infer<typeof EnvVarSchema>;

export const VolumeSchema = z.strictObject({
  sizeGb: z.number().check(z.positive('a size above 0 GB')),
  dataGb: z.optional(
    described(z.number().check(z.positive('a size above 0 GB')), 'Data the volume holds, in GB (Railway bills it, Fly snapshots it). Default: the full size.'),
  ),
  mountPath: z.string().check(z.startsWith('/', 'an absolute path such as /data')),
  /** A volume that already exists (compose `external: true`): local compose files reuse it. */
  external: z.optional(described(text(1, 200), 'Name of an existing volume to reuse (compose external: true) instead of creating one.')),
});

/** A container healthcheck as compose writes it (local compose files keep it). */
export const HealthcheckSchema = z.strictObject({
  test: z.array(z.string()).check(z.minLength(1, 'a command such as ["CMD", "curl", "-f", "http://localhost:8000/health"]')),
  interval: z.optional(z.string()),
  timeout: z.optional(z.string()),
  retries: z.optional(int(0, 1000)),
  startPeriod: z.optional(z.string()),
});
export type Healthcheck = z.infer<typeof HealthcheckSchema>;

/** A port the service publishes on the host it runs on (compose `ports:`), for local compose files. */
export const HostPortSchema = z.strictObject({
  published: described(z.string().check(z.regex(/^\d{1,5}$/, 'a port number')), 'Port on the host.'),
  target: int(1, 65535),
  hostIp: z.optional(z.string()),
});

/** A file or folder of the repository mounted into a service (a config file). */
export const MountSchema = z.strictObject({
  source: described(text(), 'Path of the file or folder, relative to the repository root.'),
  target: described(z.string().check(z.startsWith('/', 'an absolute path such as /app/config.yaml')), 'Where the service reads it.'),
  readOnly: z._default(z.boolean(), true),
});
export type Mount = z.infer<typeof MountSchema>;

export const BuildSchema = z.strictObject({
  context: described(text(), 'Build context folder, relative to the repository root.'),
  dockerfile: z.optional(described(text(), 'Dockerfile path relative to the context (as in compose). Default: Dockerfile.')),
});

/** One container service of the stack, as a user writes it. */
export const ServiceInputSchema = z.strictObject({
  name: z.string().check(z.minLength(1, 'a service name'), z.maxLength(200, 'at most 200 characters')),
  role: z._default(z.enum(SERVICE_ROLES), 'api'),
  description: z.optional(z.string()),
  image: z.optional(text()),
  build: z.optional(BuildSchema),
  command: z.optional(described(z.string(), "Arguments that replace the image's CMD (compose `command`); the image's entrypoint stays.")),
  entrypoint: z.optional(described(z.string(), "Replaces the image's entrypoint (compose `entrypoint`).")),
  port: z.optional(int(1, 65535)),
  ports: z.optional(
    described(
      z.array(int(1, 65535)).check(z.maxLength(100, 'at most 100 ports')),
      'Other ports the service listens on for other services (Phoenix: OTLP gRPC on 4317).',
    ),
  ),
  public: z.optional(
    described(z.boolean(), 'Reachable from the internet. Default: public when it has a port and no other service calls it, private otherwise.'),
  ),
  mounts: z.optional(
    described(z.array(MountSchema).check(z.maxLength(50, 'at most 50 mounts')), 'Config files or folders the service reads from the repository.'),
  ),
  healthPath: z.optional(z.string().check(z.startsWith('/', 'a path starting with /'))),
  vcpu: z._default(z.number().check(z.positive('at least some vCPU, such as 0.5'), z.maximum(64, 'at most 64')), 0.5),
  memoryMb: int(128, 262144, 'at least 128 MB'),
  instances: z._default(int(1, 100, 'at least 1 instance'), 1),
  volume: z.optional(VolumeSchema),
  env: z._default(z.array(EnvVarSchema), []),
  usesDatabase: z._default(z.boolean(), false),
  postgresEnv: z.optional(described(envName(), 'Variable that points the service at Postgres instead of its volume, for platforms without volumes.')),
  rootPathEnv: z.optional(described(envName(), 'Variable that tells the service the path prefix it is served under behind a shared host.')),
  healthcheck: z.optional(described(HealthcheckSchema, 'The container healthcheck of a compose file; local compose files keep it.')),
  dependsOn: z.optional(
    described(
      z.array(z.strictObject({ service: text(1, 200), condition: z.enum(['service_started', 'service_healthy', 'service_completed_successfully']) })),
      'Services to start first, as compose depends_on says; local compose files keep it.',
    ),
  ),
  hostPorts: z.optional(
    described(
      z.array(HostPortSchema).check(z.maxLength(100, 'at most 100 ports')),
      "Ports the compose file publishes on the developer's machine; local compose files keep them.",
    ),
  ),
  optional: z._default(z.boolean(), false),
});
export type ServiceInput = z.infer<typeof ServiceInputSchema>;

/**
 * Per-service changes to the chosen stack: `{ "reasoning-api": { "instances": 2 } }`. A Postgres
 * instance takes `memoryMb` too, by its name or as `postgres` for every instance.
 */
export const ServiceOverrideSchema = z.strictObject({
  vcpu: z.optional(z.number().check(z.positive('at least some vCPU, such as 0.5'), z.maximum(64, 'at most 64'))),
  memoryMb: z.optional(int(128, 262144, 'at least 128 MB')),
  instances: z.optional(int(1, 100, 'at least 1 instance')),
  dataGb: z.optional(described(z.number().check(z.positive('a size above 0 GB')), "Data the service's volume holds, in GB.")),
  alwaysOn: z.optional(described(z.boolean(), 'Keep the service running all day even with activeHours (a platform that sleeps idle services never stops it).')),
});
export type ServiceOverride = z.infer<typeof ServiceOverrideSchema>;

const usersSchema = int(1, 100_000_000, 'at least 1 user');

/** Every answer stackfare needs. All fields have defaults: `{}` is the built-in stack. The wizard's questions' defaults come from their table (src/core/question-table.ts). */
export const AnswersSchema = z.strictObject({
  $schema: z.optional(z.string()),
  name: z._default(
    described(
      text(1, 200),
      "Project name, used for apps, services and files. Default: a compose file's project name (its name:, else its folder's), else reasoning-stack.",
    ),
    DEFAULT_STACK_NAME,
  ),
  tier: z._default(z.enum(TIERS), questionDefault('tier')),
  services: z.optional(
    described(z.array(ServiceInputSchema).check(z.minLength(1, 'at least one service')), 'A custom stack. Absent: the built-in reasoning stack.'),
  ),
  compose: z.optional(described(text(), 'A docker-compose file to start from.')),
  phoenix: z._default(described(z.boolean(), 'Keep the optional services (Arize Phoenix).'), questionDefault('phoenix')),
  db: z._default(z.enum(DB_LAYOUTS), questionDefault('db')),
  postgres: z._default(
    described(
      z.enum(POSTGRES_KINDS),
      "managed: each platform's managed Postgres (backups). dev: the cheaper option (Fly self-run app, DigitalOcean dev database, Render free), with its caveats. cloudnative-pg: on Kubernetes, a CloudNativePG Cluster in the cluster (elsewhere: managed).",
    ),
    'managed',
  ),
  dbStorageGb: z._default(z.number().check(z.positive('a size above 0 GB'), z.maximum(100_000, 'at most 100,000 GB')), 5),
  egressGb: z._default(z.number().check(z.minimum(0, '0 GB or more'), z.maximum(10_000_000, 'at most 10,000,000 GB')), 10),
  users: z.optional(
    described(
      z.union([usersSchema, z.array(usersSchema).check(z.minLength(1, 'at least one figure'), z.maxLength(20, 'at most 20 figures'))]),
      'Monthly active users; a list reports the cost at each scale.',
    ),
  ),
  usersPerInstance: z._default(int(1, 10_000_000), 5000),
  region: z._default(z.enum(REGIONS), questionDefault('region')),
  auth: z.optional(described(z.enum(AUTH_PROVIDERS), 'Default: clerk on the multi-user tier, none otherwise.')),
  domain: z._default(
    z.nullable(z.string().check(z.regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'a host name such as api.example.com'))),
    questionDefault('domain'),
  ),
  clients: z._default(z.enum(CLIENT_DISTRIBUTIONS), questionDefault('clients')),
  utilization: z._default(
    described(
      z.number().check(z.gt(0, 'a share above 0'), z.maximum(1, 'a share of at most 1 (100%)')),
      'Share of requested memory and CPU a service really uses (Railway bills use).',
    ),
    1,
  ),
  platforms: z._default(z.array(z.enum(PLATFORM_IDS)).check(z.minLength(1, 'at least one platform')), [...DEFAULT_PLATFORMS]),
  instances: z.optional(described(int(1, 100, 'at least 1 instance'), 'Instances of every API service.')),
  memoryMb: z.optional(described(int(128, 262144, 'at least 128 MB'), 'Memory of every service.')),
  serviceOverrides: z._default(z.record(z.string(), ServiceOverrideSchema), {}),
  public: z._default(described(z.array(text(1, 200)), 'Services to make public (reachable from the internet), overriding the default.'), [
    ...questionDefault('exposure'),
  ]),
  private: z._default(described(z.array(text(1, 200)), 'Services to keep private (reachable only by the other services), overriding the default.'), []),
  usage: z.optional(
    described(
      text(),
      'A usage file written by stackfare measure: each measured service is sized at its p95 working set × headroom and its p95 CPU; Railway bills the measured averages.',
    ),
  ),
  headroom: z.optional(
    described(
      z.number().check(z.minimum(1, 'at least 1 (1 = exactly the measured p95)'), z.maximum(100, 'at most 100')),
      'Headroom over the measured p95 working set (with usage). Default: 1.25.',
    ),
  ),
  activeHours: z.optional(
    described(
      z.number().check(z.gt(0, 'above 0 hours'), z.maximum(24, 'at most 24 hours a day')),
      'Hours a day the stack is in use: each platform prices its documented idle rule (Fly auto-stop, Railway Serverless sleep); services that cannot sleep are named with why. Default: always on.',
    ),
  ),
  release: z.optional(
    described(
      z.record(
        text(1, 200),
        z.string().check(z.regex(/\S/, 'a command such as "python manage.py migrate --noinput", or none'), z.maxLength(10_000, 'at most 10,000 characters')),
      ),
      'Per service, a command run once per deploy before the new version takes traffic (database migrations), such as { "api": "alembic upgrade head" }; "none" turns a detected one off.',
    ),
  ),
});

export type Answers = z.infer<typeof AnswersSchema>;
export type AnswersInput = z.input<typeof AnswersSchema>;
