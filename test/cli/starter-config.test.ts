/**
 * The LiteLLM config of the built-in stack lives where the seed project keeps it
 * (config/litellm_config.yaml); generate writes a starter there when the project has none, with
 * every key an os.environ/ reference, and never touches one that exists, even with --force.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { AnswersSchema } from '../../src/core/answers.js';
import { buildStack } from '../../src/core/stack.js';
import { starterConfigFiles } from '../../src/platforms/starter-config.js';
import { runCli } from '../helpers/cli.js';
import { fileAt, generateFor } from '../helpers/generate.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'stackfare-starter-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the starter LiteLLM config', () => {
  it('is planned at config/litellm_config.yaml, the path the built-in stack mounts', () => {
    const stack = buildStack(AnswersSchema.parse({}));
    expect(stack.services.find((s) => s.slug === 'litellm')!.mounts).toEqual([
      { source: './config/litellm_config.yaml', target: '/app/config.yaml', readOnly: true },
    ]);
    expect(starterConfigFiles(stack).map((p) => p.path)).toEqual(['config/litellm_config.yaml']);
  });

  it('generate writes it when missing: a model list whose keys are os.environ/ references, never a value', async () => {
    const dir = temp();
    const r = await runCli(['generate', '--platform', 'render', '--yes'], { cwd: dir, env: { OPENAI_API_KEY: 'sk-live-should-not-appear' } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/created\s+config\/litellm_config\.yaml/);
    const text = readFileSync(join(dir, 'config/litellm_config.yaml'), 'utf8');
    expect(text).not.toContain('sk-live');
    const config = YAML.parse(text) as { model_list: { litellm_params: { api_key: string } }[]; general_settings: { master_key: string } };
    expect(config.model_list.length).toBeGreaterThan(0);
    for (const m of config.model_list) expect(m.litellm_params.api_key).toMatch(/^os\.environ\/[A-Z_]+_API_KEY$/);
    expect(config.general_settings.master_key).toBe('os.environ/LITELLM_MASTER_KEY');
  });

  it("never overwrites the project's own file, even with --force; --dry-run writes nothing", async () => {
    const dir = temp();
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config/litellm_config.yaml'), 'model_list: []  # mine\n');
    for (const extra of [[], ['--force']]) {
      const r = await runCli(['generate', '--platform', 'fly', '--yes', ...extra], { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain('config/litellm_config.yaml');
      expect(readFileSync(join(dir, 'config/litellm_config.yaml'), 'utf8')).toBe('model_list: []  # mine\n');
    }
    const fresh = temp();
    const r = await runCli(['generate', '--platform', 'fly', '--yes', '--dry-run'], { cwd: fresh });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(fresh, 'config/litellm_config.yaml'))).toBe(false);
  });

  it('every step that commits or copies it names config/litellm_config.yaml', async () => {
    expect(fileAt((await generateFor('render', {})).files, 'DEPLOY.md').contents).toMatch(/git add .* \.\/config\/litellm_config\.yaml/);
    expect(fileAt((await generateFor('digitalocean', {})).files, 'DEPLOY.md').contents).toMatch(/git add .* config\/litellm_config\.yaml/);
    expect(fileAt((await generateFor('kubernetes', {})).files, 'DEPLOY.md').contents).toContain('cp config/litellm_config.yaml k8s/files/litellm/');
    expect(fileAt((await generateFor('fly', {})).files, 'fly/litellm/fly.toml').contents).toContain('local_path = "config/litellm_config.yaml"');
    for (const p of ['railway', 'render', 'digitalocean', 'fly', 'kubernetes'] as const) {
      expect(fileAt((await generateFor(p, {})).files, 'DEPLOY.md').contents).not.toContain('litellm/config.yaml');
    }
  });
});
