import { describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema, type ServiceInput } from '../../src/core/answers.js';
import { formatMb } from '../../src/core/number-format.js';
import { estimateJson, estimatePlatform } from '../../src/core/report.js';
import { buildStack, type StackSource } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { FLY_APP_NAME_MAX, flyAppNames, flyMemory, isFlyAppName } from '../../src/platforms/fly/files.js';
import { fly } from '../../src/platforms/fly/index.js';
import type { RenderedFile } from '../../src/render/render-files.js';
import { acmeServices } from '../helpers/fixtures.js';
import { fileAt, generateFor, parseGenerated } from '../helpers/generate.js';
import { schemaErrors } from '../helpers/schemas.js';

interface FlyToml {
  app: string;
  primary_region: string;
  build?: { image?: string; dockerfile?: string };
  env?: Record<string, string>;
  processes?: Record<string, string>;
  http_service?: { internal_port: number; min_machines_running: number; auto_stop_machines: string; checks?: { path: string }[] };
  services?: { internal_port: number; min_machines_running: number; http_checks?: { path: string }[]; tcp_checks?: object[] }[];
  vm: { size: string; memory: string; cpu_kind: string; cpus: number }[];
  mounts?: { source: string; destination: string; initial_size: string }[];
}

const tomls = (files: readonly RenderedFile[]) => files.filter((f) => f.path.endsWith('.toml'));
const parsed = (files: readonly RenderedFile[]) => tomls(files).map((f) => ({ path: f.path, data: parseGenerated(f) as FlyToml }));

/** A custom stack: a public API with 2 instances and a volume, and a private worker with no port. */
const customServices: ServiceInput[] = acmeServices();
const custom: AnswersInput = { name: 'Acme Shop', services: customServices };

/** The estimate's sizing for the same answers, computed the way `estimate` does. */
function estimateFor(answers: AnswersInput, source?: StackSource) {
  const book = builtinPriceBook();
  const stack = buildStack(AnswersSchema.parse(answers), source);
  return estimateJson(estimatePlatform(fly, stack, book, fly.resolve(stack, book)), false);
}

const scenarios = [
  ['single-user', {}],
  ['multi-user with auth and a domain', { tier: 'multi-user', auth: 'clerk', users: 12000, domain: 'api.example.com' }],
  ['separate databases, no Phoenix', { db: 'separate', phoenix: false }],
  ['a custom stack with a private worker and a 2-machine app with a volume', custom],
  ['used 3 hours a day: auto-stopped machines, LiteLLM kept on', { activeHours: 3, serviceOverrides: { litellm: { alwaysOn: true } } }],
] as const satisfies readonly (readonly [string, AnswersInput])[];

describe("fly.toml against Fly's schema", () => {
  it.each(scenarios)('%s: every fly.toml validates', async (_label, answers) => {
    const { files } = await generateFor('fly', answers);
    const configs = tomls(files);
    expect(configs.length).toBeGreaterThan(0);
    for (const f of configs) {
      expect(schemaErrors('fly', parseGenerated(f)), f.path).toEqual([]);
    }
  });
});

describe('the Fly schema check can fail', () => {
  it('rejects a machine size Fly does not have, an unknown [build] key and a string port', async () => {
    const { files } = await generateFor('fly');
    const data = parseGenerated(fileAt(files, 'fly/reasoning-api/fly.toml')) as FlyToml & { build: Record<string, unknown> };
    expect(schemaErrors('fly', { ...data, vm: [{ ...data.vm[0], size: 'shared-cpu-3x' }] }).length).toBeGreaterThan(0);
    expect(schemaErrors('fly', { ...data, build: { ...data.build, context: './reasoning-api' } }).length).toBeGreaterThan(0);
    expect(schemaErrors('fly', { ...data, http_service: { ...data.http_service, internal_port: '8000' } }).length).toBeGreaterThan(0);
  });
});

