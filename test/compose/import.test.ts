/**
 * importCompose on small inline compose files with an in-memory loader: mapping to the stack
 * model, databases and key-value stores, extends, env_file, profiles, .env and the warnings.
 */
import { describe, expect, it } from 'vitest';
import { importCompose } from '../../src/compose/import-compose.js';
import { AnswersSchema, type ServiceInput, ServiceInputSchema } from '../../src/core/answers.js';
import { buildStack } from '../../src/core/stack.js';
import { memoryLoader } from '../helpers/corpus.js';

const FILE = '/proj/compose.yaml';

async function imp(text: string, extra: Record<string, string> = {}, options: { env?: Record<string, string>; profiles?: string[] } = {}) {
  const load = memoryLoader({ [FILE]: text, ...extra });
  return importCompose({ file: FILE, display: 'compose.yaml', load, env: options.env ?? {}, profiles: options.profiles ?? [] });
}

const service = (r: { source: { services: { name: string }[] } }, name: string) => r.source.services.find((s) => s.name === name) as ServiceInput;

const codes = (r: { warnings: { code: string; service?: string }[] }, service?: string) =>
  r.warnings.filter((w) => service === undefined || w.service === service).map((w) => w.code);

const APP = `
name: shop
services:
  web:
    image: ghcr.io/acme/web:1.4.2
    ports: ["8080:3000"]
    environment:
      DATABASE_URL: postgres://shop:hunter2-secret@db:5432/shop
      REDIS_URL: redis://cache:6379/0
      LOG_LEVEL: info
      API_TOKEN: tok-very-secret-123
      COUNT: 3
    depends_on:
      db: { condition: service_healthy }
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:3000/healthz"]
    deploy:
      replicas: 2
      resources:
        limits: { cpus: "1", memory: 1G }
  api:
    build:
      context: ./api
      dockerfile: Dockerfile.prod
    expose: ["9000"]
    command: ["sh", "-c", "echo $$HOME && serve"]
    environment:
      - POSTGRES_HOST=db
      - POSTGRES_PORT=5432
      - POSTGRES_USER=shop
      - POSTGRES_PASSWORD=hunter2-secret
      - POSTGRES_DB=shop
    deploy:
      resources:
        reservations: { memory: 768M }
    volumes:
      - uploads:/data/uploads
  jobs:
    image: ghcr.io/acme/jobs:1.4.2
    depends_on: [cache]
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: shop
      POSTGRES_PASSWORD: hunter2-secret
      POSTGRES_DB: shop
    volumes: [pgdata:/var/lib/postgresql/data]
  cache:
    image: valkey/valkey:8
    deploy:
      resources:
        limits: { memory: 512M }
volumes:
  pgdata:
  uploads:
`;

