/** Prices the local tier: $0 of hosting, with what that leaves out stated. */

import { line, type PlatformCost } from '../../core/estimate.js';
import { dec } from '../../core/money.js';
import type { PriceBook } from '../../pricing/price-book.js';
import type { LocalModel } from './model.js';

export function priceLocal(model: LocalModel, book: PriceBook): PlatformCost {
  return {
    plan: null,
    lineItems: [line('Hosting on your machine', 1, 'month', dec(0), { note: book.platforms.local.note })],
    sizing: model.stack.services.map((s) => ({
      service: s.slug,
      size: `${s.memoryMb} MB limit`,
      instances: 1,
      reason: 'docker compose on your machine: sizes become memory limits',
    })),
    alternatives: [],
    assumptions: model.assumptions,
    warnings: model.warnings,
    fitsTier: model.fitsTier,
  };
}
