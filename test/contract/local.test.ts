import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/app.js';
import type { AppDeps } from '../../src/commands/context.js';
import { ignoresDotEnv } from '../../src/commands/generate.js';
import { type AnswersInput, AnswersSchema, type ServiceInput } from '../../src/core/answers.js';
import { estimateJson, estimatePlatform } from '../../src/core/report.js';
import { buildStack, type StackSource } from '../../src/core/stack.js';
import { UserError } from '../../src/errors.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { DEFAULT_KEEP, LOCAL_POSTGRES_IMAGE } from '../../src/platforms/local/files.js';
import { local } from '../../src/platforms/local/index.js';
import type { RenderedFile } from '../../src/render/render-files.js';
import { acmeServices } from '../helpers/fixtures.js';
import { fileAt, generateFor, parseGenerated } from '../helpers/generate.js';
import { schemaErrors } from '../helpers/schemas.js';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string;
  entrypoint?: string;
  restart?: string;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: { type: string; source: string; target: string; read_only?: boolean }[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  deploy?: { resources: { limits: { memory: string; cpus?: number } } };
}
interface Compose {
  name: string;
  services: Record<string, ComposeService>;
  volumes?: Record<string, object>;
}

const PERSONAL = 'docker-compose.personal.yml';
const PROD = 'docker-compose.prod.yml';
const TOKEN = 'test-token_0123456789abcdefABCDEF';

const customServices: ServiceInput[] = acmeServices({
  memoryMb: 1536,
  env: [
    { name: 'SESSION_KEY', secret: true, value: 's3cr3t-VALUE' },
    { name: 'MODE', secret: false, value: 'prod $HOME' },
  ],
});
const custom: AnswersInput = { name: 'Acme Shop', services: customServices };

const composeOf = (files: readonly RenderedFile[], path: string) => parseGenerated(fileAt(files, path)) as Compose;

function estimateFor(answers: AnswersInput) {
  const book = builtinPriceBook();
  const stack = buildStack(AnswersSchema.parse(answers));
  return estimateJson(estimatePlatform(local, stack, book, local.resolve(stack, book)), false);
}

const scenarios = [
  ['personal', { tier: 'local' }, PERSONAL],
  ['personal, separate databases', { tier: 'local', db: 'separate' }, PERSONAL],
  ['Docker host, single-user with a domain', { tier: 'single-user', domain: 'api.example.com' }, PROD],
  ['Docker host, multi-user without a domain', { tier: 'multi-user', users: 12000 }, PROD],
  ['Docker host, a custom stack', { ...custom, tier: 'single-user' }, PROD],
] as const satisfies readonly (readonly [string, AnswersInput, string])[];

describe('compose files against the compose spec', () => {
  it.each(scenarios)('%s validates', async (_label, answers, path) => {
    const { files } = await generateFor('local', answers);
    expect(schemaErrors('compose-spec', composeOf(files, path))).toEqual([]);
  });

  it('with a key-value store from a compose import', async () => {
    const source: StackSource = {
      kind: 'compose',
      services: [{ ...customServices[1]!, env: [] }],
      postgres: [
        { name: 'db', usedBy: ['worker'] },
        { name: 'analytics', usedBy: ['worker'] },
      ],
      keyValue: [{ name: 'cache', memoryMb: 256, usedBy: ['worker'] }],
    };
    const { files } = await generateFor('local', { tier: 'local' }, {}, source);
    const compose = composeOf(files, PERSONAL);
    expect(schemaErrors('compose-spec', compose)).toEqual([]);
    expect(compose.services.cache).toMatchObject({ image: 'valkey/valkey:8', deploy: { resources: { limits: { memory: '256M' } } } });
    expect(compose.services.worker!.environment!.REDIS_URL).toBe('redis://cache:6379/0');
    expect(compose.services.worker!.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, cache: { condition: 'service_healthy' } });
    // The shared layout puts both imported databases in one container: the second is created by an init script.
    expect(compose.services.postgres!.volumes).toContainEqual({
      type: 'bind',
      source: './db/postgres-databases.sql',
      target: '/docker-entrypoint-initdb.d/10-databases.sql',
      read_only: true,
    });
    expect(fileAt(files, 'db/postgres-databases.sql').contents).toContain('CREATE DATABASE "analytics";');
    expect(fileAt(files, 'scripts/backup.sh').contents).toMatch(/dump postgres db\ndump postgres analytics\n/);
  });

  it('rejects a broken compose file (the check can fail)', async () => {
    const { files } = await generateFor('local', { tier: 'local' });
    const compose = composeOf(files, PERSONAL);
    const api = compose.services['reasoning-api']!;
    expect(schemaErrors('compose-spec', { ...compose, services: { ...compose.services, 'reasoning-api': { ...api, ports: 8000 } } }).length).toBeGreaterThan(0);
    expect(
      schemaErrors('compose-spec', { ...compose, services: { ...compose.services, 'reasoning-api': { ...api, replicas_please: 2 } } }).length,
    ).toBeGreaterThan(0);
    expect(
      schemaErrors('compose-spec', {
        ...compose,
        services: { ...compose.services, 'reasoning-api': { ...api, depends_on: { postgres: { condition: 'service_ready' } } } },
      }).length,
    ).toBeGreaterThan(0);
  });
});

