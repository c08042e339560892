import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyBuildFacts } from '../../src/compose/build-context.js';
import { AnswersSchema } from '../../src/core/answers.js';
import { buildStack } from '../../src/core/stack.js';
import { readComposeImport } from '../../src/io/read-compose.js';
import { readInput } from '../../src/io/read-input.js';
import { runCli } from '../helpers/in-process.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'release', 'seed');
const COMPOSE = 'docker-compose.personal.yml';
const tmp = mkdtempSync(join(tmpdir(), 'stackfare-release-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const importSeed = () => readComposeImport(COMPOSE, { profiles: [], env: {}, cwd: SEED, readFile: (p, kind) => readInput(p, kind) });

describe('the seed-like project', () => {
  it("detects reasoning-api's alembic migrations and runs them through uv, as its CMD does", async () => {
    const result = await importSeed();
    const stack = buildStack(AnswersSchema.parse({ compose: COMPOSE }), result.source);
    const api = stack.services.find((s) => s.slug === 'reasoning-api')!;
    expect(api.release).toEqual({ command: 'uv run alembic -c alembic.ini upgrade head', origin: 'detected' });
    expect(stack.services.filter((s) => s.release).map((s) => s.slug)).toEqual(['reasoning-api']);
    expect(stack.assumptions.join('\n')).toContain('Turn it off with --release reasoning-api=none');
  });

  it('drops the mounts its Dockerfile already COPYs, and says which mounts are not in the image', async () => {
    const result = await importSeed();
    const byName = new Map(result.source.services.map((s) => [s.name, s]));
    expect(byName.get('reasoning-api')!.mounts).toBeUndefined();
    expect(byName.get('tools-api')!.mounts).toEqual([{ source: './prompts', target: '/app/prompts', readOnly: true }]);
    expect(byName.get('litellm')!.mounts).toHaveLength(1);
    const text = result.assumptions.join('\n');
    expect(text).toContain(
      'reasoning-api: ./reasoning-api/config → /app/config, ./reasoning-api/prompts → /app/prompts not mounted: its Dockerfile already COPYs them there',
    );
    expect(text).toContain('tools-api: ./prompts → /app/prompts is mounted from the repository, but its Dockerfile does not COPY it there');
    expect(text).toContain('litellm: ./config/litellm_config.yaml → /app/config.yaml is a config file of the repository; it travels with the service');
    expect(text).not.toMatch(/tools-api[^\n]*travels/);
  });

  it('an explicit release wins over the detection, and none turns it off', async () => {
    const result = await importSeed();
    const own = buildStack(AnswersSchema.parse({ compose: COMPOSE, release: { 'reasoning-api': 'make migrate', 'tools-api': 'none' } }), result.source);
    expect(own.services.find((s) => s.slug === 'reasoning-api')!.release).toEqual({ command: 'make migrate', origin: 'answers' });
    const off = buildStack(AnswersSchema.parse({ compose: COMPOSE, release: { 'reasoning-api': 'none' } }), result.source);
    expect(off.services.some((s) => s.release)).toBe(false);
    expect(off.assumptions.join('\n')).toContain('the detected alembic migrations ("uv run alembic -c alembic.ini upgrade head") are turned off');
  });
});

describe('the built-in stack', () => {
  it('sets no release command and says how to add one, since its build folders are not read', () => {
    const stack = buildStack(AnswersSchema.parse({}));
    expect(stack.services.some((s) => s.release)).toBe(false);
    expect(stack.assumptions.join('\n')).toContain(
      'reasoning-api: no release command. It is built from ./reasoning-api, which the built-in stack does not read',
    );
    const set = buildStack(AnswersSchema.parse({ release: { 'reasoning-api': 'alembic upgrade head' } }));
    expect(set.services.find((s) => s.slug === 'reasoning-api')!.release?.command).toBe('alembic upgrade head');
    expect(set.assumptions.join('\n')).not.toContain('no release command');
  });
});

describe('--release and the answers file', () => {
  it('exits 2 on a malformed value', async () => {
    for (const bad of ['reasoning-api', '=alembic upgrade head', 'reasoning-api=', 'reasoning-api=   ']) {
      const r = await runCli(['estimate', '--release', bad], tmp);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--release expects NAME=COMMAND');
    }
  });

  it('exits 2 on an unknown service, naming the valid ones', async () => {
    const r = await runCli(['estimate', '--release', 'reasoning=alembic upgrade head'], tmp);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--release names "reasoning", which is not a service of this stack.');
    expect(r.stderr).toContain('Services: reasoning-api, tools-api, litellm, phoenix.');
  });

  it("checks names against the compose file's services", async () => {
    const bad = await runCli(['estimate', '--compose', COMPOSE, '--release', 'phoenix=true'], SEED);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Services: reasoning-api, tools-api, litellm.');
    const ok = await runCli(['estimate', '--compose', COMPOSE, '--release', 'tools-api=python -m tools_api.migrate', '--format', 'json'], SEED);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('tools-api: runs \\"python -m tools_api.migrate\\" once per deploy');
  });

  it('validates the answers file: an unknown service exits 1 naming the file, a blank command fails the schema', async () => {
    const file = join(tmp, 'answers.json');
    writeFileSync(file, JSON.stringify({ release: { api: 'alembic upgrade head' } }));
    const unknown = await runCli(['estimate', '--answers', file], tmp);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`${file}: release names "api"`);
    writeFileSync(file, JSON.stringify({ release: { 'reasoning-api': ' ' } }));
    const blank = await runCli(['estimate', '--answers', file], tmp);
    expect(blank.code).toBe(1);
    expect(blank.stderr).toContain('release.reasoning-api: expected a command');
  });
});

describe('mount notes without a readable build context', () => {
  it('says the Dockerfile could not be read rather than claiming it lacks the COPY, and keeps the mount', () => {
    const source = {
      kind: 'compose' as const,
      services: [
        {
          name: 'api',
          role: 'api' as const,
          memoryMb: 512,
          vcpu: 0.5,
          instances: 1,
          env: [],
          usesDatabase: false,
          optional: false,
          build: { context: './api' },
          mounts: [{ source: './conf', target: '/conf', readOnly: true }],
        },
      ],
    };
    const notes = applyBuildFacts(source, new Map());
    expect(notes).toEqual([
      'api: ./conf → /conf is mounted from the repository, but its Dockerfile could not be read to see whether it COPYs it there: on the platforms the image runs without it unless the Dockerfile does (locally the bind mount stays).',
    ]);
    expect(source.services[0]!.mounts).toHaveLength(1);
  });
});
