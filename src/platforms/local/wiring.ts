/**
 * The local resolver: reads the generated docker-compose.personal.yml / docker-compose.prod.yml
 * (and the Caddyfile) back and answers by Docker Compose's rules. A name resolves when it is a
 * service name, a network alias, a container_name or a hostname of a service that shares a network
 * with the caller (every service is on `default` unless it names networks); the compose network
 * carries every port. A service is public when the files publish it: a `ports:` entry (on a laptop
 * its public is the machine's own user, so 127.0.0.1 counts; on a server the SSH tunnel to
 * 127.0.0.1 is the documented way in) or a Caddy route of the docker-host tier. `${VAR:-default}`
 * reads as its default (an empty .env), `${VAR}` alone as a secret the user puts in .env.
 */
import YAML from 'yaml';
import type { Stack } from '../../core/stack.js';
import type { DeployedFile, Reach, WiringResolver, WiringView } from '../wiring.js';

interface ComposeService {
  image?: string;
  ports?: unknown[];
  expose?: unknown[];
  environment?: Record<string, unknown> | string[];
  networks?: string[] | Record<string, { aliases?: string[] } | null>;
  container_name?: string;
  hostname?: string;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, ws: 80, wss: 443 };

/** Compose interpolation with an empty .env: `${A:-x}` → x; a value that is only `${A}` (or `${A:-}`, `${A:?msg}`) is a secret the user sets. */
function interpolate(value: string): { value: string; fromUser: boolean } {
  // stackfare writes a secret as `${X:-}` (or `${X:?message}` when required); `${X-}` is an empty literal.
  if (/^\$\{[A-Za-z_][A-Za-z0-9_]*(:-|:?\?[^}]*)?\}$/.test(value)) return { value: '', fromUser: true };
  let fromUser = false;
  let out = value.replace(/\$\$/g, '\u0000');
  // Innermost first: defaults may nest (`${A:-http://localhost:${PORT:-80}/api}`).
  for (let i = 0; i < 10; i += 1) {
    const next = out
      .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^${}]*)\}/g, (_m, def: string) => def)
      .replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(:?\?[^${}]*)?\}/g, () => {
        fromUser = true;
        return 'SET-IN-ENV';
      });
    if (next === out) break;
    out = next;
  }
  return { value: out.replace(/\u0000/g, '$'), fromUser };
}

function envOf(svc: ComposeService): Map<string, string> {
  const out = new Map<string, string>();
  const env = svc.environment;
  if (Array.isArray(env)) {
    for (const e of env) {
      const [k, ...v] = String(e).split('=');
      out.set(k!, v.join('='));
    }
  } else if (env) for (const [k, v] of Object.entries(env)) out.set(k, v === null ? '' : String(v));
  return out;
}

function networksOf(svc: ComposeService): string[] {
  if (!svc.networks) return ['default'];
  return Array.isArray(svc.networks) ? svc.networks : Object.keys(svc.networks);
}

function namesOf(name: string, svc: ComposeService): string[] {
  const names = [name];
  if (svc.container_name) names.push(svc.container_name);
  if (svc.hostname) names.push(svc.hostname);
  if (svc.networks && !Array.isArray(svc.networks)) for (const n of Object.values(svc.networks)) names.push(...(n?.aliases ?? []));
  return names.map((n) => n.toLowerCase());
}

/** Container ports a `ports:` entry publishes, with whether the host IP is set. */
function published(entry: unknown): number | null {
  if (typeof entry === 'object' && entry !== null) {
    const t = Number((entry as { target?: unknown }).target);
    return Number.isInteger(t) ? t : null;
  }
  const parts = String(entry)
    .replace(/\/(tcp|udp)$/, '')
    .split(':');
  const t = Number(parts[parts.length - 1]);
  return Number.isInteger(t) ? t : null;
}

