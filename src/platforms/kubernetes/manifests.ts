/**
 * The Kubernetes objects for a model, as plain objects (apiVersion, kind, metadata, spec) that
 * the templates serialise: per service a Deployment, a ClusterIP Service for its ports, an HPA
 * and PodDisruptionBudget (multi-user APIs), a PersistentVolumeClaim (volumes); a Gateway and HTTPRoute for
 * public services; NetworkPolicies from the service graph; CloudNativePG Clusters.
 * References: https://kubernetes.io/docs/reference/kubernetes-api/ and
 * https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/ (Cluster, Database).
 */
// Type-only: the kubernetes-models interfaces make tsc reject a misspelt or misplaced field in
// every object literal below; nothing of the package is loaded at run time.
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { ISecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IVolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { groupBy, indexFirst } from '../../core/collections.js';
import type { Service, Stack, StackEnvVar } from '../../core/stack.js';
import { refValue } from '../../core/stack.js';
import { shellWords } from '../command-lines.js';
import { type ConfigMount, configMounts } from './config-files.js';
import type { K8sModel, K8sPostgres, K8sWorkload } from './model.js';
import { PUBLIC_HOST_VAR, publicHostConfigMap, publicUrlValue } from './public-url.js';

/** A Kubernetes object as the templates write it. */
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; [k: string]: unknown }; [k: string]: unknown };

/** The label every object of a service carries; selectors and NetworkPolicies match on it. */
export const NAME_LABEL = 'app.kubernetes.io/name';
/** The label tying every object to the project. */
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
/**
 * Namespace of the Gateway's proxies: Envoy Gateway runs the Envoy pods of every Gateway in its
 * own namespace (https://gateway.envoyproxy.io/docs/install/install-helm/).
 */
export const INGRESS_NAMESPACE = 'envoy-gateway-system';
/** The GatewayClass Envoy Gateway serves (its controllerName), which DEPLOY.md creates once per cluster. */
export const GATEWAY_CLASS = { name: 'eg', controllerName: 'gateway.envoyproxy.io/gatewayclass-controller' };
/** Namespace of the CloudNativePG operator (its release manifest creates it). */
export const CNPG_NAMESPACE = 'cnpg-system';
/** Placeholder of the container registry for services built from source. */
export const REGISTRY_PLACEHOLDER = 'registry.digitalocean.com/CHANGE-ME';
/** Where a writable cache folder (an emptyDir) is mounted for programs that need one. */
export const CACHE_DIR = '/tmp/cache';
/** Postgres port inside the cluster (CloudNativePG) and of DigitalOcean managed clusters. */
export const CNPG_PORT = 5432;
export const MANAGED_PG_PORT = 25060;

/**
 * Images known to run as a non-root user, with that user: `runAsNonRoot` is set only where the
 * image allows it (a root image would fail to start). Phoenix's `-nonroot` tags run as 65532
 * (https://hub.docker.com/r/arizephoenix/phoenix/tags).
 */
const NON_ROOT_IMAGES: readonly { match: RegExp; uid: number }[] = [{ match: /^arizephoenix\/phoenix:.*nonroot$/, uid: 65532 }];

/**
 * Images whose liveness and readiness differ: LiteLLM's `/health/liveliness` says the process is
 * up (no dependency checked, so a database blip restarts nothing), `/health/readiness` that it
 * can serve (https://docs.litellm.ai/docs/proxy/health, "Probe endpoints").
 */
const PROBE_PATHS: readonly { match: RegExp; liveness: string; readiness: string }[] = [
  { match: /^(ghcr\.io\/berriai\/|docker\.litellm\.ai\/berriai\/|berriai\/|litellm\/)litellm/, liveness: '/health/liveliness', readiness: '/health/readiness' },
];

/** The cluster-internal DNS name of a Service: `<service>.<namespace>.svc.cluster.local`. */
export function serviceHost(service: string, namespace: string): string {
  return `${service}.${namespace}.svc.cluster.local`;
}

