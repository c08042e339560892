// `node scripts/bench-migrate.mjs` (after `npm run build`): `stackfare migrate-data` of a
// 1,000,000-row table (about 226 MB with its index) next to a bare `pg_dump -Fc | pg_restore` of the
// same data, on the same throwaway PostgreSQL cluster, run in turn (A B A B ...) so a slow spell of
// a shared machine falls on both; prints each run, the medians and the ratio (target: at most 2x,
// migrate-data's checksums of both sides included).
//
// The cluster: initdb + pg_ctl from PATH or /usr/lib/postgresql/<major>/bin, on a free port in a
// temporary folder (as the `postgres` user when run as root), fsync off for both sides alike,
// removed at the end. BENCH_RUNS (default 3) rounds; BENCH_ROWS (default 1000000) rows;
// BENCH_OTHER_CLI=path/to/cli.js adds another build of stackfare (a release before) to each round.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname, '..');
const cli = resolve(root, process.env.STACKFARE_CLI ?? 'dist/cli.js');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
if (!existsSync(cli)) {
  console.error(`${cli} is missing: run "npm run build" first.`);
  process.exit(1);
}

function pgBin() {
  // A folder with the server and its own client tools (some PATHs hold only a wrapper for initdb).
  const whole = (d) => ['initdb', 'pg_ctl', 'psql', 'pg_dump', 'pg_restore'].every((t) => existsSync(join(d, t)));
  for (const d of (process.env.PATH ?? '').split(':')) if (d && whole(d)) return d;
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base)
    ? readdirSync(base)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => b - a)
    : [];
  for (const m of majors) if (whole(join(base, m, 'bin'))) return join(base, m, 'bin');
  console.error('initdb with psql, pg_dump and pg_restore beside it was not found: install the PostgreSQL server (Debian/Ubuntu: apt-get install postgresql).');
  process.exit(1);
}

const isRoot = process.getuid?.() === 0;
const asOwner = (bin, args) => {
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (r.status !== 0) throw new Error(`${bin} failed:\n${r.stdout}\n${r.stderr}`);
};
const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

const bin = pgBin();
const dir = mkdtempSync(join(tmpdir(), 'stackfare-bench-migrate-'));
chmodSync(dir, 0o777);
const password = `bench-${Math.random().toString(36).slice(2)}`;
writeFileSync(join(dir, 'pw'), `${password}\n`, { mode: 0o644 });
const port = await freePort();
const data = join(dir, 'data');
let started = false;
const cleanup = () => {
  if (started)
    spawnSync(
      isRoot ? 'runuser' : join(bin, 'pg_ctl'),
      isRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'] : ['-D', data, '-m', 'immediate', 'stop'],
    );
  rmSync(dir, { recursive: true, force: true });
};
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

asOwner(join(bin, 'initdb'), [
  '-D',
  data,
  '-U',
  'postgres',
  '--pwfile',
  join(dir, 'pw'),
  '--auth-local=trust',
  '--auth-host=scram-sha-256',
  '-E',
  'UTF8',
  '--locale=C',
  '--no-sync',
]);
asOwner(join(bin, 'pg_ctl'), [
  '-D',
  data,
  '-l',
  join(dir, 'log'),
  '-w',
  '-o',
  `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
  'start',
]);
started = true;

const url = (db) => `postgresql://postgres:${password}@127.0.0.1:${port}/${db}`;
const env = { ...process.env, PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'postgres', PGPASSWORD: password };
const psql = (db, sql) =>
  execFileSync(join(bin, 'psql'), ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db], {
    input: sql,
    env,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });

console.log(`Seeding ${rows.toLocaleString('en')} rows ...`);
psql('postgres', 'CREATE DATABASE bench_source;');
psql(
  'bench_source',
  `CREATE TABLE messages (id bigserial PRIMARY KEY, conversation_id bigint NOT NULL, user_id uuid NOT NULL, role text NOT NULL, body text NOT NULL, meta jsonb, created_at timestamptz NOT NULL);
   INSERT INTO messages (conversation_id, user_id, role, body, meta, created_at)
   SELECT i / 20, md5('u' || (i % 997))::uuid, CASE WHEN i % 2 = 0 THEN 'user' ELSE 'assistant' END,
          repeat(md5(i::text), 2) || i,
          jsonb_build_object('tokens', i % 4096, 'model', 'gpt-4o', 'ms', (i * 7) % 5000),
          timestamptz '2026-01-01 00:00:00+00' + i * interval '1 second'
   FROM generate_series(1, ${rows}) i;
   ANALYZE messages;`,
);
const size = psql('bench_source', "SELECT pg_size_pretty(pg_total_relation_size('messages'));").trim();
console.log(`Table messages: ${rows.toLocaleString('en')} rows, ${size} with its index.`);

function freshTarget() {
  psql('postgres', 'DROP DATABASE IF EXISTS reasoning_api WITH (FORCE); CREATE DATABASE reasoning_api;');
}

function timed(cmd, args, extraEnv) {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? res((performance.now() - t0) / 1000) : rej(new Error(`${cmd} exited ${code}: ${err.slice(-2000)}`))));
  });
}

const bare = () => timed('sh', ['-c', `"${join(bin, 'pg_dump')}" -Fc -d bench_source | "${join(bin, 'pg_restore')}" -d reasoning_api`]);
// The password reaches stackfare through its environment variables, as the README advises (a
// build without them gets the flags).
const stackfare = (entry = cli) =>
  timed(
    process.execPath,
    [
      entry,
      'migrate-data',
      '--db',
      'separate',
      '--yes',
      ...(entry === cli ? [] : ['--from', `reasoning_api=${url('bench_source')}`, '--to', `reasoning_api=${url('reasoning_api')}`]),
    ],
    {
      PATH: `${bin}:${process.env.PATH}`,
      PGPASSWORD: '',
      STACKFARE_FROM_URL: `reasoning_api=${url('bench_source')}`,
      STACKFARE_TO_URL: `reasoning_api=${url('reasoning_api')}`,
    },
  );

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const other = process.env.BENCH_OTHER_CLI ? resolve(process.env.BENCH_OTHER_CLI) : undefined;
const contenders = [
  ['bare', bare, 'pg_dump -Fc | pg_restore'],
  ['stackfare', () => stackfare(), 'stackfare migrate-data'],
  ...(other ? [['other', () => stackfare(other), `stackfare migrate-data (${other})`]] : []),
];
const results = { bare: [], stackfare: [], other: [] };
for (let i = 0; i < runs; i += 1) {
  for (const [name, run, label] of contenders) {
    freshTarget();
    const s = await run();
    results[name].push(s);
    console.log(`round ${i + 1}: ${label}: ${s.toFixed(2)} s`);
  }
}
const b = median(results.bare);
const m = median(results.stackfare);
console.log('');
console.log(`| pg_dump -Fc \\| pg_restore (bare) | ${b.toFixed(2)} s | runs: ${results.bare.map((x) => x.toFixed(2)).join(', ')} |`);
console.log(`| stackfare migrate-data (copy + checksums of both sides) | ${m.toFixed(2)} s | runs: ${results.stackfare.map((x) => x.toFixed(2)).join(', ')} |`);
console.log(`| ratio | ${(m / b).toFixed(2)}x | target at most 2x |`);
if (other)
  console.log(
    `| ${other} | ${median(results.other).toFixed(2)} s | ${(median(results.other) / b).toFixed(2)}x; runs: ${results.other.map((x) => x.toFixed(2)).join(', ')} |`,
  );
