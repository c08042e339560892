/**
 * `stackfare migrate-data` between two real clusters (a source and a target), through the built
 * CLI: the plan, the copy, the comparison, and every way it must refuse and change nothing.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswersSchema } from '../../src/core/answers.js';
import { buildStack } from '../../src/core/stack.js';
import { CLI, runCli } from '../helpers/cli.js';
import { type PgCluster, startCluster } from '../helpers/pg-cluster.js';
import { requires } from '../helpers/requires.js';

/** Needs a PostgreSQL server: skipped outside CI when missing (one loud line says what to install), failing in CI. */
const pgServer = requires('postgres');

let source: PgCluster;
let target: PgCluster;
let dir: string;
/** The stack's databases for `--db separate` (reasoning_api, litellm, phoenix: one instance each), from the stack model itself. */
const STACK_FLAGS = ['--db', 'separate'];
const DATABASES = buildStack(AnswersSchema.parse({ db: 'separate' })).postgres.instances.flatMap((p) => p.databases);

function seed(db: string, rows: number): void {
  source.sql('postgres', `CREATE DATABASE ${db};`);
  source.sql(
    db,
    `CREATE TABLE conversations (id bigserial PRIMARY KEY, user_id uuid NULL, title text NOT NULL, meta jsonb, blob bytea, at timestamptz NOT NULL);
     CREATE INDEX idx_conversations_user_id ON conversations (user_id);
     CREATE TABLE messages (id bigint PRIMARY KEY, conversation_id bigint NOT NULL REFERENCES conversations(id), body text NOT NULL);
     CREATE TABLE settings (key text PRIMARY KEY, value jsonb NOT NULL);
     CREATE TABLE events (kind text, payload jsonb, at timestamptz);
     INSERT INTO conversations (user_id, title, meta, blob, at)
       SELECT md5('u' || (i % 13))::uuid, 'Grüße ' || i || ' 日本語 🚀 "q"', jsonb_build_object('i', i, 'tags', jsonb_build_array('α', 'β')), decode(md5(i::text), 'hex'),
              timestamptz '2026-01-01 00:00:00+00' + i * interval '1 minute'
       FROM generate_series(1, ${rows}) AS i;
     INSERT INTO messages SELECT i, 1 + (i % ${rows}), repeat('é', i % 40) || E'\\n' || i FROM generate_series(1, ${rows * 2}) AS i;
     INSERT INTO settings VALUES ('theme', '{"dark": true}'), ('name', '"Ωmega"');
     INSERT INTO events SELECT 'click', jsonb_build_object('n', i % 5), timestamptz '2026-02-01 00:00:00+00' FROM generate_series(1, 50) AS i;
     ANALYZE;`,
  );
}

/** Ordered checksums of every table, as a test-side check independent of the command's own. */
function content(cluster: PgCluster, db: string): string {
  return cluster
    .sql(
      db,
      `SET TimeZone = 'UTC';
       SELECT (SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM conversations c) || (SELECT md5(string_agg(m::text, ',' ORDER BY id)) FROM messages m) ||
              (SELECT md5(string_agg(s::text, ',' ORDER BY key)) FROM settings s) || (SELECT md5(string_agg(e::text, ',' ORDER BY e::text)) FROM events e) ||
              (SELECT last_value::text FROM conversations_id_seq);`,
    )
    .trim();
}

function tableCount(cluster: PgCluster, db: string): number {
  return Number(cluster.sql(db, "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema');").trim());
}

