/** The wizard lets the user type a compose path, with completion of folders and .yml/.yaml files. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/errors.js';
import { completeComposePath } from '../../src/io/compose-paths.js';
import { builtinPriceBook } from '../../src/io/load-price-book.js';
import { PLATFORMS } from '../../src/platforms/index.js';
import { askComposePath } from '../../src/ui/wizard/compose-path.js';
import { runWizard, type WizardOptions } from '../../src/ui/wizard/run-wizard.js';
import { KEY, MockTerminal } from './mock-terminal.js';

const dir = mkdtempSync(join(tmpdir(), 'compose-path-'));
mkdirSync(join(dir, 'deploy', 'prod'), { recursive: true });
writeFileSync(join(dir, 'deploy', 'compose.prod.yml'), 'services: {}\n');
writeFileSync(join(dir, 'deploy', 'compose.dev.yaml'), 'services: {}\n');
writeFileSync(join(dir, 'deploy', 'notes.txt'), 'x\n');
writeFileSync(join(dir, 'deploy', '.hidden.yml'), 'x\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('completeComposePath', () => {
  it('lists folders (ending in /) and .yml/.yaml files that continue what was typed, nothing else', () => {
    expect(completeComposePath(dir, 'dep')).toEqual(['deploy/']);
    expect(completeComposePath(dir, 'deploy/')).toEqual(['deploy/compose.dev.yaml', 'deploy/compose.prod.yml', 'deploy/prod/']);
    expect(completeComposePath(dir, 'deploy/compose.p')).toEqual(['deploy/compose.prod.yml']);
    expect(completeComposePath(dir, 'deploy/.h')).toEqual(['deploy/.hidden.yml']);
    expect(completeComposePath(dir, `${dir}/deploy/compose.d`)).toEqual([`${dir}/deploy/compose.dev.yaml`]);
    expect(completeComposePath(dir, 'nowhere/x')).toEqual([]);
  });
});

describe('askComposePath', () => {
  it('Tab completes the focused entry and Enter takes the file', async () => {
    const term = new MockTerminal();
    const p = askComposePath(term, (typed) => completeComposePath(dir, typed));
    await term.waitFor('Path of the compose file');
    term.press('deploy/compose.p');
    await term.waitFor('deploy/compose.prod.yml');
    term.press('\t', KEY.enter);
    expect(await p).toBe('deploy/compose.prod.yml');
  });
});

describe('the wizard', () => {
  it('offers "Another compose file" and imports the path typed', async () => {
    const term = new MockTerminal();
    const importCompose = vi.fn(async (file: string) => {
      throw new UserError(`stop here: ${file}`);
    });
    const options: WizardOptions = {
      input: term.input,
      output: term.output,
      preset: {},
      book: builtinPriceBook(),
      platforms: PLATFORMS,
      composeFiles: [],
      importCompose,
      completePath: (typed) => completeComposePath(dir, typed),
      present: async () => '',
      planFiles: async () => ({ writes: [] }),
      force: false,
      dryRun: false,
      outLabel: 'here',
      animate: false,
    };
    const run = runWizard(options);
    run.catch(() => undefined);
    await term.waitFor('What do you want to deploy?');
    await term.waitFor('Another compose file');
    term.press(KEY.down, KEY.enter);
    await term.waitFor('Path of the compose file');
    term.press('deploy/compose.dev.yaml');
    await term.waitFor('deploy/compose.dev.yaml');
    term.press(KEY.enter);
    await term.waitFor('stop here: deploy/compose.dev.yaml');
    expect(importCompose).toHaveBeenCalledWith('deploy/compose.dev.yaml');
    term.press(KEY.ctrlC);
    await expect(run).rejects.toBeDefined();
  });
});
