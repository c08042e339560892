/**
 * Render: a workspace plan plus one instance price per service instance; Postgres is a managed
 * instance with storage billed per GB; bandwidth past the workspace allowance is billed per GB.
 * Modelled on render.com/pricing (read through a 2026-09-28 verification note) and
 * https://render.com/docs/blueprint-spec.
 */

import { dec } from '../../core/money.js';
import { dollars, formatMb } from '../../core/number-format.js';
import type { Stack } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import type { PriceBook, RenderBook } from '../../pricing/price-book.js';
import { cheapestBy, keyValuePlans, type PricedKeyValue } from '../plan-choice.js';
import { pickSize } from '../sizes.js';

type InstanceType = RenderBook['instanceTypes'][number];
type WorkspacePlan = RenderBook['workspacePlans'][number];
type PostgresPlan = RenderBook['postgresPlans'][number];

export interface RenderService {
  slug: string;
  /** Blueprint service type: public web service, private service, or background worker. */
  type: 'web' | 'pserv' | 'worker';
  instance: InstanceType;
  count: number;
  reason: string;
  disk: { sizeGb: number; mountPath: string } | null;
}

export interface RenderDatabase {
  name: string;
  /** The free plan instead of a paid one (answers: postgres dev). */
  dev: boolean;
  plan: PostgresPlan;
  /** Provisioned storage: 1 GB or a multiple of 5 GB (the free plan's is fixed: null). */
  storageGb: number | null;
  databases: string[];
  /** The paid plan and storage, priced as the alternative of a free database. */
  managed: { plan: PostgresPlan; storageGb: number };
}

export interface RenderModel {
  region: string;
  workspace: WorkspacePlan;
  workspaceReason: string;
  services: RenderService[];
  databases: RenderDatabase[];
  /** Key Value instances for the stack's Redis/Valkey stores. */
  keyValues: PricedKeyValue[];
  /** Services small enough for the free instance type (which sleeps), none the user keeps on (alwaysOn). */
  freeCandidates: string[];
  /** Hours a day the stack is in use (--active-hours); undefined: always on. Paid instances bill all month either way. */
  activeHours: number | undefined;
  warnings: Warning[];
  assumptions: string[];
}

/** Render Postgres storage sizes are 1 GB or multiples of 5 GB. */
export function renderStorageGb(gb: number): number {
  return gb <= 1 ? 1 : Math.ceil(gb / 5) * 5;
}

/** A value and the warnings found while choosing it. */
interface Chosen<T> {
  value: T;
  warnings: Warning[];
}

/** A service's instance type, its Blueprint type and count, its disk; none (with a blocking warning) when no type holds it. */
function renderService(s: Stack['services'][number], paid: readonly InstanceType[]): Chosen<RenderService | null> {
  const unfit: Warning[] = [];
  const instance = pickSize(
    paid,
    (t) => t.vcpu >= s.vcpu && t.memoryMb >= s.memoryMb,
    (t) => t.monthly,
    unfit,
    {
      code: 'render.no-instance',
      message: `No Render instance type has ${s.vcpu} vCPU and ${formatMb(s.memoryMb)}.`,
      service: s.slug,
      fix: 'Lower the service size or split it.',
    },
  );
  if (!instance) return { value: null, warnings: unfit };
  const smaller = paid.filter((t) => t.memoryMb < instance.memoryMb && t.memoryMb >= 512);
  const gap = smaller.length > 0 && instance.memoryMb > s.memoryMb;
  const reason = gap
    ? `Render has no ${formatMb(s.memoryMb)} size: ${instance.name} (${formatMb(instance.memoryMb)}, ${dollars(instance.monthly.amount)}) is the smallest with ≥ ${formatMb(s.memoryMb)}`
    : `cheapest instance type with ≥ ${s.vcpu} vCPU and ≥ ${formatMb(s.memoryMb)}`;
  // Anything others reach on a port is a private service: workers receive no private traffic.
  const type: RenderService['type'] = s.public ? 'web' : s.ports.length > 0 ? 'pserv' : 'worker';
  const disk = s.volume ? { sizeGb: Math.max(1, Math.ceil(s.volume.sizeGb)), mountPath: s.volume.mountPath } : null;
  if (disk && s.instances > 1) {
    const w = warning(
      'render.disk-single-instance',
      'warning',
      `${s.slug} has a disk, and a Render service with a disk runs one instance; priced at 1 instead of ${s.instances}.`,
      {
        service: s.slug,
        fix: 'Move its state to Postgres to scale it out.',
      },
    );
    return { value: { slug: s.slug, type, instance, count: 1, reason, disk }, warnings: [w] };
  }
  return { value: { slug: s.slug, type, instance, count: s.instances, reason, disk }, warnings: [] };
}

