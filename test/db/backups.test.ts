/**
 * The local tier's backup.sh / restore.sh (and the Makefile targets that run them) against a
 * real PostgreSQL server: a `docker` shim turns `docker compose -f F exec -T SERVICE pg_dump|psql
 * ...` into the same pg_dump / psql run against a throwaway cluster holding the stack's
 * databases with real content (unicode text, JSON, bytea, 100,000 rows).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderedFile } from '../../src/render/render-files.js';
import { generateFor } from '../helpers/generate.js';
import { type PgCluster, startCluster } from '../helpers/pg-cluster.js';
import { requires } from '../helpers/requires.js';

/** Needs a PostgreSQL server: skipped outside CI when missing (one loud line says what to install), failing in CI. */
const pgServer = requires('postgres');

let pg: PgCluster;
const dirs: string[] = [];

beforeAll(async () => {
  pg = await startCluster();
}, 120_000);

afterAll(() => {
  pg?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ROWS = 100_000;

/** The seed-like content of one database: owned conversations, their messages, a settings table. */
function seed(database: string, rows = ROWS): void {
  pg.sql('postgres', `CREATE DATABASE ${database};`);
  pg.sql(
    database,
    `CREATE TABLE conversations (id bigint PRIMARY KEY, user_id uuid NULL, title text NOT NULL, meta jsonb, blob bytea, created_at timestamptz NOT NULL);
     CREATE INDEX idx_conversations_user_id ON conversations (user_id);
     CREATE TABLE messages (id bigint PRIMARY KEY, conversation_id bigint NOT NULL REFERENCES conversations(id), body text NOT NULL);
     CREATE TABLE settings (key text PRIMARY KEY, value jsonb NOT NULL);
     INSERT INTO conversations
       SELECT i, md5('user' || (i % 97))::uuid, 'Grüße ' || i || ' — 日本語 🚀 "quoted" \\ back', jsonb_build_object('i', i, 'tags', jsonb_build_array('α', 'β'), 'nested', jsonb_build_object('ok', i % 2 = 0)),
              decode(md5(i::text) || '00ff0a0d', 'hex'), timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute'
       FROM generate_series(1, ${rows}) AS i;
     INSERT INTO messages SELECT i, 1 + (i % ${rows}), repeat('é', i % 50) || E'\\nline two\\t' || i FROM generate_series(1, 20000) AS i;
     INSERT INTO settings VALUES ('theme', '{"dark": true, "name": "Ωmega"}'), ('empty', '{}');`,
  );
}

/** An ordered checksum of every row of every table: equal checksums, equal content. */
function checksum(database: string): string {
  return pg
    .sql(
      database,
      `SELECT (SELECT count(*) FROM conversations) || ':' ||
              (SELECT md5(string_agg(c::text, E'\\n' ORDER BY id)) FROM conversations c) || ':' ||
              (SELECT md5(string_agg(m::text, E'\\n' ORDER BY id)) FROM messages m) || ':' ||
              (SELECT md5(string_agg(s::text, E'\\n' ORDER BY key)) FROM settings s);`,
    )
    .trim();
}

function writeTree(files: readonly RenderedFile[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'stackfare-backup-'));
  dirs.push(dir);
  for (const f of files) {
    const path = join(dir, f.path);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, f.contents);
    if (f.mode !== undefined) chmodSync(path, f.mode);
  }
  return dir;
}

/**
 * `docker compose -f F exec -T SERVICE TOOL ARGS` runs TOOL ARGS against the cluster, as the
 * container would against its own server. With SLOW_DB=<db>, pg_dump of that database writes its
 * whole dump, marks READY and then hangs, so a test can kill the backup halfway.
 */
