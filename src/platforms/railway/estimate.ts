/**
 * Prices a Railway model. Worked example, the built-in stack on Hobby:
 * memory 0.5 + 0.5 + 1 + 1 (services) + 0.5 (Postgres) = 3.5 GB × $10 = $35.00;
 * CPU 5 containers × 0.5 vCPU × 10% = 0.25 vCPU × $20 = $5.00;
 * volumes 5 GB (Postgres) + 1 GB (Phoenix) × $0.15 = $0.90; egress 10 GB × $0.05 = $0.50;
 * usage $41.40 ≥ the $5 fee, so the bill is $41.40.
 */
import { dec, max, min } from '../../core/money.js';
import { exactTotal, line, priced, type LineItem, type PlatformCost } from '../../core/estimate.js';
import type { Stack } from '../../core/stack.js';
import type { PriceBook } from '../../pricing/price-book.js';
import { formatMb, gb } from '../shared.js';
import type { RailwayModel } from './model.js';

export function priceRailway(model: RailwayModel, stack: Stack, book: PriceBook): PlatformCost {
  const usage = book.platforms.railway.usage;
  const items: LineItem[] = [];
  for (const c of model.containers) {
    const replicas = c.replicas > 1 ? ` × ${c.replicas} replicas` : '';
    const memUsed = gb(c.memoryMb).times(c.replicas).times(model.utilization);
    items.push(
      priced(`${c.slug}: memory`, memUsed, usage.memory, {
        service: c.slug,
        note: `${formatMb(c.memoryMb)}${replicas} at ${model.utilization * 100}% used`,
      }),
    );
    const cpuUsed = dec(c.vcpu).times(c.replicas).times(model.cpuShare).times(model.utilization);
    items.push(
      priced(`${c.slug}: CPU`, cpuUsed, usage.vcpu, {
        service: c.slug,
        note: `${c.vcpu} vCPU${replicas} at ${dec(model.cpuShare).times(model.utilization).times(100).toString()}% average use`,
      }),
    );
    if (c.volume) {
      items.push(priced(`${c.slug}: volume`, c.volume.sizeGb, usage.volume, { service: c.slug, note: `mounted at ${c.volume.mountPath}` }));
    }
  }
  if (stack.egressGb > 0) items.push(priced('Egress', stack.egressGb, usage.egress, { note: 'public network' }));

  // The fee is credit against usage: add the fee, subtract the part of it that usage consumes.
  const used = exactTotal(items);
  const fee = dec(model.plan.fee.amount);
  const credit = min(fee, used);
  items.push(priced(`${model.plan.name} plan fee`, 1, model.plan.fee, { note: 'counts as usage credit' }));
  if (credit.greaterThan(0)) {
    items.push(
      line(`${model.plan.name} usage credit`, 1, 'month', credit.negated(), {
        note: `bill = max($${fee.toFixed(2)} fee, $${used.toFixed(2)} usage)`,
        source: model.plan.includedUsage.source,
        confidence: model.plan.includedUsage.confidence,
      }),
    );
  }
  const bill = max(fee, used);
  const assumptions = [...model.assumptions, `Region ${model.region}; the bill is max(plan fee, usage) = $${bill.toFixed(2)} before extras.`];
  if (model.planReasons.length > 0) assumptions.push(`Plan ${model.plan.name} because ${model.planReasons.join('; ')}.`);

  return {
    plan: model.plan.name,
    lineItems: items,
    sizing: model.containers.map((c) => ({
      service: c.slug,
      size: `${formatMb(c.memoryMb)} / ${c.vcpu} vCPU (usage-billed)`,
      instances: c.replicas,
      reason: `no fixed sizes on Railway: billed per minute for what it uses, up to the ${model.plan.name} limits`,
    })),
    alternatives: [],
    assumptions,
    warnings: model.warnings,
    fitsTier: true,
  };
}
