/** Placeholder until the import command lands. */
import type { ParsedArgs } from '../args.js';
import type { AppDeps } from '../app.js';
import { UsageError } from '../errors.js';

export async function importCommand(_args: ParsedArgs, _deps: AppDeps): Promise<number> {
  throw new UsageError('"import" is not available yet.');
}
