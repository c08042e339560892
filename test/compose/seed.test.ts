/**
 * The seed's own compose file (reasoning-api, tools-api, LiteLLM, Phoenix, three Postgres):
 * references become the service graph, called services turn private, values stay as written,
 * each app keeps its own database and driver, config files travel, sizes come from data/images.json.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphLines } from '../../src/commands/import.js';
import { imageRow, imageTable } from '../../src/compose/image-table.js';
import { importCompose } from '../../src/compose/import-compose.js';
import { AnswersSchema } from '../../src/core/answers.js';
import { buildStack } from '../../src/core/stack.js';
import { memoryLoader } from '../helpers/corpus.js';
import { SEED_COMPOSE } from '../helpers/seed-compose.js';

const FILE = '/seed/docker-compose.yml';

async function imp(text = SEED_COMPOSE) {
  return importCompose({ file: FILE, display: 'docker-compose.yml', load: memoryLoader({ [FILE]: text }), env: {}, profiles: [] });
}
const svc = (r: Awaited<ReturnType<typeof imp>>, name: string) => r.source.services.find((s) => s.name === name)!;
const env = (r: Awaited<ReturnType<typeof imp>>, name: string, variable: string) => svc(r, name).env.find((e) => e.name === variable)!;

describe('the seed compose file', () => {
  it('turns every value that names another service into a typed reference, and lists the graph', async () => {
    const r = await imp();
    expect(env(r, 'reasoning-api', 'LITELLM_BASE_URL').ref).toEqual({ service: 'litellm', port: 4000, form: 'url', scheme: 'http' });
    expect(env(r, 'reasoning-api', 'TOOLS_API_URL').ref).toEqual({ service: 'tools-api', port: 8001, form: 'url', scheme: 'http' });
    expect(env(r, 'reasoning-api', 'PHOENIX_COLLECTOR_ENDPOINT').ref).toEqual({ service: 'phoenix', port: 4317, form: 'url', scheme: 'http' });
    expect(env(r, 'litellm', 'OTEL_EXPORTER_OTLP_ENDPOINT').ref).toMatchObject({ service: 'phoenix', port: 4317 });
    expect(graphLines(r)).toEqual(['reasoning-api → litellm:4000, tools-api:8001, phoenix:4317', 'litellm → phoenix:4317']);
    expect(r.links).toContainEqual({ from: 'litellm', variable: 'OTEL_EXPORTER_OTLP_ENDPOINT', to: 'phoenix', port: 4317 });
  });

  it('keeps every port another service uses, and makes called services private', async () => {
    const r = await imp();
    expect(r.services.find((s) => s.name === 'phoenix')!.ports).toEqual([6006, 4317]);
    expect(r.services.map((s) => [s.name, s.public])).toEqual([
      ['reasoning-api', true],
      ['tools-api', false],
      ['litellm', false],
      ['phoenix', false],
    ]);
    const extra = r.warnings.find((w) => w.code === 'compose.extra-ports')!;
    expect(extra.message).not.toContain('not reachable');
    expect(extra.message).toContain('private network');
    const stack = buildStack(AnswersSchema.parse({}), r.source);
    expect(stack.services.filter((s) => s.public).map((s) => s.slug)).toEqual(['reasoning-api']);
    expect(stack.services.find((s) => s.slug === 'phoenix')!.ports).toEqual([6006, 4317]);
  });

  it('keeps values as written: booleans stay literals, defaults are kept, AUTH is no secret', async () => {
    const r = await imp();
    expect(env(r, 'reasoning-api', 'REQUIRE_AUTH')).toEqual({ name: 'REQUIRE_AUTH', secret: false, value: 'false', template: '${REQUIRE_AUTH:-false}' });
    expect(env(r, 'phoenix', 'PHOENIX_ENABLE_AUTH')).toEqual({ name: 'PHOENIX_ENABLE_AUTH', secret: false, value: 'false' });
    expect(env(r, 'litellm', 'OTEL_EXPORTER')).toMatchObject({ secret: false, value: 'otlp_grpc' });
  });

  it('keeps a hard-coded 64-hex secret out, and warns by name and file, never the value', async () => {
    const r = await imp();
    const secret = env(r, 'phoenix', 'PHOENIX_SECRET');
    expect(secret.secret).toBe(true);
    expect(secret.value).toBeUndefined();
    const w = r.warnings.find((x) => x.code === 'compose.committed-secret')!;
    expect(w).toMatchObject({ service: 'phoenix', severity: 'warning' });
    expect(w.message).toContain('PHOENIX_SECRET');
    expect(w.message).toContain('docker-compose.yml');
    expect(JSON.stringify(r)).not.toContain('3f9a8c1d2e4b5a69');
    // The same value read from the environment is not committed: no warning.
    const fromEnv = await imp(SEED_COMPOSE.replace(/PHOENIX_SECRET: \w+/, 'PHOENIX_SECRET: ${PHOENIX_SECRET}'));
    expect(fromEnv.warnings.some((x) => x.code === 'compose.committed-secret')).toBe(false);
  });

  it('keeps the driver scheme and gives each app the database its URL names', async () => {
    const r = await imp();
    expect(env(r, 'reasoning-api', 'REASONING_DATABASE_URL')).toMatchObject({ from: 'database-url', scheme: 'postgresql+asyncpg' });
    expect(env(r, 'litellm', 'DATABASE_URL').scheme).toBeUndefined();
    expect(r.warnings.some((w) => w.code === 'compose.database-url-scheme')).toBe(false);
    const shared = buildStack(AnswersSchema.parse({ db: 'shared' }), r.source);
    // No Postgres container of the seed sets a memory limit: each platform's smallest size (null).
    expect(shared.postgres.instances).toEqual([
      {
        name: 'postgres',
        storageGb: 5,
        memoryMb: null,
        databases: ['reasoning', 'litellm', 'phoenix'],
        usedBy: ['reasoning-api', 'litellm', 'phoenix'],
        version: '16',
      },
    ]);
    // Two apps on one container with different databases get different databases.
    const one = SEED_COMPOSE.replace('@litellm-db:5432/litellm', '@reasoning-db:5432/litellm').replace(
      '@phoenix-db:5432/phoenix',
      '@reasoning-db:5432/phoenix',
    );
    const r2 = await imp(one);
    const s2 = buildStack(AnswersSchema.parse({ db: 'shared' }), r2.source);
    const dbs = s2.services.filter((s) => s.database).map((s) => [s.slug, s.database!.database]);
    expect(dbs).toEqual([
      ['reasoning-api', 'reasoning'],
      ['litellm', 'litellm'],
      ['phoenix', 'phoenix'],
    ]);
  });

  it('carries the bind-mounted config file and keeps command apart from entrypoint', async () => {
    const r = await imp();
    expect(svc(r, 'litellm')).toMatchObject({
      command: '--config /app/config.yaml --port 4000',
      mounts: [{ source: './litellm/config.yaml', target: '/app/config.yaml', readOnly: true }],
    });
    expect(svc(r, 'litellm').entrypoint).toBeUndefined();
    const withEntry = await imp(SEED_COMPOSE.replace('    command: ["--config"', '    entrypoint: ["litellm"]\n    command: ["--config"'));
    expect(svc(withEntry, 'litellm')).toMatchObject({ entrypoint: 'litellm', command: '--config /app/config.yaml --port 4000' });
  });

  it('sizes services without a limit from data/images.json, with the source in the assumption', async () => {
    const r = await imp();
    const litellm = imageRow('ghcr.io/berriai/litellm:main-stable')!;
    const phoenix = imageRow('arizephoenix/phoenix:version-17.23.0')!;
    expect(svc(r, 'litellm').memoryMb).toBe(litellm.memory.recommendedMb);
    expect(svc(r, 'phoenix').memoryMb).toBe(phoenix.memory.recommendedMb);
    expect(r.assumptions.find((a) => a.startsWith('litellm: no memory limit'))).toContain(litellm.source);
    // A limit in the file wins over the table.
    const limited = await imp(
      SEED_COMPOSE.replace('    image: arizephoenix/phoenix:version-17.23.0', '    image: arizephoenix/phoenix:version-17.23.0\n    mem_limit: 1g'),
    );
    expect(svc(limited, 'phoenix').memoryMb).toBe(1024);
  });
});

describe('data/images.json', () => {
  it('validates against data/images.schema.json, and a row without a source does not', () => {
    const Ajv2020 = createRequire(import.meta.url)('ajv/dist/2020').default;
    const root = join(import.meta.dirname, '..', '..');
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(join(root, 'data/images.schema.json'), 'utf8')));
    const table = JSON.parse(readFileSync(join(root, 'data/images.json'), 'utf8'));
    expect(validate(table)).toBe(true);
    delete table.images[0].source;
    expect(validate(table)).toBe(false);
  });

  it("gives every row a source URL and a date, and knows LiteLLM's entrypoint", () => {
    for (const row of imageTable().images) {
      expect(row.source, row.id).toMatch(/^https:\/\//);
      expect(row.asOf, row.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (row.memory.minimumMb !== undefined) expect(row.memory.minimumMb).toBeLessThanOrEqual(row.memory.recommendedMb);
    }
    expect(imageRow('ghcr.io/berriai/litellm@sha256:abc')?.entrypoint).toEqual(['docker/prod_entrypoint.sh']);
    expect(imageRow('acme/unknown:1')).toBeUndefined();
  });

  it('the built-in stack sizes LiteLLM and Phoenix as the table does', async () => {
    const { BUILTIN_SERVICES } = await import('../../src/core/builtin-stack.js');
    for (const s of BUILTIN_SERVICES.filter((x) => x.image)) {
      const row = imageRow(s.image);
      if (row) expect(s.memoryMb, s.name).toBe(row.memory.recommendedMb);
    }
    expect(BUILTIN_SERVICES.filter((s) => imageRow(s.image)).map((s) => s.name)).toEqual(['litellm', 'phoenix']);
  });
});
