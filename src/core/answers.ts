/**
 * The one answers schema. Flags, the answers file and the wizard all produce unknown input
 * that ends in `AnswersSchema.parse`, so the three can never disagree on names or defaults.
 */
import * as z from 'zod/mini';

/** Deployment tiers, in the order a user weighs them. */
export const TIERS = ['local', 'single-user', 'multi-user'] as const;
export type Tier = (typeof TIERS)[number];

/** Platform ids, in registry order (the registry test checks that the two agree). */
export const PLATFORM_IDS = ['railway', 'fly', 'render', 'digitalocean', 'local'] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

export const AUTH_PROVIDERS = ['clerk', 'auth0', 'supabase', 'none'] as const;
export type AuthProvider = (typeof AUTH_PROVIDERS)[number];

export const CLIENT_DISTRIBUTIONS = ['none', 'github-releases', 'auto-update', 'web', 'mac-app-store'] as const;
export type ClientDistribution = (typeof CLIENT_DISTRIBUTIONS)[number];

export const DB_LAYOUTS = ['shared', 'separate'] as const;
export type DbLayout = (typeof DB_LAYOUTS)[number];

/** Managed Postgres (backups, standby), or each platform's cheaper dev / self-run option. */
export const POSTGRES_KINDS = ['managed', 'dev'] as const;
export type PostgresKind = (typeof POSTGRES_KINDS)[number];

/** Platform-neutral regions; the price book maps each to every platform's own region code. */
export const REGIONS = ['us-east', 'us-west', 'eu-west', 'eu-central'] as const;
export type Region = (typeof REGIONS)[number];

/** What a service does; decides defaults such as who scales with users. */
export const SERVICE_ROLES = ['api', 'proxy', 'observability', 'web', 'worker', 'other'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/** Environment variable names as every platform accepts them. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Values a platform supplies by reference instead of a literal. */
export const ENV_SOURCES = [
  'database-url',
  'database-host',
  'database-port',
  'database-user',
  'database-password',
  'database-name',
  'key-value-url',
] as const;
export type EnvSource = (typeof ENV_SOURCES)[number];

const envName = () => z.string().check(z.regex(ENV_NAME, 'a variable name: letters, digits and _, not starting with a digit'));
const int = (min: number, max: number, minMessage?: string) =>
  z.number().check(z.int(), z.minimum(min, minMessage ?? `at least ${min}`), z.maximum(max, `at most ${max}`));
const text = (min = 1, max = 10_000) => z.string().check(z.minLength(min, min === 1 ? 'a non-empty text' : `at least ${min} characters`), z.maxLength(max, `at most ${max} characters`));
/** A description that reaches the published JSON Schema. */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description)) as T;

export const EnvVarSchema = z.strictObject({
  name: envName(),
  secret: z._default(z.boolean(), false),
  /** A non-secret default value. A secret's value is never written to a generated file. */
  value: z.optional(z.string()),
  description: z.optional(z.string()),
  /** The value comes from the platform: the service's database or key-value store. */
  from: z.optional(z.enum(ENV_SOURCES)),
});
export type EnvVar = z.infer<typeof EnvVarSchema>;

export const VolumeSchema = z.strictObject({
  sizeGb: z.number().check(z.positive('a size above 0 GB')),
  dataGb: z.optional(described(z.number().check(z.positive('a size above 0 GB')), 'Data the volume holds, in GB (Railway bills it, Fly snapshots it). Default: the full size.')),
  mountPath: z.string().check(z.startsWith('/', 'an absolute path such as /data')),
});

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
  command: z.optional(z.string()),
  port: z.optional(int(1, 65535)),
  public: z._default(z.boolean(), true),
  healthPath: z.optional(z.string().check(z.startsWith('/', 'a path starting with /'))),
  vcpu: z._default(z.number().check(z.positive('at least some vCPU, such as 0.5'), z.maximum(64, 'at most 64')), 0.5),
  memoryMb: int(128, 262144, 'at least 128 MB'),
  instances: z._default(int(1, 100, 'at least 1 instance'), 1),
  volume: z.optional(VolumeSchema),
  env: z._default(z.array(EnvVarSchema), []),
  usesDatabase: z._default(z.boolean(), false),
  postgresEnv: z.optional(described(envName(), 'Variable that points the service at Postgres instead of its volume, for platforms without volumes.')),
  schemaEnv: z.optional(described(envName(), 'Variable that tells the service its Postgres schema in the shared layout. Default: DATABASE_SCHEMA.')),
  rootPathEnv: z.optional(described(envName(), 'Variable that tells the service the path prefix it is served under behind a shared host.')),
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
});
export type ServiceOverride = z.infer<typeof ServiceOverrideSchema>;

const usersSchema = int(1, 100_000_000, 'at least 1 user');

