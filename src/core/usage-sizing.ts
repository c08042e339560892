/**
 * Sizes from measurement: a usage file (`stackfare measure`) read against a stack's services.
 * Per measured service the size it needs (p95 working set × headroom, p95 CPU), the figures
 * Railway bills (the AVERAGE memory and CPU it really used) and the egress the window implies
 * for a month. Pure: the usage file was read and validated by the caller, and `now` arrives as
 * an argument (the core never reads the clock).
 */
import { Decimal, dec } from './money.js';
import type { Stack } from './stack.js';
import type { ServiceUsage, UsageFile } from './usage.js';
import { type Warning, warning } from './warnings.js';

/** Headroom over the p95 working set when none is given (--headroom). */
export const DEFAULT_HEADROOM = 1.25;
/** A usage file older than this many days gets a warning: the stack may have changed since. */
export const STALE_AFTER_DAYS = 30;
/** A window shorter than this (seconds) gets a warning: too short to see a working day's peaks. */
export const MIN_WINDOW_SECONDS = 5 * 60;
/** Seconds in the 30-day month the platforms' monthly prices are written for. */
export const SECONDS_PER_MONTH = 30 * 24 * 3600;
/** The smallest service memory the stack accepts (ServiceInputSchema's memoryMb minimum). */
export const MIN_SERVICE_MEMORY_MB = 128;

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
/** Egress is counted in decimal GB (10^9 bytes): the larger of the two readings, so the bound stays an upper bound. */
const EGRESS_GB = 1_000_000_000;

/** What is wrong with a headroom value, or null when it is a number of at least 1. */
export function headroomError(value: unknown): string | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return `--headroom must be a number such as 1.25 (got ${JSON.stringify(value)}).`;
  if (n < 1) return `--headroom must be at least 1 (1 = exactly the measured p95; got ${n}): a size below what the service used would run out of memory.`;
  return null;
}

/** One measured service's sizing need and billing figures. */
export interface ServiceSizing {
  /** The stack service's slug. */
  service: string;
  /** Its name in the usage file (the compose service). */
  measuredAs: string;
  /** Containers (replicas) the figures were summed over: the most seen at once. */
  replicas: number;
  /** p95 working set of ONE instance, MiB (the summed p95 divided by the replicas). */
  p95MemoryMb: number;
  /** p95 × headroom, MiB, exact (not rounded). */
  needMb: number;
  /** needMb rounded up to whole MiB, at least MIN_SERVICE_MEMORY_MB: the `memoryMb` to size the service with. */
  memoryMb: number;
  /** p95 CPU of one instance, vCPU, rounded up to 0.01; null when the file has no CPU figures (keep the default). */
  vcpu: number | null;
  /** What Railway bills for the service (all replicas): measured average memory in GB (GiB, as Railway's GB) and CPU in vCPU. */
  railway: { memoryGb: Decimal; vcpu: Decimal | null };
  /** Bytes sent during the window, scaled to a 30-day month, in GB (10^9 bytes). An upper bound: private traffic included. */
  egressGbPerMonth: Decimal;
  /** One line for the estimate's assumptions, beside the size. */
  assumption: string;
}

/** The usage file read against a stack. */
export interface UsageSizing {
  /** Measured services, in the stack's order. */
  services: ServiceSizing[];
  /** Names in the usage file that match no stack service (databases the stack prices itself are listed apart). */
  unmatchedInFile: string[];
  /** Stack services (slugs) the file has no figures for: they keep today's defaults. */
  unmeasured: string[];
  /** Usage-file names that are the stack's Postgres instances or key-value stores (priced by each platform's database rules). */
  databases: string[];
  /** Egress of every measured service, per month, GB: the stack's egress when measured. */
  egressGbPerMonth: Decimal;
  headroom: number;
  assumptions: string[];
  warnings: Warning[];
}

