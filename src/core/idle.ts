/**
 * Hours of use (--active-hours): which parts of a stack can sleep on a platform, why the others
 * cannot (sleep blockers read from the stack graph and settings), and what each part is billed
 * when used H hours a day under the platform's idle rule from the price book. Pure and exact:
 * money in decimal.js, closed to cents once.
 */
import type { IdleRule, Price } from '../pricing/price-book.js';
import { Decimal, dec, toCents } from './money.js';
import type { Link, Service, Stack } from './stack.js';

/** Seconds in a day: the billed share of a month is awake seconds a day over this. */
export const SECONDS_PER_DAY = 86_400;
/** Root file system a stopped Fly machine is billed for when the image size is unknown, GB. */
export const DEFAULT_ROOTFS_GB = 1;

/** What is wrong with an --active-hours value, or null when 0 < H ≤ 24. */
export function activeHoursError(value: unknown): string | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return `--active-hours must be a number of hours a day, such as 3 (got ${JSON.stringify(value)}).`;
  if (n <= 0 || n > 24) return `--active-hours must be above 0 and at most 24 (hours a day the stack is in use; got ${n}).`;
  return null;
}

/** Why a part of the stack cannot sleep. */
export type BlockerKind =
  | 'platform'
  | 'always-on'
  | 'worker'
  | 'scheduled'
  | 'no-port'
  | 'outbound-traffic'
  | 'private-caller'
  | 'telemetry'
  | 'database-pool'
  | 'healthcheck';

/** One reason a part stays awake all day: what, who causes it (a service slug, or null), and why in words. */
export interface SleepBlocker {
  kind: BlockerKind;
  by: string | null;
  why: string;
}

/** The service fields the blockers read. */
export type IdleService = Pick<Service, 'name' | 'slug' | 'role' | 'port' | 'ports' | 'env' | 'database' | 'keyValue'> &
  Partial<Pick<Service, 'command' | 'entrypoint' | 'image' | 'healthcheck'>>;

/** The parts of a Stack the idle rules read. */
export interface IdleStack {
  services: readonly IdleService[];
  links: readonly Link[];
  postgres: { instances: readonly Pick<Stack['postgres']['instances'][number], 'name' | 'usedBy'>[] };
  keyValue: readonly Pick<Stack['keyValue'][number], 'name' | 'usedBy'>[];
}

/** The parts of a platform's idle rule the blockers read. */
export type BlockerRule = Pick<IdleRule, 'sleeps' | 'summary' | 'idleSignal' | 'idleMinutes' | 'databasesSleep'>;

/** A part of the stack that may sleep: a service, a Postgres instance, a key-value store. */
export interface IdleComponent {
  name: string;
  kind: 'service' | 'postgres' | 'key-value';
}

const TELEMETRY_VAR = /OTEL|OTLP|COLLECTOR|TELEMETRY|TRACE|JAEGER|ZIPKIN|TEMPO/i;
const TELEMETRY_PORTS = new Set([4317, 4318, 9411, 14268]);
const SCHEDULED = /\b(cron|crond|crontab|scheduler|schedule|beat|supercronic|ofelia|apscheduler)\b/i;

/** The link carries telemetry (an OTLP or tracing endpoint): spans and metrics flow while the sender runs. */
export function isTelemetryLink(link: Pick<Link, 'variable' | 'port'>): boolean {
  return TELEMETRY_VAR.test(link.variable) || TELEMETRY_PORTS.has(link.port);
}

const has = (list: readonly string[], s: IdleService) => list.includes(s.slug) || list.includes(s.name);

/** Reasons a service cannot sleep whatever the others do: settings, role, schedule, no port, own traffic. */
function ownBlockers(s: IdleService, stack: IdleStack, rule: BlockerRule, alwaysOn: readonly string[]): SleepBlocker[] {
  const out: SleepBlocker[] = [];
  if (has(alwaysOn, s)) out.push({ kind: 'always-on', by: null, why: `you asked for it to stay on (--service ${s.name}:alwaysOn=true)` });
  if (s.role === 'worker') out.push({ kind: 'worker', by: null, why: 'a worker takes jobs on its own, not from requests: no request would wake it' });
  const scheduled = [s.command, s.entrypoint, s.name, s.image].find((t) => t !== undefined && SCHEDULED.test(t));
  if (scheduled !== undefined) {
    out.push({
      kind: 'scheduled',
      by: null,
      why: `it runs on a schedule ("${scheduled.match(SCHEDULED)![0]}" in "${scheduled}"): nothing wakes a sleeping service when its time comes`,
    });
  }
  if (s.role !== 'worker' && s.port === undefined && s.ports.length === 0)
    out.push({ kind: 'no-port', by: null, why: 'it listens on no port, so no request can wake it once stopped' });
  if (rule.idleSignal === 'outbound-packets') out.push(...outboundBlockers(s, stack, rule));
  return out;
}

