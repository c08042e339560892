/**
 * Release commands in each platform's documented field, for the seed-like fixture project
 * (reasoning-api: alembic through uv), with every file still valid against its schema.
 */

import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { AnswersInput, PlatformId } from '../../src/core/answers.js';
import type { StackSource } from '../../src/core/stack.js';
import { readComposeImport } from '../../src/io/read-compose.js';
import { readInput } from '../../src/io/read-input.js';
import { legacyConfigPath } from '../../src/platforms/railway/files.js';
import type { RenderedFile } from '../../src/render/render-files.js';
import { fileAt, generateFor, parseGenerated } from '../helpers/generate.js';
import { compileGraph, disposeRailwayTemp, evaluate, HAS_STRIP_TYPES, typeCheck } from '../helpers/railway-iac.js';
import { fileErrors } from '../helpers/validate-files.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'release', 'seed');
const COMPOSE = 'docker-compose.personal.yml';
const MIGRATE = 'uv run alembic -c alembic.ini upgrade head';
let source: StackSource;
beforeAll(async () => {
  source = (await readComposeImport(COMPOSE, { profiles: [], env: {}, cwd: SEED, readFile: (p, kind) => readInput(p, kind) })).source;
});
afterAll(() => disposeRailwayTemp());

const answers: AnswersInput = { compose: COMPOSE, name: 'seedling' };
const gen = (platform: PlatformId, extra: AnswersInput = {}, options = {}) => generateFor(platform, { ...answers, ...extra }, options, source);
const text = (files: readonly RenderedFile[], path: string) => fileAt(files, path).contents;