describe('mapping a compose file to the stack source', () => {
  it('turns containers into services, Postgres and a key-value store', async () => {
    const r = await imp(APP);
    expect(r.name).toBe('shop');
    expect(r.source.kind).toBe('compose');
    expect(r.source.services.map((s) => s.name)).toEqual(['web', 'api', 'jobs']);
    // Both name the database "shop" (the URL's path, the container's POSTGRES_DB): one database.
    expect(r.source.postgres).toEqual([{ name: 'db', usedBy: ['web', 'api'], databases: { web: 'shop', api: 'shop' }, version: '16' }]);
    expect(r.source.keyValue).toEqual([{ name: 'cache', memoryMb: 512, usedBy: ['web', 'jobs'] }]);
    // Every service passes the one schema, defaults filled.
    for (const s of r.source.services) expect(ServiceInputSchema.parse(s)).toEqual(s);
  });

  it('maps ports, sizes, replicas, health and volumes', async () => {
    const r = await imp(APP);
    const [web, api, jobs] = r.source.services;
    // Published and called by nobody: left to the graph, which makes it public.
    expect(web!.public).toBeUndefined();
    expect(r.services[0]!.public).toBe(true);
    expect(web).toMatchObject({ image: 'ghcr.io/acme/web:1.4.2', port: 3000, vcpu: 1, memoryMb: 1024, instances: 2, healthPath: '/healthz', role: 'web' });
    expect(api).toMatchObject({
      build: { context: './api', dockerfile: 'Dockerfile.prod' },
      public: false,
      port: 9000,
      memoryMb: 768,
      vcpu: 0.5,
      volume: { sizeGb: 1, mountPath: '/data/uploads' },
    });
    // `$$` is the container's own dollar: the start command gets a single `$`.
    expect(api!.command).toBe(`sh -c 'echo $HOME && serve'`);
    expect(jobs).toMatchObject({ public: false, role: 'worker', memoryMb: 512, vcpu: 0.5 });
    expect(jobs!.port).toBeUndefined();
    expect(r.assumptions.join('\n')).toMatch(/No memory limit in the compose file for jobs: 512 MB/);
    expect(r.assumptions.join('\n')).toMatch(/No CPU limit in the compose file for api, jobs: 0.5 vCPU/);
    expect(r.assumptions.join('\n')).toMatch(/1 GB each assumed for api \(\/data\/uploads\)/);
  });

  it('points variables at the platform database and key-value store instead of literals', async () => {
    const r = await imp(APP);
    const web = r.source.services[0]!;
    expect(web.env).toEqual([
      { name: 'DATABASE_URL', secret: true, from: 'database-url', description: expect.any(String) },
      { name: 'REDIS_URL', secret: true, from: 'key-value-url', description: expect.any(String) },
      { name: 'LOG_LEVEL', secret: false, value: 'info' },
      { name: 'API_TOKEN', secret: true, description: expect.stringMatching(/does not copy secret values/) },
      { name: 'COUNT', secret: false, value: '3' },
    ]);
    const api = r.source.services[1]!;
    expect(api.env.map((e) => [e.name, e.from])).toEqual([
      ['POSTGRES_HOST', 'database-host'],
      ['POSTGRES_PORT', 'database-port'],
      ['POSTGRES_USER', 'database-user'],
      ['POSTGRES_PASSWORD', 'database-password'],
      ['POSTGRES_DB', 'database-name'],
    ]);
    expect(api.usesDatabase).toBe(true);
    expect(r.assumptions.join('\n')).toMatch(/POSTGRES_PASSWORD, POSTGRES_USER and POSTGRES_DB settings are dropped as handled/);
  });

  it('keeps every secret value out of the stack source', async () => {
    const r = await imp(APP);
    const json = JSON.stringify(r.source);
    expect(json).not.toContain('hunter2-secret');
    expect(json).not.toContain('tok-very-secret-123');
  });

  it('feeds buildStack: shared layout merges the Postgres containers, separate keeps one each', async () => {
    const text = `
services:
  alpha: { image: "a:1", environment: { DATABASE_URL: "postgres://u:p@pg1/alpha_db" } }
  beta: { image: "b:1", depends_on: [pg2] }
  pg1: { image: "postgres:16" }
  pg2: { image: "pgvector/pgvector:pg16" }
`;
    const r = await imp(text);
    const shared = buildStack(AnswersSchema.parse({ db: 'shared' }), r.source);
    expect(shared.source).toBe('compose');
    // alpha's URL names database "alpha_db"; beta's container names none, so its database takes the container's name.
    expect(shared.postgres.instances).toEqual([
      { name: 'postgres', storageGb: 5, memoryMb: null, databases: ['alpha_db', 'pg2'], usedBy: ['alpha', 'beta'], version: '16' },
    ]);
    // The newest Postgres major version of the containers it replaces (postgres:16, pgvector:pg16).
    const separate = buildStack(AnswersSchema.parse({ db: 'separate' }), r.source);
    expect(separate.postgres.instances.map((p) => [p.name, p.usedBy])).toEqual([
      ['pg1', ['alpha']],
      ['pg2', ['beta']],
    ]);
    expect(shared.services.find((s) => s.name === 'beta')!.env.some((e) => e.from === 'database-url')).toBe(true);
  });

  it('leaves out zero-replica services with an info warning', async () => {
    const r = await imp(`services:\n  on: { image: "x:1" }\n  off: { image: "y:1", deploy: { replicas: 0 } }\n`);
    expect(r.source.services.map((s) => s.name)).toEqual(['on']);
    expect(r.skipped).toEqual([{ name: 'off', reason: 'deploy.replicas is 0' }]);
    expect(r.warnings.find((w) => w.code === 'compose.zero-replicas')).toMatchObject({ severity: 'info', service: 'off' });
  });

  it('reads memory from --maxmemory for Redis and states the default otherwise', async () => {
    const r = await imp(
      `services:\n  a: { image: "a:1" }\n  r1: { image: "redis:7", command: "redis-server --maxmemory 100mb" }\n  r2: { image: "redis:7" }\n`,
    );
    expect(r.keyValue.map((k) => [k.name, k.memoryMb])).toEqual([
      ['r1', 100],
      ['r2', 256],
    ]);
    expect(r.assumptions.join('\n')).toMatch(/No memory limit for key-value store\(s\) r2: 256 MB/);
  });

  it('reads legacy size keys, scale, global mode, bare variables and a port known only from the healthcheck', async () => {
    const r = await imp(
      `services:\n  legacy:\n    image: "l:1"\n    mem_limit: 1g\n    cpus: 0.25\n    scale: 2\n    environment: [FROM_SHELL, UNSET_ONE]\n  everywhere:\n    image: "g:1"\n    deploy: { mode: global }\n  quiet:\n    image: "q:1"\n    healthcheck: { test: ["CMD", "wget", "-qO-", "http://127.0.0.1:7000/ready"] }\n`,
      {},
      { env: { FROM_SHELL: 'shell-value' } },
    );
    expect(service(r, 'legacy')).toMatchObject({ memoryMb: 1024, vcpu: 0.25, instances: 2 });
    expect(service(r, 'legacy').env).toEqual([
      { name: 'FROM_SHELL', secret: false, value: 'shell-value' },
      { name: 'UNSET_ONE', secret: false, description: expect.stringMatching(/read from the shell/) },
    ]);
    expect(service(r, 'everywhere').instances).toBe(1);
    expect(codes(r, 'everywhere')).toContain('compose.global-mode');
    expect(service(r, 'quiet')).toMatchObject({ public: false, port: 7000, healthPath: '/ready' });
    expect(r.assumptions.join('\n')).toMatch(/quiet has no usable port in the compose file; its healthcheck calls port 7000/);
  });

  it('treats ports published to 127.0.0.1 as private', async () => {
    const r = await imp(`services:\n  admin: { image: "a:1", ports: ["127.0.0.1:8080:8080"] }\n`);
    expect(r.source.services[0]).toMatchObject({ public: false, port: 8080 });
    expect(r.assumptions.join('\n')).toMatch(/127\.0\.0\.1 only/);
  });
});