/** Where activity is what a service SENDS (Railway), its own pools and exporters keep it awake. */
function outboundBlockers(s: IdleService, stack: IdleStack, rule: BlockerRule): SleepBlocker[] {
  const out: SleepBlocker[] = [];
  const quiet = rule.idleMinutes === null ? '' : ` for ${rule.idleMinutes} minutes`;
  const stores = [s.database?.instance, s.keyValue ?? undefined].filter((x): x is string => x !== undefined);
  for (const store of stores) {
    out.push({
      kind: 'outbound-traffic',
      by: null,
      why: `its connection pool to ${store} keeps sending packets, and the platform sleeps only a service that sent none${quiet}`,
    });
  }
  for (const l of stack.links.filter((x) => x.from === s.slug && isTelemetryLink(x))) {
    out.push({
      kind: 'outbound-traffic',
      by: null,
      why: `it exports telemetry to ${l.to} (${l.variable}), and the platform sleeps only a service that sent nothing${quiet}`,
    });
  }
  return out;
}

/** The host names a healthcheck command names (http://litellm:4000/health → litellm). */
function healthcheckTargets(s: IdleService, slugs: ReadonlySet<string>): string[] {
  const text = s.healthcheck?.test.join(' ') ?? '';
  const hosts = [...text.matchAll(/(?:\/\/|@|\s)([a-z0-9][a-z0-9-]*)(?=[:/\s]|$)/gi)].map((m) => m[1]!.toLowerCase());
  return [...new Set(hosts.filter((h) => slugs.has(h) && h !== s.slug))];
}

/** Blockers an awake service puts on the parts it reaches: the services it calls, its stores, what it health-checks. */
function inducedBlockers(from: IdleService, stack: IdleStack, slugs: ReadonlySet<string>): [string, SleepBlocker][] {
  const out: [string, SleepBlocker][] = [];
  for (const l of stack.links.filter((x) => x.from === from.slug && x.to !== from.slug)) {
    out.push(
      isTelemetryLink(l)
        ? [
            l.to,
            { kind: 'telemetry', by: from.slug, why: `${from.slug} runs all day and exports telemetry to it (${l.variable}): spans and metrics keep arriving` },
          ]
        : [
            l.to,
            {
              kind: 'private-caller',
              by: from.slug,
              why: `${from.slug} runs all day and calls it over the private network (${l.variable}): a call at any hour wakes it`,
            },
          ],
    );
  }
  for (const p of stack.postgres.instances.filter((x) => x.usedBy.includes(from.slug))) {
    out.push([p.name, { kind: 'database-pool', by: from.slug, why: `${from.slug} runs all day and holds a connection pool to it` }]);
  }
  for (const k of stack.keyValue.filter((x) => x.usedBy.includes(from.slug))) {
    out.push([k.name, { kind: 'database-pool', by: from.slug, why: `${from.slug} runs all day and keeps connections to it open` }]);
  }
  for (const target of healthcheckTargets(from, slugs)) {
    out.push([target, { kind: 'healthcheck', by: from.slug, why: `${from.slug} runs all day and its healthcheck calls it every interval` }]);
  }
  return out;
}

/** Every part of the stack, services first, then Postgres instances and key-value stores. */
export function idleComponents(stack: IdleStack): IdleComponent[] {
  return [
    ...stack.services.map((s) => ({ name: s.slug, kind: 'service' as const })),
    ...stack.postgres.instances.map((p) => ({ name: p.name, kind: 'postgres' as const })),
    ...stack.keyValue.map((k) => ({ name: k.name, kind: 'key-value' as const })),
  ];
}

/**
 * Sleep blockers per part (by name; an empty list: it can sleep). Parts awake for their own
 * reasons keep what they reach awake, and so on until nothing changes. On a platform that never
 * sleeps every part has the one 'platform' blocker; databases the platform never puts to sleep
 * (managed ones) have it too, besides the pools that would keep them up anyway.
 */
