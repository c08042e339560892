/**
 * Railway's files against Railway's own contracts:
 * - `.railway/railway.ts` type-checks against the `railway` package's `railway/iac` types
 *   (TypeScript compiler API, strict, erasable syntax only as Node's type stripping needs);
 * - it evaluates the way the Railway CLI evaluates it, compiles to a graph the way the CLI's
 *   compiler does, and the package's `validateGraph` accepts that graph;
 * - every legacy `railway.json` validates against Railway's published schema;
 * - sizes equal the estimate's, and no secret value reaches any file.
 */

import { type RailwayGraph, validateGraph } from 'railway/iac';
import { afterAll, describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema, type ServiceInput } from '../../src/core/answers.js';
import { estimatePlatform } from '../../src/core/report.js';
import { buildStack } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { readRailwayProgram } from '../../src/platforms/railway/dsl.js';
import { railway } from '../../src/platforms/railway/index.js';
import { railwayWiring } from '../../src/platforms/railway/wiring.js';
import { checkWiring } from '../../src/platforms/wiring.js';
import type { RenderedFile } from '../../src/render/render-files.js';
import { fileAt, generateFor, parseGenerated } from '../helpers/generate.js';
import { compileGraph, disposeRailwayTemp, evaluate, HAS_STRIP_TYPES, type Json, typeCheck } from '../helpers/railway-iac.js';
import { schemaErrors } from '../helpers/schemas.js';

afterAll(disposeRailwayTemp);

/** A service with a volume (the built-in stack keeps Phoenix in Postgres). */
const WITH_VOLUME: ServiceInput = {
  name: 'store',
  role: 'other',
  image: 'ghcr.io/acme/store:1',
  port: 7000,
  vcpu: 0.5,
  memoryMb: 512,
  instances: 1,
  volume: { sizeGb: 1, mountPath: '/data' },
  usesDatabase: true,
  optional: false,
  env: [],
};

const iacOf = (files: readonly RenderedFile[]) => fileAt(files, '.railway/railway.ts').contents;

const SCENARIOS: [string, AnswersInput][] = [
  ['single-user', {}],
  ['multi-user with auth and a domain', { tier: 'multi-user', auth: 'clerk', users: 5000, domain: 'api.example.com' }],
  ['separate databases, no Phoenix', { db: 'separate', phoenix: false }],
  ['supabase auth, 3 replicas, eu-west', { tier: 'multi-user', auth: 'supabase', users: 12000, region: 'eu-west' }],
];

describe('.railway/railway.ts type-checks against railway/iac', () => {
  it.each(SCENARIOS)('%s: zero diagnostics', async (_label, answers) => {
    const { files } = await generateFor('railway', answers);
    expect(typeCheck(iacOf(files))).toEqual([]);
  });

  it('the check can fail: a misspelled option is reported', async () => {
    const { files } = await generateFor('railway');
    const source = iacOf(files);
    expect(source).toContain('healthcheck: "/health"');
    const diagnostics = typeCheck(source.replace('healthcheck: "/health"', 'healthCheck: "/health"'));
    expect(diagnostics.join('\n')).toMatch(/healthCheck/);
  });

  it('the check can fail: a reference to an output Postgres does not have is reported', async () => {
    const { files } = await generateFor('railway', { db: 'separate' });
    const source = iacOf(files);
    expect(source).toContain('litellmDb.env.DATABASE_URL');
    const diagnostics = typeCheck(source.replace('litellmDb.env.DATABASE_URL', 'litellmDb.env.DATABASE_URI'));
    expect(diagnostics.join('\n')).toMatch(/DATABASE_URI/);
  });
});