/** A valid port name (IANA_SVC_NAME: at most 15 characters, a letter in it). */
export function portName(port: number): string {
  return `p${port}`;
}

/** The Secret holding a service's own secrets (created by `kubectl create secret`, never in a file). */
export function secretsName(slug: string): string {
  return `${slug}-secrets`;
}

/** A model's Postgres instances by name (the first of a name), indexed once per list. */
const postgresIndex = new WeakMap<readonly K8sPostgres[], Map<string, K8sPostgres>>();

/** The model's Postgres instance of that name, as a search from the start finds it. */
function postgresNamed(model: K8sModel, instance: string): K8sPostgres | undefined {
  let index = postgresIndex.get(model.postgres);
  if (!index) {
    index = indexFirst(model.postgres, (p) => p.name);
    postgresIndex.set(model.postgres, index);
  }
  return index.get(instance);
}

/** Name of a database's connection Secret: `<instance>-app` from CloudNativePG, or the one DEPLOY.md creates. */
export function databaseSecret(
  model: K8sModel,
  instance: string,
  database: string,
): { name: string; keys: { user: string; password: string; host?: string; port?: string } } {
  const pg = postgresNamed(model, instance);
  if (pg?.kind === 'cloudnative-pg') {
    // The bootstrap database's owner secret is generated by the operator; the others' by DEPLOY.md.
    if (pg.databases[0] === database) return { name: `${instance}-app`, keys: { user: 'username', password: 'password' } };
    return { name: `${instance}-${database.replace(/_/g, '-')}-owner`, keys: { user: 'username', password: 'password' } };
  }
  return { name: `pg-${instance}-${database.replace(/_/g, '-')}`, keys: { user: 'username', password: 'password', host: 'host', port: 'port' } };
}