function freshTargets(): void {
  for (const db of DATABASES) {
    target.sql('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE); CREATE DATABASE ${db};`);
  }
}

const fromArgs = () => DATABASES.flatMap((db) => ['--from', `${db}=${source.url(db)}`]);
const toArgs = () => DATABASES.flatMap((db) => ['--to', `${db}=${target.url(db)}`]);
const noSecrets = (text: string) => {
  expect(text).not.toContain(source.password);
  expect(text).not.toContain(target.password);
};

beforeAll(async () => {
  [source, target] = await Promise.all([startCluster(), startCluster()]);
  DATABASES.forEach((db, i) => {
    seed(db, i === 0 ? 20_000 : 500);
  });
  freshTargets();
  dir = mkdtempSync(join(tmpdir(), 'stackfare-migrate-'));
}, 180_000);

afterAll(() => {
  source?.stop();
  target?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!pgServer.run)(pgServer.name('migrate-data between two real servers'), () => {
  it('the stack has the databases the tests copy', () => {
    expect(DATABASES.length).toBeGreaterThanOrEqual(3);
  });

  it('--dry-run lists databases, tables, row estimates and sizes, and touches nothing', async () => {
    const r = await runCli(['migrate-data', ...STACK_FLAGS, ...fromArgs(), ...toArgs(), '--dry-run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const db of DATABASES)
      expect(r.stdout).toContain(`${db}: postgresql://postgres:***@127.0.0.1:${source.port}/${db} -> postgresql://postgres:***@127.0.0.1:${target.port}/${db}`);
    expect(r.stdout).toMatch(/public\.conversations\s+20,000\s+\d+\.\d (kB|MB)/);
    expect(r.stdout).toMatch(/public\.messages\s+40,000/);
    expect(r.stdout).toContain('Dry run: nothing copied.');
    noSecrets(r.stdout + r.stderr);
    for (const db of DATABASES) expect(tableCount(target, db)).toBe(0);
  });

  it('without a terminal and without --yes it exits 2 and copies nothing', async () => {
    const r = await runCli(['migrate-data', ...STACK_FLAGS, ...fromArgs(), ...toArgs()], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    for (const db of DATABASES) expect(tableCount(target, db)).toBe(0);
  });

  it('copies every database with --yes, shows progress and the comparison, and the content is identical', async () => {
    const r = await runCli(['migrate-data', ...STACK_FLAGS, ...fromArgs(), ...toArgs(), '--yes'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const db of DATABASES) {
      expect(content(target, db)).toBe(content(source, db));
      expect(r.stderr).toContain(`Copying ${db}:`);
      expect(r.stderr).toMatch(new RegExp(`${db}: public\\.conversations \\(.* written so far\\)`));
      expect(r.stderr).toMatch(new RegExp(`${db}: done, \\d+\\.\\d (kB|MB) copied`));
      expect(r.stdout).toMatch(new RegExp(`${db}\\s+public\\.conversations\\s+[\\d,]+\\s+[\\d,]+\\s+match\\s+ok`));
      // A table without a primary key is compared by its sorted row hashes.
      expect(r.stdout).toMatch(new RegExp(`${db}\\s+public\\.events\\s+50\\s+50\\s+match\\s+ok`));
    }
    expect(r.stdout).toContain('every table matches');
    noSecrets(r.stdout + r.stderr);
  }, 120_000);

  it('refuses a target that already holds tables, naming it, and changes nothing', async () => {
    const before = content(target, DATABASES[0]!);
    target.sql(DATABASES[0]!, "INSERT INTO settings VALUES ('extra', '1');");
    const changed = content(target, DATABASES[0]!);
    expect(changed).not.toBe(before);
    const r = await runCli(['migrate-data', ...STACK_FLAGS, ...fromArgs(), ...toArgs(), '--yes'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`The target of ${DATABASES[0]} (postgresql://postgres:***@127.0.0.1:${target.port}/${DATABASES[0]}) already holds`);
    expect(r.stderr).toContain('--force');
    expect(content(target, DATABASES[0]!)).toBe(changed);
    noSecrets(r.stdout + r.stderr);
  });

  it('--force replaces what the target holds with the source', async () => {
    const r = await runCli(['migrate-data', ...STACK_FLAGS, ...fromArgs(), ...toArgs(), '--yes', '--force'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    for (const db of DATABASES) expect(content(target, db)).toBe(content(source, db));
  }, 120_000);

  it('a table that differs after the copy exits 1 and names the table', async () => {
    freshTargets();
    // The target rewrites every settings row as it is inserted (an event trigger adds the trigger
    // when the restore creates the table): row counts agree, the checksum does not.
    target.sql(
      DATABASES[1]!,
      `CREATE FUNCTION public.tamper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.value := '{"tampered": true}'; RETURN NEW; END $$;
       CREATE FUNCTION public.add_tamper() RETURNS event_trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE object_identity = 'public.settings' AND command_tag = 'CREATE TABLE') THEN
           EXECUTE 'CREATE TRIGGER tamper BEFORE INSERT ON public.settings FOR EACH ROW EXECUTE FUNCTION public.tamper()';
         END IF;
       END $$;
       CREATE EVENT TRIGGER add_tamper ON ddl_command_end EXECUTE FUNCTION public.add_tamper();`,
    );
    const r = await runCli(['migrate-data', ...STACK_FLAGS, ...fromArgs(), ...toArgs(), '--yes'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`${DATABASES[1]}\\s+public\\.settings\\s+2\\s+2\\s+differs\\s+DIFFERS`));
    expect(r.stderr).toContain(`differ after the copy: ${DATABASES[1]} public.settings`);
    freshTargets();
  }, 120_000);

  it('Ctrl-C during the copy exits 130 and the target keeps nothing (the restore is one transaction)', async () => {
    // A pg_dump that sends the first 64 kB of the real dump (past its table of contents) and then stalls: the copy is halfway.
    const bin = join(dir, 'stall-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'pg_dump'),
      `#!/bin/sh\nif [ "$1" = --version ]; then exec "${join(source.binDir, 'pg_dump')}" --version; fi\n"${join(source.binDir, 'pg_dump')}" "$@" | head -c 65536\nexec sleep 60\n`,
    );
    chmodSync(join(bin, 'pg_dump'), 0o755);
    const db = DATABASES[0]!;
    const child = spawn(
      process.execPath,
      [CLI, 'migrate-data', ...STACK_FLAGS, '--from', `${db}=${source.url(db)}`, '--to', `${db}=${target.url(db)}`, '--yes'],
      {
        cwd: dir,
        env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    const started = new Promise<void>((resolveStarted) =>
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
        if (stderr.includes(`Copying ${db}:`)) resolveStarted();
      }),
    );
    const exited = new Promise<number | null>((resolveExit) => child.on('close', (code) => resolveExit(code)));
    await started;
    // Wait until pg_restore's transaction is open on the target: the interrupt lands mid-copy.
    const openTransactions = () =>
      Number(
        target.sql('postgres', `SELECT count(*) FROM pg_stat_activity WHERE datname = '${db}' AND xact_start IS NOT NULL AND pid <> pg_backend_pid();`).trim(),
      );
    for (let i = 0; i < 100 && openTransactions() === 0; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(openTransactions()).toBeGreaterThan(0);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('Cancelled');
    // pg_restore is gone and its transaction with it.
    for (let i = 0; i < 100 && openTransactions() > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(openTransactions()).toBe(0);
    expect(tableCount(target, db)).toBe(0);
  }, 60_000);
});

describe.skipIf(!pgServer.run)(pgServer.name('migrate-data: bad input is a clear error and changes nothing'), () => {
  const one = () => DATABASES[0]!;

  it.each([
    [
      'a wrong password on the target',
      () => target.url(one(), { password: 'wrong-pw' }),
      /--to .*cannot connect to 127\.0\.0\.1:\d+, database ".*" \(postgresql:\/\/postgres:\*\*\*@.*authentication failed/,
    ],
    ['a target database that does not exist', () => target.url('missing_db'), /database "missing_db" does not exist/],
    ['a refused port', () => `postgresql://postgres:${target.password}@127.0.0.1:1/${one()}`, /connection refused/],
  ])('%s', async (_what, url, message) => {
    const r = await runCli(['migrate-data', ...STACK_FLAGS, '--from', `${one()}=${source.url(one())}`, '--to', `${one()}=${url()}`, '--yes'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    noSecrets(r.stdout + r.stderr);
    expect(r.stderr).not.toContain('wrong-pw');
    expect(tableCount(target, one())).toBe(0);
  });

  it('a wrong source URL names the source side', async () => {
    const r = await runCli(
      ['migrate-data', ...STACK_FLAGS, '--from', `${one()}=${source.url(one(), { password: 'nope' })}`, '--to', `${one()}=${target.url(one())}`, '--yes'],
      { cwd: dir },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--from .*authentication failed/);
  });

  it('a source or target without a partner, or a name the stack does not have, is named', async () => {
    const [a, b] = DATABASES as [string, string];
    const lonely = await runCli(
      ['migrate-data', ...STACK_FLAGS, '--from', `${a}=${source.url(a)}`, '--to', `${a}=${target.url(a)}`, '--to', `${b}=${target.url(b)}`, '--yes'],
      { cwd: dir },
    );
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toContain(`Database "${b}" has a target but no source`);
    const unknown = await runCli(['migrate-data', ...STACK_FLAGS, '--from', `chat=${source.url(a)}`, '--to', `chat=${target.url(a)}`, '--yes'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"chat" is not a database of the stack');
    expect(unknown.stderr).toContain(DATABASES.join(', '));
    noSecrets(lonely.stderr + unknown.stderr);
    const notUrl = await runCli(['migrate-data', ...STACK_FLAGS, '--from', `${a}=not a url`, '--to', `${a}=${target.url(a)}`, '--yes'], { cwd: dir });
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toContain('the URL is not valid');
  });

  it('a pg_dump older than the source server is refused with the fix, before anything is written', async () => {
    const bin = join(dir, 'old-bin');
    mkdirSync(bin, { recursive: true });
    for (const tool of ['pg_dump', 'pg_restore']) {
      writeFileSync(
        join(bin, tool),
        `#!/bin/sh\n[ "$1" = --version ] && { echo "${tool} (PostgreSQL) 12.22"; exit 0; }\necho "old ${tool} must not run" >&2; exit 3\n`,
      );
      chmodSync(join(bin, tool), 0o755);
    }
    const r = await runCli(['migrate-data', ...STACK_FLAGS, '--from', `${one()}=${source.url(one())}`, '--to', `${one()}=${target.url(one())}`, '--yes'], {
      cwd: dir,
      env: { PATH: `${bin}:${process.env.PATH}` },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`pg_dump 12.22 (${join(bin, 'pg_dump')}) cannot dump database ${one()} from PostgreSQL ${source.major}`);
    expect(r.stderr).toMatch(/put its folder first on PATH|Install the PostgreSQL/);
    expect(tableCount(target, one())).toBe(0);
  });
});

describe.skipIf(!pgServer.run)(pgServer.name('migrate-data --from-compose'), () => {
  /** A `docker` on PATH for which `docker compose -f F exec -T chat-db sh -c SCRIPT` runs SCRIPT with the container's settings (POSTGRES_DB=chat) and the source server. */
  function dockerShim(cdir: string): Record<string, string> {
    const bin = join(cdir, 'shim');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'docker'),
      [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        // stackfare checks that the compose plugin runs before it relies on it.
        'if [ "$1" = compose ] && [ "$2" = version ]; then echo "Docker Compose version v2.29.0"; exit 0; fi',
        '[ "$1" = compose ] && [ "$2" = -f ] && [ "$4" = exec ] && [ "$5" = -T ] && [ "$6" = chat-db ] && [ "$7" = sh ] && [ "$8" = -c ] || { echo "unexpected: $*" >&2; exit 2; }',
        `export POSTGRES_USER=postgres POSTGRES_DB=chat PGHOST=127.0.0.1 PGPORT=${source.port} PGPASSWORD='${source.password}' PATH="${source.binDir}:$PATH"`,
        'exec sh -c "$9"',
        '',
      ].join('\n'),
    );
    chmodSync(join(bin, 'docker'), 0o755);
    return { PATH: `${bin}:${process.env.PATH}` };
  }

  it('reads each Postgres service through docker compose exec and copies it', async () => {
    const cdir = mkdtempSync(join(tmpdir(), 'stackfare-migrate-compose-'));
    writeFileSync(
      join(cdir, 'compose.yaml'),
      [
        'services:',
        '  api:',
        '    image: ghcr.io/acme/api:1.0',
        '    environment:',
        '      DATABASE_URL: postgresql://postgres:secret@chat-db:5432/chat',
        '    depends_on: [chat-db]',
        '  chat-db:',
        '    image: postgres:15',
        '    environment:',
        '      POSTGRES_PASSWORD: secret',
        '      POSTGRES_DB: chat',
        '',
      ].join('\n'),
    );
    source.sql('postgres', 'DROP DATABASE IF EXISTS chat; CREATE DATABASE chat;');
    source.sql(
      'chat',
      "CREATE TABLE conversations (id int PRIMARY KEY, title text); INSERT INTO conversations SELECT i, 'ü' || i FROM generate_series(1, 1000) i;",
    );
    target.sql('postgres', 'DROP DATABASE IF EXISTS chat_db; CREATE DATABASE chat_db;');
    const env = dockerShim(cdir);
    // The stack names the database as the api's URL does (chat), not after its container (chat-db).
    const dry = await runCli(['migrate-data', '--from-compose', 'compose.yaml', '--to', `chat=${target.url('chat_db')}`, '--dry-run'], { cwd: cdir, env });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('chat: compose service chat-db (compose.yaml) -> postgresql://postgres:***@');
    const r = await runCli(['migrate-data', '--from-compose', 'compose.yaml', '--to', `chat=${target.url('chat_db')}`, '--yes'], { cwd: cdir, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/chat\s+public\.conversations\s+1,000\s+1,000\s+match\s+ok/);
    expect(target.sql('chat_db', "SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM conversations c;")).toBe(
      source.sql('chat', "SELECT md5(string_agg(c::text, ',' ORDER BY id)) FROM conversations c;"),
    );
    noSecrets(r.stdout + r.stderr);
    rmSync(cdir, { recursive: true, force: true });
  }, 120_000);

  it("copies each database a container holds from the one its service's URL names, not only POSTGRES_DB", async () => {
    const cdir = mkdtempSync(join(tmpdir(), 'stackfare-migrate-compose-'));
    writeFileSync(
      join(cdir, 'compose.yaml'),
      [
        'services:',
        '  api:',
        '    image: ghcr.io/acme/api:1.0',
        '    environment:',
        '      DATABASE_URL: postgresql://postgres:secret@chat-db:5432/chat',
        '    depends_on: [chat-db]',
        '  worker:',
        '    image: ghcr.io/acme/worker:1.0',
        '    environment:',
        '      DATABASE_URL: postgresql://postgres:secret@chat-db:5432/jobs',
        '    depends_on: [chat-db]',
        '  chat-db:',
        '    image: postgres:15',
        '    environment:',
        '      POSTGRES_PASSWORD: secret',
        '      POSTGRES_DB: chat',
        '',
      ].join('\n'),
    );
    source.sql('postgres', 'DROP DATABASE IF EXISTS chat; CREATE DATABASE chat; DROP DATABASE IF EXISTS jobs; CREATE DATABASE jobs;');
    source.sql(
      'chat',
      "CREATE TABLE conversations (id int PRIMARY KEY, title text); INSERT INTO conversations SELECT i, 'ü' || i FROM generate_series(1, 1000) i;",
    );
    source.sql('jobs', "CREATE TABLE jobs (id int PRIMARY KEY, kind text); INSERT INTO jobs SELECT i, 'job ' || i FROM generate_series(1, 700) i;");
    target.sql('postgres', 'DROP DATABASE IF EXISTS chat_db; CREATE DATABASE chat_db; DROP DATABASE IF EXISTS jobs_db; CREATE DATABASE jobs_db;');
    const env = dockerShim(cdir);
    const r = await runCli(
      ['migrate-data', '--from-compose', 'compose.yaml', '--to', `chat=${target.url('chat_db')}`, '--to', `jobs=${target.url('jobs_db')}`, '--yes'],
      { cwd: cdir, env },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/chat\s+public\.conversations\s+1,000\s+1,000\s+match\s+ok/);
    expect(r.stdout).toMatch(/jobs\s+public\.jobs\s+700\s+700\s+match\s+ok/);
    expect(tableCount(target, 'jobs_db')).toBe(1);
    expect(target.sql('jobs_db', "SELECT md5(string_agg(j::text, ',' ORDER BY id)) FROM jobs j;")).toBe(
      source.sql('jobs', "SELECT md5(string_agg(j::text, ',' ORDER BY id)) FROM jobs j;"),
    );
    noSecrets(r.stdout + r.stderr);
    rmSync(cdir, { recursive: true, force: true });
  }, 120_000);
});
