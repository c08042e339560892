/**
 * Loads the built-in price book (bundled), or the built-in book with a user's partial override
 * merged over it. Validation is one function, validatePriceBook, that the loader calls for both.
 */
import builtinData from '../../data/pricing.json' with { type: 'json' };
import { UserError } from '../errors.js';
import { parseDataFile } from '../io/data-file.js';
import type { ReadFile } from '../io/files.js';
import { formatPath, schemaError } from '../io/validation.js';
import { mergePriceBook, UnnamedEntryError } from './merge-price-book.js';
import { PriceBookSchema, type PriceBook } from './price-book.js';

let builtin: PriceBook | undefined;

/** The one price-book check: the schema, with every figure's source and date. */
export function validatePriceBook(data: unknown) {
  return PriceBookSchema.safeParse(data, { reportInput: true });
}

/** The price book shipped in data/pricing.json. A failure here is a bug, not a user error. */
export function builtinPriceBook(): PriceBook {
  if (builtin) return builtin;
  const result = validatePriceBook(builtinData);
  if (!result.success) throw new Error(`data/pricing.json is invalid: ${result.error.message}`);
  builtin = result.data;
  return builtin;
}

const HINT =
  'A --pricing file holds only the figures you change, at their place in data/pricing.json (stackfare prices --format json lists every path); ' +
  'entries of a list are matched by id, slug, or for Fly machines preset + memoryMb + region. data/pricing.schema.json describes every field.';

/** The built-in price book, or it with the partial override at `path` (JSON or YAML) merged over it. */
export async function loadPriceBook(path: string | undefined, readFile: ReadFile): Promise<PriceBook> {
  if (path === undefined) return builtinPriceBook();
  const data = await parseDataFile(path, readFile, 'pricing');
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UserError(`The price book ${path} must be an object holding the figures to change.`, { hint: HINT });
  }
  let merged;
  try {
    merged = mergePriceBook(builtinData, data);
  } catch (error) {
    if (error instanceof UnnamedEntryError) throw new UserError(`The price book ${path} is invalid:\n  ${path}: ${formatPath(error.path)}: ${error.message}.`, { hint: HINT });
    throw error;
  }
  const result = validatePriceBook(merged.data);
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
