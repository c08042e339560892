/**
 * Kubernetes on DigitalOcean Kubernetes (DOKS): one Deployment per service whose requests and
 * limits are the service's size, packed onto one node pool of the cheapest Droplet size that
 * holds the largest pod; a load balancer in front of the Gateway (Envoy Gateway) when something is
 * public; volumes as block storage; Postgres managed outside the cluster, or CloudNativePG
 * inside it. Modelled on https://docs.digitalocean.com/products/kubernetes/details/pricing/
 * (control plane free, HA $40, nodes at Droplet prices, load balancers and volumes at theirs).
 */
import { formatMb, groupThousands } from '../../core/number-format.js';
import type { Service, Stack } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import type { DigitalOceanBook, KubernetesBook, PriceBook } from '../../pricing/price-book.js';
import { type ManagedPlan, pickManagedPostgres } from '../digitalocean/managed-db.js';
import { cheapestBy, keyValuePlans, type PricedKeyValue } from '../plan-choice.js';

type NodeSize = KubernetesBook['nodeSizes'][number];

/** One service as a Deployment: its replicas and per-pod requests (= limits). */
export interface K8sWorkload {
  slug: string;
  replicas: number;
  /** CPU in millicores (requests and limits). */
  cpuMillis: number;
  memoryMb: number;
  /** Multi-user API services scale between these replica counts. */
  hpa: { min: number; max: number } | null;
  /** A PodDisruptionBudget keeps one replica up through node drains. */
  pdb: boolean;
}

/** A Postgres instance of the stack: a managed cluster outside, or a CloudNativePG Cluster inside. */
export interface K8sPostgres {
  name: string;
  kind: 'managed' | 'cloudnative-pg';
  databases: string[];
  storageGb: number;
  /** Managed: the plan (cheapest with the memory asked for and room for the data) and GB beyond its included storage. */
  plan: ManagedPlan | null;
  extraGb: number;
  /** CloudNativePG: Postgres pods (primary + standbys), each sized like the smallest managed plan. */
  instances: number;
  cpuMillis: number;
  memoryMb: number;
}

export interface K8sNodePool {
  size: NodeSize;
  count: number;
  reason: string;
  /** What the pods request in total, and what the pool offers after headroom. */
  requested: { cpuMillis: number; memoryMb: number };
}

export interface K8sModel {
  /** Namespace every object lives in (the project slug). */
  namespace: string;
  region: string;
  stack: Stack;
  workloads: K8sWorkload[];
  postgres: K8sPostgres[];
  keyValues: PricedKeyValue[];
  pool: K8sNodePool;
  /** The HA control plane (multi-user tier). */
  haControlPlane: boolean;
  /** A load balancer fronts the Gateway'''s Envoy proxy (any public service). */
  loadBalancer: boolean;
  /** Block-storage volumes: service volumes and CloudNativePG data. */
  volumes: { name: string; sizeGb: number }[];
  warnings: Warning[];
  assumptions: string[];
}

/** Millicores from vCPU (0.5 → 500). */
export function millis(vcpu: number): number {
  return Math.round(vcpu * 1000);
}

/** The usable part of a node after the headroom: allocatable memory and vCPU × (1 − headroom). */
export function usable(size: NodeSize, headroom: number): { cpuMillis: number; memoryMb: number } {
  return { cpuMillis: Math.floor(size.vcpu * 1000 * (1 - headroom)), memoryMb: Math.floor(size.allocatableMemoryMb * (1 - headroom)) };
}

/**
 * First-fit decreasing by memory: the number of nodes of `size` the pods need.
 * Worked example, the built-in stack on s-2vcpu-4gb (2,560 MB allocatable, 20% headroom: 2,048 MB
 * and 1,600 m per node): pods 2,048 + 2,048 + 512 + 512 MB → [2,048] [2,048] [512 + 512] = 3 nodes.
 */
export function packNodes(pods: readonly { cpuMillis: number; memoryMb: number }[], capacity: { cpuMillis: number; memoryMb: number }): number {
  let count = 0;
  // Bins that may still take a pod, in the order they were opened. A bin that cannot hold the
  // smallest CPU or the smallest memory of any pod never takes another one, so it leaves the list:
  // the first bin that fits is the same as in a search over every bin, and a stack of thousands
  // of pods does not search thousands of full nodes for each.
  let open: { cpu: number; mem: number }[] = [];
  const sorted = [...pods].sort((a, b) => b.memoryMb - a.memoryMb || b.cpuMillis - a.cpuMillis);
  let minCpu = Infinity;
  let minMem = Infinity;
  for (const p of sorted) {
    minCpu = Math.min(minCpu, p.cpuMillis);
    minMem = Math.min(minMem, p.memoryMb);
  }
  const full = (b: { cpu: number; mem: number }) => b.cpu + minCpu > capacity.cpuMillis || b.mem + minMem > capacity.memoryMb;
  for (const p of sorted) {
    const bin = open.find((b) => b.cpu + p.cpuMillis <= capacity.cpuMillis && b.mem + p.memoryMb <= capacity.memoryMb);
    if (bin) {
      bin.cpu += p.cpuMillis;
      bin.mem += p.memoryMb;
      if (full(bin)) open = open.filter((b) => b !== bin);
    } else {
      count += 1;
      const added = { cpu: p.cpuMillis, mem: p.memoryMb };
      if (!full(added)) open.push(added);
    }
  }
  return count;
}