/** The parts of a Stack the sizing reads (kept narrow so the platforms' resolve step can pass theirs). */
export interface SizingStack {
  services: readonly { name: string; slug: string }[];
  postgres?: { instances: readonly { name: string }[] };
  keyValue?: readonly { name: string }[];
}

/** Options of sizeFromUsage: the headroom (default 1.25) and the current time (for the age warning). */
export interface SizingOptions {
  headroom?: number;
  now: Date;
}

/**
 * Reads a usage file against a stack's services: matched by name (the stack's name or slug, the
 * compose service's name), unmatched names listed on both sides. Throws RangeError for a headroom
 * below 1 (validate flags with headroomError first to give the user a clear message).
 */
export function sizeFromUsage(usage: UsageFile, stack: SizingStack, options: SizingOptions): UsageSizing {
  const headroom = options.headroom ?? DEFAULT_HEADROOM;
  const problem = headroomError(headroom);
  if (problem) throw new RangeError(problem);
  const matched = matchServices(usage, stack);
  const services = matched.pairs.map(([slug, name]) => sizeService(slug, name, usage.services[name]!, usage, headroom));
  const egress = services.reduce((sum, s) => sum.plus(s.egressGbPerMonth), new Decimal(0));
  return {
    services,
    unmatchedInFile: matched.unmatchedInFile,
    unmeasured: matched.unmeasured,
    databases: matched.databases,
    egressGbPerMonth: egress,
    headroom,
    assumptions: sizingAssumptions(usage, headroom, matched, egress),
    warnings: sizingWarnings(usage, options.now, matched),
  };
}

interface Matched {
  pairs: [slug: string, usageName: string][];
  unmatchedInFile: string[];
  unmeasured: string[];
  databases: string[];
}

/** Pairs stack services with usage-file services by name, then by slug (compose names are often slugs already). */
function matchServices(usage: UsageFile, stack: SizingStack): Matched {
  const inFile = new Set(Object.keys(usage.services));
  const pairs: [string, string][] = [];
  const unmeasured: string[] = [];
  for (const s of stack.services) {
    const name = [s.name, s.slug].find((n) => inFile.has(n));
    if (name === undefined) unmeasured.push(s.slug);
    else {
      pairs.push([s.slug, name]);
      inFile.delete(name);
    }
  }
  const stores = new Set([...(stack.postgres?.instances ?? []).map((p) => p.name), ...(stack.keyValue ?? []).map((k) => k.name)]);
  const rest = [...inFile].sort();
  return { pairs, unmeasured, databases: rest.filter((n) => stores.has(n)), unmatchedInFile: rest.filter((n) => !stores.has(n)) };
}

/** Rounds a float up to `digits` decimals, as an exact decimal (never below the measured value). */
function ceilTo(value: number, digits: number): number {
  return dec(String(value)).toDecimalPlaces(digits, Decimal.ROUND_UP).toNumber();
}

function sizeService(slug: string, name: string, u: ServiceUsage, usage: UsageFile, headroom: number): ServiceSizing {
  // Figures are summed over replicas; one instance's share is the sum over the replicas that ran.
  // When the count varied, the fewest is the safe divisor (a larger share per instance).
  const replicas = u.replicas.min === u.replicas.max ? u.replicas.max : Math.max(1, u.replicas.min);
  const p95MemoryMb = dec(u.memoryBytes.p95).dividedBy(MIB).dividedBy(replicas).toNumber();
  const needMb = dec(u.memoryBytes.p95)
    .dividedBy(MIB)
    .dividedBy(replicas)
    .times(dec(String(headroom)))
    .toNumber();
  const memoryMb = Math.max(MIN_SERVICE_MEMORY_MB, Math.ceil(needMb));
  const vcpu = u.cpuVcpu === null ? null : Math.max(0.01, ceilTo(u.cpuVcpu.p95 / replicas, 2));
  const railway = {
    memoryGb: dec(u.memoryBytes.avg).dividedBy(GIB),
    vcpu: u.cpuVcpu === null ? null : dec(String(u.cpuVcpu.avg)),
  };
  const egressGbPerMonth = monthlyEgressGb(u.networkTx.bytes, usage.window.seconds);
  const sizing = { service: slug, measuredAs: name, replicas, p95MemoryMb, needMb, memoryMb, vcpu, railway, egressGbPerMonth };
  return { ...sizing, assumption: serviceAssumption(sizing, headroom, u) };
}

