import { describe, expect, it } from 'vitest';
import { type AnswersInput, AnswersSchema, type ServiceInput } from '../../src/core/answers.js';
import { estimateJson, estimatePlatform } from '../../src/core/report.js';
import { buildStack, type StackSource } from '../../src/core/stack.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { DO_NAME, parseImage } from '../../src/platforms/digitalocean/files.js';
import { digitalocean } from '../../src/platforms/digitalocean/index.js';
import { DO_PG_VERSION } from '../../src/platforms/digitalocean/managed-db.js';
import { acmeServices } from '../helpers/fixtures.js';
import { fileAt, generateFor, parseGenerated } from '../helpers/generate.js';
import { schemaErrors } from '../helpers/schemas.js';

interface DoEnv {
  key: string;
  scope?: string;
  type?: string;
  value?: string;
}
interface DoComponent {
  name: string;
  image?: { registry_type: string; registry?: string; repository: string; tag?: string; digest?: string };
  github?: { repo: string; branch: string; deploy_on_push: boolean };
  source_dir?: string;
  dockerfile_path?: string;
  run_command?: string;
  instance_size_slug: string;
  instance_count: number;
  http_port?: number;
  internal_ports?: number[];
  health_check?: { http_path: string; port?: number };
  envs?: DoEnv[];
  volumes?: unknown;
}
interface AppSpec {
  name: string;
  region: string;
  domains?: { domain: string; type: string }[];
  services?: DoComponent[];
  workers?: DoComponent[];
  ingress?: { rules: { match: { path: { prefix: string } }; component: { name: string } }[] };
  databases?: { name: string; engine: string; version?: string; production: boolean; cluster_name: string; db_name?: string; db_user?: string }[];
}

const SPEC = '.do/app.yaml';

/** A custom stack: a public API with 2 instances built from source, and a worker without a port. */
const customServices: ServiceInput[] = acmeServices({ volume: undefined });
const custom: AnswersInput = { name: 'Acme Shop', services: customServices };

const scenarios = [
  ['single-user', {}],
  ['multi-user with auth and a domain', { tier: 'multi-user', auth: 'clerk', users: 12000, domain: 'api.example.com' }],
  ['separate databases', { db: 'separate' }],
  ['a custom stack with a worker and a 2-instance API', custom],
] as const satisfies readonly (readonly [string, AnswersInput])[];

async function specFor(answers: AnswersInput = {}, source?: StackSource) {
  const result = await generateFor('digitalocean', answers, {}, source);
  return { ...result, spec: parseGenerated(fileAt(result.files, SPEC)) as AppSpec, deploy: fileAt(result.files, 'DEPLOY.md').contents };
}

/** The estimate for the same answers, computed the way `estimate` does. */
function estimateFor(answers: AnswersInput) {
  const book = builtinPriceBook();
  const stack = buildStack(AnswersSchema.parse(answers));
  return estimateJson(estimatePlatform(digitalocean, stack, book, digitalocean.resolve(stack, book)), false);
}

const components = (spec: AppSpec) => [...(spec.services ?? []), ...(spec.workers ?? [])];
const env = (c: DoComponent | undefined, key: string) => c?.envs?.find((e) => e.key === key);

describe("'.do/app.yaml' against the App Platform app spec schema", () => {
  it.each(scenarios)('%s validates', async (_label, answers) => {
    const { spec } = await specFor(answers);
    expect(schemaErrors('do-app-spec', spec)).toEqual([]);
  });
});

describe('the app spec check can fail', () => {
  it('rejects an invalid app name, a size App Platform does not have, a port out of range and an unknown engine', async () => {
    const { spec } = await specFor();
    expect(schemaErrors('do-app-spec', { ...spec, name: 'Reasoning_Stack' }).length).toBeGreaterThan(0);
    const [first, ...rest] = spec.services!;
    expect(schemaErrors('do-app-spec', { ...spec, services: [{ ...first, instance_size_slug: 'apps-mega' }, ...rest] }).length).toBeGreaterThan(0);
    expect(schemaErrors('do-app-spec', { ...spec, services: [{ ...first, http_port: 70000 }, ...rest] }).length).toBeGreaterThan(0);
    expect(schemaErrors('do-app-spec', { ...spec, databases: [{ ...spec.databases![0], engine: 'POSTGRES' }] }).length).toBeGreaterThan(0);
  });
});

