/**
 * The Kubernetes resolver: reads k8s/*.yaml (and DEPLOY.md's `kubectl create secret` steps) back
 * and answers by Kubernetes' own rules:
 * - DNS (https://kubernetes.io/docs/concepts/services-networking/dns-pod-service/): a Service
 *   `s` of namespace `n` is `s`, `s.n`, `s.n.svc` or `s.n.svc.cluster.local`; the short forms
 *   only from the same namespace. A name that is no Service does not resolve.
 * - A Service port leads to the pods its selector matches, on its targetPort, which a container
 *   must declare; a NetworkPolicy selecting the target pods must admit the caller's pods on it
 *   (https://kubernetes.io/docs/concepts/services-networking/network-policies/).
 * - Environment `$(VAR)` expands to a variable defined earlier in the same container
 *   (https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/).
 * - Public = an HTTPRoute attached to a Gateway of the manifests sends a path to a Service
 *   selecting the pods, whose NetworkPolicy admits the Gateway's proxies (Envoy Gateway's
 *   namespace), or the Service is a LoadBalancer / NodePort
 *   (https://gateway-api.sigs.k8s.io/reference/spec/#httproute).
 */
import YAML from 'yaml';
import type { Stack } from '../../core/stack.js';
import type { DeployedFile, Reach, WiringProblem, WiringResolver, WiringView } from '../wiring.js';
import { INGRESS_NAMESPACE, pgHostVar } from './manifests.js';

type Labels = Record<string, string>;
type LabelSelector = { matchLabels?: Labels };
/** A NetworkPolicy ingress peer and rule, as far as the wiring reads them. */
type PolicyPeer = { ipBlock?: unknown; namespaceSelector?: LabelSelector; podSelector?: LabelSelector };
type PolicyRule = { ports?: { protocol?: string; port?: number | string }[]; from?: PolicyPeer[] };
type ContainerSpec = { ports?: { name?: string; containerPort?: number }[]; env?: EnvEntry[] };
type RouteRule = { matches?: { path?: { value?: string } }[]; backendRefs?: { name?: string; port?: number }[] };
/**
 * The spec fields the wiring reads, of every kind it reads (Deployment, Service, NetworkPolicy,
 * HTTPRoute, CloudNativePG Cluster and Database): parsed YAML, so each one may be absent.
 */
interface ObjSpec {
  template?: { metadata?: { labels?: Labels }; spec?: { containers?: ContainerSpec[] } };
  // A Service port's `port` is required (the API server rejects a port without one).
  ports?: { port: number; targetPort?: number | string }[];
  selector?: Labels;
  type?: string;
  policyTypes?: string[];
  podSelector?: LabelSelector;
  ingress?: PolicyRule[];
  parentRefs?: { name?: string }[];
  hostnames?: string[];
  rules?: RouteRule[];
  bootstrap?: { initdb?: { database?: string } };
  managed?: { roles?: { name?: string; passwordSecret?: { name?: string } }[] };
  cluster?: { name?: string };
  name?: string;
  owner?: string;
}
type Obj = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string; labels?: Labels }; spec?: ObjSpec };
/** The kustomization.yaml fields read here and by the tests that check the files. */
interface Kustomization {
  namespace?: string;
  resources?: string[];
  configMapGenerator?: { name?: string; literals?: string[]; envs?: string[]; files?: string[] }[];
  [field: string]: unknown;
}
type EnvEntry = {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: { name?: string; key?: string } };
};

/** Every object of the k8s/ manifests, with the kustomization's namespace. */
/** Labels of the Gateway's Envoy proxy pods (Envoy Gateway runs them in its own namespace). */
const GATEWAY_PROXY = { 'app.kubernetes.io/name': 'envoy' };

/** The Services HTTPRoutes send traffic to, for routes attached to a Gateway of the same manifests. */
function routeBackends(objects: readonly Obj[]): { name: string | undefined; port: number | undefined }[] {
  const gateways = new Set(objects.filter((o) => o.kind === 'Gateway').map((g) => g.metadata?.name));
  return objects
    .filter((o) => o.kind === 'HTTPRoute' && (o.spec?.parentRefs ?? []).some((p) => gateways.has(p.name)))
    .flatMap((r) => (r.spec?.rules ?? []).flatMap((rule) => (rule.backendRefs ?? []).map((b) => ({ name: b.name, port: b.port }))));
}

