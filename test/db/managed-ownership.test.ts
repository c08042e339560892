/**
 * DigitalOcean's managed Postgres, played by a real PostgreSQL 15+ server: an admin role `doadmin`
 * (CREATEDB, CREATEROLE, no superuser) owns every database, and each app has an ordinary user.
 * The cluster step and the data copy of the generated DEPLOY.md are run by bash as written, with
 * a stand-in doctl that answers from this server; afterwards each app's user reads, writes and
 * migrates its own tables. The two ways it fails without those steps are shown too: restored as
 * doadmin the app gets "permission denied", and without the GRANT the app's user cannot restore.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeLines } from '../../src/platforms/command-lines.js';
import { CLI } from '../helpers/cli.js';
import { fileAt, generateFor } from '../helpers/generate.js';
import { type PgCluster, startCluster } from '../helpers/pg-cluster.js';

let source: PgCluster;
let target: PgCluster;
let dir: string;
const DOADMIN_PW = 'doadmin-Secret-1';
const APPS = ['reasoning_api', 'litellm', 'phoenix'];

/** psql against the target as `user`, SQL on stdin; returns stdout or throws with stderr. */
function asUser(user: string, password: string, database: string, sql: string): string {
  return execFileSync(
    join(target.binDir, 'psql'),
    ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(target.port), '-U', user, '-d', database],
    {
      input: sql,
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: password },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
}

/** A doctl that answers for one cluster from the target server (only the calls DEPLOY.md makes). */
function fakeDoctl(): string {
  const psql = `PGPASSWORD=${DOADMIN_PW} "${join(target.binDir, 'psql')}" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p ${target.port} -U doadmin -d postgres`;
  return `#!/bin/bash
set -eu
case "$1 $2 \${3:-}" in
  "databases create "*) ;;
  "databases list "*) echo "c1 reasoning-stack-postgres" ;;
  "databases get "*) echo online ;;
  "databases db create") ${psql} -c "CREATE DATABASE \\"$5\\"" ;;
  "databases user create") ${psql} -c "CREATE ROLE \\"$5\\" LOGIN PASSWORD 'pw-$5'" ;;
  "databases user get") echo "pw-$5" ;;
  "databases connection "*)
    case "$5" in Host) echo 127.0.0.1 ;; Port) echo ${target.port} ;; User) echo doadmin ;; Password) echo ${DOADMIN_PW} ;; *) exit 3 ;; esac ;;
  *) echo "fake doctl: unexpected $*" >&2; exit 3 ;;
esac
`;
}

/** The lines of one DEPLOY.md step's sh block, by the start of its title. */
function stepLines(deploy: string, title: string): string[] {
  const start = deploy.search(new RegExp(`^\\d+\\. \\*\\*${title}`, 'm'));
  if (start < 0) throw new Error(`no step "${title}"`);
  const rest = deploy.slice(start);
  const next = rest.slice(1).search(/^\d+\. \*\*/m);
  return codeLines(next < 0 ? rest : rest.slice(0, next + 1));
}

/** Runs lines in bash with the stand-ins; the test server has no TLS, so sslmode=require (and PGSSLMODE=require) becomes disable. */
function runSteps(lines: string[], env: Record<string, string> = {}): { code: number; out: string } {
  const script = [
    'set -euo pipefail',
    `stackfare() { node ${JSON.stringify(CLI)} "$@" --yes; }`,
    ...lines.map((l) => l.replace(/(sslmode)=require/gi, '$1=disable')),
  ].join('\n');
  const r = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    cwd: dir,
    env: { ...process.env, PATH: `${dir}:${target.binDir}:${process.env.PATH}`, ...env },
  });
  return { code: r.status ?? 1, out: `${r.stdout}\n${r.stderr}` };
}

