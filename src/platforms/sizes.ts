/**
 * Sizing a service on a platform's price list, the one rule every platform follows: the cheapest
 * size that fits, else a blocking warning. A service or database no size holds cannot run, so its
 * platform must never look like an option (the report drops it from the cheapest and generate
 * writes no files).
 */
import { type Warning, warning } from '../core/warnings.js';
import type { Price } from '../pricing/price-book.js';
import { cheapestBy } from './plan-choice.js';

/** What the blocking warning says when nothing fits. */
export interface Unfit {
  code: string;
  message: string;
  service?: string;
  fix: string;
}

/** The cheapest option that fits; when none does, undefined and a blocking warning pushed to `warnings`. */
export function pickSize<T>(options: readonly T[], fits: (o: T) => boolean, price: (o: T) => Price, warnings: Warning[], unfit: Unfit): T | undefined {
  return orBlocking(cheapestBy(options.filter(fits), price), warnings, unfit);
}

/** A size found by a platform's own search (Fly's region, then base region), or a blocking warning. */
export function orBlocking<T>(size: T | undefined, warnings: Warning[], unfit: Unfit): T | undefined {
  if (size === undefined) warnings.push(warning(unfit.code, 'error', unfit.message, { service: unfit.service, blocking: true, fix: unfit.fix }));
  return size;
}
