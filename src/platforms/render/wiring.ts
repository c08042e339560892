/**
 * Render's wiring resolver: reads render.yaml, DEPLOY.md and db/databases.sql and answers by
 * Render's documented rules (render.com/docs/blueprint-spec, render.com/docs/private-network):
 * - `fromService` names a service of the Blueprint with its exact type; `host` is its internal
 *   hostname, `hostport` that host and the port the service declares with PORT;
 * - only web services and private services (`pserv`) on a paid instance receive private traffic,
 *   on any port but 10000, 18012, 18013 and 19099; workers have no internal hostname;
 * - internal hostnames are `NAME-xxxx`, so a literal with a bare service name reaches nothing;
 * - `fromDatabase` names a database of the Blueprint, which holds one database (`databaseName`);
 *   any other database must be created by db/databases.sql, run in DEPLOY.md;
 * - a `sync: false` variable holds what DEPLOY.md tells the user to enter, else it is a secret;
 *   `<public host of X>` there is web service X's onrender.com host, a custom domain in X's `domains` too;
 * - a web service is public (its onrender.com address); private services and workers are not.
 */
import YAML from 'yaml';
import { databasesCreatedBySql, parseAddress, postgresDatabase, postgresSchema } from '../address.js';
import type { Reach, WiringResolver, WiringView } from '../wiring.js';
import { RENDER_RESERVED_PORTS } from './files.js';

interface BlueprintEnv {
  key?: string;
  value?: unknown;
  sync?: boolean;
  generateValue?: boolean;
  fromDatabase?: { name?: string; property?: string };
  fromService?: { type?: string; name?: string; property?: string };
}
interface BlueprintService {
  type?: string;
  name?: string;
  plan?: string;
  domains?: string[];
  envVars?: BlueprintEnv[];
}
interface Blueprint {
  services?: BlueprintService[];
  databases?: { name?: string; databaseName?: string; plan?: string }[];
}

