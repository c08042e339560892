/**
 * Passwords never leave: URLs read with libpq's rules (?user=, ?password=, percent-encoding, an
 * unencoded @ refused by position), no password in any line printed, in any file written
 * (readiness's db/multi-user.sql included) or in the process list while a copy runs (stackfare's
 * own command line included, with STACKFARE_FROM_URL / STACKFARE_TO_URL), and the temporary
 * PGPASSFILE 0600 while it lives and gone afterwards, on success, on error and on SIGTERM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { type PgCluster, startCluster } from '../helpers/pg-cluster.js';

let source: PgCluster;
let target: PgCluster;
let dir: string;
let tmp: string;
const DB = 'reasoning_api';
const STACK = ['--db', 'separate'];
/** Every character a URL must encode, and a space. */
const PW = "p@ss w:rd/%x?#'&=";
const SPACED = 'my secret pass';
// Fragments of the two passwords (a leak cut at a space or an @), not words a report may use ("secret store").
const forms = (pw: string) => [pw, encodeURIComponent(pw), pw.replace(/ /g, '%20'), 'my secret', 'secret pass', 'p@ss', 'w:rd'];

function clean(text: string): void {
  for (const f of [...forms(PW), ...forms(SPACED), source.password, target.password]) expect(text).not.toContain(f);
}

/** Both clusters get a superuser "mover" with the awkward password and "spacey" with a space in its own. */
function roles(c: PgCluster): void {
  c.sql('postgres', `CREATE ROLE mover LOGIN SUPERUSER PASSWORD '${PW.replace(/'/g, "''")}'; CREATE ROLE spacey LOGIN SUPERUSER PASSWORD '${SPACED}';`);
}

function fresh(c: PgCluster): void {
  c.sql('postgres', `DROP DATABASE IF EXISTS ${DB} WITH (FORCE); CREATE DATABASE ${DB};`);
}

/** The awkward password given with libpq's query parameters, user included: only ?user= makes it "mover". */
const queryUrl = (c: PgCluster) => `postgresql://127.0.0.1:${c.port}/${DB}?user=mover&password=${encodeURIComponent(PW)}`;
const encodedUrl = (c: PgCluster) => `postgresql://mover:${encodeURIComponent(PW)}@127.0.0.1:${c.port}/${DB}`;
const pgpassLeft = () => readdirSync(tmp).filter((f) => f.startsWith('stackfare-pgpass-'));

beforeAll(async () => {
  [source, target] = await Promise.all([startCluster(), startCluster()]);
  roles(source);
  roles(target);
  fresh(source);
  source.sql(
    DB,
    `CREATE TABLE conversations (id bigint PRIMARY KEY, user_id uuid, body text);
    INSERT INTO conversations SELECT i, md5('u' || (i % 7))::uuid, repeat(md5(i::text), 8) FROM generate_series(1, 120000) i; ANALYZE;`,
  );
  dir = mkdtempSync(join(tmpdir(), 'stackfare-migrate-pw-'));
  tmp = join(dir, 'tmp');
  mkdirSync(tmp);
}, 180_000);

