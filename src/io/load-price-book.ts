/**
 * Loads the built-in price book (bundled; validated at build time), or the built-in book with a
 * user's partial override merged over it (validated at load, by the one validation function).
 */

import { BUILTIN_BOOK } from '../pricing/builtin-book.js';
import type { PriceBook } from '../pricing/price-book.js';
import { parseDataFile } from './data-file.js';
import type { ReadFile } from './files.js';

/** The price book shipped in data/pricing.json. */
export function builtinPriceBook(): PriceBook {
  return BUILTIN_BOOK;
}

/** The built-in price book, or it with the partial override at `path` (JSON or YAML) merged over it. */
export async function loadPriceBook(path: string | undefined, readFile: ReadFile): Promise<PriceBook> {
  if (path === undefined) return builtinPriceBook();
  const data = await parseDataFile(path, readFile, 'pricing');
  // The merge, the schema and the validator load only for a --pricing file.
  const { applyPriceOverride } = await import('../pricing/price-override.js');
  return applyPriceOverride(path, data);
}
