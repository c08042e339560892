/** Short and long Compose syntax, byte sizes, image references and secret detection. */
import { describe, expect, it } from 'vitest';
import { imageKind, isValidImage, parseImage, unpinnedTag } from '../../src/compose/images.js';
import { hasUrlCredentials, isSecretName, isSecretValue, parseUrlLoose, redactSecrets } from '../../src/compose/secrets.js';
import {
  commandString,
  healthcheckTest,
  healthcheckUrl,
  isLoopback,
  isRange,
  parseBuild,
  parseDependsOn,
  parseEnvFiles,
  parseEnvironment,
  parseExtends,
  parsePorts,
  parseVolumes,
} from '../../src/compose/syntax.js';
import { parseCpus, parseInteger, parseMemoryMb } from '../../src/compose/units.js';

describe('ports', () => {
  it('reads the short syntax: container, host:container, ip:host:container, protocol, ranges', () => {
    const [a, b, c, d, e, f] = parsePorts(['3000', '8080:80', '127.0.0.1:5432:5432/tcp', '40000-40100:40000-40100/udp', '[::1]:9000:9000', 8000]);
    expect(a).toMatchObject({ target: 3000, protocol: 'tcp' });
    expect(a!.published).toBeUndefined();
    expect(b).toMatchObject({ target: 80, published: '8080' });
    expect(c).toMatchObject({ target: 5432, published: '5432', hostIp: '127.0.0.1', protocol: 'tcp' });
    expect(d).toMatchObject({ target: 40000, targetEnd: 40100, protocol: 'udp' });
    expect(isRange(d!)).toBe(true);
    expect(e).toMatchObject({ target: 9000, hostIp: '::1' });
    expect(f).toMatchObject({ target: 8000 });
  });

  it('reads the long syntax', () => {
    const [p] = parsePorts([{ target: 3000, published: '8085', host_ip: '127.0.0.1', protocol: 'UDP' }]);
    expect(p).toMatchObject({ target: 3000, published: '8085', hostIp: '127.0.0.1', protocol: 'udp' });
  });

  it('survives what unset variables leave behind', () => {
    const [empty, hostless, ipless] = parsePorts([':', ':8000/tcp', ':443:443']);
    expect(empty!.target).toBeNull();
    expect(hostless).toMatchObject({ target: 8000 });
    expect(ipless).toMatchObject({ target: 443, published: '443' });
    expect(ipless!.hostIp).toBeUndefined();
  });

  it('knows loopback binds', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('::1')).toBe(true);
    expect(isLoopback('0.0.0.0')).toBe(false);
    expect(isLoopback(undefined)).toBe(false);
  });
});

describe('volumes', () => {
  it('tells named volumes, binds, anonymous volumes and read-only apart', () => {
    const v = parseVolumes([
      'data:/var/lib/data',
      './conf/app.yml:/etc/app.yml:ro',
      '/var/run/docker.sock:/var/run/docker.sock',
      '/scratch',
      ':/data',
      'C:\\data:/data',
    ]);
    expect(v.map((x) => [x.type, x.source, x.target, x.readOnly])).toEqual([
      ['volume', 'data', '/var/lib/data', false],
      ['bind', './conf/app.yml', '/etc/app.yml', true],
      ['bind', '/var/run/docker.sock', '/var/run/docker.sock', false],
      ['volume', undefined, '/scratch', false],
      ['bind', '', '/data', false],
      ['bind', 'C:\\data', '/data', false],
    ]);
  });

  it('reads the long syntax', () => {
    const [bind, tmp] = parseVolumes([
      { type: 'bind', source: './nginx.conf', target: '/etc/nginx/nginx.conf', read_only: true },
      { type: 'tmpfs', target: '/tmp' },
    ]);
    expect(bind).toMatchObject({ type: 'bind', source: './nginx.conf', readOnly: true });
    expect(tmp).toMatchObject({ type: 'tmpfs', target: '/tmp' });
  });
});