export function readManifests(files: readonly DeployedFile[]): { namespace: string; objects: Obj[]; kustomization: Kustomization | null } {
  const kust = files.find((f) => /(^|\/)kustomization\.ya?ml$/.test(f.path));
  const kustomization = kust ? (YAML.parse(kust.contents) as Kustomization | null) : null;
  const namespace: string = kustomization?.namespace ?? 'default';
  const resources: string[] = kustomization?.resources ?? [];
  const dir = kust ? kust.path.slice(0, kust.path.lastIndexOf('/') + 1) : '';
  const objects: Obj[] = [];
  for (const r of resources) {
    const f = files.find((x) => x.path === `${dir}${r}`);
    if (!f) continue;
    for (const doc of YAML.parseAllDocuments(f.contents)) {
      const o = doc.toJS() as Obj | null;
      if (o && typeof o === 'object') objects.push(o);
    }
  }
  return { namespace, objects, kustomization };
}

const matches = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  selector !== undefined && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** A network-policy peer admits pods with these labels in namespace `ns` (the policy's own namespace `own`). */
function peerAdmits(peer: PolicyPeer, podLabels: Record<string, string>, podNs: string, own: string): boolean {
  if (peer.ipBlock) return false;
  const nsOk = peer.namespaceSelector
    ? Object.keys(peer.namespaceSelector.matchLabels ?? {}).length === 0 ||
      matches(peer.namespaceSelector.matchLabels, { 'kubernetes.io/metadata.name': podNs })
    : podNs === own;
  const podOk = peer.podSelector ? Object.keys(peer.podSelector.matchLabels ?? {}).length === 0 || matches(peer.podSelector.matchLabels, podLabels) : true;
  return nsOk && podOk;
}

/** Whether the NetworkPolicies of `ns` let pods `from` (labels, namespace) reach pods `to` on `port`. */
export function policyAdmits(
  policies: readonly Obj[],
  to: Record<string, string>,
  from: Record<string, string>,
  fromNs: string,
  port: number,
  ns: string,
): boolean {
  const selecting = policies.filter((p) => (p.spec?.policyTypes ?? ['Ingress']).includes('Ingress') && podSelected(p.spec?.podSelector, to));
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    (p.spec?.ingress ?? []).some((rule) => {
      const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((x) => (x.protocol ?? 'TCP') === 'TCP' && x.port === port);
      const fromOk = !rule.from || rule.from.length === 0 || rule.from.some((peer) => peerAdmits(peer, from, fromNs, ns));
      return portOk && fromOk;
    }),
  );
}

function podSelected(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const m = selector.matchLabels ?? {};
  return Object.keys(m).length === 0 ? true : matches(m, labels);
}

/** `kubectl create secret generic NAME ... --from-literal=k=v` lines of DEPLOY.md: secret name → literal values. */
function deploySecrets(files: readonly DeployedFile[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const deploy = files.find((f) => f.path === 'DEPLOY.md');
  if (!deploy) return out;
  for (const line of deploy.contents.split('\n')) {
    const m = /kubectl (?:-n \S+ )?create secret generic (\S+)(.*)$/.exec(line);
    if (!m) continue;
    const name = m[1]!.replace(/^'|'$/g, '');
    const values = new Map<string, string>();
    for (const lit of m[2]!.matchAll(/--from-literal=([A-Za-z0-9_.-]+)=("[^"]*"|'[^']*'|\S+)/g)) values.set(lit[1]!, lit[2]!.replace(/^["']|["']$/g, ''));
    out.set(name, values);
  }
  return out;
}

/** Whether DEPLOY.md sets a managed instance's host: `PG_HOST_X="$(doctl databases connection ...)"` (exported or not). */
function exportedHost(files: readonly DeployedFile[], variable: string): boolean {
  const deploy = files.find((f) => f.path === 'DEPLOY.md');
  return !!deploy && new RegExp(`(^|\\s)(export )?${variable}="\\$\\(doctl databases connection `, 'm').test(deploy.contents);
}

/** The deploy files read as Kubernetes reads them, with the objects the wiring looks at. */
interface K8sFiles {
  files: readonly DeployedFile[];
  stack: Stack;
  namespace: string;
  objects: Obj[];
  deployments: Obj[];
  services: Obj[];
  policies: Obj[];
  backends: ReturnType<typeof routeBackends>;
  clusters: Obj[];
  databases: Obj[];
  secrets: ReturnType<typeof deploySecrets>;
  byName: Map<string, Obj>;
}

