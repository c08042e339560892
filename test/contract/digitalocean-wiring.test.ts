/**
 * DigitalOcean's generated app spec runs: the resolver reads .do/app.yaml back and, by App
 * Platform's rules, every reference reaches a component on its http_port or internal_ports, no
 * private service has an ingress rule, every app binds its own database, and no literal became a
 * secret. Over the built-in stack (both layouts, both tiers, with and without Phoenix, managed and
 * dev databases), every corpus compose file and random stacks with random references. Then the
 * resolver is fed broken specs and must report each fault.
 */

import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { importCompose } from '../../src/compose/import-compose.js';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import { estimateJson, estimatePlatform } from '../../src/core/report.js';
import { buildStack, type Stack, type StackSource } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { digitalocean } from '../../src/platforms/digitalocean/index.js';
import { digitalOceanWiring } from '../../src/platforms/digitalocean/wiring.js';
import { checkWiring, type WiringProblem } from '../../src/platforms/wiring.js';
import type { RenderedFile } from '../../src/render/render-files.js';
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFile, diskLoader, leftToPlatform } from '../helpers/corpus.js';
import { fileAt, generateFor, parseGenerated } from '../helpers/generate.js';
import { fileErrors } from '../helpers/validate-files.js';
import { randomWiredStack } from '../helpers/wired-stacks.js';

async function wiringOf(answers: AnswersInput, source?: StackSource) {
  const { files, warnings } = await generateFor('digitalocean', answers, {}, source);
  const stack = buildStack(AnswersSchema.parse(answers), source);
  return { files, stack, warnings, problems: checkWiring(stack, digitalOceanWiring(files, stack)) };
}

interface Spec {
  services: { name: string; http_port?: number; internal_ports?: number[]; envs?: { key: string; value?: string; type?: string }[] }[];
  ingress?: { rules: { match: { path: { prefix: string } }; component: { name: string; preserve_path_prefix?: boolean } }[] };
  databases?: { name: string; cluster_name?: string; db_name?: string }[];
}
const specOf = (files: readonly RenderedFile[]) => parseGenerated(fileAt(files, '.do/app.yaml')) as Spec;
const envOf = (spec: Spec, component: string) =>
  Object.fromEntries((spec.services.find((s) => s.name === component)?.envs ?? []).map((e) => [e.key, e.value ?? `(${e.type ?? 'unset'})`]));

const builtins: [string, AnswersInput][] = [];
for (const db of ['shared', 'separate'] as const)
  for (const tier of ['single-user', 'multi-user'] as const)
    for (const phoenix of [true, false]) builtins.push([`${db}, ${tier}, ${phoenix ? 'with' : 'without'} Phoenix`, { db, tier, phoenix }]);
// 3 GB over the three app databases of the shared instance: 1 GB in each dev database, its limit.
builtins.push(['dev databases', { postgres: 'dev', dbStorageGb: 3 }]);
builtins.push(['Phoenix made public', { public: ['phoenix'] }]);
builtins.push(['tools-api made public, reasoning-api private', { public: ['tools-api'], private: ['reasoning-api'] }]);

