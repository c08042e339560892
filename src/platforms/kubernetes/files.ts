/**
 * Kubernetes files: `k8s/` as a kustomization (`kubectl apply -k k8s/`) holding the namespace,
 * one file per service, the Gateway and HTTPRoute, the network policies and (CloudNativePG) the Postgres
 * clusters, sized from the model the estimate priced; plus the common .env.example, DEPLOY.md
 * (with every `kubectl create secret` step: no secret value is ever in a manifest) and
 * db/databases.sql for a shared managed instance.
 */
import { indexFirst } from '../../core/collections.js';
import { dollars, formatMb } from '../../core/number-format.js';
import type { FileToRender, GenerateContext, GeneratedFiles } from '../../core/platform.js';
import { pathRoutes, type Stack } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import type { KubernetesBook } from '../../pricing/price-book.js';
import { shell } from '../../render/serialize.js';
import { commonFiles, type DataMigration, type DeployStep, headerText, urlVar } from '../../render/stack-files.js';
import { managedClusterCommands } from '../digitalocean/managed-db.js';
import { kubernetesBootstrapSteps } from './bootstrap.js';
import { configGenerators, configMounts, type MountFiles } from './config-files.js';
import {
  BACKUP_BUCKET_PLACEHOLDER,
  CNPG_PORT,
  cnpgObjects,
  databaseSecret,
  gatewayClassObject,
  gatewayObjects,
  type K8sObject,
  keyValueSecret,
  MANAGED_PG_PORT,
  networkPolicies,
  pgHostVar,
  REGISTRY_PLACEHOLDER,
  runsNonRoot,
  secretsName,
  serviceObjects,
} from './manifests.js';
import type { K8sModel } from './model.js';
import { needsPublicHost, publicHostCommands, publicHostConfigMap } from './public-url.js';
import { RELEASE_FILE, releaseJobs, releaseStep } from './release.js';

/** Folder of the kustomization. */
export const K8S_DIR = 'k8s';
/** Versions the DEPLOY.md install steps pin (upgrade them deliberately). */
export const ENVOY_GATEWAY_VERSION = 'v1.8.2';
export const CERT_MANAGER_VERSION = 'v1.17.2';
export const METRICS_SERVER_VERSION = 'v0.8.0';
/** The GatewayClass file, applied once per cluster (cluster-scoped: outside the namespaced kustomization). */
export const GATEWAY_CLASS_FILE = 'gateway-class.yaml';
export const CNPG_RELEASE = { branch: 'release-1.27', version: '1.27.0' };

/** The manifests of a model, by file name under k8s/ (kustomization order: namespace first). */
export function manifestFiles(model: K8sModel, listing: MountFiles = {}): { path: string; title: string; objects: K8sObject[] }[] {
  const stack = model.stack;
  const ns = model.namespace;
  const files: { path: string; title: string; objects: K8sObject[] }[] = [
    {
      path: 'namespace.yaml',
      title: 'The namespace every object of the stack lives in.',
      objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'app.kubernetes.io/part-of': ns } } }],
    },
  ];
  if (model.postgres.some((p) => p.kind === 'cloudnative-pg')) {
    files.push({
      path: 'postgres.yaml',
      title: 'CloudNativePG clusters (the operator must be installed first: DEPLOY.md).',
      objects: model.postgres.filter((p) => p.kind === 'cloudnative-pg').flatMap((p) => cnpgObjects(p, model)),
    });
  }
  const bySlug = indexFirst(stack.services, (x) => x.slug);
  for (const w of model.workloads) {
    const s = bySlug.get(w.slug)!;
    files.push({ path: `${s.slug}.yaml`, title: `${s.name}: ${s.exposure}.`, objects: serviceObjects(s, w, model, configMounts(s, listing)) });
  }
  const gateway = gatewayObjects(stack, model, pathRoutes(stack));
  if (gateway.length > 0) files.push({ path: 'gateway.yaml', title: 'The public entry (Gateway API): only public services have a route.', objects: gateway });
  files.push({
    path: 'network-policies.yaml',
    title: 'Who may call whom, from the service graph: everything else is denied.',
    objects: networkPolicies(stack, model),
  });
  return files;
}

