/**
 * The values answers are made of: the choices of each answer, the platforms, the stack's name
 * (the built-in stack's services are in src/core/builtin-stack.ts).
 * No schema here: these are what the start-up path needs, and the schema (src/core/answers.ts,
 * zod) loads only when there are answers to check (see src/io/read-answers.ts).
 */

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
export const ENV_SOURCES = ['database-url', 'database-host', 'database-port', 'database-user', 'database-password', 'database-name', 'key-value-url'] as const;
export type EnvSource = (typeof ENV_SOURCES)[number];

/**
 * How a value names another service: a whole URL (`http://litellm:4000/v1`), `host:port`
 * (`phoenix:4317`) or the bare host (`tools-api`).
 */
export const REF_FORMS = ['url', 'host-port', 'host'] as const;

/** The stack's name when neither the answers nor a compose file give one. */
export const DEFAULT_STACK_NAME = 'reasoning-stack';