/** Reads the manifests and DEPLOY.md's Secrets once, for every question the wiring asks. */
function readK8sFiles(files: readonly DeployedFile[], stack: Stack): K8sFiles {
  const { namespace, objects } = readManifests(files);
  const deployments = objects.filter((o) => o.kind === 'Deployment');
  return {
    files,
    stack,
    namespace,
    objects,
    deployments,
    services: objects.filter((o) => o.kind === 'Service'),
    policies: objects.filter((o) => o.kind === 'NetworkPolicy'),
    backends: routeBackends(objects),
    clusters: objects.filter((o) => o.kind === 'Cluster' && o.apiVersion === 'postgresql.cnpg.io/v1'),
    databases: objects.filter((o) => o.kind === 'Database' && o.apiVersion === 'postgresql.cnpg.io/v1'),
    secrets: deploySecrets(files),
    byName: new Map(deployments.map((d) => [d.metadata?.name ?? '', d])),
  };
}

/** The labels of a Deployment's pods. */
function podLabels(d: Obj): Record<string, string> {
  return d.spec?.template?.metadata?.labels ?? {};
}

/** A Deployment's (first) container. */
function container(d: Obj) {
  return d.spec?.template?.spec?.containers?.[0];
}

/** The ports a Deployment's container declares. */
function containerPorts(d: Obj): number[] {
  return (container(d)?.ports ?? []).flatMap((p) => (p.containerPort === undefined ? [] : [p.containerPort]));
}

/** The Deployment and pod port a Service port leads to, or why not. */
function throughService(k: K8sFiles, svc: Obj, port: number): { deployment: string; port: number } | string {
  const { deployments } = k;
  const sp = (svc.spec?.ports ?? []).find((p) => p.port === port);
  if (!sp) return `Service ${svc.metadata?.name} has no port ${port}`;
  const target = typeof sp.targetPort === 'number' ? sp.targetPort : sp.targetPort === undefined ? port : undefined;
  const pods = deployments.filter((d) => matches(svc.spec?.selector, podLabels(d)));
  if (pods.length !== 1) return `Service ${svc.metadata?.name} selects ${pods.length} Deployments`;
  const d = pods[0]!;
  const named = typeof sp.targetPort === 'string' ? (container(d)?.ports ?? []).find((p) => p.name === sp.targetPort)?.containerPort : undefined;
  const podPort = target ?? named;
  if (podPort === undefined || !containerPorts(d).includes(podPort))
    return `the pods of Service ${svc.metadata?.name} do not declare port ${String(sp.targetPort ?? port)}`;
  return { deployment: d.metadata!.name!, port: podPort };
}

/** A host name as the cluster DNS resolves it from namespace `namespace`: the Service, or undefined. */
function serviceByHost(k: K8sFiles, host: string): Obj | undefined {
  const { namespace, services } = k;
  const parts = host.toLowerCase().split('.');
  const name = parts[0]!;
  const rest = parts.slice(1).join('.');
  const ok = rest === '' || rest === namespace || rest === `${namespace}.svc` || rest === `${namespace}.svc.cluster.local`;
  return ok ? services.find((s) => s.metadata?.name === name) : undefined;
}

