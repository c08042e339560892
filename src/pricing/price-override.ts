/** A user's partial price book merged over the built-in one and validated, naming paths in the user's file. */
import builtinData from '../../data/pricing.json' with { type: 'json' };
import { UserError } from '../errors.js';
import { formatPath, schemaError } from '../schema-errors.js';
import { mergePriceBook, UnnamedEntryError } from './merge-price-book.js';
import type { PriceBook } from './price-book.js';
import { checkPriceBook } from './validate-price-book.js';

const HINT =
  'A --pricing file holds only the figures you change, at their place in data/pricing.json (stackfare prices --format json lists every path); ' +
  'entries of a list are matched by id, slug, or for Fly machines preset + memoryMb + region. data/pricing.schema.json describes every field.';

/** The built-in book with `data` (read from `path`) merged over it; a UserError naming the path in the file otherwise. */
export function applyPriceOverride(path: string, data: unknown): PriceBook {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError(`The price book ${path} must be an object holding the figures to change.`, { hint: HINT });
  }
  let merged: ReturnType<typeof mergePriceBook>;
  try {
    merged = mergePriceBook(builtinData, data);
  } catch (error) {
    if (error instanceof UnnamedEntryError)
      throw new UserError(`The price book ${path} is invalid:\n  ${path}: ${formatPath(error.path)}: ${error.message}.`, { hint: HINT });
    throw error;
  }
  const result = checkPriceBook(merged.data);
  if (result.success) return result.data;
  const provenance = result.error.issues.some((i) => ['source', 'asOf', 'confidence'].includes(String(i.path.at(-1))));
  throw schemaError(
    `The price book ${path} is invalid:`,
    result.error,
    (p) => {
      const at = merged.overridePath(p);
      return at === null ? `${path}: ${formatPath(p)} (built-in)` : `${path}: ${formatPath(at) || '(top level)'}`;
    },
    provenance ? `A figure you change needs its own source, asOf and confidence: the built-in ones describe the old figure. ${HINT}` : HINT,
  );
}
