/**
 * Reads a usage file (`stackfare measure`) for --usage: parsed, then validated against the
 * usage schema, so that a bad file is refused naming the file and the field. Loaded only when
 * a usage file is given; it checks the file without a schema library (see core/usage-check.ts).
 */

import type { UsageFile } from '../core/usage.js';
import { checkUsageFile } from '../core/usage-check.js';
import { UserError } from '../errors.js';
import { formatPath, wordedError } from '../schema-errors.js';
import { parseDataFile } from './data-file.js';
import type { ReadFile } from './files.js';

/** The usage file at `path`, validated; a UserError (exit 1) naming the file and field when it is not one. */
export async function readUsageFile(path: string, readFile: ReadFile): Promise<UsageFile> {
  const data = await parseDataFile(path, readFile, 'usage');
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${path}: a usage file is an object such as stackfare measure writes ({ "version": 1, "project": ..., "services": {...} }).`, {
      hint: 'Write one with: stackfare measure --output stackfare.usage.json',
    });
  }
  const result = checkUsageFile(data);
  if (result.ok) return result.value;
  throw wordedError(
    `The usage file ${path} is not one stackfare measure writes:`,
    result.issues,
    (p) => `${path}: ${formatPath(p) || '(top level)'}`,
    'Measure again with: stackfare measure --output stackfare.usage.json (data/usage.schema.json describes the file).',
  );
}
