/**
 * Prices a Railway model. Worked example, the built-in stack on Hobby:
 * memory 0.5 + 0.5 (APIs) + 2 + 2 (LiteLLM, Phoenix) + 0.5 (Postgres) = 5.5 GB × $10 = $55.00;
 * CPU (0.5 + 0.5 + 1 + 1 + 0.5) vCPU × 10% = 0.35 vCPU × $20 = $7.00;
 * volume: the data it holds, 5 GB (Postgres) × $0.15 = $0.75; egress 10 GB × $0.05 = $0.50;
 * usage $63.25 ≥ the $5 fee, so the bill is $63.25.
 */
import { dec, min, type Decimal } from '../../core/money.js';
import { exactTotal, line, lineMonthly, priced, type LineItem, type PlatformCost } from '../../core/estimate.js';
import type { Stack } from '../../core/stack.js';
import type { PriceBook, RailwayBook } from '../../pricing/price-book.js';
import { gb } from '../shared.js';
import { formatMb } from '../../core/number-format.js';
import type { RailwayContainer, RailwayModel } from './model.js';

/** What a container uses in a month: memory GB and vCPU really used. */
function used(c: RailwayContainer, use: { utilization: number; cpuShare: number }): { memory: Decimal; cpu: Decimal } {
  return {
    memory: gb(c.memoryMb).times(c.replicas).times(use.utilization),
    cpu: dec(c.vcpu).times(c.replicas).times(use.cpuShare).times(use.utilization),
  };
}

/** Usage line items: memory and CPU really used, volumes and egress. */
export function usageItems(
  containers: readonly RailwayContainer[],
  use: { utilization: number; cpuShare: number; egressGb: number; plan?: { name: string; volumeGb: number } },
  usage: RailwayBook['usage'],
): LineItem[] {

  const items: LineItem[] = [];
  // The same for every container.
  const cpuPercent = dec(use.cpuShare).times(use.utilization).times(100).toString();
  for (const c of containers) {
    const replicas = c.replicas > 1 ? ` × ${c.replicas} replicas` : '';
    const { memory: memUsed, cpu: cpuUsed } = used(c, use);
    items.push(
      priced(`${c.slug}: memory`, memUsed, usage.memory, {
        service: c.slug,
        note: `${formatMb(c.memoryMb)}${replicas} at ${use.utilization * 100}% used`,
      }),
    );
    items.push(
      priced(`${c.slug}: CPU`, cpuUsed, usage.vcpu, {
        service: c.slug,
        note: `${c.vcpu} vCPU${replicas} at ${cpuPercent}% average use`,
      }),
    );
    if (c.volume) {
      // Railway bills the storage used, not the volume's size.
      const size =
        c.kind !== 'postgres' ? ` of a ${round(c.volume.sizeGb)} GB volume` : use.plan ? ` of a volume that may grow to ${round(use.plan.volumeGb)} GB on ${use.plan.name}` : '';
      items.push(priced(`${c.slug}: volume`, c.volume.dataGb, usage.volume, { service: c.slug, note: `${round(c.volume.dataGb)} GB used${size}, mounted at ${c.volume.mountPath}` }));
    }
  }
  if (use.egressGb > 0) items.push(priced('Egress', use.egressGb, usage.egress, { note: 'public network' }));
  return items;
}

/**
 * The exact total of usageItems' lines (exactTotal of them), added in the same order from the
 * same amounts, without writing the lines: what picking a plan needs.
 */
export function usageTotal(containers: readonly RailwayContainer[], use: { utilization: number; cpuShare: number; egressGb: number }, usage: RailwayBook['usage']): Decimal {
  let total = dec(0);
  for (const c of containers) {
    const { memory, cpu } = used(c, use);
    total = total.plus(lineMonthly(memory, usage.memory)).plus(lineMonthly(cpu, usage.vcpu));
    if (c.volume) total = total.plus(lineMonthly(c.volume.dataGb, usage.volume));
  }
  if (use.egressGb > 0) total = total.plus(lineMonthly(use.egressGb, usage.egress));
  return total;
}

export function priceRailway(model: RailwayModel, stack: Stack, book: PriceBook): PlatformCost {
  const items = usageItems(
    model.containers,
    { utilization: model.utilization, cpuShare: model.cpuShare, egressGb: stack.egressGb, plan: { name: model.plan.name, volumeGb: model.plan.limits.volumeGb } },
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
  const assumptions = [...model.assumptions, `Region ${model.region}; the ${model.plan.name} bill is the fee plus usage beyond the included $${dec(model.plan.includedUsage.amount).toFixed(2)}: $${bill.toFixed(2)} before extras.`];
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

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}