describe("fly.toml carries the estimate's sizes", () => {
  it.each(scenarios)('%s: [[vm]], machine counts and volumes equal the estimate', async (_label, answers) => {
    const { files } = await generateFor('fly', answers);
    const estimate = estimateFor(answers);
    const book = builtinPriceBook();
    const model = fly.resolve(buildStack(AnswersSchema.parse(answers)), book);
    const configs = parsed(files);
    expect(configs.map((c) => c.path.split('/')[1])).toEqual(estimate.sizing.map((s) => s.service));
    for (const { path, data } of configs) {
      const sizing = estimate.sizing.find((s) => s.service === path.split('/')[1])!;
      expect(data.vm).toHaveLength(1);
      const vm = data.vm[0]!;
      const mb = /gb$/.test(vm.memory) ? Number(vm.memory.slice(0, -2)) * 1024 : Number(vm.memory.slice(0, -2));
      expect(`${vm.size} ${formatMb(mb)}`, path).toBe(sizing.size);
      const running = data.http_service?.min_machines_running ?? data.services?.[0]?.min_machines_running;
      const app = model.apps.find((a) => a.slug === sizing.service)!;
      // An app the estimate bills as auto-stopped (--active-hours) keeps no machine running; the others all of theirs.
      if (running !== undefined) expect(running, path).toBe(app.autoStop ? 0 : sizing.instances);
      const stop = data.http_service?.auto_stop_machines ?? (data.services?.[0] as { auto_stop_machines?: string } | undefined)?.auto_stop_machines;
      if (stop !== undefined) expect(stop, path).toBe(app.autoStop ? 'stop' : 'off');
      const volume = app.volume;
      expect(
        data.mounts?.map((m) => m.initial_size),
        path,
      ).toEqual(volume ? [`${volume.sizeGb}gb`] : undefined);
    }
  });

  it("uses the model's preset, CPU kind and count, and a volume per machine of the priced size", async () => {
    const { files } = await generateFor('fly', custom);
    const stack = buildStack(AnswersSchema.parse(custom));
    const model = fly.resolve(stack, builtinPriceBook());
    const api = model.apps.find((a) => a.slug === 'api')!;
    const data = parseGenerated(fileAt(files, 'fly/api/fly.toml')) as FlyToml;
    expect(data.vm).toEqual([{ size: api.machine.preset, memory: flyMemory(api.machine.memoryMb), cpu_kind: api.machine.cpuKind, cpus: api.machine.vcpus }]);
    expect(data.http_service).toMatchObject({ internal_port: 8080, min_machines_running: 2, auto_stop_machines: 'off', force_https: true });
    expect(data.mounts).toEqual([{ source: 'data', destination: '/data', initial_size: '3gb' }]);
    // Fly scales with `fly scale count`, not in fly.toml.
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain('fly scale count 2 --app acme-shop-api --yes');
    expect(deploy).not.toMatch(/fly scale count \d+ --app acme-shop-worker/);
  });

  it("plans Managed Postgres with the model's plan and storage in DEPLOY.md", async () => {
    const { files } = await generateFor('fly', { db: 'separate', phoenix: false });
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    const stack = buildStack(AnswersSchema.parse({ db: 'separate', phoenix: false }));
    const model = fly.resolve(stack, builtinPriceBook());
    // reasoning-api, litellm (tools-api has no database; Phoenix is left out).
    expect(model.postgres).toHaveLength(2);
    for (const pg of model.postgres) {
      expect(deploy).toContain(`fly mpg create --name reasoning-stack-${pg.name} --region iad --plan ${pg.plan.id} --volume-size ${pg.storageGb}`);
    }
    expect(deploy).toContain('fly mpg attach "$LITELLM_DB_ID" --app reasoning-stack-litellm --database litellm --variable-name DATABASE_URL');
  });
});

