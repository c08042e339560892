/**
 * Property: whatever the names (newlines, quotes, `*∕`, psql backslash commands, reserved words,
 * 63-byte and multibyte names, mixed case), db/multi-user.sql written by readiness runs on a
 * real server, executes nothing but its own kinds of statement (an event trigger logs every DDL
 * command and every dropped object; a canary table and a marker file would show a smuggled DROP
 * or shell command; the catalog only gains indexes), and isolates users for a non-owner role
 * with the setting, and shows nothing without it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgCluster, startCluster } from '../helpers/pg-cluster.js';
import { ALICE, applySql, as, BOB, DDL_LOG, q, readiness } from './readiness-cluster.js';

let pg: PgCluster;
let dir: string;
let n = 0;

beforeAll(async () => {
  pg = await startCluster();
  pg.sql('postgres', 'CREATE ROLE api NOLOGIN;');
  dir = mkdtempSync(join(tmpdir(), 'stackfare-readiness-prop-'));
}, 120_000);

afterAll(() => {
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A string literal for the test's own queries. */
const literalOf = (s: string) => `'${s.replace(/'/g, "''")}'`;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** Names built from the pieces that broke (or could break) SQL text, within PostgreSQL's 63 bytes. */
function identifier(marker: string): fc.Arbitrary<string> {
  const pieces = [
    'a',
    'Z',
    '_',
    '"',
    "'",
    '\n',
    '\r\n',
    '\t',
    '*/',
    '/*',
    '--',
    ';',
    '$$',
    '$stackfare$',
    '\\',
    `\n\\! touch ${marker}\n`,
    ' ',
    'é',
    '日本',
    '🚀',
    '\u2028',
    'case',
    'user',
    'Select',
    'DROP TABLE public.canary;',
    'x',
  ];
  const built = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 6 }).map((p) => p.join(''));
  const long = fc.tuple(fc.constantFrom('n', 'N', 'é', '"'), fc.constantFrom('a', 'b')).map(([c, end]) => {
    let s = '';
    while (bytes(s + c) <= 62) s += c;
    return s + end;
  });
  return fc.oneof(built, long, fc.constantFrom('case', 'user', 'order', 'Notes', 'notes', 'ID')).filter((s) => bytes(s) <= 63 && s.length > 0);
}

/** The `--` comments of a SQL text as PostgreSQL's lexer sees them: outside quotes, identifiers and dollar-quoted bodies. */
function comments(sql: string): string[] {
  const found: string[] = [];
  for (let i = 0; i < sql.length; ) {
    const rest = sql.slice(i);
    const dollar = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(rest);
    if (rest.startsWith('--')) {
      const end = rest.search(/[\n\r]/);
      found.push(end < 0 ? rest : rest.slice(0, end));
      i += end < 0 ? rest.length : end;
    } else if (rest[0] === "'" || rest[0] === '"') {
      const close = rest[0];
      let j = 1;
      // The generator escapes a quote only by doubling it (E'...' doubles backslashes, never escapes a quote with one).
      while (j < rest.length && !(rest[j] === close && rest[j + 1] !== close)) j += rest[j] === close ? 2 : 1;
      i += j + 1;
    } else if (dollar) {
      const end = rest.indexOf(dollar[0], dollar[0].length);
      i += end + dollar[0].length * 2;
    } else i += 1;
  }
  return found;
}

interface Names {
  schema: string;
  owned: string;
  owned2: string;
  child: string;
  view: string;
  partitioned: string;
  partition: string;
  fk: string;
  userColumn: string;
}

function names(marker: string): fc.Arbitrary<Names> {
  const id = identifier(marker);
  return fc
    .record({ schema: id, owned: id, owned2: id, child: id, view: id, partitioned: id, partition: id, fk: id, userColumn: id })
    .filter((x) => new Set([x.owned, x.owned2, x.child, x.view, x.partitioned, x.partition]).size === 6 && new Set(['id', x.fk, x.userColumn]).size === 3)
    .filter((x) => !/^pg_/i.test(x.schema) && !['public', 'information_schema'].includes(x.schema));
}

/** Every relation of the database: what the file may add to (indexes) and never remove from. */
const catalog = (db: string) =>
  new Set(
    (
      JSON.parse(
        pg.sql(
          db,
          "SELECT json_agg(json_build_array(n.nspname, c.relname, c.relkind)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast');",
        ),
      ) as string[][]
    ).map((r) => JSON.stringify(r)),
  );

