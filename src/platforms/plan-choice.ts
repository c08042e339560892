/** Choosing among a price book's plans: the cheapest that fits, and its price as people read it. */
import { dec } from '../core/money.js';
import type { KeyValueStore } from '../core/stack.js';
import type { Price, RenderBook } from '../pricing/price-book.js';

/** The cheapest option by a price, keeping the first on ties (the book's order). */
export function cheapestBy<T>(options: readonly T[], price: (o: T) => Price): T | undefined {
  let best: T | undefined;
  for (const o of options) {
    if (best === undefined || dec(price(o).amount).lessThan(dec(price(best).amount))) best = o;
  }
  return best;
}

/** A key-value plan of the price book (Render Key Value, DigitalOcean Managed Valkey, ...). */
export type KeyValuePlan = NonNullable<RenderBook['keyValue']>['plans'][number];

/** A key-value store of the stack on its cheapest plan that holds its memory. */
export interface PricedKeyValue {
  name: string;
  memoryMb: number;
  plan: KeyValuePlan;
}

/**
 * The cheapest plan with at least each store's memory; `missing` words the warning for a store
 * no plan in the price book holds.
 */
export function keyValuePlans(stores: readonly KeyValueStore[], plans: readonly KeyValuePlan[], missing: (store: KeyValueStore) => void): PricedKeyValue[] {
  const out: PricedKeyValue[] = [];
  for (const kv of stores) {
    const plan = cheapestBy(
      plans.filter((p) => p.memoryMb >= kv.memoryMb),
      (p) => p.monthly,
    );
    if (plan) out.push({ name: kv.name, memoryMb: kv.memoryMb, plan });
    else missing(kv);
  }
  return out;
}