describe('fly.toml shapes', () => {
  it('builds from the Dockerfile relative to fly/<service>/ and deploys with the context as working directory', async () => {
    const { files } = await generateFor('fly', custom);
    const api = parseGenerated(fileAt(files, 'fly/api/fly.toml')) as FlyToml;
    expect(api.build).toEqual({ dockerfile: '../../api/docker/Dockerfile.prod' });
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('fly deploy ./api --config "$PWD"/fly/api/fly.toml --ha=false');
  });

  it('gives a private worker without a port no services and no checks, and runs its command', async () => {
    const { files } = await generateFor('fly', custom);
    const worker = parseGenerated(fileAt(files, 'fly/worker/fly.toml')) as FlyToml;
    expect(worker.build).toEqual({ image: 'ghcr.io/acme/worker:1.2' });
    expect(worker.processes).toEqual({ app: 'node worker.js --queue default' });
    expect(worker.http_service).toBeUndefined();
    expect(worker.services).toBeUndefined();
  });

  it('keeps a private service with a port off the internet, behind Flycast, with its health check', async () => {
    const { files } = await generateFor('fly');
    const litellm = parseGenerated(fileAt(files, 'fly/litellm/fly.toml')) as FlyToml;
    expect(litellm.http_service).toBeUndefined();
    expect(litellm.services).toEqual([
      expect.objectContaining({ internal_port: 4000, min_machines_running: 1, http_checks: [expect.objectContaining({ path: '/health/liveliness' })] }),
    ]);
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain('fly deploy --config fly/litellm/fly.toml --ha=false --no-public-ips');
    expect(deploy).toContain('fly ips allocate-v6 --private --app reasoning-stack-litellm');
  });

  it('writes plain values and references to [env], and only names of secrets', async () => {
    const { files } = await generateFor('fly');
    const api = parseGenerated(fileAt(files, 'fly/reasoning-api/fly.toml')) as FlyToml;
    expect(api.env).toEqual({
      REQUIRE_AUTH: 'true',
      LITELLM_BASE_URL: 'http://reasoning-stack-litellm.flycast:4000',
      TOOLS_API_URL: 'http://reasoning-stack-tools-api.flycast:8001',
      PHOENIX_COLLECTOR_ENDPOINT: 'http://reasoning-stack-phoenix.flycast:4317',
      LOG_LEVEL: 'info',
    });
    expect(fileAt(files, 'fly/reasoning-api/fly.toml').contents).toContain('# Set with "fly secrets set", never written here: API_TOKENS, LITELLM_API_KEY');
    expect(api.http_service!.checks).toEqual([expect.objectContaining({ path: '/health' })]);
  });

  it('points the domain at the primary public service and attaches Postgres under another variable name when asked', async () => {
    const { files } = await generateFor('fly', { tier: 'multi-user', domain: 'api.example.com' });
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain('fly certs add api.example.com --app reasoning-stack-reasoning-api');
    expect(deploy).toContain('CLERK_SECRET_KEY=%s');

    const named: AnswersInput = {
      services: [{ name: 'svc', image: 'x/y:1', port: 80, memoryMb: 256, usesDatabase: true, env: [{ name: 'PG_URL', secret: true, from: 'database-url' }] }],
    };
    const out = await generateFor('fly', named);
    expect(fileAt(out.files, 'DEPLOY.md').contents).toContain('--app reasoning-stack-svc --database svc --variable-name PG_URL');
  });
});

describe('secrets', () => {
  it('never writes a secret value to any file', async () => {
    const { files } = await generateFor('fly', custom);
    for (const f of files) expect(f.contents, f.path).not.toContain('s3cr3t-VALUE');
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain(`printf 'SESSION_KEY=%s\\n' "$SESSION_KEY" | fly secrets import --stage --app acme-shop-api`);
    expect(deploy).toContain(`printf 'WORKER_TOKEN=%s\\n' "$WORKER_TOKEN" | fly secrets import --stage --app acme-shop-worker`);
    const api = parseGenerated(fileAt(files, 'fly/api/fly.toml')) as FlyToml;
    expect(api.env).toEqual({ MODE: 'prod' });
  });
});