describe('depends_on, environment, env_file, build, extends, command', () => {
  it('reads depends_on as a list or a map', () => {
    expect([...parseDependsOn(['db', 'redis']).entries()]).toEqual([
      ['db', { condition: 'service_started', required: true }],
      ['redis', { condition: 'service_started', required: true }],
    ]);
    const map = parseDependsOn({ db: { condition: 'service_healthy' }, minio: { condition: 'service_started', required: false } });
    expect(map.get('db')).toEqual({ condition: 'service_healthy', required: true });
    expect(map.get('minio')?.required).toBe(false);
  });

  it('reads environment as a list or a map, with bare names and scalar values', () => {
    expect(parseEnvironment(['A=1', 'B', 'C=x=y'])).toEqual([
      ['A', '1'],
      ['B', null],
      ['C', 'x=y'],
    ]);
    expect(parseEnvironment({ A: 1, B: true, C: null, D: 'd' })).toEqual([
      ['A', '1'],
      ['B', 'true'],
      ['C', null],
      ['D', 'd'],
    ]);
  });

  it('reads env_file as a string, a list, or {path, required}', () => {
    expect(parseEnvFiles('.env')).toEqual([{ path: '.env', required: true }]);
    expect(parseEnvFiles(['a.env', { path: 'b.env', required: false }])).toEqual([
      { path: 'a.env', required: true },
      { path: 'b.env', required: false },
    ]);
  });

  it('reads build as a context or a mapping with args and secrets', () => {
    expect(parseBuild('frontend')).toEqual({ context: 'frontend', args: [], secrets: [] });
    expect(parseBuild({ context: './backend', dockerfile: 'Dockerfile', target: 'builder', args: { TOKEN: 'x' }, secrets: ['npm', { source: 'gh' }] })).toEqual(
      {
        context: './backend',
        dockerfile: 'Dockerfile',
        target: 'builder',
        args: [['TOKEN', 'x']],
        secrets: ['npm', 'gh'],
      },
    );
  });

  it('reads extends as a name or a mapping', () => {
    expect(parseExtends('base')).toEqual({ service: 'base' });
    expect(parseExtends({ file: 'base.yml', service: 'web' })).toEqual({ service: 'web', file: 'base.yml' });
    expect(parseExtends({ file: 'base.yml' })).toBeNull();
  });

  it('turns a command list into one quoted string', () => {
    expect(commandString(['python', '-m', 'app'])).toBe('python -m app');
    expect(commandString(['sh', '-c', 'echo "hi" && run'])).toBe(`sh -c 'echo "hi" && run'`);
    expect(commandString(['--config=/etc/a b.yaml'])).toBe(`'--config=/etc/a b.yaml'`);
    expect(commandString('  serve  ')).toBe('serve');
    expect(commandString([])).toBeNull();
  });
});

describe('healthchecks', () => {
  it('reads the test in every form and honours disable / NONE', () => {
    expect(healthcheckTest({ test: ['CMD', 'curl', '-f', 'http://localhost:8000/health'] })).toBe('curl -f http://localhost:8000/health');
    expect(healthcheckTest({ test: ['CMD-SHELL', 'curl http://localhost:3000/api/heartbeat'] })).toBe('curl http://localhost:3000/api/heartbeat');
    expect(healthcheckTest({ test: 'wget --spider http://localhost:8123/ping || exit 1' })).toBe('wget --spider http://localhost:8123/ping || exit 1');
    expect(healthcheckTest({ test: ['NONE'] })).toBeNull();
    expect(healthcheckTest({ disable: true, test: 'curl x' })).toBeNull();
    expect(healthcheckTest({ disable: false })).toBeNull();
  });

  it('finds the HTTP path and port the container checks on itself', () => {
    expect(healthcheckUrl('curl -f http://localhost:8000/health', [])).toEqual({ port: 8000, path: '/health' });
    expect(healthcheckUrl('python -c "urllib.request.urlopen(\'http://localhost:4000/health/liveliness\')"', [])).toEqual({
      port: 4000,
      path: '/health/liveliness',
    });
    expect(healthcheckUrl('wget --spider http://0.0.0.0:8000/api/chat/healthcheck?x=1', [])).toEqual({ port: 8000, path: '/api/chat/healthcheck' });
    expect(healthcheckUrl('wget http://127.0.0.1/nginx-health', [])).toEqual({ path: '/nginx-health' });
    expect(healthcheckUrl("fetch('http://studio:3000/api/profile')", ['studio'])).toEqual({ port: 3000, path: '/api/profile' });
    expect(healthcheckUrl('curl http://other-service:3000/health', ['me'])).toBeNull();
    expect(healthcheckUrl('pg_isready -U postgres', [])).toBeNull();
  });
});