export function sleepBlockers(stack: IdleStack, rule: BlockerRule, alwaysOn: readonly string[] = []): Map<string, SleepBlocker[]> {
  const blockers = new Map<string, SleepBlocker[]>(idleComponents(stack).map((c) => [c.name, []]));
  if (!rule.sleeps) {
    for (const list of blockers.values()) list.push({ kind: 'platform', by: null, why: rule.summary });
    return blockers;
  }
  if (!rule.databasesSleep) {
    for (const c of idleComponents(stack).filter((x) => x.kind !== 'service')) {
      blockers.get(c.name)!.push({ kind: 'platform', by: null, why: 'the platform runs its databases all month' });
    }
  }
  const slugs = new Set(stack.services.map((s) => s.slug));
  const awake: IdleService[] = [];
  for (const s of stack.services) {
    const own = ownBlockers(s, stack, rule, alwaysOn);
    blockers.get(s.slug)!.push(...own);
    if (own.length > 0) awake.push(s);
  }
  // Breadth-first: each service that turns out to be awake adds what it reaches, once.
  for (let i = 0; i < awake.length; i++) {
    for (const [target, b] of inducedBlockers(awake[i]!, stack, slugs)) {
      const list = blockers.get(target);
      if (list === undefined) continue;
      const wasAsleep = list.length === 0;
      list.push(b);
      const service = stack.services.find((s) => s.slug === target);
      if (wasAsleep && service !== undefined) awake.push(service);
    }
  }
  return blockers;
}

/** How the stack is used: hours a day, in how many separate stretches (each ends with the platform's idle wait). */
export interface ActiveHours {
  /** Hours a day in use, 0 < H ≤ 24. */
  hours: number;
  /** Separate stretches of use a day (default 1): each adds the idle minutes before the part sleeps. */
  sessionsPerDay?: number;
}

/**
 * Seconds a day a part is billed: all day when it cannot sleep (or the platform never sleeps),
 * else the active hours plus, per stretch of use, the minutes the platform waits before it sleeps.
 */
export function billedSecondsPerDay(use: ActiveHours, rule: Pick<IdleRule, 'sleeps' | 'idleMinutes'>, canSleep: boolean): Decimal {
  const problem = activeHoursError(use.hours);
  if (problem) throw new RangeError(problem);
  if (!rule.sleeps || !canSleep) return dec(SECONDS_PER_DAY);
  const wait = dec(rule.idleMinutes ?? 0)
    .times(60)
    .times(use.sessionsPerDay ?? 1);
  const awake = dec(String(use.hours)).times(3600).plus(wait);
  return Decimal.min(awake, SECONDS_PER_DAY);
}

/** The month's bill for one part: running time at its always-on price, and what it pays while stopped. */
export interface IdleMonthly {
  /** Share of the month it runs (awake seconds a day ÷ 86,400). */
  fraction: Decimal;
  /** alwaysOnMonthly × fraction. */
  running: Decimal;
  /** Stopped storage (Fly root file system) for the rest of the month; 0 elsewhere. */
  stopped: Decimal;
  /** running + stopped, exact. */
  total: Decimal;
  /** total in whole cents (half away from zero). */
  cents: number;
  /** How the figure was made, for the estimate's assumptions. */
  note: string;
}

/**
 * What one part costs a month when billed only while awake: its always-on monthly price (the
 * platform's own figure for a whole month) times the share of the month it runs, plus, where the
 * platform bills a stopped machine's storage, that storage for the rest of the month.
 */
export function idleMonthly(
  alwaysOnMonthly: Decimal,
  awakeSecondsPerDay: Decimal,
  stopped?: { gb: number; price: Pick<Price, 'amount' | 'unit'> },
): IdleMonthly {
  // One division, last: the share of a day is a repeating decimal (11,100 / 86,400).
  const running = alwaysOnMonthly.times(awakeSecondsPerDay).dividedBy(SECONDS_PER_DAY);
  const asleep = dec(SECONDS_PER_DAY).minus(awakeSecondsPerDay);
  const storage =
    stopped && asleep.greaterThan(0) ? dec(String(stopped.gb)).times(dec(stopped.price.amount)).times(asleep).dividedBy(SECONDS_PER_DAY) : new Decimal(0);
  const total = running.plus(storage);
  const hours = awakeSecondsPerDay.dividedBy(3600).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString();
  const storageNote = storage.isZero() ? '' : ` + ${stopped!.gb} GB root file system at $${stopped!.price.amount}/${stopped!.price.unit} while stopped`;
  return {
    fraction: awakeSecondsPerDay.dividedBy(SECONDS_PER_DAY),
    running,
    stopped: storage,
    total,
    cents: toCents(total),
    note: `$${alwaysOnMonthly.toFixed(2, Decimal.ROUND_HALF_UP)} a month always on × ${hours} h of 24 a day${storageNote}`,
  };
}

