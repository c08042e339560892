/** The database commands' pure parts and tool lookup: URLs and masking, pairing, comparison, effort, errors. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareTable, pairDatabases, rowAlias, splitNamedUrl, verifyQuery } from '../../src/core/migration.js';
import { describeConnectionError } from '../../src/db/connect.js';
import { passfileLine } from '../../src/db/passfile.js';
import { installHint, toolFor } from '../../src/db/tools.js';
import { conninfo, maskUrl, parsePgUrl, redact } from '../../src/db/url.js';
import { UserError } from '../../src/errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'stackfare-db-unit-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('URLs', () => {
  it('masks the password wherever a URL appears, any scheme, and leaves URLs without one alone', () => {
    expect(maskUrl('postgresql://app:s3cr%40t@db.example.com:5432/chat')).toBe('postgresql://app:***@db.example.com:5432/chat');
    expect(maskUrl('error at postgres://u:p@h/d and mysql://r:x@h/d')).toBe('error at postgres://u:***@h/d and mysql://r:***@h/d');
    expect(maskUrl('postgresql://app@host/db')).toBe('postgresql://app@host/db');
  });

  it('parses host, port, database and user; bad URLs are usage errors that never show the password', () => {
    expect(parsePgUrl('postgresql://app:pw@db.internal:6543/chat?sslmode=require', '--to x')).toMatchObject({
      host: 'db.internal',
      port: 6543,
      database: 'chat',
      user: 'app',
      masked: 'postgresql://app:***@db.internal:6543/chat?sslmode=require',
    });
    expect(parsePgUrl('postgres://h/d', '--to x')).toMatchObject({ port: 5432, user: 'postgres' });
    for (const bad of ['not a url', 'mysql://u:topsecret@h/d', 'postgresql://u:topsecret@h/', 'postgresql://u:topsecret@h:5432']) {
      const error = (() => {
        try {
          parsePgUrl(bad, '--database-url');
        } catch (e) {
          return e as UserError;
        }
        throw new Error(`accepted ${bad}`);
      })();
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain('--database-url');
      expect(error.message).not.toContain('topsecret');
    }
  });

  it("keeps the password out of the tools' command line: a conninfo without it, the password in a PGPASSFILE line", () => {
    const url = parsePgUrl('postgresql://app:p%40ss@h:5432/d?sslmode=require', 'x');
    expect(conninfo(url)).toBe("host='h' port='5432' dbname='d' user='app' sslmode='require'");
    expect(url.password).toBe('p@ss');
    expect(passfileLine('a:b\\c')).toBe('*:*:*:*:a\\:b\\\\c\n');
  });

  it("follows libpq: ?password= ?user= ?host= ?port= ?dbname= override the URL's parts, all percent-decoded, all masked", () => {
    const url = parsePgUrl('postgresql://h1/d1?user=alice&password=top%20secret&host=db.example&port=6543&dbname=chat&sslmode=require', '--to x');
    expect(url).toMatchObject({ host: 'db.example', port: 6543, database: 'chat', user: 'alice', password: 'top secret', params: { sslmode: 'require' } });
    expect(url.masked).toBe('postgresql://alice:***@db.example:6543/chat?sslmode=require&password=***');
    expect(url.masked).not.toContain('secret');
    const spaced = parsePgUrl('postgresql://u:my pass@h/d', 'x');
    expect(spaced.password).toBe('my pass');
    expect(spaced.masked).toBe('postgresql://u:***@h:5432/d');
    expect(redact('FATAL: password "my pass" and my%20pass', [spaced])).toBe('FATAL: password "***" and ***');
    expect(parsePgUrl('postgresql://u@/d?host=/var/run/postgresql', 'x')).toMatchObject({
      host: '/var/run/postgresql',
      masked: 'postgresql://u@:5432/d?host=%2Fvar%2Frun%2Fpostgresql',
    });
    expect(parsePgUrl('postgresql://[::1]:5433/d', 'x')).toMatchObject({ host: '::1', port: 5433 });
  });

  it('an unencoded @ (or / before it) in the password is an error naming the position, never the text', () => {
    for (const [raw, pos] of [
      ['postgresql://app:s3cr@tpart@db.example.com/chat', '22 and 28'],
      ['postgresql://app:se/cr@tpart@db.example.com/chat', 0],
    ] as const) {
      let message = '';
      try {
        parsePgUrl(raw, '--to chat');
      } catch (e) {
        message = (e as UserError).message + ((e as UserError).hint ?? '');
        expect((e as UserError).exitCode).toBe(2);
      }
      expect(message).toContain('unencoded "@"');
      if (pos) expect(message).toContain(`characters ${pos}`);
      for (const part of ['s3cr', 'tpart', 'se/cr', 'db.example.com']) expect(message).not.toContain(part);
    }
    expect(() => parsePgUrl('postgresql://u:p%zz@h/d', 'x')).toThrow(/character 17/);
    expect(() => parsePgUrl('postgresql://u:p@h/d?pasword=x', 'x')).toThrow(/unknown parameter "pasword"/);
  });

  it('splits NAME=URL at the first =', () => {
    expect(splitNamedUrl('chat=postgresql://u:p@h/d?a=b')).toEqual({ name: 'chat', url: 'postgresql://u:p@h/d?a=b' });
    expect(splitNamedUrl('=postgresql://h/d')).toBeNull();
    expect(splitNamedUrl('postgresql')).toBeNull();
  });
});

describe('connection errors name host, port, database and the likely cause', () => {
  const url = parsePgUrl('postgresql://app:hunter2@db.example.com:5432/chat', '--to');
  it.each([
    [{ code: 'ECONNREFUSED' }, 'connection refused'],
    [{ code: '28P01', message: 'password authentication failed for user "app"' }, 'authentication failed for user "app"'],
    [{ code: '3D000' }, 'database "chat" does not exist'],
    [{ code: '28000', message: 'no pg_hba.conf entry for host "1.2.3.4", user "app", database "chat", no encryption' }, 'the server requires TLS'],
    [{ code: 'ENOTFOUND' }, 'unknown host db.example.com'],
    [{ message: 'The server does not support SSL connections' }, 'does not support TLS'],
  ])('%o', (error, cause) => {
    const e = describeConnectionError(error, url, '--to chat');
    expect(e.message).toContain('db.example.com:5432, database "chat"');
    expect(e.message).toContain(cause);
    expect(e.message + (e.hint ?? '')).not.toContain('hunter2');
    expect(e.exitCode).toBe(1);
  });
});

describe("pairing sources and targets by the stack's databases", () => {
  const stack = ['reasoning_api', 'litellm', 'phoenix'];
  it("pairs in the stack's order", () => {
    expect(pairDatabases(stack, ['phoenix', 'reasoning_api'], ['reasoning_api', 'phoenix'])).toEqual({ pairs: ['reasoning_api', 'phoenix'], problems: [] });
  });
  it('names a source or target without a partner, an unknown name and a repeated one', () => {
    const { problems } = pairDatabases(stack, ['litellm', 'chat', 'litellm'], ['reasoning_api']);
    expect(problems).toEqual([
      '--from chat=...: "chat" is not a database of the stack (its databases: reasoning_api, litellm, phoenix).',
      '--from names database "litellm" twice.',
      'Database "litellm" has a source but no target: add --to litellm=URL.',
      'Database "reasoning_api" has a target but no source: add --from reasoning_api=URL (or --from-compose FILE).',
    ]);
  });
});

describe('verification', () => {
  it('hashes the whole row under an alias that is no column name, quoting every identifier', () => {
    expect(verifyQuery({ schema: 'public', name: 'messages', columns: ['id', 'body'] })).toBe(
      'SELECT count(*)::text AS rows, coalesce(sum(hashtextextended(stackfare_row::text, 0)), 0)::text || \'/\' || coalesce(sum(hashtextextended(stackfare_row::text, 1)), 0)::text AS checksum FROM "public"."messages" AS stackfare_row',
    );
    expect(verifyQuery({ schema: 'Odd', name: 'user', columns: ['stackfare_row', 'stackfare_row_1'] })).toContain('FROM "Odd"."user" AS stackfare_row_2');
    expect(rowAlias(['t', 'stackfare_row'])).toBe('stackfare_row_1');
  });
  it('a differing count or checksum, or a missing table, is not ok; a skipped checksum with equal counts is', () => {
    expect(compareTable('d', 't', { rows: 2, checksum: 'a' }, { rows: 2, checksum: 'a' })).toMatchObject({ checksum: 'match', ok: true });
    expect(compareTable('d', 't', { rows: 2, checksum: 'a' }, { rows: 2, checksum: 'b' })).toMatchObject({ checksum: 'differs', ok: false });
    expect(compareTable('d', 't', { rows: 2, checksum: null }, { rows: 3, checksum: null })).toMatchObject({ checksum: 'skipped', ok: false });
    expect(compareTable('d', 't', { rows: 2, checksum: null }, { rows: 2, checksum: null })).toMatchObject({ checksum: 'skipped', ok: true });
    expect(compareTable('d', 't', { rows: 2, checksum: 'a' }, null)).toMatchObject({ targetRows: null, ok: false });
  });
});

describe('pg_dump / pg_restore lookup', () => {
  const roots = { versioned: [], plain: [] };
  const fake = (dir: string, name: string, version: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), `#!/bin/sh\necho "${name} (PostgreSQL) ${version}"\n`);
    chmodSync(join(dir, name), 0o755);
  };

  it('missing everywhere: an error with the install hint for the platform', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty, { recursive: true });
    await expect(toolFor('pg_dump', 16, { PATH: empty }, 'linux', 'dump', roots)).rejects.toThrow(/pg_dump was not found/);
    await expect(toolFor('pg_dump', 16, { PATH: empty }, 'darwin', 'dump', roots)).rejects.toMatchObject({
      hint: expect.stringContaining('brew install libpq'),
    });
    expect(installHint('linux', 16)).toContain('postgresql-client-16');
  });

  it('the first on PATH is used when new enough; too old names the newer copy found elsewhere', async () => {
    const old = join(tmp, 'old');
    const newer = join(tmp, 'v17', '17', 'bin');
    fake(old, 'pg_dump', '14.9');
    fake(newer, 'pg_dump', '17.2');
    await expect(toolFor('pg_dump', 14, { PATH: old }, 'linux', 'dump', roots)).resolves.toMatchObject({ major: 14, path: join(old, 'pg_dump') });
    const error = await toolFor('pg_dump', 16, { PATH: old }, 'linux', 'dump', { versioned: [join(tmp, 'v17')], plain: [] }).catch((e: UserError) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(
      `pg_dump 14.9 (${join(old, 'pg_dump')}) cannot dump PostgreSQL 16: it reads only up to its own major version, 14.`,
    );
    expect((error as UserError).hint).toContain(`export PATH=${newer}:$PATH`);
    // Nothing on PATH: the newest in the versioned folders.
    await expect(toolFor('pg_dump', 16, { PATH: '' }, 'linux', 'dump', { versioned: [join(tmp, 'v17')], plain: [] })).resolves.toMatchObject({ major: 17 });
  });
});
