/**
 * Estimates for every platform, assembled into the versioned report that the JSON printer,
 * the text and Markdown tables and the Ink view all read. Money leaves the core here, as
 * dollars with two decimals computed from whole cents.
 */
import { TIERS } from '../answer-values.js';
import type { PriceBook } from '../pricing/price-book.js';
import type { Answers, PlatformId, Tier } from './answers.js';
import { type Estimate, type IdleSummary, type LineItem, type SizingChoice, totalCents } from './estimate.js';
import { authCost, clientFees, effortFor } from './extras.js';
import { idlePlan } from './idle.js';
import { centsToDollars } from './money.js';
import { type Platform, type PlatformDefinition, servesTier } from './platform.js';
import type { EstimateJson, Report, ScalePointJson, TierSummaryJson } from './report-schema.js';
import { REPORT_VERSION } from './report-version.js';
import { buildStack, type Stack, type StackSource, userScale } from './stack.js';
import { stalenessWarning } from './staleness.js';
import { type Measurement, measuredStack } from './usage-sizing.js';
import { warning } from './warnings.js';

export type { EstimateJson, Report, ScalePointJson, TierSummaryJson };
export { REPORT_VERSION };

/** Estimates one platform: its own line items plus the auth provider and client fees. */
export function estimatePlatform<M>(def: PlatformDefinition<M>, stack: Stack, book: PriceBook, model: M = def.resolve(stack, book)): Estimate {
  const cost = def.price(model, book);
  const info = book.platforms[def.id];
  const { hosted } = def.capabilities;
  const lineItems: LineItem[] = [...cost.lineItems];
  // A warning that blocks hosted platforms blocks this one when it is hosted; on the user's machine it stays a warning.
  const stackWarnings = stack.warnings.map(({ blocksHosted, ...w }) => (blocksHosted && hosted ? { ...w, blocking: true } : w));
  const warnings = [...stackWarnings, ...cost.warnings];
  if (hosted) {
    const auth = authCost(stack, book);
    if (auth) {
      lineItems.push(...auth.lineItems);
      warnings.push(...auth.warnings);
    }
    lineItems.push(...clientFees(stack, book));
  }
  const tierForInfo: Tier = hosted ? stack.tier : 'local';
  // The local tier runs on the user's machine: hosted platforms are shown for comparison only.
  const hostedForLocal = stack.tier === 'local' && hosted;
  if (stack.postgres.kind === 'cloudnative-pg' && !def.capabilities.postgresInCluster && stack.postgres.instances.length > 0) {
    warnings.push(
      warning('postgres.cloudnative-pg-elsewhere', 'info', `CloudNativePG runs only on Kubernetes: ${info.name} is priced with its managed Postgres.`),
    );
  }
  if (hostedForLocal) {
    warnings.push(warning('tier.local-hosted', 'info', `Hosted on ${info.name}, so it is not the local personal tier; shown for comparison.`));
  }
  // A platform on which a service or database cannot be sized cannot run the stack: whatever
  // its other line items add up to, it must never look like an option (or the cheapest).
  const runnable = ![...stackWarnings, ...cost.warnings].some((w) => w.blocking === true);
  // A platform whose files cannot let a service sleep bills it all month, whatever its rule allows.
  const idle = idleOf(stack, def.capabilities.sleeps ? info.idle : { ...info.idle, sleeps: false });
  return {
    ...cost,
    sizing: withSizedFrom(cost.sizing, stack),
    fitsTier: cost.fitsTier && !hostedForLocal && runnable,
    platform: def.id,
    platformName: info.name,
    tier: stack.tier,
    users: stack.users,
    lineItems,
    warnings,
    assumptions: [
      `Prices in USD before tax, from the price book of ${book.asOf}; region ${book.regions[stack.region].label}.`,
      ...stack.assumptions,
      ...cost.assumptions,
      ...(idle?.assumptions ?? []),
    ],
    monthlyTotalCents: totalCents(lineItems),
    effort: effortFor(stack, def.id, hosted, book),
    backups: info.backups,
    backupsShort: info.backupsShort,
    tagline: info.tagline,
    multiUserReady: book.tiers[tierForInfo].multiUserReady && info.multiUserCapable,
    pros: info.pros,
    cons: info.cons,
    ...(idle ? { idle: idle.summary } : {}),
  };
}

/**
 * With --active-hours, the stack under the platform's idle rule: the lines for the assumptions
 * (the rule, the hours billed, every part that stays awake and why, what waking costs) and the
 * report's summary. The platform's own estimate bills it; this says it, the same on every platform.
 */
function idleOf(stack: Stack, rule: PriceBook['platforms'][PlatformId]['idle']): { assumptions: string[]; summary: IdleSummary } | undefined {
  if (stack.activeHours === undefined) return undefined;
  const plan = idlePlan(stack, rule, stack.activeHours);
  const awake = plan.parts.filter((p) => !p.sleeps).map((p) => ({ name: p.name, kind: p.kind, why: p.blockers.map((b) => b.why) }));
  return {
    assumptions: [...plan.assumptions, ...plan.wakeCosts],
    summary: {
      activeHours: plan.activeHours,
      platformSleeps: plan.platformSleeps,
      sleeping: plan.parts.filter((p) => p.sleeps).map((p) => p.name),
      awake,
      wakeCosts: plan.wakeCosts,
    },
  };
}