describe('local personal (tier local)', () => {
  it('writes its own compose file beside yours, a Makefile, the scripts and the common files', async () => {
    const { files } = await generateFor('local', { tier: 'local' });
    // One Postgres holds the three apps' databases: its init script creates the two beyond POSTGRES_DB.
    expect(files.map((f) => f.path)).toEqual([
      PERSONAL,
      'Makefile',
      'scripts/backup.sh',
      'scripts/restore.sh',
      'db/postgres-databases.sql',
      '.env.example',
      'DEPLOY.md',
    ]);
    expect(fileAt(files, 'scripts/backup.sh').mode).toBe(0o755);
    expect(fileAt(files, 'scripts/restore.sh').mode).toBe(0o755);
  });

  it("runs every service with memory limits equal to the stack's sizes (the estimate's sizing)", async () => {
    const answers: AnswersInput = { tier: 'local' };
    const compose = composeOf((await generateFor('local', answers)).files, PERSONAL);
    const sizing = estimateFor(answers).sizing;
    const stack = buildStack(AnswersSchema.parse(answers));
    for (const s of stack.services) {
      expect(compose.services[s.slug]!.deploy!.resources.limits.memory, s.slug).toBe(`${s.memoryMb}M`);
      expect(sizing.find((z) => z.service === s.slug)!.size).toBe(`${s.memoryMb} MB limit`);
    }
    expect(compose.services['reasoning-api']!.deploy!.resources.limits.cpus).toBeUndefined();
  });

  it('publishes public ports on 127.0.0.1 only, keeps private ones closed, and wires Postgres', async () => {
    const compose = composeOf((await generateFor('local', { tier: 'local' })).files, PERSONAL);
    expect(compose.name).toBe('reasoning-stack-personal');
    const api = compose.services['reasoning-api']!;
    expect(api.ports).toEqual(['127.0.0.1:8000:8000']);
    expect(api.build).toEqual({ context: './reasoning-api' });
    // Called by reasoning-api, so private: nothing published.
    expect(compose.services.litellm!.ports).toBeUndefined();
    expect(compose.services['tools-api']!.ports).toBeUndefined();
    expect(compose.services.phoenix!.ports).toBeUndefined();
    // References are the service names; literals stay; the database URL keeps the asyncpg driver.
    expect(api.environment).toEqual({
      API_TOKENS: '${API_TOKENS:?set API_TOKENS in .env}',
      REQUIRE_AUTH: 'true',
      REASONING_DATABASE_URL: 'postgresql+asyncpg://postgres:${POSTGRES_PASSWORD}@postgres:5432/reasoning_api',
      LITELLM_BASE_URL: 'http://litellm:4000',
      LITELLM_API_KEY: '${LITELLM_API_KEY:-}',
      TOOLS_API_URL: 'http://tools-api:8001',
      PHOENIX_COLLECTOR_ENDPOINT: 'http://phoenix:4317',
      LOG_LEVEL: 'info',
    });
    expect(compose.services.litellm!.environment!.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://phoenix:4317');
    expect(compose.services.phoenix!.environment).toEqual({
      PHOENIX_SQL_DATABASE_URL: 'postgresql://postgres:${POSTGRES_PASSWORD}@postgres:5432/phoenix',
      PHOENIX_ENABLE_AUTH: 'false',
    });
    // LiteLLM's config file stays a bind mount; its command keeps the image's entrypoint.
    expect(compose.services.litellm!.volumes).toEqual([{ type: 'bind', source: './config/litellm_config.yaml', target: '/app/config.yaml', read_only: true }]);
    expect(compose.services.litellm!.command).toBe('--config /app/config.yaml --port 4000');
    expect(compose.services.litellm!.entrypoint).toBeUndefined();
    expect(api.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(api.restart).toBe('unless-stopped');
    const pg = compose.services.postgres!;
    expect(pg.image).toBe(LOCAL_POSTGRES_IMAGE);
    expect(pg.environment).toEqual({
      POSTGRES_USER: 'postgres',
      POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}',
      POSTGRES_DB: 'reasoning_api',
    });
    expect(pg.volumes).toEqual([
      { type: 'volume', source: 'postgres-data', target: '/var/lib/postgresql/data' },
      { type: 'bind', source: './db/postgres-databases.sql', target: '/docker-entrypoint-initdb.d/10-databases.sql', read_only: true },
    ]);
    expect(pg.healthcheck!.test).toEqual(['CMD-SHELL', 'pg_isready -U postgres -d reasoning_api']);
    // Phoenix keeps its data in its own database, not on a volume.
    expect(compose.services.phoenix!.volumes).toBeUndefined();
    expect(Object.keys(compose.volumes!)).toEqual(['postgres-data']);
  });

  it('follows the separate layout: one Postgres container per instance, each service pointed at its own', async () => {
    const { files } = await generateFor('local', { tier: 'local', db: 'separate' });
    const compose = composeOf(files, PERSONAL);
    expect(Object.keys(compose.services)).toEqual(['reasoning-api', 'tools-api', 'litellm', 'phoenix', 'reasoning-api-db', 'litellm-db', 'phoenix-db']);
    expect(compose.services.litellm!.environment!.DATABASE_URL).toBe('postgresql://postgres:${POSTGRES_PASSWORD}@litellm-db:5432/litellm');
    expect(compose.services.litellm!.depends_on).toEqual({ 'litellm-db': { condition: 'service_healthy' } });
    expect(compose.services['litellm-db']!.environment!.POSTGRES_DB).toBe('litellm');
    // tools-api uses no database.
    expect(compose.services['tools-api']!.depends_on).toBeUndefined();
    expect(files.some((f) => f.path.startsWith('db/'))).toBe(false);
  });

  it('escapes $ in literal values so compose does not interpolate them', async () => {
    const { files } = await generateFor('local', { ...custom, tier: 'local' });
    const compose = composeOf(files, PERSONAL);
    expect(compose.services.api!.environment!.MODE).toBe('prod $$HOME');
  });
});

describe('the Makefile and the scripts', () => {
  it('has help and the four personal targets, and make can read it', async () => {
    const { files } = await generateFor('local', { tier: 'local' });
    const makefile = fileAt(files, 'Makefile').contents;
    for (const target of ['help', 'personal_up', 'personal_down', 'personal_backup', 'personal_restore']) {
      expect(makefile).toMatch(new RegExp(`^${target}:`, 'm'));
    }
    expect(makefile).toMatch(/^\tCOMPOSE_FILE=\$\(COMPOSE_FILE\) KEEP=\$\(KEEP\) bash scripts\/backup\.sh$/m);
    const dir = writeTree(files);
    const help = execFileSync('make', ['--no-print-directory', '-C', dir, 'help'], { encoding: 'utf8' });
    expect(help).toContain('personal_backup');
    expect(execFileSync('make', ['--no-print-directory', '-C', dir, '-n', 'personal_up'], { encoding: 'utf8' })).toContain(
      'docker compose -f docker-compose.personal.yml up -d --build',
    );
  });

  it('uses prod_* targets on a Docker host', async () => {
    const { files } = await generateFor('local', { tier: 'single-user' });
    const makefile = fileAt(files, 'Makefile').contents;
    for (const target of ['help', 'prod_up', 'prod_down', 'prod_backup', 'prod_restore']) expect(makefile).toMatch(new RegExp(`^${target}:`, 'm'));
    expect(makefile).toContain('COMPOSE_FILE := docker-compose.prod.yml');
  });

  it('backup.sh is valid bash, dumps each database and carries the cron line', async () => {
    const { files } = await generateFor('local', { tier: 'local', db: 'separate' });
    const script = fileAt(files, 'scripts/backup.sh').contents;
    expect(script.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    expect(script).toContain('set -euo pipefail');
    expect(script).toContain('docker compose -f "$compose_file" exec -T "$service"');
    expect(script).toContain(`default_keep=${DEFAULT_KEEP}`);
    expect(script).toMatch(/dump reasoning-api-db reasoning_api\ndump litellm-db litellm\ndump phoenix-db phoenix\n/);
    expect(script).toContain('#   0 3 * * * cd /path/to/project && mkdir -p backups && make personal_backup >> backups/backup.log 2>&1');
    const dir = writeTree(files);
    execFileSync('bash', ['-n', join(dir, 'scripts/backup.sh')]);
    execFileSync('bash', ['-n', join(dir, 'scripts/restore.sh')]);
  });

  it('backup.sh writes dated, gzipped dumps of each database and keeps the newest KEEP (run with a fake docker and date)', async () => {
    const { files } = await generateFor('local', { tier: 'local', db: 'separate', phoenix: false });
    const dir = writeTree(files);
    const bin = fakeBin(dir);
    const envFor = (stamp: string, keep?: string) => ({
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      FAKE_DATE: stamp,
      ...(keep ? { KEEP: keep } : {}),
    });
    for (let day = 1; day <= 16; day += 1) {
      execFileSync('bash', [join(dir, 'scripts/backup.sh')], { env: envFor(`2026-01-${String(day).padStart(2, '0')}_030000`), stdio: 'pipe' });
    }
    const dumps = readdirSync(join(dir, 'backups')).sort();
    for (const db of ['reasoning_api', 'litellm']) {
      const mine = dumps.filter((d) => d.includes(`__${db}__`));
      expect(mine, db).toHaveLength(DEFAULT_KEEP);
      // The oldest two went; the newest stayed.
      expect(mine[0]).toContain('2026-01-03_030000');
      expect(mine.at(-1)).toContain('2026-01-16_030000');
    }
    expect(dumps.filter((d) => d.includes('__reasoning_api__'))[0]).toBe('reasoning-api-db__reasoning_api__2026-01-03_030000.sql.gz');
    const content = execFileSync('gunzip', ['-c', join(dir, 'backups', 'litellm-db__litellm__2026-01-16_030000.sql.gz')], { encoding: 'utf8' });
    // backup.sh's own first line names the service and database (restore.sh restores there), then pg_dump's output.
    expect(content).toBe(
      '-- stackfare backup: service=litellm-db database=litellm date=2026-01-16_030000\n-- PostgreSQL database dump\n-- dump of litellm from litellm-db by postgres\n-- PostgreSQL database dump complete\n',
    );
    execFileSync('bash', [join(dir, 'scripts/backup.sh')], { env: envFor('2026-01-17_030000', '3'), stdio: 'pipe' });
    expect(readdirSync(join(dir, 'backups')).filter((d) => d.includes('__litellm__'))).toEqual([
      'litellm-db__litellm__2026-01-15_030000.sql.gz',
      'litellm-db__litellm__2026-01-16_030000.sql.gz',
      'litellm-db__litellm__2026-01-17_030000.sql.gz',
    ]);
    expect(() => execFileSync('bash', [join(dir, 'scripts/backup.sh')], { env: envFor('2026-01-18_030000', 'many'), stdio: 'pipe' })).toThrow();
  });

  it('restore.sh feeds a dump to psql in its own container, and refuses files that are not its dumps', async () => {
    const { files } = await generateFor('local', { tier: 'local' });
    const dir = writeTree(files);
    const bin = fakeBin(dir);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, FAKE_DATE: '2026-02-01_030000', YES: '1' };
    execFileSync('bash', [join(dir, 'scripts/backup.sh')], { env, stdio: 'pipe' });
    const out = execFileSync('bash', [join(dir, 'scripts/restore.sh'), 'backups/postgres__litellm__2026-02-01_030000.sql.gz'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    // The dump goes into a fresh database beside litellm, swapped in once it has all gone in.
    expect(out).toMatch(
      /restore into litellm__restore_\d+ in postgres: -- stackfare backup: service=postgres database=litellm date=2026-02-01_030000\n-- PostgreSQL database dump\n-- dump of litellm from postgres by postgres/,
    );
    expect(out).toContain('Restored litellm from');
    writeFileSync(join(dir, 'other.sql.gz'), '');
    expect(() => execFileSync('bash', [join(dir, 'scripts/restore.sh'), join(dir, 'other.sql.gz')], { env, stdio: 'pipe' })).toThrow();
  });
});

describe('the Docker host (hosted tiers on platform local)', () => {
  it('restarts services, limits memory and CPU, and publishes only Caddy when there is a domain', async () => {
    const answers: AnswersInput = { tier: 'single-user', domain: 'api.example.com' };
    const { files } = await generateFor('local', answers);
    const compose = composeOf(files, PROD);
    expect(compose.name).toBe('reasoning-stack');
    const stack = buildStack(AnswersSchema.parse(answers));
    for (const s of stack.services) {
      const c = compose.services[s.slug]!;
      expect(c.restart).toBe('unless-stopped');
      expect(c.deploy!.resources.limits).toEqual({ memory: `${s.memoryMb}M`, cpus: s.vcpu });
      expect(c.ports, s.slug).toBeUndefined();
    }
    expect(compose.services.caddy!.ports).toEqual(['80:80', '443:443', '443:443/udp']);
    expect(compose.services.caddy!.volumes![0]).toEqual({ type: 'bind', source: './Caddyfile', target: '/etc/caddy/Caddyfile', read_only: true });
    const caddyfile = fileAt(files, 'Caddyfile').contents;
    expect(caddyfile).toContain('api.example.com {');
    // Only the public entry is routed: tools-api, LiteLLM and Phoenix are private.
    expect(caddyfile).not.toContain('reverse_proxy tools-api');
    expect(caddyfile).not.toContain('reverse_proxy litellm');
    expect(caddyfile).not.toContain('reverse_proxy phoenix');
    expect(caddyfile).toContain('\thandle {\n\t\treverse_proxy reasoning-api:8000\n\t}');
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain('make prod_up');
    expect(deploy).toContain('curl -fsS https://api.example.com/health');
  });

  it('without a domain, binds public ports to 127.0.0.1 and writes no Caddyfile', async () => {
    const { files } = await generateFor('local', { tier: 'multi-user' });
    const compose = composeOf(files, PROD);
    expect(compose.services['reasoning-api']!.ports).toEqual(['127.0.0.1:8000:8000']);
    expect(compose.services.caddy).toBeUndefined();
    expect(files.some((f) => f.path === 'Caddyfile')).toBe(false);
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('SSH tunnel');
    // The multi-user checklist and the auth provider's variables come along.
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('## Multi-user checklist');
    expect(compose.services['reasoning-api']!.environment!.CLERK_SECRET_KEY).toBe('${CLERK_SECRET_KEY:-}');
  });
});

describe('.env and secrets', () => {
  it('writes .env only with writeEnv, with the token, each name once and no other value', async () => {
    const without = await generateFor('local', { tier: 'local' });
    expect(without.files.some((f) => f.path === '.env')).toBe(false);
    for (const f of without.files) expect(f.contents).not.toContain(TOKEN);

    const withEnv = await generateFor('local', { tier: 'local' }, { writeEnv: true, apiToken: TOKEN });
    const envFile = fileAt(withEnv.files, '.env');
    expect(envFile.mode).toBe(0o600);
    const lines = envFile.contents.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines).toEqual(['POSTGRES_PASSWORD=', `API_TOKENS=${TOKEN}`, 'LITELLM_API_KEY=', 'LITELLM_MASTER_KEY=', 'OPENAI_API_KEY=', 'ANTHROPIC_API_KEY=']);
    for (const f of withEnv.files.filter((x) => x.path !== '.env')) expect(f.contents, f.path).not.toContain(TOKEN);
    // Every other file is the same with or without --write-env, so a later run has no conflict.
    expect(withEnv.files.filter((x) => x.path !== '.env')).toEqual(without.files);
  });

  it('never writes a secret value of the stack, in either shape', async () => {
    for (const tier of ['local', 'single-user'] as const) {
      const { files } = await generateFor('local', { ...custom, tier }, { writeEnv: true, apiToken: TOKEN });
      for (const f of files) expect(f.contents, `${tier} ${f.path}`).not.toContain('s3cr3t-VALUE');
      const compose = composeOf(files, tier === 'local' ? PERSONAL : PROD);
      expect(compose.services.api!.environment!.SESSION_KEY).toBe('${SESSION_KEY:-}');
      expect(compose.services.worker!.environment!.WORKER_TOKEN).toBe('${WORKER_TOKEN:-}');
    }
  });

  it('lists the Postgres password among the secrets of .env.example and DEPLOY.md', async () => {
    const { files } = await generateFor('local', { tier: 'local' });
    expect(fileAt(files, '.env.example').contents).toContain('POSTGRES_PASSWORD=');
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('- `postgres`: `POSTGRES_PASSWORD`');
  });

  it('knows when a .gitignore ignores .env', () => {
    expect(ignoresDotEnv('node_modules\n.env\n')).toBe(true);
    expect(ignoresDotEnv('/.env')).toBe(true);
    expect(ignoresDotEnv('.env*\n')).toBe(true);
    expect(ignoresDotEnv('*.env')).toBe(true);
    expect(ignoresDotEnv('# .env\nnode_modules/')).toBe(false);
    expect(ignoresDotEnv('.env/')).toBe(false);
    expect(ignoresDotEnv('.env.local')).toBe(false);
    expect(ignoresDotEnv('.env\n!.env')).toBe(false);
    expect(ignoresDotEnv('config/.env')).toBe(false);
  });
});

describe('tricky names and values', () => {
  it('still parse, keep the values and validate', async () => {
    const tricky: AnswersInput = {
      tier: 'local',
      name: 'Ünïcode "Shop" {{x}} $HOME',
      services: [
        {
          name: 'we"ird {{name}} $x ünï',
          image: 'ghcr.io/acme/app:1',
          command: 'sh -c "echo \'hi\' $HOME"\nexit 0',
          port: 3000,
          memoryMb: 512,
          usesDatabase: true,
          volume: { sizeGb: 1, mountPath: '/data "x":$y' },
          env: [
            { name: 'GREETING', value: 'say "hi" \\ back\nnew line {{x}} ${y} ✓' },
            { name: 'TOKEN', secret: true },
          ],
        },
        { name: 'postgres', build: { context: "./it's here", dockerfile: 'Docker"file' }, port: 9000, memoryMb: 256, public: false },
      ],
    };
    const { files } = await generateFor('local', tricky);
    const compose = composeOf(files, PERSONAL);
    expect(schemaErrors('compose-spec', compose)).toEqual([]);
    const first = Object.values(compose.services)[0]!;
    expect(first.environment!.GREETING).toBe('say "hi" \\ back\nnew line {{x}} $${y} ✓');
    expect(first.command).toBe('sh -c "echo \'hi\' $$HOME"\nexit 0');
    expect(first.volumes).toEqual([{ type: 'volume', source: 'we-ird-name-x-uni-data', target: '/data "x":$$y' }]);
    // The user's service named postgres keeps its name; the database container moves aside.
    expect(compose.services.postgres!.build).toEqual({ context: "./it's here", dockerfile: 'Docker"file' });
    expect(compose.services['postgres-pg']!.image).toBe(LOCAL_POSTGRES_IMAGE);
    expect(first.environment!.DATABASE_URL).toContain('@postgres-pg:5432/');
    const dir = writeTree(files);
    execFileSync('bash', ['-n', join(dir, 'scripts/backup.sh')]);
    execFileSync('make', ['--no-print-directory', '-C', dir, 'help'], { encoding: 'utf8' });
  });
});

describe('every generated file', () => {
  it('starts with the header (after the shebang of a script)', async () => {
    const { files } = await generateFor('local', { tier: 'single-user', domain: 'api.example.com' }, { writeEnv: true, apiToken: TOKEN });
    for (const f of files) {
      const lines = f.contents.split('\n');
      const first = lines[0]!.startsWith('#!') ? lines[1]! : lines[0]!;
      expect(first, f.path).toMatch(/Generated by stackfare .* from the price book of \d{4}-\d{2}-\d{2}/);
    }
  });

  it('lists 2 to 4 short next steps', async () => {
    for (const tier of ['local', 'single-user'] as const) {
      const { nextSteps } = await generateFor('local', { tier });
      expect(nextSteps.length).toBeGreaterThanOrEqual(2);
      expect(nextSteps.length).toBeLessThanOrEqual(4);
    }
  });
});

describe('stackfare generate --platform local, on disk', () => {
  function deps(cwd: string) {
    const out: string[] = [];
    const err: string[] = [];
    const d: AppDeps = {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => err.push(s) },
      stdin: process.stdin,
      env: {},
      cwd,
      readFile: (path) => readFile(path, 'utf8'),
    };
    return { deps: d, out, err };
  }

  it('writes the files, refuses to overwrite a changed one without --force, and --dry-run writes nothing', async () => {
    const cwd = tempDir();
    const out = join(cwd, 'out');
    const first = deps(cwd);
    expect(await run(['generate', '--platform', 'local', '--tier', 'local', '--out', out], first.deps)).toBe(0);
    for (const p of [PERSONAL, 'Makefile', 'scripts/backup.sh', 'scripts/restore.sh', '.env.example', 'DEPLOY.md', 'db/postgres-databases.sql']) {
      expect(existsSync(join(out, p)), p).toBe(true);
    }
    expect(statSync(join(out, 'scripts/backup.sh')).mode & 0o777).toBe(0o755);
    expect(existsSync(join(out, '.env'))).toBe(false);
    expect(first.out.join('')).toContain('Next steps:');

    writeFileSync(join(out, 'Makefile'), 'mine\n');
    rmSync(join(out, 'DEPLOY.md'));
    const second = deps(cwd);
    const error = await run(['generate', '--platform', 'local', '--tier', 'local', '--out', out], second.deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toContain('out/Makefile');
    expect(readFileSync(join(out, 'Makefile'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(out, 'DEPLOY.md'))).toBe(false);

    const dry = deps(cwd);
    expect(await run(['generate', '--platform', 'local', '--tier', 'local', '--out', out, '--dry-run'], dry.deps)).toBe(0);
    const listing = dry.out.join('');
    expect(listing).toContain('Dry run: nothing written.');
    expect(listing).toMatch(/changed\s+Makefile/);
    expect(listing).toMatch(/new\s+DEPLOY\.md/);
    expect(listing).toMatch(/unchanged\s+docker-compose\.personal\.yml/);
    expect(readFileSync(join(out, 'Makefile'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(out, 'DEPLOY.md'))).toBe(false);

    expect(await run(['generate', '--platform', 'local', '--tier', 'local', '--out', out, '--force'], deps(cwd).deps)).toBe(0);
    expect(readFileSync(join(out, 'Makefile'), 'utf8')).toContain('personal_up:');
  });

  it('--write-env writes a git-ignored .env with a fresh token, and guards an existing .env or .gitignore', async () => {
    const cwd = tempDir();
    const args = ['generate', '--platform', 'local', '--tier', 'local', '--out', cwd, '--write-env'];
    expect(await run(args, deps(cwd).deps)).toBe(0);
    const envText = readFileSync(join(cwd, '.env'), 'utf8');
    const token = /^API_TOKENS=([A-Za-z0-9_-]{40,})$/m.exec(envText)?.[1];
    expect(token).toBeDefined();
    expect(statSync(join(cwd, '.env')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(cwd, '.gitignore'), 'utf8')).toMatch(/^\.env$/m);
    for (const name of readdirSync(cwd, { recursive: true }) as string[]) {
      const path = join(cwd, name);
      if (name !== '.env' && statSync(path).isFile()) expect(readFileSync(path, 'utf8'), name).not.toContain(token!);
    }

    // A later run without the flag finds every file unchanged and leaves .env alone.
    const plain = deps(cwd);
    expect(await run(['generate', '--platform', 'local', '--tier', 'local', '--out', cwd], plain.deps)).toBe(0);
    expect(plain.out.join('')).not.toMatch(/created|overwritten/);
    expect(readFileSync(join(cwd, '.env'), 'utf8')).toBe(envText);

    // A second --write-env never replaces the .env.
    const again = await run(args, deps(cwd).deps).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(UserError);
    expect((again as UserError).message).toContain('.env exists');
    expect(readFileSync(join(cwd, '.env'), 'utf8')).toBe(envText);

    // A .gitignore that does not ignore .env stops the run before anything is written.
    const other = tempDir();
    writeFileSync(join(other, '.gitignore'), 'node_modules/\n');
    const refused = await run(['generate', '--platform', 'local', '--tier', 'local', '--out', other, '--write-env'], deps(other).deps).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).message).toContain('does not ignore .env');
    expect(readdirSync(other)).toEqual(['.gitignore']);

    // --write-env is for the local platform only.
    const usage = await run(['generate', '--platform', 'render', '--out', other, '--write-env'], deps(other).deps).catch((e: unknown) => e);
    expect(usage).toBeInstanceOf(UserError);
  });
});

// ---- helpers ----------------------------------------------------------------------------

const temps: string[] = [];
afterEach(() => {
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackfare-local-'));
  temps.push(dir);
  return dir;
}

/** Writes rendered files into a fresh folder, with their modes. */
function writeTree(files: readonly RenderedFile[]): string {
  const dir = tempDir();
  for (const f of files) {
    const path = join(dir, f.path);
    execFileSync('mkdir', ['-p', join(path, '..')]);
    writeFileSync(path, f.contents);
    if (f.mode !== undefined) chmodSync(path, f.mode);
  }
  return dir;
}

/**
 * A fake `docker` (compose exec -T SERVICE pg_dump ... DB prints a line; psql echoes its input)
 * and a fake `date` (prints $FAKE_DATE), so the scripts run without Docker or a clock.
 */
function fakeBin(dir: string): string {
  const bin = join(dir, '.fake-bin');
  execFileSync('mkdir', ['-p', bin]);
  writeFileSync(
    join(bin, 'docker'),
    [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      '[ "$1" = compose ] && [ "$2" = -f ] && [ "$4" = exec ] && [ "$5" = -T ] || { echo "unexpected: $*" >&2; exit 2; }',
      'service="$6"; tool="$7"; shift 7',
      'case "$tool" in',
      '  pg_dump) user=""; for a in "$@"; do case "$a" in --username=*) user="${a#--username=}" ;; esac; db="$a"; done; echo "-- PostgreSQL database dump"; echo "-- dump of $db from $service by $user"; echo "-- PostgreSQL database dump complete" ;;',
      '  psql) db=""; for a in "$@"; do case "$a" in --dbname=*) db="${a#--dbname=}" ;; esac; done; echo "restore into $db in $service: $(cat)" ;;',
      '  *) echo "unexpected tool $tool" >&2; exit 2 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  writeFileSync(join(bin, 'date'), '#!/usr/bin/env bash\necho "$FAKE_DATE"\n');
  chmodSync(join(bin, 'docker'), 0o755);
  chmodSync(join(bin, 'date'), 0o755);
  return bin;
}
