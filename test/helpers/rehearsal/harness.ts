/**
 * The deploy rehearsal: copies the seed-like fixture project to a temporary folder, generates a
 * platform's files there with the built CLI, then runs every shell block of DEPLOY.md in order with
 * `bash`, each platform CLI replaced on PATH by a recording stand-in (standin.mjs).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawn } from '@lydell/node-pty';
import { COMMANDS, FLAGS } from '../../../src/args.js';
import type { PlatformId } from '../../../src/core/answers.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
/** The project modelled on the seed's (compose files, Dockerfiles, alembic, mounted config). */
export const FIXTURE = resolve(root, 'test/fixtures/seed-project');
/** The CLI tables the stand-ins parse command lines with. */
export const TABLES = resolve(root, 'test/fixtures/cli-tables');
const STANDIN = resolve(import.meta.dirname, 'standin.mjs');
const CLI = resolve(root, process.env.STACKFARE_CLI ?? 'dist/cli.js');

/** The programs replaced on PATH, by the stand-in table they use. */
export const STANDINS: Record<string, string> = {
  railway: 'railway',
  fly: 'fly',
  flyctl: 'fly',
  doctl: 'doctl',
  render: 'render',
  kubectl: 'kubectl',
  docker: 'docker',
  psql: 'psql',
  pg_dump: 'pg_dump',
  pg_restore: 'pg_restore',
  curl: 'curl',
  stackfare: 'stackfare',
  npm: 'npm',
  git: 'git',
  crontab: 'crontab',
  // The Gateway controller's install step (DEPLOY.md says "You need helm"): helm.json from helm/helm.
  helm: 'helm',
};

/** One ```sh block of DEPLOY.md with the step it belongs to. */
export interface ShellBlock {
  step: string;
  code: string;
}

