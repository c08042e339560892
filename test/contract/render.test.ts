import { describe, expect, it } from 'vitest';
import { AnswersSchema, type ServiceInput } from '../../src/core/answers.js';
import { estimatePlatform } from '../../src/core/report.js';
import { buildStack } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { render } from '../../src/platforms/render/index.js';
import { fileAt, generateFor, parseGenerated } from '../helpers/generate.js';
import { schemaErrors } from '../helpers/schemas.js';

describe("render.yaml against Render's Blueprint schema", () => {
  it.each([
    ['single-user', {}],
    ['separate databases, no Phoenix', { db: 'separate', phoenix: false }],
    ['multi-user with a domain', { tier: 'multi-user', auth: 'supabase', domain: 'api.example.com', users: 20000 }],
  ] as const)('%s validates', async (_label, answers) => {
    const { files } = await generateFor('render', answers);
    const data = parseGenerated(fileAt(files, 'render.yaml'));
    expect(schemaErrors('render', data)).toEqual([]);
  });
});

describe("render.yaml carries the estimate's sizes", () => {
  it('uses the plans the estimate priced (Starter for 512 MB, Standard where Render has no 1 GB size)', async () => {
    const { files } = await generateFor('render');
    const data = parseGenerated(fileAt(files, 'render.yaml')) as {
      services: { name: string; plan: string; numInstances: number }[];
      databases: { plan: string; diskSizeGB: number }[];
    };
    const plans = Object.fromEntries(data.services.map((s) => [s.name, s.plan]));
    expect(plans).toEqual({ 'reasoning-api': 'starter', 'tools-api': 'starter', litellm: 'standard', phoenix: 'standard' });
    expect(data.databases).toEqual([expect.objectContaining({ plan: 'basic-256mb', diskSizeGB: 5 })]);
  });

  it('asks for secrets with sync: false and never writes a value for them', async () => {
    const { files } = await generateFor('render');
    const data = parseGenerated(fileAt(files, 'render.yaml')) as { services: { envVars: Record<string, unknown>[] }[] };
    const apiToken = data.services[0]!.envVars.find((e) => e.key === 'API_TOKENS');
    expect(apiToken).toEqual({ key: 'API_TOKENS', sync: false });
  });
});

describe('the Render schema check can fail', () => {
  it('rejects a plan Render does not have', async () => {
    const { files } = await generateFor('render');
    const data = parseGenerated(fileAt(files, 'render.yaml')) as { services: { plan: string }[] };
    data.services[0]!.plan = 'mega';
    expect(schemaErrors('render', data).length).toBeGreaterThan(0);
  });
});

type Blueprint = { services: { name: string; type: string; envVars: Record<string, unknown>[] }[] };