/** The shell variable DEPLOY.md keeps a managed instance's private host in: `PG_HOST_POSTGRES`. */
export function pgHostVar(instance: string): string {
  return `PG_HOST_${instance.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The Secret DEPLOY.md creates for a key-value store's URL. */
export function keyValueSecret(name: string): string {
  return `kv-${name}`;
}

type EnvEntry = IEnvVar;

/**
 * A literal as Kubernetes must read it: the kubelet expands `$(VAR)` in env values and reduces
 * `$$` to `$`, so every `$` is doubled to keep the value as written.
 */
export function envLiteral(value: string): string {
  return value.replace(/\$/g, '$$$$');
}

/** A pod's environment: literals, references as Service DNS names, secrets by name, database URLs composed from Secret keys. */
export function containerEnv(s: Service, model: K8sModel): EnvEntry[] {
  const ns = model.namespace;
  const out: EnvEntry[] = [];
  const secretRef = (name: string, key: string, optional = false): IEnvVar['valueFrom'] => ({
    secretKeyRef: { name, key, ...(optional ? { optional: true } : {}) },
  });
  const dbParts = (e: StackEnvVar) => {
    const db = s.database!;
    const pg = postgresNamed(model, db.instance)!;
    const secret = databaseSecret(model, db.instance, db.database);
    const user = `${e.name}__USER`;
    const password = `${e.name}__PASSWORD`;
    out.push({ name: user, valueFrom: secretRef(secret.name, secret.keys.user) }, { name: password, valueFrom: secretRef(secret.name, secret.keys.password) });
    if (pg.kind === 'cloudnative-pg') return { user, password, host: serviceHost(`${pg.name}-rw`, ns), port: String(CNPG_PORT), managed: false };
    const host = `${e.name}__HOST`;
    const port = `${e.name}__PORT`;
    out.push({ name: host, valueFrom: secretRef(secret.name, secret.keys.host!) }, { name: port, valueFrom: secretRef(secret.name, secret.keys.port!) });
    return { user, password, host: `$(${host})`, port: `$(${port})`, managed: true };
  };
  for (const e of s.env) {
    if (e.ref?.public) {
      const url = publicUrlValue(e.ref, model.stack);
      // The address comes first: the kubelet expands $(VAR) only from variables listed before.
      if (url.needsHost && !out.some((x) => x.name === PUBLIC_HOST_VAR)) {
        out.unshift({ name: PUBLIC_HOST_VAR, valueFrom: { configMapKeyRef: { name: publicHostConfigMap(ns), key: 'host' } } });
      }
      out.push({ name: e.name, value: url.needsHost ? url.value : envLiteral(url.value) });
      continue;
    }
    if (e.ref) {
      out.push({ name: e.name, value: envLiteral(refValue(e.ref, serviceHost(e.ref.service, ns), e.ref.port)) });
      continue;
    }
    if (e.from && e.from !== 'key-value-url' && s.database) {
      const db = s.database;
      if (e.from === 'database-url') {
        const p = dbParts(e);
        const scheme = e.scheme ?? 'postgresql';
        // Managed clusters require TLS; asyncpg spells it ssl=, libpq and most drivers sslmode=.
        const tls = p.managed ? (scheme.includes('asyncpg') ? '?ssl=require' : '?sslmode=require') : '';
        out.push({ name: e.name, value: `${scheme}://$(${p.user}):$(${p.password})@${p.host}:${p.port}/${db.database}${tls}` });
      } else if (e.from === 'database-name') {
        out.push({ name: e.name, value: db.database });
      } else {
        const pg = postgresNamed(model, db.instance)!;
        const secret = databaseSecret(model, db.instance, db.database);
        if (pg.kind === 'cloudnative-pg' && e.from === 'database-host') out.push({ name: e.name, value: serviceHost(`${pg.name}-rw`, ns) });
        else if (pg.kind === 'cloudnative-pg' && e.from === 'database-port') out.push({ name: e.name, value: String(CNPG_PORT) });
        else {
          const key = {
            'database-host': secret.keys.host,
            'database-port': secret.keys.port,
            'database-user': secret.keys.user,
            'database-password': secret.keys.password,
          }[e.from];
          out.push({ name: e.name, valueFrom: secretRef(secret.name, key!) });
        }
      }
      continue;
    }
    if (e.from === 'key-value-url' && s.keyValue) {
      out.push({ name: e.name, valueFrom: secretRef(keyValueSecret(s.keyValue), 'url') });
      continue;
    }
    if (e.secret || e.from) {
      out.push({ name: e.name, valueFrom: secretRef(secretsName(s.slug), e.name) });
      continue;
    }
    // A plain setting without a default: read from the service's Secret if the user sets it there.
    out.push(e.value !== undefined ? { name: e.name, value: envLiteral(e.value) } : { name: e.name, valueFrom: secretRef(secretsName(s.slug), e.name, true) });
  }
  return out;
}

/** The container's image: the service's own, or the registry placeholder for a build. */
export function imageOf(s: Service): string {
  return s.image ?? `${REGISTRY_PLACEHOLDER}/${s.slug}:latest`;
}

/**
 * Who the image runs as, as a number when it can be known: the Dockerfile's numeric `USER`
 * (`1000`, `1000:1000`), or a known non-root image's. A named user (`USER app`) is not: the
 * kubelet refuses runAsNonRoot for an image whose user is not numeric.
 */
export function imageUid(s: Service): { uid: number; gid: number } | null {
  const user = /^(\d+)(?::(\d+))?$/.exec(s.imageUser?.trim() ?? '');
  if (user) return { uid: Number(user[1]), gid: Number(user[2] ?? user[1]) };
  const known = s.image ? NON_ROOT_IMAGES.find((i) => i.match.test(s.image!)) : undefined;
  return known ? { uid: known.uid, gid: known.uid } : null;
}

/**
 * The pod runs as the image's own user: never a forced runAsUser (an image built for uid 1000,
 * or root, cannot write its own files as another). runAsNonRoot and fsGroup (volumes writable by
 * the image's group) only where the image's user is a known non-root number.
 */
function securityOf(s: Service): { pod: IPodSecurityContext; container: ISecurityContext; nonRoot: boolean } {
  const user = imageUid(s);
  const nonRoot = user !== null && user.uid !== 0;
  const pod: IPodSecurityContext = { seccompProfile: { type: 'RuntimeDefault' } };
  if (nonRoot) Object.assign(pod, { runAsNonRoot: true, fsGroup: user.gid, fsGroupChangePolicy: 'OnRootMismatch' });
  return {
    pod,
    container: { allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ['ALL'] } },
    nonRoot,
  };
}

