/**
 * The readiness defects a DBA found, each reproduced on a real server: SQL smuggled through a
 * comment, permissive policies counted as isolation, OR-ed checks counted as NOT NULL,
 * partitions, views and materialized views, reserved words and a file that was not one unit,
 * colliding and overlong index names, invalid leftovers of a concurrent build, a pooled session
 * without the setting, the owner's pg_dump after FORCE, and the report's own messages.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type PgCluster, startCluster } from '../helpers/pg-cluster.js';
import { ALICE, applySql, as, BOB, DDL_LOG, q, readiness } from './readiness-cluster.js';

let pg: PgCluster;
let dir: string;
let n = 0;

/** A fresh database holding `sql`, the api role granted on everything in public. */
function database(sql: string): string {
  n += 1;
  const db = `safety_${n}`;
  pg.sql('postgres', `CREATE DATABASE ${db};`);
  pg.sql(db, sql);
  pg.sql(db, 'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO api;');
  return db;
}

const out = () => mkdtempSync(join(dir, 'out-'));
const policyCount = (db: string) => pg.sql(db, 'SELECT count(*) FROM pg_policy;').trim();

beforeAll(async () => {
  pg = await startCluster();
  pg.sql('postgres', 'CREATE ROLE api NOLOGIN;');
  dir = mkdtempSync(join(tmpdir(), 'stackfare-readiness-safety-'));
}, 120_000);