describe('wiring in render.yaml and DEPLOY.md', () => {
  it('services others call are private services (pserv), priced as the estimate says', async () => {
    const { files } = await generateFor('render');
    const data = parseGenerated(fileAt(files, 'render.yaml')) as Blueprint;
    expect(Object.fromEntries(data.services.map((s) => [s.name, s.type]))).toEqual({
      'reasoning-api': 'web',
      'tools-api': 'pserv',
      litellm: 'pserv',
      phoenix: 'pserv',
    });
    const book = builtinPriceBook();
    const stack = buildStack(AnswersSchema.parse({}));
    const items = estimatePlatform(render, stack, book, render.resolve(stack, book)).lineItems;
    const litellm = items.find((i) => i.name.startsWith('litellm:'))!;
    expect(litellm.note).toBe('1 instance(s), private service');
    expect(String(litellm.monthly)).toBe('25');
    expect(fileAt(files, 'DEPLOY.md').contents).not.toContain('litellm.onrender.com');
  });

  it('a host or host:port value is fromService; a full URL is entered as DEPLOY.md says', async () => {
    const base = { role: 'api' as const, vcpu: 0.5, memoryMb: 512, instances: 1, usesDatabase: false, optional: false };
    const services: ServiceInput[] = [
      {
        ...base,
        name: 'web',
        image: 'ghcr.io/acme/web:1',
        port: 8080,
        env: [
          { name: 'CACHE_HOST', secret: false, ref: { service: 'cache', form: 'host' } },
          { name: 'CACHE_ADDR', secret: false, ref: { service: 'cache', form: 'host-port' } },
          { name: 'CACHE_ADMIN', secret: false, ref: { service: 'cache', port: 6390, form: 'host-port' } },
          { name: 'CACHE_URL', secret: false, ref: { service: 'cache', form: 'url', scheme: 'http', path: '/v1' } },
        ],
      },
      { ...base, name: 'cache', image: 'ghcr.io/acme/cache:1', port: 6380, ports: [6390], env: [] },
    ];
    const { files } = await generateFor('render', { services });
    const data = parseGenerated(fileAt(files, 'render.yaml')) as Blueprint;
    expect(schemaErrors('render', data)).toEqual([]);
    const env = Object.fromEntries(data.services[0]!.envVars.map((e) => [e.key, e]));
    expect(env.CACHE_HOST).toEqual({ key: 'CACHE_HOST', fromService: { type: 'pserv', name: 'cache', property: 'host' } });
    expect(env.CACHE_ADDR).toEqual({ key: 'CACHE_ADDR', fromService: { type: 'pserv', name: 'cache', property: 'hostport' } });
    expect(env.CACHE_ADMIN).toEqual({ key: 'CACHE_ADMIN', sync: false });
    expect(env.CACHE_URL).toEqual({ key: 'CACHE_URL', sync: false });
    expect(data.services[1]!.envVars).toContainEqual({ key: 'PORT', value: '6380' });
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain('    # web\n    CACHE_ADMIN=<host of cache>:6390\n    CACHE_URL=http://<host of cache>:6380/v1\n');
  });

  it('a port Render keeps for itself is an error', async () => {
    const base = { role: 'api' as const, vcpu: 0.5, memoryMb: 512, instances: 1, usesDatabase: false, optional: false };
    const services: ServiceInput[] = [
      { ...base, name: 'web', image: 'ghcr.io/acme/web:1', port: 8080, env: [{ name: 'B', secret: false, ref: { service: 'back', form: 'url' } }] },
      { ...base, name: 'back', image: 'ghcr.io/acme/back:1', port: 10000, env: [] },
    ];
    const { warnings } = await generateFor('render', { services });
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'render.reserved-port', severity: 'error', service: 'back' }));
  });

  it('each app its own database: the Blueprint creates one, db/databases.sql the others, DEPLOY.md gives the URLs', async () => {
    const { files } = await generateFor('render');
    const yaml = parseGenerated(fileAt(files, 'render.yaml')) as { databases: { name: string; databaseName: string }[] };
    expect(yaml.databases).toEqual([expect.objectContaining({ name: 'postgres', databaseName: 'litellm' })]);
    const sql = fileAt(files, 'db/databases.sql').contents;
    for (const db of ['reasoning_api', 'litellm', 'phoenix']) expect(sql).toContain(`datname = '${db}'`);
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain('REASONING_DATABASE_URL=postgresql+asyncpg://<user:password@host:port of postgres>/reasoning_api');
    expect(deploy).toContain('PHOENIX_SQL_DATABASE_URL=postgresql://<user:password@host:port of postgres>/phoenix');
    expect(deploy).toContain('psql "$EXTERNAL_DATABASE_URL" -f db/databases.sql');
    expect(fileAt(files, 'deploy/litellm.Dockerfile').contents).toContain('COPY ["config/litellm_config.yaml","/app/config.yaml"]');
    expect(deploy).toContain('git add render.yaml deploy/litellm.Dockerfile .env.example DEPLOY.md db/databases.sql ./config/litellm_config.yaml');
  });
});
