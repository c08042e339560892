/**
 * Every file of the shared compose corpus (../shared/corpus/compose, described in its
 * README) imports without a crash. For each: the services kept, the containers that became
 * Postgres and key-value stores, the warnings the README leads one to expect, and no secret
 * literal of the file in the stack source. The expected figures were counted by reading each
 * file; the comments say what was counted. Skipped, visibly, when ../shared is absent.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { importCompose } from '../../src/compose/import-compose.js';
import type { ComposeImport } from '../../src/compose/map.js';
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFile, diskLoader } from '../helpers/corpus.js';

async function imp(name: string, options: { profiles?: string[]; env?: Record<string, string> } = {}): Promise<ComposeImport> {
  return importCompose({ file: corpusFile(name), display: name, load: diskLoader, env: options.env ?? {}, profiles: options.profiles ?? [] });
}

const names = (r: ComposeImport) => r.source.services.map((s) => s.name);
const pg = (r: ComposeImport) => (r.source.postgres ?? []).map((p) => p.name);
const kv = (r: ComposeImport) => (r.source.keyValue ?? []).map((k) => k.name);
const codesOf = (r: ComposeImport, service?: string) => r.warnings.filter((w) => service === undefined || w.service === service).map((w) => w.code);
const servicesWith = (r: ComposeImport, code: string) => [...new Set(r.warnings.filter((w) => w.code === code).map((w) => w.service))];
const service = (r: ComposeImport, name: string) => r.source.services.find((s) => s.name === name)!;

/**
 * Secret literals written in a compose file: values (or `${VAR:-default}` defaults) of
 * variables whose names say secret, and passwords inside URLs. Values that also appear as a
 * service name, an image or a non-secret value of the file ("postgres", "airflow") are not
 * distinctive, so they are not searched for.
 */
function secretLiterals(file: string): string[] {
  const data = parseDocument(readFileSync(file, 'utf8'), { merge: true }).toJS({ maxAliasCount: 10_000 }) as {
    services: Record<string, Record<string, unknown>>;
  };
  const secretName = /PASSWORD|SECRET|TOKEN|_KEY$|SALT|AUTH$|PASS$|DSN$/i;
  const literal = (v: string) => /^\$\{[A-Z0-9_]+:?-([^}$]*)\}$/.exec(v)?.[1] ?? (v.includes('$') ? '' : v);
  const secrets = new Set<string>();
  const publicText: string[] = [];
  for (const [svcName, svc] of Object.entries(data.services)) {
    publicText.push(svcName, String(svc.image ?? ''), String(svc.container_name ?? ''));
    const env = svc.environment;
    const pairs: [string, string][] = Array.isArray(env)
      ? env.map((e) => String(e)).map((e) => [e.split('=')[0]!, e.slice(e.indexOf('=') + 1)])
      : env && typeof env === 'object'
        ? Object.entries(env).map(([k, v]) => [k, v === null ? '' : String(v)])
        : [];
    for (const [k, raw] of pairs) {
      const v = literal(raw);
      const url = /^([a-z0-9+]+:\/\/[^:@/]*:)([^@/]+)(@.*)$/i.exec(v);
      if (url && !url[2]!.includes('$')) secrets.add(url[2]!);
      // A file path under a KEY name (REDIS_TLS_KEY: /certs/redis.key) names a file, it is no secret.
      if (secretName.test(k) && !/^\/[\w./-]+$/.test(v)) secrets.add(v);
      else publicText.push(url ? url[1]! + url[3]! : v);
    }
  }
  return [...secrets].filter((s) => s.length >= 4 && !publicText.some((p) => p.includes(s)));
}

function expectNoSecretLiterals(r: ComposeImport, name: string, atLeast = 0): void {
  const literals = secretLiterals(corpusFile(name));
  expect(literals.length, `secret literals found in ${name}`).toBeGreaterThanOrEqual(atLeast);
  const json = JSON.stringify(r.source);
  for (const s of literals) expect(json.includes(s), `secret "${s}" of ${name} is in the stack source`).toBe(false);
}

