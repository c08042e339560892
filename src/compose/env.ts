/**
 * A service's environment → EnvVar entries. Values that point at a Postgres or key-value
 * container become platform references (`from`), secrets lose their value, and values that
 * unset variables broke are described instead of copied.
 */
import { ENV_NAME } from '../answer-values.js';
import type { EnvSource, EnvVar } from '../core/answers.js';
import { isSecretName, isSecretValue, parseUrlLoose, redactSecrets } from './secrets.js';

/** One variable as the service will see it, before classification. */
export interface RawEnv {
  name: string;
  /** Undefined: no value (a bare name not set in the environment). */
  value: string | undefined;
  /** As written in the compose file, when it differs from the value (for descriptions). */
  template?: string;
  /** Variables the value needed that were unset. */
  unresolved: string[];
  /** The value is written in the compose file itself (not read from the environment or a .env). */
  written?: boolean;
}

/** Another application service of the file that values may name. */
export interface AppTarget {
  name: string;
  /** Host names that reach it: service name, container_name, hostname, network aliases. */
  hosts: string[];
  /** Whether it listens on any port (a bare host needs one to mean something). */
  listens: boolean;
  /** The image's documented default port, for a container that declares none (Elasticsearch: 9200). */
  defaultPort?: number;
}

/** A container the environment may point at. */
export interface Backing {
  name: string;
  kind: 'postgres' | 'key-value';
  /** Host names that reach it: service name, container_name, hostname, network aliases. */
  hosts: string[];
  /** The container's own POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB, when literal. */
  user?: string;
  password?: string;
  database?: string;
}

/** A service's variables as mapped, and what they showed about its backing containers. */
export interface EnvMapping {
  env: EnvVar[];
  /** Backing containers this service's variables point at. */
  uses: Set<string>;
  /** Variables whose names were not valid everywhere and were left out. */
  invalidNames: string[];
  /** Database URL variables with an unknown host that need one Postgres to bind to. */
  unboundDatabaseUrls: string[];
  unboundKeyValueUrls: string[];
  /** Database names the service's URLs ask for, by Postgres container (the URL's path). */
  databases: Map<string, string>;
  /** Secret variables whose value is written in the compose file (committed with it). */
  committedSecrets: string[];
}

const HOST_NAME = /^(.*?)(HOST|HOSTNAME|SERVER|ADDR|ADDRESS|SEEDS)$/;
const DB_URL_NAME = /(^|_)(DATABASE|DB|POSTGRES|POSTGRESQL|PG|SQL|SQLALCHEMY)[A-Z0-9_]*(URL|URI|DSN|CONN)$|^DATABASE_URL$|SQL_ALCHEMY_CONN$/;
const KV_URL_NAME = /(^|_)(REDIS|VALKEY|CACHE|BROKER|KV)[A-Z0-9_]*(URL|URI|DSN)$/;
const PG_SCHEMES = /postgres|^ecto$|^cockroachdb$/;
/** Ports a URL means when it names none (what the client library connects to). */
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };
const KV_SCHEMES = /^(redis|rediss|valkey|valkeys|keydb|dragonfly)$/;

/** The containers of a file that values may name, indexed by lower-case host name. */
export interface EnvTargets {
  backings: readonly Backing[];
  /** Backing containers by host; the last container naming a host wins. */
  hostIndex: ReadonlyMap<string, Backing>;
  /** Application services by host, except the hosts a backing container answers to. */
  appIndex: ReadonlyMap<string, AppTarget>;
  /** Backing containers by name, each list in file order. */
  byName: ReadonlyMap<string, readonly Backing[]>;
  /** Position of each backing container in `backings`. */
  order: ReadonlyMap<Backing, number>;
}

/** Indexes the file's containers once, so mapping each service's variables stays linear. */
export function envTargets(backings: readonly Backing[], apps: readonly AppTarget[] = []): EnvTargets {
  const hostIndex = new Map<string, Backing>();
  for (const b of backings) for (const h of b.hosts) hostIndex.set(h.toLowerCase(), b);
  const appIndex = new Map<string, AppTarget>();
  for (const a of apps) for (const h of a.hosts) if (!hostIndex.has(h.toLowerCase())) appIndex.set(h.toLowerCase(), a);
  const byName = new Map<string, Backing[]>();
  for (const b of backings) byName.set(b.name, [...(byName.get(b.name) ?? []), b]);
  return { backings, hostIndex, appIndex, byName, order: new Map(backings.map((b, i) => [b, i])) };
}