/** Every sh/bash block of a DEPLOY.md, in order, with the title of its numbered step. */
export function shellBlocks(markdown: string): ShellBlock[] {
  const blocks: ShellBlock[] = [];
  let step = '(before the steps)';
  let current: string[] | null = null;
  let indent = '';
  for (const line of markdown.split('\n')) {
    const title = /^\s*(\d+)\.\s+\*\*(.+?)\*\*/.exec(line);
    if (title && current === null) step = `${title[1] ?? ''}. ${title[2] ?? ''}`;
    const fence = /^(\s*)```(\w*)\s*$/.exec(line);
    if (fence && current === null && ['sh', 'bash', 'shell'].includes(fence[2] ?? '')) {
      current = [];
      indent = fence[1] ?? '';
    } else if (fence && current !== null) {
      blocks.push({ step, code: current.join('\n') });
      current = null;
    } else if (current !== null) current.push(line.startsWith(indent) ? line.slice(indent.length) : line);
  }
  return blocks;
}

/** The DEPLOY.md secrets list: service → secret names. */
export function secretsOf(markdown: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const section = /## Secrets\n([\s\S]*?)(\n## |$)/.exec(markdown)?.[1] ?? '';
  for (const m of section.matchAll(/^- `([^`]+)`: `([^`]+)`/gm)) {
    const list = out[m[1] ?? ''] ?? [];
    out[m[1] ?? ''] = list;
    list.push(m[2] ?? '');
  }
  return out;
}

/**
 * Secrets a bootstrap step of DEPLOY.md makes once their service runs (title "… (litellm → reasoning-api
 * LITELLM_API_KEY)"): they cannot exist before the caller's first deploy, so that deploy is not held to them.
 */
export function bootstrappedOf(markdown: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of markdown.replace(/\\_/g, '_').matchAll(/^\s*\d+\.\s+\*\*[^*\n]*\([^()\n]*→\s*([^()\n]+)\)\*\*/gm)) {
    for (const pair of (m[1] ?? '').split(',')) {
      const [slug, name] = pair.trim().split(/\s+/);
      if (slug && name && /^[A-Z][A-Z0-9_]*$/.test(name)) {
        const list = out[slug] ?? [];
        out[slug] = list;
        list.push(name);
      }
    }
  }
  return out;
}

/** A value for a variable a step documents with ${NAME:?…} (a person exports it first, as the message says). */
export function documentedValue(name: string): string {
  if (name === 'LOCAL_POSTGRES_URL') return 'postgresql://postgres:rehearsal-local-pw@localhost:5432';
  if (/(DATABASE|POSTGRES|PG)\w*_URL$/.test(name)) return 'postgresql://rehearsal:rehearsal-pw@db.example.invalid:5432/app';
  if (/_DOMAIN$/.test(name)) return 'rehearsal-app.example.invalid';
  if (/_LOGIN_HOST$/.test(name)) return 'rehearsal:rehearsal-pw@db.example.invalid';
  if (/_LOGIN$/.test(name)) return 'rehearsal:rehearsal-pw';
  if (/_URL$/.test(name)) return 'https://rehearsal-app.example.invalid';
  if (/SERVICE_ID/.test(name)) return 'srv-rehearsal0000000000';
  // The ID the fly stand-in gives the first Managed Postgres cluster (fly mpg list shows it).
  if (/POSTGRES\w*_ID$/.test(name)) return 'mpg1rehearsal';
  return `rehearsal-${name.toLowerCase()}`;
}

/** Exports, for a block, the variables its ${NAME:?…} checks document and nobody set yet. */
function documentedExports(code: string): string {
  const names = [...new Set([...code.matchAll(/\$\{([A-Z][A-Z0-9_]*):\?/g)].map((m) => m[1] ?? ''))];
  // DUMP names one of the files `ls backups/` listed: the harness takes the newest.
  const value = (n: string) => (n === 'DUMP' ? '"$(find backups -name \'*.sql.gz\' | sort | tail -n 1)"' : `'${documentedValue(n)}'`);
  return names.map((n) => `[ -n "\${${n}:-}" ] || export ${n}=${value(n)}\n`).join('');
}

/** A value a person must type into a command before running it (found in the command, filled by the harness). */
export interface Fill {
  step: string;
  what: string;
}

const FILLS: Array<{ re: RegExp; to: string; what: string }> = [
  { re: /^(\s*\w+)=\.\.\.(\s*#.*)?$/gm, to: '$1=mpg1rehearsal$2', what: 'an ID pasted from a list' },
  { re: /(?<=\s)([A-Z][A-Z0-9_]*)=\.\.\.(?=\s|$)/g, to: '$1="$$$1"', what: 'a secret typed as NAME=... (the harness reads the exported $NAME)' },
  {
    re: /postgresql:\/\/postgres:PASSWORD@localhost/g,
    to: 'postgresql://postgres:rehearsal-local-pw@localhost',
    what: 'the local database password in a --from URL',
  },
  { re: /https:\/\/DOMAIN\//g, to: 'https://reasoning-api-production.up.railway.app/', what: 'the domain railway domain printed' },
  {
    re: /'postgresql:\/\/doadmin:\.\.\.'/g,
    to: "'postgresql://doadmin:rehearsal-admin-pw@db.example.invalid:25060/defaultdb?sslmode=require'",
    what: "doadmin's connection string pasted from the control panel",
  },
  {
    re: /'postgresql:\/\/(?:fly-user:PASSWORD@localhost:\d+|\.\.\.)'/g,
    to: "'postgresql://rehearsal:rehearsal-pw@db.example.invalid:5432/app'",
    what: 'a connection string pasted from the control panel',
  },
  { re: /USER:PASSWORD@HOST/g, to: 'rehearsal:rehearsal-pw@db.internal', what: 'a connection string typed into a secret' },
  { re: /<your-registry>/g, to: 'rehearsal-registry', what: 'the registry name' },
  { re: /backups\/<dump>\.sql\.gz/g, to: '"$(ls backups/*.sql.gz | head -n 1)"', what: 'a backup file name' },
];

/** Applies the user-typed values a block needs; returns the code and what was filled. */
export function fillPlaceholders(block: ShellBlock): { code: string; fills: Fill[] } {
  let code = block.code;
  const fills: Fill[] = [];
  for (const f of FILLS) {
    if (f.re.test(code)) fills.push({ step: block.step, what: f.what });
    f.re.lastIndex = 0;
    code = code.replace(f.re, f.to);
  }
  return { code, fills };
}

/** A block that lists values for a dashboard (NAME=value lines), not commands a shell can run. */
export function isValueListing(code: string): boolean {
  const lines = code.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
  return (
    lines.length > 0 &&
    lines.every((l) => /^[A-Z_][A-Z0-9_]*=\S*[<>]/.test(l.trim()) || /^[A-Z_][A-Z0-9_]*=/.test(l.trim())) &&
    lines.some((l) => /[<>]/.test(l))
  );
}

/** The stackfare table, from the CLI's own flag table (src/args.ts). */
export function stackfareTable(): object {
  const answerCommands = ['estimate', 'generate', 'wizard', 'migrate-data'];
  const subcommands = Object.fromEntries(
    COMMANDS.map((c) => [
      c,
      {
        flags: FLAGS.filter((f) => (f.commands ?? answerCommands).includes(c)).map((f) => ({ name: f.name, short: null, takesValue: f.kind !== 'boolean' })),
        subcommands: {},
        positionals: 1,
      },
    ]),
  );
  return {
    cli: 'stackfare',
    programs: ['stackfare'],
    style: 'stackfare',
    source: { repository: 'this repository', file: 'src/args.ts' },
    errors: {
      unknownFlag: { stderr: 'stackfare: Unknown flag "{flag}".', exitCode: 2 },
      unknownCommand: { stderr: 'stackfare: Unknown command "{name}".', exitCode: 2 },
      missingValue: { stderr: 'stackfare: {flag} needs a value.', exitCode: 2 },
    },
    globalFlags: [{ name: 'help', short: 'h', takesValue: false }],
    root: { flags: [], subcommands },
  };
}

/** One project copy with stand-ins on PATH. */
export interface Rehearsal {
  dir: string;
  project: string;
  /** Where DEPLOY.md and the generated files are (the project, or stack-local/ for the seed's local tier). */
  out: string;
  state: string;
  env: Record<string, string>;
  compose: string | null;
}

/** Copies the fixture, makes it a git repository, writes the stand-ins and generates `platform`'s files. */
export function prepare(platform: PlatformId, stack: 'builtin' | 'seed', extraArgs: string[] = []): Rehearsal {
  const dir = mkdtempSync(join(tmpdir(), `rehearsal-${platform}-${stack}-`));
  const project = join(dir, 'project');
  cpSync(FIXTURE, project, { recursive: true });
  if (stack === 'builtin') for (const f of ['docker-compose.personal.yml', 'docker-compose.yml']) rmSync(join(project, f));
  const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
  const gitEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: 'r',
    GIT_AUTHOR_EMAIL: 'r@example.invalid',
    GIT_COMMITTER_NAME: 'r',
    GIT_COMMITTER_EMAIL: 'r@example.invalid',
  };
  for (const args of [
    ['init', '-q', '-b', 'main'],
    ['add', '-A'],
    ['commit', '-qm', 'project'],
  ])
    spawnSync(realGit, args, { cwd: project, env: gitEnv });
  const compose = stack === 'seed' ? 'docker-compose.personal.yml' : null;
  const outRel = stack === 'seed' && platform === 'local' ? 'stack-local' : '.';
  const args = [
    'generate',
    '--platform',
    platform,
    '--yes',
    ...(compose ? ['--compose', compose] : []),
    ...(platform === 'local' ? ['--tier', 'local'] : []),
    ...(outRel !== '.' ? ['--out', outRel] : []),
    ...extraArgs,
  ];
  const gen = spawnSync(process.execPath, [CLI, ...args], { cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir } });
  if (gen.status !== 0) throw new Error(`stackfare ${args.join(' ')} failed (${gen.status}): ${gen.stderr}`);
  const bin = join(dir, 'bin');
  const state = join(dir, 'state');
  mkdirSync(bin);
  mkdirSync(state);
  mkdirSync(join(dir, 'home'));
  for (const [program, cli] of Object.entries(STANDINS)) {
    writeFileSync(join(bin, program), `#!/bin/sh\nexec "${process.execPath}" "${STANDIN}" ${cli} "$@"\n`);
    chmodSync(join(bin, program), 0o755);
  }
  const tables = join(dir, 'tables');
  cpSync(TABLES, tables, { recursive: true });
  writeFileSync(join(tables, 'stackfare.json'), JSON.stringify(stackfareTable()));
  const out = resolve(project, outRel);
  const secrets = secretsOf(readFileSync(join(out, 'DEPLOY.md'), 'utf8'));
  const realKubectl = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
  const env: Record<string, string> = {
    PATH: `${bin}:/usr/local/bin:/usr/bin:/bin`,
    HOME: join(dir, 'home'),
    TERM: 'dumb',
    LANG: 'C.UTF-8',
    REHEARSAL_DIR: state,
    REHEARSAL_TABLES: tables,
    REHEARSAL_SECRETS: JSON.stringify(secrets),
    REHEARSAL_BOOTSTRAPPED: JSON.stringify(bootstrappedOf(readFileSync(join(out, 'DEPLOY.md'), 'utf8'))),
    REHEARSAL_PROJECT: project,
    REHEARSAL_COMPOSE: compose ?? '',
    REHEARSAL_REAL_KUBECTL: realKubectl,
    REHEARSAL_REAL_GIT: realGit,
    ...gitEnvOnly(gitEnv),
    // The values a person has at hand, exported as the secrets list names them.
    ...Object.fromEntries(
      Object.values(secrets)
        .flat()
        .map((n) => [n, `rehearsal-${n.toLowerCase()}`]),
    ),
  };
  return { dir, project, out, state, env, compose };
}