describe("the app spec carries the estimate's sizes", () => {
  it.each(scenarios)("%s: instance_size_slug and instance_count equal the estimate's sizing", async (_label, answers) => {
    const { spec } = await specFor(answers);
    const sizing = estimateFor(answers).sizing;
    const byName = new Map(components(spec).map((c) => [c.name, c]));
    expect([...byName.keys()].sort()).toEqual(sizing.map((s) => s.service).sort());
    for (const s of sizing) {
      expect(byName.get(s.service)!.instance_size_slug, s.service).toBe(s.size);
      expect(byName.get(s.service)!.instance_count, s.service).toBe(s.instances);
    }
  });

  it('scales the APIs of the multi-user tier on a size that can run several instances', async () => {
    const { spec } = await specFor({ tier: 'multi-user', users: 12000 });
    const api = spec.services!.find((s) => s.name === 'reasoning-api')!;
    expect(api.instance_count).toBe(3);
    expect(api.instance_size_slug).toBe('apps-s-1vcpu-1gb');
  });

  it('attaches the managed clusters the estimate priced and creates them with doctl', async () => {
    const { spec, deploy } = await specFor();
    // One cluster, one database (and user) per app on it.
    expect(spec.databases).toEqual(
      ['reasoning_api', 'litellm', 'phoenix'].map((db) => ({
        name: `postgres-${db.replace('_', '-')}`,
        engine: 'PG',
        version: DO_PG_VERSION,
        production: true,
        cluster_name: 'reasoning-stack-postgres',
        db_name: db,
        db_user: db,
      })),
    );
    expect(deploy).toContain(
      `doctl databases create reasoning-stack-postgres --engine pg --version ${DO_PG_VERSION} --region nyc3 --size db-s-1vcpu-1gb --num-nodes 1`,
    );
    expect(deploy).toContain('doctl databases db create "$CLUSTER_ID" reasoning_api');
    expect(deploy).toContain('doctl databases user create "$CLUSTER_ID" litellm');
    expect(deploy.match(/doctl databases create /g)).toHaveLength(1);
    expect(deploy).toContain('doctl apps create --spec .do/app.yaml');
    expect(deploy).toContain('doctl auth init');
    // The dev database is the priced alternative, only mentioned.
    expect(deploy).toContain('$7.00 dev database');
    expect(deploy).toContain(`psql -d phoenix -c 'GRANT ALL ON SCHEMA public TO "phoenix"'`);
    // doadmin's password reaches psql through the environment, never its command line.
    expect(deploy).toContain('PGPASSWORD="$(doctl databases connection "$CLUSTER_ID" --format Password --no-header)"');
    expect(deploy).toContain('export PGHOST PGPORT PGUSER PGPASSWORD PGSSLMODE=require');
    expect(deploy).not.toContain('databases.sql');
  });

  it("gives every instance of the separate layout its own cluster, Phoenix's included", async () => {
    const { spec, deploy } = await specFor({ db: 'separate' });
    expect(spec.databases!.map((d) => [d.name, d.cluster_name, d.db_name])).toEqual([
      ['reasoning-api-db', 'reasoning-stack-reasoning-api-db', 'reasoning_api'],
      ['litellm-db', 'reasoning-stack-litellm-db', 'litellm'],
      ['phoenix-db', 'reasoning-stack-phoenix-db', 'phoenix'],
    ]);
    expect(
      env(
        spec.services!.find((s) => s.name === 'litellm'),
        'DATABASE_URL',
      ),
    ).toEqual({ key: 'DATABASE_URL', scope: 'RUN_TIME', value: '${litellm-db.DATABASE_URL}' });
    // tools-api has no database.
    expect(
      env(
        spec.services!.find((s) => s.name === 'tools-api'),
        'DATABASE_URL',
      ),
    ).toBeUndefined();
    expect(deploy).not.toContain('databases.sql');
    expect(fileAt((await generateFor('digitalocean', { db: 'separate' })).files, 'DEPLOY.md').contents.match(/doctl databases create /g)).toHaveLength(3);
  });
});

