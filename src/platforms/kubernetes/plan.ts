/**
 * Kubernetes files: `k8s/` as a kustomization (`kubectl apply -k k8s/`) holding the namespace,
 * one file per service, the ingress, the network policies and (CloudNativePG) the Postgres
 * clusters, sized from the model the estimate priced; plus the common .env.example, DEPLOY.md
 * (with every `kubectl create secret` step: no secret value is ever in a manifest) and
 * db/databases.sql for a shared managed instance.
 */
import { indexFirst } from '../../core/collections.js';
import { pathRoutes, type Stack } from '../../core/stack.js';
import { warning, type Warning } from '../../core/warnings.js';
import { kubernetesBootstrapSteps } from './bootstrap.js';
import { commonFiles, headerText, urlVar, type DataMigration, type DeployStep } from '../../render/common.js';
import { shell } from '../../render/serialize.js';
import { dollars, formatMb } from '../shared.js';
import type { FilePlan, GeneratedPlan, GenerateContext } from '../types.js';
import {
  BACKUP_BUCKET_PLACEHOLDER,
  BUILT_IMAGE_UID,
  CNPG_PORT,
  cnpgObjects,
  configFilePath,
  configKey,
  configName,
  databaseSecret,
  imageOf,
  ingressObject,
  keyValueSecret,
  MANAGED_PG_PORT,
  networkPolicies,
  pgHostVar,
  REGISTRY_PLACEHOLDER,
  runsNonRoot,
  secretsName,
  serviceObjects,
  type K8sObject,
} from './manifests.js';
import type { K8sModel } from './model.js';

/** Folder of the kustomization. */
export const K8S_DIR = 'k8s';
/** Versions the DEPLOY.md install steps pin (upgrade them deliberately). */
export const INGRESS_NGINX_VERSION = 'controller-v1.12.1';
export const CERT_MANAGER_VERSION = 'v1.17.2';
export const CNPG_RELEASE = { branch: 'release-1.27', version: '1.27.0' };

/** The manifests of a model, by file name under k8s/ (kustomization order: namespace first). */
export function manifestFiles(model: K8sModel): { path: string; title: string; objects: K8sObject[] }[] {
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
    files.push({ path: `${s.slug}.yaml`, title: `${s.name}: ${s.exposure}.`, objects: serviceObjects(s, w, model) });
  }
  const ingress = ingressObject(stack, model, pathRoutes(stack));
  if (ingress) files.push({ path: 'ingress.yaml', title: 'The public entry: only public services have a route.', objects: [ingress] });
  files.push({ path: 'network-policies.yaml', title: 'Who may call whom, from the service graph: everything else is denied.', objects: networkPolicies(stack, model) });
  return files;
}

/** The kustomization: resources in apply order, the config files as generated ConfigMaps. */
export function kustomization(model: K8sModel, resources: readonly string[]): Record<string, unknown> {
  const generators = model.stack.services
    .filter((s) => s.mounts.length > 0)
    .map((s) => ({ name: configName(s.slug), files: s.mounts.map((m, i) => `${configKey(i, m.source)}=${configFilePath(s.slug, i, m.source)}`) }));
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    namespace: model.namespace,
    resources: [...resources],
    configMapGenerator: generators.length > 0 ? generators : undefined,
  };
}