/** The kustomization: resources in apply order, the config files as generated ConfigMaps (one key per file). */
export function kustomization(model: K8sModel, resources: readonly string[], listing: MountFiles = {}): Record<string, unknown> {
  const generators = model.stack.services.flatMap((s) => configGenerators(configMounts(s, listing)));
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: model.namespace,
    resources: [...resources],
    configMapGenerator: generators.length > 0 ? generators : undefined,
  };
}

export function kubernetesFiles(model: K8sModel, ctx: GenerateContext): GeneratedFiles {
  const stack = model.stack;
  const ns = model.namespace;
  const listing = ctx.options.mountFiles ?? {};
  const warnings: Warning[] = [...securityNotes(stack), ...mountNotes(stack, listing)];
  const steps = deploySteps(model, ctx.book.platforms.kubernetes, listing);
  const files: FileToRender[] = [
    ...k8sManifestFiles(model, listing, headerText(ctx)),
    ...commonFiles({
      stack,
      ctx,
      platformName: 'Kubernetes (DigitalOcean Kubernetes)',
      steps,
      secretsHowTo: `Each service reads its secrets from the Secret ${secretsName('<service>')} in the namespace ${ns}, created with kubectl create secret generic (DEPLOY.md); no manifest holds a value. Database URLs are composed in the Deployment from the database's connection Secret.`,
      dataMigration: k8sDataMigration(model),
      bootstrap: kubernetesBootstrapSteps(stack, ns),
      warnings,
      // doctl (managed) and CloudNativePG (bootstrap and Database objects) create every database.
      databasesSql: false,
      releaseHow: `Kubernetes runs each as a Job in ${RELEASE_FILE} (the service's pod with the command as its arguments), started and waited for by the DEPLOY.md step before kubectl apply -k rolls the Deployments; a failed Job stops there. A Job rather than an init container, which would run in every replica at every start.`,
    }),
  ];
  const pool = model.pool;
  const nextSteps = [
    `Create the cluster: ${pool.count} × ${pool.size.slug} (${formatMb(pool.size.memoryMb)} each) with doctl (DEPLOY.md).`,
    'Create the namespace and the secrets with kubectl create secret generic (DEPLOY.md).',
    `kubectl apply -k ${K8S_DIR}/`,
  ];
  return { files, warnings, nextSteps };
}

/** The kustomization, one manifest file per part, the GatewayClass (once per cluster) and the release Jobs. */
function k8sManifestFiles(model: K8sModel, listing: MountFiles, header: string): FileToRender[] {
  const manifests = manifestFiles(model, listing);
  const gateway = manifests.some((m) => m.path === 'gateway.yaml');
  const k8sFiles: FileToRender[] = [
    {
      path: `${K8S_DIR}/kustomization.yaml`,
      template: 'kubernetes/kustomization.yaml',
      context: {
        header,
        kustomization: kustomization(
          model,
          manifests.map((m) => m.path),
          listing,
        ),
      },
    },
    ...manifests.map((m) => ({
      path: `${K8S_DIR}/${m.path}`,
      template: 'kubernetes/manifests.yaml',
      context: { header, title: m.title, documents: m.objects },
    })),
    ...(gateway
      ? [
          {
            path: `${K8S_DIR}/${GATEWAY_CLASS_FILE}`,
            template: 'kubernetes/manifests.yaml',
            context: {
              header,
              title: "Envoy Gateway's GatewayClass, cluster-wide: applied once per cluster (DEPLOY.md), outside the kustomization.",
              documents: [gatewayClassObject()],
            },
          },
        ]
      : []),
  ];
  const jobs = releaseJobs(model);
  if (jobs.length > 0) {
    k8sFiles.push({
      path: RELEASE_FILE,
      template: 'kubernetes/manifests.yaml',
      context: {
        header,
        title: `Release commands: run before each rollout (DEPLOY.md); kept out of ${K8S_DIR}/, since a Job cannot be changed in place.`,
        documents: jobs,
      },
    });
  }
  return k8sFiles;
}