describe('Phoenix on App Platform', () => {
  it('has no volume and reads PHOENIX_SQL_DATABASE_URL from the database', async () => {
    const { spec } = await specFor();
    const phoenix = spec.services!.find((s) => s.name === 'phoenix')!;
    expect(phoenix.volumes).toBeUndefined();
    expect(env(phoenix, 'PHOENIX_SQL_DATABASE_URL')).toEqual({ key: 'PHOENIX_SQL_DATABASE_URL', scope: 'RUN_TIME', value: '${postgres-phoenix.DATABASE_URL}' });
    // Its own database, no invented schema variable; private, so no path prefix either.
    expect(env(phoenix, 'PHOENIX_SQL_DATABASE_SCHEMA')).toBeUndefined();
    expect(env(phoenix, 'PHOENIX_HOST_ROOT_PATH')).toBeUndefined();
    expect(env(phoenix, 'PHOENIX_WORKING_DIR')).toBeUndefined();
    expect(phoenix.image).toEqual({ registry_type: 'DOCKER_HUB', registry: 'arizephoenix', repository: 'phoenix', tag: 'version-17.23.0' });
  });
});

describe('components', () => {
  it('routes public services through ingress rules, the primary API at /', async () => {
    const { spec } = await specFor();
    // Only the service nothing calls is public; the others are reached inside the app.
    expect(spec.ingress!.rules.map((r) => [r.match.path.prefix, r.component.name])).toEqual([['/', 'reasoning-api']]);
    const two = (await specFor({ public: ['tools-api'] })).spec;
    expect(two.ingress!.rules.map((r) => [r.match.path.prefix, r.component.name])).toEqual([
      ['/tools-api', 'tools-api'],
      ['/', 'reasoning-api'],
    ]);
    const api = spec.services!.find((s) => s.name === 'reasoning-api')!;
    expect(api.http_port).toBe(8000);
    expect(api.health_check).toEqual({ http_path: '/health' });
  });

  it('keeps a private service internal: internal_ports, no http_port, no route', async () => {
    const { spec } = await specFor();
    const litellm = spec.services!.find((s) => s.name === 'litellm')!;
    expect(litellm.http_port).toBeUndefined();
    expect(litellm.internal_ports).toEqual([4000]);
    expect(litellm.health_check).toEqual({ http_path: '/health/liveliness', port: 4000 });
    // Its config file travels in a two-line image built from the repository root; the arguments are that image's CMD.
    expect(litellm.run_command).toBeUndefined();
    expect(litellm.image).toBeUndefined();
    expect(litellm).toMatchObject({ source_dir: '/', dockerfile_path: '.do/litellm/Dockerfile' });
    const { files } = await generateFor('digitalocean');
    expect(fileAt(files, '.do/litellm/Dockerfile').contents).toContain(
      'FROM ghcr.io/berriai/litellm:main-stable\nCOPY ["config/litellm_config.yaml","/app/config.yaml"]\nCMD ["--config","/app/config.yaml","--port","4000"]\n',
    );
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('git add .do/app.yaml .env.example DEPLOY.md .do/litellm/Dockerfile');
    expect(spec.ingress!.rules.some((r) => r.component.name === 'litellm')).toBe(false);
  });

  it('builds from source with a placeholder repository, and makes a component without a port a worker', async () => {
    const { spec, deploy, nextSteps } = await specFor(custom);
    expect(spec.name).toBe('acme-shop');
    const api = spec.services!.find((s) => s.name === 'api')!;
    expect(api.github).toEqual({ repo: 'CHANGE-ME/acme-shop', branch: 'main', deploy_on_push: true });
    expect(api.source_dir).toBe('api');
    expect(api.dockerfile_path).toBe('api/docker/Dockerfile.prod');
    expect(deploy).toContain('replace every CHANGE-ME/acme-shop');
    expect(nextSteps[0]).toContain('CHANGE-ME/acme-shop');
    expect(spec.workers).toEqual([
      expect.objectContaining({
        name: 'worker',
        run_command: 'node worker.js --queue default',
        instance_count: 1,
        image: { registry_type: 'GHCR', registry: 'acme', repository: 'worker', tag: '1.2' },
      }),
    ]);
    expect(spec.workers![0]!.http_port).toBeUndefined();
    expect(spec.workers![0]!.health_check).toBeUndefined();
  });

  it('names the primary domain', async () => {
    const { spec, deploy } = await specFor({ domain: 'api.example.com' });
    expect(spec.domains).toEqual([{ domain: 'api.example.com', type: 'PRIMARY' }]);
    expect(deploy).toContain('Add a CNAME record for api.example.com');
  });

  it('binds the other database variables to their bindable names', async () => {
    const answers: AnswersInput = {
      services: [
        {
          name: 'svc',
          image: 'registry.digitalocean.com/acme/svc@sha256:abc',
          port: 80,
          memoryMb: 256,
          usesDatabase: true,
          env: [
            { name: 'PGHOST', from: 'database-host' },
            { name: 'PGPORT', from: 'database-port' },
            { name: 'PGUSER', from: 'database-user' },
            { name: 'PGPASSWORD', secret: true, from: 'database-password' },
            { name: 'PGDATABASE', from: 'database-name' },
          ],
        },
      ],
    };
    const { spec } = await specFor(answers);
    const svc = spec.services![0]!;
    expect(Object.fromEntries(svc.envs!.map((e) => [e.key, e.value]))).toEqual({
      PGHOST: '${postgres.HOSTNAME}',
      PGPORT: '${postgres.PORT}',
      PGUSER: '${postgres.USERNAME}',
      PGPASSWORD: '${postgres.PASSWORD}',
      PGDATABASE: '${postgres.DATABASE}',
      DATABASE_URL: '${postgres.DATABASE_URL}',
    });
    expect(svc.image).toEqual({ registry_type: 'DOCR', repository: 'svc', digest: 'sha256:abc' });
  });

  it('attaches a key-value store as managed Valkey', async () => {
    const source: StackSource = {
      kind: 'compose',
      services: [{ ...customServices[1]!, env: [] }],
      keyValue: [{ name: 'cache', memoryMb: 256, usedBy: ['worker'] }],
    };
    const { spec, deploy } = await specFor({}, source);
    expect(spec.databases).toContainEqual({ name: 'cache', engine: 'VALKEY', production: true, cluster_name: 'reasoning-stack-cache' });
    expect(env(spec.workers![0], 'REDIS_URL')?.value).toBe('${cache.DATABASE_URL}');
    expect(deploy).toContain('doctl databases create reasoning-stack-cache --engine valkey --region nyc3 --size db-s-1vcpu-1gb --num-nodes 1');
    expect(schemaErrors('do-app-spec', spec)).toEqual([]);
  });
});