describe.skipIf(!corpusAvailable)(`compose corpus (${corpusAvailable ? CORPUS_DIR : CORPUS_SKIP_MESSAGE})`, () => {
  it('has the 16 files the README lists', () => {
    const files = readFileSync(corpusFile('README.md'), 'utf8').match(/^\| `([^`]+\.ya?ml)` \|/gm)!;
    expect(files).toHaveLength(16);
  });

  it('agenta: profiles, one Postgres, two Redis, the docker socket behind with-traefik', async () => {
    // 17 services; 5 carry profiles (web, web-mobile, traefik, nginx, composio). Of the 12 left,
    // postgres is Postgres and redis-volatile / redis-durable are Redis: 9 services.
    const r = await imp('agenta__oss-docker-compose.gh.yml');
    expect(names(r)).toEqual(['api', 'worker-streams', 'worker-queues', 'cron', 'alembic', 'services', 'runner', 'seaweedfs', 'supertokens']);
    expect(pg(r)).toEqual(['postgres']);
    expect(kv(r)).toEqual(['redis-volatile', 'redis-durable']);
    // Both Redis run with --maxmemory 512mb.
    expect(r.keyValue.map((k) => k.memoryMb)).toEqual([512, 512]);
    expect(r.skipped.map((s) => s.name)).toEqual(['web', 'web-mobile', 'traefik', 'nginx', 'composio']);
    // supertokens-postgresql is an app that uses Postgres, not a Postgres.
    expect(r.databases[0]!.usedBy).toEqual(expect.arrayContaining(['api', 'cron', 'alembic', 'supertokens']));
    expect(codesOf(r, 'runner')).toEqual(expect.arrayContaining(['compose.cap-add', 'compose.devices', 'compose.security-opt']));
    expect(codesOf(r, 'postgres')).toContain('compose.postgres-init');
    expect(r.warnings.find((w) => w.code === 'compose.required-variable')!.message).toContain('AGENTA_RUNNER_TOKEN is required');
    expect(r.warnings.find((w) => w.code === 'compose.env-file-missing')!.message).toContain('.env.oss.gh');
    expect(codesOf(r)).not.toContain('compose.docker-socket');

    // traefik mounts /var/run/docker.sock; it runs with --profile with-traefik.
    const withTraefik = await imp('agenta__oss-docker-compose.gh.yml', { profiles: ['with-traefik'] });
    expect(names(withTraefik)).toHaveLength(10);
    expect(servicesWith(withTraefik, 'compose.docker-socket')).toEqual(['traefik']);
    expectNoSecretLiterals(withTraefik, 'agenta__oss-docker-compose.gh.yml');
  });

  it('airflow: merge keys give every Airflow service the x-airflow-common image, environment and dependencies', async () => {
    // 9 services; airflow-cli (debug) and flower (flower) have profiles; postgres is Postgres and
    // redis is Redis: 5 Airflow services.
    const r = await imp('airflow__docker-compose.yaml');
    const airflow = ['airflow-webserver', 'airflow-scheduler', 'airflow-worker', 'airflow-triggerer', 'airflow-init'];
    expect(names(r)).toEqual(airflow);
    expect(pg(r)).toEqual(['postgres']);
    expect(kv(r)).toEqual(['redis']);
    // The merged depends_on (<<: *airflow-common-depends-on) and connection URLs reach both stores.
    expect(r.source.postgres![0]!.usedBy).toEqual(airflow);
    expect(r.source.keyValue![0]!.usedBy).toEqual(airflow);
    // The inherited default image apache/airflow:|version| is a Sphinx placeholder, for all five.
    expect(servicesWith(r, 'compose.image-invalid')).toEqual(airflow);
    for (const name of airflow) {
      const env = service(r, name).env;
      expect(env.find((e) => e.name === 'AIRFLOW__CORE__EXECUTOR')).toEqual({ name: 'AIRFLOW__CORE__EXECUTOR', secret: false, value: 'CeleryExecutor' });
      expect(env.find((e) => e.name === 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN')?.from).toBe('database-url');
      expect(env.find((e) => e.name === 'AIRFLOW__CELERY__BROKER_URL')?.from).toBe('key-value-url');
    }
    // <<: *airflow-common-env plus the worker's own variable.
    expect(service(r, 'airflow-worker').env.find((e) => e.name === 'DUMB_INIT_SETSID')?.value).toBe('0');
    expect(service(r, 'airflow-webserver')).toMatchObject({ port: 8080, healthPath: '/health' });
    // Published and called by no other service: public.
    expect(r.services.find((s) => s.name === 'airflow-webserver')!.public).toBe(true);
    expect(codesOf(r, 'airflow-init')).toContain('compose.one-shot');

    const named = await imp('airflow__docker-compose.yaml', { env: { AIRFLOW_IMAGE_NAME: 'apache/airflow:2.10.5' }, profiles: ['flower'] });
    expect(names(named)).toEqual([...airflow, 'flower']);
    for (const s of named.source.services) expect(s.image).toBe('apache/airflow:2.10.5');
    expectNoSecretLiterals(r, 'airflow__docker-compose.yaml');
  });

  it('awesome-compose nginx-golang-postgres: build target, compose secrets, a backend without ports', async () => {
    // backend, db, proxy: db is Postgres.
    const r = await imp('awesome-compose__nginx-golang-postgres.yaml');
    expect(names(r)).toEqual(['backend', 'proxy']);
    expect(pg(r)).toEqual(['db']);
    expect(r.source.postgres![0]!.usedBy).toEqual(['backend']);
    expect(service(r, 'backend')).toMatchObject({ build: { context: 'backend' }, public: false });
    expect(service(r, 'proxy')).toMatchObject({ image: 'nginx', port: 80 });
    // Published and called by no other service: public.
    expect(r.services.find((s) => s.name === 'proxy')!.public).toBe(true);
    expect(codesOf(r, 'backend')).toContain('compose.secrets');
    expect(codesOf(r, 'proxy')).toEqual(expect.arrayContaining(['compose.latest-tag']));
    // Its read-only config folder travels with it instead of being dropped.
    expect(service(r, 'proxy').mounts).toEqual([{ source: './proxy/nginx.conf', target: '/etc/nginx/conf.d/default.conf', readOnly: true }]);
    expectNoSecretLiterals(r, 'awesome-compose__nginx-golang-postgres.yaml');
  });

  it('immich: host paths from variables, a Postgres with vector extensions, Valkey', async () => {
    // immich-server, immich-machine-learning, redis (valkey image), database (immich postgres).
    const r = await imp('immich__docker-compose.yml');
    expect(r.name).toBe('immich');
    expect(names(r)).toEqual(['immich-server', 'immich-machine-learning']);
    expect(pg(r)).toEqual(['database']);
    expect(kv(r)).toEqual(['redis']);
    expect(r.source.postgres![0]!.usedBy).toEqual(['immich-server']);
    expect(codesOf(r, 'immich-server')).toEqual(expect.arrayContaining(['compose.bind-mount', 'compose.host-path']));
    expect(codesOf(r, 'database')).toContain('compose.postgres-extensions');
    expect(r.unresolvedVariables).toEqual(expect.arrayContaining(['UPLOAD_LOCATION', 'DB_DATA_LOCATION']));
    expect(codesOf(r)).toContain('compose.env-file-missing');
    expectNoSecretLiterals(r, 'immich__docker-compose.yml');
  });

  it('langfuse: the environment merge key and the reused depends_on anchor', async () => {
    // langfuse-worker, langfuse-web, clickhouse, minio, redis, postgres.
    const r = await imp('langfuse__docker-compose.yml');
    expect(names(r)).toEqual(['langfuse-worker', 'langfuse-web', 'clickhouse', 'minio']);
    expect(pg(r)).toEqual(['postgres']);
    expect(kv(r)).toEqual(['redis']);
    expect(r.source.postgres![0]!.usedBy).toEqual(['langfuse-worker', 'langfuse-web']);
    const web = service(r, 'langfuse-web');
    // <<: *langfuse-worker-env brings the worker's variables; the web's own value wins.
    expect(web.env.find((e) => e.name === 'DATABASE_URL')?.from).toBe('database-url');
    expect(web.env.find((e) => e.name === 'TELEMETRY_ENABLED')?.value).toBe('true');
    expect(web.env.find((e) => e.name === 'LANGFUSE_S3_MEDIA_UPLOAD_ENDPOINT')?.value).toBe('http://localhost:9090');
    expect(web.env.find((e) => e.name === 'NEXTAUTH_SECRET')).toMatchObject({ secret: true });
    // Ports bound to 127.0.0.1 stay private.
    expect(service(r, 'langfuse-worker').public).toBe(false);
    expect(web).toMatchObject({ port: 3000 });
    expect(r.services.find((s) => s.name === 'langfuse-web')!.public).toBe(true);
    expectNoSecretLiterals(r, 'langfuse__docker-compose.yml', 5);
  });

  it('litellm: build and image together, env_file, a host config file, a published Postgres', async () => {
    const r = await imp('litellm__docker-compose.yml');
    expect(names(r)).toEqual(['litellm', 'prometheus']);
    expect(pg(r)).toEqual(['db']);
    expect(service(r, 'litellm')).toMatchObject({
      image: 'ghcr.io/berriai/litellm:main-stable',
      build: { context: '.' },
      port: 4000,
      healthPath: '/health/liveliness',
    });
    expect(service(r, 'litellm').env.find((e) => e.name === 'DATABASE_URL')?.from).toBe('database-url');
    expect(codesOf(r, 'prometheus')).toEqual(expect.arrayContaining(['compose.latest-tag']));
    // Its config file is a mount of the repository, not a dropped bind.
    expect(service(r, 'prometheus').mounts).toEqual([{ source: './prometheus.yml', target: '/etc/prometheus/prometheus.yml', readOnly: true }]);
    expect(codesOf(r)).toContain('compose.env-file-missing');
    expectNoSecretLiterals(r, 'litellm__docker-compose.yml', 1);
  });

  it('mailcow: host network and privileged on netfilter, docker socket twice, static IPs, mail ports', async () => {
    // 18 services; redis-mailcow is Redis; MariaDB is no Postgres: 17 services.
    const r = await imp('mailcow__docker-compose.yml');
    expect(names(r)).toHaveLength(17);
    expect(pg(r)).toEqual([]);
    expect(kv(r)).toEqual(['redis-mailcow']);
    expect(codesOf(r, 'netfilter-mailcow')).toEqual(expect.arrayContaining(['compose.host-network', 'compose.privileged', 'compose.host-path']));
    expect(servicesWith(r, 'compose.docker-socket')).toEqual(['dockerapi-mailcow', 'ofelia-mailcow']);
    // 5 ipv4_address values, one of them on redis-mailcow, which becomes the key-value store.
    expect(servicesWith(r, 'compose.static-ip')).toEqual(['unbound-mailcow', 'sogo-mailcow', 'dovecot-mailcow', 'postfix-mailcow']);
    expect(servicesWith(r, 'compose.tcp-port')).toEqual(['dovecot-mailcow', 'postfix-mailcow']);
    expect(servicesWith(r, 'compose.cap-add')).toEqual(['dovecot-mailcow', 'postfix-mailcow']);
    expect(codesOf(r, 'mysql-mailcow')).toContain('compose.stateful-service');
    expectNoSecretLiterals(r, 'mailcow__docker-compose.yml');
  });

  it('mirotalksfu: tcp and udp port ranges', async () => {
    const r = await imp('mirotalksfu__docker-compose.template.yml');
    expect(names(r)).toEqual(['mirotalksfu']);
    expect(service(r, 'mirotalksfu')).toMatchObject({ port: 3010 });
    // Published and called by no other service: public.
    expect(r.services.find((s) => s.name === 'mirotalksfu')!.public).toBe(true);
    expect(codesOf(r, 'mirotalksfu')).toEqual(expect.arrayContaining(['compose.port-range', 'compose.udp', 'compose.bind-mount', 'compose.latest-tag']));
    // config.js travels; the bound .env (secrets) never goes into an image, so it stays a warning.
    expect(service(r, 'mirotalksfu').mounts?.map((m) => m.source)).toEqual(['./app/src/config.js']);
    expect(r.warnings.find((w) => w.code === 'compose.bind-mount')!.message).toContain('./.env');
    // 40000-40100 twice (tcp and udp): 202 ports.
    expect(r.warnings.find((w) => w.code === 'compose.port-range')!.message).toContain('202 ports');
    expectNoSecretLiterals(r, 'mirotalksfu__docker-compose.template.yml');
  });

  it('onyx: nested default image, optional env_file, a profile on MinIO, the docker socket', async () => {
    // 11 services; minio has profile s3-filestore; relational_db is Postgres, cache is Redis: 8.
    const r = await imp('onyx__docker-compose.yml');
    expect(names(r)).toEqual([
      'api_server',
      'background',
      'web_server',
      'inference_model_server',
      'indexing_model_server',
      'opensearch',
      'nginx',
      'code-interpreter',
    ]);
    expect(pg(r)).toEqual(['relational_db']);
    expect(kv(r)).toEqual(['cache']);
    expect(service(r, 'api_server').image).toBe('onyxdotapp/onyx-backend:latest');
    expect(service(r, 'api_server').env.find((e) => e.name === 'POSTGRES_HOST')?.from).toBe('database-host');
    expect(servicesWith(r, 'compose.docker-socket')).toEqual(['code-interpreter']);
    // env_file .env is required: false everywhere, so its absence is fine.
    expect(codesOf(r)).not.toContain('compose.env-file-missing');
    expect(r.skipped).toEqual([{ name: 'minio', reason: 'profile s3-filestore not enabled' }]);
    expectNoSecretLiterals(r, 'onyx__docker-compose.yml', 1);
  });

  it('openinference: a secret passed as a build arg, no database', async () => {
    const r = await imp('openinference__llama-index-phoenix-compose.yaml');
    expect(names(r)).toEqual(['phoenix', 'backend', 'frontend']);
    expect(pg(r)).toEqual([]);
    expect(kv(r)).toEqual([]);
    expect(codesOf(r, 'backend')).toContain('compose.build-arg-secret');
    expect(codesOf(r, 'phoenix')).toContain('compose.latest-tag');
    expect(service(r, 'backend')).toMatchObject({ port: 8000, healthPath: '/api/chat/healthcheck' });
    expectNoSecretLiterals(r, 'openinference__llama-index-phoenix-compose.yaml');
  });

  it('posthog: every service extends a base file that is missing', async () => {
    // 23 services, all extending docker-compose.base.yml. db has its own postgres image;
    // redis and redis7 have no image, so their names make them key-value stores: 20 services.
    const r = await imp('posthog__docker-compose.hobby.yml');
    const missing = r.warnings.filter((w) => w.code === 'compose.extends-missing');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.message).toContain('docker-compose.base.yml is missing: 23 service(s)');
    expect(missing[0]!.message).toContain(
      '12 of them now have neither image nor build: redis, redis7, clickhouse, zookeeper, kafka, proxy, objectstorage, temporal, elasticsearch, temporal-admin-tools, temporal-ui, livestream.',
    );
    expect(names(r)).toHaveLength(20);
    expect(pg(r)).toEqual(['db']);
    expect(kv(r)).toEqual(['redis', 'redis7']);
    // The README's 12 services with neither image nor build, less the two Redis.
    const bare = [
      'clickhouse',
      'zookeeper',
      'kafka',
      'proxy',
      'objectstorage',
      'temporal',
      'elasticsearch',
      'temporal-admin-tools',
      'temporal-ui',
      'livestream',
    ];
    for (const name of bare) expect(service(r, name).image ?? service(r, name).build, name).toBeUndefined();
    // db is used through CYCLOTRON_DATABASE_URL / DATABASE_URL and by depends_on (temporal-ui waits for it).
    expect(r.source.postgres![0]!.usedBy).toEqual(['web', 'plugins', 'temporal-ui', 'temporal-django-worker', 'cyclotron-janitor', 'feature-flags']);
    // Bare $VAR interpolation: $REGISTRY_URL:$POSTHOG_APP_TAG and https://$DOMAIN.
    expect(r.unresolvedVariables).toEqual(expect.arrayContaining(['DOMAIN', 'REGISTRY_URL', 'POSTHOG_APP_TAG']));
    expect(servicesWith(r, 'compose.image-unresolved')).toEqual(['worker', 'web', 'plugins', 'asyncmigrationscheck', 'temporal-django-worker']);
    expectNoSecretLiterals(r, 'posthog__docker-compose.hobby.yml', 1);
  });

  it('supabase: one Postgres with 7 init scripts, the docker socket in vector', async () => {
    // 13 services; db (supabase/postgres) is Postgres: 12.
    const r = await imp('supabase__docker-compose.yml');
    expect(names(r)).toHaveLength(12);
    expect(pg(r)).toEqual(['db']);
    expect(servicesWith(r, 'compose.docker-socket')).toEqual(['vector']);
    expect(r.warnings.find((w) => w.code === 'compose.postgres-init')!.message).toContain('runs 7 init script(s)');
    expect(codesOf(r, 'db')).toContain('compose.postgres-extensions');
    expect(r.unresolvedVariables.length).toBeGreaterThan(40);
    expect(r.source.postgres![0]!.usedBy).toEqual(expect.arrayContaining(['auth', 'rest', 'realtime', 'storage', 'meta', 'analytics', 'supavisor']));
    expectNoSecretLiterals(r, 'supabase__docker-compose.yml', 1);

    // With the variables of the upstream .env, the connection settings become platform references.
    const env = { POSTGRES_HOST: 'db', POSTGRES_PORT: '5432', POSTGRES_DB: 'postgres', POSTGRES_PASSWORD: 'super-secret-and-long-password' };
    const withEnv = await imp('supabase__docker-compose.yml', { env });
    expect(service(withEnv, 'auth').env.find((e) => e.name === 'GOTRUE_DB_DATABASE_URL')?.from).toBe('database-url');
    expect(
      service(withEnv, 'realtime')
        .env.filter((e) => e.from)
        .map((e) => [e.name, e.from]),
    ).toEqual([
      ['DB_HOST', 'database-host'],
      ['DB_PORT', 'database-port'],
      ['DB_USER', 'database-user'],
      ['DB_PASSWORD', 'database-password'],
      ['DB_NAME', 'database-name'],
    ]);
    expect(JSON.stringify(withEnv.source)).not.toContain('super-secret-and-long-password');
  });

  it('temporal: the x-logging merge key carries the loki logging driver into 8 services', async () => {
    // 15 services; postgresql is Postgres: 14. <<: *loki-logging appears 9 times, once on postgresql.
    const r = await imp('temporal__docker-compose-multirole.yaml');
    expect(names(r)).toHaveLength(14);
    expect(pg(r)).toEqual(['postgresql']);
    expect(servicesWith(r, 'compose.logging-driver')).toEqual([
      'elasticsearch',
      'temporal-history',
      'temporal-matching',
      'temporal-frontend',
      'temporal-frontend2',
      'temporal-worker',
      'temporal-admin-tools',
      'temporal-nginx',
    ]);
    // POSTGRES_SEEDS=postgresql names the database host.
    expect(r.source.postgres![0]!.usedBy).toEqual(['temporal-history', 'temporal-matching', 'temporal-frontend', 'temporal-frontend2', 'temporal-worker']);
    // Long-syntax ports; the image tags come from an .env that is not here.
    expect(service(r, 'grafana')).toMatchObject({ port: 3000, image: 'grafana/grafana:7.5.16' });
    // Published and called by no other service: public.
    expect(r.services.find((s) => s.name === 'grafana')!.public).toBe(true);
    expect(service(r, 'temporal-history').image).toBe('temporalio/auto-setup');
    expect(codesOf(r, 'temporal-history')).toContain('compose.latest-tag');
    expectNoSecretLiterals(r, 'temporal__docker-compose-multirole.yaml');
  });

  it('tracecat: two Postgres services, a migration job, a port from unset variables', async () => {
    // 16 services; postgres_db and temporal_postgres_db are Postgres, redis is Redis: 13.
    const r = await imp('tracecat__docker-compose.yml');
    expect(names(r)).toHaveLength(13);
    expect(pg(r)).toEqual(['postgres_db', 'temporal_postgres_db']);
    expect(kv(r)).toEqual(['redis']);
    expect(r.source.postgres).toEqual([
      { name: 'postgres_db', usedBy: ['migrations'], version: '16' },
      { name: 'temporal_postgres_db', usedBy: ['temporal'], version: '13' },
    ]);
    expect(codesOf(r, 'caddy')).toContain('compose.port-invalid');
    expect(codesOf(r, 'migrations')).toContain('compose.one-shot');
    // TRACECAT__DB_URI is unset and two Postgres could be meant: left to the user, said so.
    expect(codesOf(r, 'api')).toContain('compose.database-unknown');
    expect(service(r, 'litellm')).toMatchObject({ port: 4000, healthPath: '/health/readiness' });
    expectNoSecretLiterals(r, 'tracecat__docker-compose.yml');
  });

  it('umami: the simple baseline', async () => {
    const r = await imp('umami__docker-compose.yml');
    expect(names(r)).toEqual(['umami']);
    expect(pg(r)).toEqual(['db']);
    expect(service(r, 'umami')).toMatchObject({ port: 3000, healthPath: '/api/heartbeat', usesDatabase: true });
    // Published and called by no other service: public.
    expect(r.services.find((s) => s.name === 'umami')!.public).toBe(true);
    expect(service(r, 'umami').env).toEqual([
      expect.objectContaining({ name: 'DATABASE_URL', from: 'database-url', secret: true }),
      expect.objectContaining({ name: 'APP_SECRET', secret: true }),
    ]);
    // APP_SECRET's value is written in the file: said, by name only.
    expect(codesOf(r, 'umami')).toEqual(['compose.committed-secret', 'compose.latest-tag']);
    const committed = r.warnings.find((w) => w.code === 'compose.committed-secret')!;
    expect(committed.message).toContain('APP_SECRET');
    expect(committed.message).toContain('umami__docker-compose.yml');
    expectNoSecretLiterals(r, 'umami__docker-compose.yml', 1);
  });

  it('windmill: replicas, resource limits, zero replicas, the docker socket', async () => {
    // 8 services; db is Postgres; windmill_indexer and multiplayer have replicas: 0: 5 left.
    const r = await imp('windmill__docker-compose.yml');
    expect(names(r)).toEqual(['windmill_server', 'windmill_worker', 'windmill_worker_native', 'lsp', 'caddy']);
    expect(pg(r)).toEqual(['db']);
    expect(r.skipped.map((s) => s.name)).toEqual(['windmill_indexer', 'multiplayer']);
    expect(service(r, 'windmill_worker')).toMatchObject({ instances: 3, vcpu: 1, memoryMb: 2048 });
    expect(service(r, 'windmill_worker_native')).toMatchObject({ instances: 1, vcpu: 1, memoryMb: 2048 });
    expect(service(r, 'windmill_server')).toMatchObject({ instances: 1, memoryMb: 512, port: 8000, public: false });
    expect(servicesWith(r, 'compose.docker-socket')).toEqual(['windmill_worker']);
    expect(servicesWith(r, 'compose.tcp-port')).toEqual(['caddy']);
    // DATABASE_URL=${DATABASE_URL} is unset; the services wait for db, so it is db's URL.
    expect(service(r, 'windmill_worker').env.find((e) => e.name === 'DATABASE_URL')?.from).toBe('database-url');
    expect(r.unresolvedVariables).toEqual(['DATABASE_URL', 'WM_IMAGE']);
    expectNoSecretLiterals(r, 'windmill__docker-compose.yml', 1);
  });

  it('every warning of every file has a severity and a fix', async () => {
    const files = readFileSync(corpusFile('README.md'), 'utf8')
      .match(/^\| `([^`]+\.ya?ml)` \|/gm)!
      .map((l) => l.slice(3, l.indexOf('`', 3)));
    for (const f of files) {
      const r = await imp(f);
      for (const w of r.warnings) {
        expect(['info', 'warning', 'error'], `${f} ${w.code}`).toContain(w.severity);
        expect(w.fix, `${f} ${w.code}`).toBeTruthy();
      }
    }
  });
});
