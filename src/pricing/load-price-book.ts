/** Loads the built-in price book (bundled) or a user's replacement, validated at load. */
import builtinData from '../../data/pricing.json' with { type: 'json' };
import { parseDataFile } from '../io/data-file.js';
import type { ReadFile } from '../io/files.js';
import { formatPath, schemaError } from '../io/validation.js';
import { PriceBookSchema, type PriceBook } from './price-book.js';

let builtin: PriceBook | undefined;

/** The price book shipped in data/pricing.json. A failure here is a bug, not a user error. */
export function builtinPriceBook(): PriceBook {
  builtin ??= PriceBookSchema.parse(builtinData);
  return builtin;
}

/** The price book at `path` (JSON or YAML), or the built-in one. */
export async function loadPriceBook(path: string | undefined, readFile: ReadFile): Promise<PriceBook> {
  if (path === undefined) return builtinPriceBook();
  const data = await parseDataFile(path, readFile, 'pricing');
  const result = PriceBookSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  throw schemaError(
    `The price book ${path} is invalid:`,
    result.error,
    (p) => `${path}: ${formatPath(p) || '(top level)'}`,
    'Start from data/pricing.json in the stackfare package; data/pricing.schema.json describes every field.',
  );
}

