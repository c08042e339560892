/**
 * The deploy rehearsal's CLI stand-ins: their tables hold what the CLIs' sources declare (checked
 * against facts read in those sources, and regenerated from them when CLI_TABLE_SOURCES names the
 * checkouts), and the stand-ins reject what the real CLIs reject and enforce the deploy's rules.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from '@lydell/node-pty';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stackfareTable, TABLES } from '../helpers/rehearsal/harness.js';

const STANDIN = resolve(import.meta.dirname, '../helpers/rehearsal/standin.mjs');
const EXTRACT = resolve(import.meta.dirname, '../../scripts/cli-tables/extract.mjs');

interface Flag {
  name: string | null;
  short: string | null;
  takesValue: boolean;
}
interface Node {
  flags: Flag[];
  subcommands: Record<string, Node>;
  aliases?: string[];
  trailing?: boolean;
}
interface Table {
  cli: string;
  source: { repository?: string; commit?: string; version?: string };
  source2?: { repository: string; commit: string };
  globalFlags: Flag[];
  root: Node;
}

const table = (cli: string): Table => JSON.parse(readFileSync(join(TABLES, `${cli}.json`), 'utf8'));
const node = (t: Table, path: string): Node =>
  path
    .split(' ')
    .filter(Boolean)
    .reduce((n, p) => {
      const found = n.subcommands[p];
      if (!found) throw new Error(`${t.cli}: no command "${path}" (at "${p}")`);
      return found;
    }, t.root);
const flagText = (n: Node, t: Table) =>
  [...n.flags, ...t.globalFlags].map((f) => `${f.name ? `--${f.name}` : ''}${f.short ? `/-${f.short}` : ''}${f.takesValue ? '=' : ''}`);

// Facts read in each CLI's source at the recorded commit (file: declaration).
const FACTS: Record<string, Record<string, string[]>> = {
  railway: {
    // src/commands/variable.rs SetArgs; up.rs; run.rs (trailing_var_arg); config/mod.rs SharedArgs; domain.rs; tcp_proxy.rs
    'variable set': ['--stdin', '--service/-s=', '--environment/-e=', '--skip-deploys', '--json'],
    variable: ['--kv/-k', '--service/-s='],
    up: ['--path-as-root', '--detach/-d', '--service/-s=', '--ci/-c'],
    run: ['--service/-s=', '--no-local'],
    'config apply': ['--file=', '--yes'],
    'config plan': ['--file='],
    domain: ['--port/-p=', '--service/-s='],
    redeploy: ['--service/-s=', '--yes/-y', '--from-source'],
    'tcp-proxy create': ['--service/-s='],
    init: ['--name/-n=', '--workspace/-w='],
  },
  fly: {
    // internal/command/deploy/deploy.go CommonFlags; secrets/secrets.go sharedFlags; mpg/attach.go; postgres/attach.go
    deploy: ['--config/-c=', '--app/-a=', '--ha', '--no-public-ips', '--detach', '--remote-only', '--dockerfile=', '--strategy='],
    'secrets set': ['--stage', '--app/-a=', '--detach'],
    'secrets import': ['--stage', '--app/-a='],
    'apps create': ['--org/-o=', '--name=', '--yes/-y'],
    'mpg create': ['--name/-n=', '--region/-r=', '--plan=', '--volume-size='],
    'mpg attach': ['--app/-a=', '--database/-d=', '--variable-name='],
    'mpg databases create': ['--name/-n='],
    'postgres attach': ['--app/-a=', '--database-name=', '--variable-name='],
    'postgres create': ['--name/-n=', '--region/-r=', '--initial-cluster-size=', '--vm-size=', '--volume-size='],
    'ips allocate-v6': ['--private', '--app/-a='],
  },
  doctl: {
    // commands/databases.go, apps.go, kubernetes.go, registry.go; command.go adds --format/--no-header with a displayer
    'databases create': ['--engine=', '--version=', '--region=', '--size=', '--num-nodes=', '--wait'],
    'databases connection': ['--private', '--format=', '--no-header'],
    'databases list': ['--format=', '--no-header'],
    'databases firewalls append': ['--rule='],
    'apps create': ['--spec=', '--wait', '--upsert', '--format=', '--no-header'],
    'apps update': ['--spec=', '--wait'],
    'apps spec validate': ['--schema-only'],
    'kubernetes cluster create': ['--region=', '--version=', '--node-pool=', '--wait'],
    'kubernetes cluster kubeconfig save': [],
    'registry create': ['--region='],
  },
  kubectl: {
    // pkg/cmd/apply/apply.go ApplyFlags.AddFlags; create/create_secret.go; rollout/rollout_status.go; cli-runtime ConfigFlags
    apply: ['--filename/-f=', '--kustomize/-k=', '--server-side', '--dry-run=', '--prune', '--namespace/-n='],
    'create secret generic': ['--from-literal=', '--from-file=', '--from-env-file=', '--dry-run=', '--output/-o='],
    'rollout status': ['--timeout=', '--watch/-w', '--revision='],
    get: ['--output/-o=', '--selector/-l='],
    kustomize: [],
  },
  render: {
    // cmd/deploycreate.go; root.go persistent flags
    'deploys create': ['--wait', '--commit=', '--clear-cache', '--output/-o='],
  },
  docker: {
    // docker/cli cli/command/image/build.go, push.go; docker/compose cmd/compose/compose.go, exec.go
    build: ['--tag/-t=', '--file/-f=', '--build-arg='],
    push: ['--all-tags/-a', '--quiet/-q'],
    'compose ps': ['--file/-f=', '--project-name/-p='],
    'compose exec': ['--no-tty/-T', '--user/-u=', '--file/-f='],
    'compose up': ['--detach/-d', '--build'],
  },
  helm: {
    // pkg/cmd/install.go addInstallFlags, flags.go addChartPathOptionsFlags/addValueOptionsFlags; pkg/cli/environment.go
    install: ['--create-namespace', '--version=', '--set=', '--values/-f=', '--wait=', '--dry-run=', '--namespace/-n='],
  },
};

describe('CLI tables', () => {
  for (const cli of ['railway', 'fly', 'doctl', 'render', 'kubectl', 'docker', 'helm']) {
    it(`${cli}: names the repository and commit it was read from`, () => {
      const t = table(cli);
      expect(t.source.repository).toMatch(/^[\w-]+\/[\w.-]+$/);
      expect(t.source.commit).toMatch(/^[0-9a-f]{40}$/);
    });
    it(`${cli}: holds the flags its source declares`, () => {
      const t = table(cli);
      for (const [path, flags] of Object.entries(FACTS[cli] ?? {})) expect(flagText(node(t, path), t), `${cli} ${path}`).toEqual(expect.arrayContaining(flags));
    });
  }
  it('railway: the aliases of main.rs commands! (variables, vars) and trailing arguments of run', () => {
    const t = table('railway');
    expect(node(t, 'variable').aliases).toEqual(expect.arrayContaining(['variables', 'vars', 'var']));
    expect(node(t, 'run').trailing).toBe(true);
    expect(Object.keys(node(t, 'variable').subcommands)).toEqual(['list', 'set', 'delete']);
  });
  it('no invented flag: a flag absent from the source is absent from the table', () => {
    expect(flagText(node(table('railway'), 'variable set'), table('railway'))).not.toContain('--value=');
    expect(flagText(node(table('fly'), 'deploy'), table('fly'))).not.toContain('--service=');
  });
  for (const cli of ['psql', 'pg_dump', 'pg_restore', 'curl']) {
    it(`${cli}: read from the installed program's help, with its version`, () => {
      const t = table(cli);
      expect(t.source.version).toMatch(new RegExp(cli === 'curl' ? '^curl \\d' : `^${cli} \\(PostgreSQL\\) \\d+`));
      const names = t.globalFlags.map((f) => f.name);
      const expected = {
        psql: ['file', 'command', 'set', 'dbname'],
        pg_dump: ['no-owner', 'format', 'file'],
        pg_restore: ['no-owner', 'dbname', 'role'],
        curl: ['fail', 'silent', 'show-error', 'location', 'data'],
      }[cli]!;
      expect(names).toEqual(expect.arrayContaining(expected));
    });
  }
  const sources = process.env.CLI_TABLE_SOURCES;
  it.skipIf(!sources)(
    'regenerates byte for byte from the checkouts in $CLI_TABLE_SOURCES (owner+name folders)',
    () => {
      // A folder per repository (owner+name), holding the checkout or a `repo` git dir inside it.
      const repo = (name: string) => (existsSync(join(sources!, name, 'repo')) ? join(sources!, name, 'repo') : join(sources!, name));
      const runs: Array<[string, string[]]> = [
        ['railway', [repo('railwayapp+cli')]],
        ['doctl', [repo('digitalocean+doctl')]],
        ['fly', [repo('superfly+flyctl')]],
        ['render', [repo('render-oss+cli')]],
        ['kubectl', [repo('kubernetes+kubectl'), repo('kubernetes+cli-runtime')]],
        ['docker', [repo('docker+cli'), repo('docker+compose')]],
        ['helm', [repo('helm+helm')]],
      ];
      for (const [cli, dirs] of runs) {
        const out = spawnSync(process.execPath, [EXTRACT, cli, ...dirs], { encoding: 'utf8', maxBuffer: 64 << 20 });
        expect(out.status, out.stderr).toBe(0);
        expect(out.stdout, cli).toBe(readFileSync(join(TABLES, `${cli}.json`), 'utf8'));
      }
    },
    600_000,
  );
});

/** A scratch folder with the stand-in tables and state. */
let dir: string;
let env: Record<string, string>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'standins-'));
  cpSync(TABLES, join(dir, 'tables'), { recursive: true });
  writeFileSync(join(dir, 'tables', 'stackfare.json'), JSON.stringify(stackfareTable()));
  mkdirSync(join(dir, 'state'));
  env = {
    PATH: process.env.PATH ?? '',
    REHEARSAL_DIR: join(dir, 'state'),
    REHEARSAL_TABLES: join(dir, 'tables'),
    REHEARSAL_SECRETS: JSON.stringify({ api: ['API_TOKENS'] }),
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a stand-in with piped stdin. */
function run(cli: string, args: string[], input = '') {
  const r = spawnSync(process.execPath, [STANDIN, cli, ...args], { cwd: dir, env, input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs a stand-in with a terminal on stdin, as a person typing the command. */
function runTTY(cli: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [STANDIN, cli, ...args], { cwd: dir, env, cols: 200, rows: 20 });
    let output = '';
    p.onData((d) => (output += d));
    p.onExit(({ exitCode }) => done({ code: exitCode, output }));
  });
}

const calls = () =>
  readFileSync(join(dir, 'state', 'calls.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
const reset = () => rmSync(join(dir, 'state', 'state.json'), { force: true });

describe('stand-ins reject what the real CLIs reject', () => {
  it("railway (clap): exit 2 and clap's message for an unknown flag or subcommand", () => {
    const r = run('railway', ['variable', 'set', 'X', '--stdn']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unexpected argument '--stdn' found");
    const s = run('railway', ['deploy-it']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain("error: unrecognized subcommand 'deploy-it'");
  });
  it("fly, doctl (cobra): exit 1 and pflag's message", () => {
    expect(run('fly', ['deploy', '--bogus'])).toMatchObject({ code: 1, stderr: expect.stringContaining('Error: unknown flag: --bogus') });
    expect(run('doctl', ['databases', 'frobnicate'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('unknown command "frobnicate" for "doctl databases"'),
    });
  });
  it('helm (cobra): an install flag helm does not have is refused, the documented ones pass', () => {
    const ok = run('helm', [
      'install',
      'eg',
      'oci://docker.io/envoyproxy/gateway-helm',
      '--version',
      'v1.5.0',
      '-n',
      'envoy-gateway-system',
      '--create-namespace',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const bad = run('helm', ['install', 'eg', 'oci://docker.io/envoyproxy/gateway-helm', '--create-namespaces']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown flag: --create-namespaces');
  });
  it('kubectl: lower-case error with the usage hint; docker: exit 125', () => {
    expect(run('kubectl', ['apply', '--kustomise', 'k8s/'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("error: unknown flag: --kustomise\nSee 'kubectl apply --help' for usage."),
    });
    expect(run('docker', ['build', '--tags', 'x', '.'])).toMatchObject({ code: 125, stderr: expect.stringContaining('unknown flag: --tags') });
  });
  it('a flag that needs a value and has none is refused', () => {
    expect(run('fly', ['apps', 'create', '--org'])).toMatchObject({ code: 1, stderr: expect.stringContaining('flag needs an argument: --org') });
  });
});

describe('stand-ins enforce the documented behaviours', () => {
  it('railway variable set --stdin refuses a terminal on stdin and an empty pipe, and records no value', async () => {
    reset();
    expect(run('railway', ['init', '--name', 'x']).code).toBe(0);
    writeFileSync(join(dir, 'railway.ts'), 'service("api", {\n  build: {},\n});\n');
    expect(run('railway', ['config', 'apply', '--file', 'railway.ts']).code).toBe(0);
    const tty = await runTTY('railway', ['variable', 'set', 'API_TOKENS', '--stdin', '--service', 'api']);
    expect(tty.code).toBe(1);
    expect(tty.output).toContain('No input provided via stdin. Use --stdin with piped input');
    expect(run('railway', ['variable', 'set', 'API_TOKENS', '--stdin', '--service', 'api'], '').stderr).toContain('Empty value provided via stdin');
    const ok = run('railway', ['variable', 'set', 'API_TOKENS', '--stdin', '--service', 'api'], 's3cret-value');
    expect(ok.code).toBe(0);
    const last = calls().at(-1);
    expect(last).toMatchObject({ stdinIsTTY: false, stdinBytes: 12 });
    expect(readFileSync(join(dir, 'state', 'calls.jsonl'), 'utf8')).not.toContain('s3cret-value');
  });
  it('railway up refuses a service whose secrets are not set yet', () => {
    reset();
    run('railway', ['init']);
    writeFileSync(join(dir, 'railway.ts'), 'service("api", {\n});\n');
    run('railway', ['config', 'apply', '--file', 'railway.ts']);
    expect(run('railway', ['up', '.', '--service', 'api']).stderr).toContain('deployed before its secrets were set: API_TOKENS');
    run('railway', ['variable', 'set', 'API_TOKENS', '--stdin', '--service', 'api'], 'v');
    expect(run('railway', ['up', '.', '--service', 'api']).code).toBe(0);
  });
  it('fly: an app exists before its secrets, which are set before it deploys; Postgres exists before its attach', () => {
    reset();
    expect(run('fly', ['secrets', 'set', '--app', 'x-api', 'API_TOKENS=v']).stderr).toContain('Could not find App "x-api"');
    expect(run('fly', ['postgres', 'attach', 'x-db', '--app', 'x-api']).stderr).toContain('Could not find App "x-db"');
    run('fly', ['apps', 'create', 'x-api']);
    mkdirSync(join(dir, 'fly', 'api'), { recursive: true });
    writeFileSync(join(dir, 'fly', 'api', 'fly.toml'), 'app = "x-api"\n');
    expect(run('fly', ['deploy', '--config', 'fly/api/fly.toml']).stderr).toContain('deployed before its secrets were set');
    expect(run('fly', ['secrets', 'set', '--stage', '--app', 'x-api', 'API_TOKENS=v']).code).toBe(0);
    expect(run('fly', ['deploy', '--config', 'fly/api/fly.toml']).code).toBe(0);
    run('fly', ['postgres', 'create', '--name', 'x-db']);
    expect(run('fly', ['postgres', 'attach', 'x-db', '--app', 'x-api']).code).toBe(0);
    expect(readFileSync(join(dir, 'state', 'calls.jsonl'), 'utf8')).not.toMatch(/API_TOKENS=v\b/);
  });
  it("doctl: the app spec's database cluster exists before apps create", () => {
    reset();
    writeFileSync(join(dir, 'app.yaml'), 'name: x\ndatabases:\n  - name: db\n    cluster_name: x-pg\n    production: true\n');
    expect(run('doctl', ['apps', 'create', '--spec', 'app.yaml']).stderr).toContain('database cluster x-pg not found');
    run('doctl', ['databases', 'create', 'x-pg', '--engine', 'pg']);
    expect(run('doctl', ['apps', 'create', '--spec', 'app.yaml', '--format', 'ID', '--no-header']).stdout.trim()).toMatch(/^app-/);
  });
  it('kubectl: a namespace exists before its secrets', () => {
    reset();
    writeFileSync(join(dir, 'state', 'state.json'), JSON.stringify({ violations: [], kubeconfig: true }));
    expect(run('kubectl', ['-n', 'x', 'create', 'secret', 'generic', 's', '--from-literal=password=p']).stderr).toContain('namespaces "x" not found');
    run('kubectl', ['create', 'namespace', 'x']);
    expect(run('kubectl', ['-n', 'x', 'create', 'secret', 'generic', 's', '--from-literal=password=p']).code).toBe(0);
    expect(readFileSync(join(dir, 'state', 'calls.jsonl'), 'utf8')).not.toContain('password=p"');
  });
  it('psql: a file it runs exists; an empty connection string is refused', () => {
    expect(run('psql', ['postgresql://u:p@h/db', '-f', 'missing.sql'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('missing.sql: No such file'),
    });
    expect(run('psql', ['', '-c', 'select 1']).code).toBe(2);
  });
  it('curl: a placeholder host does not resolve', () => {
    expect(run('curl', ['-fsS', 'https://DOMAIN/health'])).toMatchObject({ code: 6, stderr: expect.stringContaining('Could not resolve host: DOMAIN') });
  });
  it("stackfare: the table is the CLI's own flag table; an unknown flag exits 2", () => {
    expect(run('stackfare', ['migrate-data', '--from-composer', 'x.yml'])).toMatchObject({ code: 2 });
    expect(run('stackfare', ['migrate-data', '--from-compose', 'x.yml', '--to', 'db=postgresql://u:p@h:5432/db', '--dry-run']).code).toBe(0);
  });
});

it("the fixture holds the seed project's parts", () => {
  const f = (p: string) => resolve(import.meta.dirname, '../fixtures/seed-project', p);
  for (const p of [
    'docker-compose.personal.yml',
    'docker-compose.yml',
    'reasoning-api/alembic.ini',
    'reasoning-api/alembic/env.py',
    'config/litellm_config.yaml',
    'prompts/tools.md',
  ])
    expect(existsSync(f(p)), p).toBe(true);
  for (const d of ['reasoning-api', 'tools-api']) {
    const text = readFileSync(f(`${d}/Dockerfile`), 'utf8');
    expect(text).toMatch(/^USER (?!root)\S+/m);
    expect(text).toMatch(/^CMD \["uv", "run"/m);
  }
  expect(readFileSync(f('config/litellm_config.yaml'), 'utf8')).toMatch(/os\.environ\/OPENAI_API_KEY/);
});