beforeAll(async () => {
  [source, target] = await Promise.all([startCluster(), startCluster()]);
  expect(target.major).toBeGreaterThanOrEqual(15);
  for (const db of APPS) {
    source.sql('postgres', `CREATE DATABASE ${db};`);
    source.sql(
      db,
      "CREATE TABLE conversations (id bigserial PRIMARY KEY, title text NOT NULL); INSERT INTO conversations (title) SELECT 'c' || i FROM generate_series(1, 25) i;",
    );
  }
  // What DigitalOcean gives: doadmin, not a superuser, owning the databases it creates.
  target.sql('postgres', `CREATE ROLE doadmin LOGIN CREATEDB CREATEROLE PASSWORD '${DOADMIN_PW}';`);
  dir = mkdtempSync(join(tmpdir(), 'stackfare-do-'));
  writeFileSync(join(dir, 'doctl'), fakeDoctl());
  chmodSync(join(dir, 'doctl'), 0o755);
}, 180_000);

afterAll(() => {
  source?.stop();
  target?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('DigitalOcean managed Postgres: the documented steps on a real server', () => {
  it('after the cluster step and the data copy, each app owns, reads, writes and migrates its tables', async () => {
    const deploy = fileAt((await generateFor('digitalocean', {})).files, 'DEPLOY.md').contents;
    const cluster = stepLines(deploy, 'Create the managed PostgreSQL cluster');
    const copy = stepLines(deploy, 'Copy your data');
    // The GRANT is a step of its own command line, as doadmin (never a superuser on DigitalOcean).
    expect(cluster.filter((l) => l.includes('GRANT ALL ON SCHEMA public TO'))).toHaveLength(3);
    const r = runSteps([...cluster, ...copy], { LOCAL_POSTGRES_URL: source.url('').replace(/\/$/, '') });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('every table matches');
    for (const app of APPS) {
      const pw = `pw-${app}`;
      expect(asUser(app, pw, app, "SELECT tableowner FROM pg_tables WHERE tablename = 'conversations';").trim()).toBe(app);
      expect(asUser(app, pw, app, 'SELECT count(*) FROM conversations;').trim()).toBe('25');
      asUser(app, pw, app, "INSERT INTO conversations (title) VALUES ('new'); UPDATE conversations SET title = 'x' WHERE id = 1;");
      // A migration: a new table and a change to a restored one (only the owner may ALTER it).
      asUser(app, pw, app, 'CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY); ALTER TABLE conversations ADD COLUMN archived boolean;');
      expect(asUser(app, pw, app, 'SELECT count(*) FROM conversations;').trim()).toBe('26');
    }
  }, 180_000);

  it('restored as doadmin (the old step), the app gets "permission denied"', () => {
    target.sql('postgres', "CREATE ROLE old_app LOGIN PASSWORD 'pw-old';");
    asUser('doadmin', DOADMIN_PW, 'postgres', 'CREATE DATABASE old_way;');
    asUser('doadmin', DOADMIN_PW, 'old_way', 'GRANT ALL ON SCHEMA public TO old_app;');
    const dump = execFileSync(join(source.binDir, 'pg_dump'), ['--format=custom', '--no-owner', '--no-acl', '-d', source.url('reasoning_api')]);
    execFileSync(
      join(target.binDir, 'pg_restore'),
      ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', '-d', target.url('old_way', { user: 'doadmin', password: DOADMIN_PW })],
      { input: dump },
    );
    expect(() => asUser('old_app', 'pw-old', 'old_way', 'SELECT count(*) FROM conversations;')).toThrow(/permission denied for table conversations/);
  });

  it('without the GRANT (PostgreSQL 15+), the app user cannot create its tables', () => {
    target.sql('postgres', "CREATE ROLE bare_app LOGIN PASSWORD 'pw-bare';");
    asUser('doadmin', DOADMIN_PW, 'postgres', 'CREATE DATABASE bare;');
    expect(() => asUser('bare_app', 'pw-bare', 'bare', 'CREATE TABLE t (id int);')).toThrow(/permission denied for schema public/);
  });
});