/** One part of the stack under a platform's idle rule. */
export interface IdlePart extends IdleComponent {
  /** It sleeps when unused (no blocker). */
  sleeps: boolean;
  /** Why it stays awake all day (empty when it sleeps). */
  blockers: SleepBlocker[];
  /** Seconds a day it is billed. */
  awakeSecondsPerDay: Decimal;
  /** Services that call it over the private network (a sleeping one is woken by them: see the wake costs). */
  calledBy: string[];
}

/** The stack under a platform's idle rule, for a number of hours of use a day. */
export interface IdlePlan {
  activeHours: number;
  platformSleeps: boolean;
  parts: IdlePart[];
  /** What waking costs on this platform: cold-start seconds and the caveats, each with its source. */
  wakeCosts: string[];
  /** Lines for the estimate: the rule, the hours billed, every part that cannot sleep and why. */
  assumptions: string[];
}

/** Options of idlePlan: hours of use, parts kept on by the user (slugs or names), stretches a day. */
export interface IdleOptions extends ActiveHours {
  alwaysOn?: readonly string[];
}

/** The idle rule's parts idlePlan reads. */
export type PlanRule = BlockerRule & Pick<IdleRule, 'coldStartSeconds' | 'wakeCaveats' | 'source' | 'asOf'>;

/**
 * The stack under a platform's idle rule: per part whether it sleeps, why not, and its billed
 * seconds a day; the wake-up costs and the assumptions in words. Price each part with
 * idleMonthly(its always-on monthly price, part.awakeSecondsPerDay, stopped storage).
 */
export function idlePlan(stack: IdleStack, rule: PlanRule, options: IdleOptions): IdlePlan {
  const blockers = sleepBlockers(stack, rule, options.alwaysOn ?? []);
  const parts = idleComponents(stack).map((c) => {
    const b = blockers.get(c.name)!;
    const calledBy = [...new Set(stack.links.filter((l) => l.to === c.name && l.from !== c.name).map((l) => l.from))];
    return { ...c, sleeps: b.length === 0, blockers: b, awakeSecondsPerDay: billedSecondsPerDay(options, rule, b.length === 0), calledBy };
  });
  return { activeHours: options.hours, platformSleeps: rule.sleeps, parts, wakeCosts: wakeCosts(rule), assumptions: planAssumptions(rule, options, parts) };
}

function wakeCosts(rule: PlanRule): string[] {
  if (!rule.sleeps) return [];
  const c = rule.coldStartSeconds;
  const cold =
    c === null
      ? []
      : [`Waking a sleeping part: the first request waits about ${c.min}–${c.max} s (${c.source}, ${c.asOf}, ${c.confidence}${c.note ? `: ${c.note}` : ''}).`];
  return [...cold, ...rule.wakeCaveats.map((w) => `${w.text} (${w.source}, ${w.asOf}, ${w.confidence})`)];
}

function planAssumptions(rule: PlanRule, use: IdleOptions, parts: readonly IdlePart[]): string[] {
  const head = `Active ${use.hours} h a day: ${rule.summary} (${rule.source}, ${rule.asOf}).`;
  if (!rule.sleeps) return [`${head} Every part is billed all month.`];
  const sleeping = parts.filter((p) => p.sleeps);
  const stretches = use.sessionsPerDay ?? 1;
  const billed = sleeping[0]?.awakeSecondsPerDay.dividedBy(3600).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString();
  const lines = [head];
  if (billed !== undefined) {
    lines.push(
      `Billed while awake: ${sleeping.map((p) => p.name).join(', ')} — ${use.hours} h of use in ${stretches} stretch${stretches === 1 ? '' : 'es'} a day, ` +
        `each followed by the ${rule.idleMinutes ?? 0} idle minutes before it sleeps: ${billed} h a day.`,
    );
  }
  for (const p of parts.filter((x) => !x.sleeps)) lines.push(`${p.name} stays awake all day: ${p.blockers.map((b) => b.why).join('; ')}.`);
  return lines;
}
