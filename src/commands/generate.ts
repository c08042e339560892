/** Placeholder until the generate command lands. */
import type { ParsedArgs } from '../args.js';
import type { AppDeps } from '../app.js';
import { UsageError } from '../errors.js';

export async function generateCommand(_args: ParsedArgs, _deps: AppDeps): Promise<number> {
  throw new UsageError('"generate" is not available yet.');
}