describe(`.railway/railway.ts compiles to a graph that validateGraph accepts (evaluated with ${HAS_STRIP_TYPES ? 'Node type stripping' : 'tsx, as Node 20 has no type stripping'})`, () => {
  it.each(SCENARIOS)('%s', async (_label, answers) => {
    const { files } = await generateFor('railway', answers);
    const graph = compileGraph(evaluate(iacOf(files)));
    expect(validateGraph(graph)).toEqual([]);
    const stack = buildStack(AnswersSchema.parse(answers));
    const addresses = graph.resources.map((r) => r.address).sort();
    expect(addresses).toEqual(
      [
        ...stack.services.map((s) => `service.${s.slug}`),
        ...stack.postgres.instances.map((p) => `database.${p.name}`),
        ...stack.services.filter((s) => s.volume).map((s) => `volume.${s.slug}-data`),
      ].sort(),
    );
    // Every service that uses a database reads its URL from its own Postgres: a typed reference
    // (a graph edge), or a URL composed from that Postgres's parts with the app's own database.
    for (const s of stack.services.filter((x) => x.database)) {
      const urlVar = s.env.find((e) => e.from === 'database-url')!.name;
      const node = graph.resources.find((r) => r.address === `service.${s.slug}`) as { variables: Record<string, { type: string; value?: string }> };
      const v = node.variables[urlVar]!;
      if (v.type === 'reference') {
        expect(graph.edges).toContainEqual({ from: `service.${s.slug}`, to: `database.${s.database!.instance}`, type: 'variable', key: urlVar });
      } else {
        const db = s.database!.instance;
        const name = stack.postgres.layout === 'shared' ? s.database!.database : `\${{${db}.PGDATABASE}}`;
        expect(v.value).toBe(
          `${s.env.find((e) => e.name === urlVar)!.scheme ?? 'postgresql'}://\${{${db}.PGUSER}}:\${{${db}.PGPASSWORD}}@\${{${db}.PGHOST}}:\${{${db}.PGPORT}}/${name}`,
        );
      }
    }
  });

  it.each(SCENARIOS)('%s: the resolver reads railway.ts as Railway evaluates it', async (_label, answers) => {
    // The wiring resolver parses railway.ts without running it; it must see what Railway runs.
    const { files } = await generateFor('railway', answers);
    const graph = compileGraph(evaluate(iacOf(files)));
    const read = readRailwayProgram(iacOf(files));
    expect(read.resources.map((r) => `${r.type}.${r.name}`).sort()).toEqual(graph.resources.map((r) => r.address).sort());
    for (const r of read.resources.filter((x) => x.type === 'service')) {
      const node = graph.resources.find((x) => x.address === `service.${r.name}`) as { variables: Record<string, unknown> };
      const env = r.config.get('env');
      const vars = env?.kind === 'object' ? [...env.entries] : [];
      expect(Object.keys(node.variables)).toEqual(vars.map(([k]) => k));
      for (const [k, v] of vars) {
        const want =
          v.kind === 'string'
            ? { type: 'literal', value: v.value }
            : v.kind === 'preserve'
              ? { type: 'preserve' }
              : v.kind === 'reference'
                ? { type: 'reference', resource: `${v.resource.type}.${v.resource.name}`, output: v.output }
                : v;
        expect(node.variables[k], `${r.name} ${k}`).toEqual(want);
      }
    }
  });

  it('the graph check can fail: a database left out of the resources leaves dangling edges', async () => {
    const { files } = await generateFor('railway', { db: 'separate' });
    const source = iacOf(files).replace('resources: [reasoningApiDb, litellmDb, ', 'resources: [reasoningApiDb, ');
    expect(typeCheck(source)).toEqual([]);
    expect(validateGraph(compileGraph(evaluate(source)))).toContain('Edge references missing target: database.litellm-db');
  });

  it('a database left out is also caught where URLs are composed (no graph edge): by the wiring resolver', async () => {
    const { files } = await generateFor('railway');
    const stack = buildStack(AnswersSchema.parse({}));
    const source = iacOf(files).replace('resources: [postgresDb, ', 'resources: [');
    expect(validateGraph(compileGraph(evaluate(source)))).toEqual([]);
    const changed = files.map((f) => (f.path === '.railway/railway.ts' ? { path: f.path, contents: source } : f));
    expect(checkWiring(stack, railwayWiring(changed, stack))).toContainEqual(
      expect.objectContaining({
        service: 'litellm',
        variable: 'DATABASE_URL',
        message: expect.stringContaining('names postgres, which is not a service or database of the project'),
      }),
    );
  });

  it('puts the custom domain on the primary API with its port', async () => {
    const { files } = await generateFor('railway', { tier: 'multi-user', domain: 'api.example.com' });
    const graph = compileGraph(evaluate(iacOf(files)));
    const api = graph.resources.find((r) => r.address === 'service.reasoning-api') as { networking?: unknown };
    expect(api.networking).toEqual({ customDomains: { 'api.example.com': { port: 8000 } } });
  });
});

