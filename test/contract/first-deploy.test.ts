/**
 * The first deploy as a user runs it: bootstrap steps of well-known images (data/images.json),
 * secrets piped to the CLIs, the redeploy and temporary public access on Railway, Fly's dev
 * Postgres URLs rewritten per driver, and the compose file that was given named by the data copy.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { imageTable } from '../../src/compose/image-table.js';
import { importCompose } from '../../src/compose/import-compose.js';
import type { PlatformId } from '../../src/core/answers.js';
import { AnswersSchema } from '../../src/core/answers.js';
import { buildStack } from '../../src/core/stack.js';
import { bootstrapItems } from '../../src/platforms/bootstrap.js';
import { codeLines } from '../../src/platforms/command-lines.js';
import { memoryLoader } from '../helpers/corpus.js';
import { fileAt, generateFor } from '../helpers/generate.js';
import { SEED_COMPOSE } from '../helpers/seed-compose.js';

const HOSTED: PlatformId[] = ['railway', 'fly', 'render', 'digitalocean'];

/** The numbered step titles of DEPLOY.md, in order. */
function titles(deploy: string): string[] {
  return [...deploy.matchAll(/^\d+\. \*\*(.+)\*\*$/gm)].map((m) => m[1]!);
}
const indexOf = (list: string[], re: RegExp) => list.findIndex((t) => re.test(t));

async function seedSource(display = 'docker-compose.personal.yml') {
  const file = `/project/${display}`;
  return (await importCompose({ file, display, load: memoryLoader({ [file]: SEED_COMPOSE }), env: {}, profiles: [] })).source;
}

