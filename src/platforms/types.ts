/** The contract every platform folder fulfils; the registry lists them in display order. */
import type { PlatformId } from '../core/answers.js';
import type { PlatformCost } from '../core/estimate.js';
import type { Stack } from '../core/stack.js';
import type { PriceBook } from '../pricing/price-book.js';

export interface PlatformDefinition<M = unknown> {
  id: PlatformId;
  /**
   * Sizes, plans and limits for this stack on this platform: the one model that both the
   * estimate and the generated files read, so they cannot disagree.
   */
  resolve(stack: Stack, book: PriceBook): M;
  /** Prices a resolved model, line item by line item. */
  price(model: M, stack: Stack, book: PriceBook): PlatformCost;
}

/** Identity helper that keeps each platform's model type checked against its functions. */
export function definePlatform<M>(definition: PlatformDefinition<M>): PlatformDefinition<M> {
  return definition;
}