export function kubernetesFilesPlan(model: K8sModel, _input: Stack, ctx: GenerateContext): GeneratedPlan {
  const stack = model.stack;
  const ns = model.namespace;
  const book = ctx.book.platforms.kubernetes;
  const warnings: Warning[] = [];
  const manifests = manifestFiles(model);
  const header = headerText(ctx);
  const k8sFiles: FilePlan[] = [
    { path: `${K8S_DIR}/kustomization.yaml`, template: 'kubernetes/kustomization.yaml', context: { header, kustomization: kustomization(model, manifests.map((m) => m.path)) } },
    ...manifests.map((m) => ({ path: `${K8S_DIR}/${m.path}`, template: 'kubernetes/manifests.yaml', context: { header, title: m.title, documents: m.objects } })),
  ];

  for (const s of stack.services.filter((x) => !runsNonRoot(x))) {
    warnings.push(
      warning('kubernetes.root-image', 'info', `${s.slug} runs as its image's own user (${s.image}), which may be root; it still cannot escalate privileges and drops every capability.`, {
        service: s.slug,
        fix: 'Use a non-root variant of the image if there is one, and add runAsNonRoot with its user to the Deployment.',
      }),
    );
  }
  for (const s of stack.services) {
    s.mounts.forEach((m) => {
      if (!/\.[A-Za-z0-9]+$/.test(m.source)) {
        warnings.push(
          warning('kubernetes.config-folder', 'warning', `${s.slug} mounts ${m.source}, which looks like a folder; a ConfigMap holds files, so it is mounted as one file.`, {
            service: s.slug,
            fix: `List the folder's files in ${K8S_DIR}/kustomization.yaml's configMapGenerator and mount the ConfigMap at ${m.target} without subPath.`,
          }),
        );
      }
    });
  }

  const steps: DeployStep[] = [];
  const pool = model.pool;
  steps.push({
    title: 'Create the cluster and point kubectl at it',
    text:
      `DigitalOcean Kubernetes in ${model.region}: ${pool.count} × ${pool.size.slug} (${dollars(pool.size.monthly.amount)} a month each), as estimated${model.haControlPlane ? `, with the high-availability control plane (${dollars(book.haControlPlane.amount)} a month)` : ''}. ` +
      'You need doctl (logged in with doctl auth init) and kubectl. Any other conformant cluster works too: skip this step and keep the rest.',
    commands: [
      `doctl kubernetes cluster create ${shell(ns)} --region ${shell(model.region)} --version latest --node-pool ${shell(`name=${ns}-pool;size=${pool.size.slug};count=${pool.count}`)}${model.haControlPlane ? ' --ha' : ''}`,
      `doctl kubernetes cluster kubeconfig save ${shell(ns)}`,
      'kubectl get nodes',
    ],
  });
  const built = stack.services.filter((s) => !s.image);
  if (built.length > 0) {
    steps.push({
      title: 'Build and push the images built from source',
      text:
        `${built.map((s) => s.slug).join(', ')} build from your repository. Create a container registry, replace ${REGISTRY_PLACEHOLDER} in ${K8S_DIR}/ with registry.digitalocean.com/<your-registry>, and let the cluster pull from it. ` +
        `The pods run as user ${BUILT_IMAGE_UID} (runAsNonRoot): the image must not need root (files it writes owned by that user, ports above 1024).`,
      commands: [
        'doctl registry create <your-registry>   # once',
        'doctl registry login',
        ...built.flatMap((s) => {
          const context = s.build?.context ?? '.';
          const file = s.build?.dockerfile ? ` -f ${shell(`${context.replace(/\/$/, '')}/${s.build.dockerfile}`)}` : '';
          return [`docker build -t ${shell(imageOf(s).replace(REGISTRY_PLACEHOLDER, 'registry.digitalocean.com/<your-registry>'))}${file} ${shell(context)}`, `docker push ${shell(imageOf(s).replace(REGISTRY_PLACEHOLDER, 'registry.digitalocean.com/<your-registry>'))}`];
        }),
        `doctl kubernetes cluster registry add ${shell(ns)}`,
      ],
    });
  }
  const routes = pathRoutes(stack);
  if (routes.length > 0) {
    steps.push({
      title: 'Install the ingress controller' + (stack.domain ? ' and cert-manager' : ''),
      text:
        `ingress-nginx creates one DigitalOcean load balancer (${dollars(book.loadBalancer.amount)} a month, in the estimate) in front of the Ingress.` +
        (stack.domain
          ? ` cert-manager issues the TLS certificate for ${stack.domain} into the Secret ${ns}-tls through a ClusterIssuer named letsencrypt: create it with your e-mail (https://cert-manager.io/docs/configuration/acme/).`
          : ''),
      commands: [
        `kubectl apply -f https://raw.githubusercontent.com/kubernetes/ingress-nginx/${INGRESS_NGINX_VERSION}/deploy/static/provider/do/deploy.yaml`,
        'kubectl -n ingress-nginx rollout status deployment/ingress-nginx-controller',
        ...(stack.domain ? [`kubectl apply -f https://github.com/cert-manager/cert-manager/releases/download/${CERT_MANAGER_VERSION}/cert-manager.yaml`] : []),
      ],
    });
  }
  const cnpg = model.postgres.filter((p) => p.kind === 'cloudnative-pg');
  if (cnpg.length > 0) {
    steps.push({
      title: 'Install the CloudNativePG operator',
      text: 'It runs the Postgres clusters of k8s/postgres.yaml and generates each bootstrap database\'s credentials (the <cluster>-app Secret).',
      commands: [
        `kubectl apply --server-side -f https://raw.githubusercontent.com/cloudnative-pg/cloudnative-pg/${CNPG_RELEASE.branch}/releases/cnpg-${CNPG_RELEASE.version}.yaml`,
        'kubectl -n cnpg-system rollout status deployment/cnpg-controller-manager',
      ],
    });
  }
  steps.push({ title: 'Create the namespace', text: 'The secrets below live in it, so it comes first.', commands: [`kubectl apply -f ${K8S_DIR}/namespace.yaml`] });

  const managed = model.postgres.filter((p) => p.kind === 'managed' && p.plan);
  managed.forEach((p) => {
    const hostVar = pgHostVar(p.name);
    const apps = p.databases.map((db) => ({ db, secret: databaseSecret(model, p.name, db) }));
    steps.push({
      title: `Create the managed PostgreSQL cluster ${p.name}`,
      text:
        `${p.plan!.slug} as estimated (${dollars(p.plan!.monthly.amount)} a month, ${p.plan!.includedStorageGb} GB included${p.extraGb > 0 ? `; add ${p.extraGb} GB under Settings > Storage` : ''}). ` +
        'Each app gets its own database and user; the cluster\'s firewall admits only the Kubernetes cluster; each app\'s connection details go into a Secret the Deployment composes its URL from.',
      commands: [
        `doctl databases create ${shell(`${ns}-${p.name}`)} --engine pg --version 17 --region ${shell(model.region)} --size ${shell(p.plan!.slug)} --num-nodes 1`,
        `export CLUSTER_ID="$(doctl databases list --format ID,Name --no-header | awk ${shell(`$2 == "${ns}-${p.name}" { print $1 }`)})"`,
        'doctl databases get "$CLUSTER_ID" --format Status --no-header   # repeat until it says online',
        `doctl databases firewalls append "$CLUSTER_ID" --rule k8s:"$(doctl kubernetes cluster get ${shell(ns)} --format ID --no-header)"`,
        `export ${hostVar}="$(doctl databases connection "$CLUSTER_ID" --private --format Host --no-header)"`,
        ...apps.flatMap(({ db, secret }) => [
          `doctl databases db create "$CLUSTER_ID" ${shell(db)}`,
          `doctl databases user create "$CLUSTER_ID" ${shell(db)}`,
          `kubectl -n ${shell(ns)} create secret generic ${shell(secret.name)} --from-literal=host="\${${hostVar}}" --from-literal=port=${MANAGED_PG_PORT} --from-literal=username=${shell(db)} --from-literal=password="$(doctl databases user get "$CLUSTER_ID" ${shell(db)} --format Password --no-header)" --from-literal=dbname=${shell(db)}`,
        ]),
      ],
    });
  });
  for (const kv of model.keyValues) {
    steps.push({
      title: `Create the managed Valkey cluster ${kv.name}`,
      text: `${kv.plan.id} as estimated (${dollars(kv.plan.monthly.amount)} a month); its URL goes into the Secret ${keyValueSecret(kv.name)}.`,
      commands: [
        `doctl databases create ${shell(`${ns}-${kv.name}`)} --engine valkey --region ${shell(model.region)} --size ${shell(kv.plan.id)} --num-nodes 1`,
        `export KV_ID="$(doctl databases list --format ID,Name --no-header | awk ${shell(`$2 == "${ns}-${kv.name}" { print $1 }`)})"`,
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
        (extra.length > 0 ? 'The databases after each cluster\'s first get their own owner role, whose password you generate here (URL-safe: hex).' : ''),
      commands: [
        'export SPACES_KEY_ID=... SPACES_SECRET_KEY=...   # the Spaces access key; never commit it',
        ...cnpg.map((p) => `kubectl -n ${shell(ns)} create secret generic ${shell(`${p.name}-backup`)} --from-literal=ACCESS_KEY_ID="\${SPACES_KEY_ID}" --from-literal=ACCESS_SECRET_KEY="\${SPACES_SECRET_KEY}"`),
        ...extra.map(({ db, secret }) => `kubectl -n ${shell(ns)} create secret generic ${shell(secret.name)} --type=kubernetes.io/basic-auth --from-literal=username=${shell(db)} --from-literal=password="$(openssl rand -hex 24)"`),
      ],
    });
  }
  const withSecrets = stack.services.filter((s) => s.env.some((e) => (e.secret && !e.from) || (!e.secret && !e.from && !e.ref && e.value === undefined)));
  if (withSecrets.length > 0) {
    const names = [...new Set(withSecrets.flatMap((s) => s.env.filter((e) => e.secret && !e.from).map((e) => e.name)))];
    steps.push({
      title: 'Set the secrets',
      text:
        'Export each value in your shell (never in a file you commit), then create one Secret per service; the Deployments read them by name. ' +
        'To change one later, delete and re-create the Secret, then restart the Deployment (kubectl rollout restart).',
      commands: [
        ...(names.length > 0 ? [`export ${names.map((n) => `${n}=...`).join(' ')}   # your values, typed here only`] : []),
        ...withSecrets.map((s) => {
          const vars = s.env.filter((e) => e.secret && !e.from);
          return `kubectl -n ${shell(ns)} create secret generic ${shell(secretsName(s.slug))}${vars.map((e) => ` --from-literal=${e.name}="\${${e.name}}"`).join('')}`;
        }),
      ],
    });
  }
  const mounted = stack.services.filter((s) => s.mounts.length > 0);
  if (mounted.length > 0) {
    steps.push({
      title: 'Copy the config files into k8s/',
      text: 'kustomize reads files only inside k8s/, and turns them into ConfigMaps (a changed file rolls the pods). Copy them again whenever they change.',
      commands: mounted.flatMap((s) =>
        s.mounts.map((m, i) => {
          const target = `${K8S_DIR}/${configFilePath(s.slug, i, m.source)}`;
          return `mkdir -p ${shell(target.slice(0, target.lastIndexOf('/')))} && cp ${shell(m.source.replace(/^\.\//, ''))} ${shell(target)}`;
        }),
      ),
    });
  }
  steps.push({
    title: 'Apply the manifests',
    text: `kubectl applies every file of ${K8S_DIR}/kustomization.yaml in order and waits for nothing: watch the rollouts.`,
    commands: [
      `kubectl apply -k ${K8S_DIR}/`,
      ...cnpg.map((p) => `kubectl -n ${shell(ns)} wait --for=condition=Ready cluster/${shell(p.name)} --timeout=10m`),
      ...model.workloads.map((w) => `kubectl -n ${shell(ns)} rollout status deployment/${shell(w.slug)} --timeout=10m`),
    ],
  });
  const serviceOf = indexFirst(stack.services, (s) => s.slug);
  const check = routes.find((r) => serviceOf.get(r.slug)?.healthPath);
  if (check) {
    const svc = serviceOf.get(check.slug)!;
    const path = `${check.prefix === '/' ? '' : check.prefix}${svc.healthPath}`;
    steps.push({
      title: 'Check that the public entry answers',
      text: stack.domain ? `Point ${stack.domain} (an A record) at the load balancer's address first.` : 'Through the load balancer\'s address.',
      commands: [
        `kubectl -n ${shell(ns)} get ingress ${shell(ns)}`,
        stack.domain
          ? `curl -fsS ${shell(`https://${stack.domain}${path}`)}`
          : `curl -fsS "http://$(kubectl -n ${shell(ns)} get ingress ${shell(ns)} -o jsonpath='{.status.loadBalancer.ingress[0].ip}')"${shell(path)}`,
      ],
    });
  }

  const files: FilePlan[] = [
    ...k8sFiles,
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
    }),
  ];
  const nextSteps = [
    `Create the cluster: ${pool.count} × ${pool.size.slug} (${formatMb(pool.size.memoryMb)} each) with doctl (DEPLOY.md).`,
    'Create the namespace and the secrets with kubectl create secret generic (DEPLOY.md).',
    `kubectl apply -k ${K8S_DIR}/`,
  ];
  return { files, warnings, nextSteps };
}

