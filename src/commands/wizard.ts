/** Placeholder until the wizard command lands. */
import type { ParsedArgs } from '../args.js';
import type { AppDeps } from '../app.js';
import { UsageError } from '../errors.js';

export async function wizardCommand(_args: ParsedArgs, _deps: AppDeps): Promise<number> {
  throw new UsageError('"wizard" is not available yet.');
}