/** A database URL composed from a Secret's keys: a CloudNativePG Cluster's, or a managed cluster's DEPLOY.md makes. */
function databaseReach(k: K8sFiles, from: string, env: EnvEntry[], index: number, value: string): Reach {
  const { clusters, databases, secrets, namespace, files, stack } = k;
  const m = /^([a-z][a-z0-9+.-]*):\/\/\$\(([A-Za-z0-9_]+)\):\$\(([A-Za-z0-9_]+)\)@([^:/]+):([^/]+)\/([^?]+)(\?.*)?$/.exec(value);
  if (!m) return { kind: 'broken', why: `${value} is not a connection URL composed from a Secret` };
  const [, , userVar, passVar, host, port, database] = m;
  const earlier = env.slice(0, index);
  const refOf = (v: string) => earlier.find((e) => e.name === v)?.valueFrom?.secretKeyRef;
  const user = refOf(userVar!);
  const pass = refOf(passVar!);
  if (!user || !pass) return { kind: 'broken', why: `$(${!user ? userVar : passVar}) is not a Secret key defined earlier in ${from}'s env` };
  if (user.name !== pass.name) return { kind: 'broken', why: 'user and password come from different Secrets' };
  // In the cluster: a CloudNativePG Cluster's read-write Service.
  const rw = /^(.+)-rw$/.exec(host!.split('.')[0]!);
  if (rw && !host!.startsWith('$(')) {
    const cluster = clusters.find((c) => c.metadata?.name === rw[1]);
    const dnsOk = serviceByHostName(host!, `${rw[1]}-rw`, namespace);
    if (!cluster || !dnsOk) return { kind: 'broken', why: `${host} is not the read-write Service of a CloudNativePG Cluster of the files` };
    if (port !== '5432') return { kind: 'broken', why: `CloudNativePG listens on 5432, not ${port}` };
    const boot = cluster.spec?.bootstrap?.initdb;
    if (user.name === `${rw[1]}-app`) {
      if (boot?.database !== database) return { kind: 'broken', why: `the ${rw[1]}-app Secret is the owner of ${boot?.database}, not of ${database}` };
    } else {
      const role = (cluster.spec?.managed?.roles ?? []).find((r) => r.passwordSecret?.name === user.name);
      const db = databases.find((d) => d.spec?.cluster?.name === rw[1] && d.spec?.name === database);
      if (!role || !db || db.spec?.owner !== role.name)
        return { kind: 'broken', why: `${user.name} is no managed role owning database ${database} of ${rw[1]}` };
      if (!secrets.has(user.name)) return { kind: 'broken', why: `DEPLOY.md never creates the Secret ${user.name}` };
    }
    return { kind: 'database', instance: rw[1]!, database: database!, schema: 'public' };
  }
  // Outside: a managed cluster whose connection Secret DEPLOY.md creates from doctl's output.
  const hostVar = /^\$\(([A-Za-z0-9_]+)\)$/.exec(host!)?.[1];
  const hostRef = hostVar ? refOf(hostVar) : undefined;
  if (!hostRef || hostRef.name !== user.name)
    return { kind: 'broken', why: `the host ${host} is neither a CloudNativePG Service nor a key of the connection Secret` };
  const literals = secrets.get(user.name);
  if (!literals) return { kind: 'broken', why: `DEPLOY.md never creates the Secret ${user.name}` };
  if (literals.get('dbname') !== database || literals.get('username') !== database)
    return { kind: 'broken', why: `the Secret ${user.name} is for database ${literals.get('dbname')}, not ${database}` };
  const instance = stack.postgres.instances.find((p) => literals.get('host') === `\${${pgHostVar(p.name)}}` && exportedHost(files, pgHostVar(p.name)));
  if (!instance) return { kind: 'broken', why: `the Secret ${user.name}'s host is no managed cluster's` };
  return { kind: 'database', instance: instance.name, database: database!, schema: 'public' };
}

/**
 * A public URL: the HTTPRoute for its host (the domain; or, read from the ConfigMap DEPLOY.md
 * fills with the Gateway's address, the route without hostnames) attached to a Gateway of the
 * manifests, whose longest matching PathPrefix sends it to a Service selecting the Deployment.
 */
function publicReach(k: K8sFiles, before: readonly EnvEntry[], value: string, refs: readonly string[]): Reach {
  const { files, objects, services, deployments } = k;
  let host: string | null;
  if (refs.length > 0) {
    const entry = before.find((x) => x.name === refs[0]);
    const map = entry?.valueFrom?.configMapKeyRef?.name;
    if (refs.length > 1 || !map || !new RegExp(`create configmap '?${map}'?`).test(files.find((f) => f.path === 'DEPLOY.md')?.contents ?? '')) {
      return { kind: 'broken', why: `${value} reads $(${refs[0]}), which no ConfigMap DEPLOY.md creates provides` };
    }
    host = null;
  } else host = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)/i.exec(value)?.[1] ?? null;
  const path = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(value)?.[1] ?? '/';
  const gateways = new Set(objects.filter((o) => o.kind === 'Gateway').map((g) => g.metadata?.name));
  const httpRoutes = objects.filter(
    (o) =>
      o.kind === 'HTTPRoute' &&
      (o.spec?.parentRefs ?? []).some((p) => gateways.has(p.name)) &&
      (host === null ? !((o.spec?.hostnames?.length ?? 0) > 0) : (o.spec?.hostnames ?? []).includes(host)),
  );
  const candidates = httpRoutes.flatMap((r) =>
    (r.spec?.rules ?? []).flatMap((rule) =>
      (rule.matches ?? [])
        .map((m) => m.path?.value)
        .filter((prefix: string | undefined): prefix is string => prefix !== undefined && (prefix === '/' || path === prefix || path.startsWith(`${prefix}/`)))
        .map((prefix: string) => ({ prefix, backend: rule.backendRefs?.[0]?.name })),
    ),
  );
  const best = candidates.sort((a, b) => b.prefix.length - a.prefix.length)[0];
  const svc = best ? services.find((x) => x.metadata?.name === best.backend) : undefined;
  const d = svc ? deployments.find((x) => matches(svc.spec?.selector, podLabels(x))) : undefined;
  if (!d) return { kind: 'broken', why: `no HTTPRoute${host ? ` for ${host}` : ' without hostnames'} sends ${path} to a Deployment` };
  return { kind: 'public', service: d.metadata?.name ?? '' };
}