/** Whether the service's pods run as a known non-root user. */
export function runsNonRoot(s: Service): boolean {
  return securityOf(s).nonRoot;
}

/**
 * Whether the program needs a writable cache folder: `uv run` / `uvx` create their cache under
 * $HOME, which the image's user may not be able to write; an image built from source may run
 * them in its CMD, which stackfare does not see.
 */
export function needsCache(s: Service): boolean {
  return /(^|\s)(uv\s+run|uvx)\b/.test(`${s.entrypoint ?? ''} ${s.command ?? ''}`) || s.image === undefined;
}

/** The liveness and readiness paths of a service: the image's documented pair, else its health path for both. */
export function probePaths(s: Service): { liveness: string; readiness: string } | null {
  if (s.port === undefined) return null;
  const known = s.image ? PROBE_PATHS.find((p) => p.match.test(s.image!)) : undefined;
  if (known) return { liveness: known.liveness, readiness: known.readiness };
  return s.healthPath ? { liveness: s.healthPath, readiness: s.healthPath } : null;
}

const labelsOf = (slug: string, ns: string) => ({ [NAME_LABEL]: slug, [PART_OF_LABEL]: ns });

/** The pod's volumes and mounts: its data volume, its config files and folders, its cache folder. */
function podVolumes(s: Service, mounts: readonly ConfigMount[]): { volumeMounts: IVolumeMount[]; volumes: IVolume[] } {
  const volumeMounts: IVolumeMount[] = [];
  const volumes: IVolume[] = [];
  if (s.volume) {
    volumeMounts.push({ name: 'data', mountPath: s.volume.mountPath });
    volumes.push({ name: 'data', persistentVolumeClaim: { claimName: `${s.slug}-data` } });
  }
  for (const m of mounts) {
    // A file over the image's file (subPath); a folder as a folder, each key back at its path.
    if (m.kind === 'file') volumeMounts.push({ name: m.volume, mountPath: m.target, subPath: m.files[0]!.key, readOnly: true });
    else volumeMounts.push({ name: m.volume, mountPath: m.target, readOnly: true });
    if (volumes.some((v) => v.name === m.volume)) continue;
    volumes.push({
      name: m.volume,
      configMap: { name: m.configMap, ...(m.kind === 'folder' && m.files.length > 0 ? { items: m.files.map((f) => ({ key: f.key, path: f.path })) } : {}) },
    });
  }
  if (needsCache(s)) {
    volumeMounts.push({ name: 'cache', mountPath: CACHE_DIR });
    volumes.push({ name: 'cache', emptyDir: { sizeLimit: '1Gi' } });
  }
  return { volumeMounts, volumes };
}

