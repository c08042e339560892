/**
 * The values answers are made of: the choices of each answer, the platforms, the built-in stack.
 * No schema here: these are what the start-up path needs, and the schema (src/core/answers.ts,
 * zod) loads only when there are answers to check (see src/io/read-answers.ts).
 */
import type { ServiceInput } from './answers.js';

/** Deployment tiers, in the order a user weighs them. */
export const TIERS = ['local', 'single-user', 'multi-user'] as const;
export type Tier = (typeof TIERS)[number];

/** Platform ids, in registry order (the registry test checks that the two agree). */
export const PLATFORM_IDS = ['railway', 'fly', 'render', 'digitalocean', 'local', 'kubernetes'] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

/**
 * Platforms compared when the answers name none. Kubernetes is asked for by name
 * (`--platforms kubernetes`, or the wizard's hosted tiers): it assumes cluster knowledge, and
 * adding it to every comparison would change every existing estimate.
 */
export const DEFAULT_PLATFORMS: readonly PlatformId[] = ['railway', 'fly', 'render', 'digitalocean', 'local'];

export const AUTH_PROVIDERS = ['clerk', 'auth0', 'supabase', 'none'] as const;
export type AuthProvider = (typeof AUTH_PROVIDERS)[number];

export const CLIENT_DISTRIBUTIONS = ['none', 'github-releases', 'auto-update', 'web', 'mac-app-store'] as const;
export type ClientDistribution = (typeof CLIENT_DISTRIBUTIONS)[number];

export const DB_LAYOUTS = ['shared', 'separate'] as const;
export type DbLayout = (typeof DB_LAYOUTS)[number];

/**
 * Managed Postgres (backups, standby), each platform's cheaper dev / self-run option, or (on
 * Kubernetes) the CloudNativePG operator inside the cluster; other platforms price it as managed.
 */
export const POSTGRES_KINDS = ['managed', 'dev', 'cloudnative-pg'] as const;
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

/**
 * How a value names another service: a whole URL (`http://litellm:4000/v1`), `host:port`
 * (`phoenix:4317`) or the bare host (`tools-api`).
 */
export const REF_FORMS = ['url', 'host-port', 'host'] as const;
export type RefForm = (typeof REF_FORMS)[number];

/**
 * The built-in reasoning stack, wired as the seed's compose file wires it: reasoning-api is the
 * public entry and calls LiteLLM, tools-api and Phoenix privately; reasoning-api, LiteLLM and
 * Phoenix each own a database (three instances, or one instance with three databases).
 * LiteLLM and Phoenix sizes: data/images.json (their own documentation).
 */
export const BUILTIN_SERVICES: readonly ServiceInput[] = [
  {
    name: 'reasoning-api',
    role: 'api',
    description: 'Reasoning API',
    build: { context: './reasoning-api' },
    port: 8000,
    healthPath: '/health',
    vcpu: 0.5,
    memoryMb: 512,
    instances: 1,
    usesDatabase: true,
    optional: false,
    env: [
      { name: 'API_TOKENS', secret: true, description: 'Bearer tokens clients send to the API (comma-separated)' },
      { name: 'REQUIRE_AUTH', secret: false, value: 'true' },
      { name: 'REASONING_DATABASE_URL', secret: true, from: 'database-url', scheme: 'postgresql+asyncpg', description: 'Its own database (asyncpg driver)' },
      { name: 'LITELLM_BASE_URL', secret: false, ref: { service: 'litellm', port: 4000, form: 'url', scheme: 'http' } },
      { name: 'LITELLM_API_KEY', secret: true, description: 'A LiteLLM key (the master key or a virtual key)' },
      { name: 'TOOLS_API_URL', secret: false, ref: { service: 'tools-api', port: 8001, form: 'url', scheme: 'http' } },
      { name: 'PHOENIX_COLLECTOR_ENDPOINT', secret: false, ref: { service: 'phoenix', port: 4317, form: 'url', scheme: 'http' }, description: 'OTLP gRPC' },
      { name: 'LOG_LEVEL', secret: false, value: 'info' },
    ],
  },
  {
    name: 'tools-api',
    role: 'api',
    description: 'Tools API',
    build: { context: './tools-api' },
    port: 8001,
    healthPath: '/health',
    vcpu: 0.5,
    memoryMb: 512,
    instances: 1,
    usesDatabase: false,
    optional: false,
    env: [{ name: 'LOG_LEVEL', secret: false, value: 'info' }],
  },
  {
    name: 'litellm',
    role: 'proxy',
    description: 'LiteLLM proxy',
    image: 'ghcr.io/berriai/litellm:main-stable',
    command: '--config /app/config.yaml --port 4000',
    // The seed project's own path for it; generate writes a starter there when the project has none.
    mounts: [{ source: './config/litellm_config.yaml', target: '/app/config.yaml', readOnly: true }],
    port: 4000,
    healthPath: '/health/liveliness',
    vcpu: 1,
    memoryMb: 2048,
    instances: 1,
    usesDatabase: true,
    optional: false,
    env: [
      { name: 'DATABASE_URL', secret: true, from: 'database-url', description: 'Its own database (Prisma)' },
      { name: 'LITELLM_MASTER_KEY', secret: true, description: 'Admin key of the proxy' },
      { name: 'OPENAI_API_KEY', secret: true, description: 'Provider key (add the ones you use)' },
      { name: 'ANTHROPIC_API_KEY', secret: true, description: 'Provider key (add the ones you use)' },
      { name: 'OTEL_EXPORTER', secret: false, value: 'otlp_grpc' },
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', secret: false, ref: { service: 'phoenix', port: 4317, form: 'url', scheme: 'http' } },
    ],
  },
  {
    name: 'phoenix',
    role: 'observability',
    description: 'Arize Phoenix (traces and evals)',
    image: 'arizephoenix/phoenix:version-17.23.0',
    port: 6006,
    ports: [4317],
    healthPath: '/healthz',
    vcpu: 1,
    memoryMb: 2048,
    instances: 1,
    usesDatabase: true,
    rootPathEnv: 'PHOENIX_HOST_ROOT_PATH',
    optional: true,
    env: [
      { name: 'PHOENIX_SQL_DATABASE_URL', secret: true, from: 'database-url', description: 'Its own database' },
      { name: 'PHOENIX_ENABLE_AUTH', secret: false, value: 'false' },
    ],
  },
];

/** The stack's name when neither the answers nor a compose file give one. */
export const DEFAULT_STACK_NAME = 'reasoning-stack';