async function check(x: Names, marker: string): Promise<void> {
  n += 1;
  const db = `prop_${n}`;
  pg.sql('postgres', `CREATE DATABASE ${db};`);
  const s = q(x.schema);
  const [owned, owned2, child, view, partitioned, partition] = [x.owned, x.owned2, x.child, x.view, x.partitioned, x.partition].map((t) => `${s}.${q(t)}`) as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const u = q(x.userColumn);
  pg.sql(
    db,
    `CREATE TABLE public.canary (id int); INSERT INTO public.canary VALUES (1);
     ${DDL_LOG}
     CREATE SCHEMA ${s};
     CREATE TABLE ${owned} (id int PRIMARY KEY, ${u} uuid);
     CREATE TABLE ${owned2} (id int PRIMARY KEY, ${u} uuid NOT NULL);
     CREATE TABLE ${child} (id int PRIMARY KEY, ${q(x.fk)} int REFERENCES ${owned} (id));
     INSERT INTO ${owned} VALUES (1, '${ALICE}'), (2, '${BOB}'), (3, '${BOB}');
     INSERT INTO ${owned2} VALUES (1, '${ALICE}'), (2, '${BOB}');
     INSERT INTO ${child} VALUES (1, 1), (2, 2), (3, 3), (4, NULL);
     CREATE VIEW ${view} AS SELECT * FROM ${owned};
     CREATE TABLE ${partitioned} (id int NOT NULL, ${u} uuid NOT NULL) PARTITION BY LIST (id);
     CREATE TABLE ${partition} PARTITION OF ${partitioned} FOR VALUES IN (1, 2, 3);
     INSERT INTO ${partitioned} VALUES (1, '${ALICE}'), (2, '${BOB}'), (3, '${BOB}');
     GRANT USAGE ON SCHEMA ${s} TO api; GRANT SELECT ON ALL TABLES IN SCHEMA ${s} TO api;
     TRUNCATE ddl_log;`,
  );
  const before = catalog(db);
  const { path, sql } = await readiness(pg, db, mkdtempSync(join(dir, 'out-')), [`--user-column=${x.userColumn}`]);
  // Every comment, as the server's lexer finds them, is one line: no carriage return or line separator in one.
  for (const c of comments(sql)) expect(c).not.toMatch(/[\r\u2028\u2029]/);
  const r = applySql(pg, db, path);
  expect(r.code, r.stderr).toBe(0);
  expect(existsSync(marker), 'a psql backslash command ran').toBe(false);
  expect(pg.sql(db, 'SELECT count(*) FROM public.canary;').trim()).toBe('1');
  const tags = pg.sql(db, 'SELECT DISTINCT tag FROM ddl_log ORDER BY 1;').split('\n').filter(Boolean);
  for (const tag of tags) expect(['ALTER TABLE', 'ALTER INDEX', 'ALTER VIEW', 'CREATE INDEX', 'CREATE POLICY']).toContain(tag);
  const after = catalog(db);
  for (const rel of before) expect(after.has(rel), rel).toBe(true);
  for (const rel of after) if (!before.has(rel)) expect(/,"[iI]"\]$/.test(rel), rel).toBe(true);
  // The partitioned table's index is valid: every partition's index was built and attached.
  expect(pg.sql(db, `SELECT bool_and(indisvalid) FROM pg_index WHERE indrelid = ${literalOf(partitioned)}::regclass;`).trim()).toBe('t');
  // Isolation for a role that owns nothing, with the setting and without it.
  const counts = (user: string | null) =>
    as(pg, db, 'api', user, `SELECT ${[owned, owned2, child, view, partitioned, partition].map((t) => `(SELECT count(*) FROM ${t})`).join(" || ',' || ")};`);
  expect(counts(ALICE)).toBe('1,1,1,1,1,1');
  expect(counts(BOB)).toBe('2,1,2,2,2,2');
  expect(counts(null)).toBe('0,0,0,0,0,0');
  pg.sql('postgres', `DROP DATABASE ${db};`);
}

describe('readiness SQL for any names (property, real server)', () => {
  it('runs, executes only its own statements, and isolates users', async () => {
    const marker = join(dir, 'smuggled');
    await fc.assert(
      fc.asyncProperty(names(marker), (x) => check(x, marker)),
      // Each run creates a database, runs the CLI and psql: ten runs take about a minute and a half on 2 shared cores.
      { numRuns: 10, endOnFailure: true },
    );
  }, 240_000);
});