/** The backing containers of a kind named in `names`, in file order (as a filter of `backings` lists them). */
export function backingsIn(targets: EnvTargets, names: ReadonlySet<string>, kind: Backing['kind']): Backing[] {
  const out: Backing[] = [];
  for (const name of names) for (const b of targets.byName.get(name) ?? []) if (b.kind === kind) out.push(b);
  return out.sort((a, b) => targets.order.get(a)! - targets.order.get(b)!);
}

/**
 * Maps one service's variables. `targets` indexes the Postgres and key-value containers of the
 * file and its application services (see envTargets); `dependsOn` the backings the service waits
 * for; `secrets` known secret values (value → variable name) to keep out of any non-secret value.
 */
export function mapEnvironment(raw: readonly RawEnv[], targets: EnvTargets, dependsOn: ReadonlySet<string>, secrets: ReadonlyMap<string, string>): EnvMapping {
  const state: PassState = {
    result: { env: [], uses: new Set(), invalidNames: [], unboundDatabaseUrls: [], unboundKeyValueUrls: [], databases: new Map(), committedSecrets: [] },
    decided: new Map(),
    prefixes: new Map(),
  };
  // Pass 1: variables that name a backing container's host directly.
  for (const v of raw) directPass(v, targets, state);
  for (const name of dependsOn) state.result.uses.add(name);
  // Pass 2: the host's sibling variables (DB_PORT next to DB_HOST) and the container's own values.
  const used = backingsIn(targets, state.result.uses, 'postgres');
  for (const v of raw) siblingPass(v, used, state);
  // Pass 3: everything else, as a literal, a described gap, or a secret without its value.
  const { result, decided } = state;
  for (const v of raw) {
    if (!ENV_NAME.test(v.name)) continue;
    const done = decided.get(v.name);
    if (done) {
      result.env.push(done);
      continue;
    }
    if (result.unboundDatabaseUrls.includes(v.name) || result.unboundKeyValueUrls.includes(v.name)) continue;
    const entry = literal(v, secrets);
    if (entry.secret && v.written && v.value !== undefined && v.value !== '') result.committedSecrets.push(v.name);
    result.env.push(entry);
  }
  return result;
}

/** What the passes over one service's variables build up. */
interface PassState {
  result: EnvMapping;
  /** Variables already mapped, by name. */
  decided: Map<string, EnvVar>;
  /** Name prefixes of Postgres host variables (`DB_` of DB_HOST), whose siblings are its port, user... */
  prefixes: Map<string, Backing>;
}

/** Pass 1 for one variable: a URL or host naming a backing container or a service, or a URL left without a host. */
function directPass(v: RawEnv, targets: EnvTargets, state: PassState): void {
  const { result, decided } = state;
  if (!ENV_NAME.test(v.name)) {
    result.invalidNames.push(v.name);
    return;
  }
  const value = v.value;
  if (value === undefined) return;
  const url = parseUrlLoose(value);
  if (url && urlPass(v.name, url, targets, state)) return;
  const service = isSecretName(v.name) ? null : serviceRef(v.name, value, targets.appIndex);
  if (service) {
    decided.set(v.name, service);
    return;
  }
  const hostMatch = HOST_NAME.exec(v.name);
  const hostPort = /^([A-Za-z0-9_.-]+):(\d+)$/.exec(value.trim());
  const target = targets.hostIndex.get(value.trim().toLowerCase()) ?? (hostPort ? targets.hostIndex.get(hostPort[1]!.toLowerCase()) : undefined);
  if (target && (hostMatch || hostPort)) {
    result.uses.add(target.name);
    if (target.kind === 'postgres' && hostMatch && !hostPort) {
      decided.set(v.name, ref(v.name, 'database-host', `Host of ${target.name}, from the platform`));
      state.prefixes.set(hostMatch[1]!, target);
    } else {
      // No platform offers a bare host reference for every store: describe it instead.
      decided.set(v.name, {
        name: v.name,
        secret: false,
        description: `Was "${value}" (the ${target.name} container). Set it from the platform's ${target.kind === 'postgres' ? 'database' : 'key-value'} connection details.`,
      });
    }
    return;
  }
  if (value === '' && DB_URL_NAME.test(v.name)) result.unboundDatabaseUrls.push(v.name);
  else if (value === '' && KV_URL_NAME.test(v.name)) result.unboundKeyValueUrls.push(v.name);
}

