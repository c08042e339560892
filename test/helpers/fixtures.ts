/** Stacks the contract tests share. */
import type { ServiceInput } from '../../src/core/answers.js';

/** The value of every secret in the fixtures: it must appear in no generated file. */
export const SECRET_VALUE = 's3cr3t-VALUE';

/**
 * A custom stack: a public API built from source (2 instances, a volume) and a private worker
 * from an image with no port, both using Postgres. Each test adjusts the API to its platform.
 */
export function acmeServices(api: Partial<ServiceInput> = {}): ServiceInput[] {
  return [
    {
      name: 'api',
      role: 'api',
      build: { context: './api', dockerfile: 'docker/Dockerfile.prod' },
      port: 8080,
      public: true,
      healthPath: '/up',
      vcpu: 1,
      memoryMb: 1024,
      instances: 2,
      volume: { sizeGb: 3, mountPath: '/data' },
      usesDatabase: true,
      optional: false,
      env: [
        { name: 'SESSION_KEY', secret: true, value: SECRET_VALUE },
        { name: 'MODE', secret: false, value: 'prod' },
      ],
      ...api,
    },
    {
      name: 'worker',
      role: 'worker',
      image: 'ghcr.io/acme/worker:1.2',
      command: 'node worker.js --queue default',
      public: false,
      vcpu: 0.5,
      memoryMb: 512,
      instances: 1,
      usesDatabase: true,
      optional: false,
      env: [{ name: 'WORKER_TOKEN', secret: true, value: SECRET_VALUE }],
    },
  ];
}

/**
 * The stack the price worked examples in test/unit/estimates.test.ts were written for (the
 * built-in stack before the seed's wiring): two public APIs and LiteLLM on one shared Postgres,
 * Phoenix (optional) on a 1 GB volume. Pinned here so the billing arithmetic does not move when
 * the built-in stack does; the built-in stack has worked examples of its own.
 */
export const PRICING_REFERENCE_STACK: ServiceInput[] = [
  {
    name: 'reasoning-api',
    role: 'api',
    build: { context: './reasoning-api' },
    port: 8000,
    public: true,
    healthPath: '/health',
    vcpu: 0.5,
    memoryMb: 512,
    instances: 1,
    usesDatabase: true,
    optional: false,
    env: [],
  },
  {
    name: 'tools-api',
    role: 'api',
    build: { context: './tools-api' },
    port: 8001,
    public: true,
    healthPath: '/health',
    vcpu: 0.5,
    memoryMb: 512,
    instances: 1,
    usesDatabase: true,
    optional: false,
    env: [],
  },
  {
    name: 'litellm',
    role: 'proxy',
    image: 'ghcr.io/berriai/litellm:main-stable',
    port: 4000,
    public: false,
    healthPath: '/health/liveliness',
    vcpu: 0.5,
    memoryMb: 1024,
    instances: 1,
    usesDatabase: true,
    optional: false,
    env: [],
  },
  {
    name: 'phoenix',
    role: 'observability',
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
    optional: true,
    env: [{ name: 'PHOENIX_WORKING_DIR', secret: false, value: '/mnt/data' }],
  },
];