/**
 * Where the copy reaches each database: a managed cluster through its public connection string as
 * doadmin (doctl prints it; the stack's databases sit beside defaultdb), a CloudNativePG cluster
 * through kubectl port-forward to its read-write Service, as each database's owner from its Secret.
 */
function k8sDataMigration(model: K8sModel): DataMigration {
  const ns = model.namespace;
  const setup: string[] = [];
  const targets: DataMigration['targets'] = [];
  const cnpg = model.postgres.filter((p) => p.kind === 'cloudnative-pg');
  for (const p of model.postgres) {
    if (p.kind === 'managed' && p.plan) {
      const variable = urlVar(p.name);
      setup.push(
        `export ${variable}="$(doctl databases connection "$(doctl databases list --format ID,Name --no-header | awk ${shell(`$2 == "${ns}-${p.name}" { print $1 }`)})" --format URI --no-header)"`,
      );
      for (const db of p.databases) targets.push({ name: db, url: `"\${${variable}%%/defaultdb*}/${db}?sslmode=require"` });
    } else if (p.kind === 'cloudnative-pg') {
      const local = 15432 + cnpg.indexOf(p);
      setup.push(`kubectl -n ${shell(ns)} port-forward service/${shell(`${p.name}-rw`)} ${local}:${CNPG_PORT} &   # in the background: stop it after the copy (kill %${cnpg.indexOf(p) + 1})`);
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
        ? ['A managed cluster\'s firewall admits only the Kubernetes cluster: add this machine for the copy (doctl databases firewalls append <cluster id> --rule ip_addr:<your IP>) and remove it after; the copy connects as the cluster\'s admin user doadmin over TLS.']
        : []),
      ...(cnpg.length > 0 ? ['A CloudNativePG cluster is reached through kubectl port-forward to its read-write Service, as each database\'s owner (its Secret).'] : []),
    ].join(' '),
    setup,
    targets,
  };
}