/** DEPLOY.md's steps, in the order they run: cluster, images, gateway, operators, namespace, databases, secrets, files, release, apply, check. */
function deploySteps(model: K8sModel, book: KubernetesBook, listing: MountFiles): DeployStep[] {
  const stack = model.stack;
  const routes = pathRoutes(stack);
  const steps: DeployStep[] = [clusterStep(model, book), ...buildStep(model)];
  if (routes.length > 0) steps.push(gatewayStep(model, book.loadBalancer.amount));
  if (model.workloads.some((w) => w.hpa)) steps.push(metricsServerStep());
  steps.push(...cnpgOperatorStep(model));
  steps.push({
    title: 'Create the namespace',
    text: 'The secrets below live in it, so it comes first.',
    commands: [`kubectl apply -f ${K8S_DIR}/namespace.yaml`],
  });
  steps.push(...databaseSteps(model));
  steps.push(...secretsStep(model));
  const copy = copyStep(stack, listing);
  if (copy) steps.push(copy);
  const release = releaseStep(model, K8S_DIR);
  if (release) steps.push(release);
  steps.push(applyStep(model));
  const check = checkStep(stack, model.namespace, routes);
  if (check) steps.push(check);
  return steps;
}

/** Creating the DOKS cluster with the node pool as estimated. */
function clusterStep(model: K8sModel, book: KubernetesBook): DeployStep {
  const ns = model.namespace;
  const pool = model.pool;
  return {
    title: 'Create the cluster and point kubectl at it',
    text:
      `DigitalOcean Kubernetes in ${model.region}: ${pool.count} × ${pool.size.slug} (${dollars(pool.size.monthly.amount)} a month each), as estimated${model.haControlPlane ? `, with the high-availability control plane (${dollars(book.haControlPlane.amount)} a month)` : ''}. ` +
      'You need doctl (logged in with doctl auth init) and kubectl. Any other conformant cluster works too: skip this step and keep the rest.',
    commands: [
      `doctl kubernetes cluster create ${shell(ns)} --region ${shell(model.region)} --version latest --node-pool ${shell(`name=${ns}-pool;size=${pool.size.slug};count=${pool.count}`)}${model.haControlPlane ? ' --ha' : ''}`,
      `doctl kubernetes cluster kubeconfig save ${shell(ns)}`,
      'kubectl get nodes',
    ],
  };
}

/** Building and pushing the images of services built from source, to a registry the cluster pulls from. */
function buildStep(model: K8sModel): DeployStep[] {
  const built = model.stack.services.filter((s) => !s.image);
  if (built.length === 0) return [];
  return [
    {
      title: 'Build and push the images built from source',
      text:
        `${built.map((s) => s.slug).join(', ')} build from your repository. Create a container registry, replace ${REGISTRY_PLACEHOLDER} in ${K8S_DIR}/ with registry.digitalocean.com/<your-registry>, and let the cluster pull from it. ` +
        "The pods run as the image's own user (its Dockerfile's USER); a numeric non-root USER also gets runAsNonRoot and fsGroup, and programs get a writable cache folder (UV_CACHE_DIR, XDG_CACHE_HOME).",
      commands: [
        `REGISTRY=CHANGE-ME   # your registry's name, the one that replaces CHANGE-ME in ${K8S_DIR}/`,
        'doctl registry create "$REGISTRY"   # once',
        'doctl registry login',
        ...built.flatMap((s) => {
          const context = s.build?.context ?? '.';
          const file = s.build?.dockerfile ? ` -f ${shell(`${context.replace(/\/$/, '')}/${s.build.dockerfile}`)}` : '';
          // The image name as k8s/ holds it once CHANGE-ME is replaced; double-quoted so $REGISTRY expands.
          const image = `"registry.digitalocean.com/\${REGISTRY}/${s.slug}:latest"`;
          return [`docker build -t ${image}${file} ${shell(context)}`, `docker push ${image}`];
        }),
        `doctl kubernetes cluster registry add ${shell(model.namespace)}`,
      ],
    },
  ];
}

/** Installing the CloudNativePG operator, when Postgres runs in the cluster. */
function cnpgOperatorStep(model: K8sModel): DeployStep[] {
  if (!model.postgres.some((p) => p.kind === 'cloudnative-pg')) return [];
  return [
    {
      title: 'Install the CloudNativePG operator',
      text: "It runs the Postgres clusters of k8s/postgres.yaml and generates each bootstrap database's credentials (the <cluster>-app Secret).",
      commands: [
        `kubectl apply --server-side -f https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/${CNPG_RELEASE.branch}/releases/cnpg-${CNPG_RELEASE.version}.yaml`,
        'kubectl -n cnpg-system rollout status deployment/cnpg-controller-manager',
      ],
    },
  ];
}