/** Reads the local compose file (and Caddyfile) back. */
export const localWiring: WiringResolver = (files: readonly DeployedFile[], stack: Stack): WiringView => {
  const file = files.find((f) => f.path === 'docker-compose.personal.yml' || f.path === 'docker-compose.prod.yml');
  const doc = file ? ((YAML.parse(file.contents) ?? {}) as { services?: Record<string, ComposeService> }) : {};
  const services = doc.services ?? {};
  const caddyfile = files.find((f) => f.path === 'Caddyfile')?.contents ?? '';
  const caddyUpstreams = new Set([...caddyfile.matchAll(/reverse_proxy\s+([a-z0-9-]+):(\d+)/g)].map((m) => m[1]!));
  const caddy = Object.entries(services).find(([, s]) => /^caddy(:|$)/.test(s.image ?? ''));
  const caddyPublishes = caddy !== undefined && (caddy[1].ports ?? []).some((p) => published(p) === 443 || published(p) === 80);
  const slugs = new Set(stack.services.map((s) => s.slug));
  const instances = stack.postgres.instances.map((p) => p.name);

  const resolveHost = (from: string, host: string): string | undefined => {
    const own = services[from];
    if (!own) return undefined;
    const nets = new Set(networksOf(own));
    return Object.entries(services).find(([name, s]) => namesOf(name, s).includes(host.toLowerCase()) && networksOf(s).some((n) => nets.has(n)))?.[0];
  };
  /** The stack instance a Postgres container stands for (its name, or the name claimed with -pg). */
  const instanceOf = (container: string): string | undefined => instances.find((i) => container === i || container.startsWith(`${i}-pg`));
  const stackService = (slug: string) => stack.services.find((s) => s.slug === slug);

  const target = (from: string, host: string, port: number | undefined, scheme: string, path: string): Reach => {
    const name = resolveHost(from, host);
    if (!name) return { kind: 'broken', why: `"${host}" is no service name, alias, container_name or hostname on ${from}'s networks in ${file?.path}` };
    const svc = services[name]!;
    if (/^postgres(:|$)/.test(svc.image ?? '') || /^postgres/.test(scheme)) {
      const instance = instanceOf(name);
      if (!instance) return { kind: 'broken', why: `${name} is not a Postgres instance of the stack` };
      const database = decodeURIComponent(/^\/([^/?#]+)/.exec(path)?.[1] ?? '');
      if (!database) return { kind: 'broken', why: `the URL names no database on ${name}` };
      const schema = /[?&](?:schema|currentSchema)=([^&]+)/.exec(path)?.[1] ?? 'public';
      return { kind: 'database', instance, database, schema };
    }
    if (!slugs.has(name)) return { kind: 'literal', value: `${scheme}://${host}` };
    const p = port ?? DEFAULT_PORTS[scheme] ?? stackService(name)?.port;
    if (p === undefined) return { kind: 'broken', why: `no port for ${name}` };
    return { kind: 'service', service: name, port: p };
  };

  /**
   * A browser's URL: on this machine, the service that publishes the host port (localhost,
   * 127.0.0.1, [::1]); behind Caddy, its site and the route (`handle_path /x/*`, else the root).
   */
  const publicUrl = (value: string): Reach => {
    const url = /^[a-z][a-z0-9+.-]*:\/\/(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?(\/[^?#]*)?/i.exec(value);
    if (!url) return { kind: 'broken', why: `${JSON.stringify(value)} is not a URL` };
    const [, host, port, path = '/'] = url;
    const site = /^(\S+) \{$/m.exec(caddyfile)?.[1];
    if (site && host!.toLowerCase() === site.toLowerCase() && caddyPublishes) {
      const routes = [...caddyfile.matchAll(/handle_path (\S+)\/\* \{\s*reverse_proxy ([a-z0-9-]+):/g)];
      const route = routes.find((m) => path === m[1] || path.startsWith(`${m[1]}/`));
      const upstream = route?.[2] ?? /handle \{\s*reverse_proxy ([a-z0-9-]+):/.exec(caddyfile)?.[1];
      return upstream ? { kind: 'public', service: upstream } : { kind: 'broken', why: `Caddy routes ${path} nowhere` };
    }
    // host.docker.internal is the host as a container sees it: its published ports too.
    if (!/^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|host\.docker\.internal)$/i.test(host!) || port === undefined)
      return { kind: 'broken', why: `${value} is neither this machine's published port nor the Caddy site` };
    const owner = Object.entries(services).find(([, s]) =>
      (s.ports ?? []).some(
        (p) =>
          typeof p !== 'object' &&
          String(p)
            .replace(/\/(tcp|udp)$/, '')
            .split(':')
            .slice(-2, -1)[0] === port,
      ),
    );
    return owner ? { kind: 'public', service: owner[0] } : { kind: 'broken', why: `no service publishes host port ${port}` };
  };

  return {
    services: () => Object.keys(services).filter((n) => slugs.has(n)),
    reach(from, variable) {
      const svc = services[from];
      if (!svc) return { kind: 'broken', why: `${from} is not in ${file?.path ?? 'the files'}` };
      const raw = envOf(svc).get(variable);
      if (raw === undefined) return { kind: 'broken', why: `${variable} is not set on ${from}` };
      const { value, fromUser } = interpolate(raw);
      if (value === '' && fromUser) return { kind: 'secret' };
      const declared = stackService(from)?.env.find((e) => e.name === variable);
      const ref = declared?.ref;
      if (ref?.public) return publicUrl(value);
      // A value is followed when its host is a name on the network, or when the stack says it
      // points somewhere (references, database URLs): then a name that resolves nowhere is broken.
      // A service naming itself (its own public URL) is a literal of its own.
      const follow = (host: string) =>
        (resolveHost(from, host) !== undefined && resolveHost(from, host) !== from) || ref !== undefined || declared?.from === 'database-url';
      const url = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/]*@)?([^:/?#]+)(?::(\d+))?([/?#].*)?$/i.exec(value);
      if (url && follow(url[2]!)) return target(from, url[2]!, url[3] ? Number(url[3]) : undefined, url[1]!.toLowerCase(), url[4] ?? '');
      const hostPort = /^([A-Za-z0-9_.-]+):(\d{1,5})$/.exec(value);
      if (hostPort && follow(hostPort[1]!)) return target(from, hostPort[1]!, Number(hostPort[2]), '', '');
      if (ref?.form === 'host')
        return resolveHost(from, value)
          ? target(from, value, ref.port, '', '')
          : { kind: 'broken', why: `"${value}" is no service name on ${from}'s networks` };
      if (fromUser) return { kind: 'secret' };
      return { kind: 'literal', value };
    },
    isPublic(service) {
      const svc = services[service];
      if (!svc) return false;
      return (svc.ports ?? []).length > 0 || (caddyPublishes && caddyUpstreams.has(service));
    },
    privatePorts(service) {
      // The compose network carries any port the program listens on.
      const svc = services[service];
      if (!svc) return [];
      const own = stackService(service)?.ports ?? [];
      const declared = [...(svc.ports ?? []).map(published), ...(svc.expose ?? []).map((e) => Number(String(e).split('/')[0]))].filter(
        (p): p is number => p !== null && Number.isInteger(p),
      );
      return [...new Set([...own, ...declared])];
    },
  };
};