describe('DigitalOcean wiring of the built-in stack', () => {
  it.each(builtins)('%s: every reference, database, literal and exposure holds', async (_label, answers) => {
    const { problems, files } = await wiringOf(answers);
    expect(problems).toEqual([]);
    expect(fileErrors(files)).toEqual([]);
  });

  it('calls components by name on their ports, keeps literals and composes the asyncpg URL from bindable parts', async () => {
    const { files } = await wiringOf({});
    const spec = specOf(files);
    expect(envOf(spec, 'reasoning-api')).toMatchObject({
      LITELLM_BASE_URL: 'http://litellm:4000',
      TOOLS_API_URL: 'http://tools-api:8001',
      PHOENIX_COLLECTOR_ENDPOINT: 'http://phoenix:4317',
      REQUIRE_AUTH: 'true',
      API_TOKENS: '(SECRET)',
      REASONING_DATABASE_URL:
        'postgresql+asyncpg://${postgres-reasoning-api.USERNAME}:${postgres-reasoning-api.PASSWORD}@${postgres-reasoning-api.HOSTNAME}:${postgres-reasoning-api.PORT}/${postgres-reasoning-api.DATABASE}?ssl=require',
    });
    expect(envOf(spec, 'litellm')).toMatchObject({ DATABASE_URL: '${postgres-litellm.DATABASE_URL}', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://phoenix:4317' });
    expect(envOf(spec, 'phoenix')).toMatchObject({ PHOENIX_SQL_DATABASE_URL: '${postgres-phoenix.DATABASE_URL}', PHOENIX_ENABLE_AUTH: 'false' });
  });

  it('routes only reasoning-api; the private services have internal_ports with every used port and no http_port', async () => {
    const spec = specOf((await wiringOf({})).files);
    expect(spec.ingress!.rules.map((r) => r.component.name)).toEqual(['reasoning-api']);
    const byName = Object.fromEntries(spec.services.map((s) => [s.name, s]));
    expect(byName['tools-api']).toMatchObject({ internal_ports: [8001] });
    expect(byName.litellm).toMatchObject({ internal_ports: [4000] });
    expect(byName.phoenix).toMatchObject({ internal_ports: [6006, 4317] });
    for (const n of ['tools-api', 'litellm', 'phoenix']) expect(byName[n]!.http_port).toBeUndefined();
  });

  it('serves a public Phoenix under /phoenix with the prefix kept and its root path set, 4317 still internal', async () => {
    const spec = specOf((await wiringOf({ public: ['phoenix'] })).files);
    const rule = spec.ingress!.rules.find((r) => r.component.name === 'phoenix')!;
    expect(rule).toEqual({ match: { path: { prefix: '/phoenix' } }, component: { name: 'phoenix', preserve_path_prefix: true } });
    expect(envOf(spec, 'phoenix').PHOENIX_HOST_ROOT_PATH).toBe('/phoenix');
    expect(spec.services.find((s) => s.name === 'phoenix')).toMatchObject({ http_port: 6006, internal_ports: [4317] });
  });

  it('puts every app database on one cluster in the shared layout, each with its own db_name and user; no db/databases.sql', async () => {
    const { files } = await wiringOf({});
    expect(specOf(files).databases).toEqual([
      expect.objectContaining({ name: 'postgres-reasoning-api', cluster_name: 'reasoning-stack-postgres', db_name: 'reasoning_api', db_user: 'reasoning_api' }),
      expect.objectContaining({ name: 'postgres-litellm', cluster_name: 'reasoning-stack-postgres', db_name: 'litellm', db_user: 'litellm' }),
      expect.objectContaining({ name: 'postgres-phoenix', cluster_name: 'reasoning-stack-postgres', db_name: 'phoenix', db_user: 'phoenix' }),
    ]);
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(files.some((f) => f.path === 'db/databases.sql')).toBe(false);
    expect(deploy).not.toContain('databases.sql');
    for (const db of ['reasoning_api', 'litellm', 'phoenix']) expect(deploy).toContain(`doctl databases db create "$CLUSTER_ID" ${db}`);
    expect(deploy).toContain(`psql -d litellm -c 'GRANT ALL ON SCHEMA public TO "litellm"'`);
  });

  it('prices one dev database per app database, as the spec creates them', async () => {
    const answers: AnswersInput = { postgres: 'dev', dbStorageGb: 3 };
    const { files } = await wiringOf(answers);
    expect(specOf(files).databases).toHaveLength(3);
    const book = builtinPriceBook();
    const stack = buildStack(AnswersSchema.parse(answers));
    const est = estimateJson(estimatePlatform(digitalocean, stack, book, digitalocean.resolve(stack, book)), false);
    const dev = est.lineItems.filter((l) => /dev database/.test(l.name));
    expect(dev.map((l) => l.quantity)).toEqual([3]);
    expect(dev.map((l) => Math.round(l.monthly * 100))).toEqual([3 * 700]); // 2100: three $7 dev databases
    expect(digitalocean.resolve(stack, book).warnings.map((w) => w.code)).not.toContain('digitalocean.dev-database-full');
  });

  it('checks each dev database against its 1 GB: 3 GB over three app databases fits, 3.3 GB (1.1 GB each) does not', () => {
    const book = builtinPriceBook();
    const full = (dbStorageGb: number) => {
      const stack = buildStack(AnswersSchema.parse({ postgres: 'dev', dbStorageGb }));
      return digitalocean.resolve(stack, book).warnings.filter((w) => w.code === 'digitalocean.dev-database-full');
    };
    expect(full(3)).toEqual([]);
    expect(full(3.3)).toEqual([expect.objectContaining({ blocking: true, message: expect.stringContaining('1.1 GB in each of its 3 dev databases') })]);
  });
});

describe('DigitalOcean number formatting', () => {
  it('rounds GB for display in line items and alternatives, and keeps the exact figures in JSON', async () => {
    const answers: AnswersInput = { db: 'separate' };
    const book = builtinPriceBook();
    const stack = buildStack(AnswersSchema.parse(answers));
    const model = digitalocean.resolve(stack, book);
    const est = estimateJson(estimatePlatform(digitalocean, stack, book, model), false);
    const text = JSON.stringify([est.lineItems.map((l) => [l.name, l.note]), est.alternatives]);
    expect(text).not.toMatch(/\d\.\d{3,}/);
    expect(text).toContain('1.67 GB of data');
    expect(model.databases[0]!.storageGb).toBeCloseTo(5 / 3, 12);
  });
});

describe('DigitalOcean wiring of random stacks', () => {
  it('every reference resolves, nothing private is public, no literal became a secret', async () => {
    await fc.assert(
      fc.asyncProperty(randomWiredStack(), async (answers) => {
        const { problems } = await wiringOf(answers);
        expect(problems).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 40) },
    );
  });
});

/** As in the Fly test: literals the importer did not yet turn into references are the importer's part. */
function platformProblems(problems: WiringProblem[], stack: Stack): WiringProblem[] {
  return problems.filter((p) => {
    const e = stack.services.find((s) => s.slug === p.service)?.env.find((v) => v.name === p.variable);
    // On App Platform a compose name is a component name, so such a literal often resolves (to a
    // service the stack does not know it calls), or names a component without the port.
    return !(e && !e.ref && /no component named|takes internal traffic on|is a worker|should be the literal "[^"]*" but is [^ ]+:\d+$/.test(p.message));
  });
}

const corpus = corpusAvailable ? readdirSync(CORPUS_DIR).filter((f) => /\.ya?ml$/.test(f)) : [];
describe.skipIf(!corpusAvailable)(`DigitalOcean wiring of the compose corpus (${corpusAvailable ? CORPUS_DIR : CORPUS_SKIP_MESSAGE})`, () => {
  it.each(corpus)('%s', async (name) => {
    const r = leftToPlatform(await importCompose({ file: corpusFile(name), display: name, load: diskLoader, env: {}, profiles: [] }));
    const { problems, stack } = await wiringOf({ db: 'shared' }, r.source);
    expect(platformProblems(problems, stack)).toEqual([]);
  });
});

describe('the DigitalOcean resolver is no rubber stamp', () => {
  const editSpec = (files: readonly RenderedFile[], f: (spec: Spec) => void) =>
    files.map((x) => {
      if (x.path !== '.do/app.yaml') return x;
      const spec = YAML.parse(x.contents) as Spec;
      f(spec);
      return { ...x, contents: YAML.stringify(spec) };
    });
  const setEnv = (spec: Spec, component: string, key: string, value: string | undefined, type?: string) => {
    const e = spec.services.find((s) => s.name === component)!.envs!.find((v) => v.key === key)!;
    if (value === undefined) delete e.value;
    else e.value = value;
    if (type) e.type = type;
  };
  const problemsOf = async (mutate: (spec: Spec) => void, answers: AnswersInput = {}) => {
    const { files, stack } = await wiringOf(answers);
    return checkWiring(stack, digitalOceanWiring(editSpec(files, mutate), stack)).map((p) => `${p.service}${p.variable ? ` ${p.variable}` : ''}: ${p.message}`);
  };

  it('accepts the spec unchanged (the edit helper itself breaks nothing)', async () => {
    expect(await problemsOf(() => {})).toEqual([]);
  });
  it('reports a host that is no component', async () => {
    const p = await problemsOf((s) => setEnv(s, 'reasoning-api', 'LITELLM_BASE_URL', 'http://litellm-proxy:4000'));
    expect(p.join('\n')).toMatch(/reasoning-api LITELLM_BASE_URL: does not resolve: .*no component named litellm-proxy/);
  });
  it('reports a port missing from internal_ports', async () => {
    const p = await problemsOf((s) => {
      s.services.find((c) => c.name === 'phoenix')!.internal_ports = [6006];
    });
    expect(p.join('\n')).toMatch(/PHOENIX_COLLECTOR_ENDPOINT: does not resolve: phoenix takes internal traffic on 6006, not on 4317/);
  });
  it('reports a private service given an ingress rule', async () => {
    const p = await problemsOf((s) => s.ingress!.rules.unshift({ match: { path: { prefix: '/litellm' } }, component: { name: 'litellm' } }));
    expect(p).toContain('litellm: is private but reachable from the internet');
  });
  it('reports two apps on one database', async () => {
    const p = await problemsOf((s) => setEnv(s, 'litellm', 'DATABASE_URL', '${postgres-reasoning-api.DATABASE_URL}'));
    expect(p.join('\n')).toMatch(/litellm DATABASE_URL: should reach database litellm on postgres but reaches database reasoning_api/);
  });
  it('reports an emptied literal made a secret, and a secret given a value', async () => {
    const p = await problemsOf((s) => {
      setEnv(s, 'reasoning-api', 'REQUIRE_AUTH', undefined, 'SECRET');
      setEnv(s, 'reasoning-api', 'API_TOKENS', 'abc');
    });
    expect(p).toContain('reasoning-api REQUIRE_AUTH: should be the literal "true" but is a secret');
    expect(p).toContain('reasoning-api API_TOKENS: is a secret but the files hold its value');
  });
});