/** One Secret per service with secrets, from values exported in the shell (never in a file). */
function secretsStep(model: K8sModel): DeployStep[] {
  const ns = model.namespace;
  const withSecrets = model.stack.services.filter((s) => s.env.some((e) => (e.secret && !e.from) || (!e.secret && !e.from && !e.ref && e.value === undefined)));
  if (withSecrets.length === 0) return [];
  const names = [...new Set(withSecrets.flatMap((s) => s.env.filter((e) => e.secret && !e.from).map((e) => e.name)))];
  return [
    {
      title: 'Set the secrets',
      text:
        'Export each value in your shell first (never in a file you commit; with a leading space, such as " export NAME=...", so your shell history skips it): each check stops at the first one missing. Then create one Secret per service; the Deployments read them by name. ' +
        'To change one later, delete and re-create the Secret, then restart the Deployment (kubectl rollout restart).',
      commands: [
        ...names.map((n) => `: "\${${n}:?export ${n} first}"`),
        ...withSecrets.map((s) => {
          const vars = s.env.filter((e) => e.secret && !e.from);
          return `kubectl -n ${shell(ns)} create secret generic ${shell(secretsName(s.slug))}${vars.map((e) => ` --from-literal=${e.name}="\${${e.name}}"`).join('')}`;
        }),
      ],
    },
  ];
}

/** Applying the kustomization and waiting for the Postgres clusters and every rollout. */
function applyStep(model: K8sModel): DeployStep {
  const stack = model.stack;
  const ns = model.namespace;
  const cnpg = model.postgres.filter((p) => p.kind === 'cloudnative-pg');
  return {
    title: 'Apply the manifests',
    text:
      `kubectl applies every file of ${K8S_DIR}/kustomization.yaml in order and waits for nothing: watch the rollouts.` +
      (needsPublicHost(stack)
        ? ` Pods that tell browsers a public URL (${publicUrlVars(stack).join(', ')}) wait for the ConfigMap ${publicHostConfigMap(ns)}, which records the load balancer's address once it has one.`
        : ''),
    commands: [
      `kubectl apply -k ${K8S_DIR}/`,
      ...(needsPublicHost(stack) ? publicHostCommands(ns) : []),
      ...cnpg.map((p) => `kubectl -n ${shell(ns)} wait --for=condition=Ready cluster/${shell(p.name)} --timeout=10m`),
      ...model.workloads.map((w) => `kubectl -n ${shell(ns)} rollout status deployment/${shell(w.slug)} --timeout=10m`),
    ],
  };
}

/**
 * Where the copy reaches each database: a managed cluster through its public host as each database's
 * own user (doctl prints host, port and password), a CloudNativePG cluster
 * through kubectl port-forward to its read-write Service, as each database's owner from its Secret.
 */
function k8sDataMigration(model: K8sModel): DataMigration {
  const ns = model.namespace;
  const setup: string[] = [];
  const targets: DataMigration['targets'] = [];
  const cnpg = model.postgres.filter((p) => p.kind === 'cloudnative-pg');
  for (const p of model.postgres) {
    if (p.kind === 'managed' && p.plan) {
      // Each database's own user (created beside it, named after it) restores, so the app owns its tables:
      // restored as doadmin they would belong to doadmin and the app would get "permission denied".
      const base = urlVar(p.name).replace(/_URL$/, '');
      setup.push(
        `${base}_ID="$(doctl databases list --format ID,Name --no-header | awk ${shell(`$2 == "${ns}-${p.name}" { print $1 }`)})"`,
        `${base}_HOST="$(doctl databases connection "$${base}_ID" --format Host --no-header)"`,
        `${base}_PORT="$(doctl databases connection "$${base}_ID" --format Port --no-header)"`,
      );
      for (const db of p.databases) {
        const pw = `${db.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_PASSWORD`;
        setup.push(`${pw}="$(doctl databases user get "$${base}_ID" ${shell(db)} --format Password --no-header)"`);
        targets.push({ name: db, url: `"postgresql://${db}:\${${pw}}@\${${base}_HOST}:\${${base}_PORT}/${db}?sslmode=require"` });
      }
    } else if (p.kind === 'cloudnative-pg') {
      const local = 15432 + cnpg.indexOf(p);
      setup.push(
        `kubectl -n ${shell(ns)} port-forward service/${shell(`${p.name}-rw`)} ${local}:${CNPG_PORT} &   # in the background: stop it after the copy (kill %${cnpg.indexOf(p) + 1})`,
      );
      for (const db of p.databases) {
        const secret = databaseSecret(model, p.name, db);
        const variable = urlVar(`${p.name}-${db}`);
        const key = (k: string) => `$(kubectl -n ${shell(ns)} get secret ${shell(secret.name)} -o jsonpath='{.data.${k}}' | base64 -d)`;
        setup.push(`export ${variable}="postgresql://${key(secret.keys.user)}:${key(secret.keys.password)}@localhost:${local}/${db}"`);
        targets.push({ name: db, url: `"$${variable}"` });
      }
    }
  }
  return {
    text: [
      ...(model.postgres.some((p) => p.kind === 'managed' && p.plan)
        ? [
            "A managed cluster's firewall admits only the Kubernetes cluster: add this machine for the copy (doctl databases firewalls append <cluster id> --rule ip_addr:<your IP>) and remove it after; the copy connects as each database's own user over TLS (doctl prints its password), so the restored tables belong to the app.",
          ]
        : []),
      ...(cnpg.length > 0
        ? ["A CloudNativePG cluster is reached through kubectl port-forward to its read-write Service, as each database's owner (its Secret)."]
        : []),
    ].join(' '),
    setup,
    targets,
  };
}