/** With a measurement, each size says whether it came from it or is the default guess; without one, the sizes as they are. */
function withSizedFrom(sizing: readonly SizingChoice[], stack: Stack): SizingChoice[] {
  if (stack.measured === undefined) return [...sizing];
  const measured = new Set(stack.measured.services.map((s) => s.service));
  return sizing.map((z) => ({ ...z, sizedFrom: measured.has(z.service) ? 'measured' : 'guessed' }));
}

/** The cheapest estimate among those that fit their tier (ties: registry order). */
function cheapestOf(estimates: readonly Estimate[]): Estimate | undefined {
  return estimates
    .filter((e) => e.fitsTier)
    .reduce<Estimate | undefined>((a, e) => (a === undefined || e.monthlyTotalCents < a.monthlyTotalCents ? e : a), undefined);
}

/** An estimate as the report prints it (dollars from cents, plain arrays). */
export function estimateJson(e: Estimate, cheapest: boolean): EstimateJson {
  return {
    platform: e.platform,
    name: e.platformName,
    tier: e.tier,
    users: e.users,
    fitsTier: e.fitsTier,
    cheapest,
    plan: e.plan,
    monthlyTotal: centsToDollars(e.monthlyTotalCents),
    ...(e.alwaysOnMonthlyTotalCents === undefined ? {} : { alwaysOnMonthlyTotal: centsToDollars(e.alwaysOnMonthlyTotalCents) }),
    lineItems: e.lineItems.map((i) => {
      const j: EstimateJson['lineItems'][number] = {
        name: i.name,
        quantity: i.quantity.toDecimalPlaces(6).toNumber(),
        unit: i.unit,
        unitPrice: i.unitPrice.toNumber(),
        monthly: centsToDollars(i.monthlyCents),
      };
      if (i.service !== undefined) j.service = i.service;
      if (i.note !== undefined) j.note = i.note;
      if (i.source !== undefined) j.source = i.source;
      if (i.confidence !== undefined) j.confidence = i.confidence;
      if (i.asOf !== undefined) j.asOf = i.asOf;
      return j;
    }),
    sizing: e.sizing,
    alternatives: e.alternatives.map((a) => ({ name: a.name, monthlyDelta: centsToDollars(a.monthlyDeltaCents), caveat: a.caveat })),
    assumptions: e.assumptions,
    warnings: e.warnings,
    effortHours: { min: e.effort.min, max: e.effort.max },
    effort: e.effort.items,
    backups: e.backups,
    backupsShort: e.backupsShort,
    multiUserReady: e.multiUserReady,
    tagline: e.tagline,
    pros: e.pros,
    cons: e.cons,
    ...(e.idle ? { idle: e.idle } : {}),
  };
}

function stackJson(stack: Stack, book: PriceBook): Report['stack'] {
  return {
    name: stack.name,
    source: stack.source,
    region: stack.region,
    regionLabel: book.regions[stack.region].label,
    services: stack.services.map((s) => ({
      name: s.slug,
      role: s.role,
      vcpu: s.vcpu,
      memoryMb: s.memoryMb,
      instances: s.instances,
      volumeGb: s.volume?.sizeGb ?? null,
      database: s.database ? s.database.instance : null,
    })),
    postgres: { layout: stack.postgres.layout, storageGb: stack.postgres.storageGb, instances: stack.postgres.instances.length },
    egressGb: stack.egressGb,
    users: stack.users,
    auth: stack.auth,
    clients: stack.clients,
    domain: stack.domain,
  };
}

interface ReportInput {
  answers: Answers;
  book: PriceBook;
  platforms: readonly Platform[];
  /** A stack read from a compose file, if any. */
  source?: StackSource;
  /** The run's date (YYYY-MM-DD): estimates warn when the price book is older than 90 days. */
  today?: string;
  /** A usage file (--usage): measured services are sized from it. */
  usage?: Measurement;
}

/** The stack the answers describe, sized from the measurement when there is one. */
export function stackFor(answers: Answers, source: StackSource | undefined, usage: Measurement | undefined, users?: number): Stack {
  return measuredStack(buildStack(answers, source, users), usage, answers.headroom);
}

/** The estimate with the stale-price-book warning when the run's date is known and the book old. */
function withStaleness(e: Estimate, book: PriceBook, today: string | undefined): Estimate {
  const stale = today === undefined ? null : stalenessWarning(book.asOf, e.lineItems, today);
  return stale ? { ...e, warnings: [...e.warnings, stale] } : e;
}

