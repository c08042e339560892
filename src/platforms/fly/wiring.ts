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
import { defaultPort, type HostAddress, hostAddress, readsAsHost } from '../address.js';
import { codeLines, shellWords } from '../command-lines.js';
import type { DeployedFile, Reach, WiringResolver, WiringView } from '../wiring.js';

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

/** One fly.toml read: the app, its [env], its services, and why flyctl refuses it (if it does). */
function readFlyConfig(slug: string, contents: string): FlyConfig {
  const data = parseToml(contents) as Record<string, unknown>;
  const services = (data.services === undefined ? [] : Array.isArray(data.services) ? data.services : [data.services]) as FlyConfig['services'];
  const processes = Object.keys((data.processes ?? {}) as Record<string, unknown>);
  const all = [...services, ...(data.http_service ? [data.http_service as { processes?: string[] }] : [])];
  // flyctl's validateServicesSection: once [processes] exists, every service names its processes, and only existing ones.
  const invalid =
    processes.length > 0 && all.some((x) => !x.processes || x.processes.length === 0 || x.processes.some((p) => !processes.includes(p)))
      ? 'a service names no (or an unknown) process although [processes] exists, so flyctl refuses the file'
      : undefined;
  return {
    ...(invalid ? { invalid } : {}),
    slug,
    app: String(data.app),
    env: Object.fromEntries(Object.entries((data.env ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
    ...(data.http_service ? { httpService: data.http_service as FlyConfig['httpService'] } : {}),
    services,
  };
}

/** Every generated fly.toml, by the service slug its folder names (`fly/<slug>/fly.toml`). */
function readFlyConfigs(files: readonly DeployedFile[]): Map<string, FlyConfig> {
  const configs = new Map<string, FlyConfig>();
  for (const f of files) {
    const m = /^fly\/([^/]+)\/fly\.toml$/.exec(f.path);
    if (m) configs.set(m[1]!, readFlyConfig(m[1]!, f.contents));
  }
  return configs;
}

/** What one line of DEPLOY.md does to the apps, as flyctl would carry it out. */
type FlyFact =
  | { kind: 'private-v6' | 'public-ips' | 'no-public-ips'; app: string }
  | { kind: 'cert'; domain: string; app: string }
  | { kind: 'secrets'; app: string; names: string[] }
  | { kind: 'attach'; app: string; variable: string; cluster: string; database: string }
  /** `fly secrets import`: secrets, or (when the rewritten attach URL is imported) the app's first attach. */
  | { kind: 'imported'; app: string; names: string[]; fromAttach: boolean };

/** The names `VAR=value` words set. */
function assignedNames(words: readonly string[]): string[] {
  return words.filter((kv) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(kv)).map((kv) => kv.slice(0, kv.indexOf('=')));
}

/** Cluster IDs the user pastes or exports (`POSTGRES_ID`), by the variable holding them. */
function clusterIdVariables(raws: readonly string[]): Map<string, string> {
  const clusterOfVar = new Map<string, string>();
  for (const raw of raws) {
    // : "${POSTGRES_ID:?export POSTGRES_ID first: the ID of <cluster> ..."  (older files: POSTGRES_ID=...   # paste the ID of <cluster>)
    const id = /^([A-Z_][A-Z0-9_]*)=\S*\s+# paste the ID of (\S+)/.exec(raw) ?? /^: "\$\{([A-Z_][A-Z0-9_]*):\?export \1 first: the ID of (\S+) /.exec(raw);
    if (id) clusterOfVar.set(id[1]!, id[2]!);
  }
  return clusterOfVar;
}

/** `fly secrets set --app APP VAR=scheme://...   # the connection string of database DB on CLUSTER`: attaches set by hand. */
function connectionStringFacts(raw: string): FlyFact[] {
  const conn = /# the connection string of database (\S+) on (\S+)/.exec(raw);
  const w = shellWords(raw);
  const app = flag(w, '--app');
  if (!conn || !app || w[1] !== 'secrets') return [];
  return assignedNames(w.slice(3)).map((variable) => ({ kind: 'attach', app, variable, cluster: conn[2]!, database: conn[1]! }));
}

/** printf 'A=%s\nB=%s\n' "$A" "$B" | fly secrets import [--stage] --app APP: the names are the format's. */
function importFact(raw: string): FlyFact | null {
  const m = /^printf '((?:[A-Za-z_][A-Za-z0-9_]*=%s\\n)+)' .*\| fly secrets import .*--app (\S+)$/.exec(raw);
  if (!m) return null;
  const app = shellWords(m[2]!)[0] ?? m[2]!;
  const names = m[1]!
    .split('\\n')
    .filter((x) => x !== '')
    .map((x) => x.slice(0, -'=%s'.length));
  // A rewritten attach URL (fly postgres attach's, captured) points where the attach did.
  return { kind: 'imported', app, names, fromAttach: /"\$\(printf %s "\$(\w+_attach_url)"/.test(raw) };
}

/** `fly deploy --config fly/<slug>/fly.toml [--no-public-ips | --flycast]`: the addresses the app gets. */
function deployFacts(w: readonly string[], configs: ReadonlyMap<string, FlyConfig>): FlyFact[] {
  const slug = /fly\/([^/]+)\/fly\.toml$/.exec(flag(w, '--config') ?? '')?.[1];
  const c = slug ? configs.get(slug) : undefined;
  if (!c) return [];
  const facts: FlyFact[] = [];
  if (w.includes('--no-public-ips') || w.includes('--flycast')) facts.push({ kind: 'no-public-ips', app: c.app });
  if (w.includes('--flycast')) facts.push({ kind: 'private-v6', app: c.app });
  return facts;
}

/** `fly mpg attach CLUSTER --database DB --variable-name VAR` (and `fly postgres attach`): VAR holds that database's URL. */
function attachFact(w: readonly string[], app: string, clusterOfVar: ReadonlyMap<string, string>): FlyFact {
  if (w[1] === 'postgres') {
    const database = flag(w, '--database-name') ?? app.replace(/-/g, '_');
    return { kind: 'attach', app, variable: flag(w, '--variable-name') ?? 'DATABASE_URL', cluster: w[3] ?? '', database };
  }
  const clusterRef = w[3] ?? '';
  const cluster = clusterOfVar.get(clusterRef.replace(/^\$\{?|\}$/g, '')) ?? clusterRef;
  const database = flag(w, '--database') ?? flag(w, '-d') ?? app.replace(/-/g, '_');
  return { kind: 'attach', app, variable: flag(w, '--variable-name') ?? 'DATABASE_URL', cluster, database };
}

/** What one flyctl command does, or nothing for the commands the wiring does not depend on. */
function commandFacts(w: readonly string[], configs: ReadonlyMap<string, FlyConfig>, clusterOfVar: ReadonlyMap<string, string>): FlyFact[] {
  if (w[0] !== 'fly' && w[0] !== 'flyctl') return [];
  const [, a, b] = w;
  const app = flag(w, '--app') ?? flag(w, '-a');
  if (a === 'deploy') return deployFacts(w, configs);
  if (!app) return [];
  if (a === 'certs' && b === 'add' && w[3]) return [{ kind: 'cert', domain: w[3]!.toLowerCase(), app }];
  if (a === 'ips' && (b === 'allocate-v6' || b === 'allocate-v4')) return [{ kind: w.includes('--private') ? 'private-v6' : 'public-ips', app }];
  if (a === 'secrets' && b === 'set') return [{ kind: 'secrets', app, names: assignedNames(w.slice(3)) }];
  if ((a === 'mpg' || a === 'postgres') && b === 'attach') return [attachFact(w, app, clusterOfVar)];
  return [];
}

/** What DEPLOY.md's commands leave the apps with, once all of them ran. */
interface FlyDeployed {
  privateV6: Set<string>;
  publicIps: Set<string>;
  noPublicIps: Set<string>;
  secrets: Map<string, Set<string>>;
  /** Custom domains (`fly certs add DOMAIN --app APP`) → app. */
  certs: Map<string, string>;
  attached: Map<string, Map<string, { cluster: string; database: string }>>;
}

/** Adds a secret name to an app's. */
function addSecret(d: FlyDeployed, app: string, name: string): void {
  d.secrets.set(app, (d.secrets.get(app) ?? new Set()).add(name));
}

/** Applies one fact, in DEPLOY.md's order (an import of an attach URL reads the attaches before it). */
function apply(d: FlyDeployed, fact: FlyFact): void {
  switch (fact.kind) {
    case 'private-v6':
      d.privateV6.add(fact.app);
      return;
    case 'public-ips':
      d.publicIps.add(fact.app);
      return;
    case 'no-public-ips':
      d.noPublicIps.add(fact.app);
      return;
    case 'cert':
      d.certs.set(fact.domain, fact.app);
      return;
    case 'secrets':
      d.secrets.set(fact.app, d.secrets.get(fact.app) ?? new Set());
      for (const n of fact.names) addSecret(d, fact.app, n);
      return;
    case 'attach': {
      const m = d.attached.get(fact.app) ?? new Map();
      m.set(fact.variable, { cluster: fact.cluster, database: fact.database });
      d.attached.set(fact.app, m);
      return;
    }
    case 'imported': {
      const from = fact.fromAttach ? [...(d.attached.get(fact.app)?.values() ?? [])][0] : undefined;
      for (const n of fact.names) {
        if (from) apply(d, { kind: 'attach', app: fact.app, variable: n, cluster: from.cluster, database: from.database });
        else addSecret(d, fact.app, n);
      }
    }
  }
}

/** DEPLOY.md's flyctl commands, carried out in order on the apps the fly.toml files name. */
function readDeployMd(files: readonly DeployedFile[], configs: ReadonlyMap<string, FlyConfig>): FlyDeployed {
  const raws = codeLines(files.find((f) => f.path === 'DEPLOY.md')?.contents ?? '');
  const clusterOfVar = clusterIdVariables(raws);
  const facts = raws.flatMap(connectionStringFacts);
  for (const raw of raws) {
    const imported = importFact(raw);
    if (imported) facts.push(imported);
    // A flyctl command whose output is captured (`url="$(fly postgres attach ... | sed ...)"`) counts as run.
    const words = shellWords(/^\w+="\$\((fly .*?)(?: \| .*)?\)"$/.exec(raw)?.[1] ?? raw);
    facts.push(...commandFacts(words, configs, clusterOfVar));
  }
  const deployed: FlyDeployed = {
    privateV6: new Set(),
    publicIps: new Set(),
    noPublicIps: new Set(),
    secrets: new Map(),
    certs: new Map(),
    attached: new Map(),
  };
  for (const fact of facts) apply(deployed, fact);
  return deployed;
}

/** The files read back: fly.toml by slug and by app, and what DEPLOY.md does. */
interface FlyFiles {
  stack: Stack;
  configs: Map<string, FlyConfig>;
  byApp: Map<string, FlyConfig>;
  bySlug: Map<string, Stack['services'][number]>;
  deployed: FlyDeployed;
}

/** Where Flycast on `port` of app `c` lands, or why it does not. */
function flycast(deployed: FlyDeployed, c: FlyConfig, port: number): { port: number } | { why: string } {
  if (!deployed.privateV6.has(c.app)) return { why: `${c.app} has no private IPv6 (fly ips allocate-v6 --private), so ${c.app}.flycast does not resolve` };
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
}

/** `<app>.internal` (6PN, any port the program listens on) or `<app>.flycast` (declared services only). */
function reachPrivateHost(fly: FlyFiles, value: string, addr: HostAddress, port: number | undefined): Reach {
  const internal = /^(.+)\.internal$/.exec(addr.host);
  const app = (internal ?? /^(.+)\.flycast$/.exec(addr.host))![1]!;
  const target = fly.byApp.get(app);
  if (!target) return { kind: 'broken', why: `${addr.host}: no app ${app} is deployed by these files` };
  if (target.invalid) return { kind: 'broken', why: `${target.app}: ${target.invalid}` };
  if (port === undefined) return { kind: 'broken', why: `${value} names no port` };
  if (internal) {
    const listens = fly.bySlug.get(target.slug)?.ports ?? [];
    if (!listens.includes(port)) return { kind: 'broken', why: `${target.slug} listens on no port ${port}` };
    return { kind: 'service', service: target.slug, port };
  }
  const r = flycast(fly.deployed, target, port);
  return 'why' in r ? { kind: 'broken', why: r.why } : { kind: 'service', service: target.slug, port: r.port };
}

/** A value of [env] as the program reads it: a private host, a public URL, a compose name that resolves to nothing, or a literal. */
function reachEnvValue(fly: FlyFiles, from: string, variable: string, value: string): Reach {
  const own = fly.bySlug.get(from)?.env.find((e) => e.name === variable);
  const addr = hostAddress(value);
  if (!addr) return { kind: 'literal', value };
  // A host alone: the program adds its own port (the one the stack says it calls).
  const port = addr.port ?? defaultPort(addr.scheme) ?? own?.ref?.port;
  if (/^.+\.(internal|flycast)$/.test(addr.host)) return reachPrivateHost(fly, value, addr, port);
  // <app>.fly.dev, or a domain certified for the app: its public address (Fly Proxy serves 443).
  const publicApp = /^(.+)\.fly\.dev$/.exec(addr.host)?.[1] ?? fly.deployed.certs.get(addr.host.toLowerCase());
  const publicTarget = publicApp ? fly.byApp.get(publicApp) : undefined;
  if (publicTarget && (addr.port === undefined || addr.port === 443) && (addr.scheme === undefined || /^(https|wss)$/.test(addr.scheme)))
    return { kind: 'public', service: publicTarget.slug };
  const hostLike = readsAsHost(addr, variable, own?.ref !== undefined);
  if (!addr.host.includes('.') && hostLike && (fly.bySlug.has(addr.host) || (own?.ref && addr.host === own.ref.service))) {
    return { kind: 'broken', why: `${value}: the compose name ${addr.host} does not resolve on Fly (use ${addr.host}'s app name with .internal or .flycast)` };
  }
  return { kind: 'literal', value };
}

/** Where `variable` of service `from` leads: its [env] value, else an attached database, else a secret. */
function reach(fly: FlyFiles, from: string, variable: string): Reach {
  const c = fly.configs.get(from);
  if (!c) return { kind: 'broken', why: `${from} has no fly.toml` };
  const value = c.env[variable];
  if (value !== undefined) return reachEnvValue(fly, from, variable, value);
  const db = fly.deployed.attached.get(c.app)?.get(variable);
  const slug = fly.stack.slug;
  const instanceOf = (cluster: string) => (cluster.startsWith(`${slug}-`) ? cluster.slice(slug.length + 1) : cluster);
  if (db) return { kind: 'database', instance: instanceOf(db.cluster), database: db.database, schema: 'public' };
  if (fly.deployed.secrets.get(c.app)?.has(variable)) return { kind: 'secret' };
  return { kind: 'broken', why: `${variable} is neither in [env] of ${c.app}, nor set by fly secrets set or an attach` };
}

/** Whether an app is on the internet: public IPs allocated, or a service deployed without --no-public-ips. */
function isPublic(fly: FlyFiles, slug: string): boolean {
  const c = fly.configs.get(slug);
  if (!c || c.invalid) return false;
  if (fly.deployed.publicIps.has(c.app)) return true;
  const serves = c.httpService !== undefined || c.services.length > 0;
  return serves && !fly.deployed.noPublicIps.has(c.app);
}

/** The resolver for Fly's generated files. */
export const flyWiring: WiringResolver = (files: readonly DeployedFile[], stack: Stack): WiringView => {
  const configs = readFlyConfigs(files);
  const fly: FlyFiles = {
    stack,
    configs,
    byApp: new Map([...configs.values()].map((c) => [c.app, c])),
    bySlug: new Map(stack.services.map((s) => [s.slug, s])),
    deployed: readDeployMd(files, configs),
  };
  return {
    services: () => [...configs.keys()],
    reach: (from, variable) => reach(fly, from, variable),
    isPublic: (slug) => isPublic(fly, slug),
    // 6PN carries any port the program listens on; Flycast only the declared ones (checked in reach).
    privatePorts: (slug) => (configs.has(slug) ? [...(fly.bySlug.get(slug)?.ports ?? [])] : []),
  };
};