describe('sizes', () => {
  it('reads compose byte strings as binary megabytes', () => {
    expect(parseMemoryMb('512M')).toBe(512);
    expect(parseMemoryMb('512m')).toBe(512);
    expect(parseMemoryMb('2048M')).toBe(2048);
    expect(parseMemoryMb('2g')).toBe(2048);
    expect(parseMemoryMb('1.5GB')).toBe(1536);
    expect(parseMemoryMb('2Gi')).toBe(2048);
    expect(parseMemoryMb('512mb')).toBe(512);
    expect(parseMemoryMb('1024k')).toBe(1);
    expect(parseMemoryMb(1073741824)).toBe(1024);
    expect(parseMemoryMb('536870912')).toBe(512);
    expect(parseMemoryMb('lots')).toBeNull();
    expect(parseMemoryMb('0')).toBeNull();
  });

  it('reads cpus and whole numbers', () => {
    expect(parseCpus('1')).toBe(1);
    expect(parseCpus('0.25')).toBe(0.25);
    expect(parseCpus(2)).toBe(2);
    expect(parseCpus('0')).toBeNull();
    expect(parseInteger('3')).toBe(3);
    expect(parseInteger(0)).toBe(0);
    expect(parseInteger('1.5')).toBeNull();
  });
});

describe('images', () => {
  it('splits registry, name, tag and digest', () => {
    expect(parseImage('ghcr.io/immich-app/postgres:14-vectorchord@sha256:abc')).toMatchObject({
      repository: 'ghcr.io/immich-app/postgres',
      name: 'postgres',
      tag: '14-vectorchord',
      digest: 'sha256:abc',
    });
    expect(parseImage('localhost:5000/app')).toMatchObject({ repository: 'localhost:5000/app', name: 'app' });
    expect(parseImage('')).toBeNull();
    expect(parseImage(':')).toBeNull();
  });

  it('knows Postgres, key-value and other images by name, not by substring', () => {
    const kind = (s: string) => imageKind(parseImage(s));
    expect(kind('postgres:16')).toBe('postgres');
    expect(kind('pgvector/pgvector:pg16')).toBe('postgres');
    expect(kind('supabase/postgres:15.8')).toBe('postgres');
    expect(kind('timescale/timescaledb:latest-pg16')).toBe('postgres');
    expect(kind('supertokens/supertokens-postgresql:11')).toBeNull();
    expect(kind('docker.io/valkey/valkey:9')).toBe('key-value');
    expect(kind('redis:7-alpine')).toBe('key-value');
    expect(kind('mariadb:10.11')).toBe('stateful');
    expect(kind('nginx:1')).toBe('proxy');
  });

  it('flags unpinned and invalid references', () => {
    expect(unpinnedTag(parseImage('nginx')!)).toMatch(/no tag/);
    expect(unpinnedTag(parseImage('mirotalk/sfu:latest')!)).toMatch(/latest/);
    expect(unpinnedTag(parseImage('temporalio/server:')!)).toMatch(/empty tag/);
    expect(unpinnedTag(parseImage('redis@sha256:abc')!)).toBeNull();
    expect(unpinnedTag(parseImage('postgres:16')!)).toBeNull();
    expect(isValidImage(parseImage('apache/airflow:|version|')!)).toBe(false);
    expect(isValidImage(parseImage('Apache/Airflow:2')!)).toBe(false);
    expect(isValidImage(parseImage('apache/airflow:2.10.4')!)).toBe(true);
  });
});