const gitEnvOnly = (e: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(e).filter(([k]) => k.startsWith('GIT_')) as Array<[string, string]>);

/** How one block ran. */
export interface BlockRun {
  step: string;
  code: string;
  exitCode: number;
  output: string;
  skipped?: string;
}

/** Runs `bash FILE` in a pseudo-terminal (stdin is a terminal, as for a person pasting the commands). */
function runInPty(file: string, cwd: string, env: Record<string, string>, timeoutMs: number): Promise<{ exitCode: number; output: string }> {
  return new Promise((done) => {
    const p = spawn('bash', [file], { cwd, env, cols: 200, rows: 50 });
    let output = '';
    p.onData((d) => (output += d));
    const timer = setTimeout(() => {
      output += '\n[rehearsal: timed out]';
      p.kill();
    }, timeoutMs);
    p.onExit(({ exitCode }) => {
      clearTimeout(timer);
      done({ exitCode, output: output.replace(/\r\n/g, '\n') });
    });
  });
}

/**
 * Runs every block in order (each with `set -eo pipefail`, the environment carried from the previous
 * ones). A block gets a minute: every stand-in call is a node start, and a loaded CI machine makes a
 * block of twenty of them slow.
 */
export async function runBlocks(r: Rehearsal, blocks: ShellBlock[], timeoutMs = 60_000): Promise<{ runs: BlockRun[]; fills: Fill[] }> {
  const runs: BlockRun[] = [];
  const fills: Fill[] = [];
  const envFile = join(r.state, 'env.sh');
  for (const [i, block] of blocks.entries()) {
    if (isValueListing(block.code)) {
      runs.push({ step: block.step, code: block.code, exitCode: 0, output: '', skipped: 'a list of values for a dashboard, not commands' });
      continue;
    }
    const filled = fillPlaceholders(block);
    fills.push(...filled.fills);
    const file = join(r.state, `block-${i + 1}.sh`);
    const prologue = `trap 'export -p > "${envFile}"' EXIT\n[ -f "${envFile}" ] && . "${envFile}"\ncd "${r.out}"\n# One shell for the whole guide, as a person pastes it: every assignment stays for the next steps.\nset -a -eo pipefail\n${documentedExports(filled.code)}`;
    writeFileSync(file, `${prologue}${filled.code}\n`);
    const res = await runInPty(file, r.out, r.env, timeoutMs);
    runs.push({ step: block.step, code: filled.code, exitCode: res.exitCode, output: res.output });
  }
  return { runs, fills };
}

/** Calls the stand-ins recorded, in order. */
export function calls(r: Rehearsal): Array<{ cli: string; argv: string[]; stdinIsTTY: boolean; stdinBytes: number | null; exit: number; message?: string }> {
  const file = join(r.state, 'calls.jsonl');
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
}

/** The stand-ins' final state (apps, secrets, databases, violations). */
export function finalState(r: Rehearsal): Record<string, any> {
  const file = join(r.state, 'state.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { violations: [] };
}

/** Removes the temporary copy. */
export function cleanup(r: Rehearsal): void {
  rmSync(r.dir, { recursive: true, force: true });
}
