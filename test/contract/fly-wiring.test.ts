/**
 * Fly.io's generated files run: the resolver reads them back (fly.toml + DEPLOY.md's flyctl
 * commands) and, by Fly's rules, every reference reaches its target privately, no private app is
 * public, every app has its own database, and no literal became a secret. Over the built-in stack
 * (both layouts, both tiers, with and without Phoenix, Managed and self-run Postgres), every
 * corpus compose file and random stacks with random references. Then the same resolver is fed
 * broken files and must report each fault.
 */

import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importCompose } from '../../src/compose/import-compose.js';
import { type AnswersInput, AnswersSchema } from '../../src/core/answers.js';
import { buildStack, type Stack, type StackSource } from '../../src/core/stack.js';
import { hostAddress } from '../../src/platforms/address.js';
import { shellWords } from '../../src/platforms/command-lines.js';
import { flyWiring } from '../../src/platforms/fly/wiring.js';
import { checkWiring, type WiringProblem } from '../../src/platforms/wiring.js';
import type { RenderedFile } from '../../src/render/render-files.js';
import { CORPUS_DIR, CORPUS_SKIP_MESSAGE, corpusAvailable, corpusFile, diskLoader, leftToPlatform } from '../helpers/corpus.js';
import { fileAt, generateFor } from '../helpers/generate.js';
import { fileErrors } from '../helpers/validate-files.js';
import { randomWiredStack } from '../helpers/wired-stacks.js';

async function wiringOf(answers: AnswersInput, source?: StackSource) {
  const { files } = await generateFor('fly', answers, {}, source);
  const stack = buildStack(AnswersSchema.parse(answers), source);
  return { files, stack, problems: checkWiring(stack, flyWiring(files, stack)) };
}

const builtins: [string, AnswersInput][] = [];
for (const db of ['shared', 'separate'] as const)
  for (const tier of ['single-user', 'multi-user'] as const)
    for (const phoenix of [true, false]) builtins.push([`${db}, ${tier}, ${phoenix ? 'with' : 'without'} Phoenix`, { db, tier, phoenix }]);
builtins.push(['self-run Postgres', { postgres: 'dev' }]);
builtins.push(['Phoenix made public', { public: ['phoenix'] }]);
builtins.push(['tools-api made public, reasoning-api private', { public: ['tools-api'], private: ['reasoning-api'] }]);