describe('secrets', () => {
  it('detects secret names', () => {
    for (const n of [
      'POSTGRES_PASSWORD',
      'APP_SECRET',
      'API_TOKEN',
      'OPENAI_API_KEY',
      'AWS_ACCESS_KEY_ID',
      'SENTRY_DSN',
      'SALT',
      'DBPASS',
      'REDISPASS',
      'GOTRUE_SMTP_PASS',
      'SECRET_KEY_BASE',
      'PRIVATE_KEY',
      'GCP_CREDENTIALS',
      'ENCRYPTION_SALT_KEYS',
    ]) {
      expect(isSecretName(n), n).toBe(true);
    }
    for (const n of [
      'POSTGRES_USER',
      'POSTGRES_PASSWORD_FILE',
      'MAX_TOKENS',
      'TRACECAT__AUTH_MIN_PASSWORD_LENGTH',
      'AUTH_TYPE',
      'TOKENIZERS_PARALLELISM',
      'KEYCLOAK_URL',
      'API_KEY_HEADER',
      'OAUTH_CLIENT_ID',
      'LOG_LEVEL',
      'BYPASS',
      'REQUIRE_AUTH',
      'PHOENIX_ENABLE_AUTH',
      'REDIS_AUTH',
      'AUTH',
    ]) {
      // AUTH names a setting (REQUIRE_AUTH=false): emptying it as a secret crashes the program.
      expect(isSecretName(n), n).toBe(false);
    }
  });

  it('detects long random strings as secret values, not words, paths or versions', () => {
    expect(isSecretValue('3f9a8c1d2e4b5a6978f0c1d2e3b4a5968778695a4b3c2d1e0f9a8b7c6d5e4f30')).toBe(true);
    expect(isSecretValue('q8Zr3LmT0vXw9Yb2Nc5Kd7Pf1Gh4Js6A')).toBe(true);
    for (const v of [
      'false',
      'otlp_grpc',
      '/app/config.yaml',
      'http://phoenix:4317',
      'version-17.23.0',
      'LANGFUSE_S3_MEDIA_UPLOAD_ENDPOINT_VALUE_X',
      '00000000000000000000000000000000',
    ]) {
      expect(isSecretValue(v), v).toBe(false);
    }
  });

  it('detects secret values: credentials in URLs, JWTs, keys', () => {
    expect(hasUrlCredentials('postgresql://umami:umami@db:5432/umami')).toBe(true);
    expect(hasUrlCredentials('redis://:@redis:6379/0')).toBe(false);
    expect(hasUrlCredentials('http://minio:9000')).toBe(false);
    expect(isSecretValue('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig')).toBe(true);
    expect(isSecretValue('-----BEGIN RSA PRIVATE KEY-----\nabc')).toBe(true);
    expect(isSecretValue('sk-abcdefghijklmnopqrstuv')).toBe(true);
    expect(isSecretValue('info')).toBe(false);
  });

  it('parses connection URLs even with the empty parts unset variables leave', () => {
    expect(parseUrlLoose('postgres://supabase_auth_admin:@:/')).toMatchObject({
      scheme: 'postgres',
      user: 'supabase_auth_admin',
      password: '',
      host: '',
      port: '',
    });
    expect(parseUrlLoose('postgresql+psycopg2://airflow:airflow@postgres/airflow')).toMatchObject({
      scheme: 'postgresql+psycopg2',
      host: 'postgres',
      password: 'airflow',
    });
    expect(parseUrlLoose('not a url')).toBeNull();
  });

  it('replaces secret values in free text with a variable reference', () => {
    expect(redactSecrets('server --requirepass s3cr3t-value --port 1', new Map([['s3cr3t-value', 'REDIS_PASSWORD']]))).toBe(
      'server --requirepass ${REDIS_PASSWORD} --port 1',
    );
    expect(redactSecrets('abc', new Map([['abc', 'SHORT']]))).toBe('abc');
  });
});