/** Replicas per service from a compiled graph: `deploy.multiRegionConfig.<region>.numReplicas`. */
function replicasOf(graph: RailwayGraph): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const r of graph.resources) {
    if (r.type !== 'service') continue;
    const regions = (r as { deploy?: { multiRegionConfig?: Record<string, { numReplicas: number }> } }).deploy?.multiRegionConfig ?? {};
    out[r.name] = Object.fromEntries(Object.entries(regions).map(([k, v]) => [k, v.numReplicas]));
  }
  return out;
}

describe('the files carry the sizes the estimate priced', () => {
  const answers: AnswersInput = { serviceOverrides: { 'reasoning-api': { instances: 2 } }, region: 'us-west' };

  it("replicas and region equal the model and the estimate's sizing", async () => {
    const book = builtinPriceBook();
    const stack = buildStack(AnswersSchema.parse(answers));
    const model = railway.resolve(stack, book);
    const sizing = estimatePlatform(railway, stack, book, model).sizing;
    const { files } = await generateFor('railway', answers, { railwayLegacy: true });
    const replicas = replicasOf(compileGraph(evaluate(iacOf(files))));
    expect(replicas['reasoning-api']).toEqual({ 'us-west2': 2 });
    for (const s of sizing.filter((x) => stack.services.some((svc) => svc.slug === x.service))) {
      expect(replicas[s.service], s.service).toEqual({ [model.region]: s.instances });
    }
    const legacy = parseGenerated(fileAt(files, 'config-as-code/reasoning-api/railway.json')) as { deploy: { multiRegionConfig: unknown } };
    expect(legacy.deploy.multiRegionConfig).toEqual({ 'us-west2': { numReplicas: 2 } });
  });

  it('volume sizes and the Postgres region come from the model', async () => {
    const { files } = await generateFor('railway', { region: 'us-west', services: [WITH_VOLUME] });
    const graph = compileGraph(evaluate(iacOf(files)));
    const volume = graph.resources.find((r) => r.address === 'volume.store-data') as { config?: unknown };
    expect(volume.config).toEqual({ region: 'us-west2', sizeMB: 1024 });
    const db = graph.resources.find((r) => r.address === 'database.postgres') as { deploy?: unknown };
    expect(db).toBeDefined();
    expect(db.deploy).toEqual({ multiRegionConfig: { 'us-west2': { numReplicas: 1 } } });
  });
});

describe("legacy railway.json against Railway's schema", () => {
  it.each(SCENARIOS)('%s: every railway.json validates', async (_label, answers) => {
    const { files } = await generateFor('railway', answers, { railwayLegacy: true });
    const configs = files.filter((f) => f.path.endsWith('/railway.json'));
    expect(configs.length).toBe(buildStack(AnswersSchema.parse(answers)).services.length);
    for (const f of configs) expect(schemaErrors('railway', parseGenerated(f)), f.path).toEqual([]);
  });

  it('the schema check can fail: a restart policy Railway does not have', async () => {
    const { files } = await generateFor('railway', {}, { railwayLegacy: true });
    const data = parseGenerated(fileAt(files, 'config-as-code/reasoning-api/railway.json')) as { deploy: Record<string, unknown> };
    expect(schemaErrors('railway', data)).toEqual([]);
    data.deploy.restartPolicyType = 'SOMETIMES';
    expect(schemaErrors('railway', data).length).toBeGreaterThan(0);
  });
});

