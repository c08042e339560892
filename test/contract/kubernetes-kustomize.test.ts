/**
 * The Kubernetes output builds: in a temporary project modelled on the seed's (a compose file, a
 * service built from source that mounts a config folder with a nested file and a prompts folder,
 * LiteLLM with its config file), `stackfare generate --platform kubernetes` runs, DEPLOY.md's copy
 * step runs in bash as written, and `kubectl kustomize k8s/` must build, with one ConfigMap key
 * per file and every mount pointing at a generated ConfigMap. Skipped, with a notice, when kubectl
 * is not installed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { AnswersInput } from '../../src/core/answers.js';
import { fileAt, generateFor } from '../helpers/generate.js';

const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const hasKubectl = kubectl.status === 0;
const SKIP = 'kubectl is not installed: the kustomize build of the generated k8s/ folder is skipped (CI installs kubectl)';
if (!hasKubectl) console.warn(SKIP);

const COMPOSE = `name: seedlike
services:
  reasoning-api:
    build: ./reasoning-api
    ports: ["8000:8000"]
    volumes:
      - ./config:/app/config:ro
      - ./prompts:/app/prompts:ro
    environment:
      LITELLM_BASE_URL: http://litellm:4000
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:8000/health"]
  litellm:
    image: ghcr.io/berriai/litellm:main-stable
    command: ["--config", "/app/config.yaml", "--port", "4000"]
    volumes:
      - ./config/litellm_config.yaml:/app/config.yaml:ro
`;

const PROJECT: Record<string, string> = {
  'docker-compose.yml': COMPOSE,
  'reasoning-api/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nUSER 1000\nCMD ["uv", "run", "uvicorn", "app:app", "--port", "8000"]\n',
  'config/litellm_config.yaml':
    'model_list:\n  - model_name: gpt-4o\n    litellm_params:\n      model: openai/gpt-4o\n      api_key: os.environ/OPENAI_API_KEY\n',
  'config/app.yaml': 'log_level: info\n',
  'config/nested/limits.yaml': 'max_tokens: 1000\n',
  'prompts/system.txt': 'You are a careful assistant.\n',
};

/** The commands of DEPLOY.md's step whose title starts with `title` (its first sh block, unindented). */
function stepCommands(deploy: string, title: string): string {
  const at = deploy.indexOf(`**${title}`);
  if (at < 0) throw new Error(`DEPLOY.md has no step "${title}"`);
  const block = /```sh\n([\s\S]*?)\n\s*```/.exec(deploy.slice(at));
  if (!block) throw new Error(`the step "${title}" has no sh block`);
  return block[1]!.replace(/^ {4}/gm, '');
}

describe.skipIf(!hasKubectl)(`kubectl kustomize builds the generated k8s/ folder after DEPLOY.md's copy step${hasKubectl ? '' : ` (${SKIP})`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'stackfare-kustomize-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cli = resolve(import.meta.dirname, '..', '..', 'dist', 'cli.js');

  it('generates, copies each mounted file, and builds every ConfigMap with one key per file', () => {
    for (const [path, contents] of Object.entries(PROJECT)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), contents);
    }
    const gen = spawnSync(process.execPath, [cli, 'generate', '--platform', 'kubernetes', '--compose', 'docker-compose.yml', '--yes'], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      timeout: 30_000,
    });
    expect(gen.status, gen.stderr + gen.stdout).toBe(0);
    const deploy = readFileSync(join(dir, 'DEPLOY.md'), 'utf8');
    const copy = stepCommands(deploy, 'Copy the config files into k8s/');
    const ran = spawnSync('bash', ['-euo', 'pipefail', '-c', copy], { cwd: dir, encoding: 'utf8' });
    expect(ran.status, ran.stderr).toBe(0);

    const built = spawnSync('kubectl', ['kustomize', 'k8s/'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    expect(built.status, built.stderr).toBe(0);
    const objects = YAML.parseAllDocuments(built.stdout).map((d) => d.toJS());
    const configMaps = objects.filter((o) => o.kind === 'ConfigMap');
    // The folder: one key per file (nested ones too), the file's contents as the value.
    const folder = configMaps.find((c) => c.metadata.name.startsWith('reasoning-api-config-1-'));
    expect(folder.data).toEqual({
      '1-app.yaml': 'log_level: info\n',
      '2-litellm_config.yaml': PROJECT['config/litellm_config.yaml'],
      '3-limits.yaml': 'max_tokens: 1000\n',
    });
    expect(configMaps.find((c) => c.metadata.name.startsWith('reasoning-api-config-2-')).data).toEqual({ '1-system.txt': 'You are a careful assistant.\n' });
    expect(configMaps.find((c) => c.metadata.name.startsWith('litellm-config-')).data).toEqual({
      '1-litellm_config.yaml': PROJECT['config/litellm_config.yaml'],
    });

    // Every ConfigMap volume names a generated ConfigMap (kustomize adds the hash), every key it maps exists.
    const api = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'reasoning-api').spec.template.spec;
    const volume = api.volumes.find((v: any) => v.name === 'config-1');
    expect(volume.configMap.name).toBe(folder.metadata.name);
    expect(volume.configMap.items).toEqual([
      { key: '1-app.yaml', path: 'app.yaml' },
      { key: '2-litellm_config.yaml', path: 'litellm_config.yaml' },
      { key: '3-limits.yaml', path: 'nested/limits.yaml' },
    ]);
    // A folder is mounted as a folder: no subPath over /app/config.
    expect(api.containers[0].volumeMounts).toContainEqual({ name: 'config-1', mountPath: '/app/config', readOnly: true });
    expect(api.containers[0].volumeMounts.find((m: any) => m.mountPath === '/app/config').subPath).toBeUndefined();
    for (const o of objects.filter((x) => x.kind === 'Deployment')) {
      for (const v of o.spec.template.spec.volumes ?? []) if (v.configMap) expect(configMaps.map((c) => c.metadata.name)).toContain(v.configMap.name);
    }
  });
});

const shellcheck = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' }).status === 0;
const NO_SHELLCHECK = "shellcheck is not installed: the check of DEPLOY.md's shell blocks is skipped (CI installs it)";
if (!shellcheck) console.warn(NO_SHELLCHECK);

describe.skipIf(!shellcheck)(`shellcheck passes on every shell block of the Kubernetes DEPLOY.md${shellcheck ? '' : ` (${NO_SHELLCHECK})`}`, () => {
  for (const answers of [
    {},
    { tier: 'multi-user', domain: 'api.example.com', users: 20000 },
    { postgres: 'cloudnative-pg', db: 'separate' },
  ] as AnswersInput[]) {
    it(JSON.stringify(answers), async () => {
      const { files } = await generateFor('kubernetes', answers);
      // The data-copy section is the shared common block of every platform (checked with them), not these steps.
      const full = fileAt(files, 'DEPLOY.md').contents;
      const deploy = full.slice(0, full.indexOf('**Copy your data to the new databases**') >>> 0);
      const blocks = [...deploy.matchAll(/```sh\n([\s\S]*?)\n\s*```/g)].map((m) => m[1]!.replace(/^ {4}/gm, ''));
      const r = spawnSync('shellcheck', ['-s', 'bash', '-f', 'gcc', '-'], { input: blocks.join('\n'), encoding: 'utf8' });
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }
});