const HOST_PLACEHOLDER = /<host of ([^>]+)>/g;
const PUBLIC_HOST_PLACEHOLDER = /<public host of ([^>]+)>/g;
const CREDENTIALS = /^([a-z][a-z0-9+.-]*):\/\/<user:password@host:port of ([^>]+)>(\/[^?#]*)?(\?.*)?$/i;

/** Values DEPLOY.md tells the user to enter, by service and variable. */
function manualValues(deploy: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const start = deploy.indexOf('a Blueprint cannot compose');
  if (start < 0) return out;
  const block = deploy.slice(start).split('\n');
  let service = '';
  let inCode = false;
  for (const raw of block) {
    const line = raw.trim();
    if (line.startsWith('```')) {
      if (inCode) break;
      inCode = true;
      continue;
    }
    if (!inCode) continue;
    const heading = /^# (\S+)$/.exec(line);
    if (heading) {
      service = heading[1]!;
      continue;
    }
    const kv = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (kv && service) {
      const vars = out.get(service) ?? new Map<string, string>();
      vars.set(kv[1]!, kv[2]!);
      out.set(service, vars);
    }
  }
  return out;
}

export const renderWiring: WiringResolver = (files, stack) => {
  const file = (path: string) => files.find((f) => f.path === path)?.contents;
  const text = file('render.yaml');
  if (text === undefined) return brokenView('no render.yaml');
  const doc = YAML.parse(text) as Blueprint | null;
  const services = (doc?.services ?? []).filter((s) => s.type === 'web' || s.type === 'pserv' || s.type === 'worker');
  const all = doc?.services ?? [];
  const databases = doc?.databases ?? [];
  const deploy = file('DEPLOY.md') ?? '';
  const manual = manualValues(deploy);
  const created = databasesCreatedBySql(file('db/databases.sql') ?? '');
  const sqlRun = /psql .*-f db\/databases\.sql/.test(deploy);
  const byName = new Map(services.map((s) => [s.name ?? '', s]));
  const envOf = (s: BlueprintService, key: string) => (s.envVars ?? []).find((e) => e.key === key);
  const receivesPrivate = (s: BlueprintService) => (s.type === 'web' || s.type === 'pserv') && s.plan !== 'free';

  const view: WiringView = {
    services: () => services.map((s) => s.name ?? '').filter((n) => stack.services.some((x) => x.slug === n)),
    isPublic: (slug) => byName.get(slug)?.type === 'web',
    privatePorts: (slug) => {
      const s = byName.get(slug);
      if (!s || !receivesPrivate(s)) return [];
      return (stack.services.find((x) => x.slug === slug)?.ports ?? []).filter((p) => !RENDER_RESERVED_PORTS.includes(p));
    },
    reach: (from, variable) => {
      const s = byName.get(from);
      if (!s) return { kind: 'broken', why: `${from} is not a service of render.yaml` };
      const e = envOf(s, variable);
      if (!e) return { kind: 'broken', why: `${variable} is not set on ${from}` };
      const refPort = stack.services.find((x) => x.slug === from)?.env.find((v) => v.name === variable)?.ref?.port;
      if (e.fromService) return fromService(e.fromService, refPort);
      if (e.fromDatabase) {
        const d = databases.find((x) => x.name === e.fromDatabase!.name);
        if (!d) return { kind: 'broken', why: `fromDatabase names ${e.fromDatabase.name}, which is not a database of the Blueprint` };
        if (e.fromDatabase.property === 'connectionString') return { kind: 'database', instance: d.name!, database: d.databaseName ?? '', schema: 'public' };
        return { kind: 'literal', value: `<${e.fromDatabase.property} of ${d.name}>` };
      }
      if (e.sync === false) {
        const entered = manual.get(from)?.get(variable);
        return entered === undefined ? { kind: 'secret' } : enteredValue(entered, refPort);
      }
      if (e.generateValue) return { kind: 'secret' };
      if (e.value !== undefined) return literal(String(e.value));
      return { kind: 'broken', why: `${variable} on ${from} has no value and no source` };
    },
  };

  function fromService(ref: NonNullable<BlueprintEnv['fromService']>, refPort: number | undefined): Reach {
    const target = all.find((x) => x.name === ref.name);
    if (!target) return { kind: 'broken', why: `fromService names ${ref.name}, which is not a service of the Blueprint` };
    if (target.type !== ref.type) return { kind: 'broken', why: `fromService says ${ref.name} is a ${ref.type}, but the Blueprint makes it a ${target.type}` };
    if (ref.property === 'connectionString') return { kind: 'literal', value: `<connection string of ${ref.name}>` };
    if (!receivesPrivate(target))
      return { kind: 'broken', why: `${ref.name} is a ${target.type}${target.plan === 'free' ? ' on the free plan' : ''}, which receives no private traffic` };
    const declared = Number(envOf(target, 'PORT')?.value);
    if (ref.property === 'host') return { kind: 'service', service: target.name!, port: refPort ?? (Number.isInteger(declared) ? declared : 0) };
    if (ref.property === 'hostport') {
      if (!Number.isInteger(declared)) return { kind: 'broken', why: `hostport of ${ref.name}, which declares no PORT` };
      return { kind: 'service', service: target.name!, port: declared };
    }
    return { kind: 'literal', value: `<${ref.property} of ${ref.name}>` };
  }

  /** A value DEPLOY.md gives, with its placeholders for internal hosts and database credentials. */
  function enteredValue(value: string, refPort: number | undefined): Reach {
    const db = CREDENTIALS.exec(value);
    if (db) {
      const [, , instance, path = '', query = ''] = db;
      const d = databases.find((x) => x.name === instance);
      if (!d) return { kind: 'broken', why: `DEPLOY.md names database ${instance}, which the Blueprint does not create` };
      const database = postgresDatabase(path);
      if (!database) return { kind: 'broken', why: 'the URL DEPLOY.md gives names no database' };
      if (database !== d.databaseName && !(created.get(instance!)?.has(database) && sqlRun)) {
        return { kind: 'broken', why: `database ${database} on ${instance} is created neither by the Blueprint nor by db/databases.sql in DEPLOY.md` };
      }
      return { kind: 'database', instance: instance!, database, schema: postgresSchema(query) };
    }
    const publicHosts = [...value.matchAll(PUBLIC_HOST_PLACEHOLDER)];
    if (publicHosts.length > 0) {
      const address = parseAddress(value.replace(PUBLIC_HOST_PLACEHOLDER, 'HOST'));
      const target = byName.get(publicHosts[0]![1]!);
      if (publicHosts.length > 1 || !address || address.host !== 'HOST' || (address.port !== null && address.port !== 443))
        return { kind: 'broken', why: `a public host inside ${JSON.stringify(value)} is not the host of an https address` };
      if (target?.type !== 'web')
        return { kind: 'broken', why: `DEPLOY.md names the public host of ${publicHosts[0]![1]}, which is not a web service of the Blueprint` };
      return { kind: 'public', service: target.name! };
    }
    const hosts = [...value.matchAll(HOST_PLACEHOLDER)];
    if (hosts.length === 0) return literal(value);
    const address = parseAddress(value.replace(HOST_PLACEHOLDER, 'HOST'));
    if (hosts.length > 1 || !address || address.host !== 'HOST')
      return { kind: 'broken', why: `an internal host inside ${JSON.stringify(value)} is not the host of an address` };
    const name = hosts[0]![1]!;
    const target = byName.get(name);
    if (!target) return { kind: 'broken', why: `DEPLOY.md names the host of ${name}, which is not a service of the Blueprint` };
    if (!receivesPrivate(target)) return { kind: 'broken', why: `${name} is a ${target.type}, which receives no private traffic` };
    return { kind: 'service', service: name, port: address.port ?? refPort ?? 0 };
  }

  /** A literal as the program reads it; an address with a bare service name reaches nothing on Render. */
  function literal(value: string): Reach {
    const address = parseAddress(value);
    // A custom domain of a web service (its `domains`) is that service's public URL.
    const domainOf =
      address && (address.port === null || address.port === 443)
        ? services.find((x) => x.type === 'web' && (x.domains ?? []).includes(address.host))
        : undefined;
    if (domainOf) return { kind: 'public', service: domainOf.name! };
    if (address && (address.scheme !== null || address.port !== null) && all.some((x) => x.name === address.host)) {
      return {
        kind: 'broken',
        why: `${JSON.stringify(value)} names ${address.host} bare; Render's internal hostnames are ${address.host}-xxxx (use fromService)`,
      };
    }
    return { kind: 'literal', value };
  }

  return view;
};

function brokenView(why: string): WiringView {
  return { services: () => [], isPublic: () => false, privatePorts: () => [], reach: () => ({ kind: 'broken', why }) };
}

/** The resolver as the cross-platform wiring test imports it. */
export default renderWiring;
