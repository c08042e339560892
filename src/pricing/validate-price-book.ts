/**
 * The one place a price book is validated against its schema: a user's `--pricing` file at run
 * time, and the built-in data/pricing.json at build time (scripts/build.mjs) or, running from
 * the sources, when first used. Kept out of the CLI's start-up path: loaded only when needed.
 */
import { formatPath, schemaError } from '../schema-errors.js';
import { type PriceBook, PriceBookSchema } from './price-book.js';

/** The one price-book check: the schema, with every figure's source and date (the result, not thrown). */
export function checkPriceBook(data: unknown) {
  return PriceBookSchema.safeParse(data, { reportInput: true });
}

/** Validates price-book data (defaults filled in); a UserError naming `origin` and each field otherwise. */
export function validatePriceBook(data: unknown, origin: string): PriceBook {
  const result = checkPriceBook(data);
  if (result.success) return result.data;
  throw schemaError(
    `The price book ${origin} is invalid:`,
    result.error,
    (p) => `${origin}: ${formatPath(p) || '(top level)'}`,
    'Start from data/pricing.json in the stackfare package; data/pricing.schema.json describes every field.',
  );
}