describe('image references', () => {
  it.each([
    ['ghcr.io/berriai/litellm:main-stable', { registryType: 'GHCR', registry: 'berriai', repository: 'litellm', tag: 'main-stable', digest: null }, true],
    [
      'arizephoenix/phoenix:version-17.23.0',
      { registryType: 'DOCKER_HUB', registry: 'arizephoenix', repository: 'phoenix', tag: 'version-17.23.0', digest: null },
      true,
    ],
    ['postgres', { registryType: 'DOCKER_HUB', registry: 'library', repository: 'postgres', tag: 'latest', digest: null }, true],
    ['docker.io/library/redis:7@sha256:0123', { registryType: 'DOCKER_HUB', registry: 'library', repository: 'redis', tag: null, digest: 'sha256:0123' }, true],
    ['ghcr.io/org/team/app@sha256:feed', { registryType: 'GHCR', registry: 'org', repository: 'team/app', tag: null, digest: 'sha256:feed' }, true],
    ['registry.digitalocean.com/acme/api:2', { registryType: 'DOCR', registry: null, repository: 'api', tag: '2', digest: null }, true],
    ['localhost:5000/app:dev', { registryType: 'DOCR', registry: null, repository: 'app', tag: 'dev', digest: null }, false],
    ['quay.io/org/app:1', { registryType: 'DOCR', registry: null, repository: 'app', tag: '1', digest: null }, false],
  ] as const)('%s', (ref, image, supported) => {
    expect(parseImage(ref)).toMatchObject({ image, supported });
  });

  it('warns about a registry App Platform cannot pull from', async () => {
    const result = await generateFor('digitalocean', { services: [{ name: 'app', image: 'quay.io/org/app:1', port: 80, memoryMb: 256 }] });
    expect(result.warnings.map((w) => w.code)).toContain('digitalocean.registry');
  });
});

