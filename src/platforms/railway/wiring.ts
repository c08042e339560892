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
import { databasesCreatedBySql, parseAddress, postgresDatabase, postgresSchema } from '../address.js';
import type { Reach, WiringResolver, WiringView } from '../wiring.js';
import { readRailwayProgram, type DslProject, type DslValue } from './dsl.js';

/** The database Railway's Postgres creates. */
const DEFAULT_DATABASE = 'railway';
const TEMPLATE = /\$\{\{\s*([^.}\s]+)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

type Resource = DslProject['resources'][number];

/** A `${{NAME.VAR}}` or typed reference, resolved to what it stands for. */
type Part = { kind: 'host'; service: string } | { kind: 'public'; service: string } | { kind: 'pg'; instance: string; variable: string } | { kind: 'other'; text: string } | { kind: 'broken'; why: string };

export const railwayWiring: WiringResolver = (files, stack) => {
  const file = (path: string) => files.find((f) => f.path === path)?.contents;
  const source = file('.railway/railway.ts');
  if (source === undefined) return brokenView('no .railway/railway.ts');
  let project: DslProject;
  try {
    project = readRailwayProgram(source);
  } catch (error) {
    return brokenView(`.railway/railway.ts cannot be read: ${(error as Error).message}`);
  }
  const deploy = file('DEPLOY.md') ?? '';
  const created = databasesCreatedBySql(file('db/databases.sql') ?? '');
  // psql inside the database's container (railway ssh) fed the file, or through railway run with -f.
  const sqlRunOn = new Set(
    [...deploy.matchAll(/railway (?:ssh|run) --service (\S+) .*(?:-f |< )db\/databases\.sql/g)].map((m) => unshell(m[1]!)),
  );

  const byName = new Map(project.resources.map((r) => [r.name, r]));
  const services = project.resources.filter((r) => r.type === 'service');
  const databases = project.resources.filter((r) => r.type === 'database' && r.engine === 'postgres');
  // Railway names → the stack's instances: by name, or renamed with a -N suffix, in order.
  const instanceOf = new Map<string, string>();
  const unmatched = [...databases];
  for (const p of stack.postgres.instances) {
    const i = unmatched.findIndex((d) => d.name === p.name || new RegExp(`^${escape(p.name)}-\\d+$`).test(d.name));
    if (i >= 0) instanceOf.set(unmatched.splice(i, 1)[0]!.name, p.name);
  }
  const stackDatabase = (railwayName: string, database: string): string => {
    const instance = stack.postgres.instances.find((p) => p.name === instanceOf.get(railwayName));
    // Railway's own database is the app's database when the instance holds only that app's.
    if (database === DEFAULT_DATABASE && instance && instance.databases.length === 1) return instance.databases[0]!;
    return database;
  };

  const partOf = (namespace: string, variable: string): Part => {
    const r = byName.get(namespace);
    if (!r) return { kind: 'broken', why: `\${{${namespace}.${variable}}} names ${namespace}, which is not a service or database of the project` };
    if (r.type === 'service' && variable === 'RAILWAY_PRIVATE_DOMAIN') return { kind: 'host', service: r.name };
    if (r.type === 'service' && variable === 'RAILWAY_PUBLIC_DOMAIN') return { kind: 'public', service: r.name };
    if (r.type === 'database' && r.engine === 'postgres' && /^(PGUSER|PGPASSWORD|PGHOST|PGPORT|PGDATABASE|DATABASE_URL|RAILWAY_PRIVATE_DOMAIN)$/.test(variable)) {
      return { kind: 'pg', instance: r.name, variable };
    }
    return { kind: 'other', text: `\${{${namespace}.${variable}}}` };
  };

  const view: WiringView = {
    services: () => services.map((s) => s.name).filter((n) => stack.services.some((x) => x.slug === n)),
    isPublic: (slug) => {
      const r = services.find((s) => s.name === slug);
      if (!r) return false;
      const has = (key: string) => {
        const v = r.config.get(key);
        return (v?.kind === 'array' && v.items.length > 0) || (v?.kind === 'object' && v.entries.size > 0);
      };
      const networking = r.config.get('networking');
      const netDomains = networking?.kind === 'object' && ['serviceDomains', 'customDomains', 'tcpProxies'].some((k) => {
        const v = networking.entries.get(k);
        return v?.kind === 'object' && v.entries.size > 0;
      });
      const domainStep = [...deploy.matchAll(/railway domain --service (\S+)/g)].some((m) => unshell(m[1]!) === slug);
      return has('domains') || has('tcp') || has('tcpProxies') || Boolean(netDomains) || domainStep;
    },
    // The private network carries every port a service listens on.
    privatePorts: (slug) => (services.some((s) => s.name === slug) ? (stack.services.find((s) => s.slug === slug)?.ports ?? []) : []),
    reach: (from, variable): Reach => {
      const r = services.find((s) => s.name === from);
      if (!r) return { kind: 'broken', why: `${from} is not a service of .railway/railway.ts` };
      const env = r.config.get('env') ?? r.config.get('variables');
      const v = env?.kind === 'object' ? env.entries.get(variable) : undefined;
      if (!v) return { kind: 'broken', why: `${variable} is not set on ${from}` };
      const wanted = stack.services.find((s) => s.slug === from)?.env.find((e) => e.name === variable)?.ref;
      // The service's own variables need no name: `${{RAILWAY_PUBLIC_DOMAIN}}` is its own domain.
      const own = v.kind === 'string' ? { ...v, value: v.value.replace(/\$\{\{\s*(RAILWAY_PUBLIC_DOMAIN|RAILWAY_PRIVATE_DOMAIN)\s*\}\}/g, `\${{${from}.$1}}`) } : v;
      return resolveValue(own, wanted?.port);
    },
  };

  function resolveValue(v: DslValue, refPort: number | undefined): Reach {
    if (v.kind === 'preserve') return { kind: 'secret' };
    if (v.kind === 'reference') {
      const r = project.resources.find((x) => x.type === v.resource.type && x.name === v.resource.name);
      if (!r) return { kind: 'broken', why: `references ${v.resource.name}, which the project does not list` };
      if (r.type === 'database' && r.engine === 'postgres' && v.output === 'DATABASE_URL') {
        return { kind: 'database', instance: instanceOf.get(r.name) ?? r.name, database: stackDatabase(r.name, DEFAULT_DATABASE), schema: 'public' };
      }
      return resolveText(`\${{${r.name}.${v.output}}}`, refPort);
    }
    if (v.kind === 'string') return resolveText(v.value, refPort);
    if (v.kind === 'number' || v.kind === 'boolean') return { kind: 'literal', value: String(v.value) };
    return { kind: 'broken', why: `an unreadable value (${v.kind === 'unknown' ? v.why : v.kind})` };
  }

  function resolveText(text: string, refPort: number | undefined): Reach {
    const parts: Part[] = [];
    const tokens = text.replace(TEMPLATE, (_m, ns: string, variable: string) => {
      parts.push(partOf(ns, variable));
      return `\u0000${parts.length - 1}\u0000`;
    });
    const broken = parts.find((p): p is Extract<Part, { kind: 'broken' }> => p.kind === 'broken');
    if (broken) return { kind: 'broken', why: broken.why };
    const part = (token: string): Part | undefined => {
      const m = /^\u0000(\d+)\u0000$/.exec(token);
      return m ? parts[Number(m[1])] : undefined;
    };
    const address = parseAddress(tokens);
    const whole = part(tokens);
    // One Postgres part alone (PGHOST, PGUSER...): the platform's value, not a URL.
    if (whole?.kind === 'pg' && whole.variable !== 'DATABASE_URL') return { kind: 'literal', value: `<${whole.variable} of ${whole.instance}>` };
    if (parts.some((p) => p.kind === 'pg')) return resolveDatabaseUrl(tokens, part);
    const publics = parts.filter((p) => p.kind === 'public');
    if (publics.length > 0) {
      // RAILWAY_PUBLIC_DOMAIN is the host alone: served on 443, so no port may follow it.
      const host = address ? part(address.host) : whole;
      if (publics.length > 1 || host?.kind !== 'public' || (address && address.port !== null)) return { kind: 'broken', why: `a public domain inside ${JSON.stringify(text)} is not the host of an https address` };
      return { kind: 'public', service: host.service };
    }
    const hosts = parts.filter((p) => p.kind === 'host');
    if (hosts.length > 0) {
      const host = address ? part(address.host) : undefined;
      if (!address || !host || host.kind !== 'host' || hosts.length > 1) return { kind: 'broken', why: `a private domain inside ${JSON.stringify(text)} is not the host of an address` };
      return reachService(host.service, address.port, refPort);
    }
    // A literal address on Railway's private network: NAME.railway.internal.
    const internal = address ? /^(.+)\.railway\.internal$/.exec(address.host) : null;
    if (address && internal && byName.get(internal[1]!)?.type === 'service') return reachService(internal[1]!, address.port, refPort);
    // A bare service name (compose's DNS) resolves to nothing on Railway.
    if (address && (address.scheme !== null || address.port !== null) && byName.has(address.host)) {
      return { kind: 'broken', why: `${JSON.stringify(text)} names ${address.host} bare; on Railway it is \${{${address.host}.RAILWAY_PRIVATE_DOMAIN}} (${address.host}.railway.internal)` };
    }
    return { kind: 'literal', value: text };
  }

  function reachService(service: string, port: number | null, refPort: number | undefined): Reach {
    // The host alone reaches every port; the program adds the one it was told.
    return { kind: 'service', service, port: port ?? refPort ?? stack.services.find((s) => s.slug === service)?.port ?? 0 };
  }

  function resolveDatabaseUrl(tokens: string, part: (t: string) => Part | undefined): Reach {
    const m = /^([a-z][a-z0-9+.-]*):\/\/([^:@/]+):([^@/]+)@([^:/?#]+)(?::([^/?#]+))?(\/[^?#]*)?(\?.*)?$/i.exec(tokens);
    if (!m) return { kind: 'broken', why: 'a Postgres reference inside a value that is not a connection URL' };
    const [, , user, password, host, port, path = '', query = ''] = m;
    const pieces = { user: part(user!), password: part(password!), host: part(host!), port: port !== undefined ? part(port) : undefined };
    const instances = new Set(Object.values(pieces).flatMap((p) => (p?.kind === 'pg' ? [p.instance] : [])));
    if (instances.size !== 1) return { kind: 'broken', why: 'the URL mixes parts of several databases' };
    const instance = [...instances][0]!;
    const expect = (p: Part | undefined, ...variables: string[]) => p?.kind === 'pg' && variables.includes(p.variable);
    if (!expect(pieces.user, 'PGUSER') || !expect(pieces.password, 'PGPASSWORD') || !expect(pieces.host, 'PGHOST', 'RAILWAY_PRIVATE_DOMAIN')) {
      return { kind: 'broken', why: 'the URL does not take its user, password and host from the same Postgres' };
    }
    if (port !== undefined && !expect(pieces.port, 'PGPORT') && port !== '5432') return { kind: 'broken', why: `the URL's port ${port} is not Postgres's` };
    const dbToken = postgresDatabase(path);
    const dbPart = dbToken ? part(dbToken) : undefined;
    let database: string;
    if (dbPart) {
      if (!expect(dbPart, 'PGDATABASE')) return { kind: 'broken', why: 'the URL names its database with something other than PGDATABASE' };
      database = DEFAULT_DATABASE;
    } else if (dbToken) {
      database = dbToken;
      const createdHere = created.get(instanceOf.get(instance) ?? instance)?.has(database) || created.get(instance)?.has(database);
      if (database !== DEFAULT_DATABASE && !(createdHere && sqlRunOn.has(instance))) {
        return { kind: 'broken', why: `database ${database} on ${instance} is created neither by Railway nor by db/databases.sql run against ${instance} in DEPLOY.md` };
      }
    } else {
      return { kind: 'broken', why: 'the URL names no database' };
    }
    return { kind: 'database', instance: instanceOf.get(instance) ?? instance, database: stackDatabase(instance, database), schema: postgresSchema(query) };
  }

  return view;
};

function brokenView(why: string): WiringView {
  return { services: () => [], isPublic: () => false, privatePorts: () => [], reach: () => ({ kind: 'broken', why }) };
}

/** A word as `shell()` wrote it, unquoted. */
function unshell(word: string): string {
  return word.startsWith("'") && word.endsWith("'") ? word.slice(1, -1).replace(/'\\''/g, "'") : word;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}


/** The resolver as the cross-platform wiring test imports it. */
export default railwayWiring;