function shimBin(dir: string): string {
  const bin = join(dir, '.shim-bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'docker'),
    [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      '[ "$1" = compose ] && [ "$2" = -f ] && [ "$4" = exec ] && [ "$5" = -T ] || { echo "unexpected: $*" >&2; exit 2; }',
      '[ -f "$3" ] || { echo "no compose file $3" >&2; exit 2; }',
      'tool="$7"; shift 7',
      'export PGHOST=127.0.0.1 PGPORT="$SHIM_PORT" PGPASSWORD="$SHIM_PASSWORD"',
      'case "$tool" in',
      '  pg_dump)',
      '    db="${*: -1}"',
      '    if [ "${FAIL_DB:-}" = "$db" ]; then echo "pg_dump: error: connection to database \\"$db\\" failed" >&2; exit 1; fi',
      '    if [ "${SLOW_DB:-}" = "$db" ]; then',
      '      "$SHIM_PGBIN/pg_dump" "$@"; touch "$READY"',
      '      if [ -n "${RELEASE:-}" ]; then while [ ! -e "$RELEASE" ]; do sleep 0.05; done; else sleep 60; fi',
      '      exit 0',
      '    fi',
      '    exec "$SHIM_PGBIN/pg_dump" "$@" ;;',
      '  psql) exec "$SHIM_PGBIN/psql" -X "$@" ;;',
      '  *) echo "unexpected tool $tool" >&2; exit 2 ;;',
      'esac',
      '',
    ].join('\n'),
  );
  writeFileSync(join(bin, 'date'), '#!/usr/bin/env bash\necho "$FAKE_DATE"\n');
  chmodSync(join(bin, 'docker'), 0o755);
  chmodSync(join(bin, 'date'), 0o755);
  return bin;
}

function envFor(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PATH: `${shimBin(dir)}:${process.env.PATH}`,
    SHIM_PORT: String(pg.port),
    SHIM_PASSWORD: pg.password,
    SHIM_PGBIN: pg.binDir,
    FAKE_DATE: '2026-03-01_030000',
    ...extra,
  };
}

/** The `dump SERVICE DATABASE` lines of a generated backup.sh: what it backs up. */
function dumpsOf(files: readonly RenderedFile[]): { service: string; database: string }[] {
  const script = files.find((f) => f.path === 'scripts/backup.sh')!.contents;
  return [...script.matchAll(/^dump (\S+) (\S+)$/gm)].map((m) => ({ service: m[1]!, database: m[2]! }));
}

function backups(dir: string): string[] {
  // The lock file (.backup.lock) is not a backup.
  return existsSync(join(dir, 'backups'))
    ? readdirSync(join(dir, 'backups'))
        .filter((f) => !f.startsWith('.'))
        .sort()
    : [];
}

