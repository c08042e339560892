/**
 * migrate-data on a terminal: it shows the plan and asks before copying; "y" copies, Ctrl-C
 * exits 130 and the target stays empty. Two real clusters, the built CLI in a pseudo-terminal.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgCluster, startCluster } from '../helpers/pg-cluster.js';
import { KEYS, runCli } from '../helpers/pty.js';
import { requires } from '../helpers/requires.js';

/** Needs a PostgreSQL server and a pseudo-terminal: skipped outside CI when either is missing, failing in CI. */
const pgServer = requires('postgres');
const pty = requires('pty');

let source: PgCluster;
let target: PgCluster;
let dir: string;

beforeAll(async () => {
  [source, target] = await Promise.all([startCluster(), startCluster()]);
  source.sql('postgres', 'CREATE DATABASE reasoning_api;');
  source.sql(
    'reasoning_api',
    "CREATE TABLE conversations (id int PRIMARY KEY, title text); INSERT INTO conversations SELECT i, 'ß' || i FROM generate_series(1, 3000) i; ANALYZE;",
  );
  target.sql('postgres', 'CREATE DATABASE railway;');
  dir = mkdtempSync(join(tmpdir(), 'stackfare-migrate-pty-'));
}, 120_000);

afterAll(() => {
  source?.stop();
  target?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const tables = () => Number(target.sql('railway', "SELECT count(*) FROM pg_tables WHERE schemaname = 'public';").trim());
const args = () => ['migrate-data', '--from', `reasoning_api=${source.url('reasoning_api')}`, '--to', `reasoning_api=${target.url('railway')}`];

describe.skipIf(!pgServer.run || !pty.run)(pty.name(pgServer.name('migrate-data on a terminal')), () => {
  it('shows the plan and asks; Ctrl-C exits 130 and copies nothing', async () => {
    const pty = runCli(args(), { cwd: dir, env: { PATH: process.env.PATH } });
    await pty.waitFor('public.conversations', 20_000);
    await pty.waitFor('Copy 1 database(s) now? [y/N]', 20_000);
    expect(pty.screen()).not.toContain(source.password);
    pty.write(KEYS.ctrlC);
    expect((await pty.exited).exitCode).toBe(130);
    expect(tables()).toBe(0);
  }, 60_000);

  it('"y" copies and prints the comparison', async () => {
    const pty = runCli(args(), { cwd: dir, env: { PATH: process.env.PATH } });
    await pty.waitFor('[y/N]', 20_000);
    pty.write(`y${KEYS.enter}`);
    await pty.waitFor('every table matches', 60_000);
    expect((await pty.exited).exitCode).toBe(0);
    expect(target.sql('railway', 'SELECT count(*) FROM conversations;').trim()).toBe('3000');
    expect(pty.screen()).not.toContain(target.password);
  }, 90_000);
});