describe('release commands, per platform', () => {
  it("Fly: [deploy] release_command in the service's own fly.toml only", async () => {
    const { files } = await gen('fly');
    expect(fileErrors(files)).toEqual([]);
    const api = parseGenerated(files.find((f) => /reasoning-api\/fly\.toml$/.test(f.path))!) as { deploy?: { release_command?: string } };
    expect(api.deploy).toEqual({ release_command: MIGRATE });
    const others = files.filter((f) => f.path.endsWith('fly.toml') && !f.path.includes('reasoning-api'));
    expect(others.length).toBeGreaterThan(0);
    for (const f of others) expect((parseGenerated(f) as { deploy?: unknown }).deploy).toBeUndefined();
    expect(text(files, 'DEPLOY.md')).toContain(`- \`reasoning-api\`: \`${MIGRATE}\` (detected; turn it off with --release reasoning-api=none)`);
  });

  it('Railway: preDeployCommand in railway.ts (type-checked against railway/iac); railway.json has deploy.preDeployCommand', async () => {
    const { files } = await gen('railway', {}, { railwayLegacy: true });
    expect(fileErrors(files)).toEqual([]);
    const ts = text(files, '.railway/railway.ts');
    expect(typeCheck(ts)).toEqual([]);
    expect(ts).toContain(`    preDeployCommand: ${JSON.stringify(MIGRATE)},`);
    expect(ts.match(/preDeployCommand/g)).toHaveLength(1);
    if (!HAS_STRIP_TYPES) return;
    const graph = compileGraph(evaluate(ts)) as unknown as { services?: Record<string, { deploy?: { preDeployCommand?: string[] } }> };
    const json = JSON.stringify(graph);
    expect(json).toContain(JSON.stringify({ preDeployCommand: [MIGRATE] }).slice(1, -1));
    const legacy = JSON.parse(text(files, legacyConfigPath('reasoning-api'))) as { deploy: { preDeployCommand?: string[] } };
    expect(legacy.deploy.preDeployCommand).toEqual([MIGRATE]);
    expect((JSON.parse(text(files, legacyConfigPath('tools-api'))) as { deploy: object }).deploy).not.toHaveProperty('preDeployCommand');
  });

  it('Render: preDeployCommand on a paid instance; on a free one an error says it would not run', async () => {
    const { files } = await gen('render');
    expect(fileErrors(files)).toEqual([]);
    const blueprint = parseGenerated(fileAt(files, 'render.yaml')) as { services: { name: string; preDeployCommand?: string }[] };
    expect(blueprint.services.find((s) => s.name === 'reasoning-api')!.preDeployCommand).toBe(MIGRATE);
    expect(blueprint.services.filter((s) => s.preDeployCommand).map((s) => s.name)).toEqual(['reasoning-api']);
    const small = await generateFor('render', {
      services: [{ name: 'web', role: 'web', port: 3000, memoryMb: 256, vcpu: 0.1 }],
      release: { web: 'npx prisma migrate deploy' },
    });
    expect(small.warnings.find((w) => w.code === 'render.free-no-pre-deploy')?.message).toContain(
      "web is small enough for Render's free instance type, which has no pre-deploy command",
    );
    expect(text(small.files, 'DEPLOY.md')).toContain('Only paid instance types run it');
  });

  it("DigitalOcean: a PRE_DEPLOY job with the service's source and variables", async () => {
    const { files } = await gen('digitalocean');
    expect(fileErrors(files)).toEqual([]);
    type Component = {
      name: string;
      kind?: string;
      run_command?: string;
      github?: unknown;
      source_dir?: string;
      dockerfile_path?: string;
      envs?: { key: string }[];
    };
    const spec = parseGenerated(fileAt(files, '.do/app.yaml')) as { services: Component[]; jobs?: Component[] };
    expect(spec.jobs).toHaveLength(1);
    const job = spec.jobs![0]!;
    const api = spec.services.find((s) => s.name === 'reasoning-api')!;
    expect(job).toMatchObject({
      name: 'reasoning-api-release',
      kind: 'PRE_DEPLOY',
      run_command: MIGRATE,
      source_dir: api.source_dir,
      dockerfile_path: api.dockerfile_path,
    });
    expect(job.envs).toEqual(api.envs);
  });

  it('Kubernetes: a Job in k8s/release.yaml, outside the kustomization, run and waited for before apply -k', async () => {
    const { files } = await gen('kubernetes');
    expect(fileErrors(files)).toEqual([]);
    const jobs = YAML.parseAllDocuments(text(files, 'k8s-release.yaml'))
      .map((d) => d.toJS())
      .filter(Boolean);
    expect(jobs).toHaveLength(1);
    expect(() => new Job(jobs[0]).validate()).not.toThrow();
    const [job] = jobs as {
      kind: string;
      metadata: { name: string; namespace: string; labels: Record<string, string> };
      spec: { template: { spec: { restartPolicy: string; containers: { args: string[]; ports?: unknown; env?: unknown[] }[] } } };
    }[];
    expect(job!.kind).toBe('Job');
    expect(job!.metadata.name).toBe('reasoning-api-release');
    expect(job!.metadata.labels['app.kubernetes.io/name']).toBe('reasoning-api-release');
    const pod = job!.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    expect(pod.containers[0]!.args).toEqual(['uv', 'run', 'alembic', '-c', 'alembic.ini', 'upgrade', 'head']);
    expect(pod.containers[0]!.ports).toBeUndefined();
    const deployment = (
      parseGenerated(fileAt(files, 'k8s/reasoning-api.yaml')) as { kind: string; spec: { template: { spec: { containers: { env?: unknown[] }[] } } } }[]
    ).find((o) => o.kind === 'Deployment')!;
    expect(pod.containers[0]!.env).toEqual(deployment.spec.template.spec.containers[0]!.env);
    const kustomization = YAML.parse(text(files, 'k8s/kustomization.yaml')) as { resources: string[] };
    expect(kustomization.resources.join(' ')).not.toContain('release');
    const deploy = text(files, 'DEPLOY.md');
    const runJob = deploy.indexOf('kubectl apply -f k8s-release.yaml');
    expect(runJob).toBeGreaterThan(0);
    expect(deploy.indexOf('kubectl -n seedling wait --for=condition=complete job/reasoning-api-release')).toBeGreaterThan(runJob);
    expect(deploy.indexOf('kubectl apply -k k8s/')).toBeGreaterThan(runJob);
  });

  it('local: a one-off compose service the app waits for, and a make target', async () => {
    const { files } = await gen('local', { tier: 'local' });
    expect(fileErrors(files)).toEqual([]);
    const compose = YAML.parse(text(files, 'docker-compose.personal.yml')) as {
      services: Record<string, { command?: string; restart?: string; build?: unknown; ports?: unknown; depends_on?: Record<string, { condition: string }> }>;
    };
    const job = compose.services['reasoning-api-release']!;
    expect(job).toMatchObject({ command: MIGRATE, restart: 'no' });
    expect(job.build).toEqual(compose.services['reasoning-api']!.build);
    expect(job.ports).toBeUndefined();
    const { 'reasoning-api-release': wait, ...appDeps } = compose.services['reasoning-api']!.depends_on!;
    expect(wait).toBeDefined();
    expect(job.depends_on).toEqual(appDeps);
    expect(Object.values(appDeps)).toContainEqual({ condition: 'service_healthy' });
    expect(compose.services['reasoning-api']!.depends_on!['reasoning-api-release']).toEqual({ condition: 'service_completed_successfully' });
    const makefile = text(files, 'Makefile');
    expect(makefile).toContain('personal_migrate: ## Run the release commands');
    expect(makefile).toContain('\t$(COMPOSE) run --rm --build reasoning-api-release\n');
  });

  it('--release NAME=none leaves every platform without one', async () => {
    for (const platform of ['fly', 'render', 'digitalocean', 'kubernetes'] as const) {
      const { files } = await gen(platform, { release: { 'reasoning-api': 'none' } });
      const all = files
        .filter((f) => f.path !== 'DEPLOY.md')
        .map((f) => f.contents)
        .join('\n');
      expect(all, platform).not.toMatch(/alembic|release_command|preDeployCommand|PRE_DEPLOY/);
      expect(text(files, 'DEPLOY.md'), platform).toContain('turned off in the answers');
      expect(files.some((f) => f.path === 'k8s-release.yaml')).toBe(false);
    }
  });
});

