/**
 * The built-in stack's services. Apart from src/answer-values.ts because their type comes
 * from the schema, and the values the schema is made of cannot import it back.
 */
import type { ServiceInput } from './answers.js';

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