/**
 * The multi-user HPA's ceiling: room for the largest users figure asked about, and at least for
 * twice the priced one (a spike), one replica above the minimum at least.
 * Worked example: --users 1000,20000 with 5,000 per instance → min 2, max ⌈20,000 ÷ 5,000⌉ = 4.
 */
function hpaMax(stack: Stack, min: number): number {
  return Math.max(min + 1, Math.ceil(Math.max(stack.peakUsers, 2 * stack.users) / stack.usersPerInstance));
}

export function resolveKubernetes(stack: Stack, book: PriceBook): K8sModel {
  const k = book.platforms.kubernetes;
  const doBook = book.platforms.digitalocean;
  const warnings: Warning[] = [];
  const assumptions: string[] = [];
  const multi = stack.tier === 'multi-user';

  const workloads: K8sWorkload[] = stack.services.map((s) => workloadOf(s, stack, multi));
  if (multi && workloads.some((w) => w.hpa)) {
    assumptions.push(
      `API services run at least 2 replicas behind a PodDisruptionBudget (a node drain or rollout never takes them down); a HorizontalPodAutoscaler adds replicas at 70% CPU up to room for ${groupThousands(Math.max(stack.peakUsers, 2 * stack.users))} users (the largest users figure, or twice the priced one); the estimate prices the minimum.`,
    );
  }
  for (const s of stack.services.filter((x) => x.volume && x.instances > 1)) {
    warnings.push(
      warning(
        'kubernetes.volume-replicas',
        'warning',
        `${s.slug} has a volume (ReadWriteOnce block storage), which one node mounts at a time; it runs 1 replica instead of ${s.instances}.`,
        {
          service: s.slug,
          fix: 'Keep its state in Postgres or object storage to run more replicas.',
        },
      ),
    );
  }

  const postgres = k8sPostgres(stack, doBook, multi, warnings, assumptions);

  const keyValues = keyValuePlans(stack.keyValue, doBook.keyValue?.plans ?? [], (kv) =>
    warnings.push(
      warning('kubernetes.no-key-value', 'warning', `No Managed Valkey plan in the price book holds ${formatMb(kv.memoryMb)}; ${kv.name} is not priced.`, {
        service: kv.name,
      }),
    ),
  );

  const pool = nodePool(workloads, postgres, k, multi, warnings);

  const volumes = [
    ...stack.services.filter((s) => s.volume).map((s) => ({ name: `${s.slug}-data`, sizeGb: s.volume!.sizeGb })),
    ...postgres
      .filter((p) => p.kind === 'cloudnative-pg')
      .flatMap((p) => Array.from({ length: p.instances }, (_, i) => ({ name: `${p.name}-${i + 1}`, sizeGb: p.storageGb }))),
  ];
  const loadBalancer = stack.services.some((s) => s.public && s.port !== undefined);

  assumptions.push(
    `Region ${k.regions[stack.region]}; nodes run the whole month (Droplet billing caps a month at 672 hours).`,
    `Node pool: pods are packed by their requests (= limits) with ${k.headroom * 100}% of each node's allocatable CPU and memory kept free for rolling updates and the cluster's own pods.`,
    loadBalancer
      ? 'Public services are reached through one Gateway (Gateway API, served by Envoy Gateway) behind one DigitalOcean load balancer.'
      : 'No public service: no Gateway and no load balancer.',
    multi
      ? 'Control plane: the high-availability option (99.95% SLA), for the multi-user tier.'
      : 'Control plane: the free one (not highly available; running workloads are unaffected by its maintenance).',
  );
  return {
    namespace: stack.slug,
    region: k.regions[stack.region],
    stack,
    workloads,
    postgres,
    keyValues,
    pool,
    haControlPlane: multi,
    loadBalancer,
    volumes,
    warnings,
    assumptions,
  };
}

function workloadOf(s: Service, stack: Stack, multi: boolean): K8sWorkload {
  const scaled = multi && s.role === 'api' && !s.volume;
  const replicas = s.volume ? 1 : scaled ? Math.max(2, s.instances) : s.instances;
  return {
    slug: s.slug,
    replicas,
    cpuMillis: millis(s.vcpu),
    memoryMb: s.memoryMb,
    hpa: scaled ? { min: replicas, max: hpaMax(stack, replicas) } : null,
    pdb: replicas > 1,
  };
}