/** Where a Deployment's variable leads: a Secret, a literal, a database, a public URL or a Service the policies admit. */
function reachOf(k: K8sFiles, from: string, variable: string): Reach {
  const { byName, stack } = k;
  const d = byName.get(from);
  if (!d) return { kind: 'broken', why: `no Deployment ${from}` };
  const env: EnvEntry[] = container(byName.get(from) ?? {})?.env ?? [];
  const index = env.findIndex((e) => e.name === variable);
  const e = env[index];
  if (!e) return { kind: 'broken', why: `${variable} is not in ${from}'s env` };
  if (e.valueFrom?.secretKeyRef) return { kind: 'secret' };
  if (e.value === undefined) return { kind: 'broken', why: `${variable} has neither a value nor a Secret` };
  const { text: value, refs } = expandable(e.value);
  const meantPublic = stack.services.find((x) => x.slug === from)?.env.find((x) => x.name === variable)?.ref?.public;
  if (meantPublic) return publicReach(k, env.slice(0, index), value, refs);
  if (refs.length > 0) return databaseReach(k, from, env, index, e.value);
  // Whether a value is an address or a plain word (SERVICE_NAME=litellm) is the program's
  // business: the stack says which variables are references; the files say where they lead.
  const meant = stack.services.find((x) => x.slug === from)?.env.find((x) => x.name === variable);
  if (!meant?.ref) return { kind: 'literal', value };
  // A reference: URL, host:port or a bare host that the cluster DNS resolves to a Service.
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+)(?::(\d+))?/i.exec(value);
  const hostPort = /^([a-z0-9.-]+):(\d+)$/i.exec(value);
  const host = url?.[1] ?? hostPort?.[1] ?? (/^[a-z0-9.-]+$/i.test(value) ? value : undefined);
  const svc = host ? serviceByHost(k, host) : undefined;
  if (!svc) return { kind: 'literal', value };
  const portText = url ? url[2] : hostPort?.[2];
  // A bare host: the program adds the port itself, the one the stack's reference names (as on
  // the other platforms); the Service's cluster IP forwards it only if the Service lists it.
  const port = portText ? Number(portText) : !url && !hostPort ? meant.ref.port : svc.spec?.ports?.length === 1 ? svc.spec.ports[0]!.port : undefined;
  if (port === undefined) return { kind: 'broken', why: `${value} names no port of Service ${svc.metadata?.name}, which has several` };
  const target = throughService(k, svc, port);
  if (typeof target === 'string') return { kind: 'broken', why: target };
  if (!policyAdmits(k.policies, podLabels(byName.get(target.deployment)!), podLabels(d), k.namespace, target.port, k.namespace)) {
    return { kind: 'broken', why: `no NetworkPolicy admits ${from} to ${target.deployment} on ${target.port}` };
  }
  return { kind: 'service', service: target.deployment, port: target.port };
}

/** Reached from outside: a LoadBalancer or NodePort Service, or a Gateway route the policies let through. */
function isPublicIn(k: K8sFiles, service: string): boolean {
  const { byName, services, backends, policies, namespace } = k;
  const d = byName.get(service);
  if (!d) return false;
  const selecting = services.filter((s) => matches(s.spec?.selector, podLabels(d)));
  if (selecting.some((s) => s.spec?.type === 'LoadBalancer' || s.spec?.type === 'NodePort')) return true;
  return backends.some((b) => {
    const svc = selecting.find((x) => x.metadata?.name === b.name);
    if (!svc || b.port === undefined) return false;
    const t = throughService(k, svc, b.port);
    return typeof t !== 'string' && policyAdmits(policies, podLabels(d), GATEWAY_PROXY, INGRESS_NAMESPACE, t.port, namespace);
  });
}

