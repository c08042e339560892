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