afterAll(() => {
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('readiness SQL that is safe to run', () => {
  it('a table name holding a newline, a carriage return or */ cannot smuggle a statement out of a comment', async () => {
    const names = ['x\nDROP TABLE canary; --', 'y\r\nDROP TABLE canary;', '*/ DROP TABLE canary; /*', 'z\u2028DROP TABLE canary;'];
    const db = database(
      `CREATE TABLE canary (id int); INSERT INTO canary VALUES (1);
       ${names.map((t) => `CREATE TABLE ${q(t)} (id int PRIMARY KEY, user_id uuid NOT NULL);`).join('\n')}
       ${DDL_LOG}`,
    );
    const { sql, path } = await readiness(pg, db, out());
    // Every comment line stays one line: the names appear escaped in them.
    expect(sql).toContain('-- "public"."x\\nDROP TABLE canary; --": ');
    expect(sql).toContain('*\\/ DROP TABLE canary; /*');
    pg.sql(db, 'TRUNCATE ddl_log;');
    const r = applySql(pg, db, path);
    expect(r.code, r.stderr).toBe(0);
    expect(pg.sql(db, 'SELECT count(*) FROM canary;').trim()).toBe('1');
    // Only the intended kinds of statement ran, and nothing was dropped.
    expect(pg.sql(db, 'SELECT DISTINCT tag FROM ddl_log ORDER BY 1;').trim().split('\n')).toEqual(['ALTER TABLE', 'CREATE INDEX', 'CREATE POLICY']);
    // The smuggled names got their policies like any table.
    expect(policyCount(db)).toBe(String(names.length));
  }, 60_000);

  it('permissive policies are judged by what they do: true, OR branches, no user column, true beside a good one', async () => {
    const iso = `user_id = NULLIF(current_setting('app.user_id', true), '')::uuid`;
    const table = (name: string, policies: string[]) => `
      CREATE TABLE ${name} (id serial PRIMARY KEY, user_id uuid NOT NULL, shared boolean NOT NULL DEFAULT false);
      INSERT INTO ${name} (user_id, shared) VALUES ('${ALICE}', false), ('${BOB}', true), ('${BOB}', false);
      ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${name} FORCE ROW LEVEL SECURITY;
      ${policies.map((p, i) => `CREATE POLICY p${i} ON ${name} ${p};`).join('\n')}`;
    const db = database(
      [
        table('t_true', ['USING (true) WITH CHECK (true)']),
        table('t_or', [`USING (${iso} OR shared) WITH CHECK (${iso})`]),
        table('t_nocol', ['USING (id > 0)']),
        table('t_beside', [`USING (${iso}) WITH CHECK (${iso})`, 'FOR SELECT USING (true)']),
        table('t_good', [`USING (${iso}) WITH CHECK (${iso})`]),
        `CREATE TABLE t_check (id int PRIMARY KEY, user_id uuid, shared boolean NOT NULL DEFAULT false, CHECK (user_id IS NOT NULL OR shared));
         INSERT INTO t_check VALUES (1, '${ALICE}', false);`,
      ].join('\n'),
    );
    const { report, path } = await readiness(pg, db, out());
    const t = (name: string) => report.tables.find((x) => x.name === name)!;
    for (const name of ['t_true', 't_or', 't_nocol', 't_beside']) {
      expect(t(name), name).toMatchObject({ rls: true, isolated: false });
      const policy = t(name).actions.find((a) => a.kind === 'policy')!;
      expect(policy.sql.join('\n'), name).toContain('AS RESTRICTIVE FOR ALL');
      expect(policy.why, name).toContain('"p');
    }
    expect(t('t_good')).toMatchObject({ isolated: true });
    expect(t('t_good').actions.map((a) => a.kind)).toEqual(['index']);
    // CHECK (user_id IS NOT NULL OR shared) lets a NULL through: not NOT NULL.
    expect(t('t_check')).toMatchObject({ nullable: true });
    expect(t('t_check').actions.map((a) => a.kind)).toContain('not-null');

    const r = applySql(pg, db, path);
    expect(r.code, r.stderr).toBe(0);
    for (const name of ['t_true', 't_or', 't_nocol', 't_beside', 't_good']) {
      expect(as(pg, db, 'api', ALICE, `SELECT count(*) FROM ${name};`), name).toBe('1');
      expect(as(pg, db, 'api', BOB, `SELECT count(*) FROM ${name};`), name).toBe('2');
    }
    expect(() => pg.sql(db, 'INSERT INTO t_check VALUES (2, NULL, true);')).toThrow(/user_id/);
    // The user's own policies are still there: nothing of theirs is dropped.
    expect(pg.sql(db, "SELECT count(*) FROM pg_policy WHERE polname ~ '^p[0-9]$';").trim()).toBe('6');
    const again = await readiness(pg, db, out());
    for (const x of again.report.tables) expect(x.isolated, x.name).toBe(true);
  }, 60_000);

  it('partitioned tables: an index ON ONLY the parent built and attached per partition, and row-level security on every partition', async () => {
    const db = database(`
      CREATE TABLE events (id bigint NOT NULL, user_id uuid NOT NULL, at date NOT NULL, kind text NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
      CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01') PARTITION BY LIST (kind);
      CREATE TABLE events_2026_rest PARTITION OF events_2026 DEFAULT;
      CREATE INDEX events_2025_by_user ON events_2025 (user_id);
      INSERT INTO events VALUES (1, '${ALICE}', '2025-03-01', 'a'), (2, '${BOB}', '2025-04-01', 'a'), (3, '${BOB}', '2026-05-01', 'b');
      CREATE TABLE conversations (id int PRIMARY KEY, user_id uuid NOT NULL);
      CREATE TABLE notes (id int NOT NULL, conversation_id int NOT NULL REFERENCES conversations (id), k int NOT NULL) PARTITION BY LIST (k);
      CREATE TABLE notes_1 PARTITION OF notes FOR VALUES IN (1);
      INSERT INTO conversations VALUES (1, '${ALICE}'), (2, '${BOB}');
      INSERT INTO notes VALUES (1, 1, 1), (2, 2, 1), (3, 2, 1);`);
    const { report, path } = await readiness(pg, db, out());
    expect(report.tables.map((t) => [t.name, t.partitionOf, t.status])).toEqual([
      ['conversations', null, 'owned'],
      ['events', null, 'owned'],
      ['events_2025', 'public.events', 'owned'],
      ['events_2026', 'public.events', 'owned'],
      ['events_2026_rest', 'public.events_2026', 'owned'],
      ['notes', null, 'covered'],
      ['notes_1', 'public.notes', 'covered'],
    ]);
    const index = report.tables[1]!.actions.find((a) => a.kind === 'index')!.sql.join('\n');
    expect(index).toContain('ON ONLY "public"."events"');
    // The existing plain index of events_2025 is attached, not duplicated.
    expect(index).toContain('ATTACH PARTITION "public"."events_2025_by_user"');
    const r = applySql(pg, db, path);
    expect(r.code, r.stderr).toBe(0);
    expect(
      pg
        .sql(
          db,
          "SELECT bool_and(i.indisvalid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid IN ('events'::regclass, 'events_2026'::regclass);",
        )
        .trim(),
    ).toBe('t');
    expect(
      pg.sql(db, "SELECT count(*) FROM pg_class WHERE relname LIKE 'events%' AND relkind IN ('r', 'p') AND relrowsecurity AND relforcerowsecurity;").trim(),
    ).toBe('4');
    // A partition queried by its own name shows only the user's rows.
    expect(as(pg, db, 'api', ALICE, 'SELECT count(*) FROM events_2025;')).toBe('1');
    expect(as(pg, db, 'api', ALICE, 'SELECT count(*) FROM events_2026_rest;')).toBe('0');
    expect(as(pg, db, 'api', BOB, 'SELECT count(*) FROM events;')).toBe('2');
    // A covered partitioned table: its partition looks up the owner too.
    expect(as(pg, db, 'api', ALICE, 'SELECT count(*) FROM notes_1;')).toBe('1');
    expect(as(pg, db, 'api', BOB, 'SELECT count(*) FROM notes;')).toBe('2');
    // A partition added later gets the index from its parent.
    pg.sql(db, "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');");
    const later = await readiness(pg, db, out());
    expect(later.report.tables.find((t) => t.name === 'events')).toMatchObject({ indexed: true, isolated: true });
    expect(later.report.tables.find((t) => t.name === 'events_2027')).toMatchObject({ indexed: true, isolated: false });
  }, 60_000);

  it('a partitioned index left half-attached by an interrupted run is completed, not duplicated', async () => {
    const db = database(`
      CREATE TABLE events (id int NOT NULL, user_id uuid NOT NULL) PARTITION BY LIST (id);
      CREATE TABLE events_a PARTITION OF events FOR VALUES IN (1);
      CREATE TABLE events_b PARTITION OF events FOR VALUES IN (2);
      CREATE INDEX idx_events_user_id ON ONLY events (user_id);
      CREATE INDEX idx_events_a_user_id ON events_a (user_id);
      ALTER INDEX idx_events_user_id ATTACH PARTITION idx_events_a_user_id;`);
    const { report, path } = await readiness(pg, db, out());
    const sql = report.tables[0]!.actions.find((a) => a.kind === 'index')!.sql.join('\n');
    expect(sql).not.toContain('events_a"');
    expect(sql).toContain('ALTER INDEX "public"."idx_events_user_id" ATTACH PARTITION "public"."idx_events_b_user_id";');
    const r = applySql(pg, db, path);
    expect(r.code, r.stderr).toBe(0);
    expect(pg.sql(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_events_user_id'::regclass;").trim()).toBe('t');
    expect(pg.sql(db, "SELECT count(*) FROM pg_index WHERE indrelid = 'events_a'::regclass;").trim()).toBe('1');
  }, 60_000);

  it('views over owned rows get security_invoker; a materialized view is listed as leaking', async () => {
    const db = database(`
      CREATE TABLE conversations (id int PRIMARY KEY, user_id uuid NOT NULL, title text);
      INSERT INTO conversations VALUES (1, '${ALICE}', 'a'), (2, '${BOB}', 'b'), (3, '${BOB}', 'c');
      CREATE VIEW recent AS SELECT * FROM conversations;
      CREATE VIEW titles AS SELECT title FROM recent;
      CREATE MATERIALIZED VIEW counts AS SELECT user_id, count(*) FROM conversations GROUP BY 1;
      CREATE VIEW unrelated AS SELECT 1 AS one;`);
    pg.sql(db, 'GRANT SELECT ON ALL TABLES IN SCHEMA public TO api;');
    // Before: the superuser-owned view shows Bob's rows to Alice.
    expect(as(pg, db, 'api', ALICE, 'SELECT count(*) FROM recent;')).toBe('3');
    const { report, path } = await readiness(pg, db, out());
    expect(report.views.map((v) => [v.name, v.status])).toEqual([
      ['counts', 'leaks'],
      ['recent', 'fix'],
      ['titles', 'fix'],
    ]);
    const r = applySql(pg, db, path);
    expect(r.code, r.stderr).toBe(0);
    expect(as(pg, db, 'api', ALICE, 'SELECT count(*) FROM recent;')).toBe('1');
    expect(as(pg, db, 'api', ALICE, 'SELECT count(*) FROM titles;')).toBe('1');
    const text = await runCli(['readiness', '--database-url', pg.url(db)], { cwd: dir });
    expect(text.stdout).toMatch(/public\.counts \(materialized view, leaks\)/);
  }, 60_000);

  it('reserved-word names work, and the file is one unit: a failing statement leaves nothing changed', async () => {
    const db = database(`
      CREATE TABLE "case" (id int PRIMARY KEY, user_id uuid NOT NULL);
      CREATE TABLE "user" (id int PRIMARY KEY, user_id uuid);
      CREATE TABLE "select" (id int PRIMARY KEY, "case" int REFERENCES "case"(id));
      INSERT INTO "case" VALUES (1, '${ALICE}'), (2, '${BOB}');
      INSERT INTO "user" VALUES (1, NULL);`);
    const first = await readiness(pg, db, out());
    // The NULL in "user" makes SET NOT NULL fail half-way: nothing of the transaction stays.
    const failed = applySql(pg, db, first.path);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain('user_id');
    expect(pg.sql(db, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND (relrowsecurity OR relforcerowsecurity);").trim()).toBe(
      '0',
    );
    expect(policyCount(db)).toBe('0');
    expect(pg.sql(db, 'SELECT count(*) FROM "case";').trim()).toBe('2');
    pg.sql(db, `UPDATE "user" SET user_id = '${ALICE}';`);
    const second = await readiness(pg, db, out());
    const ok = applySql(pg, db, second.path);
    expect(ok.code, ok.stderr).toBe(0);
    expect(as(pg, db, 'api', ALICE, 'SELECT count(*) FROM "case";')).toBe('1');
    expect(policyCount(db)).toBe('3');
  }, 60_000);

  it('index names are unique and within 63 bytes: "Notes" and notes, long and multibyte names', async () => {
    const long = 't'.repeat(62);
    const wide = 'é'.repeat(31);
    const names = ['Notes', 'notes', `${long}a`, `${long}b`, `${wide}a`, `${wide}b`];
    const db = database(names.map((t) => `CREATE TABLE ${q(t)} (id int PRIMARY KEY, user_id uuid NOT NULL);`).join('\n'));
    const { path, report } = await readiness(pg, db, out());
    const created = report.tables.flatMap((t) =>
      t.actions.filter((a) => a.kind === 'index').map((a) => /CREATE INDEX CONCURRENTLY IF NOT EXISTS ("(?:[^"]|"")*")/.exec(a.sql.join('\n'))![1]!),
    );
    expect(new Set(created).size).toBe(names.length);
    for (const name of created) expect(Buffer.byteLength(name.slice(1, -1).replace(/""/g, '"'))).toBeLessThanOrEqual(63);
    const r = applySql(pg, db, path);
    expect(r.code, r.stderr).toBe(0);
    // No name was cut by the server (it says "will be truncated").
    expect(r.stderr).not.toContain('truncated');
    expect(
      pg
        .sql(
          db,
          "SELECT count(DISTINCT i.indrelid) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] WHERE a.attname = 'user_id' AND i.indisvalid;",
        )
        .trim(),
    ).toBe(String(names.length));
  }, 60_000);

  it('an INVALID index left by an interrupted concurrent build is dropped and rebuilt, at generation and when the file runs again', async () => {
    const db = database(`CREATE TABLE notes (id int PRIMARY KEY, user_id uuid NOT NULL); INSERT INTO notes VALUES (1, '${ALICE}'), (2, '${ALICE}');`);
    // A unique build over duplicates fails and leaves an invalid index of the name readiness would use.
    expect(() => pg.sql(db, 'CREATE UNIQUE INDEX CONCURRENTLY idx_notes_user_id ON notes (user_id);')).toThrow(/duplicate/);
    const valid = () => pg.sql(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_notes_user_id'::regclass;").trim();
    expect(valid()).toBe('f');
    const { report, path } = await readiness(pg, db, out());
    expect(report.tables[0]!.actions.find((a) => a.kind === 'index')!.sql[0]).toBe('DROP INDEX CONCURRENTLY IF EXISTS "public"."idx_notes_user_id";');
    expect(applySql(pg, db, path).code).toBe(0);
    expect(valid()).toBe('t');
    // Interrupted again (as a cancelled build would leave it), then the same file runs again: repaired by the DO block.
    pg.sql(db, "UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'idx_notes_user_id'::regclass;");
    const again = applySql(pg, db, path);
    expect(again.code, again.stderr).toBe(0);
    expect(valid()).toBe('t');
    expect(pg.sql(db, "SELECT indisunique FROM pg_index WHERE indexrelid = 'idx_notes_user_id'::regclass;").trim()).toBe('f');
  }, 60_000);

  it('a pooled session without the setting, or after SET LOCAL ended, sees no rows instead of an error', async () => {
    const db = database(`CREATE TABLE notes (id int PRIMARY KEY, user_id uuid NOT NULL); INSERT INTO notes VALUES (1, '${ALICE}'), (2, '${BOB}');`);
    const { path, report } = await readiness(pg, db, out());
    expect(report.sql).toContain(`NULLIF(current_setting('app.user_id', true), '')::uuid`);
    expect(report.appSetting.sql.join('\n')).toContain("set_config('app.user_id', $1, true)");
    expect(applySql(pg, db, path).code).toBe(0);
    expect(as(pg, db, 'api', null, 'SELECT count(*) FROM notes;')).toBe('0');
    // After SET LOCAL the setting reads '' in the same session: the next "user" of the connection.
    const pooled = pg.sql(db, `SET ROLE api; BEGIN; SET LOCAL app.user_id = '${ALICE}'; SELECT count(*) FROM notes; COMMIT; SELECT count(*) FROM notes;`);
    expect(pooled.trim().split('\n')).toEqual(['1', '0']);
  }, 60_000);

  it('after FORCE the owner cannot dump; the maintenance role of the report can', async () => {
    pg.sql('postgres', "CREATE ROLE app_owner LOGIN PASSWORD 'owner-pw';");
    const db = database('GRANT CREATE ON SCHEMA public TO app_owner;');
    pg.sql(db, `SET ROLE app_owner; CREATE TABLE notes (id int PRIMARY KEY, user_id uuid NOT NULL); INSERT INTO notes VALUES (1, '${ALICE}'), (2, '${BOB}');`);
    const { path, report } = await readiness(pg, db, out());
    expect(applySql(pg, db, path).code).toBe(0);
    const dump = (user: string, password: string) =>
      spawnSync(join(pg.binDir, 'pg_dump'), ['-h', pg.host, '-p', String(pg.port), '-U', user, '-d', db, '--data-only'], {
        encoding: 'utf8',
        env: { ...process.env, PGPASSWORD: password },
      });
    const owner = dump('app_owner', 'owner-pw');
    expect(owner.status).not.toBe(0);
    expect(owner.stderr).toContain('row-level security');
    expect(report.maintenanceRole.why).toContain('BYPASSRLS');
    // The report's SQL, as a superuser runs it (the \password prompt replaced for the test).
    const statements = report.maintenanceRole.sql.filter((l) => !l.startsWith('\\') && !l.startsWith('--'));
    pg.sql(db, `${statements.join('\n')}\nALTER ROLE stackfare_maintenance PASSWORD 'maint-pw';`);
    const maintenance = dump('stackfare_maintenance', 'maint-pw');
    expect(maintenance.status, maintenance.stderr).toBe(0);
    expect(maintenance.stdout).toContain(BOB);
    expect(maintenance.stdout).toContain(ALICE);
  }, 60_000);
});

describe('readiness messages', () => {
  it('an empty database: the changes and the effort agree that the schema work is open', async () => {
    const db = database('SELECT 1;');
    const r = await runCli(['readiness', '--database-url', pg.url(db)], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const flat = r.stdout.replace(/\s+/g, ' ');
    expect(flat).toContain('No table carries user_id: the whole schema part of the work is open.');
    expect(flat).not.toMatch(/none: every table is owned/);
    expect(flat).toContain('Changes none to generate: the database has no tables yet, so the schema part of the work is still open');
  });

  it('the POLICIES column never runs into STATUS', async () => {
    const db = database(`CREATE TABLE notes (id int PRIMARY KEY, user_id uuid NOT NULL);
      ALTER TABLE notes ENABLE ROW LEVEL SECURITY; CREATE POLICY p12345678901 ON notes USING (true);
      CREATE POLICY a_policy_name_longer_than_its_column ON notes USING (true);`);
    const r = await runCli(['readiness', '--database-url', pg.url(db)], { cwd: dir, env: { COLUMNS: '120' } });
    const row = r.stdout.split('\n').find((l) => l.includes('public.notes'))!;
    expect(row).toMatch(/\S \s*owned$/);
    const header = r.stdout.split('\n').find((l) => l.includes('POLICIES'))!;
    expect(header).toMatch(/POLICIES\s+STATUS/);
    // STATUS starts in the same column on the header and the row.
    expect(row.indexOf('owned')).toBe(header.indexOf('STATUS'));
  });
});