/** Bytes sent over a window of `seconds`, scaled to a 30-day month, in GB (0 for an empty window). */
export function monthlyEgressGb(bytes: number, seconds: number): Decimal {
  if (seconds <= 0) return new Decimal(0);
  return dec(bytes).times(SECONDS_PER_MONTH).dividedBy(seconds).dividedBy(EGRESS_GB);
}

const mb = (v: number) => `${dec(String(v)).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toString()} MB`;

function serviceAssumption(s: Omit<ServiceSizing, 'assumption'>, headroom: number, u: ServiceUsage): string {
  const per = s.replicas > 1 ? ` per instance (${s.replicas} replicas measured)` : '';
  const floor = s.memoryMb > Math.ceil(s.needMb) ? `, raised to the ${MIN_SERVICE_MEMORY_MB} MB minimum` : '';
  const cpu = s.vcpu === null ? 'CPU not measured (default kept)' : `p95 CPU ${s.vcpu} vCPU`;
  const railwayCpu = s.railway.vcpu === null ? '' : ` and ${s.railway.vcpu.toDecimalPlaces(3, Decimal.ROUND_HALF_UP).toString()} vCPU`;
  const stopped = u.stopped.length > 0 ? ` A container stopped during the window: ${u.stopped.join('; ')}.` : '';
  return (
    `${s.service} sized from measurement (${s.measuredAs}): p95 working set ${mb(s.p95MemoryMb)}${per} × ${headroom} headroom = ${mb(s.needMb)}${floor}; ${cpu}; ` +
    `Railway bills its measured average, ${s.railway.memoryGb.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString()} GB${railwayCpu}.${stopped}`
  );
}

/** "10 min", "2 h 5 min", "45 s" for a window length. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return h > 0 ? `${h} h${m > 0 ? ` ${m} min` : ''}` : `${m} min`;
}

/** "2026-12-01 10:00 UTC" from an ISO time (as written, without reading the clock). */
function day(iso: string): string {
  // measure writes toISOString() (UTC, 'Z'); another form is shown as written.
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/.test(iso) ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : iso;
}

function sizingAssumptions(usage: UsageFile, headroom: number, m: Matched, egress: Decimal): string[] {
  const w = usage.window;
  const out = [
    `Sizes from measurement: stackfare measure sampled compose project ${usage.project} from ${day(w.start)} for ${formatDuration(w.seconds)} ` +
      `(${usage.samples} samples every ${w.intervalSeconds} s${usage.interrupted ? ', stopped early with Ctrl-C' : ''}); ` +
      `each measured service is sized at its p95 working set × ${headroom} headroom and its p95 CPU, rounded up to each platform's sizes.`,
    `Egress from measurement: ${egress.toDecimalPlaces(2, Decimal.ROUND_UP).toString()} GB a month, the bytes the measured containers sent in ${formatDuration(w.seconds)} scaled to a 30-day month. ` +
      "An upper bound: the containers' counters include private traffic (service to service, to the database), which no platform bills as egress.",
  ];
  if (m.unmeasured.length > 0) out.push(`Not in the usage file, so sized by default: ${m.unmeasured.join(', ')}.`);
  if (m.databases.length > 0) out.push(`Measured but priced by each platform's database plans: ${m.databases.join(', ')}.`);
  return out;
}