describe('legacy railway.json', () => {
  it('is written only with railwayLegacy, with the deprecation warning', async () => {
    const plain = await generateFor('railway');
    expect(plain.files.some((f) => f.path.endsWith('railway.json'))).toBe(false);
    expect(plain.warnings.map((w) => w.code)).not.toContain('railway.config-as-code-deprecated');

    const legacy = await generateFor('railway', {}, { railwayLegacy: true });
    const w = legacy.warnings.find((x) => x.code === 'railway.config-as-code-deprecated');
    expect(w).toMatchObject({ severity: 'warning' });
    expect(`${w!.message} ${w!.fix}`).toBe(
      'Railway deprecated per-service Config as Code: new services cannot use railway.json since 2026-08-28 and Railway stops reading these files on 2026-12-01. Use .railway/railway.ts.',
    );
    expect(fileAt(legacy.files, 'DEPLOY.md').contents).toContain('/config-as-code/reasoning-api/railway.json');
  });

  it('builds folders with their Dockerfile and runs images as they are', async () => {
    const { files } = await generateFor('railway', {}, { railwayLegacy: true });
    const api = parseGenerated(fileAt(files, 'config-as-code/reasoning-api/railway.json')) as Json;
    const litellm = parseGenerated(fileAt(files, 'config-as-code/litellm/railway.json')) as Json;
    const phoenix = parseGenerated(fileAt(files, 'config-as-code/phoenix/railway.json')) as Json;
    expect(api.build).toEqual({ builder: 'DOCKERFILE', dockerfilePath: 'Dockerfile' });
    // LiteLLM mounts its config file: built from the generated Dockerfile, whose CMD holds the arguments.
    expect(litellm.build).toEqual({ builder: 'DOCKERFILE', dockerfilePath: 'deploy/litellm.Dockerfile' });
    expect(litellm.deploy).toEqual({
      healthcheckPath: '/health/liveliness',
      restartPolicyType: 'ON_FAILURE',
      multiRegionConfig: { 'us-east4-eqdc4a': { numReplicas: 1 } },
    });
    expect(phoenix.build).toBeUndefined();
  });
});

/** A custom stack whose names, commands and values try to break every format. */
const TRICKY: ServiceInput[] = [
  {
    name: 'Wéird "api" {{x}} $HOME ü',
    role: 'api',
    build: { context: './we ird', dockerfile: 'docker/Dockerfile "prod"' },
    command: 'sh -c "echo \'hi\' && run"\nsecond line ${HOME} `id`',
    port: 8080,
    public: true,
    healthPath: '/he"alth',
    vcpu: 0.5,
    memoryMb: 512,
    instances: 1,
    usesDatabase: true,
    optional: false,
    description: 'Says "hi" */ and \u2028 breaks lines',
    env: [
      { name: 'SECRET_TOKEN', secret: true, value: 's3cr3t-VALUE', description: 'A secret with a value it must never write' },
      { name: 'GREETING', secret: false, value: 'hello ${NAME} `whoami` "quoted" \\ back\nslash {{y}} ${{shared.X}}' },
      { name: 'UNICODE', secret: false, value: 'ünïcødé \u2028 line sep 😀' },
    ],
  },
  {
    name: "o'neil worker",
    role: 'worker',
    image: 'ghcr.io/acme/worker:1.0',
    command: 'node -e \'console.log("</script>")\'',
    public: false,
    vcpu: 0.25,
    memoryMb: 256,
    instances: 1,
    volume: { sizeGb: 2.5, mountPath: '/data/"x"' },
    usesDatabase: false,
    optional: false,
    env: [{ name: 'API_KEY', secret: true, value: 's3cr3t-VALUE-2' }],
  },
];

