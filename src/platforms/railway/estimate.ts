/**
 * Prices a Railway model. Worked example, the built-in stack on Hobby:
 * memory 0.5 + 0.5 (APIs) + 2 + 2 (LiteLLM, Phoenix) + 0.5 (Postgres) = 5.5 GB × $10 = $55.00;
 * CPU (0.5 + 0.5 + 1 + 1 + 0.5) vCPU × 10% = 0.35 vCPU × $20 = $7.00;
 * volume: the data it holds, 5 GB (Postgres) × $0.15 = $0.75; egress 10 GB × $0.05 = $0.50;
 * usage $63.25 ≥ the $5 fee, so the bill is $63.25.
 */

import { exactTotal, line, type PlatformCost, priced } from '../../core/estimate.js';
import { dec, min } from '../../core/money.js';
import { formatMb } from '../../core/number-format.js';
import type { Stack } from '../../core/stack.js';
import type { PriceBook } from '../../pricing/price-book.js';
import type { RailwayModel } from './model.js';
import { usageItems } from './usage.js';

/** Railway's bill for a model: usage lines, the plan fee and the included usage it credits. */
export function priceRailway(model: RailwayModel, stack: Stack, book: PriceBook): PlatformCost {
  const items = usageItems(
    model.containers,
    {
      utilization: model.utilization,
      cpuShare: model.cpuShare,
      egressGb: stack.egressGb,
      plan: { name: model.plan.name, volumeGb: model.plan.limits.volumeGb },
    },
    book.platforms.railway.usage,
  );

  // The plan's included usage is credit: bill = fee + max(0, usage − included). On Hobby and
  // Pro the credit equals the fee, so the bill is max(fee, usage).
  const used = exactTotal(items);
  const fee = dec(model.plan.fee.amount);
  const credit = min(dec(model.plan.includedUsage.amount), used);
  const bill = fee.plus(used).minus(credit);
  if (fee.greaterThan(0)) items.push(priced(`${model.plan.name} plan fee`, 1, model.plan.fee, { note: 'counts as usage credit' }));
  if (credit.greaterThan(0)) {
    items.push(
      line(`${model.plan.name} included usage`, 1, 'month', credit.negated(), {
        note: `bill = $${fee.toFixed(2)} fee + $${used.toFixed(2)} usage − $${credit.toFixed(2)} included = $${bill.toFixed(2)}`,
        source: model.plan.includedUsage.source,
        confidence: model.plan.includedUsage.confidence,
        asOf: model.plan.includedUsage.asOf,
      }),
    );
  }
  const assumptions = [
    ...model.assumptions,
    `Region ${model.region}; the ${model.plan.name} bill is the fee plus usage beyond the included $${dec(model.plan.includedUsage.amount).toFixed(2)}: $${bill.toFixed(2)} before extras.`,
  ];
  if (model.planReasons.length > 0) assumptions.push(`Plan ${model.plan.name} because ${model.planReasons.join('; ')}.`);

  return {
    plan: model.plan.name,
    lineItems: items,
    sizing: model.containers.map((c) => ({
      service: c.slug,
      size: `${formatMb(c.memoryMb)} / ${c.vcpu} vCPU (usage-billed)`,
      instances: c.replicas,
      reason: c.split ?? `no fixed sizes on Railway: billed per minute for what it uses, up to the ${model.plan.name} limits`,
    })),
    alternatives: [],
    assumptions,
    warnings: model.warnings,
    fitsTier: true,
  };
}