describe('warnings, each with a severity and a fix', () => {
  const HARD = `
services:
  fw:
    image: acme/fw:2
    network_mode: host
    privileged: true
    cap_add: [NET_ADMIN]
    devices: ["/dev/fuse"]
    sysctls: { net.core.somaxconn: 1024 }
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
      - ./conf/app.ini:/etc/app.ini
      - ./data:/srv/data
      - /lib/modules:/lib/modules:ro
  sfu:
    image: acme/sfu
    ports: ["3010:3010", "40000-40100:40000-40100/udp"]
    networks:
      back: { ipv4_address: 172.20.0.5 }
    logging: { driver: loki }
  builder:
    image: acme/builder:latest
    build:
      context: .
      secrets: [npm_token]
      args: { GITHUB_TOKEN: abc }
    secrets: [db_password]
`;

  it('names the problem, the service and what to do instead', async () => {
    const r = await imp(HARD);
    expect(codes(r, 'fw')).toEqual(
      expect.arrayContaining([
        'compose.host-network',
        'compose.privileged',
        'compose.cap-add',
        'compose.devices',
        'compose.sysctls',
        'compose.docker-socket',
        'compose.bind-mount',
        'compose.host-path',
      ]),
    );
    expect(codes(r, 'sfu')).toEqual(
      expect.arrayContaining(['compose.port-range', 'compose.udp', 'compose.static-ip', 'compose.logging-driver', 'compose.latest-tag']),
    );
    expect(codes(r, 'builder')).toEqual(expect.arrayContaining(['compose.build-secrets', 'compose.build-arg-secret', 'compose.secrets', 'compose.latest-tag']));
    for (const w of r.warnings) expect(w.fix, w.code).toBeTruthy();
    const sev = (code: string) => r.warnings.find((w) => w.code === code)!.severity;
    expect(sev('compose.docker-socket')).toBe('error');
    expect(sev('compose.host-network')).toBe('error');
    expect(sev('compose.privileged')).toBe('error');
    expect(sev('compose.port-range')).toBe('warning');
  });

  it('tells a config file (bake it in) from a data folder (use a volume)', async () => {
    const r = await imp(HARD);
    const binds = r.warnings.filter((w) => w.code === 'compose.bind-mount');
    // A config file of the repository travels as a mount; a data folder is still a warning.
    expect(binds.find((w) => w.message.includes('app.ini'))).toBeUndefined();
    expect(r.source.services.flatMap((s) => s.mounts ?? [])).toContainEqual({
      source: './conf/app.ini',
      target: '/etc/app.ini',
      readOnly: expect.any(Boolean),
    });
    expect(binds.find((w) => w.message.includes('./data'))!.fix).toMatch(/named volume/);
  });

  it('reports unset variables once, and quotes ${VAR:?message}', async () => {
    const r = await imp(
      `services:\n  a:\n    image: "acme/a:\${TAG}"\n    environment:\n      TOKEN: "\${RUN_TOKEN:?RUN_TOKEN is required}"\n      URL: "https://\${DOMAIN}/x"\n`,
    );
    const unresolved = r.warnings.find((w) => w.code === 'compose.unresolved-variable')!;
    expect(unresolved.message).toContain('DOMAIN, TAG');
    expect(r.warnings.find((w) => w.code === 'compose.required-variable')!.message).toContain('"RUN_TOKEN is required"');
    expect(r.unresolvedVariables).toEqual(['DOMAIN', 'RUN_TOKEN', 'TAG']);
    // A value an unset variable broke is described, not copied.
    const url = r.source.services[0]!.env.find((e) => e.name === 'URL')!;
    expect(url.value).toBeUndefined();
    expect(url.description).toContain('https://${DOMAIN}/x');
  });
});

