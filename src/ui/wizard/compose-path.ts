/**
 * "Another compose file": a path typed with completion. Tab completes the focused entry; the list
 * holds folders and files ending in .yml or .yaml under what was typed, read by the command
 * (`complete`), so the prompt itself touches no disk.
 */
import { autocomplete, isCancel } from '@clack/prompts';
import { CancelledError } from '../../errors.js';
import type { WizardIo } from './prompt.js';

/** Paths that continue `typed`: folders (ending in /) and .yml/.yaml files, relative as typed. */
export type CompletePath = (typed: string) => readonly string[];

/** Whether a path names a compose file by its extension. */
export function isComposePath(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** Asks for a compose file's path with completion; cancel (Ctrl-C, Esc) throws CancelledError. */
export async function askComposePath(io: WizardIo, complete: CompletePath): Promise<string> {
  const value = await autocomplete<string>({
    ...io,
    message: 'Path of the compose file (Tab completes; a .yml or .yaml file)',
    placeholder: 'deploy/compose.prod.yml',
    completeOnTab: true,
    maxItems: 6,
    // Completion is by prefix, not clack's fuzzy match: the list is what the folder holds.
    filter: () => true,
    options() {
      return complete(this.userInput).map((p) => ({ value: p, label: p }));
    },
    validate: (v) => {
      const path = Array.isArray(v) ? v[0] : v;
      if (!path) return 'type a path, such as deploy/compose.prod.yml';
      return isComposePath(path) ? undefined : `${path} is a folder or not a .yml/.yaml file: go on typing, Tab completes`;
    },
  });
  if (isCancel(value)) throw new CancelledError();
  return value;
}
