/**
 * Issue 16, item 7: `stackfare check [DIR]` holds the deploy files in DIR, as edited by hand, against
 * the stack they were generated from, by the platform's own rules: exit 0 right after generate, exit 1
 * naming the file and the problem once a reference breaks, a private service is made public, a secret
 * value is written in, a setting points at localhost, or a file DEPLOY.md names is deleted.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLATFORM_IDS, type PlatformId } from '../../src/core/answers.js';
import { MANIFEST_FILE_NAME } from '../../src/io/manifest.js';
import { runCli } from '../helpers/in-process.js';

const base = mkdtempSync(join(tmpdir(), 'stackfare-check-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;

/** A project folder (with the LiteLLM config the built-in stack's steps copy) and the platform's files in out/. */
async function generated(platform: PlatformId, extra: string[] = []): Promise<string> {
  const d = join(base, `case-${n++}`);
  mkdirSync(join(d, 'litellm'), { recursive: true });
  writeFileSync(join(d, 'litellm', 'config.yaml'), 'model_list: []\n');
  const tier = platform === 'local' ? 'local' : 'single-user';
  const r = await runCli(['generate', '--platform', platform, '--tier', tier, '--out', 'out', ...extra], d);
  expect(r.code, r.stderr).toBe(0);
  return d;
}

interface Json {
  ok: boolean;
  platform: string;
  findings: { file: string; kind: string; problem: string }[];
}

async function check(d: string, ...more: string[]): Promise<{ code: number; json: Json }> {
  const r = await runCli(['check', 'out', '--format', 'json', ...more], d);
  expect(r.stderr).toBe('');
  return { code: r.code, json: JSON.parse(r.stdout) as Json };
}

const edit = (path: string, from: string | RegExp, to: string) => {
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  expect(next, `${path} should contain ${String(from)}`).not.toBe(text);
  writeFileSync(path, next);
};

describe('generate then check holds on every platform', () => {
  for (const platform of PLATFORM_IDS) {
    it(`${platform}: exit 0, no findings`, async () => {
      const d = await generated(platform);
      const { code, json } = await check(d);
      expect(json.findings).toEqual([]);
      expect(code).toBe(0);
      expect(json.platform).toBe(platform);
      const table = await runCli(['check', 'out'], d);
      expect(table.code).toBe(0);
      expect(table.stdout).toContain(`the ${platform} files hold against the stack recorded in ${MANIFEST_FILE_NAME}`);
    });
  }

  it('without a manifest the platform is found from the files, and the built-in stack is assumed', async () => {
    const d = await generated('fly');
    unlinkSync(join(d, 'out', MANIFEST_FILE_NAME));
    const { code, json } = await check(d);
    expect(json.platform).toBe('fly');
    expect(json.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('the manifest rebuilds the stack it was generated with (--no-phoenix), not the default one', async () => {
    const d = await generated('kubernetes', ['--no-phoenix', '--db', 'separate']);
    expect((await check(d)).code).toBe(0);
  });
});

describe('check names each hand edit that breaks the files', () => {
  it('a broken reference: the file and the variable', async () => {
    const d = await generated('fly');
    edit(join(d, 'out', 'fly', 'reasoning-api', 'fly.toml'), 'reasoning-stack-tools-api.flycast:8001', 'reasoning-stack-tool-api.flycast:8001');
    const { code, json } = await check(d);
    expect(code).toBe(1);
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        file: 'fly/reasoning-api/fly.toml',
        kind: 'wiring',
        problem: expect.stringMatching(/^reasoning-api TOOLS_API_URL does not resolve/),
      }),
    );
  });

  it('a private service made public', async () => {
    const d = await generated('render');
    edit(join(d, 'out', 'render.yaml'), /type: "pserv"(\n\s+name: "tools-api")/, 'type: "web"$1');
    const { code, json } = await check(d);
    expect(code).toBe(1);
    expect(json.findings).toEqual([{ file: 'render.yaml', kind: 'wiring', problem: 'tools-api is private but reachable from the internet' }]);
  });

  it('a secret value written into a file, and a setting that points at localhost', async () => {
    const d = await generated('fly');
    edit(
      join(d, 'out', 'fly', 'reasoning-api', 'fly.toml'),
      '"LOG_LEVEL" = "info"',
      '"LOG_LEVEL" = "info"\n  "OPENAI_API_KEY" = "sk-proj-Abc123def456ghi789jkl012"\n  "PUBLIC_URL" = "http://localhost:3000"',
    );
    const r = await runCli(['check', 'out'], d);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/fly\/reasoning-api\/fly\.toml: line \d+: OPENAI_API_KEY holds a secret value written into the file/);
    expect(r.stdout).toMatch(/fly\/reasoning-api\/fly\.toml: line \d+: points at localhost, the developer's own machine/);
    // The value itself is named by line, never echoed.
    expect(r.stdout).not.toContain('sk-proj-Abc123def456ghi789jkl012');
  });

  it('a secret literal in a Kubernetes env list (name on one line, value on the next)', async () => {
    const d = await generated('kubernetes');
    const path = join(d, 'out', 'k8s', 'reasoning-api.yaml');
    edit(path, /(\n(\s+)- name: "LOG_LEVEL"\n\s+value: "info"\n)/, '$1$2- name: "DB_PASSWORD"\n$2  value: "hunter2hunter2x"\n');
    const { code, json } = await check(d);
    expect(code).toBe(1);
    expect(json.findings.some((f) => f.file === 'k8s/reasoning-api.yaml' && f.kind === 'secret' && /DB_PASSWORD/.test(f.problem))).toBe(true);
  });

  it('a file DEPLOY.md names, deleted', async () => {
    const d = await generated('railway');
    unlinkSync(join(d, 'out', 'db', 'databases.sql'));
    const { code, json } = await check(d);
    expect(code).toBe(1);
    expect(json.findings).toContainEqual(
      expect.objectContaining({
        file: 'DEPLOY.md',
        kind: 'deploy-step',
        problem: expect.stringContaining('a step names db/databases.sql, which does not exist'),
      }),
    );
    expect(json.findings).toContainEqual({ file: 'db/databases.sql', kind: 'missing-file', problem: 'generate wrote it, and it is missing' });
  });

  it('a repository file a step copies (the LiteLLM config) that the project does not have', async () => {
    const d = await generated('kubernetes');
    // generate writes a starter config/litellm_config.yaml where there is none: the user removed it.
    rmSync(join(d, 'config', 'litellm_config.yaml'));
    const { code, json } = await check(d);
    expect(code).toBe(1);
    expect(json.findings).toEqual([
      expect.objectContaining({ file: 'DEPLOY.md', kind: 'deploy-step', problem: expect.stringContaining('a step names config/litellm_config.yaml') }),
    ]);
  });
});

describe('check: bad input', () => {
  it('a folder without deploy files is an error naming it (exit 1); two folders are a usage error (exit 2)', async () => {
    const d = join(base, `case-${n++}`);
    mkdirSync(join(d, 'empty'), { recursive: true });
    const none = await runCli(['check', 'empty'], d);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('No deploy files found in empty');
    expect((await runCli(['check', 'a', 'b'], d)).code).toBe(2);
  });
});