describe('the environment compose would run in', () => {
  const TEXT = `services:\n  a:\n    image: "acme/a:\${TAG:-1.0}"\n    environment:\n      MODE: "\${MODE}"\n`;

  it('reads .env beside the file, and the process environment wins over it', async () => {
    const fromDotenv = await imp(TEXT, { '/proj/.env': 'TAG=2.0\nMODE=dotenv\n' });
    expect(fromDotenv.source.services[0]).toMatchObject({ image: 'acme/a:2.0', env: [{ name: 'MODE', value: 'dotenv' }] });
    const fromProcess = await imp(TEXT, { '/proj/.env': 'TAG=2.0\nMODE=dotenv\n' }, { env: { MODE: 'process' } });
    expect(fromProcess.source.services[0]!.env[0]!.value).toBe('process');
    expect(fromProcess.source.services[0]!.image).toBe('acme/a:2.0');
  });

  it('keeps secrets brought in by interpolation out of commands', async () => {
    const r = await imp(
      `services:\n  a:\n    image: "a:1"\n    command: "serve --password \${DB_PASSWORD}"\n`,
      {},
      { env: { DB_PASSWORD: 'from-the-env-s3cret' } },
    );
    expect(r.source.services[0]!.command).toBe('serve --password ${DB_PASSWORD}');
    expect(JSON.stringify(r.source)).not.toContain('from-the-env-s3cret');
  });
});