/** The variables that hold a public URL, as `service.VAR`. */
function publicUrlVars(stack: Stack): string[] {
  return stack.services.flatMap((s) => s.env.filter((e) => e.ref?.public).map((e) => `${s.slug}.${e.name}`));
}

/** Notes on who each service's pods run as (the image's own user: nothing forced). */
function securityNotes(stack: Stack): Warning[] {
  return stack.services
    .filter((s) => !runsNonRoot(s))
    .map((s) =>
      warning(
        'kubernetes.root-image',
        'info',
        `${s.slug} runs as its image's own user (${s.image ?? "its Dockerfile's USER"}), which may be root; it still cannot escalate privileges and drops every capability.`,
        {
          service: s.slug,
          fix: s.image
            ? 'Use a non-root variant of the image if there is one.'
            : 'Give its Dockerfile a numeric non-root USER (such as USER 1000): the pod then gets runAsNonRoot and fsGroup.',
        },
      ),
    );
}

/** Warnings for mounted folders stackfare could not list: their ConfigMap stays empty until listed. */
function mountNotes(stack: Stack, listing: MountFiles): Warning[] {
  return stack.services.flatMap((s) =>
    configMounts(s, listing)
      .filter((m) => m.unlisted)
      .map((m) =>
        warning(
          'kubernetes.config-folder',
          'warning',
          `${s.slug} mounts a folder at ${m.target} whose files stackfare could not list (it was not found from the repository root), so its ConfigMap ${m.configMap} is empty.`,
          {
            service: s.slug,
            fix: `Run generate where the folder exists, or list each file as "key=path" under ${m.configMap} in ${K8S_DIR}/kustomization.yaml and copy it there.`,
          },
        ),
      ),
  );
}

/**
 * DEPLOY.md's copy of every mounted file to exactly the path kustomize's configMapGenerator reads
 * (one file per key: it takes no folder), a folder's files one by one.
 */
function copyStep(stack: Stack, listing: MountFiles): DeployStep | null {
  const files = stack.services.flatMap((s) => configMounts(s, listing).flatMap((m) => m.files));
  if (files.length === 0) return null;
  const commands: string[] = [];
  let dir = '';
  for (const f of files) {
    const target = `${K8S_DIR}/${f.copy}`;
    const parent = target.slice(0, target.lastIndexOf('/'));
    if (parent !== dir) commands.push(`mkdir -p ${shell(parent)}`);
    dir = parent;
    commands.push(`cp ${shell(f.source)} ${shell(target)}`);
  }
  return {
    title: 'Copy the config files into k8s/',
    text: 'kustomize reads files only inside k8s/, one file per ConfigMap key, and turns them into ConfigMaps (a changed file rolls the pods). Copy them again whenever they change.',
    commands,
  };
}

/**
 * The Gateway API implementation: Envoy Gateway (maintained by the Envoy project; ingress-nginx
 * was retired in March 2026), installed with its Helm chart, which also installs the Gateway API
 * CRDs (https://gateway.envoyproxy.io/docs/install/install-helm/); its Envoy Service of type
 * LoadBalancer is the one DigitalOcean load balancer the estimate prices. With --domain,
 * cert-manager with its Gateway API support turned on (config.enableGatewayAPI).
 */