describe('Fly wiring of the built-in stack', () => {
  it.each(builtins)('%s: every reference, database, literal and exposure holds', async (_label, answers) => {
    const { problems, files } = await wiringOf(answers);
    expect(problems).toEqual([]);
    expect(fileErrors(files)).toEqual([]);
  });

  it("writes each reference in Fly's private form and the seed's literals as written", async () => {
    const { files } = await wiringOf({});
    const api = fileAt(files, 'fly/reasoning-api/fly.toml').contents;
    expect(api).toContain('"LITELLM_BASE_URL" = "http://reasoning-stack-litellm.flycast:4000"');
    expect(api).toContain('"TOOLS_API_URL" = "http://reasoning-stack-tools-api.flycast:8001"');
    expect(api).toContain('"PHOENIX_COLLECTOR_ENDPOINT" = "http://reasoning-stack-phoenix.flycast:4317"');
    expect(api).toContain('"REQUIRE_AUTH" = "true"');
    expect(fileAt(files, 'fly/phoenix/fly.toml').contents).toContain('"PHOENIX_ENABLE_AUTH" = "false"');
    expect(fileAt(files, 'fly/litellm/fly.toml').contents).toContain('"OTEL_EXPORTER_OTLP_ENDPOINT" = "http://reasoning-stack-phoenix.flycast:4317"');
  });

  it('gives Phoenix a Flycast service on 4317 as well as 6006, and keeps private apps off the internet', async () => {
    const { files } = await wiringOf({});
    const phoenix = fileAt(files, 'fly/phoenix/fly.toml').contents;
    expect(phoenix.match(/\[\[services\]\]/g)).toHaveLength(2);
    expect(phoenix).toContain('internal_port = 4317');
    expect(phoenix).not.toContain('force_https');
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    for (const app of ['tools-api', 'litellm', 'phoenix']) {
      expect(deploy).toContain(`fly ips allocate-v6 --private --app reasoning-stack-${app}`);
      expect(deploy).toMatch(new RegExp(`fly/${app}/fly\\.toml --ha=false --no-public-ips`));
      expect(deploy).not.toContain(`reasoning-stack-${app}.fly.dev`);
    }
    expect(deploy).toContain('curl -fsS https://reasoning-stack-reasoning-api.fly.dev/health');
  });

  it('creates one database per app on one cluster and attaches each under the variable it reads; no db/databases.sql', async () => {
    const { files } = await wiringOf({});
    const deploy = fileAt(files, 'DEPLOY.md').contents;
    // Command lines only: the cost assumptions also name fly mpg create (its default 10 GB volume).
    expect(deploy.match(/^\s*fly mpg create /gm)).toHaveLength(1);
    for (const db of ['reasoning_api', 'litellm', 'phoenix']) expect(deploy).toContain(`fly mpg databases create "$POSTGRES_ID" --name ${db}`);
    expect(deploy).toContain(
      'fly mpg attach "$POSTGRES_ID" --app reasoning-stack-reasoning-api --database reasoning_api --variable-name REASONING_DATABASE_URL',
    );
    expect(deploy).toContain('fly mpg attach "$POSTGRES_ID" --app reasoning-stack-litellm --database litellm --variable-name DATABASE_URL');
    expect(deploy).toContain('fly mpg attach "$POSTGRES_ID" --app reasoning-stack-phoenix --database phoenix --variable-name PHOENIX_SQL_DATABASE_URL');
    // The asyncpg scheme: a documented step, since Fly cannot compose a secret.
    // The login comes from a variable the person exports (never typed into the command).
    expect(deploy).toContain('REASONING_DATABASE_URL="postgresql+asyncpg://${REASONING_STACK_POSTGRES_LOGIN_HOST}:5432/reasoning_api"');
    expect(deploy).toContain(': "${REASONING_STACK_POSTGRES_LOGIN_HOST:?export REASONING_STACK_POSTGRES_LOGIN_HOST first');
    expect(files.some((f) => f.path === 'db/databases.sql')).toBe(false);
    expect(deploy).not.toContain('databases.sql');
  });

  it("carries LiteLLM's config file with [[files]] and keeps the image's entrypoint", async () => {
    const { files } = await wiringOf({});
    const litellm = fileAt(files, 'fly/litellm/fly.toml').contents;
    expect(litellm).toContain('[[files]]\n  guest_path = "/app/config.yaml"\n  local_path = "config/litellm_config.yaml"');
    expect(litellm).toContain('app = "--config /app/config.yaml --port 4000"');
    expect(litellm).not.toContain('[experimental]');
    // flyctl rejects a service without processes once [processes] exists.
    expect(litellm).toContain('[[services]]\n  processes = ["app"]\n  protocol = "tcp"');
  });

  it('reaches a public app over .internal and warns that it must listen on IPv6', async () => {
    const answers: AnswersInput = {
      services: [
        { name: 'web', role: 'web', image: 'nginx:1.27', port: 80, memoryMb: 256, env: [{ name: 'API', secret: false, ref: { service: 'api', port: 8080 } }] },
        { name: 'api', role: 'api', image: 'ghcr.io/acme/api:1', command: 'serve --host 0.0.0.0', port: 8080, public: true, memoryMb: 256 },
      ],
    };
    const { files, problems } = await wiringOf(answers);
    expect(problems).toEqual([]);
    expect(fileAt(files, 'fly/web/fly.toml').contents).toContain('"API" = "http://reasoning-stack-api.internal:8080"');
    const { warnings } = await generateFor('fly', answers);
    const w = warnings.find((x) => x.code === 'fly.internal-ipv6');
    expect(w?.severity).toBe('warning');
    expect(w?.message).toContain('0.0.0.0');
    expect(w?.fix).toContain('::');
  });
});