describe.skipIf(!pgServer.run)(pgServer.name('backup.sh and restore.sh against a real server (local tier, one database per service)'), () => {
  let dir: string;
  let dumps: { service: string; database: string }[];
  const before = new Map<string, string>();

  beforeAll(async () => {
    const { files } = await generateFor('local', { tier: 'local', db: 'separate' });
    dumps = dumpsOf(files);
    dir = writeTree(files);
    // The first database holds the 100,000 conversations; the others a smaller share, to keep the run short.
    dumps.forEach((d, i) => {
      seed(d.database, i === 0 ? ROWS : 5_000);
      before.set(d.database, checksum(d.database));
    });
  }, 120_000);

  it('backs up each database, and after a drop the restore brings back identical content', () => {
    expect(dumps.length).toBeGreaterThanOrEqual(3);
    execFileSync('make', ['--no-print-directory', '-C', dir, 'personal_backup'], { env: envFor(dir), stdio: 'pipe' });
    const files = backups(dir);
    expect(files).toEqual(dumps.map((d) => `${d.service}__${d.database}__2026-03-01_030000.sql.gz`).sort());
    for (const d of dumps) {
      pg.sql(d.database, 'DROP TABLE messages; DROP TABLE conversations; DROP TABLE settings;');
      expect(pg.sql(d.database, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';").trim()).toBe('0');
      const file = `backups/${d.service}__${d.database}__2026-03-01_030000.sql.gz`;
      const out = execFileSync('make', ['--no-print-directory', '-C', dir, 'personal_restore', `FILE=${file}`], {
        env: envFor(dir, { YES: '1' }),
        encoding: 'utf8',
      });
      expect(out).toContain(`Restored ${d.database}`);
      expect(checksum(d.database)).toBe(before.get(d.database));
    }
    expect(before.get(dumps[0]!.database)).toMatch(new RegExp(`^${ROWS}:`));
  }, 120_000);

  it('restore asks before it overwrites: "n" changes nothing, "y" replaces the changed rows', () => {
    const d = dumps[0]!;
    const file = join(dir, 'backups', `${d.service}__${d.database}__2026-03-01_030000.sql.gz`);
    pg.sql(d.database, "UPDATE conversations SET title = 'changed' WHERE id <= 10; DELETE FROM messages WHERE id > 19990;");
    const changed = checksum(d.database);
    expect(changed).not.toBe(before.get(d.database));
    const no = spawnSync('bash', [join(dir, 'scripts/restore.sh'), file], { env: envFor(dir), input: 'n\n', encoding: 'utf8' });
    expect(no.status).toBe(1);
    expect(no.stdout + no.stderr).toContain(`Replace database ${d.database}`);
    expect(no.stdout).toContain('Nothing restored.');
    expect(checksum(d.database)).toBe(changed);
    // No terminal and no answer (stdin closed): nothing restored either.
    const none = spawnSync('bash', [join(dir, 'scripts/restore.sh'), file], { env: envFor(dir), input: '', encoding: 'utf8' });
    expect(none.status).toBe(1);
    expect(checksum(d.database)).toBe(changed);
    const yes = spawnSync('bash', [join(dir, 'scripts/restore.sh'), file], { env: envFor(dir), input: 'y\n', encoding: 'utf8' });
    expect(yes.status, yes.stderr).toBe(0);
    expect(checksum(d.database)).toBe(before.get(d.database));
  }, 60_000);

  it('restore refuses a file that is not one of its dumps, and the database stays as it was', () => {
    const d = dumps[0]!;
    const sameName = join(dir, 'backups', `${d.service}__${d.database}__2026-03-02_030000.sql.gz`);
    writeFileSync(sameName, gzipSync('DROP TABLE conversations CASCADE;\n'));
    const fake = spawnSync('bash', [join(dir, 'scripts/restore.sh'), sameName], { env: envFor(dir, { YES: '1' }), encoding: 'utf8' });
    expect(fake.status).toBe(1);
    expect(fake.stderr).toContain('is not a pg_dump written by scripts/backup.sh');
    const notGzip = join(dir, 'backups', `${d.service}__${d.database}__2026-03-03_030000.sql.gz`);
    writeFileSync(notGzip, '-- PostgreSQL database dump\nDROP TABLE conversations CASCADE;\n');
    expect(spawnSync('bash', [join(dir, 'scripts/restore.sh'), notGzip], { env: envFor(dir, { YES: '1' }), encoding: 'utf8' }).status).toBe(1);
    const otherName = join(dir, 'elsewhere.sql.gz');
    writeFileSync(otherName, gzipSync('-- PostgreSQL database dump\nDROP TABLE conversations CASCADE;\n-- PostgreSQL database dump complete\n'));
    const wrong = spawnSync('bash', [join(dir, 'scripts/restore.sh'), otherName], { env: envFor(dir, { YES: '1' }), encoding: 'utf8' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('is not a dump of this stack');
    expect(checksum(d.database)).toBe(before.get(d.database));
    rmSync(sameName);
    rmSync(notGzip);
  });

  it('KEEP rotation keeps exactly the newest N real dumps of each database', () => {
    for (const day of ['04', '05', '06', '07']) {
      execFileSync('bash', [join(dir, 'scripts/backup.sh')], { env: envFor(dir, { FAKE_DATE: `2026-03-${day}_030000`, KEEP: '2' }), stdio: 'pipe' });
    }
    for (const d of dumps) {
      expect(backups(dir).filter((f) => f.startsWith(`${d.service}__${d.database}__`))).toEqual([
        `${d.service}__${d.database}__2026-03-06_030000.sql.gz`,
        `${d.service}__${d.database}__2026-03-07_030000.sql.gz`,
      ]);
    }
    // The kept dumps are real: the newest restores to the same content.
    const d = dumps.at(-1)!;
    pg.sql(d.database, 'TRUNCATE messages, conversations, settings;');
    execFileSync('bash', [join(dir, 'scripts/restore.sh'), join(dir, 'backups', `${d.service}__${d.database}__2026-03-07_030000.sql.gz`)], {
      env: envFor(dir, { YES: '1' }),
      stdio: 'pipe',
    });
    expect(checksum(d.database)).toBe(before.get(d.database));
  }, 120_000);

  it('a backup killed halfway leaves the earlier dumps and no partial file', async () => {
    const earlier = backups(dir);
    const slow = dumps[1]!;
    const ready = join(dir, 'READY');
    const child = spawn('bash', [join(dir, 'scripts/backup.sh')], {
      env: envFor(dir, { FAKE_DATE: '2026-03-08_030000', KEEP: '10', SLOW_DB: slow.database, READY: ready }),
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 600 && !existsSync(ready); i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(ready)).toBe(true);
    // A partial dump exists at this moment: the kill really lands halfway.
    expect(backups(dir).some((f) => f.includes('.partial.'))).toBe(true);
    process.kill(-child.pid!, 'SIGTERM');
    expect(await exited).not.toBe(0);
    const after = backups(dir);
    expect(after.filter((f) => f.includes('.partial'))).toEqual([]);
    // Every earlier dump is still there; the slow database got no new one.
    for (const f of earlier) expect(after).toContain(f);
    expect(after.filter((f) => f.startsWith(`${slow.service}__${slow.database}__`))).toEqual(
      earlier.filter((f) => f.startsWith(`${slow.service}__${slow.database}__`)),
    );
  }, 60_000);
});

describe.skipIf(!pgServer.run)(pgServer.name('make prod_backup on the Docker host (single-user tier on platform local)'), () => {
  it('dumps each database and the dump restores to identical content', async () => {
    const { files } = await generateFor('local', { tier: 'single-user' });
    const dumps = dumpsOf(files);
    expect(dumps.length).toBeGreaterThanOrEqual(1);
    const dir = writeTree(files);
    const sums = new Map<string, string>();
    for (const d of dumps) {
      // The databases may share names with the first describe's: start from a fresh copy.
      pg.sql('postgres', `DROP DATABASE IF EXISTS ${d.database};`);
      seed(d.database, 5_000);
      sums.set(d.database, checksum(d.database));
    }
    execFileSync('make', ['--no-print-directory', '-C', dir, 'prod_backup'], { env: envFor(dir, { FAKE_DATE: '2026-04-01_030000' }), stdio: 'pipe' });
    for (const d of dumps) {
      pg.sql(d.database, 'DROP TABLE messages; DROP TABLE conversations; DROP TABLE settings;');
      execFileSync('make', ['--no-print-directory', '-C', dir, 'prod_restore', `FILE=backups/${d.service}__${d.database}__2026-04-01_030000.sql.gz`], {
        env: envFor(dir, { YES: '1' }),
        stdio: 'pipe',
      });
      expect(checksum(d.database)).toBe(sums.get(d.database));
    }
  }, 120_000);
});

describe('backup.sh keeps what it wrote (rotation, lock, failures, permissions)', () => {
  let dir: string;
  let dumps: { service: string; database: string }[];

  beforeAll(async () => {
    const { files } = await generateFor('local', { tier: 'local', db: 'separate' });
    dumps = dumpsOf(files);
    dir = writeTree(files);
    for (const d of dumps) {
      pg.sql('postgres', `DROP DATABASE IF EXISTS ${d.database};`);
      seed(d.database, 500);
    }
  }, 120_000);

  const run = (extra: Record<string, string>) => spawnSync('bash', [join(dir, 'scripts/backup.sh')], { env: envFor(dir, extra), encoding: 'utf8' });
  const own = (d: { service: string; database: string }) => backups(dir).filter((f) => f.startsWith(`${d.service}__${d.database}__`));

  it('rotation never removes a named copy or the dump just written, even with KEEP=1 and a dump dated in the future', () => {
    const d = dumps[0]!;
    expect(run({ FAKE_DATE: '2026-05-01_030000' }).status).toBe(0);
    const named = join(dir, 'backups', `${d.service}__${d.database}__before-upgrade.sql.gz`);
    const future = join(dir, 'backups', `${d.service}__${d.database}__2099-01-01_000000.sql.gz`);
    writeFileSync(named, gzipSync('named copy'));
    writeFileSync(future, gzipSync('from a clock that ran ahead'));
    const r = run({ FAKE_DATE: '2026-05-02_030000', KEEP: '1' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Wrote backups/${d.service}__${d.database}__2026-05-02_030000.sql.gz`);
    expect(own(d)).toEqual([`${d.service}__${d.database}__2026-05-02_030000.sql.gz`, `${d.service}__${d.database}__before-upgrade.sql.gz`]);
    // KEEP=2: the fresh dump and the newest older dated one, by the date in the name.
    writeFileSync(future, gzipSync('from a clock that ran ahead'));
    expect(run({ FAKE_DATE: '2026-05-03_030000', KEEP: '2' }).status).toBe(0);
    expect(own(d)).toEqual([
      `${d.service}__${d.database}__2026-05-03_030000.sql.gz`,
      `${d.service}__${d.database}__2099-01-01_000000.sql.gz`,
      `${d.service}__${d.database}__before-upgrade.sql.gz`,
    ]);
    rmSync(named);
    rmSync(future);
  }, 60_000);

  it('dumps and the backups folder are readable by the owner alone', () => {
    expect(run({ FAKE_DATE: '2026-05-04_030000' }).status).toBe(0);
    const f = join(dir, 'backups', `${dumps[0]!.service}__${dumps[0]!.database}__2026-05-04_030000.sql.gz`);
    expect(statSync(f).mode & 0o777).toBe(0o600);
  });

  it('two runs at once: the second exits 1 naming the lock and the first one finishes whole', async () => {
    const slow = dumps[0]!;
    const ready = join(dir, 'READY2');
    const release = join(dir, 'RELEASE2');
    const first = spawn('bash', [join(dir, 'scripts/backup.sh')], {
      env: envFor(dir, { FAKE_DATE: '2026-05-05_030000', SLOW_DB: slow.database, READY: ready, RELEASE: release }),
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => first.on('exit', (code) => resolve(code)));
    for (let i = 0; i < 600 && !existsSync(ready); i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(existsSync(ready)).toBe(true);
    const partials = backups(dir).filter((f) => f.endsWith(`.partial.${first.pid}`));
    expect(partials.length).toBe(1);
    const second = run({ FAKE_DATE: '2026-05-05_030001' });
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('Another backup is running');
    // The second run removed nothing of the first's.
    expect(backups(dir)).toEqual(expect.arrayContaining(partials));
    expect(backups(dir).some((f) => f.includes('2026-05-05_030001'))).toBe(false);
    writeFileSync(release, '');
    expect(await exited).toBe(0);
    for (const d of dumps) {
      const f = join(dir, 'backups', `${d.service}__${d.database}__2026-05-05_030000.sql.gz`);
      expect(execFileSync('bash', ['-c', 'gunzip -c -- "$1" | tail -c 200', '_', f], { encoding: 'utf8' })).toContain('-- PostgreSQL database dump complete');
    }
    expect(backups(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  }, 60_000);

  it('one failing database does not stop the others: each is dumped, then exit 1 naming the failure', () => {
    const bad = dumps[1]!;
    const r = run({ FAKE_DATE: '2026-05-06_030000', FAIL_DB: bad.database });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`FAILED: ${bad.service}/${bad.database}`);
    expect(r.stderr).toContain(`Backup incomplete: 1 database(s) failed: ${bad.service}/${bad.database}.`);
    for (const d of dumps) {
      expect(own(d).includes(`${d.service}__${d.database}__2026-05-06_030000.sql.gz`)).toBe(d !== bad);
    }
    expect(backups(dir).filter((f) => f.includes('.partial'))).toEqual([]);
  }, 60_000);
});

describe('restore.sh goes by the dump header and never loses the old data', () => {
  let dir: string;
  let dumps: { service: string; database: string }[];
  const restore = (file: string, extra: Record<string, string> = {}) =>
    spawnSync('bash', [join(dir, 'scripts/restore.sh'), file], { env: envFor(dir, { YES: '1', ...extra }), encoding: 'utf8' });
  /** Rows, then every large object's id and content hash. */
  const state = (database: string) =>
    `${checksum(database)}|${pg.sql(database, "SELECT coalesce(string_agg(oid::text || '=' || md5(lo_get(oid)), ',' ORDER BY oid), '') FROM pg_largeobject_metadata;").trim()}`;

  beforeAll(async () => {
    const { files } = await generateFor('local', { tier: 'local', db: 'separate' });
    dumps = dumpsOf(files);
    dir = writeTree(files);
    for (const d of dumps) {
      pg.sql('postgres', `DROP DATABASE IF EXISTS ${d.database};`);
      seed(d.database, 2_000);
    }
    // Large objects in the first database: pg_dump wraps them in BEGIN/COMMIT of its own.
    pg.sql(dumps[0]!.database, "SELECT lo_from_bytea(0, convert_to(repeat('large object ' || i, 500), 'UTF8')) FROM generate_series(1, 5) AS i;");
    expect(spawnSync('bash', [join(dir, 'scripts/backup.sh')], { env: envFor(dir, { FAKE_DATE: '2026-06-01_030000' }), encoding: 'utf8' }).status).toBe(0);
  }, 120_000);

  const fileOf = (d: { service: string; database: string }, tag = '2026-06-01_030000') => join(dir, 'backups', `${d.service}__${d.database}__${tag}.sql.gz`);
  const databases = () => pg.sql('postgres', "SELECT string_agg(datname, ',' ORDER BY datname) FROM pg_database;").trim();

  it('restores rows and large objects, prints no psql query output, and leaves no extra database', () => {
    const d = dumps[0]!;
    const before = state(d.database);
    const dbsBefore = databases();
    pg.sql(d.database, "UPDATE conversations SET title = 'changed'; SELECT lo_unlink(oid) FROM pg_largeobject_metadata;");
    expect(state(d.database)).not.toBe(before);
    const r = restore(fileOf(d));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/set_config|setval|^\s*\d+\s*$|lo_create/m);
    expect(r.stdout).toContain(`Restored ${d.database}`);
    expect(state(d.database)).toBe(before);
    expect(databases()).toBe(dbsBefore);
  }, 60_000);

  it('a failure after the large objects leaves the old rows and objects exactly as they were', () => {
    const d = dumps[0]!;
    pg.sql(d.database, "UPDATE conversations SET title = 'kept' WHERE id <= 3;");
    const before = state(d.database);
    const dbsBefore = databases();
    // The same dump with a failing statement just before its end: after the large objects' COMMIT.
    const text = gunzipSync(readFileSync(fileOf(d))).toString('utf8');
    const broken = text.replace('-- PostgreSQL database dump complete', 'SELECT 1/0;\n\n-- PostgreSQL database dump complete');
    expect(broken.indexOf('SELECT 1/0;')).toBeGreaterThan(text.lastIndexOf('lo_close'));
    const file = fileOf(d, '2026-06-02_030000');
    writeFileSync(file, gzipSync(broken));
    const r = restore(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('division by zero');
    expect(r.stderr).toContain(`${d.database} was not touched`);
    expect(state(d.database)).toBe(before);
    expect(databases()).toBe(dbsBefore);
    rmSync(file);
  }, 60_000);

  it('a named copy restores into the database its header names; a dump renamed to another database is refused', () => {
    const [a, b] = [dumps[0]!, dumps[1]!];
    const named = join(dir, 'backups', `${a.service}__${a.database}__before-upgrade.sql.gz`);
    writeFileSync(named, readFileSync(fileOf(a)));
    const anywhere = join(dir, 'my copy.sql.gz');
    writeFileSync(anywhere, readFileSync(fileOf(b)));
    const beforeB = state(b.database);
    pg.sql(b.database, 'DELETE FROM settings;');
    const ok = restore(anywhere);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`Restored ${b.database}`);
    expect(state(b.database)).toBe(beforeB);
    // a's dump under b's name: refused, naming both; b is untouched.
    const liar = fileOf(b, '2026-06-03_030000');
    writeFileSync(liar, readFileSync(fileOf(a)));
    pg.sql(b.database, 'DELETE FROM settings;');
    const changed = state(b.database);
    const refused = restore(liar);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`named for ${b.service}/${b.database} but holds a dump of ${a.service}/${a.database}`);
    expect(state(b.database)).toBe(changed);
    expect(restore(named).status).toBe(0);
    for (const f of [named, anywhere, liar]) rmSync(f);
  }, 60_000);

  it('a dump cut short is refused before anything is touched', () => {
    const d = dumps[2] ?? dumps[0]!;
    const text = gunzipSync(readFileSync(fileOf(d))).toString('utf8');
    const file = fileOf(d, '2026-06-04_030000');
    writeFileSync(file, gzipSync(text.slice(0, Math.floor(text.length / 2))));
    const before = state(d.database);
    const r = restore(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cut short');
    expect(state(d.database)).toBe(before);
    rmSync(file);
  });
});