function gatewayStep(model: K8sModel, loadBalancerMonthly: string): DeployStep {
  const domain = model.stack.domain;
  const ns = model.namespace;
  return {
    title: `Install the Gateway controller (Envoy Gateway)${domain ? ' and cert-manager' : ''}`,
    text:
      `Envoy Gateway serves the Gateway API (Gateway and HTTPRoute in ${K8S_DIR}/gateway.yaml); its Envoy proxy sits behind one DigitalOcean load balancer (${dollars(loadBalancerMonthly)} a month, in the estimate). You need helm. ` +
      `${K8S_DIR}/${GATEWAY_CLASS_FILE} creates its GatewayClass once per cluster.` +
      (domain
        ? ` cert-manager issues the TLS certificate for ${domain} into the Secret ${ns}-tls from the Gateway's annotation, through a ClusterIssuer named letsencrypt: create it with your e-mail and an HTTP-01 solver on this Gateway (gatewayHTTPRoute, parentRefs: ${ns} in ${ns}; https://cert-manager.io/docs/configuration/acme/http01/).`
        : ''),
    commands: [
      `helm install eg oci://docker.io/envoyproxy/gateway-helm --version ${ENVOY_GATEWAY_VERSION} -n envoy-gateway-system --create-namespace`,
      'kubectl wait --timeout=5m -n envoy-gateway-system deployment/envoy-gateway --for=condition=Available',
      `kubectl apply -f ${K8S_DIR}/${GATEWAY_CLASS_FILE}`,
      ...(domain
        ? [
            `helm install cert-manager oci://quay.io/jetstack/charts/cert-manager --version ${CERT_MANAGER_VERSION} -n cert-manager --create-namespace --set crds.enabled=true --set config.apiVersion=controller.config.cert-manager.io/v1alpha1 --set config.kind=ControllerConfiguration --set config.enableGatewayAPI=true`,
          ]
        : []),
    ],
  };
}

/** The HorizontalPodAutoscalers read CPU from metrics-server: check it answers, install it when it does not. */
function metricsServerStep(): DeployStep {
  return {
    title: 'Check that metrics-server runs (the autoscalers need it)',
    text: 'The HorizontalPodAutoscalers scale on CPU, which they read from the metrics API (v1beta1.metrics.k8s.io); without metrics-server they never add a replica. The first line installs it only when the API is missing; the second waits until it answers.',
    commands: [
      `kubectl get apiservice v1beta1.metrics.k8s.io >/dev/null 2>&1 || kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/download/${METRICS_SERVER_VERSION}/components.yaml`,
      'kubectl wait --for=condition=Available apiservice/v1beta1.metrics.k8s.io --timeout=5m',
    ],
  };
}

/**
 * The databases' steps: each managed cluster (the shared DigitalOcean doctl steps, then the
 * firewall and each app's connection Secret), each Valkey cluster, CloudNativePG's secrets.
 * Passwords reach kubectl through a file descriptor, never its command line.
 */