describe('Fly wiring of random stacks', () => {
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

/**
 * Problems the platform's files cause. A value the importer kept as a plain literal although it
 * names another compose service (`http://minio:9000` before the importer turns it into a
 * reference) is copied as written, and the resolver rightly calls it unresolved; that is the
 * importer's part of the issue, so it is left out here (and only that: every variable the stack
 * holds as a reference must resolve).
 */
function platformProblems(problems: WiringProblem[], stack: Stack): WiringProblem[] {
  return problems.filter((p) => {
    const e = stack.services.find((s) => s.slug === p.service)?.env.find((v) => v.name === p.variable);
    return !(e && !e.ref && /compose name|no component named/.test(p.message));
  });
}

const corpus = corpusAvailable ? readdirSync(CORPUS_DIR).filter((f) => /\.ya?ml$/.test(f)) : [];
describe.skipIf(!corpusAvailable)(`Fly wiring of the compose corpus (${corpusAvailable ? CORPUS_DIR : CORPUS_SKIP_MESSAGE})`, () => {
  it.each(corpus)('%s', async (name) => {
    const r = leftToPlatform(await importCompose({ file: corpusFile(name), display: name, load: diskLoader, env: {}, profiles: [] }));
    const { problems, stack } = await wiringOf({ db: 'shared' }, r.source);
    expect(platformProblems(problems, stack)).toEqual([]);
  });
});

describe('the Fly resolver is no rubber stamp', () => {
  const edit = (files: readonly RenderedFile[], path: string, f: (s: string) => string) =>
    files.map((x) => (x.path === path ? { ...x, contents: f(x.contents) } : x));
  const problemsOf = async (mutate: (files: readonly RenderedFile[]) => RenderedFile[]) => {
    const { files, stack } = await wiringOf({});
    return checkWiring(stack, flyWiring(mutate(files), stack)).map((p) => `${p.service}${p.variable ? ` ${p.variable}` : ''}: ${p.message}`);
  };

  it('reports a bare compose host', async () => {
    const p = await problemsOf((f) =>
      edit(f, 'fly/reasoning-api/fly.toml', (s) => s.replace('http://reasoning-stack-litellm.flycast:4000', 'http://litellm:4000')),
    );
    expect(p.join('\n')).toMatch(/reasoning-api LITELLM_BASE_URL: does not resolve: .*compose name litellm/);
  });
  it("reports a port Flycast does not carry (4317 missing from Phoenix's services)", async () => {
    const p = await problemsOf((f) =>
      edit(f, 'fly/phoenix/fly.toml', (s) => s.replace(/\n# Private: no public IP[^\n]*4317\.\n\[\[services\]\][\s\S]*?(?=\n\[\[vm\]\])/, '\n')),
    );
    expect(p.join('\n')).toMatch(/PHOENIX_COLLECTOR_ENDPOINT: does not resolve: .*no service on port 4317/);
    expect(p.join('\n')).toMatch(/litellm OTEL_EXPORTER_OTLP_ENDPOINT: does not resolve/);
  });
  it('reports an app without a private IPv6, and an app that is not deployed', async () => {
    const p1 = await problemsOf((f) => edit(f, 'DEPLOY.md', (s) => s.replace('fly ips allocate-v6 --private --app reasoning-stack-tools-api\n', '')));
    expect(p1.join('\n')).toMatch(/TOOLS_API_URL: does not resolve: .*no private IPv6/);
    const p2 = await problemsOf((f) =>
      edit(f, 'fly/reasoning-api/fly.toml', (s) => s.replace('reasoning-stack-tools-api.flycast', 'reasoning-stack-toolz.flycast')),
    );
    expect(p2.join('\n')).toMatch(/TOOLS_API_URL: does not resolve: .*no app reasoning-stack-toolz/);
  });
  it('reports a private app given public IPs, and the public one made private', async () => {
    const p = await problemsOf((f) =>
      edit(f, 'DEPLOY.md', (s) =>
        s
          .replace('fly/litellm/fly.toml --ha=false --no-public-ips', 'fly/litellm/fly.toml --ha=false')
          .replace('fly/reasoning-api/fly.toml --ha=false', 'fly/reasoning-api/fly.toml --ha=false --no-public-ips'),
      ),
    );
    expect(p).toContain('litellm: is private but reachable from the internet');
    expect(p).toContain('reasoning-api: should be public but is not reachable from the internet');
  });
  it('reports two apps on one database', async () => {
    const p = await problemsOf((f) =>
      edit(f, 'DEPLOY.md', (s) => s.replace('--app reasoning-stack-litellm --database litellm', '--app reasoning-stack-litellm --database reasoning_api')),
    );
    expect(p.join('\n')).toMatch(/litellm DATABASE_URL: should reach database litellm on postgres but reaches database reasoning_api/);
  });
  it('reports an emptied literal turned into a secret, and an unset variable', async () => {
    const p = await problemsOf((f) =>
      edit(
        edit(f, 'fly/reasoning-api/fly.toml', (s) => s.replace('  "REQUIRE_AUTH" = "true"\n', '')),
        'DEPLOY.md',
        (s) =>
          s.replace(
            `printf 'API_TOKENS=%s\\n' "$API_TOKENS" | fly secrets import --stage --app reasoning-stack-reasoning-api`,
            `printf 'REQUIRE_AUTH=%s\\nAPI_TOKENS=%s\\n' "$REQUIRE_AUTH" "$API_TOKENS" | fly secrets import --stage --app reasoning-stack-reasoning-api`,
          ),
      ),
    );
    expect(p).toContain('reasoning-api REQUIRE_AUTH: should be the literal "true" but is a secret');
    const p2 = await problemsOf((f) => edit(f, 'fly/phoenix/fly.toml', (s) => s.replace('  "PHOENIX_ENABLE_AUTH" = "false"\n', '')));
    expect(p2.join('\n')).toMatch(/phoenix PHOENIX_ENABLE_AUTH: does not resolve/);
  });
  it('reports an app flyctl refuses: [processes] with a service that names none', async () => {
    const p = await problemsOf((f) => edit(f, 'fly/litellm/fly.toml', (s) => s.replace('[[services]]\n  processes = ["app"]\n', '[[services]]\n')));
    expect(p.join('\n')).toMatch(/LITELLM_BASE_URL: does not resolve: reasoning-stack-litellm: a service names no .*flyctl refuses/);
  });
  it('reports force_https on a Flycast service', async () => {
    const p = await problemsOf((f) => edit(f, 'fly/litellm/fly.toml', (s) => s.replace('    port = 4000\n', '    port = 4000\n    force_https = true\n')));
    expect(p.join('\n')).toMatch(/LITELLM_BASE_URL: does not resolve: .*forces HTTPS/);
  });
});

describe('address and shell parsing', () => {
  it.each([
    ['http://a.flycast:4000/v1', { scheme: 'http', host: 'a.flycast', port: 4000 }],
    ['postgresql://u:p@db.internal:5432/x', { scheme: 'postgresql', host: 'db.internal', port: 5432 }],
    ['phoenix:4317', { host: 'phoenix', port: 4317 }],
    ['tools-api', { host: 'tools-api' }],
    ['two words', null],
  ])('%s', (value, expected) => {
    expect(hostAddress(value)).toEqual(expected);
  });
  it('splits quoted words and stops at a comment', () => {
    expect(shellWords(`fly secrets set --app 'my app' "A=b c" X=1   # note`)).toEqual(['fly', 'secrets', 'set', '--app', 'my app', 'A=b c', 'X=1']);
  });
});