/** Estimates for the answers' platforms, at the answers' tier (or every tier for `all`). */
export function buildReport(input: ReportInput, tier: Tier | 'all' = input.answers.tier): Report {
  const { answers, book, source } = input;
  const wanted = input.platforms.filter((p) => answers.platforms.includes(p.id));
  if (tier === 'all') return buildTierReport(input, wanted);

  const tierAnswers = { ...answers, tier };
  const stack = stackFor(tierAnswers, source, input.usage);
  const estimates = wanted.map((p) => withStaleness(withAlwaysOn(estimateOf(p, stack, book), p, stack, book), book, input.today));
  const best = cheapestOf(estimates);
  const report: Report = {
    version: REPORT_VERSION,
    currency: 'USD',
    pricingAsOf: book.asOf,
    tier,
    stack: stackJson(stack, book),
    cheapest: best?.platform ?? null,
    estimates: estimates.map((e) => estimateJson(e, e === best)),
  };
  const scale = userScale(tierAnswers);
  // A scale table only where users change the price: on the multi-user tier.
  if (scale.length > 1 && tier === 'multi-user') report.scaling = scale.map((users) => scalePoint({ ...input, answers: tierAnswers }, users, wanted));
  return report;
}

/** With --active-hours, the estimate with the same platform's total for the stack always on, to show beside it. */
function withAlwaysOn(e: Estimate, p: Platform, stack: Stack, book: PriceBook): Estimate {
  if (stack.activeHours === undefined) return e;
  const { activeHours: _hours, ...alwaysOn } = stack;
  return { ...e, alwaysOnMonthlyTotalCents: estimateOf(p, alwaysOn, book).monthlyTotalCents };
}

/** The always-on range of a tier's fitting estimates (with --active-hours), or nothing. */
function alwaysOnRange(fitting: readonly Estimate[]): Pick<TierSummaryJson, 'alwaysOnMonthlyRange'> {
  const totals = fitting.flatMap((e) => (e.alwaysOnMonthlyTotalCents === undefined ? [] : [e.alwaysOnMonthlyTotalCents]));
  if (totals.length === 0) return {};
  return { alwaysOnMonthlyRange: { min: centsToDollars(Math.min(...totals)), max: centsToDollars(Math.max(...totals)) } };
}

/** A registry platform's estimate (its model stays inside it). */
export function estimateOf(p: Platform, stack: Stack, book: PriceBook): Estimate {
  return p.open((def) => estimatePlatform(def, stack, book));
}

function scalePoint(input: ReportInput, users: number, platforms: readonly Platform[]): ScalePointJson {
  const { book } = input;
  const stack = stackFor(input.answers, input.source, input.usage, users);
  const auth = authCost(stack, book);
  const authCents = auth ? totalCents(auth.lineItems) : 0;
  const apis = stack.services.filter((s) => s.role === 'api');
  return {
    users,
    estimates: platforms.map((p) => {
      const e = estimateOf(p, stack, book);
      return {
        platform: p.id,
        monthlyTotal: centsToDollars(e.monthlyTotalCents),
        fitsTier: e.fitsTier,
        apiInstances: apis.reduce((a, s) => a + s.instances, 0),
        authMonthly: p.capabilities.hosted ? centsToDollars(authCents) : 0,
        ...(e.nodes !== undefined ? { nodes: e.nodes } : {}),
      };
    }),
  };
}

/** The first decision: local, hosted single-user or hosted multi-user, for this stack. */
function buildTierReport(input: ReportInput, platforms: readonly Platform[]): Report {
  const { answers, book, source } = input;
  const all: EstimateJson[] = [];
  const tiers: TierSummaryJson[] = [];
  let baseStack: Stack | undefined;
  for (const tier of TIERS) {
    const stack = stackFor({ ...answers, tier }, source, input.usage);
    baseStack ??= stack;
    const candidates = platforms.filter((p) => servesTier(p.capabilities, tier));
    const estimates = candidates.map((p) => withStaleness(withAlwaysOn(estimateOf(p, stack, book), p, stack, book), book, input.today));
    const best = cheapestOf(estimates);
    all.push(...estimates.map((e) => estimateJson(e, e === best)));
    const fitting = estimates.filter((e) => e.fitsTier);
    const totals = fitting.map((e) => e.monthlyTotalCents);
    tiers.push({
      tier,
      label: book.tiers[tier].label,
      summary: book.tiers[tier].summary,
      effortHours: {
        min: Math.min(...fitting.map((e) => e.effort.min)),
        max: Math.max(...fitting.map((e) => e.effort.max)),
      },
      monthlyRange: { min: centsToDollars(Math.min(...totals)), max: centsToDollars(Math.max(...totals)) },
      ...alwaysOnRange(fitting),
      cheapest: best?.platform ?? null,
      backups: book.tiers[tier].backups,
      multiUserReady: book.tiers[tier].multiUserReady,
    });
  }
  return {
    version: REPORT_VERSION,
    currency: 'USD',
    pricingAsOf: book.asOf,
    tier: 'all',
    stack: stackJson(baseStack!, book),
    cheapest: null,
    estimates: all,
    tiers: tiers.filter((t) => Number.isFinite(t.monthlyRange.min)),
  };
}

/** A platform's label with its plan, as every view and DEPLOY.md name it: "Railway (Hobby)". */
export function platformLabel(e: EstimateJson): string {
  return e.plan ? `${e.name} (${e.plan})` : e.name;
}
