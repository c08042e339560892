/**
 * A throwaway PostgreSQL cluster for tests: initdb + pg_ctl on a free port in a temporary
 * folder, run as the `postgres` user when the tests run as root (initdb refuses root), with
 * its own unix socket folder. stop() removes everything; a process-exit hook does it too when a
 * test run dies before its afterAll. Without the server binaries it throws a message that says
 * what to install: these tests never skip silently.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  port: number;
  host: string;
  user: string;
  password: string;
  /** Folder holding pg_dump, psql, pg_restore of the same version as the server. */
  binDir: string;
  /** Server major version. */
  major: number;
  /** `postgresql://user:password@127.0.0.1:port/database`. */
  url(database?: string, options?: { user?: string; password?: string }): string;
  /** The server's log (with logStatements: every statement, prefixed by the client's application_name and a |). */
  serverLog(): string;
  /** Runs SQL through psql (as the superuser) and returns its output (tuples only, unaligned). */
  sql(database: string, sql: string): string;
  stop(): void;
}

const running = new Set<PgCluster>();
let hooked = false;

/** The folder holding initdb and pg_ctl: PATH first, then the distribution's versioned folders. */
export function findPgBin(): { binDir: string; major: number } {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) candidates.push(dir);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((d) => /^\d+$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    for (const m of majors) if (existsSync(join(root, m, 'bin', 'initdb'))) candidates.push(join(root, m, 'bin'));
  }
  const first = candidates[0];
  if (!first) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/<major>/bin. ' +
        'These tests need a real server: install it (Debian/Ubuntu: apt-get install -y postgresql; macOS: brew install postgresql@16), ' +
        'or run "bash .ci/run", which installs it.',
    );
  }
  const version = execFileSync(join(first, 'pg_ctl'), ['--version'], { encoding: 'utf8' });
  const major = Number(/(\d+)/.exec(version)?.[1]);
  // pg_dump and friends of the server's own version live beside initdb in the versioned folder.
  const versioned = join('/usr/lib/postgresql', String(major), 'bin');
  return { binDir: existsSync(join(versioned, 'pg_dump')) ? versioned : first, major };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a server binary, as `postgres` when we are root. */
function runAsOwner(bin: string, args: string[]): void {
  const [cmd, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8', cwd: tmpdir() });
  if (result.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
}

/** Starts a fresh cluster with password (scram) authentication over TCP; the superuser is `postgres`. */
export async function startCluster(options: { logStatements?: boolean } = {}): Promise<PgCluster> {
  const { binDir, major } = findPgBin();
  const dir = mkdtempSync(join(tmpdir(), 'stackfare-pg-'));
  chmodSync(dir, 0o777);
  if (isRoot) execFileSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  const socket = join(dir, 'socket');
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o644 });
  runAsOwner('mkdir', [socket]);
  runAsOwner(join(binDir, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--pwfile',
    pwfile,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C',
    '--no-sync',
  ]);
  let port = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    port = await freePort();
    try {
      runAsOwner(join(binDir, 'pg_ctl'), [
        '-D',
        data,
        '-l',
        join(dir, 'server.log'),
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${port} -k ${socket} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off${options.logStatements ? " -c log_statement=all -c log_line_prefix='%a|'" : ''}`,
        'start',
      ]);
      lastError = undefined;
      break;
    } catch (error) {
      lastError = error;
    }
  }
  if (lastError) {
    rmSync(dir, { recursive: true, force: true });
    throw lastError;
  }
  let stopped = false;
  const cluster: PgCluster = {
    port,
    host: '127.0.0.1',
    user: 'postgres',
    password,
    binDir,
    major,
    url(database = 'postgres', options = {}) {
      const user = encodeURIComponent(options.user ?? 'postgres');
      const pw = encodeURIComponent(options.password ?? password);
      return `postgresql://${user}:${pw}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
    },
    serverLog() {
      return readFileSync(join(dir, 'server.log'), 'utf8');
    },
    sql(database, sql) {
      return execFileSync(
        join(binDir, 'psql'),
        ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-h', socket, '-p', String(port), '-U', 'postgres', '-d', database],
        {
          input: sql,
          encoding: 'utf8',
          // NOTICEs (DROP ... IF EXISTS) stay out of the test output; errors still throw with stderr.
          stdio: ['pipe', 'pipe', 'pipe'],
          maxBuffer: 256 * 1024 * 1024,
        },
      );
    },
    stop() {
      if (stopped) return;
      stopped = true;
      running.delete(cluster);
      try {
        runAsOwner(join(binDir, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // Already gone; the folder goes anyway.
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(cluster);
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const c of [...running]) c.stop();
    });
  }
  return cluster;
}