function databaseSteps(model: K8sModel): DeployStep[] {
  const ns = model.namespace;
  const steps: DeployStep[] = [];
  const cnpg = model.postgres.filter((p) => p.kind === 'cloudnative-pg');
  const managed = model.postgres.filter((p) => p.kind === 'managed' && p.plan);
  managed.forEach((p) => {
    const hostVar = pgHostVar(p.name);
    const apps = p.databases.map((db) => ({ db, secret: databaseSecret(model, p.name, db) }));
    steps.push({
      title: `Create the managed PostgreSQL cluster ${p.name}`,
      text:
        `${p.plan!.slug} as estimated (${dollars(p.plan!.monthly.amount)} a month, ${p.plan!.includedStorageGb} GB included${p.extraGb > 0 ? `; add ${p.extraGb} GB under Settings > Storage` : ''}). ` +
        "Each app gets its own database and user, granted its database's public schema by doadmin (PostgreSQL 15+; psql needed) before the cluster's firewall admits only the Kubernetes cluster; " +
        "each app's connection details go into a Secret the Deployment composes its URL from (the password through a file descriptor, never on a command line).",
      commands: [
        ...managedClusterCommands({
          name: `${ns}-${p.name}`,
          region: model.region,
          plan: p.plan!,
          members: p.databases.map((db) => ({ database: db, user: db })),
        }),
        `doctl databases firewalls append "$CLUSTER_ID" --rule k8s:"$(doctl kubernetes cluster get ${shell(ns)} --format ID --no-header)"`,
        `${hostVar}="$(doctl databases connection "$CLUSTER_ID" --private --format Host --no-header)"`,
        ...apps.map(
          ({ db, secret }) =>
            `kubectl -n ${shell(ns)} create secret generic ${shell(secret.name)} --from-literal=host="\${${hostVar}}" --from-literal=port=${MANAGED_PG_PORT} --from-literal=username=${shell(db)} --from-file=password=<(printf %s "$(doctl databases user get "$CLUSTER_ID" ${shell(db)} --format Password --no-header)") --from-literal=dbname=${shell(db)}`,
        ),
      ],
    });
  });
  for (const kv of model.keyValues) {
    steps.push({
      title: `Create the managed Valkey cluster ${kv.name}`,
      text: `${kv.plan.id} as estimated (${dollars(kv.plan.monthly.amount)} a month); its URL goes into the Secret ${keyValueSecret(kv.name)}.`,
      commands: [
        `doctl databases create ${shell(`${ns}-${kv.name}`)} --engine valkey --region ${shell(model.region)} --size ${shell(kv.plan.id)} --num-nodes 1`,
        `KV_ID="$(doctl databases list --format ID,Name --no-header | awk ${shell(`$2 == "${ns}-${kv.name}" { print $1 }`)})"`,
        `kubectl -n ${shell(ns)} create secret generic ${shell(keyValueSecret(kv.name))} --from-literal=url="$(doctl databases connection "$KV_ID" --private --format URI --no-header)"`,
      ],
    });
  }
  if (cnpg.length > 0) {
    const extra = cnpg.flatMap((p) => p.databases.slice(1).map((db) => ({ p, db, secret: databaseSecret(model, p.name, db) })));
    steps.push({
      title: 'Create the Postgres backup and role secrets',
      text:
        `Backups go to a DigitalOcean Spaces bucket (S3-compatible): create one, replace ${BACKUP_BUCKET_PLACEHOLDER} in ${K8S_DIR}/postgres.yaml with its name, and create a Spaces access key. ` +
        (extra.length > 0 ? "The databases after each cluster's first get their own owner role, whose password you generate here (URL-safe: hex)." : ''),
      commands: [
        // Exported by the person beforehand (never committed); the checks stop at the first one missing.
        ': "${SPACES_KEY_ID:?export SPACES_KEY_ID first: the ID of the Spaces access key}"',
        ': "${SPACES_SECRET_KEY:?export SPACES_SECRET_KEY first: the secret of the Spaces access key}"',
        ...cnpg.map(
          (p) =>
            `kubectl -n ${shell(ns)} create secret generic ${shell(`${p.name}-backup`)} --from-literal=ACCESS_KEY_ID="\${SPACES_KEY_ID}" --from-literal=ACCESS_SECRET_KEY="\${SPACES_SECRET_KEY}"`,
        ),
        ...extra.map(
          ({ db, secret }) =>
            `kubectl -n ${shell(ns)} create secret generic ${shell(secret.name)} --type=kubernetes.io/basic-auth --from-literal=username=${shell(db)} --from-file=password=<(openssl rand -hex 24 | tr -d '\\n')`,
        ),
      ],
    });
  }
  return steps;
}

/** DEPLOY.md's last check: the Gateway is programmed and the public entry answers on its health path. */
function checkStep(stack: Stack, ns: string, routes: readonly { slug: string; prefix: string }[]): DeployStep | null {
  const serviceOf = indexFirst(stack.services, (s) => s.slug);
  const check = routes.find((r) => serviceOf.get(r.slug)?.healthPath);
  if (!check) return null;
  const svc = serviceOf.get(check.slug)!;
  const path = `${check.prefix === '/' ? '' : check.prefix}${svc.healthPath}`;
  return {
    title: 'Check that the public entry answers',
    text: stack.domain ? `Point ${stack.domain} (an A record) at the load balancer's address first.` : "Through the load balancer's address.",
    commands: [
      `kubectl -n ${shell(ns)} get gateway ${shell(ns)}   # PROGRAMMED True, with the load balancer's address`,
      stack.domain
        ? `curl -fsS ${shell(`https://${stack.domain}${path}`)}`
        : `curl -fsS "http://$(kubectl -n ${shell(ns)} get gateway ${shell(ns)} -o jsonpath='{.status.addresses[0].value}')"${shell(path)}`,
    ],
  };
}