/** The pod ports a Service of the Deployment leads to. */
function privatePortsIn(k: K8sFiles, service: string): number[] {
  const { byName, services } = k;
  const d = byName.get(service);
  if (!d) return [];
  const ports = new Set<number>();
  for (const s of services.filter((x) => matches(x.spec?.selector, podLabels(d)))) {
    for (const p of s.spec?.ports ?? []) {
      const t = throughService(k, s, p.port);
      if (typeof t !== 'string') ports.add(t.port);
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** Reads Kubernetes manifests back into who reaches whom. */
export const kubernetesWiring: WiringResolver = (files, stack): WiringView => {
  const k = readK8sFiles(files, stack);
  const slugs = new Set(stack.services.map((s) => s.slug));
  return {
    services: () => k.deployments.map((d) => d.metadata?.name ?? '').filter((n) => slugs.has(n)),
    reach: (from, variable) => reachOf(k, from, variable),
    isPublic: (service) => isPublicIn(k, service),
    privatePorts: (service) => privatePortsIn(k, service),
  };
};

/**
 * An env value as the kubelet reads it: `$$` is a literal `$`, `$(NAME)` a reference to an
 * earlier variable. Returns the literal text (with `$$` reduced) and the names referenced.
 */
export function expandable(raw: string): { text: string; refs: string[] } {
  let text = '';
  const refs: string[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    if (raw[i] === '$' && raw[i + 1] === '$') {
      text += '$';
      i += 1;
    } else if (raw[i] === '$' && raw[i + 1] === '(') {
      const end = raw.indexOf(')', i);
      if (end < 0) {
        text += raw.slice(i);
        break;
      }
      refs.push(raw.slice(i + 2, end));
      text += raw.slice(i, end + 1);
      i = end;
    } else text += raw[i];
  }
  return { text, refs };
}

function serviceByHostName(host: string, service: string, namespace: string): boolean {
  const h = host.toLowerCase();
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`].includes(h);
}

/**
 * Kubernetes' own rules beyond checkWiring: no private service has an Ingress route, and every
 * service's pods admit exactly the services that call it (plus the ingress controller for public
 * ones) and nobody else, on the ports they call.
 */
export function checkKubernetesPolicies(stack: Stack, files: readonly DeployedFile[]): WiringProblem[] {
  const { namespace, objects } = readManifests(files);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const problems: WiringProblem[] = [];
  const ingressBackends = new Set(routeBackends(objects).map((b) => b.name));
  if (!policies.some((p) => Object.keys(p.spec?.podSelector?.matchLabels ?? {}).length === 0 && (p.spec?.ingress ?? []).length === 0)) {
    problems.push({ service: '*', message: 'no default-deny NetworkPolicy: every pod accepts traffic from anywhere' });
  }
  for (const s of stack.services) {
    const labels = { 'app.kubernetes.io/name': s.slug, 'app.kubernetes.io/part-of': namespace };
    if (!s.public && ingressBackends.has(s.slug)) problems.push({ service: s.slug, message: 'is private but an HTTPRoute sends traffic to it' });
    const callers = new Map<string, Set<number>>();
    for (const l of stack.links.filter((x) => x.to === s.slug && x.from !== s.slug)) callers.set(l.from, new Set([...(callers.get(l.from) ?? []), l.port]));
    for (const other of stack.services.filter((x) => x.slug !== s.slug)) {
      const from = { 'app.kubernetes.io/name': other.slug, 'app.kubernetes.io/part-of': namespace };
      for (const port of s.ports) {
        const admitted = policyAdmits(policies, labels, from, namespace, port, namespace);
        const should = callers.get(other.slug)?.has(port) ?? false;
        if (admitted && !should) problems.push({ service: s.slug, message: `admits ${other.slug} on ${port}, which does not call it there` });
        if (!admitted && should) problems.push({ service: s.slug, message: `does not admit its caller ${other.slug} on ${port}` });
      }
    }
    const stranger = { 'app.kubernetes.io/name': 'not-in-the-stack' };
    for (const port of s.ports) {
      if (
        policyAdmits(policies, labels, stranger, namespace, port, namespace) ||
        policyAdmits(policies, labels, stranger, 'another-namespace', port, namespace)
      ) {
        problems.push({ service: s.slug, message: `admits pods that are not its callers on ${port}` });
      }
    }
    const fromGateway = s.port !== undefined && policyAdmits(policies, labels, GATEWAY_PROXY, INGRESS_NAMESPACE, s.port, namespace);
    if (fromGateway !== s.public && s.port !== undefined)
      problems.push({
        service: s.slug,
        message: s.public ? "is public but its NetworkPolicy shuts the Gateway's proxy out" : "is private but admits the Gateway's proxy",
      });
  }
  return problems;
}
