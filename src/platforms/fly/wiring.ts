/**
 * Fly.io's wiring, read back from the generated fly.toml files and DEPLOY.md's flyctl commands,
 * by Fly's documented rules (https://fly.io/docs/networking/private-networking/,
 * https://fly.io/docs/networking/flycast/):
 * - `<app>.internal` resolves (6PN, IPv6) to an app of the organization on any port its program
 *   listens on; the app must be one the files deploy;
 * - `<app>.flycast` goes through Fly Proxy: only the app has a private IPv6 (`fly ips allocate-v6
 *   --private`) and only on a port one of its `[[services]]` declares, and never through
 *   `force_https` (Flycast is plain HTTP/TCP);
 * - a bare compose name (`litellm`) resolves to nothing;
 * - `https://<app>.fly.dev` (or a domain `fly certs add` gives the app) is the app's public URL;
 * - an app is public when it has a service (`[http_service]` or `[[services]]`) and its deploy
 *   gives it public IPs (no `--no-public-ips` / `--flycast`), or public IPs are allocated;
 * - `fly mpg attach --database DB --variable-name VAR` (and `fly postgres attach`) set VAR to that
 *   database of the cluster; `fly secrets set` names secrets.
 */
import { parse as parseToml } from 'smol-toml';
import type { Stack } from '../../core/stack.js';
import type { DeployedFile, Reach, WiringResolver, WiringView } from '../wiring.js';
import { defaultPort, hostAddress, readsAsHost } from '../address.js';
import { codeLines, shellWords } from '../text.js';


/** The value of `--flag VALUE` in a command's words. */
function flag(words: readonly string[], name: string): string | undefined {
  const i = words.indexOf(name);
  return i >= 0 ? words[i + 1] : undefined;
}

interface FlyConfig {
  slug: string;
  app: string;
  env: Record<string, string>;
  httpService?: { internal_port?: number; force_https?: boolean };
  services: { internal_port?: number; processes?: string[]; ports?: { port?: number; handlers?: string[]; force_https?: boolean }[] }[];
  /** Why flyctl refuses the file, if it does (then nothing of the app runs). */
  invalid?: string;
}