/** A URL to a backing container becomes its reference, one without a host waits to be bound; true when decided. */
function urlPass(name: string, url: NonNullable<ReturnType<typeof parseUrlLoose>>, targets: EnvTargets, state: PassState): boolean {
  const { result, decided } = state;
  const target = targets.hostIndex.get(url.host.toLowerCase());
  if (target?.kind === 'postgres') {
    result.uses.add(target.name);
    const entry = ref(name, 'database-url', `Postgres connection string of ${target.name}, from the platform`);
    // The driver the program loads (postgresql+asyncpg): the platform's URL is rebuilt with it.
    if (!/^postgres(ql)?$/.test(url.scheme) && /^[a-z][a-z0-9+.-]*$/.test(url.scheme)) entry.scheme = url.scheme;
    decided.set(name, entry);
    const database = databaseOfPath(url.path);
    if (database) result.databases.set(target.name, database);
    return true;
  }
  if (target?.kind === 'key-value') {
    result.uses.add(target.name);
    decided.set(name, ref(name, 'key-value-url', `Connection URL of ${target.name}, from the platform`));
    return true;
  }
  if (url.host === '' && PG_SCHEMES.test(url.scheme)) {
    result.unboundDatabaseUrls.push(name);
    return true;
  }
  if (url.host === '' && KV_SCHEMES.test(url.scheme)) {
    result.unboundKeyValueUrls.push(name);
    return true;
  }
  return false;
}

/** Pass 2 for one variable: a sibling of a Postgres host variable, or a value the used container holds. */
function siblingPass(v: RawEnv, used: readonly Backing[], state: PassState): void {
  const { decided } = state;
  if (decided.has(v.name) || !ENV_NAME.test(v.name) || v.value === undefined) return;
  for (const [prefix, target] of state.prefixes) {
    if (!v.name.startsWith(prefix)) continue;
    const from = siblingSource(v.name.slice(prefix.length).replace(/^_+/, ''));
    if (from) {
      decided.set(v.name, ref(v.name, from, `${describeSource(from)} of ${target.name}, from the platform`));
      return;
    }
  }
  for (const target of used) {
    const from = containerValueSource(v.name, v.value, target);
    if (from) {
      decided.set(v.name, ref(v.name, from, `${describeSource(from)} of ${target.name}, from the platform`));
      return;
    }
  }
}

/**
 * A value that names another service of the file: a URL (`http://litellm:4000/v1`), `host:port`
 * (`phoenix:4317`) or, in a host variable (`TOOLS_HOST`), the bare host. Credentials in the URL
 * keep it a secret instead. The port is the URL's, else its scheme's default, else the target's.
 */
function serviceRef(name: string, value: string, apps: ReadonlyMap<string, AppTarget>): EnvVar | null {
  const trimmed = value.trim();
  const url = parseUrlLoose(trimmed);
  if (url) {
    const target = apps.get(url.host.toLowerCase());
    if (!target || url.user !== '' || url.password !== '') return null;
    const port = url.port !== '' ? Number(url.port) : (DEFAULT_PORTS[url.scheme] ?? (target?.listens ? undefined : target?.defaultPort));
    const out: EnvVar = { name, secret: false, value, ref: { service: target.name, form: 'url', scheme: url.scheme } };
    if (port !== undefined) out.ref!.port = port;
    if (url.path !== '') out.ref!.path = url.path;
    if (port === undefined && !target.listens) return null;
    return out;
  }
  const hostPort = /^([A-Za-z0-9_.-]+):(\d{1,5})$/.exec(trimmed);
  if (hostPort) {
    const target = apps.get(hostPort[1]!.toLowerCase());
    const port = Number(hostPort[2]);
    if (!target || port < 1 || port > 65535) return null;
    return { name, secret: false, value, ref: { service: target.name, port, form: 'host-port' } };
  }
  const target = apps.get(trimmed.toLowerCase());
  // A bare word is a host only in a variable that says so (MODE=worker is not a reference to "worker").
  if (target && (target.listens || target.defaultPort !== undefined) && /(HOST|HOSTS|HOSTNAME|SERVER|SERVERS|ADDR|ADDRESS|SEEDS)$/.test(name.toUpperCase())) {
    const out: EnvVar = { name, secret: false, value, ref: { service: target.name, form: 'host' } };
    if (!target.listens) out.ref!.port = target.defaultPort!;
    return out;
  }
  return null;
}

