/**
 * Railway: every service and database is a container in one project, billed per minute for the
 * memory and CPU it really uses. The plan fee is usage credit, so the bill is max(fee, usage);
 * the plan is the cheapest whose per-service limits the stack fits.
 * Modelled on https://docs.railway.com/pricing/plans (src 2026-08-07).
 */
import type { Stack } from '../../core/stack.js';
import { warning, type Warning } from '../../core/warnings.js';
import type { PriceBook, RailwayBook } from '../../pricing/price-book.js';
import { exactTotal } from '../../core/estimate.js';
import { dec } from '../../core/money.js';
import { formatMb } from '../shared.js';
import { usageItems } from './estimate.js';

type RailwayPlan = RailwayBook['plans'][number];

export interface RailwayContainer {
  slug: string;
  kind: 'service' | 'postgres' | 'key-value';
  /** Requested memory per replica, MB. */
  memoryMb: number;
  /** Requested vCPU per replica. */
  vcpu: number;
  replicas: number;
  volume: { sizeGb: number; mountPath: string } | null;
}

export interface RailwayModel {
  region: string;
  plan: RailwayPlan;
  /** Why cheaper plans were passed over. */
  planReasons: string[];
  containers: RailwayContainer[];
  /** Share of requested memory used; CPU used = requested × cpuShare × utilization. */
  utilization: number;
  cpuShare: number;
  warnings: Warning[];
  assumptions: string[];
}

/** Builds Railway's containers for the stack and picks the plan. */
export function resolveRailway(stack: Stack, book: PriceBook): RailwayModel {
  const rb = book.platforms.railway;
  const containers: RailwayContainer[] = [
    ...stack.services.map((s) => ({
      slug: s.slug,
      kind: 'service' as const,
      memoryMb: s.memoryMb,
      vcpu: s.vcpu,
      replicas: s.instances,
      volume: s.volume ? { ...s.volume } : null,
    })),
    ...stack.postgres.instances.map((p) => ({
      slug: p.name,
      kind: 'postgres' as const,
      memoryMb: rb.postgres.memoryMb,
      vcpu: rb.postgres.vcpu,
      replicas: 1,
      volume: { sizeGb: p.storageGb, mountPath: '/var/lib/postgresql/data' },
    })),
    ...stack.keyValue.map((kv) => ({
      slug: kv.name,
      kind: 'key-value' as const,
      memoryMb: kv.memoryMb,
      vcpu: 0.5,
      replicas: 1,
      volume: null,
    })),
  ];

  const warnings: Warning[] = [];
  const planReasons: string[] = [];
  let chosen: RailwayPlan | undefined;
  let passedOverPaid: string | undefined;
  // A plan with no fee cannot bill beyond its credit: usage past it means the next plan.
  const usage = exactTotal(usageItems(containers, { utilization: stack.utilization, cpuShare: rb.cpuShare, egressGb: stack.egressGb }, rb.usage));
  for (const plan of rb.plans) {
    const misfit =
      planMisfit(plan, containers) ??
      (Number(plan.fee.amount) === 0 && usage.greaterThan(plan.includedUsage.amount)
        ? `usage of $${usage.toFixed(2)} a month exceeds the ${plan.name} plan's $${dec(plan.includedUsage.amount).toFixed(2)} credit`
        : null);
    if (misfit === null) {
      chosen = plan;
      break;
    }
    planReasons.push(`${plan.name}: ${misfit}`);
    if (Number(plan.fee.amount) > 0) passedOverPaid = misfit;
  }
  if (chosen === undefined) {
    chosen = rb.plans[rb.plans.length - 1]!;
    warnings.push(
      warning('railway.over-limits', 'error', `The stack exceeds every Railway plan's limits (${planReasons.at(-1)}).`, {
        blocking: true,
        fix: 'Split the service, lower its size, or ask Railway for Enterprise limits.',
      }),
    );
  } else if (passedOverPaid !== undefined) {
    // Passing over the free plan is normal; passing over a paid one is an upgrade worth flagging.
    warnings.push(
      warning('railway.plan-upgrade', 'warning', `Needs the ${chosen.name} plan: ${passedOverPaid}.`, {
        fix: `Choose ${chosen.name}, or bring the service within the cheaper plan's limits.`,
      }),
    );
  }

  const cap = chosen.limits.volumeGb;
  for (const c of containers) {
    if (c.volume && c.volume.sizeGb <= cap && c.volume.sizeGb > cap * 0.8 && chosen.id === 'hobby') {
      warnings.push(
        warning('railway.hobby-volume-cap', 'warning', `${c.slug} volume (${c.volume.sizeGb} GB) is close to the Hobby cap of ${cap} GB; growing past it needs Pro.`, {
          service: c.slug,
        }),
      );
    }
  }

  if (stack.postgres.kind === 'dev' && stack.postgres.instances.length > 0) {
    warnings.push(warning('railway.postgres-container', 'info', "Railway's Postgres is the same usage-billed container whether you ask for managed or dev; priced the same."));
  }
  const assumptions = [
    `Railway bills use: memory used = ${pct(stack.utilization)} of requested memory; CPU used = ${pct(rb.cpuShare)} of requested vCPU × ${pct(stack.utilization)} utilization.`,
    `Postgres runs as a Railway service with ${formatMb(rb.postgres.memoryMb)} memory and ${rb.postgres.vcpu} vCPU requested; its volume holds the data.`,
    'Volumes are billed at their full size; all egress is public (private-network traffic is free).',
  ];
  return { region: rb.regions[stack.region], plan: chosen, planReasons, containers, utilization: stack.utilization, cpuShare: rb.cpuShare, warnings, assumptions };
}

function planMisfit(plan: RailwayPlan, containers: readonly RailwayContainer[]): string | null {
  const l = plan.limits;
  for (const c of containers) {
    const totalMb = c.memoryMb * c.replicas;
    if (totalMb / 1024 > l.memoryGbPerService) {
      return `${c.slug} needs ${formatMb(totalMb)} of memory; ${plan.name} allows ${l.memoryGbPerService} GB per service`;
    }
    if (c.vcpu * c.replicas > l.vcpuPerService) {
      return `${c.slug} needs ${c.vcpu * c.replicas} vCPU; ${plan.name} allows ${l.vcpuPerService} per service`;
    }
    if (c.replicas > l.replicas) return `${c.slug} needs ${c.replicas} replicas; ${plan.name} allows ${l.replicas}`;
    if (c.volume && c.volume.sizeGb > l.volumeGb) {
      return `${c.slug} needs a ${round2(c.volume.sizeGb)} GB volume; ${plan.name} volumes stop at ${l.volumeGb} GB`;
    }
  }
  return null;
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
function round2(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