describe('tricky names, commands and values', () => {
  const answers: AnswersInput = { name: 'My "Stack" {{z}}', services: TRICKY, domain: 'api.example.com', tier: 'multi-user' };

  it('still type-check and compile to a valid graph', async () => {
    const { files, warnings } = await generateFor('railway', answers);
    const source = iacOf(files);
    expect(typeCheck(source)).toEqual([]);
    const graph = compileGraph(evaluate(source));
    expect(validateGraph(graph)).toEqual([]);
    const api = graph.resources.find((r) => r.type === 'service' && r.name.startsWith('weird')) as unknown as {
      deploy: { startCommand: string; healthcheckPath: string };
      build: { dockerfilePath: string };
      variables: Record<string, unknown>;
    };
    // The values arrive byte for byte.
    expect(api.deploy.startCommand).toBe(TRICKY[0]!.command);
    expect(api.deploy.healthcheckPath).toBe('/he"alth');
    expect(api.build.dockerfilePath).toBe('docker/Dockerfile "prod"');
    expect(api.variables.GREETING).toEqual({ type: 'literal', value: TRICKY[0]!.env[1]!.value });
    expect(api.variables.UNICODE).toEqual({ type: 'literal', value: TRICKY[0]!.env[2]!.value });
    expect(api.variables.SECRET_TOKEN).toEqual({ type: 'preserve' });
    expect(warnings.map((w) => w.code)).toContain('railway.env.reference-syntax');
  });

  it('legacy railway.json files still validate and keep the values', async () => {
    const { files } = await generateFor('railway', answers, { railwayLegacy: true });
    const configs = files.filter((f) => f.path.endsWith('/railway.json'));
    expect(configs).toHaveLength(2);
    for (const f of configs) expect(schemaErrors('railway', parseGenerated(f)), f.path).toEqual([]);
    const worker = configs.map((f) => parseGenerated(f) as { deploy: { startCommand?: string } }).find((c) => c.deploy.startCommand?.startsWith('node'));
    expect(worker?.deploy.startCommand).toBe(TRICKY[1]!.command);
  });
});

describe('no secret value reaches a file', () => {
  it.each([false, true])('legacy %s: the secret values appear nowhere', async (railwayLegacy) => {
    const { files } = await generateFor('railway', { services: TRICKY, tier: 'multi-user' }, { railwayLegacy });
    for (const f of files) {
      expect(f.contents, f.path).not.toContain('s3cr3t-VALUE');
    }
    expect(iacOf(files)).toMatch(/"SECRET_TOKEN": preserve\(\)/);
    expect(iacOf(files)).toMatch(/"API_KEY": preserve\(\)/);
  });

  it('every secret of the built-in stack is preserve(), never a literal', async () => {
    const { files } = await generateFor('railway', { tier: 'multi-user' });
    const graph = compileGraph(evaluate(iacOf(files)));
    const stack = buildStack(AnswersSchema.parse({ tier: 'multi-user' }));
    for (const s of stack.services) {
      const node = graph.resources.find((r) => r.address === `service.${s.slug}`) as { variables: Record<string, { type: string }> };
      for (const e of s.env.filter((v) => v.secret && !v.from)) expect(node.variables[e.name], `${s.slug} ${e.name}`).toEqual({ type: 'preserve' });
    }
  });
});