afterAll(() => {
  source?.stop();
  target?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('no password in the process list, the output or a file during a copy', () => {
  it('URLs from STACKFARE_FROM_URL / STACKFARE_TO_URL (?user= and ?password= honoured): ps never shows a password, the PGPASSFILE is 0600 and then gone', async () => {
    fresh(target);
    const child = spawn(process.execPath, [CLI, 'migrate-data', ...STACK, '--yes'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        TMPDIR: tmp,
        STACKFARE_FROM_URL: `${DB}=${encodedUrl(source)}`,
        STACKFARE_TO_URL: `# the platform's database\n${DB}=${queryUrl(target)}\n`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    let running = true;
    void exited.then(() => (running = false));
    const seen = { tools: 0, passfiles: 0, lines: [] as string[] };
    while (running) {
      const ps = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
      for (const line of ps.split('\n')) {
        if (/pg_dump|pg_restore|cli\.js migrate-data/.test(line)) seen.lines.push(line);
        if (/pg_dump .*--dbname|pg_restore .*--dbname/.test(line)) seen.tools += 1;
      }
      for (const f of pgpassLeft()) {
        for (const file of readdirSync(join(tmp, f))) {
          seen.passfiles += 1;
          expect(statSync(join(tmp, f, file)).mode & 0o777).toBe(0o600);
          expect(statSync(join(tmp, f)).mode & 0o777).toBe(0o700);
        }
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await exited, out).toBe(0);
    // The polling saw the tools at work and the password files they read.
    expect(seen.tools).toBeGreaterThan(0);
    expect(seen.passfiles).toBeGreaterThan(0);
    clean(seen.lines.join('\n'));
    clean(out);
    expect(out).toContain(`postgresql://mover:***@127.0.0.1:${target.port}/${DB}?password=***`);
    expect(out).toContain('every table matches');
    expect(pgpassLeft()).toEqual([]);
  }, 180_000);

  it('the PGPASSFILE is removed after a failed copy and after SIGTERM, and the target keeps nothing', async () => {
    // Failure: the target already has a type the dump creates.
    fresh(target);
    source.sql(DB, "DROP TYPE IF EXISTS clash; CREATE TYPE clash AS ENUM ('a');");
    target.sql(DB, "CREATE TYPE clash AS ENUM ('b');");
    const failed = await runCli(['migrate-data', ...STACK, '--from', `${DB}=${encodedUrl(source)}`, '--to', `${DB}=${queryUrl(target)}`, '--yes'], {
      cwd: dir,
      env: { TMPDIR: tmp },
    });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('type "clash" already exists');
    clean(failed.stdout + failed.stderr);
    expect(pgpassLeft()).toEqual([]);
    source.sql(DB, 'DROP TYPE clash;');
    fresh(target);

    // SIGTERM mid-copy: a pg_dump that stalls after the first 64 kB.
    const bin = join(dir, 'stall-bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'pg_dump'),
      `#!/bin/sh\nif [ "$1" = --version ]; then exec "${join(source.binDir, 'pg_dump')}" --version; fi\n"${join(source.binDir, 'pg_dump')}" "$@" | head -c 65536\nexec sleep 30\n`,
    );
    chmodSync(join(bin, 'pg_dump'), 0o755);
    const child = spawn(process.execPath, [CLI, 'migrate-data', ...STACK, '--yes'], {
      cwd: dir,
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: dir,
        TMPDIR: tmp,
        STACKFARE_FROM_URL: `${DB}=${encodedUrl(source)}`,
        STACKFARE_TO_URL: `${DB}=${queryUrl(target)}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const started = new Promise<void>((res) =>
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d;
        if (err.includes('Copying')) res();
      }),
    );
    const exited = new Promise<number | null>((res) => child.on('close', (code) => res(code)));
    await started;
    for (let i = 0; i < 100 && pgpassLeft().length === 0; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(pgpassLeft().length).toBe(1);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(pgpassLeft()).toEqual([]);
    const open = () => Number(target.sql('postgres', `SELECT count(*) FROM pg_stat_activity WHERE datname = '${DB}' AND pid <> pg_backend_pid();`).trim());
    for (let i = 0; i < 100 && open() > 0; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(Number(target.sql(DB, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';").trim())).toBe(0);
  }, 180_000);
});

describe("URLs with libpq's rules, and what is printed of them", () => {
  it('an unencoded @ in the password is an error naming its position, never what follows it', async () => {
    const r = await runCli(
      [
        'migrate-data',
        ...STACK,
        '--from',
        `${DB}=postgresql://mover:s3cr@tTAIL9@127.0.0.1:${source.port}/${DB}`,
        '--to',
        `${DB}=${target.url(DB)}`,
        '--dry-run',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unencoded "@" at characters 24 and 31');
    expect(r.stderr).toContain('%40');
    for (const part of ['s3cr', 'tTAIL9']) expect(r.stdout + r.stderr).not.toContain(part);
  });

  it('a password with a space, unencoded, connects and prints masked; a wrong ?password= never prints', async () => {
    fresh(target);
    const spaced = `postgresql://spacey:${SPACED}@127.0.0.1:${source.port}/${DB}`;
    const r = await runCli(['migrate-data', ...STACK, '--from', `${DB}=${spaced}`, '--to', `${DB}=${queryUrl(target)}`, '--dry-run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`postgresql://spacey:***@127.0.0.1:${source.port}/${DB} -> postgresql://mover:***@127.0.0.1:${target.port}/${DB}?password=***`);
    clean(r.stdout + r.stderr);
    const wrong = await runCli(
      [
        'migrate-data',
        ...STACK,
        '--from',
        `${DB}=${spaced}`,
        '--to',
        `${DB}=postgresql://127.0.0.1:${target.port}/${DB}?user=mover&password=wrong%20secret`,
        '--dry-run',
      ],
      { cwd: dir },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('authentication failed for user "mover"');
    expect(wrong.stderr).not.toContain('wrong');
    clean(wrong.stdout + wrong.stderr);
  });

  it('readiness --write with a ?password= URL: neither the report nor db/multi-user.sql holds the password', async () => {
    const out = join(dir, 'readiness-out');
    const r = await runCli(['readiness', '--database-url', queryUrl(source), '--write', '--out', out], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const sql = readFileSync(join(out, 'db', 'multi-user.sql'), 'utf8');
    expect(sql).toContain(`postgresql://mover:***@127.0.0.1:${source.port}/${DB}?password=***`);
    clean(sql);
    clean(r.stdout + r.stderr);
  });
});
