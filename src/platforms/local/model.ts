/**
 * Local personal: the stack keeps running in docker compose on the user's machine, with a
 * Postgres container, a dated pg_dump backup script and a cron line. No hosting fee.
 */
import type { Stack } from '../../core/stack.js';
import { type Warning, warning } from '../../core/warnings.js';
import type { PriceBook } from '../../pricing/price-book.js';

export interface LocalModel {
  stack: Stack;
  fitsTier: boolean;
  warnings: Warning[];
  assumptions: string[];
}

export function resolveLocal(stack: Stack, book: PriceBook): LocalModel {
  const fitsTier = stack.tier === 'local';
  const warnings: Warning[] = [];
  if (!fitsTier) {
    warnings.push(
      warning(
        'local.not-hosted',
        'info',
        `The $0 assumes your own machine, which does not serve the ${book.tiers[stack.tier].label.toLowerCase()} tier by itself.`,
        {
          fix: 'Pick a hosted platform, or run the generated docker-compose.prod.yml on a server of your own (its price is not included).',
        },
      ),
    );
  }
  return { stack, fitsTier, warnings, assumptions: [book.platforms.local.note] };
}
