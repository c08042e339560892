/** Reading a value as a network address, for the wiring resolvers: the one address parser. Pure. */

/** A value read as `scheme://user@host:port/path`, `host:port` or `host`. */
export interface Address {
  scheme: string | null;
  userinfo: string | null;
  host: string;
  port: number | null;
  /** What follows host:port: `/v1`, `?schema=x`, or ''. */
  path: string;
}

const ADDRESS = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:([^@/]*)@)?(\[[^\]]+\]|[^:/?#@\s]+)(?::(\d{1,5}))?([/?#][^\s]*)?$/i;

/** The address a value spells, or null when it is not one. */
export function parseAddress(value: string): Address | null {
  const m = ADDRESS.exec(value);
  if (!m) return null;
  const port = m[4] !== undefined ? Number(m[4]) : null;
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { scheme: m[1] ?? null, userinfo: m[2] ?? null, host: m[3]!, port, path: m[5] ?? '' };
}

/** A value that names a host, in the shape the Fly and DigitalOcean resolvers read: a URL, `host:port` or a bare host. */
export interface HostAddress {
  scheme?: string;
  host: string;
  port?: number;
}

/**
 * A value read (by parseAddress) as a URL (`scheme://host[:port][/path]`), `host:port` or a bare
 * host name; null for anything else, such as `user@host` or `host/path` without a scheme.
 */
export function hostAddress(value: string): HostAddress | null {
  const a = parseAddress(value);
  if (!a) return null;
  // Without a scheme only host:port or a bare host name count (no user, no path).
  if (a.scheme === null && (a.userinfo !== null || a.path !== '' || !/^[a-z0-9][a-z0-9.-]*$/i.test(a.host))) return null;
  return { ...(a.scheme !== null ? { scheme: a.scheme.toLowerCase() } : {}), host: a.host, ...(a.port !== null ? { port: a.port } : {}) };
}

/** Variable names that hold a host. */
const HOST_VARIABLE = /(HOST|HOSTS|HOSTNAME|SERVER|SERVERS|ADDR|ADDRESS|SEEDS|ENDPOINT|URL|URI)$/i;

/**
 * Whether an address should be read as one: a word that is also a service's name is a host only
 * where the value reads as one (a URL, host:port), the variable is host-named, or the stack holds
 * the variable as a reference. `CLICKHOUSE_USER=clickhouse` is a user name, not a host.
 */
export function readsAsHost(addr: HostAddress, variable: string, isReference: boolean): boolean {
  return addr.scheme !== undefined || addr.port !== undefined || HOST_VARIABLE.test(variable) || isReference;
}

/** The default port of a URL scheme when the URL names none. */
export function defaultPort(scheme: string | undefined): number | undefined {
  if (scheme === 'http' || scheme === 'ws') return 80;
  if (scheme === 'https' || scheme === 'wss') return 443;
  return undefined;
}

/** The schema a Postgres URL selects (`?schema=` for Prisma, `search_path` in options), else `public`. */
export function postgresSchema(path: string): string {
  const query = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  const schema = params.get('schema');
  if (schema) return schema;
  const options = params.get('options') ?? '';
  const searchPath = /-csearch_path=([^\s,]+)/.exec(options);
  return searchPath?.[1] ?? 'public';
}

/** The database a Postgres URL's path names (`/reasoning_api?x=1` → `reasoning_api`). */
export function postgresDatabase(path: string): string | null {
  const m = /^\/([^?#/]+)/.exec(path);
  return m ? decodeURIComponent(m[1]!) : null;
}

/** Databases a `db/databases.sql` creates, by Postgres instance (its `-- Postgres instance X` sections). */
export function databasesCreatedBySql(sql: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  let instance = '';
  for (const line of sql.split('\n')) {
    const section = /^-- Postgres instance (.+)$/.exec(line.trim());
    if (section) {
      instance = section[1]!.trim();
      continue;
    }
    const create = /^SELECT 'CREATE DATABASE .*WHERE NOT EXISTS \(SELECT FROM pg_database WHERE datname = '((?:[^']|'')*)'\)\\gexec$/.exec(line.trim());
    if (create) {
      const set = out.get(instance) ?? new Set<string>();
      set.add(create[1]!.replace(/''/g, "'"));
      out.set(instance, set);
    }
  }
  return out;
}