describe('data/images.json bootstrap steps', () => {
  it('every step has an https source, and LiteLLM names POST /key/generate with its master key', () => {
    const steps = imageTable().images.flatMap((r) => (r.bootstrap ?? []).map((b) => ({ row: r.id, ...b })));
    expect(steps.map((s) => s.id)).toEqual(['litellm-key', 'phoenix-secret', 'phoenix-admin', 'langfuse-first-user']);
    for (const s of steps) expect(s.source).toMatch(/^https:\/\//);
    const key = steps.find((s) => s.id === 'litellm-key')!.action;
    expect(key).toMatchObject({ kind: 'api-key', method: 'POST', path: '/key/generate', authVariable: 'LITELLM_MASTER_KEY', resultField: 'key' });
  });

  it('the built-in stack needs the LiteLLM key for reasoning-api; Phoenix steps only with auth on', () => {
    const stack = buildStack(AnswersSchema.parse({}));
    expect(bootstrapItems(stack).map((i) => [i.step.id, i.service.slug, i.callers])).toEqual([
      ['litellm-key', 'litellm', [{ slug: 'reasoning-api', variable: 'LITELLM_API_KEY' }]],
    ]);
    const withAuth = {
      ...stack,
      services: stack.services.map((s) =>
        s.slug === 'phoenix' ? { ...s, env: s.env.map((e) => (e.name === 'PHOENIX_ENABLE_AUTH' ? { ...e, value: 'true' } : e)) } : s,
      ),
    };
    expect(bootstrapItems(withAuth).map((i) => i.step.id)).toEqual(['litellm-key', 'phoenix-secret', 'phoenix-admin']);
  });

  it.each(HOSTED)("%s: the key step comes after the data copy and sets the caller's secret without a value in a command line", async (platform) => {
    const { files } = await generateFor(platform, {});
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    const list = titles(deploy);
    const key = indexOf(list, /^Create the LiteLLM key .*litellm → reasoning-api LITELLM\\_API\\_KEY/);
    expect(key).toBeGreaterThan(indexOf(list, /^Copy your data/));
    expect(deploy).toContain('127.0.0.1:4000/key/generate"');
    expect(deploy).toContain('os.environ["LITELLM_MASTER_KEY"]');
    // The caller's key is never something the user exports beforehand in the secrets step.
    expect(deploy).not.toContain('export LITELLM_API_KEY first}');
  });

  it('the key program asks the running proxy and prints the key (run against a stand-in of LiteLLM)', () => {
    // The program as DEPLOY.md writes it, run by python3 against a local HTTP server that answers like /key/generate.
    const server = `
import http.server, json, threading, subprocess, sys, os
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers['Content-Length'])))
        ok = self.path == '/key/generate' and self.headers['Authorization'] == 'Bearer sk-master' and body == {'key_alias': 'reasoning-api'}
        self.send_response(200 if ok else 401); self.end_headers()
        self.wfile.write(json.dumps({'key': 'sk-virtual-1'} if ok else {'error': 'no'}).encode())
    def log_message(self, *a): pass
s = http.server.HTTPServer(('127.0.0.1', 0), H)
threading.Thread(target=s.serve_forever, daemon=True).start()
prog = sys.argv[1].replace(':4000/', ':%d/' % s.server_port)
print(subprocess.run(['python3', '-c', prog], env={**os.environ, 'LITELLM_MASTER_KEY': 'sk-master'}, capture_output=True, text=True, check=True).stdout.strip())
`;
    return import('../../src/platforms/bootstrap.js').then(({ keyRequestProgram }) => {
      const action = imageTable().images.find((r) => r.id === 'litellm')!.bootstrap![0]!.action as Parameters<typeof keyRequestProgram>[0];
      const [, , program] = keyRequestProgram(action, 4000, 'reasoning-api');
      let out: string;
      try {
        out = execFileSync('python3', ['-c', server, program!], { encoding: 'utf8' }).trim();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return console.warn('python3 not installed: key program not run');
        throw error;
      }
      expect(out).toBe('sk-virtual-1');
    });
  });
});

describe('Railway: every step as a user runs it', () => {
  it('pipes every secret (the CLI refuses a terminal on stdin), redeploys Phoenix, and opens then closes the TCP proxy around the copy', async () => {
    const { files } = await generateFor('railway', {});
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    const lines = codeLines(deploy);
    const sets = lines.filter((l) => l.includes('railway variable set'));
    expect(sets.length).toBeGreaterThan(0);
    for (const l of sets) expect(l).toMatch(/^printf %s "\$\w+" \| railway variable set \w+ --stdin --service \S+$/);
    expect(lines).toContain('printf %s "$API_TOKENS" | railway variable set API_TOKENS --stdin --service reasoning-api');
    expect(deploy).not.toContain('paste it, press Enter, then Ctrl-D');
    const list = titles(deploy);
    const redeploy = indexOf(list, /^Redeploy the image services/);
    expect(redeploy).toBeGreaterThan(indexOf(list, /^Create one database per app/));
    expect(redeploy).toBeGreaterThan(indexOf(list, /^Set the secrets/));
    expect(lines).toContain('railway redeploy --service phoenix --yes');
    const create = lines.indexOf('railway tcp-proxy create --port 5432 --service postgres');
    const copy = lines.findIndex((l) => /^stackfare migrate-data .*[^n]$/.test(l) && !l.endsWith('--dry-run'));
    const remove = lines.indexOf('railway tcp-proxy delete 5432 --service postgres --yes');
    expect(create).toBeGreaterThanOrEqual(0);
    expect(create).toBeLessThan(copy);
    expect(remove).toBeGreaterThan(copy);
    expect(deploy).toContain('private by default (since 2026-08-04)');
    expect(deploy).toMatch(/created before 2025-10-16 have an IPv6-only private network/);
    expect(lines).toContain('railway ssh --service postgres -- psql -v ON_ERROR_STOP=1 -U postgres -d railway < db/databases.sql');
  });

  it('runs the key program inside litellm with railway ssh and pipes the key to the caller', async () => {
    const { files } = await generateFor('railway', {});
    const lines = codeLines(fileAt(files, 'DEPLOY.md').contents);
    const i = lines.findIndex((l) => l.startsWith('new_litellm_api_key="$(railway ssh --service litellm -- python3 -c '));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(lines[i + 1]).toBe('printf %s "$new_litellm_api_key" | railway variable set LITELLM_API_KEY --stdin --service reasoning-api');
  });
});

describe('Fly --postgres dev: attach URLs rewritten for each driver', () => {
  const ATTACH = 'postgres://reasoning_api:s3cret@reasoning-stack-postgres.flycast:5432/reasoning_api?sslmode=disable';
  /** Runs the step's capture and rewrite lines in bash with a stand-in fly that prints what attach prints and records the import. */
  function run(lines: string[], app: string): string {
    const start = lines.findIndex((l) => l.includes(`fly postgres attach reasoning-stack-postgres --app ${app} `));
    const script = lines.slice(start, start + 3).join('\n');
    const fly = `fly() { if [ "$1" = postgres ]; then printf 'Creating user\\n\\nPostgres cluster x is now attached to y\\nThe following secret was added to y:\\n  %s=%s\\n' "$9" ${JSON.stringify(ATTACH)}; else cat; fi; }`;
    return execFileSync('bash', ['-c', `set -eu\n${fly}\n${script}`], { encoding: 'utf8' });
  }

  it('asyncpg gets postgresql+asyncpg:// without sslmode; Phoenix postgresql:// without it; LiteLLM keeps the attach URL', async () => {
    const { files } = await generateFor('fly', { postgres: 'dev' });
    const lines = codeLines(fileAt(files, 'DEPLOY.md').contents);
    expect(run(lines, 'reasoning-stack-reasoning-api')).toBe(
      'REASONING_DATABASE_URL=postgresql+asyncpg://reasoning_api:s3cret@reasoning-stack-postgres.flycast:5432/reasoning_api\n',
    );
    expect(run(lines, 'reasoning-stack-phoenix')).toBe(
      'PHOENIX_SQL_DATABASE_URL=postgresql://reasoning_api:s3cret@reasoning-stack-postgres.flycast:5432/reasoning_api\n',
    );
    expect(lines).toContain(
      'fly postgres attach reasoning-stack-postgres --app reasoning-stack-litellm --database-name litellm --variable-name DATABASE_URL --yes',
    );
    expect(lines.some((l) => /fly secrets (set|import).*USER:PASSWORD/.test(l))).toBe(false);
  });
});

describe('the data copy names the compose file that was given', () => {
  it.each(HOSTED)('%s: --from-compose docker-compose.personal.yml', async (platform) => {
    const source = await seedSource('docker-compose.personal.yml');
    const { files } = await generateFor(platform, { compose: 'docker-compose.personal.yml' }, {}, source);
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    expect(deploy).toContain('--from-compose docker-compose.personal.yml');
    expect(deploy).not.toContain('--from-compose docker-compose.yml');
  });
});

describe('bootstrap steps on local and Kubernetes', () => {
  it('local: docker compose exec makes the key, .env gets it (mode 600, old line replaced), reasoning-api is recreated', async () => {
    const { files } = await generateFor('local', { tier: 'local' });
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    const list = titles(deploy);
    expect(indexOf(list, /^Create the LiteLLM key/)).toBe(indexOf(list, /^Start the stack/) + 1);
    const lines = codeLines(deploy);
    const i = lines.findIndex((l) => l.startsWith('new_litellm_api_key="$(docker compose -f docker-compose.personal.yml exec -T litellm python3 -c '));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(lines[i + 2]).toBe('docker compose -f docker-compose.personal.yml up -d reasoning-api');
    // The .env rewrite, run by bash: the old empty line goes, the key is set once, others stay, mode 600.
    const tmp = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
    execFileSync('bash', ['-c', `cd ${tmp} && printf 'API_TOKENS=t\\nLITELLM_API_KEY=\\n' > .env && new_litellm_api_key=sk-v1 && ${lines[i + 1]}`]);
    const out = execFileSync('bash', ['-c', `cd ${tmp} && cat .env && stat -c %a .env`], { encoding: 'utf8' });
    expect(out).toBe('API_TOKENS=t\nLITELLM_API_KEY=sk-v1\n600\n');
  });

  it('kubernetes: kubectl exec in the Deployment, the Secret patched from stdin, then a rollout restart', async () => {
    const { files } = await generateFor('kubernetes', {});
    const lines = codeLines(fileAt(files, 'DEPLOY.md').contents);
    const i = lines.findIndex((l) => /^new_litellm_api_key="\$\(kubectl -n \S+ exec deploy\/litellm -- python3 -c /.test(l));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(lines[i + 1]).toMatch(
      /^printf '\{"stringData":\{"%s":"%s"\}\}' LITELLM_API_KEY "\$new_litellm_api_key" \| kubectl -n \S+ patch secret reasoning-api-secrets --type merge --patch-file \/dev\/stdin$/,
    );
    expect(lines[i + 2]).toMatch(/^kubectl -n \S+ rollout restart deployment\/reasoning-api$/);
  });
});