/** Deployment, Service, PVC, HPA and PDB of one service (`mounts`: its config files, from configMounts). */
export function serviceObjects(s: Service, w: K8sWorkload, model: K8sModel, mounts: readonly ConfigMount[] = configMounts(s)): K8sObject[] {
  const ns = model.namespace;
  const labels = labelsOf(s.slug, ns);
  const sec = securityOf(s);
  const resources = { requests: { cpu: `${w.cpuMillis}m`, memory: `${s.memoryMb}Mi` }, limits: { cpu: `${w.cpuMillis}m`, memory: `${s.memoryMb}Mi` } };
  const paths = probePaths(s);
  const probe = (path: string) => ({ httpGet: { path, port: s.port! } });
  const { volumeMounts, volumes } = podVolumes(s, mounts);
  // The cache folder: uv's own variable, and XDG's for the tools that follow it.
  const cacheEnv = needsCache(s)
    ? [
        { name: 'UV_CACHE_DIR', value: `${CACHE_DIR}/uv` },
        { name: 'XDG_CACHE_HOME', value: CACHE_DIR },
      ].filter((c) => !s.env.some((e) => e.name === c.name))
    : [];
  const container: IContainer = {
    name: s.slug,
    image: imageOf(s),
    command: s.entrypoint !== undefined ? shellWords(s.entrypoint) : undefined,
    args: s.command !== undefined ? shellWords(s.command) : undefined,
    ports: s.ports.length > 0 ? s.ports.map((p) => ({ name: portName(p), containerPort: p, protocol: 'TCP' })) : undefined,
    env: [...containerEnv(s, model), ...cacheEnv],
    resources,
    readinessProbe: paths ? { ...probe(paths.readiness), periodSeconds: 10, failureThreshold: 3 } : undefined,
    livenessProbe: paths ? { ...probe(paths.liveness), initialDelaySeconds: 30, periodSeconds: 20, failureThreshold: 6 } : undefined,
    securityContext: sec.container,
    volumeMounts: volumeMounts.length > 0 ? volumeMounts : undefined,
  };
  const objects: K8sObject[] = [];
  if (s.volume) {
    objects.push({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: `${s.slug}-data`, labels },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'do-block-storage', resources: { requests: { storage: `${s.volume.sizeGb}Gi` } } },
    } satisfies IPersistentVolumeClaim);
  }
  objects.push({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.slug, labels },
    spec: {
      // An HPA owns the count: a replicas field here would reset it on every apply.
      replicas: w.hpa ? undefined : w.replicas,
      selector: { matchLabels: { [NAME_LABEL]: s.slug } },
      // A ReadWriteOnce volume is mounted by one pod at a time: replace, never overlap.
      strategy: s.volume ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: { labels },
        spec: { automountServiceAccountToken: false, securityContext: sec.pod, containers: [container], volumes: volumes.length > 0 ? volumes : undefined },
      },
    },
  } satisfies IDeployment);
  if (s.ports.length > 0) {
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: s.slug, labels },
      spec: {
        type: 'ClusterIP',
        selector: { [NAME_LABEL]: s.slug },
        ports: s.ports.map((p) => ({ name: portName(p), port: p, targetPort: p, protocol: 'TCP' })),
      },
    } satisfies IService);
  }
  if (w.hpa) {
    objects.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: s.slug, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: s.slug },
        minReplicas: w.hpa.min,
        maxReplicas: w.hpa.max,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    } satisfies IHorizontalPodAutoscaler);
  }
  if (w.pdb) {
    objects.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: s.slug, labels },
      spec: { maxUnavailable: 1, selector: { matchLabels: { [NAME_LABEL]: s.slug } } },
    } satisfies IPodDisruptionBudget);
  }
  return objects;
}

/**
 * The GatewayClass of Envoy Gateway, cluster-wide (outside the kustomization, whose namespace
 * would be stamped on it): DEPLOY.md applies it once per cluster.
 */
export function gatewayClassObject(): K8sObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GatewayClass',
    metadata: { name: GATEWAY_CLASS.name },
    spec: { controllerName: GATEWAY_CLASS.controllerName },
  };
}

/**
 * The public entry as the Gateway API writes it (gateway.networking.k8s.io/v1): one Gateway (its
 * Envoy proxy behind one DigitalOcean load balancer) and one HTTPRoute sending the primary to /
 * and the others to /<slug>; with --domain, its host and an HTTPS listener whose certificate
 * cert-manager issues from the Gateway's annotation (https://cert-manager.io/docs/usage/gateway/).
 */