describe('Railway names', () => {
  it('renames a database that collides with a service, with a warning', async () => {
    const services: ServiceInput[] = [
      {
        name: 'postgres',
        role: 'api',
        image: 'ghcr.io/acme/api:1',
        public: true,
        vcpu: 0.5,
        memoryMb: 512,
        instances: 1,
        usesDatabase: true,
        optional: false,
        env: [],
      },
    ];
    const { files, warnings } = await generateFor('railway', { services });
    const graph = compileGraph(evaluate(iacOf(files)));
    expect(validateGraph(graph)).toEqual([]);
    expect(graph.resources.map((r) => r.address).sort()).toEqual(['database.postgres-2', 'service.postgres']);
    expect(warnings.map((w) => w.code)).toContain('railway.name.normalised');
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('railway ssh --service postgres-2 -- psql');
  });
});

describe('Railway limits', () => {
  it('warns when a service with a volume asks for replicas, keeping the priced count', async () => {
    const { files, warnings } = await generateFor('railway', { services: [WITH_VOLUME], serviceOverrides: { store: { instances: 2 } } });
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'railway.volume-replicas', severity: 'warning', service: 'store' }));
    expect(iacOf(files)).toContain('replicas: { "us-east4-eqdc4a": 2 },\n    volumeMounts: { "/data": storeData },');
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('Railway does not run replicas of a service with a volume');
  });
});

describe('a key-value store', () => {
  it('becomes a redis() resource that the service references for REDIS_URL', async () => {
    const source = {
      kind: 'compose' as const,
      services: [
        {
          name: 'web',
          role: 'web' as const,
          image: 'ghcr.io/acme/web:1',
          port: 3000,
          public: true,
          vcpu: 0.5,
          memoryMb: 512,
          instances: 1,
          usesDatabase: false,
          optional: false,
          env: [],
        },
      ],
      postgres: [{ name: 'db', usedBy: ['web'] }],
      keyValue: [{ name: 'cache', memoryMb: 256, usedBy: ['web'] }],
    };
    const { files } = await generateFor('railway', {}, {}, source);
    const text = iacOf(files);
    expect(typeCheck(text)).toEqual([]);
    const graph = compileGraph(evaluate(text));
    expect(validateGraph(graph)).toEqual([]);
    expect(graph.edges).toContainEqual({ from: 'service.web', to: 'database.cache', type: 'variable', key: 'REDIS_URL' });
    expect(graph.resources.find((r) => r.address === 'database.cache')).toMatchObject({ engine: 'redis' });
  });
});