/**
 * Whether a service could run on the free instance type: public, called by no other service, one
 * instance, no disk, small enough, and not kept on by the user (a free service spins down when idle).
 */
function freeCandidate(r: RenderService, s: Stack['services'][number], free: InstanceType | undefined, called: boolean, keptOn: boolean): boolean {
  // Free web services cannot receive private traffic (only those no other service calls) and cannot scale past one instance.
  const fits = free !== undefined && s.vcpu <= free.vcpu && s.memoryMb <= free.memoryMb;
  return fits && r.type === 'web' && !called && !keptOn && r.count === 1 && !r.disk;
}

type StackPostgres = Stack['postgres']['instances'][number];

/** The cheapest paid plan with the memory the database asks for (Basic-1gb and up), else the largest with an error. */
function paidPostgresPlan(p: StackPostgres, paidPlans: readonly PostgresPlan[]): Chosen<PostgresPlan> {
  const need = p.memoryMb ?? 0;
  const plan = cheapestBy(
    paidPlans.filter((x) => x.memoryMb >= need),
    (x) => x.monthly,
  );
  if (plan) return { value: plan, warnings: [] };
  const largest = paidPlans.reduce((a, x) => (x.memoryMb > a.memoryMb ? x : a));
  const w = warning(
    'render.postgres-too-large',
    'error',
    `${p.name} asks for ${formatMb(need)}; the largest Render Postgres plan in the price book (${largest.name}) has ${formatMb(largest.memoryMb)}.`,
    {
      service: p.name,
      blocking: true,
      fix: 'Lower its memory, or add the larger plan to the price book with --pricing FILE.',
    },
  );
  return { value: largest, warnings: [w] };
}

/** One Postgres instance: its paid plan and storage, or the free plan (answers: postgres dev) with what it cannot hold. */
function renderDatabase(p: StackPostgres, paidPlans: readonly PostgresPlan[], freePlan: PostgresPlan | undefined): Chosen<RenderDatabase> {
  const need = p.memoryMb ?? 0;
  const pgPlan = paidPostgresPlan(p, paidPlans);
  const warnings = [...pgPlan.warnings];
  const managed = { plan: pgPlan.value, storageGb: renderStorageGb(p.storageGb) };
  if (!freePlan) return { value: { name: p.name, dev: false, plan: pgPlan.value, storageGb: managed.storageGb, databases: p.databases, managed }, warnings };
  if (need > freePlan.memoryMb) {
    warnings.push(
      warning('render.free-postgres-memory', 'warning', `${p.name} asks for ${formatMb(need)}; Render's free Postgres has ${formatMb(freePlan.memoryMb)}.`, {
        service: p.name,
        fix: `Use a paid plan (--postgres managed: ${pgPlan.value.name}).`,
      }),
    );
  }
  if (p.storageGb > 1) {
    warnings.push(
      warning('render.free-postgres-full', 'error', `${p.name} holds ${p.storageGb} GB; Render's free Postgres stops at 1 GB.`, {
        service: p.name,
        blocking: true,
        fix: 'Use a paid plan (--postgres managed) or keep less data.',
      }),
    );
  }
  return { value: { name: p.name, dev: true, plan: freePlan, storageGb: null, databases: p.databases, managed }, warnings };
}

/** The workspace plan: the cheapest once its bandwidth allowance and domain count are counted, and why not the others. */
function renderWorkspace(stack: Stack, rb: RenderBook, componentCount: number): { workspace: WorkspacePlan; reason: string } {
  const domains = stack.domain ? 1 : 0;
  const costOf = (w: WorkspacePlan) =>
    dec(w.fee.amount)
      .plus(dec(Math.max(0, stack.egressGb - w.bandwidthGb)).times(rb.bandwidthOverage.amount))
      .plus(dec(Math.max(0, domains - w.customDomains)).times(rb.extraCustomDomain.amount));
  const allowed = rb.workspacePlans.filter((w) => w.maxServices === null || w.maxServices >= componentCount);
  const workspace = allowed.reduce((a, b) => (costOf(b).lessThan(costOf(a)) ? b : a), allowed[0] ?? rb.workspacePlans.at(-1)!);
  const reason = rb.workspacePlans
    .filter((w) => w !== workspace)
    .map((w) =>
      allowed.includes(w)
        ? `${w.name} would cost $${costOf(w).toFixed(2)} in fee and bandwidth against $${costOf(workspace).toFixed(2)}`
        : `${w.name} allows ${w.maxServices} services; the stack has ${componentCount}`,
    )
    .join('; ');
  return { workspace, reason };
}