/** The database a connection URL's path names (`/reasoning?sslmode=disable` → reasoning). */
function databaseOfPath(path: string): string | undefined {
  const m = /^\/([^/?#]+)/.exec(path);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1]!);
  } catch {
    return m[1];
  }
}

/** Resolves the URL variables whose host was unset, once the service's backing is known. */
export function bindUnbound(
  mapping: EnvMapping,
  raw: readonly RawEnv[],
  postgres: Backing | undefined,
  keyValue: Backing | undefined,
  secrets: ReadonlyMap<string, string>,
): void {
  const order = new Map(raw.map((v, i) => [v.name, i]));
  const add = (name: string, target: Backing | undefined, from: EnvSource) => {
    const v = raw.find((r) => r.name === name)!;
    const entry = target
      ? ref(name, from, `${from === 'database-url' ? 'Postgres connection string' : 'Connection URL'} of ${target.name}, from the platform`)
      : literal(v, secrets, true);
    if (target) mapping.uses.add(target.name);
    mapping.env.push(entry);
  };
  for (const name of mapping.unboundDatabaseUrls) add(name, postgres, 'database-url');
  for (const name of mapping.unboundKeyValueUrls) add(name, keyValue, 'key-value-url');
  mapping.env.sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
}

function siblingSource(field: string): EnvSource | null {
  if (/^PORT$/.test(field)) return 'database-port';
  if (/^(USER|USERNAME)$/.test(field)) return 'database-user';
  if (/^(PASSWORD|PASS|PWD)$/.test(field)) return 'database-password';
  if (/^(DB|NAME|DATABASE|DBNAME|DB_NAME|DATABASE_NAME)$/.test(field)) return 'database-name';
  return null;
}

function containerValueSource(name: string, value: string, target: Backing): EnvSource | null {
  const n = name.toUpperCase();
  // Equal values alone are weak evidence ("airflow" is also the web admin's name): the name must say database.
  if (!/(^|_)(DB|PG|POSTGRES|POSTGRESQL|DATABASE|SQL)|^PG/.test(n)) return null;
  if (target.password && value === target.password && isSecretName(name)) return 'database-password';
  if (target.user && value === target.user && /USER/.test(n)) return 'database-user';
  if (target.database && value === target.database && /(^|_)(DB|DATABASE|DBNAME)(_NAME)?$/.test(n) && !/HOST/.test(n)) return 'database-name';
  if (value === '5432' && /(DB|PG|POSTGRES|SQL|DATABASE)[A-Z_]*PORT$/.test(n)) return 'database-port';
  return null;
}

function describeSource(from: EnvSource): string {
  const words: Record<EnvSource, string> = {
    'database-url': 'Postgres connection string',
    'database-host': 'Host',
    'database-port': 'Port',
    'database-user': 'User',
    'database-password': 'Password',
    'database-name': 'Database name',
    'key-value-url': 'Connection URL',
  };
  return words[from];
}

function ref(name: string, from: EnvSource, description: string): EnvVar {
  const secret = from === 'database-url' || from === 'database-password' || from === 'key-value-url';
  return { name, secret, from, description };
}

/** A variable the platform does not supply: a literal, a described gap, or a secret to set. */
function literal(v: RawEnv, secrets: ReadonlyMap<string, string>, unboundUrl = false): EnvVar {
  const value = v.value;
  const nameSecret = isSecretName(v.name) && !(value !== undefined && /^\/[\w./-]+$/.test(value));
  let containsSecret = false;
  if (value !== undefined) {
    for (const s of secrets.keys()) {
      if (s.length >= 4 && value.includes(s)) {
        containsSecret = true;
        break;
      }
    }
  }
  const secret = nameSecret || unboundUrl || (value !== undefined && (isSecretValue(value) || containsSecret));
  if (value === undefined) {
    return { name: v.name, secret, description: 'Has no value in the compose file (it is read from the shell when compose runs): set it on the platform.' };
  }
  if (secret) {
    return {
      name: v.name,
      secret: true,
      description:
        value === '' ? 'Secret, empty in the compose file: set it on the platform.' : 'Secret: set it on the platform (stackfare does not copy secret values).',
    };
  }
  if (v.unresolved.length > 0) {
    const template = v.template !== undefined ? ` Was "${redactSecrets(v.template, secrets)}".` : '';
    return { name: v.name, secret: false, description: `Needs ${v.unresolved.join(', ')}, unset when imported: set it on the platform.${template}` };
  }
  const out: EnvVar = { name: v.name, secret: false, value };
  // `${VAR:-default}`: the local compose file keeps the text, so its .env can still change it.
  if (v.template !== undefined && /\$\{[A-Za-z_][A-Za-z0-9_]*:?-/.test(v.template)) out.template = v.template;
  return out;
}