/** The resolver for Fly's generated files. */
export const flyWiring: WiringResolver = (files: readonly DeployedFile[], stack: Stack): WiringView => {
  const configs = new Map<string, FlyConfig>();
  for (const f of files) {
    const m = /^fly\/([^/]+)\/fly\.toml$/.exec(f.path);
    if (!m) continue;
    const data = parseToml(f.contents) as Record<string, unknown>;
    const services = (data.services === undefined ? [] : Array.isArray(data.services) ? data.services : [data.services]) as FlyConfig['services'];
    const processes = Object.keys((data.processes ?? {}) as Record<string, unknown>);
    const all = [...services, ...(data.http_service ? [data.http_service as { processes?: string[] }] : [])];
    // flyctl's validateServicesSection: once [processes] exists, every service names its processes, and only existing ones.
    const invalid =
      processes.length > 0 && all.some((x) => !x.processes || x.processes.length === 0 || x.processes.some((p) => !processes.includes(p)))
        ? 'a service names no (or an unknown) process although [processes] exists, so flyctl refuses the file'
        : undefined;
    configs.set(m[1]!, {
      ...(invalid ? { invalid } : {}),
      slug: m[1]!,
      app: String(data.app),
      env: Object.fromEntries(Object.entries((data.env ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
      ...(data.http_service ? { httpService: data.http_service as FlyConfig['httpService'] } : {}),
      services,
    });
  }
  const byApp = new Map([...configs.values()].map((c) => [c.app, c]));
  const deploy = files.find((f) => f.path === 'DEPLOY.md')?.contents ?? '';
  // A flyctl command whose output is captured (`url="$(fly postgres attach ... | sed ...)"`) counts as run.
  const lines = codeLines(deploy).map((raw) => shellWords(/^\w+="\$\((fly .*?)(?: \| .*)?\)"$/.exec(raw)?.[1] ?? raw));

  const privateV6 = new Set<string>();
  const publicIps = new Set<string>();
  const noPublicIps = new Set<string>();
  const secrets = new Map<string, Set<string>>();
  /** Custom domains (`fly certs add DOMAIN --app APP`) → app. */
  const certs = new Map<string, string>();
  const attached = new Map<string, Map<string, { cluster: string; database: string }>>();
  const clusterOfVar = new Map<string, string>();
  const attach = (app: string, variable: string, cluster: string, database: string) => {
    const m = attached.get(app) ?? new Map();
    m.set(variable, { cluster, database });
    attached.set(app, m);
  };
  for (const raw of codeLines(deploy)) {
    // : "${POSTGRES_ID:?export POSTGRES_ID first: the ID of <cluster> ..."  (older files: POSTGRES_ID=...   # paste the ID of <cluster>)
    const id = /^([A-Z_][A-Z0-9_]*)=\S*\s+# paste the ID of (\S+)/.exec(raw) ?? /^: "\$\{([A-Z_][A-Z0-9_]*):\?export \1 first: the ID of (\S+) /.exec(raw);
    if (id) clusterOfVar.set(id[1]!, id[2]!);
    // fly secrets set --app APP VAR=scheme://...   # the connection string of database DB on CLUSTER
    const conn = /# the connection string of database (\S+) on (\S+)/.exec(raw);
    const w = shellWords(raw);
    const app = flag(w, '--app');
    if (conn && app && w[1] === 'secrets') {
      for (const kv of w.slice(3)) if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(kv)) attach(app, kv.slice(0, kv.indexOf('=')), conn[2]!, conn[1]!);
    }
  }
  const imported = (raw: string) => {
    // printf 'A=%s\nB=%s\n' "$A" "$B" | fly secrets import [--stage] --app APP: the names are the format's.
    const m = /^printf '((?:[A-Za-z_][A-Za-z0-9_]*=%s\\n)+)' .*\| fly secrets import .*--app (\S+)$/.exec(raw);
    if (!m) return;
    const app = shellWords(m[2]!)[0] ?? m[2]!;
    const names = m[1]!.split('\\n').filter((x) => x !== '').map((x) => x.slice(0, -'=%s'.length));
    // A rewritten attach URL (fly postgres attach's, captured) points where the attach did.
    const from = /"\$\(printf %s "\$(\w+_attach_url)"/.test(raw) ? [...(attached.get(app)?.values() ?? [])][0] : undefined;
    for (const n of names) {
      if (from) attach(app, n, from.cluster, from.database);
      else secrets.set(app, (secrets.get(app) ?? new Set()).add(n));
    }
  };
  const raws = codeLines(deploy);
  for (const [i, w] of lines.entries()) {
    imported(raws[i]!);
    if (w[0] !== 'fly' && w[0] !== 'flyctl') continue;
    const [, a, b] = w;
    const app = flag(w, '--app') ?? flag(w, '-a');
    if (a === 'deploy') {
      const config = flag(w, '--config') ?? '';
      const slug = /fly\/([^/]+)\/fly\.toml$/.exec(config)?.[1];
      const c = slug ? configs.get(slug) : undefined;
      if (c && (w.includes('--no-public-ips') || w.includes('--flycast'))) noPublicIps.add(c.app);
      if (c && w.includes('--flycast')) privateV6.add(c.app);
    } else if (a === 'certs' && b === 'add' && app && w[3]) {
      certs.set(w[3]!.toLowerCase(), app);
    } else if (a === 'ips' && app && (b === 'allocate-v6' || b === 'allocate-v4')) {
      if (w.includes('--private')) privateV6.add(app);
      else publicIps.add(app);
    } else if (a === 'secrets' && b === 'set' && app) {
      const set = secrets.get(app) ?? new Set();
      for (const kv of w.slice(3)) if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(kv)) set.add(kv.slice(0, kv.indexOf('=')));
      secrets.set(app, set);
    } else if (a === 'mpg' && b === 'attach' && app) {
      const clusterRef = w[3] ?? '';
      const cluster = clusterOfVar.get(clusterRef.replace(/^\$\{?|\}$/g, '')) ?? clusterRef;
      const database = flag(w, '--database') ?? flag(w, '-d') ?? app.replace(/-/g, '_');
      attach(app, flag(w, '--variable-name') ?? 'DATABASE_URL', cluster, database);
    } else if (a === 'postgres' && b === 'attach' && app) {
      const database = flag(w, '--database-name') ?? app.replace(/-/g, '_');
      attach(app, flag(w, '--variable-name') ?? 'DATABASE_URL', w[3] ?? '', database);
    }
  }

  const bySlug = new Map(stack.services.map((s) => [s.slug, s]));
  const instanceOf = (cluster: string) => (cluster.startsWith(`${stack.slug}-`) ? cluster.slice(stack.slug.length + 1) : cluster);

  /** Where Flycast on `port` of app `c` lands, or why it does not. */
  const flycast = (c: FlyConfig, port: number): { port: number } | { why: string } => {
    if (!privateV6.has(c.app)) return { why: `${c.app} has no private IPv6 (fly ips allocate-v6 --private), so ${c.app}.flycast does not resolve` };
    for (const s of c.services) {
      const p = (s.ports ?? []).find((x) => x.port === port);
      if (!p || s.internal_port === undefined) continue;
      if (p.force_https || (p.handlers ?? []).includes('tls')) return { why: `${c.app}.flycast:${port} forces HTTPS/TLS, which Flycast does not carry` };
      return { port: s.internal_port };
    }
    if (c.httpService && (port === 80 || port === 443)) {
      if (c.httpService.force_https) return { why: `${c.app}'s [http_service] has force_https, which Flycast forbids` };
      return { port: c.httpService.internal_port ?? 8080 };
    }
    return { why: `${c.app} declares no service on port ${port}, so Flycast does not carry it` };
  };

  const reach = (from: string, variable: string): Reach => {
    const c = configs.get(from);
    if (!c) return { kind: 'broken', why: `${from} has no fly.toml` };
    const own = bySlug.get(from)?.env.find((e) => e.name === variable);
    const value = c.env[variable];
    if (value !== undefined) {
      const addr = hostAddress(value);
      if (!addr) return { kind: 'literal', value };
      const internal = /^(.+)\.internal$/.exec(addr.host);
      const cast = /^(.+)\.flycast$/.exec(addr.host);
      // A host alone: the program adds its own port (the one the stack says it calls).
      const port = addr.port ?? defaultPort(addr.scheme) ?? own?.ref?.port;
      if (internal || cast) {
        const target = byApp.get((internal ?? cast)![1]!);
        if (!target) return { kind: 'broken', why: `${addr.host}: no app ${(internal ?? cast)![1]} is deployed by these files` };
        if (target.invalid) return { kind: 'broken', why: `${target.app}: ${target.invalid}` };
        if (port === undefined) return { kind: 'broken', why: `${value} names no port` };
        if (internal) {
          const listens = bySlug.get(target.slug)?.ports ?? [];
          if (!listens.includes(port)) return { kind: 'broken', why: `${target.slug} listens on no port ${port}` };
          return { kind: 'service', service: target.slug, port };
        }
        const r = flycast(target, port);
        return 'why' in r ? { kind: 'broken', why: r.why } : { kind: 'service', service: target.slug, port: r.port };
      }
      // <app>.fly.dev, or a domain certified for the app: its public address (Fly Proxy serves 443).
      const publicApp = /^(.+)\.fly\.dev$/.exec(addr.host)?.[1] ?? certs.get(addr.host.toLowerCase());
      const publicTarget = publicApp ? byApp.get(publicApp) : undefined;
      if (publicTarget && (addr.port === undefined || addr.port === 443) && (addr.scheme === undefined || /^(https|wss)$/.test(addr.scheme))) return { kind: 'public', service: publicTarget.slug };
      const hostLike = readsAsHost(addr, variable, own?.ref !== undefined);
      if (!addr.host.includes('.') && hostLike && (bySlug.has(addr.host) || (own?.ref && addr.host === own.ref.service))) {
        return { kind: 'broken', why: `${value}: the compose name ${addr.host} does not resolve on Fly (use ${addr.host}'s app name with .internal or .flycast)` };
      }
      return { kind: 'literal', value };
    }
    const db = attached.get(c.app)?.get(variable);
    if (db) return { kind: 'database', instance: instanceOf(db.cluster), database: db.database, schema: 'public' };
    if (secrets.get(c.app)?.has(variable)) return { kind: 'secret' };
    return { kind: 'broken', why: `${variable} is neither in [env] of ${c.app}, nor set by fly secrets set or an attach` };
  };

  return {
    services: () => [...configs.keys()],
    reach,
    isPublic: (slug) => {
      const c = configs.get(slug);
      if (!c || c.invalid) return false;
      if (publicIps.has(c.app)) return true;
      const serves = c.httpService !== undefined || c.services.length > 0;
      return serves && !noPublicIps.has(c.app);
    },
    // 6PN carries any port the program listens on; Flycast only the declared ones (checked in reach).
    privatePorts: (slug) => (configs.has(slug) ? [...(bySlug.get(slug)?.ports ?? [])] : []),
  };
};