export function gatewayObjects(stack: Stack, model: K8sModel, routes: readonly { slug: string; prefix: string }[]): K8sObject[] {
  if (routes.length === 0) return [];
  const ns = model.namespace;
  const labels = { [PART_OF_LABEL]: ns };
  const bySlug = new Map(stack.services.map((s) => [s.slug, s]));
  const host = stack.domain ? { hostname: stack.domain } : {};
  const listeners: Record<string, unknown>[] = [{ name: 'http', protocol: 'HTTP', port: 80, ...host, allowedRoutes: { namespaces: { from: 'Same' } } }];
  if (stack.domain) {
    listeners.push({
      name: 'https',
      protocol: 'HTTPS',
      port: 443,
      ...host,
      tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: `${ns}-tls` }] },
      allowedRoutes: { namespaces: { from: 'Same' } },
    });
  }
  const gateway: K8sObject = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: ns, labels, annotations: stack.domain ? { 'cert-manager.io/cluster-issuer': 'letsencrypt' } : undefined },
    spec: { gatewayClassName: GATEWAY_CLASS.name, listeners },
  };
  const route: K8sObject = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: ns, labels },
    spec: {
      parentRefs: [{ name: ns }],
      hostnames: stack.domain ? [stack.domain] : undefined,
      rules: routes.map((r) => ({
        matches: [{ path: { type: 'PathPrefix', value: r.prefix } }],
        backendRefs: [{ name: r.slug, port: bySlug.get(r.slug)!.port! }],
      })),
    },
  };
  return [gateway, route];
}

/**
 * NetworkPolicies from the graph: deny every ingress by default; each service admits exactly the
 * services that call it, on the ports they call; public services also admit the ingress
 * controller on their main port; Postgres pods admit their apps and the operator.
 */
export function networkPolicies(stack: Stack, model: K8sModel): K8sObject[] {
  const ns = model.namespace;
  const labels = { [PART_OF_LABEL]: ns };
  const out: K8sObject[] = [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'default-deny-ingress', labels },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    } satisfies INetworkPolicy,
  ];
  // Each service's callers, in one pass over the links (a service calling itself is handled below).
  const linksTo = groupBy(
    stack.links.filter((x) => x.to !== x.from),
    (x) => x.to,
  );
  for (const s of stack.services) {
    const ingress: Record<string, unknown>[] = [];
    const byCaller = new Map<string, Set<number>>();
    for (const l of linksTo.get(s.slug) ?? []) {
      const ports = byCaller.get(l.from);
      if (ports) ports.add(l.port);
      else byCaller.set(l.from, new Set([l.port]));
    }
    // A service that calls itself through its own Service goes through the policy too.
    const self = s.env.filter((e) => e.ref?.service === s.slug).map((e) => e.ref!.port);
    if (self.length > 0) byCaller.set(s.slug, new Set(self));
    for (const [caller, ports] of [...byCaller].sort(([a], [b]) => a.localeCompare(b))) {
      ingress.push({
        from: [{ podSelector: { matchLabels: { [NAME_LABEL]: caller } } }],
        ports: [...ports].sort((a, b) => a - b).map((p) => ({ protocol: 'TCP', port: p })),
      });
    }
    if (s.public && s.port !== undefined) {
      ingress.push({
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': INGRESS_NAMESPACE } } }],
        ports: [{ protocol: 'TCP', port: s.port }],
      });
    }
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${s.slug}-ingress`, labels },
      spec: { podSelector: { matchLabels: { [NAME_LABEL]: s.slug } }, policyTypes: ['Ingress'], ingress },
    } satisfies INetworkPolicy);
  }
  if (stack.domain && stack.services.some((s) => s.public && s.port !== undefined)) {
    // cert-manager answers Let's Encrypt's HTTP-01 challenge from a solver pod in this namespace,
    // reached through the Gateway: the default deny would shut the Gateway's proxy out of it.
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'acme-http01-solver-ingress', labels },
      spec: {
        podSelector: { matchLabels: { 'acme.cert-manager.io/http01-solver': 'true' } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': INGRESS_NAMESPACE } } }], ports: [{ protocol: 'TCP', port: 8089 }] },
        ],
      },
    } satisfies INetworkPolicy);
  }
  const usersOf = groupBy(
    stack.services.filter((s) => s.database),
    (s) => `${s.database!.instance}\u0000${s.database!.database}`,
  );
  for (const pg of model.postgres.filter((p) => p.kind === 'cloudnative-pg')) {
    const apps = [...new Set(pg.databases.flatMap((d) => (usersOf.get(`${pg.name}\u0000${d}`) ?? []).map((s) => s.slug)))];
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `${pg.name}-postgres-ingress`, labels },
      spec: {
        podSelector: { matchLabels: { 'cnpg.io/cluster': pg.name } },
        policyTypes: ['Ingress'],
        ingress: [
          { from: apps.map((a) => ({ podSelector: { matchLabels: { [NAME_LABEL]: a } } })), ports: [{ protocol: 'TCP', port: CNPG_PORT }] },
          // Replication between the instances, and the operator's status and control calls.
          {
            from: [{ podSelector: { matchLabels: { 'cnpg.io/cluster': pg.name } } }],
            ports: [
              { protocol: 'TCP', port: CNPG_PORT },
              { protocol: 'TCP', port: 8000 },
            ],
          },
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': CNPG_NAMESPACE } } }],
            ports: [
              { protocol: 'TCP', port: CNPG_PORT },
              { protocol: 'TCP', port: 8000 },
            ],
          },
        ],
      },
    } satisfies INetworkPolicy);
  }
  return out;
}

/** Bucket placeholder of the CloudNativePG backups (DEPLOY.md says to replace it). */
export const BACKUP_BUCKET_PLACEHOLDER = 'CHANGE-ME-backups';

/** The Spaces endpoint of a DOKS region (nyc1 → nyc3: Spaces regions differ from Droplet ones). */
export function spacesEndpoint(region: string): string {
  const spaces: Record<string, string> = { nyc1: 'nyc3', sfo3: 'sfo3', lon1: 'lon1', fra1: 'fra1' };
  return `https://${spaces[region] ?? region}.digitaloceanspaces.com`;
}