describe('mounts of services built from source', () => {
  it('a mount the Dockerfile does not COPY is an error naming the mount and the fix on every hosted platform; no Fly warning for the copied ones', async () => {
    for (const platform of ['fly', 'railway', 'render', 'digitalocean'] as const) {
      const { warnings } = await gen(platform);
      const unbaked = warnings.filter((w) => w.code === 'mount.not-in-image');
      expect(
        unbaked.map((w) => [w.severity, w.service]),
        platform,
      ).toEqual([['error', 'tools-api']]);
      expect(unbaked[0]!.message).toContain('tools-api reads ./prompts at /app/prompts');
      expect(unbaked[0]!.fix).toContain('./prompts is outside the build context ./tools-api');
      expect(
        warnings.filter((w) => w.service === 'reasoning-api' && /mount/.test(w.code)),
        platform,
      ).toEqual([]);
    }
    expect((await gen('fly')).warnings.some((w) => w.code === 'fly.mount-not-carried')).toBe(false);
  });

  it('locally the bind mount stays and nothing warns', async () => {
    const { files, warnings } = await gen('local', { tier: 'local' });
    expect(warnings.some((w) => w.code === 'mount.not-in-image')).toBe(false);
    const compose = YAML.parse(text(files, 'docker-compose.personal.yml')) as { services: Record<string, { volumes?: { source: string; target: string }[] }> };
    expect(compose.services['tools-api']!.volumes).toEqual([{ type: 'bind', source: './prompts', target: '/app/prompts', read_only: true }]);
    expect(compose.services['reasoning-api']!.volumes).toBeUndefined();
  });

  it('inside the build context, the fix is the COPY line for its Dockerfile', async () => {
    const { warnings } = await generateFor('fly', {
      services: [{ name: 'api', port: 8000, memoryMb: 512, build: { context: './api' }, mounts: [{ source: './api/conf', target: '/srv/conf' }] }],
    });
    expect(warnings.find((w) => w.code === 'mount.not-in-image')!.fix).toBe(
      'Add COPY ["conf","/srv/conf"] to api/Dockerfile, then generate again (the mount is then dropped).',
    );
  });
});
