/**
 * The one answers schema. Flags, the answers file and the wizard all produce unknown input
 * that ends in `AnswersSchema.parse`, so the three can never disagree on names or defaults.
 */
import { z } from 'zod';

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

export const EnvVarSchema = z
  .object({
    name: z.string().regex(ENV_NAME, 'a variable name: letters, digits and _, not starting with a digit'),
    secret: z.boolean().default(false),
    /** A non-secret default value. A secret's value is never written to a generated file. */
    value: z.string().optional(),
    description: z.string().optional(),
    /** The value comes from the platform: the service's database or key-value store. */
    from: z.enum(ENV_SOURCES).optional(),
  })
  .strict();
export type EnvVar = z.infer<typeof EnvVarSchema>;

export const VolumeSchema = z
  .object({
    sizeGb: z.number().positive('a size above 0 GB'),
    mountPath: z.string().startsWith('/', 'an absolute path such as /data'),
  })
  .strict();

export const BuildSchema = z
  .object({
    context: z.string().min(1).describe('Build context folder, relative to the repository root.'),
    dockerfile: z.string().min(1).optional().describe('Dockerfile path relative to the context (as in compose). Default: Dockerfile.'),
  })
  .strict();

/** One container service of the stack, as a user writes it. */
export const ServiceInputSchema = z
  .object({
    name: z.string().min(1, 'a service name').max(200),
    role: z.enum(SERVICE_ROLES).default('api'),
    description: z.string().optional(),
    image: z.string().min(1).optional(),
    build: BuildSchema.optional(),
    command: z.string().optional(),
    port: z.number().int().min(1).max(65535).optional(),
    public: z.boolean().default(true),
    healthPath: z.string().startsWith('/').optional(),
    vcpu: z.number().positive('at least some vCPU, such as 0.5').max(64).default(0.5),
    memoryMb: z.number().int().min(128, 'at least 128 MB').max(262144),
    instances: z.number().int().min(1, 'at least 1 instance').max(100).default(1),
    volume: VolumeSchema.optional(),
    env: z.array(EnvVarSchema).default([]),
    usesDatabase: z.boolean().default(false),
    postgresEnv: z
      .string()
      .regex(ENV_NAME)
      .optional()
      .describe('Variable that points the service at Postgres instead of its volume, for platforms without volumes.'),
    schemaEnv: z
      .string()
      .regex(ENV_NAME)
      .optional()
      .describe('Variable that tells the service its Postgres schema in the shared layout. Default: DATABASE_SCHEMA.'),
    rootPathEnv: z
      .string()
      .regex(ENV_NAME)
      .optional()
      .describe('Variable that tells the service the path prefix it is served under behind a shared host.'),
    optional: z.boolean().default(false),
  })
  .strict();
export type ServiceInput = z.infer<typeof ServiceInputSchema>;

/** Per-service changes to the chosen stack: `{ "reasoning-api": { "instances": 2 } }`. */
export const ServiceOverrideSchema = z
  .object({
    vcpu: z.number().positive().max(64),
    memoryMb: z.number().int().min(128, 'at least 128 MB').max(262144),
    instances: z.number().int().min(1, 'at least 1 instance').max(100),
  })
  .partial()
  .strict();
export type ServiceOverride = z.infer<typeof ServiceOverrideSchema>;

const usersSchema = z.number().int().min(1, 'at least 1 user').max(100_000_000);

/** Every answer stackfare needs. All fields have defaults: `{}` is the built-in stack. */
export const AnswersSchema = z
  .object({
    $schema: z.string().optional(),
    name: z
      .string()
      .min(1)
      .max(200)
      .default('reasoning-stack')
      .describe('Project name, used for apps, services and files.'),
    tier: z.enum(TIERS).default('single-user'),
    services: z
      .array(ServiceInputSchema)
      .min(1, 'at least one service')
      .optional()
      .describe('A custom stack. Absent: the built-in reasoning stack.'),
    compose: z.string().min(1).optional().describe('A docker-compose file to start from.'),
    phoenix: z.boolean().default(true).describe('Keep the optional services (Arize Phoenix).'),
    db: z.enum(DB_LAYOUTS).default('shared'),
    dbStorageGb: z.number().positive('a size above 0 GB').max(100_000).default(5),
    egressGb: z.number().min(0, '0 GB or more').max(10_000_000).default(10),
    users: z
      .union([usersSchema, z.array(usersSchema).min(1).max(20)])
      .optional()
      .describe('Monthly active users; a list reports the cost at each scale.'),
    usersPerInstance: z.number().int().min(1).max(10_000_000).default(5000),
    region: z.enum(REGIONS).default('us-east'),
    auth: z.enum(AUTH_PROVIDERS).optional().describe('Default: clerk on the multi-user tier, none otherwise.'),
    domain: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'a host name such as api.example.com')
      .nullable()
      .default(null),
    clients: z.enum(CLIENT_DISTRIBUTIONS).default('none'),
    utilization: z
      .number()
      .gt(0, 'a share above 0')
      .max(1, 'a share of at most 1 (100%)')
      .default(1)
      .describe('Share of requested memory and CPU a service really uses (Railway bills use).'),
    platforms: z.array(z.enum(PLATFORM_IDS)).min(1).default([...PLATFORM_IDS]),
    instances: z
      .number()
      .int()
      .min(1, 'at least 1 instance')
      .max(100)
      .optional()
      .describe('Instances of every API service.'),
    memoryMb: z.number().int().min(128, 'at least 128 MB').max(262144).optional().describe('Memory of every service.'),
    serviceOverrides: z.record(z.string(), ServiceOverrideSchema).default({}),
  })
  .strict();

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
