/** Placeholder until compose import lands. */
import type { StackSource } from '../core/stack.js';
import { UserError } from '../errors.js';
import type { ReadFile } from './files.js';

export async function readComposeSource(
  file: string,
  _options: { profiles: string[]; env: Readonly<Record<string, string | undefined>>; cwd: string; readFile: ReadFile },
): Promise<StackSource> {
  throw new UserError(`Compose import is not available yet (${file}).`);
}