describe('wiring in railway.ts and DEPLOY.md', () => {
  it('only public services get a domain, and only they are checked from outside', async () => {
    const { files } = await generateFor('railway');
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain('railway domain --service reasoning-api --port 8000');
    for (const s of ['litellm', 'tools-api', 'phoenix']) expect(deploy).not.toContain(`railway domain --service ${s}`);
    expect(deploy.match(/curl /g)).toHaveLength(1);
  });

  it("LiteLLM's mounted config travels in a generated Dockerfile that keeps the image's entrypoint", async () => {
    const { files } = await generateFor('railway');
    expect(
      fileAt(files, 'deploy/litellm.Dockerfile')
        .contents.split('\n')
        .filter((l) => l && !l.startsWith('#')),
    ).toEqual([
      'FROM ghcr.io/berriai/litellm:main-stable',
      'COPY ["config/litellm_config.yaml","/app/config.yaml"]',
      'CMD ["--config","/app/config.yaml","--port","4000"]',
    ]);
    const litellm = iacOf(files).split('const litellm = service(')[1]!.split('});')[0]!;
    expect(litellm).toContain('dockerfilePath: "deploy/litellm.Dockerfile"');
    expect(litellm).not.toMatch(/start:|source:/);
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('railway up . --path-as-root --service litellm --detach');
  });

  it('a start command carries the entrypoint when it is known, and says so when it is not', async () => {
    const base = { role: 'worker' as const, vcpu: 0.5, memoryMb: 512, instances: 1, usesDatabase: false, optional: false, env: [] };
    const services: ServiceInput[] = [
      { ...base, name: 'known', image: 'ghcr.io/acme/a:1', entrypoint: 'litellm', command: '--port 4000' },
      { ...base, name: 'unknown', image: 'ghcr.io/acme/b:1', command: '--port 5000' },
    ];
    const { files, warnings } = await generateFor('railway', { services });
    expect(iacOf(files)).toContain('start: "litellm --port 4000"');
    expect(iacOf(files)).toContain('start: "--port 5000"');
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'railway.start-replaces-entrypoint', service: 'unknown' }));
    expect(warnings.filter((w) => w.code === 'railway.start-replaces-entrypoint')).toHaveLength(1);
  });

  it('a value that is a host alone is the typed private-domain reference, its target declared first', async () => {
    const base = { role: 'api' as const, vcpu: 0.5, memoryMb: 512, instances: 1, usesDatabase: false, optional: false };
    const services: ServiceInput[] = [
      { ...base, name: 'web', image: 'ghcr.io/acme/web:1', port: 8080, env: [{ name: 'CACHE_HOST', secret: false, ref: { service: 'cache', form: 'host' } }] },
      { ...base, name: 'cache', image: 'ghcr.io/acme/cache:1', port: 6380, env: [] },
    ];
    const { files } = await generateFor('railway', { services });
    const source = iacOf(files);
    expect(source).toContain('"CACHE_HOST": cache.env.RAILWAY_PRIVATE_DOMAIN');
    expect(source.indexOf('const cache = service(')).toBeLessThan(source.indexOf('const web = service('));
    expect(typeCheck(source)).toEqual([]);
    const graph = compileGraph(evaluate(source));
    expect(graph.edges).toContainEqual({ from: 'service.web', to: 'service.cache', type: 'variable', key: 'CACHE_HOST' });
  });

  it("Railway's own references are not mistaken for user text holding ${{", async () => {
    const { warnings } = await generateFor('railway');
    expect(warnings.map((w) => w.code)).not.toContain('railway.env.reference-syntax');
  });

  it.each(SCENARIOS)('%s: every file DEPLOY.md names is generated', async (_label, answers) => {
    const { files } = await generateFor('railway', answers);
    const named = [...fileAt(files, 'DEPLOY.md').contents.matchAll(/(?:^|[\s`'"])((?:db|deploy|\.railway)\/[\w./-]+\.(?:sql|Dockerfile|ts))/g)].map(
      (m) => m[1]!,
    );
    expect(named.length).toBeGreaterThan(0);
    for (const path of named)
      expect(
        files.map((f) => f.path),
        path,
      ).toContain(path);
  });
});

describe('--active-hours: a service that can sleep is Serverless in the files Railway reads', () => {
  const web: ServiceInput = { ...WITH_VOLUME, name: 'web', role: 'web', volume: undefined, usesDatabase: false };
  const answers: AnswersInput = { services: [web], activeHours: 3 };

  it('railway.ts type-checks, and its compiled graph sets deploy.sleepApplication on the service', async () => {
    const { files } = await generateFor('railway', answers);
    expect(typeCheck(iacOf(files))).toEqual([]);
    const graph = compileGraph(evaluate(iacOf(files)));
    expect(validateGraph(graph)).toEqual([]);
    const node = graph.resources.find((r) => r.address === 'service.web') as unknown as { deploy: { sleepApplication?: boolean; multiRegionConfig: object } };
    expect(node.deploy.sleepApplication).toBe(true);
    // Merged with the replicas, not in their place.
    expect(Object.keys(node.deploy.multiRegionConfig)).toHaveLength(1);
  });

  it("the legacy railway.json says sleepApplication and validates against Railway's schema", async () => {
    const { files } = await generateFor('railway', answers, { railwayLegacy: true });
    const json = parseGenerated(fileAt(files, 'config-as-code/web/railway.json')) as { deploy: { sleepApplication?: boolean } };
    expect(json.deploy.sleepApplication).toBe(true);
    expect(schemaErrors('railway', json)).toEqual([]);
  });
});