describe('names and values that could break a file', () => {
  const tricky: AnswersInput = {
    name: 'Ünïcode "Shop" {{x}} $HOME',
    services: [
      {
        name: 'we"ird {{name}} $x ünï',
        image: 'ghcr.io/acme/app:1',
        command: 'sh -c "echo \'hi\'"\nexit 0',
        port: 3000,
        healthPath: '/he"alth',
        memoryMb: 512,
        volume: { sizeGb: 1.5, mountPath: '/data "x"' },
        env: [
          { name: 'GREETING', value: 'say "hi" \\ back\nnew line {{x}} $y ✓' },
          { name: 'TOKEN', secret: true },
        ],
      },
      { name: 'second', build: { context: "./it's here", dockerfile: 'Docker"file' }, memoryMb: 256, public: false },
    ],
  };

  it('still parse, keep the values exactly, and validate', async () => {
    const { files } = await generateFor('fly', tricky);
    const configs = parsed(files);
    expect(configs).toHaveLength(2);
    const first = configs[0]!.data;
    expect(first.env!.GREETING).toBe('say "hi" \\ back\nnew line {{x}} $y ✓');
    expect(first.processes!.app).toBe('sh -c "echo \'hi\'"\nexit 0');
    expect(first.http_service!.checks![0]!.path).toBe('/he"alth');
    expect(first.mounts![0]!.destination).toBe('/data "x"');
    expect(first.mounts![0]!.initial_size).toBe('2gb');
    expect(configs[1]!.data.build!.dockerfile).toBe('../../it\'s here/Docker"file');
    for (const c of configs) expect(schemaErrors('fly', c.data), c.path).toEqual([]);
    // Shell words in DEPLOY.md are quoted.
    expect(fileAt(files, 'DEPLOY.md').contents).toContain(`fly deploy './it'\\''s here' --config "$PWD"/fly/second/fly.toml --ha=false --no-public-ips`);
  });

  it('gives valid, unique Fly app names', async () => {
    const { files } = await generateFor('fly', tricky);
    const names = parsed(files).map((c) => c.data.app);
    for (const n of names) expect(isFlyAppName(n), n).toBe(true);
    expect(new Set(names).size).toBe(names.length);

    const builtin = parsed((await generateFor('fly')).files).map((c) => c.data.app);
    expect(builtin).toEqual(['reasoning-stack-reasoning-api', 'reasoning-stack-tools-api', 'reasoning-stack-litellm', 'reasoning-stack-phoenix']);
  });

  it("shortens names over Fly's limit, keeping the service part, and reports it", () => {
    const project = 'p'.repeat(40);
    const { names, shortened } = flyAppNames(project, ['api', 'api-worker', 'x'.repeat(70)]);
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(FLY_APP_NAME_MAX);
      expect(isFlyAppName(n), n).toBe(true);
    }
    expect(names[0]).toBe(`${project}-api`);
    expect(names[1]).toBe(`${project}-api-worker`);
    expect(shortened.map((s) => s.service)).toEqual(['x'.repeat(70)]);
    expect(flyAppNames('shop', ['a-b', 'a-b']).names).toEqual(['shop-a-b', 'shop-a-b-2']);
    const tight = flyAppNames('project', ['service'], 12);
    expect(tight.names).toEqual(['proj-service']);
    expect(tight.shortened).toEqual([{ service: 'service', name: 'proj-service' }]);
  });
});

describe('key-value stores', () => {
  it('warns and explains fly redis create, since Fly has none in these files', async () => {
    const source: StackSource = {
      kind: 'compose',
      services: [{ ...customServices[1]!, name: 'worker', env: [] }],
      keyValue: [{ name: 'cache', memoryMb: 256, usedBy: ['worker'] }],
    };
    const result = await generateFor('fly', {}, {}, source);
    expect(result.warnings.map((w) => w.code)).toContain('fly.key-value-manual');
    const deploy = fileAt(result.files, 'DEPLOY.md').contents;
    expect(deploy).toContain('fly redis create --name reasoning-stack-cache --region iad --no-replicas');
    expect(deploy).toContain('REDIS_URL=%s');
  });
});

describe('every generated file', () => {
  it('starts with the header', async () => {
    const { files } = await generateFor('fly', { tier: 'multi-user', domain: 'api.example.com' });
    for (const f of files) expect(f.contents.split('\n')[0], f.path).toMatch(/Generated by stackfare .* from the price book of \d{4}-\d{2}-\d{2}/);
  });

  it('lists short next steps', async () => {
    const { nextSteps } = await generateFor('fly');
    expect(nextSteps.length).toBeGreaterThanOrEqual(2);
    expect(nextSteps.length).toBeLessThanOrEqual(4);
  });
});
