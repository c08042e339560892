/**
 * Railway: every service and database is a container in one project, billed per minute for the
 * memory and CPU it really uses. The plan fee is usage credit, so the bill is max(fee, usage);
 * the plan is the cheapest whose per-service limits the stack fits.
 * Modelled on https://docs.railway.com/pricing/plans (src 2026-08-07).
 */

import { type IdlePlan, idlePlan, SECONDS_PER_DAY } from '../../core/idle.js';
import { Decimal, dec } from '../../core/money.js';
import { formatMb } from '../../core/number-format.js';
import { type Stack, volumeDataGb } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import type { PriceBook, RailwayBook } from '../../pricing/price-book.js';
import { type RailwayContainer, usageTotal } from './usage.js';

type RailwayPlan = RailwayBook['plans'][number];

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

/** Every container Railway runs for the stack: its services, a Postgres service per database instance, the key-value stores. */
function railwayContainers(stack: Stack, rb: PriceBook['platforms']['railway']): RailwayContainer[] {
  return [
    ...stack.services.map((s) => ({
      slug: s.slug,
      kind: 'service' as const,
      memoryMb: s.memoryMb,
      vcpu: s.vcpu,
      replicas: s.instances,
      volume: s.volume ? { sizeGb: s.volume.sizeGb, dataGb: volumeDataGb(s.volume), mountPath: s.volume.mountPath } : null,
    })),
    ...stack.postgres.instances.map((p) => ({
      slug: p.name,
      kind: 'postgres' as const,
      memoryMb: p.memoryMb ?? rb.postgres.memoryMb,
      vcpu: rb.postgres.vcpu,
      replicas: 1,
      volume: { sizeGb: p.storageGb, dataGb: p.storageGb, mountPath: '/var/lib/postgresql/data' },
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
}

/** Builds Railway's containers for the stack and picks the plan. */
export function resolveRailway(stack: Stack, book: PriceBook): RailwayModel {
  const rb = book.platforms.railway;
  const idle = stack.activeHours ? idlePlan(stack, rb.idle, stack.activeHours) : null;
  const containers = railwayContainers(stack, rb).map((c) => withMeasuredUse(c, stack, idle));

  const warnings: Warning[] = [];
  const planReasons: string[] = [];
  let chosen: RailwayPlan | undefined;
  let passedOverPaid: string | undefined;
  // A plan with no fee cannot bill beyond its credit: usage past it means the next plan.
  const usage = usageTotal(containers, { utilization: stack.utilization, cpuShare: rb.cpuShare, egressGb: stack.egressGb }, rb.usage);
  for (const plan of rb.plans) {
    const misfit =
      planMisfit(plan, containers) ??
      (Number(plan.fee.amount) === 0 && usage.greaterThan(plan.includedUsage.amount)
        ? `usage of $${usage.toFixed(2)} a month exceeds the ${plan.name} plan's $${dec(plan.includedUsage.amount).toFixed(2)} credit (included usage)`
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
  const sized = splitForReplicaLimits(chosen, containers);
  for (const c of sized) {
    if (c.split) {
      warnings.push(
        warning('railway.replica-split', 'warning', `${c.slug} runs as ${c.replicas} replicas of ${formatMb(c.memoryMb)} / ${c.vcpu} vCPU: ${c.split}.`, {
          service: c.slug,
          fix: 'Make sure the service can run as several replicas behind one domain, or lower its size.',
        }),
      );
    }
  }

  const cap = chosen.limits.volumeGb;
  for (const c of sized) {
    if (c.volume && c.volume.dataGb <= cap && c.volume.dataGb > cap * 0.8 && chosen.id === 'hobby') {
      warnings.push(
        warning(
          'railway.hobby-volume-cap',
          'warning',
          `${c.slug} holds ${round2(c.volume.dataGb)} GB, close to the Hobby volume cap of ${cap} GB; growing past it needs Pro.`,
          {
            service: c.slug,
          },
        ),
      );
    }
  }

  if (stack.postgres.kind === 'dev' && stack.postgres.instances.length > 0) {
    warnings.push(
      warning(
        'railway.postgres-container',
        'info',
        "Railway's Postgres is the same usage-billed container whether you ask for managed or dev; priced the same.",
      ),
    );
  }
  const assumptions = [
    stack.measured
      ? `Railway bills use: measured services at their measured average memory and CPU (stackfare measure); the others at ${pct(stack.utilization)} of requested memory and ${pct(rb.cpuShare)} of requested vCPU × ${pct(stack.utilization)} utilization.`
      : `Railway bills use: memory used = ${pct(stack.utilization)} of requested memory; CPU used = ${pct(rb.cpuShare)} of requested vCPU × ${pct(stack.utilization)} utilization.`,
    `Postgres runs as a Railway service with ${[...new Set(sized.filter((c) => c.kind === 'postgres').map((c) => formatMb(c.memoryMb)))].join(' / ') || formatMb(rb.postgres.memoryMb)} memory and ${rb.postgres.vcpu} vCPU requested; its volume holds the data.`,
    'Volumes are billed on the data they hold (storage used), not the size they may grow to; all egress is public (private-network traffic is free).',
    chosen.replicaLimits
      ? `${chosen.name} limits each replica to ${chosen.replicaLimits.memoryGb} GB / ${chosen.replicaLimits.vcpu} vCPU besides its per-service totals (${chosen.limits.memoryGbPerService} GB / ${chosen.limits.vcpuPerService} vCPU over all replicas).`
      : `${chosen.name} documents per-service totals only (${chosen.limits.memoryGbPerService} GB / ${chosen.limits.vcpuPerService} vCPU over all replicas); no per-replica limit is applied.`,
  ];
  return {
    region: rb.regions[stack.region],
    plan: chosen,
    planReasons,
    containers: sized,
    utilization: stack.utilization,
    cpuShare: rb.cpuShare,
    warnings,
    assumptions,
  };
}

/**
 * A container with what Railway really bills for it: the measured averages (--usage) instead of
 * requested × utilization, and under --active-hours the share of the day it is awake when
 * Railway's sleep rule lets it sleep (a container something keeps awake is billed all day).
 */
function withMeasuredUse(c: RailwayContainer, stack: Stack, idle: IdlePlan | null): RailwayContainer {
  const measured = stack.measured?.services.find((m) => m.service === c.slug);
  const part = idle?.parts.find((p) => p.name === c.slug);
  const awake =
    part?.sleeps === true
      ? {
          fraction: part.awakeSecondsPerDay.dividedBy(SECONDS_PER_DAY),
          hours: part.awakeSecondsPerDay.dividedBy(3600).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString(),
        }
      : undefined;
  return { ...c, ...(measured ? { measured: measured.railway } : {}), ...(awake ? { awake } : {}) };
}

/** Replicas a container needs so that each fits the plan's per-replica limits (1 when none apply). */
function replicasForLimits(plan: RailwayPlan, c: RailwayContainer): number {
  const r = plan.replicaLimits;
  if (!r) return c.replicas;
  const perReplica = Math.max(Math.ceil(c.memoryMb / 1024 / r.memoryGb), Math.ceil(c.vcpu / r.vcpu), 1);
  return perReplica === 1 ? c.replicas : c.replicas * perReplica;
}

/** Only a stateless service can be split into more replicas; a volume or a database cannot. */
function splittable(c: RailwayContainer): boolean {
  return c.kind === 'service' && c.volume === null;
}

/**
 * Why a plan cannot run the containers, naming the rule, or null when it can: per-service totals
 * (memory, vCPU, replicas, volume) and per-replica limits. A stateless service over a per-replica
 * limit fits if splitting it into more replicas does.
 */
function planMisfit(plan: RailwayPlan, containers: readonly RailwayContainer[]): string | null {
  const l = plan.limits;
  for (const c of containers) {
    const totalMb = c.memoryMb * c.replicas;
    if (totalMb / 1024 > l.memoryGbPerService) {
      return `${c.slug} needs ${formatMb(totalMb)} of memory; ${plan.name} allows ${l.memoryGbPerService} GB per service (per-service total)`;
    }
    if (c.vcpu * c.replicas > l.vcpuPerService) {
      return `${c.slug} needs ${c.vcpu * c.replicas} vCPU; ${plan.name} allows ${l.vcpuPerService} per service (per-service total)`;
    }
    const r = plan.replicaLimits;
    const overReplica = r !== undefined && (c.memoryMb / 1024 > r.memoryGb || c.vcpu > r.vcpu);
    if (overReplica && !splittable(c)) {
      return `${c.slug} needs ${formatMb(c.memoryMb)} / ${c.vcpu} vCPU in one replica; ${plan.name} allows ${r.memoryGb} GB / ${r.vcpu} vCPU per replica (per-replica limit), and ${c.kind === 'service' ? 'a service with a volume' : 'a database'} cannot be split`;
    }
    const replicas = overReplica ? replicasForLimits(plan, c) : c.replicas;
    if (replicas > l.replicas) {
      return overReplica
        ? `${c.slug} would need ${replicas} replicas to stay within ${plan.name}'s ${r!.memoryGb} GB / ${r!.vcpu} vCPU per replica; ${plan.name} allows ${l.replicas} (replica count)`
        : `${c.slug} needs ${c.replicas} replicas; ${plan.name} allows ${l.replicas} (replica count)`;
    }
    if (c.volume && c.volume.dataGb > l.volumeGb) {
      return `${c.slug} holds ${round2(c.volume.dataGb)} GB on its volume; ${plan.name} volumes stop at ${l.volumeGb} GB (volume size)`;
    }
  }
  return null;
}

/**
 * The containers as the chosen plan runs them: a stateless service over its per-replica limit
 * becomes more, smaller replicas with the same totals (Pro: 32 GB → 2 × 16 GB), and says why.
 */
function splitForReplicaLimits(plan: RailwayPlan, containers: readonly RailwayContainer[]): RailwayContainer[] {
  const r = plan.replicaLimits;
  return containers.map((c) => {
    if (!r || !splittable(c) || (c.memoryMb / 1024 <= r.memoryGb && c.vcpu <= r.vcpu)) return c;
    const replicas = replicasForLimits(plan, c);
    const factor = replicas / c.replicas;
    return {
      ...c,
      replicas,
      memoryMb: Math.ceil(c.memoryMb / factor),
      vcpu: Math.ceil((c.vcpu / factor) * 100) / 100,
      split: `${plan.name} caps each replica at ${r.memoryGb} GB / ${r.vcpu} vCPU (per-replica limit), so ${formatMb(c.memoryMb)} / ${c.vcpu} vCPU × ${c.replicas} is split into ${replicas} replicas`,
    };
  });
}

function pct(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
function round2(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
