/**
 * Costs and effort that do not depend on the hosting platform: the auth provider at the
 * stack's user count, client distribution fees, and the hours each tier and task takes.
 */
import type { AuthPlan, PriceBook } from '../pricing/price-book.js';
import type { PlatformId } from './answers.js';
import { type Effort, type LineItem, line, priced } from './estimate.js';
import { dec } from './money.js';
import { groupThousands } from './number-format.js';
import type { Stack } from './stack.js';
import { type Warning, warning } from './warnings.js';

interface AuthCost {
  provider: string;
  plan: string;
  lineItems: LineItem[];
  warnings: Warning[];
}

/**
 * The auth provider's cheapest plan that allows `users`, priced with its overage tiers.
 * Worked example (Clerk Pro, 120,000 MRU): $25 + 50,000 × $0.02 (50,001–100,000)
 * + 20,000 × $0.018 (100,001–120,000) = $25 + $1,000 + $360 = $1,385.
 */
export function authCost(stack: Stack, book: PriceBook): AuthCost | null {
  if (stack.auth === 'none') return null;
  const provider = book.auth[stack.auth];
  const users = stack.users;
  const candidates = provider.plans
    .filter((p) => p.maxUsers === null || p.maxUsers >= users)
    .map((p) => ({ plan: p, items: planItems(p, users, provider.name, provider.userMetric) }));
  if (candidates.length === 0) {
    return {
      provider: provider.name,
      plan: 'none',
      lineItems: [],
      warnings: [
        warning('auth.no-plan', 'error', `No ${provider.name} plan in the price book allows ${groupThousands(users)} users.`, {
          fix: 'Pick another provider with --auth, or add a plan to the price book.',
        }),
      ],
    };
  }
  const best = candidates.reduce((a, b) => (sumCents(b.items) < sumCents(a.items) ? b : a));
  const warnings: Warning[] = [];
  if (best.plan.caveat) warnings.push(warning(`auth.${stack.auth}.caveat`, 'info', `${provider.name} ${best.plan.name}: ${best.plan.caveat}`));
  return { provider: provider.name, plan: best.plan.name, lineItems: best.items, warnings };
}

function planItems(plan: AuthPlan, users: number, providerName: string, metric: string): LineItem[] {
  const label = `${providerName} ${plan.name}`;
  const items: LineItem[] = [
    priced(`${label} plan`, 1, plan.fee, {
      note: `${groupThousands(users)} ${metric}; ${groupThousands(plan.includedUsers)} included`,
    }),
  ];
  let from = plan.includedUsers;
  for (const tier of plan.overage) {
    const to = Math.min(users, tier.upTo ?? Number.POSITIVE_INFINITY);
    const count = Math.max(0, to - from);
    if (count > 0) {
      items.push(priced(`${label}: users ${groupThousands(from + 1)}–${groupThousands(to)}`, count, tier.perUser));
    }
    if (tier.upTo === null || users <= tier.upTo) break;
    from = tier.upTo;
  }
  return items;
}

function sumCents(items: readonly LineItem[]): number {
  return items.reduce((a, i) => a + i.monthlyCents, 0);
}

/** Yearly fees of the chosen client distribution, per month ($99 a year → $8.25). */
export function clientFees(stack: Stack, book: PriceBook): LineItem[] {
  if (stack.clients !== 'mac-app-store') return [];
  const fee = book.clientFees['mac-app-store'];
  return [
    line('Apple Developer Program', 1, fee.unit, dec(fee.amount), {
      monthly: dec(fee.amount).dividedBy(12),
      note: 'yearly fee ÷ 12',
      source: fee.source,
      confidence: fee.confidence,
      asOf: fee.asOf,
    }),
  ];
}

/**
 * Hours of work for a platform and tier: the tier's base, the platform's extra setup, and on
 * the multi-user tier auth, database isolation, API user context and client distribution.
 */
export function effortFor(stack: Stack, platform: PlatformId, hosted: boolean, book: PriceBook): Effort {
  const e = book.effort;
  const items: Effort['items'] = [];
  const add = (name: string, r: { min: number; max: number; note?: string | undefined }) => {
    if (r.max === 0) return;
    const item: Effort['items'][number] = { name, min: r.min, max: r.max };
    if (r.note !== undefined) item.note = r.note;
    items.push(item);
  };
  if (!hosted) {
    add(book.tiers.local.label, e.tiers.local);
  } else {
    const tier = stack.tier === 'local' ? 'single-user' : stack.tier;
    add(book.tiers[tier].label, e.tiers[tier]);
    add(`${book.platforms[platform].name} setup`, e.platformSetup[platform]);
    if (stack.tier === 'multi-user') {
      add(stack.auth === 'none' ? 'Own auth' : `Auth with ${book.auth[stack.auth].name}`, stack.auth === 'none' ? e.multiUser.ownAuth : e.multiUser.hostedAuth);
      add('Database user isolation', e.multiUser.dbIsolation);
      add('API user context', e.multiUser.apiUserContext);
    } else if (stack.auth !== 'none') {
      add(`Auth with ${book.auth[stack.auth].name}`, e.multiUser.hostedAuth);
    }
    if (stack.clients !== 'none') add(`Client distribution: ${stack.clients}`, e.clients[stack.clients]);
    if (stack.domain) add('Custom domain', e.customDomain);
  }
  return {
    min: items.reduce((a, i) => a + i.min, 0),
    max: items.reduce((a, i) => a + i.max, 0),
    items,
  };
}
