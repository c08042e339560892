/**
 * The DBA's cases against migrate-data, each on two real clusters through the built CLI: a
 * pg_restore that fails on a dump larger than the pipe buffers (no hang, the cause reported), the
 * same database on both sides, a column that shadows the row alias, text keys under different
 * collations, sequences, large objects, objects only on the target, --force, --verify, and the
 * plan's figures for partitioned and never-analysed tables.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type PgCluster, startCluster } from '../helpers/pg-cluster.js';

let source: PgCluster;
let target: PgCluster;
let dir: string;
const DB = 'reasoning_api';
const STACK = ['--db', 'separate'];

function fresh(cluster: PgCluster, db = DB, options = ''): void {
  cluster.sql('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE);`);
  cluster.sql('postgres', `CREATE DATABASE ${db} ${options};`);
}

const pair = (to = target.url(DB)) => ['--from', `${DB}=${source.url(DB)}`, '--to', `${DB}=${to}`];
const copy = (extra: string[] = [], to?: string) => runCli(['migrate-data', ...STACK, ...pair(to), '--yes', ...extra], { cwd: dir });
const verify = () => runCli(['migrate-data', ...STACK, ...pair(), '--verify'], { cwd: dir });
const tables = (c: PgCluster, db = DB) =>
  Number(
    c.sql(db, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND n.nspname = 'public';").trim(),
  );
const noSecrets = (text: string) => {
  expect(text).not.toContain(source.password);
  expect(text).not.toContain(target.password);
};
/** pg_dump / pg_restore processes still running for this test's servers. */
const toolsLeft = () =>
  execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => /pg_dump|pg_restore/.test(l) && (l.includes(String(source.port)) || l.includes(String(target.port))));

beforeAll(async () => {
  [source, target] = await Promise.all([startCluster(), startCluster()]);
  dir = mkdtempSync(join(tmpdir(), 'stackfare-migrate-defects-'));
}, 180_000);

