/** Loads the built-in price book (bundled, validated at build time) or a user's replacement, validated at load. */
import { parseDataFile } from '../io/data-file.js';
import type { ReadFile } from '../io/files.js';
import { BUILTIN_BOOK } from './builtin-book.js';
import type { PriceBook } from './price-book.js';

/** The price book shipped in data/pricing.json. A failure here is a bug, not a user error. */
export function builtinPriceBook(): PriceBook {
  return BUILTIN_BOOK;
}

/** The price book at `path` (JSON or YAML), or the built-in one. The schema loads only for a file. */
export async function loadPriceBook(path: string | undefined, readFile: ReadFile): Promise<PriceBook> {
  if (path === undefined) return builtinPriceBook();
  const data = await parseDataFile(path, readFile, 'price book');
  const { validatePriceBook } = await import('./validate-price-book.js');
  return validatePriceBook(data, path);
}