function sizingWarnings(usage: UsageFile, now: Date, m: Matched): Warning[] {
  const out: Warning[] = [];
  const end = Date.parse(usage.window.end);
  const ageDays = Number.isNaN(end) ? null : (now.getTime() - end) / 86_400_000;
  if (ageDays !== null && ageDays > STALE_AFTER_DAYS) {
    out.push(
      warning(
        'usage.stale',
        'warning',
        `The usage file was measured ${Math.floor(ageDays)} days ago (${day(usage.window.end)}), more than ${STALE_AFTER_DAYS}: the stack may use more or less today.`,
        {
          fix: 'Measure again: stackfare measure --duration 30m while the stack does its usual work.',
        },
      ),
    );
  }
  if (usage.window.seconds < MIN_WINDOW_SECONDS) {
    out.push(
      warning(
        'usage.short',
        'warning',
        `The usage file covers only ${formatDuration(usage.window.seconds)} (under ${MIN_WINDOW_SECONDS / 60} minutes): too short to see the stack's peaks.`,
        {
          fix: 'Measure for longer while the stack is in use: stackfare measure --duration 30m.',
        },
      ),
    );
  }
  if (m.unmatchedInFile.length > 0) {
    out.push(
      warning(
        'usage.unmatched',
        'warning',
        `The usage file (project ${usage.project}) has services this stack does not: ${m.unmatchedInFile.join(', ')}. It may come from another stack.`,
        {
          fix: 'Use the usage file measured for this compose project, or rename the services to match.',
        },
      ),
    );
  }
  return out;
}

/**
 * The smallest size whose memory holds `needMb` (the first of equal sizes), or null when none
 * does. For size lists without prices; where sizes carry prices, the platforms' "cheapest that
 * fits" with the service's memoryMb set to ServiceSizing.memoryMb gives the same rounding up.
 */
export function roundUpToSize<T extends { memoryMb: number }>(needMb: number, sizes: readonly T[]): T | null {
  let best: T | null = null;
  for (const s of sizes) if (s.memoryMb >= needMb && (best === null || s.memoryMb < best.memoryMb)) best = s;
  return best;
}

/**
 * The stack with its measured services sized from measurement: a NEW stack (nothing changed in
 * place) whose measured services take `memoryMb` and (when measured) `vcpu` from the sizing, whose
 * egress is the measured upper bound, with the sizing's assumptions and warnings added. The
 * platforms then round up to their sizes as they do today. Railway should bill
 * `sizing.services[].railway` (the measured averages) instead of requested × utilization.
 */
export function applyUsageSizing(stack: Stack, sizing: UsageSizing): Stack {
  const bySlug = new Map(sizing.services.map((s) => [s.service, s]));
  const services = stack.services.map((svc) => {
    const m = bySlug.get(svc.slug);
    return m === undefined ? svc : { ...svc, memoryMb: m.memoryMb, vcpu: m.vcpu ?? svc.vcpu };
  });
  // Whole GB-cents: the estimators price egress per GB; rounding up keeps the bound an upper bound.
  const egressGb = sizing.services.length > 0 ? sizing.egressGbPerMonth.toDecimalPlaces(2, Decimal.ROUND_UP).toNumber() : stack.egressGb;
  return {
    ...stack,
    services,
    egressGb,
    measured: { services: sizing.services, headroom: sizing.headroom },
    assumptions: [...stack.assumptions, ...sizing.assumptions, ...sizing.services.map((s) => s.assumption)],
    warnings: [...stack.warnings, ...sizing.warnings],
  };
}

/** A usage file as the commands hand it to the core: its contents and the time it is read at (for the age warning). */
export interface Measurement {
  file: UsageFile;
  now: Date;
}

/** The stack sized from a measurement when there is one (headroom as the answers give it, default 1.25); else the stack as is. */
export function measuredStack(stack: Stack, measurement: Measurement | undefined, headroom: number | undefined): Stack {
  if (measurement === undefined) return stack;
  const options = headroom === undefined ? { now: measurement.now } : { headroom, now: measurement.now };
  return applyUsageSizing(stack, sizeFromUsage(measurement.file, stack, options));
}
