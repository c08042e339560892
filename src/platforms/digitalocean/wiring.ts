/**
 * DigitalOcean App Platform's wiring, read back from the generated `.do/app.yaml` by App
 * Platform's documented rules (https://docs.digitalocean.com/products/app-platform/how-to/manage-internal-routing/,
 * the app spec reference):
 * - another component is reached by its name, `http://<service>:<port>`, only on its `http_port`
 *   or a port of its `internal_ports` (workers and jobs take no traffic);
 * - a service is public only through an ingress rule that routes to it (with no ingress section
 *   at all, a service with an `http_port` is routed by default);
 * - `${<db>.DATABASE_URL}` (or the URL composed from `${<db>.USERNAME}`, `PASSWORD`, `HOSTNAME`,
 *   `PORT`, `DATABASE`) binds the database entry `<db>`: `db_name` on `cluster_name`, or a dev database;
 * - `${<service>.PUBLIC_URL}` is that service's public URL (the app's live domain and its route);
 * - `type: SECRET` without a value is set in the control panel.
 */
import YAML from 'yaml';
import type { Stack } from '../../core/stack.js';
import { defaultPort, hostAddress, readsAsHost } from '../address.js';
import type { DeployedFile, Reach, WiringResolver, WiringView } from '../wiring.js';
import { specNames } from './files.js';

interface SpecEnv {
  key: string;
  value?: unknown;
  type?: string;
}
interface SpecComponent {
  name: string;
  http_port?: number;
  internal_ports?: number[];
  envs?: SpecEnv[];
}
interface SpecDatabase {
  name: string;
  engine?: string;
  production?: boolean;
  cluster_name?: string;
  db_name?: string;
}
interface Spec {
  services?: SpecComponent[];
  workers?: SpecComponent[];
  jobs?: SpecComponent[];
  ingress?: { rules?: { component?: { name?: string } }[] };
  databases?: SpecDatabase[];
}