/** A CloudNativePG Cluster (and Database objects for its other databases) per in-cluster instance. */
export function cnpgObjects(pg: K8sPostgres, model: K8sModel): K8sObject[] {
  const ns = model.namespace;
  const [first, ...others] = pg.databases;
  const owner = (db: string) => db;
  const cluster: K8sObject = {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: pg.name, labels: { [PART_OF_LABEL]: ns } },
    spec: {
      instances: pg.instances,
      imageName: 'ghcr.io/cloudnative-pg/postgresql:17',
      storage: { size: `${pg.storageGb}Gi`, storageClass: 'do-block-storage' },
      resources: { requests: { cpu: `${pg.cpuMillis}m`, memory: `${pg.memoryMb}Mi` }, limits: { cpu: `${pg.cpuMillis}m`, memory: `${pg.memoryMb}Mi` } },
      bootstrap: { initdb: { database: first!, owner: owner(first!) } },
      managed:
        others.length > 0
          ? {
              roles: others.map((db) => ({
                name: owner(db),
                ensure: 'present',
                login: true,
                passwordSecret: { name: databaseSecret(model, pg.name, db).name },
              })),
            }
          : undefined,
      backup: {
        retentionPolicy: '30d',
        barmanObjectStore: {
          destinationPath: `s3://${BACKUP_BUCKET_PLACEHOLDER}/${ns}/${pg.name}`,
          endpointURL: spacesEndpoint(model.region),
          s3Credentials: {
            accessKeyId: { name: `${pg.name}-backup`, key: 'ACCESS_KEY_ID' },
            secretAccessKey: { name: `${pg.name}-backup`, key: 'ACCESS_SECRET_KEY' },
          },
          wal: { compression: 'gzip' },
        },
      },
    },
  };
  const objects: K8sObject[] = [cluster];
  objects.push({
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'ScheduledBackup',
    metadata: { name: `${pg.name}-daily`, labels: { [PART_OF_LABEL]: ns } },
    spec: { schedule: '0 0 3 * * *', backupOwnerReference: 'self', cluster: { name: pg.name } },
  });
  for (const db of others) {
    objects.push({
      apiVersion: 'postgresql.cnpg.io/v1',
      kind: 'Database',
      metadata: { name: `${pg.name}-${db.replace(/_/g, '-')}`, labels: { [PART_OF_LABEL]: ns } },
      spec: { name: db, owner: owner(db), cluster: { name: pg.name } },
    });
  }
  return objects;
}
