/**
 * `stackfare readiness` against a real server holding a schema modelled on the seed:
 * conversations(user_id uuid NULL) with idx_conversations_user_id, messages referencing
 * conversations, attachments referencing messages, and a table with no user column.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { type PgCluster, startCluster } from '../helpers/pg-cluster.js';
import { requires } from '../helpers/requires.js';

/** Needs a PostgreSQL server: skipped outside CI when missing (one loud line says what to install), failing in CI. */
const pgServer = requires('postgres');

const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020').default;
const root = join(import.meta.dirname, '..', '..');

let pg: PgCluster;
let dir: string;

const SEED = `
CREATE TABLE conversations (id uuid PRIMARY KEY, user_id uuid NULL, title text NOT NULL);
CREATE INDEX idx_conversations_user_id ON conversations (user_id);
CREATE TABLE messages (id bigint PRIMARY KEY, conversation_id uuid NOT NULL REFERENCES conversations(id), body text NOT NULL);
CREATE TABLE attachments (id bigint PRIMARY KEY, message_id bigint NOT NULL REFERENCES messages(id), data bytea);
CREATE TABLE model_prices (model text PRIMARY KEY, usd_per_mtok numeric NOT NULL);
INSERT INTO conversations VALUES ('00000000-0000-0000-0000-000000000001', 'aaaaaaaa-0000-0000-0000-000000000001', 'Alice''s'),
                                 ('00000000-0000-0000-0000-000000000002', 'bbbbbbbb-0000-0000-0000-000000000002', 'Bob''s');
INSERT INTO messages VALUES (1, '00000000-0000-0000-0000-000000000001', 'hi from alice'), (2, '00000000-0000-0000-0000-000000000002', 'hi from bob'), (3, '00000000-0000-0000-0000-000000000002', 'again bob');
INSERT INTO attachments VALUES (1, 1, '\\x00ff'), (2, 3, '\\x01');
INSERT INTO model_prices VALUES ('gpt', 1.5);
`;

beforeAll(async () => {
  pg = await startCluster({ logStatements: true });
  pg.sql('postgres', 'CREATE DATABASE app;');
  pg.sql('app', SEED);
  dir = mkdtempSync(join(tmpdir(), 'stackfare-readiness-'));
}, 120_000);