/** `${<component>.PUBLIC_URL}` (then a path): that service's public URL, when an ingress rule routes to it. */
function publicUrlOf(value: string, services: ReadonlyMap<string, { name: string }>, slugOf: ReadonlyMap<string, string>): Reach | null {
  const m = /^\$\{([a-z0-9-]+)\.PUBLIC_URL\}([/?#]\S*)?$/.exec(value);
  if (!m)
    return /\$\{[a-z0-9-]+\.PUBLIC_URL\}/.test(value) ? { kind: 'broken', why: `${value}: a PUBLIC_URL is a whole URL, so it must start the value` } : null;
  const c = services.get(m[1]!);
  if (!c) return { kind: 'broken', why: `\${${m[1]}.PUBLIC_URL}: no service named ${m[1]} in the spec` };
  return { kind: 'public', service: slugOf.get(c.name) ?? c.name };
}

/** The resolver for DigitalOcean's generated app spec. */
export const digitalOceanWiring: WiringResolver = (files: readonly DeployedFile[], stack: Stack): WiringView => {
  const file = files.find((f) => f.path === '.do/app.yaml');
  const spec: Spec = file ? ((YAML.parse(file.contents) ?? {}) as Spec) : {};
  const services = new Map((spec.services ?? []).map((c) => [c.name, c]));
  const others = new Map([...(spec.workers ?? []), ...(spec.jobs ?? [])].map((c) => [c.name, c]));
  const databases = new Map((spec.databases ?? []).map((d) => [d.name, d]));

  // The stack's slugs as the spec names them (the generator's naming rule, applied to the stack).
  const names = specNames(
    stack.slug,
    stack.services.map((s) => s.slug),
    stack.postgres.instances,
    stack.keyValue.map((k) => k.name),
  );
  const slugOf = new Map([...names.services].map(([slug, name]) => [name, slug]));
  const componentOf = (slug: string) => {
    const name = names.services.get(slug);
    return name ? (services.get(name) ?? others.get(name)) : undefined;
  };
  const bySlug = new Map(stack.services.map((s) => [s.slug, s]));
  const routed = new Set((spec.ingress?.rules ?? []).map((r) => r.component?.name).filter((n): n is string => typeof n === 'string'));

  /** The stack's (instance, database) a database entry stands for. */
  const databaseOf = (entry: SpecDatabase): { instance: string; database: string } | null => {
    for (const n of names.databases.values()) {
      if (entry.cluster_name !== undefined) {
        // A managed cluster: the cluster and db_name say which database, whatever the entry is called.
        if (entry.cluster_name === n.cluster && entry.db_name === n.database) return { instance: n.instance, database: n.database };
      } else if (entry.name === n.name) {
        // A dev database: a database of its own, created with the app.
        return { instance: n.instance, database: n.database };
      }
    }
    return null;
  };

  const bindingDatabase = (value: string, wantsUrl: boolean): Reach | null => {
    const binds = [...value.matchAll(/\$\{([a-z0-9-]+)\.([A-Z_]+)\}/g)];
    if (binds.length === 0) return null;
    const entries = new Set(binds.map((b) => b[1]!));
    const fields = new Set(binds.map((b) => b[2]!));
    if (entries.size !== 1) return { kind: 'broken', why: `${value} mixes the parts of several components` };
    const entryName = [...entries][0]!;
    const entry = databases.get(entryName);
    if (!entry) return services.has(entryName) ? null : { kind: 'broken', why: `\${${entryName}...}: no database or component named ${entryName}` };
    const single = /^\$\{[a-z0-9-]+\.(DATABASE_URL|HOSTNAME|PORT|USERNAME|PASSWORD|DATABASE)\}$/.test(value);
    const composed = ['USERNAME', 'PASSWORD', 'HOSTNAME', 'PORT', 'DATABASE'].every((f) => fields.has(f)) && /^[a-z][a-z0-9+.-]*:\/\//.test(value);
    if (single && wantsUrl && !value.endsWith('.DATABASE_URL}'))
      return { kind: 'broken', why: `${value} is one part of ${entryName}'s connection, not its URL` };
    if (!single && !composed) return { kind: 'broken', why: `${value} is neither one bindable value nor a whole connection URL of ${entryName}` };
    if (entry.engine && entry.engine !== 'PG') {
      // A key-value store: its own cluster, bound whole.
      const kv = [...names.keyValue.entries()].find(([, n]) => n.name === entryName && n.cluster === entry.cluster_name);
      return kv ? { kind: 'database', instance: kv[0], database: '', schema: '' } : { kind: 'broken', why: `${entryName} is no key-value store of this stack` };
    }
    const db = databaseOf(entry);
    if (!db) return { kind: 'broken', why: `${entryName} is no database of this stack's clusters` };
    return { kind: 'database', instance: db.instance, database: db.database, schema: 'public' };
  };

  const reach = (from: string, variable: string): Reach => {
    const c = componentOf(from);
    if (!c) return { kind: 'broken', why: `${from} is no component of the spec` };
    const env = (c.envs ?? []).find((e) => e.key === variable);
    if (!env) return { kind: 'broken', why: `${variable} is not in ${c.name}'s envs` };
    if (env.value === undefined || env.value === null) return { kind: 'secret' };
    if (env.type === 'SECRET') return { kind: 'literal', value: String(env.value) };
    const value = String(env.value);
    const own = bySlug.get(from)?.env.find((e) => e.name === variable);
    const published = publicUrlOf(value, services, slugOf);
    if (published) return published;
    const bound = bindingDatabase(value, own?.from === 'database-url');
    if (bound) return bound;
    const addr = hostAddress(value);
    if (!addr) return { kind: 'literal', value };
    const target = services.get(addr.host);
    const hostLike = readsAsHost(addr, variable, own?.ref !== undefined);
    if (target && hostLike) {
      // A bare host: the program adds the port the stack says it calls; a URL without one goes to 80.
      const port = addr.port ?? defaultPort(addr.scheme) ?? own?.ref?.port;
      const ports = [...(target.http_port !== undefined ? [target.http_port] : []), ...(target.internal_ports ?? [])];
      if (port === undefined || !ports.includes(port)) {
        return { kind: 'broken', why: `${target.name} takes internal traffic on ${ports.join(', ') || 'no port'}, not on ${port ?? 'an unnamed port'}` };
      }
      return { kind: 'service', service: slugOf.get(target.name) ?? target.name, port };
    }
    if (!hostLike) return { kind: 'literal', value };
    if (others.has(addr.host)) return { kind: 'broken', why: `${addr.host} is a worker, which takes no traffic` };
    if (!addr.host.includes('.') && (bySlug.has(addr.host) || own?.ref !== undefined)) {
      return { kind: 'broken', why: `${value}: no component named ${addr.host} in the spec` };
    }
    return { kind: 'literal', value };
  };

  return {
    services: () => stack.services.map((s) => s.slug).filter((slug) => componentOf(slug) !== undefined),
    reach,
    isPublic: (slug) => {
      const name = names.services.get(slug);
      const c = name ? services.get(name) : undefined;
      if (!c) return false;
      if (spec.ingress?.rules === undefined) return c.http_port !== undefined;
      return routed.has(c.name);
    },
    privatePorts: (slug) => {
      const name = names.services.get(slug);
      const c = name ? services.get(name) : undefined;
      return c ? [...(c.http_port !== undefined ? [c.http_port] : []), ...(c.internal_ports ?? [])] : [];
    },
  };
};