/** Postgres: managed clusters (the DigitalOcean product App Platform uses, chosen as it chooses them) or CloudNativePG. */
function k8sPostgres(stack: Stack, doBook: DigitalOceanBook, multi: boolean, warnings: Warning[], assumptions: string[]): K8sPostgres[] {
  const cnpg = stack.postgres.kind === 'cloudnative-pg';
  if (stack.postgres.kind === 'dev' && stack.postgres.instances.length > 0) {
    warnings.push(
      warning(
        'kubernetes.postgres-dev',
        'info',
        'Kubernetes has no dev database: Postgres is priced as managed. For Postgres inside the cluster, use --postgres cloudnative-pg.',
        {},
      ),
    );
  }
  const smallest = doBook.managedPostgres[0]!;
  const postgres: K8sPostgres[] = stack.postgres.instances.map((p) => {
    if (cnpg) {
      return {
        name: p.name,
        kind: 'cloudnative-pg',
        databases: p.databases,
        storageGb: Math.max(1, Math.ceil(p.storageGb)),
        plan: null,
        extraGb: 0,
        instances: multi ? 2 : 1,
        cpuMillis: millis(smallest.vcpu),
        memoryMb: smallest.memoryMb,
      };
    }
    // The same plan, and the same blocking warning, as the DigitalOcean target for the same needs.
    const { plan, extraGb, warnings: sizing } = pickManagedPostgres(p, doBook.managedPostgres, 'kubernetes');
    warnings.push(...sizing);
    return { name: p.name, kind: 'managed', databases: p.databases, storageGb: p.storageGb, plan, extraGb, instances: 0, cpuMillis: 0, memoryMb: 0 };
  });
  if (postgres.length > 0) {
    assumptions.push(
      cnpg
        ? `Postgres: a CloudNativePG Cluster per instance in the cluster, ${multi ? 'a primary and a standby' : 'one pod'} each sized like DigitalOcean's smallest managed plan (${smallest.vcpu} vCPU, ${formatMb(smallest.memoryMb)}), its data on a block-storage volume; backups go to an S3-compatible bucket you provide (not priced).`
        : 'Postgres: DigitalOcean Managed PostgreSQL outside the cluster, the cheapest plan with the memory each database asks for (the smallest unless sized) and room for its data, per database instance (one database and user per app).',
    );
  }
  return postgres;
}

/** The node pool: the cheapest Droplet size that holds the largest pod, and the nodes the pods pack onto. */
function nodePool(workloads: readonly K8sWorkload[], postgres: readonly K8sPostgres[], k: KubernetesBook, multi: boolean, warnings: Warning[]): K8sNodePool {
  // Pods to place: every replica, and CloudNativePG's Postgres pods.
  const pods = [
    ...workloads.flatMap((w) => Array.from({ length: w.replicas }, () => ({ cpuMillis: w.cpuMillis, memoryMb: w.memoryMb }))),
    ...postgres.flatMap((p) => Array.from({ length: p.instances }, () => ({ cpuMillis: p.cpuMillis, memoryMb: p.memoryMb }))),
  ];
  const largest = {
    cpuMillis: Math.max(0, ...pods.map((p) => p.cpuMillis)),
    memoryMb: Math.max(0, ...pods.map((p) => p.memoryMb)),
  };
  const fits = k.nodeSizes.filter((z) => {
    const u = usable(z, k.headroom);
    return u.cpuMillis >= largest.cpuMillis && u.memoryMb >= largest.memoryMb;
  });
  let size = cheapestBy(fits, (z) => z.monthly);
  if (!size) {
    size = k.nodeSizes.at(-1)!;
    warnings.push(
      warning(
        'kubernetes.no-node-size',
        'error',
        `No node size in the price book holds a pod of ${largest.cpuMillis}m CPU and ${formatMb(largest.memoryMb)} with ${k.headroom * 100}% headroom.`,
        {
          blocking: true,
          fix: "Lower the largest service's size, or add a larger Droplet size to the price book.",
        },
      ),
    );
  }
  const capacity = usable(size, k.headroom);
  const packed = packNodes(pods, capacity);
  const minNodes = multi ? 2 : 1;
  const count = Math.max(packed, minNodes);
  const requested = { cpuMillis: pods.reduce((a, p) => a + p.cpuMillis, 0), memoryMb: pods.reduce((a, p) => a + p.memoryMb, 0) };
  const reason =
    `cheapest Droplet size whose allocatable ${formatMb(size.allocatableMemoryMb)} and ${size.vcpu} vCPU, less ${k.headroom * 100}% headroom, hold the largest pod (${largest.cpuMillis}m, ${formatMb(largest.memoryMb)}); ` +
    `${pods.length} pods (${requested.cpuMillis}m, ${formatMb(requested.memoryMb)} requested) pack onto ${packed} node(s)` +
    (count > packed ? `; ${minNodes} at least for the multi-user tier, so a node can be drained` : '');
  return { size, count, reason, requested };
}