/** What the workspace plan leaves to know: bandwidth billed past its allowance, a short recovery window. */
function workspaceWarnings(stack: Stack, rb: RenderBook, workspace: WorkspacePlan): Warning[] {
  const warnings: Warning[] = [];
  if (stack.egressGb > workspace.bandwidthGb) {
    warnings.push(
      warning(
        'render.bandwidth-overage',
        'info',
        `${stack.egressGb} GB of egress exceeds the ${workspace.name} workspace's ${workspace.bandwidthGb} GB; the rest is billed at ${dollars(rb.bandwidthOverage.amount)}/GB.`,
        {
          fix: 'Keep a card on file, or Render suspends services instead of billing the overage.',
        },
      ),
    );
  }
  if (stack.tier !== 'local' && workspace.pitrDays < 7) {
    warnings.push(
      warning('render.pitr-window', 'info', `Point-in-time recovery keeps ${workspace.pitrDays} days on the ${workspace.name} workspace (7 on Pro).`),
    );
  }
  return warnings;
}

/** Render's services, databases, stores and workspace for the stack. */
export function resolveRender(stack: Stack, book: PriceBook): RenderModel {
  const rb = book.platforms.render;
  const paid = rb.instanceTypes.filter((t) => !t.free);
  const free = rb.instanceTypes.find((t) => t.free);
  // Services another one calls, in one pass over the links.
  const calledSlugs = new Set(stack.links.filter((l) => l.from !== l.to).map((l) => l.to));
  const chosenServices = stack.services.map((s) => ({ s, chosen: renderService(s, paid) }));
  const services = chosenServices.flatMap(({ chosen }) => (chosen.value ? [chosen.value] : []));
  const alwaysOn = stack.activeHours?.alwaysOn ?? [];
  const keptOn = (s: Stack['services'][number]) => alwaysOn.includes(s.slug) || alwaysOn.includes(s.name);
  const freeCandidates = chosenServices
    .filter(({ s, chosen }) => chosen.value && freeCandidate(chosen.value, s, free, calledSlugs.has(s.slug), keptOn(s)))
    .map(({ s }) => s.slug);

  const paidPlans = rb.postgresPlans.filter((p) => !p.free);
  const smallestPlan = cheapestBy(paidPlans, (p) => p.monthly)!;
  const freePlan = rb.postgresPlans.find((p) => p.free);
  const dev = stack.postgres.kind === 'dev' && freePlan !== undefined;
  const chosenDatabases = stack.postgres.instances.map((p) => renderDatabase(p, paidPlans, dev ? freePlan : undefined));
  const databases = chosenDatabases.map((d) => d.value);
  const warnings = [...chosenServices.flatMap(({ chosen }) => chosen.warnings), ...chosenDatabases.flatMap((d) => d.warnings)];
  if (dev && databases.length > 0) {
    warnings.push(
      warning('render.free-postgres', 'warning', "Render's free Postgres expires after 30 days (then 14 days to upgrade), holds 1 GB and has no backups.", {
        fix: 'Upgrade it to a paid plan in the dashboard, or use --postgres managed.',
      }),
    );
  }
  const keyValues = keyValuePlans(stack.keyValue, rb.keyValue?.plans ?? [], (kv) =>
    warnings.push(
      warning('render.no-key-value', 'warning', `No Render Key Value plan in the price book holds ${formatMb(kv.memoryMb)}; ${kv.name} is not priced.`, {
        service: kv.name,
      }),
    ),
  );
  const { workspace, reason: workspaceReason } = renderWorkspace(stack, rb, services.length + databases.length + keyValues.length);
  warnings.push(...workspaceWarnings(stack, rb, workspace));
  const assumptions = [
    `Region ${rb.regions[stack.region]}; instances run the whole month.`,
    dev
      ? 'Postgres: the free plan per database instance, as the answers ask (1 GB, expires after 30 days).'
      : `Postgres: the cheapest paid plan (point-in-time recovery) with the memory each database asks for (${smallestPlan.name} unless sized), per database instance; storage rounded up to 1 GB or a multiple of 5 GB.`,
    `Workspace: ${workspace.name}${workspaceReason ? ` (${workspaceReason})` : ''}.`,
  ];
  const activeHours = stack.activeHours?.hours;
  return { region: rb.regions[stack.region], workspace, workspaceReason, services, databases, keyValues, freeCandidates, activeHours, warnings, assumptions };
}