describe('secrets', () => {
  it('are type SECRET without a value', async () => {
    const { spec } = await specFor({ tier: 'multi-user' });
    const api = spec.services!.find((s) => s.name === 'reasoning-api')!;
    for (const key of ['API_TOKENS', 'LITELLM_API_KEY', 'CLERK_SECRET_KEY']) {
      expect(env(api, key)).toEqual({ key, scope: 'RUN_TIME', type: 'SECRET' });
    }
    // A plain variable without a default is left for the user, not invented.
    expect(env(api, 'CLERK_PUBLISHABLE_KEY')).toEqual({ key: 'CLERK_PUBLISHABLE_KEY', scope: 'RUN_TIME' });
    expect(env(api, 'LOG_LEVEL')).toEqual({ key: 'LOG_LEVEL', scope: 'RUN_TIME', value: 'info' });
  });

  it('never writes a secret value to any file', async () => {
    const { files, spec } = await specFor(custom);
    for (const f of files) expect(f.contents, f.path).not.toContain('s3cr3t-VALUE');
    expect(env(spec.services![0], 'SESSION_KEY')).toEqual({ key: 'SESSION_KEY', scope: 'RUN_TIME', type: 'SECRET' });
    expect(env(spec.workers![0], 'WORKER_TOKEN')).toEqual({ key: 'WORKER_TOKEN', scope: 'RUN_TIME', type: 'SECRET' });
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
        usesDatabase: true,
        env: [
          { name: 'GREETING', value: 'say "hi" \\ back\nnew line {{x}} $y ✓ ${db.PASSWORD}' },
          { name: 'TOKEN', secret: true },
        ],
      },
      { name: 'postgres', build: { context: "./it's here", dockerfile: 'Docker"file' }, port: 9000, memoryMb: 256, public: false },
    ],
  };

  it('still parse, keep the values exactly, and validate', async () => {
    const { spec, files } = await specFor(tricky);
    expect(DO_NAME.test(spec.name)).toBe(true);
    const first = spec.services![0]!;
    expect(env(first, 'GREETING')?.value).toBe('say "hi" \\ back\nnew line {{x}} $y ✓ ${db.PASSWORD}');
    expect(first.run_command).toBe('sh -c "echo \'hi\'"\nexit 0');
    expect(first.health_check!.http_path).toBe('/he"alth');
    expect(spec.services![1]!.source_dir).toBe("it's here");
    expect(spec.services![1]!.dockerfile_path).toBe('it\'s here/Docker"file');
    expect(schemaErrors('do-app-spec', spec)).toEqual([]);
    // A service named postgres keeps its name; the database component moves aside.
    const names = [...components(spec).map((c) => c.name), ...spec.databases!.map((d) => d.name)];
    for (const n of names) expect(DO_NAME.test(n), n).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(spec.databases![0]!.name).toBe('postgres-2');
    expect(env(first, 'DATABASE_URL')?.value).toBe('${postgres-2.DATABASE_URL}');
    expect(fileAt(files, 'DEPLOY.md').contents).toContain('.do/app.yaml');
  });

  it('warns when a literal value would be read as a bindable variable', async () => {
    const result = await generateFor('digitalocean', tricky);
    expect(result.warnings.filter((w) => w.code === 'digitalocean.literal-reference').map((w) => w.message)).toEqual([expect.stringContaining('GREETING')]);
    const plain = await generateFor('digitalocean');
    expect(plain.warnings.some((w) => w.code === 'digitalocean.literal-reference')).toBe(false);
  });
});

describe('every generated file', () => {
  it('starts with the header', async () => {
    const { files } = await generateFor('digitalocean', { tier: 'multi-user', domain: 'api.example.com' });
    for (const f of files) expect(f.contents.split('\n')[0], f.path).toMatch(/Generated by stackfare .* from the price book of \d{4}-\d{2}-\d{2}/);
  });

  it('lists 2 to 4 short next steps', async () => {
    for (const answers of [{}, custom, { services: [{ name: 'x', image: 'a/b:1', port: 80, memoryMb: 256 }] }]) {
      const { nextSteps } = await generateFor('digitalocean', answers);
      expect(nextSteps.length).toBeGreaterThanOrEqual(2);
      expect(nextSteps.length).toBeLessThanOrEqual(4);
    }
  });
});
