/**
 * Where a database is read from or written to: a URL (node-postgres for queries, the user's
 * pg_dump / pg_restore for the copy) or a compose service (psql and pg_dump inside the container
 * through `docker compose exec -T`, as the generated backup scripts do). The password never
 * reaches a command line: the tools get it through a temporary PGPASSFILE (passfile.ts).
 */
import { spawn } from 'node:child_process';
import { STABLE_TEXT_SETTINGS } from '../core/migration.js';
import { UserError } from '../errors.js';
import type { Query } from './catalog.js';
import { connect, type PgConnection } from './connect.js';
import { maskUrl, type PgUrl } from './url.js';

/** A command line to spawn, with the environment it needs added to the user's. */
export interface Command {
  cmd: string;
  args: string[];
  env: Record<string, string>;
}

/** One side of a copy. */
export interface Endpoint {
  /** The stack's database name. */
  name: string;
  /** How messages show it: the masked URL, or the compose service. */
  label: string;
  query: Query;
  /** The server's major version. */
  serverMajor(): Promise<number>;
  close(): Promise<void>;
}

/** A database reached by URL. */
export interface UrlEndpoint extends Endpoint {
  kind: 'url';
  url: PgUrl;
  connection: PgConnection;
}

/** Connects to a URL endpoint; the session's text settings are fixed so checksums compare. */
export async function urlEndpoint(name: string, url: PgUrl, flag: string, applicationName?: string): Promise<UrlEndpoint> {
  const connection = await connect(url, `${flag} ${name}`, applicationName);
  for (const s of STABLE_TEXT_SETTINGS) await connection.client.query(s);
  return {
    kind: 'url',
    name,
    label: url.masked,
    url,
    connection,
    query: async <T>(sql: string) => (await connection.client.query(sql)).rows as T[],
    serverMajor: async () =>
      Math.floor(Number((await connection.client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v) / 10000),
    close: () => connection.close(),
  };
}

/** A database inside a compose service, reached with `docker compose exec -T`. */
export interface ComposeEndpoint extends Endpoint {
  kind: 'compose';
  file: string;
  service: string;
  /** The pg_dump command run inside the container. */
  dumpCommand(flags: string[]): Command;
}

// The container's own settings name its user and database, as the official image does.
const IN_CONTAINER_USER = '--username="${POSTGRES_USER:-postgres}"';
const IN_CONTAINER_DB = '"${POSTGRES_DB:-${POSTGRES_USER:-postgres}}"';

/** Runs a command, feeding `input`; resolves stdout, rejects with stderr. */
function run(command: Command, input: string, baseEnv: Readonly<Record<string, string | undefined>>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command.cmd, command.args, { env: { ...baseEnv, ...command.env } as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(err.trim() || `${command.cmd} exited with ${code}`))));
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/**
 * Checks that "docker compose" runs before --from-compose relies on it: without the plugin every
 * exec fails alike, and "is the stack running?" would send the user the wrong way.
 */
export async function requireComposePlugin(env: Readonly<Record<string, string | undefined>>): Promise<void> {
  try {
    await run({ cmd: 'docker', args: ['compose', 'version'], env: {} }, '', env);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT')
      throw new UserError('docker was not found on PATH; --from-compose reads the databases through "docker compose exec".', {
        hint: 'Install Docker, or give each database with --from NAME=URL.',
      });
    throw new UserError(`--from-compose needs the Docker Compose plugin, and "docker compose version" failed: ${e.message.split('\n')[0]}`, {
      hint: 'Install the Compose plugin (the docker-compose-plugin package, or Docker Desktop), or give each database with --from NAME=URL.',
    });
  }
}

/**
 * A compose service's database (`database` inside the container, else the container's own
 * POSTGRES_DB); queries run through psql in the container and come back as JSON.
 */
export function composeEndpoint(
  name: string,
  file: string,
  service: string,
  env: Readonly<Record<string, string | undefined>>,
  database?: string,
): ComposeEndpoint {
  const exec = (script: string): Command => ({ cmd: 'docker', args: ['compose', '-f', file, 'exec', '-T', service, 'sh', '-c', script], env: {} });
  // A name from the compose file goes into a shell script: single-quoted, quotes escaped.
  const dbArg = database === undefined ? IN_CONTAINER_DB : `'${database.replace(/'/g, `'\\''`)}'`;
  const label = `compose service ${service} (${file})`;
  const query: Query = async <T>(sql: string) => {
    const script = `exec psql -X -q -At -v ON_ERROR_STOP=1 ${IN_CONTAINER_USER} --dbname=${dbArg}`;
    const input = `${STABLE_TEXT_SETTINGS.join(';\n')};\nSELECT coalesce(json_agg(q), '[]'::json) FROM (${sql}) q;\n`;
    let out: string;
    try {
      out = await run(exec(script), input, env);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'ENOENT')
        throw new UserError('docker was not found on PATH; --from-compose reads the databases through "docker compose exec".', {
          hint: 'Install Docker, or give each database with --from NAME=URL.',
        });
      throw new UserError(`--from-compose: reading database ${name} from ${label} failed: ${maskUrl(e.message)}`, {
        hint: `Is the stack running? Start it with "docker compose -f ${file} up -d ${service}".`,
      });
    }
    return JSON.parse(out.trim()) as T[];
  };
  return {
    kind: 'compose',
    name,
    label,
    file,
    service,
    query,
    serverMajor: async () => Math.floor(Number((await query<{ v: string }>("SELECT current_setting('server_version_num') AS v"))[0]!.v) / 10000),
    close: async () => {},
    dumpCommand: (flags) => exec(`exec pg_dump ${flags.join(' ')} ${IN_CONTAINER_USER} ${dbArg}`),
  };
}
