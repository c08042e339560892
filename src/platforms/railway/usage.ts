/**
 * Railway's usage billing: a container (a service, Postgres or a key-value store, as Railway runs
 * it) and what it uses in a month, as line items and as their exact total. The model picks its
 * plan from the total, the estimate shows the lines; both read this file, so they agree.
 */

import { type LineItem, lineMonthly, priced } from '../../core/estimate.js';
import { Decimal, dec } from '../../core/money.js';
import { formatMb } from '../../core/number-format.js';
import type { RailwayBook } from '../../pricing/price-book.js';
import { gb } from '../memory-size.js';

/** One container Railway runs for the stack, with its requested size. */
export interface RailwayContainer {
  slug: string;
  kind: 'service' | 'postgres' | 'key-value';
  /** Requested memory per replica, MB. */
  memoryMb: number;
  /** Requested vCPU per replica. */
  vcpu: number;
  replicas: number;
  /** `sizeGb` the volume's size, `dataGb` the data it holds (what Railway bills). */
  volume: { sizeGb: number; dataGb: number; mountPath: string } | null;
  /** Why the replicas differ from what the stack asked (a per-replica limit forced a split). */
  split?: string;
  /** The averages stackfare measure recorded (all replicas): what Railway bills instead of requested × utilization. */
  measured?: { memoryGb: Decimal; vcpu: Decimal | null };
  /** Under Railway's sleep rule (--active-hours): the share of the day it is awake and billed, and those hours. */
  awake?: { fraction: Decimal; hours: string };
}

/** What a container uses in a month: memory GB and vCPU really used (measured averages when there are), while awake. */
function used(c: RailwayContainer, use: { utilization: number; cpuShare: number }): { memory: Decimal; cpu: Decimal } {
  const memory = c.measured ? c.measured.memoryGb : gb(c.memoryMb).times(c.replicas).times(use.utilization);
  const cpu = c.measured?.vcpu ?? dec(c.vcpu).times(c.replicas).times(use.cpuShare).times(use.utilization);
  const awake = c.awake?.fraction ?? dec(1);
  return { memory: memory.times(awake), cpu: cpu.times(awake) };
}

/** The memory and CPU notes of a container's lines: what was measured or requested, and the hours awake. */
function usageNotes(c: RailwayContainer, use: { utilization: number; cpuShare: number }): { memory: string; cpu: string } {
  const replicas = c.replicas > 1 ? ` × ${c.replicas} replicas` : '';
  const awake = c.awake ? `, awake ${c.awake.hours} h of 24 a day` : '';
  const cpuPercent = dec(use.cpuShare).times(use.utilization).times(100).toString();
  const memory = c.measured
    ? `measured average ${c.measured.memoryGb.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toString()} GB${replicas}`
    : `${formatMb(c.memoryMb)}${replicas} at ${use.utilization * 100}% used`;
  const cpu =
    c.measured?.vcpu != null
      ? `measured average ${c.measured.vcpu.toDecimalPlaces(3, Decimal.ROUND_HALF_UP).toString()} vCPU${replicas}`
      : `${c.vcpu} vCPU${replicas} at ${cpuPercent}% average use`;
  return { memory: memory + awake, cpu: cpu + awake };
}

/** Usage line items: memory and CPU really used, volumes and egress. */
export function usageItems(
  containers: readonly RailwayContainer[],
  use: { utilization: number; cpuShare: number; egressGb: number; plan?: { name: string; volumeGb: number } },
  usage: RailwayBook['usage'],
): LineItem[] {
  const items: LineItem[] = [];
  for (const c of containers) {
    const { memory: memUsed, cpu: cpuUsed } = used(c, use);
    const notes = usageNotes(c, use);
    items.push(priced(`${c.slug}: memory`, memUsed, usage.memory, { service: c.slug, note: notes.memory }));
    items.push(priced(`${c.slug}: CPU`, cpuUsed, usage.vcpu, { service: c.slug, note: notes.cpu }));
    if (c.volume) {
      // Railway bills the storage used, not the volume's size.
      const size =
        c.kind !== 'postgres'
          ? ` of a ${round(c.volume.sizeGb)} GB volume`
          : use.plan
            ? ` of a volume that may grow to ${round(use.plan.volumeGb)} GB on ${use.plan.name}`
            : '';
      items.push(
        priced(`${c.slug}: volume`, c.volume.dataGb, usage.volume, {
          service: c.slug,
          note: `${round(c.volume.dataGb)} GB used${size}, mounted at ${c.volume.mountPath}`,
        }),
      );
    }
  }
  if (use.egressGb > 0) items.push(priced('Egress', use.egressGb, usage.egress, { note: 'public network' }));
  return items;
}

/**
 * The exact total of usageItems' lines (exactTotal of them), added in the same order from the
 * same amounts, without writing the lines: what picking a plan needs.
 */
export function usageTotal(
  containers: readonly RailwayContainer[],
  use: { utilization: number; cpuShare: number; egressGb: number },
  usage: RailwayBook['usage'],
): Decimal {
  let total = dec(0);
  for (const c of containers) {
    const { memory, cpu } = used(c, use);
    total = total.plus(lineMonthly(memory, usage.memory)).plus(lineMonthly(cpu, usage.vcpu));
    if (c.volume) total = total.plus(lineMonthly(c.volume.dataGb, usage.volume));
  }
  if (use.egressGb > 0) total = total.plus(lineMonthly(use.egressGb, usage.egress));
  return total;
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}
