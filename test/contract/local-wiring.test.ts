/**
 * The local resolver over the files `generate --platform local` writes: the built-in stack in every
 * layout and tier, the seed compose file, every corpus file and random wired stacks resolve with no
 * problem; hand-broken files (a bare unknown host, a private service published, two apps on one
 * database, an emptied literal, a secret written as a value) are each reported.
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { importCompose } from '../../src/compose/import-compose.js';
import { type AnswersInput, AnswersSchema, type ServiceInput } from '../../src/core/answers.js';
import { buildStack, type StackSource } from '../../src/core/stack.js';
import { readComposeSource } from '../../src/io/read-compose.js';
import { localWiring } from '../../src/platforms/local/wiring.js';
import { checkWiring } from '../../src/platforms/wiring.js';
import { CORPUS_DIR, corpusAvailable, corpusFile, memoryLoader } from '../helpers/corpus.js';
import { generateFor } from '../helpers/generate.js';
import { schemaErrors } from '../helpers/schemas.js';
import { SEED_COMPOSE } from '../helpers/seed-compose.js';

async function problems(answers: AnswersInput, source?: StackSource, repositoryRoot = '.') {
  const result = await generateFor('local', answers, { repositoryRoot }, source);
  const stack = buildStack(AnswersSchema.parse(answers), source);
  return { problems: checkWiring(stack, localWiring(result.files, stack)), files: result.files, stack };
}

async function seedSource(text = SEED_COMPOSE) {
  const r = await importCompose({
    file: '/seed/docker-compose.yml',
    display: 'docker-compose.yml',
    load: memoryLoader({ '/seed/docker-compose.yml': text }),
    env: {},
    profiles: [],
  });
  return r.source;
}

describe('local wiring: the built-in stack', () => {
  const cases: AnswersInput[] = [];
  for (const tier of ['local', 'single-user', 'multi-user'] as const)
    for (const db of ['shared', 'separate'] as const)
      for (const phoenix of [true, false]) for (const domain of [null, 'api.example.com']) cases.push({ tier, db, phoenix, domain });
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s resolves with no problem', async (_name, answers) => {
    const { problems: p } = await problems(answers);
    expect(p).toEqual([]);
  });

  it('really follows the files: reasoning-api reaches litellm:4000 and its own database, Phoenix is private', async () => {
    const answers = { tier: 'local' as const };
    const result = await generateFor('local', answers);
    const stack = buildStack(AnswersSchema.parse(answers));
    const view = localWiring(result.files, stack);
    expect(view.reach('reasoning-api', 'LITELLM_BASE_URL')).toEqual({ kind: 'service', service: 'litellm', port: 4000 });
    expect(view.reach('reasoning-api', 'PHOENIX_COLLECTOR_ENDPOINT')).toEqual({ kind: 'service', service: 'phoenix', port: 4317 });
    expect(view.reach('reasoning-api', 'REASONING_DATABASE_URL')).toEqual({
      kind: 'database',
      instance: 'postgres',
      database: 'reasoning_api',
      schema: 'public',
    });
    expect(view.reach('reasoning-api', 'REQUIRE_AUTH')).toEqual({ kind: 'literal', value: 'true' });
    expect(view.reach('reasoning-api', 'API_TOKENS')).toEqual({ kind: 'secret' });
    expect(view.isPublic('reasoning-api')).toBe(true);
    expect(view.isPublic('phoenix')).toBe(false);
    expect(view.isPublic('litellm')).toBe(false);
    expect(view.privatePorts('phoenix')).toEqual(expect.arrayContaining([6006, 4317]));
  });
});

describe('local wiring: the seed compose file', () => {
  it('resolves, from the folder and with --out deploy, and keeps what the compose file said', async () => {
    const source = await seedSource();
    for (const tier of ['local', 'single-user'] as const) {
      const here = await problems({ tier, compose: 'docker-compose.yml' }, source);
      expect(here.problems).toEqual([]);
      const out = await problems({ tier, compose: 'docker-compose.yml' }, source, '..');
      expect(out.problems).toEqual([]);
    }
    const { files } = await problems({ tier: 'local', compose: 'docker-compose.yml' }, source, '..');
    const compose = files.find((f) => f.path === 'docker-compose.personal.yml')!.contents;
    // Paths from the generated file's folder (deploy/): the build contexts and the config file.
    expect(compose).toContain('context: "../reasoning-api"');
    expect(compose).toContain('source: "../litellm/config.yaml"');
    // The compose file's healthcheck and depends_on condition, the user's host port on 127.0.0.1.
    expect(compose).toMatch(/"reasoning-api":[\s\S]*?healthcheck:\n\s+test: \["CMD", "curl", "-f", "http:\/\/localhost:8000\/health"\]\n\s+interval: "10s"/);
    expect(compose).toMatch(/"litellm":\n\s+condition: "service_started"/);
    expect(compose).toContain('"127.0.0.1:8000:8000"');
    // The Postgres major version of the user's image, the driver scheme, literals as written.
    expect(compose).toContain('image: "postgres:16"');
    expect(compose).toContain('"REASONING_DATABASE_URL": "postgresql+asyncpg://');
    expect(compose).toContain('"REQUIRE_AUTH": "${REQUIRE_AUTH:-false}"');
    expect(compose).toContain('"PHOENIX_ENABLE_AUTH": "false"');
    // The stack's sizes, not a hard 512M for LiteLLM.
    expect(compose).toMatch(/"litellm":[\s\S]*?memory: "2048M"/);
    expect(schemaErrors('compose-spec', YAML.parse(compose))).toEqual([]);
  });

  it('keeps an external volume and a host port published elsewhere', async () => {
    const text = SEED_COMPOSE.replace('ports: ["8000:8000"]', 'ports: ["18000:8000"]')
      .replace('  tools-api:\n    build: ./tools-api', '  tools-api:\n    build: ./tools-api\n    volumes: [tooldata:/data]')
      .replace('volumes:\n  reasoning-data:', 'volumes:\n  reasoning-data:\n  tooldata:\n    external: true');
    const source = await seedSource(text);
    const { problems: p, files } = await problems({ tier: 'local', compose: 'docker-compose.yml' }, source);
    expect(p).toEqual([]);
    const compose = files.find((f) => f.path === 'docker-compose.personal.yml')!.contents;
    expect(compose).toContain('"127.0.0.1:18000:8000"');
    expect(compose).toMatch(/"tooldata":\n\s+external: true/);
    // Still a valid compose file (the compose-spec schema).
    expect(schemaErrors('compose-spec', YAML.parse(compose))).toEqual([]);
    expect(compose).toContain('source: "tooldata"');
  });
});

describe.skipIf(!corpusAvailable)('local wiring: every corpus file', () => {
  const names = corpusAvailable ? readdirSync(CORPUS_DIR).filter((f) => /\.ya?ml$/.test(f)) : [];
  it.each(names)('%s resolves with no problem', async (name) => {
    const source = await readComposeSource(corpusFile(name), {
      profiles: [],
      env: {},
      cwd: CORPUS_DIR,
      readFile: async (p) => (await import('node:fs/promises')).readFile(p, 'utf8'),
    });
    for (const tier of ['local', 'single-user'] as const) {
      const { problems: p } = await problems({ tier, compose: corpusFile(name) }, source);
      expect(p, `${name} (${tier})`).toEqual([]);
    }
  });
});

describe('local wiring: random wired stacks', () => {
  const stackArb = fc.integer({ min: 2, max: 5 }).chain((n) =>
    fc.record({
      ports: fc.array(fc.integer({ min: 1024, max: 9999 }), { minLength: n, maxLength: n }),
      refs: fc.array(fc.record({ from: fc.nat(n - 1), to: fc.nat(n - 1), form: fc.constantFrom('url', 'host-port', 'host'), extra: fc.boolean() }), {
        maxLength: 6,
      }),
      db: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      layout: fc.constantFrom('shared', 'separate'),
      tier: fc.constantFrom('local', 'single-user'),
    }),
  );
  it('every reference resolves, nothing private is published, no two apps share a database', async () => {
    await fc.assert(
      fc.asyncProperty(stackArb, async ({ ports, refs, db, layout, tier }) => {
        const services: ServiceInput[] = ports.map((port, i) => ({
          name: `svc-${i}`,
          role: 'api',
          image: 'ghcr.io/acme/app:1.0',
          port,
          vcpu: 0.5,
          memoryMb: 512,
          instances: 1,
          usesDatabase: db[i]!,
          optional: false,
          env: [{ name: 'FLAG', secret: false, value: 'false' }],
        }));
        refs.forEach((r, k) => {
          if (r.from === r.to) return;
          const port = r.extra ? ports[r.to]! + 1 : undefined;
          services[r.from]!.env.push({
            name: `REF_${k}_HOST`,
            secret: false,
            ref: { service: `svc-${r.to}`, ...(port ? { port } : {}), form: r.form, ...(r.form === 'url' ? { scheme: 'http', path: '/v1' } : {}) },
          });
        });
        const { problems: p } = await problems({ tier, db: layout, services });
        expect(p).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});

describe('local wiring: the resolver is no rubber stamp', () => {
  async function broken(edit: (compose: string) => string, answers: AnswersInput = { tier: 'local' }) {
    const result = await generateFor('local', answers);
    const stack = buildStack(AnswersSchema.parse(answers));
    const files = result.files.map((f) => (f.path.startsWith('docker-compose.') ? { ...f, contents: edit(f.contents) } : f));
    return checkWiring(stack, localWiring(files, stack)).map((p) => `${p.service}${p.variable ? ` ${p.variable}` : ''}: ${p.message}`);
  }
  it('reports a host that is no service name', async () => {
    expect(await broken((c) => c.replace('"http://litellm:4000"', '"http://litellm-proxy:4000"'))).toEqual([
      expect.stringMatching(/^reasoning-api LITELLM_BASE_URL: does not resolve: "litellm-proxy" is no service name/),
    ]);
  });
  it('reports a wrong port', async () => {
    expect(await broken((c) => c.replace('"http://tools-api:8001"', '"http://tools-api:9001"'))).toEqual([
      expect.stringMatching(/TOOLS_API_URL: should reach tools-api:8001 but reaches tools-api:9001/),
    ]);
  });
  it('reports a private service that is published', async () => {
    const out = await broken((c) =>
      c.replace(/("litellm":\n\s+image: [^\n]+\n\s+command: [^\n]+\n\s+restart: [^\n]+\n)/, '$1    ports:\n      - "4000:4000"\n'),
    );
    expect(out).toEqual(['litellm: is private but reachable from the internet']);
  });
  it('reports two apps on one database', async () => {
    const out = await broken((c) => c.replace('@postgres:5432/litellm"', '@postgres:5432/reasoning_api"'));
    expect(out.some((l) => /^litellm DATABASE_URL: should reach database litellm/.test(l))).toBe(true);
  });
  it('reports an emptied literal and a secret written as a value', async () => {
    expect(await broken((c) => c.replace('"REQUIRE_AUTH": "true"', '"REQUIRE_AUTH": "${REQUIRE_AUTH:-}"'))).toEqual([
      'reasoning-api REQUIRE_AUTH: should be the literal "true" but is a secret',
    ]);
    expect(await broken((c) => c.replace('"LITELLM_MASTER_KEY": "${LITELLM_MASTER_KEY:-}"', '"LITELLM_MASTER_KEY": "sk-1234"'))).toEqual([
      'litellm LITELLM_MASTER_KEY: is a secret but the files hold its value',
    ]);
  });
  it('reports a service on another network', async () => {
    const out = await broken((c) => c.replace(/("tools-api":\n(?:\s{4}[^\n]*\n)*?\s+restart: [^\n]+\n)/, '$1    networks: [other]\n'));
    expect(out.some((l) => /TOOLS_API_URL: does not resolve/.test(l))).toBe(true);
  });
});