/** Every answer stackfare needs. All fields have defaults: `{}` is the built-in stack. */
export const AnswersSchema = z.strictObject({
  $schema: z.optional(z.string()),
  name: z._default(described(text(1, 200), 'Project name, used for apps, services and files.'), 'reasoning-stack'),
  tier: z._default(z.enum(TIERS), 'single-user'),
  services: z.optional(
    described(z.array(ServiceInputSchema).check(z.minLength(1, 'at least one service')), 'A custom stack. Absent: the built-in reasoning stack.'),
  ),
  compose: z.optional(described(text(), 'A docker-compose file to start from.')),
  phoenix: z._default(described(z.boolean(), 'Keep the optional services (Arize Phoenix).'), true),
  db: z._default(z.enum(DB_LAYOUTS), 'shared'),
  postgres: z._default(
    described(
      z.enum(POSTGRES_KINDS),
      'managed: each platform\'s managed Postgres (backups). dev: the cheaper option (Fly self-run app, DigitalOcean dev database, Render free), with its caveats.',
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
  region: z._default(z.enum(REGIONS), 'us-east'),
  auth: z.optional(described(z.enum(AUTH_PROVIDERS), 'Default: clerk on the multi-user tier, none otherwise.')),
  domain: z._default(
    z.nullable(z.string().check(z.regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'a host name such as api.example.com'))),
    null,
  ),
  clients: z._default(z.enum(CLIENT_DISTRIBUTIONS), 'none'),
  utilization: z._default(
    described(
      z.number().check(z.gt(0, 'a share above 0'), z.maximum(1, 'a share of at most 1 (100%)')),
      'Share of requested memory and CPU a service really uses (Railway bills use).',
    ),
    1,
  ),
  platforms: z._default(z.array(z.enum(PLATFORM_IDS)).check(z.minLength(1, 'at least one platform')), [...PLATFORM_IDS]),
  instances: z.optional(described(int(1, 100, 'at least 1 instance'), 'Instances of every API service.')),
  memoryMb: z.optional(described(int(128, 262144, 'at least 128 MB'), 'Memory of every service.')),
  serviceOverrides: z._default(z.record(z.string(), ServiceOverrideSchema), {}),
});

export type Answers = z.infer<typeof AnswersSchema>;
export type AnswersInput = z.input<typeof AnswersSchema>;

/** The built-in reasoning stack: two APIs, a LiteLLM proxy, optional Phoenix, one shared Postgres. */
export const BUILTIN_SERVICES: readonly ServiceInput[] = [
  {
    name: 'reasoning-api',
    role: 'api',
    description: 'Reasoning API',
    build: { context: './reasoning-api' },
    port: 8000,
    public: true,
    healthPath: '/health',
    vcpu: 0.5,
    memoryMb: 512,
    instances: 1,
    usesDatabase: true,
    optional: false,
    env: [
      { name: 'API_TOKEN', secret: true, description: 'Bearer token clients send to the API' },
      { name: 'LITELLM_MASTER_KEY', secret: true, description: 'Key for calls to the LiteLLM proxy' },
      { name: 'LOG_LEVEL', secret: false, value: 'info' },
    ],
  },
  {
    name: 'tools-api',
    role: 'api',
    description: 'Tools API',
    build: { context: './tools-api' },
    port: 8001,
    public: true,
    healthPath: '/health',
    vcpu: 0.5,
    memoryMb: 512,
    instances: 1,
    usesDatabase: true,
    optional: false,
    env: [
      { name: 'API_TOKEN', secret: true, description: 'Bearer token clients send to the API' },
      { name: 'LOG_LEVEL', secret: false, value: 'info' },
    ],
  },
  {
    name: 'litellm',
    role: 'proxy',
    description: 'LiteLLM proxy',
    image: 'ghcr.io/berriai/litellm:main-stable',
    command: 'litellm --port 4000',
    port: 4000,
    public: false,
    healthPath: '/health/liveliness',
    vcpu: 0.5,
    memoryMb: 1024,
    instances: 1,
    usesDatabase: true,
    optional: false,
    env: [
      { name: 'LITELLM_MASTER_KEY', secret: true, description: 'Admin key of the proxy' },
      { name: 'OPENAI_API_KEY', secret: true, description: 'Provider key (add the ones you use)' },
      { name: 'ANTHROPIC_API_KEY', secret: true, description: 'Provider key (add the ones you use)' },
    ],
  },
  {
    name: 'phoenix',
    role: 'observability',
    description: 'Arize Phoenix (traces and evals)',
    image: 'arizephoenix/phoenix:version-17.23.0',
    port: 6006,
    public: true,
    healthPath: '/healthz',
    vcpu: 0.5,
    memoryMb: 1024,
    instances: 1,
    volume: { sizeGb: 1, mountPath: '/mnt/data' },
    usesDatabase: false,
    postgresEnv: 'PHOENIX_SQL_DATABASE_URL',
    schemaEnv: 'PHOENIX_SQL_DATABASE_SCHEMA',
    rootPathEnv: 'PHOENIX_HOST_ROOT_PATH',
    optional: true,
    env: [
      { name: 'PHOENIX_WORKING_DIR', secret: false, value: '/mnt/data' },
      { name: 'PHOENIX_SECRET', secret: true, description: 'Signs Phoenix sessions' },
    ],
  },
];
