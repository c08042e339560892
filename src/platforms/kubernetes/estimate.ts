/**
 * Prices a Kubernetes model. Worked example, the built-in stack single-user: control plane $0;
 * pods 2 GB (LiteLLM), 2 GB (Phoenix), 512 MB × 2 fit s-2vcpu-4gb ($24) nodes, 3 of them
 * (see packNodes) = $72; one load balancer $12 for the Gateway; managed PostgreSQL db-s-1vcpu-1gb
 * $15.15 for the shared instance; total $99.15.
 */

import { type LineItem, type PlatformCost, priced, toAlternative } from '../../core/estimate.js';
import { formatMb } from '../../core/number-format.js';
import type { PriceBook } from '../../pricing/price-book.js';
import type { K8sModel } from './model.js';

export function priceKubernetes(model: K8sModel, book: PriceBook): PlatformCost {
  const k = book.platforms.kubernetes;
  const doBook = book.platforms.digitalocean;
  const items: LineItem[] = [];
  items.push(
    model.haControlPlane
      ? priced('Control plane (high availability)', 1, k.haControlPlane, { note: 'multi-user tier: 99.95% SLA' })
      : priced('Control plane', 1, k.controlPlane, { note: 'managed by DigitalOcean' }),
  );
  const { pool } = model;
  items.push(
    priced(`Node pool: ${pool.size.slug}`, pool.count, pool.size.monthly, {
      note: `${pool.count} node(s) of ${pool.size.vcpu} vCPU, ${formatMb(pool.size.memoryMb)} (${formatMb(pool.size.allocatableMemoryMb)} allocatable)`,
    }),
  );
  if (model.loadBalancer) items.push(priced('Load balancer (ingress controller)', 1, k.loadBalancer, { note: 'one regional load balancer node' }));
  for (const v of model.volumes) items.push(priced(`${v.name}: volume`, v.sizeGb, k.volume, { service: v.name }));
  const alternatives = [];
  for (const p of model.postgres) {
    if (p.kind !== 'managed' || !p.plan) continue;
    const managed = [
      priced(`${p.name}: managed PostgreSQL ${p.plan.slug}`, 1, p.plan.monthly, {
        service: p.name,
        note: `${p.storageGb} GB of data; ${p.plan.includedStorageGb} GB included`,
      }),
    ];
    if (p.extraGb > 0) managed.push(priced(`${p.name}: extra storage`, p.extraGb, doBook.extraStorage, { service: p.name }));
    items.push(...managed);
    alternatives.push(
      toAlternative(
        `${p.name}: CloudNativePG in the cluster`,
        [priced(`${p.name}: volume`, Math.max(1, Math.ceil(p.storageGb)), k.volume)],
        managed,
        'Postgres runs on your nodes (they may need to grow by its 1 GB pod) and you own upgrades and backups to a bucket: --postgres cloudnative-pg.',
      ),
    );
  }
  for (const kv of model.keyValues) {
    items.push(priced(`${kv.name}: Managed Valkey ${kv.plan.name}`, 1, kv.plan.monthly, { service: kv.name, note: `for ${formatMb(kv.memoryMb)} of data` }));
  }
  return {
    plan: null,
    lineItems: items,
    sizing: [
      ...model.workloads.map((w) => ({
        service: w.slug,
        size: `${w.cpuMillis}m CPU, ${formatMb(w.memoryMb)}`,
        instances: w.replicas,
        reason: `requests = limits = the service's size${w.hpa ? `; HPA ${w.hpa.min}–${w.hpa.max} replicas` : ''}`,
      })),
      ...model.postgres
        .filter((p) => p.kind === 'cloudnative-pg')
        .map((p) => ({
          service: p.name,
          size: `${p.cpuMillis}m CPU, ${formatMb(p.memoryMb)}`,
          instances: p.instances,
          reason: `CloudNativePG Cluster, ${p.storageGb} GB volume each`,
        })),
      { service: 'nodes', size: pool.size.slug, instances: pool.count, reason: pool.reason },
    ],
    alternatives,
    assumptions: [...model.assumptions, "Internet egress stays within the nodes' pooled Droplet transfer allowance."],
    warnings: model.warnings,
    fitsTier: true,
    nodes: pool.count,
  };
}
