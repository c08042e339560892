/**
 * Railway's wiring resolver: reads `.railway/railway.ts` (without running it), DEPLOY.md and
 * db/databases.sql, and answers by Railway's documented rules
 * (docs.railway.com/reference/variables, docs.railway.com/guides/private-networking):
 * - `${{NAME.VAR}}` and the typed `X.env.VAR` name a service or database of the project; a
 *   service's `RAILWAY_PRIVATE_DOMAIN` is its `NAME.railway.internal`, which carries every port
 *   the service listens on; its `RAILWAY_PUBLIC_DOMAIN` is its public domain (served on 443); a
 *   bare compose name resolves to nothing;
 * - Postgres gives `DATABASE_URL` (database `railway`) and the parts PGUSER, PGPASSWORD, PGHOST,
 *   PGPORT, PGDATABASE; any other database must be created (db/databases.sql, run by DEPLOY.md);
 * - a service is public only with a domain: `domains`/`tcp` in the file, or `railway domain`.
 */
import type { Stack } from '../../core/stack.js';
import { type Address, databasesCreatedBySql, parseAddress, postgresDatabase, postgresSchema } from '../address.js';
import type { DeployedFile, Reach, WiringResolver, WiringView } from '../wiring.js';
import { type DslProject, type DslValue, readRailwayProgram } from './dsl.js';