afterAll(() => {
  source?.stop();
  target?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A source whose dump is far larger than a pipe's buffer (64 kB): pg_dump is still writing when pg_restore fails. */
function bigSource(extraSql: string): void {
  fresh(source);
  source.sql(
    DB,
    `${extraSql}
    CREATE TABLE big (id bigint PRIMARY KEY, body text NOT NULL);
    INSERT INTO big SELECT i, md5(i::text) || repeat(md5((i * 7)::text), 6) FROM generate_series(1, 150000) i;`,
  );
}

describe('a failing pg_restore stops pg_dump and reports its cause (no hang)', () => {
  it('a target role that cannot CREATE EXTENSION dblink', async () => {
    bigSource('CREATE EXTENSION dblink;');
    target.sql('postgres', "DROP DATABASE IF EXISTS reasoning_api WITH (FORCE); DROP ROLE IF EXISTS app; CREATE ROLE app LOGIN PASSWORD 'app-pw-2718';");
    target.sql('postgres', 'CREATE DATABASE reasoning_api OWNER app;');
    const started = Date.now();
    const r = await copy([], target.url(DB, { user: 'app', password: 'app-pw-2718' }));
    const seconds = (Date.now() - started) / 1000;
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`pg_restore of ${DB} into postgresql://app:***@127.0.0.1:${target.port}/${DB} failed`);
    expect(r.stderr).toContain('permission denied to create extension "dblink"');
    // The object it failed on, from pg_restore's own TOC line, and the command.
    expect(r.stderr).toMatch(/TOC entry .*EXTENSION dblink/);
    expect(r.stderr).toContain('CREATE EXTENSION IF NOT EXISTS dblink');
    expect(seconds).toBeLessThan(60);
    expect(toolsLeft()).toEqual([]);
    expect(tables(target)).toBe(0);
    expect(r.stderr).not.toContain('app-pw-2718');
    noSecrets(r.stdout + r.stderr);
  }, 120_000);

  it('a type that already exists on the target', async () => {
    bigSource("CREATE TYPE mood AS ENUM ('happy', 'sad'); CREATE TABLE feelings (id int PRIMARY KEY, m mood); INSERT INTO feelings VALUES (1, 'sad');");
    fresh(target);
    target.sql(DB, "CREATE TYPE public.mood AS ENUM ('other');");
    const r = await copy();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('type "mood" already exists');
    expect(r.stderr).toMatch(/TOC entry .*TYPE .*mood/);
    expect(r.stderr).toContain('pg_dump was stopped and the restore rolled back');
    expect(toolsLeft()).toEqual([]);
    expect(tables(target)).toBe(0);
  }, 120_000);

  it('--force with the same database on both sides is refused before anything changes, however the URL spells it', async () => {
    bigSource('');
    const before = source.sql(DB, 'SELECT count(*) FROM big;');
    const same = await runCli(['migrate-data', ...STACK, '--from', `${DB}=${source.url(DB)}`, '--to', `${DB}=${source.url(DB)}`, '--yes', '--force'], {
      cwd: dir,
    });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain(`--from ${DB}=URL and --to ${DB}=URL name the same database`);
    // 127.1 is 127.0.0.1 to the resolver: only the server itself can tell it is the same database.
    const spelled = source.url(DB).replace('127.0.0.1', '127.1');
    const r = await runCli(['migrate-data', ...STACK, '--from', `${DB}=${source.url(DB)}`, '--to', `${DB}=${spelled}`, '--yes', '--force'], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('name the same database');
    expect(source.sql(DB, 'SELECT count(*) FROM big;')).toBe(before);
    noSecrets(same.stderr + r.stderr);
  }, 120_000);
});

describe('the comparison sees every column, sequence and large object', () => {
  it('a column named like the row alias (t) does not hide a difference in another column', async () => {
    fresh(source);
    source.sql(DB, "CREATE TABLE shadow (id int PRIMARY KEY, t text, v text); INSERT INTO shadow SELECT i, 'same', 'v' || i FROM generate_series(1, 100) i;");
    source.sql(
      DB,
      "CREATE TABLE stackfare_row (id int PRIMARY KEY, stackfare_row text, v text); INSERT INTO stackfare_row SELECT i, 'same', 'v' || i FROM generate_series(1, 100) i;",
    );
    fresh(target);
    const r = await copy();
    expect(r.code, r.stderr).toBe(0);
    target.sql(DB, "UPDATE shadow SET v = 'changed' WHERE id = 50; UPDATE stackfare_row SET v = 'changed' WHERE id = 7;");
    const v = await verify();
    expect(v.code, v.stderr).toBe(1);
    expect(v.stdout).toMatch(/public\.shadow\s+100\s+100\s+differs\s+DIFFERS/);
    expect(v.stdout).toMatch(/public\.stackfare_row\s+100\s+100\s+differs\s+DIFFERS/);
    expect(v.stderr).toContain(`2 table(s) differ: ${DB} public.shadow, ${DB} public.stackfare_row`);
  }, 120_000);

  it('identical rows with a text primary key match across collations (C on the source, ICU en-US on the target)', async () => {
    fresh(source);
    source.sql(
      DB,
      "CREATE TABLE settings (key text PRIMARY KEY, value text); INSERT INTO settings VALUES ('a', '1'), ('B', '2'), ('_z', '3'), ('Z', '4'), ('ä', '5'), ('a b', '6'), ('ab', '7');",
    );
    fresh(target, DB, "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
    // The two servers really order these keys differently.
    expect(source.sql(DB, "SELECT string_agg(key, ',' ORDER BY key) FROM settings;")).not.toBe(
      target.sql('postgres', `SELECT string_agg(k, ',' ORDER BY k COLLATE "en-US-x-icu") FROM unnest(ARRAY['a', 'B', '_z', 'Z', 'ä', 'a b', 'ab']) k;`),
    );
    const r = await copy();
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stdout).toMatch(/public\.settings\s+7\s+7\s+match\s+ok/);
  }, 120_000);

  it("sequences' last values and large objects (count and content) are compared", async () => {
    fresh(source);
    source.sql(
      DB,
      "CREATE TABLE notes (id bigserial PRIMARY KEY, body text); INSERT INTO notes (body) SELECT 'n' || i FROM generate_series(1, 10) i; CREATE SEQUENCE ticket_seq; SELECT setval('ticket_seq', 41);",
    );
    source.sql(DB, "SELECT lo_from_bytea(424242, convert_to('large object body', 'UTF8'));");
    fresh(target);
    const r = await copy();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/large objects 1 -> 1 ok; sequences ok/);
    expect((await verify()).code).toBe(0);
    target.sql(DB, "SELECT setval('ticket_seq', 999);");
    target.sql(DB, "SELECT lo_put(424242, 0, convert_to('L', 'UTF8'));");
    const v = await verify();
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`${DB} sequence public.ticket_seq (last value 41 -> 999)`);
    expect(v.stderr).toContain(`${DB} large objects (1 -> 1, content differs)`);
    // The tables themselves still match, and say so.
    expect(v.stdout).toMatch(/public\.notes\s+10\s+10\s+match\s+ok/);
  }, 120_000);

  it('--verify lists objects only on the target and objects missing there, and exits 1', async () => {
    target.sql(DB, "SELECT setval('ticket_seq', 41); SELECT lo_put(424242, 0, convert_to('l', 'UTF8'));");
    expect((await verify()).code).toBe(0);
    target.sql(DB, 'CREATE TABLE extra (id int); CREATE VIEW extra_view AS SELECT 1 AS one;');
    source.sql(DB, 'CREATE FUNCTION public.only_here(int) RETURNS int LANGUAGE sql AS $$ SELECT $1 $$;');
    const v = await verify();
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`${DB}: only on the target: table public.extra, view public.extra_view`);
    expect(v.stdout).toContain(`${DB}: missing on the target: function public.only_here(integer)`);
    expect(v.stderr).toContain(`${DB} table public.extra only on the target`);
    source.sql(DB, 'DROP FUNCTION public.only_here(int);');
  }, 120_000);
});