afterAll(() => {
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function validate(data: unknown): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const v = ajv.compile(JSON.parse(readFileSync(join(root, 'data/readiness.schema.json'), 'utf8')));
  return v(data) ? [] : (v.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`);
}

const byName = (report: { tables: { name: string }[] }, name: string) =>
  report.tables.find((t) => t.name === name) as unknown as Record<string, unknown> & { actions: { kind: string; sql: string[] }[] };

describe.skipIf(!pgServer.run)(pgServer.name('stackfare readiness on the seed-like schema'), () => {
  it('reports each table: owned, covered through foreign keys, or needing a decision, with the JSON schema', async () => {
    const r = await runCli(['readiness', '--database-url', pg.url('app'), '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(validate(report)).toEqual([]);
    expect(report.version).toBe(1);
    expect(report.database).not.toContain(pg.password);
    expect(report.database).toContain(':***@');
    const conversations = byName(report, 'conversations');
    expect(conversations).toMatchObject({
      schema: 'public',
      userColumn: 'user_id',
      nullable: true,
      indexed: true,
      foreignKey: null,
      rls: false,
      policies: [],
      coveredBy: null,
      status: 'owned',
    });
    expect(conversations.actions.map((a) => a.kind)).toEqual(['not-null', 'enable-rls', 'policy']);
    const notNull = conversations.actions[0]!.sql.join('\n');
    expect(notNull).toContain('ALTER TABLE "public"."conversations" ALTER COLUMN "user_id" SET NOT NULL;');
    // For a large table, the steps that validate ahead without blocking writes, commented.
    expect(notNull).toContain(
      '-- Ahead of this file, for a large table (no write blocked): ALTER TABLE "public"."conversations" ADD CONSTRAINT "conversations_user_id_not_null" CHECK ("user_id" IS NOT NULL) NOT VALID;',
    );
    expect(byName(report, 'messages')).toMatchObject({
      userColumn: null,
      coveredBy: 'public.conversations',
      foreignKey: 'public.conversations',
      indexed: false,
      status: 'covered',
    });
    expect(byName(report, 'messages').actions.map((a) => a.kind)).toEqual(['index', 'enable-rls', 'policy']);
    expect(byName(report, 'messages').actions[0]!.sql.at(-1)).toContain(
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS "idx_messages_conversation_id" ON "public"."messages" ("conversation_id");',
    );
    // Two hops: attachments → messages → conversations.
    expect(byName(report, 'attachments')).toMatchObject({ coveredBy: 'public.conversations', foreignKey: 'public.messages', status: 'covered' });
    expect(byName(report, 'model_prices')).toMatchObject({ status: 'decide', coveredBy: null, userColumn: null });
    expect(byName(report, 'model_prices').actions.map((a) => a.kind)).toEqual(['decide']);
    // 1 of 10 checks holds (the index on conversations.user_id); one table to decide.
    // min = 8 × (0.25 + 0.75 × 0.9) + 0.5 = 7.9 → 8; max = 16 × 0.925 + 1 = 15.8 → 16.
    expect(report.effortHours).toEqual({ min: 8, max: 16 });
    expect(report.reasoning.join(' ')).toContain('1 of 10 schema checks already hold');
  });

  it('reads the schema in a READ ONLY transaction with catalog queries only', async () => {
    const before = pg.serverLog().length;
    const r = await runCli(['readiness', '--database-url', pg.url('app'), '--format', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const log = pg.serverLog().slice(before);
    const statements = log
      .split('\n')
      .filter((l) => l.startsWith('stackfare|') && /(statement|execute [^:]*): /.test(l))
      .map((l) => l.replace(/^.*?(statement|execute [^:]*): /, '').trim());
    expect(statements[0]).toBe('BEGIN TRANSACTION READ ONLY');
    expect(statements.at(-1)).toBe('ROLLBACK');
    const body = statements.slice(1, -1);
    expect(body.length).toBeGreaterThan(3);
    for (const s of body) expect(s).toMatch(/^SELECT /);
    // Only the catalog: no statement of the session names a user table.
    expect(log).not.toMatch(/\b(conversations|messages|attachments|model_prices)\b/);
  });

  it('prints a table by default and Markdown on request, and writes nothing without --write', async () => {
    // A terminal wide enough for the table (narrower ones get a block per table: test/cli/widths.test.ts).
    const table = await runCli(['readiness', '--database-url', pg.url('app')], { cwd: dir, env: { COLUMNS: '120' } });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/public\.conversations\s+user_id\s+yes\s+yes\s+no\s+off\s+-\s+owned/);
    expect(table.stdout).toMatch(/public\.messages\s+-\s+-\s+no\s+yes\s+off\s+-\s+via public\.conversations/);
    expect(table.stdout).toContain('public.model_prices');
    expect(table.stdout).toContain('Effort: 8–16 h');
    expect(table.stdout).not.toContain(pg.password);
    const md = await runCli(['readiness', '--database-url', pg.url('app'), '--format', 'markdown'], { cwd: dir });
    expect(md.stdout).toContain('| public.conversations | user_id | yes | yes | - | off | - | owned |');
    expect(existsSync(join(dir, 'db'))).toBe(false);
  });

  it('--write writes db/multi-user.sql; the SQL runs, isolates users, and the next reading shows the work done', async () => {
    const w = await runCli(['readiness', '--database-url', pg.url('app'), '--write'], { cwd: dir });
    expect(w.code, w.stderr).toBe(0);
    const sqlPath = join(dir, 'db', 'multi-user.sql');
    const sql = readFileSync(sqlPath, 'utf8');
    expect(sql).toContain(`"user_id" = NULLIF(current_setting('app.user_id', true), '')::uuid`);
    expect(sql).toContain('-- "public"."conversations": Rows without "user_id"');
    // Each statement is commented with why: every non-comment line follows a comment block.
    expect(sql.split('\n\n').filter((b) => b.trim() && !b.trim().startsWith('--'))).toEqual([]);
    execFileSync(join(pg.binDir, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-f', sqlPath, pg.url('app')], { stdio: 'pipe' });

    // The policies work: a non-superuser API role sees only its user's rows, messages and attachments included.
    pg.sql('app', "CREATE ROLE api LOGIN PASSWORD 'api'; GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA public TO api;");
    const asUser = (user: string, query: string) => pg.sql('app', `SET ROLE api; SET app.user_id = '${user}'; ${query}`).trim();
    expect(asUser('aaaaaaaa-0000-0000-0000-000000000001', 'SELECT count(*) FROM conversations;')).toBe('1');
    expect(asUser('bbbbbbbb-0000-0000-0000-000000000002', 'SELECT count(*) FROM messages;')).toBe('2');
    expect(asUser('aaaaaaaa-0000-0000-0000-000000000001', 'SELECT count(*) FROM attachments;')).toBe('1');
    expect(() =>
      asUser('aaaaaaaa-0000-0000-0000-000000000001', "INSERT INTO conversations VALUES (gen_random_uuid(), 'bbbbbbbb-0000-0000-0000-000000000002', 'forged');"),
    ).toThrow();
    expect(() => pg.sql('app', "INSERT INTO conversations VALUES (gen_random_uuid(), NULL, 'nobody');")).toThrow(/user_id/);

    const after = await runCli(['readiness', '--database-url', pg.url('app'), '--format', 'json'], { cwd: dir });
    const report = JSON.parse(after.stdout);
    expect(byName(report, 'conversations')).toMatchObject({
      nullable: false,
      indexed: true,
      rls: true,
      policies: ['conversations_user_isolation'],
      actions: [],
    });
    expect(byName(report, 'messages')).toMatchObject({ indexed: true, rls: true, policies: ['messages_user_isolation'], actions: [] });
    // All 10 checks hold: only the app-side quarter and the undecided table remain.
    // min = 8 × 0.25 + 0.5 = 2.5; max = 16 × 0.25 + 1 = 5.
    expect(report.effortHours).toEqual({ min: 2.5, max: 5 });

    // The file on disk differs from what would be written now: no overwrite without --force.
    const again = await runCli(['readiness', '--database-url', pg.url('app'), '--write'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('db/multi-user.sql');
    expect(readFileSync(sqlPath, 'utf8')).toBe(sql);
    const forced = await runCli(['readiness', '--database-url', pg.url('app'), '--write', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(readFileSync(sqlPath, 'utf8')).not.toBe(sql);
  }, 60_000);

  it('--user-column names another owner column', async () => {
    pg.sql('postgres', 'CREATE DATABASE owners;');
    pg.sql(
      'owners',
      'CREATE TABLE notes (id int PRIMARY KEY, owner_id uuid NOT NULL); CREATE TABLE tags (id int PRIMARY KEY, note_id int REFERENCES notes(id));',
    );
    const r = await runCli(['readiness', '--database-url', pg.url('owners'), '--user-column', 'owner_id', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(r.stdout);
    expect(byName(report, 'notes')).toMatchObject({ userColumn: 'owner_id', nullable: false, indexed: false });
    expect(byName(report, 'tags')).toMatchObject({ coveredBy: 'public.notes' });
  });

  it('estimate --database-url puts the measured database effort in the multi-user tier', async () => {
    const base = await runCli(['estimate', '--tier', 'multi-user', '--platforms', 'railway', '--format', 'json'], { cwd: dir });
    const measured = await runCli(['estimate', '--tier', 'multi-user', '--platforms', 'railway', '--format', 'json', '--database-url', pg.url('app')], {
      cwd: dir,
    });
    expect(measured.code, measured.stderr).toBe(0);
    const item = (out: string) => JSON.parse(out).estimates[0].effort.find((i: { name: string }) => i.name === 'Database user isolation');
    expect(item(base.stdout)).toMatchObject({ min: 8, max: 16 });
    expect(item(measured.stdout)).toMatchObject({ min: 2.5, max: 5 });
    expect(item(measured.stdout).note).toContain('measured by stackfare readiness');
    expect(measured.stdout).not.toContain(pg.password);
    // The total moves by the same hours: 22-44 h with the seed's guess.
    expect(JSON.parse(base.stdout).estimates[0].effortHours).toEqual({ min: 22, max: 44 });
    expect(JSON.parse(measured.stdout).estimates[0].effortHours).toEqual({ min: 16.5, max: 33 });
  });
});

describe.skipIf(!pgServer.run)(pgServer.name('readiness: bad input is a clear error that names the cause and never the password'), () => {
  it.each([
    ['a wrong password', () => pg.url('app', { password: 'not-the-password' }), /authentication failed for user "postgres"/],
    ['a database that does not exist', () => pg.url('nope'), /database "nope" does not exist/],
    ['a port nobody listens on', () => `postgresql://postgres:${pg.password}@127.0.0.1:1/app`, /connection refused/],
  ])('%s', async (_what, url, message) => {
    const r = await runCli(['readiness', '--database-url', url()], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('127.0.0.1:');
    expect(r.stderr + r.stdout).not.toContain(pg.password);
    expect(r.stderr + r.stdout).not.toContain('not-the-password');
  });

  it('a URL that is not a PostgreSQL URL, or no URL, is a usage error', async () => {
    const r = await runCli(['readiness', '--database-url', `mysql://root:${pg.password}@localhost/app`], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a PostgreSQL URL');
    expect(r.stderr).not.toContain(pg.password);
    expect((await runCli(['readiness'], { cwd: dir })).code).toBe(2);
  });

  it('--write refuses a folder where the file should go, and writes nothing else', async () => {
    const out = mkdtempSync(join(tmpdir(), 'stackfare-readiness-out-'));
    mkdirSync(join(out, 'db', 'multi-user.sql'), { recursive: true });
    const r = await runCli(['readiness', '--database-url', pg.url('app'), '--write', '--out', out], { cwd: dir });
    expect(r.code).toBe(1);
    writeFileSync(join(out, 'marker'), '');
    rmSync(out, { recursive: true, force: true });
  });
});