/** The database Railway's Postgres creates. */
const DEFAULT_DATABASE = 'railway';
const TEMPLATE = /\$\{\{\s*([^.}\s]+)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

type Resource = DslProject['resources'][number];

/** A `${{NAME.VAR}}` or typed reference, resolved to what it stands for. */
type Part =
  | { kind: 'host'; service: string }
  | { kind: 'public'; service: string }
  | { kind: 'pg'; instance: string; variable: string }
  | { kind: 'other'; text: string }
  | { kind: 'broken'; why: string };

/** The files read back: the project's resources, and what DEPLOY.md and db/databases.sql do. */
interface RailwayFiles {
  stack: Stack;
  project: DslProject;
  byName: Map<string, Resource>;
  services: Resource[];
  deploy: string;
  /** Databases db/databases.sql creates, by instance. */
  created: Map<string, Set<string>>;
  /** Railway databases DEPLOY.md runs db/databases.sql against. */
  sqlRunOn: Set<string>;
  /** Railway's database names → the stack's Postgres instances. */
  instanceOf: Map<string, string>;
}

/** Railway names → the stack's instances: by name, or renamed with a -N suffix, in order. */
function matchInstances(databases: readonly Resource[], stack: Stack): Map<string, string> {
  const instanceOf = new Map<string, string>();
  const unmatched = [...databases];
  for (const p of stack.postgres.instances) {
    const i = unmatched.findIndex((d) => d.name === p.name || new RegExp(`^${escapeRegExp(p.name)}-\\d+$`).test(d.name));
    if (i >= 0) instanceOf.set(unmatched.splice(i, 1)[0]!.name, p.name);
  }
  return instanceOf;
}

/** Reads .railway/railway.ts (without running it), DEPLOY.md and db/databases.sql; a text says why they cannot be read. */
function readRailwayFiles(files: readonly DeployedFile[], stack: Stack): RailwayFiles | string {
  const file = (path: string) => files.find((f) => f.path === path)?.contents;
  const source = file('.railway/railway.ts');
  if (source === undefined) return 'no .railway/railway.ts';
  let project: DslProject;
  try {
    project = readRailwayProgram(source);
  } catch (error) {
    return `.railway/railway.ts cannot be read: ${(error as Error).message}`;
  }
  const deploy = file('DEPLOY.md') ?? '';
  // psql inside the database's container (railway ssh) fed the file, or through railway run with -f.
  const sqlRunOn = new Set([...deploy.matchAll(/railway (?:ssh|run) --service (\S+) .*(?:-f |< )db\/databases\.sql/g)].map((m) => unshell(m[1]!)));
  const databases = project.resources.filter((r) => r.type === 'database' && r.engine === 'postgres');
  return {
    stack,
    project,
    byName: new Map(project.resources.map((r) => [r.name, r])),
    services: project.resources.filter((r) => r.type === 'service'),
    deploy,
    created: databasesCreatedBySql(file('db/databases.sql') ?? ''),
    sqlRunOn,
    instanceOf: matchInstances(databases, stack),
  };
}

/** The stack's database a Railway database stands for. */
function stackDatabase(rw: RailwayFiles, railwayName: string, database: string): string {
  const instance = rw.stack.postgres.instances.find((p) => p.name === rw.instanceOf.get(railwayName));
  // Railway's own database is the app's database when the instance holds only that app's.
  if (database === DEFAULT_DATABASE && instance && instance.databases.length === 1) return instance.databases[0]!;
  return database;
}

/** What `${{NAMESPACE.VARIABLE}}` stands for. */
function partOf(rw: RailwayFiles, namespace: string, variable: string): Part {
  const r = rw.byName.get(namespace);
  if (!r) return { kind: 'broken', why: `\${{${namespace}.${variable}}} names ${namespace}, which is not a service or database of the project` };
  if (r.type === 'service' && variable === 'RAILWAY_PRIVATE_DOMAIN') return { kind: 'host', service: r.name };
  if (r.type === 'service' && variable === 'RAILWAY_PUBLIC_DOMAIN') return { kind: 'public', service: r.name };
  if (r.type === 'database' && r.engine === 'postgres' && /^(PGUSER|PGPASSWORD|PGHOST|PGPORT|PGDATABASE|DATABASE_URL|RAILWAY_PRIVATE_DOMAIN)$/.test(variable)) {
    return { kind: 'pg', instance: r.name, variable };
  }
  return { kind: 'other', text: `\${{${namespace}.${variable}}}` };
}

/** Whether a service has a domain: `domains`/`tcp` in the file, networking domains, or `railway domain` in DEPLOY.md. */
function isPublic(rw: RailwayFiles, slug: string): boolean {
  const r = rw.services.find((s) => s.name === slug);
  if (!r) return false;
  const has = (key: string) => {
    const v = r.config.get(key);
    return (v?.kind === 'array' && v.items.length > 0) || (v?.kind === 'object' && v.entries.size > 0);
  };
  const networking = r.config.get('networking');
  const netDomains =
    networking?.kind === 'object' &&
    ['serviceDomains', 'customDomains', 'tcpProxies'].some((k) => {
      const v = networking.entries.get(k);
      return v?.kind === 'object' && v.entries.size > 0;
    });
  const domainStep = [...rw.deploy.matchAll(/railway domain --service (\S+)/g)].some((m) => unshell(m[1]!) === slug);
  return has('domains') || has('tcp') || has('tcpProxies') || Boolean(netDomains) || domainStep;
}

/** Where `variable` of service `from` leads, from its `env` (or `variables`) in the file. */
function reach(rw: RailwayFiles, from: string, variable: string): Reach {
  const r = rw.services.find((s) => s.name === from);
  if (!r) return { kind: 'broken', why: `${from} is not a service of .railway/railway.ts` };
  const env = r.config.get('env') ?? r.config.get('variables');
  const v = env?.kind === 'object' ? env.entries.get(variable) : undefined;
  if (!v) return { kind: 'broken', why: `${variable} is not set on ${from}` };
  const wanted = rw.stack.services.find((s) => s.slug === from)?.env.find((e) => e.name === variable)?.ref;
  // The service's own variables need no name: `${{RAILWAY_PUBLIC_DOMAIN}}` is its own domain.
  const own = v.kind === 'string' ? { ...v, value: v.value.replace(/\$\{\{\s*(RAILWAY_PUBLIC_DOMAIN|RAILWAY_PRIVATE_DOMAIN)\s*\}\}/g, `\${{${from}.$1}}`) } : v;
  return resolveValue(rw, own, wanted?.port);
}

/** A value of the file: a preserved secret, a typed reference, a string with templates, or a literal. */
function resolveValue(rw: RailwayFiles, v: DslValue, refPort: number | undefined): Reach {
  if (v.kind === 'preserve') return { kind: 'secret' };
  if (v.kind === 'reference') {
    const r = rw.project.resources.find((x) => x.type === v.resource.type && x.name === v.resource.name);
    if (!r) return { kind: 'broken', why: `references ${v.resource.name}, which the project does not list` };
    if (r.type === 'database' && r.engine === 'postgres' && v.output === 'DATABASE_URL') {
      return { kind: 'database', instance: rw.instanceOf.get(r.name) ?? r.name, database: stackDatabase(rw, r.name, DEFAULT_DATABASE), schema: 'public' };
    }
    return resolveText(rw, `\${{${r.name}.${v.output}}}`, refPort);
  }
  if (v.kind === 'string') return resolveText(rw, v.value, refPort);
  if (v.kind === 'number' || v.kind === 'boolean') return { kind: 'literal', value: String(v.value) };
  return { kind: 'broken', why: `an unreadable value (${v.kind === 'unknown' ? v.why : v.kind})` };
}

/** A text with its `${{NAME.VAR}}` templates replaced by tokens, and what each token stands for. */
interface Templated {
  text: string;
  tokens: string;
  parts: Part[];
  /** The part a token stands for, if the word is exactly one token. */
  part(token: string): Part | undefined;
}

/** Replaces each template of a text by a token (NUL, index, NUL) that parses as one host or word. */
function templated(rw: RailwayFiles, text: string): Templated {
  const parts: Part[] = [];
  const tokens = text.replace(TEMPLATE, (_m, ns: string, variable: string) => {
    parts.push(partOf(rw, ns, variable));
    return `\u0000${parts.length - 1}\u0000`;
  });
  const part = (token: string): Part | undefined => {
    const m = /^\u0000(\d+)\u0000$/.exec(token);
    return m ? parts[Number(m[1])] : undefined;
  };
  return { text, tokens, parts, part };
}

/** A string value: a Postgres part or URL, a public domain, a private domain, a bare name, or a literal. */
function resolveText(rw: RailwayFiles, text: string, refPort: number | undefined): Reach {
  const t = templated(rw, text);
  const broken = t.parts.find((p): p is Extract<Part, { kind: 'broken' }> => p.kind === 'broken');
  if (broken) return { kind: 'broken', why: broken.why };
  const whole = t.part(t.tokens);
  // One Postgres part alone (PGHOST, PGUSER...): the platform's value, not a URL.
  if (whole?.kind === 'pg' && whole.variable !== 'DATABASE_URL') return { kind: 'literal', value: `<${whole.variable} of ${whole.instance}>` };
  if (t.parts.some((p) => p.kind === 'pg')) return resolveDatabaseUrl(rw, t.tokens, t.part);
  return resolveAddress(rw, t, parseAddress(t.tokens), refPort);
}

/** A string value with no Postgres part: a public domain, a private domain, a bare name, or a literal. */
function resolveAddress(rw: RailwayFiles, t: Templated, address: Address | null, refPort: number | undefined): Reach {
  const publics = t.parts.filter((p) => p.kind === 'public');
  if (publics.length > 0) {
    // RAILWAY_PUBLIC_DOMAIN is the host alone: served on 443, so no port may follow it.
    const host = address ? t.part(address.host) : t.part(t.tokens);
    if (publics.length > 1 || host?.kind !== 'public' || (address && address.port !== null))
      return { kind: 'broken', why: `a public domain inside ${JSON.stringify(t.text)} is not the host of an https address` };
    return { kind: 'public', service: host.service };
  }
  const hosts = t.parts.filter((p) => p.kind === 'host');
  if (hosts.length > 0) {
    const host = address ? t.part(address.host) : undefined;
    if (!address || !host || host.kind !== 'host' || hosts.length > 1)
      return { kind: 'broken', why: `a private domain inside ${JSON.stringify(t.text)} is not the host of an address` };
    return reachService(rw, host.service, address.port, refPort);
  }
  // A literal address on Railway's private network: NAME.railway.internal.
  const internal = address ? /^(.+)\.railway\.internal$/.exec(address.host) : null;
  if (address && internal && rw.byName.get(internal[1]!)?.type === 'service') return reachService(rw, internal[1]!, address.port, refPort);
  // A bare service name (compose's DNS) resolves to nothing on Railway.
  if (address && (address.scheme !== null || address.port !== null) && rw.byName.has(address.host)) {
    return {
      kind: 'broken',
      why: `${JSON.stringify(t.text)} names ${address.host} bare; on Railway it is \${{${address.host}.RAILWAY_PRIVATE_DOMAIN}} (${address.host}.railway.internal)`,
    };
  }
  return { kind: 'literal', value: t.text };
}

/** A service on the private network, on the port the address names (else the one the program adds). */
function reachService(rw: RailwayFiles, service: string, port: number | null, refPort: number | undefined): Reach {
  // The host alone reaches every port; the program adds the one it was told.
  return { kind: 'service', service, port: port ?? refPort ?? rw.stack.services.find((s) => s.slug === service)?.port ?? 0 };
}

/** A connection URL built from one Postgres's parts (PGUSER, PGPASSWORD, PGHOST, PGPORT, PGDATABASE). */
function resolveDatabaseUrl(rw: RailwayFiles, tokens: string, part: (t: string) => Part | undefined): Reach {
  const m = /^([a-z][a-z0-9+.-]*):\/\/([^:@/]+):([^@/]+)@([^:/?#]+)(?::([^/?#]+))?(\/[^?#]*)?(\?.*)?$/i.exec(tokens);
  if (!m) return { kind: 'broken', why: 'a Postgres reference inside a value that is not a connection URL' };
  const [, , user, password, host, port, path = '', query = ''] = m;
  const pieces = { user: part(user!), password: part(password!), host: part(host!), port: port !== undefined ? part(port) : undefined };
  const instances = new Set(Object.values(pieces).flatMap((p) => (p?.kind === 'pg' ? [p.instance] : [])));
  if (instances.size !== 1) return { kind: 'broken', why: 'the URL mixes parts of several databases' };
  const instance = [...instances][0]!;
  if (!isPgPart(pieces.user, 'PGUSER') || !isPgPart(pieces.password, 'PGPASSWORD') || !isPgPart(pieces.host, 'PGHOST', 'RAILWAY_PRIVATE_DOMAIN')) {
    return { kind: 'broken', why: 'the URL does not take its user, password and host from the same Postgres' };
  }
  if (port !== undefined && !isPgPart(pieces.port, 'PGPORT') && port !== '5432') return { kind: 'broken', why: `the URL's port ${port} is not Postgres's` };
  const database = urlDatabase(rw, instance, path, part);
  if (typeof database !== 'string') return database;
  return {
    kind: 'database',
    instance: rw.instanceOf.get(instance) ?? instance,
    database: stackDatabase(rw, instance, database),
    schema: postgresSchema(query),
  };
}

/** Whether a part is one of these Postgres variables. */
function isPgPart(p: Part | undefined, ...variables: string[]): boolean {
  return p?.kind === 'pg' && variables.includes(p.variable);
}

/** The database a URL's path names: Railway's own (PGDATABASE), or one db/databases.sql creates and DEPLOY.md runs. */
function urlDatabase(rw: RailwayFiles, instance: string, path: string, part: (t: string) => Part | undefined): string | Reach {
  const dbToken = postgresDatabase(path);
  if (!dbToken) return { kind: 'broken', why: 'the URL names no database' };
  const dbPart = part(dbToken);
  if (dbPart) {
    if (!isPgPart(dbPart, 'PGDATABASE')) return { kind: 'broken', why: 'the URL names its database with something other than PGDATABASE' };
    return DEFAULT_DATABASE;
  }
  const createdHere = rw.created.get(rw.instanceOf.get(instance) ?? instance)?.has(dbToken) || rw.created.get(instance)?.has(dbToken);
  if (dbToken !== DEFAULT_DATABASE && !(createdHere && rw.sqlRunOn.has(instance))) {
    return {
      kind: 'broken',
      why: `database ${dbToken} on ${instance} is created neither by Railway nor by db/databases.sql run against ${instance} in DEPLOY.md`,
    };
  }
  return dbToken;
}

/** The resolver for Railway's generated files. */
export const railwayWiring: WiringResolver = (files, stack) => {
  const rw = readRailwayFiles(files, stack);
  if (typeof rw === 'string') return brokenView(rw);
  return {
    services: () => rw.services.map((s) => s.name).filter((n) => stack.services.some((x) => x.slug === n)),
    isPublic: (slug) => isPublic(rw, slug),
    // The private network carries every port a service listens on.
    privatePorts: (slug) => (rw.services.some((s) => s.name === slug) ? (stack.services.find((s) => s.slug === slug)?.ports ?? []) : []),
    reach: (from, variable) => reach(rw, from, variable),
  };
};

function brokenView(why: string): WiringView {
  return { services: () => [], isPublic: () => false, privatePorts: () => [], reach: () => ({ kind: 'broken', why }) };
}

/** A word as `shell()` wrote it, unquoted. */
function unshell(word: string): string {
  return word.startsWith("'") && word.endsWith("'") ? word.slice(1, -1).replace(/'\\''/g, "'") : word;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The resolver as the cross-platform wiring test imports it. */
export default railwayWiring;