describe('--force starts from an empty target', () => {
  it('drops what the target holds (listed first), so the result is exactly the source', async () => {
    // The target still holds the previous test's copy plus its extras; add a large object and a schema of its own.
    target.sql(
      DB,
      "CREATE SCHEMA scratch; CREATE TABLE scratch.junk (x int); SELECT lo_from_bytea(777, '\\x00'::bytea); CREATE TYPE public.colour AS ENUM ('red');",
    );
    const r = await copy(['--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('--force drops everything the target holds first');
    expect(r.stdout).toMatch(/tables?: .*public\.extra/);
    expect(r.stdout).toContain('2 large objects');
    expect(r.stderr).toContain(`Emptying the target of ${DB} (--force)`);
    expect(target.sql(DB, "SELECT count(*) FROM pg_class WHERE relname IN ('extra', 'extra_view', 'junk');").trim()).toBe('0');
    expect(target.sql(DB, "SELECT count(*) FROM pg_namespace WHERE nspname = 'scratch';").trim()).toBe('0');
    expect(target.sql(DB, "SELECT string_agg(oid::text, ',') FROM pg_largeobject_metadata;").trim()).toBe('424242');
    expect(r.stdout).toContain('every table matches');
    expect((await verify()).code).toBe(0);
  }, 120_000);
});

describe('the plan', () => {
  it('shows a partitioned table\'s size as its partitions\' sum, and "unknown" rows for a never-analysed table', async () => {
    fresh(source);
    source.sql(
      DB,
      `CREATE TABLE events (id bigint, at date NOT NULL, body text) PARTITION BY RANGE (at);
       CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
       CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
       INSERT INTO events SELECT i, date '2025-06-01' + (i % 400), repeat('e', 100) FROM generate_series(1, 20000) i;
       ANALYZE events;
       CREATE TABLE fresh_rows (id int); INSERT INTO fresh_rows SELECT generate_series(1, 5000);`,
    );
    fresh(target);
    const r = await runCli(['migrate-data', ...STACK, ...pair(), '--dry-run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/public\.events\s+20,000\s+[1-9][\d.]* MB/);
    expect(r.stdout).toMatch(/public\.fresh_rows\s+unknown\s+\d/);
    expect(r.stdout).not.toMatch(/public\.events\s+\S+\s+0 B/);
  }, 60_000);
});