describe('extends', () => {
  it('merges a service of the same file (short and long form)', async () => {
    const r = await imp(`
services:
  base:
    image: acme/app:3
    environment: { A: "1", B: "1" }
    ports: ["8000:8000"]
  worker:
    extends: base
    command: work
    environment: { B: "2" }
  web:
    extends: { service: base }
    ports: ["9000:9000"]
`);
    const [base, worker, web] = r.source.services;
    expect(base!.image).toBe('acme/app:3');
    expect(worker).toMatchObject({ image: 'acme/app:3', command: 'work', port: 8000 });
    expect(worker!.env.map((e) => [e.name, e.value])).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
    // Port lists are concatenated: the first published port is routed, the other reported.
    expect(web!.port).toBe(8000);
    expect(codes(r, 'web')).toContain('compose.extra-ports');
  });

  it('loads another file relative to the compose file, recursively, rebasing its paths', async () => {
    const r = await imp(`services:\n  web:\n    extends: { file: common/base.yml, service: app }\n    ports: ["80:80"]\n`, {
      '/proj/common/base.yml': `services:\n  app:\n    extends: { file: ../deep/root.yml, service: root }\n    build: ./src\n    env_file: app.env\n`,
      '/proj/deep/root.yml': `services:\n  root:\n    environment: { FROM_ROOT: "yes" }\n`,
      '/proj/common/app.env': 'FROM_ENV_FILE=1\n',
    });
    const web = r.source.services[0]!;
    expect(web.build).toEqual({ context: 'common/src' });
    expect(web.env.map((e) => [e.name, e.value])).toEqual([
      ['FROM_ENV_FILE', '1'],
      ['FROM_ROOT', 'yes'],
    ]);
    expect(codes(r)).not.toContain('compose.env-file-missing');
  });

  it('warns once per missing file, naming the services that lack their base', async () => {
    const r = await imp(`services:\n  a: { extends: { file: base.yml, service: a } }\n  b: { extends: { file: base.yml, service: b }, image: "b:1" }\n`);
    const missing = r.warnings.filter((w) => w.code === 'compose.extends-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatchObject({ severity: 'warning' });
    expect(missing[0]!.message).toContain('base.yml is missing');
    expect(missing[0]!.message).toContain('a, b');
    expect(missing[0]!.message).toMatch(/lack whatever it defines \(image, build/);
    expect(missing[0]!.message).toContain('1 of them now has neither image nor build: a.');
    expect(r.source.services.map((s) => [s.name, s.image])).toEqual([
      ['a', undefined],
      ['b', 'b:1'],
    ]);
  });

  it('warns about a service missing from the extended file', async () => {
    const r = await imp(`services:\n  a: { extends: { file: base.yml, service: nope } }\n`, { '/proj/base.yml': 'services:\n  other: { image: "x:1" }\n' });
    expect(r.warnings.find((w) => w.code === 'compose.extends-missing')!.message).toContain('"nope"');
  });

  it('cuts a cycle with an error instead of looping', async () => {
    const r = await imp(`services:\n  a: { extends: b, image: "a:1" }\n  b: { extends: a }\n`);
    expect(r.warnings.filter((w) => w.code === 'compose.extends-cycle').length).toBeGreaterThan(0);
    expect(r.source.services.map((s) => s.name)).toEqual(['a', 'b']);
  });
});

describe('env_file', () => {
  it('reads string, list and {path, required} forms; environment wins; optional files may be missing', async () => {
    const r = await imp(
      `services:\n  a:\n    image: "a:1"\n    env_file: [one.env, { path: two.env, required: false }, { path: three.env, required: true }]\n    environment: { SHARED: from-environment }\n  b:\n    image: "b:1"\n    env_file: one.env\n`,
      { '/proj/one.env': 'ONE=1\nSHARED=from-file\nexport QUOTED="q"\n' },
    );
    const a = r.source.services[0]!;
    expect(a.env.map((e) => [e.name, e.value])).toEqual([
      ['ONE', '1'],
      ['QUOTED', 'q'],
      ['SHARED', 'from-environment'],
    ]);
    const missing = r.warnings.filter((w) => w.code === 'compose.env-file-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.message).toContain('three.env');
    expect(missing[0]!.message).not.toContain('two.env');
  });
});

describe('profiles', () => {
  const TEXT = `services:\n  app: { image: "app:1" }\n  debug: { image: "dbg:1", profiles: [debug] }\n  mon: { image: "mon:1", profiles: [monitoring, all] }\n`;

  it('leaves out services whose profiles are not enabled, and says so', async () => {
    const r = await imp(TEXT);
    expect(r.source.services.map((s) => s.name)).toEqual(['app']);
    const info = r.warnings.find((w) => w.code === 'compose.profile-skipped')!;
    expect(info.severity).toBe('info');
    expect(info.message).toContain('debug (debug)');
    expect(info.fix).toContain('--profile');
  });

  it('includes them with --profile, and warns about an unknown profile', async () => {
    const r = await imp(TEXT, {}, { profiles: ['all', 'typo'] });
    expect(r.source.services.map((s) => s.name)).toEqual(['app', 'mon']);
    expect(r.warnings.find((w) => w.code === 'compose.profile-unknown')!.message).toContain('typo');
  });
});
